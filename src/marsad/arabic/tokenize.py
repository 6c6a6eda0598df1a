"""Tokens with character offsets into the original text.

Every later stage (entities, quotes, times, search snippets) cites evidence as a span of the
cleaned body, so tokens carry ``start``/``end`` such that ``text[start:end] == token.text``.

What a token is:

* a **word**: a letter followed by letters, combining marks (Arabic diacritics), tatweel and
  zero-width (non-)joiners (so ``قبِلَ`` and ``بـوتين`` are one token each); Latin letters may
  also run into digits (``G20``, ``F16``), Arabic ones do not (``و19`` is و and 19);
* a **number**: digits in any script, with inner ``.`` ``,`` ``٫`` ``٬`` ``/`` ``:`` between
  digits kept inside (``3.5``, ``1,000``, ``٢٠٢٤``, ``13.9.2023``, ``10:30``);
* **punctuation**: any other visible character on its own, except that a run of the same mark
  (``..`` ``...`` ``!!``) is one token.

A hyphen is always its own token, so ``جونغ-أون`` gives three tokens and a name written with
a hyphen or a space tokenises to the same words. Whitespace and invisible controls (bidi marks,
zero-width space) are never tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Token", "tokenize", "word_matches", "word_spans", "word_texts", "words"]

_MARKS = (
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
    "\u08f0-\u08f2\u200c\u200d"
)
_INVISIBLE = "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u061c\u00ad"

_TOKEN_RE = re.compile(
    rf"""
    (?P<word>[A-Za-z]+[0-9][A-Za-z0-9]*|[^\W\d_]+(?:[{_MARKS}]+[^\W\d_]*)*)
  | (?P<number>\d+(?:[.,٫٬/:]\d+)*)
  | (?P<punct>([^\s\w{_MARKS}{_INVISIBLE}])\4*)
  | (?P<under>_+)
    """,
    re.VERBOSE,
)
# (A word is written "letters, then runs of marks each followed by letters" rather than
# "a letter, then letters or marks": the same tokens, matched twice as fast, since
# undiacritised text never enters the inner alternation.)

# The word and number alternatives alone: scanning with them finds exactly the
# word and number tokens of _TOKEN_RE (neither can start inside a punctuation
# run or on "_", which are not \w), as plain strings.
_WORD_OR_NUMBER_RE = re.compile(
    rf"[A-Za-z]+[0-9][A-Za-z0-9]*|[^\W\d_]+(?:[{_MARKS}]+[^\W\d_]*)*|\d+(?:[.,٫٬/:]\d+)*"
)


@dataclass(frozen=True)
class Token:
    """One token: its text and its span ``[start, end)`` in the original string."""

    text: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        """True for words (they start with a letter), False for numbers and punctuation."""
        return self.text[:1].isalpha()

    @property
    def is_number(self) -> bool:
        """True for numbers (they start with a digit in any script)."""
        return self.text[:1].isdigit()


def tokenize(text: str) -> list[Token]:
    """All tokens of ``text`` (words, numbers, punctuation) in order, with offsets."""
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def words(text: str) -> list[Token]:
    """Word tokens only: no numbers, no punctuation."""
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text) if m.lastgroup == "word"]


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """``(text, start, end)`` of each word and number token, in order: the tokens of
    :func:`tokenize` that are not punctuation, without building a `Token` each."""
    return [(m.group(), m.start(), m.end()) for m in _WORD_OR_NUMBER_RE.finditer(text)]


def word_matches(text: str) -> Iterator[re.Match[str]]:
    """The word and number tokens of ``text`` as regex matches, lazily: for scans that
    stop early (search snippets read an article only up to its first matches)."""
    return _WORD_OR_NUMBER_RE.finditer(text)


def word_texts(text: str) -> list[str]:
    """The texts of the word and number tokens of ``text``, in order (no offsets:
    much faster than :func:`tokenize` when only the words are needed)."""
    return _WORD_OR_NUMBER_RE.findall(text)
