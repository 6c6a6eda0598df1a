"""The keyword side of a semantic query: its words as Arabic search terms ("concepts").

Hybrid search (``semantic.hybrid_search``) ranks articles by meaning and by the
words they share with the query.  The full-text index folds Arabic only, so an
English query ("Houthi militias leave Aden") shares no word with the Arabic
articles it is about.  Here each query word or phrase becomes one *concept*: a
set of Arabic forms, any of which counts as a match:

* an Arabic word stands for itself;
* an Arabic name of a known entity (``resources/entities/gazetteer.tsv``) stands
  for every spelling of that entity (تنظيم الدولة, داعش, تنظيم الدولة الإسلامية);
* an Arabic news word or phrase of the bilingual list stands for the other
  Arabic forms listed with it under the same English word (وقف إطلاق النار and
  هدنة under "ceasefire"): paraphrases often swap exactly these
  (``ARABIC_SYNONYMS``; on benchmarks/semantic_quality.py --split A it raised
  the Arabic queries' recall@10 from 0.775 to 0.792, strict);
* a Latin-script name of an entity (its English name, the name without a leading
  "al-", an organisation's initials such as GCC, a person's surname, or another
  English name from ``resources/translate/en_aliases.tsv``: Turkey, UK, ISIS)
  stands for its Arabic spellings; a country adjective ("Iranian", ``countries.tsv``) for the
  country's names and nisba; month and weekday names for their Arabic names
  (``resources/time/lexicon.json``, CLDR);
* other English words go through a small bilingual list of general news words
  (``resources/translate/news_en_ar.tsv``, written by the Marsad team);
* numbers stand for themselves; English words found nowhere are left out.

Nothing here reads the store or downloads anything: the tables are read from the
package once per process.  Output is deterministic (query order, then table
order).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from marsad.arabic.clitics import strip_clitics
from marsad.arabic.normalize import search_key
from marsad.arabic.tokenize import word_texts
from marsad.resources import tsv_rows

__all__ = ["Concept", "concepts", "lexical_share"]

_MAX_FORMS = 12  # forms kept per concept (canonical spellings first)
ARABIC_SYNONYMS = True  # Arabic news words bring their synonyms (module docstring)
_LATIN = re.compile(r"[A-Za-z]")
_ARABIC = re.compile(r"[\u0620-\u064A\u066E-\u06D3\u06FA-\u06FF]")
_EN_TOKEN = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")
# English words that carry no searchable meaning of their own.
_STOP_TEXT = """
a an the of in on at to for from by with without into onto over under about after before
during between among amid against despite near and or but nor as than then that this these
those there here is are was were be been being has have had having do does did will would
shall should may might can could must not no yes its it their his her hers our your my
they them he she we you i who whom whose which what when where why how all any some more
most other such only own same so too very just also still up down out off again further
once both each few many much per via vs whether while until upon within says say said
"""
STOPWORDS = frozenset(_STOP_TEXT.split())


@dataclass(frozen=True)
class Concept:
    """One unit of the query: ``words`` (as typed), ``forms`` (Arabic search
    terms: words folded by ``search_key`` with clitics stripped, a phrase's words
    joined by one space), ``translated`` when the forms are not the query's own words."""

    words: str
    forms: tuple[str, ...]
    translated: bool = False


def _term(w: str) -> str:
    return strip_clitics(search_key(w))


def _arabic_form(phrase: str) -> str:
    return " ".join(t for t in (_term(w) for w in word_texts(phrase)) if t)


def _forms(names: list[str]) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for n in names:
        f = _arabic_form(n.lstrip("~"))
        if f:
            out[f] = None
    return tuple(out)[:_MAX_FORMS]


def en_tokens(text: str) -> list[str]:
    """Lower-case Latin tokens of ``text``: accents dropped, apostrophes removed
    (Ha'il = hail), hyphens split (Al-Aqsa = al aqsa)."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = re.sub(r"['\u2019\u2018`\u02bc]s\b", "", t)  # Egypt's -> egypt
    t = re.sub(r"['\u2019\u2018`\u02bc]", "", t)
    return _EN_TOKEN.findall(t)


def _read(pkg: str, name: str) -> str:
    return resources.files("marsad.resources").joinpath(pkg, name).read_text(encoding="utf-8")


def _tsv(pkg: str, name: str) -> list[list[str]]:
    return tsv_rows(f"{pkg}/{name}")


@dataclass
class _Tables:
    en: dict[tuple[str, ...], list[str]]  # English phrase -> Arabic names
    ar: dict[tuple[str, ...], list[str]]  # Arabic spelling (terms) -> all spellings
    max_en: int
    max_ar: int
    syn: dict[tuple[str, ...], list[str]] | None = None  # Arabic news word -> its synonyms


def _lexicon_words(rows: list[list[str]]) -> set[str]:
    return {r[0].strip().lower() for r in rows if len(r) >= 2}


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    en: dict[tuple[str, ...], list[str]] = {}
    ar: dict[tuple[str, ...], list[str]] = {}

    def add_en(key: tuple[str, ...], names: list[str], replace: bool = False) -> None:
        if not key:
            return
        if replace or key not in en:
            en[key] = list(names)
        else:
            en[key] += [n for n in names if n not in en[key]]

    # General news words first: a name never hides them (entity names are added after,
    # and only where no news word has the same spelling).
    news = _tsv("translate", "news_en_ar.tsv")
    for row in news:
        if len(row) >= 2:
            add_en(tuple(en_tokens(row[0])), [a.strip() for a in row[1].split("|") if a.strip()])
    common = set(en) | {(w,) for w in STOPWORDS}
    # Months and weekdays (CLDR, via the time tagger's lexicon).
    cal = json.loads(_read("time", "lexicon.json"))
    for en_key, ar_key in (("english_months", "gregorian_months"), ("english_weekdays", "weekdays")):
        for i, names in cal[en_key].items():
            for n in names:
                if len(n) > 3:  # "Mar", "May" abbreviations are English words
                    add_en(tuple(en_tokens(n)), cal[ar_key][i], replace=True)
    # Entities: English names, names without "al", initials, surnames.
    rows = _tsv("entities", "gazetteer.tsv")
    surnames: dict[str, list[list[str]]] = {}
    initials: dict[str, list[list[str]]] = {}
    for row in rows:
        if len(row) < 5 or row[0] == "id":
            continue
        _id, typ, name, _acts, names = row[:5]
        spellings = [s for s in names.split("|") if s]
        strong = [s for s in spellings if not s.startswith("~")]
        toks = tuple(en_tokens(name))
        if not toks or not spellings:
            continue
        keys = {toks}
        if toks[0] == "al" and len(toks) > 1:
            keys.add(toks[1:])
        if toks[-1].endswith("s") and len(toks[-1]) > 4:
            keys.add((*toks[:-1], toks[-1][:-1]))  # Houthis -> Houthi
        for k in keys:
            if k not in common:
                add_en(k, [s.lstrip("~") for s in spellings])
        if typ == "PER" and len(toks) >= 2 and len(toks[-1]) >= 4:
            last = [s.lstrip("~").split()[-1] for s in spellings]
            surnames.setdefault(toks[-1], []).append(list(dict.fromkeys(last)))
        sig = [t for t in toks if t not in STOPWORDS]
        if typ == "ORG" and len(sig) >= 3:
            initials.setdefault("".join(t[0] for t in sig), []).append(spellings)
        for s in strong:
            f = tuple(_arabic_form(s).split())
            if len(f) == 1 and search_key(s) not in (f[0], "ال" + f[0]):
                continue  # a clitic-like letter was taken off (باول -> اول): not a trigger
            if f:
                ar.setdefault(f, [])
                ar[f] += [x.lstrip("~") for x in spellings if x.lstrip("~") not in ar[f]]
    for key, groups in sorted(surnames.items()):
        if len(groups) <= 3 and (key,) not in en and (key,) not in common:
            add_en((key,), [n for g in groups for n in g])
    for key, groups in sorted(initials.items()):
        if len(groups) == 1 and (key,) not in en and (key,) not in common:
            add_en((key,), [s.lstrip("~") for s in groups[0]])
    # Other English names of gazetteer entities (Turkey, UK, ISIS ...).
    by_id = {r[0]: [s for s in r[4].split("|") if s] for r in rows if len(r) >= 5}
    for row in _tsv("translate", "en_aliases.tsv"):
        key = tuple(en_tokens(row[0]))
        if len(row) >= 2 and row[1] in by_id and key not in common:
            add_en(key, [s.lstrip("~") for s in by_id[row[1]]])
    # Country adjectives (British, Iranian ...): the country's names and its nisba.
    for row in _tsv("entities", "countries.tsv"):
        if len(row) >= 4 and row[3].strip():
            names = [n for n in row[1].split("|") if n] + [n for n in row[2].split("|") if n]
            add_en(tuple(en_tokens(row[3])), names)
    syn: dict[tuple[str, ...], list[str]] = {}
    for row in news:
        if len(row) >= 2:
            group = [a.strip() for a in row[1].split("|") if a.strip()]
            for a in group:
                f = tuple(_arabic_form(a).split())
                if f:
                    syn.setdefault(f, [])
                    syn[f] += [g for g in group if g not in syn[f]]
    return _Tables(en, ar, max(map(len, en)), max(map(len, ar)), syn)


def _en_variants(w: str) -> list[str]:
    """``w`` and the lemmas it may be an inflection of (plural, past, -ing)."""
    out = [w]
    if w.endswith("ies") and len(w) > 4:
        out.append(w[:-3] + "y")
    if w.endswith("es") and len(w) > 4:
        out.append(w[:-2])
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        out.append(w[:-1])
    if w.endswith("ied") and len(w) > 4:
        out.append(w[:-3] + "y")
    if w.endswith("ed") and len(w) > 4:
        out += [w[:-2], w[:-1]]
        if len(w) > 5 and w[-3] == w[-4]:
            out.append(w[:-3])  # stopped -> stop
    if w.endswith("ing") and len(w) > 5:
        out += [w[:-3], w[:-3] + "e"]
        if w[-4] == w[-5]:
            out.append(w[:-4])
    if w.endswith("'s"):
        out.append(w[:-2])
    return out


def _match_en(toks: list[str], i: int, t: _Tables) -> tuple[int, list[str]] | None:
    """The longest table phrase starting at token ``i`` (its last word may be
    inflected): (its length, its Arabic names)."""
    for n in range(min(t.max_en, len(toks) - i), 0, -1):
        head = tuple(toks[i:i + n - 1])
        for last in _en_variants(toks[i + n - 1]):
            names = t.en.get((*head, last))
            if names:
                return n, names
    return None


def _latin_concepts(text: str, t: _Tables) -> tuple[list[Concept], int, int]:
    """Concepts of a Latin-script stretch; also its count of content words and
    of those translated."""
    toks = en_tokens(text)
    out: list[Concept] = []
    content = covered = 0
    i = 0
    while i < len(toks):
        w = toks[i]
        if w[0].isdigit():
            out.append(Concept(w, (w.replace(",", ""),)))
            content += 1
            covered += 1
            i += 1
            continue
        m = _match_en(toks, i, t)
        if m is not None:
            n, names = m
            words = toks[i:i + n]
            forms = _forms(names)
            if forms:
                out.append(Concept(" ".join(words), forms, translated=True))
            sig = sum(1 for x in words if x not in STOPWORDS)
            content += sig
            covered += sig
            i += n
            continue
        if w not in STOPWORDS and len(w) > 1:
            content += 1
        i += 1
    return out, content, covered


def _arabic_concepts(text: str, t: _Tables) -> list[Concept]:
    words = word_texts(text)
    terms = [_term(w) for w in words]
    out: list[Concept] = []
    i = 0
    while i < len(words):
        if not terms[i]:
            i += 1
            continue
        found = _longest(words, terms, i, t.ar, t.max_ar)
        if found is None and ARABIC_SYNONYMS and t.syn:
            found = _longest(words, terms, i, t.syn, 4)
        if found is None:
            out.append(Concept(words[i], (terms[i],)))
            i += 1
        else:
            out.append(found[1])
            i += found[0]
    return out


def _longest(words: list[str], terms: list[str], i: int, table: dict, most: int
             ) -> tuple[int, Concept] | None:
    """The longest run of words from ``i`` that ``table`` knows (at most ``most``), as
    (its length, its concept with every form the table lists)."""
    for n in range(min(most, len(words) - i), 0, -1):
        names = table.get(tuple(terms[i:i + n]))
        if names:
            own = " ".join(terms[i:i + n])
            forms = tuple(dict.fromkeys((own, *_forms(names))))[:_MAX_FORMS]
            return n, Concept(" ".join(words[i:i + n]), forms, translated=len(forms) > 1)
    return None


def _stretches(query: str) -> list[tuple[bool, str]]:
    """The query cut into runs of Arabic and of other words: (is_arabic, text)."""
    out: list[tuple[bool, str]] = []
    for w in (query or "").split():
        arabic = bool(_ARABIC.search(w))
        if out and out[-1][0] == arabic:
            out[-1] = (arabic, out[-1][1] + " " + w)
        else:
            out.append((arabic, w))
    return out


@lru_cache(maxsize=1024)
def _analyse(query: str) -> tuple[tuple[Concept, ...], float]:
    t = _tables()
    out: list[Concept] = []
    content = covered = 0
    for arabic, text in _stretches(query):
        if arabic:
            cs = _arabic_concepts(text, t)
            out += cs
            content += len(cs)
            covered += len(cs)
        else:
            cs, n, m = _latin_concepts(text, t)
            out += cs
            content += n
            covered += m
    seen: dict[tuple[str, ...], Concept] = {}
    for c in out:
        seen.setdefault(c.forms, c)
    return tuple(seen.values()), (covered / content if content else 0.0)


def concepts(query: str) -> list[Concept]:
    """The query's concepts, in query order, each once (see the module docstring)."""
    return list(_analyse(query)[0])


def lexical_share(query: str) -> float:
    """How much of the query the keyword side can search for (0.0 to 1.0): the
    share of its content words that are Arabic or were translated (English
    function words do not count)."""
    return _analyse(query)[1]


def has_latin(query: str) -> bool:
    return bool(_LATIN.search(query or ""))
