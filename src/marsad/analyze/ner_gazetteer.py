"""The gazetteer and cue lists, loaded once, read-only, and matched over tokens.

Data lives in ``marsad/resources/entities/`` (built by ``build_gazetteer.py``;
see its docstring for sources and licences).  Matching is on folded tokens
(:func:`marsad.analyze.ner_text.fold`) with the longest name winning; the
first word of a name may carry a conjunction/preposition (``وبيونغيانغ``,
``للكرملين``), later words may not.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from marsad.analyze.ner_text import fold, fold_light, tokenize

_PKG = "marsad.resources"
_DIR = "entities"


def read_resource(name: str) -> str:
    return resources.files(_PKG).joinpath(_DIR, name).read_text(encoding="utf-8")


def _rows(name: str) -> list[list[str]]:
    return [
        line.split("\t")
        for line in read_resource(name).split("\n")
        if line.strip() and not line.startswith("#")
    ]


@dataclass(frozen=True)
class GazEntry:
    """One known entity: id, type, English name, the actor it stands for, Arabic spellings."""

    id: str
    type: str
    en: str | None
    acts_for: str | None
    names: tuple[str, ...]  # canonical first; no weak marker
    weak: frozenset[str]  # folded keys of spellings that are never tagged on their own


@dataclass(frozen=True)
class GazMatch:
    start: int  # token index (inclusive) where the name itself starts
    end: int  # token index (exclusive)
    entries: tuple[int, ...]  # indexes into Gazetteer.entries
    weak: bool
    trim: int  # folded letters of the first token that are clitics (و، ب، ل ...)
    lead: int = 0  # tokens before ``start`` that belong to the match: a title (الشيخ، وكالة)


# Words that may stand before a listed name without being part of the mention
# (annotation keeps them out: "الشيخ محمد بن راشد" is the name محمد بن راشد).
_LEADS = frozenset(
    fold(w)
    for w in ["الرئيس", "الشيخ", "الشيخة", "السيد", "السيدة", "الملك", "الملكة", "الأمير", "الأميرة", "السلطان", "الإمام", "آية", "الله", "البابا", "وكالة", "صحيفة", "قناة", "موقع", "شبكة", "مجلة", "إذاعة", "الزعيم", "الدكتور"]
)


@lru_cache(maxsize=200_000)
def _first_forms(f: str) -> tuple[tuple[str, int], ...]:
    """Forms the first word of a name can take once its proclitics are removed,
    with how many folded letters were removed: وللكرملين → الكرملين (trim 2)."""
    return tuple(_first_forms_list(f))


def _first_forms_list(f: str) -> list[tuple[str, int]]:
    out = [(f, 0)]
    w, n = f, 0
    if len(w) > 2 and w[0] in "وف":
        w, n = w[1:], 1
        out.append((w, n))
    if len(w) > 2 and w[0] in "بلك":
        if w.startswith("لل") and len(w) > 3:
            out.append(("ا" + w[1:], n + 1))  # لل + X = ل + الX
        else:
            out.append((w[1:], n + 1))
    return out


class Gazetteer:
    """Entries, a token trie over their folded spellings, and the cue word sets."""

    def __init__(self) -> None:
        self.entries: list[GazEntry] = []
        self.by_id: dict[str, int] = {}
        self.trie: dict = {}
        self.alias: dict[str, list[int]] = {}  # folded spelling (space-joined) -> entries
        for row in _rows("gazetteer.tsv"):
            eid, typ, en, acts, names = (row + [""] * 5)[:5]
            spellings = [n.lstrip("~") for n in names.split("|") if n]
            weak = frozenset(fold(n.lstrip("~")) for n in names.split("|") if n.startswith("~"))
            idx = len(self.entries)
            self.entries.append(GazEntry(eid, typ, en or None, acts or None, tuple(spellings), weak))
            self.by_id[eid] = idx
            own_keys = {
                " ".join(t for t in (fold(t.text) for t in tokenize(x)) if t not in "-‐–") for x in spellings
            }
            for s in spellings:
                toks = tuple(t for t in (fold(t.text) for t in tokenize(s)) if t not in "-‐–")
                if not toks:
                    continue
                lead = 0
                while lead < len(toks) - 1 and toks[lead] in _LEADS:
                    lead += 1
                if toks[:2] == ("ايه", "الله"):
                    lead = 2 if len(toks) > 2 else 0
                if lead and " ".join(toks[lead:]) not in own_keys:
                    lead = 0  # the descriptor is part of the name (وكالة الأنباء المركزية الكورية)
                key = " ".join(toks)
                self.alias.setdefault(key, [])
                if idx not in self.alias[key]:
                    self.alias[key].append(idx)
                node = self.trie
                for t in toks:
                    node = node.setdefault(t, {})
                node.setdefault("", []).append((idx, key in weak, lead))
        # name words: every word of every spelling (for clitic decisions and features)
        self.name_words: frozenset[str] = frozenset(
            w for key in self.alias for w in key.split()
        )
        self.nisba: dict[str, str] = {}
        for row in _rows("nisba.tsv"):
            self.nisba[fold(row[0])] = row[1]
        self.nisba_words = frozenset(w for k in self.nisba for w in k.split())
        cues: dict[str, frozenset[str]] = {}
        for row in _rows("cues.tsv"):
            cues[row[0]] = frozenset(fold(w.replace("_", " ")) for w in row[1].split())
        self.cues = cues
        self.titles = cues.get("TITLE", frozenset())
        self.roles = cues.get("ROLE", frozenset())
        self.org_heads = cues.get("ORGHEAD", frozenset())
        self.loc_heads = cues.get("LOCHEAD", frozenset())
        given_raw = [
            w.replace("_", " ")
            for row in _rows("cues.tsv")
            if row[0] in ("GIVEN", "GIVEN_FOREIGN")
            for w in row[1].split()
        ]
        for e in self.entries:
            if e.type == "PER":
                for s in e.names:
                    words = s.split()
                    if len(words) >= 2 and fold(words[0]) not in _LEADS:
                        given_raw.append(words[0])
        self.given = frozenset(fold(w) for w in given_raw)
        self.given_light = frozenset(fold_light(w) for w in given_raw)
        self.say = cues.get("SAY", frozenset())
        self.sport = cues.get("SPORT", frozenset())
        self._starts = _Starts(self.trie)

    def match(self, folded: list[str]) -> list[GazMatch]:
        """Leftmost-longest matches over a list of folded tokens.  Hyphen tokens
        inside a name are skipped (كيم جونغ-أون)."""
        return self._matches(walk_all(self._starts, folded))

    def match_ranges(self, folded: list[str], bounds: list[tuple[int, int]]) -> list[GazMatch]:
        """:meth:`match` within each token range of ``bounds`` (the sentences of
        a text), in one pass; token indices are the text's."""
        return self._matches(walk_ranges(self._starts, folded, bounds))

    def _matches(self, hits) -> list[GazMatch]:
        out: list[GazMatch] = []
        for i, end, payload, trim in hits:
            ids = tuple(sorted({e for e, _, _ in payload}))
            weak = all(w for _, w, _ in payload) or len(ids) > 1
            lead = min(ld for _, _, ld in payload)
            out.append(GazMatch(i + lead, end, ids, weak, 0 if lead else trim, lead))
        return out


def trie_walk(trie: dict, folded: list[str], i: int) -> tuple[int, list, int] | None:
    """The longest name in ``trie`` starting at token ``i``: (end, payload, trim)."""
    if not folded[i]:
        return None
    return _walk(_start_nodes(trie, folded[i]), folded, i)


def _start_nodes(trie: dict, word: str) -> tuple[tuple[dict, int], ...]:
    """The trie nodes a name can start from at ``word`` (one per proclitic
    reading of it that begins a name), with the clitic letters trimmed."""
    out = []
    for form, trim in _first_forms(word):
        node = trie.get(form)
        if node is not None:
            out.append((node, trim))
    return tuple(out)


class _Starts(dict):
    """word -> :func:`_start_nodes` for one trie, filled on first sight: most
    words start no name, and news vocabulary repeats."""

    MAX = 100_000

    def __init__(self, trie: dict) -> None:
        super().__init__()
        self.trie = trie

    def __missing__(self, word: str) -> tuple[tuple[dict, int], ...]:
        if len(self) >= self.MAX:
            self.clear()
        nodes = self[word] = _start_nodes(self.trie, word) if word else ()
        return nodes


def _walk(
    starts: tuple[tuple[dict, int], ...], folded: list[str], i: int, n: int | None = None
) -> tuple[int, list, int] | None:
    """The longest name from token ``i`` on, within ``folded[:n]``."""
    best = None
    if n is None:
        n = len(folded)
    for node, trim in starts:
        j = i + 1
        last = (j, node[""]) if "" in node else None
        while j < n:
            t = folded[j]
            if not t:
                break
            if t == "-" and j + 1 < n and folded[j + 1]:
                nxt = node.get(folded[j + 1])
                if nxt is None:
                    break
                node = nxt
                j += 2
            else:
                nxt = node.get(t)
                if nxt is None:
                    break
                node = nxt
                j += 1
            if "" in node:
                last = (j, node[""])
        if last is not None and (best is None or last[0] > best[0]):
            best = (last[0], last[1], trim)
    return best


def walk_all(starts: _Starts, folded: list[str]):
    """Leftmost-longest names over ``folded``: (start, end, payload, trim) each."""
    nxt = 0
    for i, st in enumerate(map(starts.__getitem__, folded)):
        if not st or i < nxt:
            continue
        hit = _walk(st, folded, i)
        if hit is not None:
            yield i, hit[0], hit[1], hit[2]
            nxt = hit[0]


def walk_ranges(starts: _Starts, folded: list[str], bounds: list[tuple[int, int]]):
    """:func:`walk_all` over each token range of ``bounds`` (sentences) at once,
    a name never crossing the end of its range: (start, end, payload, trim)."""
    out = []
    nodes = list(map(starts.__getitem__, folded))
    seg = 0
    nxt = 0
    for i in [i for i, st in enumerate(nodes) if st]:
        if i < nxt:
            continue
        while bounds[seg][1] <= i:
            seg += 1
        hit = _walk(nodes[i], folded, i, bounds[seg][1])
        if hit is not None:
            out.append((i, hit[0], hit[1], hit[2]))
            nxt = hit[0]
    return out


class SeenNames:
    """Names annotated in the training corpora, with their usual type
    (``seen_names.tsv``, written by ``train_ner.py``).  A model feature only:
    the model learns how far to trust a name it has seen before."""

    def __init__(self, rows: list[tuple[str, str]] | None = None) -> None:
        if rows is None:
            rows = [(r[0], r[1]) for r in _rows("seen_names.tsv")]
        self.trie: dict = {}
        for name, typ in rows:
            node = self.trie
            for t in name.split():
                node = node.setdefault(t, {})
            node[""] = typ
        self._starts = _Starts(self.trie)

    def tags(self, folded: list[str]) -> list[str]:
        """Per-token "B-PER"/"I-PER"... for leftmost-longest seen names, else ""."""
        return self._tags(len(folded), walk_all(self._starts, folded))

    def tags_ranges(self, folded: list[str], bounds: list[tuple[int, int]]) -> list[str]:
        """:meth:`tags` within each token range of ``bounds``, in one pass."""
        return self._tags(len(folded), walk_ranges(self._starts, folded, bounds))

    @staticmethod
    def _tags(n: int, hits) -> list[str]:
        out = [""] * n
        for i, end, typ, _ in hits:
            out[i] = "B-" + typ
            for k in range(i + 1, end):
                out[k] = "I-" + typ
        return out


@cache
def seen_names() -> SeenNames:
    """The shipped list of names seen in training (empty if the file is absent)."""
    try:
        return SeenNames()
    except FileNotFoundError:
        return SeenNames([])


@cache
def gazetteer() -> Gazetteer:
    """The shared, read-only gazetteer (loaded on first use)."""
    return Gazetteer()
