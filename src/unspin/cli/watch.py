"""``unspin watch``: follow feeds and pages, keep their versions, alert when a fact changes."""

from __future__ import annotations

import json
import signal
import threading

import click

from unspin.errors import UnspinError

from . import CliError, main
from .corpus import _store, db_option


@main.command("watch")
@click.argument("urls", nargs=-1)
@db_option
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="watch.toml: schedule bounds, alert rules, webhook and email.")  # fmt: skip
@click.option("--once", is_flag=True, help="One pass over what is due, then exit (for cron).")
@click.option("--force", is_flag=True, help="Check everything now, whatever the schedule says.")
@click.option("--allow-private", is_flag=True,
              help="Allow fetching URLs on private or loopback addresses.")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text",
              help="jsonl: also print each alert on stdout as one JSON object per line.")  # fmt: skip
@click.option("--warc", type=click.Path(dir_okay=False),
              help="Where raw responses are kept (default: the database's name + .warc.gz).")  # fmt: skip
def watch_cli(urls, db, config_path, once, force, allow_private, fmt, warc) -> None:
    """Watch FEED_OR_URL... (added to those the database follows already) and alert when a
    fact changes: a stealth edit, a new rewrite of a watched story, a slot that became
    disputed, or a feed or host in trouble. Without --once it runs until Ctrl-C or SIGTERM."""
    from unspin.watch import Watcher, load_config

    config = load_config(config_path)
    emit = _jsonl if fmt == "jsonl" else _line
    with _store(db, create=True) as store:
        watcher = Watcher(store, config, allow_private=allow_private, warc=warc, emit=emit)
        try:
            if urls:
                watcher.add(urls)
            if not store.watches():
                raise CliError(f"{db} watches nothing yet: name a feed or page to watch.")
            if once:
                _summary(watcher.check(force=force))
                return
            stop = threading.Event()
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: stop.set())
            for result in watcher.run(stop, force=force):
                _summary(result)
        except UnspinError as exc:
            raise CliError(str(exc)) from exc
    click.echo("unspin watch: stopped.", err=True)


def _jsonl(alert: dict) -> None:
    click.echo(json.dumps(alert, ensure_ascii=False, sort_keys=True))


def _line(alert: dict) -> None:
    """An alert as one line for a terminal: its type, title and changes."""
    changes = "; ".join(c["explanation"] for c in alert["changes"])
    click.echo(f"{alert['type']}: {alert.get('title') or alert.get('detail')}"
               + (f" ({alert['url']})" if alert.get("url") else "")
               + (f": {changes}" if changes else ""))  # fmt: skip


def _summary(result) -> None:
    click.echo(
        f"Checked {result.checked} ({result.not_modified} not modified, {result.failed} failed); "
        f"{result.new_entries} new entries, {result.versions} new versions "
        f"({result.boring} boring, {result.returned} returned); {len(result.alerts)} alerts.",
        err=True,
    )
    for problem in result.problems:
        click.echo(f"Warning: {problem}", err=True)
