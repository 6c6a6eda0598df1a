"""Composes the stages: read → clean → analyze → store.

``process`` (clean + analyze) is pure, so it can move to worker processes or a
cluster; only the loop here touches the store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from marsad.analyze import analyze, date_article
from marsad.clean import clean
from marsad.errors import InputError
from marsad.ingest.fetch import FetchPolicy, fetch
from marsad.ingest.readers import iter_files, read_bytes, read_path
from marsad.model import Analysis, Article, RawDocument
from marsad.progress import Progress
from marsad.store.sqlite import Store

_URL = re.compile(r"^https?://", re.I)


@dataclass
class IngestReport:
    added: int = 0
    unchanged: int = 0
    articles: int = 0
    failed: list[InputError] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"added": self.added, "unchanged": self.unchanged, "articles": self.articles,
                "failed": [{"input": e.name, "reason": e.reason} for e in self.failed]}


def process(raw: RawDocument) -> tuple[list[Article], list[Analysis]]:
    """Clean and analyze one document (pure)."""
    articles = [date_article(a) for a in clean(raw)]
    return articles, [analyze(a) for a in articles]


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


def ingest(store: Store, inputs: Iterable[str], *, policy: FetchPolicy | None = None,
           progress: Progress | None = None) -> IngestReport:
    """Ingest everything behind ``inputs``; one bad input never stops the batch."""
    report = IngestReport()
    policy = policy or FetchPolicy()
    for item in iter_inputs(inputs, policy):
        if isinstance(item, InputError):
            report.failed.append(item)
            store.record_failure(item.name, item.reason)
            continue
        name = item.source.path or item.source.url or item.id
        if store.has_raw(item.id):
            store.add_source(item.id, item.source)
            report.unchanged += 1
        else:
            try:
                articles, analyses = process(item)
            except InputError as exc:
                report.failed.append(exc)
                store.record_failure(exc.name, exc.reason)
                continue
            if store.put(item, articles, analyses, input_name=name):
                report.added += 1
                report.articles += len(articles)
            else:
                report.unchanged += 1
        if progress:
            progress.step(note=name)
    if progress:
        progress.close()
    return report


def rebuild(store: Store, progress: Progress | None = None) -> IngestReport:
    """Re-run every stage from the stored raw bytes, in canonical order."""
    report = IngestReport()
    for raw in store.raw_documents():
        try:
            articles, analyses = process(raw)
        except InputError as exc:
            articles, analyses = [], []
            report.failed.append(exc)
        store.replace_articles(raw.id, articles, analyses)
        report.added += 1
        report.articles += len(articles)
        if progress:
            progress.step()
    if progress:
        progress.close()
    return report
