"""``unspin facts``: a story's fact sheet, or every disputed slot in the store."""

from __future__ import annotations

import json

import click

from unspin.errors import UnspinError

from . import CliError, _write, main
from .corpus import _store, db_option


@main.command("facts")
@click.argument("story", required=False)
@db_option
@click.option(
    "--format", "fmt", default="text",
    type=click.Choice(["text", "json", "markdown", "html"]), help="Output format.",
)  # fmt: skip
@click.option("--disputed", is_flag=True, help="Every disputed slot of every story, ranked.")
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, writable=True),
    help="Write to FILE instead of stdout.",
)  # fmt: skip
def facts_cli(story, db, fmt, disputed, output) -> None:
    """A story's facts (STORY: an id, a unique prefix, or an article's id): each slot, its
    values, who states each, and how many independent origins stand behind it."""
    from unspin import corpus
    from unspin.report import sheet as render

    if bool(story) == disputed:
        raise CliError("Give a STORY, or --disputed for every disputed slot in the store.")
    with _store(db) as store:
        try:
            if disputed:
                found = corpus.disputed(store)
            else:
                result = corpus.facts(store, story)
        except UnspinError as exc:
            raise CliError(str(exc)) from exc
    if disputed:
        if fmt == "json":
            text = json.dumps([dict(story=s, **slot.to_dict()) for s, slot in found], indent=1,
                              ensure_ascii=False)  # fmt: skip
        else:
            text = (
                "\n".join(
                    f"{s}  {slot.slot}: "
                    + " | ".join(f"{v.value} ({len(v.origins)} origin(s))" for v in slot.values)
                    for s, slot in found
                )
                or "No disputed slots."
            )
        _write(output, text)
        return
    if fmt == "json":
        text = json.dumps(result.to_dict(), indent=1, ensure_ascii=False)
    else:
        text = {"text": render.render_text, "markdown": render.render_markdown,
                "html": render.render_html}[fmt](result)  # fmt: skip
    _write(output, text)
