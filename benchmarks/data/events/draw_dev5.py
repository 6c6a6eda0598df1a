"""Re-draw the candidate sentences of ``dev5.jsonl`` (see the README here); prints JSON lines.

    python benchmarks/data/events/draw_dev5.py > /tmp/candidates_dev5.jsonl

The rule of ``draw_heldout3.py`` with another seed and the widest exclusion so far: every article
whose url is written in any file under ``benchmarks/data/`` (``heldout3.jsonl`` and ``dev4.jsonl``
included; only ``dev5.jsonl`` itself, annotated from this draw, is not counted) and every article
among the candidates of ``heldout2``, ``heldout3`` and ``dev4`` (read by their annotators, even
when passed over) is skipped.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_dev4  # noqa: E402
import draw_heldout3  # noqa: E402
from draw_heldout3 import CANDIDATES, URL, draw, heldout2_urls, load_articles, used_urls  # noqa: E402

SEED = 20261126


def all_urls() -> set[str]:
    """Every url written in any file under benchmarks/data/, except in dev5.jsonl."""
    used: set[str] = set()
    for f in sorted(HERE.parent.rglob("*")):
        if not f.is_file() or (f.parent == HERE and f.name == "dev5.jsonl"):
            continue
        try:
            text = f.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        used.update(u.rstrip(".,;:)]}") for u in URL.findall(text))
    return used


def earlier_candidates(arts: list) -> set[str]:
    """The articles among the candidates of heldout2, heldout3 and dev4, re-drawn as
    draw_dev4.py draws them (an article skipped there that was never a candidate changes
    nothing in those draws, so dev5's urls may stay in their exclusion)."""
    used = used_urls()
    held = heldout2_urls(arts, ("heldout3.jsonl", "dev4.jsonl", "dev5.jsonl"))
    held |= {c["url"] for c in draw(arts, draw_heldout3.SEED, used | held, CANDIDATES)}
    held |= {c["url"] for c in draw(arts, draw_dev4.SEED, used | held, CANDIDATES)}
    return held


def main() -> int:
    arts = load_articles()
    skip = all_urls() | earlier_candidates(arts)
    for c in draw(arts, SEED, skip, CANDIDATES):
        print(json.dumps(c, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
