"""Crash tests at counted writes (issue 23): SIGKILL an unspin command just before its Nth write.

The child (``python -m tests.crash AT COUNTS -- ARGS``) runs the CLI with ARGS, or
``save SOURCE REWRITE DB`` for the web UI's "keep this comparison" writer, after installing a
SQLite trace callback on every store it opens. The callback counts the write statements the
store runs (INSERT, UPDATE, DELETE, REPLACE, CREATE, DROP and COMMIT, each row of an
``executemany`` once) and sends the process SIGKILL just before write number AT, so a kill
point is chosen by count, never by timing luck. With AT = 0 nothing is killed and the child
writes the count, and the count at which each stage began, as JSON to COUNTS; :func:`count`
does the same in the calling process.

The parent side (:func:`plan`, :func:`kill`, :func:`snapshot`) is shared by
``tests/test_crash.py`` (a few points in ``make test``) and ``benchmarks/crash.py`` (the sweep).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "corpus" / "articles.jsonl"
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "COMMIT")
STAGES = ("ingest", "cluster", "provenance", "save_comparison")

# What a rerun must reproduce: every table the pipeline writes, in a fixed order. Failures
# are compared as a set (a rerun records a bad line again, as any rerun does).
TABLES = {
    "articles": "SELECT id, seq, ext_id, version, published, day, words FROM articles ORDER BY id",
    "sentences": 'SELECT article, idx, start, "end" FROM sentences ORDER BY 1, 2',
    "members": "SELECT article, thread, story FROM members ORDER BY article",
    "derivations": "SELECT article, story, relation, derived_from, score FROM derivations "
    "ORDER BY article",
    "comparisons": "SELECT source, rewrite, flagged, worst, result FROM comparisons ORDER BY 1, 2",
    "changes": "SELECT source, rewrite, idx, kind, severity, explanation FROM changes "
    "ORDER BY 1, 2, 3",
    "failures": "SELECT DISTINCT origin, reason FROM failures ORDER BY 1, 2",
    "terms": "SELECT term, df FROM terms ORDER BY term",
}


def corpus(path: Path, months: int = 3) -> Path:
    """The sample corpus, then ``months`` more runs of it a month apart each (new ids, times and
    numbers, so they make new stories of the same kinds), and one bad line."""
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    lines = [json.dumps(r) for r in rows]
    for k in range(1, months + 1):
        for r in rows:
            shifted = dict(r, id=f"{r['id']}-m{k}")
            if r.get("published"):
                year, month, rest = r["published"][:4], int(r["published"][5:7]), r["published"][7:]
                shifted["published"] = f"{year}-{(month + k - 1) % 12 + 1:02d}{rest}"
            shifted["text"] = re.sub(r"\d+", lambda m, k=k: str(int(m.group(0)) + k), r["text"])
            shifted["title"] = (r.get("title") or "") + f" ({k})"
            lines.append(json.dumps(shifted))
    lines.insert(5, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_argv(corpus_path: Path, db: Path) -> list[str]:
    """``unspin run`` in one process (one worker), so every write is this process's."""
    return ["run", str(corpus_path), "--db", str(db), "--workers", "1"]


@contextlib.contextmanager
def hooked(at: int = 0) -> Iterator[dict]:
    """Count the write statements of every store opened inside, and the count at which each
    stage began; with ``at`` > 0, SIGKILL this process just before write number ``at``."""
    from unspin import corpus as lib
    from unspin.store import Store

    seen: dict = {"total": 0, "stages": {}}
    opened = Store.open

    def trace(sql: str) -> None:
        if sql.lstrip()[:7].upper().startswith(WRITES):
            seen["total"] += 1
            if seen["total"] == at:
                os.kill(os.getpid(), signal.SIGKILL)

    def open_hooked(*a, **k):
        store = opened(*a, **k)
        store.conn.set_trace_callback(trace)
        return store

    real = {stage: getattr(lib, stage) for stage in STAGES}

    def marked(stage: str):
        def run(*a, **k):
            seen["stages"].setdefault(stage, seen["total"])
            return real[stage](*a, **k)

        return run

    Store.open = open_hooked  # type: ignore[method-assign]
    for stage in STAGES:
        setattr(lib, stage, marked(stage))
    try:
        yield seen
    finally:
        Store.open = opened  # type: ignore[method-assign]
        for stage, fn in real.items():
            setattr(lib, stage, fn)


def perform(args: list[str]) -> None:
    """Run ``unspin ARGS`` (or ``save SOURCE REWRITE DB``) in this process."""
    if args[0] == "save":
        save(*args[1:])
        return
    from unspin.cli import main

    try:
        main(args, prog_name="unspin")
    except SystemExit as exc:
        if exc.code not in (0, 1, None):
            raise


def child(at: int, counts: str, args: list[str]) -> None:
    """The child process: hook the store, mark the stages, run the command."""
    with hooked(at) as seen:
        try:
            perform(args)
        finally:
            if counts:
                Path(counts).write_text(json.dumps(seen), encoding="utf-8")


def save(source: str, rewrite: str, db: str) -> None:
    """What ``serve``'s compare form does when the user keeps the result."""
    from unspin import corpus as lib
    from unspin.compare import compare
    from unspin.inputs import load
    from unspin.store import Store

    result = compare(load(source), load(rewrite))
    with Store.open(db) as store:
        lib.save_comparison(store, result)


def launch(at: int, args: list[str], counts: Path | None = None) -> int:
    """Run the child; its return code (-9 when it was killed)."""
    cmd = [sys.executable, "-m", "tests.crash", str(at), str(counts or ""), "--", *args]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=900
    )
    if proc.returncode not in (0, 1, -signal.SIGKILL):
        raise RuntimeError(f"child failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    return proc.returncode


def count(args: list[str]) -> dict:
    """An uninterrupted run, in this process: how many writes it made, and where each stage
    began. (The child makes the same writes: the same code on the same data.)"""
    with hooked(0) as seen:
        perform(args)
    return seen


def plan(seen: dict, points: int) -> list[int]:
    """``points`` kill points spread evenly over the run's writes (1 is the first write)."""
    total = seen["total"]
    if points >= total:
        return list(range(1, total + 1))
    return sorted({1 + round(k * (total - 1) / (points - 1)) for k in range(points)})


def stage_of(seen: dict, at: int) -> str:
    """The stage that was running at write number ``at``."""
    starts = sorted(seen["stages"].items(), key=lambda kv: kv[1])
    current = starts[0][0] if starts else "open"
    for stage, start in starts:
        if at > start:
            current = stage
    return current


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every table the pipeline writes, as rows (see :data:`TABLES`)."""
    conn = sqlite3.connect(db)
    try:
        return {name: _rows(conn, sql) for name, sql in TABLES.items()}
    finally:
        conn.close()


def _rows(conn: sqlite3.Connection, sql: str) -> list[tuple]:
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.OperationalError as exc:  # killed before the schema was made
        if "no such table" not in str(exc):
            raise
        return []


def differences(got: dict, want: dict) -> list[str]:
    """The tables that differ, each with its row counts."""
    return [f"{t}: {len(got[t])} rows, want {len(want[t])}" for t in want if got[t] != want[t]]


if __name__ == "__main__":
    split = sys.argv.index("--")
    child(int(sys.argv[1]), sys.argv[2], sys.argv[split + 1 :])
