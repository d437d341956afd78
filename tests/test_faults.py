"""I/O faults in the store (issue 23): a full disk and a read-only database are one clear
error each, and leave only whole batches behind.

The full disk is real where this process may mount a small tmpfs (root, as on CI); SQLite's
``max_page_count`` gives the same SQLITE_FULL everywhere else. The read-only database is a
read-only remount of that tmpfs (root ignores file modes), or a file without write permission.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_corpus import _big_jsonl
from unspin import corpus
from unspin.corpus import readers
from unspin.errors import StoreError
from unspin.store import Store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "corpus" / "articles.jsonl"
BATCH = 256  # ingest's transaction size


def _unspin(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "unspin.cli", *args], capture_output=True, text=True, timeout=600
    )


@contextlib.contextmanager
def _tmpfs(path: Path, size: str) -> Iterator[Path]:
    path.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
    )
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {done.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def _sound(db: Path) -> int:
    """Integrity holds, nothing hangs loose, and only whole batches are kept: the articles."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        for table in ("sketches", "sentences", "bands"):
            loose = f"SELECT COUNT(*) FROM {table} WHERE article NOT IN (SELECT id FROM articles)"
            assert conn.execute(loose).fetchone()[0] == 0, table
        assert (
            conn.execute(
                "SELECT COUNT(*) FROM articles WHERE id NOT IN (SELECT article FROM sketches)"
            ).fetchone()[0]
            == 0
        )
        return n
    finally:
        conn.close()


def test_a_full_file_system_stops_ingest_with_one_clear_error(tmp_path):
    src = tmp_path / "big.jsonl"
    _big_jsonl(src, 600)
    with _tmpfs(tmp_path / "small", "3m") as small:
        ran = _unspin("ingest", str(src), "--db", str(small / "c.db"), "--workers", "1")
        assert ran.returncode == 2, ran.stderr
        assert "Traceback" not in ran.stderr
        assert "Error: Writing to the database" in ran.stderr and "full" in ran.stderr
        kept = _sound(small / "c.db")
        assert 0 < kept < 600 and kept % BATCH == 0
        for part in small.iterdir():  # room again: the same files, on a bigger disk
            shutil.copy(part, tmp_path / part.name)
    ran = _unspin("ingest", str(src), "--db", str(tmp_path / "c.db"), "--workers", "1")
    assert ran.returncode == 0, ran.stderr
    assert f"{600 - kept:,} new, {kept:,} already stored" in ran.stderr
    assert _sound(tmp_path / "c.db") == 600


def test_sqlite_full_in_any_writer_is_a_store_error_that_keeps_whole_batches(tmp_path):
    src = tmp_path / "big.jsonl"
    _big_jsonl(src, 700)
    db = tmp_path / "c.db"
    with Store.open(db) as store:
        pages = store.scalar("PRAGMA page_count")
        store.conn.execute(f"PRAGMA max_page_count={pages + 400}")  # this connection only
        with pytest.raises(StoreError, match="full.*rolled back"):
            corpus.ingest(store, readers.read([str(src)]), workers=1)
    kept = _sound(db)
    assert 0 < kept < 700 and kept % BATCH == 0
    with Store.open(db) as store:
        assert corpus.ingest(store, readers.read([str(src)]), workers=1).added == 700 - kept
        store.conn.execute(f"PRAGMA max_page_count={store.scalar('PRAGMA page_count') + 1}")
        with pytest.raises(StoreError, match="full"):
            corpus.cluster(store)
        assert store.scalar("SELECT COUNT(*) FROM members") == 0  # no story half-written
        store.conn.execute("PRAGMA max_page_count=1073741823")
        assert corpus.cluster(store).placed == 700


def _read_only(db: Path, tmp_path: Path) -> contextlib.AbstractContextManager:
    """``db`` made unwritable: a read-only remount as root, else file modes."""

    @contextlib.contextmanager
    def modes() -> Iterator[Path]:
        for part in db.parent.glob(db.name + "*"):
            part.chmod(0o444)
        db.parent.chmod(0o555)
        try:
            yield db
        finally:
            db.parent.chmod(0o755)

    @contextlib.contextmanager
    def remount() -> Iterator[Path]:
        with _tmpfs(tmp_path / "ro", "50m") as ro:
            for part in db.parent.glob(db.name + "*"):
                shutil.copy(part, ro / part.name)
            subprocess.run(["mount", "-o", "remount,ro", str(ro)], check=True)
            yield ro / db.name

    return remount() if os.geteuid() == 0 else modes()


def test_a_read_only_database_reads_and_refuses_writes_clearly(tmp_path):
    db = tmp_path / "c.db"
    with Store.open(db) as store:
        corpus.run(store, readers.read([str(SAMPLE)]))
    want = _unspin("stories", "--db", str(db), "--format", "json").stdout
    with _read_only(db, tmp_path) as ro:
        assert _unspin("ingest", str(SAMPLE), "--db", str(ro)).returncode == 0  # nothing new
        ran = _unspin("ingest", str(ROOT / "samples" / "port-strike"), "--db", str(ro))
        assert ran.returncode == 2 and "Traceback" not in ran.stderr
        assert f"Error: The database {ro} is read-only" in ran.stderr
        ran = _unspin("stories", "--db", str(ro), "--format", "json")
        assert ran.returncode == 0, ran.stderr
        assert ran.stdout == want
