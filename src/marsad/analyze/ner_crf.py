"""The trained CRF, read straight from its ``.crfsuite`` file and decoded in numpy.

``train_ner.py`` trains with python-crfsuite; at run time the model is a
linear scorer plus a Viterbi search, small enough to run here without the C
tagger.  That matters for speed: the tagger must be handed every feature
string of every token (~12 per token, ~8,000 per article) and looks each one
up, whereas a token's score is a sum over *groups* of features that depend on
one word only (its own features, its features as the left or right neighbour
of another word), and news vocabulary repeats.  So each group's score vector
is computed once per word and cached, and a sentence is scored with a few
numpy gathers (see :func:`marsad.analyze.ner_features.doc_state_scores`).

The result is the model's own decision: the same weights, the same transition
scores, the same Viterbi tie-break (the first best label, as crfsuite does).
Only the order in which a token's feature weights are added differs, which can
change a score in its last bit and nothing else
(``tests/analyze/test_ner_crf.py`` checks the labels against python-crfsuite).

File layout (crfsuite's ``crf1d_model.c``, little-endian): a 48-byte header
(magic ``lCRF``, size, type ``FOMC``, version, feature/label/attribute counts,
chunk offsets); a ``FEAT`` chunk of 20-byte features (type: 0 state, 1
transition; source: attribute or label id; destination: label id; weight as a
double); and two CQDB string tables (labels, attributes) whose backward array
maps an id to its ``(id, size, bytes)`` record.
"""

from __future__ import annotations

import struct
import threading
from collections.abc import Iterable, Sequence
from functools import cache

import numpy as np

__all__ = ["CrfModel", "Scorer", "load", "scorer", "viterbi"]

_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])


def _cqdb_strings(buf: bytes, off: int) -> list[str]:
    """The strings of a CQDB chunk at ``off``, indexed by their id."""
    magic, _size, _flag, _order, n, bwd = struct.unpack_from("<4sIIIII", buf, off)
    if magic != b"CQDB":
        raise ValueError("not a crfsuite model: bad string table")
    out = [""] * n
    for rec in np.frombuffer(buf, dtype="<u4", count=n, offset=off + bwd).tolist():
        if rec == 0:
            continue
        rid, ksize = struct.unpack_from("<II", buf, off + rec)
        out[rid] = buf[off + rec + 8 : off + rec + 7 + ksize].decode("utf-8")
    return out


class CrfModel:
    """Labels, attribute ids, state weights and transition weights of a CRF1d model."""

    def __init__(self, path: str) -> None:
        with open(path, "rb") as fh:
            buf = fh.read()
        (magic, _size, mtype, _ver, _nf, n_labels, n_attrs, off_feat, off_labels, off_attrs, _lr, _ar) = (
            struct.unpack_from("<4sI4sIIIIIIIII", buf, 0)
        )
        if magic != b"lCRF" or mtype != b"FOMC":
            raise ValueError(f"{path}: not a crfsuite CRF1d model")
        chunk, _csize, n_feat = struct.unpack_from("<4sII", buf, off_feat)
        if chunk != b"FEAT":
            raise ValueError(f"{path}: no feature chunk")
        self.labels: list[str] = _cqdb_strings(buf, off_labels)[:n_labels]
        attrs = _cqdb_strings(buf, off_attrs)[:n_attrs]
        feats = np.frombuffer(buf, dtype=_FEATURE, count=n_feat, offset=off_feat + 12)
        L = n_labels
        state = feats[feats["type"] == 0]
        trans = feats[feats["type"] == 1]
        # one row per attribute, and a last row of zeros for an unknown attribute
        self.weights = np.zeros((n_attrs + 1, L), dtype=np.float64)
        self.weights[state["src"].astype(np.int64), state["dst"].astype(np.int64)] = state["weight"]
        self.trans = np.zeros((L, L), dtype=np.float64)
        self.trans[trans["src"].astype(np.int64), trans["dst"].astype(np.int64)] = trans["weight"]
        self.zero = n_attrs
        self.attr_index: dict[str, int] = {a: i for i, a in enumerate(attrs)}

    def attr_row(self, attr: str) -> int:
        """Row of ``weights`` for one attribute (the zero row when unknown)."""
        return self.attr_index.get(attr, self.zero)


@cache
def load(path: str) -> CrfModel:
    """The model in ``path``, read once per process (read-only, shared by threads)."""
    return CrfModel(path)


class Scorer:
    """A model plus a cache of summed weight rows (one thread's own: not shared).

    Rows ``0 .. n_attrs`` of :attr:`table` are the model's attribute weights
    (the last one zeros); rows after them are cached sums, each the score
    vector of a group of attributes (:meth:`add`), found again through the
    caller's dictionaries in :attr:`roles`.  The cache is bounded: past
    :attr:`MAX_CACHED` rows, :meth:`trim` empties it (between texts, never
    within one), which changes no result.
    """

    MAX_CACHED = 150_000

    def __init__(self, model: CrfModel) -> None:
        self.model = model
        self.attr_index = model.attr_index
        self.zero = model.zero
        self._base = model.weights.shape[0]
        self.roles: dict[str, dict] = {}
        self._reset()

    def _reset(self) -> None:
        self.table = np.empty((self._base + 8192, self.model.weights.shape[1]), dtype=np.float64)
        self.table[: self._base] = self.model.weights
        self.size = self._base
        for d in self.roles.values():
            d.clear()

    def trim(self) -> None:
        """Empty the cache if it has grown past its bound."""
        if self.size - self._base > self.MAX_CACHED:
            self._reset()

    def add(self, attrs: Iterable[str]) -> int:
        """Row of ``table`` holding the summed weights of ``attrs`` (unknown
        attributes weigh nothing).  May replace :attr:`table` by a larger copy."""
        ids = [i for i in (self.attr_index.get(a) for a in attrs) if i is not None]
        if not ids:
            return self.zero
        if len(ids) == 1:
            return ids[0]
        if self.size == self.table.shape[0]:
            grown = np.empty((self.size * 2, self.table.shape[1]), dtype=np.float64)
            grown[: self.size] = self.table[: self.size]
            self.table = grown
        self.table[self.size] = self.model.weights[ids].sum(axis=0)
        self.size += 1
        return self.size - 1


_local = threading.local()


def scorer(path: str) -> Scorer:
    """This thread's scorer for the model in ``path``."""
    cache_ = getattr(_local, "scorers", None)
    if cache_ is None:
        cache_ = _local.scorers = {}
    s = cache_.get(path)
    if s is None:
        s = cache_[path] = Scorer(load(path))
    return s


def viterbi(scores: np.ndarray, bounds: Sequence[tuple[int, int]], trans: np.ndarray) -> list[int]:
    """Best label index of every token: ``scores`` (tokens x labels) holds the
    state scores of all tokens, ``bounds`` the (start, end) token ranges of the
    independent sequences (sentences).  Sequences are decoded together, one
    position at a time, longest first (a position only touches the sequences
    that reach it).  Ties go to the lowest label index, as in crfsuite."""
    n, n_labels = scores.shape
    if not bounds:
        return [0] * n
    order = sorted(range(len(bounds)), key=lambda k: (bounds[k][0] - bounds[k][1], k))
    lengths = np.array([bounds[k][1] - bounds[k][0] for k in order], dtype=np.int64)
    starts = np.array([bounds[k][0] for k in order], dtype=np.int64)
    n_seq, longest = len(order), int(lengths[0])
    steps = np.arange(longest, dtype=np.int64)[:, None]
    inside = steps < lengths[None, :]  # (position, sequence)
    pos = np.where(inside, starts[None, :] + steps, n)  # padding reads the row of zeros
    padded = np.concatenate([scores, np.zeros((1, n_labels))])[pos]  # (position, sequence, label)
    active = inside.sum(axis=1).tolist()  # sequences reaching each position (a prefix)
    back = np.empty((longest, n_seq, n_labels), dtype=np.intp)
    cand = np.empty((n_seq, n_labels, n_labels))  # (sequence, to, from): reduce the last axis
    trans_t = np.ascontiguousarray(trans.T)
    rows = np.arange(n_seq * n_labels) * n_labels  # flat offset of each (sequence, to) in cand
    delta = padded[0].copy()
    final = np.empty((n_seq, n_labels))
    m = n_seq
    c, d, flat, r = cand, delta, cand.reshape(-1), rows
    for t in range(1, longest):
        m_t = active[t]
        if m_t < m:
            final[m_t:m] = delta[m_t:m]  # these sequences ended at t - 1
            m = m_t
            c, d = cand[:m], delta[:m]
            flat, r = c.reshape(-1), rows[: m * n_labels]
        np.add(d[:, None, :], trans_t, out=c)
        b = back[t, :m]
        c.argmax(axis=2, out=b)
        # the best score is the one at the argmax (a gather is cheaper than max)
        np.add(flat[r + b.reshape(-1)].reshape(m, n_labels), padded[t, :m], out=d)
    final[:m] = delta[:m]
    last = final.argmax(axis=1)
    labels = np.empty((longest, n_seq), dtype=np.intp)
    cur = np.empty(n_seq, dtype=np.intp)
    seqs = np.arange(n_seq)
    for t in range(longest - 1, -1, -1):
        m_t = active[t]
        m_next = active[t + 1] if t + 1 < longest else 0
        cur[m_next:m_t] = last[m_next:m_t]  # sequences whose last position is t
        labels[t, :m_t] = cur[:m_t]
        if t:
            cur[:m_t] = back[t, seqs[:m_t], cur[:m_t]]
    out = np.zeros(n + 1, dtype=np.intp)
    out[pos] = labels
    return out[:n].tolist()
