"""Event quality on hand-annotated SaudiNewsNet sentences; prints JSON.

    python benchmarks/events_quality.py [--errors dev|dev3|dev4|dev5|dev6|heldout|heldout2|heldout3] [--split dev]

The annotations (benchmarks/data/events/{dev,dev3,dev4,dev5,dev6,heldout,heldout2,heldout3}.jsonl, guidelines in the README there)
point into the corpus (zip, article url, sentence offsets in ``content``) and give, per
sentence, the events it reports: type, trigger offsets, modality, and the date value with the
offsets of the time expression when the sentence dates the event.  The text is read from
``marsad.paths.corpora_dir() / "saudinewsnet"`` at run time; without it the script prints
``{"skipped": ...}``.

`find_events` runs on the whole article with the mentions of `marsad.analyze.entities` and the
times of `marsad.analyze.times` (anchored on the crawl date ``date_extracted``), as the analyze
stage runs it.  A predicted event belongs to a sentence when its trigger starts inside it.

Measures:

* **type F1** over (sentence, type) pairs — the system reports one event per type and
  sentence, so the gold events are reduced the same way; annotated sentences include ones
  that report no event.
* **date accuracy** — over gold events that have a date in the text: right when the predicted
  event of the same type in that sentence carries the same value (a missing prediction counts
  as wrong).  ``date_accuracy_when_found`` restricts it to gold events whose type was found.
* modality accuracy over matched (sentence, type) pairs (reported, not gated).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from marsad.analyze.events import find_events

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quotes_quality import article, available, corpus_dir

DATA = Path(__file__).resolve().parent / "data" / "events"
SPLITS = ("dev", "dev3", "dev4", "dev5", "dev6", "heldout", "heldout2", "heldout3")


def load(split: str) -> list[dict]:
    with open(DATA / f"{split}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _analyze(content: str, anchor: str) -> tuple:
    mentions: tuple = ()
    times: tuple = ()
    try:
        from marsad.analyze.entities import find_mentions

        mentions = find_mentions(content)
    except ImportError:
        pass
    try:
        from marsad.analyze.times import find_times

        times = find_times(content, anchor)
    except ImportError:
        pass
    return find_events(content, mentions, times)


def evaluate(split: str, errors: list | None = None) -> dict:
    units = load(split)
    cache: dict[tuple[str, str], tuple] = {}
    tp = fp = fn = 0
    dated = date_ok = dated_found = date_ok_found = 0
    mod_ok = mod_n = 0
    for u in units:
        key = (u["zip"], u["url"])
        if key not in cache:
            art = article(*key)
            cache[key] = _analyze(art["content"], u["anchor"])
        preds = [e for e in cache[key] if u["start"] <= e.start < u["end"]]
        pred_types = {e.type: e for e in preds}
        gold_types: dict[str, list[dict]] = {}
        for g in u["events"]:
            gold_types.setdefault(g["type"], []).append(g)
        for t in gold_types:
            if t in pred_types:
                tp += 1
                mod_n += 1
                mod_ok += pred_types[t].modality in {g["modality"] for g in gold_types[t]}
            else:
                fn += 1
                if errors is not None:
                    errors.append({"id": u["id"], "kind": "missed", "type": t,
                                   "triggers": [art_text(u, g["trigger"]) for g in gold_types[t]]})
        for t, e in pred_types.items():
            if t not in gold_types:
                fp += 1
                if errors is not None:
                    errors.append({"id": u["id"], "kind": "spurious", "type": t, "trigger": e.trigger})
        for g in u["events"]:
            if not g["date"]:
                continue
            dated += 1
            e = pred_types.get(g["type"])
            if e is not None:
                dated_found += 1
                if e.date == g["date"]:
                    date_ok += 1
                    date_ok_found += 1
                elif errors is not None:
                    errors.append({"id": u["id"], "kind": "date", "type": g["type"], "gold": g["date"],
                                   "pred": e.date, "time_text": art_text(u, g["date_span"])})
            elif errors is not None:
                errors.append({"id": u["id"], "kind": "date-missing-event", "type": g["type"],
                               "gold": g["date"]})
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {
        "sentences": len(units), "gold_pairs": tp + fn, "predicted_pairs": tp + fp,
        "type_precision": round(prec, 4), "type_recall": round(rec, 4), "type_f1": round(f1, 4),
        "dated_events": dated, "date_accuracy": round(date_ok / dated, 4) if dated else 0.0,
        "date_accuracy_when_found": round(date_ok_found / dated_found, 4) if dated_found else 0.0,
        "modality_accuracy": round(mod_ok / mod_n, 4) if mod_n else 0.0,
    }


def art_text(u: dict, span: list[int] | None) -> str | None:
    if not span:
        return None
    c = article(u["zip"], u["url"])["content"]
    return c[u["start"] + span[0]:u["start"] + span[1]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--errors", choices=SPLITS, help="also list the errors on this split")
    ap.add_argument("--split", choices=SPLITS, action="append", help="only these splits (default: all)")
    args = ap.parse_args(argv)
    if not available():
        print(json.dumps({"skipped": f"corpus not found under {corpus_dir()}"}))
        return 0
    out: dict = {"benchmark": "events_quality", "unit": "(sentence, type) pairs"}
    errs: list = []
    for split in args.split or SPLITS:
        out[split] = evaluate(split, errs if args.errors == split else None)
    if args.errors:
        out["errors"] = errs
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
