"""compare: a typed, fact-level diff of a rewrite against its source.

``compare(source, rewrite)`` reads both articles (``facts.analyse``), aligns their sentences
(``align``), runs the registered detector rules in priority order and settles their overlaps
(:func:`resolve`: each rule is handed the rewrite words earlier rules explained, so later,
vaguer rules do not report them again), has the claim verifier judge every
rewrite sentence and set each change's confidence and severity (``score``), and returns a
:class:`Comparison`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

import numpy as np

from . import align as align_stage
from . import score
from .detect import Context, build_pairs
from .detect.registry import Rule, rules
from .errors import InputError
from .facts import CACHE_SIZE, Analysis, Reading, analyse_many, read_ahead
from .inputs import load_text
from .records import MODES, Change, Comparison, Document, Relation

RULES = rules()
_RANK = {"high": 0, "medium": 1, "low": 2}
BATCH = CACHE_SIZE // 4  # pairs read together by compare_many: their articles stay cached


def _document(x: str | Document, name: str) -> Document:
    return x if isinstance(x, Document) else load_text(x, name)


def compare(
    source: str | Document,
    rewrite: str | Document,
    *,
    id: object = None,
    mode: str | None = None,
    rules: tuple[Rule, ...] = RULES,
) -> Comparison:
    """Compare ``rewrite`` against ``source``; plain strings are taken as article text.

    ``mode`` is ``"rewrite"`` (the second text is a rewrite of the first) or ``"report"`` (an
    independent report of the same story); by default :func:`auto_mode` chooses. ``rules``
    are the detector rules to run (all of them by default; ``detect.registry.rules(off=...)``
    leaves some out, as ``benchmarks.rules`` does to measure each one).
    """
    if mode is not None and mode not in MODES:
        raise InputError(f"mode must be one of {', '.join(MODES)}, not {mode!r}.")
    ctx = context(source, rewrite)
    src, rw, alignment = ctx.source, ctx.rewrite, ctx.alignment
    rel = relation(src, rw, ctx.sim)
    if mode is None:
        mode = auto_mode(rel, alignment)
    support = score.judge(ctx)
    scored = score.rescore(ctx, resolve(ctx, rules), support, mode)
    return Comparison(
        source=src.document,
        rewrite=rw.document,
        source_sentences=src.sentences,
        rewrite_sentences=rw.sentences,
        relation=rel,
        changes=tuple(_order(scored)),
        alignment=alignment,
        id=id,
        consistency=score.consistency(support),
        mode=mode,
        support=support,
    )


def context(source: str | Document, rewrite: str | Document) -> Context:
    """What the rules read: both texts analysed and aligned, each rewrite sentence with its
    evidence. ``rule.run(context(a, b))`` runs one rule alone."""
    src, rw = analyse_many([_document(source, "source"), _document(rewrite, "rewrite")])
    sim = align_stage.similarity(src, rw)
    ctx = Context(src, rw, align_stage.align(src, rw, sim), sim)
    build_pairs(ctx)
    return ctx


def compare_many(
    pairs: Iterable[tuple[str | Document, str | Document]],
    batch: int = BATCH,
    mode: str | None = None,
    rules: tuple[Rule, ...] = RULES,
) -> Iterator[Comparison]:
    """Compare many pairs in order, with the models loaded once. The articles of ``batch`` pairs
    at a time are read together (``facts.analyse_many``); the pairs are read lazily."""
    pairs = iter(pairs)

    def take() -> tuple[list[tuple[Document, Document]], Reading]:
        chunk = [(_document(s, "source"), _document(r, "rewrite")) for s, r in islice(pairs, batch)]
        return chunk, read_ahead([d for pair in chunk for d in pair])

    chunk, reading = take()
    while chunk:
        reading.wait()
        following = take()  # MiniLM reads the next batch while the detectors run on this one
        for source, rewrite in chunk:
            yield compare(source, rewrite, mode=mode, rules=rules)
        chunk, reading = following


PARAPHRASE = 0.8  # an aligned pair this close is one sentence reworded, not the same fact retold


def auto_mode(rel: Relation, alignment) -> str:
    """``report`` for an independent report: the same story (relation ``same_story``) told in
    sentences of its own. A rewrite paraphrases sentence by sentence, so where most aligned
    rewrite sentences match their source this closely, it reads as a rewrite even when inserted
    sentences pull its similarity down to ``same_story``."""
    if rel.kind != "same_story":
        return "rewrite"
    scores = [g.score for g in alignment.groups if g.source and g.rewrite]
    close = sum(score >= PARAPHRASE for score in scores)
    return "rewrite" if scores and close * 2 > len(scores) else "report"


def resolve(ctx: Context, rules: tuple[Rule, ...]) -> list[Change]:
    """Run the rules in priority order and settle their overlaps; the one place that does.

    Each rule sees the rewrite spans the rules before it explained (``Context.claimed``) and
    does not report words inside them; what it explains in turn goes to the rules after it.
    Then a change is dropped when a change of the same kind, at least as severe, covers its
    rewrite words (one finding reported twice by two routes)."""
    claimed: tuple[tuple[int, int], ...] = ()
    changes: list[Change] = []
    for r in rules:
        found = r.run(ctx, claimed)
        claimed += found.explained
        changes.extend(found.changes)
    kept: list[Change] = []
    for c in sorted(changes, key=lambda c: _RANK[c.severity]):
        if c.rewrite is not None and any(
            k.rewrite is not None
            and k.rewrite.start <= c.rewrite.start
            and c.rewrite.end <= k.rewrite.end
            and k.kind == c.kind
            for k in kept
        ):
            continue
        kept.append(c)
    return kept


def _order(changes: list[Change]) -> list[Change]:
    def key(c: Change) -> tuple:
        where = c.rewrite.start if c.rewrite else (c.source.start if c.source else 0)
        return (c.rewrite is None, where, _RANK[c.severity])

    return sorted(changes, key=key)


def relation(src: Analysis, rw: Analysis, sim: np.ndarray) -> Relation:
    """copy, rewrite, same_story or unrelated, with a 0..1 similarity."""
    rows = [j for j, f in enumerate(rw.facts) if not f.sentence.is_boilerplate]
    if not rows or not sim.shape[0]:
        return Relation("unrelated", 0.0)
    best = sim[:, rows].max(axis=0)
    weights = np.array([max(1, len(rw.facts[j].content)) for j in rows], dtype=float)
    score = float((best * weights).sum() / weights.sum())
    verbatim = float((best >= 0.97).mean())
    if verbatim >= 0.9:
        kind = "copy"
    elif score >= 0.6:
        kind = "rewrite"
    elif score >= 0.35:
        kind = "same_story"
    else:
        kind = "unrelated"
    return Relation(kind, min(1.0, max(0.0, score)))
