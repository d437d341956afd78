"""What the benchmark scripts share: finding the data, scoring, timing, the machine, output.

The evaluation data lives outside the repository, in ``../shared/bench`` relative to the repo
root; the ``UNSPIN_BENCH`` environment variable points elsewhere. Where it is absent, loading
raises :class:`BenchMissing` and a script prints why it skipped and exits 0.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import platform
import resource
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
ENV_VAR = "UNSPIN_BENCH"

Compare = Callable[[str, str], Any]


class BenchMissing(Exception):
    """The evaluation data is not where the benchmarks look for it."""


# --- data -----------------------------------------------------------------------------------


def bench_dir() -> Path:
    """The folder holding the evaluation data (``$UNSPIN_BENCH`` or ``../shared/bench``)."""
    override = os.environ.get(ENV_VAR)
    path = Path(override) if override else REPO.parent / "shared" / "bench"
    if not path.is_dir():
        raise BenchMissing(
            f"{path} is absent (set {ENV_VAR} to the folder holding the evaluation data)"
        )
    return path


def bench_file(relative: str) -> Path:
    path = bench_dir() / relative
    if not path.is_file():
        raise BenchMissing(f"{path} is absent")
    return path


def load_json(relative: str) -> Any:
    with bench_file(relative).open(encoding="utf-8") as f:
        return json.load(f)


def iter_jsonl_gz(relative: str) -> Iterator[dict[str, Any]]:
    with gzip.open(bench_file(relative), "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def subset(items: Sequence[Any], limit: int | None) -> list[Any]:
    """``limit`` items spread evenly over ``items`` (all of them when ``limit`` is None)."""
    if limit is None or limit >= len(items):
        return list(items)
    return [items[i * len(items) // limit] for i in range(limit)]


# --- calling compare --------------------------------------------------------------------------


def default_compare() -> Compare:
    """``unspin.compare``, imported only when a benchmark runs."""
    from unspin import compare

    return compare


def safe_compare(compare: Compare, source: str, rewrite: str) -> tuple[Any, str | None]:
    """(comparison, None), or (None, "ErrorType: message") when compare raised.

    A benchmark records a failure and goes on, as a batch should; the scripts report the count.
    """
    try:
        return compare(source, rewrite), None
    except Exception as exc:  # noqa: BLE001 - counted and reported, never hidden
        return None, f"{type(exc).__name__}: {exc}"


class FlagCache:
    """``compare`` once per distinct (source, rewrite); later calls reuse its flagged changes."""

    def __init__(self, compare: Compare) -> None:
        self.compare = compare
        self.seen: dict[tuple[str, str], tuple[tuple[Any, ...], str | None]] = {}

    def __call__(self, source: str, rewrite: str) -> tuple[tuple[Any, ...], str | None]:
        key = (source, rewrite)
        if key not in self.seen:
            comparison, error = safe_compare(self.compare, source, rewrite)
            self.seen[key] = (flagged(comparison), error)
        return self.seen[key]


def flagged(comparison: Any) -> tuple[Any, ...]:
    return tuple(comparison.flagged) if comparison is not None else ()


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True when two [start, end) character spans share at least one character."""
    return max(a[0], b[0]) < min(a[1], b[1])


def hits(change: Any, span: tuple[int, int]) -> bool:
    """True when a change's rewrite span overlaps ``span``."""
    return change.rewrite is not None and overlaps((change.rewrite.start, change.rewrite.end), span)


def change_brief(change: Any) -> dict[str, Any]:
    """What a --dump line keeps of a change."""
    return {
        "kind": change.kind,
        "severity": change.severity,
        "rewrite": change.rewrite.text if change.rewrite else None,
        "span": [change.rewrite.start, change.rewrite.end] if change.rewrite else None,
        "explanation": change.explanation,
    }


# --- scoring --------------------------------------------------------------------------------


def ratio(num: float, den: float) -> float:
    return num / den if den else math.nan


@dataclass
class Confusion:
    """Counts for "flagged" against gold "inconsistent" (the positive class)."""

    tp: int = 0  # inconsistent, flagged
    fn: int = 0  # inconsistent, missed
    tn: int = 0  # consistent, left alone
    fp: int = 0  # consistent, flagged (a false alarm)

    def add(self, inconsistent: bool, is_flagged: bool) -> None:
        if inconsistent:
            self.tp += is_flagged
            self.fn += not is_flagged
        else:
            self.fp += is_flagged
            self.tn += not is_flagged

    @property
    def recall_inconsistent(self) -> float:
        return ratio(self.tp, self.tp + self.fn)

    @property
    def recall_consistent(self) -> float:
        return ratio(self.tn, self.tn + self.fp)

    @property
    def balanced_accuracy(self) -> float:
        return balanced(self.recall_inconsistent, self.recall_consistent)

    def to_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "recall_inconsistent": self.recall_inconsistent,
            "recall_consistent": self.recall_consistent,
            "balanced_accuracy": self.balanced_accuracy,
        }


def balanced(*recalls: float) -> float:
    """The mean of the per-class recalls that are defined."""
    known = [r for r in recalls if not math.isnan(r)]
    return sum(known) / len(known) if known else math.nan


def balanced_accuracy(inconsistent: Iterable[bool], predicted: Iterable[bool]) -> float:
    """Mean of the recall on inconsistent items and the recall on consistent ones."""
    confusion = Confusion()
    for gold, pred in zip(inconsistent, predicted, strict=True):
        confusion.add(gold, pred)
    return confusion.balanced_accuracy


# --- timing, memory, machine ----------------------------------------------------------------


class Stopwatch:
    """``with Stopwatch() as sw: ...``; then ``sw.seconds``."""

    def __enter__(self) -> Stopwatch:
        self.start = time.perf_counter()
        self.seconds = 0.0
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.start


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports ru_maxrss in KiB)."""
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024 if sys.platform != "darwin" else kib / 2**20


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), linear between the closest ranks."""
    if not values:
        return math.nan
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def _proc_field(path: str, key: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                name, _, value = line.partition(":")
                if name.strip() == key:
                    return value.strip()
    except OSError:
        pass
    return None


def machine() -> dict[str, Any]:
    """CPU model, cores, RAM and Python version of the machine running the benchmark."""
    mem_kb = _proc_field("/proc/meminfo", "MemTotal")
    return {
        "cpu": _proc_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": os.cpu_count(),
        "ram_gib": round(int(mem_kb.split()[0]) / 2**20, 1) if mem_kb else None,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def machine_line() -> str:
    m = machine()
    return f"{m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, Python {m['python']}"


# --- output ---------------------------------------------------------------------------------


def fmt(value: Any) -> str:
    if isinstance(value, float):
        return "-" if math.isnan(value) else f"{value:.3f}"
    return str(value)


def pct(value: float) -> str:
    return "-" if math.isnan(value) else f"{100 * value:.1f}%"


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "") -> str:
    """A plain-text table: first column left-aligned, the others right-aligned."""
    cells = [[fmt(v) for v in row] for row in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        first = values[0].ljust(widths[0])
        rest = [v.rjust(w) for v, w in zip(values[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    out = [title] if title else []
    out += [line([str(h) for h in headers]), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    return "\n".join(out)


def progress(items: Sequence[Any], label: str) -> Iterator[Any]:
    """Yield ``items``, printing a progress count to stderr when it is a terminal."""
    show = sys.stderr.isatty()
    for i, item in enumerate(items, 1):
        yield item
        if show and (i % 10 == 0 or i == len(items)):
            print(f"\r{label}: {i}/{len(items)}", end="", file=sys.stderr, flush=True)
    if show:
        print(file=sys.stderr)


def parser(
    name: str, description: str, limit_help: str = "score N items spread evenly over the set"
) -> argparse.ArgumentParser:
    """The options every script shares: --limit N and --json [OUT]."""
    p = argparse.ArgumentParser(prog=f"python -m benchmarks.{name}", description=description)
    p.add_argument("--limit", type=int, default=None, metavar="N", help=limit_help)
    p.add_argument(
        "--json",
        nargs="?",
        const=str(RESULTS / f"{name}.json"),
        default=None,
        metavar="OUT",
        help=f"write the results as JSON (default file: benchmarks/results/{name}.json)",
    )
    return p


def _clean(value: Any) -> Any:
    """NaN becomes null, so the file is strict JSON."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def write_json(path: str | Path, name: str, args: argparse.Namespace, results: dict) -> None:
    payload = {
        "benchmark": name,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "options": {k: v for k, v in vars(args).items() if k != "json"},
        "results": results,
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(_clean(payload), indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"\nresults written to {path}")


def write_dump(path: str | Path, lines: Iterable[dict[str, Any]]) -> None:
    """One JSON object per item, for error analysis."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(_clean(line), ensure_ascii=False) + "\n")
    print(f"per-item predictions written to {path}")


def main_guard(name: str, body: Callable[[], None]) -> None:
    """Run a script's body; where the data is absent, say so and exit 0 (a skip, not a failure)."""
    try:
        body()
    except BenchMissing as exc:
        print(f"benchmarks.{name} skipped: {exc}", file=sys.stderr)
        sys.exit(0)


def scored_main(
    name: str,
    description: str,
    evaluate: Callable,
    load: Callable,
    report: Callable,
    limit_help: str | None = None,
) -> None:
    """The shell of a scored benchmark: --limit, --json and --dump, then evaluate and print."""
    p = parser(name, description, limit_help) if limit_help else parser(name, description)
    p.add_argument("--dump", metavar="FILE", help="write per-item predictions as JSON lines")
    args = p.parse_args()

    def body() -> None:
        results, dump = evaluate(load(args.limit))
        print(report(results))
        if args.json:
            write_json(args.json, name, args, results)
        if args.dump:
            write_dump(args.dump, dump)

    main_guard(name, body)
