"""Quotations: changed words inside quotation marks, and quotations given to someone else.

Quotations are matched across the whole articles by wording, speaker and occasion (the words
around the quotation), so a reworded quotation is found even where its sentence was rewritten.
"""

from __future__ import annotations

import difflib
import re

import numpy as np

from ..facts import Analysis, Quote
from . import Change, Context, quoted
from .names import misspelling, variant
from .registry import rule
from .thresholds import T

_WORD = re.compile(r"[\w'’-]+")


def _words(text: str, offset: int) -> list[tuple[str, int, int]]:
    return [
        (m.group(0).lower().replace("’", "'"), offset + m.start(), offset + m.end())
        for m in _WORD.finditer(text)
    ]


def _score(ctx: Context, q: Quote, s: Quote) -> float:
    a = {w for w, _, _ in _words(q.text, 0)}
    b = {w for w, _, _ in _words(s.text, 0)}
    wording = 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0
    if wording < T.quote_wording:
        return 0.0
    speaker = 0.15 if q.speaker and s.speaker and variant(q.speaker.key, s.speaker.key) else 0.0
    occasion = float(ctx.sim[s.sentence, q.sentence]) if ctx.sim.size else 0.0
    return wording + speaker + 0.25 * occasion


@rule(kinds=("quote",), severity="high", priority=10)
def quotes(ctx: Context) -> list[Change]:
    """Words inside quotation marks that differ from the source's quotation of the same speaker
    and occasion, or a quotation given to someone else.

    Example: '"We will not back down," said union leader Mara Quinn.' -> '"We may back down," said union leader Mara Quinn.'
    """
    out = []
    for q in ctx.rewrite.quotes:
        if ctx.rewrite.facts[q.sentence].sentence.is_boilerplate:
            continue
        scored = [(_score(ctx, q, s), s) for s in ctx.source.quotes]
        best = max(scored, key=lambda x: x[0], default=(0.0, None))
        if best[1] is None or best[0] < T.quote_match:
            out.extend(_unmatched(ctx, q))
            continue
        out.extend(_compare(ctx, q, best[1]))
    return out


def _unmatched(ctx: Context, q: Quote) -> list[Change]:
    sims = ctx.sim[:, q.sentence] if ctx.sim.size else np.zeros(0)
    if not len(sims) or sims.max() < 0.4:
        return []  # the whole sentence is unmatched: reported as an added claim
    ctx.claim(q.start, q.end)
    reported = _reported(ctx, q)
    if reported is not None:
        return [Change(
            "quote", "low", ctx.src_span(reported.start, reported.end), ctx.rw_span(q.start, q.end),
            f"The rewrite puts {quoted(q.text)} in quotation marks; the source reports these words "
            "without them.",
            rule="reported_as_quote",
        )]  # fmt: skip
    return [Change(
        "quote", "medium", None, ctx.rw_span(q.start, q.end),
        f"The rewrite quotes {quoted(q.text)}, words the source does not put in quotation marks.",
        rule="new_quote",
    )]  # fmt: skip


def _reported(ctx: Context, q: Quote):
    """A source sentence that has the quotation's content words unquoted: reported speech the
    rewrite turned into a quotation ("failed to get the balance right" quoted as "did not get
    the balance right"). Needs two content words at least; a lone word proves nothing."""
    f = ctx.rewrite.facts[q.sentence]
    words = {t.lemma_.lower() for t in f.content if q.start <= t.idx < q.end}
    if len(words) < 2:
        return None
    for e in ctx.source.facts:
        if len(words & {t.lemma_.lower() for t in e.content}) >= T.reported * len(words):
            return e.sentence
    return None


def _verbatim(ctx: Context, q: Quote) -> bool:
    """The quoted words stand word for word somewhere in the source."""
    words = " ".join(w for w, _, _ in _words(q.text, 0))
    return words in ctx.source_words


def _speakers(ctx: Context, s: Quote) -> list:
    """Every name in or next to the source quotation's sentence: who may be speaking."""
    facts = ctx.source.facts
    return [
        n
        for i in (s.sentence - 1, s.sentence, s.sentence + 1)
        if 0 <= i < len(facts)
        for n in facts[i].names
    ]


def _named_near(
    ctx: Context, s: Quote, key: tuple[str, ...], analysis: Analysis | None = None
) -> bool:
    """Every word of ``key`` occurs in or next to the quotation's sentence, whether or not the
    tagger took it for a name there (it missed "Bader" next to "said"). The quotation is the
    source's unless ``analysis`` says otherwise."""
    facts = (analysis or ctx.source).facts
    text = " ".join(
        facts[i].sentence.text.lower()
        for i in (s.sentence - 1, s.sentence, s.sentence + 1)
        if 0 <= i < len(facts)
    )
    return all(re.search(rf"\b{re.escape(w)}\b", text) for w in key)


_ENDS = ".!?"
_OPENING = '"“‘'  # not the apostrophe: "the workers' [pay rose]." is no sentence start


def _whole_sentences(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` runs from a sentence's first word to another's (or the same one's)
    last: a quotation's opening mark or a full stop before it, a full stop after it."""
    before = text[:start].rstrip()
    after = text[end : end + 3].lstrip()
    return bool(before) and before[-1] in _ENDS + _OPENING and after[:1] in _ENDS


def _sentence_span(ctx: Context, start: int, end: int):
    """The span from ``start`` to the full stop after ``end``."""
    stop = end
    while stop < len(ctx.source.text) and ctx.source.text[stop] in _ENDS:
        stop += 1
    return ctx.src_span(start, stop)


def _compare(ctx: Context, q: Quote, s: Quote) -> list[Change]:
    out = []
    qs, ss = q.speaker, s.speaker
    if (
        qs
        and ss
        and not any(variant(qs.key, n.key) for n in _speakers(ctx, s))
        and not _named_near(ctx, s, qs.key)
        # the source's speaker is named beside the rewrite's quotation too: the rewrite's
        # nearest name is a place or employer ("Matthew Dickinson, a political scientist at
        # Middlebury College. 'He's winging it.'") once a sentence in between was dropped
        and not _named_near(ctx, q, ss.key, ctx.rewrite)
        and misspelling(qs.key, [ss]) is None
    ):
        out.append(Change(
            "quote", "high", ctx.src_span(ss.start, ss.end), ctx.rw_span(qs.start, qs.end),
            f"The quotation {quoted(q.text)} is attributed to {quoted(qs.text)}; the source attributes it to "
            f"{quoted(ss.text)}.",
            rule="speaker",
        ))  # fmt: skip
        ctx.claim(qs.start, qs.end)
    if _verbatim(ctx, q):
        ctx.claim(q.start, q.end)
        return out
    a, b = _words(s.text, s.start), _words(q.text, q.start)
    matcher = difflib.SequenceMatcher(
        a=[w for w, _, _ in a], b=[w for w, _, _ in b], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or j1 == j2 and i2 - i1 <= 0:
            continue
        src = ctx.src_span(a[i1][1], a[i2 - 1][2]) if i2 > i1 else None
        rw = ctx.rw_span(b[j1][1], b[j2 - 1][2]) if j2 > j1 else ctx.rw_span(q.start, q.end)
        if j1 == j2 and _whole_sentences(ctx.source.text, a[i1][1], a[i2 - 1][2]):
            # a quotation trimmed by whole sentences, the rest word for word: an omission
            out.append(Change(
                "quote", "low", _sentence_span(ctx, a[i1][1], a[i2 - 1][2]), rw,
                "The rewrite leaves out part of the quotation; the words it keeps are the source's.",
                rule="trimmed",
            ))  # fmt: skip
            continue
        what = (
            f"{quoted(src.text)} became {quoted(rw.text)}"
            if src and j2 > j1
            else (f"{quoted(src.text)} was cut" if src else f"{quoted(rw.text)} was added")
        )
        out.append(Change("quote", "high", src, rw, f"Words inside the quotation changed: {what}.", rule="words"))
    ctx.claim(q.start, q.end)
    return out
