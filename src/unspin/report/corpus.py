"""The corpus report: one static HTML page of stories, most severe first, each with its
derivation graph (SVG) and links to a side-by-side page per copy or rewrite.

Pure rendering: :func:`render_corpus` takes the data of :func:`unspin.corpus.overview` and a
function naming each pair page, and returns the page; the caller writes the files. Every piece of
article text or metadata goes through :func:`~unspin.report.html.esc`; the page carries a CSP
that allows its own stylesheet only (no script at all).
"""

from __future__ import annotations

from collections.abc import Callable

from .html import _sha256, esc

CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
.wrap{max-width:1100px;margin:0 auto;padding:0 18px}
header{background:#1d2330;color:#fff;padding:14px 0}header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;color:#c9cfdb}
section.story{background:#fff;border:1px solid #dde1e8;border-radius:6px;margin:18px 0;padding:12px 16px}
section.story h2{font-size:17px;margin:0 0 4px}.meta{color:#5b6475;font-size:13px}
table{border-collapse:collapse;width:100%;margin-top:8px;font-size:14px}
td,th{text-align:left;padding:4px 6px;border-top:1px solid #eceff3;vertical-align:top}
.rel{font-weight:600}.rel-copy{color:#6a4fb3}.rel-rewrite{color:#b3541e}.rel-original{color:#1f7a4d}
.rel-independent{color:#3c6fb0}.sev3{color:#b00020;font-weight:700}.sev2{color:#b36b00;font-weight:600}
svg{display:block;margin:6px 0;max-width:100%}svg text{font:12px system-ui,sans-serif;fill:#1d2330}
.badge{display:inline-block;border-radius:9px;padding:0 7px;font-size:12px;background:#eceff3;margin-right:4px}
"""
COLOURS = {"original": "#1f7a4d", "copy": "#6a4fb3", "rewrite": "#b3541e", "independent": "#3c6fb0"}
WORST = {3: "high", 2: "medium", 1: "low", 0: ""}


def render_corpus(
    stories: list[dict],
    pair_href: Callable[[dict], str | None],
    *,
    total: int,
    singles: int,
    facts: Callable[[dict], tuple[str, int]] | None = None,
) -> str:
    """The report page; ``pair_href(article)`` gives the link to a derived article's pair page,
    ``facts(story)`` the link to its fact sheet and how many of its slots are disputed."""
    body = [_story(s, pair_href, facts) for s in stories]
    csp = f"default-src 'none'; style-src '{_sha256(CSS)}'; base-uri 'none'; form-action 'none'"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">',
            '<meta name="referrer" content="no-referrer">',
            "<title>unspin corpus report</title>",
            f"<style>{CSS}</style></head><body>",
            '<header><div class="wrap"><h1>unspin corpus report</h1>',
            f"<p>{total:,} articles; {len(stories):,} stories with more than one article shown, most severe "
            f"changes first; {singles:,} single-article stories not shown.</p></div></header>",
            '<main class="wrap">',
            *body,
            "</main></body></html>",
            "",
        ]
    )


def _story(
    story: dict,
    pair_href: Callable[[dict], str | None],
    facts: Callable[[dict], tuple[str, int]] | None = None,
) -> str:
    arts = story["articles"]
    first = next((a for a in arts if a["relation"] == "original"), arts[0])
    counts = {r: sum(a["relation"] == r for a in arts) for r in ("copy", "rewrite", "independent")}
    badges = "".join(f'<span class="badge">{n} {r}</span>' for r, n in counts.items() if n)
    worst = WORST[story["worst"]]
    flag = (
        f' <span class="sev{story["worst"]}">{story["flagged"]} flagged ({esc(worst)} at worst)</span>'
        if story["flagged"]
        else ""
    )
    rows = "".join(_row(a, pair_href) for a in arts)
    sheet = ""
    if facts is not None:
        href, disputed = facts(story)
        sheet = (f'<p class="meta"><a href="{esc(href)}">Fact sheet</a>: '
                 f"{disputed} disputed slot{'s' if disputed != 1 else ''}</p>")  # fmt: skip
    return (
        f'<section class="story" id="s-{esc(story["story"])}">'
        f"<h2>{esc(first['title'] or first['id'])}</h2>"
        f'<div class="meta">story {esc(story["story"])} · {len(arts)} articles {badges}{flag}</div>'
        f"{_graph(arts)}"
        "<table><tr><th>article</th><th>outlet</th><th>published</th><th>relation</th><th>changes</th></tr>"
        f"{rows}</table>{sheet}</section>"
    )


def _row(a: dict, pair_href: Callable[[dict], str | None]) -> str:
    rel = esc(a["relation"])
    origin = f" of {esc(a['derived_from'])}" if a["derived_from"] else ""
    href = pair_href(a)
    changes = ""
    if href:
        text = f"{a['flagged']} flagged" if a["flagged"] else "no flagged change"
        changes = (
            f'<a href="{esc(href)}" class="sev{a["worst"] if a["flagged"] else 0}">{esc(text)}</a>'
        )
    return (
        f"<tr><td>{esc(a['id'])}<br><span class='meta'>{esc(a['title'] or '')}</span></td>"
        f"<td>{esc(a['outlet'] or '')}</td><td>{esc(a['published'] or '')}</td>"
        f'<td class="rel rel-{rel}">{rel}{origin}</td><td>{changes}</td></tr>'
    )


def graph_svg(arts: list[dict], href: Callable[[dict], str] | None = None) -> str:
    """The derivation tree as inline SVG (what ``serve``'s story page draws); ``href(article)``
    makes each node a link."""
    return _graph(arts, href)


def _graph(arts: list[dict], href: Callable[[dict], str] | None = None) -> str:
    """The derivation tree, drawn top-down: roots on the first row, each child below its parent."""
    by_id = {a["article"]: a for a in arts}
    depth: dict[str, int] = {}
    for a in arts:  # depth = links up to a root; a loop (never expected) counts as a root
        chain, node = [], a["article"]
        while node in by_id and node not in depth and node not in chain:
            chain.append(node)
            node = by_id[node]["parent"]
        base = depth.get(node, -1) if node in by_id and node not in chain else -1
        for k, aid in enumerate(reversed(chain)):
            depth[aid] = base + 1 + k

    def level(aid: str) -> int:
        return depth[aid]

    rows: dict[int, list[str]] = {}
    for a in arts:
        rows.setdefault(level(a["article"]), []).append(a["article"])
    width = max(len(r) for r in rows.values()) * 170 + 20
    pos = {
        aid: (20 + k * 170 + 70, 24 + d * 64) for d, r in rows.items() for k, aid in enumerate(r)
    }
    lines = [
        f'<line x1="{pos[a["parent"]][0]}" y1="{pos[a["parent"]][1]}" x2="{pos[a["article"]][0]}" '
        f'y2="{pos[a["article"]][1]}" stroke="{COLOURS.get(a["relation"], "#888")}" stroke-width="2"/>'
        for a in arts
        if a["parent"] in pos
    ]
    nodes = [
        f'<circle cx="{x}" cy="{y}" r="8" fill="{COLOURS.get(by_id[aid]["relation"], "#888")}"/>'
        f'<text x="{x}" y="{y + 22}" text-anchor="middle">{esc(_short(by_id[aid]["id"]))}</text>'
        for aid, (x, y) in pos.items()
    ]
    if href:
        nodes = [
            f'<a href="{esc(href(by_id[aid]))}"><title>{esc(by_id[aid]["title"] or by_id[aid]["id"])}'
            f"</title>{node}</a>"
            for aid, node in zip(pos, nodes, strict=True)
        ]
    height = 64 * len(rows) + 10
    label = "Derivation graph: " + "; ".join(
        f"{a['id']} {a['relation']}" + (f" of {a['derived_from']}" if a["derived_from"] else "")
        for a in arts
    )
    return (
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{esc(label)}">'
        + "".join(lines + nodes)
        + "</svg>"
    )


def _short(text: str, n: int = 24) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
