"""score: how sure each finding is, and how well the source supports the rewrite as a whole.

The typed detectors (``detect/``) say *what* changed and *where*; the claim verifier
(``verify.py``) reads every rewrite sentence against its evidence (the aligned source sentences
plus the nearest others) and gives P(supported), P(refuted) and P(not enough information).
This stage joins the two:

* ``consistency`` of a comparison is the lowest P(supported) over the rewrite's sentences: a
  rewrite is only as trustworthy as its least supported claim (1.0 when it makes none). It ranks
  comparisons ("which of these copies changed the most?").
* A typed change's ``confidence`` lies in the band of the severity its detector gave (low below
  the threshold, medium from it, high from halfway between it and 1), placed within the band by
  the verifier's doubt about its sentence, 1 - P(supported). So severity follows from kind and
  confidence, and within a severity the changes the verifier doubts most come first.
* The verifier does not raise or drop a flag on its own in a rewrite. Letting it do so was
  measured on the five consistency sets (BENCHMARKS.md, "Consistency sets"): the shipped model
  reads paraphrase as refutation too often, and every way tried cost balanced accuracy.

In ``report`` mode (an independent report of the same story, not a rewrite of it) the other
text may well carry facts the source lacks. A claim with no counterpart is then *unshared*
("not in the other report", low, listed apart), and a sentence that has a counterpart but that
the verifier reads as **refuted** by the source is a conflict, flagged with both spans.

The threshold is the one decision threshold, applied unchanged everywhere: the doubt that best
separates supported claims from the rest on the VitaminC dev slice (``train/calibrate.py``;
never chosen on an evaluation set).

    >>> [(c.kind, c.severity, c.confidence) for c in compare(a, b).flagged]
    [('number', 'high', 0.91)]  # illustrative
"""

from __future__ import annotations

from dataclasses import replace

from . import verify
from .detect import Context
from .errors import InputError
from .records import Change, Comparison, Support

STAYS_LOW = ("omitted", "boilerplate")


def judge(ctx: Context) -> tuple[Support, ...]:
    """The verifier's verdict on every rewrite sentence that is not furniture."""
    items = []
    for pair in ctx.pairs:
        j = pair.rewrite.sentence.index
        facts = list(pair.context)
        if not facts and ctx.sim.shape[0]:
            order = sorted(range(ctx.sim.shape[0]), key=lambda i: -ctx.sim[i, j])[:2]
            facts = [ctx.source.facts[i] for i in order]
        facts.sort(key=lambda f: f.sentence.index)
        items.append((j, tuple(f.sentence.index for f in facts),
                      pair.rewrite.sentence.text, " ".join(f.sentence.text for f in facts)))  # fmt: skip
    verdicts = verify.judge([(claim, evidence) for _, _, claim, evidence in items])
    return tuple(
        Support(j, ev, v.supported, v.refuted, v.unknown)
        for (j, ev, _, _), v in zip(items, verdicts, strict=True)
    )


def consistency(support: tuple[Support, ...]) -> float:
    return round(min((s.supported for s in support), default=1.0), 4)


def threshold() -> float:
    """The decision threshold on confidence (and on a sentence's doubt)."""
    return verify.threshold()


def severity(kind: str, confidence: float) -> str:
    if kind in STAYS_LOW:
        return "low"
    t = threshold()
    return "high" if confidence >= (1 + t) / 2 else "medium" if confidence >= t else "low"


def band(severity_: str) -> tuple[float, float]:
    """The confidence range of a severity: [low, high)."""
    t = threshold()
    high = (1 + t) / 2
    return {"low": (0.0, t), "medium": (t, high), "high": (high, 1.0)}[severity_]


def rescore(
    ctx: Context, changes: list[Change], support: tuple[Support, ...], mode: str
) -> list[Change]:
    """Each change with its confidence and severity; in report mode, conflicts and unshared claims."""
    by_sentence = {s.sentence: s for s in support}
    sentences = ctx.rewrite.sentences
    out: list[Change] = []
    explained: set[int] = set()
    for c in changes:
        j = _sentence_of(sentences, c)
        s = by_sentence.get(j) if j is not None else None
        doubt = 1.0 - s.supported if s is not None else 0.5
        lo, hi = band(c.severity)
        confidence = round(
            min(hi - 1e-4, lo + (hi - lo) * doubt) if hi < 1 else lo + (hi - lo) * doubt, 4
        )
        if mode == "report" and c.kind == "added":
            refuted = s is not None and s.refuted >= threshold()
            if not refuted:
                out.append(replace(c, severity="low", confidence=min(confidence, band("low")[1] - 1e-4),
                                   found=c.severity, unshared=True,
                                   explanation="Not in the other report: " + _lower_first(c.explanation)))  # fmt: skip
                if j is not None:
                    explained.add(j)
                continue
        new = replace(
            c, severity=severity(c.kind, confidence), confidence=confidence, found=c.severity
        )
        out.append(new)
        if j is not None and (new.flagged or c.kind == "added"):
            explained.add(j)
    if mode != "report":
        return out
    pairs = {p.rewrite.sentence.index: p for p in ctx.pairs}
    for s in support:
        if s.sentence in explained:
            continue
        pair = pairs[s.sentence]
        if pair.aligned and s.refuted >= threshold():
            out.append(_finding(ctx, pair, s, round(s.refuted, 4)))
        elif not pair.aligned:
            out.append(_unshared(ctx, pair, s))
    return out


def _finding(ctx: Context, pair, s: Support, refuted: float) -> Change:
    """A conflict: a report's sentence that the other report, read by the verifier, contradicts."""
    sent = pair.rewrite.sentence
    best = pair.evidence[0].sentence
    text = (
        "The two reports disagree: the claim verifier reads this sentence as contradicted by "
        f"the other report (supported {s.supported:.2f}, refuted {s.refuted:.2f}, not enough "
        f"information {s.unknown:.2f})."
    )
    return Change("other", severity("other", refuted), ctx.src_span(best.start, best.end),
                  ctx.rw_span(sent.start, sent.end), text, confidence=refuted,
                  rule="verifier.conflict")  # fmt: skip


def _unshared(ctx: Context, pair, s: Support) -> Change:
    """A report's sentence with no counterpart in the other report, which does not contradict it."""
    sent = pair.rewrite.sentence
    return Change(
        "added", "low", None, ctx.rw_span(sent.start, sent.end),
        "Not in the other report: this sentence has no counterpart there, and the other report "
        "does not contradict it.",
        confidence=round(min(1.0 - s.supported, band("low")[1] - 1e-4), 4), unshared=True,
        rule="verifier.unshared",
    )  # fmt: skip


def _sentence_of(sentences, change: Change) -> int | None:
    if change.rewrite is None:
        return None
    for s in sentences:
        if s.start <= change.rewrite.start < s.end:
            return s.index
    return None


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != "I " else text


def at_least(comparison: Comparison, min_confidence: float | None) -> Comparison:
    """The comparison with only the changes whose confidence reaches ``min_confidence``."""
    if min_confidence is None:
        return comparison
    if not 0.0 <= min_confidence <= 1.0:
        raise InputError(f"min_confidence must be between 0 and 1, not {min_confidence}.")
    kept = tuple(c for c in comparison.changes
                 if c.confidence is None or c.confidence >= min_confidence)  # fmt: skip
    return replace(comparison, changes=kept)
