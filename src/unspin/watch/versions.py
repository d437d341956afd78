"""Versions of one page: a content hash, and whether a new version's change is boring.

A change is *boring* when nothing a reader would call news moved:

- ``whitespace``: the texts are equal once spaces, line breaks and quote styles are folded;
- ``date line``: they are equal once *date lines* are taken out: lines that are nothing but a
  date or time with a word or two ("Updated 3:41 p.m. ET", "December 2, 2026 | 5 min read"),
  so a refreshed time stamp is not an edit. A date inside a sentence of the article is kept:
  "on April 5" becoming "on June 5" is news;
- ``furniture``: their article prose is equal once the sentences ``clean`` marks as furniture
  (related links, share prompts, comment forms) are left out.

A boring version is kept (it is a version) but raises no alert and is not compared.
"""

from __future__ import annotations

import hashlib
import re

from unspin import clean

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?"
_DATES = re.compile(
    rf"(?:{_DAY}\s+)?{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?(?:\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?(?:\s+\d{{4}})?"
    r"|\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*(?:[A-Z]{2,4}|GMT|UTC))?"
    r"|\b\d{1,2}\s*[ap]\.m\.(?:\s*[A-Z]{2,4})?"
    r"|\b(?:updated|published|posted|last modified)\b:?"
    r"|\b\d+\s+(?:minutes?|hours?|days?)\s+ago\b",
    re.I,
)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def boring(before: str, after: str, title: str | None = None) -> str | None:
    """Why the change from ``before`` to ``after`` is boring, or None when it may be news."""
    if _fold(before) == _fold(after):
        return "whitespace"
    if _undated(before) == _undated(after):
        return "date line"
    if _prose(before, title) == _prose(after, title):
        return "furniture"
    return None


def _undated(text: str) -> str:
    """The text without its date lines, folded."""
    kept = []
    for line in text.splitlines():
        rest = _DATES.sub(" ", line)
        if rest != line and len(re.findall(r"[A-Za-z]{2,}", rest)) <= 4:
            continue  # a date line: a stamp and a word or two ("Updated", "ET", "By staff")
        kept.append(line)
    return _fold("\n".join(kept))


def _fold(text: str) -> str:
    return clean.normalise(text).replace(" ", "")


def _prose(text: str, title: str | None) -> str:
    kept = [s.text for s in clean.sentences(text, title) if not s.boilerplate]
    return _undated("\n".join(kept))
