"""A story's fact sheet as text, Markdown or HTML (``unspin facts``). JSON is
:meth:`~unspin.records.FactSheet.to_dict`. Article text is untrusted: cleaned of control
characters in text, escaped in Markdown and HTML."""

from __future__ import annotations

from html import escape

from unspin.records import FactSheet, Slot, ValueChange

from ._common import one_line
from .markdown import md_escape

FORMATS = ("text", "json", "markdown", "html")


def render_text(sheet: FactSheet, *, only_disputed: bool = False) -> str:
    origins = {a.origin for a in sheet.articles}
    lines = [
        f"story {sheet.story}: {len(sheet.articles)} articles, {len(origins)} independent "
        f"origins, {len(sheet.slots)} slots, {len(sheet.disputed)} disputed"
    ]
    for slot in sheet.slots:
        if only_disputed and slot.status != "disputed":
            continue
        lines.append(f"- {slot.status:<10} {one_line(slot.slot)} ({slot.kind})")
        for v in slot.values:
            who = ", ".join(dict.fromkeys(m.article for m in v.mentions))
            lines.append(
                f"    {one_line(v.value)!s:<30} {len(v.origins)} origin(s); first {v.first}"
                f"{' at ' + v.first_published if v.first_published else ''}; in {who}"
            )
        if slot.minority:
            lines.append(f"    differs from the majority: {', '.join(slot.minority)}")
        lines += [f"    {one_line(_change(h))}" for h in slot.history]
    return "\n".join(lines)


def _change(h: ValueChange) -> str:
    """ "version 2 of URL (article): 'postpone' -> 'end'" """

    def said(values: tuple[str, ...]) -> str:
        return " / ".join(repr(v) for v in values) or "silent"

    return f"version {h.version} of {h.url} ({h.article}): {said(h.before)} -> {said(h.after)}"


def render_markdown(sheet: FactSheet) -> str:
    out = [f"## Fact sheet of story {md_escape(sheet.story)}", ""]
    out += ["| slot | status | value | origins | first | articles |", "|---|---|---|---|---|---|"]
    for slot in sheet.slots:
        for k, v in enumerate(slot.values):
            who = ", ".join(dict.fromkeys(md_escape(m.article) for m in v.mentions))
            out.append(
                f"| {md_escape(slot.slot) if k == 0 else ''} | {slot.status if k == 0 else ''} "
                f"| {md_escape(v.value)} | {len(v.origins)} | {md_escape(v.first)} | {who} |"
            )
    changed = [(slot, h) for slot in sheet.slots for h in slot.history]
    if changed:
        out += ["", "### Changes between versions of a page", ""]
        out += [f"- {md_escape(slot.slot)}: {md_escape(_change(h))}" for slot, h in changed]
    return "\n".join(out) + "\n"


def render_html(sheet: FactSheet) -> str:
    """A standalone page: one table row per value (no script, no outside resources)."""
    rows = "".join(_row(slot) for slot in sheet.slots)
    changed = "".join(
        f"<li>{escape(slot.slot)}: {escape(_change(h))}</li>"
        for slot in sheet.slots
        for h in slot.history
    )
    changed = f"<h2>Changes between versions of a page</h2><ul>{changed}</ul>" if changed else ""
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">"
        f"<title>Fact sheet {escape(sheet.story)}</title><style>{_CSS}</style></head><body>"
        f"<h1>Fact sheet of story {escape(sheet.story)}</h1>"
        f"<p>{len(sheet.articles)} articles, {len({a.origin for a in sheet.articles})} independent"
        f" origins, {len(sheet.disputed)} disputed slots.</p>"
        "<table><thead><tr><th>slot</th><th>status</th><th>value</th><th>origins</th>"
        f"<th>first</th><th>said in</th></tr></thead><tbody>{rows}</tbody></table>{changed}"
        "</body></html>\n"
    )


def _row(slot: Slot) -> str:
    out = []
    for k, v in enumerate(slot.values):
        said = "; ".join(
            f"{escape(m.article)}: “{escape(one_line(m.text))}”" for m in v.mentions[:6]
        ) + (f"; and {len(v.mentions) - 6} more" if len(v.mentions) > 6 else "")
        status = v.mentions[0].status if v.mentions else ""
        head = (
            f"<td rowspan='{len(slot.values)}'>{escape(slot.slot)}</td>"
            f"<td rowspan='{len(slot.values)}' class='s-{slot.status}'>{slot.status}</td>"
            if k == 0
            else ""
        )
        out.append(
            f"<tr>{head}<td class='m-{status}'>{escape(v.value)}</td><td>{len(v.origins)}</td>"
            f"<td>{escape(v.first)}</td><td>{said}</td></tr>"
        )
    return "".join(out)


_CSS = (
    "body{font:15px/1.4 system-ui,sans-serif;margin:2em}table{border-collapse:collapse}"
    "td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}"
    ".s-disputed,.m-conflicts{background:#ffebe9}.s-compatible,.m-compatible{background:#fff8c5}"
    ".s-agreed,.m-agrees{background:#dafbe1}"
)
