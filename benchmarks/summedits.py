"""SummEdits news: does ``compare`` flag the summaries that are inconsistent with their article?

Each of the 819 items pairs a news article (``doc``) with a summary; ``label`` 0 means the summary
was edited into inconsistency (``edit_types`` says how), 1 that it is consistent. The prediction
is "flagged": any change of the comparison with ``.flagged``. The score is balanced accuracy, the
mean of the recall on label 0 and on label 1, as in the SummEdits paper.

    python -m benchmarks.summedits [--limit N] [--json [OUT]] [--dump FILE]
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .common import (
    Compare,
    Confusion,
    Stopwatch,
    change_brief,
    default_compare,
    flagged,
    load_json,
    progress,
    ratio,
    safe_compare,
    scored_main,
    subset,
    table,
)

NAME = "summedits"
DATA = "summedits/news.json"
# Balanced accuracy (%) on the news domain, from the SummEdits paper's table.
ANCHORS = (
    ("human", 90.0),
    ("GPT-4", 83.3),
    ("Gemini-pro", 77.6),
    ("Claude 2.1", 77.2),
    ("QAFactEval", 74.4),
    ("SummaC-Conv", 61.9),
)


def load(limit: int | None = None) -> list[dict[str, Any]]:
    return subset(load_json(DATA), limit)


def evaluate(
    items: list[dict[str, Any]], compare: Compare | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Score ``items``; returns the results and one dump line per item."""
    compare = compare or default_compare()
    overall, by_split = Confusion(), defaultdict(Confusion)
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # [items, flagged]
    errors, dump = [], []
    with Stopwatch() as clock:
        for item in progress(items, NAME):
            comparison, error = safe_compare(compare, item["doc"], item["summary"])
            marks = flagged(comparison)
            inconsistent = int(item["label"]) == 0
            overall.add(inconsistent, bool(marks))
            by_split[item["split"]].add(inconsistent, bool(marks))
            if inconsistent:
                for edit_type in item["edit_types"] or ["(none listed)"]:
                    by_type[edit_type][0] += 1
                    by_type[edit_type][1] += bool(marks)
            if error:
                errors.append({"id": item["id"], "error": error})
            dump.append(_dump_line(item, marks, error))
    results = {
        "items": len(items),
        "seconds": clock.seconds,
        "errors": errors,
        "overall": overall.to_dict(),
        "splits": {name: c.to_dict() for name, c in sorted(by_split.items())},
        "edit_types": {
            t: {"items": n, "flagged": k, "recall": ratio(k, n)}
            for t, (n, k) in sorted(by_type.items())
        },
    }
    return results, dump


def _dump_line(item: dict[str, Any], marks: tuple, error: str | None) -> dict[str, Any]:
    return {
        "id": item["id"],
        "split": item["split"],
        "label": int(item["label"]),
        "edit_types": item["edit_types"],
        "flagged": bool(marks),
        "summary": item["summary"],
        "changes": [change_brief(c) for c in marks],
        "error": error,
    }


def report(results: dict[str, Any]) -> str:
    o = results["overall"]
    parts = [
        table(
            ["split", "items", "recall label 0", "recall label 1", "balanced acc."],
            [
                [
                    name,
                    c["tp"] + c["fn"] + c["tn"] + c["fp"],
                    c["recall_inconsistent"],
                    c["recall_consistent"],
                    c["balanced_accuracy"],
                ]
                for name, c in [*results["splits"].items(), ("all", o)]
            ],
            title="SummEdits news: flagged vs label (label 0 = inconsistent)",
        ),
        table(
            ["gold", "flagged", "not flagged"],
            [
                ["label 0 (inconsistent)", o["tp"], o["fn"]],
                ["label 1 (consistent)", o["fp"], o["tn"]],
            ],
            title="Confusion counts",
        ),
        table(
            ["edit type (label 0 only)", "items", "flagged", "recall"],
            [[t, v["items"], v["flagged"], v["recall"]] for t, v in results["edit_types"].items()],
            title="Recall per edit type (an item with several types counts under each)",
        ),
        anchors(o["balanced_accuracy"]),
        f"{results['items']} items in {results['seconds']:.1f} s"
        f" ({ratio(results['seconds'], results['items']):.2f} s/item); {len(results['errors'])} errors",
    ]
    return "\n\n".join(parts)


def anchors(ours: float) -> str:
    rows = sorted([*ANCHORS, ("unspin (this run)", 100 * ours)], key=lambda r: -r[1])
    return table(
        ["system", "balanced acc. %"],
        [[name, f"{value:.1f}"] for name, value in rows],
        title="Published figures on SummEdits news (paper's table)",
    )


def main() -> None:
    scored_main(
        NAME,
        "SummEdits news: balanced accuracy of flagged changes against labels.",
        evaluate,
        load,
        report,
    )


if __name__ == "__main__":
    main()
