"""Shared access to the SaudiNewsNet corpus for benchmarks (read from shared/, never copied)."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from marsad.paths import corpora_dir


def saudinewsnet_dir() -> Path:
    return corpora_dir() / "saudinewsnet"


def available() -> bool:
    return saudinewsnet_dir().is_dir()


def articles(limit: int | None = None) -> Iterator[dict]:
    """Articles in a fixed order (crawl day, then position)."""
    n = 0
    for z in sorted(saudinewsnet_dir().glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in sorted(zf.namelist()):
                for rec in json.loads(zf.read(name)):
                    if not (rec.get("content") or "").strip():
                        continue
                    rec["_zip"] = z.name
                    yield rec
                    n += 1
                    if limit is not None and n >= limit:
                        return


def varied(n: int, seed: int = 7) -> Iterator[dict]:
    """``n`` records: the corpus once as it is, then copies with variation until the count
    is reached. Copy k > 0 of an article gets "(k)" after its title, its paragraphs shuffled
    (seeded) and one dropped when it has more than three, its url tagged ``?v=k`` and its
    date moved 28*k days later, so no copy is a byte-for-byte duplicate of another page."""
    import datetime as dt
    import random

    recs = list(articles())
    rng = random.Random(seed)
    done, copy = 0, 0
    while done < n:
        for r in recs:
            if done >= n:
                return
            if copy:
                paras = [p for p in r["content"].split("\n") if p.strip()]
                rng.shuffle(paras)
                if len(paras) > 3:
                    paras.pop(rng.randrange(len(paras)))
                day = dt.date.fromisoformat(r["date_extracted"][:10]) + dt.timedelta(days=28 * copy)
                r = dict(r, title=f"{r.get('title') or ''} ({copy})", content="\n".join(paras),
                         url=f"{r['url']}?v={copy}", date_extracted=day.isoformat())
            yield r
            done += 1
        copy += 1


def as_jsonl_record(rec: dict) -> str:
    """One line of Marsad's JSONL input (title, text with blank-line paragraphs, url,
    date, outlet) for a corpus record."""
    import json

    paras = [p.strip() for p in rec["content"].split("\n") if p.strip()]
    return json.dumps({"title": rec.get("title") or "", "text": "\n\n".join(paras), "url": rec["url"],
                       "date": rec["date_extracted"][:10], "outlet": rec["source"]}, ensure_ascii=False)


def write_jsonl(path: Path, records: Iterable[dict]) -> int:
    """Write ``records`` as Marsad JSONL input (`as_jsonl_record`); how many were written."""
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(as_jsonl_record(rec) + "\n")
            n += 1
    return n


def as_text_page(rec: dict) -> str:
    """A plain-text page like a scraped one: title, a share line, paragraphs."""
    paras = [p.strip() for p in rec["content"].split("\n") if p.strip()]
    return "\n\n".join([rec.get("title") or "", "شارك", *paras])


def as_html_page(rec: dict) -> str:
    """An HTML page in the shape of an Arabic news site (nav, article, share, footer)."""
    from html import escape

    paras = "".join(f"<p>{escape(p.strip())}</p>" for p in rec["content"].split("\n") if p.strip())
    title = escape(rec.get("title") or "")
    return (f"<!doctype html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>{title} - "
            f"{escape(rec['source'])}</title><meta property='og:site_name' content='{escape(rec['source'])}'>"
            "</head><body><nav><a href='/'>الرئيسية</a> <a href='/p'>سياسة</a> <a href='/e'>اقتصاد</a></nav>"
            f"<article><h1>{title}</h1><div class='share'>شارك فيسبوك تويتر واتساب</div>{paras}</article>"
            "<aside><h3>اقرأ أيضا</h3><ul><li><a href='/1'>خبر آخر</a></li></ul></aside>"
            "<footer>جميع الحقوق محفوظة</footer></body></html>")
