"""``marsad serve``: the Arabic web UI and the REST API over one store.

Every page has a JSON twin (``?format=json`` or the same path with ``.json``)
built from the same view.  Article text is untrusted: templates escape
everything, pages carry no script at all, and the Content-Security-Policy
forbids script outright, so nothing a scraped page contains can run.
Reading is open; anything that writes needs the server's token whenever it
listens beyond loopback, and a write from another site's page (a forged
cross-origin form) is refused even on loopback.
"""

from __future__ import annotations

import contextlib
import functools
import hmac
import io
import ipaddress
import os
import queue
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from fastapi.staticfiles import StaticFiles

try:
    import orjson
except ImportError:  # the web extra brings it; the standard library's json is the fallback
    orjson = None  # type: ignore[assignment]
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from marsad import __version__
from marsad.export import WRITERS, article_record
from marsad.ingest.fetch import FetchPolicy
from marsad.serve import views
from marsad.serve.cache import ResponseCache, store_version
from marsad.serve.jobs import MAX_UPLOAD_BYTES, JobRunner
from marsad.store import open_store
from marsad.store.sqlite import Store

HERE = Path(__file__).parent
CSP = ("default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
ID = r"^[A-Za-z0-9:_.\-]{1,200}$"
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# The site icon, inline so it needs no package data (browsers ask for /favicon.ico).
ICON = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" '
        b'rx="7" fill="#0b5d8a"/><circle cx="16" cy="16" r="8" fill="none" stroke="#fff" '
        b'stroke-width="3"/><circle cx="16" cy="16" r="3" fill="#fff"/></svg>')


def date_text(value: str | None, empty: str = "بلا تاريخ") -> Markup | str:
    """A date (2023-09-14, 2023-09, 2024-06-18/2024-06-20) set left to right inside
    Arabic text, where the bidi algorithm would otherwise print it as 14-09-2023."""
    if not value:
        return empty
    return Markup('<bdi dir="ltr">') + escape(value) + Markup("</bdi>")


class FastJSON(JSONResponse):
    """JSON rendered by orjson (when installed): a big story's JSON took 6.6 ms with the
    standard library and a fraction of that with orjson; same compact UTF-8 output."""

    def render(self, content: Any) -> bytes:
        if orjson is None:
            return super().render(content)
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)


def json_answer(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """An endpoint's dict sent as `FastJSON` at once.  Left to FastAPI, a returned dict goes
    through ``jsonable_encoder``, which walks it in Python: 36 ms for a big story's 260 kB,
    5 ms for the home page's 20 kB, where building the view takes under 1 ms.  The wrapper
    keeps the endpoint's signature, so parameters, validation and the OpenAPI description
    are FastAPI's as before."""

    @functools.wraps(endpoint)
    def answer(*args: Any, **kwargs: Any) -> Any:
        out = endpoint(*args, **kwargs)
        return out if isinstance(out, Response) else FastJSON(out)

    return answer


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class _ThreadStore:
    """Stands for the store, as the calling thread's own connection to it.

    SQLite connections are not shared across threads, and FastAPI may run a
    dependency and the endpoint that uses it on different threads of its pool
    (under load it does), so the dependency cannot hand out a connection: it
    hands out this, and every use resolves to the connection of the thread that
    uses it (opened on first use, then kept: the pool reuses its threads)."""

    def __init__(self, db_path: str) -> None:
        self._db_path = db_path
        self._local = threading.local()

    def _store(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = open_store(self._db_path)
        return store

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store(), name)


_SECURITY_HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                     (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]


class SecurityHeaders:
    """Adds the security headers to every response.  A plain ASGI middleware: Starlette's
    ``@app.middleware("http")`` wraps each response in a stream of its own and cost a
    fifth of a small JSON request's time."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                names = {k for k, _ in _SECURITY_HEADERS}
                message["headers"] = [(k, v) for k, v in message.get("headers", [])
                                      if k.lower() not in names] + _SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def get_store(request: Request) -> Store:
    """The store, for this request (see ``_ThreadStore``)."""
    return request.app.state.stores


StoreDep = Annotated[Store, Depends(get_store)]
Fmt = Annotated[str | None, Query(pattern="^(json|html)$")]
SearchQ = Annotated[str, Query(max_length=500)]
DateQ = Annotated[str | None, Query(pattern=DATE)]
OptStr = Annotated[str | None, Query(max_length=200)]
Mode = Annotated[str, Query(pattern="^(keyword|semantic|hybrid)$")]
PageQ = Annotated[int, Query(alias="page", ge=1, le=1000)]
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
IdPath = Annotated[str, PathParam(pattern=ID)]


def app_from_env() -> FastAPI:
    """The app as ``marsad serve --workers N`` starts it in each worker process
    (uvicorn's factory), configured through the environment the command sets."""
    env = os.environ
    return create_app(env["MARSAD_SERVE_DB"], token=env.get("MARSAD_SERVE_TOKEN") or None,
                      require_token=env.get("MARSAD_SERVE_REQUIRE_TOKEN") == "1",
                      fetch_policy=FetchPolicy(allow_private=env.get("MARSAD_SERVE_ALLOW_PRIVATE") == "1"),
                      jobs_dir=env.get("MARSAD_SERVE_JOBS_DIR") or None,
                      cache=env.get("MARSAD_SERVE_CACHE", "1") != "0",
                      threads=int(env.get("MARSAD_SERVE_THREADS") or 4))


def create_app(db_path: str, *, token: str | None = None, require_token: bool = False,
               fetch_policy: FetchPolicy | None = None, jobs_dir: str | None = None,
               cache: bool = True, threads: int = 4) -> FastAPI:
    """The application over the store at ``db_path``.  ``require_token``: writes
    need ``token`` (set it whenever the server listens beyond loopback).  ``cache``:
    keep rendered answers until the store changes (``serve.cache``); ``threads``: how many
    requests are worked on at once (see ``lifespan``)."""
    if require_token and not token:
        raise ValueError("a token is required when writes need one")
    open_store(db_path).close()  # create or migrate the store before serving
    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> Any:
        # Endpoints are plain functions run on a thread pool (40 threads by default).  Their
        # work is Python holding the GIL, and SQLite gives the GIL back at every row, so many
        # threads only take it from each other: under 20 busy clients, 4 threads served 280
        # requests/s with every p95 under 170 ms, 40 threads 204/s with p95 up to 375 ms.
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    app = FastAPI(title="Marsad", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Arabic news knowledge base: articles, stories, entities, quotes, "
                              "contradictions, search, ingest and export.")
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["version"] = __version__
    # Links taken from ingested data are followed only when they are web links
    # (a scraped "javascript:" URL is shown as text, never as a link).
    templates.env.filters["d"] = date_text
    templates.env.tests["web_url"] = lambda u: isinstance(u, str) and u.lower().startswith(
        ("http://", "https://"))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    runner = JobRunner(db_path, fetch_policy, state_dir=jobs_dir)
    app.state.runner = runner
    app.state.db_path = db_path
    app.state.stores = _ThreadStore(db_path)


    app.add_middleware(SecurityHeaders)
    if cache:  # outermost, so kept answers carry the security headers
        app.add_middleware(ResponseCache, version=store_version(db_path))

    def check_write(request: Request, form_token: str | None = None) -> None:
        origin = request.headers.get("origin")
        if origin and origin != "null":
            host = request.headers.get("host", "")
            if origin.split("://", 1)[-1] != host:
                raise HTTPException(403, "cross-origin write refused")
        if not require_token:
            return
        given = form_token or request.headers.get("x-marsad-token") or ""
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            given = auth[7:].strip()
        if not (given and hmac.compare_digest(given.encode(), (token or "").encode())):
            raise HTTPException(401, "this server needs its token for anything that writes "
                                     "(Authorization: Bearer TOKEN)")

    def page(request: Request, template: str, data: dict[str, Any], fmt: str | None,
             status: int = 200) -> Response:
        if fmt == "json":
            return FastJSON(data, status_code=status)
        return templates.TemplateResponse(request, template, {"v": data, "require_token": require_token},
                                          status_code=status)

    def split_json(ident: str, fmt: str | None) -> tuple[str, str | None]:
        if ident.endswith(".json"):
            return ident[:-5], "json"
        return ident, fmt


    @app.exception_handler(views.NotFound)
    async def not_found(request: Request, exc: views.NotFound) -> Response:
        data = {"view": "error", "status": 404, "error": f"nothing with id {exc.args[0]!r}"}
        wants_json = (request.url.path.startswith("/api/") or request.url.path.endswith(".json")
                      or request.query_params.get("format") == "json")
        return page(request, "error.html", data, "json" if wants_json else None, 404)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(ICON, media_type="image/svg+xml",
                        headers={"Cache-Control": "public, max-age=86400"})

    # ------------------------------------------------------------- pages + twins
    @app.get("/", response_class=HTMLResponse, summary="Home: latest and biggest stories")
    def home_page(request: Request, store: StoreDep, format: Fmt = None,
                  page_no: Annotated[int, Query(alias="page", ge=1, le=100000)] = 1) -> Response:
        return page(request, "home.html", views.home(store, page_no), format)

    @app.get("/index.json", summary="Home (JSON)")
    @json_answer
    def home_json(store: StoreDep, page_no: Annotated[int, Query(alias="page", ge=1, le=100000)] = 1) -> dict:
        return views.home(store, page_no)

    @app.get("/story/{story_id}", response_class=HTMLResponse, summary="A story")
    def story_page(request: Request, store: StoreDep, story_id: IdPath,
                   format: Fmt = None) -> Response:
        sid, fmt = split_json(story_id, format)
        return page(request, "story.html", views.story(store, sid), fmt)

    @app.get("/article/{article_id}", response_class=HTMLResponse, summary="An article")
    def article_page(request: Request, store: StoreDep, article_id: IdPath,
                     format: Fmt = None,
                     hl: Annotated[str | None, Query(pattern=r"^\d{1,9}-\d{1,9}$")] = None) -> Response:
        aid, fmt = split_json(article_id, format)
        return page(request, "article.html", views.article(store, aid, hl), fmt)

    @app.get("/article/{article_id}/raw", summary="The original page, as ingested")
    def article_raw(store: StoreDep, article_id: IdPath) -> Response:
        return _raw(store, article_id)

    @app.get("/entity/{entity_id}", response_class=HTMLResponse, summary="An entity")
    def entity_page(request: Request, store: StoreDep, entity_id: IdPath,
                    format: Fmt = None) -> Response:
        eid, fmt = split_json(entity_id, format)
        return page(request, "entity.html", views.entity(store, eid), fmt)

    @app.get("/entities", response_class=HTMLResponse, summary="Entities, most mentioned first")
    def entities_page(request: Request, store: StoreDep, format: Fmt = None,
                      type: Annotated[str | None, Query(pattern="^[A-Z]{2,8}$")] = None,
                      page_no: Annotated[int, Query(alias="page", ge=1, le=100000)] = 1) -> Response:
        return page(request, "entities.html", views.entities(store, page_no, type), format)

    def search_form(q: str, date_from: str | None, date_to: str | None, outlet: str | None,
                    entity: str | None, story: str | None, mode: str, page_no: int) -> views.SearchForm:
        return views.SearchForm(q=q, date_from=date_from, date_to=date_to, outlet=outlet, entity=entity,
                                story=story, mode=mode, page=page_no)


    @app.get("/search", response_class=HTMLResponse, summary="Search page")
    def search_page(request: Request, store: StoreDep, q: SearchQ = "", date_from: DateQ = None,
                    date_to: DateQ = None, outlet: OptStr = None, entity: OptStr = None,
                    story: OptStr = None, mode: Mode = "keyword", page_no: PageQ = 1,
                    format: Fmt = None) -> Response:
        form = search_form(q, date_from, date_to, outlet, entity, story, mode, page_no)
        return page(request, "search.html", views.search(store, form), format)

    @app.get("/search.json", summary="Search (JSON)")
    @json_answer
    def search_json(store: StoreDep, q: SearchQ = "", date_from: DateQ = None, date_to: DateQ = None,
                    outlet: OptStr = None, entity: OptStr = None, story: OptStr = None,
                    mode: Mode = "keyword", page_no: PageQ = 1) -> dict:
        return views.search(store, search_form(q, date_from, date_to, outlet, entity, story, mode, page_no))

    @app.get("/ingest", response_class=HTMLResponse, summary="Ingest page")
    def ingest_page(request: Request, format: Fmt = None) -> Response:
        return page(request, "ingest.html", {"view": "ingest", "max_mb": MAX_UPLOAD_BYTES // 2**20}, format)

    async def _read_uploads(files: list[UploadFile] | None) -> list[tuple[str, bytes]]:
        out, total = [], 0
        for f in files or []:
            data = await f.read()
            total += len(data)
            if total > MAX_UPLOAD_BYTES:
                raise HTTPException(413, f"uploads over {MAX_UPLOAD_BYTES // 2**20} MB; "
                                         "use the command line for big batches")
            if f.filename or data:
                out.append((f.filename or "upload", data))
        return out

    @app.post("/ingest", summary="Start an ingest from the browser form")
    async def ingest_form(request: Request,
                          files: Annotated[list[UploadFile] | None, File()] = None,
                          urls: Annotated[str, Form(max_length=100000)] = "",
                          token_field: Annotated[str | None, Form(alias="token")] = None) -> Response:
        check_write(request, token_field)
        uploads = await _read_uploads(files)
        url_list = [u.strip() for u in urls.splitlines() if u.strip()]
        if not uploads and not url_list:
            raise HTTPException(422, "nothing to ingest: choose files or paste URLs")
        job = runner.submit_ingest(uploads, url_list)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @app.get("/jobs/{job_id}", response_class=HTMLResponse, summary="An ingest or rebuild job")
    def job_page(request: Request, job_id: IdPath, format: Fmt = None) -> Response:
        jid, fmt = split_json(job_id, format)
        job = runner.get(jid)
        if job is None:
            raise views.NotFound(jid)
        return page(request, "job.html", {"view": "job", "job": job.as_dict()}, fmt)

    # ------------------------------------------------------------- REST API

    @app.get("/api/articles", summary="Articles, newest first, with filters")
    @json_answer
    def api_articles(store: StoreDep, limit: Limit = 20, offset: Offset = 0, date_from: DateQ = None,
                     date_to: DateQ = None, outlet: OptStr = None, entity: OptStr = None,
                     story: OptStr = None) -> dict:
        from marsad.store.search import filter_sql

        where, args = filter_sql(date_from, date_to, outlet, entity, story)
        # The page's ids first, from the (outlet,) published, id index alone; then their rows.
        ids = [r[0] for r in store.db.execute(
            f"SELECT a.id FROM articles a {'WHERE ' + where if where else ''} "
            "ORDER BY a.published DESC NULLS LAST, a.id LIMIT ? OFFSET ?", [*args, limit, offset])]
        found = {r["id"]: r for r in store.db.execute(
            "SELECT a.id, a.title, a.outlet, a.published, a.published_basis, a.parent, sa.story "
            "FROM articles a LEFT JOIN link_story_articles sa ON sa.article = a.id "
            f"WHERE a.id IN ({','.join('?' * len(ids))})", ids)} if ids else {}
        rows = [found[i] for i in ids if i in found]
        return {"limit": limit, "offset": offset, "items": [dict(r) for r in rows],
                "next_offset": offset + limit if len(rows) == limit else None}

    @app.get("/api/articles/{article_id}", summary="One article in the marsad/v1 shape")
    @json_answer
    def api_article(store: StoreDep, article_id: IdPath) -> dict:
        row = store.linked_article_row(article_id)
        if row is None:
            raise views.NotFound(article_id)
        return article_record(row)

    @app.delete("/api/articles/{article_id}", summary="Delete one article (needs the token)")
    def api_delete_article(request: Request, store: StoreDep,
                           article_id: IdPath) -> dict:
        check_write(request)
        if not store.delete_article(article_id):
            raise views.NotFound(article_id)
        runner.submit_relink()
        return {"deleted": article_id}

    @app.get("/api/articles/{article_id}/raw", summary="The original bytes of an article's page")
    def api_article_raw(store: StoreDep, article_id: IdPath) -> Response:
        return _raw(store, article_id)

    @app.get("/api/stories", summary="Stories, latest or biggest first")
    @json_answer
    def api_stories(store: StoreDep, limit: Limit = 20, offset: Offset = 0,
                    order: Annotated[str, Query(pattern="^(recent|biggest)$")] = "recent") -> dict:
        def compute() -> list[dict[str, Any]]:
            return views.story_cards(store, store.story_list(limit, offset, order))

        # "biggest" sorts every story (no index orders by size): once per state of the store.
        items = views._memo(store, ("stories", order, limit, offset), compute) if order == "biggest" \
            else compute()
        return {"limit": limit, "offset": offset, "items": items,
                "next_offset": offset + limit if len(items) == limit else None}

    @app.get("/api/stories/{story_id}", summary="One story: summary, timeline, articles, quotes, contradictions")
    @json_answer
    def api_story(store: StoreDep, story_id: IdPath) -> dict:
        return views.story(store, story_id)

    @app.get("/api/entities", summary="Entities, most mentioned first")
    @json_answer
    def api_entities(store: StoreDep, limit: Limit = 50, offset: Offset = 0,
                     type: Annotated[str | None, Query(pattern="^[A-Z]{2,8}$")] = None) -> dict:
        rows = store.entity_list(limit, offset, type)
        return {"limit": limit, "offset": offset, "items": [dict(r) for r in rows],
                "next_offset": offset + limit if len(rows) == limit else None}

    @app.get("/api/entities/{entity_id}", summary="One entity: names, stories, quotes, co-occurring entities")
    @json_answer
    def api_entity(store: StoreDep, entity_id: IdPath) -> dict:
        return views.entity(store, entity_id)

    @app.get("/api/quotes", summary="Quotes by a speaker (entity id), or of a story")
    @json_answer
    def api_quotes(store: StoreDep, speaker: OptStr = None, story: OptStr = None, limit: Limit = 50,
                   offset: Offset = 0) -> dict:
        return {"limit": limit, "offset": offset, "items": views.quotes(store, speaker, story, limit, offset)}

    @app.get("/api/contradictions", summary="Contradicting statements, optionally of one story")
    @json_answer
    def api_contradictions(store: StoreDep, story: OptStr = None, limit: Limit = 50,
                           offset: Offset = 0) -> dict:
        items = store.contradiction_records(story, limit, offset)
        return {"limit": limit, "offset": offset, "items": items,
                "next_offset": offset + limit if len(items) == limit else None}

    @app.get("/api/search", summary="Keyword, semantic or hybrid search with filters")
    def api_search(store: StoreDep, q: Annotated[str, Query(min_length=1, max_length=500)],
                   date_from: DateQ = None, date_to: DateQ = None, outlet: OptStr = None,
                   entity: OptStr = None, story: OptStr = None, mode: Mode = "keyword",
                   page_no: PageQ = 1) -> Response:
        data = views.search(store, search_form(q, date_from, date_to, outlet, entity, story, mode, page_no))
        return FastJSON(data, status_code=400 if data["error"] else 200)

    @app.post("/api/ingest", summary="Ingest uploaded files and/or URLs (needs the token beyond loopback)",
              status_code=202)
    async def api_ingest(request: Request,
                         files: Annotated[list[UploadFile] | None, File()] = None,
                         urls: Annotated[str, Form(max_length=100000)] = "") -> dict:
        check_write(request)
        uploads = await _read_uploads(files)
        url_list = [u.strip() for u in urls.splitlines() if u.strip()]
        if not uploads and not url_list:
            raise HTTPException(422, "nothing to ingest: send files or urls")
        return runner.submit_ingest(uploads, url_list).as_dict()

    @app.post("/api/rebuild", summary="Re-run every stage from the stored raw bytes", status_code=202)
    def api_rebuild(request: Request) -> dict:
        check_write(request)
        return runner.submit_rebuild().as_dict()

    @app.get("/api/jobs/{job_id}", summary="State of an ingest or rebuild job")
    @json_answer
    def api_job(job_id: IdPath) -> dict:
        job = runner.get(job_id)
        if job is None:
            raise views.NotFound(job_id)
        return job.as_dict()

    @app.get("/api/export", summary="The whole knowledge base (marsad/v1 json, jsonl or csv)")
    def api_export(format: Annotated[str, Query(pattern="^(json|jsonl|csv)$")] = "json") -> Response:
        media = {"json": "application/json", "jsonl": "application/x-ndjson", "csv": "text/csv"}[format]
        return StreamingResponse(_stream_export(db_path, format), media_type=media + "; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="marsad.{format}"'})

    @app.get("/api/stats", summary="Counts of articles, outlets, stories, entities, contradictions")
    @json_answer
    def api_stats(store: StoreDep) -> dict:
        return views.counts(store)

    return app


def _raw(store: Store, article_id: str) -> Response:
    """The original bytes, as a download: never rendered in our origin."""
    row = store.article_row(article_id)
    if row is None:
        raise views.NotFound(article_id)
    data = store.raw_bytes(row["raw_id"]) or b""
    return Response(data, media_type="application/octet-stream", headers={
        "Content-Disposition": f'attachment; filename="{row["id"]}.raw"'})


def _stream_export(db_path: str, fmt: str) -> Iterator[bytes]:
    """Run an export writer on its own thread (with its own connection) and yield
    what it writes, so a big store streams out in constant memory."""
    chunks: queue.Queue[str | BaseException | None] = queue.Queue(maxsize=256)
    stop = threading.Event()

    class _Sink(io.TextIOBase):
        def write(self, s: str) -> int:
            while not stop.is_set():
                try:
                    chunks.put(s, timeout=1)
                    return len(s)
                except queue.Full:
                    continue
            raise BrokenPipeError("client went away")

    def work() -> None:
        store = open_store(db_path)
        try:
            WRITERS[fmt](store, _Sink())
        except BaseException as exc:  # reported by ending the stream early
            if not stop.is_set():
                chunks.put(exc)
        finally:
            store.close()
            if not stop.is_set():
                chunks.put(None)

    threading.Thread(target=work, name="marsad-export", daemon=True).start()
    try:
        while True:
            item = chunks.get()
            if item is None or isinstance(item, BaseException):
                return
            yield item.encode("utf-8")
    finally:
        stop.set()
