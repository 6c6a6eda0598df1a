"""clean: a raw page becomes one or more Articles (body, furniture removed, metadata).

``clean`` is a pure function of the RawDocument, so ``rebuild`` can re-run it
from the stored bytes after an upgrade.
"""

from __future__ import annotations

import re
from dataclasses import replace

from marsad.clean.dates import parse_date
from marsad.clean.html import read_html
from marsad.clean.lines import make_lines
from marsad.clean.page import PageMeta, build_articles
from marsad.errors import InputError
from marsad.model import Article, RawDocument


def clean(raw: RawDocument) -> list[Article]:
    """The articles on a page.  Raises InputError when the page has no article text."""
    hints = raw.hints
    if raw.kind == "html":
        lines, meta = read_html(raw.text)
    else:
        lines, meta = make_lines(raw.text), PageMeta()
    hint_date = parse_date(hints.date) if hints.date else None
    meta = replace(
        meta,
        title=hints.title or meta.title,
        outlet=hints.outlet or meta.outlet,
        section=hints.section or meta.section,
        published=hint_date or meta.published,
    )
    articles = build_articles(raw, lines, meta)
    name = raw.source.path or raw.source.url or raw.id
    body = articles[0].body
    if not body.strip():
        raise InputError(name, "no article text found on the page")
    if _arabic_share(body) < 0.1:
        raise InputError(name, "no Arabic article text (Marsad reads Arabic news pages)")
    return articles


def _arabic_share(text: str) -> float:
    """Share of Arabic among the letters of a text (a sample is enough)."""
    sample = text[:20000]
    arabic = sum(map(len, _ARABIC.findall(sample)))
    other = sum(map(len, _LATIN.findall(sample)))
    return arabic / max(1, arabic + other)


_ARABIC = re.compile("[\u0620-\u064a\u066e-\u06d3\u0750-\u077f]+")  # runs: far fewer matches
_LATIN = re.compile("[A-Za-z\u00c0-\u024f\u0400-\u04ff]+")
