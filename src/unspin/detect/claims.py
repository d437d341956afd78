"""Whole sentences: claims with no counterpart, omitted source claims, and added furniture."""

from __future__ import annotations

from ..clean import normalise
from . import Change, Context, figures, quoted
from .names import known_words
from .registry import rule
from .thresholds import T


@rule(kinds=("added",), severity="high", priority=120)
def added(ctx: Context) -> list[Change]:
    """A rewrite sentence with no counterpart in the source that states something: an added
    claim (high when it names a name, figure or date the source has nowhere).

    Example: 'The port strike began on Monday. Talks continue.' -> 'The port strike began on Monday. Talks continue. Officials said 400 containers were lost at sea.'
    """
    out = []
    for pair in ctx.pairs:
        if pair.aligned:
            continue
        f = pair.rewrite
        s = f.sentence
        if ctx.is_claimed(s.start, s.end) and not pair.evidence:
            continue
        factual = bool(
            f.quantities or f.dates or f.names or any(t.pos_ == "VERB" for t in f.tokens)
        )
        words = [t for t in f.content if not t.like_num]
        known = sum(
            t.lemma_.lower() in ctx.source.vocabulary or t.lower_ in ctx.source.vocabulary
            for t in words
        )
        if not factual or (words and known / len(words) >= T.supported):
            continue  # drawn from the source, only from several places: the detectors above check its parts
        new = _new_facts(ctx, f)
        severity = "high" if new else ("medium" if known / max(1, len(words)) < 0.5 else "low")
        detail = (
            f" It states {', '.join(quoted(x) for x in new[:3])}, which the source does not."
            if new
            else ""
        )
        out.append(Change(
            "added", severity, None, ctx.rw_span(s.start, s.end),
            "This sentence has no counterpart in the source: a claim the source does not make." + detail,
        ))  # fmt: skip
        ctx.claim(s.start, s.end)
    return out


def _new_facts(ctx: Context, f) -> list[str]:
    """Names, figures and dates of a rewrite sentence that the source has nowhere."""
    src_figures = [q for g in ctx.source.facts for q in figures.figures(g)]
    src_dates = {(d.field, d.value) for g in ctx.source.facts for d in g.dates}
    new = [n.text for n in f.names if not known_words(n.key, ctx.source.vocabulary, n.label)]
    new += [q.text for q in figures.figures(f) if not any(s.agrees(q) for s in src_figures)]
    new += [
        d.text for d in f.dates if d.field != "relative" and (d.field, d.value) not in src_dates
    ]
    return new


@rule(kinds=("omitted",), severity="low", priority=130)
def omitted(ctx: Context) -> list[Change]:
    """A source sentence the rewrite leaves out (low: a rewrite may shorten).

    Example: 'The port strike began on Monday. The union has 3,100 members at the port.' -> 'The port strike began on Monday.'
    """
    out = []
    for i, linked in enumerate(ctx.alignment.x2y):
        f = ctx.source.facts[i]
        if linked or f.sentence.is_boilerplate or len(f.content) < 3:
            continue
        s = f.sentence
        out.append(Change(
            "omitted", "low", ctx.src_span(s.start, s.end), None,
            "The rewrite leaves out this source sentence.",
        ))  # fmt: skip
    return out


@rule(kinds=("boilerplate",), severity="low", priority=140)
def boilerplate(ctx: Context) -> list[Change]:
    """Page furniture the rewrite adds (related links, share prompts, syndication notes): listed
    low and left out of the fact check.

    Example: 'The port strike began on Monday.' -> 'The port strike began on Monday.\\nREAD MORE | Ten ports to visit this summer'
    """
    src_lines = {normalise(f.sentence.text).lower() for f in ctx.source.facts}
    out = []
    for f in ctx.rewrite.facts:
        s = f.sentence
        if (
            not s.is_boilerplate
            or s.boilerplate == "empty"
            or normalise(s.text).lower() in src_lines
        ):
            continue
        out.append(Change(
            "boilerplate", "low", None, ctx.rw_span(s.start, s.end),
            f"Page furniture ({s.boilerplate.replace('-', ' ')}) added by the rewrite; left out of the fact check: "
            f"{quoted(s.text[:80])}.",
        ))  # fmt: skip
    return out
