"""``unspin serve`` against slow, oversized and malformed clients, and while a run writes to its
store (issue 23). A real uvicorn server on 127.0.0.1, set up as ``unspin serve`` sets it up;
``benchmarks/load.py`` measures the same under 16 clients on the AllSides store.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest
from benchmarks.load import half_written

from tests import crash

from .web_fixtures import build, start_server


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    db = build(tmp_path_factory.mktemp("load") / "web.db")
    srv, thread, port = start_server(db)
    yield port, db
    srv.should_exit = True
    thread.join(10)


def _raw(port: int, data: bytes, timeout: float = 10.0) -> bytes:
    """Send bytes as they are; what comes back before the server closes (or the timeout)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused before it had all of it: fine
        out = b""
        try:
            while chunk := s.recv(65536):
                out += chunk
                if b"\r\n\r\n" in out and b"Connection: close" not in out and len(out) > 12:
                    break
        except (TimeoutError, ConnectionResetError):
            pass
        return out


def _healthy(port: int) -> None:
    r = httpx.get(f"http://127.0.0.1:{port}/api/stories", timeout=10)
    assert r.status_code == 200


def test_slow_clients_hold_up_nobody(served):
    port, _ = served
    stop = threading.Event()
    slow = []
    for _ in range(40):  # each sends its request line, then one byte of a header a second
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        slow.append(s)

    def drip() -> None:
        while not stop.wait(0.5):
            for s in slow:
                try:
                    s.sendall(b"X")
                except OSError:
                    pass

    dripper = threading.Thread(target=drip, daemon=True)
    dripper.start()
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
            for path in ("/", "/api/stories", "/compare") * 4:
                started = time.monotonic()
                assert http.get(path).status_code == 200, path
                assert time.monotonic() - started < 5, path  # answered, not queued behind them
    finally:
        stop.set()
        for s in slow:
            s.close()


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 200_000 + b"\r\n\r\n",
        b"GET /" + b"a" * 200_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        b"\x00\xff\xfe NOT HTTP AT ALL\r\n\r\n",
        b"POST /api/compare HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n",
        b"POST /api/compare HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header Name: x\r\n\r\n",
    ],
    ids=["huge-header", "huge-path", "garbage", "bad-length", "smuggling",
         "two-hosts", "bad-header-name"],
)  # fmt: skip
def test_malformed_requests_get_an_error_and_the_server_goes_on(served, request_bytes):
    port, _ = served
    answer = _raw(port, request_bytes)
    status = answer.split(b"\r\n", 1)[0]
    assert not status.startswith(b"HTTP/1.1 2"), status  # an error, or the connection closed
    if status:
        assert status.split()[1][:1] == b"4", status
    _healthy(port)


def test_a_huge_declared_body_is_refused_before_it_is_read(served):
    port, _ = served
    started = time.monotonic()
    answer = _raw(
        port,
        b"POST /api/compare HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: 1000000000000\r\n\r\n{",
    )
    assert answer.startswith(b"HTTP/1.1 413"), answer[:80]
    assert time.monotonic() - started < 5
    _healthy(port)


def test_readers_never_see_a_half_written_story_while_a_run_writes(tmp_path, served):
    _, built = served
    db = tmp_path / "live.db"
    shutil.copy(built, db)
    srv, thread, port = start_server(db)
    more = crash.corpus(tmp_path / "more.jsonl", months=1)
    log = (tmp_path / "run.log").open("w")
    writer = subprocess.Popen(
        [sys.executable, "-m", "unspin.cli", "run", str(more), "--db", str(db)],
        stdout=subprocess.DEVNULL, stderr=log,
    )  # fmt: skip
    seen = {"requests": 0, "errors": [], "torn": 0, "stories": set()}

    async def reader() -> None:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            while writer.poll() is None:
                listing = await http.get("/api/stories?sort=recent")
                seen["requests"] += 1
                if listing.status_code != 200:
                    seen["errors"].append(listing.status_code)
                    continue
                for row in listing.json()["stories"][:5]:
                    r = await http.get(f"/api/stories/{row['story']}")
                    seen["requests"] += 1
                    if r.status_code != 200:
                        seen["errors"].append(r.status_code)
                    elif half_written(r.json()):
                        seen["torn"] += 1
                    seen["stories"].add(row["story"])

    async def readers() -> None:
        await asyncio.gather(*(reader() for _ in range(4)))

    try:
        asyncio.run(readers())
        assert writer.wait(600) in (0, 1), (tmp_path / "run.log").read_text()[-2000:]
    finally:
        srv.should_exit = True
        thread.join(10)
    assert seen["requests"] > 20 and seen["errors"] == [] and seen["torn"] == 0, seen
    assert len(seen["stories"]) > 2  # the new stories were read as they came
    assert crash.integrity(db) == "ok"
