"""Negation in a parsed sentence: which cues deny a statement, and the word each one denies.

Read off spaCy's tokens: "not", "never", "no" and the other cues of ``lexicon.NEGATION_CUES``
(or a ``neg`` dependency), and the verbs that deny by themselves ("is yet to", "failed to").
"""

from __future__ import annotations

from .lexicon import NEGATION_CUES

_NOT_A_DENIAL = frozenset("only just merely simply".split())  # "not only ... but also"


def yet_to(tok):
    """The verb that "is yet to" / "has yet to" denies ("rediscover"), or None."""
    doc = tok.doc
    i = tok.i
    if i == 0 or i + 2 >= len(doc) or doc[i + 1].lower_ != "to":
        return None
    if doc[i - 1].lemma_.lower() not in ("be", "have"):
        return None
    verb = doc[i + 2]
    return verb if verb.pos_ in ("VERB", "AUX") else None


_FAIL = frozenset(("fail", "refuse", "decline"))  # "failed to capture": did not capture


def failed_to(tok):
    """The verb that "failed to" / "refused to" / "declined to" denies ("capture"), or None."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in _FAIL:
        return None
    return next((c for c in tok.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)


def negated_word(cue):
    """The word a negation cue denies: its head, the verb of "yet to" or "failed to", or the
    verb an adverb the cue hangs on modifies ("no longer works": "works")."""
    if cue.lower_ == "yet":
        return yet_to(cue) or cue.head
    if (verb := failed_to(cue)) is not None:
        return verb
    head = cue.head
    if head.pos_ == "ADV" and head.dep_ == "advmod" and head.head.pos_ in ("VERB", "AUX"):
        return head.head
    return head


def negates(tok) -> bool:
    """A negation cue that denies a statement: not the first half of "not only ... but", not
    the alternative of "whether or not" and "'Hot or Not' videos", and not part of a hyphenated
    word ("never-before-seen details", "a no-fly zone"), nor a bound ("no more than six
    feet"). "Yet to" denies too ("is yet to rediscover his form": he has not), and so does
    "failed to" ("failed to capture an image": it did not)."""
    doc = tok.doc
    if tok.lower_ == "yet":
        return yet_to(tok) is not None
    if failed_to(tok) is not None:
        return True
    if not (tok.lower_ in NEGATION_CUES or tok.dep_ == "neg"):
        return False
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if after is not None and after.lower_ in _NOT_A_DENIAL:
        return False
    if tok.lower_ == "not" and tok.i > 0 and doc[tok.i - 1].lower_ == "or":
        return False
    if tok.lower_ == "no" and after is not None and after.tag_ in ("JJR", "RBR"):
        if tok.i + 2 < len(doc) and doc[tok.i + 2].lower_ == "than":
            return False  # a bound, part of the figure: "no more than six feet" ("is not more
            # than $5m" denies "is more than $5m": the figure is "more than $5m" on both sides)
    joined_after = after is not None and not tok.whitespace_ and after.text == "-"
    joined_before = tok.i > 0 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_
    return not (joined_after or joined_before)
