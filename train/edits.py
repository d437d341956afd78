"""Edits that turn a parsed source sentence into a synthetic rewrite, for ``make_data.py``.

Every edit takes a :class:`Draft` (a spaCy sentence plus pending replacements) and a seeded
``random.Random``; it returns True when it applied. Harmless edits keep every rewrite word
supported by the evidence; harmful ones mark the words they introduce as unsupported.
Rewrites are rebuilt from token replacements, so each harmful word has exact character offsets.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache

from unspin.language import wordnet

WN_POS = {"NOUN": "n", "VERB": "v", "ADJ": "a", "ADV": "r"}
VOWELS = set("aeiou")
_WORD = re.compile(r"^[a-z]+$")
_CVC = re.compile(r"[^aeiou][aeiou][^aeiouwxy]$")
KEEP_ADJ = {"former", "only", "first", "last", "alleged", "late", "ex", "other", "same", "many",
            "few", "more", "most", "less", "least", "such", "own", "next", "previous", "several"}  # fmt: skip
REPORT = {"said": ["stated", "noted", "told reporters", "explained"], "says": ["states", "notes", "explains"],
          "told": ["informed"], "announced": ["said"], "stated": ["said"], "noted": ["said"]}  # fmt: skip
AUX_NEG = {"is", "was", "are", "were", "has", "have", "had", "will", "would", "can", "could",
           "should", "did", "does", "do", "may", "might", "must"}  # fmt: skip
PRONOUN = {"nsubj": ["He", "She", "They"], "dobj": ["him", "her", "them"], "pobj": ["him", "her", "them"]}
ENT_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "DATE", "PRODUCT", "LAW"}
NUM_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozen", "hundred"]


@dataclass
class Draft:
    """A sentence being rewritten: each replaced token maps to segments ``(text, harmful)``."""

    sent: object  # spaCy Span
    repl: dict[int, list[tuple[str, bool]]] = field(default_factory=dict)
    order: list[tuple[int, int]] | None = None  # token ranges in output order (a moved clause)

    def free(self, *idx: int) -> bool:
        return not any(i in self.repl for i in idx)

    def put(self, i: int, segments: list[tuple[str, bool]]) -> None:
        self.repl[i] = segments

    def render(self) -> tuple[str, list[tuple[int, int]]]:
        """The rewrite text and the character spans of its harmful pieces."""
        toks = list(self.sent)
        ranges = self.order or [(0, len(toks))]
        out, spans = "", []
        for r, (a, b) in enumerate(ranges):
            if r and toks[a].is_punct:
                out = out.rstrip(" ")
            elif r and out and not out.endswith(" "):
                out += " "
            for k in range(a, b):
                t = toks[k]
                segs = [s for s in self.repl.get(k, [(t.text, False)]) if s[0]]
                if not segs:
                    out = out.rstrip(" ") + t.whitespace_ if out else out
                    continue
                for j, (text, harmful) in enumerate(segs):
                    out += " " if j else ""
                    if harmful:
                        spans.append((len(out), len(out) + len(text)))
                    out += text
                out += "" if k == b - 1 and r < len(ranges) - 1 else t.whitespace_
        out = out.rstrip()
        return out[:1].upper() + out[1:], spans


# --- WordNet helpers ------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def top_sense(lemma: str, pos: str):
    """The most frequent sense of ``lemma`` (by SemCor count), or None when it is not dominant."""
    wn = wordnet.reader()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scored = []
        for s in wn.synsets(lemma, pos):
            c = max((x.count() for x in s.lemmas() if x.name().lower() == lemma), default=0)
            scored.append((c, s))
    scored.sort(key=lambda x: -x[0])
    if not scored or scored[0][0] < 3:
        return None
    if len(scored) > 1 and scored[1][0] * 2 > scored[0][0]:
        return None  # no clearly dominant sense: a synonym swap could change the meaning
    return scored[0][1]


def _usable(name: str, lemma: str) -> bool:
    return bool(_WORD.match(name)) and name != lemma and len(name) > 2


@lru_cache(maxsize=None)
def synonyms(lemma: str, pos: str) -> tuple[str, ...]:
    s = top_sense(lemma, pos)
    if s is None:
        return ()
    return tuple(n for x in s.lemmas() if _usable(n := x.name().lower(), lemma) and x.count() >= 3
                 and top_sense(n, pos) == s)  # the synonym's own main sense is this one too


@lru_cache(maxsize=None)
def siblings(lemma: str, pos: str) -> tuple[str, ...]:
    """Co-hyponyms: other terms under the same parent (``yellow`` -> ``red``)."""
    s = top_sense(lemma, pos)
    if s is None:
        return ()
    own = {x for x in wordnet.reader().synsets(lemma, pos)}
    out = []
    for h in s.hypernyms()[:2]:
        for sib in h.hyponyms():
            if sib in own:
                continue
            name = sib.lemmas()[0].name().lower()
            if _usable(name, lemma) and top_sense(name, pos) == sib:
                out.append(name)
    return tuple(sorted(set(out)))


@lru_cache(maxsize=None)
def antonyms(lemma: str, pos: str) -> tuple[str, ...]:
    wn = wordnet.reader()
    out = set()
    for s in wn.synsets(lemma, pos)[:4]:
        for x in s.lemmas():
            if x.name().lower() == lemma:
                out.update(a.name().lower() for a in x.antonyms() if _usable(a.name().lower(), lemma))
    return tuple(sorted(out))


@lru_cache(maxsize=1)
def _irregular() -> tuple[frozenset, frozenset]:
    exc = wordnet.reader()._exception_map
    verbs = frozenset(b for bases in exc["v"].values() for b in bases) | {"be", "have", "do", "go"}
    nouns = frozenset(b for bases in exc["n"].values() for b in bases)
    return verbs, nouns


def inflect(base: str, tag: str) -> str | None:
    """``base`` in the form of Penn tag ``tag``; None when the form is not easy (irregular, CVC)."""
    verbs, nouns = _irregular()
    if tag in ("VB", "VBP", "NN", "JJ", "RB"):
        return base
    if tag == "NNS":
        return None if base in nouns else _plural(base)
    if base in verbs or _CVC.search(base):
        return None
    if tag == "VBZ":
        return _plural(base)
    if tag in ("VBD", "VBN"):
        if base.endswith("e"):
            return base + "d"
        if base.endswith("y") and base[-2] not in VOWELS:
            return base[:-1] + "ied"
        return base + "ed"
    if tag == "VBG":
        if base.endswith("e") and not base.endswith("ee"):
            return base[:-1] + "ing"
        return base + "ing"
    return None


def _plural(base: str) -> str:
    if base.endswith(("s", "x", "z", "ch", "sh")):
        return base + "es"
    if base.endswith("y") and base[-2] not in VOWELS:
        return base[:-1] + "ies"
    return base + "s"


def match_case(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def content_tokens(d: Draft, pos: set[str]) -> list:
    """Free, lower-case (or sentence-initial) content words outside named entities."""
    out = []
    for k, t in enumerate(d.sent):
        if t.pos_ in pos and t.is_alpha and not t.is_stop and not t.ent_type_ and d.free(k):
            if t.text.islower() or k == 0:
                out.append((k, t))
    return out


def _swap_word(d: Draft, rng, table, harmful: bool, pos: set[str], evidence: str) -> bool:
    cands = content_tokens(d, pos)
    rng.shuffle(cands)
    for k, t in cands:
        options = list(table(t.lemma_.lower(), WN_POS[t.pos_]))
        rng.shuffle(options)
        for o in options:
            form = inflect(o, t.tag_)
            if form and form != t.lower_ and not (harmful and re.search(rf"\b{form}\b", evidence, re.I)):
                d.put(k, [(match_case(form, t.text), harmful)])
                return True
    return False


@dataclass
class Ctx:
    """What an edit may draw on: the evidence, its parsed other sentence, and word pools."""

    evidence: str
    other: str | None  # the other evidence sentence, if any
    verbs: list  # (text, lemma, tag) of verbs elsewhere in the same article
    ents: dict[str, list[str]]  # entity label -> texts elsewhere in the same article
    adjs: list[str]  # adjectives from other articles
    pps: list[str]  # prepositional phrases from other articles
    rng: object

    def absent(self, text: str) -> bool:
        return not re.search(rf"(?<!\w){re.escape(text)}(?!\w)", self.evidence, re.I)


def _fix_article(d: Draft, k: int, word: str) -> None:
    """Make an ``a``/``an`` before token ``k`` agree with the word that now follows it."""
    if k > 0 and d.sent[k - 1].lower_ in ("a", "an") and d.free(k - 1):
        art = "an" if word[:1].lower() in VOWELS else "a"
        d.put(k - 1, [(match_case(art, d.sent[k - 1].text), False)])


def pp_of(doc) -> list[str]:
    """Prepositional phrases of 2-6 words hanging off the main verb."""
    out = []
    for t in doc:
        if t.dep_ == "prep" and t.head.dep_ == "ROOT" and t.head.pos_ == "VERB":
            sub = list(t.subtree)
            if 2 <= len(sub) <= 6 and all(not x.is_punct for x in sub):
                out.append((sub[0].i, sub[-1].i + 1))
    return out


def _final_punct(d: Draft) -> int | None:
    last = len(d.sent) - 1
    return last if last > 3 and d.sent[last].text in (".", "!", "?") else None


# --- harmless edits -------------------------------------------------------------------------------


def synonym(d: Draft, c: Ctx) -> bool:
    return _swap_word(d, c.rng, synonyms, False, {"NOUN", "VERB", "ADJ", "ADV"}, c.evidence)


def reorder(d: Draft, c: Ctx) -> bool:
    """Move an opening clause to the end: "In May, the council voted." -> "The council voted in May."."""
    end = _final_punct(d)
    if end is None or d.sent[0].pos_ not in ("ADP", "SCONJ") or d.order or not d.free(0):
        return False
    comma = next((t.i for t in d.sent if t.text == ","), None)
    if comma is None or not 2 <= comma <= end // 2 or not d.free(comma):
        return False
    first = d.sent[0]
    if first.pos_ != "PROPN" and first.text != "I":
        d.put(0, [(first.lower_, False)])
    d.put(comma, [])
    d.order = [(comma + 1, end), (0, comma + 1), (end, end + 1)]
    return True


def drop_adj(d: Draft, c: Ctx) -> bool:
    cands = [t for t in d.sent if t.dep_ == "amod" and t.pos_ == "ADJ" and t.text.islower() and not list(t.children)
             and t.lower_ not in KEEP_ADJ and d.free(t.i) and t.i + 1 < len(d.sent)]  # fmt: skip
    if not cands:
        return False
    t = c.rng.choice(cands)
    d.put(t.i, [])
    _fix_article(d, t.i, d.sent[t.i + 1].text)
    return True


def reporting(d: Draft, c: Ctx) -> bool:
    cands = [t for t in d.sent if t.lower_ in REPORT and t.pos_ == "VERB" and d.free(t.i)]
    if not cands:
        return False
    t = c.rng.choice(cands)
    options = [o for o in REPORT[t.lower_] if not (o == "told reporters" and any(x.dep_ == "dobj" for x in t.children))]
    d.put(t.i, [(match_case(c.rng.choice(options), t.text), False)])
    return True


def drop_pp(d: Draft, c: Ctx) -> bool:
    spans = [(a, b) for a, b in pp_of(d.sent) if d.free(*range(a, b)) and 0 < a and b < len(d.sent)]
    if not spans:
        return False
    a, b = c.rng.choice(spans)
    for k in range(a, b):
        d.put(k, [])
    return True


_PHRASE = re.compile(r"\b(?:in|on|at|for|with|during|after|before|from|near|over) (?:the |a |an )?[\w'-]+(?: [\w'-]+)?")


def add_supported(d: Draft, c: Ctx) -> bool:
    """Append a phrase taken from the other evidence sentence: new words, all supported."""
    end = _final_punct(d)
    if c.other is None or end is None or not d.free(end - 1):
        return False
    phrases = [m.group(0) for m in _PHRASE.finditer(c.other) if m.group(0) not in d.sent.text]
    if not phrases:
        return False
    t = d.sent[end - 1]
    d.put(end - 1, [(t.text, False), (c.rng.choice(phrases), False)])
    return True


HARMLESS = {"synonym": synonym, "reorder": reorder, "drop_adj": drop_adj, "reporting": reporting,
            "drop_pp": drop_pp, "add_supported": add_supported}  # fmt: skip
HARMLESS_WEIGHTS = {"synonym": 4, "reorder": 1, "drop_adj": 1, "reporting": 1, "drop_pp": 1, "add_supported": 0.6}


# --- harmful edits --------------------------------------------------------------------------------


def cohyponym(d: Draft, c: Ctx) -> bool:
    return _swap_word(d, c.rng, siblings, True, {"NOUN", "ADJ", "VERB"}, c.evidence)


def antonym(d: Draft, c: Ctx) -> bool:
    return _swap_word(d, c.rng, antonyms, True, {"ADJ", "VERB", "ADV", "NOUN"}, c.evidence)


def predicate(d: Draft, c: Ctx) -> bool:
    root = next((t for t in d.sent if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ != "VERB" or not root.is_alpha or not d.free(root.i) or root.lower_ in REPORT:
        return False
    options = [v for v in c.verbs if v[2] == root.tag_ and v[1] != root.lemma_ and v[0].lower() not in REPORT
               and c.absent(v[0])]  # fmt: skip
    if not options:
        return False
    d.put(root.i, [(match_case(c.rng.choice(options)[0].lower(), root.text), True)])
    return True


def entity(d: Draft, c: Ctx) -> bool:
    ents = [e for e in d.sent.ents if e.label_ in ENT_LABELS and d.free(*range(e.start, e.end))]
    c.rng.shuffle(ents)
    for e in ents:
        options = [x for x in c.ents.get(e.label_, []) if x.lower() not in e.text.lower() and e.text.lower() not in x.lower()]
        if options:
            d.put(e.start, [(c.rng.choice(options), True)])
            for k in range(e.start + 1, e.end):
                d.put(k, [])
            return True
    return False


def _new_number(text: str, rng) -> str | None:
    plain = text.replace(",", "")
    if text.lower() in NUM_WORDS:
        return rng.choice([w for w in NUM_WORDS if w != text.lower()])
    if not re.fullmatch(r"\d+(\.\d+)?", plain):
        return None
    if "." in plain:
        new = f"{float(plain) * rng.choice([0.5, 0.7, 1.3, 1.6, 2]):.{len(plain.split('.')[1])}f}"
    else:
        v = int(plain)
        if 1900 <= v <= 2035 and len(plain) == 4:
            new = str(v + rng.choice([-3, -2, -1, 1, 2]))
        elif v < 20:
            new = str(max(0, v + rng.choice([-3, -2, -1, 1, 2, 3, 5])))
        else:
            new = str(int(v * rng.choice([0.4, 0.6, 0.75, 1.3, 1.5, 2, 3])))
        if "," in text:
            new = f"{int(new):,}"
    return new if new != text else None


def number(d: Draft, c: Ctx) -> bool:
    cands = [t for t in d.sent if t.like_num and d.free(t.i)]
    c.rng.shuffle(cands)
    for t in cands:
        new = _new_number(t.text, c.rng)
        if new and c.absent(new):
            d.put(t.i, [(match_case(new, t.text), True)])
            return True
    return False


def negation(d: Draft, c: Ctx) -> bool:
    """Insert or remove a "not" (removal marks the now-positive verb)."""
    neg = [t for t in d.sent if t.dep_ == "neg" and t.lower_ in ("not", "n't") and d.free(t.i, t.head.i)]
    if neg:
        t = c.rng.choice(neg)
        d.put(t.i, [])
        d.put(t.head.i, [(t.head.text, True)])
        return True
    auxes = [t for t in d.sent if t.lower_ in AUX_NEG and t.i + 1 < len(d.sent) and d.free(t.i, t.i + 1)
             and t.head.pos_ in ("VERB", "ADJ", "NOUN") and t.head.i > t.i and d.sent[t.i + 1].pos_ in ("VERB", "ADJ", "ADV", "AUX", "NOUN")
             and not any(x.dep_ == "neg" for x in t.head.children)]  # fmt: skip
    if auxes:
        t = c.rng.choice(auxes)
        d.put(t.i, [(t.text, False), ("not", True)])
        return True
    root = next((t for t in d.sent if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ != "VERB" or root.tag_ not in ("VBD", "VBZ", "VBP") or not d.free(root.i):
        return False
    if any(x.dep_ in ("aux", "auxpass", "neg") for x in root.children) or root.lemma_ == "be":
        return False
    aux = {"VBD": "did", "VBZ": "does", "VBP": "do"}[root.tag_]
    d.put(root.i, [(match_case(aux, root.text), True), ("not", True), (root.lemma_.lower(), False)])
    return True


def add_modifier(d: Draft, c: Ctx) -> bool:
    """An adjective before a noun, or a phrase at the end, taken from another article."""
    if c.rng.random() < 0.5 and c.pps:
        end = _final_punct(d)
        if end is not None and d.free(end - 1):
            pp = c.rng.choice(c.pps)
            if c.absent(pp):
                t = d.sent[end - 1]
                d.put(end - 1, [(t.text, False), (pp, True)])
                return True
    nouns = [t for t in d.sent if t.tag_ in ("NN", "NNS") and t.text.islower() and d.free(t.i)
             and not any(x.dep_ in ("amod", "compound") for x in t.children) and t.i > 0
             and d.sent[t.i - 1].pos_ == "DET"]  # fmt: skip
    if not nouns or not c.adjs:
        return False
    t = c.rng.choice(nouns)
    adj = c.rng.choice(c.adjs)
    if not c.absent(adj):
        return False
    d.put(t.i, [(adj, True), (t.text, False)])
    _fix_article(d, t.i, adj)
    return True


def pronoun(d: Draft, c: Ctx) -> bool:
    ents = [e for e in d.sent.ents if e.label_ == "PERSON" and e.root.dep_ in PRONOUN and e.end < len(d.sent)
            and d.sent[e.end].tag_ != "POS" and d.free(*range(e.start, e.end))]  # fmt: skip
    if not ents:
        return False
    e = c.rng.choice(ents)
    word = c.rng.choice(PRONOUN[e.root.dep_])
    word = word if e.start == 0 or e.root.dep_ != "nsubj" else word.lower()
    d.put(e.start, [(word, True)])
    for k in range(e.start + 1, e.end):
        d.put(k, [])
    return True


HARMFUL = {"cohyponym": cohyponym, "antonym": antonym, "predicate": predicate, "entity": entity,
           "number": number, "negation": negation, "add_modifier": add_modifier, "pronoun": pronoun}  # fmt: skip
HARMFUL_WEIGHTS = {"cohyponym": 3, "antonym": 2, "predicate": 2, "entity": 3, "number": 2, "negation": 2,
                   "add_modifier": 2, "pronoun": 1}  # fmt: skip
