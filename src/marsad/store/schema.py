"""The SQLite schema, as numbered migrations.

A store records the schema version it is at; opening it applies the
migrations it lacks, each in its own transaction, so an old store upgrades in
place and a half-applied migration never sticks.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable


def _search_index(db: sqlite3.Connection) -> None:
    """2: the full-text index over normalised keys, filled for existing articles."""
    from marsad.store.search import index_columns

    db.execute("CREATE VIRTUAL TABLE search_fts USING fts5(terms, names, "
               "tokenize='unicode61 remove_diacritics 0')")
    rows = db.execute("SELECT rowid, title, body FROM articles").fetchall()
    for rowid, title, body in rows:
        db.execute("INSERT INTO search_fts(rowid, terms, names) VALUES (?,?,?)",
                   (rowid, *index_columns(title, body)))


def _vectors(db: sqlite3.Connection) -> None:
    """3: meaning vectors of articles for semantic search, filled for existing articles."""
    from marsad.store import semantic

    semantic.ensure_schema(db)
    semantic.embed_articles(db)


MIGRATIONS: tuple[str | Callable[[sqlite3.Connection], None], ...] = (
    # 1: raw documents, their sources, cleaned articles, analyses, failures.
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE raw (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        data BLOB NOT NULL,
        encoding TEXT NOT NULL,
        hints TEXT NOT NULL
    );
    CREATE TABLE sources (
        raw_id TEXT NOT NULL REFERENCES raw(id) ON DELETE CASCADE,
        path TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (raw_id, path, url)
    );
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
        removed TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX articles_raw ON articles(raw_id);
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE analyses (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        data TEXT NOT NULL
    );
    CREATE TABLE failures (
        input TEXT NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (input, reason)
    );
    """,
    _search_index,
    _vectors,
    # 4: what the link stage made of the whole store (stories, entities, events,
    # contradictions), kept so reading a big store never re-links it.  Rewritten as
    # a whole by each link; ``link_generation`` in meta says which state of the
    # articles it describes (``generation`` counts article writes).
    """
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
        PRIMARY KEY (entity, article)) WITHOUT ROWID;
    CREATE INDEX link_entity_articles_article ON link_entity_articles(article);
    CREATE TABLE link_articles (article TEXT PRIMARY KEY, mention_entities TEXT NOT NULL,
        quote_speakers TEXT NOT NULL);
    CREATE TABLE link_quotes (
        speaker TEXT NOT NULL, article TEXT NOT NULL, idx INTEGER NOT NULL,
        PRIMARY KEY (speaker, article, idx)) WITHOUT ROWID;
    CREATE TABLE link_events (
        id TEXT PRIMARY KEY, story TEXT, type TEXT NOT NULL, date TEXT, record TEXT NOT NULL);
    CREATE INDEX link_events_story ON link_events(story, date);
    CREATE TABLE link_contradictions (
        id TEXT PRIMARY KEY, story TEXT NOT NULL, record TEXT NOT NULL);
    CREATE INDEX link_contradictions_story ON link_contradictions(story);
    """,
    # 5: what a page of a large store needs answered from an index: an entity's
    # mentions per month (the month kept beside each entity-article row), the
    # biggest stories, articles by outlet.
    """
    ALTER TABLE link_entity_articles ADD COLUMN month TEXT;
    UPDATE link_entity_articles SET month = (SELECT substr(a.published, 1, 7) FROM articles a
                                             WHERE a.id = link_entity_articles.article);
    CREATE INDEX link_entity_articles_month ON link_entity_articles(entity, month, mentions);
    CREATE INDEX link_stories_biggest ON link_stories(n_articles DESC, n_outlets DESC, last_date DESC, id);
    CREATE INDEX articles_outlet ON articles(outlet);
    """,
    # 6: the article list, newest first (all, or one outlet's), read from an index that
    # holds the order and the id, so a page never reads the rows it skips or sorts.
    """
    CREATE INDEX articles_newest ON articles(published DESC, id);
    CREATE INDEX articles_outlet_newest ON articles(outlet, published DESC, id);
    DROP INDEX articles_outlet;
    DROP INDEX articles_published;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
