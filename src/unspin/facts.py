"""Facts read off one article: tokens, quantities, dates, names, quotations, who-did-what.

``analyse(document)`` runs spaCy over the whole text (so every offset is into the text as read)
and MiniLM over each sentence, then files the facts under the sentence they occur in. Results
are cached per text, so an article compared against many rewrites is read once.
"""

from __future__ import annotations

import bisect
import hashlib
import os
import re
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np

from . import clean
from .language import nlp, numbers
from .language.lexicon import (
    MONTH_ABBR,
    MONTHS,
    RELATIVE_DAYS,
    REPORTING_VERBS,
    WEEKDAYS,
)
from .language.namekeys import name_key, short_forms
from .language.negation import negates
from .records import Document, Sentence

NAME_LABELS = frozenset(
    "PERSON ORG GPE LOC NORP FAC EVENT PRODUCT WORK_OF_ART LAW LANGUAGE".split()
)
CONTENT_POS = frozenset("NOUN PROPN VERB ADJ ADV NUM".split())
# Double quotation marks pair straight with curly too ("“It is unacceptable," she wrote"), and a
# quotation never runs across another opening mark. Its words touch its marks: between the
# closing mark of one straight-quoted word and the opening mark of the next
# (mouths "whoa" right after the line. At the very least, "assassinations") is no quotation.
_QUOTE = re.compile(r'["“](?=\S)([^"“”\n]{8,}?)(?<=\S)["”]|‘([^’\n]{12,}?)’(?!\w)')
_TIME = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s?([ap])\.?m\b\.?|\b(noon|midnight)\b", re.I)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)s?\b")


@dataclass(frozen=True)
class Name:
    """A mention of a person, organisation, place or other named thing."""

    start: int
    end: int
    text: str
    label: str
    key: tuple[str, ...]


@dataclass(frozen=True)
class DatePart:
    """One component of a date or time: ``field`` is weekday, month, year, day, time or relative."""

    start: int
    end: int
    text: str
    field: str
    value: str


@dataclass(frozen=True)
class Quote:
    start: int
    end: int
    text: str
    sentence: int
    speaker: Name | None


@dataclass(frozen=True)
class Role:
    """A predicate with its doer and its target, by name keys."""

    verb: str
    verb_start: int
    verb_end: int
    agent: tuple[str, ...] | None
    agent_span: tuple[int, int] | None
    patient: tuple[str, ...] | None
    negated: bool
    agent_head: str = ""
    agent_proper: bool = False


@dataclass
class SentenceFacts:
    sentence: Sentence
    tokens: list = field(default_factory=list)  # spaCy tokens of the sentence
    quantities: list[numbers.Quantity] = field(default_factory=list)
    dates: list[DatePart] = field(default_factory=list)
    names: list[Name] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    negations: list = field(default_factory=list)
    modals: list = field(default_factory=list)
    encoded: nlp.Encoded | None = None
    _word_vectors: np.ndarray | None = field(default=None, repr=False)

    @property
    def content(self) -> list:
        return [t for t in self.tokens if t.pos_ in CONTENT_POS and not t.is_stop]

    def lemmas(self) -> set[str]:
        return {t.lemma_.lower() for t in self.tokens if not t.is_punct}

    def word_vectors(self) -> np.ndarray:
        """One unit MiniLM vector per spaCy token (mean of its word pieces), cached."""
        if self._word_vectors is None:
            self._word_vectors = _word_vectors(self)
        return self._word_vectors


@dataclass
class Analysis:
    document: Document
    sentences: tuple[Sentence, ...]
    facts: list[SentenceFacts]
    quotes: list[Quote]
    spacy_doc: object
    _vocabulary: frozenset[str] | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        return self.document.text

    def names(self) -> list[Name]:
        return [n for f in self.facts if not f.sentence.is_boilerplate for n in f.names]

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every lemma and lower-cased word of the article's prose (cached)."""
        if self._vocabulary is None:
            words = set()
            for f in self.facts:
                if not f.sentence.is_boilerplate:
                    words |= {t.lemma_.lower() for t in f.tokens} | {t.lower_ for t in f.tokens}
                    words |= {form for t in f.tokens for form in short_forms(t.text)}
            self._vocabulary = frozenset(words)
        return self._vocabulary


def _word_vectors(f: SentenceFacts) -> np.ndarray:
    enc = f.encoded
    out = np.zeros(
        (len(f.tokens), enc.tokens.shape[1] if enc is not None else 384), dtype=np.float32
    )
    if enc is None or not len(enc.offsets):
        return out
    base = f.sentence.start
    starts = np.array([s for s, _ in enc.offsets])
    ends = np.array([e for _, e in enc.offsets])
    for k, t in enumerate(f.tokens):
        a, b = t.idx - base, t.idx - base + len(t.text)
        mask = (starts < b) & (ends > a)
        if mask.any():
            v = enc.tokens[mask].mean(axis=0)
            out[k] = v / (np.linalg.norm(v) or 1.0)
    return out


def _names(text: str, sent, ents: list, offset_tokens: list) -> list[Name]:
    """Named entities of one sentence (``ents``: the spaCy entities inside ``sent``), then runs
    of proper nouns no entity covers, except a lone one opening the sentence. ``text`` is the
    whole article: slicing it is free, where ``Doc.text`` joins every token again."""
    out = [
        Name(e.start_char, e.end_char, e.text, e.label_, name_key(e.text))
        for e in ents
        if e.label_ in NAME_LABELS
    ]
    covered = {i for e in ents for i in range(e.start, e.end)}
    run: list = []
    for tok in list(offset_tokens) + [None]:
        if (
            tok is not None
            and tok.pos_ == "PROPN"
            and tok.i not in covered
            and tok.text[:1].isupper()
        ):
            run.append(tok)
            continue
        if run and not (run[0].i == sent.start and len(run) == 1):
            start, end = run[0].idx, run[-1].idx + len(run[-1].text)
            out.append(Name(start, end, text[start:end], "PROPN", name_key(text[start:end])))
        run = []
    return [n for n in out if n.key]


_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?(?=$|\.(?!\d)|[^\w.])", re.I)


def _dates(text: str, offset: int, sent) -> list[DatePart]:
    out: list[DatePart] = []
    for tok in sent:
        low = tok.lower_.rstrip(".")
        if low in WEEKDAYS or low.rstrip("s") in WEEKDAYS:
            out.append(
                DatePart(tok.idx, tok.idx + len(tok.text), tok.text, "weekday", low.rstrip("s"))
            )
        elif (low in MONTHS or low in MONTH_ABBR) and tok.pos_ == "PROPN":
            out.append(
                DatePart(
                    tok.idx, tok.idx + len(tok.text), tok.text, "month", MONTH_ABBR.get(low, low)
                )
            )
            nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
            prev = tok.nbor(-1) if tok.i > 0 else None
            for day in (nxt, prev):  # "March 20" and, British order, "20 March" / "20th March"
                m = _DAY.match(day.text) if day is not None else None
                if m and 1 <= int(m.group(1)) <= 31 and sent.start <= day.i < sent.end:
                    # a scraped "Jan. 18.Japan's" (no space after the stop) is one token
                    out.append(DatePart(day.idx, day.idx + m.end(), m.group(0), "day", m.group(1)))
                    break
        elif low in RELATIVE_DAYS:
            out.append(DatePart(tok.idx, tok.idx + len(tok.text), tok.text, "relative", low))
    for m in _YEAR.finditer(text):
        out.append(DatePart(offset + m.start(), offset + m.end(), m.group(0), "year", m.group(0)))
    for m in _TIME.finditer(text):
        if m.group(4):
            value = m.group(4).lower()
        else:
            value = f"{int(m.group(1)) % 12 + (12 if m.group(3).lower() == 'p' else 0)}:{m.group(2) or '00'}"
        out.append(DatePart(offset + m.start(), offset + m.end(), m.group(0), "time", value))
    return out


def _phrase_key(tok) -> tuple[tuple[str, ...], tuple[int, int]]:
    """Words of the noun phrase headed by ``tok`` (appositions included) and the head's span."""
    # a proper noun is never a stop word: "US" (spaCy's stop list has "us") in "US troops"
    words = [t for t in tok.subtree if not (t.is_stop and t.pos_ != "PROPN" or t.is_punct)][:12]
    key = tuple(sorted({t.lemma_.lower() for t in words} | {t.lower_ for t in words}))
    head = [
        t
        for t in tok.subtree
        if t.i <= tok.i and (t.dep_ in ("compound", "flat", "amod") or t == tok)
    ]
    start = min(t.idx for t in head if t.i >= tok.i - 4)
    return key or (tok.lower_,), (start, tok.idx + len(tok.text))


def _roles(sent) -> list[Role]:
    roles = []
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_ == "aux":
            continue
        agent = patient = span = doer = None
        for child in tok.children:
            if child.dep_ == "nsubj" and child.pos_ != "PRON":
                doer = child
            elif child.dep_ in ("dobj", "nsubjpass"):
                patient = _phrase_key(child)[0]
            elif child.dep_ == "agent":
                doer = next((p for p in child.children if p.dep_ == "pobj"), doer)
        if doer is not None:
            agent, span = _phrase_key(doer)
        if agent or patient:
            negated = any(c.dep_ == "neg" for c in tok.children)
            head = doer.lemma_.lower() if doer is not None else ""
            proper = doer is not None and any(t.pos_ == "PROPN" for t in doer.subtree)
            end = max(
                [tok.idx + len(tok.text)]
                + [c.idx + len(c.text) for c in tok.children if c.dep_ == "prt"]
            )
            roles.append(
                Role(tok.lemma_.lower(), tok.idx, end, agent, span, patient, negated, head, proper)
            )
    return roles


def _quotes(text: str, sentences: tuple[Sentence, ...], facts: list[SentenceFacts]) -> list[Quote]:
    out = []
    for m in _QUOTE.finditer(text):
        g = next(i for i in (1, 2) if m.group(i) is not None)
        start, end = m.start(g), m.end(g)
        if len(m.group(g).split()) < 3:
            continue
        idx = next((s.index for s in sentences if s.start <= start < s.end), None)
        if idx is None:
            continue
        out.append(Quote(start, end, text[start:end], idx, _speaker(facts, idx, start, end)))
    return out


_PRONOUN_SPEAKER = object()  # "..., he told Fox": someone named earlier, not a name here


def _said_by(f: SentenceFacts, q_start: int, q_end: int) -> Name | object | None:
    """The subject of a reporting verb outside the quotation: one of the sentence's names, the
    pronoun marker, or None when no reporting verb has a subject there."""
    for t in f.tokens:
        if t.lemma_.lower() not in REPORTING_VERBS or q_start <= t.idx < q_end:
            continue
        for c in t.children:
            if c.dep_ != "nsubj":
                continue
            if c.pos_ == "PRON":
                return _PRONOUN_SPEAKER
            return next((n for n in f.names if n.start <= c.idx < n.end), None)
    return None


def _not_speaker(f: SentenceFacts, n: Name) -> bool:
    """A name that only qualifies or receives the words: a possessor ("Romney's political
    director, Rich Beeson, said") or whom they were said to ("he told Fox")."""
    root = next(
        (t for t in f.tokens if n.start <= t.idx < n.end and not n.start <= t.head.idx < n.end),
        None,
    )
    if root is None:
        return False
    if root.dep_ == "poss":
        return True
    verb = root.head.head if root.dep_ == "pobj" else root.head
    return root.dep_ in ("dobj", "dative", "iobj", "pobj") and (
        verb.lemma_.lower() in REPORTING_VERBS
    )


def _speaker(facts: list[SentenceFacts], idx: int, q_start: int, q_end: int) -> Name | None:
    for j in (idx, idx - 1, idx + 1):
        if 0 <= j < len(facts) and not facts[j].sentence.is_boilerplate:
            if j == idx:
                said = _said_by(facts[j], q_start, q_end)
                if said is _PRONOUN_SPEAKER:
                    return None  # who "he" is takes coreference: unknown rather than a guess
                if isinstance(said, Name):
                    return said
            people = [
                n
                for n in facts[j].names
                if n.label in ("PERSON", "PROPN", "ORG")
                and not q_start <= n.start < q_end
                and not _not_speaker(facts[j], n)
            ]
            if people:
                people.sort(key=lambda n: abs(n.start - q_start))
                return people[0]
    return None


_CACHE: OrderedDict[str, Analysis] = OrderedDict()
CACHE_SIZE = 64


def analyse(document: Document) -> Analysis:
    """Sentences, facts and embeddings of one article (cached by text)."""
    return analyse_many([document])[0]


def analyse_many(documents: list[Document]) -> list[Analysis]:
    """``analyse`` for several articles at once: the ones not cached go through spaCy as one
    batch (``Language.pipe``) and their sentences through MiniLM as one list, which spreads
    the models' fixed cost per call over them all."""
    read_ahead(documents).wait()
    out = []
    for d in documents:
        key = _key(d)
        hit = _CACHE.get(key)
        if hit is None or hit.document.text != d.text:  # more articles than the cache holds
            read_ahead([d]).wait()
            hit = _CACHE[key]
        _CACHE.move_to_end(key)
        out.append(hit if hit.document == d else replace(hit, document=d))
    return out


@dataclass
class Reading:
    """Articles being read: MiniLM already runs on their sentences in its thread; ``wait``
    runs spaCy in the caller's and files the results in the cache. ``compare_many`` starts
    the next batch's reading before it runs the detectors on the current one."""

    todo: dict[str, Document]
    split: list[tuple[Sentence, ...]]
    encoding: Future
    done: bool = False

    def wait(self) -> None:
        if self.done:
            return
        self.done = True
        results = _analyse(list(self.todo.values()), self.split, self.encoding)
        for key, result in zip(self.todo, results, strict=True):
            _store(key, result, len(self.todo))


def read_ahead(documents: list[Document]) -> Reading:
    """Start reading the articles of ``documents`` that are not cached (see :class:`Reading`);
    the cached ones are marked as recently used so the reading does not push them out."""
    todo: dict[str, Document] = {}
    for d in documents:
        key = _key(d)
        hit = _CACHE.get(key)
        if hit is not None and hit.document.text == d.text:
            _CACHE.move_to_end(key)
        elif key not in todo:
            todo[key] = d
    split = _split(list(todo.values()))
    texts = [s.text for sentences in split for s in sentences]
    return Reading(todo, split, _encoder().submit(nlp.encode, texts))


def _split(documents: list[Document]) -> list[tuple[Sentence, ...]]:
    return [clean.sentences(d.text, d.title) for d in documents]


def _store(key: str, result: Analysis, keep: int) -> None:
    _CACHE[key] = result
    _CACHE.move_to_end(key)
    while len(_CACHE) > max(CACHE_SIZE, keep):
        _CACHE.popitem(last=False)


def _key(document: Document) -> str:
    return hashlib.blake2b(
        f"{document.title}\0{document.text}".encode(), digest_size=16
    ).hexdigest()


_ENCODER: tuple[int, ThreadPoolExecutor] | None = None


def _encoder() -> ThreadPoolExecutor:
    """A thread that runs MiniLM while spaCy parses in the caller's: onnxruntime releases the
    GIL, so on two cores the two models overlap instead of taking turns. One per process: a
    forked worker cannot use its parent's thread."""
    global _ENCODER
    if _ENCODER is None or _ENCODER[0] != os.getpid():
        _ENCODER = (os.getpid(), ThreadPoolExecutor(1, thread_name_prefix="unspin-encode"))
    return _ENCODER[1]


def _analyse(
    documents: list[Document], split: list[tuple[Sentence, ...]], encoding: Future
) -> list[Analysis]:
    if not documents:
        return []
    try:
        docs = list(nlp.spacy_model().pipe([d.text for d in documents], batch_size=32))
    except BaseException:
        encoding.cancel()
        raise
    encoded = iter(encoding.result())
    out = []
    for document, sentences, doc in zip(documents, split, docs, strict=True):
        facts = _facts(document.text, sentences, doc)
        for f in facts:
            f.encoded = next(encoded)
        out.append(
            Analysis(document, sentences, facts, _quotes(document.text, sentences, facts), doc)
        )
    return out


def _facts(text: str, sentences: tuple[Sentence, ...], doc) -> list[SentenceFacts]:
    starts = [t.idx for t in doc]
    ents = list(doc.ents)
    ent_starts = [e.start for e in ents]
    facts = []
    for s in sentences:
        toks = _tokens_between(doc, starts, s.start, s.end)
        span = doc.char_span(s.start, s.end, alignment_mode="expand")
        f = SentenceFacts(sentence=s, tokens=toks)
        if span is not None and not s.is_boilerplate:
            inside = []
            for e in ents[bisect.bisect_left(ent_starts, span.start) :]:
                if e.end > span.end:
                    break
                inside.append(e)
            f.quantities = numbers.parse(s.text, s.start)
            f.dates = _dates(s.text, s.start, span)
            f.names = [
                n
                for n in _names(text, span, inside, toks)
                if not any(q.start <= n.start < q.end for q in f.quantities)
            ]
            f.roles = _roles(span)
            f.negations = [t for t in toks if negates(t)]
            f.modals = [t for t in toks if t.tag_ == "MD"]
        facts.append(f)
    return facts


def _tokens_between(doc, starts: list[int], start: int, end: int) -> list:
    """The non-space tokens of ``doc`` that start inside [start, end); ``starts`` are their offsets."""
    lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
    return [doc[i] for i in range(lo, hi) if not doc[i].is_space]
