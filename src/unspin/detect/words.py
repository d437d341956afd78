"""Changed words: meaning flips and strength shifts, negation, modality, and unsupported words.

A rewrite word is *supported* when its lemma occurs in the aligned source sentences, or when its
contextual MiniLM vector sits close to one of theirs (a synonym in context: "dumped" and
"poured"). Opposites ("postpone" and "end", "approved" and "rejected") are caught by lemma pairs
before that test, since context vectors place antonyms close together; so is a new word of the
opposite tone in a lost word's place ("troubled" and "triumphant", ``tone``). Unsupported words are
reported as `other` changes; a run of three or more of them as an `added` claim.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

from ..facts import SentenceFacts
from ..language import tone, wordnet
from ..language.lexicon import (
    NEGATION_CUES,
    OPPOSITE_KINDS,
    PLAIN_NEG_PREFIXES,
    REPORTING_VERBS,
    direction,
    opposite,
    prefixed,
)
from . import Change, Context, Pair, quoted
from .figures import span_change, time_span
from .registry import rule
from .thresholds import T

LIGHT_VERBS = frozenset("be do have make get go take give".split())
_SKIP_POS = frozenset("PROPN NUM PRON DET ADP AUX CCONJ SCONJ PART PUNCT SYM X SPACE".split())


_ORDER_WORDS = frozenset(("before", "after"))
_ROLES = frozenset(("nsubj", "nsubjpass", "dobj"))  # the slots a word's things fill
# stop words that carry a fact where one takes the other's place ("the least bang" for "the most")
_STOP_FLIPS = frozenset(
    ("most", "least", "more", "less", "fewer", "up", "down", "all", "none", "inside", "outside")
)


def _candidates(ctx: Context, f: SentenceFacts) -> list[int]:
    """Indexes of tokens of ``f`` that carry content and no detector has explained yet."""
    names = [(n.start, n.end) for n in f.names] + [(q.start, q.end) for q in f.quantities]
    names += [(d.start, d.end) for d in f.dates]
    out = []
    for k, t in enumerate(f.tokens):
        end = t.idx + len(t.text)
        if t.lower_ in _ORDER_WORDS or t.lower_ in _STOP_FLIPS:
            pass  # "after" for "before": stop words that carry a fact
        elif t.pos_ in _SKIP_POS or t.is_stop or t.like_num or len(t.text) < 3 and t.pos_ != "ADJ":
            continue
        if t.lemma_.lower() in REPORTING_VERBS or t.lower_ in NEGATION_CUES or t.tag_ == "MD":
            continue
        if any(s < end and t.idx < e for s, e in names) or ctx.is_claimed(t.idx, end):
            continue
        out.append(k)
    return out


@rule(kinds=("number", "reversal", "modality", "other", "added"), severity="medium", priority=110)
def words(ctx: Context) -> list[Change]:
    """A content word the aligned source sentences neither have nor paraphrase: an opposite
    (reversal or modality), a different thing of the same kind, a changed time span (other), or
    a run of unsupported words (added).

    Example: 'The union agreed to postpone the walkout at the port.' -> 'The union agreed to end the walkout at the port.'
    """
    out: list[Change] = []
    for pair in ctx.pairs:
        if not pair.evidence:
            continue
        out.extend(_pair_words(ctx, pair))
    return out


def _pair_words(ctx: Context, pair: Pair) -> list[Change]:
    f = pair.rewrite
    ev_tokens, ev_lemmas, aligned_lemmas, gone = _evidence_words(pair)
    ev_vecs = np.concatenate([e.word_vectors() for e in pair.context]) if ev_tokens else None
    n_aligned = sum(len(e.tokens) for e in pair.evidence)  # context starts with the evidence
    vecs = f.word_vectors()
    out, unsupported = [], []
    for k in _candidates(ctx, f):
        t = f.tokens[k]
        lemma = t.lemma_.lower()
        # a word only a nearby sentence has is supported, unless it reverses a word the matched
        # sentence lost ("an old image" for "a new image", the next sentence saying "old
        # galaxies"); stop words ("before", "after") are too common to judge that way
        nearby = lemma in ev_lemmas or t.lower_ in ev_lemmas
        if nearby and (lemma in aligned_lemmas or t.lower_ in aligned_lemmas or t.is_stop):
            continue
        if _in_known_compound(ctx, f, k):
            continue  # "daughter" of "daughter-in-law", which the source has
        elsewhere = lemma in ctx.source.vocabulary
        sims = ev_vecs @ vecs[k]
        best = int(sims.argmax())
        slot = (
            [ev_tokens[int(i)] for i in np.argsort(-sims[:n_aligned])[:3]]
            if n_aligned
            else [ev_tokens[best]]
        )
        span = None if nearby else time_span(t, ev_tokens[:n_aligned], sims[:n_aligned], gone)
        if span is not None and span[0] == "same":
            continue
        if span is not None and pair.score >= T.flip_score:
            out.append(span_change(ctx, span[1], t))
            ctx.claim(t.idx, t.idx + len(t.text))
            continue
        verdict, s = _judge(t, ev_tokens, n_aligned, slot, float(sims[best]), gone)
        if (
            verdict in ("new", "sibling")
            and pair.score >= T.tone_score
            and (turn := _turned(t, slot, gone)) is not None
        ):
            verdict, s = "flip", turn
        if t.lower_ in _STOP_FLIPS and verdict not in OPPOSITE_KINDS:
            continue  # only as an opposite: otherwise too common a word to judge
        if verdict in (*OPPOSITE_KINDS, "sibling", "colour") and pair.score < T.flip_score:
            verdict = "new"  # an opposite in a loosely matched sentence is too weak a sign
        if verdict == "same" or nearby and verdict not in OPPOSITE_KINDS:
            continue
        if verdict in OPPOSITE_KINDS:
            out.append(_flip(ctx, s, t, verdict))
            ctx.claim(t.idx, t.idx + len(t.text))
        elif verdict in ("sibling", "colour"):
            out.append(_colour(ctx, s, t) if verdict == "colour" else _sibling(ctx, s, t))
            ctx.claim(t.idx, t.idx + len(t.text))
        elif not elsewhere and t.lower_ not in _ORDER_WORDS:
            unsupported.append((k, s, float(sims[best])))
    out.extend(_unsupported(ctx, pair, unsupported))
    return out


def _evidence_words(pair: Pair) -> tuple[list, set[str], set[str], Counter]:
    """The evidence's tokens, its lemmas and words, those of the aligned sentences alone, and
    ``gone``: the lemmas of the aligned sentences that the rewrite sentence has fewer of."""
    ev_tokens = [t for e in pair.context for t in e.tokens]
    ev_lemmas = {t.lemma_.lower() for t in ev_tokens} | {t.lower_ for t in ev_tokens}
    aligned = [t for e in pair.evidence for t in e.tokens]
    aligned_lemmas = {t.lemma_.lower() for t in aligned} | {t.lower_ for t in aligned}
    gone = Counter(t.lemma_.lower() for t in aligned) - Counter(
        t.lemma_.lower() for t in pair.rewrite.tokens
    )
    return ev_tokens, ev_lemmas, aligned_lemmas, gone


def _in_known_compound(ctx: Context, f: SentenceFacts, k: int) -> bool:
    """Token ``k`` is part of a hyphenated word ("daughter-in-law") that the source has whole."""
    toks = f.tokens
    a = b = k
    while (
        a > 0 and toks[a - 1].whitespace_ == "" and (toks[a - 1].text == "-" or toks[a].text == "-")
    ):
        a -= 1
    while (
        b + 1 < len(toks)
        and toks[b].whitespace_ == ""
        and (toks[b + 1].text == "-" or toks[b].text == "-")
    ):
        b += 1
    if a == b:
        return False
    whole = ctx.rewrite.text[toks[a].idx : toks[b].idx + len(toks[b].text)].lower()
    return re.search(r"(?<![\w-])" + re.escape(whole) + r"(?![\w-])", ctx.source_words) is not None


def _judge(
    t, ev_tokens: list, n_aligned: int, slot: list, sim: float, gone: Counter
) -> tuple[str, object]:
    """Compare a new word with the evidence: same, flip, shift, sibling or new.

    ``slot`` holds the evidence words whose context vectors sit closest to the new word: an
    opposite or a sibling counts only there, in the same place of the sentence; a WordNet opposite
    only if the rewrite sentence has lost it (``gone``: lemmas the aligned source sentences have
    more of than the rewrite sentence), since a word that is still there was not reversed. A new word that
    WordNet relates to an evidence word paraphrases it; where an opposite sits in the slot too,
    only a shared sense with a lost word of the aligned sentences (the first ``n_aligned`` of
    ``ev_tokens``) outweighs it ("small and big" spun as "modest and large").
    """
    closest = slot[0]
    lost = [s for s in slot if gone[s.lemma_.lower()] > 0]
    # the lost word of the new word's kind closest in context is the one it replaced: a WordNet
    # opposite further down the slot is another word of the sentence ("holds a narrow lead ...
    # a wide lead" spun as "a slim lead ... a broad lead": "slim" took the place of "narrow")
    replaced_here = next((s for s in lost if s.pos_ == t.pos_), None)
    listed = _listed_opposite(t, slot, gone) or _prefixed_opposite(t, ev_tokens[:n_aligned], gone)
    opposites, siblings, synonyms, replaced = _related(t, ev_tokens, n_aligned, gone, listed,
                                                       replaced_here)  # fmt: skip
    flip = listed or (opposites[0] if opposites else None)
    if flip is None and synonyms:
        return "same", synonyms[0]
    if replaced:
        return "same", replaced[0]
    if flip is not None:
        return flip
    colour = _colour_in_slot(t, slot, gone)
    if colour is not None:
        return "colour", colour
    sibling = next((s for s in slot if s in siblings), None)
    if sibling is not None:
        return "sibling", sibling
    if sim >= T.synonym:
        return "same", closest
    return "new", closest


def _listed_opposite(t, slot: list, gone: Counter) -> tuple[str, object] | None:
    """An opposite of ``t`` from the curated lists in the slot (kept or not: the lists are
    precise, and "released on bail, has been arrested" keeps the word it flips)."""
    lemma = t.lemma_.lower()
    for s in slot:
        if not gone[s.lemma_.lower()] and s.pos_ != t.pos_:
            continue  # kept, and another part of speech: "convict ... on the murder charges"
        if t.dep_ == "prt" and (s.dep_ != "prt" or s.head.lemma_ != t.head.lemma_):
            continue  # a particle flips only the same verb's ("cover up" against "scrub down")
        if _linking(t) or _linking(s):
            continue  # "the move went sour" against "clubs come knocking": no coming and going
        # surface forms too: "controlled" (a verb, lemma "control") and "uncontrolled"; and
        # the verbs of nouns in -ing ("bond selling" for "bond buying")
        label = (
            opposite(s.lemma_, lemma)
            or opposite(s.lower_, t.lower_)
            or opposite(wordnet.verb_of(s), wordnet.verb_of(t))
            or _phrasal_opposite(s, t)
        )
        if label and direction(s.lemma_, lemma) and not _same_things(s, t):
            continue  # "raising prices" is no reversal of "profits dropped"
        if label:
            return label, s
    return None


def _prefixed_opposite(t, aligned: list, gone: Counter) -> tuple[str, object] | None:
    """ "crewed" for "uncrewed" anywhere in the aligned sentences, if gone; with fewer prefixes
    than in the slot, since every word is looked at: "in" pairs "form" with "inform"."""
    return next(
        (
            ("flip", s)
            for s in aligned
            if gone[s.lemma_.lower()] > 0 and prefixed(s.lower_, t.lower_, PLAIN_NEG_PREFIXES)
        ),
        None,
    )


def _related(t, ev_tokens: list, n_aligned: int, gone: Counter, listed, replaced_here) -> tuple:
    """The evidence words WordNet relates to ``t``: (opposites, siblings, synonyms, replaced),
    where ``replaced`` are the synonyms among the lost words of the aligned sentences."""
    opposites, siblings, synonyms, replaced = [], [], [], []
    for k, s in enumerate(ev_tokens):
        if s.pos_ != t.pos_ or s.is_stop:
            continue
        rel = wordnet.relation(_entry(s), _entry(t), t.pos_)
        if rel in ("same", "broader", "narrower"):
            synonyms.append(s)
            # a listed opposite outranks WordNet's loose senses of that very word; over an
            # opposite, only a shared sense (or a similar adjective) of a lost word counts
            close = rel == "same" or t.pos_ == "ADJ"
            lost_here = k < n_aligned and gone[s.lemma_.lower()] > 0
            if close and lost_here and (listed is None or s is not listed[1]):
                replaced.append(s)
        if (
            rel == "antonym"
            and replaced_here is not None
            and s == replaced_here
            and not (_linking(t) or _linking(s))
        ):
            opposites.append(("flip", s))
        if rel == "sibling":
            siblings.append(s)
    return opposites, siblings, synonyms, replaced


def _colour_in_slot(t, slot: list, gone: Counter):
    """Another colour in the replaced word's place: a changed fact, where WordNet's siblings are
    as often near-synonyms ("yellow and white paint" for "yellow and blue paint")."""
    if not wordnet.is_colour(t.lemma_.lower()):
        return None
    return next(
        (
            s
            for s in slot
            if gone[s.lemma_.lower()] > 0
            and s.pos_ == t.pos_
            and wordnet.is_colour(s.lemma_.lower())
        ),
        None,
    )


def _particle(tok):
    """The particle of a verb ("down" of "turned down"), or None."""
    if tok.pos_ != "VERB":
        return None
    return next((c for c in tok.children if c.dep_ == "prt"), None)


def _phrasal(tok) -> str | None:
    """A verb with its particle as WordNet spells it ("turned down": "turn_down"), if listed."""
    prt = _particle(tok)
    if prt is None:
        return None
    name = f"{tok.lemma_.lower()}_{prt.lower_}"
    return name if wordnet.has(name, "VERB") else None


def _phrasal_opposite(s, t) -> str | None:
    """A phrasal verb and a verb WordNet gives as opposites ("turned down" and "accepted")."""
    a, b = _phrasal(s), _phrasal(t)
    if a is None and b is None:
        return None
    x, y = a or s.lemma_.lower(), b or t.lemma_.lower()
    return "flip" if wordnet.relation(x, y, "VERB") == "antonym" else None


_GRADED = frozenset(("JJR", "JJS", "RBR", "RBS"))


def _entry(tok) -> str:
    """The form WordNet should judge: "latest" as itself (most recent), not as "late"."""
    lemma = tok.lemma_.lower()
    return wordnet.entry(tok.lower_, lemma, tok.pos_) if tok.tag_ in _GRADED else lemma


_TONE_POS = frozenset(("ADJ", "VERB", "NOUN", "ADV"))


def _rated(tok) -> tuple[str, str]:
    """A word and lemma for the tone lexicon: the word's own, or, where VADER rates neither, a
    rated synonym from its most common WordNet sense ("thriving": "prosperous")."""
    if tone.valence(tok.text, tok.lemma_) is not None:
        return tok.text, tok.lemma_
    for w in wordnet.synonyms(tok.lower_, tok.pos_):
        if tone.valence(w, w) is not None:
            return w, w
    return tok.text, tok.lemma_


def _tone_class(tok) -> str:
    """A part of speech for comparing tone: a participle qualifying a noun ("the struggling
    company") counts as an adjective ("the thriving company")."""
    if tok.tag_ in ("VBG", "VBN") and tok.dep_ == "amod":
        return "ADJ"
    return tok.pos_


def _turned(t, slot: list, gone: Counter):
    """The word of the slot that the new word took the place of, if the two are of opposite
    tone ("troubled" and "triumphant"): a word the rewrite sentence lost, of a part of speech
    that carries tone, the same as the new word's ("trapped" is no turn of "adventure")."""
    if t.pos_ not in _TONE_POS:
        return None
    return next(
        (
            s
            for s in slot
            if _tone_class(s) == _tone_class(t)
            and gone[s.lemma_.lower()] > 0
            and tone.turned(_rated(s), _rated(t))
        ),
        None,
    )


def _things(tok) -> set[str]:
    """What a word of change says changed: the subject of "profits dropped", the object of "cut
    prices", "profit" in "an increase in profit", the noun of "the increased availability"."""
    out = {
        c.lemma_.lower() for c in tok.children if c.dep_ in _ROLES and c.pos_ in ("NOUN", "PROPN")
    }
    if tok.pos_ == "NOUN":
        out |= {
            g.lemma_.lower()
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ in ("in", "of")
            for g in c.children
            if g.dep_ == "pobj"
        }
    if tok.dep_ == "amod" and tok.head.pos_ == "NOUN":
        out.add(tok.head.lemma_.lower())
    return out


def _same_things(a, b) -> bool:
    """Two words of change say the same thing changed, or one of them does not say what."""
    x, y = _things(a), _things(b)
    return not (x and y) or not x.isdisjoint(y)


def _linking(tok) -> bool:
    """A verb used to link its subject to a state ("went sour", "came true"): the state carries
    the meaning, not the verb."""
    return tok.pos_ in ("VERB", "AUX") and any(c.dep_ in ("acomp", "oprd") for c in tok.children)


_FLIP_WORDING = {
    "flip": "reverses the meaning",
    "halt": "turns an action put off into one called off",
    "shift": "shifts the meaning",
}


def _flip(ctx: Context, s, t, label: str) -> Change:
    (a, b), (c, d) = _with_particle(s), _with_particle(t)
    old, new = ctx.source.text[a:b], ctx.rewrite.text[c:d]
    return Change(
        OPPOSITE_KINDS[label], "high", ctx.src_span(a, b), ctx.rw_span(c, d),
        f"The rewrite {_FLIP_WORDING[label]}: the source says {quoted(old)}, the rewrite says {quoted(new)}.",
        rule="opposite",
    )  # fmt: skip


def _with_particle(tok) -> tuple[int, int]:
    """A word's span, taking in the particle of a phrasal verb ("turned down")."""
    end = tok.idx + len(tok.text)
    if _phrasal(tok) is not None:
        prt = _particle(tok)
        end = max(end, prt.idx + len(prt.text))
    return tok.idx, end


def _colour(ctx: Context, s, t) -> Change:
    return Change(
        "other", "medium", ctx.src_span(s.idx, s.idx + len(s.text)), ctx.rw_span(t.idx, t.idx + len(t.text)),
        f"The colour changed: the source says {quoted(s.text)}, the rewrite says {quoted(t.text)}.",
        rule="colour",
    )  # fmt: skip


def _sibling(ctx: Context, s, t) -> Change:
    # Low: WordNet siblings hold both changed facts ("yellow"/"white") and near-synonyms
    # ("companies"/"businesses"); on harmless spin they were most of the false alarms.
    return Change(
        "other", "low", ctx.src_span(s.idx, s.idx + len(s.text)), ctx.rw_span(t.idx, t.idx + len(t.text)),
        f"The rewrite says {quoted(t.text)} where the source says {quoted(s.text)}: a different thing of the same kind.",
        rule="sibling",
    )  # fmt: skip


def _unsupported(ctx: Context, pair: Pair, items: list) -> list[Change]:
    """Group unsupported words into runs: a long run is an added claim, a short one a changed word."""
    f = pair.rewrite
    close = pair.score >= T.paraphrase
    out: list[Change] = []
    runs: list[list] = []
    for item in items:
        k = item[0]
        if runs and all(
            f.tokens[x].is_stop or f.tokens[x].is_punct for x in range(runs[-1][-1][0] + 1, k)
        ):
            runs[-1].append(item)
        else:
            runs.append([item])
    for run in runs:
        first, last = f.tokens[run[0][0]], f.tokens[run[-1][0]]
        start, end = first.idx, last.idx + len(last.text)
        ctx.claim(start, end)
        if len(run) >= T.run:
            nouns = any(f.tokens[k].pos_ == "NOUN" for k, _, _ in run)
            out.append(Change(
                "added", "medium" if nouns and close else "low", None, ctx.rw_span(start, end),
                f"The rewrite adds {quoted(ctx.rewrite.text[start:end])}, which the source does not say.",
                rule="unsupported_run",
            ))  # fmt: skip
            continue
        for k, s, _sim in run:
            t = f.tokens[k]
            severity = (
                "low"  # context alone cannot tell a synonym from a changed fact: see docs/history.md
            )
            out.append(Change(
                "other", severity, ctx.src_span(s.idx, s.idx + len(s.text)), ctx.rw_span(t.idx, t.idx + len(t.text)),
                f"The word {quoted(t.text)} has no counterpart in the matching source sentence"
                f" (closest: {quoted(s.text)}); the meaning may have changed.",
                rule="unsupported_word",
            ))  # fmt: skip
    return out
