"""Story clustering quality: B-cubed precision/recall/F1 on labelled SaudiNewsNet stories.

The labelled set (benchmarks/data/stories/labels.tsv: url, story label; no article text) holds
42 stories and 519 articles from 14 outlets, labelled by reading titles and leads. It includes
distinct stories about the same actors in the same week (the deputy crown prince meeting the
Chechen president, Geagea, the US defence secretary and the Yemeni president; Bahrain and Iran
four times; two stray-camel road deaths, in Jazan and in Tabuk; the Suez canal's trial run and
its opening; Turkey's Suruç bombing, its Twitter block and a soldier killed on the border).
Articles that straddle two stories (one report of two meetings) were left out of the set.

The labelled articles are clustered together with unlabelled distractors from the same days
(2,000 by default, picked evenly; ``--distractors all`` uses the whole corpus; ``--draw 1|2``
shifts the pick), in canonical order, and B-cubed scores are computed over the labelled articles
only. Near-duplicate counts are reported too. Prints JSON. Single-pass clustering depends on the
path, so the distractors alone move dev F1 by about 0.02-0.04: judge a change on all three draws.

Each article is given to the clusterer as the link stage gives it (``marsad.linking._view`` and
``marsad.link.Linker``): its analysis mentions (``marsad.analyze.entities.find_mentions`` on the
body, as ``marsad.analyze.analyze`` finds them) are resolved to entities in article id order and
the entity ids of people, organisations and places go with the text as ``entity_keys``. The
mentions are cached in ``benchmarks/out/story_mentions.json`` (keyed by corpus file and url, and
invalidated when the recogniser's code or resources change). ``--no-entities`` clusters the text
alone (the figure reported before the benchmark matched the production configuration).

A second, held-out set (benchmarks/data/stories/heldout.tsv, 36 stories and 268 articles from
other days, 31 Jul - 11 Aug, and other topics; see benchmarks/data/stories/README.md) is scored
the same way, with distractors from its own days, under ``heldout``; it is for checking that a
change generalises, never for tuning. The held-out set has since been read while tuning, so a
third set (benchmarks/data/stories/heldout2.tsv, 93 stories and 496 articles, 3-11 Aug 2015,
labelled before any clustering of its articles) is scored the same way under ``heldout2``; its
first look is the unbiased generalisation figure. ``--labels PATH`` scores one set only
(``dev``, ``heldout`` and ``heldout2`` name the three sets).

    python benchmarks/story_quality.py [--distractors N|all] [--labels dev|heldout|heldout2|PATH]
                                       [--draw 0|1|2] [--no-entities]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter, defaultdict
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus

from marsad.link import SMALL_STORE, ArticleView, Linker
from marsad.link.stories import StoryClusterer, StoryInput, canonical_order

LABELS = Path(__file__).resolve().parent / "data" / "stories" / "labels.tsv"
MENTIONS_CACHE = Path(__file__).resolve().parent / "out" / "story_mentions.json"
HELDOUT = LABELS.with_name("heldout.tsv")
HELDOUT2 = LABELS.with_name("heldout2.tsv")
SETS = {"dev": LABELS, "heldout": HELDOUT, "heldout2": HELDOUT2}


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
    """The article without entities (``--no-entities``)."""
    return StoryInput(
        article_id=article_id(rec["url"]),
        title=rec.get("title") or "",
        body=rec["content"],
        published=(rec.get("date_extracted") or "")[:10] or None,
        outlet=rec.get("source"),
    )


def _recogniser_fingerprint() -> str:
    """A hash of what ``find_mentions`` depends on (its code and resources)."""
    import marsad.analyze as an
    import marsad.resources as res

    h = hashlib.sha1()
    files = sorted(Path(an.__file__).parent.glob("*.py"))
    files += sorted(p for p in (Path(res.__file__).parent / "entities").iterdir() if p.is_file())
    for p in files:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


class MentionCache:
    """Analysis mentions of corpus records (``find_mentions`` on the body), kept on disk."""

    def __init__(self, path: Path = MENTIONS_CACHE) -> None:
        self.path = path
        self.fingerprint = _recogniser_fingerprint()
        self.entries: dict[str, list[dict]] = {}
        self.dirty = False
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("fingerprint") == self.fingerprint:
                self.entries = data["entries"]

    def analysis(self, rec: dict) -> str:
        """The article's analysis JSON as the store keeps it (only its mentions)."""
        key = f"{rec.get('_zip', '')}|{rec['url']}"
        found = self.entries.get(key)
        if found is None:
            from marsad.analyze.entities import find_mentions

            found = [asdict(m) for m in find_mentions(rec["content"])]
            self.entries[key] = found
            self.dirty = True
        return json.dumps({"mentions": found}, ensure_ascii=False)

    def save(self) -> None:
        if not self.dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"fingerprint": self.fingerprint, "entries": self.entries},
                                  ensure_ascii=False), encoding="utf-8")
        tmp.replace(self.path)
        self.dirty = False


def to_view(rec: dict, mentions: MentionCache) -> ArticleView:
    """The article as ``marsad.linking._view`` gives it to the linker."""
    return ArticleView(article_id(rec["url"]), rec.get("title") or "", rec["content"],
                       (rec.get("date_extracted") or "")[:10] or None, rec.get("source"),
                       mentions.analysis(rec))


def production_inputs(records: list[dict], mentions: MentionCache) -> list[StoryInput]:
    """StoryInputs as ``Linker.build`` makes them: entities resolved over the articles in id
    order, then each article's entity ids (people, organisations, places) as its keys."""
    views = sorted((to_view(r, mentions) for r in records), key=lambda v: v.id)
    linker = Linker()
    return [linker._input(v) for v in views]


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


def score(labels: dict[str, str], records: list[dict], distractors: str, opts: dict,
          mentions: MentionCache | None = None, draw: int = 0) -> dict:
    """Cluster the labelled articles of ``labels`` with distractors from their days; score.
    With ``mentions``, the articles carry their entities as in the link stage."""
    labelled, others = [], []
    for rec in records:
        (labelled if rec["url"] in labels else others).append(rec)
    days = {rec["date_extracted"][:10] for rec in labelled}
    others = [rec for rec in others if rec["date_extracted"][:10] in days]
    if distractors != "all":
        k = int(distractors)
        step = max(1, len(others) // k) if k else len(others) + 1
        others = others[draw * step // 3::step][:k]
    if mentions is None:
        inputs = [to_input(r) for r in labelled + others]
    else:
        inputs = production_inputs(labelled + others, mentions)
        mentions.save()
        # As Linker.build: a small store gets background pseudo-documents.
        opts = {"background_docs": max(0, SMALL_STORE - len(inputs)), **opts}
    gold = {article_id(r["url"]): labels[r["url"]] for r in labelled}

    t0 = time.perf_counter()
    clusterer = StoryClusterer(**opts)
    clusterer.extend(canonical_order(inputs))
    seconds = time.perf_counter() - t0
    pred = clusterer.assignments()

    groups = clusterer.dedup.groups() if clusterer.dedup else []
    in_groups = {a for g in groups for a in g}
    return {
        "entities": mentions is not None,
        "labelled_articles": len(gold),
        "labelled_stories": len(set(gold.values())),
        "outlets": len({r["source"] for r in labelled}),
        "distractors": len(others),
        "draw": draw,
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


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--distractors", default="2000", help="number of distractors, or 'all'")
    ap.add_argument("--labels", default=None,
                    help="score one set only: 'dev', 'heldout', 'heldout2' or a labels file "
                         "(url<TAB>story)")
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--background", type=int, default=None)
    ap.add_argument("--anchor-terms", type=int, default=None,
                    help="StoryClusterer(anchor_terms=K): a story must hold one of an "
                         "article's K strongest terms")
    ap.add_argument("--draw", type=int, default=0, choices=(0, 1, 2),
                    help="which evenly spaced pick of distractors (0, 1, 2: shifted by a third "
                         "of the spacing); single-pass clustering is path dependent, so a "
                         "change is best judged on all three")
    ap.add_argument("--no-entities", action="store_true",
                    help="cluster the text alone, without the analysis entities the link "
                         "stage passes")
    args = ap.parse_args(argv)
    if not corpus.available():
        print(json.dumps({"skipped": "SaudiNewsNet not found"}))
        return {}
    opts = {}
    if args.threshold is not None:
        opts["threshold"] = args.threshold
    if args.background is not None:
        opts["background_docs"] = args.background
    if args.anchor_terms is not None:
        opts["anchor_terms"] = args.anchor_terms
    records = list(corpus.articles())
    mentions = None if args.no_entities else MentionCache()
    if args.labels is not None:
        path = SETS.get(args.labels) or Path(args.labels)
        result = {"labels": str(path.name), **score(load_labels(path), records,
                                                     args.distractors, opts, mentions, args.draw)}
    else:
        result = score(load_labels(LABELS), records, args.distractors, opts, mentions, args.draw)
        if HELDOUT.exists():
            result["heldout"] = score(load_labels(HELDOUT), records, args.distractors, opts,
                                      mentions, args.draw)
        if HELDOUT2.exists():
            result["heldout2"] = score(load_labels(HELDOUT2), records, args.distractors, opts,
                                       mentions, args.draw)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return result


if __name__ == "__main__":
    main()
