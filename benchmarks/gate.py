"""The quality gate's figures, measured on fixed subsets of the three evaluation sets.

``tests/test_gate.py`` fails when a figure drops below its floor in ``benchmarks/floors.json``;
floors may only be raised. SummEdits and BUMP are scored whole; the spin subset is the first
articles of the benchmark's seeded sample, so every run scores the same items.
``benchmarks/corpus.sha256`` pins the data files: floors measured on other data mean nothing.

    python -m benchmarks.gate            # measure and print figures against floors
    python -m benchmarks.gate --raise    # also raise floors.json to the measured figures
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections.abc import Callable
from typing import Any

from . import bump, ecbplus, provenance, spin, summedits
from .common import REPO, BenchMissing, Compare, Stopwatch, bench_dir, main_guard, table

# None = the whole set. SummEdits and BUMP are scored whole (about 1.5 and 2.5 minutes on the
# project's 2-core machine); the spin set is cut to 50 of its 200 articles (about 3.5 minutes,
# where the whole set takes 14), keeping the gate near 8 minutes.
SUBSETS = {"summedits": None, "bump": None, "spin": 50}
FLOORS_FILE = REPO / "benchmarks" / "floors.json"
CORPUS_FILE = REPO / "benchmarks" / "corpus.sha256"
Figures = tuple[dict[str, float], list[Any]]  # (figures, errors)


def summedits_figures(compare: Compare | None = None) -> Figures:
    r, _ = summedits.evaluate(summedits.load(SUBSETS["summedits"]), compare)
    o = r["overall"]
    return {
        "summedits_bacc": o["balanced_accuracy"],
        "summedits_consistent_recall": o["recall_consistent"],
    }, r["errors"]


def bump_figures(compare: Compare | None = None) -> Figures:
    r, _ = bump.evaluate(bump.load(SUBSETS["bump"]), compare)
    o = r["overall"]
    return {
        "bump_bacc": o["balanced_accuracy"],
        "bump_reference_clean": o["recall_consistent"],
        "bump_hit_rate_all": r["hit_rate_all"],
        "bump_hit_rate_flagged": r["hit_rate_flagged"],
    }, r["errors"]


def spin_figures(compare: Compare | None = None) -> Figures:
    r, _ = spin.evaluate(spin.load(SUBSETS["spin"]), compare)
    return {
        "spin_caught": r["caught"],
        "spin_right_kind": r["right_kind"],
        "spin_harmless_clean": 1 - r["false_alarm_rate"],
        "spin_furniture_boilerplate": r["furniture_boilerplate"],
    }, r["errors"]


def ecbplus_figures(compare: Compare | None = None) -> Figures:
    r, _ = ecbplus.evaluate(ecbplus.load())
    b = r["bcubed"]
    return {
        "ecbplus_f1": b["f1"],
        "ecbplus_precision": b["precision"],
        "ecbplus_recall": b["recall"],
    }, []


def provenance_figures(compare: Compare | None = None) -> Figures:
    r, _ = provenance.evaluate(provenance.load())
    p = r["provenance"]
    return {
        "provenance_story_f1": r["bcubed"]["f1"],
        "provenance_parent_accuracy": p["derived"]["parent_accuracy"],
        "provenance_originals_no_parent": p["originals"]["share"],
    }, []


MEASURES: dict[str, Callable[..., Figures]] = {
    "summedits": summedits_figures,
    "bump": bump_figures,
    "spin": spin_figures,
    "ecbplus": ecbplus_figures,
    "provenance": provenance_figures,
}


def floors() -> dict[str, float]:
    return json.loads(FLOORS_FILE.read_text("utf-8"))


def below_floor(figures: dict[str, float]) -> list[str]:
    """One line per figure under its floor (figures are compared at 4 decimal places)."""
    limits = floors()
    return [
        f"{name} = {value:.4f} is below its floor {limits[name]:.4f}"
        for name, value in figures.items()
        if round(value, 4) < limits.get(name, 0.0)
    ]


def corpus_mismatches() -> list[str]:
    """Data files whose sha256 differs from the pinned one (raises BenchMissing when absent)."""
    root, bad = bench_dir(), []
    for line in CORPUS_FILE.read_text("utf-8").splitlines():
        digest, _, name = line.partition("  ")
        path = root / name
        if not path.is_file():
            raise BenchMissing(f"{path} is absent")
        if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            bad.append(f"{name} is not the file the floors were measured on")
    return bad


def floor_for(value: float) -> float:
    """The floor a measured figure sets: rounded *down* to 3 decimals, less 0.002 of room for
    float noise in the encoder (BENCHMARKS.md, "Quality gate")."""
    return max(0.0, round(math.floor(value * 1000) / 1000 - 0.002, 3))


def raise_floors(figures: dict[str, float]) -> dict[str, float]:
    """Write floors.json with each floor raised to what its measured figure sets; never lowered."""
    limits = floors()
    for name, value in figures.items():
        limits[name] = max(limits.get(name, 0.0), floor_for(value))
    FLOORS_FILE.write_text(json.dumps(limits, indent=2) + "\n", "utf-8")
    return limits


def main() -> None:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.gate", description=__doc__.split("\n")[0]
    )
    p.add_argument("--raise", dest="raise_", action="store_true", help="raise floors.json")
    args = p.parse_args()

    def body() -> None:
        for problem in corpus_mismatches():
            print(f"warning: {problem}", file=sys.stderr)
        figures: dict[str, float] = {}
        for name, measure in MEASURES.items():
            with Stopwatch() as clock:
                found, errors = measure()
            figures.update(found)
            print(f"{name}: {clock.seconds:.0f} s, {len(errors)} errors", file=sys.stderr)
        limits = floors()
        rows = [[k, f"{v:.4f}", f"{limits.get(k, 0.0):.4f}"] for k, v in figures.items()]
        sizes = ", ".join(f"{k} {v or 'all'}" for k, v in SUBSETS.items())
        print(table(["figure", "measured", "floor"], rows, title=f"Quality gate ({sizes})"))
        if args.raise_:
            raise_floors(figures)
            print(f"\n{FLOORS_FILE.relative_to(REPO)} raised where the measured figure is higher")

    main_guard("gate", body)


if __name__ == "__main__":
    main()
