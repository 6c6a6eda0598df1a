"""Clitic stripping for search: وبوتين, لبوتين and بوتين meet, and لبنان stays لبنان.

Arabic writes conjunctions (و ف), prepositions (ب ك ل), the article (ال) and possessive
pronouns (ها هم ...) as part of the word, so a search for بوتين must also find وبوتين and
لبوتين. Light stemmers strip these blindly and break names (tashaphyne turns بوتين into وت). Here
stripping is *guided by a lexicon of protected forms* (resources/arabic/protected.txt): names
and words whose first or last letters only look like clitics (بوتين, لبنان, وزير, بيان, تفاهم).
Stripping stops as soon as it reaches a protected form.

`strip_clitics` works on a search key, in four steps:

1. if the word, or what is left after removing some prefix and/or suffix, is protected, that
   protected form is the answer (shortest removal first: وبوتين → بوتين, للبنان → لبنان);
2. a proclitic sequence ending in the article is removed as one unit (ال وال بال فال كال
   وبال لل ولل ...), when two letters or more remain;
3. one pronoun suffix is removed: هما هم هن ها كم كن نا, when three letters or more remain and
   the letter before it is not ا (which keeps تفاهم, أهم, محاكم, أماكن, بيانا whole);
4. up to two single proclitics و ف ب ك ل are removed from the front, each only when three
   letters or more remain.

Stopping as soon as a protected form is reached. The order (article, then suffix, then single
letters) makes the minimum lengths apply to the stem: وقتها → وقت (not قتها), وبيتهم → بيت,
بالمتهم → متهم (not مت). Single letters are removed after the article too, so a word that is
not in the lexicon still gives one term for all its forms (وزير, الوزير, بالوزير, ووزير).

Not stripped, on purpose: single ه, ي and ك. After search-key folding ة is written ه, so
a final ه is usually a feminine ending (مدرسة → مدرسه, not مدرس + ه); a final ي is usually a
relative adjective (دولي "international" is not دول "countries"); a final ك is usually a root
letter (ملك, شريك). News prose is third person, so these pronouns are rare in it anyway. The
future prefix س is not stripped either (it would break سوريا, سلام, سعودي).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from marsad.arabic.normalize import search_key

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
# Proclitic sequences that end in the article, longest first (stripped as one unit).
ARTICLE_PREFIXES: tuple[str, ...] = tuple(
    sorted((p for p in PREFIXES if p.endswith(("ال", "لل"))), key=lambda p: (-len(p), p))
)
# Pronoun suffixes that are stripped, longest first.
SUFFIXES: tuple[str, ...] = ("هما", "هم", "هن", "ها", "كم", "كن", "نا")

_SINGLE_PROCLITICS = frozenset("وفبكل")
_MIN_AFTER_ARTICLE = 2
_MIN_AFTER_LETTER = 3
_MIN_BEFORE_SUFFIX = 3
_MAX_LETTERS = 2

_PROTECTED_RESOURCE = ("arabic", "protected.txt")

# Words and numbers in a search key (no diacritics are left there), cut as tokenize.py cuts them.
_TERMS = re.compile(r"[A-Za-z]+[0-9][A-Za-z0-9]*|[^\W\d_]+|\d+(?:[.,/:]\d+)*")


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


def _strip_unprotected(word: str, protected: frozenset[str] | set[str]) -> str:
    """Steps 2-4 of the module docstring: article family, one suffix, single proclitics."""
    stem = word
    for prefix in ARTICLE_PREFIXES:
        if stem.startswith(prefix) and len(stem) - len(prefix) >= _MIN_AFTER_ARTICLE:
            stem = stem[len(prefix) :]
            break
    if stem in protected:
        return stem
    for suffix in SUFFIXES:
        if stem.endswith(suffix):
            rest = len(stem) - len(suffix)
            if rest >= _MIN_BEFORE_SUFFIX and stem[rest - 1] != "ا":
                stem = stem[:rest]
                if stem in protected:
                    return stem
            break
    for _ in range(_MAX_LETTERS):
        if stem[:1] in _SINGLE_PROCLITICS and len(stem) - 1 >= _MIN_AFTER_LETTER:
            stem = stem[1:]
            if stem in protected:
                break
        else:
            break
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
    return _strip_unprotected(word, protected)


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

    Numbers are terms too (a search for ٢٠٢٤ finds 2024). Punctuation is not. Words are cut as
    `marsad.arabic.tokenize` cuts them (a hyphen separates, ``G20`` is one word). The same
    function serves documents and queries, so a query matches a text when its terms are among
    the text's.
    """
    return list(map(strip_clitics, key_words(text)))


def key_words(text: str) -> list[str]:
    """The words of ``text``'s search key, as `index_terms` cuts them (before clitics
    are stripped): one tokenisation that the index's other keys can share."""
    return _TERMS.findall(search_key(text))
