"""Quantities in text: "1,400", "two million", "$1.5bn", "more than 40", "19-year-old", "12%".

Each quantity becomes an interval: an exact figure stands for the values that round to it, and a
qualifier widens it ("more than 40" is (40, inf), "nearly two million" is [1.8m, 2m)). Two
mentions agree when one allows the other, so "more than 40 ships" agrees with "43 ships" and
"1.6 million" with "1,612,000", while "nearly two million" does not agree with "1.6 million" and
"32,500" does not agree with "32,000".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "a dozen": 12, "dozen": 12, "half a": 0.5, "a half": 0.5,
}  # fmt: skip
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20,
    "hundredth": 100,
}  # fmt: skip
_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "lakh": 1e5, "crore": 1e7,
}  # fmt: skip
_QUALIFIERS = {
    "about": "approx", "around": "approx", "approximately": "approx", "roughly": "approx",
    "some": "approx", "an estimated": "approx", "estimated": "approx", "nearly": "below",
    "almost": "below", "close to": "below", "just under": "below", "more than": "above",
    "over": "above", "upwards of": "above", "in excess of": "above", "just over": "above",
    "at least": "min", "no fewer than": "min", "no less than": "min", "less than": "under",
    "fewer than": "under", "under": "under", "below": "under", "up to": "max", "at most": "max",
    "as many as": "max", "as much as": "max", "no more than": "max",
}  # fmt: skip

_WORD = "|".join(sorted((re.escape(w) for w in _UNITS), key=len, reverse=True))
_ORD = "|".join(_ORDINALS)
_SCALE = r"hundred|thousand|million|billion|trillion|lakh|crore|mln|mn|bn|tn|[kmb](?![a-z])"
_QUAL = "|".join(sorted((re.escape(q) for q in _QUALIFIERS), key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CURRENCY = r"US\$|C\$|A\$|\$|£|€|¥|₹"
PATTERN = re.compile(
    rf"(?:(?P<qual>{_QUAL})\s+)?"
    rf"(?:(?P<cur>{_CURRENCY})\s?)?"
    rf"(?:(?P<ord>\d+(?:st|nd|rd|th)(?![a-z])|{_ORD})|(?P<num>{_DIGITS})|(?P<word>(?:{_WORD})(?:[- ](?:{_WORD}))?))"
    rf"(?:\s?(?P<scale>(?:{_SCALE})(?:\s(?:{_SCALE}))?))?"
    rf"(?P<tail>\s?(?:%|per ?cent|percent|percentage points?|-year-old|-years?-old| years? old"
    rf"|-fold|x(?![a-z])|-month-old|-day|-week|-year|-month|-hour|-minute"
    rf"|\s(?:dollars|pounds|euros|yen|rupees|francs)\b))?",
    re.I,
)


@dataclass(frozen=True)
class Quantity:
    """One mention of a quantity, with the interval of values it allows."""

    start: int
    end: int
    text: str
    value: float
    low: float
    high: float
    unit: str
    qualifier: str | None
    # half the step of the last digit given: "1,400" -> 50, "1.6 million" -> 50,000
    half: float = 0.5
    currency: str = ""  # for money: "GBP", "EUR", ..., or "$" for a dollar of any country

    def comparable(self, other: Quantity) -> bool:
        """Same unit; counts, money, percentages and ordinals are never compared with each other,
        nor sums in two currencies ("£45m" and "€45 million")."""
        if self.unit == other.unit:
            return self.unit != "money" or _same_currency(self.currency, other.currency)
        return {self.unit, other.unit} == {"", "age"}  # "Smith, 61," and "the 61-year-old"

    def agrees(self, other: Quantity) -> bool:
        """Two exact figures agree when one rounds to the other ("1,612,000" and "1.6 million",
        not "32,500" and "32,000"); two of the same hedge when they name the same bound ("more
        than 50" and "over 60" do not); otherwise when the values they allow overlap."""
        if not self.comparable(other):
            return False
        mine, theirs = _bound(self.qualifier), _bound(other.qualifier)
        if mine == theirs == "exact":  # equal first: 18-digit ids have no room for +-half
            return self.value == other.value or (
                other.low <= self.value < other.high or self.low <= other.value < self.high
            )
        if mine == theirs:
            return abs(self.value - other.value) <= max(self.half, other.half)
        return self.low < other.high and other.low < self.high

    def same_claim(self, other: Quantity) -> bool:
        """Agreeing values stated with the same kind of qualifier."""
        return self.agrees(other) and _qual_class(self.qualifier) == _qual_class(other.qualifier)


_CURRENCIES = {
    "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "us$": "USD", "c$": "CAD", "a$": "AUD",
    "$": "$", "dollars": "$", "pounds": "GBP", "euros": "EUR", "yen": "JPY", "rupees": "INR",
    "francs": "CHF",
}  # fmt: skip
_DOLLARS = frozenset(("$", "USD", "CAD", "AUD"))


def _currency(sign: str | None) -> str:
    """The currency a sign or word names ("£", "euros"); "" for none."""
    return _CURRENCIES.get((sign or "").strip().lower(), "")


def _same_currency(a: str, b: str) -> bool:
    """Two sums in the same currency, or one not said; a bare "$" is any country's dollar."""
    return not a or not b or a == b or ("$" in (a, b) and {a, b} <= _DOLLARS)


_BOUNDS = {"min": "above", "max": "under"}  # "at least 50" and "more than 50": both a floor


def _bound(q: str | None) -> str:
    cls = _qual_class(q)
    return _BOUNDS.get(cls, cls)


def _qual_class(q: str | None) -> str:
    return _QUALIFIERS.get(q.lower(), "exact") if q else "exact"


def _precision(digits: str) -> float:
    """Half a unit of the last significant digit: "1.6" -> 0.05, "1,400" -> 50, "43" -> 0.5."""
    plain = digits.replace(",", "")
    if "." in plain:
        return 0.5 * 10 ** -len(plain.split(".")[1])
    stripped = plain.rstrip("0")
    zeros = len(plain) - len(stripped) if stripped else 0
    return 0.5 * 10**zeros if zeros and len(plain) >= 3 else 0.5


def _unit(m: re.Match[str]) -> str:
    tail = (m.group("tail") or "").strip().lower()
    if tail in ("%", "percent", "per cent", "percentcent") or tail.startswith("per"):
        return "%"
    if "point" in tail:
        return "pp"
    if "old" in tail:
        return "age"
    if tail in ("dollars", "pounds", "euros", "yen", "rupees", "francs") or m.group("cur"):
        return "money"
    if tail:
        return tail.lstrip("-").rstrip("s")
    if m.group("cur"):
        return "money"
    if m.group("ord") or _RANK.search(m.string, 0, m.start()):
        return "ordinal"
    return ""


# a bare figure after these words is a place in an order: "ranked 302", "number 302", "No. 3"
_RANK = re.compile(r"\b(?:ranked|ranks|ranking|rank|number|no\.|placed)\s$", re.I)


def _word_value(word: str) -> float:
    total = 0.0
    for part in re.split(r"[- ]", word.lower()):
        total += _UNITS.get(part, 0)
    if word.lower() in _UNITS:
        return float(_UNITS[word.lower()])
    return total


def _interval(value: float, half: float, qual: str | None) -> tuple[float, float]:
    cls = _qual_class(qual)
    if cls == "approx":
        return value * 0.85 - half, value * 1.15 + half
    if cls == "below":
        return value * 0.85, value + half
    if cls == "above":
        return value - half, math.inf
    if cls == "min":
        return value - half, math.inf
    if cls == "under":
        return -math.inf, value + half
    if cls == "max":
        return -math.inf, value + half
    return value - half, value + half


# Vague magnitudes: "millions" is at least a million and less than a billion; "tens of
# thousands" is [10,000, 100,000). "of dollars" after one makes it money.
_VAGUE_BASE = {
    "dozens": (12, 100), "hundreds": (1e2, 1e3), "thousands": (1e3, 1e6),
    "millions": (1e6, 1e9), "billions": (1e9, 1e12), "trillions": (1e12, 1e15),
}  # fmt: skip
_VAGUE = re.compile(
    r"\b(?:(?P<tens>tens|hundreds)\s+of\s+)?(?P<mag>dozens|hundreds|thousands|millions|billions|trillions)\b"
    r"(?P<money>\s+of\s+(?:dollars|pounds|euros|yen|rupees|francs)\b)?",
    re.I,
)


def _vague(text: str, offset: int, taken: list[Quantity]) -> list[Quantity]:
    out = []
    for m in _VAGUE.finditer(text):
        if any(q.start < offset + m.end() and offset + m.start() < q.end for q in taken):
            continue
        low, high = _VAGUE_BASE[m.group("mag").lower()]
        if m.group("tens"):
            step = 10 if m.group("tens").lower() == "tens" else 100
            low, high = low * step, low * step * 10
        end = m.end("mag")
        out.append(
            Quantity(
                offset + m.start(), offset + end, text[m.start() : end], low, low, high,
                "money" if m.group("money") else "", None,
                currency=_currency(m.group("money").split()[-1] if m.group("money") else None),
            )
        )  # fmt: skip
    return out


def parse(text: str, offset: int = 0) -> list[Quantity]:
    """Every quantity in ``text``; offsets are shifted by ``offset``."""
    found = _parse_figures(text, offset)
    return sorted(found + _vague(text, offset, found), key=lambda q: q.start)


def _parse_figures(text: str, offset: int) -> list[Quantity]:
    found = []
    for m in PATTERN.finditer(text):
        if not (m.group("num") or m.group("word") or m.group("ord")):
            continue
        if _inside_word(text, m):
            continue
        word = (m.group("word") or "").lower()
        if word in ("one", "half a", "a half") and not (m.group("scale") or m.group("tail")):
            continue
        scale = 1.0
        for part in (m.group("scale") or "").lower().split():
            scale *= _SCALES.get(part, 1.0)
        if m.group("num"):
            base, half = float(m.group("num").replace(",", "")), _precision(m.group("num"))
        elif m.group("word"):
            base, half = _word_value(m.group("word")), 0.5 if scale == 1 else 0.05
        else:
            ordinal = m.group("ord").lower()
            base, half = float(_ORDINALS.get(ordinal) or re.sub(r"\D", "", ordinal)), 0.5
        value = base * scale
        low, high = _interval(value, half * scale, m.group("qual"))
        start, end = m.start(), m.end()
        if m.group(0)[-1:].isspace():
            end -= 1
        found.append(
            Quantity(
                offset + start,
                offset + end,
                text[start:end],
                value,
                low,
                high,
                _unit(m),
                m.group("qual"),
                half * scale,
                _currency(m.group("cur") or (m.group("tail") or "").strip()),
            )
        )
    return found


def _inside_word(text: str, m: re.Match[str]) -> bool:
    before = text[m.start() - 1] if m.start() else " "
    after = text[m.end()] if m.end() < len(text) else " "
    return before.isalpha() or (after.isalpha() and not m.group("tail"))
