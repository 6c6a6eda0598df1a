"""Clitic stripping compared with tashaphyne's light stemmer and Snowball's Arabic stemmer.

Prints JSON with, for each stemmer (all fed the same search keys):

* ``names_in_lexicon``: news names (the kind of names the lexicon was built for): the share
  kept whole, and the share of their clitic forms (و ف ب ل وب بال ...) that meet the bare name;
* ``names_held_out``: Arabic place names from CLDR (territories and time-zone cities) with our
  lexicon rebuilt *without* CLDR and the hand list, so none of them is protected by name: the
  honest measure of what the rules do on names they have never seen;
* ``corpus_conflation``: on SaudiNewsNet, for the most frequent definite nouns (ال + x), the
  share of the clitic forms attested in the corpus (وال بال لل فال كال وبال ... and bare x)
  that get the same term as ال + x;
* ``kept_apart``: pairs of different words that must not get one term;
* ``corpus_distinct_terms``: distinct terms the corpus sample's word types become (fewer is
  more conflation, for better or worse; ``inputs.corpus_word_types`` is the start).

Our stripper is run three ways: with the shipped lexicon, with the held-out lexicon, and with no
lexicon at all. tashaphyne and snowballstemmer are benchmark-only dependencies
(``pip install tashaphyne snowballstemmer``); a missing one is reported, not fatal.

    python benchmarks/clitics_compare.py [--articles 3000] [--top 400]
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus

from marsad.arabic.clitics import load_protected, strip_with
from marsad.arabic.normalize import search_key
from marsad.arabic.tokenize import words
from marsad.paths import corpora_dir

# Names in the news of 2023-24 (people, places, bodies), as an Arabic outlet writes them.
_NEWS_NAMES_TEXT = """
بوتين بيسكوف بايدن فلاديمير لبنان ليبيا كوريا واشنطن باريس بكين فرنسا الكرملين بيونغيانغ
فوستوتشني فلاديفوستوك لافروف بلينكن بريطانيا بغداد بيروت فلسطين فنزويلا فيتنام بيلاروسيا
بولندا بلجيكا لوكاشينكو فيينا كييف كورونا بنغازي الخرطوم لاهاي بروكسل برلين بودابست
بلغراد كابول لاغوس فاغنر بيلغورود كورسك لوهانسك البرازيل الكويت كندا كولومبيا كوبا
"""
NEWS_NAMES = _NEWS_NAMES_TEXT.split()

PREFIXES = ["و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل"]
ARTICLE_FORMS = ["وال", "بال", "فال", "كال", "وبال", "فبال", "وكال"]

KEPT_APART = [
    ("مدرسة", "مدرس"), ("دولي", "دول"), ("جامعة", "جامع"), ("بيان", "كيان"), ("بوتين", "تين"),
    ("ملك", "مل"), ("تفاهم", "تفا"), ("الراهن", "الرا"), ("أماكن", "أما"), ("كانت", "انت"),
    ("وزير", "زير"), ("لبنان", "بنان"), ("فرنسا", "رنسا"), ("بريطانيا", "ريطانيا"),
    ("الشمالية", "الجنوبية"), ("متهم", "مت"), ("كبير", "بير"), ("فريق", "ريق"),
]


def stemmers(heldout: frozenset[str]) -> dict[str, Callable[[str], str] | str]:
    """Each stemmer takes a search key; a string value says why it is unavailable."""
    shipped = load_protected()
    out: dict[str, Callable[[str], str] | str] = {
        "marsad": lambda w: strip_with(w, shipped),
        "marsad_heldout_lexicon": lambda w: strip_with(w, heldout),
        "marsad_no_lexicon": lambda w: strip_with(w, frozenset()),
    }
    try:
        from tashaphyne.stemming import ArabicLightStemmer

        light = ArabicLightStemmer()

        def tashaphyne(word: str) -> str:
            light.light_stem(word)
            return light.get_stem()

        out["tashaphyne_light"] = tashaphyne
    except ImportError:
        out["tashaphyne_light"] = "tashaphyne not installed"
    try:
        import snowballstemmer

        snowball = snowballstemmer.stemmer("arabic")
        out["snowball_arabic"] = snowball.stemWord
    except ImportError:
        out["snowball_arabic"] = "snowballstemmer not installed"
    return out


def bare(key: str) -> str:
    return key[2:] if key.startswith("ال") and len(key) > 4 else key


def name_scores(stem: Callable[[str], str], names: list[str]) -> dict[str, float]:
    kept = sum(stem(n) in {n, bare(n)} for n in names)
    meet = total = 0
    for n in names:
        target = stem(n)
        base = bare(n)
        forms = [p + base for p in PREFIXES]
        if base != n:
            forms += [p + base for p in ARTICLE_FORMS] + ["لل" + base]
        for form in forms:
            total += 1
            meet += stem(form) == target
    return {"kept_whole": round(kept / len(names), 3), "clitic_forms_meet": round(meet / total, 3)}


def cldr_single_word_names() -> list[str]:
    from babel import Locale

    locale = Locale("ar")
    raw = list(locale.territories.values())
    raw += [z.get("city") for z in locale.time_zones.values() if z.get("city")]
    names = {search_key(n) for n in raw if n and " " not in n.strip() and "-" not in n}
    return sorted(n for n in names if n.isalpha() and len(bare(n)) >= 4)


def corpus_groups(n_articles: int, top: int) -> tuple[list[list[str]], collections.Counter[str]]:
    counts: collections.Counter[str] = collections.Counter()
    for rec in corpus.articles(limit=n_articles):
        for token in words(rec["content"]):
            key = search_key(token.text)
            if key.isalpha() and "\u0621" <= key[0] <= "\u064a":
                counts[key] += 1
    definite = [w for w, _ in counts.most_common() if w.startswith("ال") and len(w) >= 5][:top]
    groups = []
    for word in definite:
        stem = word[2:]
        forms = [p + stem for p in ARTICLE_FORMS] + ["لل" + stem, stem]
        attested = [f for f in forms if counts[f] >= 2]
        if attested:
            groups.append([word, *attested])
    return groups, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--top", type=int, default=400)
    args = parser.parse_args()

    from marsad.resources.arabic.build_protected import build

    have_ner = (corpora_dir() / "ner").is_dir()
    heldout = frozenset(build(corpora_dir(), exclude=["cldr", "hand"])) if have_ner else frozenset()
    news = [search_key(n) for n in NEWS_NAMES]
    try:
        cldr = [n for n in cldr_single_word_names() if bare(n) not in heldout and n not in heldout]
    except ImportError:  # babel (CLDR) not installed
        cldr = []
    if corpus.available():
        groups, vocab = corpus_groups(args.articles, args.top)
    else:
        groups, vocab = [], collections.Counter()

    result: dict[str, object] = {
        "inputs": {
            "news_names": len(news),
            "held_out_cldr_names": len(cldr),
            "held_out_lexicon_size": len(heldout) if have_ner else "NER corpora missing",
            "corpus_articles": args.articles if groups else "SaudiNewsNet missing",
            "corpus_definite_nouns": len(groups),
            "corpus_clitic_forms": sum(len(g) - 1 for g in groups),
            "kept_apart_pairs": len(KEPT_APART),
            "corpus_word_types": len(vocab),
        },
        "stemmers": {},
    }
    for name, stem in stemmers(heldout).items():
        if isinstance(stem, str):
            result["stemmers"][name] = {"unavailable": stem}
            continue
        scores: dict[str, object] = {
            "names_in_lexicon": name_scores(stem, news),
            "names_held_out": name_scores(stem, cldr) if cldr else None,
        }
        if groups:
            meet = sum(stem(f) == stem(g[0]) for g in groups for f in g[1:])
            scores["corpus_conflation"] = round(meet / sum(len(g) - 1 for g in groups), 3)
            scores["corpus_distinct_terms"] = len({stem(w) for w in vocab})
        apart = sum(stem(search_key(a)) != stem(search_key(b)) for a, b in KEPT_APART)
        scores["kept_apart"] = f"{apart}/{len(KEPT_APART)}"
        result["stemmers"][name] = scores
    result["examples"] = {
        w: {n: s(search_key(w)) for n, s in stemmers(heldout).items() if not isinstance(s, str)}
        for w in ("بوتين", "لبوتين", "لبنان", "بالكرملين", "وزير", "الوزير", "مدرسة", "علاقاتهما")
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
