"""The store's rows for ``unspin watch``: the schedule, feed entries, page versions, alerts.

Times are seconds since the epoch (the watcher's clock, which tests inject). Each method writes
inside the caller's transaction when there is one, so one check's bookkeeping (its schedule, its
version and its alerts) is committed together or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

WATCH_FIELDS = frozenset(
    "kind next_at interval last_at status etag modified checks unchanged fails entries new_at hash "
    "article health".split()
)


class Watching:
    """Mixed into :class:`~unspin.store.Store`."""

    def add_watch(
        self, url: str, kind: str, host: str, now: float, next_at: float, interval: float,
        feed: str | None = None,
    ) -> bool:  # fmt: skip
        """Start watching ``url`` (a feed or a page) unless it is watched already."""
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO watches(url, kind, feed, host, added_at, next_at, interval)"
                " VALUES (?,?,?,?,?,?,?)",
                (url, kind, feed, host, now, next_at, interval),
            )
            return cur.rowcount > 0

    def update_watch(self, url: str, **fields: Any) -> None:
        unknown = set(fields) - WATCH_FIELDS
        if unknown:
            raise ValueError(f"no watch fields {sorted(unknown)}")
        names = sorted(fields)
        with self.transaction() as conn:
            conn.execute(
                f"UPDATE watches SET {', '.join(f'{n} = ?' for n in names)} WHERE url = ?",
                (*[fields[n] for n in names], url),
            )

    def watch_row(self, url: str) -> dict | None:
        rows = self.query("SELECT * FROM watches WHERE url = ?", (url,))
        return dict(rows[0]) if rows else None

    def due(self, now: float, limit: int = 10_000, everything: bool = False) -> list[dict]:
        """The watches to check now, oldest appointment first; retired pages never."""
        sql = "SELECT * FROM watches WHERE status != 'retired'"
        params: tuple = ()
        if not everything:
            sql, params = sql + " AND next_at <= ?", (now,)
        rows = self.query(sql + " ORDER BY next_at, url LIMIT ?", (*params, limit))
        return [dict(r) for r in rows]

    def next_due(self) -> float | None:
        value = self.scalar("SELECT MIN(next_at) FROM watches WHERE status != 'retired'")
        return None if value is None else float(value)

    def watches(self, kind: str | None = None) -> list[dict]:
        sql, params = "SELECT * FROM watches", ()
        if kind:
            sql, params = sql + " WHERE kind = ?", (kind,)
        return [dict(r) for r in self.query(sql + " ORDER BY kind, url", params)]

    def add_entries(self, feed: str, links: Iterable[str], seen: float) -> list[str]:
        """Record the links a feed lists; returns those never seen before, in order."""
        new = []
        with self.transaction() as conn:
            for link in links:
                cur = conn.execute(
                    "INSERT OR IGNORE INTO entries(feed, link, seen) VALUES (?,?,?)",
                    (feed, link, seen),
                )
                if cur.rowcount:
                    new.append(link)
        return new

    def add_version(self, row: dict[str, Any]) -> int:
        """One new version of a page: ``row`` holds url, hash, article, fetched_at, boring,
        returned, previous, flagged and warc; returns its number (1 for the first)."""
        with self.transaction() as conn:
            seq = int(conn.execute(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM versions WHERE url = ?", (row["url"],)
            ).fetchone()[0])  # fmt: skip
            conn.execute(
                "INSERT INTO versions VALUES (?,?,?,?,?,?,?,?,?,?)",
                (row["url"], seq, row["hash"], row["article"], row["fetched_at"], row["boring"],
                 int(row["returned"]), row["previous"], int(row["flagged"]), row["warc"]),
            )  # fmt: skip
            return seq

    def page_versions(self, url: str) -> list[dict]:
        rows = self.query("SELECT * FROM versions WHERE url = ? ORDER BY seq", (url,))
        return [dict(r) for r in rows]

    def article_versions(self, article: str) -> list[dict]:
        """The version timeline of the page ``article`` is a version of (empty if unwatched)."""
        url = self.scalar("SELECT url FROM versions WHERE article = ? LIMIT 1", (article,))
        return self.page_versions(str(url)) if url else []

    def version_timelines(self, articles: list[str]) -> dict[str, list[tuple[int, str, float]]]:
        """Every version (seq, article, fetched_at) of the watched pages any of ``articles``
        is a version of, by url, in order."""
        out: dict[str, list[tuple[int, str, float]]] = {}
        for k in range(0, len(articles), 500):
            chunk = articles[k : k + 500]
            marks = ",".join("?" * len(chunk))
            for url, seq, article, at in self.conn.execute(
                "SELECT url, seq, article, fetched_at FROM versions WHERE url IN "
                f"(SELECT url FROM versions WHERE article IN ({marks})) ORDER BY url, seq",
                chunk,
            ):
                if (seq, article, at) not in out.setdefault(url, []):
                    out[url].append((seq, article, at))
        return out

    def add_alert(self, uid: str, at: float, alert: dict[str, Any]) -> bool:
        """Keep one alert; False when its uid is kept already (a rerun raises nothing twice)."""
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO alerts(uid, at, type, article, url, rule, data) "
                "VALUES (?,?,?,?,?,?,?)",
                (uid, at, alert["type"], alert.get("article"), alert.get("url"),
                 alert.get("rule"), json.dumps(alert, ensure_ascii=False, sort_keys=True)),
            )  # fmt: skip
            return cur.rowcount > 0

    def alerts(self, limit: int = 100, url: str | None = None) -> list[dict]:
        sql, params = "SELECT * FROM alerts", ()
        if url:
            sql, params = sql + " WHERE url = ?", (url,)
        rows = self.query(sql + " ORDER BY id DESC LIMIT ?", (*params, limit))
        return [{**dict(r), "data": json.loads(r["data"])} for r in rows]
