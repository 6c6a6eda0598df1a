"""Readers for the annotated NER corpora in ``shared/corpora/ner/``.

Each reader turns its corpus into :class:`Doc` objects: plain text as it would
appear in a news article, with gold entity spans as character offsets.  That
one shape serves training (``resources/entities/train_ner.py``), the quality
benchmark (``benchmarks/ner_quality.py``) and the quality-floor test, so all
three see the same text and the same gold.

Corpus quirks handled here (see each corpus README):

* NewsFANE Gold splits clitics off as tokens (``و قال``, ``ان ه``).  Real news
  writes them attached, so :func:`newsfane_docs` re-attaches proclitics to the
  next word and pronoun suffixes to the previous one (``attach=False`` keeps
  the corpus's own split form, to check both).  Its 50 fine classes are mapped
  to coarse types with ``fine_to_coarse.json``; ``Group`` (العرب، المسلمين)
  becomes NORP, vehicles/weapons/products are dropped.
* AQMAR tags PER/LOC/ORG plus miscellaneous ``MIS*`` classes (and typos): MIS
  is dropped.
* Wojood is nested (one BIO column per layer) and marks a ``$#$`` separator
  token: spans of every layer are read, PERS→PER, and where spans overlap the
  outer one wins.

The corpora themselves are never copied into the repository (licences); they
are read from :func:`marsad.paths.corpora_dir` when present.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from marsad.paths import corpora_dir

# Which NewsFANE Gold blocks are held out: the corpus has no document markers,
# so it is cut into blocks of BLOCK consecutive sentences (an article is
# roughly that long) and every block whose index % 5 == HELD_OUT_REMAINDER is
# held out (20%).  Training never sees these blocks.
BLOCK = 40
HELD_OUT_REMAINDER = 4

KEEP_TYPES = ("PER", "ORG", "GPE", "LOC", "FAC", "NORP")


@dataclass(frozen=True)
class Doc:
    """Text with gold entity spans ``(start, end, type)``; ``name`` says where it came from."""

    name: str
    text: str
    spans: tuple[tuple[int, int, str], ...]


def ner_dir() -> Path:
    return corpora_dir() / "ner"


def available() -> bool:
    """Whether the NewsFANE Gold file is present (tests and benchmarks skip without it)."""
    return (ner_dir() / "newsfane_gold" / "NewsFANE_Gold_2014_train.txt").is_file()


# ---------------------------------------------------------------- BIO helpers


def _bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Token spans (i, j, type) from a BIO tag list; stray I- tags open a span."""
    spans: list[tuple[int, int, str]] = []
    cur: list | None = None
    for i, t in enumerate([*tags, "O"]):
        if t == "O" or t.startswith("B-") or (t.startswith("I-") and (cur is None or cur[2] != t[2:])):
            if cur is not None:
                spans.append((cur[0], i, cur[2]))
                cur = None
            if t != "O":
                cur = [i, i + 1, t[2:]]
        else:
            cur[1] = i + 1  # type: ignore[index]
    return spans


_PROCLITIC_TOKENS = {"و", "ف", "ب", "ل", "ك"}
_SUFFIX_TOKENS = {"ه", "ها", "هم", "هما", "هن", "ي", "نا", "كم", "كما", "ك", "ني"}


def _is_arabic(w: str) -> bool:
    return bool(w) and "\u0621" <= w[0] <= "\u06ff"


def _render(
    words: list[str], tags: list[str], attach: bool
) -> tuple[str, list[tuple[int, int]]]:
    """Join corpus tokens into text; return it with each token's char span
    (the span of the token's own letters, not of clitics glued onto it)."""
    out: list[str] = []  # pieces of the text
    pos = 0
    spans: list[tuple[int, int]] = [(0, 0)] * len(words)
    pending: list[int] = []  # indices of proclitic tokens waiting for the next word
    n = len(words)
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < n else ""
        if (
            attach
            and tags[i] == "O"
            and w in _PROCLITIC_TOKENS
            and _is_arabic(nxt)
            and nxt not in _PROCLITIC_TOKENS | _SUFFIX_TOKENS
        ):
            prev = words[i - 1] if i else ""
            if w != "ك" or nxt == "ما" or nxt.startswith("ال") or not _is_arabic(prev):
                pending.append(i)
                continue
        if (
            attach
            and not pending
            and tags[i] == "O"
            and w in _SUFFIX_TOKENS
            and i > 0
            and tags[i - 1] == "O"
            and _is_arabic(words[i - 1])
            and out
        ):
            # glue the pronoun to the previous word (ة becomes ت before it)
            if out[-1].endswith("ة"):
                out[-1] = out[-1][:-1] + "ت"
            out.append(w)
            spans[i] = (pos, pos + len(w))
            pos += len(w)
            continue
        if out:
            out.append(" ")
            pos += 1
        prefix = "".join(words[k] for k in pending)
        for n_k, k in enumerate(pending):
            spans[k] = (pos + n_k, pos + n_k + 1)
        pending = []
        if prefix.endswith("ل") and w.startswith("ال") and len(w) > 3:
            # ل + الامم is written للامم: the word's own letters start after the first ل
            text = prefix + w[1:]
        else:
            text = prefix + w
        out.append(text)
        spans[i] = (pos + len(prefix), pos + len(text))
        pos += len(text)
    if pending:
        for k in pending:
            out.append(" " + words[k])
            spans[k] = (pos + 1, pos + 1 + len(words[k]))
            pos += 1 + len(words[k])
    return "".join(out), spans


def _sentences_to_doc(
    name: str, sents: list[list[tuple[str, str]]], attach: bool
) -> Doc:
    """Render sentences (lists of (token, coarse BIO tag)) as one text, one sentence a line."""
    pieces: list[str] = []
    gold: list[tuple[int, int, str]] = []
    base = 0
    for sent in sents:
        words = [w for w, _ in sent]
        tags = [t for _, t in sent]
        text, tspans = _render(words, tags, attach)
        for i, j, typ in _bio_spans(tags):
            s = tspans[i][0]
            e = tspans[j - 1][1]
            if e > s:
                gold.append((base + s, base + e, typ))
        pieces.append(text)
        base += len(text) + 1
    return Doc(name, "\n".join(pieces), tuple(gold))


# ---------------------------------------------------------------- NewsFANE Gold


def _newsfane_sentences() -> list[list[tuple[str, str]]]:
    folder = ner_dir() / "newsfane_gold"
    mapping = json.loads((folder / "fine_to_coarse.json").read_text(encoding="utf-8"))
    fine_to_coarse = {
        f: c for c, fs in mapping.items() if not c.startswith("_") for f in fs
    }
    fine_to_coarse["Group"] = "NORP"
    txt = (folder / "NewsFANE_Gold_2014_train.txt").read_text(encoding="utf-8")
    sents = []
    for block in txt.split("\n\n"):
        sent = []
        for line in block.split("\n"):
            if not line.strip():
                continue
            w, _, tag = line.partition("\t")
            tag = tag.strip()
            if tag != "O":
                coarse = fine_to_coarse.get(tag[2:])
                tag = tag[:2] + coarse if coarse in KEEP_TYPES else "O"
            sent.append((w.strip(), tag))
        if sent:
            sents.append(sent)
    return sents


def newsfane_docs(part: str = "train", attach: bool = True) -> list[Doc]:
    """NewsFANE Gold as documents of BLOCK sentences.  ``part``: "train" (80%),
    "heldout" (the fixed 20% never used in training) or "all"."""
    sents = _newsfane_sentences()
    docs = []
    for b in range(0, len(sents), BLOCK):
        idx = b // BLOCK
        held = idx % 5 == HELD_OUT_REMAINDER
        if part == "all" or (part == "heldout") == held:
            docs.append(_sentences_to_doc(f"newsfane#{idx}", sents[b : b + BLOCK], attach))
    return docs


# ---------------------------------------------------------------- AQMAR


def _aqmar_tag(tag: str) -> str:
    tag = tag.replace("--", "-")
    if tag[:2] in ("B-", "I-") and tag[2:] in ("PER", "LOC", "ORG"):
        return tag
    return "O"


def aqmar_docs() -> list[Doc]:
    """AQMAR Wikipedia articles (out of domain), PER/LOC/ORG only."""
    folder = ner_dir() / "aqmar" / "articles"
    docs = []
    for path in sorted(folder.glob("*.txt")):
        sents, cur = [], []
        for line in path.read_text(encoding="utf-8").split("\n"):
            line = line.strip()
            if not line:
                if cur:
                    sents.append(cur)
                    cur = []
                continue
            w, _, tag = line.rpartition(" ")
            if not w:
                w, tag = tag, "O"
            cur.append((w, _aqmar_tag(tag)))
        if cur:
            sents.append(cur)
        docs.append(_sentences_to_doc(f"aqmar#{path.stem}", sents, attach=False))
    return docs


# ---------------------------------------------------------------- Wojood


_WOJOOD_MAP = {"PERS": "PER", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "FAC", "NORP": "NORP"}


def _wojood_flat(rows: list[list[str]]) -> list[tuple[str, str]]:
    """Flatten nested layers: spans of kept types, outer (earlier, longer) first."""
    words = [r[0] for r in rows]
    layers = max((len(r) - 1 for r in rows), default=0)
    cands = []
    for layer in range(layers):
        tags = [r[1 + layer] if len(r) > 1 + layer else "O" for r in rows]
        for i, j, typ in _bio_spans(tags):
            if typ in _WOJOOD_MAP:
                cands.append((-(j - i), layer, i, j, _WOJOOD_MAP[typ]))
    flat = ["O"] * len(words)
    for _, _, i, j, typ in sorted(cands):
        if all(t == "O" for t in flat[i:j]):
            flat[i] = "B-" + typ
            for k in range(i + 1, j):
                flat[k] = "I-" + typ
    return list(zip(words, flat, strict=True))


def wojood_docs(part: str = "train") -> list[Doc]:
    """The Wojood sample (``train`` or ``val``), split at its ``$#$`` markers."""
    path = ner_dir() / "wojood_sample" / f"{part}.txt"
    docs, sents, rows = [], [], []

    def close_sentence() -> None:
        nonlocal rows
        if rows:
            sents.append(_wojood_flat(rows))
            rows = []

    for line in path.read_text(encoding="utf-8").split("\n"):
        parts = line.split()
        if not parts:
            close_sentence()
            continue
        if parts[0] == "$#$":
            close_sentence()
            if sents:
                docs.append(_sentences_to_doc(f"wojood-{part}#{len(docs)}", sents, attach=False))
                sents = []
            continue
        rows.append(parts)
    close_sentence()
    if sents:
        docs.append(_sentences_to_doc(f"wojood-{part}#{len(docs)}", sents, attach=False))
    return docs


def iter_all_training_docs() -> Iterator[Doc]:
    """Every document the shipped model is trained on (never the held-out NewsFANE blocks)."""
    yield from newsfane_docs("train")
    yield from aqmar_docs()
    yield from wojood_docs("train")


def coarse_for_eval(typ: str) -> str | None:
    """The PER/LOC/ORG projection used for the bar: GPE, LOC and FAC count as LOC;
    NORP (and anything else) is not scored."""
    if typ == "PER":
        return "PER"
    if typ == "ORG":
        return "ORG"
    if typ in ("GPE", "LOC", "FAC"):
        return "LOC"
    return None


def eval_spans(spans: Iterable[tuple[int, int, str]]) -> set[tuple[int, int, str]]:
    out = set()
    for s, e, t in spans:
        c = coarse_for_eval(t)
        if c:
            out.add((s, e, c))
    return out
