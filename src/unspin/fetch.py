"""A guarded HTTP(S) fetcher: public addresses only, bounded in time, size and redirects.

``fetch(url)`` returns a :class:`Fetched` record or raises :class:`~unspin.errors.FetchError`.
Every host is resolved with ``socket.getaddrinfo`` and *every* address it resolves to must be
public (not private, loopback, link-local, multicast, reserved or unspecified) unless
``allow_private=True``. The check runs inside the connection itself and the socket connects to
the very address that was checked, so a redirect, or a DNS answer that changes between check
and use, cannot reach a private address. No proxy is ever used, for the same reason.

Standard library only (``http.client``).
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import SplitResult, quote, urljoin, urlsplit

from unspin.errors import FetchError

MAX_REDIRECTS = 5
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
CHUNK = 64 * 1024
SAFE = "/%:@!$&'()*+,;=-._~"
ACCEPT = "text/html,application/xhtml+xml,application/json,text/plain;q=0.9,*/*;q=0.5"


@dataclass(frozen=True)
class Fetched:
    """One fetched response: ``url`` is the final URL, after redirects. ``headers`` are the
    response's own (names lower-cased, in order); a 304 Not Modified has an empty body."""

    url: str
    status: int
    content_type: str | None
    body: bytes
    charset: str | None
    headers: tuple[tuple[str, str], ...] = ()
    reason: str = ""

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k == name), None)


class _Failed(Exception):
    """A reason (a sentence fragment) why one request failed; fetch() words the message.
    ``status`` and ``retry_after`` are the server's, when it answered with an error."""

    def __init__(self, reason: str, status: int | None = None, retry_after: str | None = None):
        super().__init__(reason)
        self.status, self.retry_after = status, retry_after


class _Refused(Exception):
    """Raised inside a connection attempt when the host resolves to a non-public address."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(host, address)
        self.host, self.address = host, address


def is_public(address: str) -> bool:
    """True when ``address`` (an IPv4 or IPv6 literal) may be fetched without allow_private."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    blocked = (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )
    return ip.is_global and not blocked


def fetch(
    url: str,
    *,
    allow_private: bool = False,
    timeout: float = 10.0,
    max_bytes: int = 5_000_000,
    user_agent: str = "unspin/0.1",
    headers: Mapping[str, str] | None = None,
) -> Fetched:
    """Fetch ``url`` with GET, following at most five redirects, each one re-checked.

    ``headers`` are sent as well (``If-None-Match``, ``If-Modified-Since``: a 304 answer is
    returned as a :class:`Fetched` with status 304 and no body). A :class:`FetchError` for an
    HTTP error carries ``status`` and ``retry_after``.

    ``timeout`` bounds the whole fetch in seconds: DNS lookups, connects, TLS, the response
    headers and the body, over all redirects.
    ``max_bytes`` bounds the body; it is checked against Content-Length and while reading.
    """
    deadline = time.monotonic() + timeout
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        try:
            result = _get(current, allow_private, deadline, max_bytes, user_agent, headers)
            if isinstance(result, Fetched):
                return result
            current = _next_url(current, result)
        except _Refused as exc:
            raise FetchError(_refusal(url, current, exc)) from None
        except _Failed as exc:
            error = _failure(url, current, str(exc))
            error.status, error.retry_after = exc.status, exc.retry_after
            raise error from None
        except TimeoutError:
            raise _failure(url, current, f"timed out after {timeout:g} seconds") from None
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise _failure(url, current, _describe(exc)) from None
    raise FetchError(f"Could not fetch {url}: it redirected more than {MAX_REDIRECTS} times.")


def _get(
    url: str,
    allow_private: bool,
    deadline: float,
    max_bytes: int,
    user_agent: str,
    extra: Mapping[str, str] | None = None,
) -> Fetched | str:
    """One GET: a Fetched response, or the Location of a redirect."""
    parts = _check_url(url)
    # the port is always given: http.client would read the last group of "::1" as one
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    conn = _connection(parts.scheme, parts.hostname or "", port, _remaining(deadline))
    connector = _Connector(allow_private, deadline)
    conn._create_connection = connector  # http.client's per-connection connect hook
    try:
        sent = _headers(user_agent)
        for name, value in (extra or {}).items():
            if "\r" in value or "\n" in value or "\r" in name or "\n" in name:
                raise _Failed(f"the request header {name!r} holds a line break")
            sent[name] = value
        conn.request("GET", _target(parts), headers=sent)
        response = conn.getresponse()
        got = tuple((k.lower(), v) for k, v in response.getheaders())
        if response.status in REDIRECT_CODES:
            location = response.getheader("Location")
            if not location:
                raise _Failed(f"HTTP {response.status} redirect without a Location header")
            return location
        if response.status == 304:
            return Fetched(url, 304, _media_type(response), b"", None, got, response.reason)
        if response.status >= 300:
            raise _Failed(
                f"the server answered HTTP {response.status} {response.reason}".strip(),
                response.status,
                response.getheader("Retry-After"),
            )
        body = _read_body(response, connector.sock, deadline, max_bytes)
        if connector.expired:  # the watchdog cut the socket: the body may be short
            raise TimeoutError
        return Fetched(
            url=url,
            status=response.status,
            content_type=_media_type(response),
            body=body,
            charset=response.headers.get_content_charset(),
            headers=got,
            reason=response.reason or "",
        )
    except (OSError, http.client.HTTPException):
        if connector.expired:
            raise TimeoutError from None
        raise
    finally:
        connector.disarm()
        conn.close()


def _target(parts: SplitResult) -> str:
    """The request target: path and query, percent-encoded where they are not already."""
    target = quote(parts.path or "/", safe=SAFE)
    return target + "?" + quote(parts.query, safe=SAFE + "?") if parts.query else target


def _headers(user_agent: str) -> dict[str, str]:
    return {
        "User-Agent": user_agent,
        "Accept": ACCEPT,
        "Accept-Encoding": "gzip, deflate",
        "Connection": "close",
    }


def _check_url(url: str) -> SplitResult:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        shown = f"'{parts.scheme}'" if parts.scheme else "no scheme"
        raise _Failed(f"only http and https URLs are allowed, not {shown}")
    if not parts.hostname:
        raise _Failed("the URL has no host")
    parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    return parts


def _connection(scheme: str, host: str, port: int | None, timeout: float):
    if scheme.lower() == "https":
        context = ssl.create_default_context()
        return http.client.HTTPSConnection(host, port, timeout=timeout, context=context)
    return http.client.HTTPConnection(host, port, timeout=timeout)


class _Connector:
    """A drop-in for ``socket.create_connection`` that refuses non-public addresses.

    It connects to the very address it checked, and keeps the socket so reads can be given
    the time left (http.client drops its own reference once a response will close). Once
    connected, a watchdog shuts the socket at the deadline: a socket timeout bounds one read
    only, and a server that drips its status line and headers a byte at a time would
    otherwise hold the fetch far past it.
    """

    def __init__(self, allow_private: bool, deadline: float) -> None:
        self.allow_private = allow_private
        self.deadline = deadline
        self.sock: socket.socket | None = None
        self.expired = False
        self._timer: threading.Timer | None = None

    def __call__(self, address, timeout=None, source_address=None, **_ignored) -> socket.socket:
        host, port = address
        infos = _resolve(host, port, _remaining(self.deadline))
        if not self.allow_private:
            for *_, sockaddr in infos:
                if not is_public(sockaddr[0]):
                    raise _Refused(host, sockaddr[0])
        error: OSError = OSError(f"no address found for {host}")
        for family, kind, proto, _, sockaddr in infos:
            sock = socket.socket(family, kind, proto)
            try:
                sock.settimeout(timeout)
                sock.connect(sockaddr)
            except OSError as exc:
                sock.close()
                error = exc
                continue
            self.sock = sock
            self._arm(sock)
            return sock
        raise error

    def _arm(self, sock: socket.socket) -> None:
        def expire() -> None:
            self.expired = True
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # closed already

        self._timer = threading.Timer(max(self.deadline - time.monotonic(), 0.0), expire)
        self._timer.daemon = True
        self._timer.start()

    def disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


def _resolve(host: str, port: int, timeout: float) -> list:
    """``getaddrinfo``, given at most ``timeout`` seconds (it has no timeout of its own; a
    lookup left running past it ends on its own, in a daemon thread)."""
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    else:  # a literal address: nothing to look up
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    found: dict[str, object] = {}

    def lookup() -> None:
        try:
            found["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            found["error"] = exc

    worker = threading.Thread(target=lookup, daemon=True, name=f"resolve {host}")
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise TimeoutError
    if "error" in found:
        raise found["error"]  # type: ignore[misc]
    return found["infos"]  # type: ignore[return-value]


def _read_body(response, sock, deadline: float, max_bytes: int) -> bytes:
    """Read in chunks, giving each read only the time left and stopping past ``max_bytes``."""
    too_big = _Failed(f"the body is larger than the limit of {max_bytes:,} bytes")
    length = (response.getheader("Content-Length") or "").strip()
    if length.isdigit() and int(length) > max_bytes:
        raise too_big
    decoder = _decoder(response.getheader("Content-Encoding"))
    chunks: list[bytes] = []
    size = 0
    while True:
        if response.isclosed():
            break
        if sock is not None:
            sock.settimeout(_remaining(deadline))
        raw = response.read1(CHUNK)  # at most one socket read, so the deadline holds
        if not raw:
            break
        data = decoder.decompress(raw, max_bytes + 1 - size) if decoder else raw
        chunks.append(data)
        size += len(data)
        if size > max_bytes:
            raise too_big
    if decoder:
        chunks.append(decoder.flush())
        if size + len(chunks[-1]) > max_bytes:
            raise too_big
    return b"".join(chunks)


def _decoder(encoding: str | None):
    encoding = (encoding or "identity").strip().lower()
    if encoding == "identity":
        return None
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj()
    raise _Failed(f"the server sent an unsupported content encoding ({encoding})")


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


def _media_type(response) -> str | None:
    if response.getheader("Content-Type") is None:
        return None
    return response.headers.get_content_type()


def _next_url(current: str, location: str) -> str:
    target = urljoin(current, location.strip())
    if urlsplit(target).scheme.lower() not in ("http", "https"):
        raise _Failed(f"it redirected to {target}, which is not an http or https URL")
    return target


def _refusal(original: str, current: str, exc: _Refused) -> str:
    why = f"{exc.address} is not a public address"
    if exc.host != exc.address:
        why = f"{exc.host} resolves to {exc.address}, which is not a public address"
    if current == original:
        return f"Refused to fetch {original}: {why}."
    return f"Refused to fetch {original}: it redirected to {current}, and {why}."


def _failure(original: str, current: str, reason: str) -> FetchError:
    via = "" if current == original else f" (redirected to {current})"
    return FetchError(f"Could not fetch {original}{via}: {reason}.")


def _describe(exc: BaseException) -> str:
    if isinstance(exc, socket.gaierror):
        return "its host name could not be resolved"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error ({exc.reason or exc})"
    if isinstance(exc, http.client.HTTPException):
        return f"bad HTTP response ({type(exc).__name__})"
    if isinstance(exc, ValueError):
        return f"invalid URL ({exc})"
    return (getattr(exc, "strerror", None) or str(exc) or type(exc).__name__).rstrip(".")
