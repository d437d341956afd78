"""Page furniture on the project's own corpus (tests/data), and the rules that recognise it.

``furniture.jsonl`` holds furniture lines by family, ``not_furniture.txt`` article sentences that
look like furniture but are prose; both were written for the project. No models are loaded.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from unspin import furniture
from unspin.clean import boilerplate_rule, normalise, sentences

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # benchmarks/ is a package at the repo root, not an installed one
    sys.path.insert(0, str(ROOT))


def _furniture() -> list[tuple[str, str]]:
    with (DATA / "furniture.jsonl").open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [(r["family"], r["text"]) for r in rows]


def _prose() -> list[str]:
    lines = (DATA / "not_furniture.txt").read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()]


FURNITURE = _furniture()
PROSE = _prose()


def test_the_corpus_is_large_and_varied():
    families = Counter(family for family, _ in FURNITURE)
    assert len(families) >= 12, families
    assert len(FURNITURE) >= 80 and len(PROSE) >= 80
    texts = [text for _, text in FURNITURE]
    assert len(set(texts)) == len(texts), "duplicate furniture lines"
    assert len(set(PROSE)) == len(PROSE), "duplicate prose lines"
    assert not set(texts) & set(PROSE), "a line is on both sides"


def test_the_blind_batches_stay_above_the_target():
    """The batches written without sight of the rules (tests/data/*_blind*): precision and
    recall at least 0.95, the issue's target, and every prose line left alone."""
    from benchmarks import furniture as bench

    r = bench.evaluate(*bench.load(*bench.BLIND))
    assert r["furniture_lines"] >= 200 and r["prose_lines"] >= 200
    assert r["wrongly_marked"] == [], r["wrongly_marked"]
    assert r["recall"] >= 0.95, r["missed"]


def test_every_furniture_line_is_marked():
    missed = [f"[{family}] {text}" for family, text in FURNITURE if boilerplate_rule(text) is None]
    assert not missed, f"{len(missed)} furniture lines not marked:\n" + "\n".join(missed)


def test_no_prose_line_is_marked():
    wrong = [f"[{rule}] {text}" for text in PROSE if (rule := boilerplate_rule(text))]
    assert not wrong, f"{len(wrong)} prose lines marked as furniture:\n" + "\n".join(wrong)


def test_the_prefilter_never_hides_a_match(monkeypatch):
    """A rule's ``needs`` only skip lines it could not match: clearing them changes no answer."""
    lines = [text for _, text in FURNITURE] + PROSE
    with_filter = [boilerplate_rule(text) for text in lines]
    assert any(r.needs for r in furniture.RULES)
    monkeypatch.setattr(furniture, "RULES", [r._replace(needs=()) for r in furniture.RULES])
    without = [boilerplate_rule(text) for text in lines]
    diff = [
        f"{t!r}: {a} vs {b}" for t, a, b in zip(lines, with_filter, without, strict=True) if a != b
    ]
    assert not diff, "\n".join(diff)


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        # a link label with no separator, then a headline
        ("READ MORE Ferry fire: what we know", "related-links"),
        ("Related Stories Port strike called off", "related-links"),
        ("See also 10 Shocking Facts About Britain's Busiest Ports", "related-links"),
        ("In case you missed it", "related-links"),  # a link label alone
        ("More stories by Tom Bellweather", "related-links"),
        ("Read the full story here", "related-links"),
        # time stamps and update notices
        ("Updated 3:42 PM EST, Tue March 5, 2019", "dateline"),
        ("Last updated: 2 hours ago", "dateline"),
        ("Published 12:01 a.m. ET Jan. 3, 2020", "dateline"),
        ("This is a developing story.", "dateline"),
        # cookie banners and paywalls
        ("Accept all cookies", "cookie-paywall"),
        ("We use cookies to improve your experience on our site.", "cookie-paywall"),
        ("Already a subscriber? Log in", "cookie-paywall"),
        ("You have reached your limit of free articles", "cookie-paywall"),
        # photo credits and captions
        ("Firefighters tackle the blaze on Dock Street. (Photo: Harbour Gazette)", "credit-line"),
        ("AP Photo/John Smith", "credit-line"),
        ("Photo by Tomas Rivera on Unsplash", "credit-line"),
        ("Image copyright Getty Images", "credit-line"),
        # bylines without "By"
        ("Jane Doe | Reporter", "byline"),
        ("From staff reports", "byline"),
        ("Jane Doe is a freelance reporter based in Leeds.", "byline"),
        ("(Reporting by Darnell Adeyemi; Editing by Frances Hollow)", "byline"),
        # app promos, share bars, follow prompts
        ("Download the Harbour Gazette app for iPhone and Android", "share-subscribe"),
        ("Facebook Twitter WhatsApp LinkedIn Email", "share-subscribe"),
        ("Stay Connected, Follow WXYZ On Twitter", "share-subscribe"),
    ],
)
def test_each_new_rule_fires_alone(line, rule):
    """Exactly one pattern matches, so the line goes unmarked without it."""
    matching = [r.name for r in furniture.RULES if r.pattern.search(normalise(line))]
    assert matching == [rule]
    assert boilerplate_rule(line) == rule


@pytest.mark.parametrize(
    ("furniture", "prose"),
    [
        ("Follow us on Twitter", '"Follow us on Twitter and you will see," he said.'),
        ("Share your views", "Share your views with the council by Friday, residents were urged."),
        ("Sign up to the scheme", "Sign up to the scheme has been slow, the minister admitted."),
        (
            "This article is for subscribers only.",
            "The offer is for subscribers only, the firm said.",
        ),
    ],
)
def test_reported_speech_is_prose(furniture, prose):
    """The same words are furniture on their own and prose once attributed to a speaker."""
    assert boilerplate_rule(furniture) is not None
    assert boilerplate_rule(prose) is None


@pytest.mark.parametrize(
    "line",
    [
        "Share prices fell 3% on Monday.",
        "Copyright lawyers said the ruling would be appealed.",
        "Register offices across England will reopen in June.",
        "300 comments were submitted during the consultation.",
        "Next-day delivery was suspended across the region.",
        "(313) 222-2023",
    ],
)
def test_loose_openings_are_not_furniture(line):
    """Openings the older rules took for furniture: "Share ...", "Copyright ...", "Next-"."""
    assert boilerplate_rule(line) is None


def test_furniture_without_a_colon_is_marked_in_an_article():
    text = (
        "The union agreed to postpone the walkout.\n\n"
        "READ MORE Ferry fire: what we know\n\n"
        "Updated 3:42 PM EST, Tue March 5, 2019\n\n"
        "Share prices fell 3% on Monday.\n\n"
        "(Photo: Jane Doe/Reuters)"
    )
    marks = [(s.text, s.boilerplate) for s in sentences(text)]
    assert marks == [
        ("The union agreed to postpone the walkout.", None),
        ("READ MORE Ferry fire: what we know", "related-links"),
        ("Updated 3:42 PM EST, Tue March 5, 2019", "dateline"),
        ("Share prices fell 3% on Monday.", None),
        ("(Photo: Jane Doe/Reuters)", "credit-line"),
    ]


def test_bare_headlines_under_a_link_label_are_furniture():
    text = (
        "The union agreed to postpone the walkout.\n\n"
        "Trending Now\n"
        "Four Years Ago Trump Was Seen as a Sideshow. Now He Is the Show.\n"
        "Ferry operator fined over timetable chaos\n\n"
        "The minister said the deal was fair."
    )
    marked = {s.text: s.boilerplate for s in sentences(text)}
    assert marked["Trending Now"] == "related-links"
    assert marked["Four Years Ago Trump Was Seen as a Sideshow."] == "related-links"
    assert marked["Now He Is the Show."] == "related-links"
    assert marked["Ferry operator fined over timetable chaos"] == "related-links"
    assert marked["The union agreed to postpone the walkout."] is None
    assert marked["The minister said the deal was fair."] is None


def test_a_label_does_not_swallow_the_prose_after_it():
    """Prose after a blank line, or a sentence-case line ending in a full stop, is no headline."""
    text = "Most Read\n\nWhy does it matter?\n\nTrending Now\nThe port handles 40% of the trade."
    marked = {s.text: s.boilerplate for s in sentences(text)}
    assert marked["Why does it matter?"] is None
    assert marked["The port handles 40% of the trade."] is None


def test_a_short_block_is_furniture_throughout_when_one_sentence_is():
    text = "Want more stories like this? Sign up for our morning newsletter."
    assert {s.boilerplate for s in sentences(text)} == {"share-subscribe"}


def test_a_long_paragraph_is_not_marked_for_one_furniture_sentence():
    """A one-block article (no line breaks) with a "Source: ..." line at its foot keeps its
    prose: only short blocks take a whole-block rule."""
    prose = " ".join(f"The council met on day {k} to discuss the port strike." for k in range(8))
    marked = sentences(prose + " Source: association of port operators.")
    assert marked[-1].boilerplate == "syndication"
    assert all(s.boilerplate is None for s in marked[:-1])
