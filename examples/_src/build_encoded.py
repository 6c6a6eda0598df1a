"""Regenerate the non-UTF-8 sample pages from their readable UTF-8 sources in _src/.

Each entry below maps a UTF-8 source under _src/ to the page under examples/ and the
bytes it must have.  Output is deterministic (explicit byte order for UTF-16, no
platform-dependent newline translation).

    python examples/_src/build_encoded.py          # rewrite the encoded pages
    python examples/_src/build_encoded.py --check  # exit 1 if any page is stale
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent

# source (under _src/), target (under examples/), codec, BOM bytes, newline
PAGES = [
    ("txt/almadar_putin_arrives_pyongyang.txt", "txt/almadar_putin_arrives_pyongyang.txt",
     "cp1256", b"", "\r\n"),
    ("txt/atlaspress_casablanca_derby.txt", "txt/atlaspress_casablanca_derby.txt",
     "utf-16-le", b"\xff\xfe", "\n"),
    ("txt/nabd_treaty_mutual_defense.txt", "txt/nabd_treaty_mutual_defense.txt",
     "iso-8859-6", b"", "\n"),
    ("txt/alwaha_saudi_nonoil_exports.txt", "txt/alwaha_saudi_nonoil_exports.txt",
     "utf-8", b"\xef\xbb\xbf", "\n"),
    ("html/mashreq_haouz_earthquake.html", "html/mashreq_haouz_earthquake.html",
     "cp1256", b"", "\n"),
]


def encode(src: str, codec: str, bom: bytes, newline: str) -> bytes:
    text = (HERE / src).read_text(encoding="utf-8")
    text = text.replace("\r\n", "\n")
    if newline != "\n":
        text = text.replace("\n", newline)
    return bom + text.encode(codec)  # strict: fails loudly on a character the codec lacks


def main() -> int:
    check = "--check" in sys.argv[1:]
    stale = 0
    for src, dst, codec, bom, newline in PAGES:
        data = encode(src, codec, bom, newline)
        out = EXAMPLES / dst
        if check:
            if not out.exists() or out.read_bytes() != data:
                print(f"stale: {dst}")
                stale += 1
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        print(f"wrote {dst} ({codec}{' + BOM' if bom else ''})")
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
