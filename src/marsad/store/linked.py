"""The link stage's results as stored tables (migration 4).

Linking a large store takes minutes, reading it must take milliseconds: the
web UI, ``show``, ``stats`` and the export read these tables and never re-link.
Each link rewrites them in one transaction, so a reader sees either the old
result or the new one, never half of each.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any


def _dump(obj: Any) -> str:
    if isinstance(obj, Packed):
        return obj.json
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)


class Packed(Mapping[str, Any]):
    """A link record held as the JSON the store will write, with the few fields the writers
    read kept beside it.  A link of 200,000 articles holds about a million records (stories,
    events, entities) until it writes them all in one transaction, and nested dicts and lists
    take several times the memory of their JSON text."""

    __slots__ = ("_fields", "json")

    def __init__(self, record: Mapping[str, Any], fields: tuple[str, ...]) -> None:
        self.json = _dump(record)
        self._fields = {k: record[k] for k in fields if k in record}

    def __getitem__(self, key: str) -> Any:
        if key in self._fields:
            return self._fields[key]
        return json.loads(self.json)[key]

    def __iter__(self) -> Iterator[str]:
        return iter(json.loads(self.json))

    def __len__(self) -> int:
        return len(json.loads(self.json))


STORY_FIELDS = ("id", "title", "first_date", "last_date", "articles", "outlets")
ENTITY_FIELDS = ("id", "type", "name", "en", "mention_count")
EVENT_FIELDS = ("id", "story", "type", "date")
CONTRADICTION_FIELDS = ("id", "story")


def _entity_counts(ents: Iterable[str | None]) -> list[tuple[str, int]]:
    """(entity, mentions) of one article, by entity."""
    counts: dict[str, int] = {}
    for e in ents:
        if e:
            counts[e] = counts.get(e, 0) + 1
    return sorted(counts.items())


@dataclass(frozen=True)
class LinkTables:
    """Everything one link produced, ready to be written."""

    stories: tuple[dict[str, Any], ...] = ()
    entities: tuple[dict[str, Any], ...] = ()
    # article id -> (entity id per analysis mention, speaker entity per analysis quote)
    articles: tuple[tuple[str, tuple[str | None, ...], tuple[str | None, ...]], ...] = ()
    events: tuple[dict[str, Any], ...] = ()
    contradictions: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class LinkDelta:
    """What an incremental link changed: whole records for the stories it touched
    (``story_ids``: their old events and contradictions go), the full entity list,
    and the links of new and remapped articles."""

    stories: tuple[dict[str, Any], ...] = ()
    story_ids: tuple[str, ...] = ()
    entities: tuple[dict[str, Any], ...] = ()
    articles: tuple[tuple[str, tuple[str | None, ...], tuple[str | None, ...]], ...] = ()
    events: tuple[dict[str, Any], ...] = ()
    contradictions: tuple[dict[str, Any], ...] = ()
    # When given, only these entities' rows are replaced (by those of them in
    # ``entities``, the others are gone); when None, ``entities`` is the full list.
    # Only for stores whose ``partial_entity_delta`` is true.
    entity_ids: tuple[str, ...] | None = None


class LinkedStore:
    """Mixin of Store: reads and writes the link tables."""

    db: sqlite3.Connection
    partial_entity_delta = True  # write_link_delta understands LinkDelta.entity_ids

    # -- generations ----------------------------------------------------------
    def _meta_get(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def _bump_generation(self) -> None:
        """Called inside each write transaction that changes articles."""
        self.db.execute(
            "INSERT INTO meta VALUES ('generation', '1') ON CONFLICT(key) DO UPDATE "
            "SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)")

    def generation(self) -> int:
        """How many writes have changed the articles (0 for a new store)."""
        return int(self._meta_get("generation") or 0)

    def link_generation(self) -> int | None:
        """The article generation the stored link result describes (None: never linked)."""
        v = self._meta_get("link_generation")
        return int(v) if v is not None else None

    def link_is_current(self) -> bool:
        return self.link_generation() == self.generation()

    # -- writing --------------------------------------------------------------
    def write_link(self, tables: LinkTables, generation: int) -> bool:
        """Replace the link result by ``tables`` (computed at ``generation``).
        False, and nothing written, when articles changed meanwhile."""
        def write() -> None:
            for t in ("link_stories", "link_story_articles", "link_entities", "link_entity_articles",
                      "link_articles", "link_quotes", "link_events", "link_contradictions"):
                self.db.execute(f"DELETE FROM {t}")
            self._put_stories(tables.stories)
            self._put_entities(tables.entities)
            self._put_articles(tables.articles, fresh=True)
            self._put_events(tables.events, tables.contradictions)
        return self._link_transaction(generation, write)

    def write_link_delta(self, delta: LinkDelta, generation: int) -> bool:
        """Apply an incremental link's changes (see LinkDelta); False, and nothing
        written, when articles changed meanwhile."""
        def write() -> None:
            for sid in delta.story_ids:
                for t, col in (("link_stories", "id"), ("link_events", "story"),
                               ("link_contradictions", "story")):
                    self.db.execute(f"DELETE FROM {t} WHERE {col}=?", (sid,))
            self._put_stories(delta.stories)
            if delta.entity_ids is None:
                self.db.execute("DELETE FROM link_entities")
            else:
                self.db.executemany("DELETE FROM link_entities WHERE id=?", [(e,) for e in delta.entity_ids])
            self._put_entities(delta.entities)
            self._put_articles(delta.articles, fresh=False)
            self._put_events(delta.events, delta.contradictions)
        return self._link_transaction(generation, write)

    def _link_transaction(self, generation: int, write: Any) -> bool:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            if self.generation() != generation:
                db.execute("ROLLBACK")
                return False
            write()
            db.execute("INSERT OR REPLACE INTO meta VALUES ('link_generation', ?)", (str(generation),))
            db.execute("COMMIT")
            return True
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _put_stories(self, stories: Iterable[dict[str, Any]]) -> None:
        for s in stories:
            self.db.execute("INSERT INTO link_stories VALUES (?,?,?,?,?,?,?)",
                            (s["id"], s["title"], s["first_date"], s["last_date"], len(s["articles"]),
                             len(s["outlets"]), _dump(s)))
            self.db.executemany("INSERT OR REPLACE INTO link_story_articles VALUES (?,?)",
                                [(a, s["id"]) for a in s["articles"]])

    def _put_entities(self, entities: Iterable[dict[str, Any]]) -> None:
        self.db.executemany("INSERT INTO link_entities VALUES (?,?,?,?,?,?)",
                            [(e["id"], e["type"], e["name"], e.get("en"), e["mention_count"], _dump(e))
                             for e in entities])

    def _put_articles(self, articles: Iterable[tuple[str, tuple, tuple]], fresh: bool) -> None:
        db = self.db
        if fresh:
            # Into emptied tables: three statements for all articles instead of three per
            # article (a full link of 200,000 articles made 600,000 calls).
            articles = list(articles)
            db.executemany("INSERT OR REPLACE INTO link_articles VALUES (?,?,?)",
                           [(a, _dump(list(ents)), _dump(list(sps))) for a, ents, sps in articles])
            db.executemany("INSERT INTO link_entity_articles VALUES (?,?,?, (SELECT substr(published, 1, 7) "
                           "FROM articles WHERE id=?))",
                           [(e, a, n, a) for a, ents, _ in articles for e, n in _entity_counts(ents)])
            db.executemany("INSERT OR IGNORE INTO link_quotes VALUES (?,?,?)",
                           [(sp, a, i) for a, _, sps in articles for i, sp in enumerate(sps) if sp])
            return
        for article, ents, speakers in articles:
            if not fresh:
                db.execute("DELETE FROM link_entity_articles WHERE article=?", (article,))
                # By (speaker, article), the key's prefix: link_quotes has no index on article
                # alone, and "WHERE article=?" scanned every stored quote once per article.
                old = db.execute("SELECT quote_speakers FROM link_articles WHERE article=?",
                                 (article,)).fetchone()
                for sp in sorted({x for x in json.loads(old[0]) if x}) if old else ():
                    db.execute("DELETE FROM link_quotes WHERE speaker=? AND article=?", (sp, article))
            db.execute("INSERT OR REPLACE INTO link_articles VALUES (?,?,?)",
                       (article, _dump(list(ents)), _dump(list(speakers))))
            db.executemany("INSERT INTO link_entity_articles VALUES (?,?,?, (SELECT substr(published, 1, 7) "
                           "FROM articles WHERE id=?))",
                           [(e, article, n, article) for e, n in _entity_counts(ents)])
            db.executemany("INSERT OR IGNORE INTO link_quotes VALUES (?,?,?)",
                           [(sp, article, i) for i, sp in enumerate(speakers) if sp])

    def _put_events(self, events: Iterable[dict[str, Any]], contradictions: Iterable[dict[str, Any]]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO link_events VALUES (?,?,?,?,?)",
                            [(ev["id"], ev.get("story"), ev["type"], ev.get("date"), _dump(ev))
                             for ev in events])
        self.db.executemany("INSERT OR REPLACE INTO link_contradictions VALUES (?,?,?)",
                            [(c["id"], c["story"], _dump(c)) for c in contradictions])

    def article_ids(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT id FROM articles")}

    def linked_articles(self, ids: Iterable[str]) -> dict[str, tuple[tuple, tuple]]:
        """The stored (entity per mention, speaker per quote) of the given articles."""
        out: dict[str, tuple[tuple, tuple]] = {}
        ids = sorted(set(ids))
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for r in self.db.execute("SELECT article, mention_entities, quote_speakers FROM link_articles "
                                     f"WHERE article IN ({','.join('?' * len(chunk))})", chunk):
                out[r[0]] = (tuple(json.loads(r[1])), tuple(json.loads(r[2])))
        return out

    def linked_articles_with(self, entity_ids: Iterable[str]) -> dict[str, tuple[tuple, tuple]]:
        """The stored links of every article that mentions or quotes one of the entities."""
        ids = sorted(set(entity_ids))
        articles: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            q = ",".join("?" * len(chunk))
            articles |= {r[0] for r in self.db.execute(
                f"SELECT article FROM link_entity_articles WHERE entity IN ({q}) "
                f"UNION SELECT article FROM link_quotes WHERE speaker IN ({q})", chunk + chunk)}
        return self.linked_articles(articles)

    # -- reading --------------------------------------------------------------
    _LINKED_ROWS = ("SELECT a.*, coalesce(n.data, '{}') AS analysis, la.mention_entities, "
                    "la.quote_speakers, sa.story FROM articles a "
                    "LEFT JOIN analyses n ON n.article_id = a.id "
                    "LEFT JOIN link_articles la ON la.article = a.id "
                    "LEFT JOIN link_story_articles sa ON sa.article = a.id ")

    def linked_article_rows(self) -> Iterator[sqlite3.Row]:
        """Every article with its analysis and link result, in id order."""
        return self.db.execute(self._LINKED_ROWS + "ORDER BY a.id")

    def linked_article_row(self, article_id: str) -> sqlite3.Row | None:
        """One article by id or unique-enough id prefix.  The prefix is looked up
        as a range of ids, which the id index answers (``LIKE`` made SQLite read
        every id: 9 ms a call on 200,000 articles, and pages make dozens)."""
        row = self.db.execute(self._LINKED_ROWS + "WHERE a.id=?", (article_id,)).fetchone()
        if row is not None:
            return row
        prefix = article_id.replace("%", "").replace("_", "")
        for p in dict.fromkeys((prefix, prefix.lower())):  # ids are lower case; LIKE ignored case
            row = self.db.execute(self._LINKED_ROWS + "WHERE a.id >= ? AND a.id < ? ORDER BY a.id LIMIT 1",
                                  (p, p + "\U0010ffff")).fetchone()
            if row is not None:
                return row
        return None

    def story_article_rows(self, story_id: str) -> list[sqlite3.Row]:
        """A story's articles with analysis and links, oldest first."""
        return self.db.execute(self._LINKED_ROWS + "WHERE sa.story=? ORDER BY a.published IS NULL, "
                               "a.published, a.id", (story_id,)).fetchall()

    def linked_article(self, article_id: str) -> tuple[list[str | None], list[str | None], str | None]:
        """(entity per mention, speaker per quote, story) of one article."""
        row = self.db.execute("SELECT mention_entities, quote_speakers FROM link_articles WHERE article=?",
                              (article_id,)).fetchone()
        story = self.db.execute("SELECT story FROM link_story_articles WHERE article=?",
                                (article_id,)).fetchone()
        if row is None:
            return [], [], story[0] if story else None
        return json.loads(row[0]), json.loads(row[1]), story[0] if story else None

    def story_record(self, story_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT record FROM link_stories WHERE id=?", (story_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def story_records(self) -> Iterator[dict[str, Any]]:
        for (rec,) in self.db.execute("SELECT record FROM link_stories ORDER BY id"):
            yield json.loads(rec)

    def story_list(self, limit: int = 20, offset: int = 0, order: str = "recent") -> list[sqlite3.Row]:
        """Stories for a listing: most recent first, or biggest first."""
        # NULLS LAST, not "last_date IS NULL" first: the same order, and the index answers it.
        by = ("last_date DESC NULLS LAST, n_articles DESC, id" if order == "recent"
              else "n_articles DESC, n_outlets DESC, last_date DESC, id")
        # Sort the ids, then fetch the rows: sorting whole rows carries every record
        # through the sorter (three times slower on 130,000 stories).
        sby = ", ".join(f"s.{c.strip()}" for c in by.split(","))
        return self.db.execute(
            f"SELECT s.id, s.title, s.first_date, s.last_date, s.n_articles, s.n_outlets, s.record "
            f"FROM (SELECT id FROM link_stories ORDER BY {by} LIMIT ? OFFSET ?) AS top "
            f"JOIN link_stories s ON s.id = top.id ORDER BY {sby}", (limit, offset)).fetchall()

    def entity_record(self, entity_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT record FROM link_entities WHERE id=?", (entity_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def entity_records(self) -> Iterator[dict[str, Any]]:
        for (rec,) in self.db.execute("SELECT record FROM link_entities ORDER BY id"):
            yield json.loads(rec)

    def entity_list(self, limit: int = 50, offset: int = 0, type_: str | None = None) -> list[sqlite3.Row]:
        where, args = ("WHERE type=?", [type_]) if type_ else ("", [])
        return self.db.execute(
            f"SELECT id, type, name, en, mentions FROM link_entities {where} "
            f"ORDER BY mentions DESC, id LIMIT ? OFFSET ?", (*args, limit, offset)).fetchall()

    def entity_names(self, ids: Iterable[str]) -> dict[str, sqlite3.Row]:
        ids = sorted(set(i for i in ids if i))
        out: dict[str, sqlite3.Row] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            q = ",".join("?" * len(chunk))
            for r in self.db.execute(f"SELECT id, type, name, en FROM link_entities WHERE id IN ({q})", chunk):
                out[r["id"]] = r
        return out

    def entity_articles(self, entity_id: str, limit: int = 50, offset: int = 0) -> list[sqlite3.Row]:
        """Articles that mention an entity, newest first.

        A country is in tens of thousands of articles, and sorting them all to show 30
        took 0.3 s on 200k articles.  The entity's article counts per month come from an
        index; only the newest months that hold the page are read and sorted (every
        article of a later month is newer than any of an earlier one)."""
        need, months, null_month = limit + offset, [], False
        for month, n in self.db.execute(
                "SELECT month, count(*) FROM link_entity_articles WHERE entity=? GROUP BY month "
                "ORDER BY month DESC", (entity_id,)):
            if month is None:
                null_month = True
            else:
                months.append(month)
            need -= n
            if need <= 0:
                break
        if not months and not null_month:
            return []
        within = [f"ea.month IN ({','.join('?' * len(months))})"] if months else []
        if null_month:
            within.append("ea.month IS NULL")
        return self.db.execute(
            "SELECT a.id, a.title, a.outlet, a.published, ea.mentions, sa.story FROM link_entity_articles ea "
            "JOIN articles a ON a.id = ea.article LEFT JOIN link_story_articles sa ON sa.article = a.id "
            f"WHERE ea.entity=? AND ({' OR '.join(within)}) "
            "ORDER BY a.published DESC NULLS LAST, a.id LIMIT ? OFFSET ?",
            (entity_id, *months, limit, offset)).fetchall()

    def entity_timeline(self, entity_id: str) -> list[tuple[str, int]]:
        """(month, mentions) of an entity, oldest first."""
        return [(r[0], r[1]) for r in self.db.execute(
            "SELECT month, sum(mentions) FROM link_entity_articles WHERE entity=? AND month IS NOT NULL "
            "GROUP BY month ORDER BY month", (entity_id,))]

    # An entity in tens of thousands of articles (a country, a capital) is summarised
    # from its latest ones: its newest months, the articles that mention it most first
    # (read straight from the month index), so the page costs the same whatever the
    # entity and shows what it is in now, which is what an analyst opens it for.
    ENTITY_SAMPLE = 600

    def entity_stories(self, entity_id: str, limit: int = 20) -> list[sqlite3.Row]:
        """The stories an entity is most present in lately (counted over its latest
        ENTITY_SAMPLE articles)."""
        return self.db.execute(
            "WITH sample AS (SELECT article FROM link_entity_articles WHERE entity=? "
            "ORDER BY month DESC, mentions DESC, article DESC LIMIT ?) "
            "SELECT s.id, s.title, s.first_date, s.last_date, s.n_articles, s.n_outlets, count(*) AS hits "
            "FROM sample JOIN link_story_articles sa ON sa.article = sample.article "
            "JOIN link_stories s ON s.id = sa.story "
            "GROUP BY s.id ORDER BY hits DESC, s.last_date DESC, s.id LIMIT ?",
            (entity_id, self.ENTITY_SAMPLE, limit)).fetchall()

    def co_entities(self, entity_id: str, limit: int = 15) -> list[sqlite3.Row]:
        """Entities that appear in the same articles, most shared articles first
        (counted over the entity's latest articles, see ENTITY_SAMPLE)."""
        return self.db.execute(
            "WITH sample AS (SELECT article FROM link_entity_articles WHERE entity=? "
            "ORDER BY month DESC, mentions DESC, article DESC LIMIT ?) "
            "SELECT e.id, e.type, e.name, e.en, count(*) AS shared FROM sample "
            "JOIN link_entity_articles a2 ON a2.article = sample.article AND a2.entity != ? "
            "JOIN link_entities e ON e.id = a2.entity "
            "GROUP BY e.id ORDER BY shared DESC, e.id LIMIT ?",
            (entity_id, self.ENTITY_SAMPLE, entity_id, limit)).fetchall()

    def event_records(self, story: str | None = None) -> Iterator[dict[str, Any]]:
        if story is None:
            rows = self.db.execute("SELECT record FROM link_events ORDER BY id")
        else:
            rows = self.db.execute("SELECT record FROM link_events WHERE story=? ORDER BY date, id", (story,))
        for (rec,) in rows:
            yield json.loads(rec)

    def contradiction_records(self, story: str | None = None, limit: int | None = None,
                              offset: int = 0) -> list[dict[str, Any]]:
        where, args = ("WHERE story=?", [story]) if story else ("", [])
        lim = "LIMIT ? OFFSET ?" if limit is not None else ""
        if limit is not None:
            args += [limit, offset]
        return [json.loads(r[0]) for r in self.db.execute(
            f"SELECT record FROM link_contradictions {where} ORDER BY id {lim}", args)]

    def link_counts(self) -> dict[str, int]:
        q = self.db.execute
        return {"stories": q("SELECT count(*) FROM link_stories").fetchone()[0],
                "entities": q("SELECT count(*) FROM link_entities").fetchone()[0],
                "contradictions": q("SELECT count(*) FROM link_contradictions").fetchone()[0]}
