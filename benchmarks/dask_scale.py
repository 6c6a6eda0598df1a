"""The Dask path next to single-machine ingest, on the same real input, with per-stage costs.

Writes N SaudiNewsNet articles as one JSONL file (text pages, as ingest_speed.py
does) and ingests it twice, each in a fresh process, timed end to end (start-up,
model loading and store writes included):

* ``single``: ``marsad.pipeline.ingest`` with 2 worker processes;
* ``dask``: ``marsad.scale.ingest_cluster`` on a 2-worker LocalCluster (cluster
  start, Parquet parts, loading them into the store as they finish).

Then it times ``load`` alone on the Parquet output (into a fresh store) and
splits the per-document cost into stages, so the figure for a real cluster can be
projected: the workers' stages scale with the number of workers, ``load`` (one
SQLite writer) does not.

    python benchmarks/dask_scale.py [--n 500] [--workers 2] [--tasks 16]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus


def write_jsonl(path: Path, n: int) -> int:
    k = 0
    with open(path, "w", encoding="utf-8") as fh:
        for rec in corpus.articles(n):
            fh.write(json.dumps({"text": corpus.as_text_page(rec), "url": rec["url"],
                                 "date": rec["date_extracted"][:10], "outlet": rec["source"]},
                                ensure_ascii=False) + "\n")
            k += 1
    return k


def child(mode: str, jsonl: str, db: str, out: str, workers: int, chunk: int) -> dict:
    """One timed run, in this (fresh) process."""
    from marsad.store.sqlite import Store

    t = time.perf_counter()
    store = Store(db)
    if mode == "single":
        from marsad.pipeline import ingest

        r = ingest(store, [jsonl], workers=workers)
        res = {"added": r.added, "failed": len(r.failed), "articles": r.articles}
    elif mode == "dask":
        from marsad.scale import ingest_cluster

        job, r = ingest_cluster(store, [jsonl], out, f"local:{workers}", chunk_bytes=chunk)
        res = {"added": r.added, "failed": len(r.failed), "articles": r.articles, "parts": len(job.parts),
               "job_wall_s": round(job.wall_s, 2), "task_seconds": job.seconds,
               "documents": job.documents}
    else:  # load alone, from the dask run's Parquet
        from marsad.scale import load

        r = load(store, out)
        res = {"added": r.added, "articles": r.articles}
    store.close()
    res["seconds"] = round(time.perf_counter() - t, 2)
    res["pages_per_s"] = round(res["added"] / res["seconds"], 2)
    return res


def run_child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], check=True, capture_output=True,
                         text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def clean_vs_analyze(jsonl: Path, n: int = 60) -> dict:
    """Milliseconds per document of clean (+ date) and analyze (+ search keys), in this process."""
    from marsad.analyze import analyze, date_article
    from marsad.clean import clean
    from marsad.ingest.readers import read_path
    from marsad.store.search import index_columns

    docs = []
    for d in read_path(jsonl):
        docs.append(d)
        if len(docs) >= n:
            break
    analyze(date_article(clean(docs[0])[0]))  # warm the models
    tc = ta = 0.0
    for d in docs:
        t0 = time.perf_counter()
        arts = [date_article(a) for a in clean(d)]
        t1 = time.perf_counter()
        for a in arts:
            analyze(a)
            index_columns(a.title, a.body)
        ta += time.perf_counter() - t1
        tc += t1 - t0
    return {"clean": round(tc / len(docs) * 1000, 2), "analyze": round(ta / len(docs) * 1000, 2)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=500, help="articles (default 500: ~3 min on 2 cores)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--tasks", type=int, default=16, help="cut the JSONL into about this many tasks")
    ap.add_argument("--child", nargs=6, metavar=("MODE", "JSONL", "DB", "OUT", "WORKERS", "CHUNK"))
    args = ap.parse_args()
    if args.child:
        mode, jsonl, db, out, workers, chunk = args.child
        print(json.dumps(child(mode, jsonl, db, out, int(workers), int(chunk))))
        return
    if not corpus.available():
        print(json.dumps({"skipped": f"corpus not found at {corpus.saudinewsnet_dir()}"}))
        return
    result: dict = {"machine": {"cores": os.cpu_count()}, "workers": args.workers}
    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        jsonl = tmpd / "saudinewsnet.jsonl"
        result["articles"] = write_jsonl(jsonl, args.n)
        size = jsonl.stat().st_size
        chunk = max(64 * 1024, size // args.tasks + 1)
        result["input_mb"] = round(size / 1e6, 2)
        w = str(args.workers)
        single = run_child("single", str(jsonl), str(tmpd / "s.db"), "-", w, str(chunk))
        dask = run_child("dask", str(jsonl), str(tmpd / "d.db"), str(tmpd / "parquet"), w, str(chunk))
        load_only = run_child("load", str(jsonl), str(tmpd / "l.db"), str(tmpd / "parquet"), w, str(chunk))
        result["single_machine"] = single
        result["dask_local_cluster"] = dask
        result["load_only"] = load_only
        result["dask_vs_single"] = round(dask["pages_per_s"] / single["pages_per_s"], 3)
        docs = max(1, dask["documents"])
        ts = dask["task_seconds"]
        stage = {"read": ts.get("read", 0.0), **{k: 0.0 for k in ("clean", "analyze")},
                 "embed": ts.get("embed", 0.0), "write_parquet": ts.get("write", 0.0)}
        split = clean_vs_analyze(jsonl)
        proc_ms = ts.get("process", 0.0) / docs * 1000
        share = split["clean"] / max(1e-9, split["clean"] + split["analyze"])
        per_doc = {k: round(v / docs * 1000, 2) for k, v in stage.items()}
        per_doc["clean"] = round(proc_ms * share, 2)
        per_doc["analyze"] = round(proc_ms * (1 - share), 2)
        per_doc["load"] = round(load_only["seconds"] / max(1, load_only["added"]) * 1000, 2)
        result["stage_ms_per_doc"] = per_doc
        result["stage_note"] = ("read/clean/analyze/embed/write_parquet: worker CPU time per document "
                                "summed over tasks (clean vs analyze split by a 60-document in-process "
                                "measure); load: one store writer, per document")
        worker_ms = sum(v for k, v in per_doc.items() if k != "load")
        load_rate = 1000 / max(1e-9, per_doc["load"])
        result["projection"] = {
            "worker_ms_per_doc": round(worker_ms, 2),
            "load_bound_pages_per_s": round(load_rate, 1),
            "pages_per_s_at": {str(n): round(min(n * 1000 / worker_ms, load_rate), 1)
                               for n in (2, 8, 32, 128)},
            "note": "job: workers x 1000/worker_ms (one core each, ignoring start-up and I/O); "
                    "the store is loaded by one writer, so a big corpus is bound by load (keep the "
                    "Parquet and load it once, or shard stores)",
        }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
