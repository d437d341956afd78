"""Polarity: negation on one side only, shifts of modality and dropped hedges, and opposites
the source states elsewhere about the same thing."""

from __future__ import annotations

from collections import Counter

from ..facts import SentenceFacts
from ..language import wordnet
from ..language.lexicon import (
    HEDGES,
    MODALS,
    NEG_PREFIXES,
    NEGATIVE_VERBS,
    opposite,
)
from ..language.negation import negated_word
from . import Change, Context, Pair, quoted
from .registry import rule
from .thresholds import T
from .words import _ROLES, LIGHT_VERBS, _flip


def _negated_heads(f: SentenceFacts) -> dict[str, list]:
    """The negation cues of ``f`` by the lemma of the word each denies, in order."""
    out: dict[str, list] = {}
    for t in f.negations:
        out.setdefault(negated_word(t).lemma_.lower(), []).append(t)
    return out


def _extra(cues: list, others: list):
    """The cue of ``cues`` the other side has no match for, if it has more on the same word:
    "is not no longer" against "is no longer" (both deny "is"), "not" is the new one."""
    if len(cues) <= len(others):
        return None
    left = Counter(c.lower_ for c in others)
    for c in cues:
        if left[c.lower_] > 0:
            left[c.lower_] -= 1
        else:
            return c
    return cues[-1]


def _negation_beside(f: SentenceFacts, lemma: str, reach: int = 3) -> bool:
    """A negation cue of ``f`` within ``reach`` tokens of a word with ``lemma``. The parser
    hangs "n't" on "was" in one wording and on "made" in the next, so the same negation can
    have another head on the other side."""
    near = {t.i for t in f.tokens if t.lemma_.lower() == lemma}
    # a cue is not beside itself: "refused" in "has refused to pay" denies "pay", not "refused"
    return any(abs(cue.i - i) <= reach for cue in f.negations for i in near if cue.i != i)


def _negated_in_other_part(ctx: Context, pair: Pair, cue, head: str) -> bool:
    """The source sentence holding ``cue`` was split, and another rewrite sentence made from it
    keeps the negation ("wasn't made clear to the court; ... Steele made his agenda clear" in
    two sentences: the second "made" was never negated)."""
    source = next((e for e in pair.evidence if cue in e.negations), None)
    return source is not None and any(
        other is not pair and source in other.evidence and head in _negated_heads(other.rewrite)
        for other in ctx.pairs
    )


def _plain_uses(f: SentenceFacts, lemma: str) -> int:
    """How often ``f`` uses the word with ``lemma`` without a negation on it."""
    negated = {negated_word(cue).i for cue in f.negations}
    return sum(1 for t in f.tokens if t.lemma_.lower() == lemma and t.i not in negated)


def _denial(cue) -> str:
    """A negation as the source words it: "not approve", "yet to rediscover", "no longer works"."""
    word = negated_word(cue)
    if cue.lower_ == "yet" or word.head.i == cue.i and word.dep_ == "xcomp":
        return f"{cue.text} to {word.text}"  # "yet to rediscover", "failed to agree"
    if word.i != cue.head.i:
        return f"{cue.text} {cue.head.text} {word.text}"
    return f"{cue.text} {word.text}"


@rule(kinds=("negation",), severity="high", priority=80)
def negation(ctx: Context) -> list[Change]:
    """A statement whose verb is negated on one side only (and the two sides have different
    numbers of negations).

    Example: 'The minister confirmed the port would reopen.' -> 'The minister did not confirm the port would reopen.'
    """
    out = []
    for pair in ctx.pairs:
        if (
            not pair.evidence
            or pair.score < T.negation_score
            or len(pair.rewrite.negations) == sum(len(e.negations) for e in pair.evidence)
        ):
            continue  # as many negations on both sides: reworded, or hung on other words
        rw_neg = _negated_heads(pair.rewrite)
        src_neg: dict[str, list] = {}
        for e in pair.evidence:
            for head, cues in _negated_heads(e).items():
                src_neg.setdefault(head, []).extend(cues)
        out.extend(_added_negations(ctx, pair, rw_neg, src_neg))
        out.extend(_dropped_negations(ctx, pair, rw_neg, src_neg))
    return out


def _added_negations(ctx: Context, pair: Pair, rw_neg: dict, src_neg: dict) -> list[Change]:
    """Negations of the rewrite sentence that its evidence does not have."""
    out = []
    ev_verbs = {
        t.lemma_.lower()
        for e in pair.evidence
        for t in e.tokens
        if t.pos_ in ("VERB", "AUX", "ADJ")
    }
    # a negation the evidence has no trace of (no cue, no "refuse" or "fail"): the rewrite
    # denies what the source states even when it words the verb anew ("is not dealing with")
    positive = not src_neg and not any(
        t.lemma_.lower() in NEGATIVE_VERBS or _negative_adjective(t)
        for e in pair.evidence
        for t in e.tokens
    )
    for head, cues in rw_neg.items():
        cue = _extra(cues, src_neg.get(head, []))
        if (
            cue is None
            or (head not in ev_verbs and not (positive and _new_negation(cue, pair)))
            or ctx.is_claimed(cue.idx, cue.idx + len(cue.text))
        ):
            continue
        out.append(Change(
            "negation", "high", None, ctx.rw_span(cue.idx, cue.idx + len(cue.text)),
            f"The rewrite negates a statement ({quoted(negated_word(cue).text)}) that the source makes positively.",
            rule="added",
        ))  # fmt: skip
        ctx.claim(cue.idx, cue.idx + len(cue.text))
    return out


def _dropped_negations(ctx: Context, pair: Pair, rw_neg: dict, src_neg: dict) -> list[Change]:
    """Negations of the evidence that the rewrite sentence drops from a verb it keeps."""
    out = []
    rw_lemmas = pair.rewrite.lemmas()
    for head, cues in src_neg.items():
        cue = _extra(cues, rw_neg.get(head, []))
        verb = next((t for t in pair.rewrite.tokens if t.lemma_.lower() == head), None)
        if cue is None or head not in rw_lemmas or verb is None:
            continue
        if _negation_beside(pair.rewrite, head) or _negated_in_other_part(ctx, pair, cue, head):
            continue
        if _plain_uses(pair.rewrite, head) <= sum(_plain_uses(e, head) for e in pair.evidence):
            continue  # the source says it plainly too ("We don't bow ... Obama bowed")
        if ctx.is_claimed(verb.idx, verb.idx + len(verb.text)):
            continue
        out.append(Change(
            "negation", "high", ctx.src_span(cue.idx, cue.idx + len(cue.text)),
            ctx.rw_span(verb.idx, verb.idx + len(verb.text)),
            f"The source says {quoted(_denial(cue))}; the rewrite drops the negation.",
            rule="dropped",
        ))  # fmt: skip
    return out


def _negative_adjective(t) -> bool:
    """An adjective that is another with a negating prefix ("incompetent", "unable")."""
    if t.pos_ != "ADJ":
        return False
    word = t.lower_
    return any(
        word.startswith(p) and len(word) - len(p) >= 3 and wordnet.has(word[len(p) :], "ADJ")
        for p in NEG_PREFIXES
        if p != "mis"  # "mistaken" is no "taken" denied
    )


def _new_negation(cue, pair: Pair) -> bool:
    """A negated verb the source does not have, in a closely matched sentence ("is not dealing
    with" for "is grappling with"); not a negated noun ("found no evidence"), which paraphrases
    a positive statement as often as it denies one."""
    return negated_word(cue).pos_ in ("VERB", "AUX") and pair.score >= T.new_negation


def _sentence(ctx: Context, f: SentenceFacts):
    return ctx.rw_span(f.sentence.start, f.sentence.end)


@rule(kinds=("modality", "reversal"), severity="medium", priority=90)
def modality(ctx: Context) -> list[Change]:
    """A shift in how sure or how bound a statement is ("may" for "will", "plans to" for
    "has"), or a hedge the source does not make.

    Example: 'The ministry will raise the minimum wage next year.' -> 'The ministry may raise the minimum wage next year.'
    """
    out = []
    for pair in ctx.pairs:
        if not pair.evidence:
            continue
        src_modal: dict[str, list] = {}
        for e in pair.evidence:
            for m in e.modals:
                src_modal.setdefault(m.head.lemma_.lower(), []).append(m)
        for m in pair.rewrite.modals:
            head = m.head.lemma_.lower()
            if head in LIGHT_VERBS:
                continue  # "can do" and "will do" say too little to compare
            cls = MODALS.get(m.lower_)
            classes = {MODALS.get(x.lower_) for x in src_modal.get(head, ())}
            if cls is None or not classes or cls in classes or None in classes:
                continue  # the source has this verb with this modal too ("can ..., will ...?")
            if {m.lower_, *(x.lower_ for x in src_modal[head])} <= _CAN:
                continue  # "can afford" for "could afford": the same modal in another tense
            other = src_modal[head][0]
            out.append(Change(
                "modality", "medium", ctx.src_span(other.idx, other.idx + len(other.text)),
                ctx.rw_span(m.idx, m.idx + len(m.text)),
                f"The rewrite says {quoted(_modal(m) + ' ' + m.head.text)} where the source says "
                f"{quoted(_modal(other) + ' ' + other.head.text)}: a change in how certain or binding it is.",
                rule="modal",
            ))  # fmt: skip
            ctx.claim(m.idx, m.idx + len(m.text))
        out.extend(_hedges(ctx, pair))
    return out


_CAN = frozenset(("can", "ca", "could"))  # "could" is also the past of "can"


def _modal(t) -> str:
    """A modal as a reader writes it: spaCy splits "can't" into "ca" and "n't"."""
    return {"ca": "can", "wo": "will", "sha": "shall"}.get(t.lower_, t.text)


def _states(hedge, pair: Pair) -> bool:
    """The rewrite sentence states what the hedge was on: for a hedged noun ("a suspected
    Russian-made missile"), only if it names that noun too."""
    if hedge.dep_ != "amod":
        return True
    return hedge.head.lemma_.lower() in pair.rewrite.lemmas()


def _hedges(ctx: Context, pair: Pair) -> list[Change]:
    rw_hedges = {HEDGES[t.lower_] for t in pair.rewrite.tokens if t.lower_ in HEDGES}
    out = []
    for e in pair.evidence:
        for t in e.tokens:
            cls = HEDGES.get(t.lower_)
            if (
                cls == "alleged"
                and cls not in rw_hedges
                and pair.score >= T.hedge_score
                and _states(t, pair)
            ):
                out.append(Change(
                    "modality", "medium", ctx.src_span(t.idx, t.idx + len(t.text)), _sentence(ctx, pair.rewrite),
                    f"The source hedges this with {quoted(t.text)}; the rewrite states it as fact.",
                    rule="hedge_dropped",
                ))  # fmt: skip
    return out


# --- an opposite stated elsewhere in the source ------------------------------------------------

_FLIP_POS = frozenset(("ADJ", "VERB"))


def _anchors(t) -> set[tuple[str, str]]:
    """What a word says something about: the noun an adjective modifies ("availability" for
    "increased" in "the increased market availability"), or a verb's subject and object, each
    with its role."""
    if t.pos_ == "ADJ" or t.dep_ == "amod":  # "the increased market availability" too
        head = t.head
        ok = t.dep_ == "amod" and head.pos_ in ("NOUN", "PROPN") and not head.is_stop
        return {("amod", head.lemma_.lower())} if ok else set()
    return {
        (c.dep_, c.lemma_.lower())
        for c in t.children
        if c.dep_ in _ROLES and c.pos_ in ("NOUN", "PROPN") and not c.is_stop
    }


@rule(kinds=("reversal", "modality"), severity="high", priority=100)
def flips_elsewhere(ctx: Context) -> list[Change]:
    """A word the aligned sentences do not have (or have only of other things) whose opposite
    the source states elsewhere about the same thing: "in response to their decreased market
    availability" against "a response to the increased market availability" three sentences
    away; "install TikTok" against "remove TikTok ... if they have official apps installed".

    Example: 'The ministry responded on Friday. It cited the increased market availability of the drug.' -> 'The ministry responded on Friday to the decreased market availability of the drug.'
    """
    by_anchor: dict[str, list] = {}
    for f in ctx.source.facts:
        if f.sentence.is_boilerplate:
            continue
        for o in f.tokens:
            if o.pos_ in _FLIP_POS and not o.is_stop:
                for a in _anchors(o):
                    by_anchor.setdefault(a, []).append(o)
    out = []
    for pair in ctx.pairs:
        if not pair.evidence:
            continue
        ev: dict[str, list] = {}
        for e in pair.context:
            for o in e.tokens:
                ev.setdefault(o.lemma_.lower(), []).append(o)
        for t in pair.rewrite.tokens:
            lemma = t.lemma_.lower()
            if t.pos_ not in _FLIP_POS or t.is_stop:
                continue
            if ctx.is_claimed(t.idx, t.idx + len(t.text)):
                continue
            anchors = _anchors(t)
            if lemma in ev and not all(_said_of_other(o, anchors) for o in ev[lemma]):
                continue  # the matched sentences have the word, and not only of other things
            near = [o for a in anchors for o in by_anchor.get(a, ())]
            if any(o.lemma_.lower() == lemma for o in near):
                continue  # the source says it too, of the same thing
            hit = next((o for o in near if _opposed(o, t)), None)
            if hit is not None:
                out.append(_flip(ctx, hit, t, "flip"))
                ctx.claim(t.idx, t.idx + len(t.text))
    return out


def _said_of_other(o, anchors: set) -> bool:
    """Source word ``o`` is said of something named, and not of what ``anchors`` name: "apps
    installed" against "install TikTok"."""
    own = _anchors(o)
    return bool(own) and bool(anchors) and own.isdisjoint(anchors)


def _opposed(o, t) -> bool:
    """Flips of the curated lists only: across sentences WordNet's loose verb senses, and shifts
    of strength, pair too much ("decided" and "began")."""
    return "flip" in (opposite(o.lemma_, t.lemma_), opposite(o.lower_, t.lower_))
