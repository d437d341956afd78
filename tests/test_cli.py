"""The unspin command: formats, exit codes, errors, batch mode."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from unspin.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "port-strike"
SRC, SPIN, PARA = (str(SAMPLES / n) for n in ("source.txt", "farm-spin.html", "paraphrase.txt"))


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def run(runner, *args, input=None):
    return runner.invoke(main, ["compare", *args], input=input, catch_exceptions=False)


def test_text_report_names_the_changes(runner):
    result = run(runner, SRC, SPIN)
    assert result.exit_code == 0
    assert "Harrod" in result.output and "nearly two million" in result.output
    assert "\x1b[" not in result.output  # not a terminal: no colour


def test_json_output_follows_the_contract(runner):
    result = run(runner, SRC, SPIN, "--format", "json")
    data = json.loads(result.output)
    assert data["source"]["name"] == SRC and data["rewrite"]["sentences"] > 5
    assert {c["kind"] for c in data["changes"]} >= {"number", "entity", "quote", "boilerplate"}


def test_markdown_and_html_to_file(runner, tmp_path):
    md = run(runner, SRC, SPIN, "--format", "markdown")
    assert md.output.startswith("#") and "|" in md.output
    out = tmp_path / "report.html"
    result = run(runner, SRC, SPIN, "--format", "html", "--output", str(out))
    assert result.exit_code == 0 and result.output == ""
    page = out.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html") and "Harrod" in page


def test_fail_on_sets_exit_code_for_scripts(runner):
    assert run(runner, SRC, SPIN, "--fail-on", "high").exit_code == 1
    assert run(runner, SRC, PARA, "--fail-on", "medium").exit_code == 0


def test_stdin_as_rewrite(runner):
    text = Path(PARA).read_text(encoding="utf-8")
    result = run(runner, SRC, "-", "--format", "json", input=text)
    assert json.loads(result.output)["rewrite"]["name"] == "<stdin>"


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "empty"),
        (b"   \n\t", "whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not text"),
        (b"{not json", "JSON"),
    ],
)
def test_bad_input_is_a_clear_error(runner, tmp_path, content, needle):
    bad = tmp_path / ("bad.json" if content.startswith(b"{") else "bad.txt")
    bad.write_bytes(content)
    result = runner.invoke(main, ["compare", SRC, str(bad)])
    assert result.exit_code == 2
    assert result.output.startswith("Error: ") and str(bad) in result.output
    assert needle.lower() in result.output.lower()
    assert "Traceback" not in result.output


def test_missing_file_in_a_real_process_has_no_traceback(tmp_path):
    missing = str(tmp_path / "nope.txt")
    proc = subprocess.run(
        [sys.executable, "-m", "unspin.cli", "compare", SRC, missing],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("Error: ") and missing in proc.stderr
    assert "Traceback" not in proc.stderr


def test_batch_keeps_order_and_reports_bad_lines(runner, tmp_path):
    src = Path(SRC).read_text(encoding="utf-8")
    pairs = tmp_path / "pairs.jsonl"
    lines = [
        {
            "id": "a",
            "source": "The council approved the plan on Monday.",
            "rewrite": "The council rejected the plan on Monday.",
        },
        {"id": "b", "source": src, "rewrite": ""},
        "this is not json",
        {
            "id": 7,
            "source": "About 1,400 people were evacuated.",
            "rewrite": "About 1,400 people were evacuated.",
        },
    ]
    pairs.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["compare", "--pairs", str(pairs), "--format", "jsonl"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", 3, 7]
    assert "error" in rows[1] and "empty" in rows[1]["error"]
    assert "error" in rows[2] and "line 3" in rows[2]["error"]
    assert any(c["kind"] == "reversal" and c["severity"] == "high" for c in rows[0]["changes"])
    assert rows[3]["changes"] == [] and rows[3]["relation"]["kind"] == "copy"
    assert result.exit_code == 2  # some lines failed
    assert "Compared 2 of 4 pairs; 2 failed." in result.stderr


def test_usage_errors(runner):
    assert runner.invoke(main, ["compare", SRC]).exit_code == 2
    assert runner.invoke(main, ["compare", SRC, SPIN, "--format", "pdf"]).exit_code == 2
