"""The application object of ``unspin serve``: settings, the store readers, errors, limits.

One :class:`Settings` per server. Pages and the API read the store through read-only SQLite
connections, one per worker thread (SQLite refuses any write on them); the only write is a
compare the user asks to save, through a short-lived writer of its own.

Errors are translated in one place: an :class:`~unspin.errors.UnspinError` (or a bad request
field) becomes status 400, 404 (:class:`~unspin.errors.NotFound`) or 413 (too large), rendered as
``{"error": {"status": ..., "message": ...}}`` under ``/api/`` and as an error page elsewhere.
Every response carries a Content-Security-Policy that allows only this site's own stylesheet and
script, so article text that slipped through escaping still could not run.
"""

from __future__ import annotations

import logging
import queue
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException

from unspin.errors import InputError, NotFound, UnspinError
from unspin.store import Store

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "serve"
CSP = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
NAV = (("stories", "/", "Stories"), ("compare", "/compare", "Compare two texts"),
       ("watch", "/watch", "Watch"))
LOG = logging.getLogger("unspin.web")
MAX_BODY = 2_000_000
LOOPBACK = ("127.0.0.1", "localhost", "::1")  # bytes of a request body (pasted or uploaded texts)


@dataclass(frozen=True)
class Settings:
    db: str
    allow_fetch: bool = False  # compare may fetch two URLs
    allow_private: bool = False  # ... including private and loopback addresses
    max_body: int = MAX_BODY
    hosts: tuple[str, ...] = LOOPBACK  # Host headers answered; () answers any


class TooLarge(InputError):
    """A request body over the limit."""


class Forbidden(InputError):
    """A request from another site (a form on a foreign page posting here)."""


class Readers:
    """A pool of read-only :class:`Store` connections: a request borrows one and gives it back,
    so the number open stays at the number of requests running at once (at most ``keep`` are
    kept between requests)."""

    def __init__(self, db: str, keep: int = 8) -> None:
        self.db = db
        self.keep = keep
        self.idle: queue.LifoQueue[Store] = queue.LifoQueue()

    @contextmanager
    def reader(self) -> Iterator[Store]:
        try:
            store = self.idle.get_nowait()
        except queue.Empty:
            store = Store.open(self.db, readonly=True)
        try:
            yield store
        finally:
            if self.idle.qsize() < self.keep:
                self.idle.put(store)
            else:
                store.close()

    def close(self) -> None:
        while True:
            try:
                self.idle.get_nowait().close()
            except queue.Empty:
                return

    @contextmanager
    def writer(self) -> Iterator[Store]:
        with Store.open(self.db, create=False) as store:
            yield store


def status_of(exc: Exception) -> int:
    if isinstance(exc, TooLarge):
        return 413
    if isinstance(exc, Forbidden):
        return 403
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, InputError | RequestValidationError):
        return 400
    if isinstance(exc, StarletteHTTPException):
        return exc.status_code
    return 500


def message_of(exc: Exception) -> str:
    if isinstance(exc, RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()) if x not in ("query", "body", "path"))
        return f"Bad request field {where or '?'}: {first.get('msg', 'invalid value')}."
    if isinstance(exc, StarletteHTTPException):
        return str(exc.detail)
    if isinstance(exc, UnspinError):
        return str(exc)
    return "The server could not answer this request."


def error_response(path: str, exc: Exception, templates: jinja2.Environment | None) -> Response:
    status, message = status_of(exc), message_of(exc)
    if path.startswith("/api/") or templates is None:
        response: Response = JSONResponse(
            {"error": {"status": status, "message": message}}, status_code=status
        )
    else:
        page = templates.get_template("error.html")
        html = page.render(status=status, message=message, nav=None, links=NAV)
        response = HTMLResponse(html, status_code=status)
    _secure(response.headers)
    if status == 413:
        response.headers["Connection"] = "close"  # the rest of the body is not read
    return response


def _secure(headers: MutableHeaders) -> None:
    headers["Content-Security-Policy"] = CSP
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"  # the pages' own form posts carry Origin


def _same_site(request: Request, settings: Settings) -> None:
    """Refuse a Host header this server was not started for (DNS rebinding: a foreign name
    pointing at 127.0.0.1), or none, and a POST that a browser says comes from another site
    (its Origin, else its Sec-Fetch-Site). A POST with neither is not from a browser's page
    (curl, a script), so no other site's cookies or forms are involved: it is answered."""
    host = request.headers.get("host", "").strip().lower()
    if settings.hosts and _hostname(host) not in settings.hosts:  # no Host at all is refused too
        shown = repr(host) if host else "a request without a Host header"
        raise Forbidden(f"This server answers to {', '.join(settings.hosts)}, not {shown}.")
    if request.method != "POST":
        return
    origin = request.headers.get("origin")
    if origin is not None and origin.lower().split("://", 1)[-1] != host:  # scheme may differ
        raise Forbidden(f"A form on another site ({origin}) cannot post to this server.")
    if request.headers.get("sec-fetch-site", "").lower() == "cross-site":  # no Origin sent
        raise Forbidden("A form on another site cannot post to this server.")


def _hostname(host: str) -> str:
    """``host`` of a Host header without its port: ``[::1]:80`` -> ``::1``."""
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def delay(minutes: int) -> str:
    """``135`` -> ``2 h 15 min``; negative (published before its source) as ``-5 min``."""
    sign, m = ("-" if minutes < 0 else ""), abs(minutes)
    days, hours, mins = m // 1440, m % 1440 // 60, m % 60
    parts = [f"{days} d" if days else "", f"{hours} h" if hours else "", f"{mins} min"]
    text = " ".join(p for p in parts if p) if days or hours else f"{mins} min"
    return sign + (text.removesuffix(" 0 min") if days or hours else text)


def create_app(settings: Settings) -> FastAPI:
    """The server's application: pages, ``/api/``, ``/static/``, error handling, limits."""
    Store.open(settings.db, readonly=True).close()  # exists, and has this schema
    from . import api, pages

    app = FastAPI(
        title="unspin",
        summary="Stories, derivations and typed fact changes of rewritten news.",
        version="1",
        docs_url=None,  # Swagger UI would load its script from a CDN
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.readers = Readers(settings.db)
    templates = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    templates.filters["delay"] = delay
    app.state.templates = templates

    @app.exception_handler(Exception)  # anything unexpected: the same shape, status 500
    @app.exception_handler(UnspinError)
    @app.exception_handler(RequestValidationError)
    @app.exception_handler(StarletteHTTPException)
    async def _errors(request: Request, exc: Exception) -> Response:
        if isinstance(exc, StarletteHTTPException) and exc.status_code == 413:
            exc = TooLarge(f"The request body is over the limit of {settings.max_body:,} bytes.")
        if status_of(exc) == 500:  # a bug: the client gets one line, the operator the traceback
            LOG.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return error_response(request.url.path, exc, templates)

    @app.middleware("http")
    async def _headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            _same_site(request, settings)
            length = request.headers.get("content-length", "")
            if length.isdigit() and int(length) > settings.max_body:  # said up front: refuse now
                raise TooLarge(
                    f"The request body is over the limit of {settings.max_body:,} bytes."
                )
            response = await call_next(request)
        except (Forbidden, TooLarge) as exc:
            response = error_response(request.url.path, exc, templates)
        _secure(response.headers)
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - start) * 1000:.1f}"
        return response

    @app.on_event("shutdown")
    def _close() -> None:
        app.state.readers.close()

    # Bodies: one said to be too long is refused by ``_headers`` before it is read; one that
    # does not say (chunked) is cut off by FastAPI's limit on the routes (413 either way).
    app.include_router(api.router, max_body_size=settings.max_body)
    app.include_router(pages.router, max_body_size=settings.max_body)
    return app
