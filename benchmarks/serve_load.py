"""``marsad serve`` under load: page and JSON latency on a 200,000-article store.

The store (built once, reused from benchmarks/out/):

1. Base: the first ``--base`` SaudiNewsNet articles (default 3,000, crawl order,
   so the first days of the corpus, every outlet) written as one JSONL file
   (title, text, url, date, outlet) and put through the real pipeline:
   ``ingest`` (clean, analyse, index, embed) then ``link`` (stories, entities,
   timelines, contradictions).  Saved as ``serve_base_B.db``.
2. Growth to ``--n`` articles (default 200,000) at the SQL level, because the
   pipeline runs at about 36 pages/s here (200,000 pages would take hours):
   the base is copied whole as copy 1, 2, 3... until the count is reached
   (the last copy takes whole stories, in story order, so it may pass ``--n``
   by a few articles).  Copy k of a row gets a new id (``sha1("k:old id")``,
   same length and prefix: ``story-``, ``ev-``...) and its dates moved
   ``28*k`` days later (the base spans under four weeks, so copies do not
   overlap; YYYY-MM and YYYY values move with their first day).  Copied per
   article: ``articles`` (same raw document, body, title and outlet;
   ``published``/``page_date`` shifted; ``parent`` mapped), ``analyses`` (as
   is: mentions, times, quotes are offsets into the unchanged body; resolved
   time values are not shifted), ``search_fts`` (the same index terms under
   the copy's rowid), ``link_articles``, ``link_entity_articles``,
   ``link_quotes``, ``link_story_articles``.  Copied per story, event and
   contradiction: ``link_stories``, ``link_events``, ``link_contradictions``
   with their JSON records rewritten (every article, story, event and
   contradiction id mapped to the copy's, every date field shifted).
   ``link_entities`` keeps one row per entity (the same people and places
   recur over the years), its mention count multiplied by the number of
   copies.  Not copied: ``raw`` and ``sources`` (copies share their
   original's raw document) and the meaning vectors (semantic search is not
   measured here).  The link generation is set current, so the server never
   re-links.
3. Load: ``marsad serve`` in a subprocess on loopback (one uvicorn process,
   as users run it), ``--concurrency`` clients (default 20, asyncio streams,
   keep-alive, closed loop without think time) for ``--duration`` seconds
   (default 60) after a short warm-up.  Each request picks a kind uniformly
   (pages: home, story, article, entity, search, entities list; JSON:
   index.json, /api/stories/{id}, /api/articles/{id}, /api/entities/{id},
   /api/search, /api/articles, /api/stories, /api/entities, /api/stats,
   /api/quotes, /api/contradictions) and an id from a seeded sample (stories
   and entities: half among the biggest, half at random; search: one- and
   two-word queries from the corpus titles).  Latency is client-side, per
   request, from send to the last byte.  Prints JSON.

The server keeps answers until the store changes (``marsad.serve.cache``), and the
URL pools above are small (at most 300 per kind), so after the warm-up most answers
are replayed from memory.  Each kind therefore also reports ``built``: the requests
whose answer the server had to build (its ``X-Cache`` header was not ``hit``), with
their own percentiles; ``--no-cache`` runs the server with the cache off, where every
answer is built.

Bars: p95 of every page kind < 300 ms, p95 of every JSON kind < 100 ms, no errors.

    python benchmarks/serve_load.py                          # 200,000 articles, 20 clients, 60 s
    python benchmarks/serve_load.py --n 20000 --duration 20
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import hashlib
import json
import os
import random
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus

from marsad.paths import REPO

OUT = Path(__file__).resolve().parent / "out"
SHIFT_DAYS = 28
PAGE_BAR_MS = 300
JSON_BAR_MS = 100
PAGES = ("home", "story", "article", "entity", "search", "entities")
JSONS = ("index_json", "api_story", "api_article", "api_entity", "api_search", "api_articles",
         "api_stories", "api_entities", "api_stats", "api_quotes", "api_contradictions")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- base store (real pipeline)

def build_base(path: Path, n: int, workers: int) -> dict[str, Any]:
    from marsad.pipeline import ingest, link
    from marsad.store.sqlite import Store

    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "saudinewsnet.jsonl"
        corpus.write_jsonl(jsonl, corpus.articles(n))
        tmp_db = path.with_suffix(".building")
        for p in (tmp_db, Path(f"{tmp_db}-wal"), Path(f"{tmp_db}-shm")):
            p.unlink(missing_ok=True)
        with Store(tmp_db) as store:
            report = ingest(store, [str(jsonl)], workers=workers)
            t1 = time.perf_counter()
            log(f"base: ingested {report.articles} articles in {t1 - t0:.0f} s; linking")
            lr = link(store)
            t2 = time.perf_counter()
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tmp_db.rename(path)
    state = Path(f"{tmp_db}.link-state")  # the link stage's incremental state, beside its store
    if state.exists():
        state.rename(f"{path}.link-state")
    return {"articles": report.articles, "ingest_s": round(t1 - t0, 1), "link_s": round(t2 - t1, 1),
            "stories": lr.stories, "entities": lr.entities}


# ---------------------------------------------------------------- growth (SQL level)

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DATE_KEYS = {"date", "first_date", "last_date", "published", "page_date"}


def shift_date(value: str | None, days: int) -> str | None:
    """A date value (YYYY, YYYY-MM, YYYY-MM-DD, A/B, or a timestamp) moved ``days`` later,
    at its own precision."""
    if not value or not days:
        return value
    if "/" in value:
        return "/".join(shift_date(v, days) or "" for v in value.split("/", 1))
    m = _DATE.match(value[:10])
    if not m:
        return value
    y, mo, d = m.group(1), m.group(2), m.group(3)
    try:
        first = dt.date(int(y), int(mo or 1), int(d or 1)) + dt.timedelta(days=days)
    except ValueError:
        return value
    out = first.isoformat()[:len(m.group(0))]
    return out + value[10:] if len(value) > 10 and d else out


def copy_id(k: int, old: str) -> str:
    prefix, dash, rest = old.rpartition("-")
    if not re.fullmatch(r"[a-z]+", prefix):
        prefix, dash, rest = "", "", old
    return prefix + dash + hashlib.sha1(f"{k}:{old}".encode()).hexdigest()[:max(8, len(rest))]


def _rewrite(obj: Any, k: int, ids: set[str], key: str | None = None) -> Any:
    if isinstance(obj, dict):
        return {kk: _rewrite(v, k, ids, kk) for kk, v in obj.items()}
    if isinstance(obj, list):
        return [_rewrite(v, k, ids, key) for v in obj]
    if isinstance(obj, str):
        if obj in ids:
            return copy_id(k, obj)
        if key in _DATE_KEYS:
            return shift_date(obj, SHIFT_DAYS * k)
    return obj


def grow(base: Path, path: Path, n: int) -> dict[str, Any]:
    """Copy the base store to ``path`` and replicate its rows until it has ``n`` articles."""
    from marsad.store.sqlite import Store

    t0 = time.perf_counter()
    tmp = path.with_suffix(".building")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    shutil.copy(base, tmp)
    Store(tmp).close()  # migrate to the current schema
    db = sqlite3.connect(tmp, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-400000")
    db.create_function("cid", 2, copy_id, deterministic=True)
    db.create_function("shift", 2, shift_date, deterministic=True)
    q = db.execute
    base_n = q("SELECT count(*) FROM articles").fetchone()[0]
    # Stories in a fixed order, with their articles: the unit a partial copy takes.
    story_of = dict(q("SELECT article, story FROM link_story_articles").fetchall())
    stories: dict[str, list[str]] = {}
    for aid, sid in sorted(story_of.items(), key=lambda kv: (kv[1], kv[0])):
        stories.setdefault(sid, []).append(aid)
    loose = [r[0] for r in q("SELECT id FROM articles ORDER BY id") if r[0] not in story_of]
    units = [*stories.values(), *([a] for a in loose)]
    rowid_of = dict(q("SELECT id, rowid FROM articles").fetchall())
    ids = set(rowid_of) | {r[0] for r in q("SELECT id FROM link_stories")} | \
        {r[0] for r in q("SELECT id FROM link_events")} | {r[0] for r in q("SELECT id FROM link_contradictions")}
    q("CREATE TEMP TABLE fts0 AS SELECT rowid AS r, terms, names FROM search_fts")
    q("CREATE TEMP TABLE amap (old TEXT PRIMARY KEY, new TEXT, old_rowid INTEGER, new_rowid INTEGER)")
    total, k, next_rowid = base_n, 0, q("SELECT max(rowid) FROM articles").fetchone()[0] + 1
    stories0 = q("SELECT id, title, first_date, last_date, n_articles, n_outlets, record "
                 "FROM link_stories").fetchall()
    events0 = q("SELECT id, story, type, date, record FROM link_events").fetchall()
    contras0 = q("SELECT id, story, record FROM link_contradictions").fetchall()
    while total < n:
        k += 1
        take: list[str] = []
        for u in units:
            if total + len(take) >= n:
                break
            take.extend(u)
        taken = set(take)
        q("BEGIN")
        q("DELETE FROM amap")
        q_rows = [(a, copy_id(k, a), rowid_of[a], next_rowid + i) for i, a in enumerate(take)]
        next_rowid += len(take)
        db.executemany("INSERT INTO amap VALUES (?,?,?,?)", q_rows)
        q(f"INSERT INTO articles (rowid, id, raw_id, idx, parent, source_path, source_url, title, outlet, "
          f"section, credited_source, published, published_basis, page_date, body, removed) "
          f"SELECT m.new_rowid, m.new, a.raw_id, a.idx, CASE WHEN a.parent IS NULL THEN NULL "
          f"ELSE cid({k}, a.parent) END, a.source_path, a.source_url, a.title, a.outlet, a.section, "
          f"a.credited_source, shift(a.published, {SHIFT_DAYS * k}), a.published_basis, "
          f"shift(a.page_date, {SHIFT_DAYS * k}), a.body, a.removed "
          f"FROM amap m JOIN articles a ON a.id = m.old ORDER BY m.new_rowid")
        q("INSERT INTO analyses SELECT m.new, n.data FROM amap m JOIN analyses n ON n.article_id = m.old")
        q("INSERT INTO search_fts(rowid, terms, names) SELECT m.new_rowid, f.terms, f.names "
          "FROM amap m JOIN fts0 f ON f.r = m.old_rowid ORDER BY m.new_rowid")
        q("INSERT INTO link_articles SELECT m.new, la.mention_entities, la.quote_speakers "
          "FROM amap m JOIN link_articles la ON la.article = m.old")
        q("INSERT INTO link_entity_articles SELECT ea.entity, m.new, ea.mentions "
          "FROM amap m JOIN link_entity_articles ea ON ea.article = m.old")
        q("INSERT INTO link_quotes SELECT lq.speaker, m.new, lq.idx "
          "FROM amap m JOIN link_quotes lq ON lq.article = m.old")
        q(f"INSERT INTO link_story_articles SELECT m.new, cid({k}, sa.story) "
          f"FROM amap m JOIN link_story_articles sa ON sa.article = m.old")
        d = SHIFT_DAYS * k
        for sid, title, first, last, na, no, rec in stories0:
            if stories.get(sid, [None])[0] in taken:
                db.execute("INSERT INTO link_stories VALUES (?,?,?,?,?,?,?)",
                           (copy_id(k, sid), title, shift_date(first, d), shift_date(last, d), na, no,
                            json.dumps(_rewrite(json.loads(rec), k, ids), ensure_ascii=False, sort_keys=True)))
        for eid, sid, typ, date, rec in events0:
            if sid is None or stories.get(sid, [None])[0] in taken:
                db.execute("INSERT INTO link_events VALUES (?,?,?,?,?)",
                           (copy_id(k, eid), copy_id(k, sid) if sid else None, typ, shift_date(date, d),
                            json.dumps(_rewrite(json.loads(rec), k, ids), ensure_ascii=False, sort_keys=True)))
        for cid_, sid, rec in contras0:
            if stories.get(sid, [None])[0] in taken:
                db.execute("INSERT INTO link_contradictions VALUES (?,?,?)",
                           (copy_id(k, cid_), copy_id(k, sid),
                            json.dumps(_rewrite(json.loads(rec), k, ids), ensure_ascii=False, sort_keys=True)))
        q("COMMIT")
        total += len(take)
        log(f"grow: copy {k}: {total} articles ({time.perf_counter() - t0:.0f} s)")
    factor = total / base_n
    q("BEGIN")
    for eid, mentions, rec in q("SELECT id, mentions, record FROM link_entities").fetchall():
        r = json.loads(rec)
        r["mention_count"] = round(r.get("mention_count", mentions) * factor)
        db.execute("UPDATE link_entities SET mentions=?, record=? WHERE id=?",
                   (round(mentions * factor), json.dumps(r, ensure_ascii=False, sort_keys=True), eid))
    gen = q("SELECT value FROM meta WHERE key='generation'").fetchone()
    q("INSERT OR REPLACE INTO meta VALUES ('link_generation', ?)", (gen[0] if gen else "0",))
    q("COMMIT")
    q("PRAGMA optimize")
    q("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    tmp.rename(path)
    return {"base_articles": base_n, "copies": k, "articles": total, "grow_s": round(time.perf_counter() - t0, 1)}


# ---------------------------------------------------------------- load

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request_pool(path: Path, seed: int = 7) -> dict[str, list[str]]:
    """Seeded sample of URLs per kind."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rng = random.Random(seed)
    q = db.execute

    def sample(sql: str, k: int) -> list[str]:
        rows = [r[0] for r in q(sql)]
        return rng.sample(rows, min(k, len(rows)))

    big_stories = [r[0] for r in q("SELECT id FROM link_stories ORDER BY n_articles DESC LIMIT 100")]
    stories = big_stories + sample("SELECT id FROM link_stories", 100)
    articles = sample("SELECT id FROM articles", 300)
    top_ents = [r[0] for r in q("SELECT id FROM link_entities ORDER BY mentions DESC LIMIT 50")]
    ents = top_ents + sample("SELECT id FROM link_entities", 50)
    titles = [r[0] for r in q("SELECT title FROM articles WHERE title IS NOT NULL LIMIT 5000")]
    words: list[list[str]] = [ws for t in titles if (ws := [w for w in re.findall(r"[\u0621-\u064A]+", t)
                                                             if len(w) >= 3])]
    queries = [rng.choice(rng.choice(words)) for _ in range(60)]
    while len(queries) < 120:
        ws = rng.choice(words)
        if len(ws) >= 2:
            i = rng.randrange(len(ws) - 1)
            queries.append(f"{ws[i]} {ws[i + 1]}")
    speakers = [r[0] for r in q("SELECT speaker FROM link_quotes GROUP BY speaker ORDER BY count(*) DESC LIMIT 30")]
    with_contra = [r[0] for r in q("SELECT DISTINCT story FROM link_contradictions LIMIT 50")]
    n_ent_pages = max(1, min(20, q("SELECT count(*) FROM link_entities").fetchone()[0] // 50))
    db.close()
    e = lambda s: quote(s, safe=":")  # noqa: E731
    return {
        "home": ["/", "/?page=2", "/?page=5"],
        "story": [f"/story/{e(s)}" for s in stories],
        "article": [f"/article/{e(a)}" for a in articles],
        "entity": [f"/entity/{e(x)}" for x in ents],
        "search": [f"/search?q={quote(x)}" for x in queries],
        "entities": [f"/entities?page={p}" for p in range(1, n_ent_pages + 1)] + ["/entities?type=PER"],
        "index_json": ["/index.json"],
        "api_story": [f"/api/stories/{e(s)}" for s in stories],
        "api_article": [f"/api/articles/{e(a)}" for a in articles],
        "api_entity": [f"/api/entities/{e(x)}" for x in ents],
        "api_search": [f"/api/search?q={quote(x)}" for x in queries],
        "api_articles": ["/api/articles", "/api/articles?offset=1000", "/api/articles?outlet=aawsat"],
        "api_stories": ["/api/stories", "/api/stories?order=biggest", "/api/stories?offset=500"],
        "api_entities": ["/api/entities", "/api/entities?type=PER", "/api/entities?offset=200"],
        "api_stats": ["/api/stats"],
        "api_quotes": [f"/api/quotes?speaker={e(s)}" for s in speakers] or ["/api/quotes"],
        "api_contradictions": ["/api/contradictions"] + [f"/api/contradictions?story={e(s)}" for s in with_contra],
    }


class _Connection:
    """One keep-alive HTTP/1.1 connection: GET a path, read the whole response.  Written on
    asyncio streams rather than httpx because the load generator shares the machine's two
    cores with the server, and httpx spent about a millisecond of CPU per request."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes, str]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode())
        try:
            head = await self.reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split()[1])
            headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
            if "content-length" in headers:
                body = await self.reader.readexactly(int(headers["content-length"]))
            elif headers.get("transfer-encoding", "").lower() == "chunked":
                parts = []
                while True:
                    size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                    parts.append(await self.reader.readexactly(size + 2))
                    if size == 0:
                        break
                body = b"".join(parts)
            else:
                body = await self.reader.read()
            if headers.get("connection", "").lower() == "close" or ("content-length" not in headers \
                    and headers.get("transfer-encoding", "").lower() != "chunked"):
                await self.close()
            return status, body, headers.get("x-cache", "")
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            await self.close()
            raise

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(ConnectionError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def _load(base: str, pool: dict[str, list[str]], concurrency: int, duration: float,
                seed: int) -> dict[str, Any]:
    host, port = base.split("://", 1)[1].rsplit(":", 1)
    kinds = sorted(pool)
    lat: dict[str, list[float]] = {k: [] for k in kinds}
    built: dict[str, list[float]] = {k: [] for k in kinds}  # answers the server's cache did not have
    errors: dict[str, list[str]] = {k: [] for k in kinds}
    end = time.perf_counter() + duration

    async def worker(i: int) -> None:
        rng = random.Random(seed * 1000 + i)
        conn = _Connection(host, int(port))
        try:
            while time.perf_counter() < end:
                kind = rng.choice(kinds)
                url = rng.choice(pool[kind])
                t = time.perf_counter()
                cache = ""
                try:
                    status, _, cache = await asyncio.wait_for(conn.get(url), 30)
                    ok = status < 400 or (kind == "api_search" and status == 400)
                    if not ok:
                        errors[kind].append(f"{status} {url}")
                except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
                    errors[kind].append(f"{type(exc).__name__} {url}")
                    await conn.close()
                lat[kind].append((time.perf_counter() - t) * 1000)
                if cache != "hit":
                    built[kind].append(lat[kind][-1])
        finally:
            await conn.close()

    await asyncio.gather(*(worker(i) for i in range(concurrency)))
    return {"latency": lat, "built": built, "errors": errors}


def _pct(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    s = sorted(xs)
    return round(s[min(len(s) - 1, max(0, round(p / 100 * len(s)) - 1))], 1)


def measure(path: Path, concurrency: int, duration: float, warmup: float, seed: int,
            server_workers: int = 1, cache: bool = True) -> dict[str, Any]:
    import httpx

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.NamedTemporaryFile(prefix="serve_load-", suffix=".log", delete=False) as server_log:
        proc = subprocess.Popen([sys.executable, "-m", "marsad.cli", "--db", str(path), "serve",
                                 "--host", "127.0.0.1", "--port", str(port),
                                 "--workers", str(server_workers), *([] if cache else ["--no-cache"])],
                                stdout=server_log, stderr=subprocess.STDOUT, cwd=str(REPO),
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
        try:
            t0 = time.perf_counter()
            while True:
                try:
                    if httpx.get(base + "/api/stats", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if proc.poll() is not None or time.perf_counter() - t0 > 120:
                    raise SystemExit("server did not start: " + Path(server_log.name).read_text())
                time.sleep(0.3)
            startup = time.perf_counter() - t0
            pool = request_pool(path, seed)
            if warmup:
                asyncio.run(_load(base, pool, concurrency, warmup, seed + 1))
            t = time.perf_counter()
            res = asyncio.run(_load(base, pool, concurrency, duration, seed))
            wall = time.perf_counter() - t
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
    kinds: dict[str, Any] = {}
    for kind, xs in res["latency"].items():
        kinds[kind] = {"requests": len(xs), "errors": len(res["errors"][kind]),
                       "p50_ms": _pct(xs, 50), "p95_ms": _pct(xs, 95), "p99_ms": _pct(xs, 99),
                       "max_ms": round(max(xs), 1) if xs else None}
        built = res["built"][kind]  # every answer when the server keeps none (--no-cache)
        kinds[kind]["built"] = {"requests": len(built), "p50_ms": _pct(built, 50), "p95_ms": _pct(built, 95)}
        if res["errors"][kind]:
            kinds[kind]["error_examples"] = res["errors"][kind][:3]
    n_req = sum(len(x) for x in res["latency"].values())
    return {"server_start_s": round(startup, 1), "wall_s": round(wall, 1), "requests": n_req,
            "requests_per_s": round(n_req / wall, 1), "errors": sum(len(e) for e in res["errors"].values()),
            "pages": {k: kinds[k] for k in PAGES}, "json": {k: kinds[k] for k in JSONS},
            "server_log": server_log.name}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200_000, help="articles in the measured store")
    ap.add_argument("--base", type=int, default=3000, help="articles put through the real pipeline")
    ap.add_argument("--duration", type=float, default=60, help="seconds of measured load")
    ap.add_argument("--warmup", type=float, default=5, help="seconds of unmeasured load first")
    ap.add_argument("--concurrency", type=int, default=20, help="concurrent clients")
    ap.add_argument("--workers", type=int, default=2, help="ingest workers for the base store")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--server-workers", type=int, default=1, help="marsad serve --workers")
    ap.add_argument("--no-cache", action="store_true",
                    help="marsad serve --no-cache: every answer built afresh")
    ap.add_argument("--build-only", action="store_true")
    args = ap.parse_args()
    if not corpus.available():
        print(json.dumps({"skipped": f"SaudiNewsNet not found at {corpus.saudinewsnet_dir()}"}))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    base = OUT / f"serve_base_{args.base}.db"
    path = OUT / f"serve_{args.n}_from_{args.base}.db"
    report: dict[str, Any] = {"store": str(path), "method": (
        f"{args.base} SaudiNewsNet articles through ingest+link, then replicated at the SQL level "
        f"(new ids, dates +{SHIFT_DAYS}*k days per copy k) to {args.n} articles; see the docstring")}
    if not base.exists():
        report["build_base"] = build_base(base, args.base, args.workers)
    if not path.exists():
        report["grow"] = grow(base, path, args.n)
    from marsad.store.sqlite import Store

    with Store(path) as store:  # applies any newer migration (e.g. an index) before serving
        q = store.db.execute
        report["counts"] = {"articles": q("SELECT count(*) FROM articles").fetchone()[0],
                            **store.link_counts(),
                            "biggest_story": q("SELECT max(n_articles) FROM link_stories").fetchone()[0],
                            "top_entity_articles": q("SELECT count(*) FROM link_entity_articles WHERE entity = "
                                                     "(SELECT id FROM link_entities ORDER BY mentions DESC "
                                                     "LIMIT 1)").fetchone()[0]}
    if args.build_only:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return
    report["load"] = {"concurrency": args.concurrency, "duration_s": args.duration,
                      "server": f"python -m marsad.cli serve --workers {args.server_workers}"
                                + (" --no-cache" if args.no_cache else ""),
                      "cpus": os.cpu_count(),
                      **measure(path, args.concurrency, args.duration, args.warmup, args.seed,
                              args.server_workers, not args.no_cache)}
    load = report["load"]
    report["bars"] = {
        f"page_p95_lt_{PAGE_BAR_MS}ms": all(v["p95_ms"] < PAGE_BAR_MS for v in load["pages"].values()),
        f"json_p95_lt_{JSON_BAR_MS}ms": all(v["p95_ms"] < JSON_BAR_MS for v in load["json"].values()),
        "no_errors": load["errors"] == 0,
        "misses": [f"{k} p95 {v['p95_ms']} ms" for group, bar in (("pages", PAGE_BAR_MS), ("json", JSON_BAR_MS))
                   for k, v in load[group].items() if not v["p95_ms"] < bar]}
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
