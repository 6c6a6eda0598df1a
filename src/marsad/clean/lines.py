"""Line-level reading of a page: which lines are the article, which are furniture.

A plain-text scrape has lost its markup, so an editor's eye is approximated
line by line: each line is classified from its own words (a share button, a
caption ending in a photo credit, a keyword list…) and from its neighbours (the
name under "رئيس التحرير", the agency under "المصادر:").  The first pass is
context-free; ``read_page`` then applies the page-level rules (title, header
date, section, repeated lines).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from marsad.clean import rules
from marsad.clean.dates import is_date_line, parse_date
from marsad.clean.keys import line_key


@dataclass
class Line:
    text: str
    key: str
    kind: str | None = None  # a REMOVED kind, or None for article text
    note: str | None = None  # why (e.g. "title", "page-date", "outlet")
    value: str | None = None  # a value the line carries (outlet name, date…)
    words: int = field(init=False)

    def __post_init__(self) -> None:
        self.words = self.key.count(" ") + 1 if self.key else 0


@dataclass
class PageReading:
    """What the line reader found on one page, before the glued-article split."""

    lines: list[Line]
    title: str | None = None
    outlet: str | None = None
    section: str | None = None
    credited_source: str | None = None
    dateline: str | None = None
    page_date: str | None = None
    extra_removed: list[tuple[str, str]] = field(default_factory=list)


def _is_share_widget(key: str) -> bool:
    words = key.replace("|", " | ").split()
    return 0 < len(words) <= 12 and all(w in rules.SHARE_WORDS for w in words) and \
        any(w not in {"و", "او", "على", "عبر", "|", "-", "•"} for w in words)


def is_caption(line: Line) -> bool:
    """A photo/video caption: short, unpunctuated, ending in a credit."""
    if line.words > 45:
        return False
    key = line.key
    m = rules.CAPTION_CREDIT.search(key) or rules.CAPTION_DASH_CREDIT.search(key)
    if m:
        before = key[: m.start()].rstrip()
        # "(الصورة: أرشيفية)" alone on its line is a caption credit too.
        return not before.endswith((".", "؟", "?", "!"))
    return bool(rules.CAPTION_START.match(key)) and line.words <= 30 and not key.endswith(".")


def classify(line: Line) -> None:
    """Context-free classification of one line (sets kind/note/value)."""
    key = line.key
    if not key:
        line.kind = "boilerplate"
        return
    if key in rules.BOILERPLATE_LINES or _is_share_widget(key):
        line.kind, line.note = "boilerplate", "widget"
    elif rules.FOOTER.match(key) and line.words <= 20:
        line.kind, line.note = "boilerplate", "footer"
    elif rules.KEYWORDS.match(key):
        line.kind = "keywords"
    elif rules.COMMENTS.match(key):
        line.kind = "comments"
    elif rules.GLUE_MARKER.match(key):
        line.kind, line.note = "related", "marker"
    elif rules.RELATED.match(key) and line.words <= 30:
        line.kind = "related"
    elif rules.MASTHEAD.match(key) and line.words <= 12:
        line.kind, line.note = "masthead", "label"
    elif rules.CREDIT.match(key) and line.words <= 12:
        line.kind, line.note = "metadata", "credit"
        value = line.text.split(":", 1)[1].strip() if ":" in line.text else ""
        line.value = value or None
    elif rules.DATELINE.match(key) and line.words <= 14 and parse_date(line.text):
        line.kind, line.note, line.value = "metadata", "dateline", parse_date(line.text)
    elif key in rules.PUBLISHED_BY_LABEL:
        line.kind, line.note = "metadata", "outlet-label"
    elif line.words <= 14 and any(c.isdigit() for c in key) and (
            is_date_line(line.text) or ("°" in key and line.words <= 10 and parse_date(line.text))):
        # A bare date, or a masthead strip with the date and the weather.
        line.kind, line.note, line.value = "metadata", "date", parse_date(line.text)
    elif rules.AUTHOR.match(key) and line.words <= 6:
        line.kind, line.note = "metadata", "author"
    elif is_caption(line):
        line.kind = "caption"
    else:
        stripped = rules.TRACKING_TOKEN.sub(" ", line.text)
        if stripped != line.text and len(line_key(stripped).split()) <= 6:
            line.kind = "tracking"


def is_heading(line: Line) -> bool:
    """Short, unpunctuated line: a headline or subheading."""
    return line.kind is None and 1 <= line.words <= 14 and not rules.SENTENCE_END.search(line.key.rstrip('"”»'))\
        and not line.key.endswith((".", "،", ",", ":", "؛", ";"))


def is_prose(line: Line) -> bool:
    return line.kind is None and line.words >= 12


def is_paragraph(line: Line) -> bool:
    """An article paragraph, as opposed to a headline: long, or ending a sentence."""
    return line.kind is None and (line.words > 40 or (line.words >= 12 and line.key.endswith(
        (".", "،", ",", "؛", ";", "!", "؟", "?", "…", ":", '"', "»", "”"))))


def dated_byline(lines: list[Line], head: int, page: PageReading | None = None) -> int | None:
    """Under a headline at ``head``: the bare date line printed with the article (possibly
    under an author's name) before the first paragraph.  It is the article's dateline, and a
    short name line just above it is the author's byline.  Returns the date line's index."""
    for j in range(head + 1, min(head + 6, len(lines))):
        ln = lines[j]
        if ln.note in ("date", "dateline") and ln.value:
            if ln.note == "date":
                ln.note = "dateline"
            name = lines[j - 1]
            if j - 1 > head and name.kind is None and 1 < name.words <= 4 and \
                    not any(c.isdigit() for c in name.key) and not rules.SENTENCE_END.search(name.key):
                name.kind, name.note = "metadata", "author"
            if page is not None and page.dateline is None:
                page.dateline = ln.value
            return j
        if ln.kind is None and (ln.words > 4 or is_paragraph(ln)):
            return None
    return None


def _mark_lists(lines: list[Line]) -> None:
    """Lists under a furniture header: the headlines under "مواضيع ذات صلة" / "الأكثر قراءة"
    are related links, and what follows a comments counter is the readers' comments."""
    n = len(lines)
    for i, ln in enumerate(lines):
        if ln.kind == "related" and ln.note != "marker" and not rules.RELATED.sub("", ln.key).strip():
            run = []
            for x in lines[i + 1:]:
                if x.kind is not None or not is_heading(x):
                    break
                run.append(x)
            end = i + 1 + len(run)
            if run and end < n and is_prose(lines[end]):
                run.pop()  # the last one heads the paragraphs that follow
            for x in run:
                x.kind, x.note = "related", "teaser"
        elif ln.kind == "comments":
            m = rules.COMMENTS_HEADER.match(ln.key)
            if not m or (m.group(1) or m.group(2) or "") == "0":
                continue
            for x in lines[i + 1:]:
                if x.kind not in (None, "comments"):
                    break
                x.kind = "comments"


def make_lines(text: str) -> list[Line]:
    out = []
    for raw in text.splitlines():
        t = raw.strip()
        if t:
            out.append(Line(t, line_key(t)))
    return out


def read_page(lines: list[Line], title_hint: str | None = None) -> PageReading:
    """Classify every line of a page and pull out its metadata."""
    for ln in lines:
        classify(ln)
    page = PageReading(lines=lines)
    n = len(lines)
    for i, ln in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < n else None
        if ln.note == "label" and nxt is not None and nxt.kind is None and nxt.words <= 5 \
                and not rules.SENTENCE_END.search(nxt.key):
            nxt.kind, nxt.note = "masthead", "name"
        elif ln.note == "outlet-label" and nxt is not None and nxt.kind is None and nxt.words <= 4:
            nxt.kind, nxt.note, nxt.value = "metadata", "outlet", nxt.text
            page.outlet = page.outlet or nxt.text
        elif ln.note == "credit" and ln.value is None and nxt is not None and nxt.kind is None \
                and nxt.words <= 6:
            nxt.kind, nxt.note = "metadata", "credit-value"
            ln.value = nxt.text
        if ln.note == "credit" and ln.value and page.credited_source is None:
            page.credited_source = ln.value
        if ln.note == "dateline" and page.dateline is None:
            page.dateline = ln.value
    # Section names printed above the headline.
    for ln in lines[:4]:
        if ln.kind is None and ln.key in rules.SECTIONS:
            ln.kind, ln.note = "metadata", "section"
            page.section = page.section or ln.text
    # A short first line above the masthead, date or a longer headline is the outlet's name
    # ("الساحة نت", "صدى اليوم"), not the title.
    first = next((i for i, ln in enumerate(lines[:3]) if ln.kind is None), None)
    if first is not None and lines[first].words <= 3 and not title_hint:
        for ln in lines[first + 1:first + 7]:
            if ln.kind is None and ln.words >= 12:
                break
            if (ln.kind is None and 4 <= ln.words <= 40) or ln.kind in ("masthead", "metadata"):
                # The outlet's logo line is masthead, like the staff lines beside it.
                lines[first].kind, lines[first].note = "masthead", "outlet"
                page.outlet = page.outlet or lines[first].text
                break
    # "دبي - المدار نت": a byline before the first paragraph names the outlet.
    for ln in lines[:10]:
        if is_paragraph(ln):
            break
        m = rules.CITY_BYLINE.match(ln.text) if ln.kind is None and ln.words <= 5 else None
        if m and not is_caption(ln):
            ln.kind, ln.note = "metadata", "byline"
            page.outlet = page.outlet or m.group(2).strip()
    # Title: the container's, else the first article line near the top.
    title_idx = None
    if title_hint:
        hk = line_key(title_hint)
        for i, ln in enumerate(lines):
            if ln.key == hk and ln.kind is None:
                title_idx = i
                break
        page.title = title_hint
    else:
        for i, ln in enumerate(lines[:12]):
            if ln.kind is None and ln.words <= 40:
                title_idx = i
                page.title = ln.text
                break
            if ln.kind is None:
                break
    if title_idx is not None:
        lines[title_idx].kind, lines[title_idx].note = "metadata", "title"
    # The page's header date: printed at the top, it dates the rendering, not the article.
    # Only above the headline: a date printed under it is the article's dateline.
    top = title_idx if title_idx is not None else min(3, n)
    for ln in lines[:top]:
        if ln.note == "date" and page.page_date is None:
            # The top bar's date is masthead furniture, not the article's metadata.
            ln.kind, ln.note = "masthead", "page-date"
            page.page_date = ln.value
    if title_idx is not None:
        dated_byline(lines, title_idx, page)
    _mark_lists(lines)
    # Repeated lines: the second copy of the title, captions printed twice, …
    seen: dict[str, Line] = {}
    for ln in lines:
        if ln.kind in (None, "caption", "metadata") and ln.words >= 3:
            first = seen.get(ln.key)
            if first is None:
                seen[ln.key] = ln
            elif ln.kind is None:
                ln.kind = "caption" if first.kind == "caption" else "duplicate"
            elif first.kind is None and ln.kind == "caption":
                first.kind = "caption"
    return page
