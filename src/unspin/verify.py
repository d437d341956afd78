"""verify: how well a source supports each rewrite sentence, from a learned claim verifier.

A 3-way cross-encoder: MiniLM reads ``[CLS] claim [SEP] evidence [SEP]`` and a linear head on
``[CLS]`` gives P(supported), P(refuted) and P(not enough information). It was fine-tuned on
VitaminC's contrastive Wikipedia claim/evidence pairs and on synthetic news rewrites made from
AllSides articles, exported to ONNX with int8 weights, and runs on onnxruntime with at most two
threads. ``data/verifier/verifier.onnx`` ships inside the package and loads from disk;
``data/verifier/verifier.json`` holds the recipe and data hashes, the dev and test metrics, the
softmax temperature and the one decision threshold (both set on the VitaminC dev slice). The
scripts live in ``train/`` at the repository root.

    >>> judge([("The walkout was cancelled.", "The union agreed to postpone the walkout.")])
    [Verdict(supported=0.03, refuted=0.9, unknown=0.07)]  # illustrative
"""

from __future__ import annotations

import json
import math
import threading
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError
from .language.loading import once

LABELS = ("supported", "refuted", "unknown")
DATA = Path(__file__).parent / "data" / "verifier"
ONNX = DATA / "verifier.onnx"
CONFIG = DATA / "verifier.json"
# Pairs per forward pass, in order of length. Known fault: the int8 model quantises each pass's
# activations with one scale over the whole input, padding included, so a pair's verdict
# depends on the pairs beside it (logits moved by up to 1.29 between a pass of 32 and a pass of
# its own). One pair a pass is deterministic, faster and smaller, but moves the consistency
# AUCs under two gate floors (BENCHMARKS.md, "Speed"); it waits for a decision on those floors.
BATCH = 32
_lock = threading.Lock()


@dataclass(frozen=True)
class Verdict:
    """The verifier's three probabilities for one (claim, evidence) pair; they sum to 1."""

    supported: float
    refuted: float
    unknown: float


@once
def _session():
    try:
        import onnxruntime
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ConfigError(
            f"The claim verifier needs onnxruntime ({exc}); run `make test`."
        ) from exc
    if not ONNX.exists() or not CONFIG.exists():
        raise ConfigError(
            f"The claim verifier's model is missing ({ONNX}); reinstall unspin, or rebuild it "
            "with train/train_nli.py and train/export_onnx.py (see train/README.md)."
        )
    from .language.nlp import onnx_session, threads
    from .language.nlp import tokenizer as minilm_tokenizer

    config = json.loads(CONFIG.read_text())
    tokenizer = minilm_tokenizer()
    tokenizer.enable_truncation(config["max_length"], strategy="only_second")
    tokenizer.enable_padding()
    session = onnx_session(onnxruntime, str(ONNX), min(2, threads()))
    return tokenizer, session, config


def config() -> dict:
    """The shipped config: labels, ``max_length``, ``temperature``, ``threshold``, the recipe and
    data hashes, and the dev and test metrics."""
    return _session()[2]


def threshold() -> float:
    """The one decision threshold on doubt, 1 - P(supported), chosen on the VitaminC dev slice."""
    return float(config().get("threshold", 0.5))


def logits(pairs: list[tuple[str, str]], batch_size: int = BATCH) -> list[list[float]]:
    """The raw logits (supported, refuted, unknown) for each (claim, evidence) pair, in order."""
    import numpy as np

    tokenizer, session, _ = _session()
    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
    out: list[list[float]] = [[] for _ in pairs]
    with _lock:
        for b in range(0, len(order), batch_size):
            idx = order[b : b + batch_size]
            enc = tokenizer.encode_batch([pairs[i] for i in idx])
            feed = {
                "input_ids": np.array([e.ids for e in enc], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in enc], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in enc], dtype=np.int64),
            }
            for row, i in zip(session.run(["logits"], feed)[0].tolist(), idx, strict=True):
                out[i] = row
    return out


def judge(pairs: list[tuple[str, str]], batch_size: int = BATCH) -> list[Verdict]:
    """A :class:`Verdict` for each (claim, evidence) pair, in order; rounded to 4 places."""
    if not pairs:
        return []
    t = float(config().get("temperature", 1.0))
    verdicts = []
    for row in logits(pairs, batch_size):
        top = max(row)
        exp = [math.exp((x - top) / t) for x in row]
        total = sum(exp)
        verdicts.append(Verdict(*(round(x / total, 4) for x in exp)))
    return verdicts
