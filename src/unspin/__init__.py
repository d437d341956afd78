"""unspin: show which facts a rewrite of a news story changed, how, and where.

    >>> import unspin
    >>> result = unspin.compare(source_text, rewrite_text)
    >>> [c.kind for c in result.flagged]

The heavy stages (spaCy, MiniLM) load on first use, once per process.
"""

from __future__ import annotations

from .compare import compare, compare_many
from .errors import ConfigError, FetchError, InputError, StoreError, UnspinError
from .inputs import load, load_text
from .records import AlignedGroup, Alignment, Change, Comparison, Document, Relation, Sentence, Span

__version__ = "0.1.0"

__all__ = [
    "AlignedGroup", "Alignment", "Change", "Comparison", "ConfigError", "Document", "FetchError",
    "InputError", "Relation", "Sentence", "Span", "StoreError", "UnspinError", "compare",
    "compare_many", "load", "load_text",
]  # fmt: skip
