"""BUMP task 1: does ``compare`` flag the one minimal factual edit, and point at it?

Each of the 693 CNN items has an article, a reference summary and an edited summary carrying one
minimal factual edit (``error_type``). (article, reference) should give no flagged change,
(article, edited) should; the score is balanced accuracy over the two. The gold span is the
words where the edited summary differs from the reference (for a pure deletion, the words either
side of the deletion point); a flagged change "hits" when its rewrite span overlaps it. Each (article, reference) pair recurs under all seven error types; every distinct
pair is compared once and its result reused.

    python -m benchmarks.bump [--limit N] [--json [OUT]] [--dump FILE]
"""

from __future__ import annotations

import re
from collections import defaultdict
from difflib import SequenceMatcher
from typing import Any

from .common import (
    Compare,
    Confusion,
    FlagCache,
    Stopwatch,
    change_brief,
    default_compare,
    hits,
    load_json,
    progress,
    ratio,
    scored_main,
    subset,
    table,
)

NAME = "bump"
DATA = "bump/task1.json"
# Balanced accuracy of each metric at its best threshold on these 693 items (bench README).
ANCHORS = (
    ("QAFactEval", 0.677),
    ("Q2", 0.633),
    ("DAE", 0.620),
    ("QuestEval", 0.604),
    ("BARTScore", 0.598),
    ("FactCC", 0.561),
    ("CoCo", 0.558),
    ("SummaC", 0.556),
    ("BERTScore", 0.553),
    ("ROUGE-2", 0.540),
)
WORD = re.compile(r"\S+")


def load(limit: int | None = None) -> list[dict[str, Any]]:
    return subset(load_json(DATA), limit)


def gold_spans(reference: str, edited: str) -> list[tuple[int, int]]:
    """Character spans in ``edited`` of the words that differ from ``reference``.

    A pure deletion has no words of its own in ``edited``: the words either side of the deletion
    point stand for it.
    """
    ref = [m.group() for m in WORD.finditer(reference)]
    toks = [(m.start(), m.end()) for m in WORD.finditer(edited)]
    words = [edited[s:e] for s, e in toks]
    spans = []
    matcher = SequenceMatcher(None, ref, words, autojunk=False)
    for op, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or not toks:
            continue
        if j1 == j2:  # deletion: the neighbouring words
            j1, j2 = max(j1 - 1, 0), min(j2 + 1, len(toks))
        spans.append((toks[j1][0], toks[j2 - 1][1]))
    return spans


def evaluate(
    items: list[dict[str, Any]], compare: Compare | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Score ``items``; returns the results and one dump line per item."""
    flags = FlagCache(compare or default_compare())
    overall = Confusion()
    by_type: dict[str, list[int]] = defaultdict(
        lambda: [0, 0, 0, 0]
    )  # items, ref flagged, flagged, hit
    errors, dump = [], []
    with Stopwatch() as clock:
        for item in progress(items, NAME):
            line = _score_item(flags, item)
            overall.add(False, line["reference_flagged"])
            overall.add(True, line["edited_flagged"])
            counts = by_type[item["error_type"]]
            for k, v in enumerate(
                [1, line["reference_flagged"], line["edited_flagged"], line["hit"]]
            ):
                counts[k] += v
            errors += [{"id": item["id"], "error": e} for e in line["errors"]]
            dump.append(line)
    results = _results(items, clock.seconds, overall, by_type, errors)
    results["comparisons"] = len(flags.seen)
    return results, dump


def _score_item(flags: FlagCache, item: dict[str, Any]) -> dict[str, Any]:
    ref_marks, ref_err = flags(item["article"], item["reference_summary"])
    edit_marks, edit_err = flags(item["article"], item["edited_summary"])
    spans = gold_spans(item["reference_summary"], item["edited_summary"])
    hit = any(hits(c, span) for c in edit_marks for span in spans)
    return {
        "id": item["id"],
        "error_type": item["error_type"],
        "reference_flagged": bool(ref_marks),
        "edited_flagged": bool(edit_marks),
        "hit": hit,
        "edited_summary": item["edited_summary"],
        "gold": [item["edited_summary"][s:e] for s, e in spans],
        "gold_spans": spans,
        "reference_changes": [change_brief(c) for c in ref_marks],
        "edited_changes": [change_brief(c) for c in edit_marks],
        "errors": [e for e in (ref_err, edit_err) if e],
    }


def _results(items, seconds, overall, by_type, errors) -> dict[str, Any]:
    n_flagged = sum(v[2] for v in by_type.values())
    n_hit = sum(v[3] for v in by_type.values())
    return {
        "items": len(items),
        "seconds": seconds,
        "errors": errors,
        "overall": overall.to_dict(),
        "hit_rate_flagged": ratio(n_hit, n_flagged),
        "hit_rate_all": ratio(n_hit, len(items)),
        "error_types": {
            t: {
                "items": n,
                "reference_flagged": rf,
                "edited_flagged": ef,
                "hit": h,
                "recall": ratio(ef, n),
                "hit_rate_all": ratio(h, n),
            }
            for t, (n, rf, ef, h) in sorted(by_type.items())
        },
    }


def report(results: dict[str, Any]) -> str:
    o = results["overall"]
    n = results["items"]
    parts = [
        table(
            ["measure", "value"],
            [
                ["recall on edited summaries (flagged)", o["recall_inconsistent"]],
                ["specificity on reference summaries (not flagged)", o["recall_consistent"]],
                ["balanced accuracy", o["balanced_accuracy"]],
                [
                    "edit-span hit rate, over edited pairs that were flagged",
                    results["hit_rate_flagged"],
                ],
                ["edit-span hit rate, over all edited pairs", results["hit_rate_all"]],
            ],
            title=f"BUMP task 1: {n} items, reference = consistent, edited = inconsistent",
        ),
        table(
            ["gold", "flagged", "not flagged"],
            [["edited summary", o["tp"], o["fn"]], ["reference summary", o["fp"], o["tn"]]],
            title="Confusion counts",
        ),
        table(
            ["error type", "items", "edited flagged", "recall", "hit (all)", "reference flagged"],
            [
                [
                    t,
                    v["items"],
                    v["edited_flagged"],
                    v["recall"],
                    v["hit_rate_all"],
                    v["reference_flagged"],
                ]
                for t, v in results["error_types"].items()
            ],
            title="Per error type (hit (all) = hit rate over all edited pairs of that type)",
        ),
        anchors(o["balanced_accuracy"]),
        f"{n} items, {results['comparisons']} distinct comparisons, in {results['seconds']:.1f} s"
        f" ({ratio(results['seconds'], results['comparisons']):.2f} s/comparison);"
        f" {len(results['errors'])} errors",
    ]
    return "\n\n".join(parts)


def anchors(ours: float) -> str:
    rows = sorted([*ANCHORS, ("unspin (this run, no threshold tuning)", ours)], key=lambda r: -r[1])
    return table(
        ["metric", "balanced acc."],
        [[name, f"{value:.3f}"] for name, value in rows],
        title="Published metrics on the same 693 items (each at its best threshold)",
    )


def main() -> None:
    scored_main(
        NAME,
        "BUMP task 1: balanced accuracy and edit-span hits of flagged changes.",
        evaluate,
        load,
        report,
    )


if __name__ == "__main__":
    main()
