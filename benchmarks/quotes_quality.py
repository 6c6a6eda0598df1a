"""Quote attribution quality on hand-annotated SaudiNewsNet sentences; prints JSON.

    python benchmarks/quotes_quality.py [--mentions] [--errors dev] [--categories]

The annotations (benchmarks/data/quotes/{dev,heldout,heldout2}.jsonl, format and guidelines in the
README there) are pointers into the corpus — zip, article url, the sentence's offsets in
``content`` — plus offsets relative to that sentence; the text itself is read from
``marsad.paths.corpora_dir() / "saudinewsnet"`` at run time (the corpus is licensed for
research and never enters the repository).  Without the corpus the script prints
``{"skipped": ...}`` and exits 0.

`find_quotes` runs on the whole article (so that "وأضاف" can inherit a speaker named in an
earlier paragraph); a predicted quote belongs to an annotated sentence when it starts inside it.

Measures:

* **span F1** — a predicted span matches a gold span when they are identical or their token
  overlap (Dice coefficient over folded word tokens, 2|P∩G|/(|P|+|G|)) is at least 0.8;
  matching is one-to-one, best overlap first.  Precision counts every predicted quote in the
  annotated sentences (the sentences include ones with no quote at all).
* **speaker accuracy** — over matched quotes, the share whose resolved speaker is the
  annotated person or institution.  Names are compared as sets of folded tokens (article ال
  and ranks such as الدكتور dropped): right when they share a token that is not a generic role
  word (وزير، المتحدث، وزارة ...) and the shared tokens cover at least half of the shorter
  name, or when the name keys (`marsad.arabic.namekey`) are equal.  A gold speaker that is
  only a description ("مصدر في الشرطة", "المتظاهرون") must be matched by half of the longer.
* direct/indirect, cue and negation accuracy over matched quotes (reported, not gated).

``--categories`` adds, per split, counts of error classes without any sentence: missed quotes
(``boundary`` when a prediction overlaps, else ``direct`` / ``indirect``), spurious ones
(``boundary`` / ``no_gold``) and wrong speakers (unwritten speakers by what was predicted;
written ones by whether the prediction is an unresolved role, another name or inherited) —
what may be studied on the held-out sets, whose single errors are not to be looked at.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zipfile
from functools import cache
from pathlib import Path

from marsad.analyze.quote_lexicon import lexicon
from marsad.analyze.quote_text import fold
from marsad.analyze.quotes import attribute_quotes
from marsad.arabic.namekey import name_key
from marsad.paths import corpora_dir

DATA = Path(__file__).resolve().parent / "data" / "quotes"
SPLITS = ("dev", "heldout", "heldout2")
_WORD = re.compile(r"\w+")


def corpus_dir() -> Path:
    return corpora_dir() / "saudinewsnet"


@cache
def _articles(zip_name: str) -> dict[str, dict]:
    with zipfile.ZipFile(corpus_dir() / zip_name) as z:
        rows = json.loads(z.read(z.namelist()[0]))
    return {r["url"]: r for r in rows}


def article(zip_name: str, url: str) -> dict:
    return _articles(zip_name)[url]


def load(split: str) -> list[dict]:
    with open(DATA / f"{split}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def available() -> bool:
    return corpus_dir().is_dir() and any(corpus_dir().glob("*.zip"))


def word_tokens(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def dice(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    from collections import Counter

    ca, cb = Counter(a), Counter(b)
    inter = sum((ca & cb).values())
    return 2 * inter / (len(a) + len(b))


@cache
def _generic() -> frozenset[str]:
    w = lexicon().words
    out = set()
    for cls in ("title", "inst", "comp", "rank", "kin", "time", "prep", "medium"):
        for x in w[cls]:
            out.add(_norm_token(x))
    return frozenset(out)


@cache
def _ranks() -> frozenset[str]:
    return frozenset(_norm_token(x) for x in lexicon().words["rank"])


def _norm_token(t: str) -> str:
    t = fold(t)
    for p in ("وال", "بال", "لل", "ال"):
        if t.startswith(p) and len(t) - len(p) >= 2:
            return t[len(p):]
    return t


def _name_tokens(name: str) -> set[str]:
    return {_norm_token(t) for t in _WORD.findall(fold(name))} - _ranks()


def speaker_matches(pred: str | None, golds: list[str]) -> bool:
    """The rule stated in the module docstring."""
    if not pred:
        return False
    p = _name_tokens(pred)
    generic = _generic()
    for g in golds:
        gt = _name_tokens(g)
        if not gt or not p:
            continue
        if name_key(pred) and name_key(pred) == name_key(g):
            return True
        shared = p & gt
        if gt - generic:
            if shared - generic and len(shared) >= 0.5 * min(len(p), len(gt)):
                return True
        elif len(shared) >= 0.5 * max(len(p), len(gt)):
            return True
    return False


def _speaker_category(p, g: dict) -> str:
    """A coarse class for a wrong speaker (aggregate counts only, see --categories)."""
    if not p.speaker_name:
        return "speaker:none"
    if g["speaker_span"] is None:
        pt = _name_tokens(p.speaker_name) - _generic()
        sub = "pred_role" if not pt else ("pred_description" if p.quote.cue and not (
            _name_tokens(p.speaker_name) & set().union(*(_name_tokens(x) for x in g["speaker"]))) and len(pt) < 2
            else "pred_other")
        return f"speaker:unwritten:{sub}"
    if p.quote.speaker_text is None:
        return "speaker:written_but_inherited"
    gold_generic = not (set().union(*(_name_tokens(x) for x in g["speaker"])) - _generic())
    if gold_generic:
        return "speaker:gold_description"
    if not (_name_tokens(p.speaker_name) - _generic()):
        return "speaker:pred_role_unresolved"
    return "speaker:other_name"


def evaluate(split: str, use_mentions: bool = False, errors: list | None = None,
             cats: dict | None = None) -> dict:
    units = load(split)
    find_mentions = None
    if use_mentions:
        from marsad.analyze.entities import find_mentions
    by_article: dict[tuple[str, str], list] = {}
    gold_n = pred_n = tp = 0
    spk_ok = direct_ok = cue_ok = neg_ok = 0
    for u in units:
        art = article(u["zip"], u["url"])
        key = (u["zip"], u["url"])
        if key not in by_article:
            content = art["content"]
            mentions = find_mentions(content) if find_mentions else ()
            by_article[key] = attribute_quotes(content, mentions)
        content = art["content"]
        preds = [f for f in by_article[key] if u["start"] <= f.quote.start < u["end"]]
        golds = u["quotes"]
        gold_n += len(golds)
        pred_n += len(preds)
        pairs = []
        for gi, g in enumerate(golds):
            gtext = content[u["start"] + g["start"]:u["start"] + g["end"]]
            gt = word_tokens(gtext)
            for pi, p in enumerate(preds):
                d = 1.0 if (p.quote.start, p.quote.end) == (u["start"] + g["start"], u["start"] + g["end"]) \
                    else dice(gt, word_tokens(p.quote.text))
                if d >= 0.8:
                    pairs.append((d, gi, pi))
        pairs.sort(reverse=True)
        used_g, used_p = set(), set()
        for _, gi, pi in pairs:
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            tp += 1
            g, p = golds[gi], preds[pi]
            ok = speaker_matches(p.speaker_name, g["speaker"])
            spk_ok += ok
            direct_ok += p.quote.direct == g["direct"]
            cue_ok += p.quote.cue == g["cue"]
            neg_ok += p.quote.negated == g["negated"]
            if cats is not None and not ok:
                cats[_speaker_category(p, g)] = cats.get(_speaker_category(p, g), 0) + 1
            if errors is not None and not ok:
                errors.append({"id": u["id"], "kind": "speaker", "gold": g["speaker"],
                               "pred": p.speaker_name, "as_written": p.quote.speaker_text,
                               "quote": p.quote.text[:80]})
        if cats is not None:
            for gi, g in enumerate(golds):
                if gi not in used_g:
                    gs, ge = u["start"] + g["start"], u["start"] + g["end"]
                    over = any(p.quote.start < ge and gs < p.quote.end for p in preds)
                    k = "missed:boundary" if over else ("missed:direct" if g["direct"] else "missed:indirect")
                    cats[k] = cats.get(k, 0) + 1
            for pi, p in enumerate(preds):
                if pi not in used_p:
                    gold_over = any(p.quote.start < u["start"] + g["end"] and u["start"] + g["start"] < p.quote.end
                                    for g in golds)
                    k = "spurious:boundary" if gold_over else "spurious:no_gold"
                    cats[k] = cats.get(k, 0) + 1
        if errors is not None:
            for gi, g in enumerate(golds):
                if gi not in used_g:
                    gtext = content[u["start"] + g["start"]:u["start"] + g["end"]]
                    near = [p.quote.text[:80] for p in preds]
                    errors.append({"id": u["id"], "kind": "missed", "gold": gtext[:120], "preds": near,
                                   "sentence": content[u["start"]:u["end"]][:300]})
            for pi, p in enumerate(preds):
                if pi not in used_p:
                    errors.append({"id": u["id"], "kind": "spurious", "pred": p.quote.text[:120],
                                   "speaker": p.speaker_name,
                                   "sentence": content[u["start"]:u["end"]][:300]})
    prec = tp / pred_n if pred_n else 0.0
    rec = tp / gold_n if gold_n else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {
        "units": len(units), "gold_quotes": gold_n, "predicted": pred_n, "matched": tp,
        "span_precision": round(prec, 4), "span_recall": round(rec, 4), "span_f1": round(f1, 4),
        "speaker_accuracy": round(spk_ok / tp, 4) if tp else 0.0,
        "direct_accuracy": round(direct_ok / tp, 4) if tp else 0.0,
        "cue_accuracy": round(cue_ok / tp, 4) if tp else 0.0,
        "negation_accuracy": round(neg_ok / tp, 4) if tp else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mentions", action="store_true",
                    help="pass entity mentions from marsad.analyze.entities to find_quotes")
    ap.add_argument("--errors", choices=SPLITS, help="also list the errors on this split")
    ap.add_argument("--categories", action="store_true",
                    help="also print aggregate error-category counts per split (no sentences)")
    ap.add_argument("--split", choices=SPLITS, action="append", help="only these splits (default: all)")
    args = ap.parse_args(argv)
    if not available():
        print(json.dumps({"skipped": f"corpus not found under {corpus_dir()}"}))
        return 0
    out: dict = {"benchmark": "quotes_quality", "mentions": args.mentions,
                 "span_match": "exact or token Dice >= 0.8"}
    errs: list = []
    for split in args.split or SPLITS:
        cats: dict | None = {} if args.categories else None
        out[split] = evaluate(split, args.mentions, errs if args.errors == split else None, cats)
        if cats is not None:
            out[split]["error_categories"] = dict(sorted(cats.items()))
    if args.errors:
        out["errors"] = errs
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
