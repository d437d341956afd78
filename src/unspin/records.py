"""Immutable records passed between pipeline stages.

Every record that points into an article does so by character offsets into the article text
*as read* (decoded file text; for HTML, the extracted text), so ``text[start:end]`` always gives
back the words a change is about. Records are frozen dataclasses and pickle, so stages run
unchanged on a distributed engine's workers.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Kind:
    """A change kind: its name in the JSON contract, its colour in reports and the web UI (light
    enough for dark text), what it means, and an example as the README shows it."""

    name: str
    colour: str
    meaning: str
    example: str


# The one registry of change kinds: records, browse filters, report colours, the CLI, the
# benchmarks and the README all read it (tests/test_kinds.py checks the README against it).
KIND_REGISTRY: tuple[Kind, ...] = (
    Kind("number", "#fde68a", "a count, amount, percentage or age changed", "1.6 million → nearly two million"),
    Kind("entity", "#bfdbfe", "a person, organisation or place replaced or misspelled", "Harrow → Harrod"),
    Kind("quote", "#ddd6fe", "words of a quotation changed, or the quotation given to someone else",
         '"the time they need" → "the chance they need"'),
    Kind("negation", "#fecaca", "a statement negated or un-negated", "would not return → would return"),
    Kind("reversal", "#f9a8d4", "an action turned into its opposite, or a delay into a stop",
         "postpone → end"),
    Kind("modality", "#fbcfe8", "a shift of strength or certainty: a modal, a hedge, a stronger word",
         "may → will"),
    Kind("date", "#a5f3fc", "a weekday, day, month, year or time changed", "Tuesday → Wednesday"),
    Kind("agent", "#fed7aa", "who did what swapped",
         "the union (not the port operator) locked out the workers"),
    Kind("added", "#bbf7d0", "a claim with no counterpart in the source", "Police arrested 12 protesters…"),
    Kind("omitted", "#d6d3d1", "a source claim missing from the rewrite", "(a dropped sentence)"),
    Kind("boilerplate", "#e5e7eb", "content-farm furniture added by the rewrite", "See also: …, Leave a Reply"),
    Kind("other", "#d9f99d", "a meaning change that fits no type", "pay offer → pension offer"),
)  # fmt: skip
KINDS = tuple(k.name for k in KIND_REGISTRY)
SEVERITIES = ("high", "medium", "low")
RELATIONS = ("copy", "rewrite", "same_story", "unrelated")
MODES = ("rewrite", "report")  # how a comparison reads the second text (see score.py)


@dataclass(frozen=True)
class Document:
    """One article as read: its text plus whatever metadata the input carried."""

    text: str
    name: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    author: str | None = None
    id: str | None = None  # the external id a corpus gave it (a JSONL ``id``), if any


@dataclass(frozen=True)
class Failure:
    """An input of a batch that could not be read: where it came from and why, in a sentence."""

    origin: str
    reason: str


@dataclass(frozen=True)
class Span:
    """A stretch of an article's text: ``text == article_text[start:end]``."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, full_text: str, start: int, end: int) -> Span:
        return cls(start, end, full_text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article; ``boilerplate`` names the rule that marked it, if any."""

    index: int
    start: int
    end: int
    text: str
    boilerplate: str | None = None

    @property
    def is_boilerplate(self) -> bool:
        return self.boilerplate is not None


@dataclass(frozen=True)
class AlignedGroup:
    """Source sentences ``source`` correspond to rewrite sentences ``rewrite``.

    One-to-one, a split (1 source, n rewrite), a merge (n source, 1 rewrite), or an unmatched
    sentence (one side empty: a dropped or an inserted sentence).
    """

    source: tuple[int, ...]
    rewrite: tuple[int, ...]
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": list(self.source),
            "rewrite": list(self.rewrite),
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class Alignment:
    """Many-to-many sentence maps between a source and a rewrite, in the manner of spaCy's.

    ``x2y[i]`` lists the rewrite sentences aligned to source sentence ``i``; ``y2x[j]`` the
    source sentences aligned to rewrite sentence ``j``. ``groups`` holds the same links as
    scored groups, in rewrite order, followed by the dropped source sentences.
    """

    x2y: tuple[tuple[int, ...], ...]
    y2x: tuple[tuple[int, ...], ...]
    groups: tuple[AlignedGroup, ...]

    def to_list(self) -> list[dict[str, Any]]:
        return [g.to_dict() for g in self.groups]


@dataclass(frozen=True)
class Change:
    """One typed difference between a source and its rewrite."""

    kind: str
    severity: str
    source: Span | None
    rewrite: Span | None
    explanation: str
    confidence: float | None = None  # 0..1: how sure unspin is that this is a real change
    found: str | None = field(default=None, compare=False)  # the detector's own severity
    unshared: bool = (
        False  # an independent report's claim with no counterpart ("not in the other report")
    )
    rule: str | None = None  # the rule that found it ("figures.numbers"; detect.registry)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown change kind {self.kind!r}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")

    @property
    def flagged(self) -> bool:
        """High or medium, and not an omission: what a fact-checker should look at."""
        return self.severity in ("high", "medium") and self.kind != "omitted"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "severity": self.severity,
            "source": self.source.to_dict() if self.source else None,
            "rewrite": self.rewrite.to_dict() if self.rewrite else None,
            "explanation": self.explanation,
            "confidence": self.confidence,
            "unshared": self.unshared,
            "rule": self.rule,
        }


@dataclass(frozen=True)
class Support:
    """The claim verifier's verdict on one rewrite sentence against its evidence.

    ``evidence`` lists the source sentences it read (the aligned ones and the nearest others).
    """

    sentence: int
    evidence: tuple[int, ...]
    supported: float
    refuted: float
    unknown: float

    def to_dict(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "evidence": list(self.evidence),
                "supported": self.supported, "refuted": self.refuted, "unknown": self.unknown}  # fmt: skip


@dataclass(frozen=True)
class Relation:
    kind: str
    similarity: float

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "similarity": round(self.similarity, 4)}


@dataclass(frozen=True)
class Comparison:
    """The result of comparing a rewrite against its source."""

    source: Document
    rewrite: Document
    source_sentences: tuple[Sentence, ...]
    rewrite_sentences: tuple[Sentence, ...]
    relation: Relation
    changes: tuple[Change, ...]
    alignment: Alignment
    id: Any = field(default=None, compare=False)
    consistency: float | None = None  # 0..1: how well the source supports the rewrite
    mode: str = "rewrite"  # "report": an independent report of the same story (see score.py)
    support: tuple[Support, ...] = ()

    @property
    def flagged(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.flagged)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON contract (see README, "JSON output")."""
        out: dict[str, Any] = {}
        if self.id is not None:
            out["id"] = self.id
        for side, doc, sents in (
            ("source", self.source, self.source_sentences),
            ("rewrite", self.rewrite, self.rewrite_sentences),
        ):
            out[side] = {"name": doc.name, "sentences": len(sents), "chars": len(doc.text)}
        out["relation"] = self.relation.to_dict()
        out["mode"] = self.mode
        out["consistency"] = self.consistency
        out["changes"] = [c.to_dict() for c in self.changes]
        out["alignment"] = self.alignment.to_list()
        out["support"] = [s.to_dict() for s in self.support]
        return out


# -- fact sheets (the ``mentions`` and ``slots`` stages) ------------------------------------

SLOT_STATUSES = ("agreed", "compatible", "disputed", "single")
MENTION_STATUSES = ("agrees", "compatible", "conflicts")


@dataclass(frozen=True)
class Mention:
    """One fact one article states: ``text == article_text[start:end]``. ``slot`` names what
    it is about ("people killed", "person harrow"), ``value`` the normalised value; a
    quantity keeps its :class:`~unspin.language.numbers.Quantity` to be compared."""

    kind: str  # quantity | person | organisation | place | quote | date | action | attribution
    #            | role | occasion
    slot: str
    value: str
    start: int
    end: int
    text: str
    sentence: int
    quantity: Any = None
    context: Any = field(default=None, repr=False, compare=False)  # the sentence's vector


@dataclass(frozen=True)
class SheetArticle:
    id: str  # the external id
    outlet: str | None
    published: str | None
    origin: str  # the external id of its independent origin (itself unless a copy or rewrite)
    url: str | None = None


@dataclass(frozen=True)
class ValueChange:
    """A slot's values in one version of a watched page against the version before it."""

    url: str
    version: int  # the later version's number (``unspin watch``'s seq)
    previous: str  # external ids of the two versions' articles
    article: str
    fetched_at: float
    before: tuple[str, ...]  # the values each states (empty: silent)
    after: tuple[str, ...]


@dataclass(frozen=True)
class SlotMention:
    article: str
    start: int
    end: int
    text: str
    status: str  # MENTION_STATUSES


@dataclass(frozen=True)
class SlotValue:
    value: str
    mentions: tuple[SlotMention, ...]
    origins: tuple[str, ...]  # the independent origins behind it
    first: str  # the first article to state it (by publication time, then ingestion)
    first_published: str | None = None


@dataclass(frozen=True)
class Slot:
    slot: str
    kind: str
    status: str  # SLOT_STATUSES
    values: tuple[SlotValue, ...]  # the majority value (most independent origins) first
    minority: tuple[str, ...] = ()  # articles whose value conflicts with the majority's
    history: tuple[ValueChange, ...] = ()  # changes between versions of one watched page

    def to_dict(self) -> dict[str, Any]:
        return {
            "slot": self.slot, "kind": self.kind, "status": self.status,
            "values": [
                {"value": v.value, "mentions": [dataclasses.asdict(m) for m in v.mentions],
                 "origins": list(v.origins), "first": v.first, "first_published": v.first_published}
                for v in self.values
            ],
            "minority": list(self.minority),
            "history": [dataclasses.asdict(h) | {"before": list(h.before), "after": list(h.after)}
                        for h in self.history],
        }  # fmt: skip


@dataclass(frozen=True)
class FactSheet:
    story: str
    articles: tuple[SheetArticle, ...]
    slots: tuple[Slot, ...]

    @property
    def disputed(self) -> tuple[Slot, ...]:
        return tuple(s for s in self.slots if s.status == "disputed")

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON contract of ``unspin facts`` (README, "Fact sheets")."""
        return {
            "story": self.story,
            "articles": [dataclasses.asdict(a) for a in self.articles],
            "slots": [s.to_dict() for s in self.slots],
        }
