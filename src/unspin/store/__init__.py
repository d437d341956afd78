"""The embedded store: one SQLite file in WAL mode, schema versioned by numbered migrations.

One :class:`Store` is one connection and the only writer; every write happens inside
:meth:`Store.transaction`, so a run killed half-way leaves the database as of the last finished
transaction and the next run takes up from there. Stages never import this module: the corpus
functions in :mod:`unspin.corpus` read records out of the store, call the stages, and write the
results back.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from unspin.errors import StoreError

from .placing import Placing
from .read import Reads
from .schema import MIGRATIONS, VERSION
from .watching import Watching
from .write import Writes

__all__ = ["Store", "VERSION"]


class Store(Reads, Writes, Placing, Watching):
    """An opened unspin database. Use :meth:`open` (also a context manager); its read and
    write methods are in :mod:`unspin.store.read` and :mod:`unspin.store.write`."""

    def __init__(self, conn: sqlite3.Connection, path: str, readonly: bool = False) -> None:
        self.conn = conn
        self.path = path
        self.readonly = readonly

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True, readonly: bool = False) -> Store:
        """Open (and create or migrate) the database at ``path``. ``readonly`` opens an existing
        database of the current schema for reading only (SQLite refuses every write)."""
        path = str(path)
        if (readonly or not create) and not Path(path).exists():
            raise StoreError(f"The database {path} does not exist; make it with `unspin ingest`.")
        if not readonly and Path(path).exists() and not _writable(path):
            readonly = True  # reads work; a write is refused with a clear error
        try:
            if readonly:
                uri = Path(path).resolve().as_uri() + "?mode=ro"
                if not _writable(path) and not Path(path + "-wal").exists():
                    uri += "&immutable=1"  # nobody can change it, and SQLite can't make its -shm
                conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            else:
                conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=10000")
            conn.execute("PRAGMA cache_size=-65536")
            store = cls(conn, path, readonly)
            if readonly:
                store._check_version()
            else:
                store._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path} is not an unspin database SQLite can open: {exc}.") from None
        return store

    def _check_version(self) -> None:
        version = self.version
        if version != VERSION:
            self.conn.close()
            newer = (
                "upgrade unspin to read it"
                if version > VERSION
                else ("bring it up to date with any corpus command, e.g. `unspin cluster --db`")
            )
            raise StoreError(
                f"{self.path} has schema {version}, this unspin reads {VERSION}: {newer}."
            )

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    @property
    def version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        current = self.version
        if current > VERSION:
            raise StoreError(
                f"{self.path} was written by a newer unspin (schema {current}; this one knows "
                f"up to {VERSION}). Upgrade unspin to read it."
            )
        for number in range(current, VERSION):
            with self.transaction():
                for statement in _statements(MIGRATIONS[number]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version={number + 1}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed on success, rolled back on any exception."""
        if self.conn.in_transaction:
            yield self.conn  # nested: the outer transaction commits
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise self._unwritable(exc) or exc from None
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:  # SQLite may have rolled back already (a full disk)
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError) and self._unwritable(exc):
                raise self._unwritable(exc) from None
            raise

    def _unwritable(self, exc: sqlite3.OperationalError) -> StoreError | None:
        """A write SQLite refused (full disk, read-only file, locked too long, I/O), said
        plainly; None for any other error (a bug, shown as one)."""
        text = str(exc)
        if not any(w in text for w in ("full", "readonly", "read-only", "locked", "I/O")):
            return None
        if "readonly" in text or "read-only" in text:
            return StoreError(
                f"The database {self.path} is read-only ({text}); unspin can read it (stories, "
                "show, serve) but not write to it. Make it writable, or copy it, and rerun."
            )
        return StoreError(
            f"Writing to the database {self.path} failed ({text}). The unfinished batch was "
            "rolled back and everything before it is kept; fix the cause (free some space) and "
            "rerun the command: it takes up where it stopped."
        )

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        cur = self.conn.execute(sql, params)
        cur.row_factory = sqlite3.Row
        return cur.fetchall()

    def scalar(self, sql: str, params: tuple | dict = ()) -> object:
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    def get_state(self, key: str, default: str | None = None) -> str | None:
        value = self.scalar("SELECT value FROM state WHERE key = ?", (key,))
        return default if value is None else str(value)

    def set_state(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO state(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )


def _writable(path: str) -> bool:
    """Whether this process may write the file and make its -wal and -shm beside it."""
    return os.access(path, os.W_OK) and os.access(Path(path).resolve().parent, os.W_OK)


def _statements(script: str) -> Iterator[str]:
    """Split a migration script into statements (``executescript`` would commit on its own)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line.split("--", 1)[0].rstrip() + "\n" if "--" in line else line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()
