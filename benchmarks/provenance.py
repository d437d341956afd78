"""Provenance in corpus mode: stories and "who copied whom" on a built AllSides set.

The set comes from ``provenance_build`` (fixed seed): real AllSides originals, their synthetic
copies and rewrites published later by invented farms (some of them chains: a copy of a
rewrite, a rewrite of a copy), real distractors (some of them hard negatives: same topic, within
three days of an original) and real wire reprints found in several outlets. It is ingested into
a fresh store, clustered, and given provenance (``compare=False``); then:

* stories: B-cubed precision, recall and F1 against the gold stories over all articles (target
  F1 >= 0.95), and again without the hard negatives (see below); how many original's families
  were kept whole, how many wire groups were kept together, how many hard negatives were put in
  their original's story;
* provenance: over gold copies and rewrites, the share whose ``derived_from`` is the gold parent
  (target >= 90%), overall, per relation and per role (copy, rewrite, copy_of_rewrite,
  rewrite_of_copy), and with the relation right too; the share of originals, distractors and hard
  negatives given no parent; the confusion of gold and predicted relations. Wire articles count
  for stories only, since their original is not in the corpus.

A hard negative is gold as a story of its own, but it may well report the same event as its
original from another outlet, and a story-by-event clusterer may rightly put it there (as an
``independent`` article): hence the second F1. Its parent should be none either way.

    python -m benchmarks.provenance [--limit N] [--distractors N] [--wire-groups N] [--seed S]
                                    [--json [OUT]] [--dump FILE]

``--limit N`` builds the set around N originals (default 120) and five distractors per original.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from . import provenance_build as pb
from .common import Stopwatch, main_guard, parser, pct, table, write_dump, write_json
from .stories import (
    articles_by_id,
    bcubed_dict,
    provenance_scores,
    run_corpus,
    stories_to_map,
)

NAME = "provenance"
TARGET_F1, TARGET_PARENT = 0.95, 0.90
ROLES = ("copy", "rewrite", "copy_of_rewrite", "rewrite_of_copy")
NO_PARENT_ROLES = ("original", "distractor", "hard_negative")


def load(
    limit: int | None = None,
    distractors: int | None = None,
    wire: int = pb.WIRE_GROUPS,
    seed: int = pb.SEED,
) -> list[dict[str, Any]]:
    originals = limit or pb.ORIGINALS
    if distractors is None:
        distractors = pb.DISTRACTORS * originals // pb.ORIGINALS
    return pb.build(originals, distractors, wire, seed)


def documents(rows: list[dict[str, Any]]) -> list[Any]:
    from unspin.records import Document

    return [
        Document(
            text=r["text"],
            name=r["id"],
            title=r["title"],
            url=r["url"],
            published=r["published"],
            outlet=r["outlet"],
            id=r["id"],
        )
        for r in rows
    ]


def evaluate(rows: list[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Run the pipeline on ``rows`` and score it; returns the results and the wrong cases."""
    pred_rows, run = run_corpus(documents(rows), provenance=True)
    return {**score(rows, pred_rows), **run}, dump_lines(rows, pred_rows)


def score(rows: list[dict[str, Any]], pred_rows: list[dict]) -> dict[str, Any]:
    pred = stories_to_map(pred_rows)
    gold = {r["id"]: r["gold_story"] for r in rows}
    soft = {r["id"]: r["gold_story"] for r in rows if r["role"] != "hard_negative"}
    members = _members(pred)
    gold_prov = {
        r["id"]: {"parent": r["gold_parent"], "relation": r["gold_relation"], "group": r["role"]}
        for r in rows
    }
    return {
        "articles": len(rows),
        "by_role": dict(Counter(r["role"] for r in rows)),
        "gold_stories": len(set(gold.values())),
        "predicted_stories": len(set(pred.values())),
        "unplaced": sum(i not in pred for i in gold),
        "bcubed": bcubed_dict(pred, gold),
        "bcubed_without_hard_negatives": bcubed_dict(pred, soft),
        "groups": group_checks(rows, pred, members),
        "provenance": provenance_scores(pred_rows, gold_prov),
        "targets": {"story_f1": TARGET_F1, "parent_accuracy": TARGET_PARENT},
    }


def _members(pred: dict[str, Any]) -> dict[Any, set[str]]:
    out: dict[Any, set[str]] = defaultdict(set)
    for item, story in pred.items():
        out[story].add(item)
    return out


def group_checks(rows: list[dict], pred: dict[str, Any], members: dict) -> dict[str, Any]:
    """Families and wire groups kept whole (and alone); hard negatives in their original's story."""
    gold_groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        gold_groups[r["gold_story"]].append(r)
    out: dict[str, list[int]] = {"families": [0, 0, 0], "wire_groups": [0, 0, 0]}
    for group in gold_groups.values():
        key = "wire_groups" if group[0]["role"] == "wire" else "families"
        if len(group) < 2:
            continue
        stories = {pred.get(r["id"], ("alone", r["id"])) for r in group}
        whole = len(stories) == 1
        alone = whole and members.get(next(iter(stories)), set()) == {r["id"] for r in group}
        out[key][0] += 1
        out[key][1] += whole
        out[key][2] += alone
    original_of = {r["id"]: r["near_original"] for r in rows if r["role"] == "hard_negative"}
    joined = sum(i in pred and pred[i] == pred.get(o) for i, o in original_of.items())
    return {
        **{
            k: {"groups": n, "together": t, "together_and_alone": a} for k, (n, t, a) in out.items()
        },
        "hard_negatives": len(original_of),
        "hard_negatives_in_original_story": joined,
    }


def dump_lines(rows: list[dict[str, Any]], pred_rows: list[dict]) -> list[dict[str, Any]]:
    """One line per article whose parent or story is wrong."""
    by_id = {r["id"]: r for r in rows}
    got = articles_by_id(pred_rows)
    pred = stories_to_map(pred_rows)
    members = _members(pred)
    gold_members: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        gold_members[r["gold_story"]].add(r["id"])
    lines = []
    for r in rows:
        art = got.get(r["id"], {})
        parent = art.get("derived_from")
        story = members.get(pred.get(r["id"]), {r["id"]})
        want = gold_members[r["gold_story"]]
        wrong_parent = parent != r["gold_parent"] and r["role"] != "wire"
        if not wrong_parent and story == want:
            continue
        lines.append(
            {
                "id": r["id"],
                "role": r["role"],
                "title": r["title"],
                "published": r["published"],
                "detail": r["detail"],
                "gold_parent": r["gold_parent"],
                "pred_parent": parent,
                "pred_parent_role": by_id[parent]["role"] if parent in by_id else None,
                "gold_relation": r["gold_relation"],
                "pred_relation": art.get("relation", "missing"),
                "story_missing": sorted(want - story)[:10],
                "story_extra": [f"{i} ({by_id[i]['role']})" for i in sorted(story - want)[:10]],
            }
        )
    return lines


def report(results: dict[str, Any]) -> str:
    r = results
    prov, groups = r["provenance"], r["groups"]
    derived = prov["derived"]
    story_rows = [
        ["all articles", *r["bcubed"].values()],
        ["without hard negatives", *r["bcubed_without_hard_negatives"].values()],
    ]
    parent_rows = [["copies and rewrites", derived["articles"], derived["right_parent"],
                    pct(derived["parent_accuracy"]), pct(derived["strict_accuracy"])]]  # fmt: skip
    labelled = [(f"  relation {k}", v) for k, v in derived["by_relation"].items()]
    labelled += [(f"  role {k}", v) for k, v in derived["by_group"].items()]
    for label, v in labelled:
        parent_rows.append(
            [label, v["articles"], v["right_parent"], pct(v["parent_accuracy"]),
             pct(v["strict_accuracy"])]
        )  # fmt: skip
    none_rows = [
        [k, v["articles"], v["no_parent"], pct(v["share"])]
        for k, v in prov["originals"]["by_group"].items()
    ]
    confusion = "\n".join(
        f"  {g:9} -> " + ", ".join(f"{p} {n}" for p, n in c.items())
        for g, c in prov["confusion"].items()
    )
    fam, wire = groups["families"], groups["wire_groups"]
    seconds = ", ".join(f"{k} {v:.1f} s" for k, v in r.get("seconds", {}).items())
    return "\n\n".join(
        [
            table(
                ["stories", "B3 precision", "B3 recall", "B3 F1"],
                story_rows,
                title=f"Stories: {r['articles']} articles, {r['gold_stories']} gold,"
                f" {r['predicted_stories']} predicted (target F1 >= {TARGET_F1})",
            )
            + f"\nfamilies (original + derived) kept together {fam['together']}/{fam['groups']},"
            f" together and alone {fam['together_and_alone']};"
            f" wire groups together {wire['together']}/{wire['groups']};"
            f" hard negatives in their original's story"
            f" {groups['hard_negatives_in_original_story']}/{groups['hard_negatives']}",
            table(
                ["derived_from", "articles", "right parent", "parent acc.", "+ relation"],
                parent_rows,
                title=f"Parents of copies and rewrites (target >= {pct(TARGET_PARENT)})",
            ),
            table(["no parent expected", "articles", "no parent", "share"], none_rows),
            "relations, gold -> predicted:\n" + confusion,
            f"{r['unplaced']} articles not placed in a story; set built in"
            f" {r.get('build_seconds', 0):.1f} s; {seconds}",
        ]
    )


def main() -> None:
    p = parser(
        NAME,
        "Provenance benchmark: story B-cubed and derived_from accuracy on a built AllSides set.",
        limit_help=f"build the set around N originals (default {pb.ORIGINALS})",
    )
    p.add_argument(
        "--distractors", type=int, default=None, help="distractors (default 5 per original)"
    )
    p.add_argument("--wire-groups", type=int, default=pb.WIRE_GROUPS, help="wire groups at most")
    p.add_argument("--seed", type=int, default=pb.SEED, help="seed for building the set")
    p.add_argument("--dump", metavar="FILE", help="write the wrong cases as JSON lines")
    args = p.parse_args()

    def body() -> None:
        with Stopwatch() as clock:
            rows = load(args.limit, args.distractors, args.wire_groups, args.seed)
        results, dump = evaluate(rows)
        results["build_seconds"] = clock.seconds
        print(report(results))
        if args.json:
            write_json(args.json, NAME, args, results)
        if args.dump:
            write_dump(args.dump, dump)

    main_guard(NAME, body)


if __name__ == "__main__":
    main()
