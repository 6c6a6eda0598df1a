"""Build protected.txt: the words that clitic stripping must not cut (marsad.arabic.clitics).

A protected form is a search key at which stripping stops: a name or a word whose first letters
look like a proclitic (بوتين, لبنان, وزير, بيان) or whose last letters look like a pronoun
suffix (كورونا), where a blind stripper would cut. Only forms that the lexicon-free stripper
*would* change are written, so the file stays small. Forms are stored without the article
(كرملين, not الكرملين), because the article is itself stripped before the lexicon is consulted.

Sources (read offline from ``../shared/corpora/`` beside the repository, or ``$MARSAD_SHARED``):

* NewsFANE Gold 2014 (Alotaibi & Lee, COLING 2014), Arabic newswire with fine-grained named
  entities; its clitics و ب ل are mostly split off as their own tokens. Licence CC BY-SA 3.0.
* AQMAR Arabic Wikipedia NER corpus (Mohit et al., EACL 2012, CMU ARK). Licence CC BY-SA 3.0.
* Wojood public sample (Jarrar et al., LREC 2022, SinaLab/ArabicNER). Licence MIT.
* Unicode CLDR data as shipped in babel (Arabic territory, language and currency names and
  time-zone cities). Unicode License v3 / babel BSD-3-Clause.
* A short hand list in this script (names in today's news, and common words).

The word list is derived from the CC BY-SA 3.0 corpora, so protected.txt is distributed under
CC BY-SA 3.0 with attribution to those corpora (stated in the file's header).

Evidence that a form is a stem and not clitic + stem:

* it follows the article in the corpus (ال + x is attested: the article is the innermost
  prefix and never takes a pronoun suffix, so x carries neither);
* it is a named-entity token and no remainder a stripper could leave is attested more often
  (NewsFANE, whose clitics are split off), or never (AQMAR and Wojood, raw text: وبغداد);
* it is frequent and no remainder a stripper could leave is (almost) ever seen on its own
  (وقتها is not protected: وقت is common, so وقتها should become وقت).
* it is a CLDR place or language name, or in the hand list.

Run: ``python src/marsad/resources/arabic/build_protected.py`` (writes protected.txt beside
this script; the output is sorted and deterministic).
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from marsad.arabic.clitics import ARTICLE_PREFIXES, SUFFIXES, strip_with
from marsad.arabic.normalize import search_key
from marsad.paths import corpora_dir

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "protected.txt"

_ARABIC_WORD = re.compile(r"^[\u0621-\u064a]+$")
_SPLIT = re.compile(r"[\s\-–—,،()/]+")
_EMPTY: frozenset[str] = frozenset()

# Entity types worth protecting (names of people, places, organisations, groups, events).
_WOJOOD_TYPES = {"PERS", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"}

# Names and words in recent news that the corpora (1990s-2010s) may lack, and words that must
# stay whole whatever the corpora say. Written as in the press; folded and stripped of the
# article by the script.
_HAND_TEXT = """
بوتين بيسكوف بايدن فلاديمير لبنان ليبيا كوريا واشنطن باريس بكين فرنسا الكرملين
بيونغيانغ بيونغ بيونج فوستوتشني فلاديفوستوك بيلاروسيا بولندا بلغاريا بلجيكا البرازيل
بريطانيا بغداد بيروت فلسطين فنزويلا فيتنام فنلندا كندا كولومبيا كوبا كازاخستان الكويت
ليتوانيا لاتفيا لوكسمبورغ لوكاشينكو لافروف ليبرمان بينيت بلينكن بولتون بومبيو بيلوسي
بوريل بوريس فيينا فيلنيوس كييف كورونا كوفيد الفاتيكان بنغازي البصرة الفلوجة كركوك
الخرطوم بورتسودان لاهاي بروكسل برلين بودابست بلغراد بوخارست بنما بوليفيا بيرو كمبوديا
كوسوفو كراتشي كابول كشمير لاغوس بوركينا بوروندي بنين ليسوتو ليبيريا
فاغنر بريغوجين بيلغورود فاغنر كورسك لوهانسك فولوديمير فيكتور كيم ولي
بيان وزير وزارة وكالة فريق لجنة كبير كبيرة بلد بلاد بلدية بلدة فترة فكرة فرصة فرقة
بحث بحر برنامج بطولة بنك بورصة بيت بيع لقاء لقب كلمة كتاب كتيبة وقف وقت وضع وفد وحدة
وثيقة وسائل ولاية وطن والي فوز فيديو كاميرا فيلم لاعب ليلة لحظة كانت كان الله
"""
HAND_LIST = tuple(_HAND_TEXT.split())

# Kept whole, article and all (stripping ال would leave a different common word).
WHOLE = {"الله"}


def _read_newsfane(root: Path) -> Iterator[tuple[str, bool]]:
    path = root / "ner" / "newsfane_gold" / "NewsFANE_Gold_2014_train.txt"
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 2:
                yield parts[0], parts[1] != "O"


def _read_aqmar(root: Path) -> Iterator[tuple[str, bool]]:
    for path in sorted((root / "ner" / "aqmar" / "articles").glob("*.txt")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if " " not in line:
                    continue
                token, tag = line.rsplit(" ", 1)
                yield token, tag.endswith(("PER", "LOC", "ORG"))


def _read_wojood(root: Path) -> Iterator[tuple[str, bool]]:
    for name in ("train.txt", "val.txt"):
        with (root / "ner" / "wojood_sample" / name).open(encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) < 2 or parts[0] == "$#$":
                    continue
                types = {tag[2:] for tag in parts[1:] if tag != "O"}
                yield parts[0], bool(types & _WOJOOD_TYPES)


def _cldr_names() -> list[list[str]]:
    """Arabic names from CLDR (babel): territories, languages, currencies, time-zone cities."""
    from babel import Locale

    locale = Locale("ar")
    names: list[str] = []
    names += locale.territories.values()
    names += locale.languages.values()
    names += locale.currencies.values()
    names += [zone.get("city") for zone in locale.time_zones.values() if zone.get("city")]
    return [[w for w in _SPLIT.split(search_key(name)) if w] for name in sorted(set(names))]


def _without_article(key: str) -> str:
    if key in WHOLE:
        return key
    if key.startswith("ال") and len(key) - 2 >= 2:
        return key[2:]
    return key


def _cuts(word: str) -> list[str]:
    """Every remainder that one step of the lexicon-free stripper could leave of ``word``."""
    cuts = []
    for prefix in ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            cuts.append(word[len(prefix) :])
            break
    if word[:1] in "وفبكل" and len(word) - 1 >= 3:
        cuts.append(word[1:])
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            cuts.append(word[: -len(suffix)])
            break
    return cuts


def build(root: Path, exclude: Iterable[str] = ()) -> list[str]:
    """The sorted protected forms. ``exclude`` names sources to leave out (for held-out tests):
    any of "newsfane", "aqmar", "wojood", "cldr", "hand"."""
    skip = set(exclude)
    readers = {"newsfane": _read_newsfane, "aqmar": _read_aqmar, "wojood": _read_wojood}
    counts: collections.Counter[str] = collections.Counter()  # all corpora (attestation)
    split_counts: collections.Counter[str] = collections.Counter()  # NewsFANE only
    entities: set[str] = set()  # entity tokens from any corpus
    split_entities: set[str] = set()  # from NewsFANE, whose clitics are split off
    for name, reader in readers.items():
        if name in skip:
            continue
        for token, is_entity in reader(root):
            key = search_key(token)
            if not _ARABIC_WORD.match(key):
                continue
            counts[key] += 1
            if name == "newsfane":
                split_counts[key] += 1
            if is_entity:
                entities.add(key)
                if name == "newsfane":
                    split_entities.add(key)

    def attested(stem: str) -> int:
        return counts[stem] + counts["ال" + stem]

    def needs_protection(form: str) -> bool:
        # forms starting with لل are ل + ال + stem: never a stem themselves
        return len(form) >= 3 and not form.startswith("لل") and strip_with(form, _EMPTY) != form

    protected: set[str] = set()
    # 1. forms seen after the article
    for word, n in counts.items():
        if word.startswith("ال") and word not in WHOLE:
            stem = word[2:]
            if (n >= 2 or word in entities) and needs_protection(stem):
                protected.add(stem)
    # 2. entity tokens and frequent words that no cut turns into a word seen on its own.
    #    Frequencies come from NewsFANE only (raw text such as AQMAR's keeps its clitics:
    #    بالأحرى, حياتنا), and a conjunction or preposition before the article (والوزراء)
    #    needs an entity with no attested remainder at all.
    for word, n in counts.items():
        form = _without_article(word)
        if form != word or not needs_protection(form):
            continue
        rest = max((attested(cut) for cut in _cuts(form)), default=0)
        clitic_article = form[1:3] == "ال" and form[:1] in "وفبكل"
        if clitic_article:
            evidence = word in split_entities and rest == 0
        else:
            evidence = (
                (word in split_entities and rest <= n)
                or (word in entities and n >= 2 and rest == 0)
                or (split_counts[word] >= 3 and rest * 10 <= split_counts[word])
            )
        if evidence:
            protected.add(form)
    # 3. CLDR names: every word but a conjunction و inside a multiword name
    if "cldr" not in skip:
        for words in _cldr_names():
            for i, word in enumerate(words):
                if i > 0 and word.startswith("و"):
                    continue
                form = _without_article(word)
                if _ARABIC_WORD.match(form) and needs_protection(form):
                    protected.add(form)
    # 4. the hand list
    if "hand" not in skip:
        for word in HAND_LIST:
            form = _without_article(search_key(word))
            if needs_protection(form) or form in WHOLE:
                protected.add(form)
    return sorted(protected)


HEADER = """\
# Protected forms for marsad.arabic.clitics: search keys at which clitic stripping stops.
# Built by build_protected.py from NewsFANE Gold 2014 (CC BY-SA 3.0), AQMAR (CC BY-SA 3.0),
# the Wojood sample (MIT), Unicode CLDR via babel {babel}, and a hand list. This list is
# distributed under CC BY-SA 3.0 with attribution to NewsFANE (Alotaibi & Lee 2014) and AQMAR
# (Mohit et al. 2012). Do not edit by hand: change the script and run it again.
"""


def header() -> str:
    """The file header, naming the babel (CLDR) version the list was built with."""
    from babel import __version__ as babel_version

    return HEADER.format(babel=babel_version)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=corpora_dir())
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    if not (args.corpora / "ner").is_dir():
        print(f"corpora not found under {args.corpora}", file=sys.stderr)
        return 1
    forms = build(args.corpora)
    args.output.write_text(header() + "\n".join(forms) + "\n", encoding="utf-8")
    print(f"{len(forms)} forms, {args.output.stat().st_size} bytes -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
