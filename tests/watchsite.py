"""A real HTTP server on 127.0.0.1 whose feeds and pages change between polls, for the watch
tests: ETag and Last-Modified on every answer, 304 to a matching conditional GET, a log of what
was asked, and a fake clock the watcher is given (no test sleeps through an interval)."""

from __future__ import annotations

import hashlib
import threading
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeClock:
    def __init__(self, start: float = 1_780_000_000.0) -> None:
        self.t = start
        self.lock = threading.Lock()

    def now(self) -> float:
        with self.lock:
            return self.t

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.t += max(seconds, 0.0)

    def advance(self, seconds: float) -> None:
        self.sleep(seconds)


class Site:
    """``site.pages[path] = (body, content_type, extra_headers)``; ``site.log`` holds
    (path, status, If-None-Match) per request."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[bytes, str, dict[str, str]]] = {}
        self.log: list[tuple[str, int, str | None]] = []
        self.robots = b"User-agent: *\nDisallow: /private/\n"
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                site.answer(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def answer(self, request: BaseHTTPRequestHandler) -> None:
        path = request.path
        asked = request.headers.get("If-None-Match")
        if path == "/robots.txt":
            body, kind, extra = self.robots, "text/plain", {}
        elif path not in self.pages:
            self._send(request, 404, b"not here", "text/plain", {}, path, asked)
            return
        else:
            body, kind, extra = self.pages[path]
        status = int(extra.get("status", 200))
        extra = {k: v for k, v in extra.items() if k != "status"}
        tag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if status == 200 and asked == tag:
            self._send(request, 304, b"", None, {"ETag": tag, **extra}, path, asked)
            return
        headers = {"ETag": tag, "Last-Modified": formatdate(usegmt=True), **extra}
        self._send(request, status, body, kind, headers, path, asked)

    def _send(self, request, status, body, kind, headers, path, asked) -> None:
        self.log.append((path, status, asked))
        request.send_response(status)
        if kind:
            request.send_header("Content-Type", kind)
        for name, value in headers.items():
            request.send_header(name, value)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- content ----------------------------------------------------------------------------

    def feed(self, path: str, title: str, links: list[str], ttl: int | None = None) -> None:
        items = "".join(
            f"<item><title>Story {k}</title><link>{escape(self.url(p))}</link>"
            f"<guid>{escape(self.url(p))}</guid></item>"
            for k, p in enumerate(links)
        )
        extra = f"<ttl>{ttl}</ttl>" if ttl else ""
        body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{escape(title)}</title>'
                f"<link>{self.base}/</link><description>d</description>{extra}{items}"
                "</channel></rss>")  # fmt: skip
        self.pages[path] = (body.encode(), "application/rss+xml", {})

    def article(self, path: str, title: str, text: str, extra: str = "") -> None:
        paras = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n") if p.strip())
        body = (f"<!doctype html><html><head><title>{escape(title)}</title></head><body>"
                f"<article><h1>{escape(title)}</h1>{paras}</article>{extra}</body></html>")  # fmt: skip
        self.pages[path] = (body.encode(), "text/html; charset=utf-8", {})
