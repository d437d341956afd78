"""``unspin watch`` on a simulated day, and on stealth and boring edits (issue 25).

Everything is served by a real HTTP server on 127.0.0.1 in this process and fetched through
the guarded fetcher; the watcher's clock is simulated, so a day passes in minutes.

- **day**: ``--feeds`` feeds (default 2,000) of 30 entries each. Feed *i* gets a new entry
  every r_i hours (40% of feeds about hourly, 40% every 2 to 6 h, 20% never); the server
  answers ETag conditional GETs with 304. Feeds are followed without their links
  (``follow = false``: 60,000 article pages would be a corpus run, not a scheduling test), and
  ``--pages`` AllSides articles are watched as pages beside them; at 12:00 one fact of
  ``--inject`` of those pages is changed. The watcher runs pass after pass, jumping the clock
  to the next due check, for 24 simulated hours, one fetch at a time (``workers = 1``) so
  that bookkeeping = wall time of a pass - time inside the fetcher (the network and the
  server), - the time compare spent on changed pages (reported apart).
  Figures: bookkeeping per check; peak memory; the share of polls of *unchanged* feeds
  answered by a 304; for each injected change, the delay to its alert against the page's
  polling interval at the time.
- **edits**: ``--articles`` AllSides articles (a seed the gate does not use), served, watched,
  then re-served with one injected fact change each, rotating over the eight injector kinds
  of the spin benchmark (``benchmarks/spin_inject.py``); an edit counts when a
  ``stealth_edit`` alert carries a change of the injected kind (or, as the spin benchmark
  scores it, a reversal for a "modality" injection that swapped a word for its opposite). Then each is re-served with a
  *boring* edit instead (rotating: spaces and line breaks inside paragraphs, a refreshed
  "Updated" time stamp, a related-links line and a share prompt added): any alert counts
  against the 2% target.

    python -m benchmarks.watch [--feeds N] [--pages N] [--inject N] [--articles N]
        [--only day|edits] [--json [OUT]]

Targets: bookkeeping < 2 ms per check; peak memory < 1 GB; >= 80% of unchanged-feed polls
answered by a 304; an injected change alerted within one polling interval; stealth edits
alerted with the right kind >= 90%; boring edits alerted <= 2%.
"""

from __future__ import annotations

import hashlib
import random
import statistics
import sys
import tempfile
import threading
import time
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from .common import machine_line, main_guard, parser, pct, peak_rss_mb, table, write_json
from .spin import RIGHT_KINDS

NAME = "watch"
DAY = 86400.0
START = 1_780_000_000.0
SEED = 2525
KINDS = ("number", "date", "entity", "agent", "quote", "negation", "modality", "added")


class Clock:
    def __init__(self) -> None:
        self.t = START
        self.lock = threading.Lock()

    def now(self) -> float:
        with self.lock:
            return self.t

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.t += max(seconds, 0.0)


class World:
    """What the server serves at the clock's time: feeds by rhythm, pages as set."""

    def __init__(self, clock: Clock, feeds: int, seed: int = SEED) -> None:
        rng = random.Random(seed)
        self.clock = clock
        self.rhythm: list[float | None] = []
        for _ in range(feeds):
            draw = rng.random()
            hours = (
                rng.uniform(0.7, 1.4) if draw < 0.4 else rng.uniform(2, 6) if draw < 0.8 else None
            )
            self.rhythm.append(hours * 3600 if hours else None)
        self.phase = [rng.uniform(0, 3600 * 6) for _ in range(feeds)]
        self.pages: dict[str, bytes] = {}
        self.answers = {"feed 200": 0, "feed 304": 0, "page 200": 0, "page 304": 0}
        self.lock = threading.Lock()

    def feed_version(self, i: int) -> int:
        r = self.rhythm[i]
        return 0 if r is None else int((self.clock.now() - START + self.phase[i]) // r)

    def feed(self, i: int) -> bytes:
        v = self.feed_version(i)
        items = "".join(
            f"<item><title>Entry {n} of feed {i}</title><link>http://127.0.0.1/a/{i}/{n}</link>"
            f"<guid>a-{i}-{n}</guid></item>"
            for n in range(v + 29, v - 1, -1)
        )
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {i}</title>'
                f"<link>http://127.0.0.1/</link><description>d</description>{items}"
                "</channel></rss>").encode()  # fmt: skip

    def handler(self) -> type[BaseHTTPRequestHandler]:
        world = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *a: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                path = self.path
                if path == "/robots.txt":
                    body, kind = b"User-agent: *\nAllow: /\n", "text/plain"
                elif path.startswith("/feed/"):
                    body, kind = world.feed(int(path.split("/")[2])), "application/rss+xml"
                elif path in world.pages:
                    body, kind = world.pages[path], "text/html; charset=utf-8"
                else:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                tag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                what = "feed" if path.startswith("/feed/") else "page"
                if self.headers.get("If-None-Match") == tag:
                    with world.lock:
                        world.answers[f"{what} 304"] += 1
                    self.send_response(304)
                    self.send_header("ETag", tag)
                    self.end_headers()
                    return
                with world.lock:
                    world.answers[f"{what} 200"] += 1
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("ETag", tag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler


def page_html(title: str, text: str) -> bytes:
    paras = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n") if p.strip())
    return (f"<!doctype html><html><head><title>{escape(title)}</title></head><body><article>"
            f"<h1>{escape(title)}</h1>{paras}</article></body></html>").encode()  # fmt: skip


def serve(world: World) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), world.handler())
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def articles(n: int) -> list[dict]:
    from .spin_build import load_articles

    return load_articles(n, SEED)


# -- the day ---------------------------------------------------------------------------------


def day(feeds: int, pages: int, inject: int) -> dict[str, Any]:
    """The simulated day in a child process of its own, so its peak memory is the watcher's
    (not this process's copy of the AllSides corpus)."""
    import multiprocessing

    texts = [(a.get("title") or "", a["text"]) for a in articles(pages)]
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_day, (feeds, texts, inject))


def _day(feeds: int, texts: list[tuple[str, str]], inject: int) -> dict[str, Any]:
    from unspin.store import Store
    from unspin.watch import Watcher, rules

    clock = Clock()
    world = World(clock, feeds)
    server, base = serve(world)
    pages = len(texts)
    for k, (title, text) in enumerate(texts):
        world.pages[f"/p/{k}"] = page_html(title, text)
    config = rules.parse({"schedule": {"follow": False, "host_gap": 0.0, "host_concurrency": 1}})
    with tempfile.TemporaryDirectory(prefix="unspin-watch-") as tmp:
        store = Store.open(Path(tmp) / "day.db")
        w = Watcher(store, config, clock=clock, allow_private=True, warc=Path(tmp) / "day.warc.gz",
                    pipeline=False, workers=1)  # fmt: skip
        w.add([f"{base}/feed/{i}" for i in range(feeds)] + [f"{base}/p/{k}" for k in range(pages)])
        passes = checks = 0
        book = fetch_s = compare_s = parse_s = 0.0
        last_version: dict[str, int] = {}
        unchanged_polls = 0
        injected_at: dict[str, tuple[float, float, str]] = {}
        alerted: dict[str, float] = {}
        rss_start = None
        while clock.now() < START + DAY:
            if passes == 1:
                rss_start = peak_rss_mb()  # after the first pass: every page read once
            if not injected_at and clock.now() >= START + DAY / 2:
                for k in range(min(inject, pages)):
                    changed = number_changed(texts[k][1])
                    if changed is None:
                        continue
                    url = f"{base}/p/{k}"
                    world.pages[f"/p/{k}"] = page_html(texts[k][0], changed[0])
                    interval = store.watch_row(url)["interval"]
                    injected_at[url] = (clock.now(), interval, changed[1])
            due = store.due(clock.now())
            before = {r["url"]: world.feed_version(int(r["url"].rsplit("/", 1)[1]))
                      for r in due if "/feed/" in r["url"]}  # fmt: skip
            started = time.perf_counter()
            result = w.check()
            wall = time.perf_counter() - started
            compare_s += result.reading_seconds
            parse_s += result.parse_seconds
            for url, version in before.items():
                if last_version.get(url) == version:
                    unchanged_polls += 1
                last_version[url] = version
            fetch_s += result.fetch_seconds
            book += wall - result.fetch_seconds - _compare_time(result)
            checks += result.checked
            passes += 1
            for alert in result.alerts:
                if alert["type"] == "stealth_edit" and alert["url"] not in alerted:
                    alerted[alert["url"]] = clock.now()
            wake = store.next_due()
            clock.sleep(max((wake or clock.now() + 60) - clock.now(), 1.0))
        unchanged_304 = world.answers["feed 304"]
        rss = peak_rss_mb()
        delays = []
        for url, (at, interval, _detail) in injected_at.items():
            delays.append({"url": url, "interval_s": round(interval), "alert_after_s":
                           round(alerted[url] - at) if url in alerted else None})  # fmt: skip
        feeds_rows = [r for r in store.watches() if r["kind"] == "feed"]
        store.close()
    server.shutdown()
    within = sum(1 for d in delays if d["alert_after_s"] is not None
                 and d["alert_after_s"] <= d["interval_s"] * 1.1 + 60)  # fmt: skip
    return {
        "feeds": feeds, "pages": pages, "passes": passes, "checks": checks,
        "bookkeeping_ms_per_check": round(1000 * book / max(checks, 1), 3),
        "fetch_ms_per_check": round(1000 * fetch_s / max(checks, 1), 3),
        "compare_seconds": round(compare_s, 1),
        "parse_ms_per_check": round(1000 * parse_s / max(checks, 1), 3),
        "peak_rss_mb": round(rss, 1), "rss_after_first_pass_mb": round(rss_start or 0, 1),
        "unchanged_feed_polls": unchanged_polls, "unchanged_feed_304": unchanged_304,
        "share_304": unchanged_304 / unchanged_polls if unchanged_polls else 0.0,
        "server_answers": world.answers,
        "median_feed_interval_min": round(statistics.median(r["interval"] for r in feeds_rows) / 60, 1),
        "injected": len(delays), "alerted_within_interval": within, "delays": delays,
    }  # fmt: skip


def number_changed(text: str) -> tuple[str, str] | None:
    """The text with its first count of something changed (the spin benchmark's rule for a new
    figure; no spaCy, so the watcher's memory is measured alone)."""
    from unspin import clean

    from .spin_inject import NUMBER, altered_number

    prose = [(x.start, x.end) for x in clean.sentences(text) if not x.boilerplate]
    for m in NUMBER.finditer(text):
        digits = m.group(1)
        if not any(a <= m.start(1) < b for a, b in prose):
            continue  # furniture ("7 years ago"): changing it is rightly no news
        if len(digits) == 4 and digits.startswith(("19", "20")):
            continue  # a year
        new = altered_number(digits)
        return text[: m.start(1)] + new + text[m.end(1) :], f"{digits} -> {new}"
    return None


def _compare_time(result: Any) -> float:
    return result.reading_seconds + result.parse_seconds


# -- stealth and boring edits ----------------------------------------------------------------


STAMP = "\n\nUpdated 3:41 p.m. ET, March 4, 2025"  # on the pages of every third article


def served(text: str, k: int) -> str:
    """What article ``k`` first serves: its text, with a time stamp every third one."""
    return text + (STAMP if k % 3 == 1 else "")


def boring_edit(text: str, title: str, k: int) -> str:
    """Article ``k`` (as ``served`` gives it) edited in a way that is no news."""
    paras = [p for p in text.split("\n\n") if p.strip()]
    kind = k % 3
    if kind == 0:  # spaces and line breaks inside paragraphs
        return "\n\n".join(p.replace(". ", ".  \n", 1) for p in paras)
    if kind == 1:  # the time stamp refreshed
        return text + STAMP.replace("3:41", "5:02")
    return text + f"\n\nRelated: {title or 'More news'}\n\nShare this article on Facebook and X"


def edits(n: int) -> dict[str, Any]:
    from unspin.store import Store
    from unspin.watch import Watcher

    from .spin_build import split_sentences
    from .spin_inject import inject as injected

    clock = Clock()
    world = World(clock, 0)
    server, base = serve(world)
    arts = articles(n)
    rng = random.Random(SEED)
    plans = []
    for k, a in enumerate(arts):
        kind = KINDS[k % len(KINDS)]
        pair = injected(kind, a, split_sentences(a["text"]), rng)
        if pair is not None:
            plans.append((k, kind, a, pair))
    by_kind: dict[str, list[int]] = {kk: [0, 0] for kk in KINDS}
    boring_alerts = boring_total = 0
    found_kinds: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="unspin-edits-") as tmp:
        store = Store.open(Path(tmp) / "edits.db")
        w = Watcher(store, None, clock=clock, allow_private=True, warc=Path(tmp) / "e.warc.gz",
                    pipeline=False, workers=2)  # fmt: skip
        for k, _kind, a, _pair in plans:
            world.pages[f"/s/{k}"] = page_html(a.get("title") or "", served(a["text"], k))
            world.pages[f"/b/{k}"] = world.pages[f"/s/{k}"]
        w.add([f"{base}/s/{k}" for k, *_ in plans] + [f"{base}/b/{k}" for k, *_ in plans])
        w.check()
        started = time.perf_counter()
        for k, _kind, a, pair in plans:
            world.pages[f"/s/{k}"] = page_html(a.get("title") or "", served(pair.rewrite, k))
            edited = boring_edit(a["text"], a.get("title") or "", k)
            world.pages[f"/b/{k}"] = page_html(a.get("title") or "", edited)
        clock.sleep(20 * 60)
        result = w.check()
        seconds = time.perf_counter() - started
        alerts = {a["url"]: a for a in result.alerts}
        for k, kind, _a, pair in plans:
            alert = alerts.get(f"{base}/s/{k}")
            kinds = sorted({c["kind"] for c in alert["changes"]}) if alert else []
            by_kind[kind][1] += 1
            by_kind[kind][0] += any(k in kinds for k in RIGHT_KINDS.get(kind, (kind,)))
            kept = store.page_versions(f"{base}/s/{k}")
            found_kinds.append({"k": k, "injected": kind, "alerted": kinds, "detail": pair.detail,
                                "boring": kept[-1]["boring"] if len(kept) > 1 else "no new version"})  # fmt: skip
            boring_total += 1
            boring_alerts += f"{base}/b/{k}" in alerts
        store.close()
    server.shutdown()
    right = sum(v[0] for v in by_kind.values())
    total = sum(v[1] for v in by_kind.values())
    return {
        "edits": total, "alerted_right_kind": right, "share": right / total if total else 0.0,
        "by_kind": {kk: {"right": v[0], "of": v[1]} for kk, v in by_kind.items()},
        "boring": boring_total, "boring_alerted": boring_alerts,
        "boring_share": boring_alerts / boring_total if boring_total else 0.0,
        "seconds": round(seconds, 1), "items": found_kinds,
    }  # fmt: skip


def main() -> None:
    p = parser(NAME, __doc__.splitlines()[0])
    p.add_argument("--feeds", type=int, default=2000)
    p.add_argument("--pages", type=int, default=100)
    p.add_argument("--inject", type=int, default=10)
    p.add_argument("--articles", type=int, default=120)
    p.add_argument("--only", choices=["day", "edits"])
    args = p.parse_args()
    results: dict[str, Any] = {"machine": machine_line()}
    if args.only != "edits":
        d = results["day"] = day(args.feeds, args.pages, args.inject)
        print(table(["figure", "value", "target"], [
            ("bookkeeping per check", f"{d['bookkeeping_ms_per_check']} ms", "< 2 ms"),
            ("peak memory", f"{d['peak_rss_mb']} MB", "< 1 GB"),
            ("unchanged-feed polls answered 304", pct(d["share_304"]), ">= 80%"),
            ("injected changes alerted within one interval",
             f"{d['alerted_within_interval']} of {d['injected']}", "all"),
        ], title=f"simulated day: {d['feeds']} feeds x 30 entries, {d['pages']} pages; "
           f"{d['checks']} checks in {d['passes']} passes; per check: fetch {d['fetch_ms_per_check']} ms, "
           f"feed parsing {d['parse_ms_per_check']} ms; pages read and compared {d['compare_seconds']} s"))  # fmt: skip
    if args.only != "day":
        e = results["edits"] = edits(args.articles)
        print(table(["figure", "value", "target"], [
            ("stealth edits alerted with the right kind", f"{pct(e['share'])} ({e['alerted_right_kind']} of {e['edits']})", ">= 90%"),
            ("boring edits alerted", f"{pct(e['boring_share'])} ({e['boring_alerted']} of {e['boring']})", "<= 2%"),
        ], title="edits by kind: " + ", ".join(f"{k} {v['right']}/{v['of']}" for k, v in e["by_kind"].items())
           + f"; {e['seconds']} s"))  # fmt: skip
    if args.json:
        write_json(args.json, NAME, args, results)


if __name__ == "__main__":
    sys.setrecursionlimit(10_000)
    main_guard(NAME, main)
