"""Calibrate the trained verifier on the VitaminC dev slice (never on an evaluation set).

1. Temperature scaling: one temperature that minimises the negative log-likelihood of the dev
   labels (logits divided by it before the softmax); expected calibration error before and after.
2. The decision threshold: the doubt, 1 - P(supported), that best separates supported claims from
   the rest on dev (balanced accuracy). ``unspin.score`` applies it unchanged to every data set.

Both are written into ``src/unspin/data/verifier/verifier.json``::

    .venv/bin/python train/calibrate.py
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import train_nli  # noqa: E402

from unspin import verify  # noqa: E402


def logits_of(rows):
    import torch

    return torch.tensor(verify.logits([(r[0], r[1]) for r in rows])), torch


def ece(probs, gold, bins=10) -> float:
    conf, pred = probs.max(-1)
    total, err = len(gold), 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        m = (conf > lo) & (conf <= hi)
        if m.any():
            acc = (pred[m] == gold[m]).float().mean()
            err += m.sum().item() / total * abs(acc.item() - conf[m].mean().item())
    return round(err, 4)


def main() -> None:
    dev = train_nli.vitaminc(random.Random(13), 0.0)["dev"]  # plain pairs, no added context
    logits, torch = logits_of(dev)
    gold = torch.tensor([d[2] for d in dev])
    best_t, best_nll = 1.0, float("inf")
    for k in range(50, 301, 5):
        t = k / 100
        nll = torch.nn.functional.cross_entropy(logits / t, gold).item()
        if nll < best_nll:
            best_t, best_nll = t, nll
    before = ece(torch.softmax(logits, -1), gold)
    probs = torch.softmax(logits / best_t, -1)
    after = ece(probs, gold)
    doubt = (1 - probs[:, 0]).tolist()
    unsupported = (gold != 0).tolist()
    best = (0.0, 0.5)
    for k in range(5, 96):
        t = k / 100
        pos = [d >= t for d in doubt]
        tp = sum(p and u for p, u in zip(pos, unsupported, strict=True))
        tn = sum(not p and not u for p, u in zip(pos, unsupported, strict=True))
        bacc = 0.5 * tp / sum(unsupported) + 0.5 * tn / (len(dev) - sum(unsupported))
        if bacc > best[0]:
            best = (bacc, t)
    path = verify.CONFIG
    cfg = json.loads(path.read_text())
    cfg["temperature"] = best_t
    cfg["threshold"] = best[1]
    cfg["calibration"] = {"set": "VitaminC dev slice, no added context", "items": len(dev),
                          "nll": round(best_nll, 4), "ece_before": before, "ece_after": after,
                          "threshold_balanced_accuracy": round(best[0], 4)}  # fmt: skip
    path.write_text(json.dumps(cfg, indent=1) + "\n")
    print(json.dumps(cfg["calibration"], indent=1), "temperature", best_t, "threshold", best[1])


if __name__ == "__main__":
    main()
