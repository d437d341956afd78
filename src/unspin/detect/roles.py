"""Who did what: the doer of an action swapped between source and rewrite.

For a predicate that occurs on both sides (same lemma), the doer (the subject of an active verb,
the "by" phrase of a passive one) must name the same thing. A rewrite that gives the action to
another party the source mentions, or swaps doer and target, changes who did what.
"""

from __future__ import annotations

from ..facts import Role
from . import Change, Context, quoted
from .names import variant


def _mentioned(key: tuple[str, ...], ctx: Context) -> bool:
    words = {t.lemma_.lower() for f in ctx.source.facts for t in f.tokens} | {
        t.lower_ for f in ctx.source.facts for t in f.tokens
    }
    return all(w in words for w in key)


def agents(ctx: Context) -> list[Change]:
    out = []
    for pair in ctx.pairs:
        if not pair.evidence:
            continue
        src_roles = [r for e in pair.evidence for r in e.roles]
        for r in pair.rewrite.roles:
            change = _check(ctx, r, src_roles)
            if change:
                out.append(change)
                ctx.claim(*r.agent_span)
    return out


def _check(ctx: Context, r: Role, src_roles: list[Role]) -> Change | None:
    if not r.agent or r.agent_span is None or ctx.is_claimed(*r.agent_span):
        return None
    same_verb = [s for s in src_roles if s.verb == r.verb and s.agent]
    if not same_verb or any(variant(s.agent, r.agent) for s in same_verb):
        return None
    s = same_verb[0]
    swapped = s.patient is not None and variant(s.patient, r.agent)
    if not swapped and not _mentioned(r.agent, ctx):
        return None  # a new doer altogether: left to the name and word detectors
    doer = ctx.rewrite.text[r.agent_span[0] : r.agent_span[1]]
    real = ctx.source.text[s.agent_span[0] : s.agent_span[1]]
    return Change(
        "agent", "high", ctx.src_span(*s.agent_span), ctx.rw_span(*r.agent_span),
        f"Who did it changed: in the rewrite {quoted(doer)} is the one who {quoted(ctx.rewrite.text[r.verb_start:r.verb_end])},"
        f" in the source it is {quoted(real)}.",
    )  # fmt: skip
