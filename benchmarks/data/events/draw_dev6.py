"""Re-draw the candidate sentences of ``dev6.jsonl`` (see the README here); prints JSON lines.

    python benchmarks/data/events/draw_dev6.py > /tmp/candidates_dev6.jsonl

The rule of ``draw_dev5.py`` with another seed and the exclusion widened by one draw: every
article whose url is written in any file under ``benchmarks/data/`` (``dev5.jsonl`` included;
only ``dev6.jsonl`` itself, annotated from this draw, is not counted) and every article among
the candidates of ``heldout2``, ``heldout3``, ``dev4`` and ``dev5`` (read by their annotators,
even when passed over) is skipped.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_dev5  # noqa: E402
from draw_heldout3 import CANDIDATES, URL, draw, load_articles  # noqa: E402

SEED = 20261127


def all_urls() -> set[str]:
    """Every url written in any file under benchmarks/data/, except in dev6.jsonl."""
    used: set[str] = set()
    for f in sorted(HERE.parent.rglob("*")):
        if not f.is_file() or (f.parent == HERE and f.name == "dev6.jsonl"):
            continue
        try:
            text = f.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        used.update(u.rstrip(".,;:)]}") for u in URL.findall(text))
    return used


def earlier_candidates(arts: list) -> set[str]:
    """The articles among the candidates of heldout2, heldout3, dev4 (as draw_dev5.py re-draws
    them) and dev5 (drawn with draw_dev5.py's own exclusion)."""
    held = draw_dev5.earlier_candidates(arts)
    held |= {c["url"] for c in draw(arts, draw_dev5.SEED, draw_dev5.all_urls() | held, CANDIDATES)}
    return held


def main() -> int:
    arts = load_articles()
    skip = all_urls() | earlier_candidates(arts)
    for c in draw(arts, SEED, skip, CANDIDATES):
        print(json.dumps(c, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
