"""What is watched and what was raised, for the Watch page, ``/api/watch`` and ``/alerts.atom``."""

from __future__ import annotations

import datetime as dt

from unspin.store import Store

from . import channels


def overview(store: Store, alerts: int = 50, pages: int = 500) -> dict:
    """What the Watch page and ``/api/watch`` show: feeds and pages with their last and next
    check, status, entries and open health problem, and the most recent alerts."""

    def shown(row: dict) -> dict:
        return {
            "url": row["url"], "kind": row["kind"], "feed": row["feed"], "status": row["status"],
            "health": row["health"], "last": iso(row["last_at"]) if row["last_at"] else None,
            "next": None if row["status"] == "retired" else iso(row["next_at"]),
            "interval_minutes": round(row["interval"] / 60, 1), "checks": row["checks"],
            "unchanged": row["unchanged"], "fails": row["fails"], "entries": row["entries"],
            "article": row["article"],
        }  # fmt: skip

    rows = store.watches()
    feeds = [shown(r) for r in rows if r["kind"] != "page"]
    watched = [shown(r) for r in rows if r["kind"] == "page"]
    recent = [{**a["data"], "at": iso(a["at"])} for a in store.alerts(alerts)]
    return {"feeds": feeds, "pages": watched[:pages], "pages_total": len(watched),
            "alerts": recent}  # fmt: skip


def atom(store: Store, base: str, limit: int = 100) -> bytes:
    """The alerts as an Atom feed; links are made absolute against ``base``."""
    rows = store.alerts(limit)
    for row in rows:
        row["iso"] = iso(row["at"])
        link = row["data"].get("link")
        if link and link.startswith("/"):
            row["data"] = {**row["data"], "link": base.rstrip("/") + link}
    updated = rows[0]["iso"] if rows else iso(0)
    return channels.atom(rows, base.rstrip("/") + "/alerts.atom", updated)


def iso(seconds: float) -> str:
    return (
        dt.datetime.fromtimestamp(seconds, dt.UTC)
        .isoformat(timespec="seconds")
        .replace("+00:00", "Z")
    )
