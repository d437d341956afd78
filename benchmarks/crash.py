"""Crash sweep (issue 23): SIGKILL ``unspin run`` at many counted writes, then rerun.

The corpus is the sample corpus and ``--months`` shifted copies of it (``tests/crash.py``: new
ids, dates and numbers, so new stories; one bad line). One uninterrupted ``unspin run`` counts
its write statements; then, for each of ``--points`` kill points spread evenly over them, a
fresh run is killed with SIGKILL just before that write, the database is checked with
``PRAGMA integrity_check``, opened, and ``unspin run`` is run again in this process. The
articles, sentences, members (stories), derivations, comparisons, changes, term counts and
failures must then equal the uninterrupted run's, row for row. ``--save-points`` more kill
points do the same for the web UI's "keep this comparison" writer (two articles and a
comparison in one transaction: after a kill, all three or none).

    python -m benchmarks.crash [--points N] [--months M] [--save-points K] [--json [OUT]]

Target: at least 50 kill points, every one sound and identical on rerun.
"""

from __future__ import annotations

import collections
import tempfile
import time
from pathlib import Path

from tests import crash

from .common import machine_line, main_guard, parser, table, write_json

NAME = "crash"
SAMPLES = crash.ROOT / "samples" / "port-strike"


def _rerun(corpus_path: Path, db: Path) -> None:
    from unspin import corpus as lib
    from unspin.corpus import readers
    from unspin.store import Store

    with Store.open(db) as store:
        lib.ingest(store, readers.read([str(corpus_path)]), workers=1)
        lib.cluster(store)
        lib.provenance(store, workers=1)


def sweep_run(tmp: Path, points: int, months: int) -> list[dict]:
    path = crash.corpus(tmp / "corpus.jsonl", months=months)
    whole_db = tmp / "whole.db"
    seen = crash.count(crash.run_argv(path, whole_db))
    whole = crash.snapshot(whole_db)
    print(
        f"uninterrupted run: {seen['total']} writes, stages start at {seen['stages']}; "
        f"{len(whole['articles'])} articles, {len(set(r[2] for r in whole['members']))} stories, "
        f"{len(whole['changes'])} changes"
    )
    out = []
    for k, at in enumerate(crash.plan(seen, points), 1):
        db = tmp / f"k{at}.db"
        code = crash.launch(at, crash.run_argv(path, db))
        ok = crash.integrity(db) if db.exists() else "no file"
        _rerun(path, db)
        diff = crash.differences(crash.snapshot(db), whole)
        out.append(
            dict(writer="run", at=at, stage=crash.stage_of(seen, at), killed=code == -9,
                 integrity=ok, identical=not diff, differences=diff)
        )  # fmt: skip
        print(f"  [{k}] write {at} ({out[-1]['stage']}): {ok}, {'identical' if not diff else diff}")
        for p in tmp.glob(f"k{at}.db*"):
            p.unlink()
    return out


def sweep_save(tmp: Path, points: int) -> list[dict]:
    source, rewrite = str(SAMPLES / "source.txt"), str(SAMPLES / "farm-spin.html")
    whole_db = tmp / "save-whole.db"
    seen = crash.count(["save", source, rewrite, str(whole_db)])
    whole = crash.snapshot(whole_db)
    out = []
    for at in crash.plan(seen, points):
        db = tmp / f"s{at}.db"
        code = crash.launch(at, ["save", source, rewrite, str(db)])
        ok = crash.integrity(db) if db.exists() else "no file"
        got = crash.snapshot(db)
        all_or_none = (len(got["articles"]), len(got["comparisons"])) in ((0, 0), (2, 1))
        crash.save(source, rewrite, str(db))
        diff = crash.differences(crash.snapshot(db), whole)
        out.append(
            dict(writer="save", at=at, stage=crash.stage_of(seen, at), killed=code == -9,
                 integrity=ok, identical=not diff and all_or_none, differences=diff)
        )  # fmt: skip
    return out


def main() -> None:
    p = parser(NAME, __doc__.splitlines()[0])
    p.add_argument("--points", type=int, default=60, help="kill points in unspin run")
    p.add_argument("--months", type=int, default=3, help="shifted copies of the sample corpus")
    p.add_argument("--save-points", type=int, default=12, help="kill points in the save writer")
    args = p.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="unspin-crash-") as tmp:
        rows = sweep_run(Path(tmp), args.points, args.months)
        rows += sweep_save(Path(tmp), args.save_points)
    by = collections.defaultdict(list)
    for r in rows:
        by[(r["writer"], r["stage"])].append(r)
    print(machine_line())
    print(
        table(
            ["writer", "stage", "points", "killed", "integrity ok", "rerun identical"],
            [
                (
                    w,
                    s,
                    len(rs),
                    sum(r["killed"] for r in rs),
                    sum(r["integrity"] == "ok" for r in rs),
                    sum(r["identical"] for r in rs),
                )
                for (w, s), rs in by.items()
            ],  # fmt: skip
            title="SIGKILL at counted writes",
        )
    )
    sound = sum(r["killed"] and r["integrity"] == "ok" and r["identical"] for r in rows)
    seconds = time.perf_counter() - started
    print(f"{sound} of {len(rows)} kill points sound and identical on rerun ({seconds:.0f} s)")
    if args.json:
        write_json(args.json, NAME, args, dict(points=rows, sound=sound, seconds=round(seconds)))


if __name__ == "__main__":
    main_guard(NAME, main)
