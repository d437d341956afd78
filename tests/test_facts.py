"""Fact sheets (issue 24): mentions, slots, statuses, origins, and the ``unspin facts`` contract."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from unspin import corpus, mentions, slots
from unspin.cli import main
from unspin.corpus import readers
from unspin.language.numbers import parse
from unspin.records import Mention, SheetArticle
from unspin.store import Store

from .test_corpus import SAMPLE


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("facts") / "f.db"
    with Store.open(path) as store:
        corpus.run(store, readers.read([str(SAMPLE)]))
    return path


def _sheet(db, ref="wire-hull-strike"):
    with Store.open(db, readonly=True) as store:
        return corpus.facts(store, ref), {
            a["id"]: corpus.document(store, a["article"]).text
            for a in corpus.story_graph(store, ref)["articles"]
        }


def test_every_mention_points_at_its_words_in_the_stored_text(db):
    sheet, texts = _sheet(db)
    assert len(sheet.articles) == 5 and sheet.slots
    for slot in sheet.slots:
        for value in slot.values:
            for m in value.mentions:
                assert texts[m.article][m.start : m.end] == m.text, (slot.slot, m)


def test_the_spun_facts_are_disputed_and_the_minority_named(db):
    sheet, _ = _sheet(db)
    by = {s.slot: s for s in sheet.slots}
    harrow = by["person harrow"]
    assert harrow.status == "disputed"
    assert [v.value for v in harrow.values] == ["Peter Harrow", "Peter Harrod"]
    assert harrow.minority == ("farm-spin-1",)
    assert harrow.values[1].mentions[0].status == "conflicts"
    cole = next(s for s in sheet.slots if s.slot.startswith("quote of cole"))
    assert cole.status == "disputed" and cole.minority == ("farm-spin-1",)
    assert "can afford" in cole.values[1].value


def test_copies_are_one_voice_with_their_origin(db):
    sheet, _ = _sheet(db)
    origin = {a.id: a.origin for a in sheet.articles}
    assert origin["farm-copy-1"] == origin["farm-spin-1"] == "wire-hull-strike"
    money = next(s for s in sheet.slots if s.slot == "money")
    assert len(money.values) == 1 and money.values[0].origins == ("wire-hull-strike",)
    assert money.status == "single" and len(money.values[0].mentions) >= 3


def _mention(article: str, text: str, slot: str = "people killed") -> Mention:
    q = parse(text)[0]
    return Mention("quantity", slot, text, q.start, q.end, q.text, 0, q)


def _arts(*origins: str) -> list[SheetArticle]:
    return [SheetArticle(f"a{k}", None, None, o) for k, o in enumerate(origins)]


def test_statuses_agreed_compatible_disputed_single():
    arts = _arts("a0", "a1", "a2")
    agreed = slots.sheet(
        "s", arts, {"a0": (_mention("a0", "212"),), "a1": (_mention("a1", "212"),)}
    )
    assert agreed.slots[0].status == "agreed" and agreed.slots[0].values[0].origins == ("a0", "a1")
    bound = slots.sheet(
        "s", arts, {"a0": (_mention("a0", "212"),), "a1": (_mention("a1", "more than 200"),)}
    )
    assert bound.slots[0].status == "compatible"
    assert bound.slots[0].values[1].mentions[0].status == "compatible"
    split = slots.sheet(
        "s", arts,
        {"a0": (_mention("a0", "212"),), "a1": (_mention("a1", "212"),), "a2": (_mention("a2", "190"),)},
    )  # fmt: skip
    assert split.slots[0].status == "disputed" and split.slots[0].minority == ("a2",)
    assert split.slots[0].values[0].value == "212"  # two voices against one
    one = slots.sheet(
        "s", _arts("a0", "a0"), {"a0": (_mention("a0", "7"),), "a1": (_mention("a1", "7"),)}
    )
    assert one.slots[0].status == "single"  # a copy is no second voice


def test_one_article_giving_two_figures_is_not_a_dispute():
    arts = _arts("a0", "a1")
    sheet = slots.sheet(
        "s", arts, {"a0": (_mention("a0", "2"), _mention("a0", "5")), "a1": (_mention("a1", "2"),)}
    )
    assert sheet.slots[0].status == "compatible"


def test_cli_facts_json_contract_text_and_errors(db):
    runner = CliRunner()
    out = runner.invoke(main, ["facts", "farm-spin-1", "--db", str(db), "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert set(data) >= {"story", "articles", "slots"}
    assert set(data["articles"][0]) >= {"id", "outlet", "published", "origin"}
    slot = data["slots"][0]
    assert set(slot) >= {"slot", "kind", "status", "values"}
    assert slot["status"] in ("agreed", "compatible", "disputed", "single")
    value = slot["values"][0]
    assert set(value) >= {"value", "mentions", "origins", "first"}
    assert set(value["mentions"][0]) >= {"article", "start", "end", "text", "status"}
    text = runner.invoke(main, ["facts", "farm-spin-1", "--db", str(db)])
    assert text.exit_code == 0 and "disputed" in text.output and "Harrod" in text.output
    listed = runner.invoke(main, ["facts", "--disputed", "--db", str(db)])
    assert listed.exit_code == 0 and "person harrow" in listed.output
    for fmt, mark in (("markdown", "| slot |"), ("html", "<table>")):
        shown = runner.invoke(main, ["facts", "farm-spin-1", "--db", str(db), "--format", fmt])
        assert shown.exit_code == 0 and mark in shown.output
    missing = runner.invoke(main, ["facts", "no-such-story", "--db", str(db)])
    assert missing.exit_code != 0 and missing.output.startswith("Error: No story")
    both = runner.invoke(main, ["facts", "--db", str(db)])
    assert both.exit_code != 0 and "Error: Give a STORY" in both.output


def test_html_fact_sheet_escapes_article_text():
    evil = "<script>alert(1)</script> 212"
    q = parse(evil)[0]
    m = Mention("quantity", "people <b>killed</b>", "212", q.start, q.end, evil, 0, q)
    sheet = slots.sheet("s<i>", _arts("a0"), {"a0": (m,)})
    from unspin.report.sheet import render_html, render_markdown

    html = render_html(sheet)
    assert "<script>" not in html and "<b>" not in html and "&lt;script&gt;" in html
    assert "<b>" not in render_markdown(sheet)


def test_the_api_returns_the_cli_json(db):
    from fastapi.testclient import TestClient

    from unspin.web import Settings, create_app

    with TestClient(create_app(Settings(str(db))), base_url="http://127.0.0.1:8765") as client:
        r = client.get("/api/stories/farm-spin-1/facts")
        assert r.status_code == 200
        with Store.open(db, readonly=True) as store:  # the web's readers are read-only
            ids = [a["article"] for a in corpus.story_graph(store, "farm-spin-1")["articles"]]
            assert len(store.stored_mentions(ids, mentions.reader())) == len(ids)
        with Store.open(db, readonly=True) as store:
            assert r.json() == json.loads(json.dumps(corpus.facts(store, "farm-spin-1").to_dict()))
        assert client.get("/api/stories/nope/facts").status_code == 404


def test_a_possessive_and_a_shortened_quote_are_the_same_value():
    """Found reading GVA's disputed slots by hand: "Martinez's" against "Martinez", and a quote
    one outlet gave in part, were disputes."""
    arts = _arts("a0", "a1")

    def name(article, text):
        return Mention("person", "person martinez", text, 0, len(text), text, 0)

    sheet = slots.sheet(
        "s", arts, {"a0": (name("a0", "Hector Martinez's"),), "a1": (name("a1", "Martinez"),)}
    )
    assert sheet.slots[0].status == "agreed"
    long, short = (
        "a crime that shook our city and quite frankly our country",
        "a crime that shook our city",
    )
    quotes = {
        a: (Mention("quote", "quote of mccarthy", t, 0, len(t), t, 0),)
        for a, t in (("a0", long), ("a1", short))
    }
    assert slots.sheet("s", arts, quotes).slots[0].status == "agreed"


def test_mentions_are_kept_and_a_kept_sheet_is_the_same(tmp_path):
    """A sheet stores the mentions it read; the next one (read-only too) reads them from the
    store instead of spaCy and MiniLM, and is the same sheet. Rows another reader wrote are
    read again, not trusted."""

    path = tmp_path / "k.db"
    with Store.open(path) as store:
        corpus.run(store, readers.read([str(SAMPLE)]))
        assert store.scalar("SELECT COUNT(*) FROM mentions") == 0
        first = corpus.facts(store, "farm-spin-1").to_dict()
        ids = [a["article"] for a in corpus.story_graph(store, "farm-spin-1")["articles"]]
        assert set(store.stored_mentions(ids, mentions.reader())) == set(ids)
        store.conn.execute(
            "UPDATE mentions SET reader = 'old', data = '{}' WHERE article = ?", (ids[0],)
        )
    with Store.open(path, readonly=True) as store:
        assert corpus.facts(store, "farm-spin-1").to_dict() == first  # ids[0] read again
    with Store.open(path) as store:
        assert corpus.facts(store, "farm-spin-1").to_dict() == first
        assert len(store.stored_mentions(ids, mentions.reader())) == len(ids)
        kept = store.stored_mentions(ids, mentions.reader())
    with Store.open(path, readonly=True) as store:
        assert store.stored_mentions(ids, mentions.reader()) == kept
        assert corpus.facts(store, "farm-spin-1").to_dict() == first


def test_pack_keeps_every_field_and_the_vectors_close():
    import numpy as np

    v = np.random.default_rng(1).normal(size=384).astype(np.float32)
    v /= np.linalg.norm(v)
    q = parse("more than 200")[0]
    found = (
        Mention("quantity", "hostages held", "more than 200", 4, 17, "more than 200", 0, q, v),
        Mention("person", "person harrow", "Harrow", 30, 36, "Harrow", 2, None, None),
    )
    back = mentions.unpack(*mentions.pack(found))
    assert back == found  # the vector is not compared: it is checked below
    assert back[1].context is None
    assert abs(float(back[0].context @ v) - 1.0) < 1e-3


def test_dates_actions_and_attributions_are_read_with_their_words():
    from unspin import facts as reading
    from unspin import load_text

    text = (
        "The union agreed on Tuesday to postpone the walkout, officials said. "
        "According to the ministry, talks resume on 12 March."
    )
    found = mentions.extract(reading.analyse_many([load_text(text)])[0])
    got = {(m.kind, m.slot, m.value) for m in found if m.kind in ("date", "action", "attribution")}
    assert ("date", "date of agree (weekday)", "tuesday") in got
    assert ("action", "action on walkout", "postpone") in got
    assert ("attribution", "source official", "officials") in got
    assert ("attribution", "source ministry", "the ministry") in got
    assert any(s.startswith("date of resume") for _, s, _ in got)
    assert all(text[m.start : m.end] == m.text for m in found)


def test_only_opposite_actions_and_different_dates_conflict():
    def m(kind, slot, value):
        return Mention(kind, slot, value, 0, len(value), value, 0)

    arts = _arts("a0", "a1", "a2")

    def status(kind, slot, values):
        found = {f"a{k}": (m(kind, slot, v),) for k, v in enumerate(values)}
        return slots.sheet("s", arts, found).slots[0].status

    assert status("action", "action on walkout", ["postpone", "postpone", "end"]) == "disputed"
    assert status("action", "action on walkout", ["postpone", "postpone", "delay"]) == "compatible"
    assert (
        status("date", "date of agree (weekday)", ["tuesday", "tuesday", "wednesday"]) == "disputed"
    )
    assert (
        status("attribution", "source ministry", ["the ministry", "ministry", "the ministry"])
        == "compatible"
    )


def test_a_date_with_no_verb_above_it_ends():
    """A date in a verbless line (a dateline, a headline) reaches the root, and stops there."""
    from unspin import facts as reading
    from unspin import load_text

    text = "HULL, 12 March 2025.\n\nThe river rose by two metres on Tuesday night."
    found = mentions.extract(reading.analyse_many([load_text(text)])[0])
    dates = [m for m in found if m.kind == "date"]
    assert [m.text for m in dates] == ["Tuesday"]  # the dateline has no event to date


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # an age between commas is not a count, whoever it follows
        ("Darin Booker, 13, was killed Sunday night.", {("people killed", "1")}),
        ("Two men, 19 and 20, were killed.", {("people killed", "2")}),
        # "a father of three": his children, not the dead
        ("Ketron Nathan, a father of three, was shot and killed.", {("people killed", "1")}),
        # "her son": one son; "FOX 5": a name, not a figure
        ("The mother told FOX 5 that her son was shot and killed.", {("people killed", "1")}),
        # people joined by "and" are counted together
        ("A woman and child have been found dead.", {("people killed", "2")}),
        ("Police say three men and two women were hurt.", {("people injured", "5")}),
        ("A man and three women were injured.", {("people injured", "4")}),
        # a telephone number, an emergency call and a weight are not figures of the story
        (
            "Anyone with information should call (916) 874-5115. Two men were hurt.",
            {("people injured", "2")},
        ),
        ("The employee called 911 and five people were shot.", {("people shot", "5")}),
        ("He weighs 130 pounds and was charged with shooting two men.", {("people shot", "2")}),
        # two events in one sentence stay two counts
        (
            "Three people were killed and two were hurt.",
            {("people killed", "3"), ("people injured", "2")},
        ),
    ],
)
def test_victim_counts_read_ages_kin_names_and_coordination(text, want):
    from unspin import facts as reading
    from unspin import load_text

    found = mentions.extract(reading.analyse_many([load_text(text)])[0])
    got = {(m.slot, m.value) for m in found if m.kind == "quantity"}
    assert got == want
    assert all(text[m.start : m.end] == m.text for m in found)


def test_roles_and_occasions_are_read_and_never_conflict():
    from unspin import facts as reading
    from unspin import load_text

    text = (
        "Labour Minister Ann Harrow said the deal was fair. "
        '"We will not back down," Peter Cole, a spokesman for the port operator, told '
        "reporters at a news conference. "
        '"It is over," Harrow said in a statement. '
        "Hull resident Tom Bright watched. On Tuesday Jane Doe left."
    )
    found = mentions.extract(reading.analyse_many([load_text(text)])[0])
    got = {(m.kind, m.slot, m.value) for m in found if m.kind in ("role", "occasion")}
    assert got == {
        ("role", "role of harrow", "labour minister"),
        ("role", "role of cole", "spokesman for the port operator"),
        ("role", "role of bright", "hull resident"),
        ("occasion", "occasion of cole", "at a news conference"),
        ("occasion", "occasion of harrow", "in a statement"),
    }
    assert all(text[m.start : m.end] == m.text for m in found)

    def m(kind, slot, value):
        return Mention(kind, slot, value, 0, len(value), value, 0)

    arts = _arts("a0", "a1", "a2")
    for kind, slot, values in [
        ("role", "role of harrow", ["labour minister", "labour minister", "employment minister"]),
        (
            "occasion",
            "occasion of cole",
            ["at a news conference", "in a statement", "in a statement"],
        ),
    ]:
        found = {f"a{k}": (m(kind, slot, v),) for k, v in enumerate(values)}
        assert slots.sheet("s", arts, found).slots[0].status == "compatible"


def _said(kind: str, slot: str):
    """Mentions of ``slot`` made from their values alone (offsets 0 to the value's length)."""
    return lambda value: Mention(kind, slot, value, 0, len(value), value, 0)


def test_a_misread_name_in_a_slot_is_not_a_dispute_but_a_spelling_is():
    m, p = _said("organisation", "organisation times"), _said("person", "person harrow")

    arts = _arts("a0", "a1", "a2")
    misread = {"a0": (m("New York Times"),), "a1": (m("New York Times"),), "a2": (m("World Cup"),)}
    assert slots.sheet("s", arts, misread).slots[0].status == "compatible"
    plural = {"a0": (m("Criminal Investigation Times"),), "a1": (m("Times"),),
              "a2": (m("Criminal Investigations Times"),)}  # fmt: skip
    assert slots.sheet("s", arts, plural).slots[0].status == "compatible"
    spelt = {"a0": (p("Peter Harrow"),), "a1": (p("Peter Harrow"),), "a2": (p("Peter Harrod"),)}
    assert slots.sheet("s", arts, spelt).slots[0].status == "disputed"


def test_a_pronoun_for_a_name_adds_no_value_but_a_swapped_name_does():
    text0, text1 = "These elites met on Tuesday.", "They met on Tuesday."
    arts = _arts("a0", "a1")
    found = {"a0": (), "a1": ()}
    pronoun = slots.Changed("a0", "a1", "entity", (0, 12, "These elites"), (0, 4, "They"))
    assert slots.sheet("s", arts, found, [pronoun], {"a0": text0, "a1": text1}).slots == ()
    swapped = slots.Changed("a0", "a1", "entity", (0, 12, "These elites"), (0, 9, "The rebels"))
    sheet = slots.sheet("s", arts, found, [swapped], {"a0": text0, "a1": "The rebels met."})
    assert [s.status for s in sheet.slots] == ["disputed"]


def test_whole_names_and_a_misspelling_beside_the_right_spelling_are_disputed():
    o, p = _said("organisation", "organisation hill"), _said("person", "person obama")

    arts = _arts("a0", "a1", "a2")
    first_word = {
        "a0": (o("Capitol Hill"),),
        "a1": (o("Capitol Hill"),),
        "a2": (o("Casitol Hill"),),
    }
    assert slots.sheet("s", arts, first_word).slots[0].status == "disputed"
    shortened = {"a0": (o("Capitol Hill"),), "a1": (o("Capitol Hill"),), "a2": (o("Hill"),)}
    assert slots.sheet("s", arts, shortened).slots[0].status == "agreed"
    # a rewrite of a0 spells the name right twice and wrong once: still a misspelling
    arts = _arts("a0", "a1", "a0")
    found = {
        "a0": (p("Barack Obama"),),
        "a1": (p("Obama"),),
        "a2": (p("Obama"), p("Obapa"), p("Obama")),
    }
    sheet = slots.sheet("s", arts, found)
    assert sheet.slots[0].status == "disputed" and sheet.slots[0].minority == ("a2",)


def test_a_quote_compare_reworded_is_one_claim_in_dispute():
    source, rewrite = 'She said "we will try again".', 'She said "we will attempt again".'
    arts = _arts("a0", "a1")
    change = slots.Changed("a0", "a1", "quote", (19, 22, "try"), (19, 26, "attempt"))
    sheet = slots.sheet("s", arts, {"a0": (), "a1": ()}, [change], {"a0": source, "a1": rewrite})
    assert [(s.status, [v.value for v in s.values]) for s in sheet.slots] == [
        ("disputed", ["try", "attempt"])
    ]


def test_an_original_spelling_a_name_two_ways_is_not_disputed_by_its_copies():
    p = _said("person", "person meyers")

    arts = _arts("a0", "a0", "a0")  # a1 and a2 copy a0
    found = {"a0": (p("Robin Meyers"), p("Myers")), "a1": (p("Meyers"), p("Myers")),
             "a2": (p("Robin Meyers"),)}  # fmt: skip
    assert slots.sheet("s", arts, found).slots[0].status == "compatible"


def test_a_change_compare_paired_is_disputed_though_the_rewrite_keeps_the_old_value_elsewhere():
    def d(value, start):
        return Mention(
            "date", "date of agree (weekday)", value, start, start + len(value), value, 0
        )

    arts = _arts("a0", "a0")  # a1 rewrites a0
    found = {"a0": (d("tuesday", 10),), "a1": (d("tuesday", 10),)}
    change = slots.Changed("a0", "a1", "date", (10, 17, "Tuesday"), (40, 49, "Wednesday"))
    sheet = slots.sheet("s", arts, found, [change])
    assert [s.status for s in sheet.slots] == ["disputed"] and sheet.slots[0].minority == ("a1",)
