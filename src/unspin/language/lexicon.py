"""Word lists that ``compare`` reasons with: negation cues, modal strength, opposites.

Opposites are pairs of lemmas whose swap flips or shifts a claim: antonyms ("increase" and
"decrease"), different outcomes of the same event ("postpone" and "end"), and shifts in strength
("advise" and "demand"). Each pair has a label used in the explanation.
"""

from __future__ import annotations

NEGATION_CUES = frozenset(  # "n’t" too: with a curly apostrophe the parser may not call it "neg"
    "not n't n’t never no none nobody nothing neither nor without cannot nowhere hardly barely".split()
)
NEGATIVE_VERBS = frozenset("fail refuse deny decline reject".split())

# Modal strength classes: certainty > probability > possibility; obligation > advice.
MODALS = {
    "will": "certain", "shall": "certain", "would": "certain", "wo": "certain",
    "must": "obligation", "have to": "obligation", "need": "obligation",
    "should": "advice", "ought": "advice",
    "may": "possible", "might": "possible", "could": "possible", "can": "able", "ca": "able",
}  # fmt: skip
HEDGES = {
    "likely": "probable", "probably": "probable", "expected": "probable", "possibly": "possible",
    "perhaps": "possible", "certainly": "certain", "definitely": "certain", "allegedly": "alleged",
    "reportedly": "alleged", "apparently": "alleged", "confirmed": "certain", "suspected": "alleged",
}  # fmt: skip

_FLIPS = """
gain lose; win lose; expand contract; up down;
higher lower; more less; more fewer; most least; highest lowest; largest smallest; biggest smallest;
approve reject; approve veto; approve block; accept reject; pass reject; allow ban; allow forbid;
allow prohibit; permit ban; legalize ban; support oppose; back oppose; endorse oppose; favor oppose;
agree disagree; confirm deny; admit deny; acquit convict; guilty innocent; arrest release;
open close; start end; start stop; begin end; begin finish; launch end; resume suspend;
resume halt; join leave; enter exit; hire fire; hire lay; employ dismiss; buy sell; import export;
lend borrow; give take; send receive; attack defend; win defeat; victory defeat; success failure;
succeed fail; survive die; alive dead; live die; injure kill; wound kill; safe dangerous;
legal illegal; true false; strong weak; improve worsen; better worse; best worst;
positive negative; optimistic pessimistic; early late; before after; first last; old new;
ancient modern; young old; rich poor; wealthy poor; cheap expensive; heavy light; hot cold;
warm cold; north south; east west; left right; inside outside; maximum minimum;
majority minority; include exclude; add remove; always never; all none; everyone nobody;
peace war; peaceful violent; friend enemy; ally enemy; praise criticize; praise condemn;
welcome condemn; welcome criticize; love hate; like dislike; happy sad; celebrate mourn;
public private; domestic foreign; local national; permanent temporary; full partial; complete partial;
certain uncertain; possible impossible; likely unlikely; able unable; lift impose; lift tighten;
ease tighten; loosen tighten; relax tighten; impose remove; cancel confirm; increase freeze;
mother father; son daughter; brother sister; husband wife; man woman; men women; boy girl;
king queen; he she; his her; him her; democrat republican; democratic republican; liberal conservative;
plaintiff defendant; prosecution defense; buyer seller; winner loser; victim suspect; victim perpetrator;
start finish; keep remove; keep delete; retain remove; regain lose; claim deny; find lose; sign reject;
accuse clear; convict clear; sentence clear; excel struggle; thrive struggle; love dread; see miss;
debut end; accept decline; accept refuse; remember forget; appear disappear; arrive leave; arrive depart;
install remove; install uninstall; install delete
"""
# An action put off against one called off: "postponed the walkout" against "ended" it.
_HALTS = """
postpone end; postpone cancel; postpone scrap; postpone abandon; delay halt; delay cancel; delay stop;
suspend end; suspend cancel; pause end; pause stop; pause cancel; postpone call; defer cancel
"""
# A shift of strength or certainty: "advised" against "ordered", "some" against "all".
_SHIFTS = """
advise demand; advise order; advise require; advise force; suggest demand; suggest order; urge order;
urge force; ask demand; ask order; ask force; request demand; recommend require; recommend mandate;
encourage force; encourage require; warn threaten; consider approve; consider decide; propose approve;
propose pass; plan complete; plan finish; plan launch; expect confirm; estimate confirm; suspect convict;
accuse convict; charge convict; investigate charge; investigate convict; allege prove; claim prove;
threaten attack; threaten strike; consider announce; discuss agree; negotiate agree; study approve;
damage destroy; damage demolish; criticize condemn; question reject;
slow stop; slow halt; reduce eliminate; cut eliminate; limit ban; restrict ban; curb ban; trim slash;
few many; some all; several all; many all; most all; often always; sometimes always; rarely never;
possible certain; possible likely; likely certain; small large; minor major; slight sharp;
modest huge; modest massive; mild severe; moderate severe; partly fully; partially fully;
briefly permanently
"""


def pairs(block: str) -> list[tuple[str, str]]:
    """The word pairs of a table written "a b; c d; ...". Raises ValueError on an item that is
    not exactly two different words, so a missing ";" fails at import instead of dropping pairs."""
    out = []
    for item in block.replace("\n", " ").split(";"):
        words = tuple(item.split())
        if len(words) != 2 or words[0] == words[1]:
            raise ValueError(f"lexicon item {item.strip()!r} is not two different words")
        out.append(words)
    return out


def _pairs(block: str, label: str) -> dict[frozenset[str], str]:
    return {frozenset(pair): label for pair in pairs(block)}


# Directions of change, and helping against hindering: any word of one row against any word of
# the other is a flip ("profits dropped" summed up as "an increase in profit", "to spur chip
# making" as "to hinder" it); words of one row paraphrase each other.
_UP = "increase rise grow climb jump surge soar gain raise boost expand swell spike"
_DOWN = (
    "decrease reduce cut lower fall drop decline shrink dip slump plunge plummet sink tumble slash"
)
_HELP = "help aid assist boost spur support encourage promote foster facilitate enable strengthen"
_HINDER = "hinder hamper impede obstruct block discourage undermine weaken stifle curb"
_DIRECTIONS = {
    frozenset((a, b)): "flip"
    for up, down in ((_UP, _DOWN), (_HELP, _HINDER))
    for a in up.split()
    for b in down.split()
    if a != b
}


def direction(a: str, b: str) -> bool:
    """Lemmas ``a`` and ``b`` are changes of opposite direction ("rise" and "drop")."""
    return frozenset((a.lower(), b.lower())) in _DIRECTIONS


OPPOSITES: dict[frozenset[str], str] = {
    **_DIRECTIONS,
    **_pairs(_SHIFTS, "shift"),
    **_pairs(_HALTS, "halt"),
    **_pairs(_FLIPS, "flip"),
}
# What opposite() may answer, and the change kind each is reported as.
OPPOSITE_KINDS = {"flip": "reversal", "halt": "reversal", "shift": "modality"}

NEG_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non", "non-", "mis")
PLAIN_NEG_PREFIXES = ("un", "non", "non-")  # the ones that make no other word ("in"+"form")


def prefixed(a: str, b: str, prefixes: tuple[str, ...] = NEG_PREFIXES) -> bool:
    """One word is the other with a negating prefix ("uncrewed" and "crewed")."""
    return any((a == p + b or b == p + a) and min(len(a), len(b)) >= 4 for p in prefixes)


def opposite(a: str, b: str) -> str | None:
    """ "flip", "halt" or "shift" (:data:`OPPOSITE_KINDS`) when swapping lemma ``a`` for ``b``
    changes a claim, else None."""
    a, b = a.lower(), b.lower()
    if a == b:
        return None
    label = OPPOSITES.get(frozenset((a, b)))
    if label:
        return label
    return "flip" if prefixed(a, b) else None


TITLES = frozenset(
    """mr mrs ms miss dr prof sir dame lord lady rev sen senator rep representative gov governor
    president pres vice prime minister secretary gen general col colonel capt captain lt sgt
    judge justice mayor chancellor king queen prince princess pope chief officer det detective
    st saint jr sr""".split()
)
REPORTING_VERBS = frozenset(
    """say tell add state note explain write claim declare insist argue warn ask announce
    reply respond continue comment report quip recall""".split()
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
MONTH_ABBR = {m[:3]: m for m in MONTHS} | {"sept": "september"}
RELATIVE_DAYS = frozenset("today yesterday tomorrow tonight overnight".split())
