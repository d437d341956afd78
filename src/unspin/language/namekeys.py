"""Name keys: the words a name is matched by, whatever its titles, initials and short forms."""

from __future__ import annotations

import re

from .lexicon import MONTH_ABBR, TITLES

_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}")
_MONTHS = {cut: month for cut, month in MONTH_ABBR.items() if cut != month}  # not "may"
_MONTH_CUT = re.compile(r"\b(" + "|".join(_MONTHS) + r")\.", re.I)


def expand_short_forms(text: str) -> str:
    """``text`` with dotted short forms written as a name key reads them: "U.S." as "US",
    "Sept. 11" as "September 11"."""
    text = _ACRONYM.sub(lambda m: m[0].replace(".", ""), text)
    return _MONTH_CUT.sub(lambda m: _MONTHS[m[1].lower()], text)


def short_forms(word: str) -> tuple[str, ...]:
    """The words a dotted short form stands for in a name key: "U.S." -> "us", "Sept." ->
    "september" (as :func:`name_key` reads them)."""
    if "." not in word:
        return ()
    lower = word.lower().rstrip(".")
    if lower in _MONTHS:
        return (_MONTHS[lower],)
    return (word.replace(".", "").lower(),) if _ACRONYM.fullmatch(word) else ()


def name_key(text: str) -> tuple[str, ...]:
    """Lower-case words of a name without titles, initials or possessive: "Mr. J. Blinken's" -> ("blinken",).

    Empty for a "name" that is only a clitic (the tagger sometimes takes "n’t" for one)."""
    text = re.sub(r"['’]s\b|n['’]t\b", "", text)  # and a contraction's "n't" is no name
    words = re.findall(r"[\w-]+", expand_short_forms(text).lower())
    kept = tuple(w for w in words if w not in TITLES and len(w) > 1 and w not in ("the", "of"))
    return kept or tuple(words)
