"""The corpus commands as a user runs them: exit codes, closing lines, output shapes."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from unspin.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "corpus" / "articles.jsonl"


def test_run_then_stories_and_show(tmp_path):
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    result = runner.invoke(main, ["run", str(SAMPLE), "--db", db, "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "Ingested 7 of 7 documents (7 new, 0 already stored); 0 failed." in result.output
    rows = json.loads(runner.invoke(main, ["stories", "--db", db, "--format", "json"]).output)
    assert all(set(a) == {"id", "derived_from", "relation"} for s in rows for a in s["articles"])
    text = runner.invoke(main, ["stories", "--db", db]).output
    assert "- wire-hull-strike  [original]" in text and "  - farm-copy-1  [copy]" in text
    shown = runner.invoke(main, ["show", "ferry-fire-farm", "--db", db])
    assert (
        shown.exit_code == 0
        and "negation" in shown.output
        and "rewrite from ferry-fire-wire" in shown.output
    )


def test_ingest_counts_failures_and_exits_1(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"id": "ok", "text": "A short article about a harbour."}\n{not json\n', encoding="utf-8"
    )
    result = CliRunner().invoke(
        main, ["ingest", str(bad), str(tmp_path / "nope.txt"), "--db", str(tmp_path / "c.db")]
    )
    assert result.exit_code == 1
    assert "Ingested 1 of 3 documents (1 new, 0 already stored); 2 failed" in result.output
    listed = CliRunner().invoke(main, ["failures", "--db", str(tmp_path / "c.db")]).output
    assert "bad.jsonl:2" in listed and "nope.txt" in listed


def test_nothing_readable_exits_2(tmp_path):
    result = CliRunner().invoke(
        main, ["ingest", str(tmp_path / "missing"), "--db", str(tmp_path / "c.db")]
    )
    assert result.exit_code == 2


def test_unknown_story_and_missing_db_are_clear_errors(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(main, ["stories", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and missing.output.startswith("Error: The database")
    assert "Traceback" not in missing.output
    runner.invoke(main, ["ingest", str(SAMPLE), "--db", str(tmp_path / "c.db"), "--workers", "1"])
    unknown = runner.invoke(main, ["show", "zzz", "--db", str(tmp_path / "c.db")])
    assert unknown.exit_code == 2 and "Error: No story 'zzz'" in unknown.output


def test_report_escapes_hostile_articles_and_links_pair_pages(tmp_path):
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    for r in rows:
        r["title"] = hostile + (r["title"] or "")
        r["outlet"] = hostile
    src = tmp_path / "hostile.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db, page = str(tmp_path / "c.db"), tmp_path / "out" / "report.html"
    runner = CliRunner()
    assert runner.invoke(main, ["run", str(src), "--db", db, "--workers", "1"]).exit_code == 0
    result = runner.invoke(main, ["report", "--db", db, "-o", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html
    assert html.count("<svg") == 2
    # ranked by severity: both stories have high changes; the port strike has more flagged
    assert html.index("wire-hull-strike") < html.index("ferry-fire-wire")
    links = re.findall(r'href="([^"]+)"', html)
    assert links and all((page.parent / link).is_file() for link in links)
    pair = (page.parent / links[0]).read_text(encoding="utf-8")
    assert "onerror=" not in pair.replace("onerror=&quot;", "")
    sheets = [link for link in links if "_facts/" in link]
    from unspin import corpus
    from unspin.store import Store

    with Store.open(db, readonly=True) as store:
        disputed = len(corpus.facts(store, "wire-hull-strike").disputed)
    assert disputed >= 5  # the farm spin's name, figure, date, action and quote at least
    assert len(sheets) == 2 and f"Fact sheet</a>: {disputed} disputed slots" in html
    sheet = (page.parent / sheets[0]).read_text(encoding="utf-8")
    assert "<table>" in sheet and "<script" not in sheet and "Harrod" in sheet


def test_the_same_files_named_differently_are_stored_once(tmp_path, monkeypatch):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "The harbour reopened on Monday after a three-day strike.\n", encoding="utf-8"
    )
    db = str(tmp_path / "c.db")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for spelling in ("d", "./d", str(folder)):
        result = runner.invoke(main, ["ingest", spelling, "--db", db, "--workers", "1"])
        assert result.exit_code == 0, result.output
    assert "(0 new, 1 already stored)" in result.output


def test_empty_folder_and_locked_database_are_errors(tmp_path):
    (tmp_path / "empty").mkdir()
    db = tmp_path / "c.db"
    runner = CliRunner()
    empty = runner.invoke(main, ["ingest", str(tmp_path / "empty"), "--db", str(db)])
    assert empty.exit_code == 2 and "Error: No articles were found" in empty.output
    import sqlite3

    lock = sqlite3.connect(db, isolation_level=None)
    lock.execute("PRAGMA busy_timeout=0")
    lock.execute("BEGIN EXCLUSIVE")
    try:
        locked = runner.invoke(main, ["ingest", str(SAMPLE), "--db", str(db), "--workers", "1"])
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert locked.exit_code == 2 and locked.output.startswith("Error: ")
    assert "Traceback" not in locked.output and "locked" in locked.output


def test_duplicate_external_ids_do_not_break_the_tree(tmp_path):
    """Lines without id or url are named by file and line; a file edited between runs gives two
    articles of one name (different texts, so not versions of each other)."""
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    feed = tmp_path / "feed.jsonl"
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    for row in rows[:2]:
        feed.write_text(
            json.dumps({"text": row["text"], "published": row["published"]}) + "\n",
            encoding="utf-8",
        )
        assert runner.invoke(main, ["run", str(feed), "--db", db, "--workers", "1"]).exit_code == 0
    text = runner.invoke(main, ["stories", "--db", db])
    assert text.exit_code == 0 and text.output.count(f"- {feed}:1  [") == 2, text.output
