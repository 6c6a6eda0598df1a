from __future__ import annotations

import sqlite3

import pytest

from marsad.ingest.readers import make_document
from marsad.model import Source
from marsad.pipeline import process
from marsad.store.schema import SCHEMA_VERSION
from marsad.store.sqlite import Store, StoreError

PAGE = ("عنوان الخبر عن زيارة كيم إلى روسيا\n"
        "وصل زعيم كوريا الشمالية كيم جونغ أون إلى روسيا على متن قطاره المصفح في زيارة رسمية تلبية لدعوة من "
        "الرئيس الروسي فلاديمير بوتين، وفق ما أعلنت وسائل إعلام رسمية في البلدين.\n")


def doc(text=PAGE, path="a.txt"):
    return make_document(text.encode(), Source(path=path), path)


def test_put_is_idempotent_and_keeps_raw_bytes(tmp_path):
    store = Store(tmp_path / "s.db")
    d = doc()
    p = process(d)
    arts, ans = p.articles, p.analyses
    assert store.put(d, arts, ans) is True
    assert store.put(d, arts, ans) is False
    assert store.stats()["documents"] == 1 and store.stats()["articles"] == 1
    assert store.raw_bytes(d.id) == PAGE.encode()


def test_same_bytes_at_two_paths_is_one_document_with_two_sources(tmp_path):
    store = Store(tmp_path / "s.db")
    for p in ("a.txt", "b.txt"):
        d = doc(path=p)
        p = process(d)
        store.put(d, p.articles, p.analyses)
    assert store.stats()["documents"] == 1
    assert store.db.execute("SELECT count(*) FROM sources").fetchone()[0] == 2


def test_schema_version_recorded_and_reopen_is_safe(tmp_path):
    Store(tmp_path / "s.db").close()
    s = Store(tmp_path / "s.db")
    assert s.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)


def test_newer_schema_refused(tmp_path):
    s = Store(tmp_path / "s.db")
    s.db.execute("UPDATE meta SET value='999' WHERE key='schema_version'")
    s.close()
    with pytest.raises(StoreError, match="newer"):
        Store(tmp_path / "s.db")


def test_foreign_sqlite_file_and_garbage_file_refused_untouched(tmp_path):
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="not a Marsad store"):
        Store(other)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        Store(junk)
    assert junk.read_bytes() == b"this is not sqlite" * 100


def test_failed_put_rolls_back(tmp_path, monkeypatch):
    store = Store(tmp_path / "s.db")
    d = doc()
    p = process(d)
    arts, ans = p.articles, p.analyses

    def boom(*a, **k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "_write_articles", boom)
    with pytest.raises(RuntimeError):
        store.put(d, arts, ans)
    assert store.stats()["documents"] == 0


def test_put_many_keeps_every_good_document_when_one_fails(tmp_path, monkeypatch):
    """Ingest stores a batch in one transaction; a document that cannot be written must
    not take the documents before it down with it (they are stored one by one)."""
    store = Store(tmp_path / "s.db")
    docs = [doc(PAGE.replace("روسيا", f"روسيا {i}"), f"{i}.txt") for i in range(3)]
    items = [(d, (p := process(d)).articles, p.analyses, d.source.path, p.index, p.vectors) for d in docs]
    real = store._write_articles

    def fail_second(articles, *a, **k):
        if articles and articles[0].raw_id == docs[1].id:
            raise RuntimeError("disk on fire")
        return real(articles, *a, **k)

    monkeypatch.setattr(store, "_write_articles", fail_second)
    with pytest.raises(RuntimeError):
        store.put_many(items)
    assert store.has_raw(docs[0].id) and not store.has_raw(docs[1].id)
    monkeypatch.setattr(store, "_write_articles", real)
    assert store.put_many(items) == [False, True, True]
    assert store.stats()["articles"] == 3
    assert [h.id for h in store.search("بوتين", limit=10)]  # the index took all three
