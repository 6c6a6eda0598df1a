"""The views of the web UI and the REST API: plain data built from the store.

A page and its JSON twin are the same view: the HTML template renders exactly
the dict the JSON endpoint returns, so the two can never disagree.  Views read
the link stage's stored tables only (never re-link), which keeps every page of
a large store fast.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from marsad.errors import QueryError
from marsad.export import article_record, quote_record
from marsad.store.sqlite import Store

PAGE = 20
STORY_ARTICLES_CAP = 300  # articles of one story whose quotes a story page gathers


class NotFound(LookupError):
    """No article, story or entity with that id."""


def _entity_refs(store: Store, ids: list[str],
                 names: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    if names is None:
        names = store.entity_names(ids)
    out = []
    for i in ids:
        r = names.get(i)
        out.append({"id": i, "name": r["name"] if r else i, "en": r["en"] if r else None,
                    "type": r["type"] if r else i.split(":", 1)[0].upper()})
    return out


def _story_card(store: Store, row: sqlite3.Row) -> dict[str, Any]:
    return story_cards(store, [row])[0]


def story_cards(store: Store, rows: Sequence[sqlite3.Row]) -> list[dict[str, Any]]:
    """The cards of a story listing; the names of all their entities in one query."""
    recs = [json.loads(r["record"]) for r in rows]
    names = store.entity_names(sorted({e for rec in recs for e in rec["main_entities"][:6]}))
    return [{"id": r["id"], "title": r["title"], "first_date": r["first_date"],
             "last_date": r["last_date"], "articles": r["n_articles"], "outlets": rec["outlets"],
             "n_outlets": r["n_outlets"], "main_entities": _entity_refs(store, rec["main_entities"][:6], names)}
            for r, rec in zip(rows, recs, strict=True)]


# ----------------------------------------------------------------- memo

_MEMO: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_MEMO_LOCK = threading.Lock()
MEMO_SIZE = 1024  # views of big stories run to tens of KB: this bounds the cache to tens of MB


def _memo(store: Store, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """``compute()``, once per state of the store.  For what reads the whole store
    or an entity's every article (counts, the outlet list, an entity page): a
    second of SQL on 200,000 articles, the same answer until articles change
    (which bumps the generation) or are re-linked.  Least recently used first out."""
    full = (getattr(store, "path", None), store.generation(), store.link_generation(), *key)
    with _MEMO_LOCK:
        if full in _MEMO:
            _MEMO.move_to_end(full)
            return _MEMO[full]
    value = compute()
    with _MEMO_LOCK:
        _MEMO[full] = value
        while len(_MEMO) > MEMO_SIZE:
            _MEMO.popitem(last=False)
    return value


def counts(store: Store) -> dict[str, int]:
    def compute() -> dict[str, int]:
        q = store.db.execute
        return {"articles": q("SELECT count(*) FROM articles").fetchone()[0],
                "outlets": q("SELECT count(DISTINCT outlet) FROM articles").fetchone()[0],
                **store.link_counts()}

    return dict(_memo(store, ("counts",), compute))


def _outlets(store: Store) -> list[str]:
    return list(_memo(store, ("outlets",), lambda: [r[0] for r in store.db.execute(
        "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet")]))


def home(store: Store, page: int = 1) -> dict[str, Any]:
    """The latest stories and the biggest ones."""
    page = max(1, page)
    # The same for every reader until articles change or the store is re-linked.
    latest = list(_memo(store, ("latest", page), lambda: story_cards(
        store, store.story_list(PAGE, (page - 1) * PAGE, "recent"))))
    biggest = list(_memo(store, ("biggest",), lambda: story_cards(
        store, store.story_list(8, 0, "biggest")))) if page == 1 else []
    return {"view": "home", "page": page, "counts": counts(store), "latest": latest, "biggest": biggest,
            "next_page": page + 1 if len(latest) == PAGE else None}


# ----------------------------------------------------------------- timeline picture

@dataclass(frozen=True)
class _Span:
    start: date
    end: date


def parse_date_value(value: str | None) -> _Span | None:
    """A date value of the export (YYYY, YYYY-MM, YYYY-MM-DD, A/B) as a span of days."""
    if not value:
        return None
    if "/" in value:
        a, b = (parse_date_value(v) for v in value.split("/", 1))
        return _Span(a.start, b.end) if a and b else None
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 3:
            d = date(*parts)
            return _Span(d, d)
        if len(parts) == 2:
            y, m = parts
            end = date(y + (m == 12), m % 12 + 1, 1)
            return _Span(date(y, m, 1), date.fromordinal(end.toordinal() - 1))
        if len(parts) == 1:
            return _Span(date(parts[0], 1, 1), date(parts[0], 12, 31))
    except (ValueError, TypeError):
        return None
    return None


MAX_LANES = 6
STORY_MARGIN_DAYS = 14


def timeline_picture(entries: list[dict[str, Any]], width: int = 900, first: str | None = None,
                     last: str | None = None) -> dict[str, Any] | None:
    """Positions (in an SVG of ``width``) of timeline entries on a date axis: a
    day is a dot, a coarse date (a month, a range) a bar over its days.  The axis
    covers the story's own dates (``first``..``last``, with a margin) when given:
    a war that began years earlier, recalled in passing, sits at the edge as a
    hollow mark instead of squeezing the story into a corner."""
    spans = [(e, parse_date_value(e["date"])) for e in entries]
    spans = [(e, s) for e, s in spans if s]
    if not spans:
        return None
    lo = min(s.start for _, s in spans).toordinal()
    hi = max(s.end for _, s in spans).toordinal()
    f, la = _day_or_none(first), _day_or_none(last)
    if f and la:
        lo = max(lo, f.toordinal() - STORY_MARGIN_DAYS)
        hi = min(hi, la.toordinal() + STORY_MARGIN_DAYS)
        hi = max(hi, lo + 1)
    pad = max(1, (hi - lo) // 20)
    lo, hi = lo - pad, hi + pad
    scale = (width - 40) / max(1, hi - lo)

    def x(day: int) -> float:
        # Right to left, as the page reads: the earliest day on the right.
        day = min(max(day, lo), hi)
        return round(width - 20 - (day - lo) * scale, 1)

    marks, lanes_end = [], []
    for i, (e, s) in enumerate(spans):
        x0, x1 = x(s.end.toordinal()), x(s.start.toordinal())  # left and right edges
        lane = next((k for k, left in enumerate(lanes_end) if left > x1 + 6), len(lanes_end))
        if lane >= MAX_LANES:
            lane = i % MAX_LANES  # a crowded day: marks overlap rather than grow the picture
        elif lane == len(lanes_end):
            lanes_end.append(x0)
        else:
            lanes_end[lane] = x0
        outside = s.end.toordinal() < lo or s.start.toordinal() > hi
        marks.append({"index": i, "x": x0, "x2": x1, "coarse": s.start != s.end, "lane": lane,
                      "outside": outside, "date": e["date"], "label": e["text"][:120],
                      "href": _evidence_href(e["evidence"])})
    ticks = []
    n = min(8, hi - lo)
    for k in range(n + 1):
        day = lo + round(k * (hi - lo) / max(1, n))
        ticks.append({"x": x(day), "label": date.fromordinal(day).isoformat()})
    height = 50 + 18 * len(lanes_end)
    return {"width": width, "height": height, "axis_y": height - 26, "marks": marks, "ticks": ticks}


def _day_or_none(value: str | None) -> date | None:
    span = parse_date_value(value)
    return span.start if span else None


def _evidence_href(ev: dict[str, Any] | None) -> str | None:
    if not ev or not ev.get("article"):
        return None
    if ev.get("start") is None:
        return f"/article/{ev['article']}"
    return f"/article/{ev['article']}?hl={ev['start']}-{ev['end']}#evidence"


# ----------------------------------------------------------------- story

def _quote_item(rec: dict[str, Any], q: dict[str, Any]) -> dict[str, Any]:
    return {"article": rec["id"], "outlet": rec["outlet"], "published": rec["published"]["value"],
            "text": q["text"], "speaker": q.get("speaker"), "speaker_text": q.get("speaker_text"),
            "cue": q.get("cue"), "direct": q.get("direct"), "negated": q.get("negated", False),
            "href": _evidence_href({"article": rec["id"], "start": q["start"], "end": q["end"]})}


def story(store: Store, story_id: str) -> dict[str, Any]:
    rec = store.story_record(story_id)
    if rec is None:
        raise NotFound(story_id)
    # A big story reads and groups the quotes of all its articles: the same page for
    # every reader until the store changes, so once per state of the store.
    return dict(_memo(store, ("story", story_id), lambda: _story(store, story_id, rec)))


def _story(store: Store, story_id: str, rec: dict[str, Any]) -> dict[str, Any]:
    rows = store.story_article_rows(story_id)
    articles, quotes = [], defaultdict(list)
    copies = {c: orig for c, orig in rec.get("duplicates", [])}
    for i, row in enumerate(rows):
        a = article_record(row) if i < STORY_ARTICLES_CAP else None
        articles.append({"id": row["id"], "title": row["title"], "outlet": row["outlet"],
                         "published": row["published"], "copy_of": copies.get(row["id"])})
        if a is None:
            continue
        for q in a["quotes"]:
            quotes[q.get("speaker") or q.get("speaker_text") or "?"].append(_quote_item(a, q))
    names = store.entity_names([k for k in quotes if ":" in k])
    by_speaker = []
    for key, items in sorted(quotes.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        ent = names.get(key)
        by_speaker.append({"speaker": key if ent else None,
                           "name": ent["name"] if ent else (items[0]["speaker_text"] or "?"),
                           "en": ent["en"] if ent else None, "quotes": items})
    outlet_of = {a["id"]: a["outlet"] or "?" for a in articles}
    outlets = sorted({o for o in outlet_of.values()})
    coverage = [{"date": e["date"], "text": e["text"][:100], "href": _evidence_href(e.get("evidence")),
                 "outlets": sorted({outlet_of.get(a, "?") for a in e["articles"]})}
                for e in rec["timeline"]]
    return {"view": "story", "story": rec, "articles": articles,
            "entities": _entity_refs(store, rec["main_entities"]), "quotes_by_speaker": by_speaker,
            "contradictions": store.contradiction_records(story_id),
            "timeline_picture": timeline_picture(rec["timeline"], first=rec["first_date"],
                                                 last=rec["last_date"]),
            "coverage": {"outlets": outlets, "entries": coverage}}


# ----------------------------------------------------------------- article

def segments(body: str, spans: list[tuple[int, int, str, dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """The body cut into paragraphs of pieces, each piece carrying the annotations
    (kind, data) that cover it, so overlapping spans (a name inside a quote)
    render without nesting tags."""
    cuts = {0, len(body)}
    for s, e, _, _ in spans:
        if 0 <= s < e <= len(body):
            cuts.update((s, e))
    pos = 0
    while True:
        i = body.find("\n\n", pos)
        if i < 0:
            break
        cuts.update((i, i + 2))
        pos = i + 2
    bounds = sorted(cuts)
    paras: list[list[dict[str, Any]]] = [[]]
    for a, b in itertools.pairwise(bounds):
        text = body[a:b]
        if text == "\n\n":
            paras.append([])
            continue
        marks = [{"kind": k, **d} for s, e, k, d in spans if s <= a and b <= e]
        paras[-1].append({"text": text, "start": a, "marks": marks})
    return [p for p in paras if p]


def _highlight(hl: str | None, n: int) -> tuple[int, int] | None:
    try:
        s, e = (int(x) for x in (hl or "").split("-", 1))
    except ValueError:
        return None
    return (s, e) if 0 <= s < e <= n else None


def article(store: Store, article_id: str, hl: str | None = None) -> dict[str, Any]:
    row = store.linked_article_row(article_id)
    if row is None:
        raise NotFound(article_id)
    rec = article_record(row)
    spans: list[tuple[int, int, str, dict[str, Any]]] = []
    for m in rec["mentions"]:
        spans.append((m["start"], m["end"], "mention", {"type": m["type"], "entity": m["entity"]}))
    for t in rec["times"]:
        spans.append((t["start"], t["end"], "time", {"value": t["value"]}))
    for q in rec["quotes"]:
        spans.append((q["start"], q["end"], "quote", {"speaker": q.get("speaker"),
                                                      "speaker_text": q.get("speaker_text")}))
    mark = _highlight(hl, len(rec["body"]))
    if mark:
        spans.append((mark[0], mark[1], "evidence", {}))
    ents = sorted({m["entity"] for m in rec["mentions"] if m["entity"]})
    story_card = None
    if rec["story"]:
        r = store.db.execute("SELECT id, title, first_date, last_date, n_articles, n_outlets, record "
                             "FROM link_stories WHERE id=?", (rec["story"],)).fetchone()
        story_card = _story_card(store, r) if r else None
    refs = _entity_refs(store, sorted(set(ents) | {q["speaker"] for q in rec["quotes"] if q.get("speaker")}))
    return {"view": "article", "article": rec, "paragraphs": segments(rec["body"], spans),
            "entities": [r for r in refs if r["id"] in set(ents)],
            "names": {r["id"]: r["name"] for r in refs}, "story": story_card, "evidence": list(mark) if mark else None,
            "raw_href": f"/article/{rec['id']}/raw"}


# ----------------------------------------------------------------- entity

def entity(store: Store, entity_id: str) -> dict[str, Any]:
    rec = store.entity_record(entity_id)
    if rec is None:
        raise NotFound(entity_id)
    # An entity in thousands of articles takes a second of SQL (its months, stories,
    # co-occurring entities): once per state of the store.
    return dict(_memo(store, ("entity", entity_id), lambda: _entity(store, entity_id, rec)))


def _entity(store: Store, entity_id: str, rec: dict[str, Any]) -> dict[str, Any]:
    months = store.entity_timeline(entity_id)
    top = max((n for _, n in months), default=0)
    chart = {"width": max(120, 26 * len(months)), "height": 140, "max": top,
             "bars": [{"month": m, "n": n, "x": 4 + 26 * i, "h": round(100 * n / top, 1) if top else 0}
                      for i, (m, n) in enumerate(months)]}
    return {"view": "entity", "entity": rec,
            "stories": [{"id": r["id"], "title": r["title"], "first_date": r["first_date"],
                         "last_date": r["last_date"], "articles": r["n_articles"], "mentions_in": r["hits"]}
                        for r in store.entity_stories(entity_id)],
            "articles": [dict(r) for r in store.entity_articles(entity_id, limit=30)],
            "quotes": quotes(store, speaker=entity_id, limit=30),
            "co_entities": [dict(r) for r in store.co_entities(entity_id)],
            "mentions_over_time": months, "chart": chart}


def entities(store: Store, page: int = 1, type_: str | None = None) -> dict[str, Any]:
    page = max(1, page)
    rows = store.entity_list(50, (page - 1) * 50, type_)
    return {"view": "entities", "page": page, "type": type_, "entities": [dict(r) for r in rows],
            "next_page": page + 1 if len(rows) == 50 else None}


# ----------------------------------------------------------------- search

@dataclass(frozen=True)
class SearchForm:
    q: str = ""
    date_from: str | None = None
    date_to: str | None = None
    outlet: str | None = None
    entity: str | None = None
    story: str | None = None
    mode: str = "keyword"  # keyword | semantic | hybrid
    page: int = 1

    def filters(self) -> dict[str, str | None]:
        return {"date_from": self.date_from or None, "date_to": self.date_to or None,
                "outlet": self.outlet or None, "entity": self.entity or None, "story": self.story or None}


def search(store: Store, form: SearchForm) -> dict[str, Any]:
    out: dict[str, Any] = {"view": "search", "form": form.__dict__, "results": [], "error": None,
                           "next_page": None,
                           "outlets": _outlets(store)}
    if not form.q.strip():
        return out
    page = max(1, form.page)
    try:
        if form.mode in ("semantic", "hybrid"):
            hits = store.semantic_search(form.q, limit=PAGE * page, hybrid=form.mode == "hybrid",
                                         **form.filters())[PAGE * (page - 1):]
        else:
            hits = store.search(form.q, limit=PAGE, offset=PAGE * (page - 1), **form.filters())
    except QueryError as exc:
        out["error"] = str(exc)
        return out
    results = []
    for h in hits:
        d = h.as_dict()
        pieces, pos = [], h.snippet_start
        for a, b in h.highlights:
            pieces.append({"text": h.snippet[pos - h.snippet_start:a - h.snippet_start], "hit": False})
            pieces.append({"text": h.snippet[a - h.snippet_start:b - h.snippet_start], "hit": True})
            pos = b
        pieces.append({"text": h.snippet[pos - h.snippet_start:], "hit": False})
        d["pieces"] = pieces
        results.append(d)
    out["results"] = results
    out["next_page"] = page + 1 if len(results) == PAGE else None
    return out


def quotes(store: Store, speaker: str | None = None, story: str | None = None, limit: int = 50,
           offset: int = 0) -> list[dict[str, Any]]:
    """Attributed quotes (speaker resolved to an entity), newest first, by speaker
    and/or story.  A much-quoted speaker's quotes are sorted by date across thousands
    of articles: once per state of the store, like the entity page that shows them."""
    return [dict(q) for q in _memo(store, ("quotes", speaker, story, limit, offset),
                                   lambda: _quotes(store, speaker, story, limit, offset))]


def _quotes(store: Store, speaker: str | None, story: str | None, limit: int,
            offset: int) -> list[dict[str, Any]]:
    where, args = [], []
    if speaker:
        where.append("q.speaker = ?")
        args.append(speaker)
    if story:
        where.append("q.article IN (SELECT article FROM link_story_articles WHERE story = ?)")
        args.append(story)
    rows = store.db.execute(
        "SELECT q.article, q.idx FROM link_quotes q JOIN articles a ON a.id = q.article "
        f"{'WHERE ' + ' AND '.join(where) if where else ''} "
        "ORDER BY a.published DESC NULLS LAST, q.article, q.idx LIMIT ? OFFSET ?",
        [*args, limit, offset]).fetchall()
    # Only the page's articles' analyses and speakers are read (not their bodies, nor a
    # whole article record each): a speaker's page was 30 full article records.
    page = sorted({aid for aid, _ in rows})
    found = {r["id"]: r for r in store.db.execute(
        "SELECT a.id, a.outlet, a.published, coalesce(n.data, '{}') AS analysis, la.quote_speakers "
        "FROM articles a LEFT JOIN analyses n ON n.article_id = a.id "
        "LEFT JOIN link_articles la ON la.article = a.id "
        f"WHERE a.id IN ({','.join('?' * len(page))})", page)} if page else {}
    out, parsed = [], {}
    for aid, idx in rows:
        r = found.get(aid)
        if r is None:
            continue
        if aid not in parsed:
            speakers = json.loads(r["quote_speakers"]) if r["quote_speakers"] else []
            parsed[aid] = (json.loads(r["analysis"]).get("quotes", []), speakers)
        qs, speakers = parsed[aid]
        if idx < len(qs):
            q = dict(qs[idx], speaker=speakers[idx]) if idx < len(speakers) else qs[idx]
            rec = {"id": aid, "outlet": r["outlet"], "published": {"value": r["published"]}}
            out.append(_quote_item(rec, quote_record(q)))
    return out
