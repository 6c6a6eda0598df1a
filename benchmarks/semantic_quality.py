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

recall@10 = |relevant ∩ top 10| / min(|relevant|, 10), averaged per language;
success@10 = share of queries with a relevant article in the top 10; also
hit@1, MRR and query latency (embedding the query included).

    python benchmarks/semantic_quality.py            # all 30,676 articles
    python benchmarks/semantic_quality.py --limit 10000 --ann
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus

from marsad.analyze import embed
from marsad.store import semantic
from marsad.store.sqlite import Store

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "data" / "semantic" / "queries.jsonl"
OUT = HERE / "out"


def load_queries() -> list[dict]:
    with open(QUERIES, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


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


def bench_store(path: Path, recs: list[dict], vecs: np.ndarray) -> Store:
    """A store holding the articles (title, outlet, date, body) and their vectors."""
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
    return store


def measure(limit: int | None, ann: bool, log=print) -> dict:
    recs = list(corpus.articles(limit))
    seen, uniq = set(), []
    for r in recs:  # one row per url
        if r["url"] not in seen:
            seen.add(r["url"])
            uniq.append(r)
    recs = uniq
    vecs, rate = corpus_vectors(recs, log)
    queries = [q for q in load_queries() if q["url"] in seen]
    if ann:
        semantic.EXACT_LIMIT = 0
    with tempfile.TemporaryDirectory() as tmp:
        store = bench_store(Path(tmp) / "sem.db", recs, vecs)
        url_of = {r: u for u, r in store.db.execute("SELECT source_url, rowid FROM articles")}
        t0 = time.perf_counter()
        semantic.semantic_search(store.db, "warm up", limit=10)  # loads the model (and index)
        warm_s = time.perf_counter() - t0
        per_lang: dict[tuple[str, str], list[dict]] = {}
        lat = []
        misses = []
        for q in queries:
            t = time.perf_counter()
            found = semantic.semantic_search(store.db, q["query"], limit=10)
            lat.append((time.perf_counter() - t) * 1000)
            urls = [url_of[r] for r, _ in found]
            for kind, rel in (("strict", set(q["relevant"])),
                              ("judged", set(q["relevant"]) | set(q.get("same_story", [])))):
                rel &= seen
                got = len(rel & set(urls))
                first = next((i for i, u in enumerate(urls, 1) if u in rel), None)
                per_lang.setdefault((kind, q["lang"]), []).append(
                    {"recall": got / min(len(rel), 10), "success": bool(got), "hit1": first == 1,
                     "rr": 1 / first if first else 0.0})
                if not got and kind == "judged":
                    misses.append({"query": q["query"], "lang": q["lang"], "url": q["url"],
                                   "top": urls[:3]})
        store.close()
    report: dict = {"articles": len(recs), "queries": len(queries),
                    "path": "hnsw" if ann or len(recs) > semantic.EXACT_LIMIT else "exact",
                    "article_text_chars": embed.MAX_ARTICLE_CHARS}
    for (kind, lang), rows in sorted(per_lang.items()):
        report.setdefault(kind, {})[lang] = {
            "queries": len(rows), "recall@10": round(statistics.mean(r["recall"] for r in rows), 4),
            "success@10": round(statistics.mean(r["success"] for r in rows), 4),
            "hit@1": round(statistics.mean(r["hit1"] for r in rows), 4),
            "mrr": round(statistics.mean(r["rr"] for r in rows), 4)}
    lat.sort()
    report["latency_ms"] = {"p50": round(lat[len(lat) // 2], 2),
                            "p95": round(lat[int(len(lat) * 0.95) - 1], 2),
                            "max": round(lat[-1], 2), "first_query_s": round(warm_s, 2)}
    if rate:
        report["embed_articles_per_s"] = round(rate, 1)
    report["misses"] = misses
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="articles in the index (default all)")
    ap.add_argument("--ann", action="store_true", help="force the HNSW path")
    args = ap.parse_args()
    if not corpus.available():
        print(json.dumps({"skipped": f"SaudiNewsNet not found at {corpus.saudinewsnet_dir()}"}))
        return
    report = measure(args.limit, args.ann, log=lambda m: print(m, file=sys.stderr))
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
