"""The word tables of ``unspin.language.lexicon``: well formed, and no pair in two of them."""

from __future__ import annotations

from collections import Counter

import pytest

from unspin.language import lexicon

TABLES = {
    "flips": lexicon.pairs(lexicon._FLIPS),
    "shifts": lexicon.pairs(lexicon._SHIFTS),
    "halts": lexicon.pairs(lexicon._HALTS),
    "directions": [tuple(sorted(p)) for p in lexicon._DIRECTIONS],
}


@pytest.mark.parametrize("name", list(TABLES))
def test_every_item_is_two_different_lower_case_words(name):
    for a, b in TABLES[name]:
        assert a != b and a.isalpha() and b.isalpha(), (a, b)
        assert a == a.lower() and b == b.lower(), (a, b)


@pytest.mark.parametrize("name", list(TABLES))
def test_no_pair_twice_in_a_table(name):
    counts = Counter(frozenset(p) for p in TABLES[name])
    assert [tuple(p) for p, n in counts.items() if n > 1] == []


def test_no_pair_in_two_tables():
    seen: dict[frozenset[str], str] = {}
    clashes = []
    for name, table in TABLES.items():
        for pair in map(frozenset, table):
            if pair in seen and seen[pair] != name:
                clashes.append((tuple(sorted(pair)), seen[pair], name))
            seen.setdefault(pair, name)
    assert clashes == []


@pytest.mark.parametrize(
    "block", ["rise fall; victim perpetrator\nstart finish", "a b;; c d", "a a"]
)
def test_a_malformed_table_fails_loudly(block):
    with pytest.raises(ValueError):
        lexicon.pairs(block)


def test_the_pairs_a_missing_semicolon_once_dropped_are_read():
    assert lexicon.opposite("victim", "perpetrator") == "flip"
    assert lexicon.opposite("start", "finish") == "flip"


def test_every_label_has_a_change_kind():
    from unspin.records import KINDS

    assert set(lexicon.OPPOSITES.values()) == set(lexicon.OPPOSITE_KINDS)
    assert set(lexicon.OPPOSITE_KINDS.values()) <= set(KINDS)


def test_the_tables_are_what_opposite_reads():
    assert lexicon.opposite("postpone", "cancel") == "halt"
    assert lexicon.opposite("advise", "order") == "shift"
    assert lexicon.opposite("rise", "plunge") == "flip"  # directions
    assert lexicon.opposite("approve", "reject") == "flip"
    assert lexicon.opposite("approve", "approve") is None
    assert lexicon.opposite("uncrewed", "crewed") == "flip"  # a negating prefix
