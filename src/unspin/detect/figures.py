"""Changed numbers and dates.

A number in the rewrite is fine when a source number of the same unit agrees with it, in the
aligned sentences or anywhere in the source (a figure may move to another paragraph). Otherwise
it is a change: high when the aligned sentence states a different figure, and high too when the
figure appears nowhere in the source. Only a change of hedge on the same value ("about 1,400"
against "more than 1,400") is low. Dates are compared field by field (weekday, day, month,
year, time).
"""

from __future__ import annotations

from collections import Counter

from ..facts import DatePart, SentenceFacts
from ..language import wordnet
from ..language.numbers import Quantity, parse
from . import Change, Context, Pair, quoted, sweep
from .registry import rule
from .thresholds import T

_BREAK = frozenset(("VERB", "AUX"))
TIME_UNITS = frozenset("second minute hour day week month year decade century".split())


_DAYS = {"second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1, "week": 7,
         "month": 30.4, "year": 365, "decade": 3652, "century": 36524}  # fmt: skip


def duration(t) -> float | None:
    """Days in "30 days", "a year", "two weeks"; None for a unit without a count ("hours")."""
    if t.i == 0:
        return None
    before = t.doc[t.i - 1]
    if before.lower_ in ("a", "an", "one", "another"):
        count = 1.0
    else:
        found = parse(before.text)
        if not found or found[0].text != before.text:
            return None
        count = found[0].value
    return count * _DAYS[t.lemma_.lower()]


def _counted(f: SentenceFacts, q: Quantity) -> str | None:
    """The noun a quantity counts: "3,100 workers" -> "worker". A verb first ends the search
    ("more than 100 were injured in two Palm Sunday attacks": no noun). A preposition does not:
    "4 percent in any one year" is told from "3 percent" in the same slot by "year"."""
    for t in f.tokens:
        if t.idx < q.end:
            continue
        if t.pos_ in _BREAK:
            return None
        if t.pos_ in ("NOUN", "PROPN"):
            return t.lemma_.lower() if t.idx - q.end < 25 else None
    return None


def _measures(f: SentenceFacts, q: Quantity) -> bool:
    """The figure counts a unit of measurement ("six feet", "40 gallons"), not things."""
    thing = _counted(f, q)
    return thing is not None and wordnet.is_unit(thing)


def _other_count(f: SentenceFacts, s: Quantity, q: Quantity, thing: str | None) -> bool:
    """An age set against a bare figure that counts something: "more than seven decades" is no
    age, unlike "Sutton, 84,"."""
    if {s.unit, q.unit} != {"", "age"}:
        return False
    return (_counted(f, s) if s.unit == "" else thing) is not None


def _counts_another(thing: str | None, other: str | None) -> bool:
    """Two figures measure in different units ("25 minutes" and "25 yards"), or a span of time
    and a count of something else ("25 minutes" and "25 points"): a figure elsewhere in the
    source that does is no support. Otherwise two nouns are not enough: the noun after a count
    is too often not what it counts ("the 76th Kentucky Derby")."""
    if thing is None or other is None or thing == other:
        return False
    return thing in TIME_UNITS or _unit_noun(thing) and _unit_noun(other)


def _unit_noun(lemma: str) -> bool:
    return lemma in TIME_UNITS or wordnet.is_unit(lemma)


def _same_span(days: float, unit: str, pair: Pair) -> bool:
    """The aligned source sentences state the same span of time in another unit ("a year" for
    "12 months"; "35 years" is not "32 years")."""
    spans = [
        duration(t)
        for e in pair.evidence
        for t in e.tokens
        if t.lemma_.lower() in TIME_UNITS and t.lemma_.lower() != unit
    ]
    return any(d is not None and abs(d - days) <= 0.1 * max(d, days) for d in spans)


def _named(f: SentenceFacts, q: Quantity) -> bool:
    """The figure is part of a name: "Boeing 747", "Apollo 11"."""
    before = [t for t in f.tokens if t.idx + len(t.text) <= q.start]
    return bool(before) and before[-1].pos_ == "PROPN"


def _in_dates(f: SentenceFacts, q: Quantity) -> bool:
    return any(
        d.start < q.end and q.start < d.end and d.field in ("year", "day", "time") for d in f.dates
    )


def _adverb(f: SentenceFacts, q: Quantity) -> bool:
    """An ordinal used as an adverb of time counts nothing ("when Spain first became", "at
    first"); after its verb it ranks ("finished first")."""
    return any(
        t.idx == q.start
        and t.idx + len(t.text) == q.end
        and t.pos_ == "ADV"
        and (t.i < t.head.i or t.head.lower_ == "at")
        for t in f.tokens
    )


def figures(f: SentenceFacts) -> list[Quantity]:
    return [q for q in f.quantities if not _in_dates(f, q) and not _adverb(f, q)]


@rule(kinds=("number",), severity="high", priority=20)
def numbers(ctx: Context) -> list[Change]:
    """A figure (count, amount, share, duration) the source states differently or not at all
    about the same thing.

    Example: 'The strike involves 3,100 dock workers at the port.' -> 'The strike involves 1,300 dock workers at the port.'
    """
    all_src = [(f, q) for f in ctx.source.facts for q in figures(f)]
    return sweep(
        ctx,
        lambda pair: figures(pair.rewrite),
        lambda pair, q: _check_number(ctx, pair, q, all_src),
    )


def _verb(f: SentenceFacts, q: Quantity) -> str | None:
    """The lemma of the verb a figure hangs on ("sentenced to 18 years" -> "sentence")."""
    tok = next((t for t in f.tokens if q.start <= t.idx < q.end), None)
    for _ in range(6):
        if tok is None or tok.head is tok:
            return None
        tok = tok.head
        if tok.pos_ == "VERB":
            return tok.lemma_.lower()
    return None


def _kept(f: SentenceFacts, q: Quantity, rivals: list[Quantity]) -> bool:
    """The rewrite sentence states the matched sentence's figures besides ``q`` itself: the new
    figure adds to them rather than replacing one."""
    others = [r for r in figures(f) if r is not q]
    return all(any(r.comparable(s) and r.agrees(s) for r in others) for s in rivals)


def _near(ctx: Context, pair: Pair):
    """Whether a source sentence is nearly as close to the rewrite sentence as its matched ones
    (within ``T.elsewhere_margin`` of similarity), and the best match's similarity."""
    j = pair.rewrite.sentence.index
    best = max((ctx.sim[e.sentence.index, j] for e in pair.evidence), default=0.0)
    return (lambda f: ctx.sim[f.sentence.index, j] >= best - T.elsewhere_margin), best


def _near_enough(ctx: Context, pair: Pair):
    """As ``_near``; any sentence is, where the match is loose."""
    near, best = _near(ctx, pair)
    return near if best >= T.matched else (lambda f: True)


def _check_number(ctx: Context, pair: Pair, q: Quantity, all_src) -> Change | None:
    thing = _counted(pair.rewrite, q)
    named = _named(pair.rewrite, q)
    all_src = [(f, s) for f, s in all_src if not _other_count(f, s, q, thing)]
    local = [
        (f, s) for f in pair.evidence for s in figures(f) if s.comparable(q)
        and not _other_count(f, s, q, thing) and (named or not _named(f, s))
    ]  # fmt: skip
    same_thing = [s for f, s in local if thing is not None and _counted(f, s) == thing]
    # a bare count where the aligned sentence has another ("executed six" for "slaughtered
    # seven") is not saved by the same figure counting something else elsewhere ("six feet")
    bare = thing is None and bool(local) and not named
    # nor does a measure count things ("six feet away" for "executed six in a pool hall")
    things = (
        thing is None or not wordnet.is_unit(thing)
    ) and "-" not in q.text  # not "a six-foot wall"
    far = [
        s
        for f, s in all_src
        if not (bare and _counted(f, s) is not None) and not (things and _measures(f, s))
        and not _counts_another(thing, _counted(f, s))
    ]  # fmt: skip
    if same_thing:  # or the same figure of the same thing elsewhere ("sentenced to 18 years")
        near, verb = _near_enough(ctx, pair), _verb(pair.rewrite, q)
        kept = _kept(pair.rewrite, q, same_thing)  # "faced 20 years but got 18": 20 stays
        pool = same_thing + [
            s for f, s in all_src
            if _counted(f, s) == thing
            and (kept or near(f) or verb is not None and _verb(f, s) == verb)
        ]  # fmt: skip
    else:
        pool = [s for _, s in local] + far
    if any(s.same_claim(q) or (s.qualifier and s.agrees(q) and not q.qualifier) for s in pool):
        return None
    if thing in TIME_UNITS and _same_span(q.value * _DAYS[thing], thing, pair):
        return None  # "12 months" for "a year"
    hedge = next((s for s in pool if s.agrees(q)), None)
    if hedge is not None:
        return Change(
            "number", "low", ctx.src_span(hedge.start, hedge.end), ctx.rw_span(q.start, q.end),
            f"The hedge on the figure changed: the source says {quoted(hedge.text)}, the rewrite {quoted(q.text)}.",
            rule="hedge",
        )  # fmt: skip
    rivals = same_thing or [
        s for f, s in local if s.unit == q.unit and _counted(f, s) in (thing, None)
    ]
    if rivals:
        s = min(rivals, key=lambda s: abs(s.value - q.value))
        return Change(
            "number", "high", ctx.src_span(s.start, s.end), ctx.rw_span(q.start, q.end),
            f"The figure changed: the source says {quoted(s.text)}, the rewrite says {quoted(q.text)}.",
            rule="changed",
        )  # fmt: skip
    if not pair.evidence:
        return None  # an unmatched sentence: reported whole as an added claim
    return Change(
        "number", "high", None, ctx.rw_span(q.start, q.end),
        f"The figure {quoted(q.text)} does not appear in the source.",
        rule="not_in_source",
    )  # fmt: skip


@rule(kinds=("date",), severity="high", priority=30)
def dates(ctx: Context) -> list[Change]:
    """A date or weekday that differs from the one the source gives for the same event.

    Example: 'The talks resumed on Tuesday in Rotterdam.' -> 'The talks resumed on Friday in Rotterdam.'
    """
    src_values = {(d.field, d.value) for f in ctx.source.facts for d in f.dates}

    def check(pair: Pair, d: DatePart) -> Change | None:
        local = [x for f in pair.evidence + _anchored(ctx, pair) for x in f.dates]
        return _check_date(ctx, pair, d, local, src_values)

    return sweep(ctx, lambda pair: pair.rewrite.dates, check)


def _anchored(ctx: Context, pair: Pair) -> list[SentenceFacts]:
    """Source sentences outside the evidence that state two of the rewrite sentence's figures:
    "ranked 302 - slipping from 285 in 2009" is about the sentence with "302" and "285", whatever
    the alignment chose."""
    mine = figures(pair.rewrite)
    if len(mine) < 2:
        return []
    linked = {e.sentence.index for e in pair.evidence}
    return [
        f
        for f in ctx.source.facts
        if f.sentence.index not in linked
        and sum(any(s.comparable(q) and s.agrees(q) for s in figures(f)) for q in mine) >= 2
    ]


def _expression(f: SentenceFacts, d: DatePart) -> list[DatePart]:
    """The parts of the date ``d`` belongs to: "June 1972", "Tuesday, May 5"."""
    parts = sorted((x for x in f.dates if x.field != "relative"), key=lambda x: x.start)
    group = [d]
    for step in (1, -1):
        edge = d
        for x in parts[::step]:
            if x in group:
                continue
            gap = x.start - edge.end if step == 1 else edge.start - x.end
            if 0 <= gap <= 3:
                group.append(x)
                edge = x
    return group


def _whole_date_elsewhere(ctx: Context, pair: Pair, d: DatePart) -> bool:
    """The rewrite's whole date of two parts or more ("June 1972") is stated in one source
    sentence nearly as close to the rewrite sentence as the matched one, which states another
    ("July 1967"): the rewrite tells of the event that sentence dates, not of a changed date.
    A date moved from a sentence about something else is still a change."""
    group = _expression(pair.rewrite, d)
    if len(group) < 2:
        return False
    want = {(x.field, x.value) for x in group}
    near, _ = _near(ctx, pair)
    return any(want <= {(x.field, x.value) for x in f.dates} and near(f) for f in ctx.source.facts)


def _check_date(
    ctx: Context, pair: Pair, d: DatePart, local: list[DatePart], src_values
) -> Change | None:
    if any(s.field == d.field and s.value == d.value for s in local):
        return None
    if d.field == "relative" or (d.field == "day" and not any(s.field == "month" for s in local)):
        return None
    rivals = [s for s in local if s.field == d.field]
    if rivals and _whole_date_elsewhere(ctx, pair, d):
        return None
    if rivals:
        s = rivals[0]
        return Change(
            "date", "high", ctx.src_span(s.start, s.end), ctx.rw_span(d.start, d.end),
            f"The {_FIELD[d.field]} changed: the source says {quoted(s.text)}, the rewrite says {quoted(d.text)}.",
            rule="changed",
        )  # fmt: skip
    if not pair.evidence:
        return None
    dated = _dated_nearby(ctx, pair, d)
    if dated is not None:
        return Change(
            "date", "high", ctx.src_span(dated.start, dated.end), ctx.rw_span(d.start, d.end),
            f"The {_FIELD[d.field]} changed: the source says {quoted(dated.text)} in the sentences"
            f" closest to this one, the rewrite says {quoted(d.text)}.",
            rule="changed_nearby",
        )  # fmt: skip
    if (d.field, d.value) in src_values:
        return None
    return Change(
        "date", "high" if d.field in ("year", "month", "weekday") else "medium", None,
        ctx.rw_span(d.start, d.end),
        f"The {_FIELD[d.field]} {quoted(d.text)} does not appear in the source.",
        rule="not_in_source",
    )  # fmt: skip


def _dated_nearby(ctx: Context, pair: Pair, d: DatePart) -> DatePart | None:
    """Where the matched sentence gives no such date, the day, month or year that the source
    sentences nearly as close to the rewrite sentence give instead of the rewrite's, if none of
    them gives the rewrite's ("hit Thursday" where the close sentences say "Tuesday" and
    "Thursday" is only in a forecast for other places)."""
    if d.field not in ("weekday", "month", "year"):
        return None
    near, best = _near(ctx, pair)
    if best < T.matched:
        return None
    close = [f for f in pair.context[len(pair.evidence) :] if near(f)]
    stated = [x for f in close for x in f.dates if x.field == d.field]
    if not stated or any(x.value == d.value for x in stated):
        return None
    return stated[0]


_FIELD = {
    "weekday": "day of the week",
    "month": "month",
    "year": "year",
    "day": "date",
    "time": "time",
}


def time_span(t, aligned: list, sims, gone: Counter) -> tuple[str, object] | None:
    """The unit of time the rewrite swapped ("hours" for "minutes", "30 weeks" for "30 days"):
    the closest word of the aligned sentences that is another unit of time and is gone, with
    "same" when both state the same span ("12 months" for "a year") and "changed" otherwise."""
    if t.lemma_.lower() not in TIME_UNITS:
        return None
    units = [
        (float(sims[k]), s)
        for k, s in enumerate(aligned)
        if s.lemma_.lower() in TIME_UNITS
        and s.lemma_.lower() != t.lemma_.lower()
        and gone[s.lemma_.lower()] > 0
    ]
    if not units:
        return None
    s = max(units, key=lambda x: x[0])[1]
    a, b = duration(t), duration(s)
    if a is not None and b is not None and abs(a - b) <= 0.1 * max(a, b):
        return "same", s  # "12 months" for "a year", "14 days" for "two weeks"
    return "changed", s


def span_change(ctx: Context, s, t) -> Change:
    return Change(
        "number", "high", ctx.src_span(s.idx, s.idx + len(s.text)), ctx.rw_span(t.idx, t.idx + len(t.text)),
        f"The span of time changed: the source says {quoted(s.text)}, the rewrite says {quoted(t.text)}.",
        rule="time_span",
    )  # fmt: skip
