"""Detectors: each reads the aligned source and rewrite and returns typed :class:`Change` records.

A detector is a plain function ``detect(ctx: Context) -> list[Change]``. ``Context`` holds both
analysed articles, the sentence alignment and, for every rewrite sentence, its *evidence*: the
source sentences it is aligned to (or, for a loosely matched sentence, the closest ones).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from ..facts import Analysis, SentenceFacts
from ..records import Alignment, Change, Span

WEAK = 0.35  # similarity above which an unaligned rewrite sentence still borrows evidence


@dataclass
class Pair:
    """A rewrite sentence and the source sentences that stand behind it."""

    rewrite: SentenceFacts
    evidence: list[SentenceFacts]
    score: float
    aligned: bool


@dataclass
class Context:
    source: Analysis
    rewrite: Analysis
    alignment: Alignment
    sim: np.ndarray
    pairs: list[Pair] = field(default_factory=list)
    claimed: list[tuple[int, int]] = field(default_factory=list)  # rewrite spans already explained

    @property
    def source_words(self) -> str:
        """The source's words, lower-cased and single-spaced, for verbatim look-ups."""
        if not hasattr(self, "_source_words"):
            self._source_words = " ".join(re.findall(r"[\w'-]+", self.source.text.lower().replace("’", "'")))
        return self._source_words

    def src_span(self, start: int, end: int) -> Span:
        return Span.of(self.source.text, start, end)

    def rw_span(self, start: int, end: int) -> Span:
        return Span.of(self.rewrite.text, start, end)

    def claim(self, start: int, end: int) -> None:
        self.claimed.append((start, end))

    def is_claimed(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.claimed)


def build_pairs(ctx: Context) -> None:
    """Attach evidence to every non-boilerplate rewrite sentence."""
    for j, f in enumerate(ctx.rewrite.facts):
        if f.sentence.is_boilerplate:
            continue
        linked = ctx.alignment.y2x[j] if j < len(ctx.alignment.y2x) else ()
        if linked:
            ev = [ctx.source.facts[i] for i in linked]
            ctx.pairs.append(Pair(f, ev, float(max(ctx.sim[i, j] for i in linked)), True))
            continue
        if ctx.sim.shape[0]:
            order = np.argsort(-ctx.sim[:, j])[:2]
            ev = [ctx.source.facts[int(i)] for i in order if ctx.sim[int(i), j] >= WEAK]
            score = float(ctx.sim[int(order[0]), j])
        else:
            ev, score = [], 0.0
        ctx.pairs.append(Pair(f, ev, score, False))


def quoted(text: str) -> str:
    return "\u201c" + " ".join(text.split()) + "\u201d"


__all__ = ["Change", "Context", "Pair", "Span", "build_pairs", "quoted"]
