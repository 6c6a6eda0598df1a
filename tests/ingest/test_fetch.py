from __future__ import annotations

import http.server
import threading

import pytest

from marsad.errors import FetchRefused, InputError
from marsad.ingest.fetch import FetchPolicy, fetch

PAGE = "<html><body><p>وصل الرئيس الروسي إلى بيونغ يانغ</p></body></html>".encode()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/pdf":
            body, ctype = b"%PDF-1.4", "application/pdf"
        elif self.path == "/big":
            body, ctype = b"x" * 5000, "text/html"
        else:
            body, ctype = PAGE, "text/html; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a):
        pass


@pytest.fixture(scope="module")
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def test_loopback_refused_by_default(server):
    with pytest.raises(FetchRefused) as err:
        fetch(server + "/page")
    assert "non-public address" in err.value.reason and err.value.name.endswith("/page")


@pytest.mark.parametrize("url", ["http://10.0.0.1/x", "http://192.168.1.1/", "http://169.254.169.254/latest",
                                 "http://[::1]/", "http://0.0.0.0/"])
def test_private_and_link_local_refused(url):
    with pytest.raises(FetchRefused):
        fetch(url, FetchPolicy(timeout=1))


def test_allowed_with_explicit_flag(server):
    got = fetch(server + "/page", FetchPolicy(allow_private=True))
    assert got.data == PAGE and got.content_type == "text/html"


def test_content_type_and_size_caps(server):
    policy = FetchPolicy(allow_private=True, max_bytes=1000)
    with pytest.raises(FetchRefused, match="content type"):
        fetch(server + "/pdf", policy)
    with pytest.raises(FetchRefused, match="too large"):
        fetch(server + "/big", policy)


def test_unreachable_and_bad_scheme():
    with pytest.raises(InputError, match=r"unreachable|refused"):
        fetch("http://127.0.0.1:9/", FetchPolicy(allow_private=True, timeout=2))
    with pytest.raises(FetchRefused, match="only http"):
        fetch("file:///etc/passwd")
