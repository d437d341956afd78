"""Page furniture: ``clean.boilerplate_rule`` on a corpus of our own, no models.

Two hand-written files in ``tests/data`` (written for the project, copied from no dataset):

* ``furniture.jsonl``: one furniture line a row, ``{"family": ..., "text": ...}`` (related
  links, share and follow prompts, comment forms, newsletter and app promos, syndication and
  copyright notices, photo credits and captions, bylines, time stamps, cookie and paywall
  notices, advertising markers);
* ``not_furniture.txt``: article sentences that look like furniture but are prose ("Share prices
  fell 3% on Monday.", "Related charges were filed against two other men.");
* ``furniture_blind.jsonl`` and ``not_furniture_blind.txt``: two later batches (``"batch"`` 1 and
  2, 17 families) written by someone who had not seen the rules, scored separately: their
  first-sight figures are in BENCHMARKS.md; rules were written for their misses afterwards.

A line counts as marked when ``boilerplate_rule`` names a rule for it. Reports precision, recall
and F1 of "is furniture" overall, the recall per family with the rules that fired, and every
line missed or wrongly marked.

    python -m benchmarks.furniture [--json [OUT]]
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from .common import REPO, main_guard, parser, pct, ratio, table, write_json

NAME = "furniture"
DATA = REPO / "tests" / "data"
FURNITURE = DATA / "furniture.jsonl"
NOT_FURNITURE = DATA / "not_furniture.txt"
BLIND = DATA / "furniture_blind.jsonl", DATA / "not_furniture_blind.txt"


def load(
    furniture: Path = FURNITURE, not_furniture: Path = NOT_FURNITURE
) -> tuple[list[tuple[str, str]], list[str]]:
    """(family, text) furniture lines and the prose lines, blank lines skipped."""
    with furniture.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    prose = [line.strip() for line in not_furniture.read_text("utf-8").splitlines()]
    return [(r["family"], r["text"]) for r in rows], [p for p in prose if p]


def evaluate(furniture: list[tuple[str, str]], prose: list[str]) -> dict[str, Any]:
    from unspin.clean import boilerplate_rule

    families: dict[str, Counter] = defaultdict(Counter)
    rules: dict[str, Counter] = defaultdict(Counter)
    missed, wrong = [], []
    for family, text in furniture:
        rule = boilerplate_rule(text)
        families[family]["lines"] += 1
        families[family]["marked"] += rule is not None
        if rule is None:
            missed.append({"family": family, "text": text})
        else:
            rules[family][rule] += 1
    for text in prose:
        rule = boilerplate_rule(text)
        if rule is not None:
            wrong.append({"rule": rule, "text": text})
    tp = len(furniture) - len(missed)
    fp = len(wrong)
    precision, recall = ratio(tp, tp + fp), ratio(tp, len(furniture))
    f1 = ratio(2 * precision * recall, precision + recall)
    return {
        "furniture_lines": len(furniture),
        "prose_lines": len(prose),
        "true_positives": tp,
        "false_positives": fp,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "families": {
            name: {
                "lines": c["lines"],
                "recall": round(ratio(c["marked"], c["lines"]), 4),
                "rules": dict(rules[name].most_common()),
            }
            for name, c in sorted(families.items())
        },
        "missed": missed,
        "wrongly_marked": wrong,
    }


def report(r: dict[str, Any], title: str = "tests/data") -> str:
    overall = table(
        ["measure", "value"],
        [
            ["furniture lines", r["furniture_lines"]],
            ["prose lines", r["prose_lines"]],
            ["precision", pct(r["precision"])],
            ["recall", pct(r["recall"])],
            ["F1", pct(r["f1"])],
        ],
        title=f"Page furniture: boilerplate_rule on {title} (is furniture)",
    )
    per_family = table(
        ["family", "lines", "recall", "rules"],
        [
            [
                name,
                f["lines"],
                pct(f["recall"]),
                ", ".join(f"{k} {n}" for k, n in f["rules"].items()),
            ]
            for name, f in r["families"].items()
        ],
        title="Recall per family (rules that fired, with counts)",
    )
    missed = "\n".join(f"  [{m['family']}] {m['text']}" for m in r["missed"]) or "  (none)"
    wrong = "\n".join(f"  [{w['rule']}] {w['text']}" for w in r["wrongly_marked"]) or "  (none)"
    return "\n\n".join(
        [
            overall,
            per_family,
            f"Furniture missed ({len(r['missed'])}):\n{missed}",
            f"Prose wrongly marked ({len(r['wrongly_marked'])}):\n{wrong}",
        ]
    )


def main() -> None:
    p = parser(NAME, "Page-furniture rules on the project's own furniture corpus (no models).")
    args = p.parse_args()

    def body() -> None:
        results = evaluate(*load())
        results["blind"] = evaluate(*load(*BLIND))
        print(report(results))
        print()
        print(report(results["blind"], "the blind batches"))
        if args.json:
            write_json(args.json, NAME, args, results)

    main_guard(NAME, body)


if __name__ == "__main__":
    main()
