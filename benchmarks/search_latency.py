"""Search latency on a large store: keyword (FTS5) one- and two-word queries, semantic queries.

Builds (or reuses, with --db) a store of ``--articles`` articles (default
200,000): the SaudiNewsNet articles (30,676) repeated with variation until the
count is reached.  Copy k>0 of an article gets a variant tag before its title
("عاجل:", "محدث:"…), its paragraphs shuffled (seeded) and one paragraph
dropped when it has more than three.  Rows go straight into ``articles`` and
``search_fts`` with the index columns made by ``store.search.index_columns``'s
own functions (``index_terms`` and the name keys), computed once per paragraph
and joined in the variant's order (name pairs across a paragraph break are the
only difference from calling ``index_columns`` on the whole text).

Vectors: each SaudiNewsNet article is embedded once (``article_text`` of the
original, cached in benchmarks/out/ and shared with semantic_quality.py); a
variant gets its original's vector plus seeded Gaussian noise, renormalised
(cosine ~0.97 to the original), because embedding 200,000 texts on two cores
takes about an hour and latency depends on the index size, not on the words.
The HNSW index (usearch) is built from the stored vectors and saved beside the
database; its build time is reported.

Queries: one- and two-word keyword queries drawn (seeded) from the corpus
titles, through ``Store.search`` (snippets included, limit 20); semantic
queries are the Arabic and English queries of
benchmarks/data/semantic/queries.jsonl through ``semantic_search`` (query
embedding included, limit 10) and ``Store.semantic_search(hybrid=True)`` (keyword
ranking, meaning ranking, any-concept ranking and re-scoring, as ``marsad search
--hybrid`` runs it).  Latency is in-process,
after one warm-up query per kind.  Prints JSON.

    python benchmarks/search_latency.py                       # 200,000 articles
    python benchmarks/search_latency.py --articles 50000 --db /tmp/lat50k.db
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import random
import re
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus
from semantic_quality import corpus_vectors, load_queries

from marsad.arabic.clitics import index_terms
from marsad.errors import QueryError
from marsad.store import semantic
from marsad.store.search import _name_keys, _words
from marsad.store.sqlite import Store

OUT = Path(__file__).resolve().parent / "out"
TAGS = ["", "عاجل:", "محدث:", "بالصور:", "متابعة:", "تقرير:", "فيديو:", "خاص:", "تحديث:", "مباشر:"]


def _cols(text: str) -> tuple[list[str], list[str]]:
    return index_terms(text), _name_keys(_words(text))


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _variants(n: int):
    """(copy, base index, record, title, body, tag, paragraph order) for n articles."""
    recs = list(corpus.articles())
    rng = random.Random(7)
    done, copy = 0, 0
    while done < n:
        for i, r in enumerate(recs):
            if done >= n:
                return
            paras = [p.strip() for p in r["content"].split("\n") if p.strip()]
            order = list(range(len(paras)))
            title = r.get("title") or ""
            tag = TAGS[copy % len(TAGS)]
            if copy:
                rng.shuffle(order)
                if len(order) > 3:
                    order.pop(rng.randrange(len(order)))
                title = f"{tag} {title}"
            yield copy, i, r, paras, title, tag, order
            done += 1
        copy += 1


def build(path: Path, n: int) -> dict:
    """Fill a fresh store at ``path`` with n articles (rows and the keyword index)."""
    t0 = time.perf_counter()
    store = Store(path)
    db = store.db
    semantic.ensure_schema(db)
    db.execute("PRAGMA foreign_keys=OFF")
    db.execute("INSERT INTO raw VALUES ('bench', 1, 'bench', x'', 'utf-8', '{}')")
    base_cols: dict[int, tuple] = {}
    batch_a: list[tuple] = []
    batch_f: list[tuple] = []

    def flush() -> None:
        db.execute("BEGIN")
        db.executemany("INSERT INTO articles(rowid, id, raw_id, idx, source_url, title, outlet, "
                       "published, body) VALUES (?,?,?,?,?,?,?,?,?)", batch_a)
        db.executemany("INSERT INTO search_fts(rowid, terms, names) VALUES (?,?,?)", batch_f)
        db.execute("COMMIT")
        batch_a.clear()
        batch_f.clear()

    for rowid, (copy, i, r, paras, title, tag, order) in enumerate(_variants(n), 1):
        if i not in base_cols:
            base_cols[i] = (_cols(r.get("title") or ""), [_cols(p) for p in paras])
        (tt, tn), pcols = base_cols[i]
        body = "\n\n".join(paras[j] for j in order)
        terms = (index_terms(tag) if copy else []) + tt + [t for j in order for t in pcols[j][0]]
        names = tn + [k for j in order for k in pcols[j][1]]
        aid = hashlib.sha1(f"{copy}:{r['url']}".encode()).hexdigest()
        batch_a.append((rowid, aid, "bench", copy, r["url"], title, r["source"],
                        (r.get("date_extracted") or "")[:10] or None, body))
        batch_f.append((rowid, " ".join(terms), " ".join(names)))
        if len(batch_a) >= 5000:
            flush()
            if rowid % 20000 == 0:
                log(f"stored {rowid}/{n} ({rowid / (time.perf_counter() - t0):.0f} articles/s)")
    if batch_a:
        flush()
    db.execute("PRAGMA optimize")
    store.close()
    return {"articles": n, "rows_and_fts_s": round(time.perf_counter() - t0, 1)}


def add_bench_vectors(store: Store, noise: float = 0.011) -> dict:
    """Vectors for every article of a built store, then the HNSW index."""
    t0 = time.perf_counter()
    recs = list(corpus.articles())
    vecs, _ = corpus_vectors(recs, log)
    t_vec = time.perf_counter() - t0
    db = store.db
    semantic.ensure_schema(db)
    n = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    nrng = np.random.default_rng(7)
    batch: list[tuple[int, np.ndarray]] = []
    t1 = time.perf_counter()
    for rowid, (copy, i, *_rest) in enumerate(_variants(n), 1):
        v = vecs[i]
        if copy:
            v = v + nrng.normal(0.0, noise, v.shape).astype(np.float32)
            v /= np.linalg.norm(v)
        batch.append((rowid, v))
        if len(batch) >= 10000:
            semantic.add_vectors(db, batch)
            batch.clear()
    semantic.add_vectors(db, batch)
    t_rows = time.perf_counter() - t1
    t2 = time.perf_counter()
    semantic.rebuild_index(db)
    return {"base_vectors_s": round(t_vec, 1), "vector_rows_s": round(t_rows, 1),
            "hnsw_build_s": round(time.perf_counter() - t2, 1)}


def keyword_queries(k: int, seed: int = 11) -> tuple[list[str], list[str]]:
    words: list[list[str]] = []
    for r in corpus.articles():
        ws = [w for w in re.findall(r"[\u0621-\u064A]+", r.get("title") or "") if len(w) >= 3]
        if ws:
            words.append(ws)
    rng = random.Random(seed)
    one = [rng.choice(rng.choice(words)) for _ in range(k)]
    two = []
    while len(two) < k:
        ws = rng.choice(words)
        if len(ws) >= 2:
            i = rng.randrange(len(ws) - 1)
            two.append(f"{ws[i]} {ws[i + 1]}")
    return one, two


def timed(fn, queries: list[str]) -> dict:
    fn(queries[0])  # warm-up
    lat, results = [], 0
    for q in queries:
        t = time.perf_counter()
        with contextlib.suppress(QueryError):
            results += bool(fn(q))
        lat.append((time.perf_counter() - t) * 1000)
    lat.sort()
    return {"queries": len(lat), "with_results": results,
            "p50_ms": round(lat[len(lat) // 2], 2), "p95_ms": round(lat[int(len(lat) * 0.95) - 1], 2),
            "p99_ms": round(lat[int(len(lat) * 0.99) - 1], 2), "max_ms": round(lat[-1], 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=200_000)
    ap.add_argument("--db", type=Path, default=None,
                    help="store to reuse, or to build when missing (default benchmarks/out/latency_N.db)")
    ap.add_argument("--build-only", action="store_true", help="build the store, measure nothing")
    ap.add_argument("--no-vectors", action="store_true",
                    help="with --build-only: rows and keyword index only (vectors on the next run)")
    ap.add_argument("--queries", type=int, default=300, help="keyword queries of each length")
    args = ap.parse_args()
    if not corpus.available():
        print(json.dumps({"skipped": f"SaudiNewsNet not found at {corpus.saudinewsnet_dir()}"}))
        return
    path = args.db or OUT / f"latency_{args.articles}.db"
    report: dict = {"db": str(path)}
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        report["build"] = build(path, args.articles)
    store = Store(path)
    semantic.ensure_schema(store.db)
    if not args.no_vectors and not store.db.execute("SELECT count(*) FROM article_vectors").fetchone()[0]:
        report["build_vectors"] = add_bench_vectors(store)
    if args.build_only:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return
    n = store.db.execute("SELECT count(*) FROM articles").fetchone()[0]
    report["articles"] = n
    report["vectors"] = store.db.execute("SELECT count(*) FROM article_vectors").fetchone()[0]
    t = time.perf_counter()
    semantic.semantic_search(store.db, "warm up", limit=10)  # model + index load
    report["semantic_first_query_s"] = round(time.perf_counter() - t, 2)
    one, two = keyword_queries(args.queries)
    report["keyword_one_word"] = timed(lambda q: store.search(q, limit=20), one)
    report["keyword_two_words"] = timed(lambda q: store.search(q, limit=20), two)
    sem_q = [q["query"] for q in load_queries()]
    report["semantic"] = timed(lambda q: semantic.semantic_search(store.db, q, limit=10), sem_q)
    report["hybrid"] = timed(lambda q: store.semantic_search(q, limit=10, hybrid=True), sem_q)
    report["bars"] = {
        "keyword_p50_lt_20ms": max(report["keyword_one_word"]["p50_ms"],
                                   report["keyword_two_words"]["p50_ms"]) < 20,
        "keyword_p95_lt_100ms": max(report["keyword_one_word"]["p95_ms"],
                                    report["keyword_two_words"]["p95_ms"]) < 100,
        "semantic_p95_lt_100ms": report["semantic"]["p95_ms"] < 100,
        "hybrid_p95_lt_100ms": report["hybrid"]["p95_ms"] < 100}
    store.close()
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
