"""cluster the stored articles: place new ones into threads and re-split the threads that grew."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from unspin import clean
from unspin import cluster as clustering
from unspin import sketch as sk
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


def cluster(store: Store, progress: Progress | None = None) -> ClusterResult:
    """Place every article not yet in a story; re-split only the threads that grew."""
    _backfill_pieces(store)
    pending = [
        _load_sketch(r)
        for r in store.conn.execute(
            _SKETCH_SQL + " LEFT JOIN members m ON m.article = a.id WHERE m.article IS NULL"
            " ORDER BY a.day IS NULL, a.day, a.seq"
        )
    ]
    if not pending:
        return ClusterResult(0, 0, 0)
    n = store.scalar("SELECT COUNT(*) FROM articles")
    df = dict(store.conn.execute("SELECT term, df FROM terms"))
    threader = clustering.Threader(clustering.idf_function(df, n), sk.piece_weights(df, n))
    for row in _window(store, pending):
        threader.known(_load_sketch(row[:5]), row[5])
    near = _near_duplicates(store, [s.article for s in pending])
    placed: dict[str, str] = {}
    for k, s in enumerate(pending):
        placed[s.article] = threader.add(s, near.get(s.article, ()))
        if progress and k % 500 == 499:
            progress(500)
    seq = dict(
        store.conn.execute(
            "SELECT id, seq FROM articles WHERE id NOT IN (SELECT article FROM members)"
        )
    )
    by_thread: dict[str, list[sk.Sketch]] = defaultdict(list)
    for s in sorted(pending, key=lambda s: seq[s.article]):
        by_thread[placed[s.article]].append(s)
    rows = [
        row
        for thread in sorted(by_thread)
        for row in _split_thread(store, thread, by_thread[thread])
    ]
    touched = sorted(by_thread)
    with store.transaction() as conn:  # splits are computed above, outside the write lock
        # Provenance is redone for every story of a touched thread: a story may have lost members.
        conn.executemany(
            "DELETE FROM derivations WHERE article IN (SELECT article FROM members WHERE thread = ?)",
            [(t,) for t in touched],
        )
        conn.executemany(
            "INSERT INTO members VALUES (?, ?, ?) ON CONFLICT(article) DO UPDATE SET "
            "thread = excluded.thread, story = excluded.story",
            rows,
        )
    if progress:
        progress(len(pending) % 500)
    return ClusterResult(len(pending), len(touched), len({story for _, _, story in rows}))


def _backfill_pieces(store: Store) -> None:
    """Give articles stored by a version-1 database (no word pieces) their lead pieces."""
    rows = store.conn.execute(
        "SELECT a.id, a.text, a.title FROM articles a JOIN sketches s ON s.article = a.id "
        "WHERE length(s.pieces) = 0"
    ).fetchall()
    updates, df = [], defaultdict(int)
    for article, text, title in rows:
        pieces = sk.lead_pieces(title, sk.content(text, clean.paragraphs(text, title)))
        if len(pieces):
            updates.append((pieces.astype(np.uint16).tobytes(), article))
            for p in sorted(set(pieces.tolist())):
                df[sk.PIECE + str(p)] += 1
    if updates:
        with store.transaction() as conn:
            conn.executemany("UPDATE sketches SET pieces = ? WHERE article = ?", updates)
            conn.executemany(
                "INSERT INTO terms VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET "
                "df = df + excluded.df",
                sorted(df.items()),
            )


def _window(store: Store, pending: list[sk.Sketch]) -> Iterator[tuple]:
    """Placed articles within the time window of the pending ones, with their threads (for
    undated pending articles, also the most recent ``SCAN`` placed ones)."""
    days = [s.day for s in pending if s.day is not None]
    lo = (min(days) - clustering.WINDOW_DAYS) if days else 0
    hi = (max(days) + clustering.WINDOW_DAYS) if days else 0
    recent = 1 << 62
    if any(s.day is None for s in pending):
        recent = int(
            store.scalar("SELECT COALESCE(MAX(seq), 0) FROM members JOIN articles ON id = article")
            or 0
        )
        recent -= clustering.SCAN
    sql = (
        "SELECT a.id, a.day, s.terms, s.pieces, s.minhash, m.thread FROM articles a "
        "JOIN sketches s ON s.article = a.id JOIN members m ON m.article = a.id "
        "WHERE (a.day BETWEEN ? AND ?) OR a.day IS NULL OR a.seq > ? ORDER BY a.seq"
    )
    yield from store.conn.execute(sql, (lo, hi, recent))


def _near_duplicates(store: Store, pending: list[str], cap: int = 100) -> dict[str, list[str]]:
    """Articles sharing an LSH band with a pending one; of a bucket bigger than ``cap``, the
    first ``cap`` articles stored (a wire story copied by hundreds of sites still links up)."""
    conn = store.conn
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS pending_ids (id TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM pending_ids")
    conn.executemany("INSERT OR IGNORE INTO pending_ids VALUES (?)", [(a,) for a in pending])
    wanted = set(pending)
    near: dict[str, set[str]] = defaultdict(set)
    keys = conn.execute(
        "SELECT DISTINCT b.key FROM bands b JOIN pending_ids p ON p.id = b.article ORDER BY b.key"
    ).fetchall()
    for (key,) in keys:
        group = [
            r[0]
            for r in conn.execute(
                "SELECT article FROM bands WHERE key = ? ORDER BY rowid LIMIT ?", (key, cap)
            )
        ]
        for a in group:
            if a in wanted:
                near[a].update(b for b in group if b != a)
    conn.execute("DELETE FROM pending_ids")
    return {a: sorted(b) for a, b in near.items()}


def _split_thread(store: Store, thread: str, new: list[sk.Sketch]) -> list[tuple[str, str, str]]:
    """(article, thread, story) rows for every member of ``thread``, old and new."""
    rows = store.conn.execute(
        _SKETCH_SQL + " JOIN members m ON m.article = a.id WHERE m.thread = ? ORDER BY a.seq",
        (thread,),
    ).fetchall()
    sketches = [_load_sketch(r) for r in rows] + new  # ``new`` is in ingestion order
    parts = clustering.split(sketches)
    return [
        (sketches[k].article, thread, sketches[part[0]].article) for part in parts for k in part
    ]
