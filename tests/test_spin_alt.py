"""The second harmless-spin generator (``benchmarks.spin_alt``) on its own, without models:
deterministic, furniture where the meta says, dropped sentences gone, and no number, name or
quoted word of the source changed. Skipped where ../shared/bench is absent."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # benchmarks/ is a package at the repo root, not an installed one
    sys.path.insert(0, str(ROOT))

from benchmarks import common, spin_alt  # noqa: E402
from benchmarks.spin_build import Sent, quote_ranges  # noqa: E402

ARTICLES = 8
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
CAPITALISED = re.compile(r"(?<![\w'’])[A-Z][A-Za-z.'’-]*")


@pytest.fixture(scope="module")
def pairs() -> list[spin_alt.Triple]:
    try:
        return spin_alt.build(ARTICLES, spin_alt.SEED)
    except common.BenchMissing:
        pytest.skip("../shared/bench is absent: the spin_alt generator has no articles to spin")


class Always:
    """An rng whose every draw says "apply": each rule fires wherever it may."""

    def random(self) -> float:
        return 0.0


def _reworded(text: str) -> tuple[str, dict[str, list]]:
    log: dict[str, list] = {"phrase": [], "format": []}
    return spin_alt.reword(Sent(text), Always(), "'", log).text, log


def _body(rewrite: str, meta: dict) -> str:
    """The rewrite with its furniture lines blanked out."""
    for start, end, _ in meta["furniture"]:
        rewrite = rewrite[:start] + " " * (end - start) + rewrite[end:]
    return rewrite


def _numbers(text: str) -> Counter:
    return Counter(m.group().rstrip(",").replace(",", "") for m in NUMBER.finditer(text))


def _name(word: str) -> str:
    word = re.sub(r"['’]s$", "", word.rstrip(".,'’-")).replace(".", "")
    full = {k.rstrip("."): v for k, v in spin_alt.MONTH_ABBREVIATIONS.items()}
    return full.get(word, word)


def _names(text: str) -> set[str]:
    return {_name(m.group()) for m in CAPITALISED.finditer(text)} - {""}


# --- the rules alone ------------------------------------------------------------------------


def test_phrase_entries_never_touch_digits_or_capitalised_words() -> None:
    for rule in spin_alt.PHRASES:
        for side in (rule.old, rule.new):
            assert re.fullmatch(r"[a-z' ]+", side), f"{rule.old!r} -> {rule.new!r}"


def test_phrase_rules_keep_every_number_and_name() -> None:
    text = (
        "Officials did not say whether more than 200 people, about 40 percent of Smith's staff, "
        "took part in the talks despite the storm in order to meet Jones, and they are sure "
        "it is fewer than 3,000 across the country."
    )
    new, log = _reworded(text)
    assert log["phrase"] and new != text
    assert _numbers(new) == _numbers(text)
    assert _names(new) == _names(text)
    for old, _ in log["phrase"]:
        assert not re.search(r"[\dA-Z]", old)


def test_quantity_rules_need_a_number_and_leave_years_and_topics_alone() -> None:
    for text in (
        "He earned no more than 50 dollars.",
        "She talked about 2 cases that day.",
        "It rose more than expected.",
        "They wrote about 9/11 often.",
        "It was about 2020 and the vote.",
    ):
        new, log = _reworded(text)
        assert not any(old in ("more than", "about") for old, _ in log["phrase"]), new


def test_formats_keep_values_and_names() -> None:
    text = (
        "Mr. Smith said 1,200 people, 40% of the U.S. staff, came to Tuesday's meeting, "
        "held on Sept. 12, not 1,950, in the U.S."
    )
    new, log = _reworded(text)
    assert {old for old, _ in log["format"]} >= {"Mr.", "1,200", "%", "Sept.", "Tuesday's meeting"}
    assert "1,950" in new  # four digits that could read as a year keep their comma
    assert new.endswith("US.")  # the sentence keeps its full stop
    assert _numbers(new) == _numbers(text)
    assert _names(new) - _names(text) <= {"The"}
    assert _names(text) <= _names(new)


def test_quoted_words_are_never_reworded() -> None:
    text = 'He said "we did not see more than 20 of the U.S. ships" on Monday.'
    new, _ = _reworded(text)
    assert '"we did not see more than 20 of the U.S. ships"' in new


# --- the generator on real articles ---------------------------------------------------------


def test_deterministic_for_a_seed(pairs) -> None:
    assert spin_alt.build(ARTICLES, spin_alt.SEED) == pairs
    assert spin_alt.build(3, spin_alt.SEED) == pairs[:3]  # a --limit run is a subset
    other = spin_alt.build(ARTICLES, spin_alt.SEED + 1)
    assert [m["article"] for *_, m in other] != [m["article"] for *_, m in pairs]


def test_every_rewrite_differs_from_its_source(pairs) -> None:
    assert len(pairs) == ARTICLES
    for source, rewrite, meta in pairs:
        assert rewrite != source, meta["article"]
        assert spin_alt.MIN_WORDS <= len(source.split()) <= spin_alt.MAX_WORDS


def test_furniture_lines_are_where_the_meta_says_top_middle_and_end(pairs) -> None:
    for _, rewrite, meta in pairs:
        lines = meta["furniture"]
        assert all(rewrite[start:end] == text for start, end, text in lines), meta["article"]
        assert lines[0][0] == 0  # a line at the top
        assert lines[-1][1] == len(rewrite)  # a line at the end
        body = _body(rewrite, meta)
        assert any(body[:start].strip() and body[end:].strip() for start, end, _ in lines)
        assert meta["title"] not in [text for *_, text in lines]  # headlines of other articles


def test_dropped_sentences_are_gone(pairs) -> None:
    dropped = 0
    for source, rewrite, meta in pairs:
        assert len(meta["dropped"]) <= 3
        for sent in meta["dropped"]:
            assert source.count(sent) == 1 and sent not in rewrite
        dropped += len(meta["dropped"])
    assert dropped >= ARTICLES // 2


def test_no_number_or_name_of_the_source_changes(pairs) -> None:
    for source, rewrite, meta in pairs:
        body = _body(rewrite, meta)
        assert not _numbers(body) - _numbers(source), meta["article"]
        lower = {w.lower() for w in re.findall(r"[A-Za-z]+", source)}
        new = {n for n in _names(body) - _names(source) if n.lower() not in lower}
        assert not new, (meta["article"], new)


def test_quotations_of_kept_sentences_are_verbatim(pairs) -> None:
    for source, rewrite, meta in pairs:
        for block in spin_alt.sentences(source):
            for sent in block:
                if sent.text in meta["dropped"]:
                    continue
                for start, end in quote_ranges(sent.text, sent.in_quote)[0]:
                    assert sent.text[start:end] in rewrite, (meta["article"], sent.text)


def test_the_operations_all_happen_over_a_sample(pairs) -> None:
    ops = spin_alt.operations(pairs)
    assert all(ops[k] > 0 for k in ("dropped sentences", "phrase rewrites", "format rewrites"))
    assert ops["moved paragraphs"] + ops["swapped sentence pairs"] > 0
