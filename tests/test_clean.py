"""clean: sentence offsets and boilerplate rules."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unspin.clean import boilerplate_rule, normalise, sentences


def test_sentences_slice_back_to_their_text():
    text = 'The union agreed on Tuesday. "We listened," she said.\n\nMore than 40 ships wait; 3,100 workers\nare affected.'
    found = sentences(text)
    assert [s.text for s in found][:2] == [
        "The union agreed on Tuesday.",
        '"We listened," she said.',
    ]
    for s in found:
        assert text[s.start : s.end] == s.text


@given(st.text(min_size=0, max_size=400))
def test_offsets_hold_for_arbitrary_unicode(text):
    for s in sentences(text):
        assert text[s.start : s.end] == s.text
        assert s.text.strip() == s.text


@given(st.text(max_size=200))
def test_normalise_is_idempotent(text):
    assert normalise(normalise(text)) == normalise(text)


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("See also: 10 Shocking Facts About Britain's Busiest Ports", "related-links"),
        ("Read more » Why the strike matters", "related-links"),
        ("( See additionally: Full coverage of the Hull port strike)", "related-links"),
        ("Related Articles: Port strike timeline", "related-links"),
        ("Leave a Reply", "comment-prompt"),
        (
            "Your email address will not be published. Required fields are marked *",
            "comment-prompt",
        ),
        ("12 Comments", "comment-prompt"),
        ("Share this: Facebook | Twitter | WhatsApp", "share-subscribe"),
        ("Subscribe to our newsletter for daily updates.", "share-subscribe"),
        ("Follow us on Twitter for the latest updates.", "share-subscribe"),
        ("This story was originally published by the Humber Evening Post.", "syndication"),
        ("© 2025 Daily Buzz Now. All rights reserved.", "syndication"),
        (
            "This story has been published from a wire agency feed without modifications to the text.",
            "syndication",
        ),
        ("Story continues below advertisement", "advertising"),
        ("Photo: Reuters/Jane Doe", "credit-line"),
        ("By Maria Okafor, Northern Wire", "byline"),
        ("Fred Weir in Moscow contributed to this report.", "byline"),
        ("Additional reporting by Jane Roe in Hull.", "byline"),
    ],
)
def test_furniture_is_recognised_by_family(line, rule):
    assert boilerplate_rule(line) == rule


@pytest.mark.parametrize(
    "line",
    [
        "The union agreed on Tuesday to postpone the walkout.",
        'Mayor Ann Cole said: "I urge both sides to keep talking."',
        "Readers were asked to share their views with the council, officials said.",
        "The harbour master said more than 40 ships are waiting.",
        "Police said they would follow up on the complaints.",
        "The company contributed to the report on funding, officials said.",
        "See the difference: prices at the port rose by 4% in a week.",
    ],
)
def test_article_prose_is_not_boilerplate(line):
    assert boilerplate_rule(line) is None


def test_repeated_headline_and_lines_are_marked():
    text = "Port strike off\n\nThe union agreed to a deal with the port operator.\n\nPort strike off\n\nThe union agreed to a deal with the port operator."
    marks = [s.boilerplate for s in sentences(text, title="Port strike off")]
    assert marks == [None, None, "repeated-headline", "repeated-line"]


def test_a_furniture_line_split_into_sentences_is_furniture_throughout():
    text = (
        "The union agreed to postpone the walkout. Talks resume on Monday.\n\n"
        "See also: Port rebranding? Harrow isn't buying it\n\n"
        "The harbour master said 43 ships are waiting."
    )
    marks = [(s.text, s.boilerplate) for s in sentences(text)]
    assert marks == [
        ("The union agreed to postpone the walkout.", None),
        ("Talks resume on Monday.", None),
        ("See also: Port rebranding?", "related-links"),
        ("Harrow isn't buying it", "related-links"),
        ("The harbour master said 43 ships are waiting.", None),
    ]


def test_name_keys_read_dotted_short_forms():
    from unspin.language.namekeys import name_key

    assert name_key("the U.S.") == name_key("the US") == ("us",)
    assert name_key("U.S. Uncut") == ("us", "uncut")
    assert name_key("the Sept. 11") == name_key("the September 11") == ("september", "11")
    assert name_key("Mr. J. Blinken's") == ("blinken",)  # an initial is still dropped
