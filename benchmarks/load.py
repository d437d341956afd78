"""Load on ``unspin serve`` with and without an ingest writing to the same store (issue 23).

The store is a copy of ``benchmarks.serve``'s AllSides store (``~/.cache/unspin-bench/
allsides.db``, built once if absent; or ``--db``). Each phase starts ``unspin serve`` on a fresh
copy as its own process on 127.0.0.1, then runs ``--clients`` concurrent clients (asyncio and
httpx, each with its own keep-alive connection, in this process) for ``--seconds``. A client
loops over a fixed shuffled list of requests: the stories page (default, recent, a search, a
kind filter, a deep page), 300 story pages, 300 pair views, 300 article pages, the compare
form, the JSON API's stories, story, article and pair, and one short ``POST /api/compare`` in
every 50 requests. Every response must be 200; anything else, or a connection error, is an
error.

In the ``ingest`` phase an ``unspin run`` (ingest, cluster, provenance with compare) writes
new articles into the served store the whole time: AllSides articles under new ids with one
sentence added (so they are new articles that join existing stories as copies), 400 a run,
started again whenever one finishes. Before the clock starts, each phase's server gets one
request of each kind, one after another (its models load on the first compare). Every story the API returns is checked for half-written
state: an article whose ``derived_from`` is not in the same story, or a copy or rewrite with no
source. After the phase the store passes ``PRAGMA integrity_check``.

Reported per phase: requests per second, p50/p95/p99 latency (client side, connection included),
errors, the p95 of each kind of request, half-written stories seen, and articles the ingest
added during the phase; then the ingest phase's p95 and requests per second against the quiet
phase's (same session, same machine).

    python -m benchmarks.load [--db FILE] [--clients 16] [--seconds 60] [--json [OUT]]

Target: 16 clients for 60 s with the ingest running: zero errors, p95 under 500 ms.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from .common import bench_file, machine_line, main_guard, parser, percentile, table, write_json
from .serve import CACHE, build

NAME = "load"
TARGET_P95_MS = 500.0
SHORT_SOURCE = (
    "The union agreed to postpone the walkout on Monday, said labour minister Ellen Harrow."
)
SHORT_REWRITE = "The union agreed to end the walkout on Monday, said labour minister Ellen Harrod."


def requests_for(db: Path, seed: int = 7) -> list[tuple[str, str, str]]:
    """(kind, method, path) of the mix, shuffled with a fixed seed."""
    rng = random.Random(seed)
    with sqlite3.connect(db) as conn:
        stories = [r[0] for r in conn.execute("SELECT DISTINCT story FROM members")]
        pairs = conn.execute("SELECT source, rewrite FROM comparisons").fetchall()
        articles = [r[0] for r in conn.execute("SELECT id FROM articles")]  # ext ids are URLs here
        outlet = conn.execute(
            "SELECT outlet FROM articles GROUP BY outlet ORDER BY COUNT(*) DESC LIMIT 1"
        ).fetchone()[0]
    pick = lambda xs, n: rng.sample(xs, min(n, len(xs)))  # noqa: E731
    out = [
        ("stories page", "GET", "/"),
        ("stories page", "GET", "/?sort=recent"),
        ("stories page", "GET", "/?text=immigration"),
        ("stories page", "GET", "/?kind=number"),
        ("stories page", "GET", "/?" + urlencode({"outlet": outlet, "since": "2018-01-01"})),
        ("stories page", "GET", "/?page=200"),
        ("compare form", "GET", "/compare"),
        ("api stories", "GET", "/api/stories"),
        ("api stories", "GET", "/api/stories?sort=recent&page=3"),
    ]
    out += [("story page", "GET", f"/stories/{s}") for s in pick(stories, 300)]
    out += [("api story", "GET", f"/api/stories/{s}") for s in pick(stories, 300)]
    out += [("pair page", "GET", f"/pairs/{s}/{r}") for s, r in pick(pairs, 300)]
    out += [("api pair", "GET", f"/api/pairs/{s}/{r}") for s, r in pick(pairs, 100)]
    out += [("article page", "GET", f"/articles/{a}") for a in pick(articles, 300)]
    out += [("api article", "GET", f"/api/articles/{a}") for a in pick(articles, 100)]
    rng.shuffle(out)
    return out


def extra_articles(path: Path, count: int, offset: int) -> int:
    """``count`` AllSides articles from ``offset`` on, under new ids with one sentence added."""
    src = bench_file("allsides/articles.jsonl.gz")
    written = 0
    with gzip.open(src, "rt", encoding="utf-8") as f, path.open("w", encoding="utf-8") as out:
        for k, line in enumerate(f):
            if k < offset:
                continue
            if written == count:
                break
            row = json.loads(line)
            row["id"] = f"load-{offset}-{row.get('id', k)}"
            row["url"] = None
            row["text"] = row["text"] + "\n\nThis article was republished from another site."
            out.write(json.dumps(row) + "\n")
            written += 1
    return written


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "unspin.cli", "serve", "--db", str(db), "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            if proc.poll() is not None:
                why = proc.stderr.read().decode()[-2000:]
                raise RuntimeError(f"unspin serve exited: {why}") from None
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("unspin serve did not start in 120 s")


async def warm(port: int, mix: list) -> None:
    """One request of each kind, one after another, before the clock starts: the models load
    on a server's first compare, and a user meets a server that has been up a while."""
    import httpx

    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=120) as http:
        for path in dict((kind, path) for kind, method, path in mix if method == "GET").values():
            await http.get(path)
        await http.post("/api/compare", json={"source": SHORT_SOURCE, "rewrite": SHORT_REWRITE})


def half_written(story: dict) -> bool:
    ids = {a["id"] for a in story.get("articles", [])}
    for a in story.get("articles", []):
        if a.get("derived_from") is not None and a["derived_from"] not in ids:
            return True
        if a.get("relation") in ("copy", "rewrite") and a.get("derived_from") is None:
            return True
    return False


async def clients(port: int, mix: list, n: int, seconds: float) -> dict[str, Any]:
    import httpx

    base = f"http://127.0.0.1:{port}"
    records: list[tuple[str, float, int]] = []
    torn = [0]
    end = time.monotonic() + seconds

    async def client(k: int) -> None:
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30.0) as http:
            i = k * len(mix) // n  # each client starts at its own place in the mix
            sent = 0
            while time.monotonic() < end:
                sent += 1
                if sent % 50 == 0:
                    kind, method, path = "api compare", "POST", "/api/compare"
                else:
                    kind, method, path = mix[i % len(mix)]
                    i += 1
                started = time.perf_counter()
                try:
                    if method == "POST":
                        r = await http.post(
                            path, json={"source": SHORT_SOURCE, "rewrite": SHORT_REWRITE}
                        )
                    else:
                        r = await http.get(path)
                    status = r.status_code
                    if status == 200 and kind == "api story" and half_written(r.json()):
                        torn[0] += 1
                except httpx.HTTPError:
                    status = -1
                records.append((kind, (time.perf_counter() - started) * 1000, status))

    began = time.monotonic()
    await asyncio.gather(*(client(k) for k in range(n)))
    wall = time.monotonic() - began
    return summarise(records, wall, torn[0])


def summarise(records: list[tuple[str, float, int]], wall: float, torn: int) -> dict[str, Any]:
    ms = [r[1] for r in records]
    kinds: dict[str, list[float]] = {}
    for kind, t, _ in records:
        kinds.setdefault(kind, []).append(t)
    return dict(
        requests=len(records),
        seconds=round(wall, 1),
        rps=round(len(records) / wall, 1),
        p50_ms=round(percentile(ms, 50), 1),
        p95_ms=round(percentile(ms, 95), 1),
        p99_ms=round(percentile(ms, 99), 1),
        errors=sum(s != 200 for *_, s in records),
        error_statuses=sorted({s for *_, s in records if s != 200}),
        half_written=torn,
        kinds={k: dict(n=len(v), p95_ms=round(percentile(v, 95), 1)) for k, v in kinds.items()},
    )


def phase(base_db: Path, tmp: Path, label: str, args, mix) -> dict[str, Any]:
    db = tmp / f"{label}.db"
    shutil.copy(base_db, db)
    before = _count(db)
    port = free_port()
    server = start_server(db, port)
    writer: subprocess.Popen | None = None
    runs = [0]
    stop = [False]

    def next_run() -> subprocess.Popen:
        extra = tmp / f"extra-{runs[0]}.jsonl"
        extra_articles(extra, 400, 400 * runs[0])
        runs[0] += 1
        cmd = [sys.executable, "-m", "unspin.cli", "run", str(extra), "--db", str(db)]
        return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    async def keep_writing() -> None:
        nonlocal writer
        while not stop[0]:
            if writer is None or writer.poll() is not None:
                writer = next_run()
            await asyncio.sleep(0.5)

    async def both() -> dict[str, Any]:
        await warm(port, mix)
        task = asyncio.create_task(keep_writing()) if label == "ingest" else None
        if task:
            await asyncio.sleep(args.warmup)  # the ingest is under way before the clients start
        try:
            return await clients(port, mix, args.clients, args.seconds)
        finally:
            stop[0] = True
            if task:
                await task

    try:
        result = asyncio.run(both())
    finally:
        if writer is not None and writer.poll() is None:
            writer.send_signal(signal.SIGTERM)
            writer.wait(60)
        server.send_signal(signal.SIGINT)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
    result["ingest_runs"] = runs[0]
    result["articles_added"] = _count(db) - before
    with sqlite3.connect(db) as conn:
        result["integrity"] = conn.execute("PRAGMA integrity_check").fetchone()[0]
    for p in tmp.glob(f"{label}.db*"):
        p.unlink()
    return result


def _count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]


def main() -> None:
    p = parser(NAME, __doc__.splitlines()[0])
    p.add_argument("--db", type=Path, default=None, help=f"the store (default {CACHE})")
    p.add_argument("--clients", type=int, default=16)
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--warmup", type=float, default=10.0, help="seconds of ingest before clients")
    p.add_argument("--phases", nargs="+", default=["quiet", "ingest"])
    args = p.parse_args()
    db = args.db or CACHE
    if not db.exists():
        build(db)
    mix = requests_for(db)
    results: dict[str, Any] = {"articles": _count(db), "clients": args.clients}
    with tempfile.TemporaryDirectory(prefix="unspin-load-", dir=os.environ.get("TMPDIR")) as tmp:
        for label in args.phases:
            results[label] = phase(db, Path(tmp), label, args, mix)
            print(
                f"{label}: {json.dumps({k: v for k, v in results[label].items() if k != 'kinds'})}"
            )
    print(machine_line())
    rows = []
    for label in args.phases:
        r = results[label]
        rows.append((label, r["requests"], r["rps"], r["p50_ms"], r["p95_ms"], r["p99_ms"],
                     r["errors"], r["half_written"], r["articles_added"], r["integrity"]))  # fmt: skip
    print(table(["phase", "requests", "rps", "p50 ms", "p95 ms", "p99 ms", "errors",
                 "half-written", "articles added", "integrity"], rows,
                title=f"{args.clients} clients, {args.seconds:g} s, {results['articles']:,} articles"))  # fmt: skip
    if "quiet" in results and "ingest" in results:
        q, i = results["quiet"], results["ingest"]
        results["p95_ratio"] = round(i["p95_ms"] / q["p95_ms"], 2)
        results["rps_ratio"] = round(i["rps"] / q["rps"], 2)
        print(f"with the ingest: p95 x{results['p95_ratio']}, requests/s x{results['rps_ratio']}")
        kinds = sorted(set(q["kinds"]) | set(i["kinds"]))
        print(table(["kind", "quiet p95 ms", "ingest p95 ms"],
                    [(k, q["kinds"].get(k, {}).get("p95_ms"), i["kinds"].get(k, {}).get("p95_ms"))
                     for k in kinds]))  # fmt: skip
    if args.json:
        write_json(args.json, NAME, args, results)


if __name__ == "__main__":
    main_guard(NAME, main)
