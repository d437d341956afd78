"""Corpus commands: ``ingest``, ``cluster``, ``provenance``, ``run``, ``stories``, ``show``.

Each opens the store, makes one library call (:mod:`unspin.corpus`) and prints. Exit codes of
``ingest`` and ``run``: 0 every document was read, 1 some failed (each is stored with its reason;
the closing line counts them), 2 nothing could be read or the store could not be used.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import sys
from collections.abc import Callable, Iterator
from urllib.parse import quote

import click

from unspin.errors import UnspinError

from . import EXIT_ERROR, CliError, _write, main

EXIT_PARTIAL = 1

db_option = click.option(
    "--db",
    required=True,
    type=click.Path(dir_okay=False),
    help="The unspin database (SQLite file).",
)


def fetch_options(f: Callable) -> Callable:
    """``--allow-private`` and ``--workers``, shared by ``ingest`` and ``run``."""
    f = click.option(
        "--workers",
        type=click.IntRange(1, 64),
        help="Processes for splitting, hashing and labelling (default: cores).",
    )(f)
    return click.option(
        "--allow-private",
        is_flag=True,
        help="Allow fetching URLs on private or loopback addresses.",
    )(f)


@contextlib.contextmanager
def _store(db: str, create: bool = False) -> Iterator:
    from unspin.store import Store

    try:
        with Store.open(db, create=create) as store:
            yield store
    except UnspinError as exc:
        raise CliError(str(exc)) from exc
    except sqlite3.Error as exc:  # locked, full disk, damaged file: one clear line, no traceback
        raise CliError(f"The database {db} could not be used: {exc}.") from exc


@contextlib.contextmanager
def _progress(label: str) -> Iterator[Callable[[int], None] | None]:
    """A running count on a terminal's stderr; nothing when piped."""
    if not sys.stderr.isatty():
        yield None
        return
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        click.echo(f"\r{label}: {done:,}", nl=False, err=True)

    try:
        yield tick
    finally:
        if done:
            click.echo("", err=True)


def _ingest(store, paths, allow_private: bool, workers: int | None):
    from unspin import corpus
    from unspin.corpus import readers

    with _progress("ingest") as tick:
        try:
            result = corpus.ingest(
                store, readers.read(paths, allow_private=allow_private), tick, workers=workers
            )
        except UnspinError as exc:
            raise CliError(str(exc)) from exc
    read = result.added + result.unchanged
    click.echo(
        f"Ingested {read:,} of {read + result.failed:,} documents "
        f"({result.added:,} new, {result.unchanged:,} already stored); {result.failed:,} failed"
        + (" (`unspin failures --db` lists them)." if result.failed else "."),
        err=True,
    )
    return result


def _exit_for(result) -> None:
    if not (result.added + result.unchanged + result.failed):
        raise CliError("No articles were found in the paths given.")
    if result.failed and not (result.added + result.unchanged):
        sys.exit(EXIT_ERROR)
    if result.failed:
        sys.exit(EXIT_PARTIAL)


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@fetch_options
def ingest_cli(paths, db, allow_private, workers) -> None:
    """Read articles from folders, globs, files, JSONL, WARC, RSS/Atom feeds or URLs into DB."""
    with _store(db, create=True) as store:
        result = _ingest(store, paths, allow_private, workers)
    _exit_for(result)


@main.command("cluster")
@db_option
def cluster_cli(db) -> None:
    """Group the articles not yet placed into stories (new ones join existing stories)."""
    from unspin import corpus

    with _store(db) as store, _progress("cluster") as tick:
        result = corpus.cluster(store, tick)
    click.echo(
        f"Placed {result.placed:,} articles; {result.threads:,} threads re-split into {result.stories:,} stories.",
        err=True,
    )


@main.command("provenance")
@db_option
@click.option(
    "--compare/--no-compare",
    default=True,
    help="Also compare each copy and rewrite with its source.",
)
@click.option(
    "--workers", type=click.IntRange(1, 64), help="Processes for labelling (default: cores)."
)
def provenance_cli(db, compare, workers) -> None:
    """Label each article of the changed stories original, copy, rewrite or independent."""
    from unspin import corpus

    with _store(db) as store, _progress("provenance") as tick:
        result = corpus.provenance(store, compare=compare, progress=tick, workers=workers)
    click.echo(
        f"Traced {result.stories:,} stories: {result.derived:,} copies and rewrites, {result.compared:,} compared.",
        err=True,
    )


@main.command("run")
@click.argument("paths", nargs=-1, required=True)
@db_option
@fetch_options
@click.option(
    "--compare/--no-compare", default=True, help="Compare each copy and rewrite with its source."
)
@click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    help="local: this process (incremental). spark: one PySpark job into a new DB "
    "(needs `pip install 'unspin[spark]'`); same stories, derivations and changes.",
)
@click.option("--facts", is_flag=True,
              help="Also read every story's facts, so fact sheets need no model later.")  # fmt: skip
@click.option("--master", help="Spark master URL (default local[*], or what spark-submit set).")
@click.option(
    "--conf",
    "confs",
    multiple=True,
    metavar="KEY=VALUE",
    help="A Spark setting, as for spark-submit (repeatable).",
)
def run_cli(paths, db, allow_private, workers, compare, engine, facts, master, confs) -> None:
    """ingest, cluster and provenance in one go (and, with --facts, every story's facts)."""
    from unspin import corpus

    if engine == "spark":
        _run_spark(paths, db, allow_private, compare, facts, master, confs)
        return
    with _store(db, create=True) as store:
        result = _ingest(store, paths, allow_private, workers)
        with _progress("cluster") as tick:
            placed = corpus.cluster(store, tick)
        with _progress("provenance") as tick:
            traced = corpus.provenance(store, compare=compare, progress=tick, workers=workers)
        if facts:
            with _progress("facts") as tick:
                corpus.read_facts(store, tick)
    click.echo(
        f"Placed {placed.placed:,} articles in {placed.stories:,} stories; "
        f"{traced.derived:,} copies and rewrites found, {traced.compared:,} compared.",
        err=True,
    )
    _exit_for(result)


def _run_spark(paths, db, allow_private, compare, facts, master, confs) -> None:
    from unspin.engines import spark

    conf = []
    for item in confs:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise CliError(f"--conf {item!r} is not KEY=VALUE.")
        conf.append((key, value))
    with _store(db, create=True) as store:
        try:
            spark.require_empty(store)
            session = spark.session(master, conf)
            result = spark.run(
                store, paths, spark=session, allow_private=allow_private, compare=compare,
                facts=facts,
            )  # fmt: skip
        except UnspinError as exc:
            raise CliError(str(exc)) from exc
    click.echo(
        f"Spark: read {result.read:,} documents ({result.added:,} articles, "
        f"{result.failed:,} failed); {result.stories:,} stories, {result.compared:,} compared.",
        err=True,
    )
    if not result.read:
        raise CliError("No articles were found in the paths given.")
    if result.failed:
        sys.exit(EXIT_ERROR if not result.added else EXIT_PARTIAL)


@main.command("stories")
@db_option
@click.option(
    "--format", "fmt", default="text", type=click.Choice(["text", "json"]), help="Output format."
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to FILE instead of stdout.",
)
def stories_cli(db, fmt, output) -> None:
    """Every story with its articles and who was derived from whom."""
    from unspin import corpus

    with _store(db) as store:
        rows = corpus.stories(store)
    _write(
        output,
        json.dumps(rows, indent=1, ensure_ascii=False) if fmt == "json" else _tree_text(rows),
    )


def _tree_text(rows: list[dict]) -> str:
    """Each story as an indented tree. Walked with a stack, not recursion: chains can be long,
    and two articles of different inputs may share an external id."""
    lines: list[str] = []
    for story in rows:
        arts = story["articles"]
        lines.append(f"story {story['story']} ({len(arts)} articles)")
        children: dict[str | None, list[int]] = {}
        for k, a in enumerate(arts):
            children.setdefault(a["derived_from"], []).append(k)
        shown: set[int] = set()
        roots = [k for k, a in enumerate(arts) if a["derived_from"] is None]
        for start in roots + [k for k in range(len(arts)) if k not in roots]:
            stack = [(start, 1)]
            while stack:
                k, depth = stack.pop()
                if k in shown:
                    continue
                shown.add(k)
                lines.append(f"{'  ' * depth}- {arts[k]['id']}  [{arts[k]['relation']}]")
                stack.extend(
                    (c, depth + 1)
                    for c in reversed(children.get(arts[k]["id"], []))
                    if c not in shown
                )
    return "\n".join(lines) if lines else "No stories yet: run `unspin cluster`."


@main.command("show")
@click.argument("story")
@db_option
@click.option(
    "--format", "fmt", default="text", type=click.Choice(["text", "json"]), help="Output format."
)
def show_cli(story, db, fmt) -> None:
    """One story (an id, a unique prefix, or an article's id): its tree and each rewrite's changes."""
    from unspin import corpus

    with _store(db) as store:
        try:
            data = corpus.show(store, story)
        except UnspinError as exc:
            raise CliError(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps(data, indent=1, ensure_ascii=False))
        return
    click.echo(f"story {data['story']}")
    for a in data["articles"]:
        meta = ", ".join(x for x in (a["outlet"], a["published"]) if x)
        origin = f" from {a['derived_from']}" if a["derived_from"] else ""
        click.echo(
            f"- {a['id']}  [{a['relation']}{origin}]  {a['title'] or ''}"
            + (f"  ({meta})" if meta else "")
        )
        for c in a.get("changes", []):
            if c["severity"] in ("high", "medium") and c["kind"] != "omitted":
                click.echo(f"    {c['severity']:<6} {c['kind']:<10} {c['explanation']}")


@main.command("failures")
@db_option
def failures_cli(db) -> None:
    """Documents that could not be read, with the reason."""
    from unspin import corpus

    with _store(db) as store:
        for f in corpus.failures(store):
            click.echo(f"{f['origin']}\t{f['reason']}")


@main.command("report")
@db_option
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, writable=True),
    help="The report page to write.",
)
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=500,
    show_default=True,
    help="Stories shown, most severe first.",
)
def report_cli(db, output, limit) -> None:
    """A static HTML report: stories ranked by severity, derivation graphs, pair pages."""
    from pathlib import Path

    from unspin import corpus
    from unspin.report import render_html
    from unspin.report.corpus import render_corpus
    from unspin.report.sheet import render_html as render_sheet

    page = Path(output)
    pairs_dir = page.with_name(page.stem + "_pairs")
    with _store(db) as store:
        stories = corpus.overview(store, limit)
        total = store.count_articles()
        singles = store.count_single_stories()
        compared = store.compared_pairs()
        written = 0
        for story in stories:
            for a in story["articles"]:
                if (a["parent"], a["article"]) in compared:
                    pairs_dir.mkdir(parents=True, exist_ok=True)
                    html = render_html(corpus.comparison(store, a["parent"], a["article"]))
                    (pairs_dir / f"{a['parent']}-{a['article']}.html").write_text(
                        html, encoding="utf-8"
                    )
                    written += 1
        facts_dir = page.with_name(page.stem + "_facts")
        disputed: dict[str, int] = {}
        for story in stories:  # each story's fact sheet, a page of its own
            sheet = corpus.facts(store, story["story"])
            facts_dir.mkdir(parents=True, exist_ok=True)
            (facts_dir / f"{story['story']}.html").write_text(render_sheet(sheet), encoding="utf-8")
            disputed[story["story"]] = len(sheet.disputed)

    def facts(story: dict) -> tuple[str, int]:
        return f"{quote(facts_dir.name)}/{story['story']}.html", disputed[story["story"]]

    def href(a: dict) -> str | None:
        if (a["parent"], a["article"]) in compared:
            return f"{quote(pairs_dir.name)}/{a['parent']}-{a['article']}.html"
        return None

    _write(output, render_corpus(stories, href, total=total, singles=singles, facts=facts))
    click.echo(
        f"Wrote {output} ({len(stories):,} stories), {written:,} pair pages in {pairs_dir}/ "
        f"and {len(disputed):,} fact sheets in {facts_dir}/.",
        err=True,
    )
