"""Assemble cleaned articles from a line reading of a page.

Both plain-text pages and HTML (after main-text extraction) end here, so the
two paths produce the same kind of ``Article`` and follow the same rules.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from marsad.clean.lines import Line, PageReading, dated_byline, read_page
from marsad.clean.split import find_glued
from marsad.model import Article, PublishedDate, RawDocument, Removed


@dataclass(frozen=True)
class PageMeta:
    """Metadata found outside the lines (HTML meta tags, container hints)."""

    title: str | None = None
    outlet: str | None = None
    section: str | None = None
    published: str | None = None  # from metadata
    dateline: str | None = None  # from a visible byline outside the text
    captions: tuple[str, ...] = ()
    page_date: str | None = None  # the top bar's "today" date
    head_removed: tuple[tuple[str, str], ...] = ()  # (text, kind) found above the text
    tail_removed: tuple[tuple[str, str], ...] = ()  # (text, kind) found after it


def article_id(raw_id: str, index: int) -> str:
    """Stable id: the page's content hash and the article's place on the page."""
    return hashlib.sha256(f"{raw_id}:{index}".encode()).hexdigest()[:16]


def _removed(lines: list[Line]) -> list[Removed]:
    return [Removed(ln.text, ln.kind) for ln in lines if ln.kind is not None]


def _body(lines: list[Line]) -> str:
    return "\n\n".join(ln.text for ln in lines if ln.kind is None)


def build_articles(raw: RawDocument, lines: list[Line], meta: PageMeta) -> list[Article]:
    """Read the lines, split off a glued article, and build the Articles."""
    page: PageReading = read_page(lines, title_hint=meta.title)
    cut = find_glued(lines)
    main_lines = lines if cut is None else lines[:cut]
    published = PublishedDate()
    if meta.published:
        published = PublishedDate(meta.published, "meta")
    elif meta.dateline or page.dateline:
        published = PublishedDate(meta.dateline or page.dateline, "dateline")
    removed = [Removed(c, "caption") for c in meta.captions]
    removed += [Removed(t, k) for t, k in meta.head_removed]
    seen = {(r.text, r.kind) for r in removed}
    removed += [r for r in _removed(main_lines) if (r.text, r.kind) not in seen]
    removed += [Removed(t, k) for t, k in meta.tail_removed]
    page_date = meta.page_date or page.page_date
    first = Article(
        id=article_id(raw.id, 0),
        raw_id=raw.id,
        index=0,
        source=raw.source,
        title=page.title,
        body=_body(main_lines),
        outlet=meta.outlet or page.outlet or raw.hints.outlet,
        section=meta.section or page.section or raw.hints.section,
        credited_source=next((ln.value for ln in main_lines if ln.note == "credit" and ln.value), None),
        published=published,
        page_date=page_date if page_date != published.value else None,
        removed=tuple(removed),
    )
    articles = [first]
    if cut is not None:
        tail = lines[cut:]
        title_line = tail[0]
        credit = next((ln.value for ln in tail if ln.note == "credit" and ln.value), None)
        # Its own dateline, printed under its headline; nothing is inherited from the page.
        own = dated_byline(tail, 0)
        glued_date = PublishedDate(tail[own].value, "dateline") if own is not None else PublishedDate()
        articles.append(Article(
            id=article_id(raw.id, 1),
            raw_id=raw.id,
            index=1,
            source=raw.source,
            title=title_line.text,
            body=_body(tail[1:]),
            parent=first.id,
            credited_source=credit,
            published=glued_date,
            removed=tuple(_removed(tail[1:])),
        ))
    return articles
