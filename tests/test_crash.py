"""A SIGKILL at a counted write leaves a sound store, and a rerun gives the uninterrupted answer.

``make test`` kills ``unspin run`` once in the middle of each stage (ingest, cluster,
provenance), and the web UI's "keep this comparison" writer in the middle of its writes and
just before its commit. ``benchmarks/crash.py`` sweeps 50+ points.
See ``tests/crash.py`` for how a point is chosen.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import crash
from unspin import corpus as lib
from unspin.corpus import readers
from unspin.store import Store

SAMPLES = crash.ROOT / "samples" / "port-strike"


def rerun(corpus_path: Path, db: Path) -> None:
    """What ``unspin run`` does, in this process (its models are already loaded)."""
    with Store.open(db) as store:
        assert store.scalar("PRAGMA integrity_check") == "ok"
        lib.ingest(store, readers.read([str(corpus_path)]), workers=1)
        lib.cluster(store)
        lib.provenance(store, workers=1)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The one-month sample corpus, run once uninterrupted and counted."""
    tmp = tmp_path_factory.mktemp("crash")
    path = crash.corpus(tmp / "corpus.jsonl", months=0)
    db = tmp / "whole.db"
    seen = crash.count(crash.run_argv(path, db))
    return path, seen, crash.snapshot(db)


def _points(seen: dict) -> list[int]:
    """The middle of each stage (the sweep in benchmarks/crash.py covers the rest)."""
    starts = sorted(seen["stages"].values()) + [seen["total"]]
    return [(a + b) // 2 + 1 for a, b in zip(starts, starts[1:], strict=False)]


def test_the_counting_hook_sees_every_stage(reference):
    _, seen, whole = reference
    assert list(seen["stages"]) == ["ingest", "cluster", "provenance"]
    assert seen["stages"]["ingest"] < seen["stages"]["cluster"] < seen["stages"]["provenance"]
    assert seen["total"] > seen["stages"]["provenance"] + 10
    assert whole["derivations"] and whole["changes"] and whole["members"]


def test_a_run_killed_at_any_stage_reruns_to_the_same_answer(reference, tmp_path):
    path, seen, whole = reference
    points = _points(seen)
    assert {crash.stage_of(seen, p) for p in points} == {"ingest", "cluster", "provenance"}
    for at in points:
        db = tmp_path / f"k{at}.db"
        assert crash.launch(at, crash.run_argv(path, db)) == -9, f"not killed at write {at}"
        assert crash.integrity(db) == "ok", at
        with Store.open(db) as store:  # it opens, and what it holds is whole articles
            assert (
                store.scalar(
                    "SELECT COUNT(*) FROM articles WHERE id NOT IN (SELECT article FROM sketches)"
                )
                == 0
            )
        rerun(path, db)
        assert crash.differences(crash.snapshot(db), whole) == [], (
            f"killed at write {at} ({crash.stage_of(seen, at)})"
        )


def test_a_kept_comparison_is_stored_whole_or_not_at_all(tmp_path):
    source, rewrite = SAMPLES / "source.txt", SAMPLES / "farm-spin.html"
    whole = tmp_path / "whole.db"
    seen = crash.count(["save", str(source), str(rewrite), str(whole)])
    want = crash.snapshot(whole)
    assert len(want["articles"]) == 2 and len(want["comparisons"]) == 1
    start = seen["stages"]["save_comparison"]  # after the schema's migrations
    for at in (start + (seen["total"] - start) // 2, seen["total"]):  # mid-write; the COMMIT
        db = tmp_path / f"s{at}.db"
        assert crash.launch(at, ["save", str(source), str(rewrite), str(db)]) == -9, at
        assert crash.integrity(db) == "ok", at
        got = crash.snapshot(db)
        assert (len(got["articles"]), len(got["comparisons"])) in ((0, 0), (2, 1)), at
        crash.save(str(source), str(rewrite), str(db))  # the user keeps it again
        assert crash.differences(crash.snapshot(db), want) == [], at
