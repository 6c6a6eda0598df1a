"""Throughput of the Arabic text primitives on real news text, beside pyarabic; prints JSON.

Reads about 20 MB (UTF-8) of article bodies from the SaudiNewsNet zips in shared/corpora/ and
times, on one core (CPU time of this process, so other work on the machine does not count):

* ``search_key`` (the bar: at least 20 MB/s per core), one call per article;
* ``search_key_with_map`` (used for snippets, a Python loop), on a slice;
* ``index_terms`` (search key + tokens + clitic stripping), one call per article;
* ``name_key`` once per article (uncached) and once per word token (as a linker calls it,
  with its cache);
* pyarabic's closest chain on the same text: strip_tashkeel, strip_tatweel, normalize_ligature,
  normalize_alef, normalize_teh and ى → ي. It does less than ``search_key`` (no digits,
  Persian letters, bidi controls, punctuation or whitespace), so it is a floor to beat, not
  the same job. pyarabic is a benchmark-only dependency (``pip install pyarabic``).

    python benchmarks/normalize_speed.py [--mb 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus

from marsad.arabic.clitics import index_terms, strip_clitics
from marsad.arabic.namekey import name_key, name_keys
from marsad.arabic.normalize import search_key, search_key_with_map
from marsad.arabic.tokenize import words


def load_texts(megabytes: float) -> list[str]:
    """Article bodies in corpus order until ``megabytes`` of UTF-8 have been read."""
    texts: list[str] = []
    total = 0
    for rec in corpus.articles():
        texts.append(rec["content"])
        total += len(rec["content"].encode("utf-8"))
        if total >= megabytes * 1e6:
            break
    return texts


def best_seconds(fn: Callable[[list[str]], object], texts: list[str], repeat: int) -> float:
    """The best CPU time of ``repeat`` runs (CPU seconds of this process, see the note)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn(texts)
        best = min(best, time.process_time() - start)
    return best


def pyarabic_chain() -> Callable[[str], str] | None:
    try:
        from pyarabic import araby
    except ImportError:
        return None

    def normalise(text: str) -> str:
        text = araby.strip_tashkeel(text)
        text = araby.strip_tatweel(text)
        text = araby.normalize_ligature(text)
        text = araby.normalize_alef(text)
        text = araby.normalize_teh(text)
        return text.replace("ى", "ي")

    return normalise


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="megabytes of text to read")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure (best is kept)")
    args = parser.parse_args()
    if not corpus.available():
        print(json.dumps({"skipped": f"SaudiNewsNet corpus not found under {corpus.saudinewsnet_dir()}"}))
        return

    texts = load_texts(args.mb)
    size = sum(len(t.encode("utf-8")) for t in texts)
    mb = size / 1e6

    def rate(seconds: float, megabytes: float = mb) -> float:
        return round(megabytes / seconds, 2)

    result: dict[str, object] = {
        "corpus": "SaudiNewsNet (article bodies, corpus order)",
        "articles": len(texts),
        "megabytes_utf8": round(mb, 2),
        "characters": sum(map(len, texts)),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "note": (
            "MB per CPU-second of one process (time.process_time, so a busy machine does not "
            "count against it), best of --repeat runs; MB = 10^6 bytes of UTF-8"
        ),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }

    t = best_seconds(lambda ts: [search_key(x) for x in ts], texts, args.repeat)
    result["search_key_mb_s"] = rate(t)

    chain = pyarabic_chain()
    if chain is None:
        result["pyarabic_mb_s"] = None
        result["pyarabic_note"] = "pyarabic not installed"
    else:
        t = best_seconds(lambda ts: [chain(x) for x in ts], texts, args.repeat)
        result["pyarabic_mb_s"] = rate(t)
        result["search_key_vs_pyarabic"] = round(result["search_key_mb_s"] / result["pyarabic_mb_s"], 2)

    part = texts[: max(1, len(texts) // 10)]
    part_mb = sum(len(x.encode("utf-8")) for x in part) / 1e6
    t = best_seconds(lambda ts: [search_key_with_map(x) for x in ts], part, 1)
    result["search_key_with_map_mb_s"] = rate(t, part_mb)

    strip_clitics.cache_clear()
    start = time.process_time()
    n_terms = sum(len(index_terms(x)) for x in texts)
    t_cold = time.process_time() - start
    t = best_seconds(lambda ts: [index_terms(x) for x in ts], texts, args.repeat)
    result["index_terms_mb_s"] = rate(t)
    result["index_terms_cold_cache_mb_s"] = rate(t_cold)
    result["index_terms_per_s"] = round(n_terms / t)

    uncached = name_keys.__wrapped__
    t = best_seconds(lambda ts: [uncached(x) for x in ts], texts, 1)
    result["name_key_per_article_mb_s"] = rate(t)
    tokens = [w.text for x in part for w in words(x)]
    name_keys.cache_clear()
    start = time.process_time()
    for w in tokens:
        name_key(w)
    t = time.process_time() - start
    result["name_key_per_word_tokens_per_s"] = round(len(tokens) / t)
    result["name_key_per_word_mb_s"] = rate(t, part_mb)

    start, cpu = time.perf_counter(), time.process_time()
    for x in texts:
        search_key(x)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    result["search_key_wall_clock_mb_s"] = rate(wall)
    result["cpu_share_during_wall_clock_run"] = round(cpu / wall, 2)
    result["bar_search_key_20_mb_s"] = result["search_key_mb_s"] >= 20
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
