"""The ``unspin`` command: thin shells over the library.

Every command parses its options, makes library calls and formats the result. Errors the
library raises on purpose (:class:`UnspinError`) become ``Error: <message>`` on stderr and exit
code 2; ``--fail-on`` turns a found change into exit code 1 for scripts.
"""

from __future__ import annotations

import codecs
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import click

from unspin import report
from unspin.errors import InputError, UnspinError
from unspin.inputs import parse_json

EXIT_FOUND = 1
EXIT_ERROR = 2
_SEVERITY = {"high": ("high",), "medium": ("high", "medium")}


class CliError(click.ClickException):
    exit_code = EXIT_ERROR

    def show(self, file: TextIO | None = None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


class _Group(click.Group):
    """The command group; no traceback ever reaches the user. An error the library raises on
    purpose that a command did not catch is shown as one; anything else is a bug, said so in one
    line (``UNSPIN_DEBUG=1`` shows the traceback)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except UnspinError as exc:
            raise CliError(str(exc)) from exc
        except Exception as exc:
            if os.environ.get("UNSPIN_DEBUG"):
                raise
            raise CliError(
                f"unspin failed unexpectedly ({type(exc).__name__}: {exc}). This is a bug; "
                "rerun with UNSPIN_DEBUG=1 to see where, and report it."
            ) from exc


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="unspin")
def main() -> None:
    """unspin: show which facts a rewrite of a news story changed, how, and where."""


@main.command("compare")
@click.argument("source", required=False)
@click.argument("rewrite", required=False)
@click.option(
    "--pairs",
    "pairs",
    type=click.Path(dir_okay=False),
    help="JSONL of {id, source, rewrite} to compare in batch.",
)
@click.option(
    "--format", "fmt", default=None,
    type=click.Choice(report.FORMATS),
    help="Output format (default: text; jsonl with --pairs).",
)  # fmt: skip
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to FILE instead of stdout.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["high", "medium"]),
    help="Exit 1 when a change this severe (or worse) is found.",
)
@click.option(
    "--allow-private", is_flag=True, help="Allow fetching URLs on private or loopback addresses."
)
@click.option(
    "--as", "mode", type=click.Choice(["rewrite", "report"]), default=None,
    help="Read REWRITE as a rewrite of SOURCE, or as an independent report of the same story "
    "(default: chosen from the relation found).",
)  # fmt: skip
@click.option(
    "--min-confidence", type=click.FloatRange(0.0, 1.0), default=None,
    help="Report only changes at least this sure (0..1).",
)  # fmt: skip
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour text output (default: when writing to a terminal).",
)
def compare_cli(
    source, rewrite, pairs, fmt, output, fail_on, allow_private, mode, min_confidence, color
) -> None:
    """Compare REWRITE against SOURCE (files, URLs or - for stdin) and report what changed."""
    options = {"mode": mode, "min_confidence": min_confidence}
    if pairs:
        if source or rewrite:
            raise click.UsageError("Give either SOURCE and REWRITE or --pairs, not both.")
        found = _batch(pairs, fmt or "jsonl", output, fail_on, options)
    else:
        if not source or not rewrite:
            raise click.UsageError("Give a SOURCE and a REWRITE (or --pairs FILE).")
        found = _single(
            source, rewrite, fmt or "text", output, fail_on, allow_private, color, options
        )
    if found:
        sys.exit(EXIT_FOUND)


def _compare(source, rewrite, options: dict, id: object = None):
    from unspin import compare
    from unspin.score import at_least

    result = compare(source, rewrite, id=id, mode=options["mode"])
    return at_least(result, options["min_confidence"])


def _single(source, rewrite, fmt, output, fail_on, allow_private, color, options) -> bool:
    from unspin import load
    from unspin.report import render

    if fmt == "jsonl":
        fmt = "json"
    if source == "-" and rewrite == "-":
        raise CliError("Only one of SOURCE and REWRITE can be read from stdin.")
    try:
        result = _compare(
            load(source, allow_private=allow_private),
            load(rewrite, allow_private=allow_private),
            options,
        )
    except UnspinError as exc:
        raise CliError(str(exc)) from exc
    if color is None:
        color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    _write(output, render(result, fmt, color=bool(color)))
    return _hit(result, fail_on)


def _hit(result, fail_on: str | None) -> bool:
    return bool(fail_on) and any(
        c.severity in _SEVERITY[fail_on] and c.kind != "omitted" for c in result.changes
    )


def _write(output: str | None, text: str) -> None:
    if output is None:
        click.echo(text.rstrip("\n"))
        return
    try:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise CliError(f"Could not write {output}: {exc.strerror or exc}.") from exc


def _read_pairs(path: str) -> Iterator[tuple[object, str | None, str | None, str | None]]:
    """(id, source, rewrite, error) per line of a pairs file."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - streamed line by line
    except OSError as exc:
        raise CliError(f"Could not read {path}: {exc.strerror or exc}.") from exc
    with handle:
        for number, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            try:
                line = raw.removeprefix(codecs.BOM_UTF8).decode("utf-8")
                item = parse_json(line, f"{path} line {number}", line=True)
            except UnicodeDecodeError:
                yield number, None, None, f"{path} line {number} is not UTF-8 text."
                continue
            except InputError as exc:
                yield number, None, None, str(exc)
                continue
            if not isinstance(item, dict):
                yield number, None, None, f"{path} line {number} is not a JSON object."
                continue
            pid = item.get("id", number)
            src, rw = item.get("source"), item.get("rewrite")
            if not isinstance(src, str) or not isinstance(rw, str):
                yield (
                    pid,
                    None,
                    None,
                    f"{path} line {number} needs string fields 'source' and 'rewrite'.",
                )
            elif not src.strip() or not rw.strip():
                yield pid, None, None, f"{path} line {number} has an empty 'source' or 'rewrite'."
            else:
                yield pid, src, rw, None


def _batch(path: str, fmt: str, output: str | None, fail_on: str | None, options: dict) -> bool:
    from unspin import load_text

    if not report.BY_NAME[fmt].batch and fmt != "json":
        raise click.UsageError("--pairs writes JSON lines: use --format jsonl.")
    out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    found = failed = total = 0
    try:
        for pid, src, rw, error in _read_pairs(path):
            total += 1
            if error is None:
                try:
                    result = _compare(
                        load_text(src, "source"), load_text(rw, "rewrite"), options, id=pid
                    )
                    line = result.to_dict()
                    found += _hit(result, fail_on)
                except (UnspinError, ValueError) as exc:
                    error = (
                        str(exc)
                        if isinstance(exc, InputError)
                        else f"Pair {pid} could not be compared: {exc}"
                    )
            if error is not None:
                failed += 1
                line = {"id": pid, "error": error}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            out.flush()
    finally:
        if output:
            out.close()
    click.echo(f"Compared {total - failed} of {total} pairs; {failed} failed.", err=True)
    if failed:
        sys.exit(EXIT_ERROR)
    return bool(found)


from . import corpus as _corpus  # noqa: E402,F401 - registers the corpus commands on ``main``
from . import facts as _facts  # noqa: E402,F401 - registers ``facts``
from . import serve as _serve  # noqa: E402,F401 - registers ``serve``
from . import watch as _watch  # noqa: E402,F401 - registers ``watch``

if __name__ == "__main__":  # pragma: no cover
    main()
