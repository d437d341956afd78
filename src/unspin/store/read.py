"""The store's read methods: what the CLI, Spark, the corpus stages, the report and the web UI
read back. Mixed into :class:`~unspin.store.Store` beside its write methods
(``store/write.py``); ``self.conn``, ``scalar`` and ``transaction`` are the Store's."""

from __future__ import annotations


class Reads:
    """Mixed into :class:`~unspin.store.Store`."""

    def count_articles(self) -> int:
        return int(self.scalar("SELECT COUNT(*) FROM articles") or 0)

    def count_stories(self) -> int:
        return int(self.scalar("SELECT COUNT(DISTINCT story) FROM members") or 0)

    def count_single_stories(self) -> int:
        """Stories of one article."""
        return int(self.scalar(
            "SELECT COUNT(*) FROM (SELECT story FROM members GROUP BY story HAVING COUNT(*) = 1)"
        ) or 0)  # fmt: skip

    def count_comparisons(self) -> int:
        return int(self.scalar("SELECT COUNT(*) FROM comparisons") or 0)

    def compared_pairs(self) -> set[tuple[str, str]]:
        """(source, rewrite) of every stored comparison."""
        return {(s, r) for s, r in self.conn.execute("SELECT source, rewrite FROM comparisons")}

    def known_articles(self, ids: list[str]) -> set[str]:
        """The ones of ``ids`` the store already holds."""
        found: set[str] = set()
        for k in range(0, len(ids), 500):  # SQLite's bound on host parameters
            chunk = ids[k : k + 500]
            marks = ",".join("?" * len(chunk))
            found |= {r[0] for r in self.conn.execute(
                f"SELECT id FROM articles WHERE id IN ({marks})", chunk)}  # fmt: skip
        return found

    def story_texts(self, story: str) -> list[tuple]:
        """(id, published, seq, text, title) of a story's articles, in arrival order."""
        return self.conn.execute(
            "SELECT a.id, a.published, a.seq, a.text, a.title FROM members m "
            "JOIN articles a ON a.id = m.article WHERE m.story = ? ORDER BY a.seq",
            (story,),
        ).fetchall()

    def stories_to_derive(self) -> list[str]:
        """Stories with an article not yet labelled, or labelled in another story, or derived
        from an article now in another story: those whose provenance must be redone."""
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT m.story FROM members m LEFT JOIN derivations d ON d.article = m.article "
            "LEFT JOIN members p ON p.article = d.derived_from "
            "WHERE d.article IS NULL OR d.story != m.story OR (d.derived_from IS NOT NULL AND p.story != m.story) "
            "ORDER BY m.story"
        )]  # fmt: skip

    def uncompared_derivations(self) -> list[tuple[str, str]]:
        """(source, rewrite) of every copy and rewrite not yet compared with its source, by
        story."""
        return self.conn.execute(
            "SELECT d.derived_from, d.article FROM derivations d LEFT JOIN comparisons c "
            "ON c.source = d.derived_from AND c.rewrite = d.article "
            "WHERE d.derived_from IS NOT NULL AND c.source IS NULL ORDER BY d.story, d.article"
        ).fetchall()

    def sentence_rows(self, article: str) -> list[tuple]:
        """(idx, start, end, boilerplate) of an article's stored sentences, in order."""
        return self.conn.execute(
            "SELECT idx, start, end, boilerplate FROM sentences WHERE article = ? ORDER BY idx",
            (article,),
        ).fetchall()

    def title_of(self, article: str) -> str | None:
        title = self.scalar("SELECT title FROM articles WHERE id = ?", (article,))
        return None if title is None else str(title)

    def save_sentences(self, article: str, rows: list[tuple]) -> None:
        """(idx, start, end, boilerplate) of an article's sentences, kept if already stored."""
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO sentences VALUES (?,?,?,?,?)",
                [(article, *row) for row in rows],
            )

    def article_fields(self, article: str) -> tuple | None:
        """(text, ext_id, title, url, published, outlet, author) of an article, or None."""
        return self.conn.execute(
            "SELECT text, ext_id, title, url, published, outlet, author FROM articles WHERE id = ?",
            (article,),
        ).fetchone()

    def story_listing(self) -> list[tuple]:
        """(story, ext_id, parent ext_id, relation) of every placed article, stories and
        articles in order of their first article's publication (then arrival)."""
        return self.conn.execute(
            "WITH firsts AS (SELECT y.story, MIN(COALESCE(x.published, '~') || printf('%012d', x.seq)) AS first "
            "FROM members y JOIN articles x ON x.id = y.article GROUP BY y.story) "
            "SELECT m.story, a.ext_id, p.ext_id, COALESCE(d.relation, 'original') FROM members m "
            "JOIN firsts f ON f.story = m.story JOIN articles a ON a.id = m.article "
            "LEFT JOIN derivations d ON d.article = a.id LEFT JOIN articles p ON p.id = d.derived_from "
            "ORDER BY f.first, m.story, COALESCE(a.published, '~'), a.seq"
        ).fetchall()

    def stories_named(self, ref: str) -> list[tuple]:
        """The stories whose id is ``ref`` or starts with it, or that hold an article whose
        external id is ``ref``."""
        return self.conn.execute(
            "SELECT DISTINCT story FROM members WHERE story = ? OR story LIKE ? "
            "UNION SELECT m.story FROM members m JOIN articles a ON a.id = m.article WHERE a.ext_id = ?",
            (ref, ref.replace("%", "") + "%", ref),
        ).fetchall()

    def story_ids(self, min_articles: int = 1) -> list[str]:
        """Every story with at least ``min_articles`` articles, in id order."""
        return [r[0] for r in self.conn.execute(
            "SELECT story FROM members GROUP BY story HAVING COUNT(*) >= ? ORDER BY story",
            (min_articles,),
        )]  # fmt: skip

    def story_rows(self, story: str) -> list[tuple]:
        """A story's articles with their derivation and stored comparison: (id, ext_id, title,
        outlet, url, published, relation, derived_from, parent ext_id, result, worst,
        flagged), by publication then arrival."""
        return self.conn.execute(
            "SELECT a.id, a.ext_id, a.title, a.outlet, a.url, a.published, COALESCE(d.relation, 'original'), "
            "d.derived_from, p.ext_id, c.result, COALESCE(c.worst, 0), COALESCE(c.flagged, 0) "
            "FROM members m JOIN articles a ON a.id = m.article "
            "LEFT JOIN derivations d ON d.article = a.id LEFT JOIN articles p ON p.id = d.derived_from "
            "LEFT JOIN comparisons c ON c.source = d.derived_from AND c.rewrite = a.id "
            "WHERE m.story = ? ORDER BY COALESCE(a.published, ''), a.seq",
            (story,),
        ).fetchall()

    def stored_mentions(self, articles: list[str], reader: str) -> dict[str, tuple[str, bytes]]:
        """(data, vectors) of the articles whose mentions ``reader`` stored."""
        out = {}
        for k in range(0, len(articles), 500):
            chunk = articles[k : k + 500]
            marks = ",".join("?" * len(chunk))
            out.update((a, (d, bytes(v))) for a, d, v in self.conn.execute(
                f"SELECT article, data, vectors FROM mentions WHERE reader = ? AND article IN ({marks})",
                (reader, *chunk),
            ))  # fmt: skip
        return out

    def failure_rows(self) -> list[tuple]:
        """(origin, reason, at) of every recorded failure, oldest first."""
        return self.conn.execute("SELECT origin, reason, at FROM failures ORDER BY id").fetchall()

    def comparison_result(self, source: str, rewrite: str) -> str | None:
        """The stored comparison's JSON, or None."""
        row = self.scalar(
            "SELECT result FROM comparisons WHERE source = ? AND rewrite = ?", (source, rewrite)
        )
        return None if row is None else str(row)

    def overview_rows(self) -> list[tuple]:
        """The articles of every story of two or more: (story, id, ext_id, title, outlet,
        published, relation, derived_from, parent ext_id, worst, flagged, consistency)."""
        return self.conn.execute(
            "SELECT m.story, a.id, a.ext_id, a.title, a.outlet, a.published, COALESCE(d.relation, 'original'), "
            "d.derived_from, p.ext_id, COALESCE(c.worst, 0), COALESCE(c.flagged, 0), c.consistency "
            "FROM members m "
            "JOIN articles a ON a.id = m.article LEFT JOIN derivations d ON d.article = a.id "
            "LEFT JOIN articles p ON p.id = d.derived_from "
            "LEFT JOIN comparisons c ON c.source = d.derived_from AND c.rewrite = a.id "
            "WHERE m.story IN (SELECT story FROM members GROUP BY story HAVING COUNT(*) > 1) "
            "ORDER BY m.story, COALESCE(a.published, ''), a.seq"
        ).fetchall()

    def story_summaries(
        self, filters: dict[str, str], sort: str, limit: int, offset: int
    ) -> tuple[list[tuple], int]:
        """One page of per-story summaries (story, n, first, last, copies, rewrites,
        independent, flagged, worst, consistency, total) that pass ``filters`` (see
        :func:`_story_filters`; ``text`` is an FTS5 query), in the order ``sort`` names
        (:data:`STORY_ORDER`), and how many stories pass."""
        where, params = _story_filters(filters)
        sql = (
            "WITH s AS (SELECT m.story, COUNT(*) AS n, MIN(a.published) AS first, "
            "MAX(a.published) AS last, SUM(d.relation = 'copy') AS copies, "
            "SUM(d.relation = 'rewrite') AS rewrites, SUM(d.relation = 'independent') AS independent, "
            "SUM(COALESCE(c.flagged, 0)) AS flagged, MAX(COALESCE(c.worst, 0)) AS worst, "
            "MIN(c.consistency) AS consistency "
            "FROM members m JOIN articles a ON a.id = m.article "
            "LEFT JOIN derivations d ON d.article = m.article "
            "LEFT JOIN comparisons c ON c.source = d.derived_from AND c.rewrite = m.article "
            "GROUP BY m.story) "
            "SELECT s.story, n, first, last, copies, rewrites, independent, flagged, worst, "
            "consistency, COUNT(*) OVER () FROM s"
            + (" WHERE " + " AND ".join(where) if where else "")
            + f" ORDER BY {STORY_ORDER[sort]} LIMIT ? OFFSET ?"
        )
        rows = self.conn.execute(sql, [*params, limit, offset]).fetchall()
        if rows:
            return rows, rows[0][-1]
        inner = sql.rsplit(" ORDER BY ", 1)[0]  # a page past the end
        return rows, int(self.scalar(f"SELECT COUNT(*) FROM ({inner})", tuple(params)) or 0)

    def story_heads(self, stories: list[str]) -> list[tuple]:
        """(story, title, ext_id, outlet, relation) of the stories' articles, by publication."""
        marks = ",".join("?" * len(stories))
        return self.conn.execute(
            "SELECT m.story, a.title, a.ext_id, a.outlet, COALESCE(d.relation, 'original') "
            "FROM members m JOIN articles a ON a.id = m.article LEFT JOIN derivations d ON d.article = a.id "
            f"WHERE m.story IN ({marks}) ORDER BY COALESCE(a.published, '~'), a.seq",
            stories,
        ).fetchall()

    def outlet_names(self, limit: int) -> list[str]:
        """Outlets by number of articles, most first."""
        rows = self.conn.execute(
            "SELECT outlet FROM articles WHERE outlet IS NOT NULL AND outlet != '' "
            "GROUP BY outlet ORDER BY COUNT(*) DESC, outlet LIMIT ?",
            (limit,),
        )
        return [r[0] for r in rows]

    def article_row(self, ref: str) -> tuple | None:
        """One article by id or external id (its latest version), with its story and
        derivation: (id, ext_id, key, version, title, url, outlet, author, published, words,
        text, ingested_at, story, relation, derived_from, parent ext_id)."""
        return self.conn.execute(
            "SELECT a.id, a.ext_id, a.key, a.version, a.title, a.url, a.outlet, a.author, a.published, "
            "a.words, a.text, a.ingested_at, m.story, COALESCE(d.relation, 'original'), d.derived_from, "
            "p.ext_id FROM articles a LEFT JOIN members m ON m.article = a.id "
            "LEFT JOIN derivations d ON d.article = a.id LEFT JOIN articles p ON p.id = d.derived_from "
            "WHERE a.id = ? OR a.ext_id = ? ORDER BY a.id = ? DESC, a.version DESC LIMIT 1",
            (ref, ref, ref),
        ).fetchone()

    def versions_of(self, key: str) -> list[tuple]:
        """(id, ext_id, version, words, ingested_at) of every text read for one URL or key."""
        return self.conn.execute(
            "SELECT id, ext_id, version, words, ingested_at FROM articles WHERE key = ? "
            "ORDER BY version",
            (key,),
        ).fetchall()

    def derived_from(self, article: str) -> list[tuple]:
        """(article, ext_id, relation, title) of the articles derived from one, by arrival."""
        return self.conn.execute(
            "SELECT d.article, a.ext_id, d.relation, a.title FROM derivations d "
            "JOIN articles a ON a.id = d.article WHERE d.derived_from = ? ORDER BY a.seq",
            (article,),
        ).fetchall()


STORY_ORDER = {  # undated stories (first IS NULL) after the dated ones
    "severity": "worst DESC, consistency IS NULL, consistency, flagged DESC, n DESC, "
    "first IS NULL, first DESC, s.story",
    "consistency": "consistency IS NULL, consistency, worst DESC, s.story",  # least supported first
    "recent": "first IS NULL, first DESC, s.story",
    "oldest": "first IS NULL, first, s.story",
    "size": "n DESC, worst DESC, s.story",
}


def _story_filters(f: dict[str, str]) -> tuple[list[str], list]:
    """The WHERE conditions over the per-story summary ``s`` of the non-empty ``filters``:
    ``text`` (an FTS5 query), ``outlet``, ``since`` and ``until`` (YYYY-MM-DD), ``kind`` (of a
    high or medium change) and ``relation`` (of one of its articles); and their parameters."""
    where, params = [], []
    if f["text"]:
        where.append(
            "s.story IN (SELECT m.story FROM article_search f JOIN articles a ON a.seq = f.rowid "
            "JOIN members m ON m.article = a.id WHERE article_search MATCH ?)"
        )
        params.append(f["text"])
    if f["outlet"]:
        where.append(
            "s.story IN (SELECT m.story FROM articles a JOIN members m ON m.article = a.id "
            "WHERE a.outlet = ?)"
        )
        params.append(f["outlet"])
    if f["since"]:  # an undated story (first NULL) is in no date range
        where.append("s.first >= ?")
        params.append(f["since"])
    if f["until"]:
        where.append("s.first < ?")
        params.append(f["until"] + "~")  # any time on that day sorts before "~"
    if f["kind"]:
        where.append(
            "s.story IN (SELECT d.story FROM changes c JOIN derivations d ON d.article = c.rewrite "
            "AND d.derived_from = c.source WHERE c.kind = ? AND c.severity IN ('high', 'medium'))"
        )
        params.append(f["kind"])
    if f["relation"]:
        where.append(
            "s.story IN (SELECT m.story FROM members m LEFT JOIN derivations d ON d.article = m.article "
            "WHERE COALESCE(d.relation, 'original') = ?)"
        )
        params.append(f["relation"])
    return where, params
