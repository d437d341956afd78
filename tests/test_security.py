"""The rules of docs/security.md, each with a test that fails without it.

The fetcher's rules run against real servers on 127.0.0.1 (and ::1 where this machine has it);
the web UI's through the application itself. Rules tested elsewhere are named in the doc.
"""

from __future__ import annotations

import socket
import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler

import pytest
from fastapi.testclient import TestClient

from unspin.errors import FetchError
from unspin.fetch import fetch
from unspin.web import Settings, create_app

from .conftest import _Handler, _Server
from .test_serve import BASE, REWRITE, SOURCE
from .web_fixtures import build

# -- the fetcher: which addresses ------------------------------------------------------------


@pytest.mark.parametrize(
    "host",
    ["2130706433", "0177.0.0.1", "0x7f.0.0.1", "0x7f000001", "127.1", "017700000001",
     "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[0:0:0:0:0:ffff:127.0.0.1]", "localhost"],
)  # fmt: skip
def test_other_spellings_of_loopback_are_refused(site, host):
    site.add("/secret", "internal")
    port = site.base.rsplit(":", 1)[1]
    with pytest.raises(FetchError, match="Refused to fetch|could not be resolved"):
        fetch(f"http://{host}:{port}/secret")
    assert site.hits == []  # the request never reached the server


def test_a_redirect_to_loopback_is_refused_at_that_hop(site, monkeypatch):
    """A public-looking first hop (a name that resolves to a public address, served here by
    this server) that redirects to 127.0.0.1."""
    site.add("/secret", "internal")
    port = int(site.base.rsplit(":", 1)[1])
    site.add("/go", status=302, headers={"Location": f"http://127.0.0.1:{port}/secret"})
    real = socket.getaddrinfo

    def public_name(host, *a, **k):  # news.example "is" 93.184.216.34, which connects here
        if host == "news.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]
        return real(host, *a, **k)

    monkeypatch.setattr(socket, "getaddrinfo", public_name)
    connect = socket.socket.connect
    monkeypatch.setattr(
        socket.socket, "connect",
        lambda self, addr: connect(self, ("127.0.0.1", port) if addr[0] == "93.184.216.34" else addr),
    )  # fmt: skip
    with pytest.raises(FetchError, match=r"redirected to http://127\.0\.0\.1:\d+/secret"):
        fetch("http://news.example/go")
    assert site.hits == ["/go"]


def _ipv6_server():
    try:
        server = _Server.__new__(_Server)
        server.address_family = socket.AF_INET6
        _Server.__init__(server, ("::1", 0), _Handler)
    except OSError as exc:
        pytest.skip(f"no IPv6 loopback here: {exc}")
    return server


def test_ipv6_literal_urls_are_fetched_when_allowed_and_refused_otherwise():
    from .conftest import Site

    server = _ipv6_server()
    server.site = Site(f"http://[::1]:{server.server_address[1]}")
    server.site.add("/a", "<p>IPv6 page.</p>")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        got = fetch(server.site.url("/a"), allow_private=True)
        assert got.status == 200 and b"IPv6 page" in got.body
        with pytest.raises(FetchError, match=r"::1 is not a public address"):
            fetch(server.site.url("/a"))
        assert server.site.hits == ["/a"]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# -- the fetcher: time -----------------------------------------------------------------------


def _drip_headers(handler: BaseHTTPRequestHandler) -> None:
    """Every header line comes well within a per-read timeout; all of them do not."""
    handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
    for k in range(20):
        handler.wfile.write(f"X-Slow-{k}: {k}\r\n".encode())
        handler.wfile.flush()
        time.sleep(0.2)
    handler.wfile.write(b"Content-Length: 2\r\n\r\nok")


def test_the_deadline_covers_headers_that_drip(site):
    site.route("/drip", _drip_headers)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 0\.5 seconds"):
        fetch(site.url("/drip"), allow_private=True, timeout=0.5)
    assert time.monotonic() - started < 1.5  # not the 4 s the headers take


def test_the_deadline_covers_a_dns_lookup_that_hangs(monkeypatch):
    def hang(*_a, **_k):
        time.sleep(3)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure")

    monkeypatch.setattr(socket, "getaddrinfo", hang)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 0\.5 seconds"):
        fetch("https://slow-dns.example/story", timeout=0.5)
    assert time.monotonic() - started < 1.5


# -- the fetcher: what is sent ---------------------------------------------------------------


def test_a_url_cannot_inject_request_headers(site):
    seen: list[dict[str, str]] = []

    def record(handler: BaseHTTPRequestHandler) -> None:
        seen.append(dict(handler.headers))
        handler.send_response(200)
        handler.send_header("Content-Length", "2")
        handler.end_headers()
        handler.wfile.write(b"ok")

    site.route("/h", record)
    for url in (site.url("/h?q=1\r\nX-Injected: yes"), site.url("/h?q=1%0d%0aX-Injected:%20yes")):
        try:
            fetch(url, allow_private=True)
        except FetchError:
            pass  # refusing the URL is as good
    assert seen and all("X-Injected" not in h for h in seen)
    assert all(h["User-Agent"].startswith("unspin/") for h in seen)


# -- the web UI ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    db = build(tmp_path_factory.mktemp("security") / "web.db")
    with TestClient(create_app(Settings(str(db), max_body=20_000)), base_url=BASE) as client:
        yield client, db


def test_a_request_without_a_host_header_is_refused(web):
    client, _ = web
    for host in ("", " "):
        r = client.get("/api/stories", headers={"Host": host})
        assert r.status_code == 403, host
        assert "without a Host header" in r.json()["error"]["message"]


def test_a_cross_site_post_without_origin_is_refused(web):
    client, _ = web
    r = client.post(
        "/api/compare", json={"source": SOURCE, "rewrite": REWRITE},
        headers={"Sec-Fetch-Site": "cross-site"},
    )  # fmt: skip
    assert r.status_code == 403
    same = client.post(
        "/api/compare", json={"source": SOURCE, "rewrite": REWRITE},
        headers={"Sec-Fetch-Site": "same-origin"},
    )  # fmt: skip
    assert same.status_code == 200


def test_an_uploaded_file_name_is_never_a_path(web, tmp_path):
    client, db = web
    before = sqlite3.connect(db).execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    for name in ("../../../../tmp/unspin-evil.txt", "..\\..\\windows\\evil.txt", "/etc/passwd.txt"):
        files = {
            "source_file": (name, SOURCE.encode(), "text/plain"),
            "rewrite_file": ("r.txt", REWRITE.encode(), "text/plain"),
        }
        r = client.post("/compare", files=files)
        assert r.status_code == 200, r.text
        assert "../" not in r.text and "..\\" not in r.text and "/etc/passwd" not in r.text
        assert "source upload " + name.replace("\\", "/").rsplit("/", 1)[-1] in r.text
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM articles").fetchone()[0] == before


def test_a_request_cannot_inject_response_headers(web):
    client, _ = web
    r = client.get("/stories/x%0d%0aX-Injected:%20yes")
    assert r.status_code == 404
    assert "x-injected" not in {k.lower() for k in r.headers}
    r = client.get("/api/stories?text=%0d%0aSet-Cookie:%20a=b")
    assert "set-cookie" not in {k.lower() for k in r.headers}
