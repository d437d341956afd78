"""Detectors: each reads the aligned source and rewrite and returns typed :class:`Change` records.

A detector is a plain function ``detect(ctx: Context) -> list[Change]``. ``Context`` holds both
analysed articles, the sentence alignment and, for every rewrite sentence, its *evidence*: the
source sentences it is aligned to (or, for a loosely matched sentence, the closest ones).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..facts import Analysis, SentenceFacts
from ..language.namekeys import expand_short_forms
from ..records import Alignment, Change, Span
from .thresholds import T, Thresholds


@dataclass
class Pair:
    """A rewrite sentence and the source sentences that stand behind it."""

    rewrite: SentenceFacts
    evidence: list[SentenceFacts]
    score: float
    aligned: bool
    context: list[SentenceFacts] = field(default_factory=list)  # evidence plus the nearest others


@dataclass
class Context:
    """What every rule reads. ``claimed`` are the rewrite spans that rules of higher priority
    explained (read-only here: :func:`unspin.compare.resolve` hands each rule its own view);
    a rule records the spans it explains with :meth:`claim`, and they come back as its
    :class:`~unspin.detect.registry.Finding`."""

    source: Analysis
    rewrite: Analysis
    alignment: Alignment
    sim: np.ndarray
    pairs: list[Pair] = field(default_factory=list)
    claimed: tuple[tuple[int, int], ...] = ()  # rewrite spans rules before this one explained
    explained: list[tuple[int, int]] = field(default_factory=list)  # spans this rule explains

    @property
    def source_words(self) -> str:
        """The source's words, lower-cased and single-spaced, for verbatim look-ups."""
        if not hasattr(self, "_source_words"):
            self._source_words = " ".join(
                re.findall(r"[\w'-]+", self.source.text.lower().replace("’", "'"))
            )
        return self._source_words

    @property
    def source_name_text(self) -> str:
        """:attr:`source_words` with dotted short forms as name keys read them ("U.S." as
        "us", "Sept." as "september"), for looking up the words of a name."""
        if not hasattr(self, "_source_name_text"):
            text = expand_short_forms(self.source.text).lower().replace("’", "'")
            self._source_name_text = " ".join(re.findall(r"[\w'-]+", text))
        return self._source_name_text

    @property
    def source_name_words(self) -> frozenset[str]:
        """Every word of every name the source's prose has."""
        if not hasattr(self, "_source_name_words"):
            self._source_name_words = frozenset(w for n in self.source.names() for w in n.key)
        return self._source_name_words

    def src_span(self, start: int, end: int) -> Span:
        return Span.of(self.source.text, start, end)

    def rw_span(self, start: int, end: int) -> Span:
        return Span.of(self.rewrite.text, start, end)

    def claim(self, start: int, end: int) -> None:
        """Record that the running rule explains the rewrite words in [start, end)."""
        self.explained.append((start, end))

    def is_claimed(self, start: int, end: int) -> bool:
        """Whether an earlier rule, or the running one, explained any of [start, end)."""
        return any(s < end and start < e for s, e in (*self.claimed, *self.explained))

    def view(self, claimed: tuple[tuple[int, int], ...]) -> Context:
        """This context as one rule sees it: ``claimed`` explained before it, nothing by it yet
        (the cached look-ups are shared)."""
        out = copy.copy(self)
        out.claimed, out.explained = claimed, []
        return out


def build_pairs(ctx: Context) -> None:
    """Attach evidence (aligned sentences) and context (evidence and nearest others) to rewrite sentences."""
    for j, f in enumerate(ctx.rewrite.facts):
        if f.sentence.is_boilerplate:
            continue
        linked = ctx.alignment.y2x[j] if j < len(ctx.alignment.y2x) else ()
        order = [
            int(i) for i in np.argsort(-ctx.sim[:, j])[: T.context] if ctx.sim[int(i), j] >= T.weak
        ]
        if linked:
            ev = [ctx.source.facts[i] for i in linked]
            score, aligned = float(max(ctx.sim[i, j] for i in linked)), True
        else:
            ev = [ctx.source.facts[i] for i in order[:2]]
            score, aligned = (float(ctx.sim[order[0], j]) if order else 0.0), False
        context = ev + [
            ctx.source.facts[i] for i in order if i not in linked and ctx.source.facts[i] not in ev
        ]
        ctx.pairs.append(Pair(f, ev, score, aligned, context))


def sweep(
    ctx: Context,
    items: Callable[[Pair], Iterable[Any]],
    check: Callable[[Pair, Any], Change | None],
) -> list[Change]:
    """Run ``check`` on every item of every pair not yet claimed; keep and claim what it reports.

    Items carry ``start``/``end`` offsets into the rewrite (quantities, dates, names).
    """
    out = []
    for pair in ctx.pairs:
        for item in items(pair):
            if ctx.is_claimed(item.start, item.end):
                continue
            change = check(pair, item)
            if change:
                out.append(change)
                ctx.claim(item.start, item.end)
    return out


def quoted(text: str) -> str:
    return "\u201c" + " ".join(text.split()) + "\u201d"


__all__ = ["Change", "Context", "Pair", "Span", "T", "Thresholds", "build_pairs", "quoted", "sweep"]
