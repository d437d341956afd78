"""Probe: what the verifier alone could add on SummEdits (news) and BUMP task 1.

EVALUATION ONLY. Nothing here feeds back into training; at most one global threshold is read off
these tables, and that choice is reported as such. Detector code is not involved.

Method: split the summary into sentences; for each, take the two document sentences closest by
MiniLM cosine (``unspin.nlp.embed``) as evidence, in document order; flag the pair when any
summary word's probability of being unsupported exceeds the threshold. Balanced accuracy, with
"inconsistent" as the positive class. For BUMP also a word-level view, closer to how
``detect/words.py`` would use the model: the words only the edited summary has (the gold edit)
against the words only the reference has (what they replaced), scored in their own contexts::

    UNSPIN_THREADS=2 .venv/bin/python train/probe.py
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("UNSPIN_THREADS", "2")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from unspin import clean, nlp  # noqa: E402

sys.path.insert(0, str(HERE))
import verifier as verify  # noqa: E402

BENCH = HERE.parent.parent / "shared" / "bench"
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
CACHE = Path("/tmp/unspin-verifier/probe-cache")


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in clean.split(text)]


def doc_vectors(doc: str) -> tuple[list[str], np.ndarray]:
    """Document sentences and their embeddings, cached on disk by a hash of the text."""
    sents = sentences(doc)
    key = CACHE / (hashlib.sha256(doc.encode()).hexdigest()[:20] + ".npy")
    if key.exists():
        return sents, np.load(key)
    vecs = nlp.embed(sents)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(key, vecs)
    return sents, vecs


def pair_words(items: list[tuple[str, str]]) -> list[list[tuple[str, float]]]:
    """For each (document, summary): every summary word with its probability of being unsupported.

    All summary sentences are embedded and scored in a few large batches.
    """
    pairs, owner = [], []
    summaries = [sentences(summary) for _, summary in items]
    vectors = iter(nlp.embed([s for summ in summaries for s in summ]))
    for k, ((doc, _), summ) in enumerate(zip(items, summaries, strict=True)):
        sents, vecs = doc_vectors(doc)
        for s in summ:
            v = next(vectors)
            if sents:
                top = sorted(np.argsort(-(vecs @ v))[:2].tolist())
                pairs.append((s, " ".join(sents[i] for i in top)))
                owner.append(k)
    out: list[list[tuple[str, float]]] = [[] for _ in items]
    for k, (s, _), words in zip(owner, pairs, verify.score(pairs), strict=True):
        out[k] += [(s[a:b], p) for a, b, p in words]
    return out


def top(words: list[tuple[str, float]]) -> float:
    return max((p for _, p in words), default=0.0)


def balanced(scores: list[float], inconsistent: list[bool], t: float) -> float:
    pos = [s > t for s, y in zip(scores, inconsistent, strict=True) if y]
    neg = [s <= t for s, y in zip(scores, inconsistent, strict=True) if not y]
    return (sum(pos) / len(pos) + sum(neg) / len(neg)) / 2


def dump(name: str, scored: list[list[tuple[str, float]]], gold: list[bool]) -> None:
    """Keep per-item top words in /tmp for reading (not for tuning)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE.parent / f"probe-{name}.jsonl", "w") as fh:
        for words, g in zip(scored, gold, strict=True):
            best = max(words, key=lambda w: w[1], default=("", 0.0))
            fh.write(json.dumps({"inconsistent": g, "max": best[1], "word": best[0]}) + "\n")


def summedits() -> tuple[list[float], list[bool], dict]:
    rows = json.loads((BENCH / "summedits" / "news.json").read_text())
    gold = [r["label"] == 0 for r in rows]
    scored = pair_words([(r["doc"], r["summary"]) for r in rows])
    dump("summedits", scored, gold)
    return [top(w) for w in scored], gold, {}


def bump() -> tuple[list[float], list[bool], dict]:
    """Whole-pair flags, plus a word-level view: the edited words against the words they replaced."""
    rows = json.loads((BENCH / "bump" / "task1.json").read_text())
    keys = ("reference_summary", "edited_summary")
    gold = [key == "edited_summary" for _ in rows for key in keys]
    scored = pair_words([(r["article"], r[key]) for r in rows for key in keys])
    dump("bump", scored, gold)
    new, old = [], []  # max probability over the words only one side has
    for k in range(0, len(scored), 2):
        ref, edit = scored[k], scored[k + 1]
        ref_set, edit_set = {w.lower() for w, _ in ref}, {w.lower() for w, _ in edit}
        a = [p for w, p in edit if w.lower() not in ref_set]
        b = [p for w, p in ref if w.lower() not in edit_set]
        if a and b:
            new.append(max(a))
            old.append(max(b))
    words = {
        "pairs": len(new),
        "edited_word_above_original": round(
            sum(x > y for x, y in zip(new, old, strict=True)) / len(new), 4
        ),
        "balanced_accuracy": {
            str(t): round(balanced(new + old, [True] * len(new) + [False] * len(old), t), 4)
            for t in THRESHOLDS
        },
    }
    return [top(w) for w in scored], gold, {"changed_words": words}


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sets", nargs="+", default=["summedits", "bump"])
    args = p.parse_args(argv)
    shipped = verify.threshold()
    table = {}
    for name in args.sets:
        t0 = time.time()
        scores, gold, extra = {"summedits": summedits, "bump": bump}[name]()
        row = {str(t): round(balanced(scores, gold, t), 4) for t in sorted({*THRESHOLDS, shipped})}
        table[name] = {
            "n": len(gold),
            "seconds": round(time.time() - t0),
            "balanced_accuracy": row,
            **extra,
        }
        print(name, json.dumps(table[name]), flush=True)
    print(json.dumps({"shipped_threshold": shipped, **table}, indent=1))


if __name__ == "__main__":
    main()
