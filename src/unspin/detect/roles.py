"""Who did what: the doer of an action swapped between source and rewrite.

For a predicate that occurs on both sides (same lemma), the doer (the subject of an active verb,
the "by" phrase of a passive one) must name the same thing. A rewrite that gives the action to
another party the source mentions, or swaps doer and target, changes who did what.
"""

from __future__ import annotations

import numpy as np

from .. import wordnet
from ..facts import Role, SentenceFacts
from . import Change, Context, quoted
from .words import SYNONYM


def _overlap(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return bool(set(a) & set(b))


def _participants(ctx: Context) -> set[str]:
    """Head words of the doers of actions anywhere in the source."""
    out: set[str] = set()
    for f in ctx.source.facts:
        for role in f.roles:
            out.add(role.agent_head)
    return out


def _same_one(ctx: Context, r: Role, s: Role) -> bool:
    """A name and a description occur side by side somewhere in either article."""
    name, noun = (r, s) if r.agent_proper else (s, r)
    words = {w for w in name.agent or () if w[:1].isalpha()}
    for analysis in (ctx.source, ctx.rewrite):
        for f in analysis.facts:
            toks = f.tokens
            for i, t in enumerate(toks):
                if t.lemma_.lower() == noun.agent_head:
                    near = toks[max(0, i - 5) : i + 6]
                    if any(x.lower_ in words for x in near):
                        return True
    return False


def agents(ctx: Context) -> list[Change]:
    out = []
    for pair in ctx.pairs:
        if not pair.evidence:
            continue
        src_roles = [(r, e) for e in pair.evidence for r in e.roles]
        for r in pair.rewrite.roles:
            change = _check(ctx, (r, pair.rewrite), src_roles)
            if change:
                out.append(change)
                ctx.claim(*r.agent_span)
    return out


def _head_vector(role: Role, f: SentenceFacts) -> np.ndarray | None:
    """The contextual vector of the doer's head word, or None when no token carries it."""
    lo, hi = role.agent_span or (0, 0)
    for k, t in enumerate(f.tokens):
        if lo <= t.idx < hi and t.lemma_.lower() == role.agent_head:
            return f.word_vectors()[k]
    return None


def _described_anew(r: tuple[Role, SentenceFacts], s: tuple[Role, SentenceFacts]) -> bool:
    """The two doers' head words mean the same in context ("troops" for "soldiers", "issue" for
    "problem": pairs WordNet does not link)."""
    a, b = _head_vector(*r), _head_vector(*s)
    return a is not None and b is not None and float(a @ b) >= SYNONYM


# Linking verbs: their subject is what a sentence is about, not one who acts ("the reality is
# ...", "the overall rate is headed ..."); two subjects of "is" are no swapped doers.
LINKING = frozenset(("be", "become", "seem", "remain", "appear"))


def _check(
    ctx: Context, rf: tuple[Role, SentenceFacts], src_roles: list[tuple[Role, SentenceFacts]]
) -> Change | None:
    r = rf[0]
    if not r.agent or r.agent_span is None or ctx.is_claimed(*r.agent_span) or r.verb in LINKING:
        return None
    same_verb = [(s, e) for s, e in src_roles if s.verb == r.verb and s.agent]
    if not same_verb or any(_overlap(s.agent, r.agent) for s, _ in same_verb):
        return None
    s = same_verb[0][0]
    swapped = s.patient is not None and _overlap(s.patient, r.agent)
    if not swapped and s.agent_proper != r.agent_proper and _same_one(ctx, r, s):
        return None  # "her mother, Christine Davidson": a description and a name of one person
    if not swapped and wordnet.relation(s.agent_head, r.agent_head, "NOUN") in (
        "same",
        "broader",
        "narrower",
        "sibling",
    ):
        # "experts" for "doctors", "officials" for "authorities": the same doer anew (but "the
        # protesters arrested US troops" is a swap, kin in WordNet or not)
        return None
    if not swapped and _described_anew(rf, same_verb[0]):
        return None
    in_sentence = any(_overlap(r.agent, x.patient or ()) for x, _ in src_roles)
    # Another party of the story takes the action: only where a name is involved ("the union"
    # for "Humber Freight"). Two common nouns, the new one a doer elsewhere in the source
    # ("experts" for "doctors", "police" for "the detective"), were mostly one doer described
    # anew: BUMP's reference summaries had 49 flagged by this detector, its edited ones 51.
    known = (r.agent_proper or s.agent_proper) and r.agent_head in _participants(ctx)
    if not (swapped or in_sentence) and not known:
        return (
            None  # a new doer altogether, or the same one described anew: left to other detectors
        )
    doer = ctx.rewrite.text[r.agent_span[0] : r.agent_span[1]]
    real = ctx.source.text[s.agent_span[0] : s.agent_span[1]]
    return Change(
        "agent", "high", ctx.src_span(*s.agent_span), ctx.rw_span(*r.agent_span),
        f"Who did it changed: in the rewrite {quoted(doer)} is the one who {quoted(ctx.rewrite.text[r.verb_start:r.verb_end])},"
        f" in the source it is {quoted(real)}.",
    )  # fmt: skip
