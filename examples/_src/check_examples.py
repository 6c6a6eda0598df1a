"""Self-check of the sample corpus in examples/ (no Marsad code involved).

Checks that every expected/*.json parses and has the agreed shape, that each
page decodes with its codec, that the JSONL lines parse, that the WARC reads back
with warcio, and that body_first / body_last / headings / removed[].contains occur
verbatim in the page source (for HTML and feeds: in the markup's text, entities
decoded).  With --show it prints, for each article, the source lines between
body_first and body_last that hold a body_must_not_contain string, so a reviewer
can see that only furniture lines carry them.

    . .venv/bin/activate && python examples/_src/check_examples.py [--show]
"""

from __future__ import annotations

import gzip
import html
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path, PurePosixPath

EX = Path(__file__).resolve().parents[1]
CODECS = {
    "txt/almadar_putin_arrives_pyongyang.txt": "cp1256",
    "txt/atlaspress_casablanca_derby.txt": "utf-16",
    "txt/nabd_treaty_mutual_defense.txt": "iso-8859-6",
    "txt/alwaha_saudi_nonoil_exports.txt": "utf-8-sig",
    "html/mashreq_haouz_earthquake.html": "cp1256",
}
ARTICLE_KEYS = ["title", "outlet", "section", "credited_source", "page_date", "published",
                "published_basis", "parent", "body_first", "body_last", "headings",
                "body_must_not_contain", "removed"]
BASES = {"dateline", "meta", "content", "header", "unknown"}
KINDS = {"caption", "boilerplate", "related", "comments", "masthead", "keywords", "tracking",
         "duplicate", "metadata"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
BLOCK = re.compile(r"</?(p|div|h[1-6]|li|ul|ol|figure|figcaption|header|footer|nav|aside|section|"
                   r"article|main|br|tr|title|span|a|b|strong|em|time|form|textarea|button)\b[^>]*>",
                   re.I)

failures: list[str] = []


def fail(msg: str) -> None:
    failures.append(msg)


def html_lines(markup: str) -> str:
    """Markup to text, one block per line; tags dropped, entities decoded."""
    text = re.sub(r"<(script|style)\b.*?</\1>", "\n", markup, flags=re.S | re.I)
    text = BLOCK.sub("\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def decode_page(rel: str) -> str:
    data = (EX / rel).read_bytes()
    codec = CODECS.get(rel, "utf-8")
    text = data.decode(codec)  # strict
    if codec == "utf-8" and text.startswith("\ufeff"):
        fail(f"{rel}: unexpected BOM")
    return text


def sources(rel: str) -> list[str]:
    """One text per article source: a page, or each record/entry of a container."""
    if rel.startswith("txt/"):
        return [decode_page(rel)]
    if rel.startswith("html/"):
        return [html_lines(decode_page(rel))]
    if rel.startswith("jsonl/"):
        out = []
        for n, line in enumerate((EX / rel).read_text(encoding="utf-8").splitlines(), 1):
            rec = json.loads(line)
            if ("text" in rec) == ("html" in rec):
                fail(f"{rel}:{n}: needs exactly one of text/html")
            out.append(rec["text"] if "text" in rec else html_lines(rec["html"]))
        return out
    if rel.startswith("feeds/"):
        root = ET.parse(EX / rel).getroot()
        out = []
        if root.tag == "rss":
            ns = "{http://purl.org/rss/1.0/modules/content/}encoded"
            for item in root.iter("item"):
                enc = item.find(ns)
                body = enc.text if enc is not None else item.findtext("description")
                out.append(html_lines(body))
        else:
            a = "{http://www.w3.org/2005/Atom}"
            for entry in root.iter(a + "entry"):
                out.append(html_lines(entry.findtext(a + "content")))
        return out
    if rel.startswith("warc/"):
        from warcio.archiveiterator import ArchiveIterator

        out = []
        with open(EX / rel, "rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type == "response":
                    out.append(html_lines(rec.content_stream().read().decode("utf-8")))
        return out
    raise ValueError(rel)


def check_article(where: str, art: dict, src: str, n_articles: int, show: bool) -> tuple[int, int]:
    if list(art) != ARTICLE_KEYS:
        fail(f"{where}: keys {list(art)}")
    for key in ("page_date", "published"):
        if art[key] is not None and not DATE.match(art[key]):
            fail(f"{where}: bad {key} {art[key]!r}")
    if art["published_basis"] not in BASES:
        fail(f"{where}: bad basis")
    if (art["published"] is None) != (art["published_basis"] == "unknown"):
        fail(f"{where}: published/basis mismatch")
    if art["parent"] is not None and not (0 <= art["parent"] < n_articles):
        fail(f"{where}: bad parent")
    for r in art["removed"]:
        if r["kind"] not in KINDS:
            fail(f"{where}: bad kind {r['kind']}")
        if r["contains"] not in src:
            fail(f"{where}: removed text not in source: {r['contains']!r}")
    a = src.find(art["body_first"])
    b = src.find(art["body_last"])
    if a < 0 or b < 0 or b < a:
        fail(f"{where}: body_first/body_last not found in order")
        return -1, -1
    if "\n" in art["body_first"] or "\n" in art["body_last"]:
        fail(f"{where}: body_first/last must be single paragraphs")
    span = src[a : b + len(art["body_last"])]
    lines = [ln.strip() for ln in span.splitlines()]
    for h in art["headings"]:
        if h not in lines:
            fail(f"{where}: heading not a line inside the body span: {h!r}")
    for bad in art["body_must_not_contain"]:
        if bad in (art["body_first"], art["body_last"]) or bad in art["body_first"] or bad in art["body_last"]:
            fail(f"{where}: must-not string inside body_first/last: {bad!r}")
        if bad in art["headings"]:
            fail(f"{where}: must-not string is a heading: {bad!r}")
        if show:
            for ln in lines:
                if bad in ln:
                    print(f"    [{bad}] {ln[:110]}")
    return a, b


def main() -> int:
    show = "--show" in sys.argv[1:]
    expected = sorted((EX / "expected").rglob("*.json"))
    seen = set()
    for path in expected:
        doc = json.loads(path.read_text(encoding="utf-8"))
        rel = doc["file"]
        seen.add(rel)
        if list(doc) != ["file", "articles"]:
            fail(f"{path.name}: top-level keys {list(doc)}")
        if path.relative_to(EX / "expected").as_posix() != PurePosixPath(rel).with_suffix(".json").as_posix():
            fail(f"{path}: name does not match {rel}")
        srcs = sources(rel)
        arts = doc["articles"]
        container = rel.split("/")[0] in ("jsonl", "feeds", "warc")
        if container and len(srcs) != len(arts):
            fail(f"{rel}: {len(srcs)} records but {len(arts)} expected articles")
        last_end = -1
        for i, art in enumerate(arts):
            src = srcs[i] if container else srcs[0]
            if show:
                print(f"{rel} #{i}: {art['title'][:70]}")
            a, b = check_article(f"{rel}#{i}", art, src, len(arts), show)
            if not container:
                if a <= last_end:
                    fail(f"{rel}#{i}: article bodies overlap or are out of order")
                last_end = b
    for rel in ("txt", "html", "feeds", "jsonl", "warc"):
        for f in (EX / rel).iterdir():
            r = f"{rel}/{f.name}"
            if r not in seen:
                fail(f"no expected file for {r}")
    with gzip.open(EX / "warc" / "sample.warc.gz") as fh:
        fh.read()
    size = sum(f.stat().st_size for f in EX.rglob("*") if f.is_file())
    print(f"{len(expected)} expected files, examples/ is {size / 1024:.0f} KB")
    if size > 400 * 1024:
        fail("examples/ is over 400 KB")
    for msg in failures:
        print("FAIL", msg)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
