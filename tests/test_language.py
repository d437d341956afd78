"""The language resources load from files inside installed packages, with no PyTorch."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from unspin.errors import ConfigError
from unspin.language import nlp


def test_the_piece_table_comes_from_the_int8_encoder():
    table = nlp.piece_table()
    assert table.shape == (30522, 384) and table.dtype == np.float32
    ids = nlp.pieces("The union agreed to postpone the walkout.")
    assert len(ids) and np.all(np.linalg.norm(table[ids.astype(int)], axis=1) > 0)


def test_a_weight_the_model_lacks_is_a_config_error():
    with pytest.raises(ConfigError, match="lacks the weights"):
        nlp.onnx_weights(nlp._encoder_path(), {"no.such.weight"})


def test_nothing_imports_torch():
    nlp.embed(["The union agreed to postpone the walkout."])
    assert "torch" not in sys.modules and "transformers" not in sys.modules
