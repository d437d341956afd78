"""``/api/``: the pages' data as JSON, in the shapes the CLI prints.

``/api/stories`` (a page of stories, filtered and sorted), ``/api/stories/{story}`` (what
``unspin show --format json`` prints), ``/api/articles/{article}``, ``/api/pairs/{source}/{rewrite}``
and ``POST /api/compare`` (the ``Comparison`` JSON contract of ``unspin compare --format json``).
The OpenAPI description is ``/api/openapi.json``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from unspin import corpus
from unspin.score import at_least

from . import actions


class ErrorDetail(BaseModel):
    status: int
    message: str = Field(description="One sentence naming what was wrong.")


class ErrorBody(BaseModel):
    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Bad input (a field, a text, a URL)"},
    403: {"model": ErrorBody, "description": "A request from another site or host name"},
    404: {"model": ErrorBody, "description": "No such story, article or pair"},
    413: {"model": ErrorBody, "description": "The request body is too large"},
}
router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)


class CompareBody(BaseModel):
    """Two texts, or (when the server fetches) two URLs."""

    source: str = Field("", description="The source text.")
    rewrite: str = Field("", description="The rewrite text.")
    source_url: str = Field("", description="Fetched instead of `source` (server option).")
    rewrite_url: str = Field("", description="Fetched instead of `rewrite` (server option).")
    save: bool = Field(False, description="Also store both texts and the comparison.")
    mode: Literal["rewrite", "report"] | None = Field(
        None,
        description="Read `rewrite` as a rewrite or an independent report (default: by relation).",
    )
    min_confidence: float | None = Field(
        None, ge=0.0, le=1.0, description="Return only changes at least this sure (0..1)."
    )


@router.get("/stories", summary="A page of stories")
def stories(
    request: Request, q: Annotated[corpus.StoryQuery, Depends(actions.story_query)]
) -> dict:
    with actions.reader(request) as store:
        return corpus.browse(store, q)


@router.get("/stories/{story}", summary="One story: its articles, derivations and changes")
def story(request: Request, story: str) -> dict:
    with actions.reader(request) as store:
        return corpus.show(store, story)


@router.get("/stories/{story}/facts", summary="A story's fact sheet (`unspin facts --format json`)")
def story_facts(request: Request, story: str) -> dict:
    return actions.fact_sheet(request, story).to_dict()


@router.get("/articles/{article}", summary="One article: text, metadata, versions")
def article(request: Request, article: str) -> dict:
    with actions.reader(request) as store:
        return corpus.article(store, article)


@router.get("/watch", summary="What `unspin watch` follows, and its recent alerts")
def watch_status(request: Request) -> dict:
    from unspin import watch

    with actions.reader(request) as store:
        return watch.overview(store)


@router.get("/pairs/{source}/{rewrite}", summary="A stored comparison of a rewrite")
def pair(request: Request, source: str, rewrite: str) -> dict[str, Any]:
    with actions.reader(request) as store:
        return actions.stored_pair(store, source, rewrite)[0].to_dict()


@router.post("/compare", summary="Compare two texts (nothing stored unless `save`)")
def compare(request: Request, body: CompareBody) -> dict[str, Any]:
    cfg = actions.settings(request)
    src = actions.document(cfg, "source", body.source, body.source_url)
    rw = actions.document(cfg, "rewrite", body.rewrite, body.rewrite_url)
    result = actions.compare_documents(src, rw, body.mode)
    out = at_least(result, body.min_confidence).to_dict()  # the store keeps every change
    if body.save:
        a, b = actions.save(request, result)
        out["saved"] = {"source": a, "rewrite": b, "pair": f"/pairs/{a}/{b}"}
    return out
