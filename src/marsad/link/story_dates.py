"""Publication dates from the story: an undated article dated by its siblings.

A page with no date says "أمس الأربعاء" about a summit; its sibling articles in
the same story date that summit to Wednesday 13 September 2023.  When exactly
one day written out in the siblings (an absolute date in their text, or their
own publication day) has the weekday the undated article names, that day
becomes a ``DateConstraint("mention", …)`` on the expression, and
``infer_published`` decides with it (basis ``story``).  Two candidate
Wednesdays in the story, or none, and nothing is constrained: never a guess.

The result depends only on the story's other articles, never on an earlier
story-based date, so linking twice gives the same answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from marsad.analyze.pubdate import DateConstraint, infer_published
from marsad.analyze.time_grammar import scan
from marsad.analyze.time_resolve import depends_on_anchor
from marsad.model import PublishedDate

# Sibling days further than this from the story's dated span are not evidence.
WINDOW_DAYS = 10


@dataclass(frozen=True)
class Sibling:
    """What an article with a date of its own contributes: its day and the
    absolute days its text writes out."""

    id: str
    published: str | None
    days: tuple[str, ...]


def _day(value: str | None) -> date | None:
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def absolute_days(times: Iterable[dict]) -> tuple[str, ...]:
    """Days an article writes out in full (its resolved relative expressions
    are not evidence for other articles: they carry its own anchor)."""
    out = []
    for t in times:
        v = t.get("value") or ""
        if len(v) == 10 and not t.get("anchor"):
            out.append(v)
    return tuple(sorted(set(out)))


def constraints_for(body: str, siblings: Sequence[Sibling]) -> list[DateConstraint]:
    """Mention constraints for the relative weekday expressions of ``body``.
    Siblings without a date of their own still bring the days they write out;
    the dated ones set the window those days must fall in."""
    pubs = [d for d in (_day(s.published) for s in siblings) if d]
    if not pubs:
        return []
    lo, hi = min(pubs).toordinal() - WINDOW_DAYS, max(pubs).toordinal() + WINDOW_DAYS
    days: dict[date, str] = {}
    for s in siblings:
        for v in (s.published or "", *s.days):
            d = _day(v)
            if d and lo <= d.toordinal() <= hi:
                days.setdefault(d, s.id)
    out = []
    for e in scan(body):
        if e.weekday is None or e.weekday2 is not None or not depends_on_anchor(e):
            continue
        cands = sorted(d for d in days if d.weekday() == e.weekday)
        if len(cands) == 1:
            out.append(DateConstraint("mention", cands[0].isoformat(), start=e.start,
                                      source=days[cands[0]]))
    return out


def story_date(body: str, page_date: str | None, siblings: Sequence[Sibling]) -> PublishedDate:
    """The publication date the story's siblings fix for an undated article
    (``unknown`` when they fix nothing)."""
    cons = constraints_for(body, siblings)
    if not cons:
        return PublishedDate(None, "unknown")
    found = infer_published(body, page_date=page_date, constraints=cons)
    if found.basis not in ("story", "content"):
        return PublishedDate(None, "unknown")
    return PublishedDate(found.value, "story")
