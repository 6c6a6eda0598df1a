"""The command line as a user drives it (CONTRACT.md)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad.cli import main

PARA = ("وصل زعيم كوريا الشمالية كيم جونغ أون إلى روسيا على متن قطاره المصفح في زيارة رسمية تلبية لدعوة "
        "من الرئيس الروسي فلاديمير بوتين، وفق ما أعلنت وسائل إعلام رسمية في البلدين يوم {n}.")


def page(n: int) -> str:
    return (f"الخبر رقم {n} عن زيارة كيم إلى روسيا\n\nشارك\n\n" + PARA.format(n=n) + "\n\n"
            + PARA.format(n=n + 1000) + "\n\nالتعليقات (0)\n")


def make_corpus(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"p{i:05d}.txt").write_text(page(i), encoding="utf-8")
    return folder


def run(args, db):
    return CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)


def test_ingest_summary_failures_and_exit_codes(tmp_path):
    corpus = make_corpus(tmp_path / "c", 3)
    (corpus / "bad.jsonl").write_text('{"text": 5}\n{oops\n', encoding="utf-8")
    db = tmp_path / "m.db"
    r = run(["ingest", str(corpus), str(tmp_path / "missing.txt")], db)
    assert r.exit_code == 0
    assert "added: 3" in r.output and "failed: 3" in r.output
    assert "missing.txt: no such file" in r.output and "bad.jsonl:2: invalid JSON" in r.output
    r = run(["ingest", str(corpus / "p00000.txt")], db)
    assert "added: 0  unchanged: 1" in r.output
    r = run(["ingest", str(tmp_path / "nothing-here")], db)
    assert r.exit_code != 0
    stats = json.loads(run(["stats", "--json"], db).output)
    assert stats["articles"] == 3 and stats["failures"] == 4


def test_export_json_contract_and_show(tmp_path):
    db = tmp_path / "m.db"
    run(["ingest", str(make_corpus(tmp_path / "c", 2))], db)
    doc = json.loads(run(["export", "--format", "json"], db).output)
    assert doc["schema"] == "marsad/v1"
    assert set(doc) >= {"articles", "entities", "events", "stories", "contradictions"}
    a = doc["articles"][0]
    assert set(a) >= {"id", "source", "parent", "title", "outlet", "section", "credited_source", "published",
                      "page_date", "body", "removed", "mentions", "times", "quotes"}
    assert a["title"].startswith("الخبر رقم") and "شارك" not in a["body"]
    assert {"text": "شارك", "kind": "boilerplate"} in a["removed"]
    shown = run(["show", a["id"][:8]], db).output
    assert a["title"] in shown
    assert json.loads(run(["show", a["id"], "--json"], db).output)["body"] == a["body"]
    lines = run(["export", "--format", "jsonl"], db).output.splitlines()
    kinds = [json.loads(x)["record"] for x in lines]
    assert json.loads(lines[0])["schema"] == "marsad/v1" and kinds.count("article") == 2
    assert "entity" in kinds and {e["id"] for e in doc["entities"]} == {
        json.loads(x)["id"] for x in lines if json.loads(x)["record"] == "entity"}
    kim = [e for e in doc["entities"] if e["en"] == "Kim Jong Un"]
    assert kim and all(m["entity"] for m in a["mentions"])
    csv_out = run(["export", "--format", "csv"], db).output
    assert csv_out.startswith("id,parent,title")
    out = tmp_path / "kb.json"
    run(["export", "-o", str(out)], db)
    assert json.loads(out.read_text(encoding="utf-8")) == doc


def test_export_is_independent_of_ingestion_order_and_stable_across_rebuild(tmp_path):
    corpus = make_corpus(tmp_path / "c", 6)
    files = sorted(str(p) for p in corpus.iterdir())
    run(["ingest", *files], tmp_path / "a.db")
    run(["ingest", *reversed(files)], tmp_path / "b.db")
    a = run(["export"], tmp_path / "a.db").output
    b = run(["export"], tmp_path / "b.db").output
    assert a == b
    run(["rebuild"], tmp_path / "a.db")
    assert run(["export"], tmp_path / "a.db").output == a


def test_rebuild_of_the_sample_pages_changes_nothing(tmp_path):
    """The sample pages come in several encodings, one with a byte-order mark: rebuild
    reads the stored bytes as ingest read the files."""
    examples = Path(__file__).resolve().parents[1] / "examples" / "txt"
    run(["ingest", str(examples)], tmp_path / "a.db")
    before = run(["export"], tmp_path / "a.db").output
    run(["rebuild"], tmp_path / "a.db")
    assert run(["export"], tmp_path / "a.db").output == before


def test_ingest_without_analysis_is_searchable_and_analyze_completes_it(tmp_path):
    """`ingest --no-analyze` stores clean, searchable articles fast; `analyze` later gives
    the store a plain ingest builds, byte for byte, even when the store was linked between."""
    examples = Path(__file__).resolve().parents[1] / "examples" / "txt"
    first = json.loads(run(["ingest", "--no-analyze", "--json", str(examples)], tmp_path / "a.db").output)
    n = first["store"]["articles"]
    assert n > 5 and first["store"]["pending_analysis"] == n
    assert first["store"]["mentions"] == first["store"]["quotes"] == 0
    hits = json.loads(run(["search", "--json", "بيونجيانج"], tmp_path / "a.db").output)["results"]
    assert hits, "keyword search works before analysis"
    run(["stats"], tmp_path / "a.db")  # links the unanalysed store (stories dated from text alone)
    done = json.loads(run(["analyze", "--json"], tmp_path / "a.db").output)
    assert done == {"analysed": n, "pending": 0, "failed": []}
    again = json.loads(run(["analyze", "--json"], tmp_path / "a.db").output)
    assert again["analysed"] == 0
    run(["ingest", str(examples)], tmp_path / "b.db")
    assert run(["export"], tmp_path / "a.db").output == run(["export"], tmp_path / "b.db").output


def test_an_article_whose_analysis_fails_is_reported_and_stays_pending(tmp_path, monkeypatch):
    from marsad import pipeline
    from marsad.store.sqlite import Store

    corpus = make_corpus(tmp_path / "c", 3)
    store = Store(tmp_path / "a.db")
    pipeline.ingest(store, [str(corpus)], analyze_articles=False)
    real = pipeline.analyze

    def flaky(article):
        if "رقم 1 " in (article.title or ""):
            raise RuntimeError("boom")
        return real(article)

    monkeypatch.setattr(pipeline, "analyze", flaky)
    report = pipeline.analyze_pending(store)
    assert report.articles == 2 and len(report.failed) == 1
    assert "p00001.txt" in report.failed[0].name and "boom" in report.failed[0].reason
    assert len(store.pending_analysis()) == 1
    assert any("p00001.txt" in name for name, _ in store.failures())
    monkeypatch.setattr(pipeline, "analyze", real)
    assert pipeline.analyze_pending(store).articles == 1 and store.pending_analysis() == []
    store.close()


def test_bad_store_file_gives_clear_error(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 50)
    r = CliRunner().invoke(main, ["--db", str(junk), "stats"])
    assert r.exit_code != 0 and "junk.db" in r.output and "Traceback" not in r.output


def test_serve_refuses_a_file_that_is_not_a_store(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 50)
    r = CliRunner().invoke(main, ["--db", str(junk), "serve", "--port", "8799"])
    assert r.exit_code != 0 and "junk.db" in r.output and "Traceback" not in r.output
    assert junk.read_bytes() == b"not a database at all" * 50  # nothing written over it


def test_every_command_has_help():
    for name, cmd in main.commands.items():
        assert cmd.help, name
        r = CliRunner().invoke(main, [name, "--help"])
        assert r.exit_code == 0


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_kill_9_mid_ingest_leaves_consistent_store_and_rerun_completes(tmp_path):
    corpus = make_corpus(tmp_path / "c", 1500)
    db = tmp_path / "m.db"
    cmd = [sys.executable, "-m", "marsad.cli", "--db", str(db), "ingest", str(corpus)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
        if db.exists():
            try:
                con = sqlite3.connect(db, timeout=1)
                stored = con.execute("SELECT count(*) FROM raw").fetchone()[0]
                con.close()
            except sqlite3.Error:
                stored = 0
        if stored >= 50:
            break
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    n_raw = con.execute("SELECT count(*) FROM raw").fetchone()[0]
    # Every stored document is complete: its article is there.
    assert con.execute("SELECT count(*) FROM raw WHERE id NOT IN (SELECT raw_id FROM articles)").fetchone()[0] == 0
    con.close()
    assert n_raw > 0
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    full = tmp_path / "full.db"
    subprocess.run([sys.executable, "-m", "marsad.cli", "--db", str(full), "ingest", str(corpus)],
                   check=True, stdout=subprocess.DEVNULL)
    exp = [subprocess.run([sys.executable, "-m", "marsad.cli", "--db", str(d), "export"], check=True,
                          capture_output=True).stdout for d in (db, full)]
    assert exp[0] == exp[1]
    assert len(json.loads(exp[0])["articles"]) == 1500


def test_parallel_workers_give_the_same_store_as_one(tmp_path):
    corpus = make_corpus(tmp_path / "c", 40)
    (corpus / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    r1 = run(["ingest", "--workers", "1", str(corpus)], tmp_path / "one.db")
    r2 = run(["ingest", "--workers", "2", str(corpus)], tmp_path / "two.db")
    assert "added: 40" in r1.output and "added: 40" in r2.output and "failed: 1" in r2.output
    assert run(["export"], tmp_path / "one.db").output == run(["export"], tmp_path / "two.db").output


def test_failures_cross_process_boundaries():
    import pickle

    from marsad.errors import FetchRefused, InputError

    for e in (InputError("a.txt", "empty"), FetchRefused("http://x", "refused")):
        back = pickle.loads(pickle.dumps(e))
        assert type(back) is type(e) and (back.name, back.reason) == (e.name, e.reason)


def test_progress_line_shows_share_done_and_time_left():
    import io

    from marsad.progress import Progress

    p = Progress("ingest", stream=io.StringIO(), enabled=True)
    p.n = 50
    assert p.line(10.0) == "ingest: 50 (5/s)"  # nothing known of the work's size
    p.total = 200
    assert p.line(10.0) == "ingest: 50/200 (5/s, 25%, ETA 0:30)"
    p.total, p.fraction = None, 0.1  # ingest: a tenth of the input bytes read
    assert p.line(60.0) == "ingest: 50 (1/s, 10%, ETA 9:00)"


def test_ingest_reports_the_share_of_input_bytes_read(tmp_path):
    from marsad import pipeline
    from marsad.store.sqlite import Store

    corpus = make_corpus(tmp_path / "c", 3)

    class Seen:
        fraction = None

        def __init__(self):
            self.fractions = []

        def step(self, n, note=""):
            self.fractions.append(self.fraction)

        def close(self):
            pass

    seen = Seen()
    pipeline.ingest(Store(tmp_path / "a.db"), [str(corpus)], progress=seen, analyze_articles=False)
    assert seen.fractions and all(0 <= f < 1 for f in seen.fractions)
    assert seen.fractions[-1] > 0.5  # two of the three files read before the last step
