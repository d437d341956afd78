"""The report stage: a :class:`~unspin.records.Comparison` rendered for people or programs.

::

    from unspin.report import render
    print(render(comparison, "text", color=True))

Formats (:data:`REGISTRY`): ``text`` (terminal), ``json`` (the stable contract of
``Comparison.to_dict``), ``markdown``, ``html`` (one self-contained page) and ``jsonl`` (the
JSON one comparison a line, as a batch writes it). Rendering never touches the network or
the disk; the caller decides where the string goes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from unspin.errors import ConfigError
from unspin.records import Comparison

from .html import render_html
from .markdown import render_markdown
from .text import render_text


@dataclass(frozen=True)
class Format:
    """One output format of a comparison: the CLI's ``--format`` choices, the web UI's and the
    README's list all read :data:`REGISTRY`."""

    name: str
    render: Callable[..., str]  # (comparison, *, color) -> str
    media_type: str
    description: str
    batch: bool = False  # the form ``compare --pairs`` writes, one comparison a line


def render_json(comparison: Comparison) -> str:
    """``Comparison.to_dict()`` as indented JSON, non-ASCII characters kept as they are."""
    return json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2)


def render_jsonl(comparison: Comparison) -> str:
    """``Comparison.to_dict()`` as one line of JSON (a batch writes one a comparison)."""
    return json.dumps(comparison.to_dict(), ensure_ascii=False)


REGISTRY: tuple[Format, ...] = (
    Format("text", lambda c, color=False: render_text(c, color=color), "text/plain",
           "for a terminal: each change with its severity, kind and explanation"),
    Format("json", lambda c, color=False: render_json(c), "application/json",
           "the stable contract (JSON output, below)"),
    Format("markdown", lambda c, color=False: render_markdown(c), "text/markdown",
           "a table of the changes, for an issue or a wiki page"),
    Format("html", lambda c, color=False: render_html(c), "text/html",
           "one self-contained page with the two texts side by side"),
    Format("jsonl", lambda c, color=False: render_jsonl(c), "application/x-ndjson",
           "the JSON contract one comparison a line (the form `--pairs` writes)", batch=True),
)  # fmt: skip
FORMATS = tuple(f.name for f in REGISTRY)
BY_NAME = {f.name: f for f in REGISTRY}

__all__ = ["BY_NAME", "FORMATS", "REGISTRY", "Format", "render", "render_html", "render_json",
           "render_jsonl", "render_markdown", "render_text"]  # fmt: skip


def render(comparison: Comparison, fmt: str, *, color: bool = False) -> str:
    """``comparison`` in format ``fmt`` (one of :data:`FORMATS`).

    ``color`` asks for ANSI colours and only affects the ``text`` format. An unknown ``fmt``
    raises :class:`~unspin.errors.ConfigError`.
    """
    if fmt not in BY_NAME:
        raise ConfigError(f"Unknown report format {fmt!r}; choose one of: {', '.join(FORMATS)}.")
    return BY_NAME[fmt].render(comparison, color=color)
