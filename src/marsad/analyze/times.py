"""Time expressions in an article: found, placed, and tied to the date they were read against.

``find_times(text, anchor)`` is the analyze-stage entry point.  It returns one
``TimeMention`` per expression with its span in ``text`` and its value in the
CONTRACT.md forms (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``YYYY-Www``, ``A/B``
ranges, or ``None``).  A mention whose value depends on the publication date
records that date in ``anchor``; absolute dates leave it ``None``, so that when
the link stage corrects a publication date it knows which values to redo.

Old passages pasted into a new story ("stale" spans) keep their relative
expressions unresolved: "الأسبوع الماضي" in a paragraph about April 2021 does
not mean the week before a 2023 article.  See ``stale_spans``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from marsad.analyze.time_grammar import Expr, scan
from marsad.analyze.time_resolve import depends_on_anchor, parse_anchor, resolve
from marsad.model import TimeMention

__all__ = ["find_times", "parse", "resolve_all", "stale_spans"]

# A passage is "of another period" when its dated mentions lie this far from the
# anchor and none lies near it.  Half a year: news backgrounders that cite last
# spring in an autumn article are still "this period".
STALE_DAYS = 183

_SINCE_BEFORE = re.compile(r"(?:منذ|قبل|بعد)\s*$")
_PARA = re.compile(r"[^\n]+")
_SENT_END = re.compile(r"[.!؟?\n]")
_BACKGROUND = re.compile(
    r"^\s*(?:و?كان|و?كانت|و?سبق|و?منذ|يذكر|ويذكر|يشار|ويشار|وفي\s+وقت\s+سابق|يُذكر|يُشار)")


def parse(text: str) -> list[Expr]:
    """The expressions of ``text`` with their parts, unresolved (see ``time_grammar``)."""
    return scan(text)


def resolve_all(exprs: Sequence[Expr], anchor: str | date | None,
                text: str | None = None,
                stale: Sequence[tuple[int, int]] | None = None) -> tuple[TimeMention, ...]:
    """``TimeMention``s for parsed expressions against ``anchor``; relative ones
    inside a ``stale`` span get no value and no anchor."""
    a = parse_anchor(anchor)
    a_str = a.isoformat() if a else None
    out = []
    for e in exprs:
        rel = depends_on_anchor(e)
        in_stale = rel and stale and any(s <= e.start < t for s, t in stale)
        value = None if in_stale else resolve(e, a)
        out.append(TimeMention(start=e.start, end=e.end,
                               text=text[e.start:e.end] if text is not None else "",
                               value=value, anchor=a_str if (rel and not in_stale and a) else None))
    return tuple(out)


def find_times(text: str, anchor: str | None,
               stale: Sequence[tuple[int, int]] | None = None) -> tuple[TimeMention, ...]:
    """Every time expression in ``text``, resolved against ``anchor`` (the
    publication date, ``YYYY-MM-DD``, or ``None``: then relative expressions are
    still found but get ``None``).

    ``stale`` overrides the automatic detection of old pasted passages (the link
    stage may know better); by default ``stale_spans`` decides."""
    exprs = scan(text)
    if not exprs:
        return ()
    first = resolve_all(exprs, anchor, text)
    spans = list(stale) if stale is not None else stale_spans(text, anchor, first)
    if not spans:
        return first
    return resolve_all(exprs, anchor, text, spans)


def _start_date(value: str) -> date | None:
    v = value.split("/")[0]
    try:
        if len(v) == 10:
            return date.fromisoformat(v)
        if len(v) == 7 and v[4] == "-" and v[5] != "W":
            return date(int(v[:4]), int(v[5:7]), 15)
    except ValueError:
        return None
    return None


def _is_day(value: str) -> bool:
    """A single day or a span of at most a week ("18 و19 يونيو"), not a Hijri year."""
    parts = value.split("/")
    if any(len(p) != 10 for p in parts):
        return False
    if len(parts) == 2:
        try:
            return (date.fromisoformat(parts[1]) - date.fromisoformat(parts[0])).days <= 7
        except ValueError:
            return False
    return True


def stale_spans(text: str, anchor: str | None,
                mentions: Sequence[TimeMention] | None = None) -> list[tuple[int, int]]:
    """Paragraphs that belong to another period than the article: an old story
    pasted into a new one.

    A paragraph is stale when (1) it states at least one absolute date to the
    day (not "منذ كانون الثاني 2009": background) whose distance from ``anchor``
    exceeds ``STALE_DAYS``, (2) it
    states none within that distance, (3) it has day-level relative expressions
    (أمس، الجمعة، الأسبوع الماضي: what being stale changes) written after the old date ("وصل أمس بعد زيارة
    في 3 شباط 2022" is today's news that recalls the past), and (4) the old date's sentence is not background (وكان، منذ، يذكر أن …),
    which articles use to recall the past on purpose.  Each paragraph is judged
    alone: carrying staleness over to the undated paragraphs that follow would
    also swallow the paragraph that returns to today's news.  A pasted passage
    with no absolute date of its own (seed 004's 2021 paragraphs) cannot be
    told from the text; the link stage can pass such spans to ``find_times``.
    Without an anchor nothing can be stale."""
    a = parse_anchor(anchor)
    if a is None:
        return []
    if mentions is None:
        mentions = resolve_all(scan(text), a, text)
    paras = [(m.start(), m.end()) for m in _PARA.finditer(text) if m.group().strip()]
    spans: list[tuple[int, int]] = []
    for ps, pe in paras:
        inside = [m for m in mentions if ps <= m.start < pe]
        absolute = [(m, _start_date(m.value)) for m in inside
                    if m.anchor is None and m.value and _start_date(m.value)]
        relative = [m for m in inside if m.anchor is not None]
        # what a pasted story betrays itself by: "أمس", "الجمعة", "الأسبوع الماضي"
        day_relative = [m for m in relative if m.value and (len(m.value) == 10 or "W" in m.value
                                                            or len(m.value) == 21)]
        # Only a date to the day marks a passage as of its own time: "أدنى مستوى
        # منذ كانون الثاني 2009" is background every economy story carries.
        # ... and only a past one: a date far ahead is a plan ("الانتخابات المقبلة المقررة في
        # 26 فبراير 2016"), not an old story
        far = [(m, d) for m, d in absolute
               if (a - d).days > STALE_DAYS and _is_day(m.value)]
        near = [m for m, d in absolute if abs((d - a).days) <= STALE_DAYS]
        if not far or near or not day_relative:
            continue
        ok = False
        for m, _ in far:
            sent_start = max((x.end() for x in _SENT_END.finditer(text, ps, m.start)), default=ps)
            if _BACKGROUND.match(text[sent_start:m.start]) or _SINCE_BEFORE.search(text[sent_start:m.start]):
                continue
            if any(r.start >= m.end for r in day_relative):
                ok = True
        if ok:
            spans.append((ps, pe))
    return spans
