"""link: corpus-level work over every stored article: entities, stories and
their cited summaries (timelines and contradictions to come).

Linking reads the store in canonical order (entities by article id, stories
by publication date then id), so its result does not depend on the order
articles were ingested.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from marsad.link.entities import EntityRecord, EntityResolver
from marsad.link.stories import ArticleFeatures, Story, StoryClusterer, StoryInput, canonical_order
from marsad.link.summary import summarise
from marsad.model import Mention

SMALL_STORE = 2000
LEAN_CHUNK = 500  # articles whose texts are read (and story features made) at a time
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
                   texts: Callable[[list[list[str]]], Iterator[dict[str, tuple[str, ArticleFeatures]]]]
                   ) -> Linker:
        """``build`` without holding every article's text at once: ``rows`` (in article
        id order) are read once for the entities; then the stories are placed in canonical
        order, a few hundred articles at a time, from ``texts(chunks)``, which yields for
        each chunk of ids in turn its articles' titles and story features
        (`StoryClusterer.features`), made here or by other processes (see
        ``marsad.linking``).  The same result as ``build``."""
        light = []
        for r in rows:
            inp = self._input(r)
            light.append(replace(inp, title="", body=""))
        self.clusterer = StoryClusterer(background_docs=max(0, SMALL_STORE - len(light)))
        order = canonical_order(light)
        chunks = [order[i:i + LEAN_CHUNK] for i in range(0, len(order), LEAN_CHUNK)]
        for chunk, made in zip(chunks, texts([[c.article_id for c in ch] for ch in chunks]), strict=True):
            for c in chunk:
                title, feats = made[c.article_id]
                self.clusterer.add(replace(c, title=title), feats)
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


def entity_record(e: EntityRecord) -> dict:
    # Field by field: ``dataclasses.asdict`` deep-copies every value (3% of a full link).
    return {"id": e.id, "type": e.type, "name": e.name, "aliases": list(e.aliases), "en": e.en,
            "mention_count": e.mention_count, "acts_for": e.acts_for}


def story_record(s: Story, bodies: Sequence[tuple[str, str]]) -> dict:
    """A story in the ``marsad/v1`` shape, with its cited summary (``bodies``: (id, body)
    of the story's articles in canonical order).  A function of the story alone, so that
    stories can be written up in another process."""
    sents = summarise(list(bodies), {c for c, _ in s.duplicates})
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
