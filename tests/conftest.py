"""Shared fixtures. ``site``: a real HTTP server on 127.0.0.1, so no test touches the network."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest


class Site:
    """Routes of a local test server: ``add`` a canned page, or ``route`` a handler function."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}
        self.hits: list[str] = []

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, handler: Callable[[BaseHTTPRequestHandler], None]) -> str:
        self.routes[path] = handler
        return self.url(path)

    def add(
        self,
        path: str,
        body: bytes | str = b"",
        *,
        status: int = 200,
        content_type: str | None = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body

        def send(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(status)
            if content_type:
                handler.send_header("Content-Type", content_type)
            for key, value in {"Content-Length": str(len(data)), **(headers or {})}.items():
                handler.send_header(key, value)
            handler.end_headers()
            handler.wfile.write(data)

        return self.route(path, send)


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        site: Site = self.server.site  # type: ignore[attr-defined]
        path = urlsplit(self.path).path
        site.hits.append(path)
        handler = site.routes.get(path)
        try:
            if handler is None:
                self.send_error(404)
            else:
                handler(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout or size test): expected

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # keep test output quiet; tests assert on the client side


@pytest.fixture
def site() -> Iterator[Site]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.site = Site(f"http://127.0.0.1:{server.server_address[1]}")  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server.site  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# The slowest tests, by their last measured durations: handed out first, so that with one
# pytest worker per core (`make test` runs pytest-xdist) no worker is left with a long test at
# the end while the others sit idle. Order only; every test still runs.
SLOW_FIRST = (
    "test_gate.py::test_quality_at_or_above_floors[spin]",
    "test_gate.py::test_quality_at_or_above_floors[bump]",
    "test_spark.py::test_spark_local_mode_and_the_local_engine_give_identical_results",
    "test_gate.py::test_quality_at_or_above_floors[spin_alt]",
    "test_gate.py::test_quality_at_or_above_floors[summedits]",
    "test_gate.py::test_quality_at_or_above_floors[provenance]",
    "test_gate.py::test_quality_at_or_above_floors[polytope]",
    "test_gate.py::test_quality_at_or_above_floors[xsumfaith]",
    "test_gate.py::test_quality_at_or_above_floors[qags]",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: k for k, name in enumerate(SLOW_FIRST)}
    last = len(SLOW_FIRST)
    items.sort(key=lambda item: rank.get(item.nodeid.split("/")[-1], last))  # stable otherwise
