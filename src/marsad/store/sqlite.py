"""SQLite store: the one place with side effects.

WAL mode and one transaction per document: a ``kill -9`` in the middle of a
large ingest leaves every document either fully stored or absent, and
re-running the same command stores the rest.  Raw bytes are kept, so
``rebuild`` can redo every stage after an upgrade.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from marsad.errors import MarsadError, QueryError
from marsad.model import Analysis, Article, Hints, PublishedDate, RawDocument, Removed, Source
from marsad.store import semantic
from marsad.store.linked import LinkedStore
from marsad.store.schema import MIGRATIONS, SCHEMA_VERSION
from marsad.store.search import Hit, index_columns, ranked_ids, search


class StoreError(MarsadError):
    pass


def _hints_json(h: Hints) -> str:
    return json.dumps(asdict(h), ensure_ascii=False, sort_keys=True)


def analysis_json(a: Analysis) -> str:
    d = asdict(a)
    d.pop("article_id")
    return json.dumps(d, ensure_ascii=False, sort_keys=True)


class Store(LinkedStore):
    """A Marsad knowledge base in one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable Marsad store ({exc})") from exc

    # -- schema ---------------------------------------------------------------
    def _version(self) -> int:
        has_meta = self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
        if not has_meta:
            if self.db.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]:
                raise StoreError(f"{self.path}: an SQLite file that is not a Marsad store")
            return 0
        row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row else 0

    def _migrate(self) -> None:
        version = self._version()
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: store schema {version} is newer than this Marsad "
                             f"({SCHEMA_VERSION}); upgrade Marsad")
        for n in range(version, SCHEMA_VERSION):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                step = MIGRATIONS[n]
                if callable(step):
                    step(self.db)
                else:
                    for stmt in step.split(";"):
                        if stmt.strip():
                            self.db.execute(stmt)
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(n + 1),))
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing --------------------------------------------------------------
    def has_raw(self, raw_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM raw WHERE id=?", (raw_id,)).fetchone() is not None

    def add_source(self, raw_id: str, source: Source) -> None:
        self.db.execute("INSERT OR IGNORE INTO sources VALUES (?,?,?)",
                        (raw_id, source.path or "", source.url or ""))

    def put(self, raw: RawDocument, articles: list[Article], analyses: list[Analysis],
            input_name: str | None = None, index: list[tuple[str, str]] | None = None,
            vectors: list | None = None) -> bool:
        """Store a document and what was made of it, atomically.  False if it was
        already stored (the same content hash): ingest is idempotent."""
        return self.put_many([(raw, articles, analyses, input_name, index, vectors)])[0]

    def put_many(self, items: list[tuple[RawDocument, list[Article], list[Analysis], str | None,
                                         list[tuple[str, str]] | None, list | None]]) -> list[bool]:
        """`put` for several documents (``(raw, articles, analyses, input_name, index,
        vectors)`` each) in one transaction: the full-text index writes a segment per
        transaction, so this is several times cheaper than one `put` each.  Each document
        is still stored whole or not at all; when one fails, the others are stored one
        by one before its error is raised, as one `put` each would have done."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            added = [self._put_one(*item) for item in items]
            self.db.execute("COMMIT")
            return added
        except BaseException as exc:
            self.db.execute("ROLLBACK")
            if len(items) > 1 and isinstance(exc, Exception):
                return [self.put(*item) for item in items]
            raise

    def _put_one(self, raw: RawDocument, articles: list[Article], analyses: list[Analysis],
                 input_name: str | None, index: list[tuple[str, str]] | None, vectors: list | None) -> bool:
        if self.has_raw(raw.id):
            self.add_source(raw.id, raw.source)
            return False
        seq = self.db.execute("SELECT coalesce(max(seq), 0) + 1 FROM raw").fetchone()[0]
        self.db.execute("INSERT INTO raw VALUES (?,?,?,?,?,?)",
                        (raw.id, seq, raw.kind, raw.data, raw.encoding, _hints_json(raw.hints)))
        self.add_source(raw.id, raw.source)
        self._write_articles(articles, analyses, index, vectors)
        self._bump_generation()
        if input_name:
            self.db.execute("DELETE FROM failures WHERE input=?", (input_name,))
        return True

    def _write_articles(self, articles: list[Article], analyses: list[Analysis],
                        index: list[tuple[str, str]] | None = None, vectors: list | None = None) -> None:
        """Write articles, their analyses, search-index rows and meaning vectors.
        ``index`` and ``vectors`` (one per article) may be computed elsewhere, e.g. in a worker."""
        if index is None:
            index = [index_columns(a.title, a.body) for a in articles]
        if vectors is None:
            vectors = article_vectors(articles)
        for a, cols, vec in zip(articles, index, vectors, strict=True):
            self._delete_article(a.id)
            cur = self.db.execute(
                "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (a.id, a.raw_id, a.index, a.parent, a.source.path, a.source.url, a.title, a.outlet,
                 a.section, a.credited_source, a.published.value, a.published.basis, a.page_date,
                 a.body, json.dumps([[r.text, r.kind] for r in a.removed], ensure_ascii=False)))
            self.db.execute("INSERT INTO search_fts(rowid, terms, names) VALUES (?,?,?)",
                            (cur.lastrowid, *cols))
            if vec is not None:  # None: analysis (and embedding) left for later
                semantic.add_vectors(self.db, [(cur.lastrowid, vec)])
        for an in analyses:
            self.db.execute("INSERT OR REPLACE INTO analyses VALUES (?,?)",
                            (an.article_id, analysis_json(an)))

    def _delete_article(self, article_id: str) -> None:
        row = self.db.execute("SELECT rowid FROM articles WHERE id=?", (article_id,)).fetchone()
        if row is not None:
            self.db.execute("DELETE FROM search_fts WHERE rowid=?", (row[0],))
            semantic.delete(self.db, [row[0]])
            self.db.execute("DELETE FROM analyses WHERE article_id=?", (article_id,))
            self.db.execute("DELETE FROM articles WHERE id=?", (article_id,))

    def search(self, q: str, **kw: Any) -> list[Hit]:
        """Ranked full-text search (see store/search.py)."""
        return search(self.db, q, **kw)

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
                kw = ranked_ids(self.db, q, limit=50, all_if_few=True, **filters)
            except QueryError:
                kw = []
            ranked = [(f.rowid, f.score) for f in semantic.hybrid_search(self.db, q, kw, limit, **filters)]
        else:
            ranked = semantic.semantic_search(self.db, q, limit, **filters)
        hits = []
        for rowid, score in ranked:
            r = self.db.execute("SELECT id, title, outlet, published, body FROM articles WHERE rowid=?",
                                (rowid,)).fetchone()
            if r is not None:
                lead = r["body"][:220]
                hits.append(Hit(r["id"], r["title"], r["outlet"], r["published"], float(score), lead, 0, ()))
        return hits

    def replace_articles(self, raw_id: str, articles: list[Article], analyses: list[Analysis],
                         index: list[tuple[str, str]] | None = None, vectors: list | None = None) -> None:
        """Swap a document's articles for freshly made ones (rebuild), atomically."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for (old,) in self.db.execute("SELECT id FROM articles WHERE raw_id=?", (raw_id,)).fetchall():
                self._delete_article(old)
            self._write_articles(articles, analyses, index, vectors)
            self._bump_generation()
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def delete_article(self, article_id: str) -> bool:
        """Remove one article (its analysis, index rows and vector with it); the raw
        page stays, so ``rebuild`` would bring the article back.  False if absent."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            found = self.db.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone()
            if found:
                self._delete_article(article_id)
                self._bump_generation()
            self.db.execute("COMMIT")
            return bool(found)
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def set_story_date(self, article_id: str, value: str | None, basis: str, analysis: str) -> None:
        """Record the publication date an article's story fixed, with the analysis
        re-run against it.  Not an article change for linking (the link stage makes
        it, from the articles' own dates), so the generation stays."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute("UPDATE articles SET published=?, published_basis=? WHERE id=?",
                            (value, basis, article_id))
            self.db.execute("UPDATE analyses SET data=? WHERE article_id=?", (analysis, article_id))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def put_analyses(self, analyses: list[Analysis], vectors: list, undated: frozenset[str] = frozenset()
                     ) -> None:
        """Store analyses (and meaning vectors) of articles already stored, atomically:
        the second half of an ingest that left analysis for later.  Articles in ``undated``
        lose the date an earlier link gave them from their story (it was given before they were
        analysed; the next full link gives it again)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for an, vec in zip(analyses, vectors, strict=True):
                row = self.db.execute("SELECT rowid FROM articles WHERE id=?", (an.article_id,)).fetchone()
                if row is None:
                    continue  # deleted meanwhile
                self.db.execute("INSERT OR REPLACE INTO analyses VALUES (?,?)",
                                (an.article_id, analysis_json(an)))
                if an.article_id in undated:
                    self.db.execute("UPDATE articles SET published=NULL, published_basis='unknown' "
                                    "WHERE id=? AND published_basis='story'", (an.article_id,))
                if vec is not None:
                    semantic.add_vectors(self.db, [(row[0], vec)])
            if analyses:
                self._bump_generation()
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def record_failure(self, input_name: str, reason: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO failures VALUES (?,?)", (input_name, reason))

    # -- reading --------------------------------------------------------------
    def raw_documents(self) -> Iterator[RawDocument]:
        """Every stored document, in canonical (content-hash) order."""
        rows = self.db.execute(
            "SELECT r.id, r.kind, r.data, r.encoding, r.hints, "
            "(SELECT path FROM sources s WHERE s.raw_id=r.id ORDER BY path, url LIMIT 1) AS path, "
            "(SELECT url FROM sources s WHERE s.raw_id=r.id ORDER BY path, url LIMIT 1) AS url "
            "FROM raw r ORDER BY r.id")
        for row in rows:
            data = bytes(row["data"])
            hints = Hints(**json.loads(row["hints"]))
            text = _decode_stored(data, row["encoding"])
            yield RawDocument(id=row["id"], source=Source(row["path"] or None, row["url"] or hints.url),
                              kind=row["kind"], data=data, text=text, encoding=row["encoding"],
                              hints=hints)

    def raw_bytes(self, raw_id: str) -> bytes | None:
        row = self.db.execute("SELECT data FROM raw WHERE id=?", (raw_id,)).fetchone()
        return bytes(row[0]) if row else None

    def pending_analysis(self) -> list[int]:
        """Row ids, in store order, of the articles that have no analysis yet."""
        return [r[0] for r in self.db.execute(
            "SELECT a.rowid FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM analyses n WHERE n.article_id = a.id) ORDER BY a.rowid")]

    def articles_by_rowid(self, rowids: list[int]) -> list[Article]:
        """The stored articles with these row ids, as `Article`s, in the order given."""
        rows: dict[int, sqlite3.Row] = {}
        for i in range(0, len(rowids), 500):
            chunk = rowids[i:i + 500]
            for r in self.db.execute(f"SELECT rowid AS rid, * FROM articles WHERE rowid IN "
                                     f"({','.join('?' * len(chunk))})", chunk):
                rows[r["rid"]] = r
        return [stored_article(rows[i]) for i in rowids if i in rows]

    def article_rows(self) -> Iterator[sqlite3.Row]:
        return self.db.execute(
            "SELECT a.*, coalesce(n.data, '{}') AS analysis FROM articles a "
            "LEFT JOIN analyses n ON n.article_id = a.id ORDER BY a.id")

    def article_rows_by_id(self, ids: list[str] | tuple[str, ...]) -> list[sqlite3.Row]:
        """The given articles with their analyses, in id order."""
        out: list[sqlite3.Row] = []
        ids = sorted(ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            out += self.db.execute(
                "SELECT a.*, coalesce(n.data, '{}') AS analysis FROM articles a LEFT JOIN analyses n "
                f"ON n.article_id = a.id WHERE a.id IN ({','.join('?' * len(chunk))}) ORDER BY a.id",
                chunk).fetchall()
        return out

    def article_row(self, article_id: str) -> sqlite3.Row | None:
        return self.db.execute(
            "SELECT a.*, coalesce(n.data, '{}') AS analysis FROM articles a "
            "LEFT JOIN analyses n ON n.article_id = a.id WHERE a.id=? OR a.id LIKE ? "
            "ORDER BY a.id LIMIT 1", (article_id, article_id + "%")).fetchone()

    def failures(self) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self.db.execute("SELECT input, reason FROM failures ORDER BY input")]

    def stats(self) -> dict[str, Any]:
        q = self.db.execute
        # Counted inside SQLite (json1): a big store's analyses are never parsed in Python.
        found = q("SELECT coalesce(sum(json_array_length(data, '$.mentions')), 0), "
                  "coalesce(sum(json_array_length(data, '$.quotes')), 0), "
                  "coalesce(sum(json_array_length(data, '$.events')), 0) FROM analyses").fetchone()
        return {
            "documents": q("SELECT count(*) FROM raw").fetchone()[0],
            "articles": q("SELECT count(*) FROM articles").fetchone()[0],
            "split_articles": q("SELECT count(*) FROM articles WHERE parent IS NOT NULL").fetchone()[0],
            "outlets": q("SELECT count(DISTINCT outlet) FROM articles WHERE outlet IS NOT NULL").fetchone()[0],
            "dated_articles": q("SELECT count(*) FROM articles WHERE published IS NOT NULL").fetchone()[0],
            **{k: v for k, v in self.link_counts().items() if k != "contradictions"},
            "mentions": found[0],
            "quotes": found[1],
            "events": found[2],
            "contradictions": self.link_counts()["contradictions"],
            "failures": q("SELECT count(*) FROM failures").fetchone()[0],
        }


def stored_article(r: Any) -> Article:
    """An `Article` rebuilt from its stored row (what analysis needs of it, and more)."""
    removed = tuple(Removed(text, kind) for text, kind in json.loads(r["removed"] or "[]"))
    return Article(id=r["id"], raw_id=r["raw_id"], index=r["idx"], parent=r["parent"],
                   source=Source(r["source_path"] or None, r["source_url"] or None), title=r["title"], outlet=r["outlet"],
                   section=r["section"], credited_source=r["credited_source"],
                   published=PublishedDate(r["published"], r["published_basis"]), page_date=r["page_date"],
                   body=r["body"], removed=removed)


def article_vectors(articles: list[Article]) -> list:
    """Meaning vectors of articles (title and lead), one per article."""
    from marsad.analyze.embed import article_text, embed_texts

    if not articles:
        return []
    return list(embed_texts([article_text(a.title, a.body) for a in articles]))


def _decode_stored(data: bytes, encoding: str) -> str:
    """The text ingest read from these bytes (a byte-order mark is not text: ingest
    dropped it, so rebuild must too, or the first line of the page changes)."""
    enc = encoding.split(" ")[0]
    try:
        text = data.decode(enc)
    except (LookupError, UnicodeDecodeError):
        text = data.decode("utf-8", errors="replace")
    return text.removeprefix("\ufeff")
