"""How corpus mode scales past AllSides: ingest, cluster and provenance on synthetic corpora.

For each size N (default 100,000 and 1,000,000) the synthetic corpus of ``synth_build`` is built
in a child process, or reused when ``~/.cache/unspin-bench/synth-N.jsonl.gz`` is already there.
Then the three stages ``unspin run`` chains run through the CLI, each in a child process of its
own on one fresh database in a temporary folder, so that each can be timed:

    unspin ingest FILE --db DB           (streams the file; splits and hashes in worker processes)
    unspin cluster --db DB
    unspin provenance --db DB --no-compare

(``--single`` runs ``unspin run FILE --db DB --no-compare`` in one child instead: the same work,
but only its total time is known.) Each stage's time is its child's wall time, process start-up
and imports included (measured once on their own and printed; they weigh on small sizes only).

Memory: every 0.5 s the parent sums the resident memory (``VmRSS``) of the child and all its
descendants, read from ``/proc``, and keeps the peak ("peak tree MB"; pages shared between the
processes count once per process, so the same sum of ``Pss`` is kept too; a stage shorter than
the interval may peak between two samples, so the child's own peak is taken as a floor). Also
kept per stage: the child's own peak (``VmHWM``) and the ``ru_maxrss`` that ``wait4`` reports for
it (the largest single process among the child and the descendants it waited for).

Target (issue 4): a cost per article that stays flat as the corpus grows; the ratio printed is
seconds per 1,000 articles at the largest size over the smallest.

    python -m benchmarks.scale_synth [--sizes 100000 1000000] [--limit N] [--workers W]
                                     [--tmp DIR] [--single] [--json [OUT]] [--plot PNG | --no-plot]

``--limit N`` takes N as the largest size and scales the others down in proportion (a quick
look, like ``scale``). ``--sizes 2000 5000`` is a quick look too.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from . import synth_build
from .common import (
    REPO,
    RESULTS,
    bench_file,
    machine_line,
    main_guard,
    parser,
    ratio,
    table,
    write_json,
)

NAME = "scale_synth"
SIZES = (100_000, 1_000_000)
INTERVAL = 0.5  # seconds between two memory samples
PAGE = os.sysconf("SC_PAGE_SIZE")
MB = 2**20
UNSPIN = [sys.executable, "-m", "unspin.cli"]
HEADERS = ("articles", "ingest s", "cluster s", "provenance s", "total s", "art/s", "s/1000",
           "peak tree MB")  # fmt: skip
STAGE_HEADERS = ("articles", "stage", "seconds", "tree RSS MB", "tree PSS MB", "child MB",
                 "ru_maxrss MB", "exit")  # fmt: skip


# --- watching a process tree ----------------------------------------------------------------


def descendants(root: int) -> list[int]:
    """``root`` and every process below it, from the parent pids in ``/proc/*/stat``."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", encoding="utf-8") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo += children.get(pid, [])
    return tree


def _status_kb(pid: int, key: str, file: str = "status") -> int:
    try:
        with open(f"/proc/{pid}/{file}", encoding="utf-8") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="utf-8") as f:
            return int(f.read().split()[1]) * PAGE
    except (OSError, ValueError, IndexError):
        return 0


class TreeSampler(threading.Thread):
    """Samples the summed RSS and PSS of a process tree every ``INTERVAL`` s until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.stop = threading.Event()
        self.peak_rss = self.peak_pss = self.child_hwm_kb = 0
        self.peak_processes = 0

    def sample(self) -> None:
        tree = descendants(self.pid)
        self.peak_rss = max(self.peak_rss, sum(_rss_bytes(p) for p in tree))
        pss = sum(_status_kb(p, "Pss", "smaps_rollup") for p in tree) * 1024
        self.peak_pss = max(self.peak_pss, pss)
        self.child_hwm_kb = max(self.child_hwm_kb, _status_kb(self.pid, "VmHWM"))
        self.peak_processes = max(self.peak_processes, len(tree))

    def run(self) -> None:
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(INTERVAL)


def watch(cmd: list[str], log: Path) -> dict[str, Any]:
    """Run ``cmd`` (stdout and stderr to ``log``), timing it and sampling its tree's memory."""
    with log.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)  # blocks until the child ends: a precise time
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop.set()
        sampler.join()
    lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    kib = usage.ru_maxrss  # Linux: KiB
    return {
        "seconds": seconds,
        "exit": proc.returncode,
        # a stage may peak between two samples: the child's own peaks are floors
        "peak_tree_rss_mb": max(sampler.peak_rss / MB, sampler.child_hwm_kb / 1024, kib / 1024),
        "peak_tree_pss_mb": sampler.peak_pss / MB,
        "child_peak_mb": sampler.child_hwm_kb / 1024,
        "ru_maxrss_mb": kib / 1024,
        "peak_processes": sampler.peak_processes,
        "last_line": lines[-1] if lines else "",
        "tail": lines[-15:],
    }


# --- one size -------------------------------------------------------------------------------


def corpus_file(n: int) -> tuple[Path, dict[str, Any]]:
    """The synthetic corpus of ``n`` articles: reused if there, else built in a child."""
    path = synth_build.default_out(n)
    if path.is_file():
        print(f"{n:,}: reusing {path}", file=sys.stderr, flush=True)
        return path, {"built": False}
    bench_file(synth_build.DATA)  # skip (exit 0) when AllSides is absent
    print(f"{n:,}: building {path} ...", file=sys.stderr, flush=True)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.synth_build", str(n), "--out", str(path)],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if proc.returncode:
        raise RuntimeError(f"building {path} failed:\n{proc.stderr.strip()[-2000:]}")
    print(proc.stdout.rstrip(), file=sys.stderr, flush=True)
    return path, {"built": True, "seconds": time.perf_counter() - start, "summary": proc.stdout}


def stage_commands(path: Path, db: Path, workers: int | None, single: bool) -> list[tuple]:
    w = ["--workers", str(workers)] if workers else []
    if single:
        return [("run", [*UNSPIN, "run", str(path), "--db", str(db), "--no-compare", *w])]
    return [
        ("ingest", [*UNSPIN, "ingest", str(path), "--db", str(db), *w]),
        ("cluster", [*UNSPIN, "cluster", "--db", str(db)]),
        ("provenance", [*UNSPIN, "provenance", "--db", str(db), "--no-compare"]),
    ]


def measure(n: int, args: Any) -> dict[str, Any]:
    path, built = corpus_file(n)
    stages: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="unspin-synth-", dir=args.tmp) as tmp:
        db = Path(tmp) / "x.db"
        for name, cmd in stage_commands(path, db, args.workers, args.single):
            print(f"{n:,}: {name} ...", file=sys.stderr, flush=True)
            run = watch(cmd, Path(tmp) / f"{name}.log")
            stages[name] = run
            if run["exit"] not in (0, 1):  # 1: some documents failed, and were recorded
                tail = "\n".join(run["tail"])
                raise RuntimeError(f"{name} on {n:,} articles failed (exit {run['exit']}):\n{tail}")
        db_mb = sum(f.stat().st_size for f in Path(tmp).glob("x.db*")) / MB
    total = sum(s["seconds"] for s in stages.values())
    ingest_log = next(iter(stages.values()))["tail"]
    return {
        "articles": n,
        "file": str(path),
        "file_mb": path.stat().st_size / MB,
        "build": built,
        "stages": stages,
        "total_seconds": total,
        "articles_per_second": ratio(n, total),
        "seconds_per_1000": ratio(1000 * total, n),
        "peak_tree_rss_mb": max(s["peak_tree_rss_mb"] for s in stages.values()),
        "peak_tree_pss_mb": max(s["peak_tree_pss_mb"] for s in stages.values()),
        "child_peak_mb": max(s["child_peak_mb"] for s in stages.values()),
        "db_mb": db_mb,
        "ingested": next((ln for ln in ingest_log if ln.startswith("Ingested")), ""),
    }


def startup_seconds() -> float:
    """Start-up and imports of one CLI stage process, with nothing to do."""
    cmd = [sys.executable, "-c", "import unspin.cli.corpus, unspin.corpus, unspin.store"]
    start = time.perf_counter()
    subprocess.run(cmd, cwd=REPO, check=True, capture_output=True)
    return time.perf_counter() - start


def sizes_for(args: Any) -> list[int]:
    sizes = sorted(set(args.sizes))
    if args.limit:
        sizes = sorted({max(1, round(s * args.limit / sizes[-1])) for s in sizes})
    return sizes


def evaluate(args: Any) -> dict[str, Any]:
    return combine([measure(n, args) for n in sizes_for(args)], startup_seconds())


def merged(files: list[str]) -> dict[str, Any]:
    """The runs of earlier ``--json`` files as one result (sizes measured in separate
    invocations, e.g. to run a long one alone)."""
    runs, startups = [], []
    for f in files:
        data = json.loads(Path(f).read_text(encoding="utf-8"))["results"]
        runs += data["runs"]
        startups.append(data["startup_seconds"])
    return combine(sorted(runs, key=lambda r: r["articles"]), max(startups))


def combine(runs: list[dict[str, Any]], startup: float) -> dict[str, Any]:
    first, last = runs[0], runs[-1]
    return {
        "startup_seconds": startup,
        "runs": runs,
        "cost_ratio": ratio(last["seconds_per_1000"], first["seconds_per_1000"]),
        "rss_ratio": ratio(last["peak_tree_rss_mb"], first["peak_tree_rss_mb"]),
    }


# --- output ---------------------------------------------------------------------------------


def report(results: dict[str, Any]) -> str:
    def secs(r: dict, stage: str) -> Any:
        return r["stages"][stage]["seconds"] if stage in r["stages"] else "-"

    rows = [
        [f"{r['articles']:,}", secs(r, "ingest"), secs(r, "cluster"), secs(r, "provenance"),
         r["total_seconds"], f"{r['articles_per_second']:.1f}", f"{r['seconds_per_1000']:.2f}",
         f"{r['peak_tree_rss_mb']:.0f}"]
        for r in results["runs"]
    ]  # fmt: skip
    stage_rows = [
        [f"{r['articles']:,}", name, s["seconds"], f"{s['peak_tree_rss_mb']:.0f}",
         f"{s['peak_tree_pss_mb']:.0f}", f"{s['child_peak_mb']:.0f}",
         f"{s['ru_maxrss_mb']:.0f}", s["exit"]]
        for r in results["runs"]
        for name, s in r["stages"].items()
    ]  # fmt: skip
    first, last = results["runs"][0], results["runs"][-1]
    return "\n\n".join(
        [
            machine_line(),
            table(
                HEADERS, rows, title="unspin ingest + cluster + provenance --no-compare, synthetic"
            ),
            table(STAGE_HEADERS, stage_rows, title="Per stage (each its own process)"),
            "\n".join(
                [
                    f"{r['articles']:,}: {r['ingested']} Database {r['db_mb']:.0f} MB."
                    for r in results["runs"]
                ]
            ),  # fmt: skip
            f"cost per article at {last['articles']:,} over {first['articles']:,}:"
            f" {results['cost_ratio']:.2f} (1.00 = flat); peak tree memory"
            f" {results['rss_ratio']:.2f}x; start-up and imports"
            f" {results['startup_seconds']:.1f} s per stage process (included above)",
        ]
    )


def _decades(values: list[int]) -> list[int]:
    """Powers of ten spanning ``values``: the log axis labels every decade the runs cover."""
    low = int(math.floor(math.log10(min(values))))
    high = int(math.ceil(math.log10(max(values))))
    return [10**k for k in range(low, high + 1)]


def plot(results: dict[str, Any], out: str) -> None:
    """Seconds per 1,000 articles and peak memory against corpus size, log x."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, NullFormatter

    runs = results["runs"]
    sizes = [r["articles"] for r in runs]
    fig, (cost, mem) = plt.subplots(1, 2, figsize=(10, 4))
    cost.plot(sizes, [r["seconds_per_1000"] for r in runs], "o-", label="synthetic (3 stages)")
    mem.plot(sizes, [r["peak_tree_rss_mb"] for r in runs], "o-", label="synthetic: tree RSS")
    mem.plot(sizes, [r["peak_tree_pss_mb"] for r in runs], "s--", label="synthetic: tree PSS")
    allsides = RESULTS / "scale.json"
    every = list(sizes)
    if allsides.is_file():
        old = json.loads(allsides.read_text(encoding="utf-8"))["results"]["runs"]
        n = [r["articles"] for r in old]
        every += n
        cost.plot(n, [r["seconds_per_1000"] for r in old], "^:", label="AllSides (ingest+cluster)")
        mem.plot(n, [r["peak_rss_mb"] for r in old], "^:", label="AllSides: child RSS")
    for ax, label in ((cost, "seconds per 1,000 articles"), (mem, "peak memory (MB)")):
        ax.set_xscale("log")
        ax.set_xticks(_decades(every))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("articles in the corpus")
        ax.set_ylabel(label)
        ax.set_ylim(bottom=0)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(f"unspin corpus mode at scale ({machine_line()})", fontsize=9)
    fig.tight_layout()
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=120)
    plt.close(fig)
    print(f"plot written to {out}")


def main() -> None:
    p = parser(NAME, "Ingest, cluster and provenance time and memory on synthetic corpora.",
               limit_help="take N as the largest size, the others in proportion")  # fmt: skip
    p.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), metavar="N")
    p.add_argument("--workers", type=int, default=None, help="passed to unspin ingest")
    p.add_argument("--tmp", default=None, metavar="DIR", help="where the database goes")
    p.add_argument("--single", action="store_true", help="one `unspin run` child, not three")
    p.add_argument("--plot", default=str(RESULTS / f"{NAME}.png"), metavar="PNG")
    p.add_argument("--no-plot", dest="plot", action="store_const", const=None)
    p.add_argument("--merge", nargs="+", metavar="JSON",
                   help="report (and plot) the runs of earlier --json files instead of running")  # fmt: skip
    args = p.parse_args()

    def body() -> None:
        results = merged(args.merge) if args.merge else evaluate(args)
        print(report(results))
        if args.json:
            write_json(args.json, NAME, args, results)
        if args.plot:
            plot(results, args.plot)

    main_guard(NAME, body)


if __name__ == "__main__":
    main()
