from __future__ import annotations

import gzip
import io
import json

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad.errors import InputError
from marsad.ingest.readers import read_path

PAGE = ("زعيم كوريا الشمالية يصل إلى روسيا\n\n"
        "وصل زعيم كوريا الشمالية كيم جونغ أون إلى روسيا على متن قطاره المصفح في زيارة رسمية "
        "تلبية لدعوة من الرئيس الروسي فلاديمير بوتين بحسب وسائل إعلام محلية ورسمية في البلدين.\n\n"
        "وقال المتحدث باسم الكرملين إن المحادثات ستتناول العلاقات الثنائية والتعاون في مجالات عدة "
        "بينها الاقتصاد والطاقة والنقل بين البلدين الجارين.\n")
HTML = ("<html><head><title>كيم في روسيا - موقع الأخبار</title></head><body><article><h1>كيم في روسيا</h1>"
        "<p>" + PAGE.split("\n\n")[1] + "</p><p>" + PAGE.split("\n\n")[2] + "</p></article></body></html>")


def docs(path):
    return [d for d in read_path(path) if not isinstance(d, InputError)]


def errors(path):
    return [d for d in read_path(path) if isinstance(d, InputError)]


def test_jsonl_bad_line_reported_with_line_number_and_batch_goes_on(tmp_path):
    f = tmp_path / "a.jsonl"
    lines = [json.dumps({"text": PAGE, "url": "https://example.com/1", "date": "2023-09-12"}, ensure_ascii=False),
             "{not json",
             json.dumps({"html": HTML, "title": "كيم في روسيا", "outlet": "موقع"}, ensure_ascii=False),
             json.dumps({"url": "x"})]
    f.write_text("\n".join(lines), encoding="utf-8")
    got = list(read_path(f))
    assert [type(g).__name__ for g in got] == ["RawDocument", "InputError", "RawDocument", "InputError"]
    assert got[1].name == f"{f}:2" and "invalid JSON" in got[1].reason
    assert "no 'text' or 'html'" in got[3].reason
    assert got[0].hints.date == "2023-09-12" and got[0].source.url == "https://example.com/1"
    assert got[2].kind == "html" and got[2].hints.outlet == "موقع"


def _warc(records: list[tuple[str, str]]) -> bytes:
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    w.write_record(w.create_warcinfo_record("x.warc.gz", {"software": "test"}))
    for uri, html in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(html.encode()),
                                            http_headers=headers))
    return buf.getvalue()


def test_warc_gz_responses_read_with_uri(tmp_path):
    f = tmp_path / "news.warc.gz"
    f.write_bytes(_warc([("https://example.com/a", HTML), ("https://example.com/b", HTML.replace("كيم", "بوتين"))]))
    got = docs(f)
    assert [d.source.url for d in got] == ["https://example.com/a", "https://example.com/b"]
    assert all(d.kind == "html" for d in got)


def test_truncated_warc_reported_and_earlier_records_kept(tmp_path):
    data = _warc([("https://example.com/a", HTML), ("https://example.com/b", HTML * 50)])
    f = tmp_path / "cut.warc.gz"
    f.write_bytes(data[: len(data) - 300])
    got = list(read_path(f))
    assert any(isinstance(g, InputError) and "truncated" in g.reason for g in got)
    assert any(not isinstance(g, InputError) for g in got)


def test_truncated_gzip_jsonl(tmp_path):
    f = tmp_path / "a.jsonl.gz"
    payload = gzip.compress((json.dumps({"text": PAGE}, ensure_ascii=False) + "\n").encode() * 200)
    f.write_bytes(payload[:-40])
    assert any("truncated" in e.reason or "corrupt" in e.reason for e in errors(f))


def test_feed_that_is_not_xml(tmp_path):
    f = tmp_path / "news.rss"
    f.write_text("this is not a feed at all", encoding="utf-8")
    e, = errors(f)
    assert e.name == str(f) and "feed" in e.reason


def test_rss_entries_become_documents_with_hints(tmp_path):
    f = tmp_path / "feed.xml"
    item = ("<item><title>كيم في روسيا</title><link>https://example.com/k</link>"
            "<pubDate>Wed, 13 Sep 2023 10:00:00 GMT</pubDate><description><![CDATA[" + HTML + "]]></description></item>")
    f.write_text('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>موقع الأخبار</title>'
                 + item + "</channel></rss>", encoding="utf-8")
    d, = docs(f)
    assert d.hints.date == "2023-09-13" and d.hints.outlet == "موقع الأخبار" and d.source.url == "https://example.com/k"


def test_feed_category_is_the_section_hint(tmp_path):
    rss = tmp_path / "feed.xml"
    item = ("<item><title>كيم في روسيا</title><link>https://example.com/k</link><category>العالم</category>"
            "<description><![CDATA[" + HTML + "]]></description></item>")
    rss.write_text('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>موقع</title>'
                   + item + "</channel></rss>", encoding="utf-8")
    d, = docs(rss)
    assert d.hints.section == "العالم"
    atom = tmp_path / "feed.atom"
    entry = ('<entry><title>كيم في روسيا</title><id>k</id><category term="آسيا"/>'
             '<content type="html"><![CDATA[' + HTML + "]]></content></entry>")
    atom.write_text('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                    "<title>موقع</title>" + entry + "</feed>", encoding="utf-8")
    d, = docs(atom)
    assert d.hints.section == "آسيا"


def test_empty_binary_and_oversized_files(tmp_path, monkeypatch):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "img.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    assert "empty" in errors(tmp_path / "empty.txt")[0].reason
    assert "binary" in errors(tmp_path / "img.png")[0].reason
    import marsad.ingest.readers as readers
    monkeypatch.setattr(readers, "MAX_PAGE_BYTES", 1000)
    big = tmp_path / "big.txt"
    big.write_text(PAGE * 20, encoding="utf-8")
    assert "too large" in errors(big)[0].reason
