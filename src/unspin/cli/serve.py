"""``unspin serve``: the web UI and JSON API over a store (see :mod:`unspin.web`)."""

from __future__ import annotations

import click

from unspin.errors import UnspinError

from . import CliError, main


@main.command("serve")
@click.option("--db", required=True, type=click.Path(dir_okay=False), help="The unspin database.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--allow-fetch", is_flag=True, help="Let the compare page fetch two URLs (public addresses)."
)
@click.option(
    "--allow-private", is_flag=True, help="With --allow-fetch: private and loopback addresses too."
)
@click.option(
    "--max-body",
    default=2_000_000,
    show_default=True,
    type=click.IntRange(1000),
    help="Largest request body (pasted or uploaded texts), in bytes.",
)
def serve_cli(db, host, port, allow_fetch, allow_private, max_body) -> None:
    """Browse stories and each rewrite's changes in a browser; compare two texts."""
    import uvicorn

    from unspin.web import Settings, create_app
    from unspin.web.app import LOOPBACK

    loopback = host in ("127.0.0.1", "localhost", "::1")
    try:
        settings = Settings(
            db, allow_fetch, allow_private, max_body, hosts=LOOPBACK if loopback else ()
        )
        app = create_app(settings)
    except UnspinError as exc:
        raise CliError(str(exc)) from exc
    if not loopback:
        click.echo(
            f"Warning: listening on {host}: anyone who can reach it can read the store.", err=True
        )
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"unspin serve: http://{shown}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
