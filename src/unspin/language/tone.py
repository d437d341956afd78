"""The tone of a word: how positive or negative a reader takes it, from the VADER lexicon.

VADER (Hutto and Gilbert, 2014; MIT licence) rates 7,500 English words from -4 (very negative) to
+4 (very positive) by the mean of ten human raters. It ships as a file inside the
``vaderSentiment`` PyPI package, read from disk here. ``compare`` uses it for one question only:
did a word that took another's place in a matched sentence turn its tone around ("the troubled
company" spun as "the triumphant company")?
"""

from __future__ import annotations

from importlib import resources

from ..errors import ConfigError
from .loading import once

STRONG = 1.0  # the least |valence| on both sides for a turn of tone to count


@once
def lexicon() -> dict[str, float]:
    try:
        text = (resources.files("vaderSentiment") / "vader_lexicon.txt").read_text("utf-8")
    except (ImportError, OSError) as exc:  # pragma: no cover - depends on the environment
        raise ConfigError(
            f"The VADER lexicon is not installed ({exc}); run `make test` or "
            "`pip install vaderSentiment`."
        ) from exc
    out = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].isalpha():
            out[parts[0].lower()] = float(parts[1])
    return out


def valence(word: str, lemma: str) -> float | None:
    """The rated tone of a word as written, else of its lemma; None for an unrated word."""
    table = lexicon()
    v = table.get(word.lower())
    return v if v is not None else table.get(lemma.lower())


def turned(a: tuple[str, str], b: tuple[str, str], strong: float = STRONG) -> bool:
    """Two words ((text, lemma) each) of clearly opposite tone: one rated at least ``strong``,
    the other at most ``-strong``."""
    va, vb = valence(*a), valence(*b)
    return va is not None and vb is not None and min(abs(va), abs(vb)) >= strong and va * vb < 0
