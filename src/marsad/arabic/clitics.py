"""Clitic stripping for search: وبوتين, لبوتين and بوتين meet, and لبنان stays لبنان.

Arabic writes conjunctions (و ف), prepositions (ب ك ل), the article (ال) and possessive
pronouns (ها هم ...) as part of the word, so a search for بوتين must also find وبوتين and
لبوتين. Light stemmers strip these blindly and break names (tashaphyne turns بوتين into وت). Here
stripping is *guided by a lexicon of protected forms* (resources/arabic/protected.txt): names
and words whose first or last letters only look like clitics (بوتين, لبنان, وزير, بيان, تفاهم).
Stripping stops as soon as it reaches a protected form.

`strip_clitics` works on a search key (see normalize.py), in three steps:

1. if the word, or what is left after removing some prefix and/or suffix, is protected, that
   protected form is the answer (shortest removal first: وبوتين → بوتين, للبنان → لبنان);
2. otherwise proclitics are removed from the front, one at a time: ال or لل (ل + ال) when two
   letters or more remain, and one of و ف ب ك ل when three letters or more remain, at most
   three times (و + ب + ال in وبالكرملين). Removing them one at a time, in any order, makes
   the result the same for a word and for its prefixed forms even when the word is not in the
   lexicon (وزير, الوزير, بالوزير and ووزير all give the same term);
3. then one pronoun suffix is removed: هما هم هن ها كم كن نا, when three letters or more remain
   and the letter before it is not ا (which keeps تفاهم, أهم, محاكم, أماكن, بيانا whole).

Not stripped, on purpose: single ه, ي and ك. After search-key folding ة is written ه, so
a final ه is usually a feminine ending (مدرسة → مدرسه, not مدرس + ه); a final ي is usually a
relative adjective (دولي "international" is not دول "countries"); a final ك is usually a root
letter (ملك, شريك). News prose is third person, so these pronouns are rare in it anyway. The
future prefix س is not stripped either (it would break سوريا, سلام, سعودي).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from marsad.arabic.normalize import search_key
from marsad.arabic.tokenize import _TOKEN_RE

__all__ = ["index_terms", "load_protected", "strip_clitics"]

# Proclitic sequences, shortest first (used to look for a protected remainder).
PREFIXES: tuple[str, ...] = tuple(
    sorted(
        {
            conj + prep + art
            for conj in ("", "و", "ف")
            for prep in ("", "ب", "ك", "ل")
            for art in ("", "ال")
        }
        | {"لل", "ولل", "فلل"},
        key=lambda p: (len(p), p),
    )
)
# Pronoun suffixes that are stripped, longest first.
SUFFIXES: tuple[str, ...] = ("هما", "هم", "هن", "ها", "كم", "كن", "نا")

_SINGLE_PROCLITICS = frozenset("وفبكل")
_MIN_AFTER_ARTICLE = 2
_MIN_AFTER_LETTER = 3
_MIN_BEFORE_SUFFIX = 3
_MAX_PROCLITICS = 3

_PROTECTED_RESOURCE = ("arabic", "protected.txt")


@lru_cache(maxsize=1)
def load_protected() -> frozenset[str]:
    """The protected forms shipped with the package (read once, then cached).

    Lines starting with ``#`` are the file's header (sources and licences) and are skipped.
    """
    path = resources.files("marsad.resources").joinpath(*_PROTECTED_RESOURCE)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return frozenset()
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _strip_prefixes(word: str, protected: frozenset[str] | set[str]) -> tuple[str, bool]:
    """Remove proclitics one at a time; (stem, whether it stopped on a protected form)."""
    stem = word
    for _ in range(_MAX_PROCLITICS):
        if stem in protected:
            return stem, True
        if stem.startswith(("ال", "لل")) and len(stem) - 2 >= _MIN_AFTER_ARTICLE:
            stem = stem[2:]
        elif stem[:1] in _SINGLE_PROCLITICS and len(stem) - 1 >= _MIN_AFTER_LETTER:
            stem = stem[1:]
        else:
            break
    return stem, stem in protected


def _strip_suffix(stem: str) -> str:
    """Remove one pronoun suffix when enough of the word remains (see the module docstring)."""
    for suffix in SUFFIXES:
        if stem.endswith(suffix):
            rest = len(stem) - len(suffix)
            if rest >= _MIN_BEFORE_SUFFIX and stem[rest - 1] != "ا":
                return stem[:rest]
            return stem
    return stem


def strip_with(word: str, protected: frozenset[str] | set[str]) -> str:
    """`strip_clitics` with an explicit lexicon (the build script uses an empty one)."""
    if not word or word in protected:
        return word
    if protected:
        for prefix in PREFIXES:
            if not word.startswith(prefix):
                continue
            middle = word[len(prefix) :]
            if len(middle) < 2:
                break
            if middle in protected:
                return middle
            for suffix in SUFFIXES:
                if middle.endswith(suffix) and middle[: -len(suffix)] in protected:
                    return middle[: -len(suffix)]
    stem, stopped = _strip_prefixes(word, protected)
    if stopped:
        return stem
    return _strip_suffix(stem)


@lru_cache(maxsize=200_000)
def strip_clitics(word: str) -> str:
    """The clitic-free form of one word, given as a search key (``search_key(word)``).

    Names and words in the protected lexicon come back whole; see the module docstring for the
    rules. Words that are not Arabic letters (numbers, Latin) come back unchanged.
    """
    if not word or not ("\u0621" <= word[0] <= "\u064a"):
        return word
    return strip_with(word, load_protected())


def index_terms(text: str) -> list[str]:
    """The terms to index for ``text``, in order: search keys of its words, clitics stripped.

    Numbers are terms too (a search for ٢٠٢٤ finds 2024). Punctuation is not. The same function
    serves documents and queries, so a query matches a text when its terms are among the text's.
    """
    key = search_key(text)
    terms: list[str] = []
    for m in _TOKEN_RE.finditer(key):
        kind = m.lastgroup
        if kind == "word":
            terms.append(strip_clitics(m.group()))
        elif kind == "number":
            terms.append(m.group())
    return terms
