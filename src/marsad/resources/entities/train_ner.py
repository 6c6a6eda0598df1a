"""Train the CRF entity recogniser shipped as ``ner.crfsuite``.

Run from the repository root (CI never runs it: the model file is committed)::

    python src/marsad/resources/entities/train_ner.py

It is deterministic: fixed corpora, fixed order, fixed hyper-parameters, and
L-BFGS (no random sampling), so the same inputs give the same model.

Training data (read from ``shared/corpora/ner``; never copied into the repo)
----------------------------------------------------------------------------
* NewsFANE Gold 2014 newswire (Alotaibi & Lee, COLING 2014), CC BY-SA 3.0:
  the 80% training blocks only; the held-out 20% (blocks of 40 sentences whose
  index % 5 == 4, see :mod:`marsad.analyze.ner_corpora`) is never used here.
  Clitics split off by the corpus are re-attached as real text writes them.
* AQMAR Arabic Wikipedia NER (Mohit et al., EACL 2012), CC BY-SA 3.0.
* Wojood public sample, train part (Jarrar et al., LREC 2022), MIT.

The features (``marsad.analyze.ner_features``) include the distributional word classes
of ``word_clusters.tsv`` (built from unannotated SaudiNewsNet text by
``build_clusters.py``; CC BY-NC-SA 4.0): build that file first when rebuilding from scratch.

It also writes ``seen_names.tsv``: the names annotated in that training data
(folded, with their usual type), a feature that lets the model recognise a
name it has met before.  While training, each document sees the list built
from the other folds only (5-fold jackknife), so the model learns how far the
list can be trusted on names it has not met.

The model file is a statistical summary (feature weights), not a copy of the
text; as a work derived from CC BY-SA data it is offered under CC BY-SA 3.0
with attribution to the corpora above.
"""

from __future__ import annotations

import argparse
import bisect
import collections
import sys
import time
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))  # src/, when run as a script

import pycrfsuite  # noqa: E402

from marsad.analyze import ner_corpora  # noqa: E402
from marsad.analyze.ner_features import sequence_features  # noqa: E402
from marsad.analyze.ner_gazetteer import SeenNames, gazetteer, trie_walk  # noqa: E402
from marsad.analyze.ner_text import fold, fold_light, is_arabic_word, segments, split_word, tokenize  # noqa: E402

# The NewsFANE training blocks twice: clitics re-attached as news writes them,
# and in the corpus's own split form, so that both kinds of input are handled.
DEFAULT_CORPORA = "newsfane,newsfane-split,aqmar,wojood"

PARAMS = {
    "c1": 0.05,
    "c2": 0.1,
    "max_iterations": 200,
    "feature.possible_transitions": True,
    "feature.minfreq": 1,
}


FOLDS = 5


def _labels(doc: ner_corpora.Doc, toks) -> list[str]:
    labels = ["O"] * len(toks)
    starts = [t.start for t in toks]
    for s, e, typ in doc.spans:
        i = bisect.bisect_right(starts, s) - 1
        if i < 0 or toks[i].end <= s:
            i += 1
        first = True
        while i < len(toks) and toks[i].start < e:
            labels[i] = ("B-" if first else "I-") + typ
            first = False
            i += 1
    return labels


def doc_sequences(doc: ner_corpora.Doc, seen: SeenNames):
    """(features, labels) for each sentence of a gold document."""
    toks = tokenize(doc.text)
    labels = _labels(doc, toks)
    folded = [fold(t.text) for t in toks]
    light = [fold_light(t.text) for t in toks]
    g = gazetteer()
    for a, b in segments(doc.text, toks):
        seg = folded[a:b]
        yield sequence_features(light[a:b], seg, g.match(seg), seen.tags(seg)), labels[a:b]


def seen_rows(docs: list[ner_corpora.Doc]) -> list[tuple[str, str]]:
    """Names annotated in ``docs`` (folded), kept when they are names at least
    30% of the times they occur, with their most frequent type."""
    as_entity: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for doc in docs:
        for s, e, typ in doc.spans:
            key = " ".join(fold(t.text) for t in tokenize(doc.text[s:e]))
            if key:
                as_entity[key][typ] += 1
    trie = SeenNames(sorted((k, c.most_common(1)[0][0]) for k, c in as_entity.items())).trie
    occurrences: collections.Counter = collections.Counter()
    for doc in docs:
        folded = [fold(t.text) for t in tokenize(doc.text)]
        i = 0
        while i < len(folded):
            hit = trie_walk(trie, folded, i)
            if hit is None:
                i += 1
                continue
            end = hit[0]
            occurrences[" ".join(folded[i:end])] += 1
            i = end
    rows = []
    for key, c in as_entity.items():
        n = sum(c.values())
        seen = max(occurrences.get(key, 0), n)
        if n / seen >= 0.3:
            typ = sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            rows.append((key, typ))
    return sorted(rows)


def write_plain_words(docs: list[ner_corpora.Doc], path: Path) -> None:
    """Words (light fold, as written, clitics and all) seen at least 3 times in
    the training data and never inside a name, nor known to the gazetteer:
    document consistency never takes a bare mention from them (الشاعر، الراحل)."""
    g = gazetteer()
    total: collections.Counter = collections.Counter()
    inside: collections.Counter = collections.Counter()
    for doc in docs:
        toks = tokenize(doc.text)
        labels = _labels(doc, toks)
        for t, lab in zip(toks, labels, strict=True):
            w = fold_light(t.text)
            total[w] += 1
            if lab != "O":
                inside[w] += 1
    words = sorted(
        w
        for w, c in total.items()
        if c >= 3
        and not inside[w]
        and is_arabic_word(w)
        and fold(w) not in g.name_words
        and fold(w) not in g.given
        and split_word(fold(w)).stem not in g.given
    )
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("# written by train_ner.py: frequent words never part of a name in the training\n")
        fh.write("# corpora (CC BY-SA 3.0 / MIT); never taken as a bare mention of a name\n")
        fh.write("\n".join(words) + "\n")


def _fold_of(doc: ner_corpora.Doc) -> int:
    return zlib.crc32(doc.name.encode("utf-8")) % FOLDS


def training_docs(which: str) -> list[ner_corpora.Doc]:
    docs = []
    for name in which.split(","):
        if name == "newsfane":
            docs += ner_corpora.newsfane_docs("train")
        elif name == "newsfane-split":
            docs += ner_corpora.newsfane_docs("train", attach=False)
        elif name == "aqmar":
            docs += ner_corpora.aqmar_docs()
        elif name == "wojood":
            docs += ner_corpora.wojood_docs("train")
    return docs


def train(out: Path, which: str = DEFAULT_CORPORA, params: dict | None = None) -> None:
    docs = training_docs(which)
    folds = [[d for d in docs if _fold_of(d) != k] for k in range(FOLDS)]
    seen_by_fold = [SeenNames(seen_rows(f)) for f in folds]
    trainer = pycrfsuite.Trainer(verbose=False)
    n = 0
    for doc in docs:
        for xseq, yseq in doc_sequences(doc, seen_by_fold[_fold_of(doc)]):
            trainer.append(xseq, yseq)
            n += 1
    write_plain_words(docs, out.with_name("plain_words.txt") if out.parent == HERE else out.with_suffix(".plain.txt"))
    rows = seen_rows(docs)
    seen_path = out.with_name("seen_names.tsv") if out.parent == HERE else out.with_suffix(".seen.tsv")
    with open(seen_path, "w", encoding="utf-8") as fh:
        fh.write("# written by train_ner.py: names annotated in the training corpora (folded)\n")
        fh.write("# and their usual type; CC BY-SA 3.0 (NewsFANE Gold, AQMAR), MIT (Wojood)\n")
        for key, typ in rows:
            fh.write(f"{key}\t{typ}\n")
    trainer.set_params(params or PARAMS)
    t = time.time()
    trainer.train(str(out))
    print(f"trained on {n} sequences from {which} in {time.time() - t:.0f}s -> {out}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=HERE / "ner.crfsuite")
    ap.add_argument("--corpora", default=DEFAULT_CORPORA)
    ap.add_argument("--c1", type=float, default=PARAMS["c1"])
    ap.add_argument("--c2", type=float, default=PARAMS["c2"])
    ap.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    args = ap.parse_args()
    params = dict(PARAMS, c1=args.c1, c2=args.c2, max_iterations=args.iterations)
    train(args.out, args.corpora, params)


if __name__ == "__main__":
    main()
