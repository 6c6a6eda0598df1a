"""Composes the stages: read → clean → analyze → store.

``process`` (clean, date, analyze, search-index keys) is pure, so it runs in
worker processes; only this module's loop, in the parent, touches the store
(one writer).  Documents travel to the workers in bounded batches, so memory
stays flat however large the input, and results are written in input order,
so the store is the same whatever the number of workers.
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from marsad.analyze import analyze, date_article
from marsad.clean import clean
from marsad.errors import InputError
from marsad.ingest.fetch import FetchPolicy, fetch
from marsad.ingest.readers import iter_files, read_bytes, read_path
from marsad.model import Analysis, Article, RawDocument
from marsad.progress import Progress
from marsad.store.search import index_columns
from marsad.store.sqlite import Store, article_vectors

_URL = re.compile(r"^https?://", re.I)
T = TypeVar("T")
BATCH = 64  # documents per worker round trip; bounds memory with the pool's queue


@dataclass
class IngestReport:
    added: int = 0
    unchanged: int = 0
    articles: int = 0
    failed: list[InputError] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"added": self.added, "unchanged": self.unchanged, "articles": self.articles,
                "failed": [{"input": e.name, "reason": e.reason} for e in self.failed]}


@dataclass(frozen=True)
class Processed:
    """What the pure stages made of one document."""

    articles: list[Article]
    analyses: list[Analysis]
    index: list[tuple[str, str]]
    vectors: list | None = None  # meaning vectors; the writer embeds a whole batch at once


def process(raw: RawDocument, embed: bool = True) -> Processed:
    """Clean, date and analyze one document, and build its search keys (pure).
    ``embed=False`` leaves the vectors to the caller, which can embed many
    documents in one call (the encoder is many times faster on batches)."""
    articles = [date_article(a) for a in clean(raw)]
    return Processed(articles, [analyze(a) for a in articles],
                     [index_columns(a.title, a.body) for a in articles],
                     article_vectors(articles) if embed else None)


def embed_batch(results: list[Processed | InputError]) -> list[Processed | InputError]:
    """Fill in the vectors of a batch of results with one encoder call."""
    todo = [r for r in results if isinstance(r, Processed) and r.vectors is None]
    vecs = article_vectors([a for r in todo for a in r.articles])
    out, i = [], 0
    for r in results:
        if isinstance(r, Processed) and r.vectors is None:
            n = len(r.articles)
            r = replace(r, vectors=vecs[i:i + n])
            i += n
        out.append(r)
    return out


def _safe_process(raw: RawDocument) -> Processed | InputError:
    try:
        return process(raw, embed=False)
    except InputError as exc:
        return exc
    except Exception as exc:  # a bug on one page must not abort the batch
        name = raw.source.path or raw.source.url or raw.id
        return InputError(name, f"internal error while processing ({type(exc).__name__}: {exc})")


def iter_inputs(inputs: Iterable[str], policy: FetchPolicy) -> Iterator[RawDocument | InputError]:
    """Every document behind the user's arguments, files and URLs alike."""
    for item in inputs:
        if _URL.match(item):
            try:
                got = fetch(item, policy)
            except InputError as exc:
                yield exc
                continue
            yield from read_bytes(got.data, got.url, path=None, url=got.url)
            continue
        path = Path(item)
        if path.is_dir():
            for f in iter_files(path):
                yield from read_path(f)
        elif path.exists():
            yield from read_path(path)
        else:
            yield InputError(item, "no such file, folder or URL")


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


class _Mapper:
    """Runs the pure stages over batches, in this process or in a pool of workers,
    one batch ahead: while the parent embeds and stores batch N, the workers
    already clean and analyse batch N+1."""

    def __init__(self, workers: int) -> None:
        self.pool = None
        if workers > 1:
            ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
            self.pool = ctx.Pool(workers)

    def submit(self, docs: list[RawDocument]) -> Callable[[], list[Processed | InputError]]:
        """Start a batch; the returned function waits for it and embeds it."""
        if self.pool is None or len(docs) < 2:
            return lambda: embed_batch([_safe_process(d) for d in docs])
        pending = self.pool.map_async(_safe_process, docs, chunksize=max(1, len(docs) // 8))
        return lambda: embed_batch(pending.get())

    def pipelined(self, jobs: Iterable[tuple[T, list[RawDocument]]]
                  ) -> Iterator[tuple[T, list[RawDocument], list[Processed | InputError]]]:
        """(tag, docs, results) for each job, in order, with one job in flight."""
        pending = None
        for tag, docs in jobs:
            started = self.submit(docs)
            if pending is not None:
                yield pending[0], pending[1], pending[2]()
            pending = (tag, docs, started)
        if pending is not None:
            yield pending[0], pending[1], pending[2]()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()


def ingest(store: Store, inputs: Iterable[str], *, policy: FetchPolicy | None = None,
           progress: Progress | None = None, workers: int = 1) -> IngestReport:
    """Ingest everything behind ``inputs``; one bad input never stops the batch."""
    report = IngestReport()
    policy = policy or FetchPolicy()
    mapper = _Mapper(workers)
    stream = iter_inputs(inputs, policy)

    def jobs() -> Iterator[tuple[list, list[RawDocument]]]:
        while True:
            batch = list(itertools.islice(stream, BATCH * max(1, workers)))
            if not batch:
                return
            todo: list[RawDocument] = []
            for item in batch:
                if isinstance(item, InputError):
                    report.failed.append(item)
                    store.record_failure(item.name, item.reason)
                elif store.has_raw(item.id):
                    store.add_source(item.id, item.source)
                    report.unchanged += 1
                else:
                    todo.append(item)
            yield batch, todo

    try:
        for batch, todo, results in mapper.pipelined(jobs()):
            for raw, result in zip(todo, results, strict=True):
                name = raw.source.path or raw.source.url or raw.id
                if isinstance(result, InputError):
                    report.failed.append(result)
                    store.record_failure(result.name, result.reason)
                elif store.put(raw, result.articles, result.analyses, input_name=name, index=result.index,
                               vectors=result.vectors):
                    report.added += 1
                    report.articles += len(result.articles)
                else:
                    report.unchanged += 1
            if progress:
                progress.step(len(batch), note=str(batch[-1].name if isinstance(batch[-1], InputError)
                                                   else batch[-1].source.path or batch[-1].source.url))
    finally:
        mapper.close()
        if progress:
            progress.close()
    return report


def rebuild(store: Store, progress: Progress | None = None, workers: int = 1) -> IngestReport:
    """Re-run every stage from the stored raw bytes, in canonical order."""
    report = IngestReport()
    mapper = _Mapper(workers)
    stream = store.raw_documents()

    def jobs() -> Iterator[tuple[None, list[RawDocument]]]:
        while True:
            batch = list(itertools.islice(stream, BATCH * max(1, workers)))
            if not batch:
                return
            yield None, batch

    try:
        for _, batch, results in mapper.pipelined(jobs()):
            for raw, result in zip(batch, results, strict=True):
                if isinstance(result, InputError):
                    report.failed.append(result)
                    store.replace_articles(raw.id, [], [])
                else:
                    store.replace_articles(raw.id, result.articles, result.analyses, result.index,
                                           result.vectors)
                    report.articles += len(result.articles)
                report.added += 1
            if progress:
                progress.step(len(batch))
    finally:
        mapper.close()
        if progress:
            progress.close()
    return report


# The link stage over a whole store lives in marsad.linking; kept importable from here.
from marsad.linking import LinkReport, ensure_linked, link  # noqa: E402

__all__ = ["IngestReport", "LinkReport", "Processed", "ensure_linked", "ingest", "link", "process", "rebuild"]
