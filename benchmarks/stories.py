"""Scoring corpus mode: B-cubed over predicted stories, and provenance (who was derived from whom).

``corpus.stories(store)`` returns one row per story::

    {"story": 3, "articles": [{"id": "a1", "derived_from": None, "relation": "original"}, ...]}

:func:`stories_to_map` turns those rows into ``{article id: story}``; :func:`bcubed` scores such a
map against a gold one; :func:`provenance_scores` scores each article's ``derived_from`` and
``relation`` against gold parents and relations.

B-cubed (Bagga & Baldwin 1998) is computed over the items in the gold map: for each item, precision
is the share of its predicted story that shares its gold story, recall the share of its gold story
that shares its predicted story; both are averaged over the items and F1 is their harmonic mean.
Items the prediction leaves out count as singletons; predicted items outside the gold are ignored.

:func:`run_corpus` runs the corpus pipeline (ingest, cluster, and provenance if asked) on a fresh
SQLite file in a temporary folder, timing each stage.
"""

from __future__ import annotations

import tempfile
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

from .common import Stopwatch, ratio

DERIVED = ("copy", "rewrite")
MISSING = "missing"  # the relation given to a gold article the prediction left out


def stories_to_map(rows: Iterable[Mapping[str, Any]]) -> dict[str, Hashable]:
    """``{article id: story}`` from ``corpus.stories`` rows."""
    return {art["id"]: row["story"] for row in rows for art in row["articles"]}


def articles_by_id(rows: Iterable[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """``{article id: its article dict}`` from ``corpus.stories`` rows."""
    return {art["id"]: art for row in rows for art in row["articles"]}


def bcubed(
    pred: Mapping[str, Hashable], gold: Mapping[str, Hashable]
) -> tuple[float, float, float]:
    """B-cubed (precision, recall, F1) of ``pred`` against ``gold``, over the items in ``gold``."""
    if not gold:
        return 1.0, 1.0, 1.0
    missing = object()
    pred_of = {item: pred.get(item, (missing, item)) for item in gold}  # absent: a singleton
    cells = Counter((pred_of[item], gold[item]) for item in gold)
    pred_size = Counter(pred_of.values())
    gold_size = Counter(gold.values())
    precision = sum(n * n / pred_size[p] for (p, _), n in cells.items()) / len(gold)
    recall = sum(n * n / gold_size[g] for (_, g), n in cells.items()) / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def bcubed_dict(pred: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> dict[str, float]:
    """:func:`bcubed` as ``{"precision", "recall", "f1"}``."""
    p, r, f = bcubed(pred, gold)
    return {"precision": p, "recall": r, "f1": f}


def provenance_scores(
    pred_rows: Iterable[Mapping[str, Any]], gold: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    """How well ``derived_from`` and ``relation`` match the gold, per kind of article.

    ``gold`` maps an article id to ``{"parent": id | None, "relation": str}`` and optionally
    ``"group"``, a finer label to split the derived scores by (such as "copy_of_rewrite").

    * ``derived``: over gold copies and rewrites, the share whose ``derived_from`` is the gold
      parent (``parent_accuracy``), and whose relation is also right (``strict_accuracy``);
      ``by_relation`` and ``by_group`` split the same counts.
    * ``originals``: over gold originals, the share given no parent (``by_group`` likewise).
    * ``confusion``: ``{gold relation: {predicted relation: count}}`` over all gold articles
      (``"missing"`` for an article the prediction left out).
    """
    predicted = articles_by_id(pred_rows)
    derived = _Counts()
    by_relation: dict[str, _Counts] = defaultdict(_Counts)
    by_group: dict[str, _Counts] = defaultdict(_Counts)
    originals = _Counts()
    originals_by_group: dict[str, _Counts] = defaultdict(_Counts)
    confusion: dict[str, Counter] = defaultdict(Counter)
    for item, want in gold.items():
        got = predicted.get(item)
        parent = got.get("derived_from") if got else None
        relation = got.get("relation") if got else MISSING
        confusion[want["relation"]][relation] += 1
        if want["relation"] in DERIVED:
            right_parent = got is not None and parent == want["parent"]
            right = right_parent and relation == want["relation"]
            for counts in (derived, by_relation[want["relation"]], by_group[_group(want)]):
                counts.add(right_parent, right)
        elif want["relation"] == "original":
            no_parent = got is not None and parent is None
            for counts in (originals, originals_by_group[_group(want)]):
                counts.add(no_parent, no_parent)
    return {
        "derived": {
            **derived.to_dict(),
            "by_relation": {k: v.to_dict() for k, v in sorted(by_relation.items())},
            "by_group": {k: v.to_dict() for k, v in sorted(by_group.items())},
        },
        "originals": {
            **originals.to_dict(no_parent=True),
            "by_group": {
                k: v.to_dict(no_parent=True) for k, v in sorted(originals_by_group.items())
            },
        },
        "confusion": {k: dict(v.most_common()) for k, v in sorted(confusion.items())},
    }


def _group(want: Mapping[str, Any]) -> str:
    return want.get("group") or want["relation"]


class _Counts:
    def __init__(self) -> None:
        self.articles = self.right_parent = self.right = 0

    def add(self, right_parent: bool, right: bool) -> None:
        self.articles += 1
        self.right_parent += right_parent
        self.right += right

    def to_dict(self, no_parent: bool = False) -> dict[str, Any]:
        if no_parent:  # an original's right parent is none at all
            return {
                "articles": self.articles,
                "no_parent": self.right_parent,
                "share": ratio(self.right_parent, self.articles),
            }
        return {
            "articles": self.articles,
            "right_parent": self.right_parent,
            "parent_accuracy": ratio(self.right_parent, self.articles),
            "strict_accuracy": ratio(self.right, self.articles),
        }


# --- running corpus mode ----------------------------------------------------------------------


def run_corpus(docs: Iterable[Any], provenance: bool = False) -> tuple[list[dict], dict[str, Any]]:
    """``corpus.stories`` rows for ``docs`` on a fresh store, and how the run went.

    The second value holds ``seconds`` per stage and ``outcomes``, what each stage returned
    (a dataclass becomes a dict; anything else its ``repr``).
    """
    from unspin import corpus
    from unspin.store import Store

    run: dict[str, Any] = {"seconds": {}, "outcomes": {}}
    stages = [("ingest", lambda s: corpus.ingest(s, docs)), ("cluster", corpus.cluster)]
    if provenance:
        stages.append(("provenance", lambda s: corpus.provenance(s, compare=False)))
    with tempfile.TemporaryDirectory(prefix="unspin-bench-") as tmp:
        with Store.open(Path(tmp) / "corpus.db") as store:
            for name, stage in stages:
                with Stopwatch() as clock:
                    outcome = stage(store)
                run["seconds"][name] = clock.seconds
                run["outcomes"][name] = _plain(outcome)
            rows = corpus.stories(store)
    return rows, run


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    return None if value is None else repr(value)
