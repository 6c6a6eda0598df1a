"""Linking over a store, as an analyst sees it in the export."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from marsad.cli import main
from marsad.paths import REPO, seeds_dir


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    if not seeds_dir().is_dir():
        pytest.skip("seeds not available")
    db = tmp_path_factory.mktemp("kb") / "m.db"
    runner = CliRunner()
    examples = [str(REPO / "examples" / d) for d in ("txt", "html", "feeds", "jsonl", "warc")]
    r = runner.invoke(main, ["--db", str(db), "ingest", "--workers", "1", str(seeds_dir()), *examples])
    assert r.exit_code == 0, r.output
    return json.loads(runner.invoke(main, ["--db", str(db), "export"]).output)


def by_seed(kb, prefix):
    return [a for a in kb["articles"] if (a["source"]["path"] or "").rsplit("/", 1)[-1].startswith(prefix)]


def test_kim_2023_visit_and_putin_2024_visit_are_different_stories(kb):
    kim_2023 = {a["story"] for p in ("000", "002", "004") for a in by_seed(kb, p)}
    kim_2023 |= {a["story"] for a in by_seed(kb, "003") if a["parent"] is None}
    putin_2024 = {a["story"] for a in by_seed(kb, "001")}
    assert len(kim_2023) == 1 and len(putin_2024) == 1 and kim_2023 != putin_2024
    glued, = [a for a in by_seed(kb, "003") if a["parent"]]
    assert glued["story"] not in kim_2023


def test_spellings_merge_into_one_entity_each(kb):
    ents = {e["id"]: e for e in kb["entities"]}
    kim = ents["per:kim-jong-un"]
    assert {"كيم جونغ أون", "كيم جونج أون", "كيم جونغ-أون"} <= set(kim["aliases"])
    pyongyang = next(e for e in kb["entities"] if e["en"] == "Pyongyang")
    assert {"بيونغيانغ", "بيونغ يانغ", "بيونجيانج"} <= set(pyongyang["aliases"])
    assert pyongyang["acts_for"] == "gpe:KP"
    assert "كيم جونغ إيل" not in kim["aliases"]


def test_every_mention_points_at_its_text_and_entity(kb):
    ids = {e["id"] for e in kb["entities"]}
    for a in kb["articles"]:
        for m in a["mentions"]:
            assert a["body"][m["start"]:m["end"]] == m["text"] and m["entity"] in ids
        for t in a["times"]:
            assert a["body"][t["start"]:t["end"]] == t["text"]


def test_story_summaries_cite_their_evidence(kb):
    arts = {a["id"]: a for a in kb["articles"]}
    for s in kb["stories"]:
        assert s["summary_sentences"]
        for sent in s["summary_sentences"]:
            ev = sent["evidence"]
            assert arts[ev["article"]]["body"][ev["start"]:ev["end"]] == sent["text"]
            assert set(sent["articles"]) <= set(s["articles"])
