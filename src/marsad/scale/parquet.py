"""The Parquet layout the distributed path writes, and reading it back.

One Dask task writes one *part*; a part is two files written side by side,
one row group per batch of documents in each, so a reader holds one batch in
memory whatever the part's size:

* ``documents/part-NNNNNN.parquet``: one row per item the readers produced, in
  input order: a stored document (``status='ok'``: raw bytes, encoding, container
  hints, source) or a failure (``status='failed'``: the input it names and why).
* ``articles/part-NNNNNN.parquet``: one row per cleaned article: its fields, its
  analysis (the store's own JSON, so it round-trips exactly), its search-index
  keys and its meaning vector, with ``doc`` pointing at the document row.

Everything the store needs is in the files (nothing is recomputed at load
time), and the files hold no timestamps, so the same input gives the same bytes.
A plain table layout (no nesting beyond ``removed``) keeps the output usable
from DuckDB, Spark or pandas as an analytics data set in its own right.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from marsad.analyze.embed import DIM
from marsad.errors import InputError
from marsad.model import (
    Analysis,
    Article,
    Event,
    Hints,
    Mention,
    Participant,
    PublishedDate,
    Quote,
    RawDocument,
    Removed,
    Source,
    TimeMention,
)
from marsad.store.sqlite import analysis_json

FORMAT = "marsad-parquet/v1"
COMPRESSION = "zstd"

_s = pa.string()
DOCUMENTS = pa.schema([
    ("seq", pa.int32()),            # position of the item within its part
    ("status", _s),                 # "ok" | "failed"
    ("input", _s),                  # the input name a failure names (or a document's input)
    ("reason", _s),                 # why it failed (null when ok)
    ("raw_id", _s),
    ("kind", _s),
    ("encoding", _s),
    ("data", pa.binary()),          # the document's exact bytes
    ("source_path", _s),
    ("source_url", _s),
    ("hint_title", _s),
    ("hint_date", _s),
    ("hint_outlet", _s),
    ("hint_url", _s),
    ("hint_section", _s),
    ("articles", pa.int32()),
])

ARTICLES = pa.schema([
    ("doc", pa.int32()),            # ``seq`` of the document row it came from
    ("id", _s),
    ("raw_id", _s),
    ("idx", pa.int32()),
    ("parent", _s),
    ("source_path", _s),
    ("source_url", _s),
    ("title", _s),
    ("outlet", _s),
    ("section", _s),
    ("credited_source", _s),
    ("published", _s),
    ("published_basis", _s),
    ("page_date", _s),
    ("body", _s),
    ("removed", pa.list_(pa.struct([("text", _s), ("kind", _s)]))),
    ("analysis", _s),               # JSON, exactly as the SQLite store keeps it
    ("search_terms", _s),
    ("search_names", _s),
    ("vector", pa.list_(pa.float32(), DIM)),
])


@dataclass(frozen=True)
class Failure:
    """An input that could not be read or processed.  ``raw`` is set when the
    document was read but its processing failed (the loader then treats a
    document already in the store as unchanged, as single-machine ingest does)."""

    name: str
    reason: str
    raw: RawDocument | None = None


@dataclass(frozen=True)
class Loaded:
    """One document read back from a part, with everything ``Store.put`` needs."""

    raw: RawDocument
    articles: list[Article]
    analyses: list[Analysis]
    index: list[tuple[str, str]]
    vectors: list[np.ndarray]


# -- analyses: JSON <-> dataclasses -------------------------------------------------

def analysis_from_json(article_id: str, data: str) -> Analysis:
    """Rebuild an ``Analysis`` from the store's JSON (``analysis_json``) so the
    loader can hand ``Store.put`` the same objects single-machine ingest does."""
    d = json.loads(data)
    return Analysis(
        article_id=article_id,
        mentions=tuple(Mention(**m) for m in d.get("mentions", ())),
        times=tuple(TimeMention(**t) for t in d.get("times", ())),
        quotes=tuple(Quote(**q) for q in d.get("quotes", ())),
        events=tuple(Event(**(e | {"participants": tuple(Participant(**p) for p in e.get("participants", ()))}))
                     for e in d.get("events", ())),
    )


# -- writing -----------------------------------------------------------------------

def _doc_row(seq: int, raw: RawDocument | None, status: str, name: str, reason: str | None,
             n_articles: int) -> dict[str, Any]:
    h = raw.hints if raw is not None else Hints()
    return {
        "seq": seq, "status": status, "input": name, "reason": reason,
        "raw_id": raw.id if raw else None, "kind": raw.kind if raw else None,
        "encoding": raw.encoding if raw else None, "data": raw.data if raw else None,
        "source_path": raw.source.path if raw else None, "source_url": raw.source.url if raw else None,
        "hint_title": h.title, "hint_date": h.date, "hint_outlet": h.outlet, "hint_url": h.url,
        "hint_section": h.section, "articles": n_articles,
    }


def _article_row(doc: int, a: Article, an: Analysis, cols: tuple[str, str], vec: Any) -> dict[str, Any]:
    return {
        "doc": doc, "id": a.id, "raw_id": a.raw_id, "idx": a.index, "parent": a.parent,
        "source_path": a.source.path, "source_url": a.source.url, "title": a.title,
        "outlet": a.outlet, "section": a.section, "credited_source": a.credited_source,
        "published": a.published.value, "published_basis": a.published.basis,
        "page_date": a.page_date, "body": a.body,
        "removed": [{"text": r.text, "kind": r.kind} for r in a.removed],
        "analysis": analysis_json(an), "search_terms": cols[0], "search_names": cols[1],
        "vector": np.asarray(vec, dtype=np.float32).reshape(-1),
    }


def input_name(raw: RawDocument) -> str:
    """The name single-machine ingest files a document under (clears its old failures)."""
    return raw.source.path or raw.source.url or raw.id


class PartWriter:
    """Writes one part (documents + articles), one row group per ``write`` call.

    ``documents`` and ``articles`` are file objects opened for binary writing
    (local files or fsspec objects on S3, GCS, …)."""

    def __init__(self, documents: Any, articles: Any) -> None:
        self._docs = pq.ParquetWriter(documents, DOCUMENTS, compression=COMPRESSION)
        self._arts = pq.ParquetWriter(articles, ARTICLES, compression=COMPRESSION)
        self.seq = 0
        self.documents = 0
        self.failures = 0
        self.articles = 0

    def write(self, items: list[tuple[RawDocument, Any] | Failure]) -> None:
        """``items``: ``(raw, Processed)`` pairs (vectors filled in) and ``Failure``s, in input order."""
        docs: list[dict[str, Any]] = []
        arts: list[dict[str, Any]] = []
        for item in items:
            if isinstance(item, Failure):
                docs.append(_doc_row(self.seq, item.raw, "failed", item.name, item.reason, 0))
                self.failures += 1
            else:
                raw, res = item
                docs.append(_doc_row(self.seq, raw, "ok", input_name(raw), None, len(res.articles)))
                for a, an, cols, vec in zip(res.articles, res.analyses, res.index, res.vectors, strict=True):
                    arts.append(_article_row(self.seq, a, an, cols, vec))
                self.documents += 1
                self.articles += len(res.articles)
            self.seq += 1
        self._docs.write_table(pa.Table.from_pylist(docs, schema=DOCUMENTS))
        self._arts.write_table(pa.Table.from_pylist(arts, schema=ARTICLES))

    def close(self) -> None:
        self._docs.close()
        self._arts.close()


# -- reading -----------------------------------------------------------------------

def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding.split(" ")[0])
    except (LookupError, UnicodeDecodeError):
        return data.decode("utf-8", errors="replace")


def _raw(r: dict[str, Any]) -> RawDocument:
    data = r["data"]
    return RawDocument(id=r["raw_id"], source=Source(r["source_path"], r["source_url"]), kind=r["kind"],
                       data=data, text=_decode(data, r["encoding"]), encoding=r["encoding"],
                       hints=Hints(r["hint_title"], r["hint_date"], r["hint_outlet"], r["hint_url"],
                                   r["hint_section"]))


def _article(r: dict[str, Any]) -> Article:
    return Article(id=r["id"], raw_id=r["raw_id"], index=r["idx"],
                   source=Source(r["source_path"], r["source_url"]), title=r["title"], body=r["body"],
                   parent=r["parent"], outlet=r["outlet"], section=r["section"],
                   credited_source=r["credited_source"],
                   published=PublishedDate(r["published"], r["published_basis"]), page_date=r["page_date"],
                   removed=tuple(Removed(x["text"], x["kind"]) for x in r["removed"]))


def read_part(documents: Any, articles: Any) -> Iterator[Loaded | Failure]:
    """The items of one part, in input order, one row group at a time."""
    dfile, afile = pq.ParquetFile(documents), pq.ParquetFile(articles)
    if dfile.num_row_groups != afile.num_row_groups:
        raise InputError(str(documents), "documents and articles files of a part do not match")
    for g in range(dfile.num_row_groups):
        by_doc: dict[int, list[dict[str, Any]]] = {}
        atab = afile.read_row_group(g)
        vectors = atab.column("vector").combine_chunks().flatten().to_numpy(zero_copy_only=False)
        vectors = vectors.reshape(-1, DIM) if len(vectors) else np.zeros((0, DIM), dtype=np.float32)
        for i, row in enumerate(atab.drop_columns(["vector"]).to_pylist()):
            row["vector"] = vectors[i]
            by_doc.setdefault(row["doc"], []).append(row)
        for d in dfile.read_row_group(g).to_pylist():
            if d["status"] != "ok":
                yield Failure(d["input"], d["reason"], _raw(d) if d["raw_id"] is not None else None)
                continue
            rows = by_doc.get(d["seq"], [])
            yield Loaded(_raw(d), [_article(r) for r in rows],
                         [analysis_from_json(r["id"], r["analysis"]) for r in rows],
                         [(r["search_terms"], r["search_names"]) for r in rows],
                         [r["vector"] for r in rows])
