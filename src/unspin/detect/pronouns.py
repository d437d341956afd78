"""Pronouns: a "he" or "she" the reader cannot place, a pronoun of the other gender, and a
pronoun that now stands for someone else."""

from __future__ import annotations

from collections import Counter

from ..language import wordnet
from ..language.lexicon import REPORTING_VERBS
from . import Change, Context, Pair, quoted
from .registry import rule
from .thresholds import T

_PRONOUNS = {"he": "PERSON", "she": "PERSON", "him": "PERSON", "her": "PERSON", "his": "PERSON"}


def _lead_word(f) -> str:
    return next((t.lower_ for t in f.tokens if not t.is_punct), "")


_OPENERS = frozenset(("he", "she", "him", "her", "they", "them", "it"))
_EMPTY_IT = frozenset(("be", "take", "seem", "appear", "remain", "mean", "matter", "rain"))


def _opening_pronoun(ctx: Context, pair: Pair):
    """The pronoun a rewrite sentence opens with, unclaimed, if it stands for someone or
    something: not the empty "it" of "It is the first time ...", "It took jurors an hour"."""
    lead = next((t for t in pair.rewrite.tokens if not t.is_punct), None)
    if lead is None or lead.lower_ not in _OPENERS or ctx.is_claimed(lead.idx, lead.idx + 1):
        return None
    if lead.lower_ == "it" and lead.dep_ != "nsubjpass" and lead.head.lemma_.lower() in _EMPTY_IT:
        return None
    return lead


def _opening(ctx: Context, pair: Pair) -> Change | None:
    """The rewrite's first sentence opens with a pronoun ("They arrested one", "It takes place")
    where the source sentence names who or what: it refers to nothing, so a fact is lost."""
    lead = _opening_pronoun(ctx, pair)
    if lead is None:
        return None
    theirs = [_lead_word(e) for e in pair.evidence if _lead_word(e) in _OPENERS]
    if theirs:  # the source opens its sentence with a pronoun too: of the same kind?
        return _other_pronoun(ctx, pair, lead, theirs[0])
    subjects = [
        t
        for e in pair.evidence
        for t in e.tokens
        if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN")
    ]
    if not subjects:
        return None
    # the main clause's subject first ("The 77-year-old woman", not a subject of a clause in it)
    subject = min(subjects, key=lambda t: t.head.dep_ != "ROOT")
    first = next(t for t in subject.subtree if not t.is_punct)
    start, end = first.idx, subject.idx + len(subject.text)
    return Change(
        "entity", "medium", ctx.src_span(start, end), ctx.rw_span(lead.idx, lead.idx + len(lead.text)),
        f"The rewrite opens with {quoted(lead.text)}, which refers to nothing before it; the "
        f"matching source sentence says {quoted(ctx.source.text[start:end])}.",
        rule="opening",
    )  # fmt: skip


_KIND = {
    **dict.fromkeys(("he", "him"), "m"),
    **dict.fromkeys(("she", "her"), "f"),
    **dict.fromkeys(("they", "them", "it"), "n"),  # a firm or a team is "it" and "they"
}


def _other_pronoun(ctx: Context, pair: Pair, lead, theirs: str) -> Change | None:
    """ "They ranked 302nd" where the matched source sentence opens "She placed 302nd": the
    rewrite's opening pronoun stands for another kind of party."""
    if _KIND[lead.lower_] == _KIND[theirs]:
        return None
    e = next(e for e in pair.evidence if _lead_word(e) == theirs)
    t = next(t for t in e.tokens if not t.is_punct)
    return Change(
        "entity", "medium", ctx.src_span(t.idx, t.idx + len(t.text)),
        ctx.rw_span(lead.idx, lead.idx + len(lead.text)),
        f"The rewrite opens with {quoted(lead.text)} where the source says {quoted(t.text)}:"
        " another party.",
        rule="other_pronoun",
    )  # fmt: skip


_GENDER = {
    **dict.fromkeys(("he", "him", "his", "himself"), "m"),
    **dict.fromkeys(("she", "her", "hers", "herself"), "f"),
}


def _gender_swap(ctx: Context, pair: Pair) -> Change | None:
    """ "Ronaldo scored her 300th goal" for "his": the rewrite sentence has pronouns of one
    gender only, the matched source sentence of the other only."""
    if pair.score < T.gender_score:
        return None
    mine = [t for t in pair.rewrite.tokens if t.lower_ in _GENDER]
    theirs = [t for e in pair.evidence for t in e.tokens if t.lower_ in _GENDER]
    a, b = {_GENDER[t.lower_] for t in mine}, {_GENDER[t.lower_] for t in theirs}
    if len(a) != 1 or len(b) != 1 or a == b:
        return None
    t, s = mine[0], theirs[0]
    if ctx.is_claimed(t.idx, t.idx + len(t.text)):
        return None
    return Change(
        "entity", "medium", ctx.src_span(s.idx, s.idx + len(s.text)), ctx.rw_span(t.idx, t.idx + len(t.text)),
        f"The rewrite says {quoted(t.text)} where the source says {quoted(s.text)}: another person, or a "
        "changed gender.",
        rule="gender_swap",
    )  # fmt: skip


def _foreign_gender(ctx: Context) -> list[Change]:
    """ "She brands Sterling's interview 'ridiculous'" where the source speaks of no woman: it
    says "he", "his" or "him" at least ``T.foreign_gender`` times and never "she" or "her"."""
    said = Counter(
        _GENDER[t.lower_] for f in ctx.source.facts for t in f.tokens if t.lower_ in _GENDER
    )
    if len(said) != 1 or sum(said.values()) < T.foreign_gender:
        return []
    (theirs,) = said
    out = []
    for pair in ctx.pairs:
        for t in pair.rewrite.tokens:
            if _GENDER.get(t.lower_, theirs) == theirs or ctx.is_claimed(
                t.idx, t.idx + len(t.text)
            ):
                continue
            out.append(Change(
                "entity", "medium", None, ctx.rw_span(t.idx, t.idx + len(t.text)),
                f"The rewrite says {quoted(t.text)}, but the source speaks of no one as"
                f" {quoted('she' if theirs == 'm' else 'he')}: another person, or a changed gender.",
                rule="foreign_gender",
            ))  # fmt: skip
            ctx.claim(t.idx, t.idx + len(t.text))
    return out


def _dangling_start(ctx: Context) -> Change | None:
    """The rewrite's first sentence, matched to nothing, opens with a pronoun ("He has signed a
    new deal") where the source's first sentence does not: it refers to nothing."""
    pair = next((p for p in ctx.pairs if not p.rewrite.sentence.is_boilerplate), None)
    if pair is None or pair.evidence:
        return None
    lead = _opening_pronoun(ctx, pair)
    if lead is None:
        return None
    opening = next((f for f in ctx.source.facts if not f.sentence.is_boilerplate), None)
    if opening is None or _lead_word(opening) in _OPENERS:
        return None
    return Change(
        "entity", "medium", None, ctx.rw_span(lead.idx, lead.idx + len(lead.text)),
        f"The rewrite opens with {quoted(lead.text)}, which refers to nothing before it.",
        rule="dangling_start",
    )  # fmt: skip


_NUMBER = {"they": ("NNS", "NNPS"), "it": ("NN", "NNP"), "he": ("NNP",), "she": ("NNP",)}


def _main_subject(f):
    """The first subject of a sentence not of a reporting verb ("Officers" in "Officers arrested
    three, said Lachaux"), if a noun or a name."""
    subject = next(
        (
            t
            for t in f.tokens
            if t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_.lower() not in REPORTING_VERBS
        ),
        None,
    )
    return subject if subject is not None and subject.pos_ in ("NOUN", "PROPN") else None


def _mentions(f, subject) -> bool:
    """A sentence mentions the party ``subject`` heads: one of its nouns or names, or a noun
    WordNet takes for the same ("cops" for "officers") or for its group ("police")."""
    words = {t.lemma_.lower() for t in subject.subtree if t.pos_ in ("NOUN", "PROPN")}
    nouns = {t.lemma_.lower() for t in f.tokens if t.pos_ in ("NOUN", "PROPN")}
    if words & nouns:
        return True
    head = subject.lemma_.lower()
    return any(
        wordnet.relation(head, n, "NOUN") in ("same", "broader", "narrower")
        or wordnet.member_of(head, n)
        or wordnet.member_of(n, head)
        for n in nouns
    )


def _misreferred(ctx: Context, pair: Pair, prev: Pair) -> Change | None:
    """A pronoun opening a rewrite sentence ("They arrested one") whose matched source sentence
    names its subject ("Officers arrested one"), where the rewrite's sentence before never
    mentions that party: the pronoun points to someone else, or to no one."""
    lead = next((t for t in pair.rewrite.tokens if not t.is_punct), None)
    if (
        lead is None
        or lead.lower_ not in _NUMBER
        or lead.dep_ not in ("nsubj", "nsubjpass")
        or pair.score < T.referred
        or ctx.is_claimed(lead.idx, lead.idx + len(lead.text))
    ):
        return None
    if lead.lower_ == "it" and lead.head.lemma_.lower() in _EMPTY_IT:
        return None
    if any(_lead_word(e) in _OPENERS for e in pair.evidence):
        return None  # the source says it with a pronoun too
    meant = next((x for x in map(_main_subject, pair.evidence) if x is not None), None)
    if meant is None or meant.tag_ not in _NUMBER[lead.lower_]:
        return None  # not a party the pronoun could stand for
    if (lead.lower_ in ("he", "she")) != (meant.ent_type_ == "PERSON"):
        return None
    if _mentions(prev.rewrite, meant):
        return None  # the sentence before mentions it: the pronoun refers to it
    start = next(t for t in meant.subtree if not t.is_punct).idx
    end = meant.idx + len(meant.text)
    return Change(
        "entity", "medium", ctx.src_span(start, end), ctx.rw_span(lead.idx, lead.idx + len(lead.text)),
        f"The rewrite says {quoted(lead.text)}, but its sentence before does not mention who; the"
        f" matching source sentence says {quoted(ctx.source.text[start:end])}.",
        rule="misreferred",
    )  # fmt: skip


@rule(kinds=("entity",), severity="medium", priority=50)
def pronouns(ctx: Context) -> list[Change]:
    """A "he" or "she" before the rewrite has named anyone: the reader cannot tell who; and any
    pronoun opening the rewrite ("They", "It").

    Example: 'Mara Quinn called the strike on Monday.' -> 'She called the strike on Monday.'
    """
    out = []
    first = next(
        (p for p in ctx.pairs if p.evidence and not p.rewrite.sentence.is_boilerplate), None
    )
    if first is not None and (change := _opening(ctx, first)) is not None:
        out.append(change)
        ctx.claim(change.rewrite.start, change.rewrite.end)
    if (change := _dangling_start(ctx)) is not None:
        out.append(change)
        ctx.claim(change.rewrite.start, change.rewrite.end)
    for pair in ctx.pairs:
        if pair.evidence and (change := _gender_swap(ctx, pair)) is not None:
            out.append(change)
            ctx.claim(change.rewrite.start, change.rewrite.end)
    out.extend(_foreign_gender(ctx))
    for prev, pair in zip(ctx.pairs, ctx.pairs[1:], strict=False):
        if pair.evidence and (change := _misreferred(ctx, pair, prev)) is not None:
            out.append(change)
            ctx.claim(change.rewrite.start, change.rewrite.end)
    for pair in ctx.pairs:
        f = pair.rewrite
        lead = next((t for t in f.tokens if not t.is_punct), None)
        if (
            lead is None
            or lead.lower_ not in _PRONOUNS
            or ctx.is_claimed(lead.idx, lead.idx + len(lead.text))
        ):
            if pair.evidence and (change := _unnamed_inside(ctx, pair)) is not None:
                out.append(change)
                ctx.claim(change.rewrite.start, change.rewrite.end)
            if any(n.label == "PERSON" for n in f.names):
                return out  # someone is named: later pronouns may refer to them
            continue
        if any(_lead_word(e) in _PRONOUNS for e in pair.evidence):
            continue  # the source opens its sentence with a pronoun too ("He told hosts Matt Lauer")
        people = [n for e in pair.evidence for n in e.names if n.label == "PERSON"]
        if not people:
            continue
        who = people[0]
        out.append(Change(
            "entity", "medium", ctx.src_span(who.start, who.end), ctx.rw_span(lead.idx, lead.idx + len(lead.text)),
            f"The rewrite says {quoted(lead.text)} before naming anyone; the matching source sentence names "
            f"{quoted(who.text)}.",
            rule="before_any_name",
        ))  # fmt: skip
        ctx.claim(lead.idx, lead.idx + len(lead.text))
    return out


def _unnamed_inside(ctx: Context, pair: Pair) -> Change | None:
    """ "Figures come a week after he was dismissed" before the rewrite has named anyone, where
    the matched source sentence names the person ("presenter Jeremy Clarkson") and has no
    pronoun of that gender."""
    f = pair.rewrite
    if _lead_word(f) in _GENDER:
        return None  # a sentence that opens with the pronoun is judged above
    people = [n for n in f.names if n.label == "PERSON"]
    t = next((t for t in f.tokens if t.lower_ in _GENDER), None)
    if t is None or any(n.start < t.idx for n in people) or pair.score < T.referred:
        return None
    if ctx.is_claimed(t.idx, t.idx + len(t.text)):
        return None
    named = [n for e in pair.evidence for n in e.names if n.label == "PERSON"]
    said = {_GENDER[x.lower_] for e in pair.evidence for x in e.tokens if x.lower_ in _GENDER}
    if not named or _GENDER[t.lower_] in said:
        return None
    who = named[0]
    return Change(
        "entity", "medium", ctx.src_span(who.start, who.end), ctx.rw_span(t.idx, t.idx + len(t.text)),
        f"The rewrite says {quoted(t.text)} before naming anyone; the matching source sentence names "
        f"{quoted(who.text)}.",
        rule="unnamed_inside",
    )  # fmt: skip
