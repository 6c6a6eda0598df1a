"""Readers: turn what the user points at into RawDocuments, one at a time.

Every reader streams (a 30 GB WARC or JSONL never sits in memory) and
reports a bad record as an ``InputError`` in the stream instead of raising, so
one bad record or file never stops a batch.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from marsad.errors import InputError
from marsad.ingest.encoding import decode, is_binary
from marsad.model import Hints, RawDocument, Source

# One page bigger than this is not a news article; refuse instead of choking.
MAX_PAGE_BYTES = 20 * 1024 * 1024

Item = RawDocument | InputError

_WARC_EXT = (".warc", ".warc.gz", ".arc", ".arc.gz")


def raw_id(kind: str, data: bytes, hints: Hints) -> str:
    """Content hash: the same bytes with the same container metadata are the
    same document, wherever they were found (this makes ingest idempotent)."""
    h = hashlib.sha256()
    h.update(kind.encode())
    h.update(b"\0")
    h.update(data)
    h.update(b"\0")
    h.update(json.dumps([hints.title, hints.date, hints.outlet, hints.url, hints.section],
                        ensure_ascii=False).encode())
    return h.hexdigest()[:20]


def sniff_kind(text: str) -> str:
    """'html' when the decoded text is markup, else 'text'."""
    head = text[:2048].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:20000].lower():
        return "html"
    if head.startswith("<") and any(t in head for t in ("<head", "<body", "<div", "<p>", "<article")):
        return "html"
    return "text"


def make_document(data: bytes, source: Source, name: str, hints: Hints | None = None,
                  kind: str | None = None) -> RawDocument:
    """Decode one document's bytes.  Raises InputError (naming ``name``)."""
    hints = hints or Hints()
    if len(data) > MAX_PAGE_BYTES:
        raise InputError(name, f"too large for one page ({len(data) / 1e6:.1f} MB > "
                               f"{MAX_PAGE_BYTES // 2**20} MB); split it or use JSONL/WARC")
    text, encoding = decode(data, name)
    if kind is None:
        kind = sniff_kind(text)
    if not text.strip():
        raise InputError(name, "no text")
    return RawDocument(id=raw_id(kind, data, hints), source=source, kind=kind, data=data,
                       text=text, encoding=encoding, hints=hints)


def _str(v: object) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return s or None


def read_jsonl_stream(stream: Iterable[bytes], name: str, path: str | None) -> Iterator[Item]:
    """One article per line: ``text`` or ``html``, optional url/title/date/outlet."""
    for lineno, line in enumerate(stream, 1):
        where = f"{name}:{lineno}"
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield InputError(where, f"invalid JSON ({exc})")
            continue
        yield from _record(rec, where, path)


def _record(rec: object, where: str, path: str | None) -> Iterator[Item]:
    if not isinstance(rec, dict):
        yield InputError(where, "record is not a JSON object")
        return
    body = rec.get("html") if rec.get("html") else rec.get("text") or rec.get("content")
    if not isinstance(body, str) or not body.strip():
        yield InputError(where, "record has no 'text' or 'html'")
        return
    kind = "html" if rec.get("html") else "text"
    hints = Hints(title=_str(rec.get("title")), date=_str(rec.get("date")),
                  outlet=_str(rec.get("outlet") or rec.get("source")), url=_str(rec.get("url")),
                  section=_str(rec.get("section")))
    try:
        yield make_document(body.encode("utf-8"), Source(path=path, url=hints.url), where, hints, kind)
    except InputError as exc:
        yield exc


def read_json_file(data: bytes, name: str, path: str | None) -> Iterator[Item]:
    """A .json file: one record, an array of records, or JSON lines after all."""
    try:
        doc = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        yield from read_jsonl_stream(io.BytesIO(data), name, path)
        return
    records = doc if isinstance(doc, list) else [doc]
    for i, rec in enumerate(records):
        yield from _record(rec, f"{name}[{i}]", path)


def read_warc(stream: io.BufferedIOBase, name: str, path: str | None) -> Iterator[Item]:
    """HTML responses of a WARC/WARC.gz (Common Crawl's CC-NEWS layout); other
    record types (request, warcinfo, metadata) are skipped."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = 0
    try:
        for record in ArchiveIterator(stream, arc2warc=True):
            if record.rec_type not in ("response", "resource"):
                continue
            n += 1
            uri = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{name}#{n} {uri or ''}".strip()
            ctype = ""
            if record.http_headers is not None:
                status = record.http_headers.get_statuscode()
                if status and not status.startswith("2"):
                    continue
                ctype = (record.http_headers.get_header("Content-Type") or "").lower()
            else:
                ctype = (record.rec_headers.get_header("Content-Type") or "").lower()
            if ctype and not any(t in ctype for t in ("html", "text/plain", "xml")):
                continue
            try:
                data = record.content_stream().read(MAX_PAGE_BYTES + 1)
            except (OSError, EOFError, zlib.error) as exc:
                yield InputError(where, f"truncated or corrupt record ({exc})")
                return
            if getattr(record.raw_stream, "limit", 0) > 0 and len(data) <= MAX_PAGE_BYTES:
                # The record promised more bytes than the file holds.
                yield InputError(where, "truncated record (the WARC file ends inside it)")
                return
            # WARC-Date is when the page was crawled, not published: never a publication date.
            hints = Hints(url=uri)
            kind = "html" if "html" in ctype or not ctype else None
            try:
                yield make_document(data, Source(path=path, url=uri), where, hints, kind)
            except InputError as exc:
                yield exc
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as exc:
        yield InputError(name, f"truncated or corrupt WARC ({exc})")


def read_feed(data: bytes, name: str, path: str | None, url: str | None = None) -> Iterator[Item]:
    """RSS/Atom: each entry becomes a document (its HTML content, or its summary),
    with the entry's title, link, date and category as container hints."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = "not a feed (no entries)"
        if parsed.get("bozo"):
            reason = f"not a valid RSS/Atom feed ({parsed.get('bozo_exception')})"
        yield InputError(name, reason)
        return
    outlet = _str(parsed.feed.get("title"))
    for i, entry in enumerate(parsed.entries, 1):
        where = f"{name}#{i}"
        content = ""
        if entry.get("content"):
            content = max((c.get("value", "") for c in entry.content), key=len)
        if len(content) < len(entry.get("summary", "") or ""):
            content = entry.get("summary", "")
        if not content.strip():
            yield InputError(where, "feed entry has no content")
            continue
        date = None
        for key in ("published_parsed", "updated_parsed"):
            t = entry.get(key)
            if t:
                date = f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"
                break
        # The entry's first <category> (RSS text, Atom term/label) is its section.
        section = next((_str(t.get("label")) or _str(t.get("term"))
                        for t in entry.get("tags") or () if _str(t.get("label")) or _str(t.get("term"))), None)
        hints = Hints(title=_str(entry.get("title")), date=date, outlet=outlet,
                      url=_str(entry.get("link")), section=section)
        try:
            yield make_document(content.encode("utf-8"), Source(path=path, url=hints.url or url),
                                where, hints, "html")
        except InputError as exc:
            yield exc


def looks_like_feed(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return (head.startswith(b"<?xml") and any(t in data[:4096].lower() for t in (b"<rss", b"<feed", b"<rdf:rdf"))) \
        or head.startswith((b"<rss", b"<feed", b"<rdf:rdf"))


def read_bytes(data: bytes, name: str, path: str | None = None, url: str | None = None) -> Iterator[Item]:
    """Dispatch in-memory bytes (a fetched URL, an uploaded file) by content."""
    lower = name.lower()
    if lower.endswith(_WARC_EXT) or data[:4] == b"WARC":
        yield from read_warc(io.BytesIO(data), name, path)
    elif data[:2] == b"\x1f\x8b":
        try:
            inner = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            yield InputError(name, f"truncated or corrupt gzip ({exc})")
            return
        yield from read_bytes(inner, name[:-3] if lower.endswith(".gz") else name, path, url)
    elif looks_like_feed(data) or lower.endswith((".rss", ".atom", ".rdf")):
        yield from read_feed(data, name, path, url)
    elif lower.endswith((".jsonl", ".ndjson")):
        yield from read_jsonl_stream(io.BytesIO(data), name, path)
    elif lower.endswith(".json"):
        yield from read_json_file(data, name, path)
    else:
        try:
            yield make_document(data, Source(path=path, url=url), name)
        except InputError as exc:
            yield exc


def read_path(path: Path) -> Iterator[Item]:
    """One file, streamed where the format allows it."""
    name = str(path)
    lower = path.name.lower()
    try:
        size = path.stat().st_size
        if lower.endswith(_WARC_EXT) or lower.endswith((".jsonl.gz", ".ndjson.gz")):
            opener = gzip.open if lower.endswith(".gz") else open
            if lower.endswith(_WARC_EXT):
                with open(path, "rb") as fh:
                    yield from read_warc(fh, name, name)
                return
            try:
                with opener(path, "rb") as fh:
                    yield from read_jsonl_stream(fh, name, name)
            except (OSError, EOFError, zlib.error) as exc:
                yield InputError(name, f"truncated or corrupt gzip ({exc})")
            return
        if path.suffix.lower() in (".jsonl", ".ndjson"):
            with open(path, "rb") as fh:
                yield from read_jsonl_stream(fh, name, name)
            return
        if size > MAX_PAGE_BYTES and path.suffix.lower() != ".json":
            with open(path, "rb") as fh:
                head = fh.read(4)
            if head == b"WARC":
                with open(path, "rb") as fh:
                    yield from read_warc(fh, name, name)
                return
            yield InputError(name, f"too large for one page ({size / 1e6:.1f} MB > "
                                   f"{MAX_PAGE_BYTES // 2**20} MB); split it or use JSONL/WARC")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(name, f"cannot read ({exc.strerror or exc})")
        return
    yield from read_file_bytes(data, name)


def read_file_bytes(data: bytes, name: str) -> Iterator[RawDocument | InputError]:
    """The documents in a whole file's bytes, after the checks every file gets
    (empty, binary), wherever the bytes were read from (local disk or a cluster's
    object store)."""
    if not data.strip():
        yield InputError(name, "empty file")
        return
    if is_binary(data) and data[:2] != b"\x1f\x8b" and data[:4] != b"WARC":
        yield InputError(name, "binary file, not a text, HTML, feed, JSONL or WARC document")
        return
    yield from read_bytes(data, name, name)


_SKIP_DIRS = {".git", "__pycache__", ".venv", "node_modules"}


def iter_files(root: Path) -> Iterator[Path]:
    """Files under a folder, recursively, in a stable order.  Hidden files and
    folders, and folders whose name starts with "_" (sources, build scripts), are skipped."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS and not d.startswith((".", "_")))
        for fn in sorted(filenames):
            if not fn.startswith("."):
                yield Path(dirpath) / fn
