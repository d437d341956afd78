"""Reading the store back: stories, one story, the report's overview, stored comparisons."""

from __future__ import annotations

import json

from unspin import clean
from unspin.errors import InputError, NotFound
from unspin.records import (
    AlignedGroup,
    Alignment,
    Change,
    Comparison,
    Document,
    Relation,
    Sentence,
    Span,
    Support,
)  # fmt: skip
from unspin.store import Store


def sentences(store: Store, article: str, text: str) -> tuple[Sentence, ...]:
    """The article's sentences, split (``clean``) and stored the first time they are needed."""
    rows = store.sentence_rows(article)
    if rows:
        return tuple(Sentence(i, s, e, text[s:e], b) for i, s, e, b in rows)
    title = store.title_of(article)
    found = clean.sentences(text, str(title) if title is not None else None)
    if store.readonly:
        return found
    store.save_sentences(article, [(x.index, x.start, x.end, x.boilerplate) for x in found])
    return found


def document(store: Store, article: str) -> Document:
    row = store.article_fields(article)
    if row is None:
        raise NotFound(f"No article {article} in {store.path}.")
    text, ext, title, url, published, outlet, author = row
    return Document(text, ext, title, url, published, outlet, author, ext)


# -- reading back ----------------------------------------------------------------------------


def stories(store: Store) -> list[dict]:
    """``[{"story", "articles": [{"id", "derived_from", "relation"}]}]``, stories and articles in
    order of their first article's publication (then ingestion) order."""
    rows = store.story_listing()
    out: list[dict] = []
    for story, ext, parent, relation in rows:
        if not out or out[-1]["story"] != story:
            out.append({"story": story, "articles": []})
        out[-1]["articles"].append({"id": ext, "derived_from": parent, "relation": relation})
    return out


def resolve_story(store: Store, ref: str) -> str:
    """A story id from its id, a unique prefix of it, or the external id of one of its articles."""
    rows = store.stories_named(ref)
    if not rows:
        raise NotFound(f"No story {ref!r} in {store.path}; `unspin stories` lists them.")
    if len(rows) > 1:
        raise InputError(f"{ref!r} names {len(rows)} stories in {store.path}; give more of the id.")
    return rows[0][0]


def show(store: Store, ref: str) -> dict:
    """One story: its articles with metadata and derivations, and each derived article's changes."""
    data = story_graph(store, ref)
    for a in data["articles"]:
        for key in _INTERNAL:
            del a[key]
    return data


_INTERNAL = ("article", "parent", "worst", "flagged", "compared", "after")


def story_graph(store: Store, ref: str) -> dict:
    """:func:`show`'s story plus what a graph and links need: each article's internal id
    (``article``) and its parent's (``parent``), and for a compared rewrite the worst severity
    (3 high .. 0) and the count of its flagged changes."""
    story_id = resolve_story(store, ref)
    rows = store.story_rows(story_id)
    articles = []
    for (aid, ext, title, outlet, url, published, relation, parent, parent_ext, result, worst,
         flagged) in rows:  # fmt: skip
        entry = {"id": ext, "title": title, "outlet": outlet, "url": url, "published": published,
                 "relation": relation, "derived_from": parent_ext, "article": aid,
                 "parent": parent, "worst": worst, "flagged": flagged,
                 "compared": result is not None}  # fmt: skip
        if result is not None:
            data = json.loads(result)
            entry["changes"] = data["changes"]
            entry["similarity"] = data["relation"]["similarity"]
            entry["consistency"] = data.get("consistency")
        articles.append(entry)
    published = {a["article"]: a["published"] for a in articles}
    for a in articles:
        a["after"] = _minutes_between(published.get(a["parent"]), a["published"])
    return {"story": story_id, "articles": articles}


def _minutes_between(earlier: str | None, later: str | None) -> int | None:
    """Whole minutes from one publication time to another; None unless both have a clock."""
    import datetime as dt

    if not earlier or not later or "T" not in earlier or "T" not in later:
        return None
    try:
        a, b = dt.datetime.fromisoformat(earlier), dt.datetime.fromisoformat(later)
        return int((b - a).total_seconds() // 60)
    except (ValueError, TypeError):  # unparseable, or one with a zone and one without
        return None


def failures(store: Store) -> list[dict]:
    return [{"origin": o, "reason": r, "at": at} for o, r, at in store.failure_rows()]


def comparison(store: Store, source: str, rewrite: str) -> Comparison:
    """The stored comparison of ``rewrite`` against ``source`` (article ids) as a record."""
    row = store.comparison_result(source, rewrite)
    if row is None:
        raise NotFound(f"No comparison of {rewrite} against {source} in {store.path}.")
    data = json.loads(str(row))
    docs = [document(store, a) for a in (source, rewrite)]
    sents = [sentences(store, a, d.text) for a, d in zip((source, rewrite), docs, strict=True)]
    groups = tuple(
        AlignedGroup(tuple(g["source"]), tuple(g["rewrite"]), g["score"]) for g in data["alignment"]
    )
    x2y: list[list[int]] = [[] for _ in sents[0]]
    y2x: list[list[int]] = [[] for _ in sents[1]]
    for g in groups:
        for i in g.source:
            x2y[i].extend(g.rewrite)
        for j in g.rewrite:
            y2x[j].extend(g.source)
    changes = tuple(
        Change(c["kind"], c["severity"], _span(c["source"]), _span(c["rewrite"]), c["explanation"],
               confidence=c.get("confidence"), unshared=bool(c.get("unshared")))
        for c in data["changes"]
    )  # fmt: skip
    support = tuple(
        Support(s["sentence"], tuple(s["evidence"]), s["supported"], s["refuted"], s["unknown"])
        for s in data.get("support", ())
    )
    return Comparison(
        docs[0], docs[1], sents[0], sents[1],
        Relation(data["relation"]["kind"], data["relation"]["similarity"]), changes,
        Alignment(tuple(map(tuple, x2y)), tuple(map(tuple, y2x)), groups),
        consistency=data.get("consistency"), mode=data.get("mode", "rewrite"), support=support,
    )  # fmt: skip


def _span(d: dict | None) -> Span | None:
    return Span(d["start"], d["end"], d["text"]) if d else None


def overview(store: Store, limit: int | None = None) -> list[dict]:
    """Stories of two or more articles, most severe first: the data of the corpus report."""
    rows = store.overview_rows()
    found: dict[str, dict] = {}
    for (
        story,
        aid,
        ext,
        title,
        outlet,
        published,
        relation,
        parent,
        parent_ext,
        worst,
        flagged,
        consistency,
    ) in rows:
        s = found.setdefault(story, {"story": story, "articles": [], "worst": 0, "flagged": 0,
                                     "consistency": None})  # fmt: skip
        s["articles"].append({"article": aid, "id": ext, "title": title, "outlet": outlet, "published": published,
                              "relation": relation, "parent": parent, "derived_from": parent_ext,
                              "worst": worst, "flagged": flagged, "consistency": consistency})  # fmt: skip
        s["worst"], s["flagged"] = max(s["worst"], worst), s["flagged"] + flagged
        if consistency is not None:
            s["consistency"] = min(
                consistency, s["consistency"] if s["consistency"] is not None else 1.0
            )

    def rank(s: dict) -> tuple:  # most severe first; then the least supported rewrite first
        c = s["consistency"]
        return (-s["worst"], c is None, c if c is not None else 1.0, -s["flagged"],
                -len(s["articles"]), s["story"])  # fmt: skip

    ranked = sorted(found.values(), key=rank)
    return ranked[:limit] if limit else ranked
