"""One evaluation protocol over the five human-labelled consistency sets.

The sets: SummEdits news, BUMP task 1, XSumFaith val, Polytope val and QAGS (all read from
``../shared/bench``). Each item is (document, summary, label 1 consistent / 0 not, gold spans in
the summary where the set has them). ``compare`` runs with ``mode="rewrite"`` (a summary makes
claims its article must support) and the shipped decision threshold, the same for every set.
Per set it prints:

* balanced accuracy of "any flagged change" against the label;
* AUC of ``consistency`` (higher = consistent), by the Mann-Whitney count;
* localisation, where spans exist: the share of flagged inconsistent items whose flags overlap a
  gold span;
* for BUMP, pair-rank: the share of the 693 pairs whose edited summary gets a lower
  ``consistency`` than its reference (ties count half);
* the published baselines beside it.

    python -m benchmarks.consistency [--limit N] [--sets summedits,bump] [--json [OUT]] [--dump DIR]

``--limit N`` scores N items spread evenly over each set (for BUMP, N pairs). The dumps quote the
benchmark texts, so write them outside the repository.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import bump
from .common import (
    Confusion,
    Stopwatch,
    iter_jsonl_gz,
    load_json,
    main_guard,
    overlaps,
    parser,
    subset,
    table,
    write_json,
)

NAME = "consistency"
SETS = ("summedits", "bump", "xsumfaith", "polytope", "qags")
# Published figures on the same data (../shared/bench/README.md and the issue); balanced accuracy
# unless marked. None of them was run here.
BASELINES = {
    "summedits": "QAFactEval 0.744, SummaC-Conv 0.619, GPT-4 0.833",
    "bump": "QAFactEval 0.677, Q2 0.633, DAE 0.620; pair-rank BARTScore 0.919, QAFactEval 0.867",
    "xsumfaith": "SummaC-Conv 0.664, QuestEval 0.629, SummaC-ZS 0.581 (test cut)",
    "polytope": "(none given in ../shared/bench/README.md)",
    "qags": "Spearman QAFactEval 0.63 (CNN/DM), 0.44 (XSum)",
}


def load(name: str, limit: int | None) -> list[dict[str, Any]]:
    """Items ``{id, document, summary, label, spans, pair}`` of one set."""
    if name == "summedits":
        rows = subset(load_json("summedits/news.json"), limit)
        return [{"id": f"se-{i}", "document": r["doc"], "summary": r["summary"],
                 "label": int(r["label"]), "spans": None, "pair": None}
                for i, r in enumerate(rows)]  # fmt: skip
    if name == "bump":
        rows = subset(load_json(bump.DATA), limit)
        out = []
        for i, r in enumerate(
            rows
        ):  # a reference recurs under several error types; run() compares it once
            out.append({"id": f"bump-{i}-ref", "document": r["article"],
                        "summary": r["reference_summary"], "label": 1, "spans": None,
                        "pair": i})  # fmt: skip
            out.append({"id": f"bump-{i}-edit", "document": r["article"],
                        "summary": r["edited_summary"], "label": 0,
                        "spans": bump.gold_spans(r["reference_summary"], r["edited_summary"]),
                        "pair": i})  # fmt: skip
        return out
    path = {"xsumfaith": "xsumfaith/val.jsonl.gz", "polytope": "polytope/val.jsonl.gz",
            "qags": "qags/qags.jsonl.gz"}[name]  # fmt: skip
    rows = subset(list(iter_jsonl_gz(path)), limit)
    return [{"id": r["id"], "document": r["document"], "summary": r["summary"],
             "label": int(r["label"]),
             "spans": [(s["start"], s["end"]) for s in r.get("spans") or []] or None,
             "pair": None} for r in rows]  # fmt: skip


def run(items: list[dict[str, Any]], rules: tuple | None = None) -> list[dict[str, Any]]:
    """Compare every item once (identical pairs once); one result line per item. ``rules``
    are the detector rules to run (all by default)."""
    from unspin import compare_many

    keys = list(dict.fromkeys((it["document"], it["summary"]) for it in items))
    results: dict[tuple[str, str], dict] = {}
    extra = {} if rules is None else {"rules": rules}
    for key, c in zip(keys, compare_many(keys, mode="rewrite", **extra), strict=True):
        results[key] = {
            "consistency": c.consistency,
            "flags": [
                [ch.kind, ch.rewrite.start, ch.rewrite.end] if ch.rewrite else [ch.kind]
                for ch in c.flagged
            ],  # fmt: skip
            "changes": [
                {
                    "kind": ch.kind,
                    "rule": ch.rule,
                    "flagged": ch.flagged,
                    "found": ch.found,
                    "confidence": ch.confidence,
                    "span": [ch.rewrite.start, ch.rewrite.end] if ch.rewrite else None,
                }
                for ch in c.changes
            ],  # fmt: skip
            "support": [s.to_dict() for s in c.support],
        }
    return [{**{k: it[k] for k in ("id", "label", "spans", "pair")},
             **results[(it["document"], it["summary"])]} for it in items]  # fmt: skip


def auc(scores: list[float], labels: list[int]) -> float:
    """P(a consistent item scores above an inconsistent one); ties count half."""
    pos = sorted(s for s, y in zip(scores, labels, strict=True) if y == 1)
    neg = sorted(s for s, y in zip(scores, labels, strict=True) if y == 0)
    if not pos or not neg:
        return float("nan")
    import bisect

    wins = 0.0
    for s in pos:
        lo = bisect.bisect_left(neg, s)
        hi = bisect.bisect_right(neg, s)
        wins += lo + 0.5 * (hi - lo)
    return wins / (len(pos) * len(neg))


def score(name: str, lines: list[dict[str, Any]]) -> dict[str, Any]:
    conf = Confusion()
    for ln in lines:
        conf.add(ln["label"] == 0, bool(ln["flags"]))
    out: dict[str, Any] = {
        "items": len(lines),
        "balanced_accuracy": conf.balanced_accuracy,
        "recall_inconsistent": conf.recall_inconsistent,
        "recall_consistent": conf.recall_consistent,
        "auc": auc([ln["consistency"] for ln in lines], [ln["label"] for ln in lines]),
    }
    spanned = [ln for ln in lines if ln["label"] == 0 and ln["spans"] and ln["flags"]]
    if spanned:
        hit = sum(any(len(f) == 3 and any(overlaps((f[1], f[2]), tuple(g)) for g in ln["spans"])
                      for f in ln["flags"]) for ln in spanned)  # fmt: skip
        out["localisation_flagged"] = hit / len(spanned)
        out["localised_items"] = len(spanned)
        with_spans = sum(1 for ln in lines if ln["label"] == 0 and ln["spans"])
        out["localisation_all"] = hit / with_spans
    if name == "bump":
        by_pair: dict[int, dict[int, float]] = {}
        for ln in lines:
            by_pair.setdefault(ln["pair"], {})[ln["label"]] = ln["consistency"]
        full = [p for p in by_pair.values() if 0 in p and 1 in p]
        out["pair_rank"] = sum(1.0 if p[0] < p[1] else 0.5 if p[0] == p[1] else 0.0
                               for p in full) / max(1, len(full))  # fmt: skip
        out["pairs"] = len(full)
    return out


def report(results: dict[str, Any]) -> str:
    rows = []
    for name, r in results["sets"].items():
        rows.append([name, r["items"], r["balanced_accuracy"], r["recall_inconsistent"],
                     r["recall_consistent"], r["auc"], r.get("localisation_flagged", "-"),
                     r.get("pair_rank", "-"), BASELINES[name]])  # fmt: skip
    bas = [r["balanced_accuracy"] for r in results["sets"].values()]
    text = table(
        ["set", "items", "bal. acc.", "rec. incons.", "rec. cons.", "AUC", "localised",
         "pair-rank", "published"],
        rows,
        title=f"Consistency sets (threshold {results['threshold']}, mode rewrite)",
    )  # fmt: skip
    return text + f"\nmean balanced accuracy {sum(bas) / len(bas):.3f}, lowest {min(bas):.3f}\n"


def main() -> None:
    p = parser(NAME, __doc__.splitlines()[0])
    p.add_argument(
        "--sets", default=",".join(SETS), help="comma-separated subset of " + ", ".join(SETS)
    )
    p.add_argument("--dump", metavar="DIR", help="write per-item results to DIR/<set>.jsonl")
    args = p.parse_args()

    def body() -> None:
        from unspin import score as score_stage

        results: dict[str, Any] = {"threshold": score_stage.threshold(), "sets": {}}
        for name in args.sets.split(","):
            items = load(name, args.limit)
            with Stopwatch() as clock:
                lines = run(items)
            results["sets"][name] = {**score(name, lines), "seconds": round(clock.seconds, 1)}
            print(f"{name}: {json.dumps(results['sets'][name])}", flush=True)
            if args.dump:
                path = Path(args.dump) / f"{name}.jsonl"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text("".join(json.dumps(ln) + "\n" for ln in lines))
        bas = [r["balanced_accuracy"] for r in results["sets"].values()]
        results["mean_balanced_accuracy"] = sum(bas) / len(bas)
        results["lowest_balanced_accuracy"] = min(bas)
        print(report(results))
        if args.json:
            write_json(args.json, NAME, args, results)

    main_guard(NAME, body)


if __name__ == "__main__":
    main()
