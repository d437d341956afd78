"""The HTML pages: stories, story, pair, compare, article; and ``/static/``.

Server-rendered with Jinja2 (autoescaping on: every article text and metadata value is escaped
by the template engine, or by :func:`unspin.report.html.esc` in the pair markup the report stage
makes). They work without JavaScript; one small script adds j/k keys to step through changes.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from unspin import corpus
from unspin.errors import InputError, NotFound
from unspin.records import Comparison
from unspin.report.corpus import COLOURS, graph_svg
from unspin.report.html import render_parts

from . import actions
from .app import NAV
from .static import ASSETS

router = APIRouter(include_in_schema=False)
FILTER_KINDS = tuple(k for k in corpus.KINDS if k != "boilerplate")  # never high or medium


def _page(request: Request, template: str, nav: str | None, status: int = 200, **context: object):
    html = request.app.state.templates.get_template(template).render(nav=nav, links=NAV, **context)
    return HTMLResponse(html, status_code=status)


@router.get("/", response_class=HTMLResponse)
def stories_page(request: Request, q: Annotated[corpus.StoryQuery, Depends(actions.story_query)]):
    with actions.reader(request) as store:
        result = corpus.browse(store, q)
        outlets = corpus.outlets(store)
    fields = {k: v for k, v in request.query_params.items() if k != "page" and v}

    def page_href(n: int) -> str:
        return "/?" + urlencode({**fields, "page": n})

    return _page(
        request, "stories.html", "stories", q=q, result=result, page_href=page_href,
        outlets=outlets, kinds=FILTER_KINDS, relations=corpus.RELATIONS, sorts=corpus.SORTS,
        filtered=bool(fields),
    )  # fmt: skip


@router.get("/stories/{story}", response_class=HTMLResponse)
def story_page(request: Request, story: str):
    with actions.reader(request) as store:
        data = corpus.story_graph(store, story)
    svg = graph_svg(data["articles"], lambda a: "/articles/" + quote(a["article"]))
    return _page(request, "story.html", "stories", story=data, svg=svg, colours=COLOURS)


@router.get("/stories/{story}/facts", response_class=HTMLResponse)
def facts_page(request: Request, story: str):
    """The Facts tab: outlets (rows, grouped by independent origin) against slots (columns);
    each cell the article's value and status, opening to the exact words."""
    sheet = actions.fact_sheet(request, story)
    with actions.reader(request) as store:
        title = corpus.story_graph(store, story)["articles"][0]["title"]
    return _page(request, "facts.html", "stories", **actions.fact_matrix(sheet), title=title)


@router.get("/articles/{article}", response_class=HTMLResponse)
def article_page(request: Request, article: str):
    with actions.reader(request) as store:
        data = corpus.article(store, article)
    return _page(request, "article.html", "stories", a=data)


@router.get("/pairs/{source}/{rewrite}", response_class=HTMLResponse)
def pair_page(request: Request, source: str, rewrite: str):
    with actions.reader(request) as store:
        result, rw = actions.stored_pair(store, source, rewrite)
    return _pair(request, result, story=rw["story"])


def _pair(request: Request, result: Comparison, *, story: object) -> HTMLResponse:
    header, main = render_parts(result)
    title = f"{result.source.name} → {result.rewrite.name}"
    return _page(request, "pair.html", None, header=header, main=main, story=story, title=title)


@router.get("/compare", response_class=HTMLResponse)
def compare_form(request: Request):
    fetch = actions.settings(request).allow_fetch
    return _page(request, "compare.html", "compare", fetch=fetch, form={}, error=None)


@router.post("/compare", response_class=HTMLResponse)
async def compare_submit(request: Request) -> Response:
    """The form: pasted texts, uploaded files or (when allowed) URLs; ``save`` keeps it. The
    form is parsed here so a field may be as large as the body limit allows."""
    cfg = actions.settings(request)
    data = await request.form(max_files=2, max_fields=10, max_part_size=cfg.max_body)
    form = {k: v for k, v in data.items() if isinstance(v, str)}
    uploads = [await _upload(data.get(f"{side}_file")) for side in ("source", "rewrite")]

    def read() -> tuple:
        return tuple(
            actions.document(cfg, side, form.get(side, ""), form.get(f"{side}_url", ""), up)
            for side, up in zip(("source", "rewrite"), uploads, strict=True)
        )

    try:  # fetching and parsing block: off the event loop
        src, rw = await run_in_threadpool(read)
    except InputError as exc:  # the form again, filled in, with the reason
        return _page(request, "compare.html", "compare", 400, fetch=cfg.allow_fetch, form=form,
                     error=str(exc))  # fmt: skip
    mode = form.get("mode") or None
    if mode not in (None, "rewrite", "report"):
        return _page(request, "compare.html", "compare", 400, fetch=cfg.allow_fetch, form=form,
                     error="mode must be rewrite or report.")  # fmt: skip
    result = await run_in_threadpool(actions.compare_documents, src, rw, mode)
    if form.get("save"):
        a, b = await run_in_threadpool(actions.save, request, result)
        return RedirectResponse(f"/pairs/{quote(a)}/{quote(b)}", status_code=303)
    return _pair(request, result, story=None)


async def _upload(item: object) -> tuple[bytes, str] | None:
    if not isinstance(item, UploadFile) or not item.filename:
        return None
    return await item.read(), item.filename


@router.get("/watch", response_class=HTMLResponse)
def watch_page(request: Request):
    """Feeds and pages followed by ``unspin watch``: last and next check, status, entries,
    health; and the recent alerts."""
    from unspin import watch

    with actions.reader(request) as store:
        data = watch.overview(store)
    return _page(request, "watch.html", "watch", w=data)


@router.get("/alerts.atom")
def alerts_feed(request: Request) -> Response:
    """The alerts of ``unspin watch`` as Atom 1.0, newest first; each alert one entry."""
    from unspin import watch

    with actions.reader(request) as store:
        body = watch.atom(store, str(request.base_url))
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@router.get("/static/{name}")
def static(name: str) -> Response:
    if name not in ASSETS:
        raise NotFound(f"No file {name!r} here.")
    body, media = ASSETS[name]
    return Response(body, media_type=media, headers={"Cache-Control": "max-age=3600"})
