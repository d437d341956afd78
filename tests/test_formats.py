"""One registry of output formats: the renderers, the CLI's --format choices and the README all
read unspin.report.REGISTRY."""

from __future__ import annotations

import json
from pathlib import Path

import click

import unspin
from unspin import report
from unspin.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _compare_choices() -> list[str]:
    command = main.commands["compare"]
    option = next(p for p in command.params if p.name == "fmt")
    assert isinstance(option.type, click.Choice)
    return list(option.type.choices)


def test_the_cli_offers_exactly_the_registered_formats():
    assert _compare_choices() == list(report.FORMATS)


def test_every_format_renders_and_is_documented():
    result = unspin.compare("The strike involves 3,100 dock workers.",
                            "The strike involves 1,300 dock workers.")  # fmt: skip
    readme = (ROOT / "README.md").read_text("utf-8")
    for fmt in report.REGISTRY:
        out = report.render(result, fmt.name)
        assert "1,300" in out, fmt.name
        assert f"`{fmt.name}`" in readme, f"README does not list the {fmt.name} format"
        if fmt.media_type.startswith("application/"):
            assert json.loads(out)["changes"], fmt.name
    assert "\n" not in report.render(result, "jsonl")
    assert report.render(result, "html").lstrip().lower().startswith("<!doctype html>")
