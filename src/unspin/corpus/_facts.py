"""Fact sheets of stored stories: ``unspin facts`` and the web UI's Facts tab."""

from __future__ import annotations

import json
from collections.abc import Callable

from unspin import facts as reading
from unspin import mentions, slots
from unspin.errors import StoreError
from unspin.records import FactSheet, SheetArticle, Slot
from unspin.store import Store

from ._read import document, resolve_story


def facts(store: Store, ref: str, keep: Keep | None = None) -> FactSheet:
    """The fact sheet of one story (``ref``: a story id, a unique prefix, or any article's
    external id): every slot, its values, which articles state each and the independent
    origins behind them. Mention offsets index into each article's stored text.

    Mentions read for the sheet are kept for the next one: in ``store``, or through ``keep``
    (given the rows for :meth:`Store.save_mentions`) when ``store`` is a read-only connection
    and the caller has a writable one (the web UI)."""
    story = resolve_story(store, ref)
    rows = store.story_rows(story)
    ext = {aid: e for aid, e, *_ in rows}
    parent = {aid: p for aid, _, _, _, _, _, rel, p, *_ in rows if rel in ("copy", "rewrite") and p}
    articles = [
        SheetArticle(e, outlet, published, ext[_origin(aid, parent, ext)], url)
        for aid, e, _, outlet, url, published, *_ in rows
    ]
    docs = [document(store, aid) for aid, *_ in rows]
    read = _mentions(store, [aid for aid, *_ in rows], docs, keep)
    found = {e: read[aid] for aid, e, *_ in rows}
    changed = [
        slots.Changed(parent_ext, e, c["kind"], _span(c["source"]), _span(c["rewrite"]))
        for _, e, _, _, _, _, _, _, parent_ext, result, *_ in rows
        if result is not None and parent_ext is not None
        for c in json.loads(result)["changes"]
        if c["severity"] in ("high", "medium") and c["kind"] in FOLDED
        and c.get("source") and c.get("rewrite")
    ]  # fmt: skip
    texts = {d.id: d.text for d in docs}
    versions = {
        url: [(seq, ext[a], at) for seq, a, at in timeline if a in ext]
        for url, timeline in store.version_timelines(list(ext)).items()
    }
    return slots.sheet(story, articles, found, changed, texts, versions)


READ_BATCH = 32  # articles read by spaCy and MiniLM at a time


Keep = Callable[[list[tuple[str, str, str, bytes]]], None]


def _mentions(store: Store, ids: list[str], docs: list, keep: Keep | None) -> dict[str, tuple]:
    """Each article's mentions: stored ones as they are, the others read now and stored for
    the next sheet (unless the store is read-only or refuses the write: the sheet is the
    same, only slower next time)."""
    reader = mentions.reader()
    stored = store.stored_mentions(ids, reader)
    todo = [(aid, d) for aid, d in zip(ids, docs, strict=True) if aid not in stored]
    for k in range(0, len(todo), READ_BATCH):
        batch = todo[k : k + READ_BATCH]
        analyses = reading.analyse_many([d for _, d in batch])
        rows = [(aid, reader, *mentions.pack(mentions.extract(a)))
                for (aid, _), a in zip(batch, analyses, strict=True)]  # fmt: skip
        stored.update((aid, (data, blob)) for aid, _, data, blob in rows)
        if keep is not None or not store.readonly:
            try:
                (keep or store.save_mentions)(rows)
            except StoreError:
                pass  # a full or locked disk: the mentions are read again next time
    return {aid: mentions.unpack(*stored[aid]) for aid in ids}


# compare's kinds that change a fact a sheet can hold; "omitted" and furniture do not
FOLDED = frozenset(
    ("number", "entity", "quote", "date", "negation", "reversal", "modality", "agent")
)


def _span(span: dict) -> tuple[int, int, str]:
    return span["start"], span["end"], span["text"]


def _origin(article: str, parent: dict[str, str], ext: dict[str, str]) -> str:
    """Follow copies and rewrites up to the article they all come from (within the story)."""
    seen = {article}
    while article in parent and parent[article] in ext and parent[article] not in seen:
        article = parent[article]
        seen.add(article)
    return article


def read_facts(store: Store, progress: Callable[[int], None] | None = None) -> int:
    """Read and keep the mentions of every story of two or more articles (what ``unspin run
    --facts`` does; the Spark engine does the same in its tasks); returns the stories read."""
    stories = store.story_ids(min_articles=2)
    for story in stories:
        facts(store, story)
        if progress:
            progress(1)
    return len(stories)


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
