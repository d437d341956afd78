"""What the pages and the API both do, once: read a story query, make or load a comparison."""

from __future__ import annotations

from fastapi import Request

from unspin import corpus
from unspin.errors import InputError
from unspin.ingest import from_bytes, load, load_text
from unspin.records import Comparison, Document

from .app import Readers, Settings


def settings(request: Request) -> Settings:
    return request.app.state.settings


def readers(request: Request) -> Readers:
    return request.app.state.readers


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
        return from_bytes(data, name or f"{side} upload")
    if text.strip():
        return load_text(text.replace("\r\n", "\n"), name=label.lower())
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


def compare_documents(source: Document, rewrite: Document) -> Comparison:
    from unspin.compare import compare

    return compare(source, rewrite)


def stored_pair(store, source: str, rewrite: str) -> tuple[Comparison, dict]:
    """The stored comparison of two articles (ids or external ids), and the rewrite's record."""
    a = corpus.article(store, source)["article"]
    b = corpus.article(store, rewrite)
    return corpus.comparison(store, a, b["article"]), b
