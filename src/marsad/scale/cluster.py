"""The per-document stages on a Dask cluster: read → clean → analyze → embed → Parquet.

Why this shape:

* The inputs are cut into *tasks* on the client from their names and sizes
  alone: one per WARC / compressed file (CC-NEWS files are many and ~1 GB each,
  and gzip members cannot be found without reading), byte ranges of a large
  JSONL file (aligned on newlines by the task itself), and row-group ranges of
  a Parquet file.  Cutting depends only on the inputs and ``chunk_bytes`` /
  ``rows_per_task``, never on the cluster's size, so the output is the same
  bytes on a laptop and on a hundred workers.
* Each task reads its documents with the same readers single-machine ingest
  uses, runs the same pure ``marsad.pipeline`` stages, and writes one Parquet
  part (``marsad.scale.parquet``).  A bad record or file becomes a failure row
  naming it; a task that dies is reported in the manifest; the batch goes on.
* Only ``load`` touches the store, in input order, through the same
  ``Store.put`` single-machine ingest uses, so the store (and its exports) is
  the one single-machine ingest builds from the same inputs.

Paths may be local or anything fsspec opens (``s3://``, ``gs://``, ``abfs://``…,
given the matching fsspec plugin on the workers); nothing here requires one.
"""

from __future__ import annotations

import contextlib
import gzip
import itertools
import json
import logging
import os
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from marsad.analyze import embed
from marsad.errors import InputError
from marsad.ingest.readers import (
    MAX_PAGE_BYTES,
    _record,
    iter_files,
    read_file_bytes,
    read_jsonl_stream,
    read_path,
    read_warc,
)
from marsad.model import RawDocument
from marsad.pipeline import BATCH, IngestReport, _safe_process, default_workers, embed_batch
from marsad.progress import Progress
from marsad.scale.parquet import FORMAT, Failure, Loaded, PartWriter, read_part
from marsad.store.sqlite import Store

CHUNK_BYTES = 4 * 2**20     # a JSONL file larger than this is split into byte ranges of this size
ROWS_PER_TASK = 2000        # Parquet input: row groups are grouped into tasks of about this many rows
MANIFEST = "_manifest.json"
_WARC_EXT = (".warc", ".warc.gz", ".arc", ".arc.gz")
_JSONL_EXT = (".jsonl", ".ndjson")
_RECORD_COLUMNS = ("text", "html", "content", "url", "title", "date", "outlet", "source", "section")
_SKIP_DIRS = {".git", "__pycache__", ".venv", "node_modules"}


# -- paths: local or fsspec ----------------------------------------------------------

def is_remote(path: str) -> bool:
    """An fsspec URL (s3://, gs://, memory://…) rather than a local path."""
    return "://" in path and not path.startswith("file://")


def _local(path: str) -> str:
    return path[len("file://"):] if path.startswith("file://") else path


def _fs(path: str) -> tuple[Any, str]:
    import fsspec

    return fsspec.core.url_to_fs(path)


def _open(path: str, mode: str = "rb") -> Any:
    if is_remote(path):
        fs, p = _fs(path)
        return fs.open(p, mode)
    return open(_local(path), mode)


def _join(root: str, *parts: str) -> str:
    return "/".join([root.rstrip("/"), *parts])


# -- planning --------------------------------------------------------------------------

@dataclass(frozen=True)
class Task:
    """One unit of work: a whole file, a byte range of a JSONL file, a row-group
    range of a Parquet file, or an input that does not exist (a failure to report)."""

    index: int
    path: str
    kind: str                    # "file" | "jsonl" | "parquet" | "missing"
    start: int = 0               # jsonl: byte offset; parquet: first row group
    end: int = -1                # jsonl: byte offset (exclusive); parquet: row group (exclusive)
    first: int = 1               # parquet: number of the task's first row (1-based)
    lines_before: int = 0        # jsonl: newlines before ``start`` (filled in by the count pass)
    reason: str | None = None    # missing: why

    @property
    def part(self) -> str:
        return f"part-{self.index:06d}"


def _walk_remote(fs: Any, root: str) -> Iterator[str]:
    """Files under a remote folder in ``iter_files`` order (files, then sub-folders, sorted)."""
    entries = fs.ls(root, detail=True)
    base = lambda e: e["name"].rstrip("/").rsplit("/", 1)[-1]  # noqa: E731
    files = sorted(e["name"] for e in entries if e["type"] == "file" and not base(e).startswith("."))
    dirs = sorted(e["name"] for e in entries if e["type"] == "directory"
                  and base(e) not in _SKIP_DIRS and not base(e).startswith((".", "_")))
    yield from files
    for d in dirs:
        yield from _walk_remote(fs, d)


def _files(item: str) -> Iterator[tuple[str, int] | Task]:
    """(name, size) of every file behind one input, as single-machine ingest names them."""
    if item.lower().startswith(("http://", "https://")):
        yield Task(-1, item, "missing", reason="URLs are fetched by single-machine ingest only "
                                                  "(run `marsad ingest` without --cluster)")
        return
    if is_remote(item):
        fs, p = _fs(item)
        if fs.isdir(p):
            root = p.rstrip("/")
            for f in _walk_remote(fs, p):  # named under the URL as given, like Path(item) / name
                name = item.rstrip("/") + f[len(root):] if f.startswith(root) else fs.unstrip_protocol(f)
                yield name, fs.size(f)
        elif fs.exists(p):
            yield item, fs.size(p)
        else:
            yield Task(-1, item, "missing", reason="no such file, folder or URL")
        return
    path = Path(_local(item))
    if path.is_dir():
        for f in iter_files(path):
            try:
                size = f.stat().st_size
            except OSError:  # the reader reports it
                size = 0
            yield str(f), size
    elif path.exists():
        yield str(path), path.stat().st_size
    else:
        yield Task(-1, item, "missing", reason="no such file, folder or URL")


def _parquet_tasks(name: str, rows_per_task: int) -> Iterator[Task]:
    import pyarrow.parquet as pq

    try:
        with _open(name) as fh:
            meta = pq.ParquetFile(fh).metadata
    except Exception as exc:  # not Parquet after all, or unreadable: a failure, not an abort
        yield Task(-1, name, "missing", reason=f"cannot read Parquet ({type(exc).__name__}: {exc})")
        return
    g, row = 0, 1
    while g < meta.num_row_groups:
        start, rows = g, 0
        while g < meta.num_row_groups and (rows == 0 or rows + meta.row_group(g).num_rows <= rows_per_task):
            rows += meta.row_group(g).num_rows
            g += 1
        yield Task(-1, name, "parquet", start=start, end=g, first=row)
        row += rows


def plan(inputs: Iterable[str], chunk_bytes: int = CHUNK_BYTES,
         rows_per_task: int = ROWS_PER_TASK) -> list[Task]:
    """The tasks for ``inputs``, in input order (the order ``load`` stores them in).
    Reads nothing but directory listings, sizes and Parquet footers."""
    tasks: list[Task] = []
    for item in inputs:
        for f in _files(item):
            if isinstance(f, Task):
                tasks.append(f)
                continue
            name, size = f
            lower = name.lower()
            if lower.endswith(".parquet"):
                tasks.extend(_parquet_tasks(name, rows_per_task))
            elif lower.endswith(_JSONL_EXT) and size > chunk_bytes:
                tasks.extend(Task(-1, name, "jsonl", start=s, end=min(s + chunk_bytes, size))
                             for s in range(0, size, chunk_bytes))
            else:
                tasks.append(Task(-1, name, "file"))
    return [replace(t, index=i) for i, t in enumerate(tasks)]


def count_newlines(path: str, start: int, end: int) -> int:
    """Newlines in bytes [start, end) of a file (the line numbers of a split JSONL)."""
    n = 0
    with _open(path) as fh:
        fh.seek(start)
        left = end - start
        while left > 0:
            block = fh.read(min(left, 8 * 2**20))
            if not block:
                break
            n += block.count(b"\n")
            left -= len(block)
    return n


# -- reading one task --------------------------------------------------------------------

def _jsonl_range(task: Task) -> Iterator[RawDocument | InputError]:
    """The records whose line starts in [start, end), numbered as in the whole file."""
    name = task.path
    with _open(name) as fh:
        lineno = task.lines_before + 1
        if task.start > 0:
            fh.seek(task.start - 1)
            if fh.read(1) != b"\n":
                fh.readline()  # the line that began in the previous range is that range's
                lineno += 1
        pos = fh.tell()
        while pos < task.end:
            line = fh.readline()
            if not line:
                break
            pos += len(line)
            where = f"{name}:{lineno}"
            lineno += 1
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                yield InputError(where, f"invalid JSON ({exc})")
                continue
            yield from _record(rec, where, name)


def _parquet_range(task: Task) -> Iterator[RawDocument | InputError]:
    """Rows of Parquet row groups [start, end) as JSONL-style records (text/html, url, title…)."""
    import pyarrow.parquet as pq

    name = task.path
    with _open(name) as fh:
        pf = pq.ParquetFile(fh)
        cols = [c for c in _RECORD_COLUMNS if c in pf.schema_arrow.names]
        row = task.first
        for g in range(task.start, task.end):
            for rec in pf.read_row_group(g, columns=cols).to_pylist():
                yield from _record(rec, f"{name}:{row}", name)
                row += 1


def _remote_file(name: str) -> Iterator[RawDocument | InputError]:
    """``read_path`` for an fsspec URL: the same dispatch, streamed where the format allows."""
    lower = name.lower()
    try:
        if lower.endswith(_WARC_EXT):
            with _open(name) as fh:
                yield from read_warc(fh, name, name)
            return
        if lower.endswith((".jsonl.gz", ".ndjson.gz")):
            try:
                with _open(name) as raw, gzip.open(raw) as fh:
                    yield from read_jsonl_stream(fh, name, name)
            except (OSError, EOFError, zlib.error) as exc:
                yield InputError(name, f"truncated or corrupt gzip ({exc})")
            return
        if lower.endswith(_JSONL_EXT):
            with _open(name) as fh:
                yield from read_jsonl_stream(fh, name, name)
            return
        with _open(name) as fh:
            data = fh.read(MAX_PAGE_BYTES + 1)
        if len(data) > MAX_PAGE_BYTES and not lower.endswith(".json"):
            if data[:4] == b"WARC":
                with _open(name) as fh:
                    yield from read_warc(fh, name, name)
                return
            yield InputError(name, f"too large for one page (> {MAX_PAGE_BYTES // 2**20} MB); "
                                   "split it or use JSONL/WARC")
            return
    except OSError as exc:
        yield InputError(name, f"cannot read ({exc})")
        return
    yield from read_file_bytes(data, name)


def read_task(task: Task) -> Iterator[RawDocument | InputError]:
    """Every document (or failure) of one task, in input order."""
    if task.kind == "missing":
        yield InputError(task.path, task.reason or "cannot read")
    elif task.kind == "jsonl":
        yield from _jsonl_range(task)
    elif task.kind == "parquet":
        yield from _parquet_range(task)
    elif is_remote(task.path):
        yield from _remote_file(task.path)
    else:
        yield from read_path(Path(task.path))


def _guarded(task: Task, items: Iterator[RawDocument | InputError]) -> Iterator[RawDocument | InputError]:
    """A reader bug or an I/O error mid-file ends this task's input with a failure, not the job."""
    try:
        yield from items
    except Exception as exc:
        yield InputError(task.path, f"internal error while reading ({type(exc).__name__}: {exc})")


# -- running one task ------------------------------------------------------------------

@dataclass(frozen=True)
class TaskResult:
    """What a task did (``seconds`` are its own stage costs, summed over its documents)."""

    index: int
    path: str
    documents: int = 0
    failures: int = 0
    articles: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    error: str | None = None   # the task itself died (the loader reports it as a failure)

    def manifest(self, task: Task) -> dict[str, Any]:
        rng = None if task.kind in ("file", "missing") else [task.start, task.end]
        d = {"part": task.part, "input": task.path, "range": rng, "documents": self.documents,
             "failures": self.failures, "articles": self.articles}
        if self.error:
            d["error"] = self.error
        return d


def _write_part(out: str, part: str, fill: Callable[[PartWriter], None]) -> None:
    """Write a part's two files; locally through a temporary name, so a part is
    either whole or absent (object stores publish an object only when complete)."""
    names = [_join(out, "documents", part + ".parquet"), _join(out, "articles", part + ".parquet")]
    tmp = names if is_remote(out) else [n + ".tmp" for n in names]
    with _open(tmp[0], "wb") as d, _open(tmp[1], "wb") as a:
        writer = PartWriter(d, a)
        try:
            fill(writer)
        finally:
            writer.close()
    if not is_remote(out):
        for t, n in zip(tmp, names, strict=True):
            os.replace(_local(t), _local(n))


def run_task(task: Task, out: str, batch: int = BATCH, embed_threads: int = 1) -> TaskResult:
    """Read, clean, analyze and embed one task's documents and write its Parquet part."""
    # Several workers on one machine each running the default BLAS thread count
    # oversubscribe the cores (the encoder gets many times slower); the vectors are the same.
    embed.set_threads(max(1, embed_threads))
    cost = dict.fromkeys(("read", "process", "embed", "write"), 0.0)
    counts: dict[str, int] = {}
    cpu0 = time.process_time()

    def fill(writer: PartWriter) -> None:
        items = _guarded(task, read_task(task))
        while True:
            t0 = time.perf_counter()
            chunk = list(itertools.islice(items, batch))
            t1 = time.perf_counter()
            if not chunk:
                break
            docs = [x for x in chunk if isinstance(x, RawDocument)]
            results = [_safe_process(d) for d in docs]
            t2 = time.perf_counter()
            results = embed_batch(results)
            t3 = time.perf_counter()
            rows: list[Any] = []
            it = iter(zip(docs, results, strict=True))
            for x in chunk:
                if isinstance(x, InputError):
                    rows.append(Failure(x.name, x.reason))
                    continue
                raw, res = next(it)
                rows.append(Failure(res.name, res.reason, raw) if isinstance(res, InputError) else (raw, res))
            writer.write(rows)
            t4 = time.perf_counter()
            for k, v in zip(cost, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
                cost[k] += v
        counts.update(documents=writer.documents, failures=writer.failures, articles=writer.articles)

    _write_part(out, task.part, fill)
    cost["cpu"] = time.process_time() - cpu0  # the worker process's CPU while the task ran
    return TaskResult(task.index, task.path, counts["documents"], counts["failures"], counts["articles"],
                      {k: round(v, 4) for k, v in cost.items()})


# -- the job ---------------------------------------------------------------------------

@contextlib.contextmanager
def connect(cluster: Any = "local") -> Iterator[Any]:
    """A Dask client: ``"local"`` or ``"local:N"`` starts a LocalCluster of N
    single-threaded worker processes (default: one per core); a ``Client`` is
    used as is; anything else is a scheduler address (``tcp://host:8786``)."""
    from dask.distributed import Client, LocalCluster

    if isinstance(cluster, Client):
        yield cluster
        return
    address = str(cluster or "local")
    if address == "local" or address.startswith("local:"):
        n = int(address.split(":", 1)[1]) if ":" in address else default_workers()
        import dask

        # The workers' statistical profiler samples every task's stack every 10 ms, taking
        # the GIL from pure-Python stages (a fifth of the workers' CPU); it only feeds the
        # dashboard.  The dashboard takes a free port: two jobs on one machine never collide.
        with dask.config.set({"distributed.worker.profile.enabled": False}), \
                LocalCluster(n_workers=max(1, n), threads_per_worker=1, processes=True,
                             dashboard_address=":0", silence_logs=logging.ERROR) as lc, Client(lc) as client:
            yield client
        return
    with Client(address) as client:
        yield client


@dataclass
class JobReport:
    """What the distributed job did, part by part; ``seconds`` sums each stage over all tasks."""

    out: str
    workers: int = 0
    wall_s: float = 0.0
    parts: list[TaskResult] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return sum(p.documents for p in self.parts)

    @property
    def articles(self) -> int:
        return sum(p.articles for p in self.parts)

    @property
    def failures(self) -> int:
        return sum(p.failures + (1 if p.error else 0) for p in self.parts)

    @property
    def seconds(self) -> dict[str, float]:
        tot: dict[str, float] = {}
        for p in self.parts:
            for k, v in p.seconds.items():
                tot[k] = round(tot.get(k, 0.0) + v, 4)
        return tot

    def as_dict(self) -> dict[str, Any]:
        return {"out": self.out, "workers": self.workers, "parts": len(self.parts),
                "documents": self.documents, "articles": self.articles, "failures": self.failures,
                "wall_s": round(self.wall_s, 3), "task_seconds": self.seconds,
                "task_errors": [{"input": p.path, "reason": p.error} for p in self.parts if p.error]}


def run_job(inputs: Iterable[str], out: str, cluster: Any = "local", *, chunk_bytes: int = CHUNK_BYTES,
            rows_per_task: int = ROWS_PER_TASK, batch: int = BATCH, embed_threads: int = 1,
            progress: Progress | None = None,
            on_part: Callable[[dict[str, Any]], None] | None = None) -> JobReport:
    """Run the per-document stages of ``inputs`` on Dask, writing Parquet parts and
    ``_manifest.json`` under ``out`` (local folder or fsspec URL the workers can write).

    ``on_part(entry)`` is called in the client with the manifest entry of parts 0, 1,
    2… in order, as soon as each part and all before it are written (``ingest_cluster`` loads them then,
    overlapping the store writes with the cluster's work)."""
    inputs = list(inputs)
    t_start = time.perf_counter()
    _makedirs(out)
    with connect(cluster) as client:
        from dask.distributed import as_completed

        report = JobReport(out, workers=len(client.scheduler_info().get("workers", {})))
        tasks = plan(inputs, chunk_bytes, rows_per_task)
        tasks = _count_lines(client, tasks)
        futures = client.map(run_task, tasks, out=out, batch=batch, embed_threads=embed_threads,
                             pure=False, retries=1)
        by_index = {f.key: t for f, t in zip(futures, tasks, strict=True)}
        results: dict[int, TaskResult] = {}
        nxt = 0
        for fut in as_completed(futures):
            task = by_index[fut.key]
            try:
                res = fut.result()
            except Exception as exc:  # the task died (worker lost, out of memory…): report, go on
                res = TaskResult(task.index, task.path, error=f"task failed ({type(exc).__name__}: {exc})")
            results[task.index] = res
            fut.release()
            while nxt in results:
                if progress:
                    progress.step(1, note=tasks[nxt].path)
                if on_part:
                    on_part(results[nxt].manifest(tasks[nxt]))
                nxt += 1
    report.parts = [results[t.index] for t in tasks]
    manifest = {"format": FORMAT, "inputs": inputs,
                "parts": [r.manifest(t) for r, t in zip(report.parts, tasks, strict=True)]}
    with _open(_join(out, MANIFEST), "wb") as fh:
        fh.write(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode() + b"\n")
    report.wall_s = time.perf_counter() - t_start
    if progress:
        progress.close()
    return report


def _makedirs(out: str) -> None:
    for sub in ("documents", "articles"):
        if is_remote(out):
            fs, p = _fs(out)
            fs.makedirs(_join(p, sub), exist_ok=True)
        else:
            Path(_local(out), sub).mkdir(parents=True, exist_ok=True)


def _count_lines(client: Any, tasks: list[Task]) -> list[Task]:
    """Fill in ``lines_before`` of split-JSONL tasks (a newline count of each range,
    on the workers), so their failures are named by the line number in the whole file."""
    split = [t for t in tasks if t.kind == "jsonl"]
    if not split:
        return tasks
    counts = client.gather(client.map(count_newlines, [t.path for t in split], [t.start for t in split],
                                      [t.end for t in split], pure=False))
    before: dict[str, int] = {}
    filled: dict[int, Task] = {}
    for t, n in zip(split, counts, strict=True):
        filled[t.index] = replace(t, lines_before=before.get(t.path, 0))
        before[t.path] = before.get(t.path, 0) + n
    return [filled.get(t.index, t) for t in tasks]


# -- loading ---------------------------------------------------------------------------

def read_manifest(out: str) -> dict[str, Any]:
    """The manifest of a finished job (written last: without it the output is incomplete)."""
    try:
        with _open(_join(out, MANIFEST)) as fh:
            manifest = json.loads(fh.read())
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(out, f"not a finished Marsad Parquet output (no readable {MANIFEST}: {exc})") from exc
    if manifest.get("format") != FORMAT:
        raise InputError(out, f"unknown format {manifest.get('format')!r} (expected {FORMAT})")
    return manifest


def load_part(store: Store, out: str, entry: dict[str, Any], report: IngestReport) -> None:
    """Store one part's documents and failures, in order, as single-machine ingest would."""
    if entry.get("error"):
        err = InputError(entry["input"], entry["error"])
        report.failed.append(err)
        store.record_failure(err.name, err.reason)
        return
    part = entry["part"] + ".parquet"
    with _open(_join(out, "documents", part)) as d, _open(_join(out, "articles", part)) as a:
        for item in read_part(d, a):
            if isinstance(item, Failure):
                if item.raw is not None and store.has_raw(item.raw.id):
                    store.add_source(item.raw.id, item.raw.source)
                    report.unchanged += 1
                else:
                    report.failed.append(InputError(item.name, item.reason))
                    store.record_failure(item.name, item.reason)
                continue
            _store(store, item, report)


def _store(store: Store, item: Loaded, report: IngestReport) -> None:
    raw = item.raw
    if store.has_raw(raw.id):
        store.add_source(raw.id, raw.source)
        report.unchanged += 1
    elif store.put(raw, item.articles, item.analyses, input_name=raw.source.path or raw.source.url or raw.id,
                   index=item.index, vectors=item.vectors):
        report.added += 1
        report.articles += len(item.articles)
    else:
        report.unchanged += 1


def load(store: Store, out: str, progress: Progress | None = None) -> IngestReport:
    """Bring a finished job's Parquet output into ``store``, in input order.  Loading
    the same output twice changes nothing (ingest is idempotent)."""
    report = IngestReport()
    try:
        for entry in read_manifest(out)["parts"]:
            load_part(store, out, entry, report)
            if progress:
                progress.step(1, note=entry["input"])
    finally:
        if progress:
            progress.close()
    return report


def ingest_cluster(store: Store | None, inputs: Iterable[str], out: str, cluster: Any = "local", *,
                   progress: Progress | None = None, **job: Any) -> tuple[JobReport, IngestReport]:
    """``run_job`` then ``load`` into ``store`` (None: leave the Parquet output for a later
    ``marsad load``).  Each part is stored as soon as it and those before it are written,
    so the store writes overlap the cluster's work; the result is what ``load`` gives."""
    report = IngestReport()
    on_part = None if store is None else (lambda entry: load_part(store, out, entry, report))
    return run_job(inputs, out, cluster, progress=progress, on_part=on_part, **job), report
