"""The quality gate's figures, measured on fixed subsets of the evaluation sets.

``tests/test_gate.py`` fails when a figure drops below its floor in ``benchmarks/floors.json``;
floors may only be raised (``tests/test_floors_history.py`` reads the committed versions). The
five consistency sets are scored as ``benchmarks.consistency`` scores them, SummEdits and BUMP
whole, the other three on fixed samples; the spin subset is the first articles of the
benchmark's seeded sample, so every run scores the same items.
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

from . import consistency, ecbplus, provenance, spin, spin_alt
from .common import REPO, BenchMissing, Compare, Stopwatch, bench_dir, main_guard, table

# None = the whole set. SummEdits and BUMP are scored whole; XSumFaith, Polytope and QAGS on a
# fixed sample (200, 150 and 200 items) spread evenly over each file (the files' hashes are pinned in
# corpus.sha256, so the sample is too); both spin sets are cut to 50 of their 200 articles.
SUBSETS = {"summedits": None, "bump": None, "xsumfaith": 200, "polytope": 150, "qags": 200,
           "spin": 50, "spin_alt": 50}  # fmt: skip
FLOORS_FILE = REPO / "benchmarks" / "floors.json"
CORPUS_FILE = REPO / "benchmarks" / "corpus.sha256"
Figures = tuple[dict[str, float], list[Any]]  # (figures, errors)
_SCORED: dict[str, dict[str, Any]] = {}


def _consistency(name: str) -> dict[str, Any]:
    """One consistency set scored with the shipped threshold (benchmarks.consistency)."""
    if name not in _SCORED:
        _SCORED[name] = consistency.score(
            name, consistency.run(consistency.load(name, SUBSETS[name]))
        )
    return _SCORED[name]


def summedits_figures(compare: Compare | None = None) -> Figures:
    r = _consistency("summedits")
    return {
        "summedits_bacc": r["balanced_accuracy"],
        "summedits_consistent_recall": r["recall_consistent"],
        "summedits_auc": r["auc"],
    }, []


def bump_figures(compare: Compare | None = None) -> Figures:
    r = _consistency("bump")
    return {
        "bump_bacc": r["balanced_accuracy"],
        "bump_reference_clean": r["recall_consistent"],
        "bump_auc": r["auc"],
        "bump_pair_rank": r["pair_rank"],
        "bump_hit_rate_all": r["localisation_all"],
        "bump_hit_rate_flagged": r["localisation_flagged"],
    }, []


def sampled_figures(name: str) -> Callable[..., Figures]:
    def measure(compare: Compare | None = None) -> Figures:
        r = _consistency(name)
        return {f"{name}_bacc": r["balanced_accuracy"], f"{name}_auc": r["auc"]}, []

    measure.__name__ = f"{name}_figures"
    return measure


def mean_figures(compare: Compare | None = None) -> Figures:
    bas = [_consistency(name)["balanced_accuracy"] for name in consistency.SETS]
    return {"consistency_mean_bacc": sum(bas) / len(bas),
            "consistency_lowest_bacc": min(bas)}, []  # fmt: skip


def spin_figures(compare: Compare | None = None) -> Figures:
    r, _ = spin.evaluate(spin.load(SUBSETS["spin"]), compare)
    return {
        "spin_caught": r["caught"],
        "spin_right_kind": r["right_kind"],
        "spin_harmless_clean": 1 - r["false_alarm_rate"],
        "spin_furniture_boilerplate": r["furniture_boilerplate"],
    }, r["errors"]


def spin_alt_figures(compare: Compare | None = None) -> Figures:
    r = spin_alt.evaluate(spin_alt.build(SUBSETS["spin_alt"]))
    return {
        "spin_alt_harmless_clean": 1 - r["false_alarm_rate"],
        "spin_alt_furniture_marked": r["furniture_marked"],
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
    "xsumfaith": sampled_figures("xsumfaith"),
    "polytope": sampled_figures("polytope"),
    "qags": sampled_figures("qags"),
    "consistency_mean": mean_figures,
    "spin": spin_figures,
    "spin_alt": spin_alt_figures,
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
