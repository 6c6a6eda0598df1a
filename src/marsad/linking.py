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

import concurrent.futures
import contextlib
import functools
import gc
import hashlib
import json
import multiprocessing
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from marsad.analyze import analyze
from marsad.link import SMALL_STORE, ArticleView, Linker, entity_record, story_record
from marsad.link.contradictions import StoryArticle, contradiction_record, find_contradictions
from marsad.link.stories import ArticleFeatures, Story, StoryClusterer, StoryInput
from marsad.link.story_dates import Sibling, absolute_days, story_date
from marsad.link.timeline import EventIndex
from marsad.model import Article, PublishedDate, Source
from marsad.progress import Progress
from marsad.store.linked import (
    CONTRADICTION_FIELDS,
    ENTITY_FIELDS,
    EVENT_FIELDS,
    STORY_FIELDS,
    LinkDelta,
    LinkTables,
    Packed,
)
from marsad.store.sqlite import Store, analysis_json

_T = TypeVar("_T")
_R = TypeVar("_R")

STATE_FORMAT = 6  # 5: story terms are stemmed; a story keeps the span its clear members give;
# 6: the resolver keeps each article's record as columns


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


_DateFix = tuple[str, "str | None", str, str]  # (article, published, basis, analysis JSON)


def _date_story(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[_DateFix]]:
    """Date the story's undated articles from their siblings (basis ``story``) and re-run
    their analysis against the date: the rows as they then are, and the fixes to store."""
    sib = {r["id"]: Sibling(r["id"], r["published"] if r["published_basis"] != "story" else None,
                            absolute_days(json.loads(r["analysis"] or "{}").get("times", [])))
           for r in rows}
    fixes: list[_DateFix] = []
    out = []
    for r in rows:
        if not sib[r["id"]].published:
            found = story_date(r["body"], r["page_date"], [s for a, s in sib.items() if a != r["id"]])
            value = found.value
            basis = "story" if value else "unknown"
            if (r["published"], r["published_basis"]) != (value, basis):
                art = Article(id=r["id"], raw_id=r["raw_id"], index=r["idx"], source=Source(), title=r["title"],
                              body=r["body"], published=PublishedDate(value, basis), page_date=r["page_date"])
                data = analysis_json(analyze(art))
                fixes.append((r["id"], value, basis, data))
                r = {**r, "published": value, "published_basis": basis, "analysis": data}
        out.append(r)
    return out, fixes


@dataclass(frozen=True)
class _StoryOutput:
    """What one story gives the link tables, in the form they store it."""

    record: Packed
    events: tuple[Packed, ...]
    contradictions: tuple[Packed, ...]
    dates: tuple[_DateFix, ...]  # publication dates the story fixed (see _date_story)


def _story_output(rows: list[dict[str, Any]], story: Story,
                  links: dict[str, tuple[tuple, tuple]]) -> _StoryOutput:
    """The story's record (summary, timeline), its events and its contradictions, from its
    articles' rows: a function of the story and its rows alone."""
    rows, dates = _date_story(rows)
    rows = _canonical(rows)
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
    rec = story_record(story, [(r["id"], r["body"]) for r in rows])
    rec["timeline"] = events.timeline()
    event_recs = tuple(Packed(ev | {"story": story.id}, EVENT_FIELDS) for ev in events.records())
    contradictions = []
    for c in find_contradictions(articles):
        crec = contradiction_record(c, story.id)
        sig = f"{story.id}|{c.a.article}:{c.a.start}|{c.b.article}:{c.b.start}|{c.kind}"
        contradictions.append(Packed({"id": "ct-" + hashlib.sha256(sig.encode()).hexdigest()[:12], **crec},
                                     CONTRADICTION_FIELDS))
    return _StoryOutput(Packed(rec, STORY_FIELDS), event_recs, tuple(contradictions), tuple(dates))


def _chunk_outputs(store: Store, chunk: list[tuple[Story, dict[str, tuple[tuple, tuple]]]]
                   ) -> list[_StoryOutput]:
    return [_story_output([dict(r) for r in store.article_rows_by_id(st.articles)], st, links)
            for st, links in chunk]


@functools.cache
def _featurer() -> StoryClusterer:
    """A clusterer that only makes story features (they do not depend on its state)."""
    return StoryClusterer()


def _chunk_features(store: Store, ids: list[str]) -> dict[str, tuple[str, ArticleFeatures]]:
    """Title and story features of each article (see `Linker.build_lean`)."""
    f = _featurer()
    return {r["id"]: (r["title"] or "", f.features(StoryInput(r["id"], r["title"] or "", r["body"])))
            for r in store.article_rows_by_id(ids)}


# ----------------------------------------------------------------- helper processes
#
# A link spends most of its time on work that is independent from article to article (the
# words and near-duplicate signature of each text) or from story to story (summaries,
# timelines, contradictions, dates).  Worker processes do part of it: they read the store
# through their own connection and send back what they made; only this process writes, and
# the result is the same whichever process made which part.

_worker_store: Store | None = None


def _worker_start(path: str) -> None:
    global _worker_store
    _worker_store = Store(path)


def _worker_chunk(chunk: list[tuple[Story, dict[str, tuple[tuple, tuple]]]]) -> list[_StoryOutput]:
    assert _worker_store is not None
    return _chunk_outputs(_worker_store, chunk)


def _worker_features(ids: list[str]) -> dict[str, tuple[str, ArticleFeatures]]:
    assert _worker_store is not None
    return _chunk_features(_worker_store, ids)


MAX_WORKERS = 4
PARALLEL_MIN = 4000  # articles in a store before worker processes help
CHUNK_STORIES = 200


@dataclass(frozen=True)
class _Helpers:
    executor: concurrent.futures.ProcessPoolExecutor
    size: int


def _helpers(store: Store, workers: int) -> _Helpers | None:
    """Worker processes for a big enough store file (None: this process alone).  They
    are forked at once, while this process is still small: a worker never holds the
    linker's state, only what it is sent."""
    if workers <= 1 or not isinstance(store, Store) or _state_path(store) is None:
        return None
    if store.db.execute("SELECT count(*) FROM articles").fetchone()[0] < PARALLEL_MIN:
        return None
    pool = concurrent.futures.ProcessPoolExecutor(workers - 1, mp_context=multiprocessing.get_context("fork"),
                                                  initializer=_worker_start, initargs=(store.path,))
    for f in [pool.submit(int) for _ in range(workers - 1)]:  # start them now
        f.result()
    return _Helpers(pool, workers - 1)


def _in_order(items: Sequence[_T], local: Callable[[_T], _R], remote: Callable[[_T], _R],
              pool: _Helpers | None) -> Iterator[_R]:
    """``map(local, items)``, in order, with the pool's workers making some of the results
    (``remote`` is ``local`` in a worker): each worker is kept two items ahead, and while
    the next result is not back yet this process makes a later one itself."""
    if pool is None:
        yield from map(local, items)
        return
    n = len(items)
    futures: dict[int, concurrent.futures.Future] = {}
    made: dict[int, _R] = {}
    nxt = 0  # the first item nobody has started

    def top_up() -> None:
        nonlocal nxt
        while nxt < n and sum(not f.done() for f in futures.values()) < 2 * pool.size:
            futures[nxt] = pool.executor.submit(remote, items[nxt])
            nxt += 1

    for k in range(n):
        if k >= nxt:
            nxt = k + 1
            top_up()
            made[k] = local(items[k])
        else:
            top_up()
        fut = futures.pop(k, None)
        if fut is None:
            yield made.pop(k)
            continue
        while not fut.done() and nxt < n:
            made[nxt] = local(items[nxt])
            nxt += 1
        yield fut.result()


def _all_story_outputs(store: Store, stories: Sequence[Story], links: dict[str, tuple[tuple, tuple]],
                       pool: _Helpers | None, progress: Progress | None) -> list[_StoryOutput]:
    """Every story's output, in the order of ``stories``, with the dates they fixed stored."""
    chunks = [[(st, {a: links[a] for a in st.articles if a in links}) for st in stories[i:i + CHUNK_STORIES]]
              for i in range(0, len(stories), CHUNK_STORIES)]
    out: list[_StoryOutput] = []
    for chunk, outs in zip(chunks, _in_order(chunks, functools.partial(_chunk_outputs, store), _worker_chunk, pool),
                           strict=True):
        for o in outs:
            for fix in o.dates:
                store.set_story_date(*fix)
        out += outs
        if progress:
            progress.step(sum(len(st.articles) for st, _ in chunk))
    return out


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
         incremental_from: int = SMALL_STORE, workers: int | None = None) -> LinkReport:
    """Link the store and keep the result in its link tables: entities resolved across
    articles, stories with cited summaries and timelines, events merged across
    outlets, contradictions within stories, dates from stories.  Incremental when
    only new articles arrived since the last link (see the module docstring) and the
    store has at least ``incremental_from`` articles (a small store links in full: it
    is quick, and its story terms' background depends on its size).  ``workers``: processes
    that write stories up (this one included; default: the machine's cores, at most
    ``MAX_WORKERS``); the result is the same with any number."""
    if workers is None:
        workers = min(MAX_WORKERS, os.cpu_count() or 1)
    pool = _helpers(store, workers)
    try:
        if not full and hasattr(store, "write_link_delta"):
            state = _load_state(store)
            if state is not None and len(state.ids) >= incremental_from:
                report = _link_incremental(store, state, progress, pool)
                if report is not None:
                    return report
                del state
        return _link_full(store, progress, pool)
    finally:
        if pool is not None:
            pool.executor.shutdown()


def _link_full(store: Store, progress: Progress | None,
               pool: _Helpers | None = None) -> LinkReport:
    generation = store.generation()
    # Texts are read twice (entities in id order, then stories in canonical order) rather
    # than all held at once: at 200,000 articles they are about a gigabyte.
    linker = Linker().build_lean(
        (_view(r) for r in store.article_rows()),
        lambda chunks: _in_order(chunks, functools.partial(_chunk_features, store), _worker_features, pool))
    links: dict[str, tuple[tuple, tuple]] = {}
    for row in store.article_rows():
        links[row["id"]] = _article_links(linker, row)
    outs = _all_story_outputs(store, linker.stories(), links, pool, progress)
    tables = LinkTables(stories=tuple(o.record for o in outs),
                        entities=tuple(Packed(entity_record(e), ENTITY_FIELDS) for e in linker.entities()),
                        articles=tuple((a, e, s) for a, (e, s) in sorted(links.items())),
                        events=tuple(sorted((e for o in outs for e in o.events), key=lambda e: e["id"])),
                        contradictions=tuple(c for o in outs for c in o.contradictions))
    del outs
    written = store.write_link(tables, generation)
    if written:
        _save_state(store, _State(generation, linker, _node_ids(linker)))
    if progress:
        progress.close()
    return LinkReport(len(links), len(tables.stories), len(tables.entities), len(tables.events),
                      len(tables.contradictions),
                      written, "full", len(links))


def _link_incremental(store: Store, state: _State, progress: Progress | None,
                      pool: _Helpers | None = None) -> LinkReport | None:
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
    outs = _all_story_outputs(store, [linker.story(sid) for sid in affected], links, pool, progress)
    # Entities: only those whose names gained mentions or moved, where the store
    # can replace some rows (rewriting every entity made each add cost the store's size).
    entity_ids: tuple[str, ...] | None = None
    if getattr(store, "partial_entity_delta", False):
        touched = {node_ids[k] for a in new for _, k, _, _ in linker.resolver.record(a) or ()
                   if k in node_ids}
        touched.update(e for move in moves for e in move)
        entity_ids = tuple(sorted(touched))
        entities = linker.resolver.entities_among(touched, node_ids)
        n_entities = len(set(node_ids.values()))
    else:
        entities = linker.entities()
        n_entities = len(entities)
    delta = LinkDelta(
        stories=tuple(o.record for o in outs), story_ids=tuple(affected),
        entities=tuple(entity_record(e) for e in entities), entity_ids=entity_ids,
        articles=tuple((a, *links[a]) for a in sorted(set(new) | set(remapped))),
        events=tuple(sorted((e for o in outs for e in o.events), key=lambda e: e["id"])),
        contradictions=tuple(c for o in outs for c in o.contradictions))
    written = store.write_link_delta(delta, generation)
    if written:
        _save_state(store, _State(generation, linker, node_ids))
    if progress:
        progress.close()
    return LinkReport(len(ids_now), len(delta.stories), n_entities, len(delta.events), len(delta.contradictions),
                      written, "incremental", len(new))


def ensure_linked(store: Store) -> None:
    """Link the store if articles changed since it was last linked."""
    for _ in range(3):
        if store.link_is_current() or link(store).written:
            return


__all__ = ["LinkReport", "ensure_linked", "link"]
