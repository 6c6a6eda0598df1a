"""The matching key of a line, shared by the furniture rules and the line reader."""

from __future__ import annotations

import re

from marsad.arabic.normalize import search_key

_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و",
                       "ئ": "ي", "ک": "ك", "ی": "ي", "ہ": "ه",
                       **{c: str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")},
                       **{c: str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")}})
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def line_key(text: str) -> str:
    """Matching key of a line: the text layer's search key, so the furniture rules
    match every outlet's spelling exactly as search does."""
    return search_key(text).strip()


def fold(pattern: str) -> str:
    """Fold the letters of a rule written in natural spelling.  Not ``search_key``:
    that would lowercase and re-space the regex syntax (\\S, \\W)."""
    return _MARKS.sub("", pattern).translate(_FOLD)
