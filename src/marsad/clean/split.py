"""Find a second, unrelated article glued to the end of a page.

Sites append "اقرأ أيضا" teasers, and scrapers often swallow the whole next
story.  A tail is split off as its own article when it has a headline and real
paragraphs and it comes after a "read also" marker or after the lines that end
an article (credited source, keywords, comments), or when, with no marker at
all, a new headline follows the story's last paragraph with its own dateline or
byline under it and its vocabulary barely overlaps the page's own.  A tail that
shares the story's words is the same article continuing, and stays.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from marsad.clean import rules
from marsad.clean.lines import Line, is_caption, is_heading, is_prose

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


def _own_byline(lines: list[Line], i: int) -> int | None:
    """Line i, a headline, is followed by the metadata an article prints under its own
    headline (a date line, an author's byline, a "city - outlet" byline) and then at once by
    its paragraphs.  Returns the index of the first paragraph, or None."""
    j = i + 1
    if j < len(lines) and lines[j].note == "author":
        j += 1
    if j >= len(lines):
        return None
    ln = lines[j]
    if not (ln.note in ("date", "dateline") or (
            ln.kind is None and ln.words <= 5 and rules.CITY_BYLINE.match(ln.text) and not is_caption(ln))):
        return None
    first = j + 1
    if first >= len(lines) or not is_prose(lines[first]):
        return None
    return first


def find_glued(lines: list[Line]) -> int | None:
    """Index of the glued article's headline line, or None."""
    n = len(lines)
    body_seen = 0
    last_text: Line | None = None  # the last article line before line i
    for i, ln in enumerate(lines):
        after_prose = last_text is not None and is_prose(last_text)
        if ln.kind is None:
            last_text = ln
            if is_prose(ln):
                body_seen += 1
        if not body_seen:
            continue
        if body_seen >= 2 and after_prose and ln.kind is None and is_heading(ln):
            first = _own_byline(lines, i)
            if first is not None:
                # No marker, but a new headline with its own dateline or byline after the
                # story's last paragraph: another article, unless it is the same story going on.
                prose = [x for x in lines[first:] if x.kind is None]
                head = [x for x in lines[:i] if x.kind is None]
                if sum(1 for x in prose if is_prose(x)) >= 2 and sum(x.words for x in prose) >= 40 \
                        and similarity(head, [ln, *prose]) < 0.45:
                    for x in lines[i + 1:first]:
                        if x.kind is None:
                            x.kind, x.note = "metadata", "byline"
                    return i
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
