"""Near-duplicate articles: the same agency wire republished by several outlets with small edits.

A copy is not an independent source. `NearDuplicates` finds copies with MinHash LSH
(datasketch) over word shingles of the body's index terms (search keys with clitics stripped,
so spelling and clitic variants do not hide a copy). Candidates from the LSH index are kept when
their estimated Jaccard similarity reaches ``threshold``.

Copies form groups (a copy of a copy is in the same group), and each group is named by its
smallest article id, its *canonical* member. Both the pairs found and the groups are the same
whatever the order in which articles are added: the pair test is symmetric and every pair is
tested when the later of its two articles arrives.

Hashing uses CRC-32 and fixed permutations, so the result is the same on every run and machine
(Python's own ``hash`` of a string changes from run to run).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

from marsad.arabic.clitics import index_terms
from marsad.link.story_terms import StoryInput

__all__ = ["NearDuplicates", "shingles"]

DEFAULT_THRESHOLD = 0.7
DEFAULT_NUM_PERM = 64
DEFAULT_SHINGLE = 4
MIN_TERMS = 12  # texts shorter than this are never called copies (too little evidence)
_SEED = 20150721


def _band(sig: np.ndarray, start: int, end: int) -> bytes:
    """A band of a MinHash signature as a bucket key (as datasketch's MinHashLSH makes it)."""
    return bytes(sig[start:end].byteswap().data)


def shingles(terms: list[str], size: int = DEFAULT_SHINGLE) -> set[bytes]:
    """The distinct runs of ``size`` consecutive terms, UTF-8 encoded."""
    if len(terms) <= size:
        return {" ".join(terms).encode()}
    enc = [t.encode() for t in terms]  # each term encoded once (the same bytes as joined)
    return {b" ".join(enc[i : i + size]) for i in range(len(enc) - size + 1)}


class NearDuplicates:
    """Incremental near-duplicate detection.

    ``add(inp)`` returns the id of the copy already seen that ``inp`` duplicates (the smallest
    such id, after following copies of copies), or ``None``. ``canonical(id)`` and ``groups()``
    give the final, order-independent answer.
    """

    def __init__(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        num_perm: int = DEFAULT_NUM_PERM,
        shingle: int = DEFAULT_SHINGLE,
    ) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle = shingle
        # LSH recall is set a little below the verification threshold, so that pairs just
        # above it are rarely missed by the banding.
        lsh = MinHashLSH(threshold=max(0.3, threshold - 0.15), num_perm=num_perm)
        # The banding datasketch chooses for that threshold, over plain dicts: its own index
        # keeps a set per bucket and a list of bands per key (a few KB per article; a
        # gigabyte at 200,000).  The same buckets, so the same candidates.
        self._bands = list(lsh.hashranges)
        self._buckets: list[dict[bytes, str | list[str]]] = [{} for _ in self._bands]
        first = MinHash(num_perm=num_perm, seed=_SEED, hashfunc=zlib.crc32)
        self._perms, self._scheme = first.permutations, first.scheme
        self._sigs: dict[str, np.ndarray] = {}
        self._parent: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._sigs

    # -- signatures -------------------------------------------------------------------------

    def signature(self, inp: StoryInput, body_terms: list[str] | None = None) -> MinHash | None:
        """The MinHash of ``inp``'s body (its title when the body is empty), or ``None`` when
        the text is too short to judge.  ``body_terms``: ``index_terms(inp.body)`` when the
        caller has them already."""
        if body_terms is None:
            body_terms = index_terms(inp.body)
        terms = body_terms or index_terms(inp.title)
        if len(terms) < MIN_TERMS:
            return None
        m = MinHash(
            num_perm=self.num_perm,
            seed=_SEED,
            hashfunc=zlib.crc32,
            permutations=self._perms,
            scheme=self._scheme,
        )
        m.update_batch(sorted(shingles(terms, self.shingle)))
        return m

    def signature_values(self, inp: StoryInput, body_terms: list[str] | None = None) -> np.ndarray | None:
        """``signature(inp, body_terms).hashvalues`` (None when too short): what
        `add_signature` takes, made from the text alone."""
        m = self.signature(inp, body_terms)
        return None if m is None else m.hashvalues

    def _similarity(self, sig: np.ndarray, other: np.ndarray) -> float:
        return float(np.count_nonzero(sig == other)) / self.num_perm

    # -- groups (union-find, the smaller id is the root) -------------------------------------

    def _find(self, x: str) -> str:
        parent = self._parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            lo, hi = (ra, rb) if ra < rb else (rb, ra)
            self._parent[hi] = lo

    # -- public -----------------------------------------------------------------------------

    def matches(self, inp: StoryInput) -> list[str]:
        """Ids already added whose text ``inp`` nearly duplicates (sorted); adds nothing."""
        m = self.signature(inp)
        if m is None:
            return []
        return self._matches(m.hashvalues, inp.article_id)

    def _matches(self, sig: np.ndarray, article_id: str) -> list[str]:
        cands: set[str] = set()
        for (start, end), buckets in zip(self._bands, self._buckets, strict=True):
            hit = buckets.get(_band(sig, start, end))
            if hit is None:
                continue
            if isinstance(hit, str):
                cands.add(hit)
            else:
                cands.update(hit)
        found = []
        for key in cands:
            if key != article_id and self._similarity(sig, self._sigs[key]) >= self.threshold:
                found.append(key)
        return sorted(found)

    def _insert(self, article_id: str, sig: np.ndarray) -> None:
        for (start, end), buckets in zip(self._bands, self._buckets, strict=True):
            band = _band(sig, start, end)
            hit = buckets.get(band)
            if hit is None:
                buckets[band] = article_id
            elif isinstance(hit, str):
                buckets[band] = [hit, article_id]
            else:
                hit.append(article_id)

    def add(self, inp: StoryInput) -> str | None:
        """Add ``inp``; return the id of the earlier copy it duplicates, or ``None``.

        The id returned is the canonical (smallest) id of the group the earlier copies belong
        to. Adding an id twice changes nothing.
        """
        aid = inp.article_id
        if aid in self._parent:
            root = self._find(aid)
            return root if root != aid else None
        return self._add(inp)[1]

    def add_matches(self, inp: StoryInput, body_terms: list[str] | None = None) -> list[str]:
        """Add ``inp``; return the ids (sorted) of the articles already added that it directly
        nearly duplicates. Adding an id twice returns ``[]``.  ``body_terms`` as for
        ``signature``."""
        if inp.article_id in self._parent:
            return []
        return self._add(inp, body_terms)[0]

    def add_signature(self, article_id: str, sig: np.ndarray | None) -> list[str]:
        """``add_matches`` given the article's ``signature_values`` instead of its text."""
        if article_id in self._parent:
            return []
        return self._add_values(article_id, sig)[0]

    def _add(self, inp: StoryInput, body_terms: list[str] | None = None) -> tuple[list[str], str | None]:
        return self._add_values(inp.article_id, self.signature_values(inp, body_terms))

    def _add_values(self, aid: str, sig: np.ndarray | None) -> tuple[list[str], str | None]:
        self._parent[aid] = aid
        if sig is None:
            return [], None
        found = self._matches(sig, aid)
        earlier = min((self._find(k) for k in found), default=None)
        for key in found:
            self._union(aid, key)
        self._sigs[aid] = sig.astype(np.uint32)
        self._insert(aid, sig)
        return found, earlier

    def extend(self, inputs: Iterable[StoryInput]) -> None:
        for inp in inputs:
            self.add(inp)

    def canonical(self, article_id: str) -> str:
        """The smallest id of the copy group ``article_id`` is in (itself when it has none)."""
        if article_id not in self._parent:
            return article_id
        return self._find(article_id)

    def duplicate_of(self) -> dict[str, str]:
        """Every article that has a copy with a smaller id, mapped to the group's canonical id."""
        out = {}
        for aid in sorted(self._parent):
            root = self._find(aid)
            if root != aid:
                out[aid] = root
        return out

    def groups(self) -> list[tuple[str, ...]]:
        """Copy groups of two or more articles, each sorted, the groups sorted by first id."""
        by_root: dict[str, list[str]] = {}
        for aid in sorted(self._parent):
            by_root.setdefault(self._find(aid), []).append(aid)
        return [tuple(ids) for _, ids in sorted(by_root.items()) if len(ids) > 1]
