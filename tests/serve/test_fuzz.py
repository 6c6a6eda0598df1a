"""Fuzz the REST API and pages against their own OpenAPI description (schemathesis).

Every operation the app describes, reads and writes, gets generated requests
(valid and invalid ones, deterministic, a bounded number per operation)
against a copy of the sample store, and no answer may be a server error.  The
writes are real (an upload is stored as a queued job, a delete deletes), but
the job worker is stopped first, so fuzzed uploads and URL lists are accepted
and queued, never run: no network, no minutes of background ingest.

What the schema cannot say, generated directly with Hypothesis: ids that
exist (and variations of them), so the pages behind the 404s are fuzzed too,
and uploads with any file name and bytes (the schema's file parts come out as
plain strings).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

pytest.importorskip("schemathesis", reason="schemathesis is not installed")
pytest.importorskip("fastapi")
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode

from marsad.serve.app import create_app

MAX_EXAMPLES = 25  # per operation, positive and negative cases together
SEED = 20240620

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def fuzz_app(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    db = tmp_path_factory.mktemp("fuzz") / "marsad.db"
    shutil.copy(sample_db, db)
    app = create_app(str(db))
    runner = app.state.runner
    runner.close()  # the worker stops: jobs are accepted and stay queued
    runner._thread.join(5)
    yield app
    for job in list(runner.jobs.values()):
        if job.workdir:
            shutil.rmtree(job.workdir, ignore_errors=True)


def _operations(app: object) -> list:
    config = schemathesis.Config.from_dict({"seed": SEED})
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=config)
    return [r.ok() for r in schema.get_all_operations()]


def test_the_fuzzer_sees_every_operation(fuzz_app: object) -> None:
    labels = {op.label for op in _operations(fuzz_app)}
    for label in ("GET /", "GET /story/{story_id}", "GET /article/{article_id}", "GET /search",
                  "GET /api/articles", "GET /api/search", "POST /api/ingest", "POST /ingest",
                  "POST /api/rebuild", "DELETE /api/articles/{article_id}", "GET /api/export"):
        assert label in labels, label


def test_no_operation_answers_with_a_server_error(fuzz_app: object, subtests: pytest.Subtests) -> None:
    """Each operation in its own subtest; a failure names the request (as curl)."""
    for op in _operations(fuzz_app):
        strategy = st.one_of(op.as_strategy(GenerationMode.POSITIVE), op.as_strategy(GenerationMode.NEGATIVE))

        @given(case=strategy)
        @settings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck), print_blob=False)
        def fuzz(case: schemathesis.Case) -> None:
            try:
                response = case.call()
            except Exception as exc:  # the in-process client re-raises what the app raised
                raise AssertionError(f"{type(exc).__name__}: {exc}\n{case.as_curl_command()}") from exc
            case.validate_response(response, checks=[not_a_server_error])

        with subtests.test(msg=op.label):
            fuzz()


# ---------------------------------------------------------------- beyond the schema

@pytest.fixture(scope="module")
def client(fuzz_app: object) -> TestClient:
    return TestClient(fuzz_app)


@pytest.fixture(scope="module")
def real_ids(client: TestClient) -> dict[str, list[str]]:
    def ids(path: str, key: str = "id") -> list[str]:
        return [r[key] for r in client.get(path).json()["items"]][:15]

    articles = ids("/api/articles?limit=15")
    return {"article": articles, "story": ids("/api/stories?limit=15"),
            "entity": ids("/api/entities?limit=15"),
            "jobs": [client.post("/api/ingest", data={"urls": "https://example.com/a"}).json()["id"]]}


ROUTES = {"article": ["/article/{}", "/api/articles/{}", "/article/{}/raw", "/api/articles/{}/raw"],
          "story": ["/story/{}", "/api/stories/{}"], "entity": ["/entity/{}", "/api/entities/{}"],
          "jobs": ["/jobs/{}", "/api/jobs/{}"]}
QUERY = {"format": st.sampled_from(["json", "html", "xml", ""]),
         "hl": st.one_of(st.from_regex(r"\A\d{1,9}-\d{1,9}\Z"), st.text(max_size=12)),
         "page": st.one_of(st.integers(-5, 2000).map(str), st.text(max_size=5)),
         "q": st.text(max_size=40), "story": st.text(max_size=20), "entity": st.text(max_size=20)}


@st.composite
def _requests(draw: st.DrawFn, ids: dict[str, list[str]]) -> str:
    kind = draw(st.sampled_from(sorted(ROUTES)))
    ident = draw(st.sampled_from(ids[kind]))
    ident = draw(st.sampled_from([ident, ident[:4], ident[:1], ident + ".json", ident + "x",
                                  ident.upper(), ident + "%", ident + "_", ident.replace(":", "")]))
    path = draw(st.sampled_from(ROUTES[kind])).format(quote(ident, safe=":"))
    params = draw(st.dictionaries(st.sampled_from(sorted(QUERY)), st.just(None), max_size=3))
    return path + ("?" + urlencode({k: draw(QUERY[k]) for k in params}) if params else "")


def test_existing_ids_and_their_variations(client: TestClient, real_ids: dict[str, list[str]]) -> None:
    @given(url=_requests(real_ids))
    @settings(max_examples=150, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def fuzz(url: str) -> None:
        r = client.get(url)
        assert r.status_code < 500, url

    fuzz()


_names = st.one_of(st.text(max_size=300), st.sampled_from(
    ["../../etc/passwd", "..", ".", "a/", "خبر.jsonl", "ا" * 200 + ".txt", "x.warc.gz", "con", "a\tb.html"]))
_files = st.lists(st.tuples(_names, st.binary(max_size=2048)), min_size=1, max_size=3)


@pytest.mark.parametrize("path", ["/api/ingest", "/ingest"])
def test_uploads_of_any_name_and_bytes(client: TestClient, path: str) -> None:
    @given(files=_files, urls=st.text(max_size=200))
    @settings(max_examples=MAX_EXAMPLES * 2, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def fuzz(files: list[tuple[str, bytes]], urls: str) -> None:
        try:
            parts = [("files", (name, data, "application/octet-stream")) for name, data in files]
            r = client.post(path, files=parts, data={"urls": urls}, follow_redirects=False)
        except UnicodeEncodeError:  # a name no HTTP client can send (a lone surrogate)
            return
        assert r.status_code < 500, files
        if r.status_code in (202, 303):
            job_id = r.headers["location"].rsplit("/", 1)[1] if r.status_code == 303 else r.json()["id"]
            job = client.get(f"/api/jobs/{job_id}").json()
            assert len(job["inputs"]) >= len(files)

    fuzz()
