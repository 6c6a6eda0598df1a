"""Search recall and precision on the spelling-variant table (benchmarks/data/variants.tsv).

Each row's variant text becomes one article in a fresh store; the row's query
must find that article (should_match=1) or must not (should_match=0).  Prints
JSON with recall, precision and every miss.

    python benchmarks/search_variants.py
"""

from __future__ import annotations

import csv
import json
import sys
import tempfile
from pathlib import Path

from marsad.errors import MarsadError
from marsad.ingest.readers import make_document
from marsad.model import Hints, Source
from marsad.pipeline import process
from marsad.store.sqlite import Store

TABLE = Path(__file__).resolve().parent / "data" / "variants.tsv"


def rows() -> list[dict]:
    with open(TABLE, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def measure() -> dict:
    table = rows()
    tp = fp = fn = tn = 0
    misses: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "v.db")
        ids = []
        for i, r in enumerate(table):
            text = "ورد في النص: " + r["variant"]
            doc = make_document(text.encode(), Source(path=f"row{i}"), f"row{i}",
                                Hints(title="مادة"), "text")
            try:
                p = process(doc)
                arts, ans = p.articles, p.analyses
            except MarsadError as exc:  # a variant the cleaner reads as furniture
                misses.append(f"not stored: {r['variant']}: {exc}")
                ids.append(None)
                continue
            store.put(doc, arts, ans)
            ids.append(arts[0].id)
        for i, r in enumerate(table):
            try:
                found = ids[i] in {h.id for h in store.search(r["query"], limit=1000)}
            except MarsadError as exc:
                found = False
                misses.append(f"{r['query']} | {r['variant']}: {exc}")
            want = r["should_match"].strip() == "1"
            if want and found:
                tp += 1
            elif want:
                fn += 1
                misses.append(f"missed: {r['query']} | {r['variant']}")
            elif found:
                fp += 1
                misses.append(f"false match: {r['query']} | {r['variant']}")
            else:
                tn += 1
        store.close()
    return {"rows": len(table), "should_match": tp + fn, "must_not_match": fp + tn,
            "recall": round(tp / max(1, tp + fn), 4), "precision": round(tp / max(1, tp + fp), 4),
            "false_matches": fp, "misses": misses}


if __name__ == "__main__":
    json.dump(measure(), sys.stdout, ensure_ascii=False, indent=2)
    print()
