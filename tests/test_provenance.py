"""provenance.derive on hand-made stories: copies, rewrites, independents, and edge cases."""

from __future__ import annotations

from unspin import clean
from unspin.corpus.lineage import Item, derive

REPORT = (
    "Dockworkers at the port of Halden walked out on Monday after talks with the operator broke down. "
    "The union said 3,100 workers had joined the strike by the afternoon shift. "
    "More than 40 ships were waiting outside the harbour, according to the harbour master. "
    "Labour minister Ellen Harrow said she would meet both sides on Thursday morning. "
    "The operator said it had offered a four percent raise over two years."
)
SPUN = (
    "Dock workers at the port of Halden walked out on Monday after negotiations with the operator collapsed. "
    "The union stated 3,100 workers had joined the walkout by the afternoon shift. "
    "Over 40 vessels were waiting outside the harbour, according to the harbour master. "
    "Labour minister Ellen Harrod said she would meet both parties on Thursday morning. "
    "The operator stated it had offered a four percent raise over two years."
)
OTHER = (
    "Ships queued off Halden for a second day as the strike went on. "
    "Shipping agents said perishable cargo was being diverted to other ports in the region. "
    "A spokesperson for the chamber of commerce warned of losses running into millions each day."
)


def item(article: str, when: str, text: str, seq: int) -> Item:
    return Item(article, (when, seq), text, None)


def test_copy_rewrite_and_independent_are_told_apart():
    furniture = "\n\nSee also: Ten ports to visit this summer\n\nLeave a Reply"
    found = derive(
        [
            item("orig", "2024-05-06T08:00:00", REPORT, 1),
            item("copy", "2024-05-06T09:00:00", REPORT + furniture, 2),
            item("spin", "2024-05-06T10:00:00", SPUN + furniture, 3),
            item("other", "2024-05-06T11:00:00", OTHER, 4),
            item("blank", "2024-05-06T07:00:00", "Short.", 5),  # no counted sentence at all
        ]
    )
    got = {d.article: (d.relation, d.derived_from) for d in found}
    assert got["copy"] == ("copy", "orig")
    assert got["spin"] == ("rewrite", "orig")
    assert got["other"] == ("independent", None)
    assert got["blank"] == ("original", None)  # earliest; nothing derives from an empty text
    assert got["orig"] == ("independent", None)
    assert [d.article for d in found] == ["orig", "copy", "spin", "other", "blank"]


def test_a_later_article_is_never_the_source():
    found = derive(
        [item("spin", "2024-05-06T10:00:00", SPUN, 1), item("orig", "2024-05-07", REPORT, 2)]
    )
    assert {d.article: d.derived_from for d in found} == {"spin": None, "orig": "spin"}


def test_a_single_article_is_the_original():
    assert derive([item("a", "", REPORT, 1)])[0].relation == "original"


def test_rough_sentences_cut_at_stops_and_mark_furniture_by_block():
    text = 'Mr. Smith spoke. "It is over," he said! 2020 was bad.\nSee also: Ports. More ports.'
    got = clean.rough_sentences(text)
    assert [s.text for s in got] == [
        "Mr.", "Smith spoke.", '"It is over," he said!', "2020 was bad.", "See also: Ports.",
        "More ports.",
    ]  # fmt: skip
    assert [s.boilerplate for s in got][-2:] == ["related-links", "related-links"]
    assert all(text[s.start : s.end] == s.text for s in got)
