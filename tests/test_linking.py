"""The link stage over a store: full, incremental, and what every reader relies on."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from marsad.export import write_json
from marsad.linking import link
from marsad.paths import REPO, seeds_dir
from marsad.pipeline import ingest
from marsad.store.sqlite import Store

EX = REPO / "examples"


def _export(store: Store) -> dict:
    buf = io.StringIO()
    write_json(store, buf)
    return json.loads(buf.getvalue())


def _consistent(kb: dict) -> None:
    """Every id a reader follows leads somewhere, and stories partition the articles."""
    entity_ids = {e["id"] for e in kb["entities"]}
    article_ids = {a["id"] for a in kb["articles"]}
    story_ids = {s["id"] for s in kb["stories"]}
    for a in kb["articles"]:
        assert a["story"] in story_ids, a["id"]
        for m in a["mentions"]:
            assert m["entity"] is None or m["entity"] in entity_ids, (a["id"], m)
        for q in a["quotes"]:
            assert q["speaker"] is None or q["speaker"] in entity_ids, (a["id"], q)
    members = [x for s in kb["stories"] for x in s["articles"]]
    assert sorted(members) == sorted(article_ids)
    for s in kb["stories"]:
        for e in s["main_entities"]:
            assert e in entity_ids, (s["id"], e)
        for entry in s["timeline"]:
            assert set(entry["articles"]) <= set(s["articles"])
    for ev in kb["events"]:
        assert ev["story"] in story_ids and set(ev["articles"]) <= article_ids
    for c in kb["contradictions"]:
        assert c["story"] in story_ids and {c["a"]["article"], c["b"]["article"]} <= article_ids


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("linking") / "m.db"
    with Store(db) as store:
        ingest(store, [str(EX / d) for d in ("txt", "html", "jsonl")])
        assert link(store).mode == "full"
    return db


def _copy(base: Path, tmp: Path) -> Path:
    db = tmp / "m.db"
    shutil.copy(base, db)
    shutil.copy(str(base) + ".link-state", str(db) + ".link-state")
    return db


def test_new_articles_are_linked_incrementally_and_consistently(base_db: Path, tmp_path: Path) -> None:
    db = _copy(base_db, tmp_path)
    with Store(db) as store:
        before = store.link_counts()
        report = ingest(store, [str(EX / "warc"), str(EX / "feeds")])
        assert report.added
        inc = link(store, incremental_from=1)
        assert inc.mode == "incremental" and inc.written and inc.added == report.articles
        assert store.link_is_current()
        kb = _export(store)
    _consistent(kb)
    assert len(kb["stories"]) >= before["stories"]
    # Nothing new: linking again is incremental and changes nothing.
    with Store(db) as store:
        again = link(store, incremental_from=1)
        assert again.mode == "incremental" and again.added == 0
        assert _export(store) == kb


def test_incremental_reaches_the_full_result_on_entities(base_db: Path, tmp_path: Path) -> None:
    folder = seeds_dir()
    if not folder.is_dir():
        pytest.skip("seeds not available")
    db = _copy(base_db, tmp_path)
    with Store(db) as store:
        ingest(store, [str(folder)])
        link(store, incremental_from=1)
        inc = _export(store)
        link(store, full=True)
        full = _export(store)
    _consistent(inc)
    _consistent(full)
    # Entities are resolved the same way whichever way the articles arrived.
    assert {e["id"]: e["aliases"] for e in inc["entities"]} == {e["id"]: e["aliases"] for e in full["entities"]}
    mentions = lambda kb: {a["id"]: [m["entity"] for m in a["mentions"]] for a in kb["articles"]}  # noqa: E731
    assert mentions(inc) == mentions(full)


def test_a_deletion_or_a_small_store_links_in_full(base_db: Path, tmp_path: Path) -> None:
    db = _copy(base_db, tmp_path)
    with Store(db) as store:
        some = next(iter(sorted(store.article_ids())))
        assert store.delete_article(some)
        report = link(store, incremental_from=1)
        assert report.mode == "full"
        _consistent(_export(store))
        ingest(store, [str(EX / "warc")])
        assert link(store).mode == "full"  # below the default size for incremental linking


def test_an_entitys_articles_are_newest_first_on_every_page(base_db: Path, tmp_path: Path) -> None:
    """The entity page reads only the newest months that hold the page: its pages must be
    exactly the full sort's, undated articles last, whatever the page size."""
    db = _copy(base_db, tmp_path)
    with Store(db) as store:
        # Spread one entity's articles over months, one of them undated.
        ent = store.db.execute("SELECT entity FROM link_entity_articles GROUP BY entity "
                               "ORDER BY count(*) DESC, entity LIMIT 1").fetchone()[0]
        ids = [r[0] for r in store.db.execute(
            "SELECT article FROM link_entity_articles WHERE entity=? ORDER BY article", (ent,))]
        assert len(ids) >= 5
        for i, a in enumerate(ids):
            published = None if i == 2 else f"202{i % 3}-0{1 + i % 4}-1{i % 9}"
            store.db.execute("UPDATE articles SET published=? WHERE id=?", (published, a))
            store.db.execute("UPDATE link_entity_articles SET month=? WHERE article=?",
                             (published and published[:7], a))
        full = [r[0] for r in store.db.execute(
            "SELECT a.id FROM link_entity_articles ea JOIN articles a ON a.id = ea.article "
            "WHERE ea.entity=? ORDER BY a.published DESC NULLS LAST, a.id", (ent,))]
        assert full[-1] == ids[2]
        for limit in (1, 2, 3, len(ids)):
            for offset in range(len(ids) + 1):
                got = [r["id"] for r in store.entity_articles(ent, limit, offset)]
                assert got == full[offset:offset + limit], (limit, offset)


def test_worker_processes_change_nothing(base_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Helper processes make story features and story write-ups for a big store; forced on
    for this small one, the full and the incremental link write exactly what one process
    writes (the dates stories fix included)."""
    import marsad.linking as linking

    results = []
    for workers in (1, 2):
        db = tmp_path / f"w{workers}" / "m.db"
        db.parent.mkdir()
        shutil.copy(base_db, db)
        monkeypatch.setattr(linking, "PARALLEL_MIN", 0)
        monkeypatch.setattr(linking, "CHUNK_STORIES", 2)
        monkeypatch.setattr("marsad.link.LEAN_CHUNK", 3)
        with Store(db) as store:
            full = link(store, full=True, workers=workers)
            kb_full = _export(store)
            ingest(store, [str(EX / "warc"), str(EX / "feeds")])
            inc = link(store, incremental_from=1, workers=workers)
            assert inc.mode == "incremental"
            results.append((full, kb_full, _export(store)))
    (full1, kb1, inc1), (full2, kb2, inc2) = results
    assert full1 == full2 and kb1 == kb2 and inc1 == inc2
    assert len(kb1["stories"]) > 2  # several chunks, so the workers had some
