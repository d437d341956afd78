"""Each detector rule measured on the five consistency sets: how often it fires, how many true
and false flags it gives, and what switching it off does to balanced accuracy.

The sets and samples are the gate's (``benchmarks.gate.SUBSETS``; ``--limit N`` takes N items a
set instead). An item is predicted inconsistent when any change is flagged (as in
``benchmarks.consistency``). Per rule and set:

* ``fires``: changes the rule reports (any severity); ``true``/``false``: its flagged changes
  on inconsistent / consistent items;
* ``only``: inconsistent items flagged by this rule alone (lost if it goes) and consistent
  items flagged by it alone (cleared if it goes), as ``+lost/-cleared``;
* ``delta``: balanced accuracy with the rule's flags removed, minus the full figure. Negative
  means the rule pays. Removing the flags after the fact is the default, because it needs one
  run; it can understate a rule's cost, since a later rule may flag words the rule explained.
  ``--exact`` reruns every set with each rule switched off (``registry.rules(off=...)``): the
  true effect, at one full run per rule;
* ``doubted``: the share of the rule's truly flagged items whose weakest sentence the claim
  verifier also doubts (P(supported) below 1 - threshold): how far the verifier alone would
  cover the rule, if it flagged on its own.

A rule earns its place (the house rule) when it pays on at least two sets and costs on none.

    python -m benchmarks.rules [--limit N] [--sets summedits,bump] [--exact [--only R1,R2]] [--json [OUT]]
"""

from __future__ import annotations

import json
from typing import Any

from . import consistency
from .common import Confusion, Stopwatch, main_guard, parser, table, write_json

NAME = "rules"


def _bacc(lines: list[dict[str, Any]], predicted: list[bool]) -> float:
    conf = Confusion()
    for ln, p in zip(lines, predicted, strict=True):
        conf.add(ln["label"] == 0, p)
    return conf.balanced_accuracy


def _flag_rules(ln: dict[str, Any]) -> list[str]:
    return [ch["rule"] for ch in ln["changes"] if ch["flagged"]]


def _of(name: str, rule: str | None) -> bool:
    """Whether a change's ``rule`` is the rule ``name`` or one of its branches."""
    return rule is not None and (rule == name or rule.startswith(name + ":"))


def measure(lines: list[dict[str, Any]], names: list[str], threshold: float) -> dict[str, Any]:
    """Per-rule (and per-branch: ``rule:branch``) figures of one set's result lines
    (``consistency.run``), flags removed after the fact."""
    full = _bacc(lines, [bool(_flag_rules(ln)) for ln in lines])
    out: dict[str, Any] = {"items": len(lines), "balanced_accuracy": full, "rules": {}}
    for name in names:
        fires = true = false = lost = cleared = doubted = hit_items = 0
        predicted = []
        for ln in lines:
            flags = _flag_rules(ln)
            mine = sum(_of(name, r) for r in flags)
            fires += sum(_of(name, ch["rule"]) for ch in ln["changes"])
            inconsistent = ln["label"] == 0
            true += mine if inconsistent else 0
            false += 0 if inconsistent else mine
            alone = mine and mine == len(flags)
            lost += bool(alone and inconsistent)
            cleared += bool(alone and not inconsistent)
            if mine and inconsistent:
                hit_items += 1
                doubted += ln["consistency"] < 1 - threshold
            predicted.append(len(flags) > mine)
        out["rules"][name] = {
            "fires": fires, "true": true, "false": false, "lost": lost, "cleared": cleared,
            "delta": _bacc(lines, predicted) - full,
            "doubted": doubted / hit_items if hit_items else None,
        }  # fmt: skip
    return out


def exact(items: list[dict[str, Any]], names: list[str], full: float) -> dict[str, float]:
    """Balanced accuracy with each rule switched off, rerun, minus the full figure."""
    from unspin.detect import registry

    deltas = {}
    for name in names:
        lines = consistency.run(items, rules=registry.rules(off=frozenset({name})))
        deltas[name] = _bacc(lines, [bool(_flag_rules(ln)) for ln in lines]) - full
        print(f"  {name} off: {deltas[name]:+.4f}", flush=True)
    return deltas


def verdict(deltas: list[float]) -> str:
    pays = sum(d < 0 for d in deltas)
    costs = sum(d > 0 for d in deltas)
    if costs:
        return f"costs on {costs}"
    return "earns its place" if pays >= 2 else f"pays on {pays}"


def report(results: dict[str, Any], names: list[str] | None = None) -> str:
    sets = list(results["sets"])
    key = "exact" if results.get("exact") else "delta"
    rows = []
    for name in names or results["names"]:
        per = [results["sets"][s]["rules"][name] for s in sets]
        if any(key not in p for p in per):
            continue  # --exact --only: the rules not rerun
        deltas = [p[key] for p in per]
        rows.append([
            name, sum(p["fires"] for p in per), sum(p["true"] for p in per),
            sum(p["false"] for p in per),
            *(f"{p[key] * 1000:+.1f} ({p['lost']:+d}/{-p['cleared']:+d})" for p in per),
            verdict(deltas),
        ])  # fmt: skip
    return table(
        ["rule", "fires", "true", "false", *(f"{s} delta x1000 (lost/cleared)" for s in sets),
         "verdict"],
        rows,
        title=f"Rules on the five sets ({key} = balanced accuracy without the rule, minus with it)",
    )  # fmt: skip


def main() -> None:
    p = parser(NAME, __doc__.splitlines()[0])
    p.add_argument("--sets", default=",".join(consistency.SETS))
    p.add_argument("--exact", action="store_true", help="rerun every set with each rule off")
    p.add_argument("--only", default="", help="comma-separated rules: --exact reruns these alone")
    args = p.parse_args()

    def body() -> None:
        import importlib

        from unspin import score as score_stage

        from .gate import SUBSETS

        names = [r.name for r in importlib.import_module("unspin.compare").RULES]
        threshold = score_stage.threshold()
        results: dict[str, Any] = {"threshold": threshold, "names": names, "branches": [],
                                   "sets": {}, "exact": args.exact}  # fmt: skip
        runs = {}
        for name in args.sets.split(","):
            items = consistency.load(name, args.limit if args.limit else SUBSETS[name])
            with Stopwatch() as clock:
                runs[name] = (items, consistency.run(items))
            runs[name] = (*runs[name], round(clock.seconds, 1))
        branches = sorted({ch["rule"] for _, lines, _ in runs.values() for ln in lines
                           for ch in ln["changes"] if ch["rule"] and ":" in ch["rule"]})  # fmt: skip
        results["branches"] = branches
        for name, (items, lines, seconds) in runs.items():
            figures = measure(lines, names + branches, threshold)
            if args.exact:
                chosen = [n for n in names if n in args.only.split(",")] or names
                for rule, d in exact(items, chosen, figures["balanced_accuracy"]).items():
                    figures["rules"][rule]["exact"] = d
            figures["seconds"] = seconds
            results["sets"][name] = figures
            print(f"{name}: {json.dumps(figures)}", flush=True)
        print(report(results))
        print(report({**results, "exact": False}, branches))
        if args.json:
            write_json(args.json, NAME, args, results)

    main_guard(NAME, body)


if __name__ == "__main__":
    main()
