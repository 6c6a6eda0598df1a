"""Cross-validation of the entity recogniser on its own training data.

Chooses between feature sets and hyper-parameters without looking at the
held-out NewsFANE blocks or the Wojood validation sample: the training
documents of ``train_ner.py`` fall into 5 folds (``_fold_of``, by document
name, so a NewsFANE block and its clitic-split copy share a fold); for fold k
the model is trained on the other four (the seen-names list and its jackknife
built from those four only) and scored, with the rules and the span scoring of
``ner_quality.py``, on fold k's NewsFANE blocks (clitics attached) and its
Wojood training documents.

    python benchmarks/ner_cv.py --folds 0,1 [--c1 0.05 --c2 0.1 --minfreq 1] [--tag NAME]

A feature or rule variant is compared by running this on a checkout that holds
it (fold models are kept in ``--workdir``, so rules can be re-scored on them
without retraining).  Prints JSON per fold and the mean.  Takes 2 to 4 minutes
a fold.  Note the fold sizes differ (NewsFANE gold mentions per fold: 782, 1161,
1878, 1008, 1727).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src" / "marsad" / "resources" / "entities"))

import pycrfsuite  # noqa: E402
import train_ner  # noqa: E402
from ner_quality import score  # noqa: E402

from marsad.analyze import ner_corpora  # noqa: E402
from marsad.analyze.ner_gazetteer import SeenNames  # noqa: E402


def run_fold(k: int, docs, params: dict, workdir: Path, tag: str) -> dict:
    train_docs = [d for d in docs if train_ner._fold_of(d) != k]
    seen_by_fold = {
        j: SeenNames(train_ner.seen_rows([d for d in train_docs if train_ner._fold_of(d) != j]))
        for j in range(train_ner.FOLDS)
        if j != k
    }
    trainer = pycrfsuite.Trainer(verbose=False)
    for doc in train_docs:
        for xseq, yseq in train_ner.doc_sequences(doc, seen_by_fold[train_ner._fold_of(doc)]):
            trainer.append(xseq, yseq)
    out = workdir / f"cv-{tag}-f{k}.crfsuite"
    rows = train_ner.seen_rows(train_docs)
    with open(out.with_suffix(".seen.tsv"), "w", encoding="utf-8") as fh:
        for key, typ in rows:
            fh.write(f"{key}\t{typ}\n")
    train_ner.write_plain_words(train_docs, out.with_suffix(".plain.txt"))
    trainer.set_params(params)
    t = time.time()
    trainer.train(str(out))
    secs = time.time() - t
    news = [d for d in ner_corpora.newsfane_docs("train") if train_ner._fold_of(d) == k]
    woj = [d for d in ner_corpora.wojood_docs("train") if train_ner._fold_of(d) == k]
    return {
        "fold": k,
        "train_s": round(secs),
        "newsfane": score(news, str(out)),
        "wojood": score(woj, str(out)),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description="NER cross-validation on the training data")
    ap.add_argument("--folds", default="0")
    ap.add_argument("--c1", type=float, default=train_ner.PARAMS["c1"])
    ap.add_argument("--c2", type=float, default=train_ner.PARAMS["c2"])
    ap.add_argument("--minfreq", type=float, default=train_ner.PARAMS["feature.minfreq"])
    ap.add_argument("--iterations", type=int, default=train_ner.PARAMS["max_iterations"])
    ap.add_argument("--tag", default="x")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/wtner"))
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    params = dict(train_ner.PARAMS, c1=args.c1, c2=args.c2, max_iterations=args.iterations)
    params["feature.minfreq"] = args.minfreq
    docs = train_ner.training_docs(train_ner.DEFAULT_CORPORA)
    results = [run_fold(int(k), docs, params, args.workdir, args.tag) for k in args.folds.split(",")]
    mean = {
        part: round(sum(r[part]["f1"] for r in results) / len(results), 4) for part in ("newsfane", "wojood")
    }
    print(json.dumps({
        "tag": args.tag,
        "params": {k: params[k] for k in ("c1", "c2", "feature.minfreq", "max_iterations")},
        "mean_f1": mean,
        "folds": results,
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
