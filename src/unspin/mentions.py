"""The facts one article states, as mentions a fact sheet can group: the ``mentions`` stage.

``extract(analysis)`` reads what :mod:`unspin.facts` found in an article's prose (furniture
left out) and returns :class:`~unspin.records.Mention` records with character offsets into the
article's text:

- ``quantity``: a figure with what it counts and the event it belongs to ("3,100 workers",
  "two people were killed"), its slot named by both ("people killed"). A person named or
  described in the singular as the one killed or injured ("a 15-year-old was shot and killed")
  is a count of 1 for that event.
- ``person``: a name tagged PERSON, its slot the surname, so spelling variants of one person
  ("Harrow", "Harrod") land in one slot as two values.
- ``quote``: a quotation with its speaker; its slot the speaker.
- ``date``: the date or time of an event ("agreed on Tuesday"), its slot the event's verb and
  the fields stated ("date of agree (weekday)"), so "Tuesday" and "Wednesday" are two values
  of one slot while "Tuesday" and "4 March" are not compared. Relative dates ("yesterday")
  and the dates of reporting verbs ("said on Monday") are left out.
- ``action``: what was done to something ("postpone a walkout"), its slot the object's noun
  ("action on walkout"), its value the verb; two values conflict only when one verb undoes or
  reverses the other (``lexicon.opposite``: postpone/end, approve/reject).
- ``attribution``: who a claim is credited to ("officials said", "according to the
  ministry"), its slot the source's head noun ("source ministry"); values never conflict.
- ``role``: a person's title or role ("Labour Minister Ann Harrow", "Cole, a spokesman for
  the port operator"), its slot "role of <surname>"; values never conflict.
- ``occasion``: where a quotation was given ("at a news conference", "in a statement"), its
  slot "occasion of <speaker's surname>"; values never conflict.

Vague quantities ("dozens") and bounds ("more than 200") keep the interval
:mod:`unspin.language.numbers` gives them, so a fact sheet can tell "agrees" from "compatible".
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict
from functools import cache
from pathlib import Path

import numpy as np

from .detect.figures import _unit_noun, figures
from .facts import Analysis, SentenceFacts
from .language.lexicon import REPORTING_VERBS
from .language.numbers import Quantity
from .language.wordnet import is_person
from .records import Mention

# The event a figure belongs to, by the lemma of a word it hangs on (documented mapping: an
# injury and a wound are one event, a death and a killing another).
EVENTS = {
    "kill": "killed", "die": "killed", "dead": "killed", "death": "killed", "slay": "killed",
    "murder": "killed", "fatal": "killed", "fatally": "killed",
    "injure": "injured", "wound": "injured", "hurt": "injured", "injured": "injured",
    "wounded": "injured", "injury": "injured", "hospitalize": "injured", "hospitalise": "injured",
    "shoot": "shot", "arrest": "arrested", "charge": "charged", "hold": "held",
    "hostage": "held", "evacuate": "evacuated", "displace": "displaced", "strike": "striking",
}  # fmt: skip
# Nouns that count people: one slot whatever the word ("three men", "three people").
PEOPLE = frozenset(
    "person people man woman men women boy girl child children teen teenager adult victim "
    "youth juvenile other others son daughter".split()
)
_SINGULAR = frozenset(("a", "an", "one", "the"))
# A telephone number: "916-874-5115", "(916) 874-5115", "1-800-222-TIPS", "916.874.5115".
_EMERGENCY = re.compile(r"\b(?:call(?:s|ed|ing)?|dial(?:s|ed|led|ing)?)\s+911\b|\b911\s+call", re.I)
_WEIGHS = re.compile(r"\bweigh(?:s|ed|ing)?\b", re.I)
_PHONE = re.compile(r"(?<!\d)(?:\(\d{3}\)\s?|\d{3}[-.])\d{3}[-.](?:\d{4}|[A-Z]{4})(?!\d)")


def extract(analysis: Analysis) -> tuple[Mention, ...]:
    """Every mention in the article's prose, in text order."""
    out: list[Mention] = []
    for f in analysis.facts:
        if f.sentence.is_boilerplate:
            continue
        out += _quantities(f)
        out += _singular_counts(f, out)
        out += _people(f) + _titles(f)
        out += _dates(f) + _actions(f) + _attributions(f)
    quoted = [q for q in analysis.quotes
              if q.speaker is not None and not analysis.sentences[q.sentence].is_boilerplate]  # fmt: skip
    out += [
        Mention("quote", f"quote of {_surname(q.speaker.text)}", _clip(q.text), q.start, q.end,
                q.text, q.sentence, None, _context(analysis.facts[q.sentence]))
        for q in quoted
    ]  # fmt: skip
    out += _occasions(analysis, quoted)
    return tuple(sorted(out, key=lambda m: (m.start, m.kind)))


# The modules whose code decides what an article's mentions are: stored mentions read by other
# code are read again (see ``reader``).
_READERS = ("mentions.py", "facts.py", "detect/figures.py", "language/numbers.py",
            "language/namekeys.py", "language/lexicon.py", "language/wordnet.py")  # fmt: skip


@cache
def reader() -> str:
    """A name for the code that reads mentions: a hash of its modules' source."""
    root = Path(__file__).parent
    h = hashlib.sha256()
    for name in _READERS:
        h.update((root / name).read_bytes())
    return h.hexdigest()[:16]


def pack(found: tuple[Mention, ...]) -> tuple[str, bytes]:
    """Mentions as the store keeps them: JSON, and each sentence's vector as int8 (an error
    of at most 1/254 a component, which a cosine of 0.5 does not notice). ``unpack`` reverses
    it; a fact sheet reads every article's mentions through both, stored or not, so a sheet
    is the same whether its mentions were read now or earlier."""
    sentences = sorted({m.sentence for m in found if m.context is not None})
    vectors = {m.sentence: m.context for m in found if m.context is not None}
    data = {
        "sentences": sentences,
        "mentions": [
            [m.kind, m.slot, m.value, m.start, m.end, m.text, m.sentence,
             asdict(m.quantity) if m.quantity is not None else None, m.context is not None]
            for m in found
        ],
    }  # fmt: skip
    rows = [
        np.clip(np.round(np.asarray(vectors[i], np.float32) * 127), -127, 127) for i in sentences
    ]
    blob = np.asarray(rows, np.int8).tobytes() if rows else b""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")), blob


def unpack(data: str, blob: bytes) -> tuple[Mention, ...]:
    """The mentions ``pack`` stored."""
    d = json.loads(data)
    sentences = d["sentences"]
    matrix = np.frombuffer(blob, np.int8).reshape(len(sentences), -1) if sentences else None
    vectors = {}
    for row, i in enumerate(sentences):
        v = matrix[row].astype(np.float32)
        vectors[i] = v / (np.linalg.norm(v) or 1.0)
    return tuple(
        Mention(kind, slot, value, start, end, text, sentence,
                Quantity(**quantity) if quantity is not None else None,
                vectors[sentence] if has_vector else None)
        for kind, slot, value, start, end, text, sentence, quantity, has_vector in d["mentions"]
    )  # fmt: skip


def _quantities(f: SentenceFacts) -> list[Mention]:
    out = []
    for q in figures(f):
        if q.unit not in ("", "money", "percent"):
            continue
        if _age(f, q):
            continue  # "Marcus Seichter, 17, was killed": his age, not a count
        if _in_name(f, q):
            continue  # "told FOX 5", "Channel 4": part of a name
        if _kin(f, q):
            continue  # "a father of three was killed": his children, not the dead
        if _PHONE.search(f.sentence.text, max(q.start - f.sentence.start - 14, 0),
                         q.end - f.sentence.start + 10):  # fmt: skip
            continue  # "call (916) 874-5115": a telephone number, not a figure
        if _EMERGENCY.search(f.sentence.text, max(q.start - f.sentence.start - 12, 0),
                             q.end - f.sentence.start + 12):  # fmt: skip
            continue  # "called 911"
        if (
            q.unit == "money"
            and q.text.lower().endswith("pounds")
            and _WEIGHS.search(f.sentence.text)
        ):
            continue  # "weighs 130 pounds": a weight, not a sum
        event, noun = _event(f, q), _noun(f, q)
        if (event is None and noun is None) or (q.unit == "" and noun and _unit_noun(noun)):
            continue  # a bare figure says too little; "20 minutes later" counts no victims
        slot = _slot(noun, event, q.unit)
        out.append(Mention("quantity", slot, value_of(q), q.start, q.end, q.text,
                           f.sentence.index, q, _context(f)))  # fmt: skip
    return _summed(f, out)


def _summed(f: SentenceFacts, found: list[Mention]) -> list[Mention]:
    """ "Three men and two women were hurt": one count of 5 people injured, not two counts of
    3 and 2. People joined by "and" as the subject of one event are summed when each
    conjunct is counted (a figure, or "a man")."""
    out, used = [], set()
    for m in found:
        if id(m) in used:
            continue
        if m.quantity.unit != "" or not m.slot.startswith("people "):
            out.append(m)
            continue
        tok = _token_at(f, m.start, m.end)
        root = tok.head if tok is not None and tok.dep_ == "nummod" else None
        while root is not None and root.dep_ == "conj":
            root = root.head
        if (
            root is None
            or root.dep_ not in ("nsubj", "nsubjpass")
            or root.lemma_.lower() not in PEOPLE
        ):
            out.append(m)
            continue
        people, n, parts = [root] + _conjuncts(root), 0, []
        for person in people:
            figure = next((c for c in person.children if c.dep_ == "nummod"), None)
            part = next((x for x in found if figure is not None and x.start <= figure.idx < x.end
                         and x.slot == m.slot), None)  # fmt: skip
            if part is not None:
                n, parts = n + part.quantity.value, parts + [part]
            elif person.tag_ == "NN" and {c.lower_ for c in person.children} & _SINGULAR:
                n += 1
            else:
                n = 0
                break
        if n == 0 or len(people) < 2 or m not in parts:
            out.append(m)
            continue
        used.update(id(x) for x in parts)
        start, end = people[0].left_edge.idx, people[-1].idx + len(people[-1].text)
        text = f.sentence.text[start - f.sentence.start : end - f.sentence.start]
        q = Quantity(start, end, text, n, n - 0.5, n + 0.5, "", None)
        out.append(Mention("quantity", m.slot, f"{n:,.0f}", start, end, text, m.sentence, q,
                           m.context))  # fmt: skip
    return out


def _conjuncts(tok) -> list:
    out = []
    while (tok := next((c for c in tok.children if c.dep_ == "conj"), None)) is not None:
        if tok.lemma_.lower() not in PEOPLE:
            return []
        out.append(tok)
    return out


def _singular_counts(f: SentenceFacts, taken: list[Mention]) -> list[Mention]:
    """ "A man was killed", "Kevin Barbee, 15, was pronounced dead": a count of 1 for the
    event, when the sentence states no figure for it."""
    out = []
    stated = {m.slot for m in taken if m.sentence == f.sentence.index}
    for subject in f.tokens:
        if subject.dep_ not in ("nsubjpass", "nsubj") or subject.tag_ in ("NNS", "NNPS"):
            continue
        event = _event_of(subject.head)
        if event not in ("killed", "injured", "shot"):
            continue
        tok = subject  # "the boy who was killed": the boy
        if tok.lower_ in ("who", "that") and tok.head.dep_ == "relcl":
            tok = tok.head.head
        words = {c.lower_ for c in tok.children}
        if tok.tag_ == "NN" and any(c.dep_ == "poss" for c in tok.children):
            words.add("the")  # "her son was killed": one son
        if not _human(tok) or (tok.ent_type_ != "PERSON" and not words & _SINGULAR):
            continue
        if any((c.dep_ == "nummod" and c.lower_ != "one") or c.lower_ in ("both", "two", "three")
               for c in tok.children):  # fmt: skip
            continue  # a figure of its own ("one" is read as "a" is)
        slot = _slot("person", event, "")
        if slot in stated:
            continue
        stated.add(slot)
        people = [tok] + _joined(tok)  # "a woman and her granddaughter were found dead": 2
        start, end = tok.left_edge.idx, people[-1].idx + len(people[-1].text)
        text = f.sentence.text[start - f.sentence.start : end - f.sentence.start]
        n = len(people)
        q = Quantity(start, end, text, float(n), n - 0.5, n + 0.5, "", None)  # as "one" reads
        out.append(
            Mention("quantity", slot, str(n), start, end, text, f.sentence.index, q, _context(f))
        )
    return out


def _human(tok) -> bool:
    return (
        tok.lemma_.lower() in PEOPLE
        or tok.ent_type_ == "PERSON"
        or (tok.pos_ == "NOUN" and is_person(tok.lemma_.lower()))  # "the owner was killed"
        or any(t.lower_ == "year" or "-year" in t.lower_ for t in tok.subtree)
    )


def _joined(tok) -> list:
    """The people joined to ``tok`` by "and" ("a woman and child"), each one person (no
    plural, no figure of its own); none when any conjunct is not such a person."""
    joined = []
    while True:
        nxt = next((c for c in tok.children if c.dep_ == "conj"), None)
        if nxt is None:
            return joined
        if (
            nxt.tag_ in ("NNS", "NNPS")
            or not _human(nxt)
            or any(c.dep_ == "nummod" for c in nxt.children)
        ):
            return []
        joined.append(nxt)
        tok = nxt


NAME_KINDS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place",
              "FAC": "place"}  # fmt: skip


def _people(f: SentenceFacts) -> list[Mention]:
    """People, organisations and places, each slot named by its last word ("person harrow",
    "organisation acas"), so a misspelling of one is a second value of the same slot."""
    out = []
    for n in f.names:
        kind = NAME_KINDS.get(n.label)
        if kind and _surname(n.text):
            shown = re.sub(r"['’]s$", "", n.text.strip())  # "Martinez's": Martinez
            out.append(Mention(kind, f"{kind} {_surname(n.text)}", shown, n.start,
                               n.end, n.text, f.sentence.index, None, _context(f)))  # fmt: skip
    return out


def _titles(f: SentenceFacts) -> list[Mention]:
    """A person's role or title, its slot "role of <surname>": the words before the name
    ("Labour Minister Ann Harrow", "Sheriff Mike Simpson") or an apposition after it ("Ann
    Harrow, the labour minister,"). Its head must be a word for a person ("minister",
    "spokesman"), so "Hull's Ann Harrow" gives none."""
    out = []
    for n in f.names:
        if n.label != "PERSON" or not _surname(n.text):
            continue
        inside = [t for t in f.tokens if n.start <= t.idx < n.end]
        head = next((t for t in inside if not (n.start <= t.head.idx < n.end) or t.head == t), None)
        if head is None:
            continue
        words = _title_before(inside[0], head) or _apposition(head)
        if not words:
            continue
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        text = f.sentence.text[start - f.sentence.start : end - f.sentence.start]
        value = " ".join(w.lower_ for w in words)
        out.append(Mention("role", f"role of {_surname(n.text)}", value, start, end, text,
                           f.sentence.index, None, _context(f)))  # fmt: skip
    return out


def _title_before(first, head) -> list:
    """The run of title words just before a name, attached to it: "Police Chief" in "Police
    Chief Ann Cole"; at most four words, the last a word for a person."""
    words = []
    tok = first
    while tok.i > 0 and len(words) < 4:
        tok = tok.nbor(-1)
        if tok.dep_ not in ("compound", "amod", "nmod") or tok.ent_type_ == "PERSON":
            break
        if tok.head != head and tok.head not in words:
            break
        words.insert(0, tok)
    while words and not is_person(words[-1].lemma_.lower()):
        words.pop()  # "Hull resident Ann Cole" keeps "Hull resident"; "Tuesday Ann Cole" none
    return words


def _apposition(head) -> list:
    """ "Ann Harrow, the labour minister, said": the apposition without its article, up to
    eight words."""
    appos = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "NOUN"), None)
    if appos is None or not is_person(appos.lemma_.lower()):
        return []
    words = [t for t in appos.subtree if not t.is_punct or t.i < appos.i]
    words = [t for t in words if t.i > head.i]
    while words and (words[0].dep_ in ("det", "poss") or words[0].is_punct):
        words = words[1:]
    words = words[:8]
    while words and (words[-1].is_punct or words[-1].pos_ in ("ADP", "DET", "CCONJ")):
        words = words[:-1]
    return words if 0 < len(words) and all(
        w.i == words[0].i + k for k, w in enumerate(words)
    ) else []  # fmt: skip


# Where a quotation was given: the object of a preposition on its reporting verb.
OCCASIONS = frozenset(
    """conference briefing statement interview hearing speech rally meeting post tweet video
    podcast letter release address appearance vigil ceremony session broadcast programme
    program show email call message remark testimony debate""".split()
)


_AT = frozenset(("at", "in", "during", "on", "via", "through"))


def _occasions(analysis: Analysis, quoted: list) -> list[Mention]:
    """The occasion of a quotation ("at a news conference", "in a statement"), its slot
    "occasion of <speaker's surname>": a preposition and an occasion noun outside the
    quotation, in a sentence with a reporting verb."""
    out = []
    for q in quoted:
        f = analysis.facts[q.sentence]
        if not any(t.lemma_.lower() in REPORTING_VERBS for t in f.tokens):
            continue
        for prep in f.tokens:  # outside the quotation (the parser may hang it inside)
            if prep.dep_ != "prep" or prep.lower_ not in _AT or q.start <= prep.idx < q.end:
                continue
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.lemma_.lower() in OCCASIONS:
                start, end = prep.idx, obj.idx + len(obj.text)
                text = f.sentence.text[start - f.sentence.start : end - f.sentence.start]
                out.append(Mention("occasion", f"occasion of {_surname(q.speaker.text)}",
                                   " ".join(text.lower().split()), start, end, text,
                                   f.sentence.index, None, _context(f)))  # fmt: skip
    return list({(m.slot, m.start): m for m in out}.values())


_FIELDS = ("weekday", "day", "month", "year", "time")


def _dates(f: SentenceFacts) -> list[Mention]:
    """The date of each event a sentence dates: parts a few characters apart are one date."""
    parts = sorted((d for d in f.dates if d.field in _FIELDS), key=lambda d: d.start)
    groups: list[list] = []
    for d in parts:
        if groups and d.start - groups[-1][-1].end <= 4:
            groups[-1].append(d)
        else:
            groups.append([d])
    out = []
    for g in groups:
        verb = _dated_verb(f, g[0].start)
        if verb is None:
            continue
        fields = sorted({d.field for d in g}, key=_FIELDS.index)
        value = " ".join(d.value for d in sorted(g, key=lambda d: _FIELDS.index(d.field)))
        start, end = g[0].start, g[-1].end
        text = f.sentence.text[start - f.sentence.start : end - f.sentence.start]
        out.append(Mention("date", f"date of {verb} ({', '.join(fields)})", value, start, end,
                           text, f.sentence.index, None, _context(f)))  # fmt: skip
    return out


def _dated_verb(f: SentenceFacts, at: int) -> str | None:
    """The verb a date at ``at`` belongs to ("agreed on Tuesday": agree), None for a
    reporting verb or none."""
    tok = next((t for t in f.tokens if t.idx <= at < t.idx + len(t.text)), None)
    while tok is not None and tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head  # (spaCy makes a new Token each time: compare indices, not objects)
    if tok is None or tok.pos_ not in ("VERB", "AUX"):
        return None
    lemma = tok.lemma_.lower()
    return None if lemma in REPORTING_VERBS or tok.pos_ == "AUX" else lemma


def _actions(f: SentenceFacts) -> list[Mention]:
    out = []
    for t in f.tokens:
        if t.pos_ != "VERB" or t.lemma_.lower() in REPORTING_VERBS:
            continue
        if any(c.dep_ == "neg" for c in t.children):
            continue  # a negated action is a negation, which compare reports
        obj = next((c for c in t.children if c.dep_ in ("dobj", "obj")), None)
        if obj is None or obj.pos_ not in ("NOUN", "PROPN"):
            continue
        out.append(Mention("action", f"action on {obj.lemma_.lower()}", t.lemma_.lower(),
                           t.idx, t.idx + len(t.text), t.text, f.sentence.index, None,
                           _context(f)))  # fmt: skip
    return out


def _attributions(f: SentenceFacts) -> list[Mention]:
    """Sources a sentence credits: the subject of a reporting verb, the object of
    "according to"."""
    out = []
    for t in f.tokens:
        source = None
        if t.pos_ == "VERB" and t.lemma_.lower() in REPORTING_VERBS:
            source = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        elif t.lower_ == "to" and t.head.lower_ == "according":
            source = next((c for c in t.children if c.dep_ == "pobj"), None)
        if source is None or source.pos_ not in ("NOUN", "PROPN"):
            continue
        left, right = source.left_edge, source.right_edge
        while right.is_punct and right.i > left.i:  # "the mayor of Hull, Ann Cole,"
            right = right.nbor(-1)
        start, end = left.idx, right.idx + len(right.text)
        text = f.sentence.text[start - f.sentence.start : end - f.sentence.start]
        if not text.strip() or len(text) > 80:
            continue
        out.append(Mention("attribution", f"source {source.lemma_.lower()}", " ".join(text.split()),
                           start, end, text, f.sentence.index, None, _context(f)))  # fmt: skip
    return out


def _age(f: SentenceFacts, q: Quantity) -> bool:
    """A figure set after a name between commas, or before "-year-old", is an age."""
    tok = _token_at(f, q.start, q.end)
    if tok is None:
        return False
    after = f.sentence.text[q.end - f.sentence.start : q.end - f.sentence.start + 10].lower()
    if after.startswith(("-year", " year-old", " years old")):
        return True
    while tok.dep_ == "conj" and tok.head.pos_ == "NUM":
        tok = tok.head  # "Two men, 19 and 20, were killed": both ages
    return (
        (tok.head.pos_ == "PROPN" or tok.head.lemma_.lower() in PEOPLE)
        and tok.dep_ in ("appos", "npadvmod", "amod", "nummod")
        and (
            f.sentence.text[max(tok.idx - f.sentence.start - 2, 0) : tok.idx - f.sentence.start]
            .strip()
            .endswith(",")
        )
    )


_NAMED = frozenset(("ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"))


def _in_name(f: SentenceFacts, q: Quantity) -> bool:
    tok = _token_at(f, q.start, q.end)
    return tok is not None and tok.ent_type_ in _NAMED and tok.head.pos_ == "PROPN"


def _kin(f: SentenceFacts, q: Quantity) -> bool:
    """ "A father of three", "a mother of two": a bare figure after "of" a person in the
    singular counts their children."""
    tok = _token_at(f, q.start, q.end)
    if tok is None or tok.dep_ != "pobj" or tok.head.lower_ != "of":
        return False
    kin = tok.head.head
    return kin.tag_ == "NN" and is_person(kin.lemma_.lower()) and not _noun(f, q)


def _token_at(f: SentenceFacts, start: int, end: int):
    """The sentence's first token that starts in [start, end), if any."""
    return next((t for t in f.tokens if start <= t.idx < end), None)


def _context(f: SentenceFacts):
    """The sentence's unit MiniLM vector: two mentions are about one thing only in like
    sentences."""
    return f.encoded.vector if f.encoded is not None else None


_BREAK = frozenset(("VERB", "AUX", "ADP", "SCONJ", "CCONJ", "PUNCT"))


def _noun(f: SentenceFacts, q: Quantity) -> str | None:
    """The noun a figure counts: "3,100 dock workers" -> "worker" (the head of a compound,
    not its first word); none when a verb or preposition comes first."""
    for t in f.tokens:
        if t.idx < q.end:
            continue
        if t.pos_ in _BREAK and t.lower_ != "of":  # "dozens of people"
            return None
        if t.pos_ in ("NOUN", "PROPN"):
            if t.idx - q.end >= 25:
                return None
            while t.dep_ == "compound" and t.head.pos_ in ("NOUN", "PROPN") and t.head is not t:
                t = t.head
            return t.lemma_.lower()
    return None


def _event(f: SentenceFacts, q: Quantity):
    """The event a figure belongs to: the nearest word up its chain of heads that names one
    of :data:`EVENTS` ("a shooting that injured eight people", "three others were wounded");
    failing that, the first verb ("3,100 workers agreed")."""
    tok = _token_at(f, q.start, q.end)
    verb = None
    for _ in range(6):
        if tok is None or tok.head is tok:
            break
        tok = tok.head
        event = _event_of(tok)
        if event in EVENTS.values():
            return event
        if tok.pos_ in ("NOUN", "PROPN", "PRON"):  # "three others injured", "people with wounds"
            near = _said_of(tok)
            if near is not None:
                return near
        verb = verb or event
    return verb


_INJURIES = frozenset(("injury", "wound"))


def _said_of(noun) -> str | None:
    """The event a noun's own words name: "three others injured", "two people who were
    wounded", "eight people with gunshot wounds"."""
    for child in noun.children:
        if child.dep_ in ("amod", "acl", "relcl") and child.lemma_.lower() in EVENTS:
            event = EVENTS[child.lemma_.lower()]
            if event in ("killed", "injured"):
                return event
        if child.dep_ == "prep" and child.lower_ == "with":
            if any(g.lemma_.lower() in _INJURIES for g in child.children):
                return "injured"
    return None


def _event_of(tok) -> str | None:
    event = EVENTS.get(tok.lemma_.lower()) or EVENTS.get(tok.lower_)
    if tok.lemma_.lower() in ("sustain", "suffer", "receive") and any(
        c.dep_ == "dobj" and c.lemma_.lower() in _INJURIES for c in tok.children
    ):
        return "injured"  # "suffered non-life-threatening injuries"
    if event == "shot" and any(  # "shot to death", "shot dead", "fatally shot"
        t.lower_ in ("death", "dead", "fatally", "killed") for t in tok.subtree if t is not tok
    ):
        return "killed"
    if event is None:
        for child in tok.children:  # "shot and killed", "shot dead", "died of his injuries"
            if child.dep_ in ("conj", "acomp", "oprd", "xcomp"):
                event = EVENTS.get(child.lemma_.lower()) or EVENTS.get(child.lower_)
                if event in ("killed", "injured"):
                    return event
        if event is None and tok.pos_ == "VERB" and tok.lemma_.lower() not in REPORTING_VERBS:
            event = tok.lemma_.lower()  # any other verb names its own event ("agree", "wait")
    return event


def _slot(noun: str | None, event: str | None, unit: str) -> str:
    """A readable slot name: "people killed", "workers", "money paid". The event names the
    slot when it is one of :data:`EVENTS` (or nothing else does); any other verb ("agree",
    "wait") varies too much with the wording to tell two slots apart."""
    if noun in PEOPLE or (noun is None and event in ("killed", "injured", "shot")):
        noun = "people"
    what = "money" if unit == "money" else "share" if unit == "percent" else noun
    if event in EVENTS.values() or what is None:
        return f"{what or 'number'} {event}" if event else (what or "number")
    return what


def value_of(q: Quantity) -> str:
    """The value as stated, normalised: "more than 200", "1,600,000", "dozens (24-100)"."""
    if not any(ch.isdigit() for ch in q.text) and q.text.lower().endswith("s"):  # "dozens"
        return f"{q.text.lower()} ({q.low:,.0f}-{q.high:,.0f})"
    number = f"{q.value:,.0f}" if q.value == int(q.value) else f"{q.value:,g}"
    if q.unit == "money" and q.currency:
        number = f"{q.currency} {number}"
    if q.unit == "percent":
        number += "%"
    return f"{q.qualifier.lower()} {number}" if q.qualifier else number


def _surname(name: str) -> str:
    from .language.namekeys import name_key

    key = name_key(name)
    return key[-1] if key else ""


def _clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
