"""Fact sheets of stored stories: ``unspin facts`` and the web UI's Facts tab."""

from __future__ import annotations

from unspin import facts as reading
from unspin import mentions, slots
from unspin.records import FactSheet, SheetArticle, Slot
from unspin.store import Store

from ._read import document, resolve_story


def facts(store: Store, ref: str) -> FactSheet:
    """The fact sheet of one story (``ref``: a story id, a unique prefix, or any article's
    external id): every slot, its values, which articles state each and the independent
    origins behind them. Mention offsets index into each article's stored text."""
    story = resolve_story(store, ref)
    rows = store.story_rows(story)
    ext = {aid: e for aid, e, *_ in rows}
    parent = {aid: p for aid, _, _, _, _, _, rel, p, *_ in rows if rel in ("copy", "rewrite") and p}
    articles = [
        SheetArticle(e, outlet, published, ext[_origin(aid, parent, ext)])
        for aid, e, _, outlet, _, published, *_ in rows
    ]
    docs = [document(store, aid) for aid, *_ in rows]
    found = {
        e: mentions.extract(analysis)
        for (_, e, *_), analysis in zip(rows, reading.analyse_many(docs), strict=True)
    }
    return slots.sheet(story, articles, found)


def _origin(article: str, parent: dict[str, str], ext: dict[str, str]) -> str:
    """Follow copies and rewrites up to the article they all come from (within the story)."""
    seen = {article}
    while article in parent and parent[article] in ext and parent[article] not in seen:
        article = parent[article]
        seen.add(article)
    return article


def disputed(store: Store) -> list[tuple[str, Slot]]:
    """Every disputed slot of every story with two or more articles, most voices first: by
    the independent origins behind its values, then the articles that state them."""
    found = []
    for story in store.story_ids(min_articles=2):
        sheet = facts(store, story)
        found += [(sheet.story, slot) for slot in sheet.disputed]

    def weight(item: tuple[str, Slot]) -> tuple:
        slot = item[1]
        origins = {o for v in slot.values for o in v.origins}
        articles = {m.article for v in slot.values for m in v.mentions}
        return (-len(origins), -len(articles), item[0], slot.slot)

    return sorted(found, key=weight)
