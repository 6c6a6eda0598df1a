"""Entity recognition quality on annotated newswire the model never saw.

Prints JSON: micro precision/recall/F1 over PER, LOC and ORG (GPE and FAC count
as LOC, NORP is not scored), exact character spans, for

* ``newsfane_heldout``: the fixed 20% of NewsFANE Gold held out from training
  (blocks of 40 sentences whose index % 5 == 4; see marsad.analyze.ner_corpora),
  with clitics re-attached as news text writes them: **the bar (>= 0.80)**;
* ``newsfane_heldout_split``: the same text in the corpus's own clitic-split form;
* ``wojood_val``: the Wojood validation sample (another annotation scheme, also unseen).

Gold spans and predicted spans both keep a glued conjunction/preposition outside
the span (the convention of find_mentions).  Corpora are read from
``shared/corpora/ner`` and never copied; without them the script prints
``{"skipped": ...}``.

    python benchmarks/ner_quality.py [--model PATH] [--no-rules]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter

from marsad.analyze import ner_corpora
from marsad.analyze.entities import recognise
from marsad.analyze.ner_gazetteer import gazetteer
from marsad.analyze.ner_text import fold, proclitic_length


def _trim(text: str, s: int, e: int) -> int:
    """Start of a gold span with a glued conjunction/preposition left outside."""
    word_end = s
    while word_end < e and not text[word_end].isspace():
        word_end += 1
    word = text[s:word_end]
    known = gazetteer().name_words | gazetteer().given
    return s + proclitic_length(word, fold(word), known)


def score(docs, model=None, rules=True) -> dict:
    tp = fp = fn = 0
    per_type = Counter()
    t0 = time.perf_counter()
    for doc in docs:
        gold = {(_trim(doc.text, s, e), e, t) for s, e, t in ner_corpora.eval_spans(doc.spans)}
        pred = ner_corpora.eval_spans(
            (m.start, m.end, m.type) for m in recognise(doc.text, model=model, rules=rules)
        )
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
        for _s, _e, t in gold & pred:
            per_type[t + "_tp"] += 1
        for _s, _e, t in pred - gold:
            per_type[t + "_fp"] += 1
        for _s, _e, t in gold - pred:
            per_type[t + "_fn"] += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    out = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "gold": tp + fn}
    for t in ("PER", "LOC", "ORG"):
        a, b, c = per_type[t + "_tp"], per_type[t + "_fp"], per_type[t + "_fn"]
        pp = a / (a + b) if a + b else 0.0
        rr = a / (a + c) if a + c else 0.0
        out[t] = round(2 * pp * rr / (pp + rr), 4) if pp + rr else 0.0
    out["seconds"] = round(time.perf_counter() - t0, 2)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description="NER quality on held-out annotated newswire")
    ap.add_argument("--model", default=None)
    ap.add_argument("--no-rules", action="store_true")
    args = ap.parse_args()
    if not ner_corpora.available():
        print(json.dumps({"skipped": "NER corpora not found under shared/corpora/ner"}))
        return
    rules = not args.no_rules
    result = {
        "bar": 0.80,
        "newsfane_heldout": score(ner_corpora.newsfane_docs("heldout"), args.model, rules),
        "newsfane_heldout_split": score(
            ner_corpora.newsfane_docs("heldout", attach=False), args.model, rules
        ),
        "wojood_val": score(ner_corpora.wojood_docs("val"), args.model, rules),
        "heldout": "NewsFANE Gold blocks of 40 sentences with index % 5 == 4 (20%)",
    }
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    print()


if __name__ == "__main__":
    main()
