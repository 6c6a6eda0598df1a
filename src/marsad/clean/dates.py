"""Absolute dates printed on a page (datelines, page headers, metadata).

Cleaning only needs to read complete calendar dates such as "تاريخ النشر:
11th, September 2023 GMT" or "الأحد 13 أكتوبر / October 2024"; resolving
relative expressions against a publication date is the analyze stage's job.
"""

from __future__ import annotations

import re
from datetime import date

from marsad.resources import load_json

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0640]")


def _months() -> dict[str, int]:
    table: dict[str, int] = {}
    for name, month in load_json("months.json")["names"].items():
        table[_key(name)] = month
    return table


def _key(s: str) -> str:
    s = _DIACRITICS.sub("", s.lower())
    return s.translate(str.maketrans("أإآٱىة", "اااايه"))


_MONTHS = _months()
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_SEP = r"[\s,،/\-\.]*"
# 13 أكتوبر / October 2024 ; 18 يونيو/حزيران 2024 ; 11th, September 2023
_DMY = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?{_SEP}(?:من\s+)?(?:شهر\s+)?({_MONTH_ALT})"
    rf"(?:\s*/\s*({_MONTH_ALT}))?{_SEP}(?:عام\s+|سنة\s+)?(\d{{4}})(?!\d)",
    re.I,
)
# September 11, 2023
_MDY = re.compile(rf"\b({_MONTH_ALT})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)", re.I)
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[/\.\-](\d{1,2})[/\.\-](\d{4})(?!\d)")
_YMD_SLASH = re.compile(r"(?<!\d)(\d{4})/(\d{1,2})/(\d{1,2})(?!\d)")


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The first complete calendar date in ``text`` as YYYY-MM-DD, or None."""
    s = _key(text.translate(_DIGITS))
    found: list[tuple[int, str]] = []
    for m in _ISO.finditer(s):
        v = _valid(int(m[1]), int(m[2]), int(m[3]))
        if v:
            found.append((m.start(), v))
    for m in _YMD_SLASH.finditer(s):
        v = _valid(int(m[1]), int(m[2]), int(m[3]))
        if v:
            found.append((m.start(), v))
    for m in _DMY.finditer(s):
        v = _valid(int(m[4]), _MONTHS[m[2].lower()], int(m[1]))
        if v:
            found.append((m.start(), v))
    for m in _MDY.finditer(s):
        v = _valid(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
        if v:
            found.append((m.start(), v))
    for m in _NUMERIC.finditer(s):
        # Arabic sites write day/month/year.
        v = _valid(int(m[3]), int(m[2]), int(m[1]))
        if v:
            found.append((m.start(), v))
    if not found:
        return None
    return min(found)[1]


_WEEKDAYS = ("السبت", "الاحد", "الاثنين", "الإثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه",
             "saturday", "sunday", "monday", "tuesday", "wednesday", "thursday", "friday")
_FILLER = re.compile(r"[\s,،/\-\.|:]+|\b(?:gmt|utc|am|pm|ص|م|الموافق|هـ|تاريخ|اليوم)\b|\d{1,2}:\d{2}")


def is_date_line(line: str) -> bool:
    """A line that is only a date (a page header such as 'الأحد 13 أكتوبر / October 2024')."""
    s = _key(line.translate(_DIGITS))
    if len(s) > 80 or not parse_date(line):
        return False
    rest = s
    for pat in (_DMY, _MDY, _ISO, _NUMERIC, _YMD_SLASH):
        rest = pat.sub(" ", rest)
    for w in _WEEKDAYS:
        rest = rest.replace(_key(w), " ")
    rest = _FILLER.sub(" ", rest)
    return not rest.strip()
