"""How fast ``compare`` is, against a plain difflib sentence diff on the same pairs.

* long pairs: AllSides articles of about 1,000 words (900-1,100) against a harmless spin of
  themselves (``spin_build.harmless_spin``): median and p90 seconds per pair;
* short pairs: the opening sentences of AllSides articles, 40-80 words, against their spins:
  pairs per second, one ``compare`` call at a time and through ``compare_many`` where it exists;
* peak resident memory of the process (``ru_maxrss``), after the models are loaded and at the end;
* the baseline: syntok sentences, ``difflib.SequenceMatcher`` over the two sentence lists and
  ``ratio()`` for each replaced pair, timed on the same pairs in the same process.

The models load once, in a warm-up call that is timed on its own.

    python -m benchmarks.speed [--limit N] [--short M] [--json [OUT]]
"""

from __future__ import annotations

import heapq
import statistics
import time
import zlib
from collections.abc import Callable
from difflib import SequenceMatcher
from typing import Any

from syntok import segmenter

from .common import (
    Compare,
    Stopwatch,
    default_compare,
    iter_jsonl_gz,
    machine_line,
    main_guard,
    parser,
    peak_rss_mb,
    percentile,
    ratio,
    table,
    write_json,
)
from .spin_build import DATA, SEED, harmless_spin

NAME = "speed"
LONG_PAIRS, SHORT_PAIRS = 20, 200
Pair = tuple[str, str]


def sentences(text: str) -> list[str]:
    out = []
    for paragraph in segmenter.analyze(text):
        for tokens in paragraph:
            if tokens:
                out.append(text[tokens[0].offset : tokens[-1].offset + len(tokens[-1].value)])
    return out


def difflib_compare(source: str, rewrite: str) -> list[tuple[str, float]]:
    """The baseline: a sentence diff, with a similarity ratio for each replaced sentence pair."""
    a, b = sentences(source), sentences(rewrite)
    out = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "replace":
            out += [
                (op, SequenceMatcher(None, x, y).ratio())
                for x, y in zip(a[i1:i2], b[j1:j2], strict=False)
            ]
        elif op != "equal":
            out.append((op, 0.0))
    return out


def opening(text: str, low: int = 40, high: int = 80) -> str | None:
    """The article's first sentences, as a 40-80 word summary-length text, or None."""
    taken: list[str] = []
    for sent in sentences(text):
        taken.append(sent)
        words = sum(len(s.split()) for s in taken)
        if words >= low:
            return " ".join(taken) if words <= high else None
    return None


def _pick(n: int, seed: int, keep: Callable[[str], bool], chars: int | None = None) -> list[str]:
    """``n`` article texts chosen by a seeded hash of their ids, streamed to keep memory low."""
    items = (
        (zlib.crc32(f"{seed}:{a['ID']}".encode()), a["text"][:chars])
        for a in iter_jsonl_gz(DATA)
        if keep(a["text"])
    )
    return [text for _, text in heapq.nsmallest(n, items)]


def load_pairs(n_long: int, n_short: int, seed: int = SEED) -> tuple[list[Pair], list[Pair]]:
    """(long pairs, short pairs), each an (article, harmless spin) pair, picked with ``seed``."""
    long_texts = _pick(n_long, seed, lambda t: 900 <= len(t.split()) <= 1100)
    candidates = _pick(4 * n_short, seed + 1, lambda t: True, chars=3000)
    short_texts = [t for t in map(opening, candidates) if t][:n_short]
    spin = [(t, harmless_spin(t, seed, furniture=True)) for t in long_texts]
    return spin, [(t, harmless_spin(t, seed)) for t in short_texts]


def time_each(fn: Callable[[str, str], Any], pairs: list[Pair]) -> list[float]:
    times = []
    for source, rewrite in pairs:
        start = time.perf_counter()
        fn(source, rewrite)
        times.append(time.perf_counter() - start)
    return times


def time_batch(compare_many: Callable, pairs: list[Pair]) -> float:
    with Stopwatch() as clock:
        for _ in compare_many(pairs):
            pass
    return clock.seconds


def measure(
    long_pairs: list[Pair],
    short_pairs: list[Pair],
    compare: Compare | None = None,
    compare_many: Callable | None = None,
) -> dict:
    """Time ``compare`` (``unspin.compare`` and ``unspin.compare_many`` when not given)."""
    if compare is None:
        compare, compare_many = default_compare(), _compare_many()
    with Stopwatch() as warm:
        compare(*long_pairs[0])
    rss_loaded = peak_rss_mb()
    long_u, long_d = time_each(compare, long_pairs), time_each(difflib_compare, long_pairs)
    short_u = sum(time_each(compare, short_pairs))
    short_d = sum(time_each(difflib_compare, short_pairs))
    short_batch = time_batch(compare_many, short_pairs) if compare_many else None
    return {
        "warm_up_seconds": warm.seconds,
        "long": {
            "pairs": len(long_pairs),
            **_spread(long_u, "unspin"),
            **_spread(long_d, "difflib"),
        },
        "long_words": statistics.mean(len(s.split()) for s, _ in long_pairs),
        "short": {
            "pairs": len(short_pairs),
            "unspin_pairs_per_second": ratio(len(short_pairs), short_u),
            "unspin_batch_pairs_per_second": ratio(len(short_pairs), short_batch)
            if short_batch
            else None,
            "difflib_pairs_per_second": ratio(len(short_pairs), short_d),
        },
        "short_words": statistics.mean(len(s.split()) for s, _ in short_pairs),
        "peak_rss_mb_after_load": rss_loaded,
        "peak_rss_mb": peak_rss_mb(),
    }


def _compare_many() -> Callable | None:
    try:
        from unspin import compare_many
    except ImportError:
        return None
    return compare_many


def _spread(times: list[float], who: str) -> dict[str, float]:
    return {
        f"{who}_median": statistics.median(times),
        f"{who}_p90": percentile(times, 90),
        f"{who}_total": sum(times),
    }


def report(r: dict) -> str:
    lg, sh = r["long"], r["short"]
    batch = sh["unspin_batch_pairs_per_second"]
    rows = [
        ["long pair, median s", lg["unspin_median"], lg["difflib_median"]],
        ["long pair, p90 s", lg["unspin_p90"], lg["difflib_p90"]],
        ["long pairs, total s", lg["unspin_total"], lg["difflib_total"]],
        ["short pairs per second", sh["unspin_pairs_per_second"], sh["difflib_pairs_per_second"]],
    ]
    if batch is not None:
        rows.append(["short pairs/s, compare_many", batch, sh["difflib_pairs_per_second"]])
    rows = [[name, _num(u), _num(d), _times(name, u, d)] for name, u, d in rows]
    return "\n\n".join(
        [
            table(
                ["measure", "unspin", "difflib", "unspin / difflib time"],
                rows,
                title=f"compare vs a difflib sentence diff ({lg['pairs']} long pairs of"
                f" ~{r['long_words']:.0f} words, {sh['pairs']} short pairs of ~{r['short_words']:.0f})",
            ),
            table(
                ["process", "value"],
                [
                    ["warm-up call (loads the models), s", f"{r['warm_up_seconds']:.1f}"],
                    ["peak RSS after warm-up, MiB", f"{r['peak_rss_mb_after_load']:.0f}"],
                    ["peak RSS at the end, MiB", f"{r['peak_rss_mb']:.0f}"],
                ],
            ),
            f"machine: {machine_line()}",
        ]
    )


def _times(name: str, unspin: float, baseline: float) -> str:
    """How many times longer unspin takes (per pair rates are inverted first)."""
    slower = baseline / unspin if "per second" in name or "pairs/s" in name else unspin / baseline
    return f"{slower:,.1f}x"


def _num(value: float) -> str:
    return f"{value:.4f}" if value < 10 else f"{value:,.1f}"


def main() -> None:
    p = parser(
        NAME, "Speed of compare against a difflib baseline.", f"long pairs (default {LONG_PAIRS})"
    )
    p.add_argument("--short", type=int, default=SHORT_PAIRS, metavar="M", help="short pairs")
    args = p.parse_args()

    def body() -> None:
        long_pairs, short_pairs = load_pairs(args.limit or LONG_PAIRS, args.short)
        results = measure(long_pairs, short_pairs)
        print(report(results))
        if args.json:
            write_json(args.json, NAME, args, results)

    main_guard(NAME, body)


if __name__ == "__main__":
    main()
