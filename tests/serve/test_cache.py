"""Answers kept between requests: never stale, revalidated cheaply, built once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from marsad.serve import views
from marsad.serve.app import create_app
from marsad.store.sqlite import Store


@pytest.fixture()
def db(tmp_path: Path, sample_db: Path) -> Path:
    path = tmp_path / "store #1?.db"  # characters a file: URI must quote
    shutil.copy(sample_db, path)
    return path


def test_an_unchanged_page_is_revalidated_without_a_body(db: Path) -> None:
    client = TestClient(create_app(str(db)))
    for url in ("/", "/api/stats", "/index.json"):
        first = client.get(url)
        etag = first.headers["etag"]
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == etag
        assert "script-src 'none'" in again.headers["content-security-policy"]
        assert first.headers["cache-control"] == "no-cache"  # a browser asks again, cheaply
        assert client.get(url, headers={"If-None-Match": '"other"'}).content == first.content


def test_a_change_made_by_another_process_shows_at_once(db: Path) -> None:
    """``marsad ingest`` or ``delete`` in a shell while the server runs: the next request
    sees it, although the same pages were just served from memory."""
    client = TestClient(create_app(str(db)))
    before = client.get("/api/stats").json()["articles"]
    some = client.get("/api/articles?limit=1").json()["items"][0]["id"]
    assert client.get(f"/api/articles/{some}").status_code == 200
    assert client.get("/api/stats").json()["articles"] == before  # kept
    with Store(db) as other:
        assert other.delete_article(some)
    assert client.get("/api/stats").json()["articles"] == before - 1
    assert client.get(f"/api/articles/{some}").status_code == 404


def test_a_view_is_built_once_while_the_store_is_unchanged(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    counts = views.counts

    def counted(store: object) -> dict:
        calls.append(1)
        return counts(store)

    monkeypatch.setattr(views, "counts", counted)
    cached = TestClient(create_app(str(db)))
    assert cached.get("/api/stats").json() == cached.get("/api/stats").json()
    assert len(calls) == 1
    fresh = TestClient(create_app(str(db), cache=False))
    fresh.get("/api/stats")
    fresh.get("/api/stats")
    assert len(calls) == 3
    assert "etag" not in fresh.get("/api/stats").headers


def test_job_progress_and_raw_pages_are_never_kept(db: Path) -> None:
    client = TestClient(create_app(str(db)))
    some = client.get("/api/articles?limit=1").json()["items"][0]["id"]
    assert "etag" not in client.get(f"/api/articles/{some}/raw").headers
    assert "etag" not in client.get("/ingest").headers
    assert client.get("/api/jobs/nope").status_code == 404
