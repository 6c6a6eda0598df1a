"""Runs the link stage over a store and keeps its result in the store's link tables.

Two ways, one result shape:

* **full**: every article, in canonical order (entities by article id, stories by
  publication date then id), so the result does not depend on ingestion order.
  ``rebuild`` and ``marsad link --full`` use it, and any link whose saved state
  does not match the store falls back to it.
* **incremental**: the linker's state (entity resolver and story clusterer) is
  saved beside the store after each link (``<db>.link-state``); when only new
  articles arrived since, they are added to that state and only what they touch
  is recomputed: the stories they join, articles whose entities moved because a
  name joined a better-known spelling, and the entity list.  Adding 1,000
  articles to a large store does not re-link it.  New articles join in arrival
  order, so a store grown this way can differ in a few story boundaries from one
  linked in full; ``marsad link --full`` gives the canonical result.

Per story, the same function makes everything in both ways: publication dates
from siblings, events merged across outlets, the timeline, the cited summary
and the contradictions.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from marsad.analyze import analyze
from marsad.link import SMALL_STORE, ArticleView, Linker, entity_record, story_record
from marsad.link.contradictions import StoryArticle, contradiction_record, find_contradictions
from marsad.link.stories import Story
from marsad.link.story_dates import Sibling, absolute_days, story_date
from marsad.link.timeline import EventIndex
from marsad.model import Article, PublishedDate, Source
from marsad.progress import Progress
from marsad.store.linked import LinkDelta, LinkTables
from marsad.store.sqlite import Store, analysis_json

STATE_FORMAT = 5  # 5: story terms are stemmed; a story keeps the span its clear members give


@dataclass(frozen=True)
class LinkReport:
    articles: int
    stories: int
    entities: int
    events: int
    contradictions: int
    written: bool  # False when articles changed while linking (the caller may link again)
    mode: str = "full"  # full | incremental
    added: int = 0  # articles new to the link (incremental)

    def as_dict(self) -> dict:
        return {"articles": self.articles, "stories": self.stories, "entities": self.entities,
                "events": self.events, "contradictions": self.contradictions, "written": self.written,
                "mode": self.mode, "added": self.added}


class _State:
    """What an incremental link continues from (pickled beside the store)."""

    def __init__(self, generation: int, linker: Linker, node_ids: dict[str, str]) -> None:
        self.format = STATE_FORMAT
        self.generation = generation
        self.linker = linker
        self.node_ids = node_ids

    @property
    def ids(self) -> set[str]:
        """The articles the state holds (every linked article is in a story)."""
        return self.linker.clusterer.article_ids()


def _view(r: Any) -> ArticleView:
    # A date the story gave is not the article's own: clustering ignores it, so
    # linking again gives the same stories.
    own = r["published"] if r["published_basis"] != "story" else None
    return ArticleView(r["id"], r["title"], r["body"], own, r["outlet"], r["analysis"])


def _article_links(linker: Linker, row: Any) -> tuple[tuple[str | None, ...], tuple[str | None, ...]]:
    """(entity per mention, speaker entity per quote) of one article."""
    analysis = json.loads(row["analysis"] or "{}")
    linked = linker.mentions(row["id"], analysis)
    by_key = {m.key: m.entity for m in linked if m.key and m.entity}
    speakers = tuple(by_key.get(q.get("speaker_key")) for q in analysis.get("quotes", []))
    return tuple(m.entity for m in linked), speakers


def _node_ids(linker: Linker) -> dict[str, str]:
    r = linker.resolver
    return {key: r._entity_of_node(key) for key, n in r._nodes.items() if n.count}


# ----------------------------------------------------------------- per story

def _canonical(rows: Iterable[Any]) -> list[Any]:
    return sorted(rows, key=lambda r: (not (r["published"] or ""), (r["published"] or "")[:10], r["id"]))


def _date_story(store: Store, rows: list[Any]) -> list[Any]:
    """Date the story's undated articles from their siblings (basis ``story``), re-run
    their analysis against the date; returns the rows as they now are."""
    sib = {r["id"]: Sibling(r["id"], r["published"] if r["published_basis"] != "story" else None,
                            absolute_days(json.loads(r["analysis"] or "{}").get("times", [])))
           for r in rows}
    changed = []
    for r in rows:
        if sib[r["id"]].published:
            continue
        found = story_date(r["body"], r["page_date"], [s for a, s in sib.items() if a != r["id"]])
        value = found.value
        basis = "story" if value else "unknown"
        if (r["published"], r["published_basis"]) == (value, basis):
            continue
        art = Article(id=r["id"], raw_id=r["raw_id"], index=r["idx"], source=Source(), title=r["title"],
                      body=r["body"], published=PublishedDate(value, basis), page_date=r["page_date"])
        store.set_story_date(r["id"], value, basis, analysis_json(analyze(art)))
        changed.append(r["id"])
    if not changed:
        return rows
    return store.article_rows_by_id([r["id"] for r in rows])


def _story_outputs(store: Store, linker: Linker, story: Story,
                   links: dict[str, tuple[tuple, tuple]]) -> tuple[dict, list[dict], list[dict]]:
    """The story's record (summary, timeline), its events and its contradictions."""
    rows = _canonical(_date_story(store, store.article_rows_by_id(story.articles)))
    events = EventIndex(scope=story.id)
    articles = []
    for r in rows:
        analysis = json.loads(r["analysis"] or "{}")
        events.add(r["id"], analysis.get("events", []))
        ents, speakers = links.get(r["id"], ((), ()))
        for m, e in zip(analysis.get("mentions", []), ents, strict=False):
            m["entity"] = e
        for q, sp in zip(analysis.get("quotes", []), speakers, strict=False):
            q["speaker"] = sp
        articles.append(StoryArticle(id=r["id"], body=r["body"], published=r["published"],
                                     outlet=r["outlet"], analysis=analysis))
    rec = story_record(linker, story, [(r["id"], r["body"]) for r in rows])
    rec["timeline"] = events.timeline()
    event_recs = [ev | {"story": story.id} for ev in events.records()]
    contradictions = []
    for c in find_contradictions(articles):
        crec = contradiction_record(c, story.id)
        sig = f"{story.id}|{c.a.article}:{c.a.start}|{c.b.article}:{c.b.start}|{c.kind}"
        contradictions.append({"id": "ct-" + hashlib.sha256(sig.encode()).hexdigest()[:12], **crec})
    return rec, event_recs, contradictions


# ----------------------------------------------------------------- state file

def _state_path(store: Store) -> str | None:
    if store.path in ("", ":memory:") or store.path.startswith("file:"):
        return None
    return store.path + ".link-state"


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """The cyclic garbage collector paused: (un)pickling a big state makes millions of
    objects, none of them garbage, and the collector would walk them again and again."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _save_state(store: Store, state: _State) -> None:
    path = _state_path(store)
    if path is None:
        return
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)), prefix=".link-state-")
    try:
        with os.fdopen(fd, "wb") as fh, _no_gc():
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _load_state(store: Store) -> _State | None:
    """The saved state, if it describes the store's current link tables."""
    path = _state_path(store)
    if path is None or not os.path.exists(path):
        return None
    try:
        with open(path, "rb") as fh, _no_gc():
            state = pickle.load(fh)  # our own file, written beside the store by _save_state
    except Exception:
        return None
    if getattr(state, "format", None) != STATE_FORMAT or state.generation != store.link_generation():
        return None
    return state


# ----------------------------------------------------------------- the two ways

def link(store: Store, progress: Progress | None = None, *, full: bool = False,
         incremental_from: int = SMALL_STORE) -> LinkReport:
    """Link the store and keep the result in its link tables: entities resolved across
    articles, stories with cited summaries and timelines, events merged across
    outlets, contradictions within stories, dates from stories.  Incremental when
    only new articles arrived since the last link (see the module docstring) and the
    store has at least ``incremental_from`` articles (a small store links in full: it
    is quick, and its story terms' background depends on its size)."""
    if not full and hasattr(store, "write_link_delta"):
        state = _load_state(store)
        if state is not None and len(state.ids) >= incremental_from:
            report = _link_incremental(store, state, progress)
            if report is not None:
                return report
    return _link_full(store, progress)


def _link_full(store: Store, progress: Progress | None) -> LinkReport:
    generation = store.generation()
    # Texts are read twice (entities in id order, then stories in canonical order) rather
    # than all held at once: at 200,000 articles they are about a gigabyte.
    linker = Linker().build_lean((_view(r) for r in store.article_rows()),
                                 lambda ids: map(_view, store.article_rows_by_id(ids)))
    links: dict[str, tuple[tuple, tuple]] = {}
    for row in store.article_rows():
        links[row["id"]] = _article_links(linker, row)
    stories, events, contradictions = [], [], []
    for st in linker.stories():
        rec, evs, cons = _story_outputs(store, linker, st, links)
        stories.append(rec)
        events += evs
        contradictions += cons
        if progress:
            progress.step(len(st.articles))
    tables = LinkTables(stories=tuple(stories), entities=tuple(entity_record(e) for e in linker.entities()),
                        articles=tuple((a, e, s) for a, (e, s) in sorted(links.items())),
                        events=tuple(sorted(events, key=lambda e: e["id"])),
                        contradictions=tuple(contradictions))
    written = store.write_link(tables, generation)
    if written:
        _save_state(store, _State(generation, linker, _node_ids(linker)))
    if progress:
        progress.close()
    return LinkReport(len(links), len(stories), len(tables.entities), len(events), len(contradictions),
                      written, "full", len(links))


def _link_incremental(store: Store, state: _State, progress: Progress | None) -> LinkReport | None:
    """Add what is new to the saved state; None when a full link is needed instead."""
    generation = store.generation()
    ids_now = store.article_ids()
    linked = state.ids
    if not linked <= ids_now:
        return None  # an article went away: a full link
    new = sorted(ids_now - linked)
    if len(new) > len(linked):
        return None
    linker = state.linker
    new_rows = store.article_rows_by_id(new)
    linker.add(_view(r) for r in new_rows)
    links = {r["id"]: _article_links(linker, r) for r in new_rows}
    # Entities whose id moved (a name joined a better-known spelling): rewrite the
    # articles that carry the old id.
    node_ids = _node_ids(linker)
    moves = [(old, node_ids[k]) for k, old in state.node_ids.items() if k in node_ids and node_ids[k] != old]
    moved = dict(moves)
    remapped = store.linked_articles_with(sorted(moved)) if moved else {}
    for aid, (ents, speakers) in remapped.items():
        links[aid] = (tuple(moved.get(e, e) if e else e for e in ents),
                      tuple(moved.get(s, s) if s else s for s in speakers))
    affected = sorted({sid for a in links if (sid := linker.story_of(a))})
    # The stories' other members keep their stored links.
    members = sorted({a for sid in affected for a in linker.story(sid).articles} - set(links))
    links.update(store.linked_articles(members))
    stories, events, contradictions = [], [], []
    for sid in affected:
        rec, evs, cons = _story_outputs(store, linker, linker.story(sid), links)
        stories.append(rec)
        events += evs
        contradictions += cons
        if progress:
            progress.step(len(rec["articles"]))
    # Entities: only those whose names gained mentions or moved, where the store
    # can replace some rows (rewriting every entity made each add cost the store's size).
    entity_ids: tuple[str, ...] | None = None
    if getattr(store, "partial_entity_delta", False):
        touched = {node_ids[k] for a in new for _, k, _, _ in linker.resolver._articles.get(a, ())
                   if k in node_ids}
        touched.update(e for move in moves for e in move)
        entity_ids = tuple(sorted(touched))
        entities = linker.resolver.entities_among(touched, node_ids)
        n_entities = len(set(node_ids.values()))
    else:
        entities = linker.entities()
        n_entities = len(entities)
    delta = LinkDelta(
        stories=tuple(stories), story_ids=tuple(affected),
        entities=tuple(entity_record(e) for e in entities), entity_ids=entity_ids,
        articles=tuple((a, *links[a]) for a in sorted(set(new) | set(remapped))),
        events=tuple(sorted(events, key=lambda e: e["id"])), contradictions=tuple(contradictions))
    written = store.write_link_delta(delta, generation)
    if written:
        _save_state(store, _State(generation, linker, node_ids))
    if progress:
        progress.close()
    return LinkReport(len(ids_now), len(stories), n_entities, len(events), len(contradictions),
                      written, "incremental", len(new))


def ensure_linked(store: Store) -> None:
    """Link the store if articles changed since it was last linked."""
    for _ in range(3):
        if store.link_is_current() or link(store).written:
            return


__all__ = ["LinkReport", "ensure_linked", "link"]
