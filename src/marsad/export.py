"""The public export formats: ``marsad/v1`` JSON, JSONL and CSV (CONTRACT.md).

Exports stream row by row so a store of any size exports in constant memory,
and articles come in id order so the same store always gives the same bytes.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from typing import Any, TextIO

from marsad.store.sqlite import Store

SCHEMA = "marsad/v1"


def article_record(row: sqlite3.Row) -> dict[str, Any]:
    """One article in the ``marsad/v1`` shape."""
    analysis = json.loads(row["analysis"]) if row["analysis"] else {}
    return {
        "id": row["id"],
        "source": {"path": row["source_path"], "url": row["source_url"]},
        "parent": row["parent"],
        "title": row["title"],
        "outlet": row["outlet"],
        "section": row["section"],
        "credited_source": row["credited_source"],
        "published": {"value": row["published"], "basis": row["published_basis"]},
        "page_date": row["page_date"],
        "body": row["body"],
        "removed": [{"text": t, "kind": k} for t, k in json.loads(row["removed"])],
        "mentions": [_pick(m, ("start", "end", "text", "type", "entity")) for m in analysis.get("mentions", [])],
        "times": [_pick(t, ("start", "end", "text", "value")) | ({"anchor": t["anchor"]} if t.get("anchor") else {})
                  for t in analysis.get("times", [])],
        "quotes": [_quote(q) for q in analysis.get("quotes", [])],
    }


def _pick(d: dict, keys: tuple[str, ...]) -> dict:
    return {k: d.get(k) for k in keys}


def _quote(q: dict) -> dict:
    out = _pick(q, ("start", "end", "text", "speaker", "speaker_text", "cue", "direct"))
    for extra in ("medium", "negated"):
        if q.get(extra) is not None:
            out[extra] = q[extra]
    return out


def iter_articles(store: Store) -> Iterator[dict[str, Any]]:
    for row in store.article_rows():
        yield article_record(row)


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=False)


def write_json(store: Store, out: TextIO) -> None:
    """The whole knowledge base as one JSON document, streamed."""
    out.write('{\n"schema": ' + json.dumps(SCHEMA) + ',\n"articles": [')
    first = True
    for rec in iter_articles(store):
        out.write(("\n" if first else ",\n") + _dump(rec))
        first = False
    out.write("\n],\n")
    out.write('"entities": [],\n"events": [],\n"stories": [],\n"contradictions": []\n}\n')


def write_jsonl(store: Store, out: TextIO) -> None:
    """One JSON object per line: a header line, then one line per article."""
    out.write(_dump({"schema": SCHEMA, "type": "header"}) + "\n")
    for rec in iter_articles(store):
        out.write(_dump({"type": "article", **rec}) + "\n")


CSV_FIELDS = ("id", "parent", "title", "outlet", "section", "credited_source", "published",
              "published_basis", "page_date", "source_path", "source_url", "body")


def write_csv(store: Store, out: TextIO) -> None:
    """Articles as CSV (UTF-8), one row each; bodies keep their blank-line paragraphs."""
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_FIELDS)
    for rec in iter_articles(store):
        w.writerow([rec["id"], rec["parent"], rec["title"], rec["outlet"], rec["section"],
                    rec["credited_source"], rec["published"]["value"], rec["published"]["basis"],
                    rec["page_date"], rec["source"]["path"], rec["source"]["url"], rec["body"]])


WRITERS = {"json": write_json, "jsonl": write_jsonl, "csv": write_csv}
