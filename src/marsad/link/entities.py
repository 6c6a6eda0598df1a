"""Entity resolution: mentions across the corpus become entities.

"بوتين", "فلاديمير بوتين" and "الرئيس الروسي فلاديمير بوتين" are one person;
"كيم جونغ أون", "كيم جونج أون" and "كيم جونغ-أون" are one; "بيونغيانغ",
"بيونغ يانغ" and "بيونجيانج" one place; "الخارجية الأمريكية" and "وزارة
الخارجية الأميركية" one organisation; but كيم جونغ أون and كيم جونغ إيل stay
apart.  :class:`EntityResolver` does this incrementally as articles arrive.

How a mention finds its entity (all deterministic):

1. **Its own name.**  Titles, roles and nisba words are peeled off
   (الرئيس الروسي فلاديمير بوتين → فلاديمير بوتين), then the name is compared
   word by word through the text layer's name keys
   (:func:`marsad.arabic.namekey.name_keys`): transliteration variants meet,
   native names that differ by a vowel (محمد / محمود) and names that differ by a
   consonant (أون / إيل) do not.  A one-letter slip between letters that
   differ only by their dots (بيونغ يانع) is forgiven in longer words, with
   candidates found by rapidfuzz.
2. **The gazetteer** (``resources/entities/gazetteer.tsv``): a name that
   matches a known spelling links to that entity, whose id is the gazetteer
   id (``per:vladimir-putin``, ``gpe:KP``), with its English name and, for
   seats of power, the actor it stands for (``acts_for``: الكرملين → the
   Russian presidency, واشنطن → the United States).
3. **Its article**: a bare part of a person's name ("كيم", "بيسكوف") belongs
   to the full name it shortens in the same article (the nearest one before
   it, else after it), so the context decides between Kim Jong Un and Kim
   Jong Il.  Across articles, a bare name links to the one full name that
   ends or starts with it when exactly one is known.

Entity ids are derived from the type group and a canonical key (or the
gazetteer id), never from ingestion order: the same articles give the same
entities whatever order they came in.  Links between names are a symmetric
test of the two names, so the set of links, and the clusters, depend only on
the set of names seen.  A name that later meets a better-known spelling may
move to that entity: :meth:`EntityResolver.resolve` maps any id ever handed
out to its current entity, and :meth:`EntityResolver.relabel` refreshes
stored mentions.

State can be saved and restored as plain tuples (:meth:`to_rows`,
:meth:`from_rows`), e.g. one SQLite table.
"""

from __future__ import annotations

import hashlib
import sys
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from marsad.analyze.ner_gazetteer import Gazetteer, gazetteer
from marsad.analyze.ner_text import fold, tokenize
from marsad.model import Mention

__all__ = ["EntityRecord", "EntityResolver", "name_words", "same_name"]

# Mention types resolved together: a place may be typed GPE in one article and
# LOC or FAC in another.
GROUPS = {"PER": "per", "ORG": "org", "GPE": "loc", "LOC": "loc", "FAC": "loc", "NORP": "norp"}
_TYPE_ORDER = ("PER", "ORG", "GPE", "LOC", "FAC", "NORP", "MISC")

# Organisation descriptors that outlets add or drop (وزارة الخارجية الأمريكية =
# الخارجية الأمريكية; صحيفة نيويورك تايمز = نيويورك تايمز).
_ORG_DESCRIPTORS = frozenset(fold(w) for w in ["وزارة", "صحيفة", "جريدة", "قناة", "موقع", "شركة", "مجلة", "وكالة"])

# Letters an eye or a keyboard confuses (they differ by dots), after the name
# key's own folding of transliteration classes (غ ج ق → ك ...).
_CONFUSABLE = {
    frozenset(p)
    for p in ["عك", "حخ", "حك", "خك", "بت", "بث", "تث", "بن", "تن", "ثن", "ني", "بي", "تي", "دذ", "رز", "سش", "فك", "ذز", "ثس", "هح", "فق"]
}


@cache

def _with_entity(m: Mention, entity: str | None) -> Mention:
    """``dataclasses.replace(m, entity=entity)``, built directly: the link stage makes one for
    every mention of every article, and ``replace`` re-reads the fields each time (a tenth
    of a second per 10,000 mentions)."""
    return Mention(m.start, m.end, m.text, m.type, entity, m.key)

def _name_keys_fn():
    try:
        from marsad.arabic.namekey import name_keys
    except ImportError:  # text layer absent: a plain fold, vowels kept
        def name_keys(s: str) -> tuple[str, str]:
            k = fold(s).replace(" ", "")
            return k, k

    return name_keys


@dataclass(frozen=True)
class EntityRecord:
    """One entity: what the export's ``entities`` list and ``show ID`` print."""

    id: str
    type: str
    name: str  # canonical Arabic name
    aliases: tuple[str, ...]  # every surface form seen, sorted
    en: str | None  # English name when known
    mention_count: int
    acts_for: str | None = None  # entity id of the actor a place stands for (metonymy)


# ---------------------------------------------------------------- name comparison


# Honorifics peeled off with titles (خادم الحرمين الشريفين الملك سلمان).
_HONORIFICS = frozenset(fold(w) for w in ["خادم", "الحرمين", "الشريفين", "سمو", "صاحب", "السمو", "الملكي", "فخامة", "معالي", "سعادة"])
# Case forms of name particles: أبي بكر = أبو بكر; ابن = بن.
_PARTICLE_FORMS = {"ابي": "ابو", "ابا": "ابو", "ابن": "بن"}


def _core_words(text: str, group: str, g: Gazetteer) -> list[str]:
    """The words of a name with titles, roles, honorifics and nisba adjectives
    peeled off the front (and, for organisations, a descriptor such as وزارة);
    a glued preposition ل before an articled first word is dropped (للأمم → الأمم)."""
    words = [fold(t.text) for t in tokenize(text) if t.text not in "-‐–\"'«»()"]
    peel = g.titles | g.roles | g.nisba_words | _HONORIFICS
    if group == "per":
        while len(words) > 1 and words[0] in peel:
            words = words[1:]
        if len(words) > 2 and words[0] == "ايه" and words[1] == "الله":
            words = words[2:]
        words = [_PARTICLE_FORMS.get(w, w) if i < len(words) - 1 else w for i, w in enumerate(words)]
    elif group == "org" and len(words) > 1 and words[0] in _ORG_DESCRIPTORS:
        words = words[1:]
    if words:
        w = words[0]
        if w.startswith("لل") and len(w) > 3:
            words[0] = "ال" + w[2:]
        elif w.startswith("ل") and not w.startswith("ال") and "ا" + w in g.name_words:
            words[0] = "ا" + w
    return words


@lru_cache(maxsize=1 << 18)
def name_words(text: str, group: str = "per") -> tuple[tuple[str, str, bool], ...]:
    """Per-word name keys ``(compact, skeleton, articled, plain)`` of the core
    of a name: ``articled`` says the word was written with the article ال,
    ``plain`` is the word itself (folded, article dropped)."""
    nk = _name_keys_fn()
    out = []
    for w in _core_words(text, group, gazetteer()):
        c, s = nk(w)
        if c:
            articled = w.startswith("ال") and len(w) > 4
            out.append((c, s, articled, w.removeprefix("ال") if articled else w))
    return tuple(out)


@cache
def _native_compacts() -> frozenset[str]:
    """Arabic given names (محمد، محمود، سعيد، سعود ...): their vowels tell people apart."""
    nk = _name_keys_fn()
    words = gazetteer().cues.get("GIVEN", frozenset())
    return frozenset(nk(w)[0] for w in words if nk(w)[0])


@cache
def _native_plain() -> frozenset[str]:
    """The same names as written (جمال and كمال share a compact key, not a spelling)."""
    return frozenset(gazetteer().cues.get("GIVEN", frozenset()))


def _typo(a: str, b: str) -> bool:
    """One substituted letter between two long words, a dot-confusable pair."""
    if len(a) != len(b) or len(a) < 5:
        return False
    diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(diff) == 1 and frozenset(diff[0]) in _CONFUSABLE


def _word_match(a: tuple, b: tuple, others_equal: bool = False) -> bool:
    """Two words of a name: one spelling?  The same compact key, or the same
    consonants (a long vowel written or not: ديمتري / دميتري, كوربين / كوربن),
    unless that is how Arabic tells names apart: a given name (سعيد / سعود,
    محمد / محمود), a nisba ending (سليمان / سليماني), or a short word written
    with the article (العبادي / العبيدي).  Else a dot-slip in a long word."""
    ca, cb = a[0], b[0]
    if a[3] != b[3] and (a[3] in _native_plain() or b[3] in _native_plain()):
        return False  # جمال / كمال, حسن / حسين: different Arabic names
    if ca == cb:
        return True
    if a[1] == b[1]:
        if _strict_skeleton(ca) != _strict_skeleton(cb):
            return False  # a consonant hidden by a doubled letter (كيري / كريري)
        native = _native_compacts()
        if ca in native or cb in native:
            return False
        if ca.endswith("ي") != cb.endswith("ي"):
            return False
        d = Levenshtein.distance(ca, cb)
        m = min(len(ca), len(cb))
        if a[2] or b[2]:
            return m >= 6 and d <= 1
        if m >= 5 and d <= 2:
            return True
        return m >= 4 and d <= 1 and (others_equal or len(ca) != len(cb))
    return _typo(ca, cb)


def same_name(a: Sequence[tuple], b: Sequence[tuple]) -> bool:
    """Whether two names (per-word keys from :func:`name_words`) are spellings
    of one name.  Symmetric, so links never depend on which came first."""
    if not a or not b:
        return False
    if len(a) == len(b):
        exact = [x[0] == y[0] and x[3] == y[3] for x, y in zip(a, b, strict=True)]
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if exact[i]:
                continue
            others = len(a) > 1 and all(exact[:i] + exact[i + 1 :])
            if not _word_match(x, y, others):
                return False
        return True
    # different word counts: spacing variants (بيونغ يانغ / بيونغيانغ)
    ja = _joined(a)
    jb = _joined(b)
    if ja == jb:
        return True
    native = _native_compacts()
    sa = "".join(w[1] for w in a)
    sb = "".join(w[1] for w in b)
    if sa == sb and not any(w[0] in native or w[3] in _native_plain() for w in (*a, *b)):
        return Levenshtein.distance(ja, jb) <= 1 and min(len(ja), len(jb)) >= 6
    return _typo(ja, jb)


def _strict_skeleton(compact: str) -> str:
    """The consonants of a compact key, doubled letters kept."""
    return compact[:1] + compact[1:].translate(_NO_VOWELS)


_NO_VOWELS = str.maketrans({"ا": None, "و": None, "ي": None})


def _joined(words: Sequence[tuple]) -> str:
    return "".join(w[0] for w in words)


# ---------------------------------------------------------------- gazetteer index


class _GazIndex:
    """Every gazetteer spelling by group, as per-word keys, for linking names."""

    def __init__(self, g: Gazetteer) -> None:
        self.g = g
        self.by_skeleton: dict[tuple[str, str], list[tuple[int, tuple]]] = defaultdict(list)
        self.joined: dict[str, list[str]] = defaultdict(list)  # group -> joined compacts
        self.joined_map: dict[tuple[str, str], list[tuple[int, tuple]]] = defaultdict(list)
        for idx, e in enumerate(g.entries):
            group = GROUPS.get(e.type)
            if group is None:
                continue
            for s in e.names:
                if fold(s) in e.weak and len(s.split()) == 1 and group != "per":
                    continue
                words = name_words(s, group)
                if not words:
                    continue
                skel = "".join(w[1] for w in words)
                self.by_skeleton[(group, skel)].append((idx, words))
                j = _joined(words)
                if (group, j) not in self.joined_map:
                    self.joined[group].append(j)
                self.joined_map[(group, j)].append((idx, words))

    def lookup(self, group: str, words: tuple, text: str = "") -> tuple[int, ...]:
        """Gazetteer entries whose spelling is this name: the exact spelling
        first, then the same compact key, then a transliteration variant, then
        a one-letter slip; at each step a curated entry beats a GeoNames one."""
        g = self.g
        if text:
            key = " ".join(t for t in (fold(t.text) for t in tokenize(text)) if t not in "-‐–")
            exact = [i for i in g.alias.get(key, ()) if GROUPS.get(g.entries[i].type) == group]
            if exact:
                return self._prefer(exact)
        skel = "".join(w[1] for w in words)
        j = _joined(words)
        cands = self.by_skeleton.get((group, skel), ())
        same = [idx for idx, w in self.joined_map.get((group, j), ())]
        if same:
            return self._prefer(same)
        if len(skel) > 3:
            variant = [idx for idx, w in cands if same_name(words, w)]
            if variant:
                return self._prefer(variant)
        if len(j) >= 6:
            found = []
            for cand, _, _ in process.extract(
                j, self.joined[group], scorer=Levenshtein.distance, score_cutoff=1, limit=5
            ):
                for idx, w in self.joined_map[(group, cand)]:
                    if same_name(words, w):
                        found.append(idx)
            if found:
                return self._prefer(found)
        return ()

    def _prefer(self, idxs: Sequence[int]) -> tuple[int, ...]:
        uniq = sorted(set(idxs))
        curated = [i for i in uniq if not self.g.entries[i].id.startswith("gpe:gn")]
        return tuple(curated or uniq)


@cache
def _gaz_index() -> _GazIndex:
    return _GazIndex(gazetteer())


# ---------------------------------------------------------------- near names


class _NearNames:
    """Names (joined compact keys) within one edit of a name, found without a scan.

    ``near(q)`` returns what ``process.extract(q, names, scorer=Levenshtein.distance,
    score_cutoff=1, limit=10)`` returns (the same names in the same order: by distance,
    then by when they were added) for a query of at least ``MIN_QUERY`` letters, but it
    reads only the names that can be that close.  One edit of a name of n letters leaves
    its first n//2 letters or its last n - n//2 letters whole (the edit falls in one
    half), so each name is filed under its two halves, and a query looks under the
    halves it would share with a name one letter shorter, as long, or one longer.
    Scanning every name made the resolver quadratic in the names seen: an hour at
    200,000 articles.
    """

    MIN_QUERY = 6

    def __init__(self) -> None:
        self.names: list[str] = []
        self._halves: dict[str, list[int]] = {}

    def add(self, name: str) -> None:
        pos = len(self.names)
        self.names.append(name)
        n = len(name)
        if n < self.MIN_QUERY - 1:
            return  # never within one edit of a query
        h = n // 2
        halves = self._halves
        for key in (f"{n}<{name[:h]}", f"{n}>{name[h:]}"):
            posting = halves.get(key)
            if posting is None:
                halves[key] = [pos]
            else:
                posting.append(pos)

    def near(self, name: str, limit: int = 10) -> list[str]:
        size = len(name)
        halves = self._halves
        seen: set[int] = set()
        for n in (size - 1, size, size + 1):
            h = n // 2
            seen.update(halves.get(f"{n}<{name[:h]}", ()))
            seen.update(halves.get(f"{n}>{name[size - (n - h):]}", ()))
        names = self.names
        dist = Levenshtein.distance
        hits = []
        for pos in seen:
            d = dist(name, names[pos], score_cutoff=1)
            if d <= 1:
                hits.append((d, pos))
        hits.sort()
        return [names[pos] for _, pos in hits[:limit]]


# ---------------------------------------------------------------- resolver


@dataclass
class _Node:
    """One distinct name (group + joined compact key) and what was seen of it."""

    id: str
    group: str
    words: tuple
    gaz: str | None
    text: str  # the spelling that first created this name (to rebuild it)
    surfaces: Counter
    types: Counter
    count: int = 0

    def __reduce__(self) -> tuple:
        # Plain dicts pickle several times faster than Counters (a big store's link
        # state holds hundreds of thousands of names).
        return (_node, (self.id, self.group, self.words, self.gaz, self.text, dict(self.surfaces),
                        dict(self.types), self.count))


def _node(id: str, group: str, words: tuple, gaz: str | None, text: str, surfaces: dict,
          types: dict, count: int) -> _Node:
    return _Node(id, group, words, gaz, text, Counter(surfaces), Counter(types), count)


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


class EntityResolver:
    """Corpus-level, incremental entity resolution.

    >>> r = EntityResolver()
    >>> ms = r.add("a1", mentions)          # mentions with ``entity`` set
    >>> r.entities()                         # list[EntityRecord], sorted by id

    Adding an article id again replaces what it contributed before.
    """

    def __init__(self) -> None:
        self._g = gazetteer()
        self._gi = _gaz_index()
        self._nodes: dict[str, _Node] = {}
        self._by_skel: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._near: dict[str, _NearNames] = defaultdict(_NearNames)  # group -> joined keys
        self._joined_nodes: dict[tuple[str, str], list[str]] = defaultdict(list)
        self._parent: dict[str, str] = {}
        # per article, what it contributed (see _pack): its mentions' starts, nodes, spellings, types
        self._articles: dict[str, _Packed] = {}
        # first and last words (skeleton) of multi-word person names -> node keys
        self._first_last: dict[str, list[str]] = defaultdict(list)
        self._caches()

    def _caches(self) -> None:
        # Derived, never saved (see __getstate__): a name's node by (type, spelling), as
        # most mentions repeat a spelling already seen; and each node's entity id, which
        # holds until the next node is made (only a new node links or unites names).
        self._node_of_surface: dict[tuple[str, str], str] = {}
        self._entity_memo: dict[str, str] = {}

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        del state["_node_of_surface"], state["_entity_memo"]
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._caches()

    # -------------------------------------------------------------- union-find

    def _find(self, x: str) -> str:
        root = x
        while self._parent.get(root, root) != root:
            root = self._parent[root]
        while self._parent.get(x, x) != root:
            self._parent[x], x = root, self._parent[x]
        return root

    def _rank(self, node_id: str) -> tuple:
        """Which node names a cluster: a gazetteer entity first, then the
        longest name, then the smallest key: a function of the names alone."""
        n = self._nodes[node_id]
        return (n.gaz is None, -len(n.words), -len(node_id), node_id)

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return
        ga, gb = self._gaz_of_root(ra), self._gaz_of_root(rb)
        if ga and gb and ga != gb:
            return  # two different known entities never merge
        keep, drop = sorted((ra, rb), key=self._rank)
        self._parent[drop] = keep
        self._parent.setdefault(keep, keep)

    def _gaz_of_root(self, root: str) -> str | None:
        return self._nodes[root].gaz

    # -------------------------------------------------------------- nodes

    def _node_for(self, text: str, typ: str) -> str | None:
        """The node of a name (created, and linked to its spellings, when new)."""
        seen = self._node_of_surface.get((typ, text))
        if seen is not None:
            return seen
        group = GROUPS.get(typ)
        if group is None:
            return None
        words = name_words(text, group)
        if not words:
            return None
        j = _joined(words)
        key = f"{group}:{' '.join(w[3] for w in words)}"
        known = self._nodes.get(key)
        if known is not None:
            self._node_of_surface[(typ, text)] = known.id
            return known.id  # the node's own string: records share it (a smaller state)
        self._entity_memo.clear()
        hits = self._gi.lookup(group, words, text)
        gaz = self._g.entries[hits[0]].id if len(hits) == 1 else None
        self._nodes[key] = _Node(key, group, words, gaz, text, Counter(), Counter())
        self._parent[key] = key
        skel = "".join(w[1] for w in words)
        # link to every name already seen that is the same name (a symmetric
        # test, so the links do not depend on the order names arrive in)
        cands = set(self._by_skel.get((group, skel), ()))
        if len(j) >= _NearNames.MIN_QUERY:
            for cand in self._near[group].near(j):
                cands.update(self._joined_nodes[(group, cand)])
        if gaz is not None:
            gkey = f"gaz:{gaz}"
            if gkey not in self._nodes:
                self._nodes[gkey] = _Node(gkey, group, (), gaz, "", Counter(), Counter())
                self._parent[gkey] = gkey
            self._union(gkey, key)
        for other in sorted(cands):
            if other != key and same_name(words, self._nodes[other].words):
                self._union(key, other)
        self._by_skel[(group, skel)].add(key)
        self._near[group].add(j)
        self._joined_nodes[(group, j)].append(key)
        if group == "per" and len(words) >= 2:
            self._first_last[words[0][1]].append(key)
            if words[-1][1] != words[0][1]:
                self._first_last[words[-1][1]].append(key)
        self._node_of_surface[(typ, text)] = key
        return key

    # -------------------------------------------------------------- ids

    def _cluster_id(self, root: str) -> str:
        n = self._nodes[root]
        if n.gaz:
            return n.gaz
        return f"{n.group}:x{_hash(root)}"

    def _partial_target(self, root: str) -> str | None:
        """A bare one-word person name (بيسكوف) not known on its own: the one
        full name that starts or ends with it, when exactly one is known."""
        n = self._nodes[root]
        if n.group != "per" or n.gaz or len(n.words) != 1:
            return None
        w = n.words[0]
        targets = set()
        for other in self._first_last.get(w[1], ()):
            ow = self._nodes[other].words
            if _word_match(ow[0], w) or _word_match(ow[-1], w):
                targets.add(self._find(other))
        targets.discard(root)
        if len(targets) == 1:
            return targets.pop()
        return None

    def _entity_of_node(self, key: str) -> str:
        eid = self._entity_memo.get(key)
        if eid is None:
            root = self._find(key)
            target = self._partial_target(root)
            if target is not None:
                root = target
            eid = self._entity_memo[key] = self._cluster_id(root)
        return eid

    # -------------------------------------------------------------- public API

    def add(self, article_id: str, mentions: Sequence[Mention]) -> tuple[Mention, ...]:
        """Resolve one article's mentions; returns them with ``entity`` set
        (None for a mention whose type is not resolved)."""
        if article_id in self._articles:
            self._forget(article_id)
        assigned: list[str | None] = [self._node_for(m.text, m.type) for m in mentions]
        # bare parts of a person's name: the full name they shorten in this article
        full = [
            (i, self._nodes[k].words)
            for i, k in enumerate(assigned)
            if k is not None and mentions[i].type == "PER" and len(self._nodes[k].words) >= 2
        ]
        for i, k in enumerate(assigned):
            if k is None or mentions[i].type != "PER":
                continue
            words = self._nodes[k].words
            if len(words) >= 2 and self._nodes[k].gaz is not None:
                continue
            best = None
            for j, fw in full:
                if j == i or len(fw) <= len(words):
                    continue
                if _contains(fw, words):
                    dist = (0 if j < i else 1, abs(i - j))
                    if best is None or dist < best[0]:
                        best = (dist, j)
            if best is not None:
                assigned[i] = assigned[best[1]]
        record = []
        for m, k in zip(mentions, assigned, strict=True):
            if k is None:
                continue
            self._count(k, m.text, m.type)
            # one string object per distinct spelling and type, so the pickled state
            # stores each once
            record.append((m.start, k, sys.intern(m.text), sys.intern(m.type)))
        self._articles[article_id] = _pack(record)
        out = []
        for m, k in zip(mentions, assigned, strict=True):
            out.append(_with_entity(m, self._entity_of_node(k) if k else None))
        return tuple(out)

    def linked(self, article_id: str, mentions: Sequence[Mention]) -> tuple[Mention, ...]:
        """What ``add(article_id, mentions)`` returns for an article already added with
        these mentions, read from what it recorded instead of resolving it again (the
        same names, so the same nodes); ``add`` itself when it was not."""
        rec = self.record(article_id)
        if rec is None:
            return self.add(article_id, mentions)
        out = []
        i = 0
        for m in mentions:
            k = None
            if i < len(rec):
                start, key, text, typ = rec[i]
                if start == m.start and text == m.text and typ == m.type:
                    k = key
                    i += 1
            out.append(_with_entity(m, self._entity_of_node(k) if k else None))
        if i != len(rec):
            return self.add(article_id, mentions)  # not the mentions it was added with
        return tuple(out)

    def record(self, article_id: str) -> list[tuple[int, str, str, str]] | None:
        """What the article contributed: (start, name node, spelling, type) per resolved
        mention, or None when it was not added."""
        packed = self._articles.get(article_id)
        return None if packed is None else list(zip(*packed, strict=True))

    def _count(self, key: str, text: str, typ: str) -> None:
        n = self._nodes[key]
        n.surfaces[text] += 1
        n.types[typ] += 1
        n.count += 1

    def _forget(self, article_id: str) -> None:
        packed = self._articles.pop(article_id)
        for _, k, text, typ in zip(*packed, strict=True):
            n = self._nodes[k]
            n.surfaces[text] -= 1
            if n.surfaces[text] <= 0:
                del n.surfaces[text]
            n.types[typ] -= 1
            if n.types[typ] <= 0:
                del n.types[typ]
            n.count -= 1

    def resolve(self, entity_id: str) -> str:
        """The current id of an entity id handed out earlier (ids move only
        when a name joins a better-known spelling)."""
        if entity_id in self._nodes:
            return self._entity_of_node(entity_id)
        for key, n in self._nodes.items():
            if f"{n.group}:x{_hash(key)}" == entity_id or n.gaz == entity_id:
                return self._entity_of_node(key)
        return entity_id

    def relabel(self, mentions: Iterable[Mention]) -> tuple[Mention, ...]:
        """Mentions with their ``entity`` brought up to date."""
        return tuple(_with_entity(m, self.resolve(m.entity)) if m.entity else m for m in mentions)

    def entities(self) -> list[EntityRecord]:
        """Every entity with at least one mention, sorted by id."""
        clusters: dict[str, list[_Node]] = defaultdict(list)
        for key, n in self._nodes.items():
            if n.count:
                clusters[self._entity_of_node(key)].append(n)
        return self._records(clusters)

    def entities_among(self, ids: Iterable[str], node_ids: dict[str, str]) -> list[EntityRecord]:
        """The entities of ``entities()`` whose id is in ``ids``, sorted by id, given
        ``node_ids``: the current entity id of every name with a mention (as
        ``_entity_of_node`` gives it), so that only their names are read."""
        wanted = set(ids)
        clusters: dict[str, list[_Node]] = defaultdict(list)
        for key, eid in node_ids.items():
            if eid in wanted:
                clusters[eid].append(self._nodes[key])
        return self._records(clusters)

    def _records(self, clusters: dict[str, list[_Node]]) -> list[EntityRecord]:
        out = []
        for eid, nodes in clusters.items():
            surfaces: Counter = Counter()
            types: Counter = Counter()
            for n in nodes:
                surfaces.update(n.surfaces)
                types.update(n.types)
            gaz = self._g.entries[self._g.by_id[eid]] if eid in self._g.by_id else None
            if gaz is not None:
                typ, name, en, acts = gaz.type, gaz.names[0], gaz.en, gaz.acts_for
            else:
                typ = sorted(types, key=lambda t: (-types[t], _TYPE_ORDER.index(t)))[0]
                name = sorted(surfaces, key=lambda s: (-surfaces[s], -len(s), s))[0]
                en, acts = None, None
            out.append(
                EntityRecord(
                    id=eid,
                    type=typ,
                    name=name,
                    aliases=tuple(sorted(surfaces)),
                    en=en,
                    mention_count=sum(surfaces.values()),
                    acts_for=acts,
                )
            )
        out.sort(key=lambda r: r.id)
        return out

    def entity(self, entity_id: str) -> EntityRecord | None:
        for r in self.entities():
            if r.id == entity_id:
                return r
        return None

    # -------------------------------------------------------------- persistence

    def to_rows(self) -> list[tuple[str, int, str, str, str, str]]:
        """The resolver's state as plain tuples ``(article_id, start, type,
        surface, name, name_type)``, one per resolved mention, sorted: ``name``
        is the spelling of the name the mention was resolved to (the full name
        for a bare "كيم").  Store them in one table; :meth:`from_rows` rebuilds."""
        rows = []
        for aid, packed in self._articles.items():
            for start, key, text, typ in zip(*packed, strict=True):
                rows.append((aid, start, typ, text, self._nodes[key].text, _node_type(key, typ)))
        rows.sort()
        return rows

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence]) -> EntityResolver:
        """A resolver in the state :meth:`to_rows` saved."""
        r = cls()
        by_article: dict[str, list] = defaultdict(list)
        for aid, start, typ, text, name, name_type in rows:
            by_article[aid].append((int(start), typ, text, name, name_type))
        for aid in sorted(by_article):
            rec = []
            for start, typ, text, name, name_type in sorted(by_article[aid]):
                key = r._node_for(name, name_type)
                if key is None:
                    continue
                r._count(key, text, typ)
                rec.append((start, key, text, typ))
            r._articles[aid] = _pack(rec)
        return r


_Packed = tuple  # (array of starts, node keys, spellings, types), one item per mention


def _pack(record: list[tuple[int, str, str, str]]) -> _Packed:
    """An article's record as four columns: a resolver holds one per article (200,000 in a
    big store), and a tuple and an int per mention took three times the memory, and as
    many more objects to pickle with the link state."""
    if not record:
        return (array("l"), (), (), ())
    starts, keys, texts, types = zip(*record, strict=True)
    return (array("l", starts), keys, texts, types)


def _node_type(key: str, typ: str) -> str:
    """A mention type for re-creating a node of this key's group."""
    group = key.partition(":")[0]
    if GROUPS.get(typ) == group:
        return typ
    return {"per": "PER", "org": "ORG", "loc": "GPE", "norp": "NORP"}[group]


@lru_cache(maxsize=1 << 18)
def _contains(full: tuple, part: tuple) -> bool:
    """Whether the words of ``part`` appear in order at the start or end of ``full``."""
    k = len(part)
    return all(_word_match(a, b) for a, b in zip(full[:k], part, strict=True)) or all(
        _word_match(a, b) for a, b in zip(full[-k:], part, strict=True)
    )
