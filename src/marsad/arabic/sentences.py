"""Sentence spans for Arabic news text, as ``(start, end)`` offsets into the original.

Quotes, events and times are cited by the sentence that carries them, so the splitter has to
agree with a reader on where an Arabic news sentence ends. Rules:

* every line break ends a sentence: news bodies put one paragraph per line, and a short line
  without final punctuation is a heading, a dateline or a caption, which stands alone;
* inside a line a sentence ends after ``.`` ``!`` ``?`` ``؟`` ``!`` ``۔`` (and runs such as
  ``؟!``), together with any closing quotes and brackets right after it, when whitespace (or,
  for text typed without a space, an Arabic letter) follows;
* these do *not* end a sentence:
  - a dot after a single letter, Arabic or Latin: initials and abbreviations such as ``د.``
    ``م.`` ``أ.`` ``ص.`` ``ق.م.`` ``J.`` (but ``1436 هـ.`` and ``2015 م.`` after a number are the
    era, and do end the sentence);
  - a dot after a known abbreviation (``إلخ.`` ``الخ.`` ``Dr.`` ``etc.`` ...), or after a
    Latin letter spelled in Arabic when another follows (``بنك إيه. إن. زد.``);
  - a dot between digits (``3.5``, ``13.9.2023``) and a dot inside a domain (``spa.gov.sa``);
  - ``..`` and ``...`` or ``…``: in Arabic headlines ``..`` joins two halves of one title, and an
    ellipsis mostly marks an omission;
  - a list marker (``1.``) at the start of a line;
  - a terminator inside a quotation «...» “...” "..." unless it is the last thing before the
    closing quote: then the quote ends the sentence and the split comes after the quote.

Returned spans never include the surrounding whitespace and never overlap.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator

from marsad.arabic.normalize import search_key

__all__ = ["sentences"]

_LINE_BREAK = re.compile(r"[\n\r\u2028\u2029\x0b\x0c\x85]")
_TERMINATOR = re.compile(r"(?P<term>[.!?؟！۔…]+)(?P<close>[\"»”’'\)\]}]*)")
_NUMBER_BEFORE = re.compile(r"\d\s*[^\W\d_]\u0640?$")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")

# Abbreviations of more than one letter, as search keys (single letters are handled by rule).
_ABBREVIATIONS = frozenset(
    {
        "الخ", "انظر", "تلفون", "هاتف", "كلم",
        "dr", "mr", "mrs", "ms", "prof", "st", "no", "vs", "etc", "inc", "ltd", "co", "jr", "sr",
        "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep", "jan", "feb", "aug", "sept",
        "oct", "nov", "dec", "fig", "p", "pp", "vol",
    }
)

# Arabic names of Latin letters, as search keys: "بنك إيه. إن. زد." is one run of initials.
_LETTER_NAMES = frozenset(
    {
        "ايه", "بي", "سي", "دي", "اي", "اف", "جي", "اتش", "جيه", "كيه", "ال", "ام", "ان",
        "او", "كيو", "ار", "اس", "تي", "يو", "في", "دبليو", "اكس", "واي", "زد",
    }
)
_NEXT_INITIAL = re.compile(r"\s*([^\W\d_]+)\.")
_PREVIOUS_INITIAL = re.compile(r"([^\W\d_]+)\.\s*$")

_OPENERS = {"«": "»", "“": "”", "‹": "›"}
_CLOSERS = {closer: opener for opener, closer in _OPENERS.items()}
_MARKS = re.compile('[' + re.escape("".join(_OPENERS) + "".join(_CLOSERS) + '"') + ']')


def _quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Matched quotation spans (index of opening mark, index of closing mark) in a line.

    « » and “ ” pair by nesting; ASCII double quotes pair in order of appearance. An opening
    mark that is never closed makes no span, so one stray quote cannot swallow a paragraph.
    """
    spans: list[tuple[int, int]] = []
    stacks: dict[str, list[int]] = {opener: [] for opener in _OPENERS}
    closers = _CLOSERS
    ascii_open: int | None = None
    # Only the marks are visited (a regex finds them in C): walking every character of
    # every line in Python was the costliest step of sentence splitting.
    for m in _MARKS.finditer(text, start, end):
        i = m.start()
        ch = text[i]
        if ch in stacks:
            stacks[ch].append(i)
        elif ch in closers:
            stack = stacks[closers[ch]]
            if stack:
                spans.append((stack.pop(), i))
        elif ch == '"':
            if ascii_open is None:
                ascii_open = i
            else:
                spans.append((ascii_open, i))
                ascii_open = None
    return spans


def _word_before(text: str, floor: int, pos: int) -> tuple[int, str]:
    """The letters (with their diacritics) that end right before ``pos``, and where they start."""
    i = pos
    while i > floor and (text[i - 1].isalpha() or unicodedata.category(text[i - 1]) == "Mn"):
        i -= 1
    return i, text[i:pos]


def _is_abbreviation(text: str, line_start: int, dot: int) -> bool:
    """Whether the dot at ``dot`` closes an abbreviation or an initial, not a sentence."""
    word_start, raw = _word_before(text, line_start, dot)
    word = search_key(raw)
    if not word:
        return False
    if len(word) == 1:
        # "1436 هـ." and "2015 م." are the era after a year: the sentence may end there
        return not _NUMBER_BEFORE.search(text[max(line_start, dot - 20) : dot])
    if word_start > line_start and text[word_start - 1] == ".":
        # the last part of a dotted abbreviation such as ص.ب. or U.S.A.
        _, prev = _word_before(text, line_start, word_start - 1)
        if len(search_key(prev)) == 1:
            return True
    if word in _LETTER_NAMES:
        # a spelled Latin initial counts only inside a run of them: إيه. إن. زد.
        nxt = _NEXT_INITIAL.match(text, dot + 1)
        prev = _PREVIOUS_INITIAL.search(text, max(line_start, word_start - 12), word_start)
        if any(m and search_key(m.group(1)) in _LETTER_NAMES for m in (nxt, prev)):
            return True
    return word in _ABBREVIATIONS


def _split_line(text: str, start: int, end: int) -> list[int]:
    """Offsets inside ``[start, end)`` after which a sentence ends."""
    cuts: list[int] = []
    quotes = _quote_spans(text, start, end)
    sentence_start = start
    for m in _TERMINATOR.finditer(text, start, end):
        term = m.group("term")
        after = m.end()
        if after >= end:
            break  # the line ends here anyway
        nxt = text[after]
        # "الأربعاء.وقال": a missing space between two Arabic words still ends a sentence;
        # anything else glued to the dot (3.5, spa.gov.sa; د.محمد is caught below) does not
        glued_words = (
            m.start() > start
            and _ARABIC_LETTER.match(nxt)
            and _ARABIC_LETTER.match(text[m.start() - 1])
        )
        if not nxt.isspace() and not glued_words:
            continue
        if set(term) <= {".", "…"} and (len(term) > 1 or term == "…"):
            continue  # .. and ... and …
        if term == "." and _is_abbreviation(text, start, m.start()):
            continue
        head = text[sentence_start : m.start()].strip()
        if len(head) <= 2 or head.isdigit():
            continue  # a list marker such as "1." or "أ."
        inside = [q for q in quotes if q[0] < m.start() < q[1]]
        if inside and any(q[1] >= after for q in inside):
            continue  # the terminator is inside a quotation that goes on
        cuts.append(after)
        sentence_start = after
    return cuts


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` in order; ``text[start:end]`` is the sentence, trimmed."""
    return list(iter_sentences(text))


def iter_sentences(text: str) -> Iterator[tuple[int, int]]:
    """``sentences(text)`` one at a time, a line split only when it is reached: a reader
    that wants the first real sentence of a long body (a story's summary takes each
    article's lead) does not pay for splitting the rest."""
    line_start = 0
    for m in itertools.chain(_LINE_BREAK.finditer(text), (None,)):
        line_end = len(text) if m is None else m.start()
        bounds = [line_start, *_split_line(text, line_start, line_end), line_end]
        for a, b in itertools.pairwise(bounds):
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a < b and not _only_invisible(text[a:b]):
                yield a, b
        line_start = line_end + 1


def _only_invisible(segment: str) -> bool:
    """True when a segment holds nothing a reader can see (bidi marks, zero-width spaces)."""
    return not search_key(segment)
