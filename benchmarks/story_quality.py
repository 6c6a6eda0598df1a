"""Story clustering quality: B-cubed precision/recall/F1 on labelled SaudiNewsNet stories.

The labelled set (benchmarks/data/stories/labels.tsv: url, story label; no article text) holds
42 stories and 519 articles from 14 outlets, labelled by reading titles and leads. It includes
distinct stories about the same actors in the same week (the deputy crown prince meeting the
Chechen president, Geagea, the US defence secretary and the Yemeni president; Bahrain and Iran
four times; two stray-camel road deaths, in Jazan and in Tabuk; the Suez canal's trial run and
its opening; Turkey's Suruç bombing, its Twitter block and a soldier killed on the border).
Articles that straddle two stories (one report of two meetings) were left out of the set.

The labelled articles are clustered together with unlabelled distractors from the same days
(2,000 by default, picked evenly; ``--distractors all`` uses the whole corpus), in canonical
order, and B-cubed scores are computed over the labelled articles only. Near-duplicate counts
are reported too. Prints JSON.

    python benchmarks/story_quality.py [--distractors N|all]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus

from marsad.link.stories import StoryClusterer, StoryInput, canonical_order

LABELS = Path(__file__).resolve().parent / "data" / "stories" / "labels.tsv"


def load_labels(path: Path = LABELS) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        url, label = line.split("\t")
        out[url] = label
    return out


def article_id(url: str) -> str:
    return hashlib.sha1(url.encode()).hexdigest()[:16]


def to_input(rec: dict) -> StoryInput:
    return StoryInput(
        article_id=article_id(rec["url"]),
        title=rec.get("title") or "",
        body=rec["content"],
        published=(rec.get("date_extracted") or "")[:10] or None,
        outlet=rec.get("source"),
    )


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """B-cubed over the items of ``gold`` (predicted clusters restricted to them)."""
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for item, g in gold.items():
        by_pred[pred[item]].add(item)
        by_gold[g].add(item)
    p = r = 0.0
    for item, g in gold.items():
        same_pred = by_pred[pred[item]]
        same_gold = by_gold[g]
        both = len(same_pred & same_gold)
        p += both / len(same_pred)
        r += both / len(same_gold)
    n = len(gold)
    p, r = p / n, r / n
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4)}


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--distractors", default="2000", help="number of distractors, or 'all'")
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--background", type=int, default=None)
    args = ap.parse_args(argv)
    if not corpus.available():
        print(json.dumps({"skipped": "SaudiNewsNet not found"}))
        return {}
    labels = load_labels()
    labelled, others = [], []
    for rec in corpus.articles():
        (labelled if rec["url"] in labels else others).append(rec)
    days = {rec["date_extracted"][:10] for rec in labelled}
    others = [rec for rec in others if rec["date_extracted"][:10] in days]
    if args.distractors != "all":
        k = int(args.distractors)
        step = max(1, len(others) // k) if k else len(others) + 1
        others = others[::step][:k]
    inputs = [to_input(r) for r in labelled + others]
    gold = {article_id(r["url"]): labels[r["url"]] for r in labelled}

    t0 = time.perf_counter()
    opts = {}
    if args.threshold is not None:
        opts["threshold"] = args.threshold
    if args.background is not None:
        opts["background_docs"] = args.background
    clusterer = StoryClusterer(**opts)
    clusterer.extend(canonical_order(inputs))
    seconds = time.perf_counter() - t0
    pred = clusterer.assignments()

    groups = clusterer.dedup.groups() if clusterer.dedup else []
    in_groups = {a for g in groups for a in g}
    result = {
        "labelled_articles": len(gold),
        "labelled_stories": len(set(gold.values())),
        "outlets": len({r["source"] for r in labelled}),
        "distractors": len(others),
        "bcubed": bcubed(pred, gold),
        "bar_f1": 0.90,
        "predicted_stories_over_labelled": len({pred[a] for a in gold}),
        "near_duplicates": {
            "groups": len(groups),
            "articles_in_groups": len(in_groups),
            "labelled_in_groups": len(in_groups & gold.keys()),
            "copies_not_canonical": len(in_groups) - len(groups),
        },
        "stories_total": len({*pred.values()}),
        "story_sizes": dict(sorted(Counter(Counter(pred.values()).values()).items())[:10]),
        "seconds": round(seconds, 2),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return result


if __name__ == "__main__":
    main()
