"""The store's write methods: the one write path of the local engine, Spark and the web UI.

Each method writes inside the caller's :meth:`Store.transaction` when there is one (and in a
transaction of its own when there is not), so a caller groups writes into batches of the size it
chooses. Rows are written in the order given: the callers sort them, which keeps a Spark run's
database byte-identical to a local one's.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from unspin.corpus.sketch import Sketch
    from unspin.records import Comparison

SEVERITY_RANK = {"high": 3, "medium": 2, "low": 1}


class Writes:
    """Mixed into :class:`~unspin.store.Store`."""

    def next_seq(self) -> int:
        """The arrival number the next article gets."""
        return int(self.scalar("SELECT COALESCE(MAX(seq), 0) FROM articles")) + 1

    def next_version(self, key: str) -> int:
        """The version number the next article with this key (its URL or id) gets."""
        return int(self.scalar(
            "SELECT COALESCE(MAX(version), 0) FROM articles WHERE key = ?", (key,))) + 1  # fmt: skip

    def add_article(self, row: dict[str, Any], at: str) -> None:
        """One article: ``row`` holds id, seq, ext_id, key, version, name, title, url, outlet,
        author, published (UTC ISO text or None), day and text."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (row["id"], row["seq"], row["ext_id"], row["key"], row["version"], row["name"],
                 row["title"], row["url"], row["outlet"], row["author"], row["published"],
                 row["day"], len(row["text"].split()), row["text"], at),
            )  # fmt: skip

    def add_sketch(self, article: str, sketch: Sketch) -> None:
        """An article's sketch and its LSH band keys."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO sketches (article, terms, pieces, minhash) VALUES (?,?,?,?)",
                (article, json.dumps(sketch.terms, sort_keys=True),
                 sketch.pieces.astype("uint16").tobytes(), sketch.minhash.astype("uint32").tobytes()),
            )  # fmt: skip
            conn.executemany(
                "INSERT INTO bands VALUES (?, ?)", [(k, article) for k in sketch.bands()]
            )

    def add_term_counts(self, counts: dict[str, int]) -> None:
        """Add document frequencies to the ``terms`` table, in sorted order."""
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO terms VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
                sorted(counts.items()),
            )

    def add_failures(self, failures: Iterable[tuple[str, str]], at: str) -> None:
        """(origin, reason) of documents or pairs that could not be read or compared."""
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO failures(origin, reason, at) VALUES (?, ?, ?)",
                [(origin, reason, at) for origin, reason in failures],
            )

    def add_members(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """(article, thread, story) rows of articles placed for the first time."""
        with self.transaction() as conn:
            conn.executemany("INSERT INTO members VALUES (?, ?, ?)", rows)

    def save_derivations(self, rows: Iterable[tuple]) -> None:
        """(article, story, relation, derived_from, score) rows, replacing earlier ones."""
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO derivations VALUES (?,?,?,?,?) ON CONFLICT(article) DO UPDATE SET "
                "story = excluded.story, relation = excluded.relation, "
                "derived_from = excluded.derived_from, score = excluded.score",
                rows,
            )

    def save_comparison(self, source: str, rewrite: str, result: Comparison) -> None:
        """A comparison of two stored articles and its changes, replacing an earlier one."""
        flagged = result.flagged
        worst = max((SEVERITY_RANK[c.severity] for c in flagged), default=0)
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO comparisons(source, rewrite, flagged, worst, result, "
                "consistency) VALUES (?,?,?,?,?,?)",
                (source, rewrite, len(flagged), worst,
                 json.dumps(result.to_dict(), ensure_ascii=False), result.consistency),
            )  # fmt: skip
            conn.execute("DELETE FROM changes WHERE source = ? AND rewrite = ?", (source, rewrite))
            conn.executemany(
                "INSERT INTO changes(source, rewrite, idx, kind, severity, explanation, "
                "confidence) VALUES (?,?,?,?,?,?,?)",
                [(source, rewrite, i, c.kind, c.severity, c.explanation, c.confidence)
                 for i, c in enumerate(result.changes)],
            )  # fmt: skip

    def save_mentions(self, rows: Iterable[tuple[str, str, str, bytes]]) -> None:
        """(article, reader, data, vectors) rows of read mentions, replacing earlier ones."""
        with self.transaction() as conn:
            conn.executemany("INSERT OR REPLACE INTO mentions VALUES (?, ?, ?, ?)", rows)
