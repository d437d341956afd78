"""The report stage: every format, built from hand-made comparisons (no pipeline involved)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from unspin.errors import ConfigError
from unspin.records import (
    AlignedGroup,
    Alignment,
    Change,
    Comparison,
    Document,
    Relation,
    Sentence,
    Span,
)
from unspin.report import FORMATS, render

# -- builders -------------------------------------------------------------------------------


def at(text: str, sub: str, nth: int = 0) -> Span:
    """The span of the ``nth`` occurrence of ``sub`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return Span(start, start + len(sub), sub)


def sentences(text: str, parts: list[str], boilerplate: dict[int, str] | None = None):
    out, pos = [], 0
    for i, part in enumerate(parts):
        start = text.index(part, pos)
        pos = start + len(part)
        out.append(Sentence(i, start, pos, part, (boilerplate or {}).get(i)))
    return tuple(out)


def alignment(groups: list[tuple[tuple[int, ...], tuple[int, ...]]], n_src: int, n_rw: int):
    x2y = tuple(tuple(j for s, r in groups if i in s for j in r) for i in range(n_src))
    y2x = tuple(tuple(i for s, r in groups if j in r for i in s) for j in range(n_rw))
    scored = tuple(AlignedGroup(s, r, 0.9 if s and r else 0.0) for s, r in groups)
    return Alignment(x2y, y2x, scored)


SRC_PARTS = [
    "Flood kills 1,400 in river delta.",
    "Officials said 1,400 people died after the dam failed on Monday.",
    "The dam was built in 1962.",
    "It held 3 million cubic metres.",
    "The governor did not blame the operator.",
    "Rescue teams may reach the villages by Friday.",
    '"We are devastated," said mayor Ana Ruiz.',
    "Aid groups asked for calm | patience.",
    "Reporting by Jane Roe.",
]
RW_PARTS = [
    "Flood kills 2,400 in river delta.",
    "Officials said 2,400 people died after the dam failed on Sunday.",
    "The dam, built in 1962, held 3 million cubic metres.",
    "The governor blamed the operator.",
    "Rescue teams will reach the villages by Friday.",
    "The army has been deployed.",
    '"We are furious," said mayor Ana Cruz.',
    "Critics say the disaster was covered up.",
    "Subscribe to our newsletter for more!",
]
GROUPS = [
    ((0,), (0,)),
    ((1,), (1,)),
    ((2, 3), (2,)),  # merge
    ((4,), (3,)),
    ((5,), (4, 5)),  # split
    ((6,), (6,)),
    ((), (7,)),  # inserted
    ((), (8,)),  # inserted boilerplate
    ((7,), ()),  # dropped
    ((8,), ()),  # dropped boilerplate
]


def story() -> Comparison:
    src = " ".join(SRC_PARTS[:2]) + "\n\n" + " ".join(SRC_PARTS[2:])
    rw = " ".join(RW_PARTS[:3]) + "\n\n" + " ".join(RW_PARTS[3:])

    def change(kind, severity, old, new, why, nth=0):
        return Change(
            kind,
            severity,
            at(src, old, nth) if old else None,
            at(rw, new, nth) if new else None,
            why,
        )

    changes = (
        change(
            "omitted",
            "low",
            "Aid groups asked for calm | patience.",
            None,
            "Dropped the aid appeal.",
        ),
        change(
            "number",
            "high",
            "1,400",
            "2,400",
            "Death toll in the headline went from 1,400 to 2,400.",
        ),
        change("number", "high", "1,400", "2,400", "Death toll went from 1,400 to 2,400.", nth=1),
        change("date", "medium", "Monday", "Sunday", "The day of the failure moved."),
        change(
            "negation",
            "high",
            "did not blame the operator",
            "blamed the operator",
            "Negation dropped.",
        ),
        change(
            "other",
            "low",
            "The governor did not blame",
            "The governor blamed",
            "Overlaps the negation.",
        ),
        change("modality", "medium", "may reach", "will reach", "Possibility became certainty."),
        change("added", "medium", None, "The army has been deployed.", "Claim not in the source."),
        change("quote", "high", "devastated", "furious", "Quoted words changed."),
        change("entity", "high", "Ana Ruiz", "Ana Cruz", "Mayor's name changed."),
        change(
            "added", "high", None, "Critics say the disaster was covered up.", "Unsourced claim."
        ),
        change(
            "boilerplate", "low", None, "Subscribe to our newsletter for more!", "Newsletter plug."
        ),
    )
    return Comparison(
        source=Document(src, "source.txt", title="Flood kills 1,400", outlet="Delta Times"),
        rewrite=Document(
            rw, "farm-spin.html", title="Flood kills 2,400!", url="https://example.org/x"
        ),
        source_sentences=sentences(src, SRC_PARTS, {8: "byline"}),
        rewrite_sentences=sentences(rw, RW_PARTS, {8: "newsletter"}),
        relation=Relation("rewrite", 0.8712),
        changes=changes,
        alignment=alignment(GROUPS, len(SRC_PARTS), len(RW_PARTS)),
    )


def unchanged() -> Comparison:
    text = "Nothing happened today. Everyone stayed home."
    sents = sentences(text, ["Nothing happened today.", "Everyone stayed home."])
    return Comparison(
        Document(text, "a.txt"),
        Document(text, "b.txt"),
        sents,
        sents,
        Relation("copy", 1.0),
        (),
        alignment([((0,), (0,)), ((1,), (1,))], 2, 2),
    )


HOSTILE_TITLE = '"><svg onload=alert(1)>'


def hostile() -> Comparison:
    src = "Police said <script>alert(1)</script> 10 people were hurt."
    rw = "Police said <img src=x onerror=alert(1)> 12 people were hurt. \x1b[31mRED"
    return Comparison(
        Document(
            src, '<b>src</b>"', title=HOSTILE_TITLE, author="<i>x</i>", url="javascript:alert(1)"
        ),
        Document(rw, "rw'\"<>", title=HOSTILE_TITLE, url='https://x/"><script>alert(2)</script>'),
        sentences(src, [src]),
        sentences(
            rw,
            ["Police said <img src=x onerror=alert(1)> 12 people were hurt.", "\x1b[31mRED"],
            {1: '"><svg onload=alert(3)>'},
        ),
        Relation("rewrite<script>", 0.5),
        (
            Change("number", "high", at(src, "10"), at(rw, "12"), "<script>alert(4)</script>"),
            Change(
                "quote",
                "medium",
                at(src, "<script>alert(1)</script>"),
                at(rw, "<img src=x onerror=alert(1)>"),
                'Said "><svg onload=alert(5)>',
            ),
        ),
        alignment([((0,), (0, 1))], 1, 2),
    )


# -- helpers for reading HTML back -----------------------------------------------------------

VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "area", "base", "col", "source"}


class Page(HTMLParser):
    """Collects tags, attributes, balance errors and the text of every <mark> by side."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.side: list[str | None] = []
        self.marks: list[tuple[str | None, str, str]] = []  # (side, data-c, text)
        self.mark_depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag in VOID:
            return
        self.stack.append(tag)
        self.side.append(attributes.get("data-side") or (self.side[-1] if self.side else None))
        if tag == "mark":
            self.marks.append((self.side[-1], attributes.get("data-c", ""), ""))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
            return
        self.stack.pop()
        self.side.pop()

    def handle_data(self, data):
        if "mark" in self.stack:
            side, data_c, text = self.marks[-1]
            self.marks[-1] = (side, data_c, text + data)

    def marked_text(self, side: str) -> dict[str, str]:
        """Change number -> concatenated text of its marks on one side."""
        out: dict[str, str] = {}
        for mark_side, data_c, text in self.marks:
            if mark_side == side:
                for n in data_c.split():
                    out[n] = out.get(n, "") + text
        return out


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


# -- render and json ------------------------------------------------------------------------


def test_formats_are_the_five_registered():
    assert FORMATS == ("text", "json", "markdown", "html", "jsonl")
    for fmt in FORMATS:
        assert isinstance(render(story(), fmt), str)


def test_unknown_format_is_a_config_error_naming_it():
    with pytest.raises(ConfigError, match="'pdf'"):
        render(story(), "pdf")


@pytest.mark.parametrize("build", [story, unchanged, hostile])
def test_json_round_trips_to_dict(build):
    comparison = build()
    assert json.loads(render(comparison, "json")) == comparison.to_dict()


def test_json_keeps_non_ascii():
    comparison = replace(story(), source=replace(story().source, name="café – source.txt"))
    assert '"name": "café – source.txt"' in render(comparison, "json")


def test_builder_spans_slice_back():
    comparison = story()
    for change in comparison.changes:
        for span, text in (
            (change.source, comparison.source.text),
            (change.rewrite, comparison.rewrite.text),
        ):
            if span:
                assert text[span.start : span.end] == span.text
    for s in comparison.rewrite_sentences:
        assert comparison.rewrite.text[s.start : s.end] == s.text


# -- text -----------------------------------------------------------------------------------


def test_text_plain_has_no_escape_codes_and_ends_with_summary():
    out = render(story(), "text", color=False)
    assert "\x1b" not in out
    assert out.rstrip().splitlines()[-1] == "6 high, 3 medium, 3 low changes; 2 boilerplate lines"
    assert out.splitlines()[0] == (
        "source.txt -> farm-spin.html  (rewrite, similarity 0.87)  6 high, 3 medium, 3 low"
    )


def test_text_color_uses_ansi():
    out = render(story(), "text", color=True)
    assert "\x1b[1;31mHIGH" in out
    assert "\x1b[1;33mMEDIUM" in out
    assert "\x1b[2mLOW" in out
    assert "\x1b[1;4m2,400\x1b[22;24m" in out


def test_text_orders_by_severity_then_rewrite_position():
    out = render(story(), "text")
    heads = [line for line in out.splitlines() if re.match(r"(HIGH|MEDIUM|LOW) ", line)]
    assert [h.split()[0] for h in heads] == ["HIGH"] * 6 + ["MEDIUM"] * 3 + ["LOW"] * 3
    assert heads[0] == 'HIGH    number       "1,400" -> "2,400"'
    assert "Negation dropped" in out.split(heads[2])[1].splitlines()[1]
    assert heads[-1].startswith("LOW     omitted")  # no rewrite span: last of its severity
    assert 'MEDIUM  added        (none) -> "The army has been deployed."' in heads


def test_text_marks_changed_words_in_sentence_context():
    out = render(story(), "text")
    assert "source:  Officials said «1,400» people died after the dam failed on Monday." in out
    assert "rewrite: Officials said «2,400» people died after the dam failed on Sunday." in out


def test_text_no_changes_says_so():
    out = render(unchanged(), "text")
    assert "No factual changes found." in out
    assert out.rstrip().endswith("0 high, 0 medium, 0 low changes; 0 boilerplate lines")


def test_text_strips_escape_codes_from_article_text():
    out = render(hostile(), "text", color=False)
    assert "\x1b" not in out
    colored = render(hostile(), "text", color=True)
    assert "\x1b[31mRED" not in colored


# -- markdown -------------------------------------------------------------------------------


def test_markdown_escapes_pipes_and_newlines_in_article_text():
    out = render(story(), "markdown")
    assert "Aid groups asked for calm \\| patience." in out
    table = [line for line in out.splitlines() if line.startswith("| ")]
    for line in table:
        cells = re.split(r"(?<!\\)\|", line)
        assert len(cells) in (5, 8), line  # 3 or 6 columns, plus the empty ends
    assert "\n\n" not in out.split("## Aligned sentences")[1].split("|", 1)[1].rstrip()


def test_markdown_has_summary_table_and_aligned_sentences():
    out = render(story(), "markdown")
    assert out.startswith("# unspin: source.txt → farm\\-spin.html") or out.startswith(
        "# unspin: source.txt → farm-spin.html"
    )
    assert "| 1 | **high** | number | 1,400 | 2,400 | Death toll in the headline" in out
    assert "| — | The army has been deployed. |" in out
    assert "Officials said **2,400** people died" in out
    assert "*(not in rewrite)*" in out and "*(not in source)*" in out
    assert "*(boilerplate: newsletter)*" in out


def test_markdown_escapes_markup_in_untrusted_text():
    out = render(hostile(), "markdown")
    assert re.findall(r"(?<!\\)<(?!br>)", out) == []  # every < is escaped, but our <br>
    assert "\\<script\\>" in out
    assert render(unchanged(), "markdown").count("No factual changes found.") == 1


# -- html -----------------------------------------------------------------------------------


def test_html_parses_with_balanced_tags():
    for build in (story, unchanged, hostile):
        page = parse(render(build(), "html"))
        assert page.errors == []
        assert page.stack == []


def test_html_is_self_contained():
    out = render(story(), "html")
    assert not re.search(
        r"""(src|href)\s*=\s*["']?(https?:)?//""", out.replace('href="https://example.org/x"', "")
    )
    assert "@import" not in out and "url(" not in out
    assert out.count("<script") == 1 and out.count("<style") == 1


def test_html_escapes_hostile_text_everywhere():
    out = render(hostile(), "html")
    for raw in ("<script>alert", "<img src=x", "<svg", "<b>src", "<i>x"):
        assert raw not in out, raw
    page = parse(out)
    names = [tag for tag, _ in page.tags]
    assert names.count("script") == 1 and "img" not in names and "svg" not in names
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert not (attrs.get("href") or "").lower().startswith("javascript:")
    assert "\x1b" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&quot;&gt;&lt;svg onload=alert(1)&gt;" in out


def test_html_csp_allows_only_own_script_and_style():
    out = render(hostile(), "html")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', out).group(1)
    assert "default-src &#x27;none&#x27;" in csp and "unsafe-inline" not in csp


@pytest.mark.parametrize("build", [story, hostile])
def test_html_every_change_is_highlighted_on_each_side(build):
    comparison = build()
    page = parse(render(comparison, "html"))
    for side in ("source", "rewrite"):
        marked = set(page.marked_text(side.capitalize()).values())
        for change in comparison.changes:
            span = change.source if side == "source" else change.rewrite
            if span is not None:
                assert any(span.text == t for t in marked), (side, span.text, marked)


def test_html_overlapping_spans_keep_offsets_and_carry_both_changes():
    page = parse(render(story(), "html"))
    marks = [(c, t) for side, c, t in page.marks if side == "Rewrite" and "blamed" in t]
    assert len(marks) == 1 and len(marks[0][0].split()) == 2  # "blamed" is in both spans
    rewrite = page.marked_text("Rewrite")
    assert "The governor blamed" in rewrite.values()
    assert "blamed the operator" in rewrite.values()


def test_html_rows_follow_alignment_groups():
    out = render(story(), "html")
    rows = out.split('<div class="row')[2:]
    split = next(r for r in rows if "Rescue teams" in r)
    assert "The army has been deployed." in split and split.startswith(" split")
    merge = next(r for r in rows if "The dam, built in 1962" in r)
    assert "It held 3 million" in merge and merge.startswith(" merge")
    dropped = next(r for r in rows if "Aid groups asked" in r)
    assert "Not in the rewrite" in dropped
    inserted = next(r for r in rows if "Critics say" in r)
    assert "Not in the source" in inserted
    order = [
        next(i for i, r in enumerate(rows) if s in r)
        for s in ("devastated", "Aid groups", "Critics say")
    ]
    assert order == sorted(order)  # the dropped sentence sits where it stood in the source


def test_html_boilerplate_changes_panel_and_header():
    out = render(story(), "html")
    assert out.count('class="sent boiler"') == 2
    assert "Flood kills 2,400!" in out and "Delta Times" in out and "0.87" in out
    assert '<span class="badge s-high">6 high</span>' in out
    for n in range(1, 13):
        assert f'id="c{n}"' in out
    assert 'href="#h1r"' in out and 'id="h1r"' in out and 'id="h1s"' in out
    assert 'href="#h12s"' in out and 'id="h12r"' not in out  # omitted: source side only


def test_html_no_changes():
    out = render(unchanged(), "html")
    assert "No factual changes found." in out and "<mark" not in out


def awkward() -> Comparison:
    """A span across two sentences, a zero-width span, and a sentence no group mentions."""
    src = "Prices rose. Wages fell. Rents held."
    rw = "Prices rose sharply. Wages fell. Rents held."
    parts = ["Prices rose.", "Wages fell.", "Rents held."]
    rw_parts = ["Prices rose sharply.", "Wages fell.", "Rents held."]
    cross = Span.of(rw, rw.index("sharply"), rw.index("fell") + 4)
    point = Span(src.index("."), src.index("."), "")
    return Comparison(
        Document(src, "a"),
        Document(rw, "b"),
        sentences(src, parts),
        sentences(rw, rw_parts),
        Relation("rewrite", 0.9),
        (
            Change("modality", "medium", point, at(rw, "sharply"), "Intensifier added."),
            Change("other", "low", at(src, "Wages fell"), cross, "Crosses a sentence boundary."),
        ),
        alignment([((0,), (0,)), ((1,), (1,))], 3, 3),  # sentence 2 is in no group
    )


def test_html_span_across_sentences_and_zero_width_span():
    comparison = awkward()
    out = render(comparison, "html")
    page = parse(out)
    assert page.errors == [] and page.stack == []
    rewrite = page.marked_text("Rewrite")
    cross = comparison.changes[1].rewrite.text
    assert rewrite["2"].replace(" ", "") == cross.replace(" ", "")  # pieces in two sentences
    assert out.count('id="h2r"') == 1  # one anchor even when a span is cut in pieces
    assert page.marked_text("Source")["1"] == "‸"  # the insertion point is visible
    assert out.count("Rents held.") == 2  # a sentence outside every group is still shown


def test_html_every_panel_link_has_a_target():
    out = render(story(), "html")
    ids = set(re.findall(r'id="([^"]+)"', out))
    assert set(re.findall(r'href="#([^"]+)"', out)) <= ids


def test_text_and_markdown_survive_awkward_spans():
    comparison = awkward()
    assert "Prices rose «sharply. Wages fell»." in render(comparison, "text")
    markdown = render(comparison, "markdown")
    assert "Prices rose **sharply.**" in markdown
    assert "| Rents held. | *(not in rewrite)* | unaligned |" in markdown
    assert "| 1 | medium | modality | — | sharply |" in markdown
