"""The store's methods for ``cluster``: reading sketches and windows, and the temporary tables
placements and splits go through before one transaction writes the stories.

Mixed into :class:`~unspin.store.Store`; ``self.conn``, ``scalar`` and ``transaction`` are the
Store's. Rows are returned raw: decoding a sketch is the sketch stage's business.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

SKETCH_SQL = (
    "SELECT a.id, a.day, s.terms, s.pieces, s.minhash FROM articles a "
    "JOIN sketches s ON s.article = a.id"
)


class Placing:
    """Mixed into :class:`~unspin.store.Store`."""

    @contextmanager
    def working_set(self, cache_mb: int) -> Iterator[None]:
        """A larger page cache and temporary tables in memory for the duration of a run.
        py-spy --native at 1,000,000 synthetic articles: 34% of cluster time in ``pread``
        (pages re-read through a 64 MB cache from a 14 GB store) and 20% in
        ``pwrite``/``ftruncate`` of the temporary tables."""
        conn = self.conn
        cache = conn.execute("PRAGMA cache_size").fetchone()[0]
        temp = conn.execute("PRAGMA temp_store").fetchone()[0]
        conn.execute(f"PRAGMA cache_size={-cache_mb * 1024}")
        conn.execute("PRAGMA temp_store=MEMORY")
        try:
            yield
        finally:
            conn.execute(f"PRAGMA cache_size={int(cache)}")
            conn.execute(f"PRAGMA temp_store={int(temp)}")

    def unplaced(self) -> list[tuple]:
        """(id, day, seq) of the articles in no story yet, dated ones first by day, then by
        arrival."""
        return self.conn.execute(
            "SELECT a.id, a.day, a.seq FROM articles a LEFT JOIN members m ON m.article = a.id "
            "WHERE m.article IS NULL ORDER BY a.day IS NULL, a.day, a.seq"
        ).fetchall()

    def term_counts(self) -> dict[str, int]:
        """The document frequency of every term (and word piece) in the store."""
        return dict(self.conn.execute("SELECT term, df FROM terms"))

    def last_placed_seq(self) -> int:
        return int(
            self.scalar("SELECT COALESCE(MAX(seq), 0) FROM members JOIN articles ON id = article")
            or 0
        )

    def window_rows(self, lo: int, hi: int, recent: int) -> Iterator[tuple]:
        """Placed articles with a day in [lo, hi], or undated, or arrived after ``recent``:
        (id, day, terms, pieces, minhash, thread, seq), by arrival."""
        yield from self.conn.execute(
            "SELECT a.id, a.day, s.terms, s.pieces, s.minhash, m.thread, a.seq FROM articles a "
            "JOIN sketches s ON s.article = a.id JOIN members m ON m.article = a.id "
            "WHERE (a.day BETWEEN ? AND ?) OR a.day IS NULL OR a.seq > ? ORDER BY a.seq",
            (lo, hi, recent),
        )

    def sketch_rows(self, ids: list[str]) -> list[tuple]:
        """(id, day, terms, pieces, minhash) of the given articles."""
        marks = ",".join("?" * len(ids))
        return self.conn.execute(SKETCH_SQL + f" WHERE a.id IN ({marks})", ids).fetchall()

    def pieceless(self) -> list[tuple]:
        """(id, text, title) of articles stored by a version-1 database (no word pieces)."""
        return self.conn.execute(
            "SELECT a.id, a.text, a.title FROM articles a JOIN sketches s ON s.article = a.id "
            "WHERE length(s.pieces) = 0"
        ).fetchall()

    def backfill_pieces(self, updates: list[tuple[bytes, str]], counts: dict[str, int]) -> None:
        """Store (pieces, article) and add the pieces' document frequencies."""
        with self.transaction() as conn:  # one transaction: pieces and counts together
            conn.executemany("UPDATE sketches SET pieces = ? WHERE article = ?", updates)
            self.add_term_counts(counts)

    def band_buckets(self, keys: Iterable[int], cap: int) -> Iterator[tuple[int, str]]:
        """(key, article) of the first ``cap`` articles stored in each LSH band bucket of
        ``keys``, by key. One query looks each key up in the index (SQLite does the loop) and
        stops after ``cap`` rows of a bucket; a ``ROW_NUMBER()`` window read every member first
        (about 30% of cluster time at 100,000 synthetic articles; this is twice as fast)."""
        conn = self.conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS pending_keys (key INTEGER PRIMARY KEY)")
        conn.execute("DELETE FROM pending_keys")
        conn.executemany("INSERT INTO pending_keys VALUES (?)", [(k,) for k in keys])
        yield from conn.execute(
            "SELECT p.key, b.article FROM pending_keys p JOIN bands b ON b.rowid IN "
            "(SELECT rowid FROM bands WHERE key = p.key ORDER BY rowid LIMIT ?) ORDER BY p.key",
            (cap,),
        )
        conn.execute("DELETE FROM pending_keys")

    def start_placing(self) -> None:
        """An empty temporary table of this run's placements (article, thread)."""
        self.conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS placed (article TEXT PRIMARY KEY, thread TEXT)"
        )
        # a thread's new members are read per thread: without this index, a scan of all
        # placed articles per thread (py-spy: 35% of cluster time at 100,000 articles)
        self.conn.execute("CREATE INDEX IF NOT EXISTS temp.placed_thread ON placed(thread)")
        self.conn.execute("DELETE FROM placed")
        self.conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS split_rows (article TEXT, thread TEXT, story TEXT)"
        )
        self.conn.execute("DELETE FROM split_rows")

    def add_placed(self, rows: list[tuple[str, str]]) -> None:
        self.conn.executemany("INSERT INTO placed VALUES (?, ?)", rows)

    def thread_sketch_rows(self, thread: str) -> list[tuple]:
        """(id, day, terms, pieces, minhash) of every member of a thread, stored or just
        placed, by arrival."""
        return self.conn.execute(
            SKETCH_SQL + " WHERE a.id IN (SELECT article FROM members WHERE thread = ?1 "
            "UNION SELECT article FROM placed WHERE thread = ?1) ORDER BY a.seq",
            (thread,),
        ).fetchall()

    def add_split(self, rows: list[tuple[str, str, str]]) -> None:
        """(article, thread, story) rows of a thread split into stories."""
        self.conn.executemany("INSERT INTO split_rows VALUES (?, ?, ?)", rows)

    def commit_splits(self) -> None:
        """Write the split threads' members in one transaction. Provenance is redone for every
        story of a split thread (a story may have lost members), so their derivations go."""
        with self.transaction() as tx:
            tx.execute(
                "DELETE FROM derivations WHERE article IN (SELECT m.article FROM members m "
                "WHERE m.thread IN (SELECT DISTINCT thread FROM split_rows))"
            )
            tx.execute(
                "INSERT INTO members SELECT article, thread, story FROM split_rows WHERE true "
                "ON CONFLICT(article) DO UPDATE SET thread = excluded.thread, story = excluded.story"
            )
        self.conn.execute("DELETE FROM placed")
        self.conn.execute("DELETE FROM split_rows")
