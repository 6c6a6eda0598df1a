"""When was an article published?  From its metadata, its dateline, or its own words.

``infer_published`` returns a ``PublishedDate(value, basis)``:

* ``meta``     the container or HTML metadata gave a date (``meta_date``);
* ``dateline`` a dateline or "تاريخ النشر" line gave one (``dateline``, or such a
  line found in the body);
* ``content``  the text itself fixes the day: relative weekday expressions
  ("أمس الأربعاء", "اليوم الخميس", "الثلاثاء الماضي", a bare "الجمعة") that
  coincide with absolute dates in the same text, or "اليوم الاثنين 25/10/1436هـ";
* ``story``    only evidence from sibling articles (``constraints``) fixes it;
* ``header``   a date printed on the page (``page_date``) that nothing in the
  text contradicts;
* ``unknown``  otherwise.  Never a guess: a page header that contradicts the
  text (seed 000: "الأحد 13 أكتوبر 2024" above a Thursday story of September
  2023) is the page's render date, not the publication date.

How content inference works.  Each relative expression R, resolved against a
candidate publication day P, names a day; when that day is also written out
absolutely somewhere in the text, P gains one point.  "اليوم X"/"أمس X" fix
P's weekday outright.  A candidate loses if it contradicts the text: a date in
a future clause ("من المقرر … 10 إلى 13 سبتمبر") must not lie before P, a date
called الماضي must lie before it.  The best candidate wins only when it is
strictly better than the next and its support is near the latest dated event
of the text (an old anniversary that happens to share a weekday is not
evidence).  Otherwise the answer is ``unknown``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from marsad.analyze.time_grammar import Expr, scan
from marsad.analyze.time_resolve import depends_on_anchor, parse_anchor, resolve
from marsad.model import PublishedDate

__all__ = ["DateConstraint", "content_candidates", "infer_published"]

CONSTRAINT_KINDS = ("mention", "not_before", "not_after")


@dataclass(frozen=True)
class DateConstraint:
    """Evidence about an article's publication date that comes from outside its text.

    The link stage builds these from sibling articles of the same story (or the
    crawler from its fetch time) and calls ``infer_published`` again.

    * ``kind="mention"``: the time expression of this article at ``start``
      (or, when no span is given, the first one whose text is ``mention``)
      refers to the day ``value``.  E.g. the summit this article calls "أمس
      الأربعاء" took place on 2023-09-13 -> ``DateConstraint("mention",
      "2023-09-13", mention="أمس الأربعاء")``.
    * ``kind="not_before"`` / ``"not_after"``: bounds (e.g. the fetch date is an
      upper bound: a page cannot be published after it was fetched).

    ``source`` names the article or record the evidence came from, so that the
    decision can be traced.
    """

    kind: str
    value: str
    mention: str | None = None
    start: int | None = None
    source: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in CONSTRAINT_KINDS:
            raise ValueError(f"DateConstraint.kind must be one of {CONSTRAINT_KINDS}, not {self.kind!r}")
        if parse_anchor(self.value) is None:
            raise ValueError(f"DateConstraint.value must be YYYY-MM-DD, not {self.value!r}")


_DATELINE = re.compile(
    r"(?:تاريخ\s+النشر|نشر\s+بتاريخ|نشر\s+في|تاريخ\s+الإضافة|تاريخ\s+الاضافة|نُشر\s+في|"
    r"Published(?:\s+on)?)\s*[:：]?\s*")

# How far (days) the support of a single-point winner may lie before the latest
# absolute day of the text.
NEAR_LATEST_DAYS = 31


def _day_value(value: str | None) -> date | None:
    if not value:
        return None
    v = value.split("/")[0]
    if len(v) != 10:
        return None
    try:
        return date.fromisoformat(v)
    except ValueError:
        return None


def first_absolute_day(text: str) -> str | None:
    """The first date written to the day in ``text`` (for datelines and meta fields)."""
    t = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[T ].*)?", t):
        return t[:10] if parse_anchor(t[:10]) else None
    for e in scan(text):
        if not depends_on_anchor(e):
            d = _day_value(resolve(e, None))
            if d:
                return d.isoformat()
    return None


def _dateline_in_body(body: str) -> str | None:
    for m in _DATELINE.finditer(body[:3000]):
        d = first_absolute_day(body[m.end():m.end() + 60].split("\n")[0])
        if d:
            return d
    return None


@dataclass
class _Evidence:
    weekday_fix: list[tuple[int, int]]  # (offset from P, weekday): "أمس الأربعاء" -> (-1, 2)
    strong: list[date]  # P known outright ("اليوم الاثنين 25/10/1436هـ")
    relatives: list[Expr]  # weekday expressions to test for coincidences
    days: list[tuple[date, Expr]]  # absolute days written in the text
    future_days: list[date]  # absolute days in future clauses (P must not be after them)
    past_days: list[date]  # absolute days called الماضي (P must be after them)


def _evidence(exprs: Sequence[Expr]) -> _Evidence:
    ev = _Evidence([], [], [], [], [], [])
    for e in exprs:
        if e.kind == "dayrel" and e.weekday is not None:
            ev.weekday_fix.append((e.offset or 0, e.weekday))
        elif e.kind == "weekday":
            ev.relatives.append(e)
        elif e.kind == "date" and not depends_on_anchor(e):
            v = resolve(e, None)
            if not v or len(v.split("/")[0]) != 10:
                continue
            parts = [date.fromisoformat(x) for x in v.split("/")]
            days = [parts[0]]
            if len(parts) == 2 and 0 < (parts[1] - parts[0]).days <= 7:
                days = [parts[0] + timedelta(days=k) for k in range((parts[1] - parts[0]).days + 1)]
            for d in days:
                ev.days.append((d, e))
            if e.today_rel is not None:
                ev.strong.append(parts[0] - timedelta(days=e.today_rel))
                if e.weekday is not None:
                    ev.weekday_fix.append((e.today_rel, e.weekday))
            if e.tense == "future" or (e.mod or 0) > 0:
                ev.future_days.append(parts[0])
            if (e.mod or 0) < 0:
                ev.past_days.append(parts[-1])
    return ev


def _support_window(e: Expr, wd: int, d: date) -> list[date]:
    """Publication days P for which weekday expression ``e`` (its weekday ``wd``) resolves to ``d``."""
    if d.weekday() != wd:
        return []
    mod = e.mod
    if mod is not None and mod < 0:
        lo, hi = (1, 7) if mod == -1 else (8, 14)
    elif mod is not None and mod > 0:
        lo, hi = (-7, -1) if mod == 1 else (-14, -8)
    elif e.tense == "future":
        lo, hi = -6, 0
    else:
        lo, hi = 0, 6
    return [d + timedelta(days=k) for k in range(lo, hi + 1)]


def _consistent(p: date, ev: _Evidence, bounds: tuple[date | None, date | None]) -> bool:
    if any((p + timedelta(days=o)).weekday() != w for o, w in ev.weekday_fix):
        return False
    # A date in a future clause cannot lie before P; only recent ones count,
    # since an old date under a future verb is a misread clause, not evidence.
    if any(1 < (p - d).days <= 60 for d in ev.future_days):
        return False
    if any(d >= p for d in ev.past_days):
        return False
    lo, hi = bounds
    return not ((lo and p < lo) or (hi and p > hi))


def _bounds(constraints: Sequence[DateConstraint]) -> tuple[date | None, date | None]:
    lo = hi = None
    for c in constraints:
        v = parse_anchor(c.value)
        if c.kind == "not_before":
            lo = v if lo is None or v > lo else lo
        elif c.kind == "not_after":
            hi = v if hi is None or v < hi else hi
    return lo, hi


def _mention_candidates(exprs: Sequence[Expr], text: str, c: DateConstraint) -> set[date] | None:
    """Days P that make the constrained mention resolve to (or cover) ``c.value``."""
    target = parse_anchor(c.value)
    chosen = None
    for e in exprs:
        if (c.start is not None and e.start <= c.start < e.end) or \
                (c.start is None and c.mention and text[e.start:e.end].strip() == c.mention.strip()):
            chosen = e
            break
    if chosen is None or not depends_on_anchor(chosen):
        return None
    out = set()
    for k in range(-40, 41):
        p = target + timedelta(days=k)
        v = resolve(chosen, p)
        if not v:
            continue
        parts = v.split("/")
        if len(parts[0]) == 10 and parts[0] <= c.value <= parts[-1]:
            out.add(p)
    return out


def content_candidates(exprs: Sequence[Expr], text: str,
                       constraints: Sequence[DateConstraint] = ()) -> dict[date, int]:
    """Score every publication day the text (and ``constraints``) make plausible.

    Returned scores are the number of independent coincidences supporting each
    day (see the module docstring); days that contradict the text are absent."""
    ev = _evidence(exprs)
    bounds = _bounds(constraints)
    scores: dict[date, int] = {}
    latest = max((d for d, _ in ev.days), default=None)
    for p in ev.strong:
        if _consistent(p, ev, bounds):
            scores[p] = scores.get(p, 0) + 3
    for e in ev.relatives:
        supported: set[date] = set()
        for wd in (e.weekday, e.weekday2):
            if wd is None:
                continue
            for d, src in ev.days:
                if src is e:
                    continue
                if latest and (latest - d).days > NEAR_LATEST_DAYS:
                    continue
                supported.update(_support_window(e, wd, d))
        for p in supported:
            if _consistent(p, ev, bounds):
                scores[p] = scores.get(p, 0) + 1
    for c in constraints:
        if c.kind != "mention":
            continue
        cands = _mention_candidates(exprs, text, c)
        if cands is None:
            continue
        for p in cands:
            if _consistent(p, ev, bounds):
                scores[p] = scores.get(p, 0) + 3
        # a mention constraint is hard: drop days it excludes
        scores = {p: s for p, s in scores.items() if p in cands} or \
            {p: 3 for p in cands if _consistent(p, ev, bounds)}
    return scores


def _decide(scores: dict[date, int]) -> date | None:
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    best, top = ranked[0]
    if top < 1 or (len(ranked) > 1 and ranked[1][1] == top):
        return None
    return best


def page_date_consistent(page_date: str, exprs: Sequence[Expr],
                         constraints: Sequence[DateConstraint] = ()) -> bool:
    """True when nothing in the text contradicts ``page_date`` as the publication day:
    weekdays stated for today/yesterday match it, dates in future clauses are not
    before it, and no date the text reports as past lies after it."""
    p = parse_anchor(page_date)
    if p is None:
        return False
    ev = _evidence(exprs)
    if not _consistent(p, ev, _bounds(constraints)):
        return False
    for d, e in ev.days:
        if d > p + timedelta(days=1) and e.tense != "future" and (e.mod or 0) <= 0 \
                and e.today_rel is None:
            return False
    return all(s == p for s in ev.strong)


def infer_published(body: str, *, meta_date: str | None = None, dateline: str | None = None,
                    page_date: str | None = None,
                    constraints: Sequence[DateConstraint] = ()) -> PublishedDate:
    """The publication date of an article and the evidence it rests on (see module doc)."""
    if meta_date:
        d = first_absolute_day(meta_date)
        if d:
            return PublishedDate(d, "meta")
    if dateline:
        d = first_absolute_day(dateline)
        if d:
            return PublishedDate(d, "dateline")
    d = _dateline_in_body(body)
    if d:
        return PublishedDate(d, "dateline")
    exprs = scan(body)
    alone = _decide(content_candidates(exprs, body))
    if page_date and page_date_consistent(page_date, exprs, constraints) \
            and (alone is None or alone.isoformat() == page_date[:10]):
        return PublishedDate(page_date[:10], "header")
    if constraints:
        with_story = _decide(content_candidates(exprs, body, constraints))
        if with_story is not None:
            basis = "content" if with_story == alone else "story"
            return PublishedDate(with_story.isoformat(), basis)
        return PublishedDate(None, "unknown")
    if alone is not None:
        return PublishedDate(alone.isoformat(), "content")
    return PublishedDate(None, "unknown")
