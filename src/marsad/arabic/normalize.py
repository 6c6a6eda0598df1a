"""Search keys for Arabic text: one spelling per word, built beside the original, never over it.

Arabic news spells the same word many ways: with or without diacritics, with any of four alef
forms, with final ى or ي, ة or ه, with Persian keyboard letters (ک ی), with Eastern digits, with
invisible bidi marks pasted from the web. A *search key* folds all of these to one form so that
matching and full-text search see one word. The stored text is never changed (DESIGN.md:
"normalisation never changes the text that is stored and shown"); `search_key_with_map` gives,
for every key character, the index of the original character it came from, so a match found in
key space can be shown as a span of the original.

Rules (each one is tested in tests/arabic/test_normalize.py):

* diacritics dropped: harakat, tanween, shadda, sukun, superscript (dagger) alef, maddah and
  hamza marks written as combining characters, Quranic annotation signs; tatweel (ـ) dropped;
* alef forms أ إ آ ٱ ٲ ٳ ٵ → ا;  ى → ي;  ة → ه;  ؤ → و;  ئ → ي;
* hamza on its own line (ء) is *kept*, so ماء (water) does not become ما ("what"); two common
  seat variations are folded so that the spellings used by different outlets meet:
  ئو → وو (مسئول / مسؤول, شئون / شؤون) and final يء → ي (شيء / شئ, بريء / برئ);
* Persian, Urdu, Kurdish and Maghrebi look-alikes folded: ک ڪ ڭ گ → ك;  ی ۍ ې ێ → ي;
  ہ ە ۀ ھ ۃ → ه;  پ → ب;  چ → ج;  ژ → ز;  ڤ ڥ → ف;  ڨ → ق;  ۆ → و;  ڕ → ر;  ڵ → ل.
  گ (a /g/) goes to ك, its visual family; the name key (namekey.py) then puts every letter
  used for /g/ (ك ج غ ق) in one class, so nothing is lost for names;
* Arabic-Indic (٠-٩) and Eastern (۰-۹) digits → 0-9; ٫ → "." and ٬ → "," and ٪ → "%";
* zero-width and bidi controls dropped (U+200B-200F, U+202A-202E, U+2060, U+2066-2069, U+FEFF,
  U+061C, soft hyphen);
* punctuation variants mapped: ، → ,  ؛ → ;  ؟ → ?  ۔ → .  « » “ ” „ ‟ ″ → "  ‘ ’ ‚ ‛ → '
  dashes ‐ ‑ ‒ – — ― → -  and … → ...;
* Arabic presentation forms (ﻻ ﺃ ...) expanded to ordinary letters and then folded as above;
* Latin (and other cased scripts) lower-cased, one character to one character;
* every run of whitespace (any Unicode space, tab, newline) → one space; no space at either end.

Speed: `search_key` is one `str.translate` with a precomputed table, two `str.replace` calls that
cost nothing when their pattern is absent, and one compiled regex for runs of spaces.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

__all__ = ["key_span_to_original", "search_key", "search_key_with_map"]

# Private-use placeholder for ئ while the table runs, so that ئو can be told from يو afterwards.
_YEH_HAMZA_MARK = "\ue000"

_DIACRITICS = (
    [chr(c) for c in range(0x064B, 0x0660)]  # tanween, harakat, shadda, sukun, maddah, hamza marks
    + ["\u0670"]  # superscript (dagger) alef
    + [chr(c) for c in range(0x0610, 0x061B)]  # honorific and Quranic signs above/below
    + [chr(c) for c in range(0x06D6, 0x06DD)]  # Quranic annotation (small high ligatures)
    + [chr(c) for c in range(0x06DF, 0x06E5)]
    + [chr(c) for c in range(0x06E7, 0x06E9)]
    + [chr(c) for c in range(0x06EA, 0x06EE)]
    + ["\u08f0", "\u08f1", "\u08f2"]  # open tanween forms
)

_INVISIBLE = (
    [chr(c) for c in range(0x200B, 0x2010)]  # ZWSP, ZWNJ, ZWJ, LRM, RLM
    + [chr(c) for c in range(0x202A, 0x202F)]  # LRE, RLE, PDF, LRO, RLO
    + [chr(c) for c in range(0x2060, 0x2065)]  # word joiner, invisible operators
    + [chr(c) for c in range(0x2066, 0x206A)]  # LRI, RLI, FSI, PDI
    + ["\ufeff", "\u061c", "\u00ad", "\u180e", "\u0640"]  # BOM, ALM, soft hyphen, MVS, tatweel
)

_LETTERS = {
    # alef forms
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا", "ٵ": "ا",
    # yeh / alef maksura
    "ى": "ي", "ی": "ي", "ۍ": "ي", "ې": "ي", "ێ": "ي", "ے": "ي", "ٸ": "ي",
    "ئ": _YEH_HAMZA_MARK,
    # waw
    "ؤ": "و", "ٶ": "و", "ۆ": "و", "ۇ": "و", "ۈ": "و", "ۋ": "و", "ٷ": "و",
    # heh / teh marbuta
    "ة": "ه", "ۃ": "ه", "ہ": "ه", "ە": "ه", "ۀ": "ه", "ھ": "ه", "ۂ": "ه",
    # kaf family (گ is /g/: see the module docstring)
    "ک": "ك", "ڪ": "ك", "ڭ": "ك", "گ": "ك",
    # Persian and Maghrebi letters for sounds Arabic lacks
    "پ": "ب", "چ": "ج", "ژ": "ز", "ڤ": "ف", "ڥ": "ف", "ڨ": "ق", "ڕ": "ر", "ڵ": "ل",
}

_PUNCT = {
    "،": ",", "؛": ";", "؟": "?", "۔": ".", "٫": ".", "٬": ",", "٪": "%",
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-",
    "…": "...",
}

_SPACE_RUN = re.compile(" {2,}")


def _fold_char(ch: str) -> str:
    """The key text of one character, presentation forms expanded (used to build the table)."""
    if ch in _INVISIBLE or ch in _DIACRITICS:
        return ""
    if ch in _LETTERS:
        return _LETTERS[ch]
    if ch in _PUNCT:
        return _PUNCT[ch]
    if ch.isspace():
        return " "
    if "0" <= ch <= "9":
        return ch
    if ch.isdigit() and unicodedata.decimal(ch, None) is not None:
        return str(unicodedata.decimal(ch))
    code = ord(ch)
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        expanded = unicodedata.normalize("NFKC", ch)
        if expanded != ch and len(expanded) <= 4:
            return "".join(_fold_char(c) for c in expanded)
        return ch
    low = ch.lower()
    if len(low) == 1:
        return low
    return ch


def _build_tables() -> tuple[list[int | str | None], dict[str, str]]:
    """The translate table (a list indexed by code point) and the same folds as a dict.

    ``str.translate`` looks each character up with ``table[ord(ch)]``; a list answers that
    faster than a dict, and a code point past its end (emoji, rare scripts) raises IndexError,
    which ``translate`` reads as "keep the character".
    """
    table: list[int | str | None] = list(range(0x10000))
    per_char: dict[str, str] = {}
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        out = _fold_char(ch)
        if out == ch:
            continue
        per_char[ch] = out
        if not out:
            table[code] = None
        elif len(out) == 1:
            table[code] = ord(out)
        else:
            table[code] = out
    return table, per_char


_TABLE, _CHAR_MAP = _build_tables()


def search_key(text: str) -> str:
    """The matching/search key of ``text`` (rules in the module docstring).

    Two spellings of a word that readers take for the same word get the same key, so a search
    index built over keys finds every spelling. Length and offsets differ from ``text``: use
    `search_key_with_map` to map a match back to the original.
    """
    key = text.translate(_TABLE)
    if _YEH_HAMZA_MARK in key:
        key = key.replace(_YEH_HAMZA_MARK + "و", "وو").replace(_YEH_HAMZA_MARK, "ي")
    while "يء" in key:  # a loop, so that يءء also folds (search_key is idempotent)
        key = key.replace("يء", "ي")
    if "  " in key:
        key = _SPACE_RUN.sub(" ", key)
    if key[:1] == " " or key[-1:] == " ":
        key = key.strip(" ")
    return key


def search_key_with_map(text: str) -> tuple[str, list[int]]:
    """The same key as `search_key`, plus for each key character the index of its source.

    ``mapping[i]`` is the index in ``text`` of the character that produced ``key[i]``. A
    character that expands (… → ...) gives several key characters with the same index; a run of
    whitespace maps to its first character. Slower than `search_key` (a Python loop): use it
    for highlighting and snippets, not for bulk indexing.
    """
    chars: list[str] = []
    mapping: list[int] = []
    fold = _CHAR_MAP.get
    for i, ch in enumerate(text):
        out = fold(ch, ch)
        if len(out) == 1:
            chars.append(out)
            mapping.append(i)
        elif out:
            for c in out:
                chars.append(c)
                mapping.append(i)
    # hamza seat folds, as in search_key
    n = len(chars)
    keep_chars: list[str] = []
    keep_map: list[int] = []
    for j in range(n):
        c = chars[j]
        if c == _YEH_HAMZA_MARK:
            c = "و" if j + 1 < n and chars[j + 1] == "و" else "ي"
        elif c == "ء" and keep_chars and keep_chars[-1] == "ي":
            continue
        if c == " " and (not keep_chars or keep_chars[-1] == " "):
            continue
        keep_chars.append(c)
        keep_map.append(mapping[j])
    if keep_chars and keep_chars[-1] == " ":
        keep_chars.pop()
        keep_map.pop()
    return "".join(keep_chars), keep_map


def key_span_to_original(
    mapping: Sequence[int],
    start: int,
    end: int,
    original_len: int,
    text: str | None = None,
) -> tuple[int, int]:
    """Map the key span ``[start, end)`` back to a span of the original text.

    The original span starts at the source of ``key[start]`` and runs up to the source of the
    next key character, so the diacritics and tatweel that followed the last matched letter are
    included (a match on قبل highlights the whole of قبِلَ). At the end of the key it runs to
    ``original_len``; pass ``text`` to trim trailing whitespace and invisible characters there.
    """
    n = len(mapping)
    if not 0 <= start <= end <= n:
        raise ValueError(f"key span [{start}, {end}) outside a key of length {n}")
    orig_start = mapping[start] if start < n else original_len
    if end == start:
        return orig_start, orig_start
    orig_end = mapping[end] if end < n else original_len
    orig_end = max(orig_end, mapping[end - 1] + 1)
    if text is not None:
        floor = mapping[end - 1] + 1
        while orig_end > floor and (
            text[orig_end - 1].isspace() or _CHAR_MAP.get(text[orig_end - 1]) == ""
        ):
            if unicodedata.category(text[orig_end - 1]) == "Mn" or text[orig_end - 1] == "\u0640":
                break
            orig_end -= 1
    return orig_start, orig_end
