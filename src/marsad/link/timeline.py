"""Events merged across articles, and the dated timelines of stories.

The same event told by four outlets is one record citing four articles, and a
timeline lists events under their own dates (the day the summit happened, not
the day it was reported), coarse dates kept coarse.
"""

from __future__ import annotations

import hashlib
from typing import Any


class EventIndex:
    """Events merged across articles: the same event told by several outlets
    (same type, date and participants) is one record citing every article."""

    def __init__(self, scope: str = "") -> None:
        # Events are merged within a scope (a story): its id is part of each event's id.
        self.scope = scope
        self._by_sig: dict[str, dict[str, Any]] = {}

    def add(self, article_id: str, events: list[dict]) -> None:
        for e in events:
            keys = sorted({p.get("entity") or p.get("text") for p in e.get("participants", [])} - {None})
            sig = "|".join([e["type"], e.get("date") or "", e.get("modality", "happened"), *keys])
            rec = self._by_sig.get(sig)
            if rec is None:
                rec = self._by_sig[sig] = {
                    "id": "ev-" + hashlib.sha256((self.scope + "|" + sig).encode()).hexdigest()[:12],
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

    def timeline(self) -> list[dict[str, Any]]:
        """The dated events (not denied ones), by event date (coarse dates as given),
        each citing every article that reports it and its evidence span."""
        entries = [{"date": rec["date"], "type": rec["type"], "modality": rec["modality"],
                    "text": rec["text"], "articles": sorted(rec["articles"]), "event": rec["id"],
                    "evidence": rec["evidence"]}
                   for rec in self._by_sig.values() if rec["date"] and rec["modality"] != "denied"]
        entries.sort(key=lambda x: (x["date"], x["event"]))
        return entries
