"""link: corpus-level work over every stored article: entities, stories and
their cited summaries (timelines and contradictions to come).

Linking reads the store in canonical order (entities by article id, stories
by publication date then id), so its result does not depend on the order
articles were ingested.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, replace

from marsad.link.entities import EntityRecord, EntityResolver
from marsad.link.stories import Story, StoryClusterer, StoryInput, canonical_order
from marsad.link.summary import SummarySentence, summarise
from marsad.model import Mention

SMALL_STORE = 2000
# Entity types that say who and where a story is about.
_STORY_TYPES = {"PER", "ORG", "GPE", "LOC", "FAC"}


def mentions_of(analysis_json: str) -> tuple[Mention, ...]:
    data = json.loads(analysis_json) if analysis_json else {}
    return tuple(Mention(**m) for m in data.get("mentions", []))


@dataclass(frozen=True)
class ArticleView:
    """What linking needs of a stored article."""

    id: str
    title: str | None
    body: str
    published: str | None
    outlet: str | None
    analysis: str


class Linker:
    """Entity resolution and story grouping over a whole store, built once in
    canonical order (``build``) and then grown article by article (``add``)."""

    def __init__(self) -> None:
        self.resolver = EntityResolver()
        self.clusterer = StoryClusterer()

    def _input(self, r: ArticleView) -> StoryInput:
        linked = self.resolver.add(r.id, mentions_of(r.analysis))
        keys = tuple(sorted({m.entity for m in linked if m.entity and m.type in _STORY_TYPES}))
        return StoryInput(r.id, r.title or "", r.body, r.published, r.outlet, keys)

    def build(self, rows: Iterable[ArticleView]) -> Linker:
        """``rows`` in article id order."""
        inputs = [self._input(r) for r in rows]
        # A small store gets background pseudo-documents so the words its reports share
        # still count as rare (see StoryClusterer); from SMALL_STORE articles on, none.
        self.clusterer = StoryClusterer(background_docs=max(0, SMALL_STORE - len(inputs)))
        for inp in canonical_order(inputs):
            self.clusterer.add(inp)
        return self

    def build_lean(self, rows: Iterable[ArticleView],
                   fetch: Callable[[list[str]], Iterable[ArticleView]]) -> Linker:
        """``build`` without holding every article's text at once: ``rows`` (in article
        id order) are read once for the entities, then the texts again, in canonical
        order and a few hundred at a time, through ``fetch(ids)`` (the same articles,
        any order) for the stories.  The same result as ``build``."""
        light = []
        for r in rows:
            inp = self._input(r)
            light.append(replace(inp, title="", body=""))
        self.clusterer = StoryClusterer(background_docs=max(0, SMALL_STORE - len(light)))
        order = canonical_order(light)
        for i in range(0, len(order), 500):
            chunk = order[i:i + 500]
            views = {v.id: v for v in fetch([c.article_id for c in chunk])}
            for c in chunk:
                v = views[c.article_id]
                self.clusterer.add(replace(c, title=v.title or "", body=v.body))
        return self

    def add(self, rows: Iterable[ArticleView]) -> list[str]:
        """Place new articles (in id order) without touching the others; returns
        the ids of the stories they joined or founded."""
        inputs = [self._input(r) for r in rows]
        return sorted({self.clusterer.add(inp) for inp in canonical_order(inputs)})

    def mentions(self, article_id: str, analysis: str | dict) -> tuple[Mention, ...]:
        """The article's mentions with their final entity ids (an article already
        added is read from what the resolver recorded of it, so the state does not
        change); ``analysis`` as JSON or already parsed."""
        ms = (mentions_of(analysis) if isinstance(analysis, str)
              else tuple(Mention(**m) for m in analysis.get("mentions", [])))
        return self.resolver.linked(article_id, ms)

    def story_of(self, article_id: str) -> str | None:
        return self.clusterer.story_of(article_id)

    def story(self, story_id: str) -> Story | None:
        return self.clusterer.story(story_id)

    def entities(self) -> list[EntityRecord]:
        return self.resolver.entities()

    def stories(self) -> list[Story]:
        return self.clusterer.stories()

    def summary(self, story: Story, bodies: Sequence[tuple[str, str]]) -> list[SummarySentence]:
        """``bodies``: (id, body) of the story's articles in canonical order."""
        copies = {c for c, _ in story.duplicates}
        return summarise(list(bodies), copies)


def entity_record(e: EntityRecord) -> dict:
    d = asdict(e)
    d["aliases"] = list(e.aliases)
    return d


def story_record(linker: Linker, s: Story, bodies: Sequence[tuple[str, str]]) -> dict:
    """A story in the ``marsad/v1`` shape, with its cited summary (``bodies`` as
    for ``Linker.summary``)."""
    sents = linker.summary(s, bodies)
    return {
        "id": s.id,
        "title": s.title,
        "articles": list(s.articles),
        "outlets": list(s.outlets),
        "first_date": s.first_date,
        "last_date": s.last_date,
        "main_entities": list(s.main_entities),
        "duplicates": [list(d) for d in s.duplicates],
        "timeline": [],
        "summary": " ".join(x.text for x in sents),
        "summary_sentences": [{"text": x.text, "articles": list(x.articles),
                               "evidence": {"article": x.article, "start": x.start, "end": x.end}}
                              for x in sents],
    }
