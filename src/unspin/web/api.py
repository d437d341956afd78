"""``/api/``: the pages' data as JSON, in the shapes the CLI prints.

``/api/stories`` (a page of stories, filtered and sorted), ``/api/stories/{story}`` (what
``unspin show --format json`` prints), ``/api/articles/{article}``, ``/api/pairs/{source}/{rewrite}``
and ``POST /api/compare`` (the ``Comparison`` JSON contract of ``unspin compare --format json``).
The OpenAPI description is ``/api/openapi.json``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from unspin import corpus

from . import actions

router = APIRouter(prefix="/api", tags=["api"])


class CompareBody(BaseModel):
    """Two texts, or (when the server fetches) two URLs."""

    source: str = Field("", description="The source text.")
    rewrite: str = Field("", description="The rewrite text.")
    source_url: str = Field("", description="Fetched instead of `source` (server option).")
    rewrite_url: str = Field("", description="Fetched instead of `rewrite` (server option).")
    save: bool = Field(False, description="Also store both texts and the comparison.")


@router.get("/stories", summary="A page of stories")
def stories(
    request: Request, q: Annotated[corpus.StoryQuery, Depends(actions.story_query)]
) -> dict:
    return corpus.browse(actions.readers(request).get(), q)


@router.get("/stories/{story}", summary="One story: its articles, derivations and changes")
def story(request: Request, story: str) -> dict:
    return corpus.show(actions.readers(request).get(), story)


@router.get("/articles/{article}", summary="One article: text, metadata, versions")
def article(request: Request, article: str) -> dict:
    return corpus.article(actions.readers(request).get(), article)


@router.get("/pairs/{source}/{rewrite}", summary="A stored comparison of a rewrite")
def pair(request: Request, source: str, rewrite: str) -> dict[str, Any]:
    store = actions.readers(request).get()
    return actions.stored_pair(store, source, rewrite)[0].to_dict()


@router.post("/compare", summary="Compare two texts (nothing stored unless `save`)")
def compare(request: Request, body: CompareBody) -> dict[str, Any]:
    cfg = actions.settings(request)
    src = actions.document(cfg, "source", body.source, body.source_url)
    rw = actions.document(cfg, "rewrite", body.rewrite, body.rewrite_url)
    result = actions.compare_documents(src, rw)
    out = result.to_dict()
    if body.save:
        with actions.readers(request).writer() as store:
            a, b = corpus.save_comparison(store, result)
        out["saved"] = {"source": a, "rewrite": b, "pair": f"/pairs/{a}/{b}"}
    return out
