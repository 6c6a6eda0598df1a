"""Build the web UI's Arabic font: Noto Sans Arabic (regular and bold), subset to the
Arabic, Arabic presentation forms, Latin and punctuation ranges and saved as WOFF2.

Source: Debian's ``fonts-noto-core`` package (20201225-1), files
``NotoSansArabic-Regular.ttf`` and ``NotoSansArabic-Bold.ttf``; Google's Noto
fonts, SIL Open Font License 1.1 (OFL.txt beside this script), which allows
bundling and subsetting.  The UI never fetches a font from the internet.

Run once (needs fonttools and brotli):
    apt-get download fonts-noto-core && dpkg -x fonts-noto-core_*.deb /tmp/noto
    python build_font.py /tmp/noto/usr/share/fonts/truetype/noto
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

RANGES = ("U+0000-00FF,U+0600-06FF,U+0750-077F,U+08A0-08FF,U+FB50-FDFF,U+FE70-FEFF,"
          "U+2000-206F,U+20AC,U+2190-2193,U+25CF")


def build(src_dir: Path, out_dir: Path) -> None:
    for weight in ("Regular", "Bold"):
        opts = subset.Options()
        opts.flavor = "woff2"
        opts.layout_features = ["*"]
        opts.name_IDs = ["*"]
        font = subset.load_font(str(src_dir / f"NotoSansArabic-{weight}.ttf"), opts)
        sub = subset.Subsetter(opts)
        sub.populate(unicodes=subset.parse_unicodes(RANGES))
        sub.subset(font)
        subset.save_font(font, str(out_dir / f"NotoSansArabic-{weight}.woff2"), opts)


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(__file__).parent)
