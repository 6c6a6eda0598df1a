"""The PostgreSQL store against a real server ($MARSAD_TEST_PG, started by scripts/postgres.sh).

Each test gets databases of its own (made here, dropped at the end of the module),
so tests never see each other's data.  The first tests need no server: they
check the pieces that must agree with the SQLite store (API, migrations, query
translation, row shape).
"""

from __future__ import annotations

import inspect
import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from marsad.errors import QueryError
from marsad.export import write_json
from marsad.ingest.readers import make_document
from marsad.model import Source
from marsad.pipeline import ingest, process
from marsad.store import is_postgres, open_store, postgres, schema, semantic
from marsad.store.search import parse_query
from marsad.store.sqlite import Store, StoreError, analysis_json

ROOT = Path(__file__).resolve().parents[2]
INPUTS = [str(ROOT / "examples" / "txt"), str(ROOT / "examples" / "jsonl")]
PG = os.environ.get("MARSAD_TEST_PG", "")
needs_pg = pytest.mark.skipif(
    not PG, reason="MARSAD_TEST_PG is not set: no PostgreSQL server to test against "
                   "(scripts/postgres.sh starts one and prints the variable)")

PAGE = ("عنوان الخبر عن زيارة كيم إلى روسيا\n"
        "وصل زعيم كوريا الشمالية كيم جونغ أون إلى روسيا على متن قطاره المصفح في زيارة رسمية تلبية لدعوة من "
        "الرئيس الروسي فلاديمير بوتين، وفق ما أعلنت وسائل إعلام رسمية في البلدين.\n")


# -- without a server ---------------------------------------------------------------

def test_postgres_store_has_every_public_method_of_store():
    missing = [n for n, f in inspect.getmembers(Store, inspect.isfunction)
               if not n.startswith("_") and not hasattr(postgres.PostgresStore, n)]
    assert missing == []
    for n in ("put", "semantic_search", "story_list", "contradiction_records", "replace_articles"):
        assert (list(inspect.signature(getattr(Store, n)).parameters)
                == list(inspect.signature(getattr(postgres.PostgresStore, n)).parameters)), n


def test_one_postgres_migration_per_sqlite_migration():
    assert postgres.SCHEMA_VERSION == schema.SCHEMA_VERSION == len(postgres.MIGRATIONS)


def test_open_store_chooses_the_backend_by_url(tmp_path):
    assert is_postgres("postgresql://u@h/db") and is_postgres("postgres://h/db")
    assert not is_postgres(tmp_path / "kb.db") and not is_postgres("postgresql.db")
    with open_store(tmp_path / "kb.db") as s:
        assert isinstance(s, Store)


def test_placeholders_translate_outside_string_literals():
    assert postgres.pg_sql("SELECT '?', x FROM t WHERE a=? AND b LIKE 'x%' AND c=?") == \
        "SELECT '?', x FROM t WHERE a=%s AND b LIKE 'x%%' AND c=%s"


def test_rows_behave_like_sqlite_rows():
    row = postgres._row_class(("id", "title", "id"))(("a1", "t", "other"))
    assert row["id"] == "a1" and row[1] == "t" and row.keys() == ["id", "title", "id"]
    assert dict(row) == {"id": "a1", "title": "t"}
    a, b, _ = row
    assert (a, b) == ("a1", "t")
    with pytest.raises(IndexError):
        row["nope"]


def test_query_translation_keeps_the_fts5_structure():
    q = parse_query('كيم جونغ أون "الرئيس الروسي"')
    tsq = postgres.fts5_to_tsquery(q.match)
    assert tsq.count("(") == tsq.count(")") and " & " in tsq and " | " in tsq and "<->" in tsq
    assert ":A" in tsq and ":B" in tsq  # terms and names columns
    assert postgres.fts5_to_tsquery('terms:""') == "' ':A"  # an empty phrase matches nothing
    with pytest.raises(QueryError):
        postgres.fts5_to_tsquery("terms:x NEAR(y)")


def test_a_weak_spelling_near_its_country_becomes_a_conjunction():
    """tsquery has no "within N words"; PostgreSQL asks for both words in the article."""
    tsq = postgres.fts5_to_tsquery(parse_query("كييف").match)
    assert "('كيف':A & 'اوكرانيا':A)" in tsq and "'كييف':A" in tsq


def test_tsvector_text_quotes_and_weights_tokens():
    v = postgres.tsvector_text("ab c'd ab", "AB")
    assert v == "'ab':1A,4A,1B 'c':2A 'd':3A"
    assert postgres.tsvector_text("x\\y", "") == "'x':1A 'y':2A"


def test_redact_hides_the_password():
    assert postgres.redact("postgresql://u:secret@h:5432/db") == "postgresql://u:***@h:5432/db"
    assert "secret" not in postgres.redact("host=h password=secret dbname=x")


# -- against a server ---------------------------------------------------------------

@pytest.fixture(scope="module")
def fresh_db():
    """A factory of empty databases (or, without CREATEDB, schemas) on the test server."""
    if not PG:
        pytest.skip("MARSAD_TEST_PG is not set")
    psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (pip install 'marsad[postgres]')")
    from psycopg.conninfo import make_conninfo

    admin = psycopg.connect(PG, autocommit=True)
    dbs, schemas = [], []

    def fresh() -> str:
        name = f"marsad_t{os.getpid()}_{uuid.uuid4().hex[:8]}"
        try:
            admin.execute(f'CREATE DATABASE "{name}"')
        except psycopg.errors.InsufficientPrivilege:
            admin.execute(f'CREATE SCHEMA "{name}"')
            schemas.append(name)
            return make_conninfo(PG, options=f"-csearch_path={name}")
        dbs.append(name)
        return make_conninfo(PG, dbname=name)

    yield fresh
    for name in dbs:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    for name in schemas:
        admin.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    admin.close()


def _export(store) -> str:
    out = io.StringIO()
    write_json(store, out)
    return out.getvalue()


@pytest.fixture(scope="module")
def sqlite_store(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("pg") / "ref.db")
    report = ingest(store, INPUTS)
    assert report.failed == [] and report.added > 0
    store.ingest_export = _export(store)  # the reference, before any test changes the store
    store.ingest_stats = store.stats()
    yield store
    store.close()


@pytest.fixture(scope="module")
def pg_store(fresh_db):
    store = postgres.PostgresStore(fresh_db())
    report = ingest(store, INPUTS)
    assert report.failed == [] and report.added > 0
    yield store
    store.close()


@needs_pg
def test_ingest_gives_the_same_export_as_sqlite_byte_for_byte(sqlite_store, pg_store):
    assert _export(pg_store) == _export(sqlite_store) == sqlite_store.ingest_export
    assert pg_store.stats() == sqlite_store.stats()
    assert pg_store.generation() == sqlite_store.generation()


@needs_pg
def test_analysis_left_for_later_gives_the_same_export_as_sqlite(fresh_db, sqlite_store):
    from marsad.pipeline import analyze_pending

    with postgres.PostgresStore(fresh_db()) as store:
        ingest(store, INPUTS, analyze_articles=False)
        assert store.pending_analysis() and store.stats()["mentions"] == 0
        assert analyze_pending(store).articles == sqlite_store.ingest_stats["articles"]
        assert store.pending_analysis() == []
        assert _export(store) == sqlite_store.ingest_export


@needs_pg
@pytest.mark.parametrize("queries", [
    ("بيونغ يانغ", "بيونغيانغ", "بيونجيانج"),               # a name written apart, together, with ج
    ("كيم جونغ أون", "كيم جونغأون", "كيم جونج اون"),
    ("بوتين", "بوتن", "البوتين"),
    ('"الرئيس الروسي"', "الكرملين", "موسكو", "2024"),
])
def test_search_finds_spelling_variants_like_sqlite(sqlite_store, pg_store, queries):
    found = []
    for q in queries:
        want = sorted(h.id for h in sqlite_store.search(q, limit=100))
        got = pg_store.search(q, limit=100)
        assert sorted(h.id for h in got) == want, q
        found.append(want)
        for h in got:  # snippets and highlights point into the stored body
            body = pg_store.article_row(h.id)["body"]
            assert body[h.snippet_start:h.snippet_start + len(h.snippet)] == h.snippet
            assert all(h.snippet_start <= a < b <= h.snippet_start + len(h.snippet) for a, b in h.highlights)
    assert any(found)
    if len(queries) == 3:  # the variants of one name find the same articles
        assert found[0] == found[1] and found[0]


@needs_pg
def test_search_filters_paging_and_bad_queries(sqlite_store, pg_store):
    _export(pg_store)  # linked, for the entity and story filters
    _export(sqlite_store)
    entity = pg_store.entity_list(1)[0]["id"]
    story = pg_store.story_list(1, 0, "biggest")[0]["id"]
    for kw in ({"date_from": "2024-06-19"}, {"date_to": "2024-06-18"}, {"outlet": "نبض"},
               {"entity": entity}, {"story": story}):
        assert (sorted(h.id for h in pg_store.search("بوتين", limit=50, **kw))
                == sorted(h.id for h in sqlite_store.search("بوتين", limit=50, **kw))), kw
        assert ([h.id for h in pg_store.semantic_search("Putin", limit=5, **kw)]
                == [h.id for h in sqlite_store.semantic_search("Putin", limit=5, **kw)]), kw
    everything = [h.id for h in pg_store.search("روسيا", limit=50)]
    assert [h.id for h in pg_store.search("روسيا", limit=2, offset=1)] == everything[1:3]
    for bad in ("", '"unbalanced', "x" * 600):
        with pytest.raises(QueryError):
            pg_store.search(bad)


@needs_pg
def test_semantic_and_hybrid_search_match_sqlite(sqlite_store, pg_store):
    for hybrid in (False, True):
        want = [(h.id, round(h.score, 5)) for h in sqlite_store.semantic_search("Kim visits Russia",
                                                                                limit=5, hybrid=hybrid)]
        got = [(h.id, round(h.score, 5)) for h in pg_store.semantic_search("Kim visits Russia",
                                                                            limit=5, hybrid=hybrid)]
        assert got == want and got
    with pytest.raises(QueryError):
        pg_store.semantic_search("  ")


@needs_pg
def test_views_read_the_store_through_db_execute(pg_store, sqlite_store):
    """The web views query ``store.db`` with ``?`` placeholders; rows act like sqlite3.Row."""
    sql = ("SELECT a.id, a.outlet FROM articles a WHERE a.published >= ? AND a.id LIKE ? "
           "ORDER BY a.published IS NULL, a.published DESC, a.id")
    args = ("2024-01-01", "%")
    assert ([dict(r) for r in pg_store.db.execute(sql, args).fetchall()]
            == [dict(r) for r in sqlite_store.db.execute(sql, args).fetchall()])
    for order in ("recent", "biggest"):
        assert ([dict(r) for r in pg_store.story_list(50, 0, order)]
                == [dict(r) for r in sqlite_store.story_list(50, 0, order)])
    top = pg_store.entity_list(5)[0]["id"]
    for name in ("entity_articles", "entity_stories", "co_entities"):
        assert ([dict(r) for r in getattr(pg_store, name)(top)]
                == [dict(r) for r in getattr(sqlite_store, name)(top)]), name
    assert pg_store.entity_timeline(top) == sqlite_store.entity_timeline(top)
    from marsad.serve import views

    story = pg_store.story_list(1)[0]["id"]
    art = pg_store.story_article_rows(story)[0]["id"]
    for name, args in (("home", ()), ("entities", ()), ("entity", (top,)), ("story", (story,)),
                       ("article", (art,)), ("quotes", ())):
        assert getattr(views, name)(pg_store, *args) == getattr(views, name)(sqlite_store, *args), name
    form = views.SearchForm(q="Putin in Pyongyang", mode="hybrid")
    assert views.search(pg_store, form) == views.search(sqlite_store, form)


@needs_pg
def test_two_processes_ingesting_at_once_leave_a_consistent_store(fresh_db, sqlite_store):
    url = fresh_db()  # empty: both processes also race to create the schema
    code = ("import json, sys; from marsad.pipeline import ingest; "
            "from marsad.store.postgres import PostgresStore; "
            "s = PostgresStore(sys.argv[1]); print(json.dumps(ingest(s, sys.argv[2:]).as_dict())); s.close()")
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    procs = [subprocess.Popen([sys.executable, "-c", code, url, *order], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
             for order in (INPUTS, INPUTS[::-1])]
    reports = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-2000:]
        reports.append(json.loads(out.strip().splitlines()[-1]))
    documents = sqlite_store.ingest_stats["documents"]
    assert sum(r["added"] for r in reports) == documents
    assert sum(r["unchanged"] for r in reports) == documents
    assert all(r["failed"] == [] for r in reports)
    with postgres.PostgresStore(url) as store:
        assert _export(store) == sqlite_store.ingest_export  # links first, as the reference was
        assert store.stats() == sqlite_store.ingest_stats
        assert store.generation() == documents  # one bump per stored document, none lost
        seqs = [r[0] for r in store.db.execute("SELECT seq FROM raw ORDER BY seq")]
        assert seqs == list(range(1, documents + 1))
        articles = sqlite_store.ingest_stats["articles"]
        assert store.db.execute("SELECT count(*) FROM search_index").fetchone()[0] == articles == \
            store.db.execute("SELECT count(*) FROM article_vectors").fetchone()[0]


def _doc(text=PAGE, path="a.txt"):
    return make_document(text.encode(), Source(path=path), path)


@needs_pg
@pytest.mark.parametrize("old_version", [1, 2, 3])
def test_migrations_upgrade_an_old_schema_in_place(fresh_db, old_version):
    import psycopg

    url = fresh_db()
    d = _doc()
    p = process(d)
    a, an = p.articles[0], p.analyses[0]
    with psycopg.connect(url, autocommit=True) as conn:
        assert postgres.migrate(conn, target=old_version) == old_version
        with conn.transaction():
            conn.execute("INSERT INTO raw VALUES (%s, 1, %s, %s, %s, '{}')", (d.id, d.kind, d.data, d.encoding))
            conn.execute("INSERT INTO sources VALUES (%s, 'a.txt', '')", (d.id,))
            rowid = conn.execute(
                "INSERT INTO articles (id, raw_id, idx, title, published, published_basis, body) "
                "VALUES (%s, %s, 0, %s, %s, %s, %s) RETURNING rowid",
                (a.id, d.id, a.title, a.published.value, a.published.basis, a.body)).fetchone()[0]
            conn.execute("INSERT INTO analyses VALUES (%s, %s)", (a.id, analysis_json(an)))
            if old_version >= 2:  # what that version wrote with an article
                postgres._index_article(conn, rowid, p.index[0])
            if old_version >= 3:
                conn.execute("INSERT INTO article_vectors VALUES (%s, %s)",
                             (rowid, semantic._blob(p.vectors[0])))
        assert postgres.schema_version(conn) == old_version
    with postgres.PostgresStore(url) as store:
        assert store.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == \
            str(schema.SCHEMA_VERSION)
        assert [h.id for h in store.search("كيم جونغأون")] == [a.id]  # indexed by the upgrade
        assert [h.id for h in store.semantic_search("North Korea's leader in Russia", limit=3)] == [a.id]
        assert store.link_generation() is None and store.stats()["articles"] == 1
        other = _doc(PAGE.replace("روسيا", "الصين"), "b.txt")
        pp = process(other)
        assert store.put(other, pp.articles, pp.analyses) is True
        records = json.loads(_export(store))["articles"]
        assert [r["id"] for r in records] == sorted([a.id, pp.articles[0].id])
    with postgres.PostgresStore(url) as again:  # reopening changes nothing
        assert again.stats()["documents"] == 2


@needs_pg
def test_a_bad_input_is_a_failure_and_the_batch_goes_on(fresh_db, tmp_path):
    (tmp_path / "good.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "latin.txt").write_text("Only English text here, no Arabic at all.\n" * 5)
    with postgres.PostgresStore(fresh_db()) as store:
        report = ingest(store, [str(tmp_path), str(tmp_path / "missing.txt")])
        assert report.added == 1 and len(report.failed) >= 2
        failed = dict(store.failures())
        assert str(tmp_path / "missing.txt") in failed
        assert any("latin.txt" in name for name in failed)
        assert store.stats()["documents"] == 1 and store.stats()["failures"] == len(failed)
        again = ingest(store, [str(tmp_path), str(tmp_path / "missing.txt")])  # idempotent
        assert again.added == 0 and again.unchanged == 1 and len(store.failures()) == len(failed)


@needs_pg
def test_failed_put_rolls_back_and_the_store_stays_usable(fresh_db, monkeypatch):
    with postgres.PostgresStore(fresh_db()) as store:
        d = _doc()
        p = process(d)

        def boom(*a, **k):
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(store, "_write_articles", boom)
        with pytest.raises(RuntimeError):
            store.put(d, p.articles, p.analyses)
        assert store.stats()["documents"] == 0 and store.generation() == 0
        monkeypatch.undo()
        assert store.put(d, p.articles, p.analyses) is True
        assert store.put(d, p.articles, p.analyses) is False
        assert store.raw_bytes(d.id) == PAGE.encode()
        assert [r.id for r in store.raw_documents()] == [d.id]
        assert store.delete_article(p.articles[0].id) is True
        assert store.delete_article(p.articles[0].id) is False
        assert store.search("كيم") == [] and store.generation() == 2


@needs_pg
def test_newer_or_foreign_schema_is_refused(fresh_db):
    import psycopg

    url = fresh_db()
    postgres.PostgresStore(url).close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE meta SET value='999' WHERE key='schema_version'")
    with pytest.raises(StoreError, match="newer"):
        postgres.PostgresStore(url)
    other = fresh_db()
    with psycopg.connect(other, autocommit=True) as conn:
        conn.execute("CREATE TABLE t (x int)")
    with pytest.raises(StoreError, match="no Marsad store"):
        postgres.PostgresStore(other)
    with pytest.raises(StoreError, match="cannot connect"):
        postgres.PostgresStore("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")


@needs_pg
def test_rebuild_gives_the_same_export_as_sqlite(sqlite_store, pg_store):
    from marsad.pipeline import rebuild

    for store in (sqlite_store, pg_store):
        report = rebuild(store)
        assert report.failed == [] and report.added == store.stats()["documents"]
    assert _export(pg_store) == _export(sqlite_store)
    assert pg_store.stats() == sqlite_store.stats()
