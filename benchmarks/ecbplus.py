"""ECB+ event clustering: do ``corpus.cluster``'s stories match the gold events?

ECB+ dev (topics 1-35, 772 documents, ``ecbplus/dev.jsonl.gz``): each topic holds two real events
of the same kind (two earthquakes, two celebrity arrests), and ``story`` is the gold event. The
documents (no titles, no dates) are ingested into a fresh store and clustered; the predicted
stories are scored with B-cubed precision, recall and F1 against ``story`` (target F1 >= 0.90).

Per topic: whether its two events were *merged* (a predicted story holds documents of both),
*split* (an event spread over several predicted stories), or *leaked* (a predicted story also
holds documents of another topic); and its own B-cubed F1. Two baselines put the figure in
context: one story per topic (both events merged everywhere) and one story per document.

    python -m benchmarks.ecbplus [--limit N] [--json [OUT]] [--dump FILE]

``--limit N`` keeps N topics spread evenly over the 35 (all their documents).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from typing import Any

from .common import iter_jsonl_gz, scored_main, subset, table
from .stories import bcubed, bcubed_dict, run_corpus, stories_to_map

NAME = "ecbplus"
DATA = "ecbplus/dev.jsonl.gz"
TARGET_F1 = 0.90


def load(limit: int | None = None) -> list[dict[str, Any]]:
    """The ECB+ dev documents, of ``limit`` topics spread evenly over them (all when None)."""
    rows = list(iter_jsonl_gz(DATA))
    topics = subset(sorted({r["topic"] for r in rows}), limit)
    return [r for r in rows if r["topic"] in set(topics)]


def evaluate(rows: list[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Cluster ``rows`` and score the stories; returns the results and one dump line per topic
    that is not exactly right."""
    from unspin.records import Document

    docs = [Document(text=r["text"], name=r["doc_id"], id=r["doc_id"]) for r in rows]
    pred_rows, run = run_corpus(docs)
    pred = stories_to_map(pred_rows)
    gold = {r["doc_id"]: r["story"] for r in rows}
    topic = {r["doc_id"]: r["topic"] for r in rows}
    topics = topic_summary(pred, gold, topic)
    counts = {k: sum(t[k] for t in topics.values()) for k in ("merged", "split", "leaked")}
    results = {
        "documents": len(rows),
        "gold_stories": len(set(gold.values())),
        "predicted_stories": len({pred.get(d, ("alone", d)) for d in gold}),
        "unplaced": sum(d not in pred for d in gold),
        "bcubed": bcubed_dict(pred, gold),
        "target_f1": TARGET_F1,
        "baselines": {
            "one story per topic": bcubed_dict(topic, gold),
            "one story per document": bcubed_dict({d: d for d in gold}, gold),
        },
        "topics": len(topics),
        "topics_right": sum(t["right"] for t in topics.values()),
        **{f"topics_{k}": n for k, n in counts.items()},
        "topics_merged_and_split": sum(t["merged"] and t["split"] for t in topics.values()),
        "per_topic": {
            str(k): {x: v for x, v in t.items() if x != "docs"} for k, t in topics.items()
        },
        **run,
    }
    dump = [{"topic": k, **t} for k, t in topics.items() if not t["right"]]
    return results, dump


def topic_summary(
    pred: Mapping[str, Hashable], gold: Mapping[str, Hashable], topic: Mapping[str, Hashable]
) -> dict[Hashable, dict[str, Any]]:
    """Per topic: merged, split, leaked, right, its B-cubed F1, and each document's stories."""
    placed = {d: pred.get(d, ("alone", d)) for d in gold}
    topics_of_story: dict[Hashable, set] = defaultdict(set)
    for d, story in placed.items():
        topics_of_story[story].add(topic[d])
    by_topic: dict[Hashable, list[str]] = defaultdict(list)
    for d in gold:
        by_topic[topic[d]].append(d)
    out = {}
    for t, docs in sorted(by_topic.items()):
        events_of: dict[Hashable, set] = defaultdict(set)  # predicted story -> gold events
        stories_of: dict[Hashable, set] = defaultdict(set)  # gold event -> predicted stories
        for d in docs:
            events_of[placed[d]].add(gold[d])
            stories_of[gold[d]].add(placed[d])
        merged = any(len(e) > 1 for e in events_of.values())
        split = any(len(s) > 1 for s in stories_of.values())
        leaked = any(len(topics_of_story[s]) > 1 for s in events_of)
        out[t] = {
            "documents": len(docs),
            "events": len(stories_of),
            "predicted_stories": len(events_of),
            "merged": merged,
            "split": split,
            "leaked": leaked,
            "right": not (merged or split or leaked),
            "f1": bcubed({d: placed[d] for d in docs}, {d: gold[d] for d in docs})[2],
            "docs": [{"doc": d, "gold": gold[d], "pred": str(placed[d])} for d in sorted(docs)],
        }
    return out


def report(results: dict[str, Any]) -> str:
    r = results
    rows = [["unspin corpus.cluster", *r["bcubed"].values()]]
    rows += [[f"baseline: {k}", *v.values()] for k, v in r["baselines"].items()]
    worst = sorted(r["per_topic"].items(), key=lambda kv: kv[1]["f1"])[:8]
    seconds = ", ".join(f"{k} {v:.1f} s" for k, v in r["seconds"].items())
    return "\n\n".join(
        [
            table(
                ["stories", "B3 precision", "B3 recall", "B3 F1"],
                rows,
                title=f"ECB+ dev: {r['documents']} documents, {r['gold_stories']} gold events,"
                f" {r['predicted_stories']} predicted stories (target F1 >= {TARGET_F1})",
            ),
            table(
                ["topics", "count"],
                [
                    ["all", r["topics"]],
                    ["exactly right", r["topics_right"]],
                    ["two events merged", r["topics_merged"]],
                    ["an event split", r["topics_split"]],
                    ["merged and split", r["topics_merged_and_split"]],
                    ["sharing a story with another topic", r["topics_leaked"]],
                ],
                title="Per topic (each holds two events of the same kind)",
            ),
            table(
                ["topic", "docs", "events", "stories", "merged", "split", "leaked", "F1"],
                [
                    [
                        k,
                        t["documents"],
                        t["events"],
                        t["predicted_stories"],
                        _yes(t["merged"]),
                        _yes(t["split"]),
                        _yes(t["leaked"]),
                        t["f1"],
                    ]
                    for k, t in worst
                ],  # fmt: skip
                title="Weakest topics",
            ),
            f"{r['unplaced']} documents not placed in any story; {seconds}",
        ]
    )


def _yes(flag: bool) -> str:
    return "yes" if flag else ""


def main() -> None:
    scored_main(
        NAME, "ECB+ dev: B-cubed of corpus stories against gold events.",
        evaluate, load, report, limit_help="use N topics",
    )  # fmt: skip


if __name__ == "__main__":
    main()
