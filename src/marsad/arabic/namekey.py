"""Name keys: one key for the many Arabic spellings of a foreign name.

Outlets transliterate foreign names differently: كيم جونغ أون, كيم جونج أون and كيم جونغ-أون;
بيونغيانغ, بيونغ يانغ and بيونجيانج; سيرغي شويغو and سيرجي شويجو; ديمتري and دميتري
بيسكوف; ترامب and ترمب. The entity linker needs them to meet, so `name_key` removes exactly the
differences that transliteration produces:

1. start from `search_key` (diacritics, hamza seats, ى/ي, ة/ه, Persian letters folded) and drop
   every ء;
2. split into words on spaces, hyphens and punctuation; drop the article ال at the start of
   each word, and inside the compounds عبدال / ابوال (عبد الله = عبدالله);
3. unify a word-final ه and ا (كوريا / كورية, a final ة is already ه);
4. join the words with nothing between them: a space or hyphen inside a transliterated name is
   a matter of style (جونغ-أون, جونغ أون; بيونغ يانغ, بيونغيانغ). Word order still counts;
5. fold letters that render one foreign sound: غ ج ك ق (and گ) for /g/, تش and ش for /ch/,
   ط for t, ص for s, ض for d, ظ for z;
6. collapse doubled letters (كييف / كيف);
7. the *skeleton*: drop the long vowels ا و ي everywhere but in the first letter, since
   transliterations disagree most on which vowels they write (دميتري / ديمتري, ترمب / ترامب,
   فلاديفستوك / فلاديفوستوك), and collapse doubles again.

`name_key` is the skeleton. It is a *blocking* key with high recall: names that differ only in
long vowels meet, which is what transliteration variants need but also joins some different
names (محمد / محمود, حسن / حسين, بوتين / بوتان). Such pairs keep different `name_keys(...)[0]`
(the compact key, with vowels), so a linker should merge on the skeleton only when the compact
keys agree, a string similarity of the surface forms is high, or the entity types match.
Names that differ in a consonant stay apart: كيم جونغ أون / كيم جونغ إيل, كوريا الشمالية /
كوريا الجنوبية, ترامب / ترومان, and a typo such as بيونغ يانع is not forced onto بيونغ يانغ.
"""

from __future__ import annotations

import re
from functools import lru_cache

from marsad.arabic.normalize import search_key

__all__ = ["name_key", "name_keys"]

_WORDS = re.compile(r"[^\W_]+")
_DOUBLES = re.compile(r"(.)\1+")
_SOUND_CLASSES = str.maketrans(
    {"غ": "ك", "ج": "ك", "ق": "ك", "ط": "ت", "ص": "س", "ض": "د", "ظ": "ز", "ء": None}
)
_LONG_VOWELS = str.maketrans({"ا": None, "و": None, "ي": None})
_COMPOUNDS = ("عبدال", "ابوال")


def _word_form(word: str) -> str:
    """One word of a name: article dropped, compounds opened, final ه/ا unified."""
    if word.startswith("ال") and len(word) - 2 >= 2:
        word = word[2:]
    for compound in _COMPOUNDS:
        if word.startswith(compound) and len(word) - len(compound) >= 2:
            word = compound[:3] + word[len(compound) :]
    if len(word) >= 2 and word[-1] == "ا":
        word = word[:-1] + "ه"
    return word


@lru_cache(maxsize=100_000)
def name_keys(name: str) -> tuple[str, str]:
    """``(compact, skeleton)``: the name with vowels kept, and without (see the docstring).

    The compact key is the stricter one: use it to confirm a merge that the skeleton proposes.
    """
    key = search_key(name).replace("ء", "")
    words = [_word_form(w) for w in _WORDS.findall(key)]
    compact = "".join(words).replace("تش", "ش").translate(_SOUND_CLASSES)
    compact = _DOUBLES.sub(r"\1", compact)
    if not compact:
        return "", ""
    skeleton = compact[0] + compact[1:].translate(_LONG_VOWELS)
    skeleton = _DOUBLES.sub(r"\1", skeleton)
    return compact, skeleton


def name_key(name: str) -> str:
    """The skeleton key of a (foreign) name, for merging its Arabic spellings."""
    return name_keys(name)[1]
