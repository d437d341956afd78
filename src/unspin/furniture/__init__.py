"""furniture: which family of page furniture a line is, by general rules.

Content farms wrap a scraped report in furniture: related-link lines ("See also ...", "READ
MORE | ..."), comment, share and newsletter prompts, syndication notes, photo credits, bylines,
time stamps, cookie and paywall notices. Each :class:`Furniture` rule names its family; the
rules live in :mod:`.prompts` and :mod:`.notes` and are tried in that order, the first match
winning. A sentence in reported speech ('"Follow us," the officer said.') is prose.
"""

from __future__ import annotations

import re

from . import notes, prompts
from .fragments import Furniture

RULES: list[Furniture] = [*prompts.RULES, *notes.RULES]

# A reported-speech sentence is prose even when it opens like furniture ('"Follow us," the
# officer told the crowd.', "Sign up to the scheme has been slow, the minister admitted."): an
# attribution after a comma or a closing quote, and a full stop at the end. Checked for every
# rule but the link labels (a headline after "See also:" may end "..., union says").
_SPOKEN = re.compile(
    r"""(,|[,?!]["'])\s+([\w.'-]+\s+){0,4}(said|says|told|tells|added|adds|asked|urged|warned"""
    r"""|wrote|writes|explained|noted|stated|insisted|argued|replied|shouted|admitted|advised"""
    r"""|advise|announced|recalled|joked|claimed|conceded|promised|found|showed|shows|reported"""
    r"""|revealed|suggested|confirmed)\b[^\n]{0,120}\.["')]*$""",
    re.I,
)


def rule_of(text: str) -> str | None:
    """The family of the first rule a normalised line matches, or None for prose ("empty" for
    an empty line)."""
    if not text:
        return "empty"
    lower = text.lower()
    spoken = None
    for name, pattern, needs in RULES:
        if needs and not any(word in lower for word in needs):
            continue
        if pattern.search(text):
            if name != "related-links":
                if spoken is None:
                    spoken = _SPOKEN.search(text) is not None
                if spoken:
                    continue
            return name
    return None


__all__ = ["RULES", "Furniture", "rule_of"]
