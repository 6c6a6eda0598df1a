"""The spelling-variant table (benchmarks/data/variants.tsv): recall 100%, precision >= 0.9.

A row matches when the query's index terms are all among the variant's (words), or, for rows
whose note starts with "name", when the query has the name key of the variant or of one of its
words (a name written inside a phrase: "العاصمة الأوكرانية كيف").  Whether such a word is the
name in context is the search's to judge (benchmarks/search_variants.py runs the real search).
"""

from __future__ import annotations

import csv
from pathlib import Path

from marsad.arabic.clitics import index_terms
from marsad.arabic.namekey import name_key

TABLE = Path(__file__).parents[2] / "benchmarks" / "data" / "variants.tsv"


def load() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def matches(row: dict[str, str]) -> bool:
    query, variant = row["query"], row["variant"]
    if set(index_terms(query)) <= set(index_terms(variant)):
        return True
    if not row["note"].startswith("name"):
        return False
    key = name_key(query)
    return key == name_key(variant) or key in {name_key(w) for w in variant.split()}


def test_table_shape() -> None:
    rows = load()
    assert len(rows) >= 120
    assert all(row["should_match"] in {"0", "1"} for row in rows)
    assert sum(row["should_match"] == "0" for row in rows) >= 20
    assert all(index_terms(row["query"]) for row in rows)


def test_recall_is_total() -> None:
    misses = [(r["query"], r["variant"], r["note"]) for r in load() if r["should_match"] == "1" and not matches(r)]
    assert not misses


def test_precision(capsys) -> None:
    rows = load()
    predicted = [r for r in rows if matches(r)]
    true_pos = sum(r["should_match"] == "1" for r in predicted)
    precision = true_pos / len(predicted)
    false_pos = [(r["query"], r["variant"]) for r in predicted if r["should_match"] == "0"]
    with capsys.disabled():
        print(f"\nvariants: {len(rows)} rows, precision {precision:.3f}, false matches {false_pos}")
    assert precision >= 0.9
