"""What every report format shares: change order, counts, row order and text segmentation.

Nothing here formats anything; each format module turns these plain values into its own
markup, so the text, Markdown and HTML reports cannot disagree about order or counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from unspin.records import SEVERITIES, AlignedGroup, Change, Comparison, Sentence, Span

SIDES = ("source", "rewrite")
_RANK = {severity: i for i, severity in enumerate(SEVERITIES)}
# C0 and C1 control characters other than tab and newline: article text is untrusted, and an
# escape sequence in it must not reach a terminal (or confuse a Markdown renderer).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """``text`` without control characters (each becomes U+FFFD)."""
    return _CONTROL.sub("\ufffd", text)


def one_line(text: str) -> str:
    """``text`` cleaned, with every run of whitespace (newlines included) as one space."""
    return _SPACE.sub(" ", clean(text))


def span_of(change: Change, side: str) -> Span | None:
    return change.source if side == "source" else change.rewrite


def ordered(changes: Iterable[Change]) -> list[Change]:
    """Changes by severity (high first), then by position in the rewrite.

    Changes without a rewrite span (omissions) follow the others of their severity, in
    source order.
    """

    def key(change: Change) -> tuple[int, bool, int]:
        span = change.rewrite or change.source
        return (_RANK[change.severity], change.rewrite is None, span.start if span else 0)

    return sorted(changes, key=key)


def severity_counts(changes: Iterable[Change]) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for change in changes:
        counts[change.severity] += 1
    return counts


def boilerplate_count(comparison: Comparison) -> int:
    """Sentences marked as boilerplate, in both texts."""
    sentences = comparison.source_sentences + comparison.rewrite_sentences
    return sum(1 for s in sentences if s.is_boilerplate)


def counts_phrase(comparison: Comparison) -> str:
    """``"3 high, 1 medium, 5 low"``."""
    counts = severity_counts(comparison.changes)
    return ", ".join(f"{counts[s]} {s}" for s in SEVERITIES)


def summary_line(comparison: Comparison) -> str:
    """``"3 high, 1 medium, 5 low changes; 2 boilerplate lines"``."""
    n = boilerplate_count(comparison)
    lines = "line" if n == 1 else "lines"
    return f"{counts_phrase(comparison)} changes; {n} boilerplate {lines}"


def by_index(sentences: Sequence[Sentence]) -> dict[int, Sentence]:
    return {s.index: s for s in sentences}


@dataclass(frozen=True)
class Row:
    """One row of a side-by-side view: source sentences next to rewrite sentences."""

    source: tuple[int, ...]
    rewrite: tuple[int, ...]
    score: float | None

    @property
    def label(self) -> str:
        """``"dropped"``, ``"inserted"``, ``"split"``, ``"merge"``, ``"unaligned"`` or ``""``.

        ``""`` is one to one; ``"unaligned"`` a sentence that no alignment group mentions.
        """
        if self.score is None:
            return "unaligned"
        if not self.rewrite:
            return "dropped"
        if not self.source:
            return "inserted"
        if len(self.rewrite) > 1 and len(self.source) == 1:
            return "split"
        if len(self.source) > 1:
            return "merge"
        return ""


def rows(comparison: Comparison) -> list[Row]:
    """The alignment groups as rows, in rewrite order.

    ``Alignment.groups`` lists dropped source sentences last; a reader needs them where they
    stood, so each goes right after the row holding the nearest preceding source sentence.
    Sentences that no group mentions get a row of their own at the end, so nothing is hidden.
    """
    groups = list(comparison.alignment.groups)
    out = [g for g in groups if g.rewrite]
    for group in sorted(
        (g for g in groups if not g.rewrite), key=lambda g: min(g.source, default=0)
    ):
        out.insert(_slot_for(out, min(group.source, default=0)), group)
    result = [Row(g.source, g.rewrite, g.score) for g in out]
    seen_src = {i for g in groups for i in g.source}
    seen_rw = {j for g in groups for j in g.rewrite}
    result += [
        Row((s.index,), (), None) for s in comparison.source_sentences if s.index not in seen_src
    ]
    result += [
        Row((), (s.index,), None) for s in comparison.rewrite_sentences if s.index not in seen_rw
    ]
    return result


def _slot_for(placed: list[AlignedGroup], first: int) -> int:
    """Where a dropped source sentence ``first`` goes: after its closest preceding sentence."""
    best, best_value = -1, -1
    for i, group in enumerate(placed):
        below = [s for s in group.source if s < first]
        if below and max(below) >= best_value:
            best, best_value = i, max(below)
    return best + 1


@dataclass(frozen=True)
class Segment:
    """``text[start:end]`` and the numbers of the changes whose span covers all of it.

    A zero-width segment (``start == end``) stands for a zero-width span: an insertion point.
    """

    start: int
    end: int
    covering: tuple[int, ...]


def segments(start: int, end: int, spans: Sequence[tuple[int, Span]]) -> list[Segment]:
    """Cut ``[start, end)`` at every span boundary inside it.

    ``spans`` pairs a change number with its span; spans may overlap or nest. Each segment
    carries every change covering it, so overlapping changes never shift anyone's offsets.
    """
    inside = [(n, sp) for n, sp in spans if sp.start < end and sp.end > start]
    points = [(n, sp.start) for n, sp in spans if sp.start == sp.end and start <= sp.start < end]
    cuts = {start, end}
    cuts.update(min(max(sp.start, start), end) for _, sp in inside)
    cuts.update(min(max(sp.end, start), end) for _, sp in inside)
    cuts.update(p for _, p in points)
    ordered_cuts = sorted(cuts)
    out: list[Segment] = []
    for lo, hi in zip(ordered_cuts, ordered_cuts[1:], strict=False):
        out += [Segment(lo, lo, (n,)) for n, p in points if p == lo]
        covering = tuple(n for n, sp in inside if sp.start <= lo and sp.end >= hi)
        out.append(Segment(lo, hi, covering))
    return out


def side_spans(numbered: Sequence[tuple[int, Change]], side: str) -> list[tuple[int, Span]]:
    """``(number, span)`` for every numbered change with a span on ``side``."""
    return [(n, sp) for n, c in numbered if (sp := span_of(c, side)) is not None]
