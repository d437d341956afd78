"""The terminal report: one block per change, most severe first, with its sentence context.

::

    source.txt -> rewrite.html  (rewrite, similarity 0.87)  1 high, 0 medium, 2 low

    HIGH    number      "1,400" -> "2,400"
            The death toll rose from 1,400 to 2,400.
            source:  Officials said «1,400» people died.
            rewrite: Officials said «2,400» people died.

    1 high, 0 medium, 2 low changes; 1 boilerplate line

Article text is untrusted: control characters are replaced before anything reaches the
terminal, so an article cannot smuggle escape sequences into it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from unspin.records import Change, Comparison, Sentence, Span

from ._common import counts_phrase, one_line, ordered, summary_line

RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_SEVERITY_STYLE = {"high": "\x1b[1;31m", "medium": "\x1b[1;33m", "low": "\x1b[2m"}
_MARK_ON, _MARK_OFF = "\x1b[1;4m", "\x1b[22;24m"
_PLAIN_MARKS = ("«", "»")
_INDENT = " " * 8
_WIDTH = 100
_CONTEXT = 120  # characters of context kept on each side of a span, at most
_QUOTE_MAX = 80


def render_text(comparison: Comparison, *, color: bool = False) -> str:
    """The comparison as plain terminal text; ANSI colours only when ``color`` is true."""
    lines = [_header(comparison, color), ""]
    shared = [c for c in comparison.changes if not c.unshared]
    unshared = [c for c in comparison.changes if c.unshared]
    if not shared:
        lines += ["No factual changes found.", ""]
    for change in ordered(shared):
        lines += _change_block(comparison, change, color)
        lines.append("")
    if unshared:
        lines += [f"Not in the other report ({len(unshared)}; facts one outlet has and the other does not):"]
        lines += [f"{_INDENT}{_quoted(c.rewrite)}" for c in unshared]
        lines.append("")
    lines.append(summary_line(comparison))
    return "\n".join(lines) + "\n"


def _style(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{RESET}" if color else text


def _header(comparison: Comparison, color: bool) -> str:
    names = f"{one_line(comparison.source.name)} -> {one_line(comparison.rewrite.name)}"
    relation = comparison.relation
    return (
        f"{_style(names, _BOLD, color)}  "
        f"({one_line(relation.kind)}, similarity {relation.similarity:.2f}"
        f"{_consistency(comparison)})  "
        f"{counts_phrase(comparison)}"
    )


def _consistency(comparison: Comparison) -> str:
    if comparison.consistency is None:
        return ""
    read = ", read as a report" if comparison.mode == "report" else ""
    return f", consistency {comparison.consistency:.2f}{read}"


def _quoted(span: Span | None) -> str:
    if span is None:
        return "(none)"
    text = one_line(span.text)
    if len(text) > _QUOTE_MAX:
        text = text[: _QUOTE_MAX - 1] + "…"
    return f'"{text}"'


def _change_block(comparison: Comparison, change: Change, color: bool) -> list[str]:
    label = _style(f"{change.severity.upper():<6}", _SEVERITY_STYLE[change.severity], color)
    sure = f"{change.confidence:.2f}  " if change.confidence is not None else ""
    head = f"{label}  {change.kind:<11}  {sure}{_quoted(change.source)} -> {_quoted(change.rewrite)}"
    out = [head]
    explanation = one_line(change.explanation).strip()
    if explanation:
        out += textwrap.wrap(explanation, _WIDTH, initial_indent=_INDENT, subsequent_indent=_INDENT)
    sides = (
        ("source: ", comparison.source.text, comparison.source_sentences, change.source),
        ("rewrite:", comparison.rewrite.text, comparison.rewrite_sentences, change.rewrite),
    )
    for name, text, sentences, span in sides:
        if span is not None:
            out.append(f"{_INDENT}{name} {_context(text, sentences, span, color)}")
    return out


def _context(text: str, sentences: Sequence[Sentence], span: Span, color: bool) -> str:
    """The sentences around ``span``, trimmed to a window, with the span's words marked."""
    around = [s for s in sentences if s.start < span.end and s.end > span.start]
    around = around or [s for s in sentences if s.start <= span.start <= s.end]
    lo = min((s.start for s in around), default=span.start - _CONTEXT // 2)
    hi = max((s.end for s in around), default=span.end + _CONTEXT // 2)
    lo, hi = max(lo, span.start - _CONTEXT, 0), min(hi, span.end + _CONTEXT, len(text))
    before = one_line(text[lo : span.start]).lstrip()
    after = one_line(text[span.end : hi]).rstrip()
    if lo > min((s.start for s in around), default=0):
        before = "…" + before
    if hi < max((s.end for s in around), default=len(text)):
        after += "…"
    on, off = (_MARK_ON, _MARK_OFF) if color else _PLAIN_MARKS
    return f"{before}{on}{one_line(text[span.start : span.end])}{off}{after}"
