"""dateparser behind a small Arabic normaliser: the library baseline for time values.

dateparser (BSD-3) parses one date string offline and keeps its granularity
through ``DateDataParser.get_date_data``; ``RELATIVE_BASE`` anchors relative
phrases and ``PREFER_DATES_FROM='past'`` matches news.  It does not know the
Levantine or Maghreb month names, "يونيو/حزيران" pairs, "عام 2019", Hijri
dates or Arabic-Indic digits everywhere, so ``normalise`` rewrites those first.

``benchmarks/times_quality.py`` measures this baseline against the rules in
``time_grammar``/``time_resolve`` on the same annotated expressions, per form.
On that set the rules are better for every form (see the benchmark output), so
``find_times`` does not call dateparser; this module stays as the measured
alternative and for callers who want it.  dateparser is optional: without it
``dateparser_value`` returns ``None``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache

from marsad.analyze.time_grammar import fold, lexicon

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_EGYPTIAN = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
             "أكتوبر", "نوفمبر", "ديسمبر"]


@cache
def _month_rx() -> tuple[re.Pattern[str], dict[str, int]]:
    lx = lexicon()
    return lx.month_rx, {k: v[1] for k, v in lx.month_lookup.items() if v[0] == "g"}


def normalise(text: str) -> str:
    """Rewrite an Arabic date phrase into the subset dateparser reads: ASCII
    digits, Egyptian month names, one name per month (pairs collapsed), no
    "عام"/"سنة"/"م"/"هـ" around the year, no parentheses."""
    t = text.translate(_DIGITS)
    rx, months = _month_rx()

    def sub(m: re.Match[str]) -> str:
        name = m.group("ar") or m.group("en")
        num = months.get(fold(name))
        return _EGYPTIAN[num - 1] if num else name

    t = rx.sub(sub, t)
    for name in _EGYPTIAN:  # "يونيو/يونيو", "فبراير (فبراير)" -> one
        t = re.sub(rf"{name}\s*[/(\-–]\s*{name}\s*\)?", name, t)
    t = re.sub(r"(?<!\w)(?:عام|العام|سنة|لعام|بتاريخ)(?!\w)", " ", t)
    t = re.sub(r"(?<=\d)\s*(?:م|هـ|ه)(?!\w)", " ", t)
    t = re.sub(r"[()«»]", " ", t)
    t = re.sub(r"(?<=\d)(?:st|nd|rd|th),?", "", t)
    return " ".join(t.split())


@cache
def _parser():  # pragma: no cover - trivial
    try:
        from dateparser.date import DateDataParser
    except ImportError:
        return None
    return DateDataParser(languages=["ar", "en"])


def dateparser_value(text: str, anchor: str | date | None, *, normalise_first: bool = True) -> str | None:
    """dateparser's reading of ``text`` in CONTRACT.md form, or ``None``."""
    p = _parser()
    if p is None:
        return None
    base = None
    if anchor:
        a = anchor if isinstance(anchor, date) else date.fromisoformat(str(anchor)[:10])
        base = datetime(a.year, a.month, a.day, 12, 0)
    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if base:
        settings["RELATIVE_BASE"] = base
    s = normalise(text) if normalise_first else text
    try:
        from dateparser.date import DateDataParser

        parser = DateDataParser(languages=["ar", "en"], settings=settings)
        data = parser.get_date_data(s)
    except Exception:  # dateparser raises many kinds on odd input
        return None
    d = data.date_obj if data else None
    if d is None:
        return None
    period = data.period or "day"
    if period == "year":
        return f"{d.year:04d}"
    if period == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if period == "week":
        y, w, _ = d.date().isocalendar()
        return f"{y:04d}-W{w:02d}"
    return d.date().isoformat()
