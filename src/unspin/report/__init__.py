"""The report stage: a :class:`~unspin.records.Comparison` rendered for people or programs.

::

    from unspin.report import render
    print(render(comparison, "text", color=True))

Formats: ``text`` (terminal), ``json`` (the stable contract of ``Comparison.to_dict``),
``markdown`` and ``html`` (one self-contained page). Rendering never touches the network or
the disk; the caller decides where the string goes.
"""

from __future__ import annotations

import json

from unspin.errors import ConfigError
from unspin.records import Comparison

from .html import render_html
from .markdown import render_markdown
from .text import render_text

FORMATS = ("text", "json", "markdown", "html")

__all__ = ["FORMATS", "render", "render_html", "render_json", "render_markdown", "render_text"]


def render_json(comparison: Comparison) -> str:
    """``Comparison.to_dict()`` as indented JSON, non-ASCII characters kept as they are."""
    return json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2)


def render(comparison: Comparison, fmt: str, *, color: bool = False) -> str:
    """``comparison`` in format ``fmt`` (one of :data:`FORMATS`).

    ``color`` asks for ANSI colours and only affects the ``text`` format. An unknown ``fmt``
    raises :class:`~unspin.errors.ConfigError`.
    """
    if fmt == "text":
        return render_text(comparison, color=color)
    if fmt == "json":
        return render_json(comparison)
    if fmt == "markdown":
        return render_markdown(comparison)
    if fmt == "html":
        return render_html(comparison)
    raise ConfigError(f"Unknown report format {fmt!r}; choose one of: {', '.join(FORMATS)}.")
