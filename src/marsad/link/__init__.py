"""link: corpus-level work over every stored article (entities now; stories,
timelines and contradictions as they land).

Linking reads the analyses in canonical (article id) order, so its result does
not depend on the order articles were ingested.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict

from marsad.link.entities import EntityRecord, EntityResolver
from marsad.model import Mention


def mentions_of(analysis_json: str) -> tuple[Mention, ...]:
    data = json.loads(analysis_json) if analysis_json else {}
    return tuple(Mention(**m) for m in data.get("mentions", []))


class Linker:
    """Entity resolution over a whole store, then per-article lookups."""

    def __init__(self) -> None:
        self.resolver = EntityResolver()

    def build(self, rows: Iterable[tuple[str, str]]) -> Linker:
        """``rows``: (article id, analysis JSON), in article id order."""
        for article_id, analysis in rows:
            self.resolver.add(article_id, mentions_of(analysis))
        return self

    def mentions(self, article_id: str, analysis_json: str) -> tuple[Mention, ...]:
        """The article's mentions with their final entity ids (re-adding an
        article replaces its own contribution, so the state does not change)."""
        return self.resolver.add(article_id, mentions_of(analysis_json))

    def entities(self) -> list[EntityRecord]:
        return self.resolver.entities()


def entity_record(e: EntityRecord) -> dict:
    d = asdict(e)
    d["aliases"] = list(e.aliases)
    return d
