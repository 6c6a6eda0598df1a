"""Undated articles get their publication date from their story's siblings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.link.story_dates import Sibling, constraints_for, story_date
from marsad.paths import REPO, seeds_dir
from marsad.pipeline import ingest, link
from marsad.store.sqlite import Store

SEED_ACCEPT = "000_2ed79eb9c3c55d20.txt"  # no date; "أمس الأربعاء" = the 13 September 2023 summit
SEED_ANNOUNCE = "003_16fbeb81d22ea3ca.txt"  # dateline 2023-09-11: the visit announced


def _seed(name: str) -> Path:
    path = seeds_dir() / name
    if not path.is_file():
        pytest.skip("seed pages not available")
    return path


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("story_dates") / "m.db"
    with Store(db) as store:
        # The seeds, and a report from the sample corpus that writes the summit's date out.
        ingest(store, [str(_seed(n)) for n in (SEED_ACCEPT, "002_698cf3f044971efa.txt", SEED_ANNOUNCE,
                                               "004_cc99d8b811bc9b3b.txt")]
               + [str(REPO / "examples" / "txt" / "alsaha_vostochny_summit.txt")])
        link(store)
    return db


def _row(store: Store, seed: str):
    return store.db.execute("SELECT a.*, n.data AS analysis FROM articles a JOIN analyses n "
                            "ON n.article_id = a.id WHERE a.source_path LIKE ? ORDER BY a.idx LIMIT 1",
                            (f"%{seed}",)).fetchone()


def test_undated_seed_is_dated_by_its_story_and_reanalysed(seed_store: Path) -> None:
    with Store(seed_store) as store:
        row = _row(store, SEED_ACCEPT)
        assert (row["published"], row["published_basis"]) == ("2023-09-14", "story")
        times = json.loads(row["analysis"])["times"]
        yesterday = next(t for t in times if "أمس الأربعاء" in t["text"])
        assert yesterday["value"] == "2023-09-13" and yesterday["anchor"] == "2023-09-14"


def test_linking_again_changes_nothing(seed_store: Path, tmp_path: Path) -> None:
    import io
    import shutil

    from marsad.export import write_json

    db = tmp_path / "again.db"
    shutil.copy(seed_store, db)
    with Store(db) as store:
        first = io.StringIO()
        write_json(store, first)
        link(store)
        second = io.StringIO()
        write_json(store, second)
    assert first.getvalue() == second.getvalue()


def test_two_candidate_days_constrain_nothing() -> None:
    body = _seed(SEED_ACCEPT).read_text(encoding="utf-8")
    one = [Sibling("a", "2023-09-13", ())]
    assert constraints_for(body, one)
    # Two Wednesdays in the story's dated days: "أمس الأربعاء" could be either.
    two = [Sibling("a", "2023-09-13", ()), Sibling("b", "2023-09-20", ())]
    assert all(c.value != "2023-09-13" for c in constraints_for(body, two)
               if body[c.start:c.start + 12].startswith("أمس"))
    assert story_date(body, None, []).value is None
