"""Story linking at scale: time and peak memory to cluster 10k, 50k, 200k articles, then to
add 1,000 more to the largest store. Prints JSON, one record per size, so the growth shows.

Articles are SaudiNewsNet (about 30,700) repeated with variation: copy k is moved 28*k days
later (so its stories do not meet the original's), gets its own ids, and has about 30% of its
word types respelled with a per-copy suffix (so copies are neither near-duplicates of each other
nor share the original vocabulary exactly; the vocabulary grows with the store, as it does over
years of news). Peak memory is the process's peak RSS (each size runs in its own process).

    python benchmarks/story_scale.py [--sizes 10000,50000,200000] [--add 1000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import resource
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus

from marsad.link.stories import StoryClusterer, StoryInput

_WORD = re.compile(r"[^\W\d_]{3,}")
_SUFFIX = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def _vary(text: str, k: int) -> str:
    if k == 0:
        return text

    def sub(m: re.Match) -> str:
        w = m.group(0)
        h = zlib.crc32(f"{k}:{w}".encode())
        return w + _SUFFIX[h % len(_SUFFIX)] + _SUFFIX[(h >> 8) % len(_SUFFIX)] if h % 10 < 3 else w

    return _WORD.sub(sub, text)


def inputs(n: int, start: int = 0) -> Iterator[StoryInput]:
    """``n`` articles from position ``start``, generated lazily in canonical order: each copy
    is the corpus in canonical order, moved 28*k days later (the corpus spans 3 weeks)."""
    base = sorted(corpus.articles(), key=lambda r: (r["date_extracted"][:10], r["url"]))
    for i in range(start, start + n):
        k, j = divmod(i, len(base))
        rec = base[j]
        day = dt.date.fromisoformat(rec["date_extracted"][:10]) + dt.timedelta(days=28 * k)
        yield StoryInput(
            article_id=f"{k:02d}-{j:05d}-{zlib.crc32(rec['url'].encode()):08x}",
            title=_vary(rec.get("title") or "", k),
            body=_vary(rec["content"], k),
            published=day.isoformat(),
            outlet=rec.get("source"),
        )


def run_one(n: int, add: int) -> dict:
    t0 = time.perf_counter()
    c = StoryClusterer()
    for inp in inputs(n):
        c.add(inp)
    build = time.perf_counter() - t0
    extra = list(inputs(add, start=n))  # the next articles in canonical order
    t1 = time.perf_counter()
    c.extend(extra)
    added = time.perf_counter() - t1
    t2 = time.perf_counter()
    stories = c.stories()
    listing = time.perf_counter() - t2
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "articles": n,
        "cluster_seconds": round(build, 1),
        "ms_per_article": round(1000 * build / n, 3),
        "add": add,
        "add_seconds": round(added, 2),
        "stories": len(stories),
        "stories_seconds": round(listing, 1),
        "near_duplicate_groups": len(c.dedup.groups()) if c.dedup else 0,
        "peak_rss_mb": round(peak_mb),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,50000,200000")
    ap.add_argument("--add", type=int, default=1000)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if not corpus.available():
        print(json.dumps({"skipped": "SaudiNewsNet not found"}))
        return
    if args.one:
        print(json.dumps(run_one(args.one, args.add)))
        return
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        proc = subprocess.run([sys.executable, __file__, "--one", str(n), "--add", str(args.add)],
                              capture_output=True, text=True, check=True)
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    print(json.dumps({"bars": {"200k_seconds": 600, "200k_peak_mb": 4096, "add_1000_seconds": 30},
                      "results": results}, indent=2))


if __name__ == "__main__":
    main()
