"""The HTML report: one self-contained page, source and rewrite side by side.

Rows follow ``comparison.alignment.groups`` (see ``_common.rows``): a split or a merge is one
row with several sentences in a cell; a dropped or inserted sentence has an empty cell on the
other side. Changed words are ``<mark>`` elements placed by character offsets, coloured by kind,
underlined by severity, explained on hover, and listed again in the changes panel, whose links
jump to them. Spans may overlap: the text is cut at every span boundary and each piece is
marked with every change covering it.

Article text and metadata are untrusted. Every piece of them goes through :func:`esc`
(``html.escape`` with ``quote=True``) before it joins the markup, attributes included, and a
Content-Security-Policy allows only this page's own stylesheet and script (by hash), so even
a missed escape could not run code or load anything.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape
from typing import NamedTuple

from unspin.records import SEVERITIES, Change, Comparison, Document, Sentence, Span
from unspin.urls import http_url

from ._assets import CSS, KIND_COLOURS, SCRIPT
from ._common import (
    Row,
    boilerplate_count,
    by_index,
    clean,
    ordered,
    rows,
    segments,
    severity_counts,
    side_spans,
)

Numbered = list[tuple[int, Change]]


def esc(text: object) -> str:
    """``text`` as HTML text or attribute value: control characters dropped, all escaped."""
    return escape(clean(str(text)), quote=True)


def render_parts(comparison: Comparison) -> tuple[str, str]:
    """The page's header (names, cards, counts, legend) and its main part (the aligned grid
    and the changes panel) as markup, for pages that embed a comparison (``serve``)."""
    numbered = list(enumerate(ordered(comparison.changes), start=1))
    placed: set[str] = set()  # anchor ids that made it into the page
    grid = _grid(comparison, numbered, placed)
    main = f'<main class="wrap layout">\n{grid}\n{_panel(numbered, placed)}\n</main>'
    return _header(comparison), main


def render_html(comparison: Comparison) -> str:
    """The comparison as one HTML page that loads nothing from anywhere."""
    header, main = render_parts(comparison)
    title = f"unspin: {comparison.source.name} → {comparison.rewrite.name}"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{esc(_csp())}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="referrer" content="no-referrer">',
            f"<title>{esc(title)}</title>",
            f"<style>{CSS}</style>",
            "</head>",
            "<body>",
            header,
            main,
            f"<script>{SCRIPT}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def _csp() -> str:
    return (
        f"default-src 'none'; style-src '{_sha256(CSS)}'; script-src '{_sha256(SCRIPT)}'; "
        "base-uri 'none'; form-action 'none'"
    )


# -- header ---------------------------------------------------------------------------------


def _header(comparison: Comparison) -> str:
    src, rw = comparison.source, comparison.rewrite
    return (
        '<header class="top"><div class="wrap">'
        f'<h1><span class="tool">unspin</span>{esc(src.name)} → {esc(rw.name)}</h1>'
        f'<div class="docs">{_doc_card("Source", src)}{_doc_card("Rewrite", rw)}</div>'
        f"{_stats(comparison)}{_legend()}"
        "</div></header>"
    )


def _doc_card(label: str, doc: Document) -> str:
    title = f'<p class="title">{esc(doc.title)}</p>' if doc.title else ""
    facts = [esc(v) for v in (doc.outlet, doc.author, doc.published) if v]
    if doc.url:
        facts.append(_url(doc.url))
    meta = f'<p class="meta">{" · ".join(facts)}</p>' if facts else ""
    return (
        f'<section class="doc"><h2>{label}</h2>'
        f'<p class="name">{esc(doc.name)}</p>{title}{meta}</section>'
    )


def _url(url: str) -> str:
    """A link for http(s) URLs only; anything else (``javascript:``...) stays inert text."""
    if http_url(url):
        return f'<a href="{esc(url.strip())}" rel="noopener noreferrer">{esc(url)}</a>'
    return esc(url)


def _stats(comparison: Comparison) -> str:
    relation = comparison.relation
    counts = severity_counts(comparison.changes)
    badges = "".join(
        f'<span class="badge s-{s}{"" if counts[s] else " zero"}">{counts[s]} {s}</span>'
        for s in SEVERITIES
    )
    verdict = (
        f"<span>{_plural(len(comparison.changes), 'change')} {badges}</span>"
        if comparison.changes
        else '<span class="nochange">No factual changes found.</span>'
    )
    n = boilerplate_count(comparison)
    return (
        '<p class="stats">'
        f'<span class="figure">Relation <b>{esc(relation.kind)}</b></span>'
        f'<span class="figure">Similarity <b>{relation.similarity:.2f}</b></span>'
        + (f'<span class="figure" title="How well the source supports the rewrite, 0 to 1">'
           f'Consistency <b>{comparison.consistency:.2f}</b></span>'
           if comparison.consistency is not None else "")
        + (f'<span class="figure">Read as <b>{esc(comparison.mode)}</b></span>')
        + f'{verdict}<span class="muted">{_plural(n, "boilerplate sentence")}</span></p>'
    )


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _legend() -> str:
    kinds = "".join(
        f'<li><span class="swatch k-{kind}"></span>{kind}</li>' for kind in KIND_COLOURS
    )
    severities = (
        '<li class="sev">underline: <span class="badge s-high">high</span> thick · '
        '<span class="badge s-medium">medium</span> medium · '
        '<span class="badge s-low">low</span> dashed</li>'
    )
    return f'<ul class="legend" aria-label="Legend">{kinds}{severities}</ul>'


# -- side-by-side grid ----------------------------------------------------------------------


class _Side(NamedTuple):
    """What the grid needs of one text: its name, words, sentences by index and change spans."""

    name: str
    text: str
    sentences: dict[int, Sentence]
    spans: list[tuple[int, Span]]


def _grid(comparison: Comparison, numbered: Numbered, placed: set[str]) -> str:
    sides = [
        _Side(name, doc.text, by_index(sentences), side_spans(numbered, name))
        for name, doc, sentences in (
            ("source", comparison.source, comparison.source_sentences),
            ("rewrite", comparison.rewrite, comparison.rewrite_sentences),
        )
    ]
    out = [
        '<section class="compare" aria-label="Aligned sentences">',
        '<div class="row colhead"><div>Source</div><div>Rewrite</div></div>',
    ]
    for row in rows(comparison):
        out.append(_row(sides, row, numbered, placed))
    return "\n".join(out) + "\n</section>"


def _row(sides: list[_Side], row: Row, numbered: Numbered, placed: set[str]) -> str:
    cells, hits = [], set()
    for side, indices in zip(sides, (row.source, row.rewrite), strict=True):
        tag = ""
        if row.label and side.name == "rewrite":
            tag = f'<span class="rowtag">{row.label}</span>'
        html, found = _cell(side, indices, numbered, placed, tag)
        hits |= found
        cells.append(html)
    classes = " ".join(filter(None, ["row", row.label]))
    if hits:  # numbers follow severity order: the smallest is the row's most severe change
        classes += f" w-{esc(numbered[min(hits) - 1][1].severity)}"
    score = f' title="alignment score {row.score:.2f}"' if row.score is not None else ""
    return f'<div class="{classes}"{score}>{"".join(cells)}</div>'


def _cell(
    side: _Side, indices: tuple[int, ...], numbered: Numbered, placed: set[str], tag: str
) -> tuple[str, set[int]]:
    label = side.name.capitalize()
    present = [side.sentences[i] for i in indices if i in side.sentences]
    if not present:
        gap = f"Not in the {side.name}"
        empty = f'<div class="cell empty" data-side="{label}">{tag}<p class="gap">{gap}</p></div>'
        return empty, set()
    parts, hits = [], set()
    for sentence in present:
        html, found = _sentence(side.name, side.text, sentence, side.spans, numbered, placed)
        parts.append(html)
        hits |= found
    return f'<div class="cell" data-side="{label}">{tag}{"".join(parts)}</div>', hits


def _sentence(
    side: str,
    text: str,
    sentence: Sentence,
    spans: list[tuple[int, Span]],
    numbered: Numbered,
    placed: set[str],
) -> tuple[str, set[int]]:
    parts, hits = [], set()
    for seg in segments(sentence.start, sentence.end, spans):
        words = esc(text[seg.start : seg.end])
        if not seg.covering:
            parts.append(words)
            continue
        hits.update(seg.covering)
        anchors = ""
        for n in seg.covering:
            anchor = _anchor_id(n, side)
            if anchor not in placed:
                placed.add(anchor)
                anchors += f'<span class="anchor" id="{anchor}"></span>'
        point = seg.start == seg.end  # a zero-width span: an insertion point
        parts.append(_mark(seg.covering, numbered, anchors + ("‸" if point else words), point))
    body = "".join(parts)
    if sentence.is_boilerplate:
        rule = esc(sentence.boilerplate)
        label = f'<span class="bp" title="boilerplate rule: {rule}">boilerplate</span>'
        return f'<p class="sent boiler" title="boilerplate: {rule}">{label}{body}</p>', hits
    return f'<p class="sent">{body}</p>', hits


def _mark(covering: tuple[int, ...], numbered: Numbered, inner: str, point: bool) -> str:
    """``inner`` (markup already escaped) marked with every change in ``covering``."""
    # Numbers follow severity order, so the smallest covering number is the most severe change.
    top = numbered[min(covering) - 1][1]
    classes = f"hl k-{esc(top.kind)} s-{esc(top.severity)}"
    if len(covering) > 1:
        classes += " multi"
    if point:
        classes += " pt"
    title = "\n".join(_describe(n, numbered[n - 1][1]) for n in covering)
    data = " ".join(str(n) for n in covering)
    return f'<mark class="{classes}" data-c="{data}" title="{esc(title)}">{inner}</mark>'


def _describe(n: int, change: Change) -> str:
    return f"#{n} {change.severity.upper()} {change.kind}: {clean(change.explanation)}"


def _anchor_id(n: int, side: str) -> str:
    return f"h{n}{side[0]}"


# -- changes panel --------------------------------------------------------------------------


def _panel(numbered: Numbered, placed: set[str]) -> str:
    head = (
        f'<aside class="changes" aria-label="Changes"><h2>Changes ({len(numbered)})</h2>'
        '<p class="hint">Press <kbd>j</kbd> / <kbd>k</kbd> to step through the changes.</p>'
    )
    if not numbered:
        return head + '<p class="empty-note nochange">No factual changes found.</p></aside>'
    items = "\n".join(_item(n, change, placed) for n, change in numbered)
    return f"{head}<ol>\n{items}\n</ol></aside>"


def _item(n: int, change: Change, placed: set[str]) -> str:
    sev, kind = esc(change.severity), esc(change.kind)
    targets = [a for side in ("rewrite", "source") if (a := _anchor_id(n, side)) in placed]
    head = (
        f'<span class="num">#{n}</span><span class="badge s-{sev}">{sev}</span>'
        f'<span class="kind k-{kind}">{kind}</span>'
        + (f'<span class="muted" title="confidence">{change.confidence:.2f}</span>'
           if change.confidence is not None else "")
        + ('<span class="muted">not in the other report</span>' if change.unshared else "")
    )
    go = (
        f'<a class="go" href="#{targets[0]}">{head}</a>'
        if targets
        else f'<div class="go">{head}</div>'
    )
    links = [
        f'<a href="#{_anchor_id(n, side)}">{side}</a>'
        for side in ("source", "rewrite")
        if _anchor_id(n, side) in placed
    ]
    where = f'<p class="where">Show in {" · ".join(links)}</p>' if links else ""
    why = f'<p class="why">{esc(change.explanation)}</p>' if change.explanation.strip() else ""
    return f'<li class="chg s-{sev}" id="c{n}" data-n="{n}">{go}{_diff(change)}{why}{where}</li>'


def _diff(change: Change) -> str:
    nothing = '<span class="none">nothing</span>'
    old = f"<del>{esc(change.source.text)}</del>" if change.source else nothing
    new = f"<ins>{esc(change.rewrite.text)}</ins>" if change.rewrite else nothing
    return f'<p class="diff">{old} → {new}</p>'
