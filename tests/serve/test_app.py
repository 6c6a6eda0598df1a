"""The web UI and REST API as a user and a script see them (in-process client)."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from marsad.export import write_json
from marsad.serve.app import create_app
from marsad.store.sqlite import Store


@pytest.fixture(scope="module")
def client(sample_db: Path) -> TestClient:
    return TestClient(create_app(str(sample_db)))


def _wait(client: TestClient, job: dict, headers: dict | None = None) -> dict:
    for _ in range(600):
        job = client.get(f"/api/jobs/{job['id']}", headers=headers or {}).json()
        if job["finished"]:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job did not finish: {job}")


def test_home_lists_stories_with_dates_counts_and_entities(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page.text
    data = client.get("/index.json").json()
    assert data["latest"] and data["biggest"]
    big = data["biggest"][0]
    assert big["articles"] >= 2 and big["title"] in page.text
    assert big["main_entities"] and all(e["name"] for e in big["main_entities"])
    # The twin is the same view, however it is asked for.
    assert client.get("/?format=json").json() == data


def test_story_page_cites_its_articles_and_timeline_evidence(client: TestClient) -> None:
    data = client.get("/index.json").json()
    story = next(s for s in data["biggest"] if s["articles"] >= 2)
    html = client.get(f"/story/{story['id']}").text
    view = client.get(f"/story/{story['id']}.json").json()
    assert view["story"]["summary_sentences"]
    for sent in view["story"]["summary_sentences"]:
        assert sent["articles"] and all(a in view["story"]["articles"] for a in sent["articles"])
    for a in view["articles"]:
        assert f'href="/article/{a["id"]}' in html
    dated = [s for s in client.get("/api/stories?limit=200").json()["items"] if s["articles"] >= 2]
    timelines = [client.get(f"/api/stories/{s['id']}").json() for s in dated]
    withline = next(t for t in timelines if t["story"]["timeline"])
    entry = withline["story"]["timeline"][0]
    assert withline["timeline_picture"]["marks"]
    ev = entry["evidence"]
    art = client.get(f"/article/{ev['article']}?hl={ev['start']}-{ev['end']}")
    assert art.status_code == 200
    body = client.get(f"/api/articles/{ev['article']}").json()["body"]
    cited = body[ev["start"]:ev["end"]]
    marked = re.search(r'<mark id="evidence">(.*?)</mark>', art.text, re.S)
    assert marked and re.sub(r"<[^>]+>", "", marked.group(1)) in cited


def test_article_page_highlights_linked_entities_and_hides_removed_on_request(client: TestClient) -> None:
    arts = client.get("/api/articles?limit=200").json()["items"]
    rec = next(r for r in (client.get(f"/api/articles/{a['id']}").json() for a in arts)
               if any(m["entity"] for m in r["mentions"]) and r["removed"])
    html = client.get(f"/article/{rec['id']}").text
    linked = next(m for m in rec["mentions"] if m["entity"])
    assert f'href="/entity/{linked["entity"]}"' in html
    assert '<details class="removed">' in html and rec["removed"][0]["kind"] in html
    raw = client.get(f"/article/{rec['id']}/raw")
    assert raw.headers["content-type"] == "application/octet-stream"
    assert raw.headers["content-disposition"].startswith("attachment")


def test_entity_page_has_names_stories_and_mentions_over_time(client: TestClient) -> None:
    top = client.get("/api/entities?type=PER").json()["items"][0]
    view = client.get(f"/entity/{top['id']}.json").json()
    assert view["entity"]["aliases"] and view["stories"]
    assert sum(n for _, n in view["mentions_over_time"]) >= 1
    html = client.get(f"/entity/{top['id']}").text
    assert view["entity"]["name"] in html and '<svg class="chart"' in html


def test_search_finds_every_spelling_and_filters(client: TestClient) -> None:
    a = {r["id"] for r in client.get("/search.json", params={"q": "بيونغ يانغ"}).json()["results"]}
    b = {r["id"] for r in client.get("/search.json", params={"q": "بيونجيانج"}).json()["results"]}
    assert a and a == b
    html = client.get("/search", params={"q": "بيونغ يانغ"}).text
    assert "<mark>" in html
    pyongyang = client.get("/search.json", params={"q": "بيونغ يانغ"}).json()["results"][0]
    story = client.get(f"/api/articles/{pyongyang['id']}").json()["story"]
    inside = client.get("/search.json", params={"q": "بيونغ يانغ", "story": story}).json()["results"]
    assert inside and all(client.get(f"/api/articles/{r['id']}").json()["story"] == story for r in inside)
    bad = client.get("/api/search", params={"q": '"'})
    assert bad.status_code == 400 and bad.json()["error"]


def test_untrusted_text_never_runs(client: TestClient) -> None:
    hits = client.get("/search.json", params={"q": "المحادثات بناءة"}).json()["results"]
    assert hits
    for path in (f"/article/{hits[0]['id']}", "/search?q=المحادثات+بناءة", "/",
                 f"/story/{client.get('/api/articles/' + hits[0]['id']).json()['story']}"):
        r = client.get(path)
        assert r.status_code == 200
        assert "script-src 'none'" in r.headers["content-security-policy"]
        html = r.text.lower()
        assert "<script" not in html
        assert not re.search(r"<[^>]+\son\w+\s*=", html), path
        assert 'href="javascript:' not in html and "<svg onload" not in html
    # The text is shown, escaped, not dropped.
    assert "&lt;script&gt;" in client.get(f"/article/{hits[0]['id']}").text


def test_unknown_ids_are_404_in_both_forms(client: TestClient) -> None:
    assert client.get("/story/story-0000").status_code == 404
    assert client.get("/entity/per:nobody.json").json()["status"] == 404
    assert client.get("/api/articles/ffffffffffff").status_code == 404
    assert client.get("/article/../../etc/passwd").status_code == 404


def test_export_endpoint_is_the_cli_export(client: TestClient, sample_db: Path) -> None:
    streamed = client.get("/api/export?format=json")
    assert streamed.status_code == 200
    import io

    buf = io.StringIO()
    with Store(sample_db) as store:
        write_json(store, buf)
    assert streamed.content.decode("utf-8") == buf.getvalue()
    assert json.loads(streamed.content)["schema"] == "marsad/v1"


def test_openapi_describes_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/articles", "/api/stories/{story_id}", "/api/entities/{entity_id}", "/api/quotes",
                 "/api/contradictions", "/api/search", "/api/ingest", "/api/export"):
        assert path in spec["paths"], path


def test_upload_ingests_and_reports_bad_files_by_their_names(tmp_path: Path, sample_db: Path) -> None:
    db = tmp_path / "m.db"
    shutil.copy(sample_db, db)
    client = TestClient(create_app(str(db)))
    before = client.get("/api/stats").json()["articles"]
    page = (Path(__file__).parents[2] / "examples" / "txt").glob("*.txt")
    good = sorted(page)[0]
    fresh = good.read_bytes() + b"\n\n"  # new bytes, so not "unchanged"
    r = client.post("/api/ingest", files=[("files", ("خبر.txt", fresh, "text/plain")),
                                          ("files", ("junk.bin", bytes(range(256)) * 40, "application/x"))])
    assert r.status_code == 202
    job = _wait(client, r.json())
    assert job["state"] == "done" and job["added"] == 1
    assert [f["input"] for f in job["failed"]] == ["junk.bin"]
    assert client.get("/api/stats").json()["articles"] > before


def test_writes_need_the_token_beyond_loopback_and_same_origin(tmp_path: Path, sample_db: Path) -> None:
    db = tmp_path / "m.db"
    shutil.copy(sample_db, db)
    client = TestClient(create_app(str(db), token="s3cret", require_token=True))
    assert client.get("/").status_code == 200  # reading stays open
    assert client.post("/api/rebuild").status_code == 401
    assert client.post("/api/rebuild", headers={"Authorization": "Bearer wrong"}).status_code == 401
    some = client.get("/api/articles?limit=1").json()["items"][0]["id"]
    assert client.delete(f"/api/articles/{some}").status_code == 401
    ok = client.delete(f"/api/articles/{some}", headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 200
    assert client.get(f"/api/articles/{some}").status_code == 404
    form = client.post("/ingest", data={"urls": "https://example.com/x", "token": "wrong"})
    assert form.status_code == 401
    open_client = TestClient(create_app(str(db)))
    forged = open_client.post("/api/rebuild", headers={"Origin": "https://evil.example"})
    assert forged.status_code == 403


def test_a_job_is_reported_by_every_server_process(tmp_path: Path, sample_db: Path) -> None:
    """With several server processes (serve --workers N) a job started in one is
    polled through another: its state is shared through the jobs folder."""
    from marsad.serve.jobs import JobRunner

    db = tmp_path / "m.db"
    shutil.copy(sample_db, db)
    first = JobRunner(str(db), state_dir=str(tmp_path / "jobs"))
    other = JobRunner(str(db), state_dir=str(tmp_path / "jobs"))
    junk = [("junk.bin", bytes(range(256)) * 40)]
    job = first.submit_ingest(junk, [])
    for _ in range(600):
        seen = other.get(job.id)
        if seen is not None and seen.as_dict()["finished"]:
            break
        time.sleep(0.1)
    assert seen is not None and seen.state == "done"
    assert [f["input"] for f in seen.failed] == ["junk.bin"]
    assert other.get("job-../../etc/passwd") is None
