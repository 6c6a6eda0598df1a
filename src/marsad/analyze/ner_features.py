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
* the same for the two words on either side, and word bigrams.

Per-word features are cached, which keeps tagging within a few milliseconds
per article.
"""

from __future__ import annotations

from functools import lru_cache

from marsad.analyze.ner_gazetteer import GazMatch, gazetteer
from marsad.analyze.ner_text import fold, is_arabic_word, split_word

_PUNCT_QUOTES = set("\"'«»“”„‘’()[]{}")


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
    own, stem, flags = word_info(light)
    if light in STOP:
        return (off + own[0],)
    out = [off + own[0]]
    if off in ("-1", "+1"):
        out.append(off + "s=" + stem)
    out += [off + fl for fl in flags]
    return tuple(out)


# Sport words that also have everyday senses (هدف "aim", فاز "won" an election):
# features use them, the team retyping rule does not.
_SPORT_LOOSE = frozenset(
    fold(w)
    for w in ["هدف", "هدفا", "أهداف", "الأهداف"]
)


def is_sport(folded: list[str], strict: bool = False) -> bool:
    """Whether a sentence is about sport (there, country names are mostly teams)."""
    sport = gazetteer().sport
    if strict:
        sport = sport - _SPORT_LOOSE
    for f in folded:
        if f in sport:
            return True
        if len(f) > 3 and f[0] in "وفبل":
            if f[1:] in sport or (f[1:3] == "ال" and f[1:] in sport):
                return True
            if f[0] == "و" and len(f) > 4 and f[1] in "بل" and f[2:] in sport:
                return True
    return False


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
