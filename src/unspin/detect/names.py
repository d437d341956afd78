"""Replaced and misspelled names of people, organisations and places.

Names are matched as variants ("Antony J. Blinken", "Blinken", "Mr. Blinken" share a key word),
across the whole source, not only inside aligned sentences. A rewrite name that is no variant
of any source name is a misspelling when it is a near-spelling of one ("Harrod" for "Harrow"),
and otherwise a replacement when the aligned source sentence names someone else in its place.
A name the source has is a replacement too where the rewrite ties it to a word (a verb it is
the subject or object of, a noun it qualifies) that the source ties another name of its kind
to and never this one ("Skrtel has signed" for "Henderson has signed", "Indian carriers" for
"Israeli carriers"); a name the source has is no replacement where it stands for a pronoun of
the matched sentence ("Ed Miliband's team" for "his team").

Pronouns: a rewrite that opens with one ("They arrested one man") refers to nothing; a "he" or
"she" before anyone is named leaves the reader guessing; "her" where the source says "his" is
another person.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from ..facts import Name
from ..language import wordnet
from ..language.lexicon import REPORTING_VERBS
from . import Change, Context, Pair, quoted, sweep
from .registry import rule
from .thresholds import T

_GROUPS = {
    "PERSON": "who",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}


def _compatible(a: Name, b: Name) -> bool:
    """Both recognised as the same kind of name (person, organisation, place, group)."""
    ga, gb = _GROUPS.get(a.label), _GROUPS.get(b.label)
    return ga is not None and ga == gb


def variant(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two name keys name the same thing: one's words are a subset of the other's, or they
    differ only by a short form ("EU Commission" and "European Commission")."""
    sa, sb = set(a), set(b)
    if not (sa and sb):
        return False
    return sa <= sb or sb <= sa or _short_form(a, b) or _short_form(b, a)


_ACRONYM = (2, 5)  # letters of a short form
_EXPANDS = 4  # letters a single word must add to its short form ("EU" -> "European")


def _initials(key: tuple[str, ...]) -> str:
    return "".join(w[0] for w in key) if len(key) >= 2 else ""


def _short_form(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """``a`` has one word ``b`` lacks, a short form of the words ``b`` has instead: their
    initials ("EU" for "European Union", "NYPD" for "New York Police Department") or, beside a
    word both share, the start of one much longer word ("EU Commission", "European Commission")."""
    extra = [w for w in a if w not in b]
    if len(extra) != 1 or not (_ACRONYM[0] <= len(extra[0]) <= _ACRONYM[1]):
        return False
    short, rest = extra[0], [w for w in b if w not in a]
    if len(rest) >= 2:
        return _initials(tuple(rest)) == short
    shared = len(a) > 1 and len(b) > 1
    return (
        len(rest) == 1 and shared and rest[0].startswith(short)
        and len(rest[0]) >= len(short) + _EXPANDS
    )  # fmt: skip


# Endings that make a place's or a group's plural or its people ("Americans", "Syrian", "Iraqi",
# "Chinese", "Nazis"): the same name, not a misspelling of it. Not for people: "Davie" and
# "Davies" are two surnames.
_DERIVED = ("s", "es", "n", "ns", "an", "ans", "ian", "ians", "i", "is", "ese", "ish", "'s", "’s")
_STEM = 4  # letters a stem needs before an ending counts ("II" is not "I" plus "i")


def derived(a: str, b: str) -> bool:
    """One word is the other plus an ending of ``_DERIVED``."""
    short, long = sorted((a, b), key=len)
    return len(short) >= _STEM and long.startswith(short) and long[len(short) :] in _DERIVED


def known_words(key: tuple[str, ...], vocabulary: frozenset[str], label: str = "") -> bool:
    """Every word of a name key occurs in ``vocabulary``; for names other than people's, a
    derived form counts ("America" where the source says "Americans")."""

    def known(w: str) -> bool:
        if w in vocabulary:
            return True
        if label == "PERSON" or len(w) < _STEM:
            return False
        return any(w + end in vocabulary for end in _DERIVED) or any(
            w.endswith(end) and len(w) - len(end) >= _STEM and w[: -len(end)] in vocabulary
            for end in _DERIVED
        )

    return bool(key) and all(known(w) for w in key)


def _near(word: str, other: str, person: bool = True) -> bool:
    if word == other or min(len(word), len(other)) < 4:
        return False
    if not person and derived(word, other):
        return False
    dist = Levenshtein.distance(word, other)
    return dist <= (1 if min(len(word), len(other)) <= 5 else 2) and word[0] == other[0]


def misspelling(key: tuple[str, ...], names: list[Name]) -> Name | None:
    """A source name this key is a near-spelling of (same length in words, one word off)."""
    for n in names:
        if len(n.key) != len(key) or variant(n.key, key):
            continue
        off = [(a, b) for a, b in zip(key, n.key, strict=True) if a != b]
        if len(off) == 1 and _near(*off[0], person=n.label == "PERSON"):
            return n
        if len(off) == 0:
            return None
    for (
        n
    ) in names:  # a one-word mention of a longer name: "Harrod" for "Peter Harrow" (surnames only)
        if len(key) == 1 and len(n.key) > 1 and _near(key[0], n.key[-1]):
            return n
    return None


def _same_name(n: Name, m: Name) -> bool:
    """A variant of a source name; a longer name that only contains a name of another kind is
    not one ("Air India", an airline, is not named by a source that names India)."""
    if not variant(n.key, m.key):
        return False
    longer = len(set(n.key)) > len(set(m.key))
    kinds = _GROUPS.get(n.label), _GROUPS.get(m.label)
    return not (longer and None not in kinds and kinds[0] != kinds[1])


_FILLER = r"(?: (?:of|the|and|for|de|del|la|al|von|van))*"


def _as_phrase(ctx: Context, key: tuple[str, ...]) -> bool:
    """A name of several words that spaCy did not mark in the source is known only where its
    words stand together there, or each is a word of a source name: "Air India" is not named
    by a source that says "air" in one place and "India" in another."""
    if len(key) < 2 or all(w in ctx.source_name_words for w in key):
        return True  # each word names something there ("Loganair Aberdeen": an airline, a city)
    words = [re.escape(w) + r"(?:'s)?" for w in key]
    return re.search(r"\b" + (_FILLER + " ").join(words) + r"\b", ctx.source_name_text) is not None


def _nearby(ctx: Context, pair: Pair, n: Name) -> bool:
    """The name occurs in a source sentence next to the evidence."""
    around = {i + d for f in pair.evidence for i in (f.sentence.index,) for d in (-1, 1)}
    facts = ctx.source.facts
    return any(variant(n.key, m.key) for i in around if 0 <= i < len(facts) for m in facts[i].names)


_THIRD_PERSON = {
    "PERSON": frozenset("he him his she her hers".split()),
    "ORG": frozenset("it its they them their".split()),
}


_BACK = 2  # sentences before a pronoun where the name it stands for may be


def _names_a_pronoun(ctx: Context, pair: Pair, n: Name) -> bool:
    """The matched source sentence has a pronoun for this kind of name that the rewrite
    sentence dropped, and one of the last names of that kind before it is this one: the
    rewrite says who the pronoun meant ("Ed Miliband's team" for "his team")."""
    pronouns = _THIRD_PERSON.get(n.label)
    if not pronouns:
        return False
    kept = {t.lower_ for t in pair.rewrite.tokens}
    dropped = [
        t for e in pair.evidence for t in e.tokens if t.lower_ in pronouns and t.lower_ not in kept
    ]
    if not dropped:
        return False
    here = next(e.sentence.index for e in pair.evidence if dropped[0] in e.tokens)
    facts = ctx.source.facts
    # the last one, or any in this sentence or the two before it: the small tagger takes "Sikh"
    # of "a Sikh temple" for a person now and then
    before = [
        m for f in facts[max(0, here - _BACK) : here + 1] for m in f.names
        if m.label == n.label and m.end <= dropped[0].idx
    ]  # fmt: skip
    last = max(
        (m for m in ctx.source.names() if m.label == n.label and m.end <= dropped[0].idx),
        key=lambda m: m.start,
        default=None,
    )
    return any(_same_name(n, m) for m in [*before, *([last] if last else [])])


@rule(kinds=("entity",), severity="high", priority=40)
def names(ctx: Context) -> list[Change]:
    """A person, organisation or place the aligned source sentences do not name: a swapped or
    misspelt name.

    Example: 'Labour minister Anna Harrow met the union on Monday.' -> 'Labour minister Anna Harrod met the union on Monday.'
    """
    src_names = ctx.source.names()

    def check(pair: Pair, n: Name) -> Change | None:
        return _check(ctx, pair, n, src_names, [m.key for m in pair.rewrite.names])

    return sweep(ctx, lambda pair: pair.rewrite.names, check)


def _check(ctx: Context, pair: Pair, n: Name, src_names: list[Name], rw_keys) -> Change | None:
    local = [m for f in pair.evidence for m in f.names]
    if any(_same_name(n, m) for m in local):
        return None
    known = any(_same_name(n, m) for m in src_names) or (
        known_words(n.key, ctx.source.vocabulary, n.label) and _as_phrase(ctx, n.key)
    )
    if not known:
        near = misspelling(n.key, src_names)
        if near is not None:
            return Change(
                "entity", "high", ctx.src_span(near.start, near.end), ctx.rw_span(n.start, n.end),
                f"The name {quoted(n.text)} looks like a misspelling of {quoted(near.text)}, who the source names.",
                rule="misspelling",
            )  # fmt: skip
    if not pair.evidence:
        return None
    displaced = [
        m
        for m in local
        if _compatible(n, m)
        and not any(variant(m.key, k) for k in rw_keys)
        and m.key != n.key
        and _initials(m.key) not in n.key  # "Glen Cove LIRR" names the Long Island Railroad
    ]
    if (
        displaced
        and known
        and (pair.score < T.name_close or _nearby(ctx, pair, n) or _names_a_pronoun(ctx, pair, n))
    ):
        displaced = []  # a name the source has, in a loosely matched or a neighbouring sentence,
        # or standing for a pronoun of the matched sentence ("Ed Miliband's team" for "his team")
    if _GROUPS.get(n.label) == "place":  # "U.K. activists" for "activists in London": broader
        displaced = [m for m in displaced if not wordnet.contains(n.text, m.text)]
    if not displaced and (known or n.label == "NORP"):  # "European carriers" for "Israeli carriers"
        taken = _role_taken(ctx, pair, n, src_names)
        if taken is not None:
            return _role_change(ctx, n, *taken)
    if displaced:
        m = _in_its_place(pair, n, displaced)
        return Change(
            "entity", "high", ctx.src_span(m.start, m.end), ctx.rw_span(n.start, n.end),
            f"The rewrite names {quoted(n.text)} where the source names {quoted(m.text)}.",
            rule="swapped",
        )  # fmt: skip
    if known or n.label == "NORP":
        return None  # named in the source, or its words occur there ("Graffiti" for "graffiti")
    if _GROUPS.get(n.label) == "place" and any(
        _GROUPS.get(m.label) == "place" and wordnet.contains(n.text, m.text) for m in src_names
    ):
        return None  # a place the source's place lies in: less precise, not wrong
    return Change(
        "entity", "medium", None, ctx.rw_span(n.start, n.end),
        f"The rewrite names {quoted(n.text)}, who or which does not appear in the source.",
        rule="not_in_source",
    )  # fmt: skip


def _vector(f, n: Name):
    """The mean context vector of the tokens of sentence ``f`` inside name ``n``, or None."""
    ks = [k for k, t in enumerate(f.tokens) if n.start <= t.idx < n.end]
    return f.word_vectors()[ks].mean(axis=0) if ks else None


def _in_its_place(pair: Pair, n: Name, displaced: list[Name]) -> Name:
    """The displaced source name the rewrite's name took the place of: one of the same label
    ("Texas" over "Galveston Island" for "Alabama"), then the one closest in context."""
    if len(displaced) == 1:
        return displaced[0]
    v = _vector(pair.rewrite, n)
    where = {id(m): e for e in pair.evidence for m in e.names}

    def fit(m: Name) -> tuple[bool, float]:
        u = _vector(where[id(m)], m)
        near = float(u @ v) if u is not None and v is not None else 0.0
        return m.label == n.label, near

    return max(displaced, key=fit)


_ARGUMENT = frozenset(("nsubj", "nsubjpass", "dobj", "iobj", "dative"))
_MODIFIER = frozenset(("amod", "compound", "poss", "nmod"))
_NO_ROLE = frozenset(("be", "have", "do", "say", "tell", "become", "include", "call", "name"))


def _root(f, n: Name):
    """The token heading a name's words in a sentence, or None."""
    inside = [t for t in f.tokens if n.start <= t.idx < n.end]
    return next((t for t in inside if not (n.start <= t.head.idx < n.end) or t.head is t), None)


def _governor(tok):
    """The word a name fills a slot of: the verb it is the subject or object of (directly or
    after a preposition: "met with X", "by X"), or the common noun it qualifies ("Israeli
    carriers", "Xu's son", "the airspace of Oman", "a hospital in Melbourne"); None otherwise."""
    if tok is None or tok.head is tok:
        return None
    dep, head = tok.dep_, tok.head
    if dep in ("conj", "appos") or dep == "compound" and head.pos_ == "PROPN":
        return _governor(head)  # "the prosecutor general and President Zelenskyy": as the first
    if dep in _MODIFIER and head.pos_ == "NOUN":
        return head
    if dep == "pobj" and head.pos_ == "ADP":
        above = head.head
        if head.dep_ in ("prep", "agent", "dative") and above.pos_ == "VERB":
            return above
        if head.dep_ == "prep" and head.lower_ == "of" and above.pos_ == "NOUN":
            return above
        if head.dep_ == "prep" and head.lower_ == "in" and above.pos_ in ("NOUN", "PROPN"):
            return above  # "a hospital in Melbourne", as "a Melbourne hospital"
        return None
    if dep in _ARGUMENT and head.pos_ == "VERB":
        return head
    if dep == "nsubj" and head.lemma_ == "be":  # "Keefe was a telephone operator"
        return next((c for c in head.children if c.dep_ == "attr" and c.pos_ == "NOUN"), None)
    return None


def _group(n: Name, src_names: list[Name]) -> str | None:
    """The kind of a name (person, organisation, place, group), from the source's mention of
    it where the tagger gave this one none ("Sterling" marked only as a proper noun)."""
    return _GROUPS.get(n.label) or next(
        (_GROUPS[m.label] for m in src_names if m.label in _GROUPS and _same_name(n, m)), None
    )


def _role_change(ctx: Context, n: Name, m: Name, verb) -> Change:
    return Change(
        "entity", "high", ctx.src_span(m.start, m.end), ctx.rw_span(n.start, n.end),
        f"The rewrite ties {quoted(n.text)} to {quoted(verb.text)} where the source has "
        f"{quoted(m.text)}; the source never ties {quoted(n.text)} to it.",
        rule="role_taken",
    )  # fmt: skip


def _role_taken(
    ctx: Context, pair: Pair, n: Name, src_names: list[Name]
) -> tuple[Name, object] | None:
    """A source name of the same kind that the source ties to the word the rewrite ties ``n``
    to (see ``_governor``), where the source never ties ``n`` to that word: "Martin Skrtel has
    signed" for "Jordan Henderson has signed", "Indian carriers" for "Israeli carriers", the
    new name being one the source has elsewhere. Returned with the rewrite's word it is tied to.

    Anywhere in the source, not only in the aligned sentences: summaries fuse sentences the
    alignment cannot match one to one. Limited to the aligned sentences it found 7 fewer
    edited BUMP names and 2 fewer SummEdits ones, for one BUMP reference summary fewer flagged
    (docs/history.md)."""
    verb = _governor(_root(pair.rewrite, n))
    if verb is None or verb.lemma_.lower() in _NO_ROLE or verb.lemma_.lower() in REPORTING_VERBS:
        return None
    said = [ctx.source.text[e.sentence.start : e.sentence.end].lower() for e in pair.evidence]
    if any(n.text.lower() in text for text in said):
        return None  # the matched sentence has it ("Pope" of "Pope Francis argued"): reworded
    group = _group(n, src_names)
    rw_keys = [m.key for m in pair.rewrite.names]
    rivals = []
    for m in _ties(ctx).get(verb.lemma_.lower(), ()):
        if _same_name(n, m) or variant(n.key, m.key):
            return None  # the source ties this name to this word too
        kind = _GROUPS.get(m.label)  # a name of no known kind may stand for any
        if (
            kind is not None
            and group in (None, kind)
            and not any(variant(m.key, k) for k in rw_keys)
        ):
            rivals.append(m)
    return (rivals[0], verb) if rivals else None


def _described_as(root) -> list:
    """The common nouns the source describes a name as, beside a verb: "Keefe, a telephone
    operator, posed" and "As a telephone operator, Keefe posed" ("is a telephone operator" is
    ``_governor``'s)."""
    if root is None:
        return []
    out = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    if root.dep_ == "nsubj":
        out += [
            g
            for c in root.head.children
            if c.dep_ == "prep" and c.lower_ == "as" and c.i < root.i
            for g in c.children
            if g.dep_ == "pobj" and g.pos_ == "NOUN"
        ]
    return out


def _ties(ctx: Context) -> dict[str, list[Name]]:
    """The source's names by the lemma of the word each is tied to (built once per comparison)."""
    if not hasattr(ctx, "_name_ties"):
        ties: dict[str, list[Name]] = {}
        for f in ctx.source.facts:
            if f.sentence.is_boilerplate:
                continue
            for m in f.names:
                root = _root(f, m)
                g = _governor(root)
                if g is not None:
                    ties.setdefault(g.lemma_.lower(), []).append(m)
                for noun in _described_as(root):
                    ties.setdefault(noun.lemma_.lower(), []).append(m)
        ctx._name_ties = ties
    return ctx._name_ties
