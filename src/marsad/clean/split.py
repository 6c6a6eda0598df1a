"""Find a second, unrelated article glued to the end of a page.

Sites append "اقرأ أيضا" teasers, and scrapers often swallow the whole next
story.  A tail is split off as its own article when it has a headline and real
paragraphs and it comes after a "read also" marker or after the lines that end
an article (credited source, keywords, comments), or when it is a headed
tail whose vocabulary barely overlaps the page's own.  A tail that shares the
story's words is the same article continuing, and stays.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from marsad.clean.lines import Line, is_heading, is_prose

_END_NOTES = {"credit", "credit-value"}
_END_KINDS = {"keywords", "comments"}
_WORD = re.compile(r"[\u0621-\u064aA-Za-z]{3,}")
# Function words that say nothing about the topic.
_STOP = set(["من", "الى", "علي", "على", "في", "عن", "مع", "ان", "انه", "انها", "التي", "الذي", "الذين", "هذا", "هذه", "ذلك", "تلك", "كان", "كانت", "قد", "لقد", "ثم", "او", "ام", "بين", "حتي", "حتى", "عند", "بعد", "قبل", "كل", "بعض", "غير", "منذ", "خلال", "حيث", "اذا", "لكن", "لان", "وقال", "وقالت", "قال", "قالت", "واضاف", "اكد", "وذكر", "الي", "وفي", "ومن", "وان", "واشار", "اليوم", "امس", "هناك", "هنا", "لها", "له", "لهم", "بها", "به", "فيه", "فيها", "منها", "منه", "عليه", "عليها", "وهو", "وهي", "هو", "هي", "نحو", "اي", "ايضا", "كما", "الا", "وقد", "وكان", "وكانت", "يكون", "تكون"])


def _bag(lines: list[Line]) -> Counter[str]:
    c: Counter[str] = Counter()
    for ln in lines:
        for w in _WORD.findall(ln.key):
            if w not in _STOP:
                # Strip the article and common proclitics so "وروسيا"/"روسيا" meet.
                w = re.sub(r"^(?:وال|بال|فال|لل|ال|و|ب|ل)(?=...)", "", w)
                c[w] += 1
    return c


def similarity(a: list[Line], b: list[Line]) -> float:
    """Cosine similarity of the content words of two groups of lines."""
    ca, cb = _bag(a), _bag(b)
    if not ca or not cb:
        return 0.0
    dot = sum(v * cb.get(k, 0) for k, v in ca.items())
    na = math.sqrt(sum(v * v for v in ca.values()))
    nb = math.sqrt(sum(v * v for v in cb.values()))
    return dot / (na * nb)


def _tail_after(lines: list[Line], i: int) -> tuple[int, list[Line]] | None:
    """From line i on: the headline index and the prose that follows it, if the
    rest of the page reads as an article (a headline, then ≥2 paragraphs)."""
    title = None
    for j in range(i, len(lines)):
        ln = lines[j]
        if ln.kind is not None:
            continue
        if is_heading(ln) and title is None:
            title = j
            continue
        if is_heading(ln) and title is not None and not any(is_prose(x) for x in lines[title + 1:j]):
            # A run of teaser headlines: the last one before the prose is the title.
            lines[title].kind, lines[title].note = "related", "teaser"
            title = j
            continue
        break
    if title is None:
        return None
    prose = [ln for ln in lines[title + 1:] if ln.kind is None]
    if sum(1 for ln in prose if is_prose(ln)) < 2 or sum(ln.words for ln in prose) < 40:
        return None
    return title, prose


def _mark_teasers(lines: list[Line], start: int) -> None:
    """Headlines listed under a "read also" marker are related links, up to the next paragraph."""
    for ln in lines[start:]:
        if ln.kind is not None:
            continue
        if not is_heading(ln):
            break
        ln.kind, ln.note = "related", "teaser"


def find_glued(lines: list[Line]) -> int | None:
    """Index of the glued article's headline line, or None."""
    n = len(lines)
    body_seen = False
    for i, ln in enumerate(lines):
        if ln.kind is None and is_prose(ln):
            body_seen = True
        if not body_seen:
            continue
        marker = ln.note == "marker"
        ending = ln.note in _END_NOTES or ln.kind in _END_KINDS
        if not (marker or ending) or i + 1 >= n:
            continue
        tail = _tail_after(lines, i + 1)
        if tail is None:
            if marker:
                _mark_teasers(lines, i + 1)
            continue
        title, prose = tail
        head = [x for x in lines[:i] if x.kind is None]
        sim = similarity(head, [lines[title], *prose])
        # After a marker the tail is another article unless it is clearly the
        # same story continuing; after an article's closing lines, even more so.
        if sim < (0.45 if marker else 0.6):
            return title
    return None
