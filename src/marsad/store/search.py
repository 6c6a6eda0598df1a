"""Full-text Arabic search over SQLite FTS5, on keys built beside the stored text.

FTS5's own tokenizers do not fold Arabic (hamza forms, ى/ي, ة/ه, clitics), so
each article gets two indexed columns made by the text layer: ``terms`` (the
search key of every word with its clitics stripped) and ``names`` (name keys of
words and of adjacent word pairs, so "بيونغ يانغ", "بيونغيانغ" and "بيونجيانج"
meet).  A query is folded the same way and every word must match in one of
the two columns.  Snippets and highlights are computed on the original body,
so their offsets point at the stored text.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache

from marsad.arabic.clitics import key_words, strip_clitics
from marsad.arabic.namekey import name_key
from marsad.arabic.normalize import search_key
from marsad.arabic.particles import PARTICLES
from marsad.arabic.tokenize import word_matches, word_texts
from marsad.errors import QueryError
from marsad.resources import tsv_rows

MAX_QUERY_CHARS = 500
_TIE_WINDOW = 20  # extra ranked rows read to break score ties by article id
# An unfiltered query ranks only its RANK_CAP most recently stored matches (a query that
# matches fewer is ranked exactly).  Stores grow in time order, so these are the newest
# articles; a filter (date, outlet, entity, story) ranks every match it lets through.
RANK_CAP = 8000
# Name keys are consonant skeletons; only words long enough to be names get one,
# so that short function words ("كل") never collide with a name ("جوجل").
_MIN_NAME_WORD = 4
_MIN_NAME_KEY = 2


@lru_cache(maxsize=262144)
def _word_name_key(w: str) -> str | None:
    if len(search_key(w)) < _MIN_NAME_WORD:
        return None
    k = name_key(w)
    return k if len(k) >= _MIN_NAME_KEY else None


@lru_cache(maxsize=262144)
def _pair_name_key(a: str, b: str) -> str | None:
    k = name_key(a + b)
    return k if len(k) >= _MIN_NAME_KEY + 1 else None


class _WordKeys(dict):
    """word -> (its name key or None, whether it is pairable); filled on first sight."""

    MAX = 100_000

    def __missing__(self, w: str) -> tuple[str | None, bool]:
        if len(self) >= self.MAX:
            self.clear()
        v = self[w] = (_word_name_key.__wrapped__(w), _pairable(w))  # this dict is the cache
        return v


class _PairKeys(dict):
    """(word, next word) -> the name key of the two joined, or None."""

    MAX = 100_000

    def __missing__(self, pair: tuple[str, str]) -> str | None:
        if len(self) >= self.MAX:
            self.clear()
        k = self[pair] = _pair_name_key.__wrapped__(*pair)  # this dict is the cache
        return k


_WORD_KEYS = _WordKeys()
_PAIR_KEYS = _PairKeys()


def _name_keys(tokens: list[str]) -> list[str]:
    """Each word's name key, each followed by the key of the word joined with the
    next one when both are pairable (keys that come out empty are left out)."""
    if not tokens:
        return []
    infos = list(map(_WORD_KEYS.__getitem__, tokens))
    pairable = [p for _, p in infos]
    pairs = _PAIR_KEYS
    joined = [
        pairs[(a, b)] if pa and pb else None
        for a, b, pa, pb in zip(tokens, tokens[1:], pairable, pairable[1:], strict=False)
    ]
    joined.append(None)
    return [k for info, k2 in zip(infos, joined, strict=True) for k in (info[0], k2) if k]


def _pairable(w: str) -> bool:
    """Transliterated names split into short parts (بيونغ يانغ, جونغ أون, شي جين بينغ);
    only such parts get joined keys, which keeps indexing cheap.  Particles (في، من، التي…)
    are never such a part."""
    return 2 <= len(w) <= 5 and not w[0].isdigit() and search_key(w) not in PARTICLES


def _words(text: str) -> list[str]:
    """Word and number tokens (numbers count: "2024" is a fine query)."""
    return word_texts(text)


def index_columns(title: str | None, body: str) -> tuple[str, str]:
    """The two indexed columns of an article.  Both are cut from the words of the
    text's search key (a name key of a word is the name key of its search key), so
    the text is tokenised once."""
    words = key_words(f"{title or ''}\n{body}")
    return " ".join(map(strip_clitics, words)), " ".join(_name_keys(words))


@dataclass(frozen=True)
class Query:
    groups: tuple[tuple[str, ...], ...]  # words of each phrase (a bare word is a phrase of one)
    match: str  # the FTS5 MATCH expression


def _fts_str(term: str) -> str:
    return '"' + term.replace('"', "") + '"'


def parse_query(q: str) -> Query:
    """Fold a user query into an FTS5 expression.  Raises QueryError with a
    message fit for the user (never an SQL error)."""
    if q is None or not q.strip():
        raise QueryError("empty query: type a word or a phrase")
    if len(q) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(q)} characters; at most {MAX_QUERY_CHARS})")
    q = q.replace("«", '"').replace("»", '"').replace("“", '"').replace("”", '"')
    if q.count('"') % 2:
        raise QueryError('unbalanced quotation marks: close the phrase with "')
    parts = re.split(r'("[^"]*")', q)
    groups: list[tuple[str, ...]] = []
    clauses: list[str] = []
    for part in parts:
        if not part.strip():
            continue
        if part.startswith('"'):
            phrase = _words(part[1:-1])
            terms = [strip_clitics(search_key(w)) for w in phrase]
            terms = [t for t in terms if t]
            if not terms:
                continue
            groups.append(tuple(phrase))
            alt = [f"terms:{_fts_str(' '.join(terms))}"]
            nk = _pair_name_key("".join(phrase[:-1]), phrase[-1]) if 1 < len(phrase) <= 3 else None
            if nk:
                alt.append(f"names:{_fts_str(nk)}")
            clauses.append("(" + " OR ".join(alt) + ")")
        else:
            ws = _words(part)
            own = _word_clauses(ws)
            others = known_spellings(ws)
            weak = weak_spellings(ws)
            if (others or weak) and own:
                own = ["((" + " AND ".join(own) + ")"
                       + "".join(f" OR terms:{_fts_str(' '.join(o))}" for o in others)
                       + "".join(f" OR terms : NEAR({_fts_str(' '.join(w))} {_fts_str(' '.join(c))},"
                                 f" {WEAK_CONTEXT_WINDOW})" for w, c in weak) + ")"]
                groups.extend(o for o in others if len(o) == 1)  # highlighted word by word
                groups.extend(dict.fromkeys(w for w, _ in weak if len(w) == 1))
            clauses.extend(own)
            groups.extend((w,) for w in ws)
    if not clauses:
        raise QueryError("nothing to search for: the query has no words")
    return Query(groups=tuple(groups), match=" AND ".join(clauses))


def _spelling_key(words: list[str]) -> tuple[str, ...]:
    return tuple(t for t in map(_term_key, words) if t)


@dataclass(frozen=True)
class _Spellings:
    """The packaged gazetteer as search keys (each spelling a tuple of search terms)."""

    by_key: dict[tuple[str, ...], list[int]]  # strong spelling -> entities it names
    strong: list[list[tuple[str, ...]]]  # per entity, its strong spellings
    weak: list[list[tuple[str, ...]]]  # per entity, its weak spellings
    context: list[list[tuple[str, ...]]]  # per entity, the words that license a weak one


@lru_cache(maxsize=1)
def _gazetteer_spellings() -> _Spellings:
    """Search keys of every spelling of each entity of the packaged gazetteer.  Spellings
    marked weak there (كيف for Kyiv is also "how") are kept apart: a search never widens
    to a common word on its own, only where the words around it name what the entity
    belongs to (its ``acts_for`` column: the country of a city or a ministry), written
    as a name or as a nisba ("العاصمة الأوكرانية كيف")."""
    rows = [cols for cols in tsv_rows("entities/gazetteer.tsv") if len(cols) >= 5]
    index = {cols[0]: i for i, cols in enumerate(rows)}
    by_key: dict[tuple[str, ...], list[int]] = {}
    strong: list[list[tuple[str, ...]]] = []
    weak: list[list[tuple[str, ...]]] = []
    for cols in rows:
        keys: list[tuple[str, ...]] = []
        soft: list[tuple[str, ...]] = []
        for name in cols[4].split("|"):
            k = _spelling_key(_words(name.lstrip("~"))) if name else ()
            into = soft if name.startswith("~") else keys
            if k and k not in into:
                into.append(k)
        for k in keys:
            by_key.setdefault(k, []).append(len(strong))
        strong.append(keys)
        weak.append([k for k in soft if k not in keys])
    nisba: dict[str, list[tuple[str, ...]]] = {}
    for form, eid, *_ in (c for c in tsv_rows("entities/nisba.tsv") if len(c) >= 2):
        k = _spelling_key(_words(form))
        if k and k not in nisba.setdefault(eid, []):
            nisba[eid].append(k)
    context: list[list[tuple[str, ...]]] = []
    for cols in rows:
        owner = cols[3] if len(cols) > 3 else ""
        words = [*strong[index[owner]], *nisba.get(owner, [])] if owner in index else []
        context.append(list(dict.fromkeys(words)))
    return _Spellings(by_key, strong, weak, context)


def _owner(ws: list[str]) -> tuple[int, tuple[str, ...]] | None:
    """The one entity the words ``ws`` name with a strong spelling, and that spelling."""
    if not ws or len(ws) > 6:
        return None
    key = _spelling_key(ws)
    owners = _gazetteer_spellings().by_key.get(key, [])
    return (owners[0], key) if len(owners) == 1 else None


def known_spellings(ws: list[str], most: int = 12) -> list[tuple[str, ...]]:
    """Other spellings of the entity that the words ``ws`` name, when the gazetteer knows
    that name as one entity's: "سول" is also written "سيول" and "سيئول", "أمريكا" is
    "الولايات المتحدة".  Name keys already join transliteration variants; these are the
    spellings that no key can join.  Each spelling is a tuple of search terms."""
    found = _owner(ws)
    if found is None:
        return []
    entity, key = found
    return [k for k in _gazetteer_spellings().strong[entity] if k != key][:most]


# How many words may separate a weak spelling from the word that licenses it.
WEAK_CONTEXT_WINDOW = 8


def weak_spellings(ws: list[str], most: int = 24) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(weak spelling, licensing word) pairs for the entity the words ``ws`` name: "كييف"
    is also written "كيف", which is found only near أوكرانيا or الأوكرانية."""
    found = _owner(ws)
    if found is None:
        return []
    sp = _gazetteer_spellings()
    entity = found[0]
    return [(w, c) for w in sp.weak[entity] for c in sp.context[entity]][:most]


def _word_clause(w: str) -> str | None:
    t = strip_clitics(search_key(w))
    if not t:
        return None
    alt = [f"terms:{_fts_str(t)}"]
    nk = _word_name_key(w)
    if nk:
        alt.append(f"names:{_fts_str(nk)}")
    return "(" + " OR ".join(alt) + ")"


def _word_clauses(ws: list[str]) -> list[str]:
    """Each word must match.  Outlets also write multiword names together or
    apart ("بيونغ يانغ"/"بيونغيانغ", "كيم جونغ أون"/"كيم جونغأون"), so for short
    queries every way of joining adjacent words is an alternative."""
    clauses = [_word_clause(w) for w in ws]
    if any(c is None for c in clauses):
        return [c for c in clauses if c]
    if not 2 <= len(ws) <= 4:
        return clauses  # type: ignore[return-value]
    alternatives = []
    for mask in range(1 << (len(ws) - 1)):  # bit i set: join word i with word i+1
        parts, run = [], [0]
        for i in range(1, len(ws)):
            if mask >> (i - 1) & 1:
                run.append(i)
            else:
                parts.append(run)
                run = [i]
        parts.append(run)
        segs = []
        for run in parts:
            if len(run) == 1:
                segs.append(clauses[run[0]])
            else:
                nk = _pair_name_key("".join(ws[j] for j in run[:-1]), ws[run[-1]])
                if not nk:
                    break
                segs.append(f"names:{_fts_str(nk)}")
        else:
            alternatives.append(" AND ".join(segs))
    return ["(" + " OR ".join(f"({a})" for a in alternatives) + ")"]


def filter_sql(date_from: str | None, date_to: str | None, outlet: str | None,
               entity: str | None = None, story: str | None = None) -> tuple[str, list[str]]:
    """The WHERE clause (on ``articles a``) of the filters every search offers.
    Entity and story filters read the link stage's tables."""
    where, args = [], []
    if entity:
        where.append("a.id IN (SELECT article FROM link_entity_articles WHERE entity = ?)")
        args.append(entity)
    if story:
        where.append("a.id IN (SELECT article FROM link_story_articles WHERE story = ?)")
        args.append(story)
    if date_from:
        where.append("a.published >= ?")
        args.append(date_from)
    if date_to:
        where.append("a.published <= ?")
        args.append(date_to)
    if outlet:
        where.append("a.outlet = ?")
        args.append(outlet)
    return " AND ".join(where), args


@dataclass(frozen=True)
class Hit:
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    score: float
    snippet: str
    snippet_start: int  # offset of the snippet in the article body
    highlights: tuple[tuple[int, int], ...]  # spans in the article body

    def as_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "outlet": self.outlet, "published": self.published,
                "score": round(self.score, 4), "snippet": self.snippet, "snippet_start": self.snippet_start,
                "highlights": [list(h) for h in self.highlights]}


@lru_cache(maxsize=262144)
def _term_key(w: str) -> str:
    return strip_clitics(search_key(w))


def _matches(body: str, query: Query, stop_after: int | None = None,
             seen: dict[str, tuple[bool, bool]] | None = None) -> list[tuple[int, int]]:
    """Spans of the body's words that match the query, in order.  With ``stop_after``
    the scan ends once it is that many characters past the first match: a snippet
    needs the matches near one another, not every match of a long article."""
    wanted_terms = {_term_key(w) for g in query.groups for w in g}
    wanted_names = {_word_name_key(w) for g in query.groups for w in g}
    wanted_names |= {_pair_name_key("".join(g[:-1]), g[-1]) for g in query.groups if len(g) > 1}
    wanted_names.discard(None)
    wanted_terms.discard("")
    pair_keys = _PAIR_KEYS
    if seen is None:
        seen = {}  # word -> (matches, pairable): for one query, shared by its snippets
    spans: list[tuple[int, int]] = []
    limit = len(body)
    prev, prev_pairable = None, False  # the previous word when it could start a matching pair
    for m in word_matches(body):
        text = m.group()
        info = seen.get(text)
        if info is None:
            name, pairable = _WORD_KEYS[text]
            info = seen[text] = (_term_key(text) in wanted_terms
                                 or (name is not None and name in wanted_names), pairable)
        matched, pairable = info
        if prev_pairable and pairable and pair_keys[(prev.group(), text)] in wanted_names:
            spans.append((prev.start(), m.end()))
        if matched:
            start = m.start()
            if start > limit:
                break
            spans.append((start, m.end()))
            if stop_after is not None and limit == len(body):
                limit = start + stop_after
        elif spans and m.start() > limit:
            break
        prev, prev_pairable = m, pairable and not matched
    spans.sort()
    return spans


def snippet(body: str, query: Query, width: int = 220,
            seen: dict[str, tuple[bool, bool]] | None = None) -> tuple[str, int, tuple[tuple[int, int], ...]]:
    """The passage of the body around the densest cluster of matches near the first one
    (news put what matters first; scanning all of a long article cost more than the
    ranking itself).  ``seen``: a dict kept across the snippets of one query."""
    spans = _matches(body, query, stop_after=3 * width, seen=seen)
    if not spans:
        return body[:width], 0, ()
    best, best_n = spans[0][0], 0
    for s, _ in spans:
        n = sum(1 for a, _ in spans if s <= a < s + width)
        if n > best_n:
            best, best_n = s, n
    start = max(0, best - 60)
    sp = body.rfind(" ", 0, start) if start else 0
    start = sp + 1 if sp > 0 else start
    end = min(len(body), start + width)
    sp = body.find(" ", end)
    end = sp if 0 < sp < end + 30 else end
    hl = tuple((a, b) for a, b in spans if a >= start and b <= end)
    return body[start:end], start, hl


def ranked_ids(db: sqlite3.Connection, q: str, *, limit: int = 50, date_from: str | None = None,
               date_to: str | None = None, outlet: str | None = None, entity: str | None = None,
               story: str | None = None, all_if_few: bool = False) -> list[tuple[int, str]]:
    """(rowid, article id) of the best ``limit`` matches of ``q``, ranked as `search` ranks
    them, without reading any article's text (hybrid search needs the ranking alone).

    ``all_if_few``: when no more than ``limit`` articles match, return them all in rowid
    order, unranked.  For a caller that wants the set (hybrid search re-scores it), this
    skips bm25, whose cost does not depend on the matches but on the query's words: it
    reads the whole posting list of each of them for its idf, about 35 ms for a ten-word
    query on 200,000 articles, where finding its dozen matches takes 12."""
    query = parse_query(q)
    filters = filter_sql(date_from, date_to, outlet, entity, story)
    if all_if_few and 1 <= limit <= 1000:
        where, args = filters
        try:
            rows = db.execute(
                "SELECT a.rowid, a.id FROM search_fts JOIN articles a ON a.rowid = search_fts.rowid "
                f"WHERE search_fts MATCH ?{' AND ' + where if where else ''} ORDER BY a.rowid LIMIT ?",
                [query.match, *args, limit + 1]).fetchall()
        except sqlite3.OperationalError as exc:
            raise QueryError(f"cannot search for {q!r}: {exc}") from exc
        if len(rows) <= limit:
            return [(r[0], r[1]) for r in rows]
    return [(rid, aid) for rid, _, aid in _ranked(db, q, query, limit, 0, filters)]


def _ranked(db: sqlite3.Connection, q: str, query: Query, limit: int, offset: int,
            filters: tuple[str, list[str]]) -> list[tuple[int, float, str]]:
    """(rowid, bm25 score, article id) of the page, best first, ties by article id."""
    if not 1 <= limit <= 1000:
        raise QueryError("limit must be between 1 and 1000")
    where, args = ["search_fts MATCH ?"], [query.match]
    extra, extra_args = filters
    if extra:
        where.append(extra)
        args += extra_args
    # Rank first, reading no article text: a common word matches tens of thousands of
    # articles, and reading their rows to throw all but a page away is most of the cost.
    # Without filters the ranking reads the index alone (joining every match to its
    # article row cost twice the ranking itself) and scores at most the RANK_CAP most
    # recently stored matches: scoring costs about 1.5 µs a match, so a word found in
    # 150,000 articles took 250 ms to rank in full.  Ties are broken by article id on a
    # window a little wider than the page.
    try:
        if extra:
            sql = ("SELECT a.rowid AS rid, bm25(search_fts, 1.0, 0.6) AS score, a.id AS id "
                   "FROM search_fts JOIN articles a ON a.rowid = search_fts.rowid "
                   f"WHERE {' AND '.join(where)} ORDER BY score, a.id LIMIT ? OFFSET ?")
            return [(r[0], r[1], r[2]) for r in db.execute(sql, [*args, limit, offset])]
        window = offset + limit + _TIE_WINDOW
        ranked = [(r[0], r[1]) for r in db.execute(
            "SELECT rowid, score FROM (SELECT rowid, bm25(search_fts, 1.0, 0.6) AS score "
            "FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT ?) "
            "ORDER BY score LIMIT ?", [query.match, max(RANK_CAP, window), window])]
    except sqlite3.OperationalError as exc:
        raise QueryError(f"cannot search for {q!r}: {exc}") from exc
    if not ranked:
        return []
    ids = dict(db.execute(f"SELECT rowid, id FROM articles WHERE rowid IN ({','.join('?' * len(ranked))})",
                          [rid for rid, _ in ranked]).fetchall())
    page = sorted(ranked, key=lambda x: (x[1], ids.get(x[0], "")))[offset:offset + limit]
    return [(rid, score, ids.get(rid, "")) for rid, score in page]


def search(db: sqlite3.Connection, q: str, *, limit: int = 20, offset: int = 0,
           date_from: str | None = None, date_to: str | None = None,
           outlet: str | None = None, entity: str | None = None,
           story: str | None = None) -> list[Hit]:
    """Ranked articles matching ``q`` (every word, in any of its spellings)."""
    query = parse_query(q)
    ranked = _ranked(db, q, query, limit, offset, filter_sql(date_from, date_to, outlet, entity, story))
    if not ranked:
        return []
    marks = ",".join("?" * len(ranked))
    rows = {r["rowid"]: r for r in db.execute(
        f"SELECT rowid, id, title, outlet, published, body FROM articles WHERE rowid IN ({marks})",
        [rid for rid, _, _ in ranked])}
    hits, seen = [], {}
    for rid, score, _ in ranked:
        r = rows[rid]
        snip, start, hl = snippet(r["body"], query, seen=seen)
        hits.append(Hit(r["id"], r["title"], r["outlet"], r["published"], -score, snip, start, hl))
    return hits
