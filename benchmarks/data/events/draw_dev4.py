"""Re-draw the candidate sentences of ``dev4.jsonl`` (see the README here); prints JSON lines.

    python benchmarks/data/events/draw_dev4.py > /tmp/candidates_dev4.jsonl

The rule of ``draw_heldout3.py`` with another seed; the articles among the candidates of
``heldout2`` and ``heldout3`` are skipped as well, so that no held-out article is read again.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_heldout3  # noqa: E402
from draw_heldout3 import CANDIDATES, draw, heldout2_urls, load_articles, used_urls  # noqa: E402

SEED = 20261125


def main() -> int:
    arts = load_articles()
    used = used_urls()
    held = heldout2_urls(arts, ("heldout3.jsonl", "dev4.jsonl"))
    held |= {c["url"] for c in draw(arts, draw_heldout3.SEED, used | held, CANDIDATES)}
    for c in draw(arts, SEED, used | held, CANDIDATES):
        print(json.dumps(c, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
