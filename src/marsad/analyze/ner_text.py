"""Token-level text primitives for entity recognition.

Why a module of its own rather than ``marsad.arabic``: the trained CRF model
stores feature strings computed from these exact functions.  If the text
layer's normalisation were improved later, the features seen at run time would
silently drift from those the model was trained on.  So the folding and clitic
splitting the model depends on are frozen here, next to the model, and change
only together with a retrain (``resources/entities/train_ner.py``).

Everything here is pure and fast: the whole recogniser must stay under a few
milliseconds per article.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

# Diacritics (harakat, tanwin, shadda, sukun, dagger alef, Quranic marks) and tatweel.
_DROP = dict.fromkeys(
    [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE), 0x0640,
     0x200C, 0x200D, 0x200E, 0x200F],
    None,
)
_MAP = {
    # alef forms and hamza carriers
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ئ": "ي", "ؤ": "و", "ة": "ه",
    # Persian / Urdu letters seen in Arabic news
    "ک": "ك", "ی": "ي", "ې": "ي", "ۍ": "ي", "گ": "ك", "پ": "ب", "چ": "ج", "ژ": "ز",
    "ڤ": "ف", "ڨ": "ق", "ھ": "ه", "ە": "ه", "ۀ": "ه",
}
for _i in range(10):
    _MAP[chr(0x0660 + _i)] = str(_i)
    _MAP[chr(0x06F0 + _i)] = str(_i)
_FOLD = str.maketrans({**_MAP, **_DROP})
# The light fold keeps the letters that tell words apart (على/علي, حماة/حماه):
# only marks, tatweel, alef-hamza forms, Persian letters and digits are folded.
_LIGHT = str.maketrans(
    {**{k: v for k, v in _MAP.items() if k not in "ىئؤة"}, **_DROP}
)


def fold(text: str) -> str:
    """Orthographic folding used for matching: diacritics and tatweel dropped,
    hamza/alef forms to bare alef, ى→ي, ة→ه, Persian letters to Arabic, digits to ASCII.

    The result can be shorter than the input (dropped marks), so never use its
    indices as offsets into the original text.
    """
    return text.translate(_FOLD)


def fold_light(text: str) -> str:
    """:func:`fold` without ى→ي, ة→ه, ؤ→و, ئ→ي: the model's word identity."""
    return text.translate(_LIGHT)


class _FoldCache(dict):
    """word -> (fold, fold_light), filled on first sight (news vocabulary repeats)."""

    MAX = 100_000

    def __missing__(self, word: str) -> tuple[str, str]:
        if len(self) >= self.MAX:
            self.clear()
        pair = self[word] = (word.translate(_FOLD), word.translate(_LIGHT))
        return pair


_FOLDS = _FoldCache()


def fold_tokens(toks: list[Tok]) -> tuple[list[str], list[str]]:
    """``([fold(t.text)], [fold_light(t.text)])`` for a token list, from a cache."""
    return fold_words([t.text for t in toks])


def fold_words(words: list[str]) -> tuple[list[str], list[str]]:
    """``([fold(w)], [fold_light(w)])`` for a list of words, from a cache."""
    if not words:
        return [], []
    folded, light = zip(*map(_FOLDS.__getitem__, words), strict=True)
    return list(folded), list(light)


class Tok(NamedTuple):
    """A token with its offsets in the original text."""

    text: str
    start: int
    end: int


# Words: runs of Arabic letters (with marks/tatweel), Latin letters, or digits;
# every other non-space character is a token of its own.
_TOKEN_RE = re.compile(
    r"[\u0621-\u063A\u0641-\u064A\u0660-\u0669\u066E-\u06D3\u06D5\u06EE-\u06FF\u0640\u064B-\u065F\u0670\u06D6-\u06ED\u200C\u200D]+"
    r"|[A-Za-z\u00C0-\u024F]+(?:['’][A-Za-z]+)?"
    r"|[0-9]+(?:[.,][0-9]+)*"
    r"|\S"
)


_new_tuple = tuple.__new__


def token_spans(text: str) -> tuple[list[str], list[int]]:
    """The tokens of ``text`` (as :func:`tokenize` finds them) and their start
    offsets, without building :class:`Tok` objects."""
    # Only whitespace lies between tokens (every other character is a token or
    # part of one), so each token is the first occurrence of its text after
    # the previous one: str.find gives the offsets faster than match objects.
    words = _TOKEN_RE.findall(text)
    starts: list[int] = []
    add = starts.append
    find = text.find
    pos = 0
    for w in words:
        pos = find(w, pos)
        add(pos)
        pos += len(w)
    return words, starts


def tokenize(text: str) -> list[Tok]:
    """Split ``text`` into word and punctuation tokens, keeping character offsets."""
    words, starts = token_spans(text)
    return [_new_tuple(Tok, (w, s, s + len(w))) for w, s in zip(words, starts, strict=True)]


def is_arabic_word(folded: str) -> bool:
    c = folded[:1]
    return "\u0621" <= c <= "\u06ff"


# Proclitic letters: conjunctions (و ف) then prepositions (ب ل ك).  The future
# marker س never attaches to names, so it is not considered.
_CONJ = "وف"
_PREP = "بلك"


class Split(NamedTuple):
    """A folded word split into proclitics, optional article, and stem."""

    clitic: str  # conjunction/preposition letters, e.g. "و", "وب", "" (as folded letters)
    article: bool  # whether the stem carried the definite article ال
    stem: str  # the word without clitics and article


def split_word(folded: str) -> Split:
    """Split a folded word by pattern alone (no lexicon): ``وبالكرملين`` →
    (``وب``, True, ``كرملين``).  Used for features: it over-splits names that
    happen to begin with و/ب/ل/ك/ف, which the model learns to discount; span
    trimming uses :func:`proclitic_length`, which consults the name lexicon.
    """
    w = folded
    clitic = ""
    if len(w) > 3 and w[0] in _CONJ:
        clitic, w = w[0], w[1:]
    if len(w) > 3 and w[0] in _PREP:
        if w[0] == "ل" and w.startswith("لل") and len(w) > 3:
            # ل + ال: لل
            return Split(clitic + "ل", True, w[2:])
        if w[1:3] == "ال" and len(w) > 4:
            return Split(clitic + w[0], True, w[3:])
        # bare preposition before an indefinite word: keep ambiguous, do not split
    if w.startswith("ال") and len(w) > 3:
        return Split(clitic, True, w[2:])
    if clitic and w.startswith("لل") and len(w) > 3:
        return Split(clitic + "ل", True, w[2:])
    return Split(clitic, False, w)


def proclitic_length(word: str, folded: str, known: frozenset[str] | set[str]) -> int:
    """How many leading characters of ``word`` are a conjunction/preposition
    that must stay outside an entity span (``وبوتين`` → 1, ``بالكرملين`` → 1,
    ``لبنان`` → 0, ``وليد`` → 0 when known).

    ``known`` holds folded name tokens (gazetteer and annotated corpora) that
    begin with one of these letters yet are whole names.  ``word`` is the
    original text (offsets are counted in it, skipping diacritics and tatweel).
    """
    if folded in known or len(folded) < 3:
        return 0
    n = 0  # letters of the folded word to skip
    f = folded
    for _ in range(2):
        if len(f) < 3 or f in known:
            break
        c = f[0]
        rest = f[1:]
        if c in _CONJ and n == 0:
            if rest in known or rest.startswith("ال") or rest.startswith("لل") or len(rest) >= 3:
                n += 1
                f = rest
                continue
            break
        if c in _PREP:
            if c == "ل" and rest.startswith("ل") and len(rest) > 2:
                n += 1  # لل = ل + ال: trim the preposition only
                break
            if rest.startswith("ال") or rest in known:
                n += 1
                f = rest
                continue
        break
    if n == 0:
        return 0
    # map n folded letters back to original characters (skip marks/tatweel)
    count = 0
    for i, ch in enumerate(word):
        if ch.translate(_FOLD):
            count += 1
            if count == n:
                # also skip marks attached to the clitic letter, and a tatweel
                j = i + 1
                while j < len(word) and not word[j].translate(_FOLD):
                    j += 1
                return j
    return 0


_SENT_END = frozenset(".!?؟…")


def segments(text: str, toks: list[Tok]) -> list[tuple[int, int]]:
    """Token index ranges of sentences: cut after . ! ? ؟ and at line breaks,
    so the sequence model sees sentence-sized sequences (at most 151 tokens:
    a longer run is cut after its 151st token)."""
    return segment_bounds(text, [t.text for t in toks], [t.start for t in toks])


def segment_bounds(text: str, words: list[str], starts: list[int]) -> list[tuple[int, int]]:
    """:func:`segments` of the tokens ``words`` starting at ``starts``."""
    n = len(words)
    cuts = {i for i, w in enumerate(words) if w in _SENT_END}
    if "\n" in text and n > 1:
        pos = text.find("\n")
        while pos >= 0:
            k = bisect_left(starts, pos) - 1  # the token before the break (tokens hold no \n)
            if 0 <= k < n - 1:
                cuts.add(k)
            pos = text.find("\n", pos + 1)
    out: list[tuple[int, int]] = []
    start = 0
    for c in sorted(cuts):
        while start + 150 < c:
            out.append((start, start + 151))
            start += 151
        out.append((start, c + 1))
        start = c + 1
    while start + 150 < n - 1:
        out.append((start, start + 151))
        start += 151
    if start < n:
        out.append((start, n))
    return out
