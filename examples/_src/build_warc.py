"""Regenerate examples/warc/sample.warc.gz from the HTML sources in _src/warc/.

The archive holds, in order: one warcinfo record, one request record, and three
response records (HTTP/1.1 200, text/html; charset=utf-8).  Readers must skip the
warcinfo and request records.  Output is byte-for-byte deterministic: fixed
WARC-Record-IDs and WARC-Dates, fixed HTTP Date headers, and warcio's gzip members
carry mtime 0.

Needs warcio:  . .venv/bin/activate && python examples/_src/build_warc.py
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent
SRC = HERE / "warc"

# (source file, target URI, WARC-Date, WARC-Record-ID, HTTP Date header)
RESPONSES = [
    (
        "1_washington_watches_summit.html",
        "https://www.minbar-news.example/world/40233",
        "2024-11-02T10:15:03Z",
        "<urn:uuid:6f1c2a52-0b7e-4c1e-9a51-000000000001>",
        "Sat, 02 Nov 2024 10:15:03 GMT",
    ),
    (
        "2_families_flee_elfasher.html",
        "https://www.nile-news.example/sudan/7720",
        "2024-11-02T10:15:09Z",
        "<urn:uuid:6f1c2a52-0b7e-4c1e-9a51-000000000002>",
        "Sat, 02 Nov 2024 10:15:09 GMT",
    ),
    (
        "3_wydad_parts_ways_coach.html",
        "https://www.koora-maroc.example/botola/3325",
        "2024-11-02T10:15:14Z",
        "<urn:uuid:6f1c2a52-0b7e-4c1e-9a51-000000000003>",
        "Sat, 02 Nov 2024 10:15:14 GMT",
    ),
]

WARCINFO_ID = "<urn:uuid:6f1c2a52-0b7e-4c1e-9a51-000000000000>"
REQUEST_ID = "<urn:uuid:6f1c2a52-0b7e-4c1e-9a51-0000000000f1>"
CRAWL_START = "2024-11-02T10:15:00Z"


def build() -> bytes:
    buf = BytesIO()
    writer = WARCWriter(buf, gzip=True, warc_version="1.0")

    info = (
        b"software: marsad examples/_src/build_warc.py\r\n"
        b"format: WARC File Format 1.0\r\n"
        b"description: Marsad sample crawl (original text written for the project)\r\n"
    )
    writer.write_record(
        writer.create_warc_record(
            "",
            "warcinfo",
            payload=BytesIO(info),
            length=len(info),
            warc_content_type="application/warc-fields",
            warc_headers_dict={
                "WARC-Record-ID": WARCINFO_ID,
                "WARC-Date": CRAWL_START,
                "WARC-Filename": "sample.warc.gz",
            },
        )
    )

    # A request record: no article in it; readers must skip it.
    first_uri = RESPONSES[0][1]
    host = first_uri.split("/")[2]
    path = "/" + first_uri.split("/", 3)[3]
    req_headers = StatusAndHeaders(
        f"GET {path} HTTP/1.1",
        [("Host", host), ("User-Agent", "marsad-example-crawler/1.0"), ("Accept", "text/html")],
        is_http_request=True,
    )
    writer.write_record(
        writer.create_warc_record(
            first_uri,
            "request",
            http_headers=req_headers,
            warc_headers_dict={"WARC-Record-ID": REQUEST_ID, "WARC-Date": RESPONSES[0][2]},
        )
    )

    for name, uri, warc_date, rec_id, http_date in RESPONSES:
        body = (SRC / name).read_bytes()
        http_headers = StatusAndHeaders(
            "200 OK",
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Date", http_date),
                ("Server", "nginx"),
            ],
            protocol="HTTP/1.1",
        )
        warc_headers = {"WARC-Record-ID": rec_id, "WARC-Date": warc_date}
        if uri == first_uri:
            warc_headers["WARC-Concurrent-To"] = REQUEST_ID
        writer.write_record(
            writer.create_warc_record(
                uri,
                "response",
                payload=BytesIO(body),
                length=len(body),
                http_headers=http_headers,
                warc_headers_dict=warc_headers,
            )
        )
    return buf.getvalue()


def main() -> None:
    out = EXAMPLES / "warc" / "sample.warc.gz"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(build())
    print(f"wrote {out.relative_to(EXAMPLES)}")


if __name__ == "__main__":
    main()
