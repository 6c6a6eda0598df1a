"""Re-draw the candidate sentences of ``dev4.jsonl`` (see the README here); prints JSON lines.

    python benchmarks/data/events/draw_dev4.py > /tmp/candidates_dev4.jsonl

The rule of ``draw_heldout3.py`` with another seed; the articles among the candidates of
``heldout2`` and ``heldout3`` are skipped as well, so that no held-out article is read again.
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

from marsad.paths import corpora_dir

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_heldout2  # noqa: E402
import draw_heldout3  # noqa: E402
from draw_heldout3 import CANDIDATES, draw, used_urls  # noqa: E402

SEED = 20261125


def main() -> int:
    root = corpora_dir() / "saudinewsnet"
    arts = []
    for z in sorted(p.name for p in root.glob("*.zip")):
        with zipfile.ZipFile(root / z) as fh:
            rows = json.loads(fh.read(fh.namelist()[0]))
        arts.extend((z, r) for r in rows)
    used = used_urls()
    used2 = set()
    for folder in (HERE, HERE.parent / "quotes"):
        for f in sorted(folder.glob("*.jsonl")):
            if f.name in ("heldout2.jsonl", "heldout3.jsonl", "dev4.jsonl"):
                continue
            for line in f.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    used2.add(json.loads(line).get("url"))
    held = {c["url"] for c in draw(arts, draw_heldout2.SEED, used2, 150)}
    held |= {c["url"] for c in draw(arts, draw_heldout3.SEED, used | held, CANDIDATES)}
    for c in draw(arts, SEED, used | held, CANDIDATES):
        print(json.dumps(c, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
