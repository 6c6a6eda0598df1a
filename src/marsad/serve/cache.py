"""Rendered responses kept until the store changes.

A store is read far more often than it is written: the home page, the story lists and a
popular story are asked for again and again between two ingests.  Building such a view
costs milliseconds of Python; sending it again costs microseconds.  The cache keeps the
bytes of successful GET responses (pages and JSON alike) keyed by path, query and host,
and drops them all as soon as the store's data changes, whoever changed it: an ingest
started from the browser, ``marsad ingest`` in another process, a link run.  So a reader
never sees a stale view; what the cache trades is memory (bounded, least recently used
out first).

Change is noticed through SQLite's ``PRAGMA data_version`` on a connection of the cache's
own, which moves whenever another connection commits, and the store file's identity (a
file replaced under the same name).  Stores without such a signal (PostgreSQL) are not
cached.  Responses also carry an ETag, so a browser's revalidation of an unchanged page
is answered with 304 and no body, and an ``X-Cache: hit`` or ``miss`` header tells
whoever measures the server which answers were kept.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Paths whose answers change without the store changing (job progress, the form that
# shows them) or are too big to keep (raw pages, exports).
NOT_CACHED = ("/jobs/", "/api/jobs/", "/ingest", "/api/ingest", "/api/export", "/static/")
NOT_CACHED_SUFFIXES = ("/raw",)


@dataclass(frozen=True)
class _Entry:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    etag: bytes


class SqliteVersion:
    """A value that changes whenever the SQLite store at ``path`` changes."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._ident: tuple[int, int] | None = None

    def __call__(self) -> object | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        ident = (st.st_dev, st.st_ino)
        if self._db is None or ident != self._ident:
            if self._db is not None:
                self._db.close()
            # The event loop's thread is the only user; check_same_thread is off because
            # the loop may start on another thread than the one that built the app.
            uri = Path(self.path).resolve().as_uri() + "?mode=ro"  # a '#' or '?' in the path is quoted
            self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._ident = ident
        try:
            return ident, self._db.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error:
            self._db = None
            return None


def store_version(db_path: str) -> Callable[[], object | None] | None:
    """The change signal of the store at ``db_path``; None for stores the cache cannot watch."""
    if "://" in db_path or not os.path.exists(db_path):
        return None
    return SqliteVersion(db_path)


class ResponseCache:
    """ASGI middleware: GET responses with status 200 kept while the store is unchanged."""

    def __init__(self, app: Any, version: Callable[[], object | None] | None,
                 max_bytes: int = 64 * 2**20, max_entry: int = 2 * 2**20) -> None:
        self.app = app
        self.version = version
        self.max_bytes = max_bytes
        self.max_entry = max_entry
        self.entries: OrderedDict[tuple[bytes, bytes, bytes], _Entry] = OrderedDict()
        self.size = 0
        self.hits = self.misses = 0
        self._seen: object = None

    def _cacheable(self, scope: dict[str, Any]) -> bool:
        if scope["type"] != "http" or scope["method"] != "GET" or self.version is None:
            return False
        path: str = scope["path"]
        return not path.startswith(NOT_CACHED) and not path.endswith(NOT_CACHED_SUFFIXES)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if not self._cacheable(scope):
            await self.app(scope, receive, send)
            return
        version = self.version()  # type: ignore[misc]
        if version is None:
            await self.app(scope, receive, send)
            return
        if version != self._seen:  # the store changed: every kept answer is stale
            self.entries.clear()
            self.size = 0
            self._seen = version
        headers = dict(scope["headers"])
        key = (scope["path"].encode(), scope.get("query_string", b""), headers.get(b"host", b""))
        entry = self.entries.get(key)
        if entry is not None:
            self.hits += 1
            self.entries.move_to_end(key)
            await self._replay(entry, headers.get(b"if-none-match"), send)
            return
        self.misses += 1
        await self._record(scope, receive, send, key, version)

    async def _replay(self, entry: _Entry, if_none_match: bytes | None, send: Any) -> None:
        if if_none_match is not None and entry.etag in (t.strip() for t in if_none_match.split(b",")):
            keep = [(k, v) for k, v in entry.headers if k not in (b"content-length", b"content-type")]
            await send({"type": "http.response.start", "status": 304, "headers": keep})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": entry.status,
                    "headers": [*entry.headers, (b"x-cache", b"hit")]})
        await send({"type": "http.response.body", "body": entry.body})

    async def _record(self, scope: dict[str, Any], receive: Any, send: Any,
                      key: tuple[bytes, bytes, bytes], version: object) -> None:
        """Run the app, holding its answer back until it is complete (views are built whole,
        so this delays nothing); an answer that turns out too big or not cacheable is
        passed on as it comes."""
        start: dict[str, Any] | None = None
        chunks: list[bytes] = []
        size = 0
        passing = False

        async def capture(message: dict[str, Any]) -> None:
            nonlocal start, size, passing
            if passing:
                await send(message)
                return
            if message["type"] == "http.response.start":
                start = message
                names = {k.lower(): v for k, v in message.get("headers", [])}
                if message["status"] != 200 or b"no-store" in names.get(b"cache-control", b""):
                    passing = True
                    await send(message)
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            body = message.get("body", b"")
            chunks.append(body)
            size += len(body)
            if size > self.max_entry:
                passing = True
                await send(start)
                await send({"type": "http.response.body", "body": b"".join(chunks),
                            "more_body": message.get("more_body", False)})
                return
            if message.get("more_body", False):
                return
            whole = b"".join(chunks)
            etag = b'"' + hashlib.blake2b(whole, digest_size=12).hexdigest().encode() + b'"'
            kept = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"etag"]
            if not any(k.lower() == b"cache-control" for k, _ in kept):
                kept.append((b"cache-control", b"no-cache"))  # keep it, but ask us first (ETag)
            hdrs = (*kept, (b"etag", etag))
            if version == self._seen:  # not if the store changed while this was built
                self._put(key, _Entry(start["status"], hdrs, whole, etag))
            await send({**start, "headers": [*hdrs, (b"x-cache", b"miss")]})
            await send({"type": "http.response.body", "body": whole})

        await self.app(scope, receive, capture)

    def _put(self, key: tuple[bytes, bytes, bytes], entry: _Entry) -> None:
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= len(old.body)
        self.entries[key] = entry
        self.size += len(entry.body)
        while self.size > self.max_bytes and self.entries:
            _, gone = self.entries.popitem(last=False)
            self.size -= len(gone.body)
