"""The Spark engine gives the same answer as the local one (issue 4), and fails clearly without
PySpark."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from unspin.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "corpus" / "articles.jsonl"


def _corpus(path: Path) -> Path:
    """The sample corpus, then three more runs of it a month apart each (new ids, times and
    numbers, so they are new stories of the same kinds), and one bad line."""
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    lines = [json.dumps(r) for r in rows]
    for k in (1, 2, 3):
        for r in rows:
            shifted = dict(r, id=f"{r['id']}-m{k}")
            if r.get("published"):
                year, month, rest = r["published"][:4], int(r["published"][5:7]), r["published"][7:]
                month = (month + k - 1) % 12 + 1
                shifted["published"] = f"{year}-{month:02d}{rest}"
            shifted["text"] = re.sub(r"\d+", lambda m, k=k: str(int(m.group(0)) + k), r["text"])
            shifted["title"] = (r.get("title") or "") + f" ({k})"
            lines.append(json.dumps(shifted))
    lines.insert(5, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _unspin(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "unspin.cli", *args], capture_output=True, text=True, timeout=1200
    )


def _table(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_spark_local_mode_and_the_local_engine_give_identical_results(tmp_path):
    pytest.importorskip("pyspark")
    corpus = _corpus(tmp_path / "corpus.jsonl")
    local, spark = tmp_path / "local.db", tmp_path / "spark.db"
    ran = _unspin("run", str(corpus), "--db", str(local), "--facts")
    assert ran.returncode == 1, ran.stderr  # the bad line is a failure; the rest is read
    ran = _unspin(
        "run", str(corpus), "--db", str(spark), "--engine", "spark", "--master", "local[2]",
        "--facts",
    )  # fmt: skip
    assert ran.returncode == 1, ran.stderr
    assert "Traceback" not in ran.stderr
    out = [_unspin("stories", "--db", str(db), "--format", "json").stdout for db in (local, spark)]
    assert out[0] == out[1]
    stories = json.loads(out[0])
    assert len(stories) >= 8 and sum(len(s["articles"]) for s in stories) == 28
    assert {a["relation"] for s in stories for a in s["articles"]} >= {
        "original",
        "copy",
        "rewrite",
    }
    for sql in (
        "SELECT article, story, relation, derived_from, score FROM derivations ORDER BY article",
        "SELECT source, rewrite, flagged, worst, result FROM comparisons ORDER BY source, rewrite",
        "SELECT source, rewrite, idx, kind, severity, explanation FROM changes ORDER BY 1, 2, 3",
        "SELECT id, seq, ext_id, version, published, day, words FROM articles ORDER BY seq",
        "SELECT origin, reason FROM failures ORDER BY id",
    ):
        assert _table(local, sql) == _table(spark, sql), sql
    assert _table(spark, "SELECT COUNT(*) FROM comparisons")[0][0] >= 12
    assert _table(spark, "SELECT COUNT(*) FROM failures")[0][0] == 1
    # the facts, read in Spark tasks per story: the same mentions, the same sheets
    sql = "SELECT article, reader, data FROM mentions ORDER BY article"
    kept = _table(spark, sql)
    assert kept and kept == _table(local, sql)
    several = [s["story"] for s in stories if len(s["articles"]) > 1]
    assert len(kept) == sum(len(s["articles"]) for s in stories if len(s["articles"]) > 1)
    for story in several:
        sheets = [
            _unspin("facts", story, "--db", str(db), "--format", "json") for db in (local, spark)
        ]
        assert sheets[0].returncode == 0 and sheets[0].stdout == sheets[1].stdout, story


def test_spark_engine_refuses_a_store_that_holds_articles(tmp_path):
    pytest.importorskip("pyspark")
    db = tmp_path / "c.db"
    assert _unspin("run", str(SAMPLE), "--db", str(db), "--no-compare").returncode == 0
    ran = _unspin("run", str(SAMPLE), "--db", str(db), "--engine", "spark")
    assert ran.returncode == 2
    assert ran.stderr.startswith("Error: ") and "already holds articles" in ran.stderr
    assert "Traceback" not in ran.stderr


def test_without_pyspark_the_spark_engine_names_the_install_command(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    result = CliRunner().invoke(
        main, ["run", str(SAMPLE), "--db", str(tmp_path / "c.db"), "--engine", "spark"]
    )
    assert result.exit_code == 2
    assert "pip install 'unspin[spark]'" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_bad_conf_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(
        main,
        ["run", str(SAMPLE), "--db", str(tmp_path / "c.db"), "--engine", "spark", "--conf", "x"],
    )
    assert result.exit_code == 2
    assert "is not KEY=VALUE" in result.output
