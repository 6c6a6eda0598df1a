"""Composes the stages: read → clean → analyze → store.

``process`` (clean, date, analyze, search-index keys) is pure, so it runs in
worker processes; only this module's loop, in the parent, touches the store
(one writer).  Documents travel to the workers in bounded batches, so memory
stays flat however large the input, and results are written in input order,
so the store is the same whatever the number of workers.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import multiprocessing as mp
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from marsad.analyze import analyze, date_article, embed
from marsad.clean import clean
from marsad.errors import InputError
from marsad.ingest.fetch import FetchPolicy, fetch
from marsad.ingest.readers import iter_files, read_bytes, read_path
from marsad.model import Analysis, Article, PublishedDate, RawDocument
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


def process(raw: RawDocument, embed: bool = True, analyze_articles: bool = True) -> Processed:
    """Clean, date and analyze one document, and build its search keys (pure).
    ``embed=False`` leaves the vectors to the caller, which can embed many
    documents in one call (the encoder is many times faster on batches).
    ``analyze_articles=False`` stops after cleaning, dating and the search keys:
    the articles are stored searchable, and `analyze_pending` analyses them later."""
    articles = [date_article(a) for a in clean(raw)]
    index = [index_columns(a.title, a.body) for a in articles]
    if not analyze_articles:
        return Processed(articles, [], index, [None] * len(articles))
    return Processed(articles, [analyze(a) for a in articles], index,
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


def _safe_process(raw: RawDocument, analyze_articles: bool = True) -> Processed | InputError:
    try:
        return process(raw, embed=False, analyze_articles=analyze_articles)
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


CHUNK = 32  # documents per worker task: they are embedded together (batches are cheaper)


def _init_worker() -> None:
    embed.set_threads(1)  # one BLAS thread per worker: the workers already fill the cores


def _process_chunk(docs: list[RawDocument], analyze_articles: bool = True) -> list[Processed | InputError]:
    """Clean, analyse and embed a chunk of documents (in a worker)."""
    results = [_safe_process(d, analyze_articles) for d in docs]
    return embed_batch(results) if analyze_articles else results


class _Mapper:
    """Runs a pure stage over batches, in this process or in a pool of workers,
    one batch ahead: while the parent stores batch N, the workers already clean,
    analyse and embed batch N+1.  A batch is cut into chunks of `CHUNK` items, each
    one task; ``fn`` maps a chunk to its results (a module-level function or a
    partial of one, so that it pickles).  Chunks do not depend on the number of
    workers, so neither do the encoder's batches."""

    def __init__(self, workers: int, fn: Callable[[list], list], embeds: bool = True) -> None:
        self.fn = fn
        self.pool = None
        if workers > 1:
            if embeds:
                embed.load()  # forked workers share the weights
            ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
            self.pool = ctx.Pool(workers, initializer=_init_worker)

    def submit(self, items: list) -> Callable[[], list]:
        """Start a batch; the returned function waits for its results, in order."""
        chunks = [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]
        if self.pool is None or len(chunks) < 2:
            return lambda: [r for c in chunks for r in self.fn(c)]
        pending = self.pool.map_async(self.fn, chunks, chunksize=1)
        return lambda: [r for part in pending.get() for r in part]

    def pipelined(self, jobs: Iterable[tuple[T, list]]) -> Iterator[tuple[T, list, list]]:
        """(tag, items, results) for each job, in order, with one job in flight."""
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


def _input_sizes(inputs: list[str]) -> dict[str, int]:
    """Bytes of each local input file (folders walked as ingest walks them); URLs and
    missing paths are left out."""
    sizes: dict[str, int] = {}
    for item in inputs:
        if _URL.match(item):
            continue
        path = Path(item)
        try:
            files = iter_files(path) if path.is_dir() else [path] if path.is_file() else []
            for f in files:
                sizes[str(f)] = f.stat().st_size
        except OSError:
            continue
    return sizes


def _expect(progress: Progress | None, total: int) -> None:
    """Tell a progress line how many items are coming (for its share done and ETA)."""
    if progress is not None and hasattr(progress, "total"):
        progress.total = total


@contextlib.contextmanager
def _running(mapper: _Mapper, progress: Progress | None) -> Iterator[_Mapper]:
    """The mapper, closed (and the progress line ended) however the loop ends."""
    try:
        yield mapper
    finally:
        mapper.close()
        if progress:
            progress.close()


def ingest(store: Store, inputs: Iterable[str], *, policy: FetchPolicy | None = None,
           progress: Progress | None = None, workers: int = 1,
           analyze_articles: bool = True) -> IngestReport:
    """Ingest everything behind ``inputs``; one bad input never stops the batch.
    With ``analyze_articles=False`` the articles are cleaned, dated, indexed for
    keyword search and stored, and left for `analyze_pending` (much faster: the
    analysis and the encoder are most of the cost)."""
    report = IngestReport()
    policy = policy or FetchPolicy()
    inputs = list(inputs)
    mapper = _Mapper(workers, functools.partial(_process_chunk, analyze_articles=analyze_articles),
                     embeds=analyze_articles)
    stream = iter_inputs(inputs, policy)
    sizes = _input_sizes(inputs)  # local files only; the share done is counted in their bytes
    total_bytes = sum(sizes.values())
    reading: str | None = None  # the file being read
    done_bytes = 0

    def jobs() -> Iterator[tuple[list, list[RawDocument]]]:
        nonlocal done_bytes, reading
        while True:
            batch = list(itertools.islice(stream, BATCH * max(1, workers)))
            if not batch:
                return
            todo: list[RawDocument] = []
            for item in batch:
                path = None if isinstance(item, InputError) else item.source.path
                if path in sizes and path != reading:
                    if reading is not None:  # a new file: the one before is done
                        done_bytes += sizes[reading]
                    reading = path
                if isinstance(item, InputError):
                    report.failed.append(item)
                    store.record_failure(item.name, item.reason)
                elif store.has_raw(item.id):
                    store.add_source(item.id, item.source)
                    report.unchanged += 1
                else:
                    todo.append(item)
            yield batch, todo

    with _running(mapper, progress):
        for batch, todo, results in mapper.pipelined(jobs()):
            puts = []
            for raw, result in zip(todo, results, strict=True):
                if isinstance(result, InputError):
                    report.failed.append(result)
                    store.record_failure(result.name, result.reason)
                else:
                    puts.append((raw, result.articles, result.analyses,
                                 raw.source.path or raw.source.url or raw.id, result.index, result.vectors))
            for item, added in zip(puts, store.put_many(puts), strict=True):
                if added:
                    report.added += 1
                    report.articles += len(item[1])
                else:
                    report.unchanged += 1
            if progress:
                if total_bytes and hasattr(progress, "fraction"):
                    progress.fraction = done_bytes / total_bytes
                progress.step(len(batch), note=str(batch[-1].name if isinstance(batch[-1], InputError)
                                                   else batch[-1].source.path or batch[-1].source.url))
    return report


def _safe_analyze(article: Article) -> Analysis | InputError:
    if article.published.basis == "story":
        # A date the link stage gave it from its story (before it was analysed): the
        # analysis is of the article as cleaned; the full link that follows re-dates it.
        article = replace(article, published=PublishedDate())
    try:
        return analyze(article)
    except Exception as exc:  # a bug on one article must not abort the batch
        return InputError(article.source.path or article.source.url or article.id,
                          f"internal error while analysing article {article.id} ({type(exc).__name__}: {exc})")


def _analyze_chunk(articles: list[Article]) -> list[tuple[Analysis, Any] | InputError]:
    """Analyse and embed a chunk of stored articles (in a worker): (analysis, vector) each."""
    results = [_safe_analyze(a) for a in articles]
    ok = [a for a, r in zip(articles, results, strict=True) if isinstance(r, Analysis)]
    vectors = iter(article_vectors(ok))
    return [r if isinstance(r, InputError) else (r, next(vectors)) for r in results]


def analyze_pending(store: Store, progress: Progress | None = None, workers: int = 1) -> IngestReport:
    """Analyse and embed every stored article that has no analysis yet (those that
    ``ingest(..., analyze_articles=False)`` stored), in store order, and return how
    many (``articles``) and which failed.  A failed article stays pending and is
    reported, like a bad input.  Link the store afterwards in full: the articles
    are not new, their analyses are."""
    report = IngestReport()
    pending = store.pending_analysis()
    _expect(progress, len(pending))
    mapper = _Mapper(workers, _analyze_chunk)

    def jobs() -> Iterator[tuple[None, list[Article]]]:
        for i in range(0, len(pending), BATCH * max(1, workers)):
            yield None, store.articles_by_rowid(pending[i:i + BATCH * max(1, workers)])

    with _running(mapper, progress):
        for _, articles, results in mapper.pipelined(jobs()):
            done = [(a, r) for a, r in zip(articles, results, strict=True) if not isinstance(r, InputError)]
            for r in results:
                if isinstance(r, InputError):
                    report.failed.append(r)
                    store.record_failure(r.name, r.reason)
            store.put_analyses([an for _, (an, _) in done], [vec for _, (_, vec) in done],
                               frozenset(a.id for a, _ in done if a.published.basis == "story"))
            report.articles += len(done)
            if progress:
                progress.step(len(articles))
    return report


def rebuild(store: Store, progress: Progress | None = None, workers: int = 1) -> IngestReport:
    """Re-run every stage from the stored raw bytes, in canonical order."""
    report = IngestReport()
    _expect(progress, store.db.execute("SELECT count(*) FROM raw").fetchone()[0])
    mapper = _Mapper(workers, _process_chunk)
    stream = store.raw_documents()

    def jobs() -> Iterator[tuple[None, list[RawDocument]]]:
        while True:
            batch = list(itertools.islice(stream, BATCH * max(1, workers)))
            if not batch:
                return
            yield None, batch

    with _running(mapper, progress):
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
    return report


# The link stage over a whole store lives in marsad.linking; kept importable from here.
from marsad.linking import LinkReport, ensure_linked, link  # noqa: E402

__all__ = ["IngestReport", "LinkReport", "Processed", "analyze_pending", "ensure_linked", "ingest", "link",
           "process", "rebuild"]
