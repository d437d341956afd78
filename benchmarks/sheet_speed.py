"""Speed of fact sheets on the AllSides store (issue 24): a 50-article story, many stories,
and the web UI's Facts tab.

The store is a copy of ``benchmarks.serve``'s (``~/.cache/unspin-bench/allsides.db``: 18,782
articles through ``unspin run``, built once if absent; or ``--db``). A sheet reads each
article's mentions with spaCy and MiniLM the first time ("cold") and keeps them in the store;
later sheets read them back ("kept").

- **50-article story**: the story whose size is nearest 50; its sheet cold once, then kept
  (median of ``--repeat``).
- **stories**: ``--stories`` stories of 2+ articles, spread evenly over the store (in story id
  order), cold then kept; their articles per second cold, and the time all stories of 2+
  articles would take at that rate (an estimate, so marked as one).
- **Facts tab**: ``GET /stories/{id}/facts`` and ``GET /api/stories/{id}/facts`` through the
  app in this process (FastAPI's test client: server time, no network), over the sampled
  stories with their mentions kept; median and p95.

    python -m benchmarks.sheet_speed [--db FILE] [--stories N] [--repeat N] [--json [OUT]]

Targets: a 50-article story < 5 s; all stories of the 18,783 articles < 10 min; the tab < 300 ms.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from .common import main_guard, parser, percentile, table, write_json

NAME = "sheet_speed"


def main() -> None:
    from . import serve

    p = parser(NAME, __doc__.splitlines()[0])
    p.add_argument("--db", type=Path, default=None)
    p.add_argument("--stories", type=int, default=40)
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args()
    src = args.db or serve.CACHE
    if not src.exists():
        serve.build(src)
    with tempfile.TemporaryDirectory(prefix="unspin-sheet-speed-") as tmp:
        db = Path(tmp) / "s.db"
        shutil.copyfile(src, db)
        r = measure(db, args.stories, args.repeat)
    rows = [
        ("50-article story, cold", f"{r['story50_cold']:.2f} s", "< 5 s"),
        ("50-article story, kept (median)", f"{r['story50_kept']:.3f} s", "< 5 s"),
        (f"{r['sampled']} stories ({r['sampled_articles']} articles), cold",
         f"{r['sample_cold']:.1f} s ({r['articles_per_s']:.2f} articles/s)", ""),
        (f"{r['sampled']} stories, kept", f"{r['sample_kept']:.2f} s", ""),
        (f"all {r['stories']} stories of 2+ ({r['articles']} articles), cold (estimate)",
         f"{r['all_cold_estimate'] / 60:.0f} min", "< 10 min"),
        (f"all {r['stories']} stories, kept (estimate)", f"{r['all_kept_estimate']:.0f} s", "< 10 min"),
        ("Facts tab, median / p95", f"{r['tab_median_ms']:.0f} / {r['tab_p95_ms']:.0f} ms", "< 300 ms"),
        ("API facts, median / p95", f"{r['api_median_ms']:.0f} / {r['api_p95_ms']:.0f} ms", ""),
    ]  # fmt: skip
    print(
        table(["figure", "value", "target"], rows, title=f"story of {r['story50_size']} articles")
    )
    if args.json:
        write_json(args.json, NAME, args, r)


def measure(db: Path, sample: int, repeat: int) -> dict:
    from fastapi.testclient import TestClient

    from unspin import corpus
    from unspin.store import Store
    from unspin.web import Settings, create_app

    out: dict = {}
    with Store.open(db) as store:
        sizes = store.conn.execute(
            "SELECT story, COUNT(*) FROM members GROUP BY story HAVING COUNT(*) >= 2 ORDER BY story"
        ).fetchall()
        out["stories"], out["articles"] = len(sizes), sum(n for _, n in sizes)
        story50, n50 = min(sizes, key=lambda s: (abs(s[1] - 50), s[0]))
        out["story50_size"] = n50
        corpus.facts(store, sizes[0][0])  # models loaded before any clock starts
        store.conn.execute("DELETE FROM mentions")
        t = time.perf_counter()
        corpus.facts(store, story50)
        out["story50_cold"] = time.perf_counter() - t
        kept = []
        for _ in range(repeat):
            t = time.perf_counter()
            corpus.facts(store, story50)
            kept.append(time.perf_counter() - t)
        out["story50_kept"] = statistics.median(kept)
        step = max(len(sizes) // sample, 1)
        picked = [s for s, _ in sizes[::step][:sample]]
        out["sampled"] = len(picked)
        out["sampled_articles"] = sum(n for s, n in sizes if s in set(picked))
        t = time.perf_counter()
        for s in picked:
            corpus.facts(store, s)
        out["sample_cold"] = time.perf_counter() - t
        t = time.perf_counter()
        for s in picked:
            corpus.facts(store, s)
        out["sample_kept"] = time.perf_counter() - t
    out["articles_per_s"] = out["sampled_articles"] / out["sample_cold"]
    out["all_cold_estimate"] = out["articles"] / out["articles_per_s"]
    out["all_kept_estimate"] = out["sample_kept"] * out["articles"] / out["sampled_articles"]
    tab, api = [], []
    with TestClient(create_app(Settings(str(db))), base_url="http://127.0.0.1:8765") as client:
        for s in picked:
            for path, times in ((f"/stories/{s}/facts", tab), (f"/api/stories/{s}/facts", api)):
                t = time.perf_counter()
                r = client.get(path)
                times.append((time.perf_counter() - t) * 1000)
                assert r.status_code == 200, (path, r.status_code)
    out["tab_median_ms"], out["tab_p95_ms"] = statistics.median(tab), percentile(tab, 95)
    out["api_median_ms"], out["api_p95_ms"] = statistics.median(api), percentile(api, 95)
    return out


if __name__ == "__main__":
    main_guard(NAME, main)
