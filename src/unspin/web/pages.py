"""The HTML pages: stories, story, pair, compare, article; and ``/static/``.

Server-rendered with Jinja2 (autoescaping on: every article text and metadata value is escaped
by the template engine, or by :func:`unspin.report.html.esc` in the pair markup the report stage
makes). They work without JavaScript; one small script adds j/k keys to step through changes.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from unspin import corpus
from unspin.records import Comparison
from unspin.report.corpus import COLOURS, graph_svg
from unspin.report.html import render_parts

from . import actions
from .app import NAV
from .static import ASSETS

router = APIRouter(include_in_schema=False)


def _page(request: Request, template: str, nav: str | None, **context: object) -> HTMLResponse:
    templates = request.app.state.templates
    html = templates.get_template(template).render(nav=nav, links=NAV, **context)
    return HTMLResponse(html)


@router.get("/", response_class=HTMLResponse)
def stories_page(request: Request, q: Annotated[corpus.StoryQuery, Depends(actions.story_query)]):
    store = actions.readers(request).get()
    result = corpus.browse(store, q)
    fields = {k: v for k, v in request.query_params.items() if k != "page" and v}

    def page_href(n: int) -> str:
        return "/?" + urlencode({**fields, "page": n})

    return _page(
        request, "stories.html", "stories", q=q, result=result, page_href=page_href,
        outlets=corpus.outlets(store), kinds=corpus.KINDS, relations=corpus.RELATIONS,
        sorts=corpus.SORTS, filtered=bool(fields),
    )  # fmt: skip


@router.get("/stories/{story}", response_class=HTMLResponse)
def story_page(request: Request, story: str):
    data = corpus.story_graph(actions.readers(request).get(), story)
    svg = graph_svg(data["articles"], lambda a: "/articles/" + quote(a["article"]))
    return _page(request, "story.html", "stories", story=data, svg=svg, colours=COLOURS, q=quote)


@router.get("/articles/{article}", response_class=HTMLResponse)
def article_page(request: Request, article: str):
    data = corpus.article(actions.readers(request).get(), article)
    return _page(request, "article.html", "stories", a=data, q=quote)


@router.get("/pairs/{source}/{rewrite}", response_class=HTMLResponse)
def pair_page(request: Request, source: str, rewrite: str):
    store = actions.readers(request).get()
    result, rw = actions.stored_pair(store, source, rewrite)
    return _pair(request, result, story=rw["story"], saved=False)


def _pair(request: Request, result: Comparison, *, story: object, saved: bool) -> HTMLResponse:
    header, main = render_parts(result)
    return _page(
        request, "pair.html", None, header=header, main=main, story=story, saved=saved,
        title=f"{result.source.name} → {result.rewrite.name}",
    )  # fmt: skip


@router.get("/compare", response_class=HTMLResponse)
def compare_form(request: Request):
    cfg = actions.settings(request)
    return _page(request, "compare.html", "compare", fetch=cfg.allow_fetch, form={}, error=None)


@router.post("/compare", response_class=HTMLResponse)
async def compare_submit(
    request: Request,
    source: str = Form(""),
    rewrite: str = Form(""),
    source_url: str = Form(""),
    rewrite_url: str = Form(""),
    source_file: Annotated[UploadFile | None, File()] = None,
    rewrite_file: Annotated[UploadFile | None, File()] = None,
    save: str = Form(""),
) -> Response:
    from starlette.concurrency import run_in_threadpool

    from unspin.errors import InputError

    cfg = actions.settings(request)
    uploads = [await _upload(f) for f in (source_file, rewrite_file)]
    form = {"source": source, "rewrite": rewrite, "source_url": source_url,
            "rewrite_url": rewrite_url}  # fmt: skip
    try:
        src = actions.document(cfg, "source", source, source_url, uploads[0])
        rw = actions.document(cfg, "rewrite", rewrite, rewrite_url, uploads[1])
    except InputError as exc:  # the form again, filled in, with the reason
        html = request.app.state.templates.get_template("compare.html").render(
            nav="compare", links=NAV, fetch=cfg.allow_fetch, form=form, error=str(exc)
        )
        return HTMLResponse(html, status_code=400)
    result = await run_in_threadpool(actions.compare_documents, src, rw)
    if save:
        with actions.readers(request).writer() as store:
            a, b = await run_in_threadpool(corpus.save_comparison, store, result)
        return RedirectResponse(f"/pairs/{quote(a)}/{quote(b)}", status_code=303)
    return _pair(request, result, story=None, saved=False)


async def _upload(f: UploadFile | None) -> tuple[bytes, str] | None:
    if f is None or not f.filename:
        return None
    return await f.read(), f.filename


@router.get("/static/{name}")
def static(name: str) -> Response:
    if name not in ASSETS:
        from unspin.errors import NotFound

        raise NotFound(f"No file {name!r} here.")
    body, media = ASSETS[name]
    return Response(body, media_type=media, headers={"Cache-Control": "max-age=3600"})
