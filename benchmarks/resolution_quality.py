"""Entity resolution quality on real Arabic spelling variants.

Reads ``benchmarks/data/entities/variant_pairs.tsv`` (names as outlets really
spell them: pairs that must merge and pairs that must stay apart), feeds every
name as a mention of its own article to one :class:`EntityResolver`, and
scores the pairs: a pair is predicted "merge" when both names got the same
entity id.  Prints JSON with pairwise precision, recall and F1 (positives are
the must-merge pairs; the bar is F1 >= 0.95), the counts, and the pairs it
gets wrong.

    python benchmarks/resolution_quality.py [--order reverse]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from marsad.link.entities import EntityResolver
from marsad.model import Mention

PAIRS = Path(__file__).resolve().parent / "data" / "entities" / "variant_pairs.tsv"


def read_pairs(path: Path = PAIRS) -> list[tuple[str, str, str, str, str]]:
    """(a, b, type_a, type_b, expected) rows."""
    rows = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip() or line.startswith("#"):
            continue
        a, b, typ, expected, *_ = line.split("\t")
        ta, _, tb = typ.partition("|")
        rows.append((a, b, ta, tb or ta, expected))
    return rows


def evaluate(rows, order: str = "file") -> dict:
    names = []
    for a, b, ta, tb, _ in rows:
        names += [(a, ta), (b, tb)]
    uniq = list(dict.fromkeys(names))
    if order == "reverse":
        uniq.reverse()
    elif order == "sorted":
        uniq.sort()
    r = EntityResolver()
    for i, (name, typ) in enumerate(uniq):
        r.add(f"n{i}", [Mention(0, len(name), name, typ)])
    # ids as they stand once every name is in (a later spelling may relabel)
    ent = {}
    for i, (name, typ) in enumerate(uniq):
        ent[(name, typ)] = r.resolve(r.add(f"n{i}", [Mention(0, len(name), name, typ)])[0].entity)
    tp = fp = fn = tn = 0
    wrong = []
    for a, b, ta, tb, expected in rows:
        same = ent[(a, ta)] == ent[(b, tb)]
        if expected == "merge":
            tp += same
            fn += not same
        else:
            fp += same
            tn += not same
        if same != (expected == "merge"):
            wrong.append(f"{a} / {b} ({expected})")
    p = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * rec / (p + rec) if p + rec else 0.0
    return {
        "pairs": len(rows),
        "merge_pairs": tp + fn,
        "apart_pairs": fp + tn,
        "precision": round(p, 4),
        "recall": round(rec, 4),
        "f1": round(f, 4),
        "wrong": wrong,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description="entity resolution on spelling-variant pairs")
    ap.add_argument("--order", choices=("file", "reverse", "sorted"), default="file")
    args = ap.parse_args()
    result = {"bar": 0.95, **evaluate(read_pairs(), args.order)}
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    print()


if __name__ == "__main__":
    main()
