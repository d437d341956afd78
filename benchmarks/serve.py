"""Server time of ``unspin serve``'s pages on a store of the whole AllSides corpus (issue 5).

The store is ``~/.cache/unspin-bench/allsides.db``, built once with ``unspin run`` over
``allsides/articles.jsonl.gz`` (ingest, cluster, provenance and compare: several minutes) or
given with ``--db``. The application runs in this process (``create_app``, called through
Starlette's test client, so no socket or browser time is counted); each page is requested
``--repeat`` times after one warm-up request, and the time is the app's own ``Server-Timing``
(middleware to response, rendering included). Pages: the stories page (default sort, sorted by
recency, a search, a change-kind filter, a deep page), the largest story, the pair with the
most changes and a median one, an article, the JSON API's stories, and the static stylesheet
as the floor of what any request costs here.

Target: stories page and pair view under 300 ms (p95) on this machine.

    python -m benchmarks.serve [--db FILE] [--repeat N] [--json [OUT]]
"""

from __future__ import annotations

import sqlite3
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from .common import bench_file, machine_line, main_guard, parser, percentile, table, write_json

NAME = "serve"
TARGET_MS = 300.0
BASE = "http://127.0.0.1:8765"  # a Host name the app answers to (loopback)
CACHE = Path.home() / ".cache" / "unspin-bench" / "allsides.db"


def build(db: Path) -> None:
    data = bench_file("allsides/articles.jsonl.gz")
    db.parent.mkdir(parents=True, exist_ok=True)
    part = db.with_suffix(".part.db")
    part.unlink(missing_ok=True)
    print(f"building {db} from {data} (unspin run, compare included) ...", file=sys.stderr)
    cmd = [sys.executable, "-m", "unspin.cli", "run", str(data), "--db", str(part)]
    subprocess.run(cmd, check=True)
    part.rename(db)


def targets(db: Path) -> list[tuple[str, str]]:
    """The pages to time, found in the store."""
    with sqlite3.connect(db) as conn:
        biggest = conn.execute(
            "SELECT story FROM members GROUP BY story ORDER BY COUNT(*) DESC, story LIMIT 1"
        ).fetchone()[0]
        pairs = conn.execute(
            "SELECT c.source, c.rewrite, COUNT(ch.idx) AS n FROM comparisons c "
            "LEFT JOIN changes ch ON ch.source = c.source AND ch.rewrite = c.rewrite "
            "GROUP BY c.source, c.rewrite ORDER BY n DESC, c.rewrite"
        ).fetchall()
        article = conn.execute("SELECT id FROM articles ORDER BY words DESC LIMIT 1").fetchone()[0]
        outlet = conn.execute(
            "SELECT outlet FROM articles GROUP BY outlet ORDER BY COUNT(*) DESC LIMIT 1"
        ).fetchone()[0]
    out = [
        ("static stylesheet (floor)", "/static/site.css"),
        ("stories: default (severity)", "/"),
        ("stories: recent first", "/?sort=recent"),
        ("stories: search 'immigration'", "/?text=immigration"),
        ("stories: kind=number", "/?kind=number"),
        (
            "stories: outlet + dates",
            "/?" + urlencode({"outlet": outlet, "since": "2018-01-01", "until": "2019-12-31"}),
        ),  # fmt: skip
        ("stories: page 200", "/?page=200"),
        ("api: stories", "/api/stories"),
        ("story: largest", f"/stories/{biggest}"),
        ("article: longest", f"/articles/{article}"),
    ]
    if pairs:
        top, mid = pairs[0], pairs[len(pairs) // 2]
        out += [
            (f"pair: most changes ({top[2]})", f"/pairs/{top[0]}/{top[1]}"),
            (f"pair: median ({mid[2]} changes)", f"/pairs/{mid[0]}/{mid[1]}"),
        ]
    return out


def measure(db: Path, repeat: int) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from unspin.web import Settings, create_app

    rows = []
    with TestClient(create_app(Settings(str(db))), base_url=BASE) as client:
        for label, path in targets(db):
            times = []
            for k in range(repeat + 1):
                r = client.get(path)
                if r.status_code != 200:
                    raise SystemExit(f"{path}: status {r.status_code}: {r.text[:200]}")
                if k:  # the first request warms caches and opens the thread's connection
                    times.append(float(r.headers["server-timing"].split("dur=")[1]))
            rows.append({"page": label, "path": path, "median_ms": statistics.median(times),
                         "p95_ms": percentile(times, 95), "max_ms": max(times),
                         "bytes": len(r.content)})  # fmt: skip
    with sqlite3.connect(db) as conn:
        n = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    timed = [r for r in rows if r["page"].startswith(("stories", "pair"))]
    return {"articles": n, "repeat": repeat, "pages": rows, "target_ms": TARGET_MS,
            "worst_p95_ms": max(r["p95_ms"] for r in timed),
            "all_under_target": all(r["p95_ms"] < TARGET_MS for r in timed)}  # fmt: skip


def report(results: dict[str, Any]) -> str:
    rows = [
        (r["page"], f"{r['median_ms']:.1f}", f"{r['p95_ms']:.1f}", f"{r['max_ms']:.1f}",
         f"{r['bytes']:,}")
        for r in results["pages"]
    ]  # fmt: skip
    verdict = (
        f"stories and pair pages: worst p95 {results['worst_p95_ms']:.1f} ms "
        f"(target < {TARGET_MS:.0f} ms): {'met' if results['all_under_target'] else 'NOT met'}"
    )
    return "\n".join([
        machine_line(),
        table(("page", "median ms", "p95 ms", "max ms", "bytes"), rows,
              f"Server time on a store of {results['articles']:,} articles, "
              f"{results['repeat']} requests each"),
        verdict,
    ])  # fmt: skip


def main() -> None:
    p = parser(NAME, __doc__.splitlines()[0])
    p.add_argument("--db", default=None, help=f"the store (default {CACHE}, built if absent)")
    p.add_argument("--repeat", type=int, default=20)
    args = p.parse_args()

    def body() -> None:
        db = Path(args.db) if args.db else CACHE
        if not db.exists():
            build(db)
        results = measure(db, args.repeat)
        print(report(results))
        if args.json:
            write_json(args.json, NAME, args, results)

    main_guard(NAME, body)


if __name__ == "__main__":
    main()
