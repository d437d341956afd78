"""Quantities: parsing, normalisation and agreement."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unspin.language.numbers import parse


def one(text: str):
    found = parse(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,400", 1400),
        ("1400", 1400),
        ("two million", 2_000_000),
        ("$1.5bn", 1_500_000_000),
        ("3.5 million", 3_500_000),
        ("12%", 12),
        ("a 19-year-old", 19),
        ("Nineteen", 19),
        ("£20 million", 20_000_000),
    ],
)
def test_values_are_normalised(text, value):
    assert one(text).value == pytest.approx(value)


def test_thousands_separator_is_the_same_number():
    assert one("1,400").same_claim(one("1400"))


def test_more_than_agrees_with_a_specific_larger_count():
    assert one("more than 200").agrees(one("212"))
    assert one("more than 40").agrees(one("43"))
    assert not one("more than 40").agrees(one("38"))


def test_rounded_figure_agrees_with_exact_one():
    assert one("1.6 million").agrees(one("1,612,000"))
    assert not one("1.6 million").agrees(one("1,700,000"))


def test_nearly_two_million_does_not_agree_with_1_6_million():
    assert not one("nearly two million").agrees(one("1.6 million"))


def test_about_and_more_than_agree_but_are_different_claims():
    a, b = one("about 1,400"), one("more than 1,400")
    assert a.agrees(b) and not a.same_claim(b)


def test_units_keep_percentages_apart_from_counts():
    assert not one("12%").agrees(one("12 ships"))


def test_ordinals_written_in_digits_are_ordinals():
    # "302nd" was read as "302" followed by letters and dropped
    placed = one("She placed 302nd on the list")
    assert (placed.text, placed.unit, placed.value) == ("302nd", "ordinal", 302)
    assert one("the 13th-placed side").unit == "ordinal"
    assert one("the 2nd-placed side").comparable(one("in sixth place"))
    assert not one("2nd").agrees(one("sixth"))


def test_a_bare_figure_after_ranked_is_a_place_in_an_order():
    ranked = one("Monarch ranked 402 on the list")
    assert ranked.unit == "ordinal"
    assert ranked.comparable(one("placed 302nd")) and not ranked.agrees(one("placed 302nd"))
    assert one("at number 302 on the list").agrees(one("placed 302nd"))
    assert one("402 people").unit == ""


def test_offsets_slice_back_to_the_text():
    text = "Some 3,100 workers and 43 ships; a $1.5bn loss."
    for q in parse(text, 0):
        assert text[q.start : q.end] == q.text


@given(st.integers(min_value=0, max_value=10**12))
def test_any_integer_round_trips(n):
    assert one(f"{n:,}").value == n
    assert one(str(n)).value == n


def test_vague_magnitudes_are_intervals():
    millions, billions = parse("millions of people")[0], parse("billions of dollars")[0]
    assert (millions.low, millions.high, millions.unit) == (1e6, 1e9, "")
    assert billions.unit == "money" and billions.text == "billions"
    assert millions.agrees(parse("2.5 million")[0])
    assert not millions.agrees(parse("2.5 billion")[0])
    assert billions.agrees(parse("$2.5 billion")[0])
    tens = parse("tens of thousands of workers")[0]
    assert (tens.text, tens.low, tens.high) == ("tens of thousands", 1e4, 1e5)
    assert [q.text for q in parse("two million and millions more")] == ["two million", "millions"]


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("1.6 million", "1,612,000", True),  # the precise figure rounds to the rounded one
        ("32,000", "32,500", False),  # it does not: 32,500 rounds to 33,000 or is exact
        ("more than 50", "over 60", False),  # two floors, two different bounds
        ("at least two", "over 60", False),
        ("more than 40", "43", True),
        ("about 1,400", "more than 1,400", True),  # a different hedge on one value
        ("more than 40", "more than 40.0", True),
        ("£45m", "€45million", False),  # the same sum in another currency is another sum
        ("£45m", "45 million pounds", True),
        ("$2.5bn", "US$2.5 billion", True),  # a bare "$" may be any country's dollar
        ("A$2.5bn", "US$2.5 billion", False),
        # an 18-digit id (a tweet's) leaves no room in a float for +-0.5: equal is equal
        ("599207429251964928", "599207429251964928", True),
        ("599207429251964928", "599207429251965928", False),
    ],
)
def test_agreement_of_figures(a, b, agree):
    assert one(a).agrees(one(b)) is agree
    assert one(b).agrees(one(a)) is agree
