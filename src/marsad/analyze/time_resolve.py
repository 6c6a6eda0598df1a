"""Turn a parsed time expression into a CONTRACT.md value, given an anchor date.

The anchor is the publication date.  Rules (why each is so is in the comments):

* A bare weekday is the most recent such day on or before the anchor ("أكد
  الكرملين الجمعة" in a Friday article is that Friday), unless its clause
  points ahead (سيزور، من المقرر …): then the first on or after.  الماضي is the
  most recent strictly before, المقبل/القادم the next strictly after.
* A day or month without a year takes the year that places it: before the
  anchor for الماضي or a past clause, after it for المقبل or a future clause,
  the anchor's own for الجاري, else the latest occurrence on or before the
  anchor (most news reports the past), unless the next one is only weeks
  ahead and the last one most of a year back.
* Hijri dates are converted with the Umm al-Qura calendar (``hijridate``);
  a Hijri month or year without a day becomes the range of Gregorian days it
  covers, so that a timeline can still place it.
* A count back from the anchor ("قبل 75 عاما", "منذ عامين") keeps the
  granularity of its unit.  A hedged count ("منذ نحو ربع قرن", "أكثر من 19
  شهرا") is deliberately left unresolved (``None``): an approximate year would
  look exact on a timeline.
"""

from __future__ import annotations

from datetime import date, timedelta

from marsad.analyze.time_grammar import Expr

try:  # Umm al-Qura tables, offline (MIT); years 1343-1500 AH.
    from hijridate import Gregorian, Hijri
except ImportError:  # pragma: no cover - hijridate is a dependency
    Hijri = None  # type: ignore[assignment,misc]
    Gregorian = None  # type: ignore[assignment,misc]


# See ``_pick``: how close a yearless date must lie ahead to beat the past one.
NEAR_FUTURE_DAYS = 45
FAR_PAST_DAYS = 300


def parse_anchor(anchor: str | date | None) -> date | None:
    """A ``date`` from ``YYYY-MM-DD`` (or a date), ``None`` when absent or malformed."""
    if anchor is None or isinstance(anchor, date):
        return anchor
    try:
        return date.fromisoformat(anchor[:10])
    except ValueError:
        return None


def _mk(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def hijri_to_date(y: int, m: int, d: int) -> date | None:
    """Gregorian day of a Hijri (Umm al-Qura) date, ``None`` out of the table's range."""
    if Hijri is None:
        return None
    try:
        g = Hijri(y, m, d).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return date(g.year, g.month, g.day)


def hijri_month_span(y: int, m: int) -> tuple[date, date] | None:
    """First and last Gregorian day of a Hijri month."""
    first = hijri_to_date(y, m, 1)
    if first is None:
        return None
    ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
    nxt = hijri_to_date(ny, nm, 1)
    if nxt is None:
        try:
            last = first + timedelta(days=Hijri(y, m, 1).month_length() - 1)
        except (ValueError, OverflowError):
            return None
        return first, last
    return first, nxt - timedelta(days=1)


def date_to_hijri(d: date) -> tuple[int, int, int] | None:
    if Gregorian is None:
        return None
    try:
        h = Gregorian(d.year, d.month, d.day).to_hijri()
    except (ValueError, OverflowError):
        return None
    return h.year, h.month, h.day


def _pick(cands: list[tuple[date, date]], anchor: date, mod: int | None, tense: str | None,
          month_level: bool) -> tuple[date, date] | None:
    """Choose among occurrences (start, end) of a yearless day or month.

    ``mod`` -1/+1 (الماضي/المقبل) is strict; a past/future clause allows the
    anchor's own day or month; otherwise the past wins unless the future is
    much nearer."""
    def before(c: tuple[date, date], strict: bool) -> bool:
        if month_level:
            return (c[0].year, c[0].month) < (anchor.year, anchor.month) if strict else c[0] <= anchor
        return c[0] < anchor if strict else c[0] <= anchor

    def after(c: tuple[date, date], strict: bool) -> bool:
        if month_level:
            return (c[0].year, c[0].month) > (anchor.year, anchor.month) if strict else c[1] >= anchor
        return c[0] > anchor if strict else c[0] >= anchor

    if mod == 0:
        same = [c for c in cands if c[0].year == anchor.year] or cands
        return min(same, key=lambda c: abs((c[0] - anchor).days))
    if mod is not None and mod < 0:
        pool = [c for c in cands if before(c, True)]
        return max(pool, key=lambda c: c[0]) if pool else None
    if mod is not None and mod > 0:
        pool = [c for c in cands if after(c, True)]
        return min(pool, key=lambda c: c[0]) if pool else None
    if tense == "future":
        pool = [c for c in cands if after(c, False)]
        return min(pool, key=lambda c: c[0]) if pool else None
    if tense == "past":
        pool = [c for c in cands if before(c, False)]
        return max(pool, key=lambda c: c[0]) if pool else None

    # No cue either way: news mostly reports what has happened, so the latest
    # occurrence on or before the anchor wins, unless the next one is only
    # weeks away while the last one is most of a year back ("في 23 يوليو" in
    # an article of 21 July is two days ahead, not eleven months ago).
    current = [c for c in cands if c[0] <= anchor <= c[1]]
    if current:
        return current[0]
    past = [c for c in cands if c[1] < anchor]
    future = [c for c in cands if c[0] > anchor]
    last = max(past, key=lambda c: c[0]) if past else None
    nxt = min(future, key=lambda c: c[0]) if future else None
    if last is None:
        return nxt
    if nxt is not None and (nxt[0] - anchor).days <= NEAR_FUTURE_DAYS \
            and (anchor - last[1]).days > FAR_PAST_DAYS:
        return nxt
    return last


def _fmt_span(a: date, b: date, month_level: bool) -> str:
    if month_level:
        if (a.year, a.month) == (b.year, b.month):
            return f"{a.year:04d}-{a.month:02d}"
        return f"{a.year:04d}-{a.month:02d}/{b.year:04d}-{b.month:02d}"
    if a == b:
        return a.isoformat()
    return f"{a.isoformat()}/{b.isoformat()}"


def _greg_date(e: Expr, anchor: date | None) -> str | None:
    y = e.y
    if y is None and e.yrel is not None and anchor is not None:
        y = anchor.year + e.yrel
    if y is not None:
        if e.d is None:
            if e.m2 is not None:
                return f"{y:04d}-{e.m:02d}/{(e.y2 or y):04d}-{e.m2:02d}"
            return f"{y:04d}-{e.m:02d}"
        a = _mk(y, e.m, e.d)
        if a is None:
            return None
        if e.d2 is None:
            return a.isoformat()
        m2 = e.m2 or e.m
        y2 = e.y2 or (y + 1 if m2 < e.m else y)
        b = _mk(y2, m2, e.d2)
        return f"{a.isoformat()}/{b.isoformat()}" if b and b > a else a.isoformat()
    if anchor is None:
        return None
    cands = []
    for yy in (anchor.year - 1, anchor.year, anchor.year + 1):
        if e.d is None:
            a = date(yy, e.m, 1)
            b = (date(yy + 1, 1, 1) if e.m == 12 else date(yy, e.m + 1, 1)) - timedelta(days=1)
        else:
            a = _mk(yy, e.m, e.d)
            if a is None:
                continue
            b = a
        cands.append((a, b))
    if not cands:
        return None
    pick = _pick(cands, anchor, e.mod, e.tense, month_level=e.d is None)
    if pick is None:
        return None
    if e.d is None:
        return f"{pick[0].year:04d}-{pick[0].month:02d}"
    a = pick[0]
    if e.d2 is None:
        return a.isoformat()
    m2 = e.m2 or e.m
    y2 = a.year + 1 if m2 < e.m else a.year
    b = _mk(y2, m2, e.d2)
    return f"{a.isoformat()}/{b.isoformat()}" if b and b > a else a.isoformat()


def _hijri_date(e: Expr, anchor: date | None) -> str | None:
    def span(y: int) -> tuple[date, date] | None:
        if e.d is None:
            return hijri_month_span(y, e.m)
        a = hijri_to_date(y, e.m, e.d)
        if a is None:
            return None
        if e.d2 is not None:
            m2 = e.m2 or e.m
            b = hijri_to_date(y + (1 if m2 < e.m else 0), m2, e.d2)
            return (a, b) if b and b > a else (a, a)
        return a, a

    if e.y is not None:
        s = span(e.y)
        return _fmt_span(*s, month_level=False) if s else None
    if anchor is None:
        return None
    h = date_to_hijri(anchor)
    if h is None:
        return None
    cands = [s for s in (span(h[0] - 1), span(h[0]), span(h[0] + 1)) if s]
    if not cands:
        return None
    pick = _pick(cands, anchor, e.mod, e.tense, month_level=False)
    return _fmt_span(*pick, month_level=False) if pick else None


def _weekday(e: Expr, anchor: date) -> str:
    wd = e.weekday or 0
    aw = anchor.weekday()
    mod, tense = e.mod, e.tense
    if mod is not None and mod < 0:
        back = (aw - wd) % 7 or 7
        first = anchor - timedelta(days=back + (7 if mod == -2 else 0))
    elif mod is not None and mod > 0:
        fwd = (wd - aw) % 7 or 7
        first = anchor + timedelta(days=fwd + (7 if mod == 2 else 0))
    elif tense == "future":
        first = anchor + timedelta(days=(wd - aw) % 7)
    else:
        first = anchor - timedelta(days=(aw - wd) % 7)
    if e.weekday2 is None:
        return first.isoformat()
    second = first + timedelta(days=(e.weekday2 - wd) % 7)
    return f"{first.isoformat()}/{second.isoformat()}"


def depends_on_anchor(e: Expr) -> bool:
    """True when the value of ``e`` cannot be known without a publication date."""
    if e.kind in ("weekday", "dayrel", "period", "ago", "curday", "last"):
        return True
    if e.kind == "date":
        return e.y is None
    return False


def resolve(e: Expr, anchor: date | None) -> str | None:
    """The CONTRACT.md value of ``e`` against ``anchor`` (``None`` if it cannot be placed)."""
    if e.kind == "date":
        return _hijri_date(e, anchor) if e.cal == "h" else _greg_date(e, anchor)
    if e.kind == "year":
        if e.cal == "h":
            a = hijri_to_date(e.y, 1, 1)
            last = hijri_month_span(e.y2 or e.y, 12)
            if a is None or last is None:
                return None
            return f"{a.isoformat()}/{last[1].isoformat()}"
        return f"{e.y:04d}" if e.y2 is None else f"{e.y:04d}/{e.y2:04d}"
    if anchor is None:
        return None
    if e.kind == "weekday":
        return _weekday(e, anchor)
    if e.kind == "dayrel":
        return (anchor + timedelta(days=e.offset or 0)).isoformat()
    if e.kind == "period":
        k = e.offset or 0
        if e.unit == "week":
            return _iso_week(anchor + timedelta(days=7 * k))
        if e.unit == "month":
            y, m = _shift_month(anchor.year, anchor.month, k)
            return f"{y:04d}-{m:02d}"
        return f"{anchor.year + k:04d}"
    if e.kind == "ago":
        if e.hedged:
            return None
        k = e.offset or 0
        if e.unit == "day":
            return (anchor + timedelta(days=k)).isoformat()
        if e.unit == "week":
            return _iso_week(anchor + timedelta(days=7 * k))
        if e.unit == "month":
            y, m = _shift_month(anchor.year, anchor.month, k)
            return f"{y:04d}-{m:02d}"
        return f"{anchor.year + k:04d}"
    if e.kind == "last":  # "اليومين الماضيين": the days (months) next to the anchor's, not it
        k = e.offset or 0
        if e.unit == "day":
            a, b = (anchor + timedelta(days=k), anchor - timedelta(days=1)) if k < 0 else \
                (anchor + timedelta(days=1), anchor + timedelta(days=k))
            return f"{a.isoformat()}/{b.isoformat()}"
        y0, m0 = _shift_month(anchor.year, anchor.month, k if k < 0 else 1)
        y1, m1 = _shift_month(anchor.year, anchor.month, -1 if k < 0 else k)
        return f"{y0:04d}-{m0:02d}/{y1:04d}-{m1:02d}"
    if e.kind == "curday":
        y, m = _shift_month(anchor.year, anchor.month, e.mod or 0)
        a = _mk(y, m, e.d)
        if a is None:
            return None
        if e.d2:
            b = _mk(y, m, e.d2)
            return f"{a.isoformat()}/{b.isoformat()}" if b else a.isoformat()
        return a.isoformat()
    return None
