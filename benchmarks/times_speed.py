"""Time tagging cost per average article (about 600 words).

    python benchmarks/times_speed.py            # prints JSON

Runs ``find_times`` (with a publication date, so every expression is resolved
and stale passages are checked) over real SaudiNewsNet articles, or over the
seed articles when the corpus is absent, and reports milliseconds per article
scaled to 600 words.  Bar: <= 1 ms.
"""

from __future__ import annotations

import json
import sys
import time
import zipfile

from marsad.analyze.times import find_times
from marsad.paths import corpora_dir, seeds_dir

BAR_MS = 1.0
WORDS = 600


def sample_texts(limit: int = 1500) -> tuple[list[str], str]:
    snn = sorted((corpora_dir() / "saudinewsnet").glob("*.zip"))
    texts: list[str] = []
    for path in snn[:3]:
        with zipfile.ZipFile(path) as z:
            texts += [r["content"] for r in json.loads(z.read(z.namelist()[0]))]
    if texts:
        return texts[:limit], "saudinewsnet"
    seeds = sorted(seeds_dir().glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in seeds], "seeds"


def main() -> int:
    texts, source = sample_texts()
    words = sum(len(t.split()) for t in texts)
    for t in texts[:50]:  # warm the compiled patterns
        find_times(t, "2015-07-21")
    best = float("inf")
    found = 0
    for _ in range(3):
        t0 = time.perf_counter()
        found = sum(len(find_times(t, "2015-07-21")) for t in texts)
        best = min(best, time.perf_counter() - t0)
    ms_per_word = best * 1000 / max(words, 1)
    report = {
        "benchmark": "times_speed",
        "source": source,
        "articles": len(texts),
        "avg_words": round(words / max(len(texts), 1)),
        "mentions": found,
        "ms_per_600_words": round(ms_per_word * WORDS, 3),
        "ms_per_article_as_sampled": round(best * 1000 / max(len(texts), 1), 3),
        "bar_ms": BAR_MS,
    }
    json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
