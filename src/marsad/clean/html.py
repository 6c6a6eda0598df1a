"""HTML pages: trafilatura finds the main text, we read the metadata ourselves.

trafilatura is the well-kept extractor for the main text.  Its date guesser
looks everywhere (URLs, body text) and would blur the line between a
publication date and any date on the page, so publication dates come only from
explicit metadata (meta tags, JSON-LD, <time>) or a visible byline, and the
extracted lines go through the same furniture rules as plain-text pages.
"""

from __future__ import annotations

import json
import re

import lxml.html
import trafilatura

from marsad.clean import rules
from marsad.clean.dates import parse_date
from marsad.clean.lines import Line, line_key, make_lines
from marsad.clean.page import PageMeta

_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "date", "dc.date.issued", "dc.date", "dcterms.created", "sailthru.date", "parsely-pub-date",
    "publish-date", "article.published", "published_time", "og:article:published_time",
)
_TITLE_SEP = re.compile(r"\s+[-|–—:]\s+")


def _meta(doc: lxml.html.HtmlElement) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in doc.iter("meta"):
        k = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        v = (m.get("content") or "").strip()
        if k and v and k not in out:
            out[k] = v
    return out


def _jsonld(doc: lxml.html.HtmlElement) -> list[dict]:
    found: list[dict] = []
    for s in doc.iter("script"):
        if (s.get("type") or "").lower() != "application/ld+json" or not s.text:
            continue
        try:
            data = json.loads(s.text)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            d = stack.pop(0)
            if isinstance(d, dict):
                found.append(d)
                if isinstance(d.get("@graph"), list):
                    stack.extend(d["@graph"])
    return found


def _strip_outlet(title: str, outlet: str | None) -> str:
    """'Headline - Outlet' → 'Headline'."""
    parts = _TITLE_SEP.split(title)
    if len(parts) > 1:
        last = line_key(parts[-1])
        if (outlet and last == line_key(outlet)) or len(parts[-1].split()) <= 3:
            return " - ".join(parts[:-1]).strip()
    return title.strip()


def read_html(html: str) -> tuple[list[Line], PageMeta]:
    """Lines of the main text and the page's metadata."""
    try:
        doc = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return [], PageMeta()
    meta = _meta(doc)
    ld = [d for d in _jsonld(doc) if "headline" in d or "datePublished" in d]
    outlet = meta.get("og:site_name")
    published = None
    section = meta.get("article:section")
    for d in ld:
        pub = d.get("publisher")
        if not outlet and isinstance(pub, dict) and pub.get("name"):
            outlet = str(pub["name"])
        if not published and d.get("datePublished"):
            published = parse_date(str(d["datePublished"]))
        if not section and d.get("articleSection"):
            sec = d["articleSection"]
            section = str(sec[0] if isinstance(sec, list) and sec else sec)
    if not published:
        for k in _DATE_META:
            if k in meta:
                published = parse_date(meta[k])
                if published:
                    break
    if not published:
        for t in doc.iter("time"):
            if (t.get("itemprop") or "").lower() == "datepublished" or t.get("pubdate") is not None:
                published = parse_date(t.get("datetime") or t.text_content())
                if published:
                    break
    h1 = next((h.text_content().strip() for h in doc.iter("h1") if h.text_content().strip()), None)
    title = meta.get("og:title") or (ld[0].get("headline") if ld else None) or h1
    if not title:
        t = doc.find(".//title")
        title = t.text_content().strip() if t is not None and t.text_content() else None
    if title:
        title = _strip_outlet(str(title), outlet)
        if h1 and line_key(h1).startswith(line_key(title)):
            title = h1
    if not section:
        crumbs = [el.text_content().strip() for el in doc.xpath(
            '//*[contains(@class,"breadcrumb")]//a | //nav[@aria-label="breadcrumb"]//a')]
        crumbs = [c for c in crumbs if c and line_key(c) not in ("الرئيسيه", "home")]
        if crumbs:
            section = crumbs[-1]
    captions = tuple(dict.fromkeys(
        c.text_content().strip() for c in doc.iter("figcaption") if c.text_content().strip()))
    # A visible byline date ("نشر في 15 سبتمبر 2023") outside the main text.
    dateline = None
    for el in doc.xpath('//*[contains(@class,"date") or contains(@class,"time") or '
                        'contains(@class,"byline") or contains(@class,"meta")]'):
        text = " ".join(el.text_content().split())
        if 0 < len(text) < 120:
            m = rules.DATELINE.match(line_key(text))
            if m and parse_date(text):
                dateline = parse_date(text)
                break
    extracted = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=True, include_images=False,
        with_metadata=False, deduplicate=False,
    )
    text = extracted.text if extracted is not None and extracted.text else ""
    lines = make_lines(text)
    cap_keys = {line_key(c) for c in captions}
    for ln in lines:
        if ln.key in cap_keys:
            ln.kind = "caption"
    return lines, PageMeta(title=title, outlet=outlet, section=section, published=published,
                           dateline=dateline, captions=captions)
