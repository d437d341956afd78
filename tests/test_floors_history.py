"""The quality gate's floors only rise: every committed version of benchmarks/floors.json against
the one before it, and the working copy against the last commit.

One re-base is allowed, in the version where ``benchmarks/floors.rebase`` first appears (the
commit where the claim verifier landed, with old and new figures side by side in docs/history.md);
the file may be added only once, and every version from it on is checked. Versions before it
are not: several of them lowered floors before this test existed, and that history stands. Skipped, saying why, where git or the history is absent (a
shallow or exported copy).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLOORS = "benchmarks/floors.json"
REBASE = "benchmarks/floors.rebase"


def _git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True,
                          text=True).stdout  # fmt: skip


def _history() -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("no git history here: the floors' history cannot be read")
    if _git("rev-parse", "--is-shallow-repository").strip() == "true":
        pytest.skip("a shallow clone: the floors' history is cut off")
    return _git("log", "--format=%H", "--reverse", "--", FLOORS).split()


def _at(commit: str, path: str) -> str | None:
    try:
        return _git("show", f"{commit}:{path}")
    except subprocess.CalledProcessError:
        return None


def drops(old: dict[str, float], new: dict[str, float]) -> list[str]:
    """What fell or vanished from ``old`` to ``new``."""
    out = [f"{k} vanished" for k in old if k not in new]
    out += [f"{k} fell {old[k]} -> {new[k]}" for k in old if k in new and new[k] < old[k]]
    return out


def test_drops_are_found() -> None:
    assert drops({"a": 0.5, "b": 0.4}, {"a": 0.49}) == ["b vanished", "a fell 0.5 -> 0.49"]
    assert drops({"a": 0.5}, {"a": 0.5, "c": 0.1}) == []


def test_floors_never_fall_across_commits() -> None:
    commits = _history()
    versions = [
        (c, json.loads(_at(c, FLOORS) or "{}"), _at(c, REBASE) is not None) for c in commits
    ]
    work = json.loads((ROOT / FLOORS).read_text("utf-8"))
    versions.append(("working copy", work, (ROOT / REBASE).exists()))
    rebases = [c for (c, _, r), (_, _, before) in zip(versions[1:], versions, strict=False)
               if r and not before]  # fmt: skip
    assert len(rebases) <= 1, f"the floors were re-based more than once: {rebases}"
    start = next((k for k, (_, _, r) in enumerate(versions) if r), len(versions) - 2)
    problems = []
    for (_, old, _), (commit, new, _) in zip(versions[start:], versions[start + 1 :], strict=False):
        problems += [f"{commit[:10]}: {d}" for d in drops(old, new)]
    assert not problems, "floors dropped: " + "; ".join(problems)
