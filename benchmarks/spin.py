"""Harmless spin vs injected edits: what ``compare`` catches, and how often it cries wolf.

The pairs come from ``spin_build`` (AllSides articles, fixed seed): for each article a harmless
content-farm spin, and up to ``--per-article`` copies of that spin with one injected fact change
of a known kind and span. An injected edit is *caught* when a flagged change's rewrite span
overlaps the injected words, *with the right kind* when such a change also has the injected kind.
A harmless rewrite with any flagged change is a false alarm (target: at most 5%). Each furniture
line ("Share this:", ...) should be reported as boilerplate: a ``boilerplate`` change over it, or
a rewrite sentence over it marked as boilerplate.

    python -m benchmarks.spin [--limit N] [--per-article K] [--json [OUT]] [--dump FILE]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from .common import (
    Compare,
    Stopwatch,
    change_brief,
    default_compare,
    flagged,
    hits,
    main_guard,
    overlaps,
    parser,
    pct,
    progress,
    ratio,
    safe_compare,
    table,
    write_dump,
    write_json,
)
from .spin_build import KINDS, SEED, SpinPair, build

NAME = "spin"
ARTICLES = 200
PER_ARTICLE = 2
FALSE_ALARM_TARGET = 0.05


def load(
    limit: int | None = None, per_article: int = PER_ARTICLE, seed: int = SEED
) -> list[SpinPair]:
    """The benchmark pairs for ``limit`` articles (200 when None); regenerated, it is quick."""
    return build(limit or ARTICLES, per_article, seed)


def reported_as_boilerplate(comparison: Any, span: tuple[int, int]) -> bool:
    if comparison is None:
        return False
    if any(c.kind == "boilerplate" and hits(c, span) for c in comparison.changes):
        return True
    sentences = getattr(comparison, "rewrite_sentences", ())
    return any(s.is_boilerplate and overlaps((s.start, s.end), span) for s in sentences)


# The "modality" injections (spin_lexicon._MODALITY_PAIRS) swap a word for its opposite or for
# a weaker or stronger one: reported as a reversal or as a shift of strength, both are right.
RIGHT_KINDS = {"modality": ("modality", "reversal")}

class Tally:
    """Running counts over the pairs."""

    def __init__(self) -> None:
        self.kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # pairs, caught, right
        self.confused: dict[str, Counter] = defaultdict(Counter)  # kind -> kinds reported instead
        self.harmless = self.false_alarms = 0
        self.alarm_kinds: Counter = Counter()
        self.furniture = self.furniture_reported = self.furniture_flagged = 0
        self.errors: list[dict[str, str]] = []

    def add(self, pair: SpinPair, comparison: Any, error: str | None) -> dict[str, Any]:
        marks = flagged(comparison)
        if error:
            self.errors.append({"article": pair.article_id, "kind": pair.kind, "error": error})
        if pair.kind == "harmless":
            return self._add_harmless(pair, comparison, marks)
        over = [c for c in marks if hits(c, pair.span)]
        right = any(c.kind in RIGHT_KINDS.get(pair.kind, (pair.kind,)) for c in over)
        counts = self.kinds[pair.kind]
        counts[0] += 1
        counts[1] += bool(over)
        counts[2] += right
        if over and not right:
            self.confused[pair.kind].update(c.kind for c in over)
        return {"caught": bool(over), "right_kind": right}

    def _add_harmless(self, pair: SpinPair, comparison: Any, marks: tuple) -> dict[str, Any]:
        self.harmless += 1
        self.false_alarms += bool(marks)
        self.alarm_kinds.update(c.kind for c in marks)
        boiler = [reported_as_boilerplate(comparison, span) for span in pair.furniture]
        self.furniture += len(pair.furniture)
        self.furniture_reported += sum(boiler)
        self.furniture_flagged += sum(any(hits(c, s) for c in marks) for s in pair.furniture)
        return {"false_alarm": bool(marks), "furniture_boilerplate": boiler}

    def results(self) -> dict[str, Any]:
        injected = sum(v[0] for v in self.kinds.values())
        return {
            "kinds": {
                k: {
                    "pairs": n,
                    "caught": c,
                    "right_kind": r,
                    "recall": ratio(c, n),
                    "right_kind_recall": ratio(r, n),
                    "reported_instead": dict(self.confused[k]),
                }
                for k, (n, c, r) in sorted(self.kinds.items(), key=lambda kv: KINDS.index(kv[0]))
            },  # fmt: skip
            "injected": injected,
            "caught": ratio(sum(v[1] for v in self.kinds.values()), injected),
            "right_kind": ratio(sum(v[2] for v in self.kinds.values()), injected),
            "harmless": self.harmless,
            "false_alarms": self.false_alarms,
            "false_alarm_rate": ratio(self.false_alarms, self.harmless),
            "false_alarm_kinds": dict(self.alarm_kinds.most_common()),
            "furniture_lines": self.furniture,
            "furniture_boilerplate": ratio(self.furniture_reported, self.furniture),
            "furniture_flagged": self.furniture_flagged,
            "errors": self.errors,
        }


def evaluate(
    pairs: list[SpinPair], compare: Compare | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Score ``pairs``; returns the results and one dump line per pair."""
    compare = compare or default_compare()
    tally, dump = Tally(), []
    with Stopwatch() as clock:
        for pair in progress(pairs, NAME):
            comparison, error = safe_compare(compare, pair.source, pair.rewrite)
            outcome = tally.add(pair, comparison, error)
            dump.append(_dump_line(pair, comparison, outcome, error))
    results = tally.results()
    results.update(pairs=len(pairs), seconds=clock.seconds)
    return results, dump


def _dump_line(pair: SpinPair, comparison: Any, outcome: dict, error: str | None) -> dict[str, Any]:
    span = pair.span
    return {
        "article": pair.article_id,
        "kind": pair.kind,
        "detail": pair.detail,
        "span": list(span) if span else None,
        "injected": pair.rewrite[span[0] : span[1]] if span else None,
        **outcome,
        "changes": [change_brief(c) for c in flagged(comparison)],
        "error": error,
    }


def report(results: dict[str, Any], articles: int, build_seconds: float) -> str:
    r = results
    rows = [
        [
            k,
            v["pairs"],
            v["caught"],
            v["recall"],
            v["right_kind_recall"],
            _top(v["reported_instead"]),
        ]
        for k, v in r["kinds"].items()
    ]
    rows.append(["all injected", r["injected"], "", r["caught"], r["right_kind"], ""])
    alarms = ", ".join(f"{k} {n}" for k, n in r["false_alarm_kinds"].items()) or "none"
    parts = [
        table(
            ["injected kind", "pairs", "caught", "recall", "right kind", "wrong kind reported"],
            rows,
            title="Injected edits (caught = a flagged change overlaps the injected words)",
        ),
        table(
            ["harmless rewrites", "value"],
            [
                ["pairs", r["harmless"]],
                ["with any flagged change", r["false_alarms"]],
                ["false-alarm rate (target <= 5%)", pct(r["false_alarm_rate"])],
                ["furniture lines", r["furniture_lines"]],
                ["  reported as boilerplate", pct(r["furniture_boilerplate"])],
                ["  flagged as a fact change", r["furniture_flagged"]],
            ],
            title="Harmless spins (synonyms, 'said' -> 'stated', clause moves, furniture)",
        )
        + f"\nflagged changes on harmless rewrites, by kind: {alarms}",
        f"{articles} articles, {r['pairs']} pairs (built in {build_seconds:.1f} s) compared in"
        f" {r['seconds']:.1f} s ({ratio(r['seconds'], r['pairs']):.2f} s/pair);"
        f" {len(r['errors'])} errors",
    ]
    return "\n\n".join(parts)


def _top(counter: dict[str, int]) -> str:
    return ", ".join(f"{k} {n}" for k, n in sorted(counter.items(), key=lambda kv: -kv[1])[:3])


def main() -> None:
    p = parser(
        NAME,
        "Synthetic spin: recall per injected kind and false alarms on harmless spins.",
        limit_help=f"use N articles (default {ARTICLES})",
    )
    p.add_argument(
        "--per-article", type=int, default=PER_ARTICLE, help="injected pairs per article"
    )
    p.add_argument("--seed", type=int, default=SEED, help="seed for picking and spinning articles")
    p.add_argument("--dump", metavar="FILE", help="write per-pair predictions as JSON lines")
    args = p.parse_args()

    def body() -> None:
        with Stopwatch() as clock:
            pairs = load(args.limit, args.per_article, args.seed)
        articles = sum(pair.kind == "harmless" for pair in pairs)
        results, dump = evaluate(pairs)
        print(report(results, articles, clock.seconds))
        if args.json:
            write_json(args.json, NAME, args, {**results, "articles": articles})
        if args.dump:
            write_dump(args.dump, dump)

    main_guard(NAME, body)


if __name__ == "__main__":
    main()
