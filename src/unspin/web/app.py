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

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from unspin.errors import InputError, NotFound, UnspinError
from unspin.store import Store

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "serve"
CSP = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
NAV = (("stories", "/", "Stories"), ("compare", "/compare", "Compare two texts"))
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
    """One read-only :class:`Store` per thread, opened on first use."""

    def __init__(self, db: str) -> None:
        self.db = db
        self.local = threading.local()
        self.opened: list[Store] = []
        self.lock = threading.Lock()

    def get(self) -> Store:
        store = getattr(self.local, "store", None)
        if store is None:
            store = Store.open(self.db, readonly=True)
            self.local.store = store
            with self.lock:
                self.opened.append(store)
        return store

    def close(self) -> None:
        with self.lock:
            for store in self.opened:
                store.close()
            self.opened.clear()

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


class BodyLimit:
    """Refuses a request whose body is over ``limit`` bytes with 413, whether or not it says
    its length up front, before the application reads it."""

    def __init__(self, app: ASGIApp, limit: int, templates: jinja2.Environment) -> None:
        self.app = app
        self.limit = limit
        self.templates = templates

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await self._refuse(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise TooLarge(f"The request body is over the limit of {self.limit:,} bytes.")
            return message

        await self.app(scope, limited, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        exc = TooLarge(f"The request body is over the limit of {self.limit:,} bytes.")
        response = error_response(scope.get("path", ""), exc, self.templates)
        await response(scope, receive, send)


def error_response(path: str, exc: Exception, templates: jinja2.Environment | None) -> Response:
    status, message = status_of(exc), message_of(exc)
    if path.startswith("/api/") or templates is None:
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)
    return HTMLResponse(
        templates.get_template("error.html").render(
            status=status, message=message, nav=None, links=NAV
        ),
        status_code=status,
    )


def _same_site(request: Request, settings: Settings) -> None:
    """Refuse a Host header this server was not started for (DNS rebinding: a foreign name
    pointing at 127.0.0.1) and a POST whose Origin is another site (a foreign page's form)."""
    host = request.headers.get("host", "")
    name = host.rsplit(":", 1)[0].strip("[]") if not host.endswith("]") else host.strip("[]")
    if settings.hosts and name not in settings.hosts:
        raise Forbidden(f"This server answers to {', '.join(settings.hosts)}, not {host!r}.")
    origin = request.headers.get("origin")
    if request.method == "POST" and origin is not None:
        if origin != f"{request.url.scheme}://{host}":
            raise Forbidden(f"A form on another site ({origin}) cannot post to this server.")


def create_app(settings: Settings) -> FastAPI:
    """The server's application: pages, ``/api/``, ``/static/``, error handling, limits."""
    with Store.open(settings.db, create=False):  # brings an older schema up to date, once
        pass
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
    app.state.templates = templates

    @app.exception_handler(UnspinError)
    @app.exception_handler(RequestValidationError)
    @app.exception_handler(StarletteHTTPException)
    async def _errors(request: Request, exc: Exception) -> Response:
        return error_response(request.url.path, exc, templates)

    @app.middleware("http")
    async def _headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            _same_site(request, settings)
            response = await call_next(request)
        except (TooLarge, Forbidden) as exc:
            response = error_response(request.url.path, exc, templates)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"  # own form posts carry Origin
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - start) * 1000:.1f}"
        return response

    @app.on_event("shutdown")
    def _close() -> None:
        app.state.readers.close()

    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_middleware(BodyLimit, limit=settings.max_body, templates=templates)
    return app
