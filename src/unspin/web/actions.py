"""What the pages and the API both do, once: read a story query, make or load a comparison."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import PurePosixPath

from fastapi import Request

from unspin import corpus
from unspin.errors import InputError
from unspin.inputs import from_bytes, load, load_text
from unspin.records import Comparison, Document, FactSheet
from unspin.store import Store

from .app import Readers, Settings


def settings(request: Request) -> Settings:
    return request.app.state.settings


def reader(request: Request) -> AbstractContextManager[Store]:
    """A read-only store connection for this request (``with actions.reader(request) as s``)."""
    readers: Readers = request.app.state.readers
    return readers.reader()


def fact_sheet(request: Request, story: str) -> FactSheet:
    """A story's fact sheet; mentions read for it are kept through a writable connection, so
    the next view of the story reads them from the store."""

    def keep(rows: list) -> None:
        with request.app.state.readers.writer() as store:
            store.save_mentions(rows)

    with reader(request) as store:
        return corpus.facts(store, story, keep)


def save(request: Request, result: Comparison) -> tuple[str, str]:
    """Store a compare the user asked to keep; the two article ids."""
    with request.app.state.readers.writer() as store:
        return corpus.save_comparison(store, result)


def story_query(
    text: str = "", outlet: str = "", since: str = "", until: str = "", kind: str = "",
    relation: str = "", sort: str = "severity", page: int = 1, per_page: int = 25,
) -> corpus.StoryQuery:  # fmt: skip
    """The query of the stories page and ``/api/stories`` (checked: a bad field is a 400)."""
    return corpus.StoryQuery(
        text.strip(), outlet.strip(), since.strip(), until.strip(), kind.strip(),
        relation.strip(), sort.strip() or "severity", page, per_page,
    ).check()  # fmt: skip


def document(
    cfg: Settings, side: str, text: str = "", url: str = "", upload: tuple[bytes, str] | None = None
) -> Document:
    """One side of a compare request: an uploaded file, else pasted text, else a URL (only
    when the server was started with fetching allowed)."""
    label = "Source" if side == "source" else "Rewrite"
    if upload is not None and upload[0]:
        data, name = upload
        # the client's file name only tells the format (.html, .json...): never a path here
        return from_bytes(data, f"{side} upload {PurePosixPath(name.replace(chr(92), '/')).name}")
    if text.strip():
        return load_text(text.replace("\r\n", "\n"), name=f"pasted {side}")
    if url.strip():
        if not cfg.allow_fetch:
            raise InputError(
                "This server does not fetch URLs; start it with `unspin serve --allow-fetch`, "
                "or paste the text."
            )
        if not url.strip().lower().startswith(("http://", "https://")):
            raise InputError(f"The {side} URL must start with http:// or https://: {url!r}.")
        return load(url.strip(), allow_private=cfg.allow_private)
    raise InputError(f"{label}: paste a text, upload a file or give a URL.")


def compare_documents(
    source: Document,
    rewrite: Document,
    mode: str | None = None,
    min_confidence: float | None = None,
) -> Comparison:
    from unspin.compare import compare
    from unspin.score import at_least

    return at_least(compare(source, rewrite, mode=mode), min_confidence)


def stored_pair(store, source: str, rewrite: str) -> tuple[Comparison, dict]:
    """The stored comparison of two articles (ids or external ids), and the rewrite's record."""
    a = corpus.article(store, source)["article"]
    b = corpus.article(store, rewrite)
    return corpus.comparison(store, a, b["article"]), b


def fact_matrix(sheet: FactSheet, columns: int = 40) -> dict:
    """What the Facts tab shows: slots (disputed first, at most ``columns``, those stated by
    two or more articles before single-article ones) and one row per article, grouped by
    origin; ``cells[article][slot]`` is (value, status, [mention texts]) or None (silent)."""
    shown = sorted(
        sheet.slots,
        key=lambda s: (
            s.status != "disputed",
            len({m.article for v in s.values for m in v.mentions}) < 2,
        ),
    )[:columns]
    cells: dict[str, dict[str, tuple | None]] = {a.id: {} for a in sheet.articles}
    for slot in shown:
        for value in slot.values:
            for m in value.mentions:
                cell = cells[m.article].get(slot.slot)
                texts = (cell[2] if cell else []) + [m.text]
                cells[m.article][slot.slot] = (value.value, m.status, texts)
    rows = sorted(sheet.articles, key=lambda a: (a.origin != sheet.articles[0].origin, a.origin))
    return {"sheet": sheet, "slots": shown, "rows": rows, "cells": cells}
