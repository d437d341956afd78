"""Browsing the store: stories filtered, sorted and paged; one article with its versions.

The library behind ``unspin serve``'s pages and API. Everything here only reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from unspin.errors import InputError, NotFound
from unspin.records import KINDS
from unspin.store import Store
from unspin.store.read import STORY_ORDER

RELATIONS = ("original", "copy", "rewrite", "independent")
SORTS = tuple(STORY_ORDER)  # "severity" first: the default
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class StoryQuery:
    """What the stories page asks for. Empty strings mean "no filter"."""

    text: str = ""  # words that must all occur in the title or text of one of the articles
    outlet: str = ""
    since: str = ""  # YYYY-MM-DD: the story's first article published on or after
    until: str = ""  # YYYY-MM-DD: ... on or before
    kind: str = ""  # a change of this kind, high or medium severity, in one of its rewrites
    relation: str = ""  # an article of this relation in the story
    sort: str = "severity"
    page: int = 1
    per_page: int = 25

    def check(self) -> StoryQuery:
        """Raise :class:`InputError` naming the first bad field."""
        for name in ("since", "until"):
            value = getattr(self, name)
            if value and not _DATE.match(value):
                raise InputError(f"{name} must be a date as YYYY-MM-DD, not {value!r}.")
        if self.kind and self.kind not in KINDS:
            raise InputError(f"kind must be one of {', '.join(KINDS)}, not {self.kind!r}.")
        if self.relation and self.relation not in RELATIONS:
            raise InputError(
                f"relation must be one of {', '.join(RELATIONS)}, not {self.relation!r}."
            )
        if self.sort not in SORTS:
            raise InputError(f"sort must be one of {', '.join(SORTS)}, not {self.sort!r}.")
        if not 1 <= self.page <= 1_000_000 or not 1 <= self.per_page <= 200:
            raise InputError("page must be between 1 and 1,000,000 and per_page between 1 and 200.")
        return self


def browse(store: Store, q: StoryQuery) -> dict:
    """One page of stories: ``{"total", "page", "pages", "per_page", "stories": [...]}``.

    Each story: ``{"story", "title", "first", "last", "articles", "outlets", "copies",
    "rewrites", "independent", "flagged", "worst", "consistency"}`` (``worst`` is high/medium/low
    or null; ``consistency`` the lowest of its compared rewrites, or null).
    """
    q.check()
    rows, total = store.story_summaries(
        {"text": _match(q.text) if q.text.strip() else "", "outlet": q.outlet, "since": q.since,
         "until": q.until, "kind": q.kind, "relation": q.relation},
        q.sort, q.per_page, (q.page - 1) * q.per_page,
    )  # fmt: skip
    stories = [
        {"story": story, "title": None, "first": first, "last": last,
         "articles": n, "outlets": [], "copies": copies or 0, "rewrites": rewrites or 0,
         "independent": independent or 0, "flagged": flagged or 0, "worst": _severity(worst),
         "consistency": consistency}
        for story, n, first, last, copies, rewrites, independent, flagged, worst, consistency, _
        in rows
    ]  # fmt: skip
    _fill_titles(store, stories)
    pages = max(1, -(-total // q.per_page))
    return {"total": total, "page": q.page, "pages": pages, "per_page": q.per_page,
            "stories": stories}  # fmt: skip


def _severity(worst: int | None) -> str | None:
    return {3: "high", 2: "medium", 1: "low"}.get(worst or 0)


def _match(text: str) -> str:
    """An FTS5 query of the words of ``text``, each quoted (so no word is read as an operator),
    all required; the last may be a prefix."""
    words = _WORDS.findall(text)
    if not words:
        raise InputError(f"Search for words, not only punctuation: {text!r}.")
    quoted = [f'"{w}"' for w in words[:20]]
    quoted[-1] += "*"
    return " ".join(quoted)


def _fill_titles(store: Store, stories: list[dict]) -> None:
    """Each story's title (its original's, else its first article's) and its outlets."""
    if not stories:
        return
    ids = [s["story"] for s in stories]
    rows = store.story_heads(ids)
    by_id = {s["story"]: s for s in stories}
    for story, title, ext, outlet, relation in rows:
        s = by_id[story]
        if s["title"] is None or (relation == "original" and not s.get("_orig")):
            s["title"] = title or ext
            s["_orig"] = relation == "original"
        if outlet and outlet not in s["outlets"]:
            s["outlets"].append(outlet)
    for s in stories:
        s.pop("_orig", None)


def outlets(store: Store, limit: int = 500) -> list[str]:
    """Outlets by number of articles, most first (for the filter's choices)."""
    return store.outlet_names(limit)


def article(store: Store, ref: str) -> dict:
    """One article by id or external id: metadata, text, story, relation, and its versions
    (other texts read for the same URL or key, oldest first)."""
    row = store.article_row(ref)
    if row is None:
        raise NotFound(f"No article {ref!r} in {store.path}.")
    (aid, ext, key, version, title, url, outlet, author, published, words, text, at, story,
     relation, parent, parent_ext) = row  # fmt: skip
    versions = [
        {"article": v, "id": e, "version": n, "words": w, "ingested_at": t}
        for v, e, n, w, t in store.versions_of(key)
    ]
    derived = [
        {"article": c, "id": e, "relation": r, "title": t} for c, e, r, t in store.derived_from(aid)
    ]
    return {"article": aid, "id": ext, "title": title, "url": url, "outlet": outlet,
            "timeline": timeline(store, aid),
            "author": author, "published": published, "words": words, "version": version,
            "ingested_at": at, "story": story, "relation": relation if story else None,
            "derived_from": parent, "derived_from_id": parent_ext, "derived": derived,
            "versions": versions, "text": text}  # fmt: skip


def timeline(store: Store, aid: str) -> list[dict]:
    """The versions ``unspin watch`` kept of the page ``aid`` is a version of, oldest first,
    each with the fact changes (high and medium) from the version before it."""
    import datetime as dt
    import json

    out = []
    for v in store.article_versions(aid):
        changes: list[dict] = []
        if v["previous"] and not v["boring"] and not v["returned"]:
            stored = store.comparison_result(v["previous"], v["article"])
            changes = [c for c in (json.loads(stored)["changes"] if stored else [])
                       if c["severity"] in ("high", "medium") and c["kind"] != "omitted"]  # fmt: skip
        at = dt.datetime.fromtimestamp(v["fetched_at"], dt.UTC).isoformat(timespec="seconds")
        out.append({"seq": v["seq"], "article": v["article"], "fetched_at": at,
                    "boring": v["boring"], "returned": bool(v["returned"]),
                    "previous": v["previous"], "changes": changes})  # fmt: skip
    return out
