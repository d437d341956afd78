"""The store's read methods that more than one side needs (the CLI, Spark, the corpus stages).

Mixed into :class:`~unspin.store.Store` beside its write methods (``store/write.py``).
"""

from __future__ import annotations


class Reads:
    """Mixed into :class:`~unspin.store.Store`."""

    def count_articles(self) -> int:
        return int(self.scalar("SELECT COUNT(*) FROM articles") or 0)  # type: ignore[attr-defined]

    def count_stories(self) -> int:
        return int(self.scalar("SELECT COUNT(DISTINCT story) FROM members") or 0)  # type: ignore[attr-defined]

    def count_single_stories(self) -> int:
        """Stories of one article."""
        return int(self.scalar(  # type: ignore[attr-defined]
            "SELECT COUNT(*) FROM (SELECT story FROM members GROUP BY story HAVING COUNT(*) = 1)"
        ) or 0)  # fmt: skip

    def count_comparisons(self) -> int:
        return int(self.scalar("SELECT COUNT(*) FROM comparisons") or 0)  # type: ignore[attr-defined]

    def compared_pairs(self) -> set[tuple[str, str]]:
        """(source, rewrite) of every stored comparison."""
        return {(s, r) for s, r in self.conn.execute("SELECT source, rewrite FROM comparisons")}  # type: ignore[attr-defined]

    def known_articles(self, ids: list[str]) -> set[str]:
        """The ones of ``ids`` the store already holds."""
        found: set[str] = set()
        for k in range(0, len(ids), 500):  # SQLite's bound on host parameters
            chunk = ids[k : k + 500]
            marks = ",".join("?" * len(chunk))
            found |= {r[0] for r in self.conn.execute(  # type: ignore[attr-defined]
                f"SELECT id FROM articles WHERE id IN ({marks})", chunk)}  # fmt: skip
        return found

    def story_texts(self, story: str) -> list[tuple]:
        """(id, published, seq, text, title) of a story's articles, in arrival order."""
        return self.conn.execute(  # type: ignore[attr-defined]
            "SELECT a.id, a.published, a.seq, a.text, a.title FROM members m "
            "JOIN articles a ON a.id = m.article WHERE m.story = ? ORDER BY a.seq",
            (story,),
        ).fetchall()

    def uncompared_derivations(self) -> list[tuple[str, str]]:
        """(source, rewrite) of every copy and rewrite not yet compared with its source, by
        story."""
        return self.conn.execute(  # type: ignore[attr-defined]
            "SELECT d.derived_from, d.article FROM derivations d LEFT JOIN comparisons c "
            "ON c.source = d.derived_from AND c.rewrite = d.article "
            "WHERE d.derived_from IS NOT NULL AND c.source IS NULL ORDER BY d.story, d.article"
        ).fetchall()
