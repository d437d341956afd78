"""The learned verifier: synonyms in context score below changed facts; offsets; determinism.

The sentences are written for this test, not taken from any training or benchmark set.
"""

from __future__ import annotations

import pytest

from unspin import verify
from unspin.errors import ConfigError

pytestmark = pytest.mark.skipif(not verify.WEIGHTS.exists(), reason="verifier weights not trained")

SOURCE = (
    "On Tuesday the city council voted to close the old yellow bridge over the river for repairs. "
    "Officials said 14 workers would start next week."
)


def _prob(scored, text: str, word: str) -> float:
    return max(p for s, e, p in scored if text[s:e] == word)


def _pair(rewrite: str) -> tuple[str, float]:
    return rewrite, max(p for _, _, p in verify.score([(rewrite, SOURCE)])[0])


def test_colour_swap_scores_above_synonym():
    swap = "On Tuesday the city council voted to close the old white bridge over the river for repairs."
    syn = "On Tuesday the town council voted to shut the old yellow bridge over the river for repairs."
    a, b = verify.score([(swap, SOURCE), (syn, SOURCE)])
    assert _prob(a, swap, "white") > max(p for _, _, p in b)


def test_number_and_antonym_score_above_paraphrase():
    number = "Officials said 40 workers would start next week."
    antonym = "On Tuesday the city council voted to open the old yellow bridge over the river for repairs."
    para = "Officials stated that 14 workers would begin next week."
    n, a, p = verify.score([(number, SOURCE), (antonym, SOURCE), (para, SOURCE)])
    worst_para = max(x for _, _, x in p)
    assert _prob(n, number, "40") > worst_para
    assert _prob(a, antonym, "open") > worst_para


def test_offsets_slice_back_to_words():
    text = "The U.S. council's 1,200-page plan wasn't approved — yet."
    (scored,) = verify.score([(text, SOURCE)])
    assert [text[s:e] for s, e, _ in scored] == ["The", "U.S", "council's", "1,200-page", "plan", "wasn't", "approved", "yet"]
    assert all(0.0 <= p <= 1.0 for _, _, p in scored)


def test_deterministic_and_batch_independent():
    pairs = [("The council voted to close the bridge.", SOURCE), ("Workers will start in May.", SOURCE)] * 3
    first = verify.score(pairs)
    assert verify.score(pairs) == first
    assert verify.score(pairs[:1]) == first[:1]
    assert verify.score([]) == []


def test_missing_weights_is_a_config_error(monkeypatch, tmp_path):
    monkeypatch.setattr(verify, "WEIGHTS", tmp_path / "absent.safetensors")
    verify._model.cache_clear()
    try:
        with pytest.raises(ConfigError, match="verifier weights are missing"):
            verify.score([("a", "b")])
    finally:
        monkeypatch.undo()
        verify._model.cache_clear()
