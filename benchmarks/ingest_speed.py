"""Ingest + clean + store throughput and peak memory on the real SaudiNewsNet articles.

Writes the articles as text pages, as one JSONL file and as HTML pages into a
temporary folder, then runs ingest on each in a fresh process (so peak RSS is
the ingest's own) and prints JSON.  HTML is compared with trafilatura alone on
the same pages, to show what Marsad adds on top.

By default ingest runs as ``marsad ingest --no-analyze``: read, decode, clean,
date, build the keyword-search keys and store (the foundation's bar, #3).
``--analyze`` runs the whole per-document pipeline instead (entities, times,
quotes, events, meaning vectors: the bar of #10), which is many times slower.

    python benchmarks/ingest_speed.py [--limit N] [--html-limit N] [--analyze]

``--growth 10000,50000,100000`` instead ingests the largest count of varied
SaudiNewsNet records (``corpus.varied``: the corpus, then copies with shuffled
paragraphs and shifted dates) as one JSONL file in one ingest, and prints the
throughput of each stretch between the counts (flat means it does not fall as the
store grows), the overall rate, and the peak memory of the whole process tree.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus


def stage_costs(n: int = 1500) -> dict:
    """Milliseconds per article for each stage, in this process, on real articles."""
    from marsad.analyze import date_article
    from marsad.analyze.entities import find_mentions
    from marsad.analyze.times import find_times
    from marsad.clean import clean
    from marsad.ingest.readers import make_document
    from marsad.model import Source
    from marsad.store.search import index_columns

    pages = [corpus.as_text_page(r).encode() for r in corpus.articles(n)]
    from marsad.analyze.embed import article_text, embed_texts
    from marsad.analyze.events import find_events
    from marsad.analyze.quotes import find_quotes

    cost = dict.fromkeys(("read_decode", "clean", "date", "entities", "times", "quotes_events",
                          "search_keys", "embedding"), 0.0)
    words = 0
    batch_articles = []
    for i, p in enumerate(pages):
        t0 = time.perf_counter()
        doc = make_document(p, Source(path=str(i)), str(i))
        t1 = time.perf_counter()
        try:
            arts = clean(doc)
        except Exception:
            continue
        t2 = time.perf_counter()
        a = date_article(arts[0])
        t3 = time.perf_counter()
        ms = find_mentions(a.body)
        t4 = time.perf_counter()
        ts = find_times(a.body, a.published.value)
        t5 = time.perf_counter()
        find_quotes(a.body, ms)
        find_events(a.body, ms, ts)
        t6 = time.perf_counter()
        index_columns(a.title, a.body)
        t7 = time.perf_counter()
        embed_texts([article_text(a.title, a.body)])
        t8 = time.perf_counter()
        words += len(a.body.split())
        batch_articles.append(a)
        spans = ((t0, t1), (t1, t2), (t2, t3), (t3, t4), (t4, t5), (t5, t6), (t6, t7), (t7, t8))
        for k, (x, y) in zip(cost, spans, strict=True):
            cost[k] += y - x
    out = {k: round(v / len(pages) * 1000, 3) for k, v in cost.items()}
    out["words_per_article"] = round(words / len(pages))
    # The writer embeds a whole batch in one encoder call (pipeline.embed_batch),
    # which costs several times less per article than one call per article.
    texts = [article_text(a.title, a.body) for a in batch_articles]
    t = time.perf_counter()
    for i in range(0, len(texts), 64):
        embed_texts(texts[i:i + 64])
    out["embedding_batched_64"] = round((time.perf_counter() - t) / max(1, len(texts)) * 1000, 3)
    return out


def tree_pss_kb(pid: int) -> int:
    """Proportional set size (kB) of a process and all its descendants (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
            continue
    return total


def run_sampled(cmd: list[str], what: str) -> tuple[str, int, list[float]]:
    """Run ``cmd``; its standard output, the peak PSS (kB) of its process tree and the
    load averages seen, sampled every 0.2 s.  Standard error goes to a file, so a chatty
    child can never block on a full pipe."""
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True)
        peak_pss, load = 0, []
        while proc.poll() is None:
            peak_pss = max(peak_pss, tree_pss_kb(proc.pid))
            load.append(os.getloadavg()[0])
            time.sleep(0.2)
        stdout = proc.stdout.read() if proc.stdout else ""
        if proc.returncode:
            err.seek(0)
            raise SystemExit(f"{what} failed:\n{err.read()}")
    return stdout, peak_pss, load


def run_ingest(target: Path, db: Path, workers: int = 1, analyze: bool = False) -> dict:
    code = (
        "import resource, sys, time\n"
        "from marsad.pipeline import ingest\n"
        "from marsad.store.sqlite import Store\n"
        "t = time.perf_counter()\n"
        f"s = Store({str(db)!r})\n"
        f"r = ingest(s, [{str(target)!r}], workers={workers}, analyze_articles={analyze})\n"
        "dt = time.perf_counter() - t\n"
        "import json\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps({'seconds': dt, 'added': r.added, 'failed': len(r.failed), 'articles': r.articles,"
        " 'peak_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,"
        " 'peak_worker_rss_mb': kids, 'cpu_s': resource.getrusage(resource.RUSAGE_SELF).ru_utime"
        " + resource.getrusage(resource.RUSAGE_SELF).ru_stime + resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime"
        " + resource.getrusage(resource.RUSAGE_CHILDREN).ru_stime}))\n"
    )
    stdout, peak_pss, _ = run_sampled([sys.executable, "-c", code], f"ingest of {target}")
    res = json.loads(stdout)
    # The sum over the ingest's processes of their proportional set size: shared pages
    # (the workers are forked) counted once, unlike a sum of RSS.
    res["peak_total_pss_mb"] = round(peak_pss / 1024, 1)
    res["pages_per_s"] = round(res["added"] / res["seconds"], 1)
    res["seconds"] = round(res["seconds"], 2)
    res["peak_rss_mb"] = round(res["peak_rss_mb"], 1)
    res["peak_worker_rss_mb"] = round(res["peak_worker_rss_mb"], 1)
    res["workers"] = workers
    res["analyze"] = analyze
    # CPU time per page (all processes) is steadier than wall time on a shared machine.
    res["cpu_ms_per_page"] = round(res.pop("cpu_s") / max(1, res["added"]) * 1000, 2)
    return res


_GROWTH_CHILD = """
import json, sys, time
from marsad.pipeline import ingest
from marsad.store.sqlite import Store

marks = [int(x) for x in sys.argv[3].split(",")]
seen, times, t0 = 0, {}, time.perf_counter()


class Marks:
    def step(self, n, note=""):
        global seen
        seen += n
        for m in marks:
            if m not in times and seen >= m:
                times[m] = time.perf_counter() - t0

    def close(self):
        pass


r = ingest(Store(sys.argv[2]), [sys.argv[1]], workers=int(sys.argv[4]), progress=Marks(),
           analyze_articles=sys.argv[5] == "1")
print(json.dumps({"seconds": time.perf_counter() - t0, "added": r.added, "failed": len(r.failed),
                  "times": times}))
"""


def growth(marks: list[int], workers: int, analyze: bool, tmp: Path) -> dict:
    """One ingest of max(marks) varied records; the rate of each stretch between marks."""
    jsonl = tmp / "growth.jsonl"
    corpus.write_jsonl(jsonl, corpus.varied(max(marks)))
    stdout, peak_pss, load = run_sampled(
        [sys.executable, "-c", _GROWTH_CHILD, str(jsonl), str(tmp / "growth.db"), ",".join(map(str, marks)),
         str(workers), "1" if analyze else "0"], "growth ingest")
    res = json.loads(stdout)
    stretches, prev_n, prev_t = [], 0, 0.0
    for m in sorted(marks):
        t = res["times"].get(str(m))
        if t is None:
            continue
        stretches.append({"from": prev_n, "to": m, "pages_per_s": round((m - prev_n) / (t - prev_t), 1)})
        prev_n, prev_t = m, t
    return {"pages": max(marks), "workers": workers, "analyze": analyze, "added": res["added"],
            "failed": res["failed"], "seconds": round(res["seconds"], 1),
            "pages_per_s": round(res["added"] / res["seconds"], 1), "stretches": stretches,
            "peak_total_pss_mb": round(peak_pss / 1024, 1),
            "load_avg_1m": {"min": min(load, default=0), "max": max(load, default=0)}}


def trafilatura_alone(folder: Path) -> dict:
    import trafilatura

    files = sorted(folder.iterdir())
    t = time.perf_counter()
    for f in files:
        trafilatura.bare_extraction(f.read_text(encoding="utf-8"), include_comments=False,
                                    with_metadata=False)
    dt = time.perf_counter() - t
    return {"pages": len(files), "seconds": round(dt, 2), "pages_per_s": round(len(files) / dt, 1)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None, help="articles to use (default: all)")
    ap.add_argument("--html-limit", type=int, default=3000)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--one-worker-limit", type=int, default=3000,
                    help="text pages for the 1-worker comparison run")
    ap.add_argument("--analyze", action="store_true",
                    help="run the whole pipeline (as plain `marsad ingest`), not ingest --no-analyze")
    ap.add_argument("--no-stage-costs", action="store_true", help="skip the per-stage cost table")
    ap.add_argument("--growth", default=None, metavar="N1,N2,...",
                    help="one ingest of max(N) varied records; throughput between the counts")
    args = ap.parse_args()
    if not corpus.available():
        print(json.dumps({"skipped": f"corpus not found at {corpus.saudinewsnet_dir()}"}))
        return
    if args.growth:
        with tempfile.TemporaryDirectory() as tmp:
            marks = [int(x) for x in args.growth.split(",")]
            print(json.dumps({"machine": {"cores": os.cpu_count()},
                              "growth": growth(marks, args.workers, args.analyze, Path(tmp))}, indent=2))
        return
    result: dict = {"machine": {"cores": os.cpu_count(), "load_avg_1m": os.getloadavg()[0]},
                    "mode": "ingest+clean+analyze+store" if args.analyze else "ingest+clean+store (--no-analyze)"}
    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        text_dir, html_dir = tmpd / "text", tmpd / "html"
        text_dir.mkdir()
        html_dir.mkdir()
        jsonl = tmpd / "all.jsonl"
        n = 0
        with open(jsonl, "w", encoding="utf-8") as jf:
            for i, rec in enumerate(corpus.articles(args.limit)):
                page = corpus.as_text_page(rec)
                (text_dir / f"{i:06d}.txt").write_text(page, encoding="utf-8")
                jf.write(json.dumps({"text": page, "url": rec["url"], "date": rec["date_extracted"][:10],
                                     "outlet": rec["source"]}, ensure_ascii=False) + "\n")
                if i < args.html_limit:
                    (html_dir / f"{i:06d}.html").write_text(corpus.as_html_page(rec), encoding="utf-8")
                n += 1
        result["articles"] = n
        if not args.no_stage_costs:
            result["stage_ms_per_article"] = stage_costs()
        small = tmpd / "small"
        small.mkdir()
        for f in sorted(text_dir.iterdir())[: args.one_worker_limit]:
            (small / f.name).write_bytes(f.read_bytes())
        an = args.analyze
        result["text_pages_subset_1_worker"] = run_ingest(small, tmpd / "s1.db", 1, an)
        result["text_pages_subset_n_workers"] = run_ingest(small, tmpd / "s2.db", args.workers, an)
        result["text_pages"] = run_ingest(text_dir, tmpd / "t.db", args.workers, an)
        result["jsonl"] = run_ingest(jsonl, tmpd / "j.db", args.workers, an)
        result["html_pages"] = run_ingest(html_dir, tmpd / "h.db", args.workers, an)
        result["html_trafilatura_alone"] = trafilatura_alone(html_dir)
        result["html_marsad_vs_trafilatura"] = round(
            result["html_pages"]["pages_per_s"] / result["html_trafilatura_alone"]["pages_per_s"], 2)
    result["load_avg_1m_after"] = os.getloadavg()[0]
    result["bench_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
