"""The registry of change kinds (``records.KIND_REGISTRY``) and everything that reads it."""

from __future__ import annotations

import re
from pathlib import Path

from unspin import corpus, records
from unspin.report._assets import CSS, KIND_COLOURS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
_ROW = re.compile(r"^\| `(\w+)` \| ([^|\n]+?) \|[ \t]*([^|\n]*?)[ \t]*\|$", re.M)  # one row of three cells


def test_kinds_are_unique_and_named_once():
    names = [k.name for k in records.KIND_REGISTRY]
    assert len(set(names)) == len(names)
    assert records.KINDS == tuple(names)
    assert corpus.KINDS == records.KINDS


def test_every_kind_has_a_light_colour_in_the_report():
    for kind in records.KIND_REGISTRY:
        assert re.fullmatch(r"#[0-9a-f]{6}", kind.colour), kind
        r, g, b = (int(kind.colour[i : i + 2], 16) for i in (1, 3, 5))
        assert 0.2126 * r + 0.7152 * g + 0.0722 * b > 180, f"{kind.name} too dark for dark text"
        assert KIND_COLOURS[kind.name] == kind.colour
        assert f".k-{kind.name}{{" in CSS
    assert len(set(KIND_COLOURS.values())) == len(KIND_COLOURS), "two kinds share a colour"


def test_the_readme_table_lists_every_kind_with_its_example():
    rows = {name: (meaning, example) for name, meaning, example in _ROW.findall(README)}
    missing = [k.name for k in records.KIND_REGISTRY if k.name not in rows]
    assert missing == [], f"README's change-kind table lacks {missing}"
    unknown = sorted(set(rows) - set(records.KINDS) - {"kind"})
    assert unknown == [], f"README lists kinds the registry does not have: {unknown}"
    for kind in records.KIND_REGISTRY:
        if not kind.example.startswith("("):  # "(a dropped sentence)": no example to show
            assert rows[kind.name][1] == kind.example, kind.name


def test_a_change_of_an_unknown_kind_is_refused():
    import pytest

    with pytest.raises(ValueError):
        records.Change("flip", "high", None, None, "x")
