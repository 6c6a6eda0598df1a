"""The speech lexicons (``marsad/resources/speech/``), loaded once and folded.

Rules are data (STYLE.md): which verbs introduce speech, which words make up a role such as
"المتحدث باسم الكرملين", which ones end a speaker's noun phrase.  This module only reads the
files and compiles them; `quote_speakers.py` and `quotes.py` apply them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from marsad.analyze.quote_text import WordScan, fold, trie_regex

_PKG = "marsad.resources"
_DIR = "speech"


def read_rows(name: str) -> list[list[str]]:
    """Non-comment rows of a TAB-separated resource file."""
    text = resources.files(_PKG).joinpath(_DIR, name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.split("\n") if line.strip() and not line.startswith("#")]


@dataclass(frozen=True)
class CueForm:
    """One surface form of a speech cue, with what its morphology says about the speaker."""

    lemma: str
    kind: str  # verb | participle | masdar
    gender: str  # m | f
    plural: bool
    present: bool
    neg: bool
    obj: bool
    preps: frozenset[str]
    source: bool


def _agreement(form: str, base: str, kind: str) -> tuple[str, bool, bool]:
    """(gender, plural, present) read off a folded form, given the lemma's base form."""
    if kind == "participle":
        if form.endswith("تين"):
            return "f", True, False
        if form.endswith("ين"):
            return "m", True, False
        return ("f" if form.endswith("ه") else "m"), False, False
    if kind == "masdar":
        if form.endswith(("هم", "هما")):
            return "m", True, False
        return ("f" if form.endswith("ها") else "m"), False, False
    present = form[:1] in "يت" and not base.startswith(form[:1]) and form != base
    if present:
        plural = form.endswith(("ون", "ان"))
        return ("f" if form.startswith("ت") else "m"), plural, True
    if form.endswith("تا"):
        return "f", True, False
    if form.endswith("وا"):
        return "m", True, False
    if form != base and form.endswith("ت"):
        return "f", False, False
    if form != base and form.endswith("ا") and not base.endswith("ا"):
        return "m", True, False
    return "m", False, False


@dataclass(frozen=True)
class Lexicon:
    cues: dict[str, CueForm]  # speech cues (verbs, participles, masdars)
    stance: dict[str, CueForm]  # stance verbs: they name a speaker but introduce no words
    cue_re: re.Pattern[str]  # matches both
    words: dict[str, frozenset[str]]
    cue_scan: WordScan  # cue_re over a whole article, fast

    def form(self, token: str) -> CueForm | None:
        return self.cues.get(token) or self.stance.get(token)


def _alternation(words: list[str]) -> str:
    """A regex alternation of literal words, longest first (so وقالت wins over وقال)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


# Words added to the classes of ``words.tsv`` (kept here until they move into the resource):
# the honorific pronouns that stand for the person last named, as معاليه and سموه do, and
# relatives and friends who speak of someone (أقرباء له، أصدقاء الضحية).
EXTRA_WORDS = {
    "rank": "فضيلته سعادته سماحته فخامته سيادته",
    "kin": "أقرباء أصدقاء",
}


@cache
def lexicon() -> Lexicon:
    cues: dict[str, CueForm] = {}
    for row in read_rows("cues.tsv"):
        lemma, kind, forms = row[0], row[1], row[2].split()
        flags = row[3].split() if len(row) > 3 else []
        preps = frozenset(fold(f.split("=", 1)[1]) for f in flags if f.startswith("prep="))
        base = fold(forms[0])
        for raw in forms:
            form = fold(raw).rstrip(":")
            gender, plural, present = _agreement(form, base, kind)
            cues[form] = CueForm(
                lemma=lemma, kind=kind, gender=gender, plural=plural, present=present,
                neg="neg" in flags, obj="obj" in flags, preps=preps, source="source" in flags,
            )
    stance = {k: v for k, v in cues.items() if v.kind == "stance"}
    cues = {k: v for k, v in cues.items() if v.kind != "stance"}
    forms = list(cues) + list(stance)
    # a cue may carry the conjunction و or ف, or be led by قد (وقد أكد)
    cue_re = re.compile(r"(?<![\w])(?P<pre>[وف]?)(?P<cue>" + trie_regex(forms) + r")(?![\w])")
    words: dict[str, frozenset[str]] = {}
    for row in read_rows("words.tsv"):
        words[row[0]] = frozenset(fold(w) for w in row[1].split())
    for cls, extra in EXTRA_WORDS.items():
        words[cls] = words.get(cls, frozenset()) | frozenset(fold(w) for w in extra.split())
    return Lexicon(cues=cues, stance=stance, cue_re=cue_re, words=words, cue_scan=WordScan(cue_re, forms, [p + w for p in ("", "و", "ف") for w in forms]))


# Complementizers after a speech verb: أن/إن with an attached pronoun, and بأن.
COMPLEMENTIZERS = frozenset(
    fold(p + s)
    for p in ("أن", "إن", "بأن", "بان", "ان")
    for s in ("", "ه", "ها", "هم", "هما", "هن", "نا", "ني", "ي")
)
# Prepositions that may stand before أن in "أشار إلى أن", "شدد على أن", "حذر من أن".
COMP_PREPS = frozenset(fold(p) for p in ("على", "إلى", "الى", "الي", "من", "ب", "عن"))
NEGATORS = frozenset(fold(w) for w in (
    "لا", "لم", "لن", "ليس", "ليست", "ليسوا", "لسنا", "لست", "عدم", "غير", "ولا", "ولم", "ولن",
))
