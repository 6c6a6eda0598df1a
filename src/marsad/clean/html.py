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
from marsad.clean.dates import is_date_line, parse_date
from marsad.clean.lines import Line, classify, line_key, make_lines
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


_BLOCK = frozenset({
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
    "article", "aside", "header", "footer", "nav", "figure", "figcaption", "blockquote", "pre",
    "form", "main", "dl", "dt", "dd", "address", "hr", "details", "summary", "caption",
})
_INERT = frozenset({
    "script", "style", "noscript", "template", "iframe", "svg", "object", "embed", "head",
    "title", "button", "select", "textarea", "input", "canvas", "video", "audio", "img",
})


def block_text(el: lxml.html.HtmlElement) -> str:
    """The visible text of an element, a line per block (paragraph, heading, list item…).
    Scripts, styles and other inert elements contribute nothing."""
    out: list[str] = []

    def walk(e: lxml.html.HtmlElement) -> None:
        tag = e.tag if isinstance(e.tag, str) else None
        if tag is not None and tag.lower() not in _INERT:
            block = tag.lower() in _BLOCK
            if block or tag.lower() == "br":
                out.append("\n")
            if e.text:
                out.append(e.text)
            for c in e:
                walk(c)
                if c.tail:
                    out.append(c.tail)
            if block:
                out.append("\n")

    walk(el)
    return "\n".join(" ".join(t.split()) for t in "".join(out).split("\n"))


def _classes(el: lxml.html.HtmlElement) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}".lower()


def _furniture_kind(el: lxml.html.HtmlElement) -> str | None:
    m = _FURNITURE_WORDS.search(_classes(el))
    return _FURNITURE_KINDS[m.group()] if m else None


_CRUMBS = lxml.etree.XPath("//*[" + " or ".join(f'contains(@class,"{w}")' for w in rules.HTML_BREADCRUMB)
                           + ' or @aria-label="breadcrumb"]')
_LINK_ROWS = lxml.etree.XPath("//*[a][count(a) >= 2]")
_BYLINES = lxml.etree.XPath("//*[" + " or ".join(f'contains(@class,"{w}")' for w in rules.HTML_BYLINE) + "]")
_NAMED = lxml.etree.XPath("//*[@class or @id]")
_FURNITURE_WORDS = re.compile("|".join(re.escape(w) for w, _ in rules.HTML_FURNITURE))
_FURNITURE_KINDS = dict(rules.HTML_FURNITURE)


def _breadcrumbs(doc: lxml.html.HtmlElement) -> list[str]:
    """The links of the page's breadcrumb trail: an element so named, or a row of links
    from the home page with separators printed between them."""
    for el in _CRUMBS(doc):
        crumbs = [a.text_content().strip() for a in el.iter("a")]
        if crumbs:
            return crumbs
    for el in _LINK_ROWS(doc):
        links = [c for c in el if c.tag == "a"]
        if len(links) > 6 or line_key(links[0].text_content()) not in rules.HOME_LINKS:
            continue
        between = "".join(a.tail or "" for a in links[:-1])
        if any(ch in rules.CRUMB_SEPARATORS for ch in between):
            return [a.text_content().strip() for a in links]
    return []


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
    section = None
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
    h1_el = next((h for h in doc.iter("h1") if h.text_content().strip()), None)
    h1 = h1_el.text_content().strip() if h1_el is not None else None
    title = meta.get("og:title") or (ld[0].get("headline") if ld else None) or h1
    page_title = doc.find(".//title")
    page_title = page_title.text_content().strip() if page_title is not None and page_title.text_content() else None
    if not title:
        title = page_title
    if title:
        title = _strip_outlet(str(title), outlet)
        if h1 and line_key(h1).startswith(line_key(title)):
            title = h1
    # The section: the last breadcrumb after the home link (not the headline itself, which
    # some trails end with), then article:section, then JSON-LD articleSection.
    title_key = line_key(title) if title else None
    crumbs = [c for c in _breadcrumbs(doc) if c and line_key(c) not in rules.HOME_LINKS
              and len(c.split()) <= 6 and line_key(c) != title_key]
    section = (crumbs[-1] if crumbs else None) or meta.get("article:section") or section
    captions = tuple(dict.fromkeys(
        c.text_content().strip() for c in doc.iter("figcaption") if c.text_content().strip()))
    head_removed: list[tuple[str, str]] = []  # furniture above the text (bylines, top-bar date)
    tail_removed: list[tuple[str, str]] = []  # furniture after it (related lists, comments)
    # A visible byline: the date printed with the article ("نشر في 15 سبتمبر 2023") and
    # "city - Outlet", outside the main text.
    dateline = None
    byline_outlet = None
    for el in _BYLINES(doc):
        for text in make_lines(block_text(el)):
            if len(text.text) >= 120:
                continue
            if dateline is None and rules.DATELINE.match(text.key) and parse_date(text.text):
                dateline = parse_date(text.text)
                head_removed.append((text.text, "metadata"))
            m = rules.CITY_BYLINE.match(text.text) if text.words <= 6 else None
            if m and not rules.CAPTION_DASH_CREDIT.search(text.key) and \
                    not any(c.isdigit() for c in m.group(2)):
                byline_outlet = byline_outlet or m.group(2).strip()
                head_removed.append((text.text, "metadata"))
    outlet = outlet or byline_outlet
    if not outlet and page_title and title:
        # "Headline | Outlet" in <title> when no meta tag names the publisher.
        parts = _TITLE_SEP.split(page_title)
        if len(parts) > 1 and line_key(" - ".join(parts[:-1])) == line_key(title) \
                and len(parts[-1].split()) <= 4:
            outlet = parts[-1].strip()
    # The top bar's "today" date, printed before the headline outside the article.
    page_date = None
    if h1_el is not None:
        for el in doc.body.iter() if doc.body is not None else ():
            if el is h1_el:
                break
            if not isinstance(el.tag, str) or len(el) or el.tag in _INERT:
                continue
            text = " ".join(el.text_content().split())
            if text and is_date_line(text) and not any(
                    a.tag in ("article", "main") for a in el.iterancestors()):
                page_date = parse_date(text)
                head_removed.append((text, "masthead"))
                break
    head_html = html[:100000].lower()
    fragment = "<body" not in head_html and "<html" not in head_html
    if fragment and doc.body is not None:
        # A feed entry's content is the article itself: keep every block, headings included.
        text = block_text(doc.body)
    else:
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
    _mark_furniture(doc, h1_el, lines, head_removed, tail_removed)
    return lines, PageMeta(title=title, outlet=outlet, section=section, published=published,
                           dateline=dateline, captions=captions, page_date=page_date,
                           head_removed=tuple(dict.fromkeys(head_removed)),
                           tail_removed=tuple(dict.fromkeys(tail_removed)))


def _mark_furniture(doc: lxml.html.HtmlElement, h1: lxml.html.HtmlElement | None, lines: list[Line],
                    head: list[tuple[str, str]], tail: list[tuple[str, str]]) -> None:
    """Blocks named as furniture by their class (comments, related links, tags, bylines…):
    their lines in the main text are marked with that kind, the others are recorded."""
    by_key = {ln.key: ln for ln in lines if ln.kind is None}
    above_h1 = set(h1.iterancestors()) if h1 is not None else set()
    seen_keys = {line_key(t) for t, _ in head}
    pieces: dict[str, str] = {line_key(t): k for t, k in head}  # furniture line key -> kind
    taken: set = set()
    for el in _NAMED(doc):
        if el.tag in ("html", "body", "article", "main") or el in above_h1:
            continue
        kind = _furniture_kind(el)
        if kind is None or el is h1 or any(a in taken for a in el.iterancestors()):
            continue
        taken.add(el)
        found = make_lines(block_text(el))
        # A block holding the article's own paragraphs is the article, whatever its name.
        if sum(1 for x in found if x.words >= 12 and x.key in by_key) >= 2:
            continue
        for x in found:
            if kind == "metadata" and x.words > 12:
                continue
            classify(x)
            # The line's own rule names it when it can ("أضف تعليقك", "اقرأ أيضا: …").
            k = kind if x.kind is None or x.kind == "boilerplate" else x.kind
            pieces.setdefault(x.key, k)
            if x.key not in by_key and x.key not in seen_keys:
                seen_keys.add(x.key)
                (head if k == "metadata" else tail).append((x.text, k))
    _mark_pieces(lines, pieces)


def _mark_pieces(lines: list[Line], pieces: dict[str, str]) -> None:
    """Mark the main-text lines made of furniture: a furniture line itself, or short
    inline furniture run together on one line ("الرباط - المثالنشر في: 15 يونيو")."""
    if not pieces:
        return
    longest = sorted(pieces, key=len, reverse=True)
    for ln in lines:
        if ln.kind is not None:
            continue
        if ln.key in pieces:
            ln.kind = pieces[ln.key]
            continue
        if ln.words > 20:
            continue
        rest, first = ln.key, None
        for p in longest:
            if len(p) > 3 and p in rest:
                rest = rest.replace(p, " ")
                first = first or pieces[p]
        if first is not None and not any(c.isalnum() for c in rest):
            ln.kind = first
