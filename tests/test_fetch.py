"""The guarded fetcher, against a real server on 127.0.0.1 (see conftest.py)."""

from __future__ import annotations

import dataclasses
import gzip
import json
import socket
import time

import pytest

from unspin import fetch as fetch_module
from unspin.errors import FetchError, InputError
from unspin.fetch import Fetched, fetch, is_public

ARTICLE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Port strike</title></head>
<body><article><h1>Port strike</h1><p>About 1,200 dock workers walked out on Thursday.</p>
</article></body></html>"""


@pytest.fixture
def pages(site):
    """The standard pages: article, JSON, latin-1, redirects, 404 and oversized bodies."""
    site.add("/article", ARTICLE)
    site.add(
        "/article.json", json.dumps({"text": "Dockers strike."}), content_type="application/json"
    )
    site.add(
        "/latin1", "Señor Müller".encode("latin-1"), content_type="text/plain; charset=ISO-8859-1"
    )
    site.add("/old", status=302, headers={"Location": "/article"})
    site.add("/loop", status=302, headers={"Location": "/loop"})
    site.add("/to-file", status=301, headers={"Location": "file:///etc/passwd"})
    site.add("/no-location", status=302)
    site.add("/missing", "gone", status=404)
    site.add("/big", b"x" * 200_000, content_type="text/plain")
    return site


def stream_without_length(handler, size=200_000):
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.end_headers()  # HTTP/1.0, no Content-Length: the body ends when the server closes
    for _ in range(size // 10_000):
        handler.wfile.write(b"x" * 10_000)


def slow_headers(handler):
    time.sleep(2)
    handler.send_response(200)
    handler.end_headers()


def drip(handler):
    """Each byte comes fast enough for a per-read timeout, the whole body does not."""
    handler.send_response(200)
    handler.send_header("Content-Length", "20")
    handler.end_headers()
    for _ in range(20):
        handler.wfile.write(b"x")
        handler.wfile.flush()
        time.sleep(0.1)


def also_public(monkeypatch, *addresses):
    """Count the given loopback addresses as public, keeping the real rule for every other."""
    real = fetch_module.is_public
    monkeypatch.setattr(fetch_module, "is_public", lambda a: a in addresses or real(a))


# -- the address rule ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "127.0.0.2", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
     "224.0.0.1", "0.0.0.0", "240.0.0.1", "100.64.0.1", "255.255.255.255", "::1", "::",
     "fe80::1%eth0", "fc00::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1"],
)  # fmt: skip
def test_non_public_addresses(address):
    assert not is_public(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700::1111"])
def test_public_addresses(address):
    assert is_public(address)


def test_loopback_refused_without_allow_private(pages):
    url = pages.url("/article")
    with pytest.raises(FetchError) as err:
        fetch(url)
    assert str(err.value) == f"Refused to fetch {url}: 127.0.0.1 is not a public address."
    assert pages.hits == []  # refused before connecting
    assert isinstance(err.value, InputError)


def test_every_resolved_address_is_checked(pages, monkeypatch):
    also_public(monkeypatch, "127.0.0.1")
    port = int(pages.base.rsplit(":", 1)[1])
    answers = [("127.0.0.1", port), ("127.0.0.3", port)]  # the second is still private
    infos = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", a) for a in answers]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: infos)
    with pytest.raises(FetchError, match=r"news\.test resolves to 127\.0\.0\.3, which is not"):
        fetch(f"http://news.test:{port}/article")
    assert pages.hits == []


# -- fetching --------------------------------------------------------------------------------


def test_loopback_allowed_with_allow_private(pages):
    got = fetch(pages.url("/article"), allow_private=True)
    assert dataclasses.replace(got, headers=(), reason="") == Fetched(
        pages.url("/article"), 200, "text/html", ARTICLE.encode(), "utf-8")  # fmt: skip
    assert got.header("Content-Type") == "text/html; charset=utf-8" and got.reason == "OK"
    with pytest.raises(dataclasses.FrozenInstanceError):
        got.status = 500  # type: ignore[misc]


def test_json_and_charset_header(pages):
    got = fetch(pages.url("/article.json"), allow_private=True)
    assert (got.content_type, got.charset) == ("application/json", None)
    assert json.loads(got.body) == {"text": "Dockers strike."}
    got = fetch(pages.url("/latin1"), allow_private=True)
    assert (got.content_type, got.charset) == ("text/plain", "iso-8859-1")
    assert got.body == "Señor Müller".encode("latin-1")  # bytes as sent; ingest decodes


def test_redirect_followed(pages):
    got = fetch(pages.url("/old"), allow_private=True)
    assert got.url == pages.url("/article")
    assert pages.hits == ["/old", "/article"]


def test_public_url_redirecting_to_private_is_refused(pages, monkeypatch):
    also_public(monkeypatch, "127.0.0.1")  # the test server now stands in for a public host
    assert fetch(pages.url("/article")).status == 200  # so the first hop is allowed...
    target = pages.url("/article").replace("127.0.0.1", "127.0.0.2")
    pages.add("/to-private", status=302, headers={"Location": target})
    with pytest.raises(FetchError) as err:
        fetch(pages.url("/to-private"))
    assert str(err.value) == (
        f"Refused to fetch {pages.url('/to-private')}: it redirected to {target}, "
        "and 127.0.0.2 is not a public address."
    )
    assert pages.hits == ["/article", "/to-private"]  # ...and the redirect target never is


def test_redirect_limit(pages):
    with pytest.raises(FetchError, match="redirected more than 5 times"):
        fetch(pages.url("/loop"), allow_private=True)
    assert pages.hits == ["/loop"] * 6


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/to-file", "it redirected to file:///etc/passwd, which is not an http or https URL"),
        ("/no-location", "HTTP 302 redirect without a Location header"),
    ],
)
def test_bad_redirects(pages, path, reason):
    with pytest.raises(FetchError, match=reason):
        fetch(pages.url(path), allow_private=True)


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/a.txt", "file:///etc/passwd", "javascript:alert(1)", "example.com/a"],
)
def test_non_http_schemes_refused(url):
    with pytest.raises(FetchError, match="only http and https URLs are allowed") as err:
        fetch(url)
    assert str(err.value).startswith(f"Could not fetch {url}: ")


@pytest.mark.parametrize("url", ["http:///path", "http://127.0.0.1:port/"])
def test_malformed_urls(url):
    with pytest.raises(FetchError, match=r"the URL has no host|invalid URL"):
        fetch(url, allow_private=True)


def test_404(pages):
    url = pages.url("/missing")
    with pytest.raises(FetchError) as err:
        fetch(url, allow_private=True)
    assert str(err.value) == f"Could not fetch {url}: the server answered HTTP 404 Not Found."


def test_404_after_redirect_names_both_urls(pages):
    pages.add("/moved", status=301, headers={"Location": "/nowhere"})
    with pytest.raises(FetchError) as err:
        fetch(pages.url("/moved"), allow_private=True)
    assert str(err.value) == (
        f"Could not fetch {pages.url('/moved')} (redirected to {pages.url('/nowhere')}): "
        "the server answered HTTP 404 Not Found."
    )


# -- limits ----------------------------------------------------------------------------------


def test_content_length_over_limit_refused(pages):
    with pytest.raises(FetchError, match="larger than the limit of 1,000 bytes"):
        fetch(pages.url("/big"), allow_private=True, max_bytes=1000)
    assert len(fetch(pages.url("/big"), allow_private=True, max_bytes=200_000).body) == 200_000


def test_streamed_body_over_limit_refused(pages):
    pages.route("/stream", stream_without_length)
    assert len(fetch(pages.url("/stream"), allow_private=True).body) == 200_000
    with pytest.raises(FetchError, match="larger than the limit of 50,000 bytes"):
        fetch(pages.url("/stream"), allow_private=True, max_bytes=50_000)


def test_gzip_body_decoded_and_bounded(pages):
    packed = gzip.compress(b"y" * 100_000)
    pages.add("/gz", packed, content_type="text/plain", headers={"Content-Encoding": "gzip"})
    assert fetch(pages.url("/gz"), allow_private=True).body == b"y" * 100_000
    with pytest.raises(FetchError, match="larger than the limit"):
        fetch(pages.url("/gz"), allow_private=True, max_bytes=10_000)  # a zip bomb, in small


@pytest.mark.parametrize("handler", [slow_headers, drip])
def test_timeout_covers_connect_and_reads(pages, handler):
    pages.route("/slow", handler)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 0\.5 seconds\.$"):
        fetch(pages.url("/slow"), allow_private=True, timeout=0.5)
    assert time.monotonic() - started < 1.5


# -- connection failures ---------------------------------------------------------------------


def test_connection_refused():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    with pytest.raises(FetchError) as err:
        fetch(url, allow_private=True)
    assert str(err.value) == f"Could not fetch {url}: connection refused."


def test_unresolvable_host(monkeypatch):
    def fail(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    with pytest.raises(FetchError) as err:
        fetch("https://news.invalid/story")
    assert str(err.value) == (
        "Could not fetch https://news.invalid/story: its host name could not be resolved."
    )


def test_conditional_get_gives_304_and_errors_carry_status(tmp_path):
    """``unspin watch``'s conditional GET: a matching If-None-Match is a 304 with no body; an
    HTTP error carries its status and Retry-After; a header with a line break is refused."""
    from .watchsite import Site

    site = Site()
    try:
        site.article("/a", "T", "Some text of the page.")
        first = fetch(site.url("/a"), allow_private=True)
        tag = first.header("etag")
        again = fetch(site.url("/a"), allow_private=True, headers={"If-None-Match": tag})
        assert (again.status, again.body, again.header("etag")) == (304, b"", tag)
        site.pages["/busy"] = (b"", "text/plain", {"status": "503", "Retry-After": "120"})
        with pytest.raises(FetchError) as caught:
            fetch(site.url("/busy"), allow_private=True)
        assert (caught.value.status, caught.value.retry_after) == (503, "120")
        with pytest.raises(FetchError, match="line break"):
            fetch(site.url("/a"), allow_private=True, headers={"If-None-Match": 'x"\r\nX-Evil: 1'})
    finally:
        site.close()
