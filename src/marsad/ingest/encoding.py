"""Decode the bytes of an Arabic page: detected, never assumed.

Arabic sites have published in UTF-8 (with or without a BOM), UTF-16,
windows-1256 and ISO-8859-6.  The last two decode almost any byte string
without error, so "it decoded" is no evidence: we decode with each candidate
and keep the one whose text looks most like Arabic prose.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from marsad.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-]+)["']""", re.I)

# Aliases sites put in their meta tags, mapped to Python codec names.
_ALIASES = {
    "windows-1256": "cp1256",
    "cp1256": "cp1256",
    "x-cp1256": "cp1256",
    "iso-8859-6": "iso8859_6",
    "iso8859-6": "iso8859_6",
    "arabic": "iso8859_6",
    "asmo-708": "iso8859_6",
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "utf-16": "utf-16",
}

_SINGLE_BYTE_ARABIC = ("cp1256", "iso8859_6")
# Every byte that is not a C0 control character (tab, newlines, form feed are fine).
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))


def _strip_bom(data: bytes) -> tuple[bytes, str] | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom):], name
    return None


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: Arabic (U+06xx) and ASCII leave a zero or 0x06 byte
    in every other position."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]

    def share(b: bytes) -> float:
        return (b.count(0) + b.count(6)) / max(1, len(b))

    if share(odd) > 0.6 and share(even) < 0.2:
        return "utf-16-le"
    if share(even) > 0.6 and share(odd) < 0.2:
        return "utf-16-be"
    return None


def _arabic_score(text: str) -> float:
    """Share of characters that plausibly belong to an Arabic page."""
    if not text:
        return 0.0
    good = 0
    for ch in text:
        o = ord(ch)
        if 0x0600 <= o <= 0x06FF or ch.isspace() or ch.isascii():
            good += 1
        elif unicodedata.category(ch).startswith("P"):
            good += 0.5
    return good / len(text)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XML document declares for itself, if any."""
    head = data[:4096]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    return _ALIASES.get(name, name)


def is_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes, outside UTF-16/32, mean this is not text."""
    sample = data[:8192]
    if not sample:
        return False
    if _strip_bom(sample) or _looks_utf16(sample):
        return False
    if b"\x00" in sample:
        return True
    controls = len(sample.translate(None, _NOT_CONTROL))
    return controls / len(sample) > 0.05


def decode(data: bytes, name: str = "<input>") -> tuple[str, str]:
    """Return ``(text, encoding)``.  Raises InputError naming ``name`` when the
    bytes are not text in any encoding an Arabic site uses."""
    if not data.strip():
        raise InputError(name, "empty input")
    bom = _strip_bom(data)
    if bom:
        body, enc = bom
        try:
            return body.decode(enc), enc
        except UnicodeDecodeError as exc:
            raise InputError(name, f"invalid {enc} after its byte-order mark: {exc.reason}") from exc
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if is_binary(data):
        raise InputError(name, "binary data, not a text or HTML page")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    candidates: list[str] = []
    if declared and declared not in ("utf-8", "utf-16"):
        candidates.append(declared)
    candidates += [c for c in _SINGLE_BYTE_ARABIC if c not in candidates]
    best: tuple[float, str, str] | None = None
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        score = _arabic_score(text) + (0.02 if enc == declared else 0.0)
        if best is None or score > best[0]:
            best = (score, text, enc)
    if best and best[0] > 0.9:
        return best[1], best[2]
    # Mostly-UTF-8 text with a few broken sequences: keep it, mark the damage.
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") / max(1, len(text)) < 0.01:
        return text, "utf-8 (with invalid bytes replaced)"
    try:
        from charset_normalizer import from_bytes

        guess = from_bytes(data).best()
    except Exception:  # pragma: no cover - library failure is reported below
        guess = None
    if guess is not None and guess.encoding:
        return str(guess), guess.encoding
    raise InputError(name, "could not detect the text encoding (not UTF-8, UTF-16, windows-1256 or ISO-8859-6)")
