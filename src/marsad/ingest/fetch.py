"""The one place Marsad touches the network: a careful fetcher for URLs and feeds.

A newsroom server that ingests user-supplied URLs must not become a proxy into
its own network, so every hop (redirects included) is resolved and refused if
it lands on a loopback, private, link-local or otherwise non-public address,
unless the user explicitly allows it.
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from marsad import __version__
from marsad.errors import FetchRefused, InputError

ALLOWED_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/json",
    "application/x-ndjson",
    "application/jsonl",
)


@dataclass(frozen=True)
class FetchPolicy:
    timeout: float = 15.0
    max_bytes: int = 20 * 1024 * 1024
    allow_private: bool = False
    max_redirects: int = 5


@dataclass(frozen=True)
class Fetched:
    url: str  # final URL after redirects
    content_type: str
    data: bytes


def _check_host(url: str, policy: FetchPolicy) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchRefused(url, f"only http and https URLs are fetched, not {parts.scheme or 'none'!r}")
    host = parts.hostname
    if not host:
        raise FetchRefused(url, "URL has no host")
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80),
                                   proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise InputError(url, f"cannot resolve host {host!r} ({exc.strerror})") from exc
    if policy.allow_private:
        return
    for info in infos:
        addr = ipaddress.ip_address(info[4][0])
        if addr.is_loopback or addr.is_private or addr.is_link_local or addr.is_multicast \
                or addr.is_reserved or addr.is_unspecified:
            raise FetchRefused(url, f"refused: {host} resolves to non-public address {addr} "
                                    "(pass --allow-private to fetch from your own network)")


class _Redirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, policy: FetchPolicy) -> None:
        self.policy = policy
        self.count = 0

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        self.count += 1
        if self.count > self.policy.max_redirects:
            raise FetchRefused(newurl, "too many redirects")
        _check_host(newurl, self.policy)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, policy: FetchPolicy | None = None) -> Fetched:
    """GET ``url`` under ``policy``.  Raises InputError/FetchRefused naming the URL."""
    policy = policy or FetchPolicy()
    _check_host(url, policy)
    opener = urllib.request.build_opener(_Redirects(policy))
    req = urllib.request.Request(url, headers={
        "User-Agent": f"Marsad/{__version__} (news archive reader)",
        "Accept": "text/html, application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.1",
    })
    try:
        with opener.open(req, timeout=policy.timeout) as resp:
            ctype = (resp.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if ctype and ctype not in ALLOWED_TYPES:
                raise FetchRefused(url, f"refused content type {ctype!r} (not a page or a feed)")
            length = resp.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > policy.max_bytes:
                raise FetchRefused(url, f"too large ({int(length)} bytes > {policy.max_bytes})")
            data = resp.read(policy.max_bytes + 1)
            if len(data) > policy.max_bytes:
                raise FetchRefused(url, f"too large (more than {policy.max_bytes} bytes)")
            return Fetched(url=resp.geturl(), content_type=ctype, data=data)
    except InputError:
        raise
    except urllib.error.HTTPError as exc:
        raise InputError(url, f"HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, InputError):
            raise reason from exc
        raise InputError(url, f"unreachable ({reason})") from exc
    except TimeoutError as exc:
        raise InputError(url, f"timed out after {policy.timeout:g} s") from exc
    except OSError as exc:
        raise InputError(url, f"unreachable ({exc})") from exc
