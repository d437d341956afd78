"""compare: typed changes on the shipped samples, spans, and invariants.

These tests load the real models (spaCy, MiniLM, WordNet) once per session.
"""

from pathlib import Path

import pytest

import unspin
from unspin.records import KINDS

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "port-strike"


@pytest.fixture(scope="module")
def source():
    return unspin.load(str(SAMPLES / "source.txt"))


@pytest.fixture(scope="module")
def spin(source):
    return unspin.compare(source, unspin.load(str(SAMPLES / "farm-spin.html")))


def _find(result, kind, rewrite_text=None, severity=None):
    return [
        c
        for c in result.changes
        if c.kind == kind
        and (rewrite_text is None or (c.rewrite and rewrite_text in c.rewrite.text))
        and (severity is None or c.severity == severity)
    ]


def test_every_change_points_back_into_both_texts(spin):
    for c in spin.changes:
        if c.source:
            assert spin.source.text[c.source.start : c.source.end] == c.source.text
        if c.rewrite:
            assert spin.rewrite.text[c.rewrite.start : c.rewrite.end] == c.rewrite.text
        assert c.explanation.endswith(".")


@pytest.mark.parametrize(
    ("kind", "rewrite_words", "source_words"),
    [
        ("number", "nearly two million", "1.6 million"),
        ("entity", "Harrod", "Harrow"),
        ("quote", "chance", "time"),
        ("quote", "can", "cannot"),
        ("reversal", "end", "postpone"),
        ("modality", "will", "may"),
        ("date", "Wednesday", "Tuesday"),
        ("agent", "union", "Humber Freight"),
    ],
)
def test_farm_spin_changes_are_typed_and_placed(spin, kind, rewrite_words, source_words):
    hits = [c for c in _find(spin, kind, rewrite_words) if c.flagged]
    assert hits, (
        f"no flagged {kind} change on {rewrite_words!r}: {[c.to_dict() for c in spin.changes]}"
    )
    assert any(c.source and source_words in c.source.text for c in hits)


def test_same_kind_word_swap_is_reported_as_other(spin):
    swaps = _find(spin, "other", "pension")
    assert swaps and swaps[0].source.text == "pay"


def test_dropped_negation_is_flagged(spin):
    assert any(c.flagged for c in _find(spin, "negation", "return"))


def test_invented_claim_is_added(spin):
    added = _find(spin, "added", "Police arrested 12 protesters")
    assert added and added[0].severity == "high" and added[0].source is None


def test_furniture_is_boilerplate_only(spin):
    furniture = [c.rewrite.text for c in _find(spin, "boilerplate")]
    assert any(t.startswith("See also") for t in furniture)
    assert "Leave a Reply" in furniture
    for c in spin.flagged:
        assert "See also" not in (c.rewrite.text if c.rewrite else "")


def test_left_out_sentence_is_omitted_low(spin):
    omitted = _find(spin, "omitted")
    assert omitted and all(c.severity == "low" and c.rewrite is None for c in omitted)
    assert any("Acas" in c.source.text for c in omitted)


def test_paraphrase_has_no_high_or_medium_change(source):
    result = unspin.compare(source, unspin.load(str(SAMPLES / "paraphrase.txt")))
    assert not [c.to_dict() for c in result.changes if c.severity in ("high", "medium")]
    assert result.relation.kind == "rewrite"


def test_samples_cover_every_kind(source, spin):
    other = unspin.compare(source, unspin.load(str(SAMPLES / "other-outlet.json")))
    seen = {c.kind for c in spin.changes} | {c.kind for c in other.changes}
    assert seen == set(KINDS)


def test_identical_text_is_a_copy_without_changes(source):
    result = unspin.compare(source, source)
    assert result.changes == ()
    assert result.relation.kind == "copy"
    assert all(len(g.source) == 1 and g.source == g.rewrite for g in result.alignment.groups)


def test_hedged_and_exact_figures_agree():
    result = unspin.compare(
        "More than 40 ships were waiting off the port of Hull on Monday, officials said.",
        "43 ships were waiting off the port of Hull on Monday, officials said.",
    )
    assert not result.flagged


def test_name_variants_are_not_flagged():
    result = unspin.compare(
        "Secretary of State Antony J. Blinken met Chinese officials in Beijing on Friday. Blinken said the talks were useful.",
        "Mr. Blinken met Chinese officials in Beijing on Friday. Antony Blinken said the talks were useful.",
    )
    assert not [c for c in result.flagged if c.kind == "entity"]


@pytest.mark.parametrize(
    "source, rewrite",
    [
        (
            "The EU Commission has banned its staff from using TikTok on work phones.",
            "The European Commission has banned its staff from using TikTok on work phones.",
        ),
        (
            "The United Nations said on Friday that 3,000 people had fled the town.",
            "The UN said on Friday that 3,000 people had fled the town.",
        ),
    ],
    ids=["EU for European", "UN for United Nations"],
)
def test_a_short_form_of_a_name_is_the_same_name(source, rewrite):
    result = unspin.compare(source, rewrite)
    assert not [c for c in result.flagged if c.kind == "entity"]


def test_a_short_form_does_not_hide_another_name():
    result = unspin.compare(
        "The UN Security Council met in New York on Friday to discuss the ceasefire.",
        "The US Security Council met in New York on Friday to discuss the ceasefire.",
    )
    assert [c for c in result.flagged if c.kind == "entity"]


def test_a_swapped_name_is_set_against_the_name_in_its_place():
    # two source names are gone; the explanation names the one the new name replaced (the
    # place of the arrest), not the first one of the sentence
    result = unspin.compare(
        "Police in Houston said on Monday that the suspect had been arrested in Texas after a long chase.",
        "Police said on Monday that the suspect had been arrested in Oklahoma after a long chase.",
    )
    swaps = [c for c in result.flagged if c.kind == "entity"]
    assert [(c.source.text, c.rewrite.text) for c in swaps] == [("Texas", "Oklahoma")]


def test_split_and_merge_are_aligned():
    src = (
        "The council approved the budget on Monday and the mayor signed it on Tuesday. "
        "Officials said the plan would cost 3 million pounds. It will fund new buses."
    )
    rw = (
        "The council approved the budget on Monday. The mayor signed it on Tuesday. "
        "Officials said the plan, which will fund new buses, would cost 3 million pounds."
    )
    result = unspin.compare(src, rw)
    groups = {(g.source, g.rewrite) for g in result.alignment.groups}
    assert ((0,), (0, 1)) in groups  # a split
    assert ((1, 2), (2,)) in groups  # a merge
    assert not result.flagged


def test_to_dict_matches_the_contract(spin):
    d = spin.to_dict()
    assert set(d) == {"source", "rewrite", "relation", "mode", "consistency", "changes",
                      "alignment", "support"}  # fmt: skip
    assert set(d["source"]) == {"name", "sentences", "chars"}
    assert d["relation"]["kind"] in ("copy", "rewrite", "same_story", "unrelated")
    assert 0.0 <= d["relation"]["similarity"] <= 1.0
    for c in d["changes"]:
        assert set(c) == {"kind", "severity", "source", "rewrite", "explanation", "confidence",
                          "unshared", "rule"}  # fmt: skip
    for g in d["alignment"]:
        assert set(g) == {"source", "rewrite", "score"}


def _pairs_of_samples(source):
    """Six pairs over the four sample articles, with repeats (one source, many rewrites)."""
    rewrites = [
        unspin.load(str(SAMPLES / n))
        for n in ("farm-spin.html", "other-outlet.json", "paraphrase.txt")
    ]
    return (
        [(source, r) for r in rewrites] + [(r, source) for r in rewrites[:2]] + [(source, source)]
    )


@pytest.mark.parametrize("batch", [1, 4, 16])
def test_compare_many_reads_ahead_without_changing_a_result(source, batch):
    from unspin import facts

    pairs = _pairs_of_samples(source)
    one_by_one = []
    for s, r in pairs:
        facts._CACHE.clear()  # each pair read on its own, as a Spark worker reads it
        one_by_one.append(unspin.compare(s, r).to_dict())
    facts._CACHE.clear()
    assert [c.to_dict() for c in unspin.compare_many(pairs, batch=batch)] == one_by_one


def test_compare_many_is_lazy_and_ends_on_an_empty_input(source):
    seen = []

    def pairs():
        for pair in _pairs_of_samples(source)[:3]:
            seen.append(pair)
            yield pair

    results = unspin.compare_many(pairs(), batch=2)
    assert not seen
    next(results)
    assert len(seen) == 3  # the first batch of two, and the next one read ahead
    assert list(unspin.compare_many([])) == []


def test_a_sentence_encodes_the_same_in_any_batch():
    """compare_many reads the sentences of many articles in one MiniLM call; the result is the
    same only because a sentence's vectors do not depend on its neighbours in the batch."""
    import numpy as np

    from unspin.language import nlp

    texts = [
        "The union agreed to postpone the walkout.",
        "More than 40 ships were waiting off the port of Hull on Monday as 3,100 dock workers stayed away.",
        "Hi.",
        "The union agreed to postpone the walkout.",
    ]
    alone = [nlp.encode([t])[0] for t in texts]
    together = nlp.encode(texts, batch_size=3)
    assert together[0] is together[3]  # a repeated sentence is encoded once
    for a, b in zip(alone, together, strict=True):
        assert a.offsets == b.offsets
        assert np.array_equal(a.vector, b.vector) and np.array_equal(a.tokens, b.tokens)


def test_a_bad_thread_count_is_a_clear_error(monkeypatch):
    from unspin.errors import ConfigError
    from unspin.language import nlp

    monkeypatch.setenv("UNSPIN_THREADS", "two")
    with pytest.raises(ConfigError, match="UNSPIN_THREADS"):
        nlp.threads()
    monkeypatch.setenv("UNSPIN_THREADS", "3")
    assert nlp.threads() == 3


def test_a_dotted_short_form_written_out_is_no_change():
    src = (
        "The panel examined what the administration said about the Sept. 11, 2012, killing of "
        "four Americans in Benghazi. The U.S. Uncut group protested."
    )
    same = src.replace("Sept.", "September").replace("U.S.", "US")
    assert [c for c in unspin.compare(src, same).changes if c.flagged] == []
    moved = src.replace("Sept.", "October").replace("U.S.", "UK")
    assert {c.kind for c in unspin.compare(src, moved).changes if c.flagged} >= {"date", "entity"}
