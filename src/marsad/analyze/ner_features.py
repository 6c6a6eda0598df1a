"""CRF features for Arabic entity recognition, shared by training and tagging.

One function, :func:`sequence_features`, turns a token sequence into the
feature strings the CRF sees, so ``train_ner.py`` and
:func:`marsad.analyze.entities.find_mentions` can never disagree.  Features
carry what makes Arabic names recognisable without capital letters:

* the folded word, its clitic-stripped stem, its proclitics and article, and
  stem prefixes/suffixes (foreign names end in وف، سكي، يني ...);
* cue lexicons: titles and roles before a name (الرئيس، وزير، المتحدث باسم،
  الشيخ), nisba adjectives after one (الروسي، الأمريكية), organisation and
  place head nouns (وزارة، حركة، مدينة), given names, verbs of saying;
* gazetteer hits as BIO tags with their type, weak hits apart;
* distributional classes of the stem (64, 512 and 1024 classes learnt from
  unannotated news, ``word_clusters.tsv``), for the many words training never saw;
* the same for the two words on either side (the coarse class for the nearest
  ones), word bigrams and coarse-class bigrams.

Per-word features are cached, which keeps tagging within a few milliseconds
per article.
"""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources

from marsad.analyze.ner_gazetteer import GazMatch, gazetteer
from marsad.analyze.ner_text import fold, is_arabic_word, split_word

_PUNCT_QUOTES = set("\"'«»“”„‘’()[]{}")


@cache
def word_classes() -> dict[str, tuple[str, ...]]:
    """stem -> its distributional classes, coarse to fine (64, 512 and 1024 classes),
    learnt from unannotated news by ``resources/entities/build_clusters.py``
    (``word_clusters.tsv``)."""
    out: dict[str, tuple[str, ...]] = {}
    path = resources.files("marsad.resources").joinpath("entities", "word_clusters.tsv")
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            stem, *classes = line.rstrip("\n").split("\t")
            out[stem] = tuple(classes)
    return out


@lru_cache(maxsize=300_000)
def word_info(light: str) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """(own features, stem, lexicon flags) of a word in its light fold
    (:func:`marsad.analyze.ner_text.fold_light`): the word identity keeps ى/ي and
    ة/ه apart (على is not علي); lexicons and stems use the full fold."""
    g = gazetteer()
    feats: list[str] = ["w=" + light]
    flags: list[str] = []
    f = fold(light)
    if not f:
        return tuple(feats), f, ()
    c0 = f[0]
    if is_arabic_word(f):
        sp = split_word(f)
        stem = sp.stem
        al_form = ("ال" + stem) if sp.article else stem
        feats.append("s=" + stem)
        if sp.clitic:
            feats.append("c=" + sp.clitic)
        if sp.article:
            feats.append("al")
        if len(stem) > 3:
            feats += ["p2=" + stem[:2], "p3=" + stem[:3], "x2=" + stem[-2:], "x3=" + stem[-3:]]
        if len(stem) > 5:
            feats.append("x4=" + stem[-4:])
        feats.append("len=" + str(min(len(stem), 8)))
        wc = word_classes()
        cl = wc.get(stem) or wc.get(f)
        if cl:
            feats += ["k=" + cl[0], "K1=" + cl[1], "K2=" + cl[2]]
        forms = {f, al_form, stem}
        if sp.clitic:
            forms.add(f[len(sp.clitic) :])
        if forms & g.titles:
            flags.append("T")
        if forms & g.roles:
            flags.append("R")
        if forms & g.org_heads:
            flags.append("OH")
        if forms & g.loc_heads:
            flags.append("LH")
        if light in g.given_light or (sp.clitic and light[len(sp.clitic):] in g.given_light):
            flags.append("GN")
        if forms & g.nisba_words:
            flags.append("NS")
        if forms & g.say:
            flags.append("SY")
        if forms & g.name_words:
            flags.append("NW")
        return tuple(feats), stem, tuple(flags)
    if c0.isdigit():
        return ("w=<num>", "num"), "<num>", ("D",)
    if c0.isalpha():
        return ("w=" + light.lower(), "lat"), light.lower(), ("L",)
    if c0 in _PUNCT_QUOTES:
        return ("w=" + f, "q"), f, ("Q",)
    return ("w=" + f, "pun"), f, ("P",)


# Closed-class words (light fold) that are never names: they get one feature
# of their own, which halves the work of the tagger with no loss (they still
# serve as context for their neighbours).
STOP = frozenset(
    ["في", "من", "على", "الى", "إلى", "الي", "عن", "مع", "ان", "أن", "إن", "انه", "أنه", "انها", "أنها", "التي", "الذي", "الذين", "اللذين", "اللتين", "هذا", "هذه", "ذلك", "تلك", "هؤلاء", "كان", "كانت", "كانوا", "يكون", "تكون", "قد", "لقد", "لا", "لم", "لن", "ما", "هو", "هي", "هم", "هن", "نحن", "كما", "بعد", "قبل", "حتى", "بين", "عند", "منذ", "خلال", "حول", "ضد", "او", "أو", "ثم", "كل", "بعض", "غير", "الا", "إلا", "لكن", "ولكن", "وقد", "وفي", "ومن", "وان", "وأن", "وإن", "وعلى", "عليه", "عليها", "فيه", "فيها", "منه", "منها", "له", "لها", "لهم", "به", "بها", "اي", "أي", "اذا", "إذا", "لو", "ف", "و", "ب", "ل", "ك", "التى", "ايضا", "أيضا", "حيث", "وهو", "وهي", "وكان", "وكانت", "وقال", "وقالت", "قال", "قالت", "الذى", "فى"]
)


@lru_cache(maxsize=300_000)
def _context(light: str, off: str) -> tuple[str, ...]:
    return _context_of(light, off, *word_info(light))


def _context_of(light: str, off: str, own: tuple[str, ...], stem: str, flags: tuple[str, ...]) -> tuple[str, ...]:
    """The features a word gives its neighbour at offset ``off`` (``word_info`` given)."""
    if light in STOP:
        return (off + own[0],)
    out = [off + own[0]]
    if off in ("-1", "+1"):
        out.append(off + "s=" + stem)
        out += [off + x for x in own if x.startswith("k=")]
    out += [off + fl for fl in flags]
    return tuple(out)


# Sport words that also have everyday senses (هدف "aim", فاز "won" an election):
# they count for :func:`is_sport`, not for its strict sense.
_SPORT_LOOSE = frozenset(
    fold(w)
    for w in ["هدف", "هدفا", "أهداف", "الأهداف"]
)


def _sport_hit(f: str, sport: frozenset[str]) -> bool:
    if f in sport:
        return True
    if len(f) > 3 and f[0] in "وفبل":
        if f[1:] in sport or (f[1:3] == "ال" and f[1:] in sport):
            return True
        if f[0] == "و" and len(f) > 4 and f[1] in "بل" and f[2:] in sport:
            return True
    return False


class _SportWords(dict):
    """folded word -> 1 if a sport word (with its clitics), +2 if one in the
    strict sense too; filled on first sight."""

    MAX = 100_000

    def __missing__(self, f: str) -> int:
        if len(self) >= self.MAX:
            self.clear()
        sport = gazetteer().sport
        v = self[f] = _sport_hit(f, sport) | (_sport_hit(f, sport - _SPORT_LOOSE) << 1)
        return v


_SPORT_WORDS = _SportWords()


def is_sport(folded: list[str], strict: bool = False) -> bool:
    """Whether a sentence is about sport (there, country names are mostly teams)."""
    bit = 2 if strict else 1
    return any(v & bit for v in map(_SPORT_WORDS.__getitem__, folded))


def sport_ranges(folded: list[str], bounds: list[tuple[int, int]]) -> list[int]:
    """For each token range (sentence): 1 if :func:`is_sport`, 3 if strictly so too."""
    bits = list(map(_SPORT_WORDS.__getitem__, folded))
    out = []
    for a, b in bounds:
        v = 0
        for x in bits[a:b]:
            v |= x
            if v == 3:
                break
        out.append(v)
    return out


def gaz_tags(folded: list[str], matches: list[GazMatch]) -> list[str]:
    """Per-token gazetteer tag: "B-PER", "I-GPE"; "cB-GPE" for a GeoNames city
    (a less reliable list), "wB-GPE" for a weak spelling; or ""."""
    g = gazetteer()
    tags = [""] * len(folded)
    for m in matches:
        types = sorted({g.entries[e].type for e in m.entries})
        typ = types[0] if len(types) == 1 else "AMB"
        if m.weak:
            w = "w"
        elif all(g.entries[e].id.startswith("gpe:gn") for e in m.entries):
            w = "c"
        else:
            w = ""
        tags[m.start] = w + "B-" + typ
        for k in range(m.start + 1, m.end):
            tags[k] = w + "I-" + typ
    return tags


@lru_cache(maxsize=300_000)
def coarse_class(light: str) -> str:
    """The coarse distributional class of a word ("" when it has none)."""
    for x in word_info(light)[0]:
        if x.startswith("k="):
            return x[2:]
    return ""


def sequence_features(
    light: list[str],
    folded: list[str],
    matches: list[GazMatch],
    seen: list[str],
    positions: range | list[int] | None = None,
) -> list[list[str]]:
    """Feature strings for tokens of one sentence: ``light`` and ``folded``
    are the tokens in the light and the full fold, ``matches`` the gazetteer's
    hits, ``seen`` the per-token tags of names seen in training.  With
    ``positions``, only those tokens' features (context still comes from the
    whole sentence)."""
    n = len(folded)
    gt = gaz_tags(folded, matches)
    infos = [word_info(f) for f in light]
    # a sentence about sport: country names there are usually teams (ORG)
    sport = "S" if is_sport(folded) else ""
    out: list[list[str]] = []
    for i in positions if positions is not None else range(n):
        own, stem, flags = infos[i]
        lw = light[i]
        if lw in STOP and not gt[i]:
            out.append([own[0]])
            continue
        feats = [*own, *flags]
        if gt[i]:
            feats.append("g=" + gt[i])
            if sport:
                feats.append("gS=" + gt[i])
        if seen[i]:
            feats.append("t=" + seen[i])
            if sport:
                feats.append("tS=" + seen[i])
        if i > 0:
            feats += _context(light[i - 1], "-1")
            feats.append("s-1|s=" + infos[i - 1][1] + "|" + stem)
            feats.append("kk=" + coarse_class(light[i - 1]) + "|" + coarse_class(lw))
            if gt[i - 1]:
                feats.append("-1g=" + gt[i - 1])
            if seen[i - 1]:
                feats.append("-1t=" + seen[i - 1])
        else:
            feats.append("BOS")
        if i > 1:
            feats += _context(light[i - 2], "-2")
        if i + 1 < n:
            feats += _context(light[i + 1], "+1")
            if gt[i + 1]:
                feats.append("+1g=" + gt[i + 1])
            if seen[i + 1]:
                feats.append("+1t=" + seen[i + 1])
        else:
            feats.append("EOS")
        if i + 2 < n:
            feats += _context(light[i + 2], "+2")
        out.append(feats)
    return out


_BIGRAM = "s-1|s="


class _WordRows(dict):
    """light word -> its id in :attr:`rows`, a table whose row ``id`` holds the
    word's rows of the scorer's weight table: its own features, its own
    features as a closed-class word, its context features as the token at
    -1, -2, +1, +2 of another; then its stem's id in the bigram vocabulary
    (-1 if in none) and whether it is a closed-class word.  Filled on first
    sight of a word; emptied with the scorer's cache."""

    def __init__(self, scorer) -> None:
        super().__init__()
        import numpy as np

        self.scorer = scorer
        self.rows = np.empty((4096, 9), dtype=np.int64)
        self.size = 0
        self.stem_ids, self.pair_keys, self.pair_rows = _bigram_tables(scorer.attr_index)
        self.class_ids, self.class_pairs = _class_bigram_table(scorer.attr_index, scorer.zero)

    def clear(self) -> None:
        super().clear()
        self.size = 0

    def __missing__(self, w: str) -> int:
        import numpy as np

        # uncached: the summed rows are this cache; the feature strings need not stay
        own, stem, flags = word_info.__wrapped__(w)
        add = self.scorer.add
        row = (
            add((*own, *flags)),
            add((own[0],)),
            add(_context_of(w, "-1", own, stem, flags)),
            add(_context_of(w, "-2", own, stem, flags)),
            add(_context_of(w, "+1", own, stem, flags)),
            add(_context_of(w, "+2", own, stem, flags)),
            self.stem_ids.get(stem, -1),
            w in STOP,
            self.class_ids.get(coarse_class(w), len(self.class_ids)),
        )
        if self.size == len(self.rows):
            grown = np.empty((2 * self.size, 9), dtype=np.int64)
            grown[: self.size] = self.rows
            self.rows = grown
        wid = self[w] = self.size
        self.rows[wid] = row
        self.size += 1
        return wid


def _class_bigram_table(attr_index: dict[str, int], zero: int):
    """The model's coarse-class bigram features ``kk=a|b`` as a dense table:
    class -> id (0 for no class; a class the model's pairs never name has the
    last id, V - 1, and no row), and the attribute row of every pair of ids
    (``id(a) * V + id(b)``; the row of zeros when the model has none)."""
    import numpy as np

    pairs = {}
    for a, row in attr_index.items():
        if a.startswith("kk="):
            left, _, right = a[3:].partition("|")
            pairs[(left, right)] = row
    names = sorted({x for p in pairs for x in p} - {""})
    ids = {"": 0} | {x: i + 1 for i, x in enumerate(names)}
    v = len(ids) + 1
    table = np.full(v * v, zero, dtype=np.int64)
    for (left, right), row in pairs.items():
        table[ids[left] * v + ids[right]] = row
    return ids, table


def _bigram_tables(attr_index: dict[str, int]):
    """The model's stem-bigram features as numbers: stem -> id, and the sorted
    keys ``id(a) * V + id(b)`` of the attributes ``s-1|s=a|b`` with their rows.
    A stem may itself hold "|", so every way of splitting an attribute is
    indexed: a split that is not the real one still names the same string,
    hence the same attribute."""
    import numpy as np

    pairs: dict[tuple[str, str], int] = {}
    for a, row in attr_index.items():
        if not a.startswith(_BIGRAM):
            continue
        rest = a[len(_BIGRAM) :]
        k = rest.find("|")
        while k >= 0:
            pairs[(rest[:k], rest[k + 1 :])] = row
            k = rest.find("|", k + 1)
    stems = sorted({x for p in pairs for x in p})
    ids = {x: i for i, x in enumerate(stems)}
    v = max(len(stems), 1)
    keyed = sorted((ids[a] * v + ids[b], row) for (a, b), row in pairs.items())
    keys = np.array([k for k, _ in keyed], dtype=np.int64)
    rows = np.array([r for _, r in keyed], dtype=np.int64)
    return ids, keys, rows


def doc_state_scores(scorer, light: list[str], bounds: list[tuple[int, int]], gaz: list[str],
                     seen: list[str], sport: list[bool]):
    """State scores (tokens x labels) of a whole text: the sum of the model's
    weights over exactly the features :func:`sequence_features` gives each
    token of each sentence (``bounds``: token ranges of the sentences; ``gaz``,
    ``seen``: per-token tags as :func:`gaz_tags` and seen names give them;
    ``sport``: per sentence).  A token's features are grouped by the one word
    they depend on (its own, its neighbours' as context at -2..+2), each
    group's weights summed once per word and cached; the stem bigram is looked
    up by number, and the few tag features per token."""
    import numpy as np

    n = len(light)
    if not n:
        return np.zeros((0, scorer.table.shape[1]))
    scorer.trim()
    words = scorer.roles.get("words")
    if words is None:
        words = scorer.roles["words"] = _WordRows(scorer)
    zero = scorer.zero
    attr = scorer.attr_index.get
    wids = np.fromiter(map(words.__getitem__, light), dtype=np.int64, count=n)
    rows = words.rows[wids].T  # after every word is in: adding rows may grow the table
    tagged = [i for i, g in enumerate(gaz) if g]
    stop = rows[7].astype(bool)
    stop[tagged] = False  # a closed-class word inside a gazetteer name gets all its features
    idx = np.empty((7, n), dtype=np.int64)
    idx[0] = np.where(stop, rows[1], rows[0])
    idx[1, 1:] = rows[2, :-1]
    idx[2, 2:] = rows[3, :-2]
    idx[3, :-1] = rows[4, 1:]
    idx[4, :-2] = rows[5, 2:]
    sid = rows[6]
    vocab = max(len(words.stem_ids), 1)
    prev, cur = sid[:-1], sid[1:]
    keys = prev * vocab + cur
    at = np.searchsorted(words.pair_keys, keys)
    at[at == len(words.pair_keys)] = 0
    hit = (prev >= 0) & (cur >= 0) & (words.pair_keys[at] == keys) if len(words.pair_keys) else np.zeros(n - 1, bool)
    idx[5, 1:] = np.where(hit, words.pair_rows[at] if len(words.pair_keys) else zero, zero)
    cid = rows[8]
    idx[6, 1:] = words.class_pairs[cid[:-1] * (len(words.class_ids) + 1) + cid[1:]]
    starts = np.array([a for a, _ in bounds], dtype=np.int64)
    ends = np.array([b for _, b in bounds], dtype=np.int64)
    idx[1, starts] = attr("BOS", zero)
    idx[5, starts] = zero
    idx[6, starts] = zero
    idx[2, starts] = zero
    longer = starts + 1 < ends
    idx[2, starts[longer] + 1] = zero
    idx[4, ends[longer] - 2] = zero
    idx[3, ends - 1] = attr("EOS", zero)
    idx[4, ends - 1] = zero
    idx[1:, stop] = zero
    extra_pos: list[int] = []
    extra_row: list[int] = []
    marked = sorted(set(tagged).union(i for i, t in enumerate(seen) if t))
    if marked:
        stop_l = stop.tolist()
        seg_of = (np.searchsorted(starts, marked, side="right") - 1).tolist()
        for i, k in zip(marked, seg_of, strict=True):
            a, b = bounds[k]
            sp = sport[k]
            g, t = gaz[i], seen[i]
            if g:
                extra_pos.append(i)
                extra_row.append(attr("g=" + g, zero))
                if sp:
                    extra_pos.append(i)
                    extra_row.append(attr("gS=" + g, zero))
            if t and not stop_l[i]:
                extra_pos.append(i)
                extra_row.append(attr("t=" + t, zero))
                if sp:
                    extra_pos.append(i)
                    extra_row.append(attr("tS=" + t, zero))
            if i + 1 < b and not stop_l[i + 1]:
                if g:
                    extra_pos.append(i + 1)
                    extra_row.append(attr("-1g=" + g, zero))
                if t:
                    extra_pos.append(i + 1)
                    extra_row.append(attr("-1t=" + t, zero))
            if i > a and not stop_l[i - 1]:
                if g:
                    extra_pos.append(i - 1)
                    extra_row.append(attr("+1g=" + g, zero))
                if t:
                    extra_pos.append(i - 1)
                    extra_row.append(attr("+1t=" + t, zero))
    table = scorer.table
    scores = table[idx].sum(axis=0)
    if extra_pos:
        np.add.at(scores, np.array(extra_pos), table[np.array(extra_row)])
    return scores
