"""The corpus-mode scorers in benchmarks/stories.py, on small cases worked out by hand."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # benchmarks/ is a package at the repo root, not an installed one
    sys.path.insert(0, str(ROOT))

from benchmarks.stories import bcubed, provenance_scores, stories_to_map  # noqa: E402

# gold: {a, b, c} and {d, e}
GOLD = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}


def approx(*values: float) -> tuple:
    return tuple(pytest.approx(v) for v in values)


def test_perfect() -> None:
    assert bcubed({"a": "x", "b": "x", "c": "x", "d": "y", "e": "y"}, GOLD) == approx(1, 1, 1)


def test_all_merged() -> None:
    # precision: a, b, c each 3/5; d, e each 2/5 -> (9/5 + 4/5) / 5 = 13/25; recall 1
    p, r, f = bcubed(dict.fromkeys(GOLD, 0), GOLD)
    assert (p, r) == approx(13 / 25, 1)
    assert f == pytest.approx(2 * (13 / 25) / (13 / 25 + 1))


def test_all_split() -> None:
    # precision 1; recall: a, b, c each 1/3, d, e each 1/2 -> (1 + 1) / 5
    p, r, f = bcubed({item: item for item in GOLD}, GOLD)
    assert (p, r) == approx(1, 2 / 5)
    assert f == pytest.approx(2 * 0.4 / 1.4)


def test_one_item_in_the_wrong_story() -> None:
    # predicted {a, b} and {c, d, e}
    # precision: a, b 1; c 1/3; d, e 2/3 -> (2 + 1/3 + 4/3) / 5 = 11/15
    # recall:    a, b 2/3; c 1/3; d, e 1  -> (4/3 + 1/3 + 2) / 5 = 11/15
    p, r, f = bcubed({"a": 0, "b": 0, "c": 1, "d": 1, "e": 1}, GOLD)
    assert (p, r, f) == approx(11 / 15, 11 / 15, 11 / 15)


def test_missing_items_are_singletons_and_extra_items_are_ignored() -> None:
    pred = {"a": 0, "b": 0, "d": 1, "e": 1, "zzz": 0}  # c left out; zzz not in gold
    p, r, _ = bcubed(pred, GOLD)
    # precision 1 (c alone, zzz ignored); recall: a, b 2/3, c 1/3, d, e 1 -> (4/3 + 1/3 + 2) / 5
    assert (p, r) == approx(1, 11 / 15)


def test_story_labels_need_not_match_gold_labels() -> None:
    assert bcubed({"a": 2, "b": 2, "c": 2, "d": 1, "e": 1}, GOLD) == approx(1, 1, 1)


def test_empty_gold() -> None:
    assert bcubed({"a": 1}, {}) == (1.0, 1.0, 1.0)


ROWS = [
    {
        "story": 7,
        "articles": [
            {"id": "o", "derived_from": None, "relation": "original"},
            {"id": "c1", "derived_from": "o", "relation": "copy"},
            {"id": "r1", "derived_from": "o", "relation": "copy"},  # right parent, wrong relation
            {"id": "cr", "derived_from": "o", "relation": "copy"},  # gold parent is r1
        ],
    },
    {"story": 8, "articles": [{"id": "o2", "derived_from": "o", "relation": "rewrite"}]},
]
PROV_GOLD = {
    "o": {"parent": None, "relation": "original"},
    "c1": {"parent": "o", "relation": "copy"},
    "r1": {"parent": "o", "relation": "rewrite"},
    "cr": {"parent": "r1", "relation": "copy", "group": "copy_of_rewrite"},
    "o2": {"parent": None, "relation": "original"},
    "gone": {"parent": "o", "relation": "rewrite"},  # not in the prediction
    "w": {"parent": None, "relation": "wire"},  # not scored for parents
}


def test_stories_to_map() -> None:
    assert stories_to_map(ROWS) == {"o": 7, "c1": 7, "r1": 7, "cr": 7, "o2": 8}


def test_provenance_scores() -> None:
    s = provenance_scores(ROWS, PROV_GOLD)
    d = s["derived"]
    assert (d["articles"], d["right_parent"]) == (4, 2)  # c1, r1 right; cr, gone wrong
    assert d["parent_accuracy"] == pytest.approx(0.5)
    assert d["strict_accuracy"] == pytest.approx(0.25)  # only c1 has the right relation too
    assert d["by_relation"]["copy"]["articles"] == 2
    assert d["by_relation"]["rewrite"]["right_parent"] == 1
    assert d["by_group"]["copy_of_rewrite"]["right_parent"] == 0
    assert d["by_group"]["copy"]["articles"] == 1
    assert {k: s["originals"][k] for k in ("articles", "no_parent", "share")} == {
        "articles": 2,
        "no_parent": 1,
        "share": 0.5,
    }
    assert s["originals"]["by_group"]["original"]["articles"] == 2
    assert s["confusion"]["rewrite"] == {"copy": 1, "missing": 1}
    assert s["confusion"]["wire"] == {"missing": 1}
    assert s["confusion"]["original"] == {"original": 1, "rewrite": 1}


def test_provenance_perfect() -> None:
    rows = [
        {
            "story": 0,
            "articles": [
                {"id": k, "derived_from": v["parent"], "relation": v["relation"]}
                for k, v in PROV_GOLD.items()
            ],
        }
    ]
    s = provenance_scores(rows, PROV_GOLD)
    assert s["derived"]["parent_accuracy"] == s["derived"]["strict_accuracy"] == 1.0
    assert s["originals"]["share"] == 1.0


# --- the provenance set's derived texts (no data needed) ---------------------------------------

TEXT = "First paragraph here.\n\nSecond one, longer.\n\nThird and last paragraph."


def test_copy_keeps_the_text_and_adds_furniture() -> None:
    import random

    from benchmarks.provenance_build import copy_text, paragraphs

    text, _ = copy_text(TEXT, random.Random(1), "Another title", trim=False)
    assert paragraphs(TEXT) == [p for p in paragraphs(text) if p in TEXT]
    assert len(paragraphs(text)) > 3
    trimmed, detail = copy_text(TEXT, random.Random(1), "Another title", trim=True)
    assert "Third and last paragraph." not in trimmed and "trimmed" in detail


def test_derived_articles_are_published_later() -> None:
    import random

    from benchmarks.provenance_build import _later

    rng = random.Random(0)
    for _ in range(50):
        assert "2020-01-01T08:00:00" < _later("2020-01-01T08:00:00", rng) <= "2020-01-03T08:00:00"
