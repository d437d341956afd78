"""The Markdown report: a summary table of changes, then the aligned sentences.

Article text and metadata are untrusted and go through :func:`md_escape` before they reach a
table cell: Markdown punctuation (pipes included) is backslash-escaped, so a renderer shows
the characters instead of acting on them, and newlines become ``<br>`` so a row stays one row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from unspin.records import Change, Comparison, Sentence, Span

from ._common import (
    Row,
    by_index,
    clean,
    counts_phrase,
    ordered,
    rows,
    segments,
    side_spans,
    summary_line,
)

# The punctuation CommonMark and GFM act on inside a line; all of it may be backslash-escaped.
# (Block markers such as "-" or "1." cannot start a table cell or list item text, so they stay.)
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_NEWLINES = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t]*")
_SPACES = re.compile(r"[ \t\f\v]+")


def md_escape(text: str) -> str:
    """``text`` safe inside a Markdown table cell: punctuation escaped, newlines as ``<br>``."""
    return _inline(text.strip())


def _inline(text: str) -> str:
    escaped = _SPECIAL.sub(r"\\\1", clean(text))
    return _SPACES.sub(" ", _NEWLINES.sub("<br>", escaped))


def render_markdown(comparison: Comparison) -> str:
    """The comparison as GitHub-flavoured Markdown."""
    parts = [_heading(comparison), _changes_table(comparison), _alignment_table(comparison)]
    return "\n\n".join(parts) + "\n"


def _heading(comparison: Comparison) -> str:
    src, rw = comparison.source, comparison.rewrite
    lines = [f"# unspin: {md_escape(src.name)} → {md_escape(rw.name)}", ""]
    for label, doc in (("Source", src), ("Rewrite", rw)):
        title = f": *{md_escape(doc.title)}*" if doc.title else ""
        lines.append(f"- **{label}:** {md_escape(doc.name)}{title}")
    relation = comparison.relation
    lines.append(
        f"- **Relation:** {md_escape(relation.kind)}, similarity {relation.similarity:.2f}"
    )
    lines.append(f"- **Changes:** {summary_line(comparison)}")
    return "\n".join(lines)


def _cell(span: Span | None) -> str:
    return md_escape(span.text) if span is not None and span.text.strip() else "—"


def _changes_table(comparison: Comparison) -> str:
    if not comparison.changes:
        return "## Changes\n\nNo factual changes found."
    lines = [
        f"## Changes ({counts_phrase(comparison)})",
        "",
        "| # | Severity | Kind | Source | Rewrite | Explanation |",
        "|---:|---|---|---|---|---|",
    ]
    for n, change in enumerate(ordered(comparison.changes), start=1):
        severity = f"**{change.severity}**" if change.severity == "high" else change.severity
        lines.append(
            f"| {n} | {severity} | {change.kind} | {_cell(change.source)} "
            f"| {_cell(change.rewrite)} | {md_escape(change.explanation)} |"
        )
    return "\n".join(lines)


def _alignment_table(comparison: Comparison) -> str:
    numbered = list(enumerate(ordered(comparison.changes), start=1))
    lines = [
        "## Aligned sentences",
        "",
        "Changed words are in **bold**.",
        "",
        "| Source | Rewrite | Alignment |",
        "|---|---|---|",
    ]
    for row in rows(comparison):
        lines.append(_alignment_row(comparison, row, numbered))
    return "\n".join(lines)


def _alignment_row(comparison: Comparison, row: Row, numbered: list[tuple[int, Change]]) -> str:
    source = _side_cell(
        comparison.source.text,
        by_index(comparison.source_sentences),
        row.source,
        side_spans(numbered, "source"),
    )
    rewrite = _side_cell(
        comparison.rewrite.text,
        by_index(comparison.rewrite_sentences),
        row.rewrite,
        side_spans(numbered, "rewrite"),
    )
    note = row.label or "match"
    if row.score is not None and row.source and row.rewrite:
        note += f" {row.score:.2f}"
    return f"| {source or '*(not in source)*'} | {rewrite or '*(not in rewrite)*'} | {note} |"


def _side_cell(
    text: str, sentences: dict[int, Sentence], indices: Sequence[int], spans: list[tuple[int, Span]]
) -> str:
    out = []
    for i in indices:
        sentence = sentences.get(i)
        if sentence is None:
            continue
        marked = _marked(text, sentence, spans)
        if sentence.is_boilerplate:
            marked = f"*(boilerplate: {md_escape(sentence.boilerplate or '')})* {marked}"
        out.append(marked)
    return "<br>".join(out)


def _marked(text: str, sentence: Sentence, spans: list[tuple[int, Span]]) -> str:
    """The sentence escaped, with the words any change covers in bold."""
    runs: list[tuple[bool, int, int]] = []  # (covered, start, end), neighbours merged
    for seg in segments(sentence.start, sentence.end, spans):
        covered = bool(seg.covering)
        if runs and runs[-1][0] == covered:
            runs[-1] = (covered, runs[-1][1], seg.end)
        elif seg.end > seg.start:
            runs.append((covered, seg.start, seg.end))
    pieces = []
    for covered, start, end in runs:
        words = text[start:end]
        if not covered or not words.strip():
            pieces.append(_inline(words))
            continue
        # Bold must hug its words, or CommonMark does not treat ** as emphasis.
        lead = " " if words[:1].isspace() else ""
        trail = " " if words[-1:].isspace() else ""
        pieces.append(f"{lead}**{md_escape(words)}**{trail}")
    return re.sub(r" {2,}", " ", "".join(pieces)).strip()
