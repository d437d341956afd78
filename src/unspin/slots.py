"""A story's fact sheet: its articles' mentions grouped into slots: the ``slots`` stage.

``sheet(story, articles, mentions)`` takes the story's articles (each with its independent
origin, from provenance) and each article's :class:`~unspin.records.Mention` records, and
returns a :class:`~unspin.records.FactSheet`:

- **Slots.** Mentions with the same slot name are one slot ("people killed"). Person slots whose
  surnames are one or two letters apart ("Harrow", "Harrod"; same first letter, and long
  enough that this is rare by chance) are one slot with two values.
- **Values.** A quantity's mentions are one value when they make the same claim (equal after
  rounding, with the same kind of bound: 1,612,000 and 1.6 million); a name's when the words
  of one are all in the other ("Biden", "Joe Biden"); a quote's when its words are the same.
  Two names conflict only when a word of one is a misspelling of a word of the other
  ("Casitol Hill", "Capitol Hill").
- **The majority value** is the one the most independent origins state (then the most
  articles, then the earliest). Each mention ``agrees`` with it, is ``compatible`` (212 against
  "more than 200": the intervals overlap) or ``conflicts``.
- **The slot** is ``disputed`` when two values conflict and each is stated by an article that
  does not state the other (one article giving two figures is usually two events, not a
  disagreement; for a name, or a change compare paired, also when a copy or rewrite brings in
  a value its origin does not state); else ``compatible`` when it holds several values; else ``agreed`` when two or
  more independent origins state it, and ``single`` when only one does.

Copies and rewrites count as one voice with their origin: ``origins`` lists the independent
origins behind a value, so three farm copies of one wire report are one voice, not four.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from itertools import pairwise

from rapidfuzz.distance import Levenshtein

from .records import (
    FactSheet,
    Mention,
    SheetArticle,
    Slot,
    SlotMention,
    SlotValue,
    ValueChange,
)

NAMES = ("person", "organisation", "place")
# kinds whose values describe one thing several true ways ("the ministry" and "officials";
# "labour minister" and "minister"; "in a statement" and "told reporters"): never a conflict
DESCRIBED = frozenset(("attribution", "role", "occasion"))
QUOTE_OVERLAP = 0.4  # share of words two quotes of one speaker share to be one quote reworded
SAME_CONTEXT = 0.5  # MiniLM cosine of two sentences for their values to be about one thing


def sheet(
    story: str,
    articles: list[SheetArticle],
    mentions: dict[str, tuple[Mention, ...]],
    changes: list[Changed] = (),
    texts: dict[str, str] | None = None,
    versions: dict[str, list[tuple[int, str, float]]] | None = None,
) -> FactSheet:
    """The fact sheet of one story; ``articles`` in publication order, ``mentions`` by
    article id. ``changes`` are the flagged changes ``compare`` found between a copy or
    rewrite and its source (sentence-aligned, so they catch what slots by name or count do
    not: a name swapped for another, a quotation reworded with no speaker named): each makes
    the rewrite's words a conflicting value of the slot the source's words are in, or of a
    slot of its own; ``texts`` (by article id) lets the other articles that state the
    source's words be counted with it. ``versions`` (by url: each version's number, article
    id and fetch time, as ``unspin watch`` keeps them) gives each slot the history of its
    values from one version of a page to the next; a page's earlier versions then state
    nothing in the slots (only its latest one is a voice), so an edit is history, never a
    dispute of a page with itself."""
    older = {a for timeline in (versions or {}).values() for _, a, _ in timeline[:-1]}
    older -= {timeline[-1][1] for timeline in (versions or {}).values()}  # a flip-flop's
    if older:  # a page's earlier versions are its history, not voices of their own
        every = sheet(story, articles, mentions, changes, texts)
        now = {a: m for a, m in mentions.items() if a not in older}
        kept = [c for c in changes if not {c.source, c.rewrite} & older]
        current = sheet(story, articles, now, kept, {a: t for a, t in (texts or {}).items()
                                                     if a not in older})  # fmt: skip
        order = {a.id: k for k, a in enumerate(articles)}
        history = {s.slot: _history(s, versions, order) for s in every.slots}
        return replace(current, slots=tuple(
            replace(s, history=history.get(s.slot, ())) for s in current.slots))  # fmt: skip
    order = {a.id: k for k, a in enumerate(articles)}
    info = {a.id: a for a in articles}
    grouped: dict[str, list[tuple[str, Mention]]] = defaultdict(list)
    for article in articles:
        for m in mentions.get(article.id, ()):
            grouped[m.slot].append((article.id, m))
    _merge_spellings(grouped)
    for change in changes:
        _fold(grouped, change, texts or {})
    _split_quotes(grouped)
    slots = [_slot(name, found, info, order) for name, found in grouped.items()]
    rank = {"disputed": 0, "compatible": 1, "agreed": 2, "single": 3}
    slots.sort(
        key=lambda s: (rank[s.status], -len({o for v in s.values for o in v.origins}), s.slot)
    )
    return FactSheet(story, tuple(articles), tuple(slots))


def _history(
    slot: Slot, versions: dict[str, list[tuple[int, str, float]]], order: dict[str, int]
) -> tuple[ValueChange, ...]:
    """Where the slot's values in one version of a page differ from the version before."""
    said: dict[str, set[str]] = defaultdict(set)
    for v in slot.values:
        for m in v.mentions:
            said[m.article].add(v.value)
    out = []
    for url, timeline in versions.items():
        seen = [(seq, a, at) for seq, a, at in timeline if a in order]
        for (_, before, _), (seq, after, at) in pairwise(seen):
            old, new = tuple(sorted(said[before])), tuple(sorted(said[after]))
            if old != new:
                out.append(ValueChange(url, seq, before, after, at, old, new))
    return tuple(out)


@dataclass(frozen=True)
class Changed:
    """One flagged change ``compare`` found: the source's words and the rewrite's."""

    source: str  # article ids
    rewrite: str
    kind: str  # the change kind (number, entity, quote, negation...)
    source_span: tuple[int, int, str]
    rewrite_span: tuple[int, int, str]


_AS_MENTION = {"number": "quantity", "quote": "quote"}


# A pronoun puts no value in a slot: "They" for "These elites" is compare's to flag (who it
# now stands for), not a second value of the fact.
_PRONOUNS = frozenset("he she it they him her them his its their theirs we us our i you".split())


def _fold(grouped: dict[str, list], change: Changed, texts: dict[str, str]) -> None:
    s0, s1, s_text = change.source_span
    r0, r1, r_text = change.rewrite_span
    if set(_words(r_text)) <= _PRONOUNS:
        return
    home = next(
        (name for name, found in grouped.items()
         if any(a == change.source and m.start < s1 and s0 < m.end for a, m in found)),
        None,
    )  # fmt: skip
    if home is not None:
        kind = grouped[home][0][1].kind
        if any(a == change.rewrite and m.start < r1 and r0 < m.end for a, m in grouped[home]):
            return  # the slot holds the rewrite's own mention of these words already
        as_kind = kind if kind == "quantity" else "change"  # compare's words, not a whole quote
        grouped[home].append((change.rewrite, _as(as_kind, r_text, r0, r1)))
        return
    kind = _AS_MENTION.get(change.kind, change.kind)
    name = f"{change.kind}: {' '.join(s_text.split())[:60]}"
    found = [(change.source, _as(kind, s_text, s0, s1))]
    for article, text in texts.items():  # the others that state the source's words
        if article not in (change.source, change.rewrite):
            at = text.find(s_text)
            if at >= 0:
                found.append((article, _as(kind, s_text, at, at + len(s_text))))
    found.append((change.rewrite, _as(kind, r_text, r0, r1)))
    grouped.setdefault(name, []).extend(found)


def _as(kind: str, text: str, start: int, end: int) -> Mention:
    """A mention made of a change's words, of the slot's kind (a quantity parses them)."""
    if kind == "quantity":
        from .language.numbers import parse

        found = parse(text)
        if found:
            q = replace(found[0], start=start + found[0].start, end=start + found[0].end)
            from .mentions import value_of

            return Mention(kind, "", value_of(q), start, end, text, -1, q)
        kind = "change"
    return Mention(kind, "", " ".join(text.split()), start, end, text, -1)


def _slot(name: str, found: list[tuple[str, Mention]], info: dict, order: dict) -> Slot:
    kind = found[0][1].kind
    groups: list[list[tuple[str, Mention]]] = []
    for article, m in found:
        home = next((g for g in groups if _same(g[0][1], m)), None)
        if home is None:
            groups.append([(article, m)])
        else:
            home.append((article, m))

    def weight(g):
        origins = {info[a].origin for a, _ in g}
        return (-len(origins), -len({a for a, _ in g}), min(order[a] for a, _ in g))

    groups.sort(key=weight)
    major = groups[0][0][1]
    values, minority = [], []
    for g in groups:
        status = "agrees" if g is groups[0] else _status(major, g[0][1])
        if status == "conflicts":
            minority += [a for a, _ in g]
        first = min((a for a, _ in g), key=lambda a: order[a])
        values.append(
            SlotValue(
                _shown(g),
                tuple(SlotMention(a, m.start, m.end, m.text, status) for a, m in g),
                tuple(sorted({info[a].origin for a, _ in g}, key=lambda o: order.get(o, 0))),
                first,
                info[first].published,
            )
        )
    status = _slot_status(groups, info)
    return Slot(name, kind, status, tuple(values), tuple(dict.fromkeys(minority)))


def _slot_status(groups: list, info: dict) -> str:
    if len(groups) == 1:
        return "agreed" if len({info[a].origin for a, _ in groups[0]}) > 1 else "single"
    stated = [{a for a, _ in g} for g in groups]
    for i, g in enumerate(groups):
        for j in range(i + 1, len(groups)):
            if not _conflict(g[0][1], groups[j][0][1]):
                continue
            if _apart((g[0][1], groups[j][0][1]), stated[i], stated[j], info) and _alike(
                g, groups[j]
            ):
                return "disputed"
    return "compatible"


def _paired(m: Mention) -> bool:
    """Words from a change compare found (sentence -1: made by :func:`_as`), not read from
    the article by the mentions stage; a figure's are still compared by value."""
    return m.kind == "change" or (m.sentence == -1 and m.kind != "quantity")  # figures: by value


def _apart(pair: tuple[Mention, Mention], one: set[str], other: set[str], info: dict) -> bool:
    """Two conflicting values are a dispute when each is stated by an article that does not
    state the other: one article giving two figures is usually two events. Compare's pairing
    is one claim, and a name has one spelling: for those it is also a dispute when a copy or
    rewrite brings in a value its origin does not state ("Obama" ten times and "Obapa" once
    is still a misspelling; an original that spells a name two ways is not disputed by its
    copies)."""
    if one - other and other - one:
        return True
    if any(m.kind in NAMES or _paired(m) for m in pair):
        return any(
            info[a].origin != a and info[a].origin not in stated
            for stated in (one, other)
            for a in stated
        )
    return False


def _alike(a: list[tuple[str, Mention]], b: list[tuple[str, Mention]]) -> bool:
    """Some mention of one value and some of the other, in two articles, sit in sentences
    alike enough to be about the same thing (a person's spelling needs no such check)."""
    for x_article, x in a:
        for y_article, y in b:
            if x_article == y_article:
                continue
            if x.kind in NAMES or x.context is None or y.context is None:
                return True
            if float(x.context @ y.context) >= SAME_CONTEXT:
                return True
    return False


def _same(a: Mention, b: Mention) -> bool:
    if a.kind in NAMES and b.kind in NAMES:  # "Biden" is "Joe Biden"; "Casitol Hill" is not
        x, y = set(_name_words(a)), set(_name_words(b))
        return bool(x and y) and (x <= y or y <= x)
    if a.kind == "quantity" and a.quantity is not None and b.quantity is not None:
        return a.value == b.value or a.quantity.same_claim(b.quantity)  # 18-digit ids too
    if a.kind == b.kind == "quote":  # one outlet quotes less of it: the same words
        x, y = _norm(a), _norm(b)
        return x in y or y in x
    return _norm(a) == _norm(b)


def _status(major: Mention, m: Mention) -> str:
    if _same(major, m):
        return "agrees"
    return "conflicts" if _conflict(major, m) else "compatible"


def _conflict(a: Mention, b: Mention) -> bool:
    """Two values that cannot both be true of one slot."""
    if {a.kind, b.kind} & DESCRIBED:  # several sources, titles, occasions may all be true
        return False
    if _paired(a) or _paired(b):  # compare aligned them: different words, one claim
        return _norm(a) != _norm(b)
    if a.kind == "action":  # "postpone" and "end" cannot both be done; "call off" and "delay" can
        from .language.lexicon import opposite

        return opposite(a.value, b.value) in ("flip", "halt")
    if a.kind == "quantity" and a.quantity is not None and b.quantity is not None:
        return a.value != b.value and not a.quantity.agrees(b.quantity)
    if a.kind in NAMES:  # a slot holds one name's spellings: other words in it are misreads
        x, y = set(_name_words(a)), set(_name_words(b))
        return any(
            _variant(u, v) and u.rstrip("s") != v.rstrip("s")  # "Investigations": one name
            for u in x - y
            for v in y - x
        )
    if a.kind == "quote":  # one quote worded two ways, not two different quotes
        x, y = set(_words(a.text)), set(_words(b.text))
        return bool(x and y) and len(x & y) / min(len(x), len(y)) >= QUOTE_OVERLAP
    return _norm(a) != _norm(b)


_POSSESSIVE = re.compile(r"['’]s?$")


def _norm(m: Mention) -> str:
    if m.kind in NAMES:  # "Martinez's" is Martinez
        return _POSSESSIVE.sub("", _words(m.value)[-1]) if _words(m.value) else ""
    return " ".join(_words(m.value))


def _name_words(m: Mention) -> list[str]:
    return [_POSSESSIVE.sub("", w) for w in _words(m.value)]


def _shown(group: list[tuple[str, Mention]]) -> str:
    m = group[0][1]
    if m.kind in NAMES:  # the fullest form of the name seen
        return max((x.value for _, x in group), key=len)
    return m.value


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text.lower())


def _merge_spellings(grouped: dict[str, list]) -> None:
    """Person slots a letter or two apart become one, under the spelling most articles use
    (and so do the slots of their roles and quotations' occasions)."""
    for prefix in ("person ", "role of ", "occasion of "):  # a person's, and their titles'
        people = sorted(
            (k for k in grouped if k.startswith(prefix)),
            key=lambda k: -len({a for a, _ in grouped[k]}),
        )
        for k, major in enumerate(people):
            if major not in grouped:
                continue
            for minor in people[k + 1 :]:
                if minor in grouped and _variant(major[len(prefix) :], minor[len(prefix) :]):
                    grouped[major] += grouped.pop(minor)


def _split_quotes(grouped: dict[str, list]) -> None:
    """A speaker's quotes that share few words are different quotes, each its own slot (named
    by its first words); those that share many are one quote, perhaps worded two ways."""
    for name in [k for k in grouped if k.startswith("quote of ")]:  # not compare's pairs
        found = grouped.pop(name)
        parts: list[list] = []
        for item in found:
            near = [
                p for p in parts if any(_same(x[1], item[1]) or _conflict(x[1], item[1]) for x in p)
            ]
            for p in near[1:]:
                near[0] += p
                parts.remove(p)
            (near[0] if near else parts.append([]) or parts[-1]).append(item)
        for p in parts:
            head = " ".join(_words(p[0][1].text)[:5])
            grouped[f"{name}: {head}"] = p


def _variant(a: str, b: str) -> bool:
    if a[:1] != b[:1] or min(len(a), len(b)) < 5:
        return False
    return Levenshtein.distance(a, b) <= (1 if min(len(a), len(b)) < 8 else 2)
