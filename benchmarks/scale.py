"""How corpus mode scales: ingest and cluster AllSides at 25%, 50% and 100% of its 18,783 articles.

Each fraction runs in a fresh Python process (``--child N``), so its peak resident memory
(``ru_maxrss``, which the child reports for itself) and its start-up are its own. The child reads
the articles into memory first (not timed; its memory after that is reported too), then ingests
them into a fresh SQLite store in a temporary folder and clusters them, timing each stage.
The fractions are evenly spread, nested subsets of the file (``common.subset``).

Targets (issue 3): all articles ingested and clustered in under 10 minutes with peak memory under
4 GB, and a cost per article that stays about flat as the corpus grows. The growth exponent is
``log(t_largest / t_smallest) / log(n_largest / n_smallest)``: 1.0 is linear, 2.0 quadratic.

    python -m benchmarks.scale [--fractions 0.25 0.5 1.0] [--limit N] [--json [OUT]]

``--limit N`` takes N articles as 100% (a quick look); the targets are for the whole file.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time
from typing import Any

from .common import (
    REPO,
    bench_file,
    iter_jsonl_gz,
    main_guard,
    parser,
    peak_rss_mb,
    ratio,
    subset,
    table,
    write_json,
)
from .stories import run_corpus

NAME = "scale"
DATA = "allsides/articles.jsonl.gz"
FRACTIONS = (0.25, 0.5, 1.0)
TARGET_SECONDS, TARGET_MB = 600, 4096
RESULT_MARK = "SCALE-RESULT "
HEADERS = ("share", "articles", "ingest s", "cluster s", "total s", "art/s", "s/1000", "peak MB")


# --- the child: one run ------------------------------------------------------------------------


def documents(n: int | None) -> list[Any]:
    """``n`` AllSides articles spread evenly over the file, as Documents (all when None)."""
    from unspin.records import Document

    rows = subset(list(iter_jsonl_gz(DATA)), n)
    return [
        Document(
            text=r["text"] or "",
            name=r["ID"],
            title=r.get("title") or None,
            url=r.get("url") or None,
            published=r.get("date") or None,
            outlet=r.get("source") or None,
            id=r["ID"],
        )
        for r in rows
    ]


def child(n: int) -> None:
    """Ingest and cluster ``n`` articles; print one result line for the parent."""
    docs = documents(n)
    loaded_mb = peak_rss_mb()
    rows, run = run_corpus(docs)
    result = {
        "articles": len(docs),
        "stories": len(rows),
        "articles_in_stories": sum(len(r["articles"]) for r in rows),
        "loaded_rss_mb": loaded_mb,
        "peak_rss_mb": peak_rss_mb(),
        **run,
    }
    print(RESULT_MARK + json.dumps(result), flush=True)


# --- the parent: one child per fraction ---------------------------------------------------------


def measure(n: int) -> dict[str, Any]:
    """Run a child on ``n`` articles and return what it reported, with its wall time."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.scale", "--child", str(n)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith(RESULT_MARK)]
    if proc.returncode or not lines:
        tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"the run on {n} articles failed (exit {proc.returncode}):\n{tail}")
    return {**json.loads(lines[-1][len(RESULT_MARK) :]), "wall_seconds": wall}


def evaluate(fractions: list[float], limit: int | None) -> dict[str, Any]:
    total = limit or sum(1 for _ in iter_jsonl_gz(DATA))
    runs = []
    for fraction in sorted(fractions):
        n = max(1, round(total * fraction))
        print(f"{fraction:.0%}: {n} articles ...", file=sys.stderr, flush=True)
        run = measure(n)
        seconds = run["seconds"]["ingest"] + run["seconds"]["cluster"]
        runs.append(
            {
                "fraction": fraction,
                **run,
                "ingest_cluster_seconds": seconds,
                "articles_per_second": ratio(run["articles"], seconds),
                "seconds_per_1000": ratio(1000 * seconds, run["articles"]),
            }
        )
    return {"total_articles": total, "runs": runs, "growth_exponent": growth(runs), **targets(runs)}


def growth(runs: list[dict[str, Any]]) -> float:
    """The exponent k in time ~ n^k between the smallest and the largest run."""
    if len(runs) < 2 or runs[0]["articles"] == runs[-1]["articles"]:
        return math.nan
    a, b = runs[0], runs[-1]
    t = b["ingest_cluster_seconds"] / a["ingest_cluster_seconds"]
    return math.log(t) / math.log(b["articles"] / a["articles"])


def targets(runs: list[dict[str, Any]]) -> dict[str, Any]:
    largest = runs[-1]
    return {
        "target_seconds": TARGET_SECONDS,
        "target_peak_mb": TARGET_MB,
        "largest_within_time": largest["ingest_cluster_seconds"] < TARGET_SECONDS,
        "largest_within_memory": largest["peak_rss_mb"] < TARGET_MB,
    }


def report(results: dict[str, Any]) -> str:
    rows = [
        [
            f"{r['fraction']:.0%}",
            r["articles"],
            r["seconds"]["ingest"],
            r["seconds"]["cluster"],
            r["ingest_cluster_seconds"],
            f"{r['articles_per_second']:.1f}",
            f"{r['seconds_per_1000']:.1f}",
            f"{r['peak_rss_mb']:.0f}",
        ]
        for r in results["runs"]
    ]
    return "\n\n".join(
        [
            table(HEADERS, rows, title="Ingest + cluster of AllSides, one fresh process per run"),
            f"growth exponent {results['growth_exponent']:.2f} (1.0 = linear);"
            f" largest run within {TARGET_SECONDS} s: {results['largest_within_time']},"
            f" within {TARGET_MB} MB: {results['largest_within_memory']}",
        ]
    )


def main() -> None:
    p = parser(NAME, "Ingest and cluster time and memory at growing shares of AllSides.",
               limit_help="take N articles as 100%%")  # fmt: skip
    p.add_argument("--fractions", type=float, nargs="+", default=list(FRACTIONS), metavar="F")
    p.add_argument("--child", type=int, default=None, metavar="N", help="(internal) one run")
    args = p.parse_args()

    def body() -> None:
        if args.child is not None:
            child(args.child)
            return
        bench_file(DATA)  # skip early, before any child starts, when the data is absent
        results = evaluate(args.fractions, args.limit)
        print(report(results))
        if args.json:
            write_json(args.json, NAME, args, results)

    main_guard(NAME, body)


if __name__ == "__main__":
    main()
