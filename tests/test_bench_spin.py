"""The spin benchmark's generator: a harmless spin must leave every quoted word alone."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # benchmarks/ is a package at the repo root, not an installed one
    sys.path.insert(0, str(ROOT))

from benchmarks.spin_build import quote_ranges  # noqa: E402


def _quoted(text: str, in_quote: bool = False) -> list[str]:
    return [text[a:b] for a, b in quote_ranges(text, in_quote)[0]]


def test_balanced_straight_and_curly_quotes():
    assert _quoted('He said "good" and “fine” then left.') == ['"good"', "“fine”"]


def test_an_opening_mark_while_a_quotation_is_open_starts_a_new_one():
    # the source forgot to close a quotation in the sentence before: the next sentence's
    # opening mark must not be read as a closing one, leaving "saying" unprotected
    text = '"That\'s another way of saying this is untrue," he added.'
    spans = _quoted(text, in_quote=True)
    assert any("saying" in s for s in spans)
    assert quote_ranges(text, in_quote=True)[1] is False


def test_a_closing_mark_with_none_open_protects_what_came_before():
    assert _quoted("we'd like to spread it anyway.\" He left.") == [
        "we'd like to spread it anyway.\""
    ]


def test_a_mark_after_a_full_stop_with_no_space_opens_when_a_word_follows():
    text = 'It was his job."People expect the president to keep his pulse on problems.'
    assert any("problems" in s for s in _quoted(text))
