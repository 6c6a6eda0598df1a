"""Contradiction detection quality on labelled statement pairs from real news; prints JSON.

    python benchmarks/contradictions_quality.py [--errors]

The pairs (benchmarks/data/contradictions/pairs.jsonl, format and how they were chosen in the
README there) point into SaudiNewsNet (zip, article url, the statement's offsets in
``content``) or into the seed pages (file name, offsets in the file's text); the text is read
at run time from ``marsad.paths.corpora_dir() / "saudinewsnet"`` and
``marsad.paths.seeds_dir()`` (the corpus is licensed for research and never enters the
repository).  Without the corpus the script prints ``{"skipped": ...}`` and exits 0.

Each pair is run through the real stages: each statement (the labelled span, usually one
sentence) is an article body on its own, analysed by `marsad.analyze.analyze` (dated with its
source's publication day), its mentions resolved to entity ids by
`marsad.link.entities.EntityResolver` over the two articles, quote speakers given the id of
the mention that names them; then `find_contradictions` runs on the two articles as one
story.  When both statements come from the same article they form one body (the two spans
joined by a blank line), so that a contradiction inside one article is found as such.

A pair is predicted contradicting when the finder returns a contradiction whose two sides lie
one in each statement.  Precision, recall and F1 are over the pairs labelled contradicting;
``counts`` gives true/false positives and negatives, and ``by_kind`` the figures per labelled
kind.
"""

from __future__ import annotations

import argparse
import json
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import asdict, replace
from functools import cache
from pathlib import Path

from marsad.analyze import analyze
from marsad.link.contradictions import StoryArticle, find_contradictions
from marsad.link.entities import EntityResolver
from marsad.model import Article, PublishedDate, Source
from marsad.paths import corpora_dir, seeds_dir

DATA = Path(__file__).resolve().parent / "data" / "contradictions"
JOIN = "\n\n"


def corpus_dir() -> Path:
    return corpora_dir() / "saudinewsnet"


def available() -> bool:
    return corpus_dir().is_dir() and any(corpus_dir().glob("*.zip")) and seeds_dir().is_dir()


@cache
def _articles(zip_name: str) -> dict[str, dict]:
    with zipfile.ZipFile(corpus_dir() / zip_name) as z:
        rows = json.loads(z.read(z.namelist()[0]))
    return {r["url"]: r for r in rows}


def source_text(ref: dict) -> tuple[str, str | None]:
    """The full text a statement points into, and its publication day."""
    if "seed" in ref:
        return (seeds_dir() / ref["seed"]).read_text(encoding="utf-8"), ref.get("published")
    row = _articles(ref["zip"])[ref["url"]]
    return row["content"], ref.get("published") or row["date_extracted"][:10]


def statement(ref: dict) -> str:
    text, _ = source_text(ref)
    return text[ref["start"]:ref["end"]]


def load() -> list[dict]:
    with open(DATA / "pairs.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def story_articles(items: Sequence[tuple[str, str, str | None]]) -> list[StoryArticle]:
    """``(id, body, published)`` triples analysed and linked as the pipeline would: mentions
    resolved to entity ids over all the items, quote speakers set to the id of the mention
    that names them."""
    resolver = EntityResolver()
    out = []
    for aid, body, published in items:
        art = Article(id=aid, raw_id=aid, index=0, source=Source(), title=None, body=body,
                      published=PublishedDate(published, "meta" if published else "unknown"))
        an = analyze(art)
        mentions = resolver.add(aid, an.mentions)
        ent_at = {(m.start, m.end): m.entity for m in mentions if m.entity}
        quotes = tuple(replace(q, speaker=ent_at.get((q.speaker_start, q.speaker_end)))
                       for q in an.quotes)
        an = replace(an, mentions=mentions, quotes=quotes)
        out.append(StoryArticle(id=aid, body=body, published=published, outlet=None,
                                analysis=asdict(an)))
    return out


def predict(pair: dict) -> tuple[bool, list]:
    """Whether the finder flags the pair, and what it found."""
    a, b = pair["a"], pair["b"]
    same = _same_source(a, b)
    if same:
        first, second = sorted((a, b), key=lambda r: r["start"])
        ta, tb = statement(first), statement(second)
        body = ta + JOIN + tb
        _, pub = source_text(first)
        arts = story_articles([("A", body, pub)])
        spans = {("A", 0, len(ta)), ("A", len(ta) + len(JOIN), len(body))}
    else:
        ta, tb = statement(a), statement(b)
        arts = story_articles([("A", ta, source_text(a)[1]), ("B", tb, source_text(b)[1])])
        spans = {("A", 0, len(ta)), ("B", 0, len(tb))}
    found = find_contradictions(arts)
    hits = []
    for c in found:
        sides = [_which(spans, s.article, s.start, s.end) for s in (c.a, c.b)]
        if None not in sides and sides[0] != sides[1]:
            hits.append(c)
    return bool(hits), found


def _which(spans: set, article: str, start: int, end: int):
    for sp in spans:
        if sp[0] == article and sp[1] <= start and end <= sp[2]:
            return sp
    return None


def _same_source(a: dict, b: dict) -> bool:
    if "seed" in a or "seed" in b:
        return a.get("seed") == b.get("seed")
    return (a["zip"], a["url"]) == (b["zip"], b["url"])


def evaluate(pairs: list[dict] | None = None, errors: list | None = None) -> dict:
    pairs = load() if pairs is None else pairs
    tp = fp = fn = tn = 0
    by_kind: dict[str, dict[str, int]] = {}
    for p in pairs:
        pred, found = predict(p)
        gold = p["label"] == "contradicting"
        kind = p.get("kind") or "none"
        k = by_kind.setdefault(kind, {"tp": 0, "fp": 0, "fn": 0, "tn": 0})
        cell = ("tp" if gold else "fp") if pred else ("fn" if gold else "tn")
        k[cell] += 1
        tp += cell == "tp"
        fp += cell == "fp"
        fn += cell == "fn"
        tn += cell == "tn"
        if errors is not None and cell in ("fp", "fn"):
            errors.append({"id": p["id"], "error": cell, "kind": kind,
                           "a": statement(p["a"])[:200], "b": statement(p["b"])[:200],
                           "found": [(c.kind, c.topic) for c in found]})
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"n": len(pairs), "positives": tp + fn, "negatives": fp + tn,
            "precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4),
            "counts": {"tp": tp, "fp": fp, "fn": fn, "tn": tn},
            "by_kind": dict(sorted(by_kind.items()))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--errors", action="store_true", help="also list the false positives and negatives")
    args = ap.parse_args(argv)
    if not available():
        print(json.dumps({"skipped": f"corpus not found under {corpus_dir()}"}))
        return 0
    errs: list = []
    out: dict = {"benchmark": "contradictions_quality"}
    out.update(evaluate(errors=errs if args.errors else None))
    if args.errors:
        out["errors"] = errs
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
