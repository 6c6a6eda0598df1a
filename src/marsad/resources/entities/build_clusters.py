"""Build ``word_clusters.tsv``: distributional word classes for the entity recogniser.

Run from the repository root (CI never runs it: the file is committed)::

    python src/marsad/resources/entities/build_clusters.py

Why: the annotated corpora the CRF learns from hold about 300,000 tokens, so most
names and most of the words around names in real news were never seen in training.
Words that occur in the same contexts (names of people, of cities, of ministries,
verbs of saying, nisba adjectives) fall into the same class when classes are learnt
from a large amount of unannotated news; the class is a feature the CRF can weight
for words it has never met.  This is the classic semi-supervised feature of CRF name
taggers (Brown-cluster or embedding-cluster features).

How (deterministic: fixed corpus order, seeded generators, one BLAS thread):

1. Every article of SaudiNewsNet (``shared/corpora/saudinewsnet``: 31,030 articles,
   8.7M words) is tokenised as the recogniser tokenises; each Arabic word becomes its
   stem (full fold, conjunction, preposition and article taken off, as
   ``ner_text.split_word`` does), other tokens become ``<num>``, ``<lat>`` or ``<p>``.
2. The ``VOCAB`` most frequent stems seen at least ``MIN_COUNT`` times are clustered;
   their contexts are the stem just before and just after (the ``CONTEXTS`` most
   frequent of each side, plus the three token classes).
3. Co-occurrence counts become positive pointwise mutual information, reduced to
   ``DIMS`` dimensions by a seeded randomised SVD, rows normalised.
4. Spherical k-means (k-means++ start, seeded by k) gives each stem a class among
   ``KS`` = 64, 512 and 1024 classes.

Output: ``stem<TAB>class of 64<TAB>class of 512<TAB>class of 1024`` per line, stems
sorted.  The recogniser (``ner_features.word_info``) gives a word the three classes
of its stem as features, and the coarse class of its neighbours and of the
previous word (``kk=``); chosen by 5-fold cross-validation on the training data
(``benchmarks/ner_cv.py``) among other forms (one fine class only, the fine class
as context, document-level features).

Source and licence: SaudiNewsNet (Alhagri 2015), CC BY-NC-SA 4.0, for
non-commercial research; the classes are a statistical summary of word contexts
(no text), offered under the same licence with attribution.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # same sums in the same order: same output
os.environ.setdefault("OMP_NUM_THREADS", "1")

import collections
import json
import sys
import time
import zipfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))  # src/, when run as a script

from marsad.analyze.ner_text import fold, is_arabic_word, split_word, token_spans  # noqa: E402
from marsad.paths import corpora_dir  # noqa: E402

VOCAB = 50_000
MIN_COUNT = 5
CONTEXTS = 3000
DIMS = 100
KS = (64, 512, 1024)
SEED = 20261123
OUT = HERE / "word_clusters.tsv"


def stems_of(text: str, cache: dict[str, str]) -> list[str]:
    words, _ = token_spans(text)
    out = []
    for w in words:
        s = cache.get(w)
        if s is None:
            f = fold(w)
            if f and is_arabic_word(f):
                s = split_word(f).stem or f
            elif f[:1].isdigit():
                s = "<num>"
            elif f[:1].isalpha():
                s = "<lat>"
            else:
                s = "<p>"
            if len(cache) < 2_000_000:
                cache[w] = s
        out.append(s)
    return out


def corpus_stems() -> list[list[str]]:
    root = corpora_dir() / "saudinewsnet"
    zips = sorted(root.glob("*.zip"))
    if not zips:
        raise SystemExit(f"SaudiNewsNet not found under {root}")
    cache: dict[str, str] = {}
    docs = []
    for z in zips:
        with zipfile.ZipFile(z) as fh:
            for name in sorted(fh.namelist()):
                for row in json.loads(fh.read(name)):
                    docs.append(stems_of(f"{row.get('title') or ''}\n{row.get('content') or ''}", cache))
    return docs


def cooccurrence(docs: list[list[str]]) -> tuple[list[str], np.ndarray]:
    counts = collections.Counter(s for d in docs for s in d)
    special = {"<num>", "<lat>", "<p>"}
    vocab = [s for s, c in sorted(counts.items(), key=lambda x: (-x[1], x[0]))
             if c >= MIN_COUNT and s not in special][:VOCAB]
    ctx_words = [s for s, _ in sorted(counts.items(), key=lambda x: (-x[1], x[0])) if s not in special][:CONTEXTS]
    vid = {s: i for i, s in enumerate(vocab)}
    ctx = {s: i for i, s in enumerate([*ctx_words, *sorted(special)])}
    width = len(ctx)
    m = np.zeros((len(vocab), 2 * width), dtype=np.float32)
    rows: list[int] = []
    cols: list[int] = []
    for d in docs:
        for i, s in enumerate(d):
            r = vid.get(s)
            if r is None:
                continue
            if i > 0 and (c := ctx.get(d[i - 1])) is not None:
                rows.append(r)
                cols.append(c)
            if i + 1 < len(d) and (c := ctx.get(d[i + 1])) is not None:
                rows.append(r)
                cols.append(width + c)
        if len(rows) > 5_000_000:
            np.add.at(m, (np.array(rows), np.array(cols)), 1)
            rows, cols = [], []
    if rows:
        np.add.at(m, (np.array(rows), np.array(cols)), 1)
    return vocab, m


def ppmi_svd(m: np.ndarray) -> np.ndarray:
    total = m.sum()
    row = m.sum(axis=1, keepdims=True)
    col = m.sum(axis=0, keepdims=True) ** 0.75  # context smoothing (Levy et al. 2015)
    col = col / col.sum() * total
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(m * total / (row * col))
    pmi[~np.isfinite(pmi)] = 0
    np.maximum(pmi, 0, out=pmi)
    rng = np.random.default_rng(SEED)
    omega = rng.standard_normal((pmi.shape[1], DIMS + 20)).astype(np.float32)
    y = pmi @ omega
    for _ in range(2):  # power iterations
        q, _ = np.linalg.qr(y)
        y = pmi @ (pmi.T @ q)
    q, _ = np.linalg.qr(y)
    b = q.T @ pmi
    ub, s, _ = np.linalg.svd(b, full_matrices=False)
    u = (q @ ub)[:, :DIMS] * np.sqrt(s[:DIMS])
    u /= np.linalg.norm(u, axis=1, keepdims=True) + 1e-9
    return u.astype(np.float32)


def kmeans(x: np.ndarray, k: int, iters: int = 25) -> np.ndarray:
    """Spherical k-means with a seeded k-means++ start; returns each row's class."""
    rng = np.random.default_rng(SEED + k)
    n = len(x)
    centres = [x[rng.integers(n)]]
    dist = 1 - x @ centres[0]
    for _ in range(1, k):
        p = np.maximum(dist, 0) ** 2
        centres.append(x[rng.choice(n, p=p / p.sum())])
        dist = np.minimum(dist, 1 - x @ centres[-1])
    c = np.array(centres)
    labels = np.zeros(n, dtype=np.int64)
    for _ in range(iters):
        labels = np.argmax(x @ c.T, axis=1)
        for j in range(k):
            members = x[labels == j]
            if len(members):
                v = members.sum(axis=0)
                c[j] = v / (np.linalg.norm(v) + 1e-9)
    return labels


def main() -> None:
    t = time.time()
    docs = corpus_stems()
    print(f"{len(docs)} articles, {sum(map(len, docs))} tokens ({time.time() - t:.0f}s)")
    vocab, m = cooccurrence(docs)
    print(f"{len(vocab)} stems x {m.shape[1]} contexts ({time.time() - t:.0f}s)")
    u = ppmi_svd(m)
    del m
    print(f"svd ({time.time() - t:.0f}s)")
    classes = [kmeans(u, k).tolist() for k in KS]
    print(f"k-means ({time.time() - t:.0f}s)")
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write("# generated by build_clusters.py from SaudiNewsNet (CC BY-NC-SA 4.0): stem, then its class"
                 " among 64, 512 and 1024\n")
        for i in sorted(range(len(vocab)), key=vocab.__getitem__):
            fh.write(vocab[i] + "".join(f"\t{c[i]}" for c in classes) + "\n")
    print(f"wrote {OUT} ({time.time() - t:.0f}s)")


if __name__ == "__main__":
    main()
