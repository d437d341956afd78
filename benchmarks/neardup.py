"""Near-duplicate candidates: unspin's banding against datasketch's MinHashLSH, same signatures.

Corpus: AllSides articles plus a synthetic verbatim copy of every tenth one (furniture lines
added, the last paragraph sometimes dropped, as content farms do), so the true copy pairs are
known. Both sides get the same 128-permutation datasketch MinHash of each article's word
5-shingles (``unspin.corpus.sketch.minhash``), computed once and not timed; what is timed is the
candidate step that follows:

* **unspin**: ``sketch.band_keys`` (32 bands of 4 rows) and grouping of equal keys per band
  (buckets over 100 articles cut to their first 100, as ``corpus`` does);
* **datasketch**: ``MinHashLSH`` with the same 32 x 4 banding (``params=(32, 4)``), every
  article inserted, then every article queried;
* **datasketch-threshold**: ``MinHashLSH(threshold=0.42)``, letting datasketch choose its bands
  for the Jaccard threshold 32 x 4 banding implies, (1/32)^(1/4) = 0.42.

Each is timed and its peak Python memory taken with tracemalloc; pairs found, recall of the true
copies, and the pairs one finds that the other does not are reported.

    python -m benchmarks.neardup [--limit N] [--json]
"""

from __future__ import annotations

import random
import time
import tracemalloc
from collections import defaultdict
from typing import Any

import numpy as np

from .common import bench_file, iter_jsonl_gz, main_guard, parser, table, write_json

NAME = "neardup"
DATA = "allsides/articles.jsonl.gz"
SEED = 7
CAP = 100
FURNITURE = ("See also: more stories like this", "Share this:", "Leave a Reply", "Related Posts")


def build(limit: int | None) -> tuple[list[str], set[tuple[int, int]]]:
    """Texts (originals, then copies) and the true copy pairs as index pairs (i < j)."""
    rng = random.Random(SEED)
    texts = [a["text"] for a in iter_jsonl_gz(DATA) if a.get("text")]
    texts = texts[:limit] if limit else texts
    truth = set()
    for i in range(0, len(texts), 10):
        paras = texts[i].split("\n")
        if len(paras) > 3 and rng.random() < 0.5:
            paras = paras[:-1]
        copy = "\n".join(paras + [rng.choice(FURNITURE), rng.choice(FURNITURE)])
        truth.add((i, len(texts)))
        texts.append(copy)
    return texts, truth


def signatures(texts: list[str]) -> list[np.ndarray]:
    from unspin.corpus import sketch

    return [sketch.minhash(t) for t in texts]


def unspin_pairs(sigs: list[np.ndarray]) -> set[tuple[int, int]]:
    from unspin.corpus import sketch

    buckets: dict[int, list[int]] = defaultdict(list)
    for i, sig in enumerate(sigs):
        for key in sketch.band_keys(sig):
            bucket = buckets[key]
            if len(bucket) < CAP:
                bucket.append(i)
    pairs = set()
    for group in buckets.values():
        for a in range(len(group)):
            for b in range(a + 1, len(group)):
                pairs.add((group[a], group[b]))
    return pairs


def datasketch_pairs(sigs: list[np.ndarray], **options: Any) -> set[tuple[int, int]]:
    from datasketch import MinHash, MinHashLSH

    from unspin.corpus import sketch

    lsh = MinHashLSH(num_perm=sketch.NUM_PERM, **options)
    hashes = [
        MinHash(num_perm=sketch.NUM_PERM, hashvalues=s.astype(np.uint64), scheme=sketch._SCHEME)
        for s in sigs
    ]
    for i, m in enumerate(hashes):
        lsh.insert(i, m)
    pairs = set()
    for i, m in enumerate(hashes):
        for j in lsh.query(m):
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    return pairs


def measure(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, float, float]:
    tracemalloc.start()
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return out, seconds, peak


def evaluate(limit: int | None) -> dict[str, Any]:
    texts, truth = build(limit)
    t0 = time.perf_counter()
    sigs = signatures(texts)
    sketch_seconds = time.perf_counter() - t0
    methods = {
        "unspin": (unspin_pairs, {}),
        "datasketch": (datasketch_pairs, {"params": (32, 4)}),
        "datasketch-threshold": (datasketch_pairs, {"threshold": 0.42}),
    }
    found, rows = {}, {}
    for name, (fn, options) in methods.items():
        pairs, seconds, peak = measure(fn, sigs, **options)
        found[name] = pairs
        rows[name] = {
            "seconds": round(seconds, 3),
            "peak_mb": round(peak, 1),
            "pairs": len(pairs),
            "true_copies_found": len(pairs & truth),
            "recall": round(len(pairs & truth) / len(truth), 4),
        }
    base = rows["datasketch"]["seconds"]
    for row in rows.values():
        row["time_vs_datasketch"] = round(row["seconds"] / base, 3)
    return {
        "articles": len(texts),
        "true_copies": len(truth),
        "minhash_seconds_shared": round(sketch_seconds, 2),
        "methods": rows,
        "only_unspin": len(found["unspin"] - found["datasketch"]),
        "only_datasketch": len(found["datasketch"] - found["unspin"]),
    }


def report(results: dict[str, Any]) -> str:
    rows = [
        [name, r["seconds"], f"{r['time_vs_datasketch']:.2f}x", r["peak_mb"], r["pairs"],
         f"{r['true_copies_found']}/{results['true_copies']}", f"{r['recall']:.4f}"]
        for name, r in results["methods"].items()
    ]  # fmt: skip
    title = (
        f"Near-duplicate candidates on {results['articles']:,} articles "
        f"(MinHash of all, shared and untimed: {results['minhash_seconds_shared']} s)"
    )
    head = ["method", "seconds", "vs datasketch", "peak MB", "pairs", "true copies", "recall"]
    return "\n\n".join(
        [
            table(head, rows, title=title),
            f"pairs only unspin finds: {results['only_unspin']}; "
            f"only datasketch (same banding): {results['only_datasketch']}",
        ]
    )


def main() -> None:
    p = parser(NAME, "Near-duplicate candidate step: unspin banding vs datasketch MinHashLSH.")
    args = p.parse_args()

    def body() -> None:
        bench_file(DATA)
        results = evaluate(args.limit)
        print(report(results))
        if args.json:
            write_json(args.json, NAME, args, results)

    main_guard(NAME, body)


if __name__ == "__main__":
    main()
