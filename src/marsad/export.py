"""The public export formats: ``marsad/v1`` JSON, JSONL and CSV (CONTRACT.md).

Exports stream row by row so a store of any size exports in constant memory,
and articles come in id order so the same store always gives the same bytes.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from marsad.pipeline import ensure_linked
from marsad.store.sqlite import Store

SCHEMA = "marsad/v1"


def article_record(row: sqlite3.Row) -> dict[str, Any]:
    """One article in the ``marsad/v1`` shape.  Mentions carry their entity and
    quotes their speaker when the row comes with the link result
    (``Store.linked_article_rows``)."""
    analysis = json.loads(row["analysis"]) if row["analysis"] else {}
    keys = row.keys()
    story = row["story"] if "story" in keys else None
    if "mention_entities" in keys and row["mention_entities"]:
        ents = json.loads(row["mention_entities"])
        speakers = json.loads(row["quote_speakers"])
        for m, e in zip(analysis.get("mentions", []), ents, strict=False):
            m["entity"] = e
        for q, sp in zip(analysis.get("quotes", []), speakers, strict=False):
            q["speaker"] = sp
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
        "quotes": [quote_record(q) for q in analysis.get("quotes", [])],
        "events": [_event(e) for e in analysis.get("events", [])],
        "story": story,
    }


def _pick(d: dict, keys: tuple[str, ...]) -> dict:
    return {k: d.get(k) for k in keys}


def quote_record(q: dict) -> dict:
    """One quote of an analysis in the ``marsad/v1`` shape."""
    out = _pick(q, ("start", "end", "text", "speaker", "speaker_text", "cue", "direct"))
    for extra in ("medium", "negated", "speaker_start", "speaker_end"):
        if q.get(extra) is not None:
            out[extra] = q[extra]
    return out


def _event(e: dict) -> dict:
    out = _pick(e, ("start", "end", "type", "trigger", "date", "modality", "polarity", "place",
                    "sentence_start", "sentence_end"))
    out["participants"] = [_pick(p, ("role", "text", "start", "end")) for p in e.get("participants", [])]
    return out


def iter_articles(store: Store) -> Iterator[dict[str, Any]]:
    """Every article with its link result, in id order (the store is linked first if stale)."""
    ensure_linked(store)
    for row in store.linked_article_rows():
        yield article_record(row)


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=False)


def _write_list(out: TextIO, name: str, records: Iterable[dict[str, Any]], last: bool = False) -> None:
    out.write(f'"{name}": [')
    first = True
    for rec in records:
        out.write(("\n" if first else ",\n") + _dump(rec))
        first = False
    out.write("\n]" + ("\n" if last else ",\n"))


def write_json(store: Store, out: TextIO) -> None:
    """The whole knowledge base as one JSON document, streamed from the store's
    link tables (linking first if articles changed since the last link)."""
    out.write('{\n"schema": ' + json.dumps(SCHEMA) + ",\n")
    _write_list(out, "articles", iter_articles(store))
    _write_list(out, "entities", store.entity_records())
    _write_list(out, "events", store.event_records())
    _write_list(out, "stories", store.story_records())
    _write_list(out, "contradictions", store.contradiction_records(), last=True)
    out.write("}\n")


def write_jsonl(store: Store, out: TextIO) -> None:
    """One JSON object per line, each with a "record" kind: a header, then articles,
    entities, events, stories and contradictions."""
    out.write(_dump({"schema": SCHEMA, "record": "header"}) + "\n")
    for rec in iter_articles(store):
        out.write(_dump({"record": "article", **rec}) + "\n")
    for kind, records in (("entity", store.entity_records()), ("event", store.event_records()),
                          ("story", store.story_records()),
                          ("contradiction", store.contradiction_records())):
        for rec in records:
            out.write(_dump({"record": kind, **rec}) + "\n")


CSV_FIELDS = ("id", "parent", "title", "outlet", "section", "credited_source", "published",
              "published_basis", "page_date", "source_path", "source_url", "body")


def write_csv(store: Store, out: TextIO) -> None:
    """Articles as CSV (UTF-8), one row each; bodies keep their blank-line paragraphs."""
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_FIELDS)
    for row in store.article_rows():
        rec = article_record(row)
        w.writerow([rec["id"], rec["parent"], rec["title"], rec["outlet"], rec["section"],
                    rec["credited_source"], rec["published"]["value"], rec["published"]["basis"],
                    rec["page_date"], rec["source"]["path"], rec["source"]["url"], rec["body"]])


WRITERS = {"json": write_json, "jsonl": write_jsonl, "csv": write_csv}
