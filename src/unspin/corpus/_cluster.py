"""cluster the stored articles: place new ones into threads and re-split the threads that grew."""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from unspin.corpus import grouping as clustering
from unspin.corpus import sketch as sk
from unspin.store import Store

Progress = Callable[[int], None]


@dataclass(frozen=True)
class ClusterResult:
    placed: int
    threads: int
    stories: int


def _load_sketch(row) -> sk.Sketch:
    article, day, terms, pieces, minhash = row
    return sk.Sketch(
        article, day, json.loads(terms), np.frombuffer(pieces, dtype=np.uint16),
        np.frombuffer(minhash, dtype=np.uint32),
    )  # fmt: skip


_SKETCH_SQL = "SELECT a.id, a.day, s.terms, s.pieces, s.minhash FROM articles a JOIN sketches s ON s.article = a.id"


CHUNK = 2000  # pending articles read, and their near-duplicates looked up, at a time
CACHE_MB = 512  # SQLite page cache while clustering (the store's default is 64 MB)


@contextmanager
def _working_set(store: Store) -> Iterator[None]:
    """A larger page cache and temporary tables in memory for the duration of a cluster run.
    py-spy --native at 1,000,000 synthetic articles: 34% of cluster time in ``pread`` (pages
    re-read through a 64 MB cache from a 14 GB store) and 20% in ``pwrite``/``ftruncate`` of the
    temporary tables."""
    conn = store.conn
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    temp = conn.execute("PRAGMA temp_store").fetchone()[0]
    conn.execute(f"PRAGMA cache_size={-CACHE_MB * 1024}")
    conn.execute("PRAGMA temp_store=MEMORY")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size={int(cache)}")
        conn.execute(f"PRAGMA temp_store={int(temp)}")


def cluster(store: Store, progress: Progress | None = None) -> ClusterResult:
    """Place every article not yet in a story; re-split only the threads that grew.

    Streams: pending sketches are read in chunks, placements go to a temporary table, and each
    grown thread is split from what the store holds; only the window lives in memory. Nothing
    is written to the store's own tables until the last, single transaction."""
    with _working_set(store):
        return _cluster(store, progress)


def _cluster(store: Store, progress: Progress | None) -> ClusterResult:
    _backfill_pieces(store)
    conn = store.conn
    order = conn.execute(
        "SELECT a.id, a.day, a.seq FROM articles a LEFT JOIN members m ON m.article = a.id "
        "WHERE m.article IS NULL ORDER BY a.day IS NULL, a.day, a.seq"
    ).fetchall()
    if not order:
        return ClusterResult(0, 0, 0)
    threader, idf, weights = _threader(store, order)
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS placed (article TEXT PRIMARY KEY, thread TEXT)")
    # _split_thread reads each touched thread's new members: without this index, a scan of all
    # placed articles per thread (py-spy: 35% of cluster time at 100,000 articles)
    conn.execute("CREATE INDEX IF NOT EXISTS temp.placed_thread ON placed(thread)")
    conn.execute("DELETE FROM placed")
    touched: set[str] = set()
    for k in range(0, len(order), CHUNK):
        chunk = order[k : k + CHUNK]
        ids = [a for a, _, _ in chunk]
        sketches = _sketches(store, ids)
        near = _near_duplicates(store, sketches)
        rows = []
        for article, _, seq in chunk:
            f = clustering.features(sketches[article], seq, idf, weights)
            rows.append((article, threader.add(f, near.get(article, ()))))
        conn.executemany("INSERT INTO placed VALUES (?, ?)", rows)
        touched.update(t for _, t in rows)
        if progress:
            progress(len(chunk))
    del threader
    stories = _write_splits(store, touched)
    conn.execute("DELETE FROM placed")
    conn.execute("DELETE FROM split_rows")
    return ClusterResult(len(order), len(touched), stories)


def _threader(store: Store, order: list) -> tuple[clustering.Threader, object, object]:
    """A threader that knows the placed articles of the window, and the idf and word-piece
    weights of the whole store."""
    n = store.scalar("SELECT COUNT(*) FROM articles")
    df = dict(store.conn.execute("SELECT term, df FROM terms"))
    idf, weights = clustering.idf_function(df, n), sk.piece_weights(df, n)
    del df
    window = list(_window(store, order))
    days = [d for _, d, _ in order if d is not None] + [r[1] for r in window if r[1] is not None]
    threader = clustering.Threader(max(days, default=None))
    for row in window:
        threader.known(clustering.features(_load_sketch(row[:5]), row[6], idf, weights), row[5])
    return threader, idf, weights


def _write_splits(store: Store, touched: set[str]) -> int:
    """Split each touched thread into stories and write the members; returns the stories."""
    conn = store.conn
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS split_rows (article TEXT, thread TEXT, story TEXT)"
    )
    conn.execute("DELETE FROM split_rows")
    stories = 0
    for thread in sorted(touched):
        rows = _split_thread(store, thread)
        stories += len({story for _, _, story in rows})
        conn.executemany("INSERT INTO split_rows VALUES (?, ?, ?)", rows)
    with store.transaction() as tx:  # splits are computed above, outside the write lock
        # Provenance is redone for every story of a touched thread: a story may have lost members.
        tx.execute(
            "DELETE FROM derivations WHERE article IN (SELECT m.article FROM members m "
            "WHERE m.thread IN (SELECT DISTINCT thread FROM split_rows))"
        )
        tx.execute(
            "INSERT INTO members SELECT article, thread, story FROM split_rows WHERE true "
            "ON CONFLICT(article) DO UPDATE SET thread = excluded.thread, story = excluded.story"
        )
    return stories


def _sketches(store: Store, ids: list[str]) -> dict[str, sk.Sketch]:
    marks = ",".join("?" * len(ids))
    return {
        r[0]: _load_sketch(r)
        for r in store.conn.execute(_SKETCH_SQL + f" WHERE a.id IN ({marks})", ids)
    }


def _backfill_pieces(store: Store) -> None:
    """Give articles stored by a version-1 database (no word pieces) their lead pieces."""
    rows = store.conn.execute(
        "SELECT a.id, a.text, a.title FROM articles a JOIN sketches s ON s.article = a.id "
        "WHERE length(s.pieces) = 0"
    ).fetchall()
    updates, df = [], defaultdict(int)
    for article, text, title in rows:
        pieces = sk.sketch(article, text, title, None).pieces
        if len(pieces):
            updates.append((pieces.astype(np.uint16).tobytes(), article))
            for key in sk.piece_keys(pieces):
                df[key] += 1
    if updates:
        with store.transaction() as conn:
            conn.executemany("UPDATE sketches SET pieces = ? WHERE article = ?", updates)
            conn.executemany(
                "INSERT INTO terms VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET "
                "df = df + excluded.df",
                sorted(df.items()),
            )


def _window(store: Store, pending: list[tuple]) -> Iterator[tuple]:
    """Placed articles within the time window of the pending ones, with their threads and
    sequence numbers (for undated pending articles, also the most recent ``SCAN`` placed ones)."""
    days = [d for _, d, _ in pending if d is not None]
    lo = (min(days) - clustering.WINDOW_DAYS) if days else 0
    hi = (max(days) + clustering.WINDOW_DAYS) if days else 0
    recent = 1 << 62
    if any(d is None for _, d, _ in pending):
        recent = int(
            store.scalar("SELECT COALESCE(MAX(seq), 0) FROM members JOIN articles ON id = article")
            or 0
        )
        recent -= clustering.SCAN
    sql = (
        "SELECT a.id, a.day, s.terms, s.pieces, s.minhash, m.thread, a.seq FROM articles a "
        "JOIN sketches s ON s.article = a.id JOIN members m ON m.article = a.id "
        "WHERE (a.day BETWEEN ? AND ?) OR a.day IS NULL OR a.seq > ? ORDER BY a.seq"
    )
    yield from store.conn.execute(sql, (lo, hi, recent))


def _near_duplicates(
    store: Store, pending: dict[str, sk.Sketch], cap: int = 100
) -> dict[str, list[str]]:
    """Articles sharing an LSH band with a pending one; of a bucket bigger than ``cap``, the
    first ``cap`` articles stored (a wire story copied by hundreds of sites still links up).
    The pending articles' band keys come from their signatures; their buckets are read in one
    query that looks each key up in the index (SQLite does the loop, not Python) and reads at
    most ``cap`` rows of each bucket. (A ``ROW_NUMBER()`` window read every member of a bucket
    first: about 30% of cluster time at 100,000 synthetic articles; this reads the same rows in
    half the time on AllSides.)"""
    by_key: dict[int, list[str]] = defaultdict(list)
    for article, sketch in pending.items():
        for key in sketch.bands():
            by_key[key].append(article)
    conn = store.conn
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS pending_keys (key INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM pending_keys")
    conn.executemany("INSERT INTO pending_keys VALUES (?)", [(k,) for k in by_key])
    # For each key, the index on bands(key) holds its rows in rowid order: the subquery stops
    # after ``cap`` of them instead of reading the whole bucket.
    rows = conn.execute(
        "SELECT p.key, b.article FROM pending_keys p JOIN bands b ON b.rowid IN "
        "(SELECT rowid FROM bands WHERE key = p.key ORDER BY rowid LIMIT ?) ORDER BY p.key",
        (cap,),
    )
    near: dict[str, set[str]] = defaultdict(set)
    for key, members in itertools.groupby(rows, key=lambda r: r[0]):
        group = [a for _, a in members]
        inside = set(group)
        for a in by_key[key]:
            if a in inside:
                near[a].update(b for b in group if b != a)
    conn.execute("DELETE FROM pending_keys")
    return {a: sorted(b) for a, b in near.items()}


def _split_thread(store: Store, thread: str) -> list[tuple[str, str, str]]:
    """(article, thread, story) rows for every member of ``thread``, old and just placed, in
    ingestion order."""
    rows = store.conn.execute(
        _SKETCH_SQL + " WHERE a.id IN (SELECT article FROM members WHERE thread = ?1 "
        "UNION SELECT article FROM placed WHERE thread = ?1) ORDER BY a.seq",
        (thread,),
    ).fetchall()
    sketches = [_load_sketch(r) for r in rows]
    parts = clustering.split(sketches)
    return [
        (sketches[k].article, thread, sketches[part[0]].article) for part in parts for k in part
    ]
