"""Entity recognition speed: milliseconds per ~600-word article.

Times :func:`marsad.analyze.entities.find_mentions` on real news text: the
seed articles and, when present, 300 SaudiNewsNet articles (read from
``shared/corpora``; never copied), each cut or joined to about 600 words.
Resources are loaded and caches warmed by a first pass over the same texts;
the figure reported is the mean of the second pass (the steady state of a
long ingest), with the cold first pass beside it.  Bar: <= 5 ms.

    python benchmarks/ner_speed.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
import zipfile

from marsad.analyze.entities import find_mentions
from marsad.paths import corpora_dir, seeds_dir

WORDS = 600


def articles(limit: int = 300) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir().glob("*.txt"))]
    folder = corpora_dir() / "saudinewsnet"
    if folder.is_dir():
        for zpath in sorted(folder.glob("*.zip")):
            with zipfile.ZipFile(zpath) as z:
                for member in z.namelist():
                    for art in json.loads(z.read(member).decode("utf-8"))[::40]:
                        texts.append(art.get("content") or "")
            if len(texts) >= limit:
                break
    out = []
    pool = " ".join(texts).split(" ")
    for t in texts[:limit]:
        words = t.split(" ")
        if len(words) < WORDS // 2:
            continue
        if len(words) < WORDS:
            words = (words + pool)[:WORDS]
        out.append(" ".join(words[:WORDS]))
    return out


def main() -> None:
    texts = articles()
    t0 = time.perf_counter()
    for t in texts:
        find_mentions(t)
    cold = (time.perf_counter() - t0) / len(texts) * 1000
    times = []
    for t in texts:
        s = time.perf_counter()
        find_mentions(t)
        times.append((time.perf_counter() - s) * 1000)
    result = {
        "articles": len(texts),
        "words_per_article": WORDS,
        "ms_per_article": round(statistics.mean(times), 2),
        "ms_median": round(statistics.median(times), 2),
        "ms_p95": round(sorted(times)[int(len(times) * 0.95)], 2),
        "ms_first_pass": round(cold, 2),
        "bar_ms": 5.0,
    }
    json.dump(result, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
