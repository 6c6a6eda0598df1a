"""Entity recognition: every person, place and organisation mentioned in a text.

``find_mentions(text)`` is a pure function (the analyze stage may run it in any
process).  No Arabic NER model can be installed offline, so Marsad ships its
own, built from data (``resources/entities/``):

1. **Gazetteer** of countries, cities, and the people and organisations that
   dominate Arabic news, each with an id, English name and known spellings.
2. **CRF** (python-crfsuite) trained on annotated Arabic newswire, with
   features that carry Arabic (see :mod:`marsad.analyze.ner_features`); it
   finds the names no list knows.  At run time the model file is read and
   decoded in numpy (:mod:`marsad.analyze.ner_crf`: the same labels as the C
   tagger, with per-word feature scores cached, a few milliseconds per article).
3. **Rules** on top: a strong gazetteer hit the model missed is added;
   a title before an unknown name (الرئيس، المتحدث باسم ...) types it.
4. **Document consistency**: a name tagged once is the same name in its later
   bare mentions ("كيم" after "كيم جونغ أون"), and one surface form keeps one
   type within a document.

Spans index into ``text`` exactly (``text[m.start:m.end] == m.text``).  A
conjunction or preposition glued to a name stays outside the span
(``وبوتين`` → ``بوتين``; ``بالكرملين`` → ``الكرملين``), the article ال stays
inside.  Titles stay outside (``الرئيس الروسي فلاديمير بوتين`` → the name).
Types: PER, ORG, GPE, LOC, FAC, NORP.  ``key`` is the name key used to merge
spellings; ``entity`` is left to the link stage (:mod:`marsad.link.entities`),
which also records metonymy (``واشنطن`` acting for the US government).
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from importlib import resources

from marsad.analyze.ner_crf import scorer, viterbi
from marsad.analyze.ner_features import doc_state_scores, gaz_tags, sport_ranges
from marsad.analyze.ner_gazetteer import Gazetteer, SeenNames, gazetteer, seen_names
from marsad.analyze.ner_text import fold, fold_words, proclitic_length, segment_bounds, token_spans
from marsad.model import Mention

__all__ = ["MENTION_TYPES", "find_mentions", "mention_key"]

MENTION_TYPES = ("PER", "ORG", "GPE", "LOC", "FAC", "NORP")
MODEL_NAME = "ner.crfsuite"

# Words that join the parts of a name and are never a name on their own.
_PARTICLES = frozenset(fold(w) for w in ["بن", "بنت", "ابن", "أبو", "أبي", "أم", "عبد", "آل", "ال", "دي", "دو", "دا", "فان", "فون", "دير", "لا", "لو"])


# Regnal numbers and kin words that follow a name but never stand for it alone.
_ORDINALS = frozenset(
    fold(w)
    for w in ["الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر", "الأب", "الابن", "الجد", "الأكبر", "الأصغر", "الحفيد"]
)

# Prepositions that some outlets (and the NewsFANE text) write with a final ي,
# making them look like the names علي / الي.
_PREPOSITION_LOOKALIKES = frozenset({"علي", "الي"})


@cache
def _model_path() -> str:
    return str(resources.files("marsad.resources").joinpath("entities", MODEL_NAME))


@cache
def _seen_for(model: str | None) -> SeenNames:
    """The seen-names list that goes with a model file (the shipped one by default;
    an experimental ``X.crfsuite`` has its ``X.seen.tsv`` beside it)."""
    if model is None:
        return seen_names()
    side = model.removesuffix(".crfsuite") + ".seen.tsv"
    try:
        with open(side, encoding="utf-8") as fh:
            rows = [tuple(line.rstrip("\n").split("\t")[:2]) for line in fh if line.strip() and not line.startswith("#")]
    except FileNotFoundError:
        return seen_names()
    return SeenNames(rows)  # type: ignore[arg-type]


@cache
def _name_key_fn():
    try:
        from marsad.arabic.namekey import name_key
    except ImportError:  # text layer not present: a plain fold
        return lambda s: fold(s).replace(" ", "")
    return name_key


def mention_key(text: str) -> str:
    """The name key of a mention's text (spelling variants share it)."""
    return _name_key_fn()(text)


def _bio_to_spans(labels: list[str], offset: int) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    cur: list | None = None
    for i, lab in enumerate(labels):
        if lab == "O" or lab.startswith("B-") or (cur is not None and cur[2] != lab[2:]) or cur is None:
            if cur is not None:
                spans.append((cur[0], cur[1], cur[2]))
                cur = None
            if lab != "O":
                cur = [offset + i, offset + i + 1, lab[2:]]
        else:
            cur[1] = offset + i + 1
    if cur is not None:
        spans.append((cur[0], cur[1], cur[2]))
    return spans


def _overlaps(spans: list[tuple[int, int, str]], a: int, b: int) -> bool:
    return any(s < b and a < e for s, e, _ in spans)


def _known_words(g: Gazetteer) -> frozenset[str]:
    return g.name_words | g.given


@cache
def _known() -> frozenset[str]:
    return _known_words(gazetteer())


def _tag(text: str, words: list[str], starts: list[int], folded: list[str], light: list[str], model: str | None):
    """CRF spans and gazetteer matches over the whole text (token indices).

    The sentences are scored and decoded together (:mod:`marsad.analyze.ner_crf`),
    each as its own sequence, exactly as the model was trained."""
    g = gazetteer()
    sc = scorer(model or _model_path())
    bounds = segment_bounds(text, words, starts)
    matches = g.match_ranges(folded, bounds)
    sports = sport_ranges(folded, bounds)
    scores = doc_state_scores(
        sc, light, bounds, gaz_tags(folded, matches), _seen_for(model).tags_ranges(folded, bounds),
        [bool(s) for s in sports],
    )
    best = viterbi(scores, bounds, sc.model.trans)
    names = sc.model.labels
    spans: list[tuple[int, int, str]] = []
    countries = None
    for (a, b), sport in zip(bounds, sports, strict=True):
        found = _bio_to_spans([names[k] for k in best[a:b]], a)
        if found and sport & 2:
            # in a sentence about sport a country is a national team (ORG)
            if countries is None:
                countries = {
                    (m.start, m.end)
                    for m in matches
                    if not m.weak and all(_is_country(g.entries[e].id) for e in m.entries)
                }
            found = [(s, e, "ORG" if t == "GPE" and (s, e) in countries else t) for s, e, t in found]
        spans += found
    return spans, [(m.start, m.end, m) for m in matches]


def _is_country(eid: str) -> bool:
    return len(eid) == 6 and eid.startswith("gpe:")


@cache
def _plain_for(model: str | None) -> frozenset[str]:
    """Frequent words never seen in a name in training (``plain_words.txt``,
    written by train_ner.py): a later bare mention is never taken from them."""
    if model is None:
        path = str(resources.files("marsad.resources").joinpath("entities", "plain_words.txt"))
    else:
        path = model.removesuffix(".crfsuite") + ".plain.txt"
    try:
        with open(path, encoding="utf-8") as fh:
            return frozenset(line.strip() for line in fh if line.strip() and not line.startswith("#"))
    except FileNotFoundError:
        return frozenset()


def _gaz_type(g: Gazetteer, m) -> str | None:
    types = {g.entries[e].type for e in m.entries}
    return types.pop() if len(types) == 1 else None


_GENERATED = ("gpe:gn", "org:gov-", "org:army-")


def _adjective_like(f: str) -> bool:
    """A folded word shaped like a nisba adjective in the feminine or the
    plural (العربية، الاوروبيون، الاسلاميين): never a person, nor a bare
    mention of one."""
    return f.startswith("ال") and len(f) > 5 and f.endswith(("يه", "يون", "يين"))


def _rules(
    spans: list[tuple[int, int, str]], gaz: list, g: Gazetteer, light: list[str]
) -> list[tuple[int, int, str]]:
    """Gazetteer names over the model's spans.

    * A curated name the model missed is added (generated lists of GeoNames
      cities, governments and armies only inform the model: their names are
      too often ordinary words or annotated inconsistently).
    * A model span that holds a curated name plus words that are not part of
      it (a title, a descriptor, a nisba, a verb: "ماثيو ميلر لصحفيين",
      "وكالة إنترفاكس الروسية", "إنترفاكس الروسية") shrinks to the name; a
      person's name the model cut short widens to it (كيم جونغ أون, not كيم جونغ).
    * A span that is exactly two or more curated names side by side is split
      into them ("الكرملين وبيونغيانغ"); a "person" that is exactly a curated
      place or organisation takes the gazetteer's type (بيونغ يانغ).
    * A "person" that begins with a plural or feminine nisba (الفرنسيون،
      العربية) is a group or an adjective: dropped.
    """
    out = list(spans)
    out = [sp for sp in out if not (sp[2] == "PER" and _adjective_like(fold(light[sp[0]])))]
    # Two known names side by side ("دعا كيم جونغ أون بوتين إلى زيارة", "الكرملين
    # وبيونغيانغ"): the model tags one span over both; the gazetteer knows where
    # one name ends.
    for sp in list(out):
        known = sorted((s, e, _gaz_type(g, m)) for s, e, m in gaz if sp[0] <= s and e <= sp[1] and not m.weak
                        and _gaz_type(g, m) is not None
                        and not any(g.entries[i].id.startswith(_GENERATED) for i in m.entries))
        chosen: list[tuple[int, int, str]] = []
        for s, e, t in known:
            if not chosen or s >= chosen[-1][1]:
                chosen.append((s, e, t))
            elif e - s > chosen[-1][1] - chosen[-1][0] and s == chosen[-1][0]:
                chosen[-1] = (s, e, t)
        covered = sum(e - s for s, e, _ in chosen)
        if len(chosen) >= 2 and covered == sp[1] - sp[0]:
            out.remove(sp)
            out += chosen
    for s, e, m in gaz:
        typ = _gaz_type(g, m)
        if typ is None or m.weak:
            continue
        if any(g.entries[i].id.startswith(_GENERATED) for i in m.entries):
            continue
        inside = [sp for sp in out if sp[0] < e and s < sp[1]]
        if not inside:
            out.append((s, e, typ))
            continue
        if len(inside) != 1:
            continue
        sp = inside[0]
        if (sp[0], sp[1]) == (s, e):
            if sp[2] != typ and ({sp[2], typ} <= {"GPE", "LOC", "FAC"} or sp[2] == "PER"):
                out.remove(sp)  # the gazetteer knows a country from a region, a place from a person
                out.append((s, e, typ))
            continue
        if sp[0] >= s and sp[1] <= e:
            if typ == "PER":
                out.remove(sp)
                out.append((s, e, typ))
        elif sp[0] <= s and sp[1] >= e:
            extras = [light[k] for k in (*range(sp[0], s), *range(e, sp[1]))]
            if (typ == "PER" and all(fold(w) not in g.name_words and fold(w) not in g.given for w in extras)) or (
                all(fold(w) in _LEAD_WORDS for w in extras[: s - sp[0]])
                and all(fold(w) in g.nisba_words for w in extras[s - sp[0] :])
            ):
                out.remove(sp)
                out.append((s, e, typ))
    return out


_LEAD_WORDS = frozenset(fold(w) for w in ["وكالة", "صحيفة", "قناة", "موقع", "شبكة", "مجلة", "إذاعة", "دولة"])


def _consistency(
    spans: list[tuple[int, int, str]], light: list[str], g: Gazetteer
) -> list[tuple[int, int, str]]:
    """Document-level consistency: later bare mentions of a tagged name, and
    one type per surface form (majority, ties to the first seen).  Words are
    compared in the light fold, so على never meets the name علي."""
    if not spans:
        return spans
    plain = _plain_for(None)
    bares = list(map(_BARES.__getitem__, light))

    def words_of(s: int, e: int) -> tuple[str, ...]:
        return (bares[s], *light[s + 1 : e])

    keyed = [(s, e, t, words_of(s, e)) for s, e, t in spans]
    votes: dict[tuple[str, ...], Counter] = {}
    for _, _, t, w in keyed:
        votes.setdefault(w, Counter())[t] += 1
    spans = []
    for s, e, t, w in keyed:
        c = votes[w]
        best = max(sorted(c), key=lambda k: c[k])
        spans.append((s, e, best if c[best] > c[t] else t))
    parts: dict[str, str] = {}
    by_first: dict[str, list[tuple[int, tuple[str, ...], str]]] = {}
    for (s, e, t), (_, _, _, words) in zip(spans, keyed, strict=True):
        if t == "PER" and e - s >= 2:
            for w in (words[0], words[-1]):
                f = fold(w)
                if (
                    len(f) >= 3
                    and f not in _PARTICLES
                    and f not in g.titles
                    and f not in g.nisba_words
                    and w not in _PREPOSITION_LOOKALIKES
                    and f not in _ORDINALS
                    and w not in plain
                    and not _adjective_like(f)
                ):
                    parts.setdefault(w, "PER")
        if e - s >= 2 or t != "PER":
            lst = by_first.setdefault(words[0], [])
            if all(x[1] != words for x in lst):
                lst.append((len(words), words, t))
    for lst in by_first.values():
        lst.sort(key=lambda x: -x[0])
    n = len(light)
    taken = bytearray(n)
    for s, e, _ in spans:
        taken[s:e] = b"\x01" * (e - s)
    out = list(spans)
    # left to right, a free token whose bare form begins a tagged name or is a
    # part of one (the tokens a hit covers are taken, so never visited again)
    for i in [i for i, b in enumerate(bares) if b in by_first or b in parts]:
        if taken[i]:
            continue
        b = bares[i]
        hit = None
        for L, words, t in by_first.get(b, ()):
            if i + L <= n and not any(taken[i : i + L]) and tuple(light[i + 1 : i + L]) == words[1:]:
                hit = (i, i + L, t)
                break
        if hit is None and b in parts:
            hit = (i, i + 1, parts[b])
        if hit is not None:
            out.append(hit)
            taken[hit[0] : hit[1]] = b"\x01" * (hit[1] - hit[0])
    return out


class _Bares(dict):
    """A word (light fold) -> the word without a glued conjunction/preposition."""

    MAX = 100_000

    def __missing__(self, w: str) -> str:
        if len(self) >= self.MAX:
            self.clear()
        known = _known()
        f = w
        if len(f) > 3 and f[0] in "وف" and fold(f) not in known:
            f = f[1:]
        if len(f) > 3 and f[0] in "بلك" and fold(f) not in known and fold(f[1:]) in known:
            f = f[1:]
        self[w] = f
        return f


_BARES = _Bares()


def _bare(f: str) -> str:
    """A word (light fold) without a glued conjunction/preposition."""
    return _BARES[f]


def recognise(text: str, model: str | None = None, rules: bool = True) -> tuple[Mention, ...]:
    """:func:`find_mentions` with a choice of model file (for training and benchmarks)."""
    if not text or not text.strip():
        return ()
    g = gazetteer()
    words, starts = token_spans(text)
    folded, light = fold_words(words)
    spans, gaz = _tag(text, words, starts, folded, light, model)
    if rules:
        spans = _rules(spans, gaz, g, light)
        spans = _consistency(spans, light, g)
    known = _known()
    out: list[Mention] = []
    for s, e, typ in sorted(set(spans)):
        if typ not in MENTION_TYPES:
            continue
        if typ == "PER" and e - s == 1 and _bare(light[s]) in _PREPOSITION_LOOKALIKES:
            continue  # "علي الصعيد": the preposition على written with ي, not the name
        start = starts[s] + proclitic_length(words[s], folded[s], known)
        end = starts[e - 1] + len(words[e - 1])
        if start >= end:
            continue
        surface = text[start:end]
        out.append(Mention(start, end, surface, typ, None, mention_key(surface)))
    # drop overlaps (keep the earlier, then the longer)
    out.sort(key=lambda m: (m.start, -(m.end - m.start)))
    final: list[Mention] = []
    for m in out:
        if final and m.start < final[-1].end:
            continue
        final.append(m)
    return tuple(final)


def find_mentions(text: str) -> tuple[Mention, ...]:
    """Every entity mention in ``text``, in order, with exact spans, type and name key."""
    return recognise(text)
