"""The public export formats: ``marsad/v1`` JSON, JSONL and CSV (CONTRACT.md).

Exports stream row by row so a store of any size exports in constant memory,
and articles come in id order so the same store always gives the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import asdict
from typing import Any, TextIO

from marsad.link import ArticleView, Linker, entity_record, story_record
from marsad.store.sqlite import Store

SCHEMA = "marsad/v1"


def article_record(row: sqlite3.Row, linker: Linker | None = None) -> dict[str, Any]:
    """One article in the ``marsad/v1`` shape (mentions linked to entities when a
    linker over the whole store is given)."""
    analysis = json.loads(row["analysis"]) if row["analysis"] else {}
    story = None
    if linker is not None:
        linked = linker.mentions(row["id"], row["analysis"])
        analysis["mentions"] = [asdict(m) for m in linked]
        story = linker.story_of(row["id"])
        by_key = {m.key: m.entity for m in linked if m.key and m.entity}
        for q in analysis.get("quotes", []):
            q["speaker"] = by_key.get(q.get("speaker_key"))
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
        "story": story,
    }


def _pick(d: dict, keys: tuple[str, ...]) -> dict:
    return {k: d.get(k) for k in keys}


def _quote(q: dict) -> dict:
    out = _pick(q, ("start", "end", "text", "speaker", "speaker_text", "cue", "direct"))
    for extra in ("medium", "negated", "speaker_start", "speaker_end"):
        if q.get(extra) is not None:
            out[extra] = q[extra]
    return out


def build_linker(store: Store) -> Linker:
    return Linker().build(ArticleView(r["id"], r["title"], r["body"], r["published"], r["outlet"],
                                      r["analysis"]) for r in store.article_rows())


class EventIndex:
    """Events merged across articles: the same event told by several outlets
    (same type, date and participants) is one record citing every article."""

    def __init__(self) -> None:
        self._by_sig: dict[str, dict[str, Any]] = {}

    def add(self, article_id: str, events: list[dict]) -> None:
        for e in events:
            keys = sorted({p.get("entity") or p.get("text") for p in e.get("participants", [])} - {None})
            sig = "|".join([e["type"], e.get("date") or "", e.get("modality", "happened"), *keys])
            rec = self._by_sig.get(sig)
            if rec is None:
                rec = self._by_sig[sig] = {
                    "id": "ev-" + hashlib.sha256(sig.encode()).hexdigest()[:12],
                    "type": e["type"], "date": e.get("date"), "modality": e.get("modality", "happened"),
                    "articles": [], "text": e["text"],
                    "evidence": {"article": article_id, "start": e.get("sentence_start"),
                                 "end": e.get("sentence_end")},
                }
            if article_id not in rec["articles"]:
                rec["articles"].append(article_id)

    def records(self) -> list[dict[str, Any]]:
        out = []
        for rec in sorted(self._by_sig.values(), key=lambda r: r["id"]):
            rec["articles"] = sorted(rec["articles"])
            out.append(rec)
        return out

    def timelines(self, story_of: Callable[[str], str | None]) -> dict[str, list[dict[str, Any]]]:
        """Dated events per story, by event date (coarse dates as given), each citing its articles."""
        lines: dict[str, list[dict[str, Any]]] = {}
        for rec in self._by_sig.values():
            if not rec["date"] or rec["modality"] == "denied":
                continue
            story = story_of(rec["evidence"]["article"])
            if story is None:
                continue
            lines.setdefault(story, []).append({
                "date": rec["date"], "type": rec["type"], "modality": rec["modality"],
                "text": rec["text"], "articles": sorted(rec["articles"]), "event": rec["id"]})
        for entries in lines.values():
            entries.sort(key=lambda x: (x["date"], x["event"]))
        return lines


def iter_articles(store: Store, linker: Linker | None = None) -> Iterator[dict[str, Any]]:
    for row in store.article_rows():
        yield article_record(row, linker)


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=False)


def write_json(store: Store, out: TextIO) -> None:
    """The whole knowledge base as one JSON document, streamed."""
    linker = build_linker(store)
    events = EventIndex()
    out.write('{\n"schema": ' + json.dumps(SCHEMA) + ',\n"articles": [')
    first = True
    for row in store.article_rows():
        rec = article_record(row, linker)
        events.add(rec["id"], json.loads(row["analysis"] or "{}").get("events", []))
        out.write(("\n" if first else ",\n") + _dump(rec))
        first = False
    out.write("\n],\n\"entities\": [")
    first = True
    for e in linker.entities():
        out.write(("\n" if first else ",\n") + _dump(entity_record(e)))
        first = False
    out.write('\n],\n"events": [')
    first = True
    for ev in events.records():
        out.write(("\n" if first else ",\n") + _dump(ev))
        first = False
    timelines = events.timelines(linker.story_of)
    out.write('\n],\n"stories": [')
    first = True
    for st in linker.stories():
        rec = story_record(linker, st)
        rec["timeline"] = timelines.get(st.id, [])
        out.write(("\n" if first else ",\n") + _dump(rec))
        first = False
    out.write('\n],\n"contradictions": []\n}\n')


def write_jsonl(store: Store, out: TextIO) -> None:
    """One JSON object per line, each with a "record" kind: a header, then articles, then entities."""
    linker = build_linker(store)
    out.write(_dump({"schema": SCHEMA, "record": "header"}) + "\n")
    for rec in iter_articles(store, linker):
        out.write(_dump({"record": "article", **rec}) + "\n")
    for e in linker.entities():
        out.write(_dump({"record": "entity", **entity_record(e)}) + "\n")
    for st in linker.stories():
        out.write(_dump({"record": "story", **story_record(linker, st)}) + "\n")


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
