"""Semantic search quality on SaudiNewsNet: recall@10 of paraphrased Arabic and English queries.

The query set (benchmarks/data/semantic/queries.jsonl) was written by hand for
this benchmark: for each of ~60 news stories picked across the corpus (every
410th article, opinion columns and empty pages skipped), one Arabic query that
says the story in other words and one English query, neither copied from the
headline.  Each query lists its relevant articles by url: the story itself plus
any copy of it in the corpus (same normalised title, or same opening of the
text within two days, e.g. an agency story run by several outlets).  Copies
alone miss the other outlets' own write-ups of the same event, so
``same_story`` adds the articles judged by hand to report the same event,
judged on the pool of the top 6 exhaustive-search results of both queries of
each story (83 articles for 59 stories).  Both are reported: ``strict`` (copies
only) and ``judged`` (copies + same_story).  No article text is stored.

The index holds the first ``--limit`` corpus articles (default: all of them,
30,676), each embedded with ``article_text`` (title + lead) through the real
store code (``marsad.store.semantic``): vectors in SQLite, HNSW (usearch) when
the index is larger than ``EXACT_LIMIT``, exhaustive otherwise; ``--ann``
forces the HNSW path.  Vectors are cached in benchmarks/out/ (keyed by the
article count and the embedding settings) so a second run only measures search.

``--mode hybrid`` measures what ``Store.semantic_search(q, hybrid=True)``
returns: the meaning ranking's candidates, the any-concept sparse ranking's
(English words translated to Arabic search terms by ``store.query_terms``) and
keyword search's (every word), re-scored by cosine plus lexical evidence
(``semantic.hybrid_search``).  For it the store also
holds the full-text index, built with the real ``search.index_columns`` into
``search_fts``; the index columns are cached in benchmarks/out/ too (keyed by
the article count and the source of the search and Arabic text code).
``--mode both`` (the default) reports the two.

``--split A`` / ``--split B`` keeps half of the stories (A: the even-numbered
stories of the query file, B: the odd ones, both languages of a story in the
same half): settings are compared on one half and reported on the other.  A
run on all queries also reports each half (``split_A``, ``split_B``).

recall@10 = |relevant ∩ top 10| / min(|relevant|, 10), averaged per language;
success@10 = share of queries with a relevant article in the top 10; also
hit@1, MRR and query latency (embedding the query included).

    python benchmarks/semantic_quality.py            # all 30,676 articles, both modes
    python benchmarks/semantic_quality.py --mode hybrid --split B
    python benchmarks/semantic_quality.py --limit 10000 --ann --mode semantic
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus

from marsad.analyze import embed
from marsad.errors import QueryError
from marsad.store import search, semantic
from marsad.store.sqlite import Store

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "data" / "semantic" / "queries.jsonl"
OUT = HERE / "out"
SRC = HERE.parent / "src" / "marsad"


def load_queries() -> list[dict]:
    """The queries, each with ``split``: A for the even-numbered stories, B for the odd."""
    with open(QUERIES, encoding="utf-8") as fh:
        qs = [json.loads(line) for line in fh if line.strip()]
    story: dict[str, int] = {}
    for q in qs:
        q["split"] = "AB"[story.setdefault(q["url"], len(story)) % 2]
    return qs


def keyword_columns(recs: list[dict], log=print) -> Path:
    """A SQLite file with the full-text index columns (``search.index_columns``)
    of every article, table ``cols(i, url, terms, names)`` (cached in benchmarks/out/)."""
    code = hashlib.sha1()
    for f in [SRC / "store" / "search.py", *sorted((SRC / "arabic").glob("*.py"))]:
        code.update(f.read_bytes())
    key = hashlib.sha1(json.dumps([len(recs), recs[-1]["url"], code.hexdigest()]).encode()).hexdigest()[:12]
    path = OUT / f"semantic_fts_{len(recs)}_{key}.db"
    if path.exists():
        return path
    OUT.mkdir(exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    t0 = time.perf_counter()
    db = sqlite3.connect(tmp)
    db.execute("CREATE TABLE cols(i INTEGER PRIMARY KEY, url TEXT, terms TEXT, names TEXT)")
    db.executemany("INSERT INTO cols VALUES (?,?,?,?)",
                   ((i, r["url"], *search.index_columns(r.get("title"), r["content"]))
                    for i, r in enumerate(recs)))
    db.commit()
    db.close()
    tmp.replace(path)
    log(f"indexed {len(recs)} articles for keyword search in {time.perf_counter() - t0:.0f} s")
    return path


def corpus_vectors(recs: list[dict], log=print) -> tuple[np.ndarray, float | None]:
    """Embeddings of the articles (cached in benchmarks/out/); also the
    articles-per-second figure when they had to be computed."""
    key = hashlib.sha1(json.dumps([len(recs), recs[-1]["url"], embed.MAX_ARTICLE_CHARS,
                                   embed.MAX_TEXT_CHARS, semantic.MODEL]).encode()).hexdigest()[:12]
    path = OUT / f"semantic_vectors_{len(recs)}_{key}.npy"
    if path.exists():
        return np.load(path), None
    texts = [embed.article_text(r.get("title"), r["content"]) for r in recs]
    vecs = np.zeros((len(texts), embed.DIM), dtype=np.float32)
    t0 = time.perf_counter()
    step = 512
    for i in range(0, len(texts), step):
        vecs[i:i + step] = embed.embed_texts(texts[i:i + step])
        done = min(i + step, len(texts))
        if done % (step * 8) == 0 or done == len(texts):
            rate = done / (time.perf_counter() - t0)
            log(f"embedded {done}/{len(texts)} ({rate:.0f} articles/s)")
    rate = len(texts) / (time.perf_counter() - t0)
    OUT.mkdir(exist_ok=True)
    np.save(path, vecs)
    return vecs, rate


def bench_store(path: Path, recs: list[dict], vecs: np.ndarray, fts: Path | None = None) -> Store:
    """A store holding the articles (title, outlet, date, body) and their vectors
    (and their full-text index rows, from ``fts``)."""
    store = Store(path)
    db = store.db
    db.execute("PRAGMA foreign_keys=OFF")
    db.execute("BEGIN")
    db.execute("INSERT INTO raw VALUES ('bench', 1, 'bench', x'', 'utf-8', '{}')")
    db.executemany(
        "INSERT INTO articles(id, raw_id, idx, source_url, title, outlet, published, body) "
        "VALUES (?,?,?,?,?,?,?,?)",
        [(hashlib.sha1(r["url"].encode()).hexdigest(), "bench", i, r["url"], r.get("title"),
          r["source"], (r.get("date_extracted") or "")[:10] or None, r["content"])
         for i, r in enumerate(recs)])
    semantic.ensure_schema(db)
    rowids = dict(db.execute("SELECT source_url, rowid FROM articles"))
    semantic.add_vectors(db, [(rowids[r["url"]], v) for r, v in zip(recs, vecs, strict=True)])
    db.execute("COMMIT")
    if fts is not None:
        db.execute("ATTACH ? AS kw", (str(fts),))
        db.execute("BEGIN")
        db.execute("INSERT INTO search_fts(rowid, terms, names) SELECT a.rowid, c.terms, c.names "
                   "FROM kw.cols c JOIN articles a ON a.source_url = c.url")
        db.execute("COMMIT")
        db.execute("DETACH kw")
    return store


def _scores(queries: list[dict], found: list[list[str]], seen: set[str]) -> tuple[dict, list]:
    per_lang: dict[tuple[str, str], list[dict]] = {}
    misses = []
    for q, urls in zip(queries, found, strict=True):
        for kind, rel in (("strict", set(q["relevant"])),
                          ("judged", set(q["relevant"]) | set(q.get("same_story", [])))):
            rel &= seen
            got = len(rel & set(urls))
            first = next((i for i, u in enumerate(urls, 1) if u in rel), None)
            per_lang.setdefault((kind, q["lang"]), []).append(
                {"recall": got / min(len(rel), 10), "success": bool(got), "hit1": first == 1,
                 "rr": 1 / first if first else 0.0})
            if not got and kind == "judged":
                misses.append({"query": q["query"], "lang": q["lang"], "url": q["url"], "top": urls[:3]})
    report: dict = {}
    for (kind, lang), rows in sorted(per_lang.items()):
        report.setdefault(kind, {})[lang] = {
            "queries": len(rows), "recall@10": round(statistics.mean(r["recall"] for r in rows), 4),
            "success@10": round(statistics.mean(r["success"] for r in rows), 4),
            "hit@1": round(statistics.mean(r["hit1"] for r in rows), 4),
            "mrr": round(statistics.mean(r["rr"] for r in rows), 4)}
    return report, misses


def _latency(lat: list[float]) -> dict:
    lat = sorted(lat)
    return {"p50": round(lat[len(lat) // 2], 2), "p95": round(lat[max(int(len(lat) * 0.95) - 1, 0)], 2),
            "max": round(lat[-1], 2)}


def measure(limit: int | None, ann: bool, mode: str = "both", split: str = "all", log=print) -> dict:
    recs = list(corpus.articles(limit))
    seen, uniq = set(), []
    for r in recs:  # one row per url
        if r["url"] not in seen:
            seen.add(r["url"])
            uniq.append(r)
    recs = uniq
    vecs, rate = corpus_vectors(recs, log)
    modes = ["semantic", "hybrid"] if mode == "both" else [mode]
    fts = keyword_columns(recs, log) if "hybrid" in modes else None
    queries = [q for q in load_queries() if q["url"] in seen and split in ("all", q["split"])]
    if ann:
        semantic.EXACT_LIMIT = 0
    report: dict = {"articles": len(recs), "queries": len(queries), "split": split,
                    "path": "hnsw" if ann or len(recs) > semantic.EXACT_LIMIT else "exact",
                    "article_text_chars": embed.MAX_ARTICLE_CHARS}
    with tempfile.TemporaryDirectory() as tmp:
        store = bench_store(Path(tmp) / "sem.db", recs, vecs, fts)
        url_of = {r: u for u, r in store.db.execute("SELECT source_url, rowid FROM articles")}
        url_of_id = dict(store.db.execute("SELECT id, source_url FROM articles"))
        t0 = time.perf_counter()
        semantic.semantic_search(store.db, "warm up", limit=10)  # loads the model (and index)
        report["first_query_s"] = round(time.perf_counter() - t0, 2)
        for m in modes:
            found, lat, kw_lat = [], [], []
            for q in queries:
                t = time.perf_counter()
                if m == "semantic":
                    urls = [url_of[r] for r, _ in semantic.semantic_search(store.db, q["query"], limit=10)]
                else:  # as Store.semantic_search(hybrid=True) does it, timed in parts
                    try:
                        kw = store.search(q["query"], limit=50)
                    except QueryError:
                        kw = []
                    kw_lat.append((time.perf_counter() - t) * 1000)
                    urls = [url_of_id[f.id] for f in semantic.hybrid_search(store.db, q["query"], kw, 10)]
                lat.append((time.perf_counter() - t) * 1000)
                found.append(urls)
            scores, misses = _scores(queries, found, seen)
            report[m] = {**scores, "latency_ms": _latency(lat)}
            if split == "all":  # each half too (tune on A, report B)
                for half in "AB":
                    sel = [i for i, q in enumerate(queries) if q["split"] == half]
                    report[m][f"split_{half}"] = _scores([queries[i] for i in sel],
                                                         [found[i] for i in sel], seen)[0]
            if kw_lat:
                report[m]["latency_ms"]["keyword_search_p95"] = _latency(kw_lat)["p95"]
            report[m]["misses"] = misses
        store.close()
    if rate:
        report["embed_articles_per_s"] = round(rate, 1)
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="articles in the index (default all)")
    ap.add_argument("--ann", action="store_true", help="force the HNSW path")
    ap.add_argument("--mode", choices=("semantic", "hybrid", "both"), default="both",
                    help="meaning ranking alone, fused with keyword search, or both (default)")
    ap.add_argument("--split", choices=("all", "A", "B"), default="all",
                    help="half of the stories to measure on (default all)")
    args = ap.parse_args()
    if not corpus.available():
        print(json.dumps({"skipped": f"SaudiNewsNet not found at {corpus.saudinewsnet_dir()}"}))
        return
    report = measure(args.limit, args.ann, args.mode, args.split, log=lambda m: print(m, file=sys.stderr))
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
