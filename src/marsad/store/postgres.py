"""PostgreSQL store: the second backend, for many concurrent writers or a shared server.

It keeps the SQLite store's schema (the same numbered migrations, in PostgreSQL's
dialect, each in its own transaction, recorded as ``schema_version`` in ``meta``),
its public methods and the shapes they return: rows answer ``row["col"]``,
``row[0]`` and ``.keys()`` like ``sqlite3.Row``, and ``store.db.execute`` takes
SQL with ``?`` placeholders, so the pipeline, the exports and the web views run
unchanged on either store.

Differences that matter:

* Every TEXT column collates "C" (byte order), so ``ORDER BY`` gives SQLite's
  order whatever the database's locale; the same inputs give the same export.
* ``articles.rowid`` is an identity column standing in for SQLite's rowid (the key
  of the search index and of the vectors).
* Full-text search: ``search_index`` keeps the same normalised key columns as
  SQLite's FTS5 table (``terms`` and ``names`` from ``search.index_columns``) and a
  ``tsvector`` built from them here, in Python, token for token as FTS5's
  unicode61 tokenizer splits them (``terms`` words weighted A, ``names`` B); a GIN
  index serves it.  A query is parsed by the same ``search.parse_query`` and its
  FTS5 expression is translated to a ``tsquery`` (``AND`` → ``&``, ``OR`` → ``|``,
  a phrase → ``<->``, a column filter → a weight), so both stores find the same
  articles; ranking is ``ts_rank`` (not bm25), so the order of equally good hits
  may differ.  PostgreSQL keeps at most 256 positions per word and none past
  16383, so phrase matches far into very long articles can be missed.
* Semantic search is exhaustive cosine similarity in numpy over the stored
  float16 vectors (no ANN index), cached in memory per store generation.
  Hybrid search's BM25 candidates (``semantic.hybrid_search``) are the same
  articles as SQLite's but ranked by ``ts_rank``, so Arabic queries' order may differ.
* Writers serialise on a transaction-scoped advisory lock (per schema), like
  SQLite's ``BEGIN IMMEDIATE``; reads never wait.  So any number of processes can
  ingest into one store at once, and re-ingesting stays idempotent.
* PostgreSQL text cannot hold NUL characters: any in stored text become U+FFFD
  (one character for one, so offsets still point at the same places).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import numpy as np

from marsad.errors import QueryError
from marsad.model import Analysis, Article, Hints, RawDocument, Source
from marsad.store import semantic
from marsad.store.linked import LinkDelta, LinkTables, _dump
from marsad.store.schema import SCHEMA_VERSION as SQLITE_SCHEMA_VERSION
from marsad.store.search import Hit, filter_sql, index_columns, parse_query, snippet
from marsad.store.sqlite import (
    StoreError,
    _decode_stored,
    _hints_json,
    analysis_json,
    article_vectors,
    stored_article,
)

try:
    import psycopg
except ImportError:  # pragma: no cover - depends on the install
    psycopg = None  # type: ignore[assignment]

# -- dialect helpers --------------------------------------------------------------


@lru_cache(maxsize=1024)
def pg_sql(sql: str) -> str:
    """SQLite-style SQL (``?`` placeholders) as psycopg wants it (``%s``, ``%%``)."""
    out = []
    for i, part in enumerate(re.split(r"('(?:[^']|'')*')", sql)):
        part = part.replace("%", "%%")
        out.append(part if i % 2 else part.replace("?", "%s"))
    return "".join(out)


class Row(tuple):
    """A result row that behaves like ``sqlite3.Row``: by position, by column name,
    ``keys()``, ``dict(row)`` and unpacking."""

    __slots__ = ()
    _names: tuple[str, ...] = ()
    _index: dict[str, int] = {}  # noqa: RUF012 (set per subclass)

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            try:
                key = self._index[key]
            except KeyError:
                raise IndexError(f"No item with that key: {key!r}") from None
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


@lru_cache(maxsize=512)
def _row_class(names: tuple[str, ...]) -> type[Row]:
    index: dict[str, int] = {}
    for i, n in enumerate(names):
        index.setdefault(n, i)  # like sqlite3.Row: the first column of that name
    return type("Row", (Row,), {"__slots__": (), "_names": names, "_index": index})


def _row_factory(cursor: Any) -> Callable[[Sequence[Any]], Any]:
    desc = cursor.description
    if desc is None:
        return tuple
    return _row_class(tuple(c.name for c in desc))


class PgDb:
    """``sqlite3.Connection``-style access to the store's connection, for code that
    queries a store directly (the web views): ``execute(sql, params)`` with ``?``
    placeholders, rows like ``sqlite3.Row``.  Each statement commits on its own."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(pg_sql(sql), list(params))

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(pg_sql(sql), [list(p) for p in seq])


def _t(s: str | None) -> str | None:
    """Text as PostgreSQL can store it (no NUL; one character for one)."""
    return s.replace("\x00", "\ufffd") if s and "\x00" in s else s


def redact(url: str) -> str:
    """A connection URL without its password, fit for messages."""
    if "://" not in url:
        return re.sub(r"password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)", "password=***", url)
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit((parts.scheme, f"{user}:***@{host}", parts.path, parts.query, parts.fragment))


# -- full-text: tsvector and tsquery built exactly as FTS5 tokenises ----------------

# FTS5's unicode61 tokenizer: runs of letters and numbers, folded to lower case.
_TOKEN = re.compile(r"[^\W_]+")
MAX_POSITION = 16383  # PostgreSQL's largest word position
MAX_LEXEME_BYTES = 2046
_NEVER = "' '"  # a lexeme no tsvector of ours holds (tokens have no spaces)


def lexemes(text: str) -> list[str]:
    return [m.group().lower() for m in _TOKEN.finditer(text or "")]


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_text(terms: str, names: str) -> str:
    """The ``tsvector`` (input syntax) of an article's two indexed columns:
    ``terms`` tokens weighted A, ``names`` tokens B, each column numbered from 1."""
    positions: dict[str, list[str]] = {}
    for weight, text in (("A", terms), ("B", names)):
        for i, lex in enumerate(lexemes(text), 1):
            if len(lex.encode()) > MAX_LEXEME_BYTES:
                continue
            p = positions.setdefault(lex, [])
            if len(p) < 256:
                tag = f"{min(i, MAX_POSITION)}{weight}"
                if not p or p[-1] != tag:
                    p.append(tag)
    return " ".join(f"{_quote(lex)}:{','.join(p)}" for lex, p in positions.items())


_FTS_PART = re.compile(r'\s*(?:(\()|(\))|\b(AND|OR)\b|(terms|names):"([^"]*)"'
                       r'|(terms|names) : NEAR\(((?:"[^"]*" ?)+), \d+\))')


def fts5_to_tsquery(match: str) -> str:
    """Translate the FTS5 expression ``search.parse_query`` builds (groups of
    ``terms:"…"``/``names:"…"`` joined by AND/OR in parentheses) to a tsquery."""
    out, pos = [], 0
    while pos < len(match):
        m = _FTS_PART.match(match, pos)
        if m is None:
            if not match[pos:].strip():
                break
            raise QueryError(f"cannot search for this query (unexpected {match[pos:pos + 20]!r})")
        pos = m.end()
        if m[1]:
            out.append("(")
        elif m[2]:
            out.append(")")
        elif m[3]:
            out.append(" & " if m[3] == "AND" else " | ")
        elif m[6]:  # a tsquery has no "within N words": both phrases in the article
            weight = "A" if m[6] == "terms" else "B"
            phrases = [_phrase_tsquery(p, weight) for p in re.findall(r'"([^"]*)"', m[7])]
            out.append("(" + " & ".join(phrases) + ")")
        else:
            out.append(_phrase_tsquery(m[5], "A" if m[4] == "terms" else "B"))
    return "".join(out)


def _phrase_tsquery(phrase: str, weight: str) -> str:
    lex = [x for x in lexemes(phrase) if len(x.encode()) <= MAX_LEXEME_BYTES]
    atoms = [f"{_quote(x)}:{weight}" for x in lex] or [f"{_NEVER}:{weight}"]
    return atoms[0] if len(atoms) == 1 else "(" + " <-> ".join(atoms) + ")"


# -- schema: the migrations of schema.py, in PostgreSQL's dialect -------------------

def _collate_c(ddl: str) -> str:
    return re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', ddl)


def _search_index(conn: Any) -> None:
    """2: the full-text index over normalised keys, filled for existing articles."""
    conn.execute(_collate_c(
        "CREATE TABLE search_index (rowid BIGINT PRIMARY KEY REFERENCES articles(rowid) "
        "ON DELETE CASCADE, terms TEXT NOT NULL, names TEXT NOT NULL, tsv TSVECTOR NOT NULL)"))
    conn.execute("CREATE INDEX search_index_tsv ON search_index USING GIN (tsv)")
    rows = conn.execute("SELECT rowid, title, body FROM articles ORDER BY rowid").fetchall()
    for rowid, title, body in rows:
        _index_article(conn, rowid, index_columns(title, body))


def _vectors(conn: Any) -> None:
    """3: meaning vectors of articles for semantic search, filled for existing articles."""
    from marsad.analyze.embed import DIM, article_text, embed_texts

    conn.execute("CREATE TABLE article_vectors (rowid BIGINT PRIMARY KEY REFERENCES articles(rowid) "
                 "ON DELETE CASCADE, vec BYTEA NOT NULL)")
    conn.execute(_collate_c("CREATE TABLE vector_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"))
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO vector_meta VALUES (%s, %s)",
                        [("uid", uuid.uuid4().hex), ("model", semantic.MODEL), ("dim", str(DIM))])
    todo = conn.execute("SELECT rowid, title, body FROM articles ORDER BY rowid").fetchall()
    for i in range(0, len(todo), 256):
        part = todo[i:i + 256]
        vecs = embed_texts([article_text(t, b) for _, t, b in part])
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO article_vectors VALUES (%s, %s)",
                            [(r, semantic._blob(v)) for (r, _, _), v in zip(part, vecs, strict=True)])


MIGRATIONS: tuple[str | Callable[[Any], None], ...] = (
    # 1: raw documents, their sources, cleaned articles, analyses, failures.  Sources
    # and failures are unique on hashes of their long text (a b-tree entry is small).
    _collate_c("""
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE raw (
        id TEXT PRIMARY KEY,
        seq BIGINT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        data BYTEA NOT NULL,
        encoding TEXT NOT NULL,
        hints TEXT NOT NULL
    );
    CREATE TABLE sources (
        raw_id TEXT NOT NULL REFERENCES raw(id) ON DELETE CASCADE,
        path TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT ''
    );
    CREATE UNIQUE INDEX sources_key ON sources (raw_id, md5(path), md5(url));
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        raw_id TEXT NOT NULL REFERENCES raw(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        parent TEXT,
        source_path TEXT,
        source_url TEXT,
        title TEXT,
        outlet TEXT,
        section TEXT,
        credited_source TEXT,
        published TEXT,
        published_basis TEXT NOT NULL DEFAULT 'unknown',
        page_date TEXT,
        body TEXT NOT NULL,
        removed TEXT NOT NULL DEFAULT '[]',
        rowid BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE
    );
    CREATE INDEX articles_raw ON articles(raw_id);
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE analyses (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        data TEXT NOT NULL
    );
    CREATE TABLE failures (
        input TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    CREATE UNIQUE INDEX failures_key ON failures (input, md5(reason));
    """),
    _search_index,
    _vectors,
    # 4: what the link stage made of the whole store (see store/linked.py).
    _collate_c("""
    CREATE TABLE link_stories (
        id TEXT PRIMARY KEY, title TEXT NOT NULL, first_date TEXT, last_date TEXT,
        n_articles INTEGER NOT NULL, n_outlets INTEGER NOT NULL, record TEXT NOT NULL);
    CREATE INDEX link_stories_recent ON link_stories(last_date DESC, n_articles DESC);
    CREATE TABLE link_story_articles (article TEXT PRIMARY KEY, story TEXT NOT NULL);
    CREATE INDEX link_story_articles_story ON link_story_articles(story);
    CREATE TABLE link_entities (
        id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, en TEXT,
        mentions INTEGER NOT NULL, record TEXT NOT NULL);
    CREATE INDEX link_entities_mentions ON link_entities(mentions DESC);
    CREATE TABLE link_entity_articles (
        entity TEXT NOT NULL, article TEXT NOT NULL, mentions INTEGER NOT NULL,
        PRIMARY KEY (entity, article));
    CREATE INDEX link_entity_articles_article ON link_entity_articles(article);
    CREATE TABLE link_articles (article TEXT PRIMARY KEY, mention_entities TEXT NOT NULL,
        quote_speakers TEXT NOT NULL);
    CREATE TABLE link_quotes (
        speaker TEXT NOT NULL, article TEXT NOT NULL, idx INTEGER NOT NULL,
        PRIMARY KEY (speaker, article, idx));
    CREATE TABLE link_events (
        id TEXT PRIMARY KEY, story TEXT, type TEXT NOT NULL, date TEXT, record TEXT NOT NULL);
    CREATE INDEX link_events_story ON link_events(story, date);
    CREATE TABLE link_contradictions (
        id TEXT PRIMARY KEY, story TEXT NOT NULL, record TEXT NOT NULL);
    CREATE INDEX link_contradictions_story ON link_contradictions(story);
    """),
    # 5: as SQLite's: the month beside each entity-article row; indexes pages use.
    _collate_c("""
    ALTER TABLE link_entity_articles ADD COLUMN month TEXT;
    UPDATE link_entity_articles SET month = (SELECT substr(a.published, 1, 7) FROM articles a
                                             WHERE a.id = link_entity_articles.article);
    CREATE INDEX link_entity_articles_month ON link_entity_articles(entity, month, mentions);
    CREATE INDEX link_stories_biggest ON link_stories(n_articles DESC, n_outlets DESC, last_date DESC, id);
    CREATE INDEX articles_outlet ON articles(outlet);
    """),
    # 6: the article list, newest first, from an index (see the SQLite twin).
    """
    CREATE INDEX articles_newest ON articles(published DESC NULLS LAST, id);
    CREATE INDEX articles_outlet_newest ON articles(outlet, published DESC NULLS LAST, id);
    DROP INDEX articles_outlet;
    DROP INDEX articles_published;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
assert SCHEMA_VERSION == SQLITE_SCHEMA_VERSION, "a SQLite migration lacks its PostgreSQL twin"

# Writers of one store (one schema) take this advisory lock for their transaction.
_LOCK_SPACE = 0x6D72  # "mr"


def _lock(conn: Any) -> None:
    conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(current_schema()))", (_LOCK_SPACE,))


def _table_exists(conn: Any, name: str) -> bool:
    return conn.execute("SELECT to_regclass(%s) IS NOT NULL", (name,)).fetchone()[0]


def schema_version(conn: Any) -> int:
    if not _table_exists(conn, "meta"):
        return 0
    row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(conn: Any, target: int = SCHEMA_VERSION, name: str = "store") -> int:
    """Apply the migrations the store lacks, up to ``target``, each in its own
    transaction under the writers' lock (so two processes opening a new store at
    once do not both create it).  Returns the version reached."""
    while True:
        with conn.transaction():
            _lock(conn)
            version = schema_version(conn)
            if version == 0:
                if conn.execute("SELECT current_schema()").fetchone()[0] is None:
                    path = conn.execute("SHOW search_path").fetchone()[0]
                    raise StoreError(f"{name}: no schema to hold the store (search_path is {path}; "
                                     "create the schema first)")
                n = conn.execute(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()").fetchone()[0]
                if n:
                    raise StoreError(f"{name}: the database schema holds tables but no Marsad store "
                                     "(use an empty database, or a schema of its own: "
                                     "?options=-csearch_path%3Dmarsad)")
            if version > SCHEMA_VERSION:
                raise StoreError(f"{name}: store schema {version} is newer than this Marsad "
                                 f"({SCHEMA_VERSION}); upgrade Marsad")
            if version >= target:
                return version
            step = MIGRATIONS[version]
            if callable(step):
                step(conn)
            else:
                for stmt in step.split(";"):
                    if stmt.strip():
                        conn.execute(stmt)
            conn.execute("INSERT INTO meta VALUES ('schema_version', %s) ON CONFLICT (key) "
                         "DO UPDATE SET value = EXCLUDED.value", (str(version + 1),))


def _index_article(conn: Any, rowid: int, cols: tuple[str, str]) -> None:
    terms, names = _t(cols[0]) or "", _t(cols[1]) or ""
    conn.execute("INSERT INTO search_index VALUES (%s, %s, %s, %s::tsvector) ON CONFLICT (rowid) "
                 "DO UPDATE SET terms = EXCLUDED.terms, names = EXCLUDED.names, tsv = EXCLUDED.tsv",
                 (rowid, terms, names, tsvector_text(terms, names)))


# -- the store --------------------------------------------------------------------

_ARTICLE_COLS = ("id, raw_id, idx, parent, source_path, source_url, title, outlet, section, "
                 "credited_source, published, published_basis, page_date, body, removed")
_WITH_ANALYSIS = ("SELECT a.*, coalesce(n.data, '{}') AS analysis FROM articles a "
                  "LEFT JOIN analyses n ON n.article_id = a.id ")
_LINKED_ROWS = ("SELECT a.*, coalesce(n.data, '{}') AS analysis, la.mention_entities, "
                "la.quote_speakers, sa.story FROM articles a "
                "LEFT JOIN analyses n ON n.article_id = a.id "
                "LEFT JOIN link_articles la ON la.article = a.id "
                "LEFT JOIN link_story_articles sa ON sa.article = a.id ")
_LINK_TABLES = ("link_stories", "link_story_articles", "link_entities", "link_entity_articles",
                "link_articles", "link_quotes", "link_events", "link_contradictions")
PAGE_ROWS = 500  # rows per round trip when streaming


class PostgresStore:
    """A Marsad knowledge base in a PostgreSQL database (or one schema of it: put
    ``options=-csearch_path%3Dname`` in the URL).  The same public methods as
    ``marsad.store.sqlite.Store``."""

    def __init__(self, url: str) -> None:
        if psycopg is None:
            raise StoreError("the PostgreSQL store needs psycopg 3: pip install 'marsad[postgres]'")
        self.url = url
        self.name = redact(url)  # for messages: the URL without its password
        self.path = ""  # no store file: nothing is kept beside it (index, link state)
        try:
            extra = {} if "connect_timeout" in url else {"connect_timeout": 15}
            self.conn = psycopg.connect(url, autocommit=True, row_factory=_row_factory, **extra)
        except psycopg.Error as exc:
            raise StoreError(f"{self.name}: cannot connect to PostgreSQL ({exc})") from exc
        self.db = PgDb(self.conn)
        self._vec_cache: tuple[Any, ...] | None = None
        try:
            migrate(self.conn, name=self.name)
        except psycopg.Error as exc:
            self.conn.close()
            raise StoreError(f"{self.name}: not a usable Marsad store ({exc})") from exc
        except BaseException:
            self.conn.close()
            raise

    def _q(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(sql, list(params))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing --------------------------------------------------------------
    def has_raw(self, raw_id: str) -> bool:
        return self._q("SELECT 1 FROM raw WHERE id=%s", (raw_id,)).fetchone() is not None

    def add_source(self, raw_id: str, source: Source) -> None:
        self._q("INSERT INTO sources VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                (raw_id, _t(source.path) or "", _t(source.url) or ""))

    def put(self, raw: RawDocument, articles: list[Article], analyses: list[Analysis],
            input_name: str | None = None, index: list[tuple[str, str]] | None = None,
            vectors: list | None = None) -> bool:
        """Store a document and what was made of it, atomically.  False if it was
        already stored (the same content hash): ingest is idempotent."""
        return self.put_many([(raw, articles, analyses, input_name, index, vectors)])[0]

    def put_many(self, items: list[tuple[RawDocument, list[Article], list[Analysis], str | None,
                                         list[tuple[str, str]] | None, list | None]]) -> list[bool]:
        """`put` for several documents in one transaction (see the SQLite store)."""
        try:
            with self.conn.transaction():
                _lock(self.conn)
                return [self._put_one(*item) for item in items]
        except Exception:
            if len(items) > 1:
                return [self.put(*item) for item in items]
            raise

    def _put_one(self, raw: RawDocument, articles: list[Article], analyses: list[Analysis],
                 input_name: str | None, index: list[tuple[str, str]] | None, vectors: list | None) -> bool:
        if self.has_raw(raw.id):
            self.add_source(raw.id, raw.source)
            return False
        seq = self._q("SELECT coalesce(max(seq), 0) + 1 FROM raw").fetchone()[0]
        self._q("INSERT INTO raw VALUES (%s, %s, %s, %s, %s, %s)",
                (raw.id, seq, raw.kind, raw.data, raw.encoding, _hints_json(raw.hints)))
        self.add_source(raw.id, raw.source)
        self._write_articles(articles, analyses, index, vectors)
        self._bump_generation()
        if input_name:
            self._q("DELETE FROM failures WHERE input=%s", (_t(input_name),))
        return True

    def _write_articles(self, articles: list[Article], analyses: list[Analysis],
                        index: list[tuple[str, str]] | None = None, vectors: list | None = None) -> None:
        if index is None:
            index = [index_columns(a.title, a.body) for a in articles]
        if vectors is None:
            vectors = article_vectors(articles)
        for a, cols, vec in zip(articles, index, vectors, strict=True):
            self._delete_article(a.id)
            rowid = self._q(
                f"INSERT INTO articles ({_ARTICLE_COLS}) VALUES "
                "(%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) RETURNING rowid",
                (a.id, a.raw_id, a.index, a.parent, _t(a.source.path), _t(a.source.url), _t(a.title),
                 _t(a.outlet), _t(a.section), _t(a.credited_source), a.published.value,
                 a.published.basis, a.page_date, _t(a.body),
                 json.dumps([[r.text, r.kind] for r in a.removed], ensure_ascii=False))).fetchone()[0]
            _index_article(self.conn, rowid, cols)
            if vec is not None:  # None: analysis (and embedding) left for later
                self._q("INSERT INTO article_vectors VALUES (%s, %s)", (rowid, semantic._blob(vec)))
        for an in analyses:
            self._q("INSERT INTO analyses VALUES (%s, %s) ON CONFLICT (article_id) "
                    "DO UPDATE SET data = EXCLUDED.data", (an.article_id, analysis_json(an)))

    def _delete_article(self, article_id: str) -> None:
        # The search row and the vector go with the article (ON DELETE CASCADE).
        self._q("DELETE FROM analyses WHERE article_id=%s", (article_id,))
        self._q("DELETE FROM articles WHERE id=%s", (article_id,))

    def replace_articles(self, raw_id: str, articles: list[Article], analyses: list[Analysis],
                         index: list[tuple[str, str]] | None = None, vectors: list | None = None) -> None:
        """Swap a document's articles for freshly made ones (rebuild), atomically."""
        with self.conn.transaction():
            _lock(self.conn)
            for (old,) in self._q("SELECT id FROM articles WHERE raw_id=%s", (raw_id,)).fetchall():
                self._delete_article(old)
            self._write_articles(articles, analyses, index, vectors)
            self._bump_generation()

    def delete_article(self, article_id: str) -> bool:
        """Remove one article (its analysis, index rows and vector with it); the raw
        page stays, so ``rebuild`` would bring the article back.  False if absent."""
        with self.conn.transaction():
            _lock(self.conn)
            found = self._q("SELECT 1 FROM articles WHERE id=%s", (article_id,)).fetchone()
            if found:
                self._delete_article(article_id)
                self._bump_generation()
            return bool(found)

    def set_story_date(self, article_id: str, value: str | None, basis: str, analysis: str) -> None:
        """Record the publication date an article's story fixed, with the analysis
        re-run against it (not an article change for linking: the generation stays)."""
        with self.conn.transaction():
            _lock(self.conn)
            self._q("UPDATE articles SET published=%s, published_basis=%s WHERE id=%s",
                    (value, basis, article_id))
            self._q("UPDATE analyses SET data=%s WHERE article_id=%s", (analysis, article_id))

    def put_analyses(self, analyses: list[Analysis], vectors: list, undated: frozenset[str] = frozenset()
                     ) -> None:
        """Store analyses (and meaning vectors) of articles already stored, atomically
        (see the SQLite store)."""
        with self.conn.transaction():
            _lock(self.conn)
            for an, vec in zip(analyses, vectors, strict=True):
                row = self._q("SELECT rowid FROM articles WHERE id=%s", (an.article_id,)).fetchone()
                if row is None:
                    continue  # deleted meanwhile
                self._q("INSERT INTO analyses VALUES (%s, %s) ON CONFLICT (article_id) "
                        "DO UPDATE SET data = EXCLUDED.data", (an.article_id, analysis_json(an)))
                if an.article_id in undated:
                    self._q("UPDATE articles SET published=NULL, published_basis='unknown' "
                            "WHERE id=%s AND published_basis='story'", (an.article_id,))
                if vec is not None:
                    self._q("INSERT INTO article_vectors VALUES (%s, %s) ON CONFLICT (rowid) "
                            "DO UPDATE SET vec = EXCLUDED.vec", (row[0], semantic._blob(vec)))
            if analyses:
                self._bump_generation()

    def record_failure(self, input_name: str, reason: str) -> None:
        self._q("INSERT INTO failures VALUES (%s, %s) ON CONFLICT DO NOTHING",
                (_t(input_name), _t(reason)))

    # -- generations and the link tables ----------------------------------------
    def _meta_get(self, key: str) -> str | None:
        row = self._q("SELECT value FROM meta WHERE key=%s", (key,)).fetchone()
        return row[0] if row else None

    def _bump_generation(self) -> None:
        self._q("INSERT INTO meta VALUES ('generation', '1') ON CONFLICT (key) DO UPDATE "
                "SET value = (meta.value::bigint + 1)::text")

    def generation(self) -> int:
        """How many writes have changed the articles (0 for a new store)."""
        return int(self._meta_get("generation") or 0)

    def link_generation(self) -> int | None:
        v = self._meta_get("link_generation")
        return int(v) if v is not None else None

    def link_is_current(self) -> bool:
        return self.link_generation() == self.generation()

    def write_link(self, tables: LinkTables, generation: int) -> bool:
        """Replace the link result by ``tables`` (computed at ``generation``).
        False, and nothing written, when articles changed meanwhile."""
        def write(cur: Any) -> None:
            for t in _LINK_TABLES:
                cur.execute(f"DELETE FROM {t}")
            self._put_stories(cur, tables.stories)
            self._put_entities(cur, tables.entities)
            self._put_articles(cur, tables.articles, fresh=True)
            self._put_events(cur, tables.events, tables.contradictions)
        return self._link_transaction(generation, write)

    def write_link_delta(self, delta: LinkDelta, generation: int) -> bool:
        """Apply an incremental link's changes (see ``linked.LinkDelta``); False, and
        nothing written, when articles changed meanwhile."""
        def write(cur: Any) -> None:
            for sid in delta.story_ids:
                for t, col in (("link_stories", "id"), ("link_events", "story"),
                               ("link_contradictions", "story")):
                    cur.execute(f"DELETE FROM {t} WHERE {col}=%s", (sid,))
            self._put_stories(cur, delta.stories)
            cur.execute("DELETE FROM link_entities")
            self._put_entities(cur, delta.entities)
            self._put_articles(cur, delta.articles, fresh=False)
            self._put_events(cur, delta.events, delta.contradictions)
        return self._link_transaction(generation, write)

    def _link_transaction(self, generation: int, write: Callable[[Any], None]) -> bool:
        with self.conn.transaction(), self.conn.cursor() as cur:
            _lock(self.conn)
            if self.generation() != generation:
                return False
            write(cur)
            cur.execute("INSERT INTO meta VALUES ('link_generation', %s) ON CONFLICT (key) "
                        "DO UPDATE SET value = EXCLUDED.value", (str(generation),))
            return True

    @staticmethod
    def _put_stories(cur: Any, stories: Iterable[dict[str, Any]]) -> None:
        stories = list(stories)
        cur.executemany("INSERT INTO link_stories VALUES (%s,%s,%s,%s,%s,%s,%s)",
                        [(s["id"], s["title"], s["first_date"], s["last_date"], len(s["articles"]),
                          len(s["outlets"]), _dump(s)) for s in stories])
        cur.executemany("INSERT INTO link_story_articles VALUES (%s,%s) ON CONFLICT (article) "
                        "DO UPDATE SET story = EXCLUDED.story",
                        [(a, s["id"]) for s in stories for a in s["articles"]])

    @staticmethod
    def _put_entities(cur: Any, entities: Iterable[dict[str, Any]]) -> None:
        cur.executemany("INSERT INTO link_entities VALUES (%s,%s,%s,%s,%s,%s)",
                        [(e["id"], e["type"], e["name"], e.get("en"), e["mention_count"], _dump(e))
                         for e in entities])

    @staticmethod
    def _put_articles(cur: Any, articles: Iterable[tuple[str, tuple, tuple]], fresh: bool) -> None:
        if not fresh:  # an article given twice: its last links win (as in the SQLite store)
            articles = {a[0]: a for a in articles}.values()
        arts, ent_rows, quote_rows = [], [], []
        for article, ents, speakers in articles:
            arts.append((article, _dump(list(ents)), _dump(list(speakers))))
            counts: dict[str, int] = {}
            for e in ents:
                if e:
                    counts[e] = counts.get(e, 0) + 1
            ent_rows += [(e, article, n) for e, n in sorted(counts.items())]
            quote_rows += [(sp, article, i) for i, sp in enumerate(speakers) if sp]
        if not fresh and arts:
            ids = [a[0] for a in arts]
            cur.execute("DELETE FROM link_entity_articles WHERE article = ANY(%s)", (ids,))
            cur.execute("DELETE FROM link_quotes WHERE article = ANY(%s)", (ids,))
        cur.executemany("INSERT INTO link_articles VALUES (%s,%s,%s) ON CONFLICT (article) DO UPDATE "
                        "SET mention_entities = EXCLUDED.mention_entities, "
                        "quote_speakers = EXCLUDED.quote_speakers", arts)
        cur.executemany("INSERT INTO link_entity_articles VALUES (%s,%s,%s, (SELECT substr(published, 1, 7) "
                        "FROM articles WHERE id=%s))", [(*r, r[1]) for r in ent_rows])
        cur.executemany("INSERT INTO link_quotes VALUES (%s,%s,%s) ON CONFLICT DO NOTHING", quote_rows)

    @staticmethod
    def _put_events(cur: Any, events: Iterable[dict[str, Any]],
                    contradictions: Iterable[dict[str, Any]]) -> None:
        cur.executemany("INSERT INTO link_events VALUES (%s,%s,%s,%s,%s) ON CONFLICT (id) DO UPDATE "
                        "SET story = EXCLUDED.story, type = EXCLUDED.type, date = EXCLUDED.date, "
                        "record = EXCLUDED.record",
                        [(ev["id"], ev.get("story"), ev["type"], ev.get("date"), _dump(ev))
                         for ev in events])
        cur.executemany("INSERT INTO link_contradictions VALUES (%s,%s,%s) ON CONFLICT (id) DO UPDATE "
                        "SET story = EXCLUDED.story, record = EXCLUDED.record",
                        [(c["id"], c["story"], _dump(c)) for c in contradictions])

    def article_ids(self) -> set[str]:
        return {r[0] for r in self._q("SELECT id FROM articles")}

    def linked_articles(self, ids: Iterable[str]) -> dict[str, tuple[tuple, tuple]]:
        """The stored (entity per mention, speaker per quote) of the given articles."""
        ids = sorted(set(ids))
        if not ids:
            return {}
        return {r[0]: (tuple(json.loads(r[1])), tuple(json.loads(r[2]))) for r in self._q(
            "SELECT article, mention_entities, quote_speakers FROM link_articles WHERE article = ANY(%s)",
            (ids,))}

    def linked_articles_with(self, entity_ids: Iterable[str]) -> dict[str, tuple[tuple, tuple]]:
        """The stored links of every article that mentions or quotes one of the entities."""
        ids = sorted(set(entity_ids))
        if not ids:
            return {}
        articles = {r[0] for r in self._q(
            "SELECT article FROM link_entity_articles WHERE entity = ANY(%s) "
            "UNION SELECT article FROM link_quotes WHERE speaker = ANY(%s)", (ids, ids))}
        return self.linked_articles(articles)

    # -- search -----------------------------------------------------------------
    def search(self, q: str, *, limit: int = 20, offset: int = 0, date_from: str | None = None,
               date_to: str | None = None, outlet: str | None = None, entity: str | None = None,
               story: str | None = None) -> list[Hit]:
        """Ranked articles matching ``q`` (every word, in any of its spellings)."""
        query = parse_query(q)
        if not 1 <= limit <= 1000:
            raise QueryError("limit must be between 1 and 1000")
        tsq = fts5_to_tsquery(query.match)
        extra, extra_args = filter_sql(date_from, date_to, outlet, entity, story)
        where = "s.tsv @@ q.q" + (f" AND {pg_sql(extra)}" if extra else "")
        # Rank first, reading no article text; then fetch the bodies of this page only.
        sql = ("SELECT a.rowid AS rid, a.id, ts_rank('{0, 0, 0.6, 1.0}', s.tsv, q.q, 1) AS score "
               "FROM (SELECT %s::tsquery AS q) q, search_index s JOIN articles a ON a.rowid = s.rowid "
               f"WHERE {where} ORDER BY score DESC, a.id LIMIT %s OFFSET %s")
        try:
            ranked = self._q(sql, [tsq, *extra_args, limit, offset]).fetchall()
        except (psycopg.DataError, psycopg.ProgrammingError) as exc:
            raise QueryError(f"cannot search for {q!r}: {exc}") from exc
        if not ranked:
            return []
        rows = {r["rowid"]: r for r in self._q(
            "SELECT rowid, title, outlet, published, body FROM articles WHERE rowid = ANY(%s)",
            ([rk["rid"] for rk in ranked],))}
        hits = []
        for rk in ranked:
            r = rows[rk["rid"]]
            snip, start, hl = snippet(r["body"], query)
            hits.append(Hit(rk["id"], r["title"], r["outlet"], r["published"], float(rk["score"]),
                            snip, start, hl))
        return hits

    def _vector_matrix(self) -> tuple[np.ndarray, np.ndarray]:
        """(rowids, float16 matrix) of every stored vector, cached per generation."""
        gen = self.generation()
        if self._vec_cache is None or self._vec_cache[0] != gen:
            from marsad.analyze.embed import DIM

            ids, blobs = [], []
            with self.conn.cursor() as cur:
                for rowid, vec in cur.execute("SELECT rowid, vec FROM article_vectors ORDER BY rowid"):
                    ids.append(rowid)
                    blobs.append(bytes(vec))
            m = (np.frombuffer(b"".join(blobs), dtype=semantic.STORE_DTYPE).reshape(len(ids), DIM)
                 if ids else np.zeros((0, DIM), dtype=semantic.STORE_DTYPE))
            self._vec_cache = (gen, np.array(ids, dtype=np.int64), m)
        return self._vec_cache[1], self._vec_cache[2]

    def _semantic_ranked(self, query: str, limit: int, *, min_score: float = -1.0,
                         query_vector: np.ndarray | None = None,
                         **filters: str | None) -> list[tuple[int, float]]:
        """(rowid, cosine) of the articles nearest in meaning, best first, ties by
        rowid (as ``semantic.semantic_search``; exhaustive).  ``query_vector``: the
        query's embedding when the caller has it."""
        from marsad.analyze.embed import embed_query

        if query is None or not query.strip():
            raise QueryError("empty query: type a few words")
        if len(query) > semantic.MAX_QUERY_CHARS:
            raise QueryError(f"query too long ({len(query)} characters; at most {semantic.MAX_QUERY_CHARS})")
        if not 1 <= limit <= 1000:
            raise QueryError("limit must be between 1 and 1000")
        if self._q("SELECT value FROM vector_meta WHERE key='uid'").fetchone() is None:
            return []
        rowids, m = self._vector_matrix()
        if not len(rowids):
            return []
        q = np.asarray(embed_query(query) if query_vector is None else query_vector, dtype=np.float32)
        where, args = filter_sql(**filters)
        if where:
            allowed = [r for (r,) in self._q(f"SELECT a.rowid FROM articles a WHERE {pg_sql(where)}", args)]
            keep = np.isin(rowids, np.array(allowed, dtype=np.int64))
            rowids, m = rowids[keep], m[keep]
        sims = m.astype(np.float32) @ q
        scored = [(int(r), round(float(s), 6)) for r, s in zip(rowids, sims, strict=True)]
        return semantic._rank(scored, limit, min_score)

    def _match_count(self, clause: str, cap: int) -> int:
        return self._q("SELECT count(*) FROM (SELECT 1 FROM search_index WHERE tsv @@ %s::tsquery "
                       "LIMIT %s) t", (fts5_to_tsquery(clause), cap)).fetchone()[0]

    def _hybrid(self, query: str, keyword_hits: Sequence[Hit], limit: int,
                **filters: str | None) -> list[tuple[int, float]]:
        """The meaning ranking re-scored with the words the article shares with the
        query, as ``semantic.hybrid_search`` (see its formula), with ``ts_rank`` in
        place of bm25 for the any-concept ranking; ties by rowid."""
        ids = [h.id for h in keyword_hits]
        rowid_of = dict(self._q("SELECT id, rowid FROM articles WHERE id = ANY(%s)", (ids,)).fetchall()
                        ) if ids else {}
        kw = {rowid_of[a] for a in ids if a in rowid_of}
        from marsad.analyze.embed import embed_query

        q = np.asarray(embed_query(query), dtype=np.float32) if query and query.strip() else None
        cos = dict(self._semantic_ranked(query, semantic.HYBRID_POOL, query_vector=q, **filters))
        share = semantic.lexical_share(query)
        sparse: list[tuple[int, float]] = []
        weighted: list[tuple[list[tuple[str, ...]], float]] = []
        if share:
            n = self._q("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]
            rare, weighted = semantic.lexical_plan(semantic.concept_clauses(query), n, self._match_count)
            if rare and semantic.arabic_share(query):
                extra, extra_args = filter_sql(**filters)
                where = "s.tsv @@ q.q" + (f" AND {pg_sql(extra)}" if extra else "")
                sql = ("SELECT a.rowid, ts_rank('{0, 0, 0.6, 1.0}', s.tsv, q.q, 1) AS score "
                       "FROM (SELECT %s::tsquery AS q) q, search_index s JOIN articles a ON a.rowid = s.rowid "
                       f"WHERE {where} ORDER BY score DESC, a.rowid LIMIT %s")
                tsq = " | ".join(f"({fts5_to_tsquery(c)})" for c in rare)
                sparse = [(r, float(v)) for r, v in self._q(sql, [tsq, *extra_args, semantic.HYBRID_POOL])]
        missing = sorted(r for r in {r for r, _ in sparse} | kw if r not in cos)
        if missing and q is not None:
            rowids, m = self._vector_matrix()
            at = {int(r): i for i, r in enumerate(rowids)}
            for r in missing:
                if r in at:
                    cos[r] = round(float(m[at[r]].astype(np.float32) @ q), 6)

        def read_leads(rowids: list[int]) -> Iterator[Any]:
            return iter(self._q(f"SELECT rowid, title, substr(body, 1, {semantic.LEAD_CHARS}) FROM articles "
                                "WHERE rowid = ANY(%s)", (rowids,)).fetchall())

        return semantic.rescore(cos, sparse, kw, share, weighted, read_leads, limit)

    def semantic_search(self, q: str, *, limit: int = 10, hybrid: bool = False,
                        date_from: str | None = None, date_to: str | None = None,
                        outlet: str | None = None, entity: str | None = None,
                        story: str | None = None) -> list[Hit]:
        """Articles nearest in meaning to ``q`` (an English query finds Arabic articles);
        with ``hybrid``, fused with the keyword ranking."""
        filters = {"date_from": date_from, "date_to": date_to, "outlet": outlet, "entity": entity,
                   "story": story}
        if hybrid:
            try:
                kw = self.search(q, limit=50, **filters)
            except QueryError:
                kw = []
            ranked = self._hybrid(q, kw, limit, **filters)
        else:
            ranked = self._semantic_ranked(q, limit, **filters)
        hits = []
        for rowid, score in ranked:
            r = self._q("SELECT id, title, outlet, published, body FROM articles WHERE rowid=%s",
                        (rowid,)).fetchone()
            if r is not None:
                hits.append(Hit(r["id"], r["title"], r["outlet"], r["published"], float(score),
                                r["body"][:220], 0, ()))
        return hits

    # -- reading --------------------------------------------------------------
    def _pages(self, sql: str, key: str, params: Sequence[Any] = (), size: int = PAGE_ROWS) -> Iterator[Any]:
        """Rows of ``sql`` (a SELECT with ``{where}`` before its ORDER BY ``key``)
        page by page on ``key``, so a store of any size streams in bounded memory
        while the same connection writes in between."""
        last = None
        while True:
            where = f"WHERE {key} > %s" if last is not None else ""
            rows = self._q(sql.replace("{where}", where) + f" ORDER BY {key} LIMIT {size}",
                           [*params, *([last] if last is not None else [])]).fetchall()
            yield from rows
            if len(rows) < size:
                return
            last = rows[-1]["id"]

    def raw_documents(self) -> Iterator[RawDocument]:
        """Every stored document, in canonical (content-hash) order."""
        sql = ("SELECT r.id, r.kind, r.data, r.encoding, r.hints, "
               "(SELECT path FROM sources s WHERE s.raw_id=r.id ORDER BY path, url LIMIT 1) AS path, "
               "(SELECT url FROM sources s WHERE s.raw_id=r.id ORDER BY path, url LIMIT 1) AS url "
               "FROM raw r {where}")
        for row in self._pages(sql, "r.id", size=64):
            data = bytes(row["data"])
            hints = Hints(**json.loads(row["hints"]))
            yield RawDocument(id=row["id"], source=Source(row["path"] or None, row["url"] or hints.url),
                              kind=row["kind"], data=data, text=_decode_stored(data, row["encoding"]),
                              encoding=row["encoding"], hints=hints)

    def raw_bytes(self, raw_id: str) -> bytes | None:
        row = self._q("SELECT data FROM raw WHERE id=%s", (raw_id,)).fetchone()
        return bytes(row[0]) if row else None

    def pending_analysis(self) -> list[int]:
        """Row ids, in store order, of the articles that have no analysis yet."""
        return [r[0] for r in self._q(
            "SELECT a.rowid FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM analyses n WHERE n.article_id = a.id) ORDER BY a.rowid")]

    def articles_by_rowid(self, rowids: list[int]) -> list[Article]:
        """The stored articles with these row ids, as `Article`s, in the order given."""
        rows = {r["rowid"]: r for r in self._q("SELECT * FROM articles WHERE rowid = ANY(%s)",
                                               (list(rowids),))}
        return [stored_article(rows[i]) for i in rowids if i in rows]

    def article_rows(self) -> Iterator[Row]:
        return self._pages(_WITH_ANALYSIS + "{where}", "a.id")

    def article_rows_by_id(self, ids: list[str] | tuple[str, ...]) -> list[Row]:
        """The given articles with their analyses, in id order."""
        ids = sorted(ids)
        out: list[Row] = []
        for i in range(0, len(ids), PAGE_ROWS):
            out += self._q(_WITH_ANALYSIS + "WHERE a.id = ANY(%s) ORDER BY a.id",
                           (ids[i:i + PAGE_ROWS],)).fetchall()
        return out

    def article_row(self, article_id: str) -> Row | None:
        return self._q(_WITH_ANALYSIS + "WHERE a.id=%s OR a.id LIKE %s ORDER BY a.id LIMIT 1",
                       (article_id, article_id + "%")).fetchone()

    def failures(self) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self._q("SELECT input, reason FROM failures ORDER BY input, reason")]

    def stats(self) -> dict[str, Any]:
        def one(sql: str) -> int:
            return self._q(sql).fetchone()[0]

        # Counted in the server: a big store's analyses never travel to Python.
        found = self._q(
            "SELECT " + ", ".join(f"coalesce(sum(jsonb_array_length(coalesce(data::jsonb -> '{k}', "
                                  "'[]'::jsonb))), 0)" for k in ("mentions", "quotes", "events"))
            + " FROM analyses").fetchone()
        links = self.link_counts()
        return {
            "documents": one("SELECT count(*) FROM raw"),
            "articles": one("SELECT count(*) FROM articles"),
            "split_articles": one("SELECT count(*) FROM articles WHERE parent IS NOT NULL"),
            "outlets": one("SELECT count(DISTINCT outlet) FROM articles WHERE outlet IS NOT NULL"),
            "dated_articles": one("SELECT count(*) FROM articles WHERE published IS NOT NULL"),
            **{k: v for k, v in links.items() if k != "contradictions"},
            "mentions": int(found[0]),
            "quotes": int(found[1]),
            "events": int(found[2]),
            "contradictions": links["contradictions"],
            "failures": one("SELECT count(*) FROM failures"),
        }

    # -- reading the link tables (as store/linked.py) ----------------------------
    def linked_article_rows(self) -> Iterator[Row]:
        """Every article with its analysis and link result, in id order."""
        return self._pages(_LINKED_ROWS + "{where}", "a.id")

    def linked_article_row(self, article_id: str) -> Row | None:
        """One article by id or unique-enough id prefix."""
        return self._q(_LINKED_ROWS + "WHERE a.id=%s OR a.id LIKE %s ORDER BY a.id LIMIT 1",
                       (article_id, article_id.replace("%", "").replace("_", "") + "%")).fetchone()

    def story_article_rows(self, story_id: str) -> list[Row]:
        """A story's articles with analysis and links, oldest first."""
        return self._q(_LINKED_ROWS + "WHERE sa.story=%s ORDER BY a.published IS NULL, a.published, a.id",
                       (story_id,)).fetchall()

    def linked_article(self, article_id: str) -> tuple[list[str | None], list[str | None], str | None]:
        """(entity per mention, speaker per quote, story) of one article."""
        row = self._q("SELECT mention_entities, quote_speakers FROM link_articles WHERE article=%s",
                      (article_id,)).fetchone()
        story = self._q("SELECT story FROM link_story_articles WHERE article=%s", (article_id,)).fetchone()
        if row is None:
            return [], [], story[0] if story else None
        return json.loads(row[0]), json.loads(row[1]), story[0] if story else None

    def _record(self, table: str, key: str) -> dict[str, Any] | None:
        row = self._q(f"SELECT record FROM {table} WHERE id=%s", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def _records(self, table: str) -> Iterator[dict[str, Any]]:
        """A link table's JSON records in id order, streamed a page at a time."""
        last = None
        while True:
            rows = self._q(f"SELECT id, record FROM {table} "
                           + ("WHERE id > %s " if last is not None else "")
                           + f"ORDER BY id LIMIT {PAGE_ROWS}", [last] if last is not None else []).fetchall()
            for _, rec in rows:
                yield json.loads(rec)
            if len(rows) < PAGE_ROWS:
                return
            last = rows[-1][0]

    def story_record(self, story_id: str) -> dict[str, Any] | None:
        return self._record("link_stories", story_id)

    def story_records(self) -> Iterator[dict[str, Any]]:
        return self._records("link_stories")

    def story_list(self, limit: int = 20, offset: int = 0, order: str = "recent") -> list[Row]:
        """Stories for a listing: most recent first, or biggest first."""
        by = ("last_date IS NULL, last_date DESC, n_articles DESC, id" if order == "recent"
              else "n_articles DESC, n_outlets DESC, last_date DESC NULLS LAST, id")
        return self._q(f"SELECT id, title, first_date, last_date, n_articles, n_outlets, record "
                       f"FROM link_stories ORDER BY {by} LIMIT %s OFFSET %s", (limit, offset)).fetchall()

    def entity_record(self, entity_id: str) -> dict[str, Any] | None:
        return self._record("link_entities", entity_id)

    def entity_records(self) -> Iterator[dict[str, Any]]:
        return self._records("link_entities")

    def entity_list(self, limit: int = 50, offset: int = 0, type_: str | None = None) -> list[Row]:
        where, args = ("WHERE type=%s", [type_]) if type_ else ("", [])
        return self._q(f"SELECT id, type, name, en, mentions FROM link_entities {where} "
                       "ORDER BY mentions DESC, id LIMIT %s OFFSET %s", (*args, limit, offset)).fetchall()

    def entity_names(self, ids: Iterable[str]) -> dict[str, Row]:
        ids = sorted(set(i for i in ids if i))
        if not ids:
            return {}
        rows = self._q("SELECT id, type, name, en FROM link_entities WHERE id = ANY(%s)", (ids,))
        return {r["id"]: r for r in rows}

    def entity_articles(self, entity_id: str, limit: int = 50, offset: int = 0) -> list[Row]:
        """Articles that mention an entity, newest first."""
        return self._q(
            "SELECT a.id, a.title, a.outlet, a.published, ea.mentions, sa.story FROM link_entity_articles ea "
            "JOIN articles a ON a.id = ea.article LEFT JOIN link_story_articles sa ON sa.article = a.id "
            "WHERE ea.entity=%s ORDER BY a.published IS NULL, a.published DESC, a.id LIMIT %s OFFSET %s",
            (entity_id, limit, offset)).fetchall()

    def entity_timeline(self, entity_id: str) -> list[tuple[str, int]]:
        """(month, mentions) of an entity, oldest first."""
        return [(r[0], int(r[1])) for r in self._q(
            "SELECT substr(a.published, 1, 7) AS m, sum(ea.mentions) FROM link_entity_articles ea "
            "JOIN articles a ON a.id = ea.article WHERE ea.entity=%s AND a.published IS NOT NULL "
            "GROUP BY m ORDER BY m", (entity_id,))]

    def entity_stories(self, entity_id: str, limit: int = 20) -> list[Row]:
        return self._q(
            "SELECT s.id, s.title, s.first_date, s.last_date, s.n_articles, s.n_outlets, count(*) AS hits "
            "FROM link_entity_articles ea JOIN link_story_articles sa ON sa.article = ea.article "
            "JOIN link_stories s ON s.id = sa.story WHERE ea.entity=%s "
            "GROUP BY s.id ORDER BY hits DESC, s.last_date DESC NULLS LAST, s.id LIMIT %s",
            (entity_id, limit)).fetchall()

    def co_entities(self, entity_id: str, limit: int = 15) -> list[Row]:
        """Entities that appear in the same articles, most shared articles first."""
        return self._q(
            "SELECT e.id, e.type, e.name, e.en, count(*) AS shared FROM link_entity_articles a1 "
            "JOIN link_entity_articles a2 ON a2.article = a1.article AND a2.entity != a1.entity "
            "JOIN link_entities e ON e.id = a2.entity WHERE a1.entity=%s "
            "GROUP BY e.id ORDER BY shared DESC, e.id LIMIT %s", (entity_id, limit)).fetchall()

    def event_records(self, story: str | None = None) -> Iterator[dict[str, Any]]:
        if story is None:
            return self._records("link_events")
        rows = self._q("SELECT record FROM link_events WHERE story=%s ORDER BY date NULLS FIRST, id",
                       (story,)).fetchall()
        return (json.loads(r[0]) for r in rows)

    def contradiction_records(self, story: str | None = None, limit: int | None = None,
                              offset: int = 0) -> list[dict[str, Any]]:
        where, args = ("WHERE story=%s", [story]) if story else ("", [])
        lim = "LIMIT %s OFFSET %s" if limit is not None else ""
        if limit is not None:
            args += [limit, offset]
        return [json.loads(r[0]) for r in self._q(
            f"SELECT record FROM link_contradictions {where} ORDER BY id {lim}", args)]

    def link_counts(self) -> dict[str, int]:
        def one(t: str) -> int:
            return self._q(f"SELECT count(*) FROM {t}").fetchone()[0]

        return {"stories": one("link_stories"), "entities": one("link_entities"),
                "contradictions": one("link_contradictions")}
