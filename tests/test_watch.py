"""unspin watch (issue 25): schedule, versions, 304s, flip-flops, alerts and their channels,
health, hostile feeds, all against a real HTTP server on 127.0.0.1 with an injected clock."""

from __future__ import annotations

import email
import email.utils
import hashlib
import hmac
import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspin.errors import ConfigError
from unspin.store import Store
from unspin.watch import Watcher, load_config, rules, schedule, versions
from unspin.watch.schedule import HOUR, MINUTE, Policy

from . import fuzz
from .watchsite import FakeClock, Site

ROOT = Path(__file__).resolve().parents[1]
SOURCE = (ROOT / "samples/port-strike/source.txt").read_text(encoding="utf-8")
TEXT = SOURCE.split("\n\n", 2)[2]
TITLE = "Hull dock union agrees to postpone strike"


@pytest.fixture
def site():
    s = Site()
    yield s
    s.close()


def watcher(tmp_path, config=None, pipeline=False, **kw):
    store = Store.open(tmp_path / "w.db")
    clock = kw.pop("clock", FakeClock())
    w = Watcher(store, config, clock=clock, allow_private=kw.pop("allow_private", True),
                warc=tmp_path / "w.warc.gz", pipeline=pipeline, workers=2, **kw)  # fmt: skip
    return w, clock


def due_pass(w, clock, minutes):
    clock.advance(minutes * MINUTE)
    return w.check()


# -- schedule (pure) ---------------------------------------------------------------------------


def test_page_backoff_doubles_resets_on_change_and_caps():
    p = Policy()
    seen, gap = [], None
    for _ in range(8):
        gap = schedule.page_interval(p, gap, changed=False)
        seen.append(gap / MINUTE)
    assert seen == [15, 30, 60, 120, 240, 480, 720, 720]
    assert schedule.page_interval(p, 720 * MINUTE, changed=True) == 15 * MINUTE


def test_feed_interval_follows_rhythm_within_bounds_and_server_floor():
    p = Policy()
    assert schedule.feed_interval(p, []) == p.feed_start
    hourly = [k * HOUR for k in range(6)]
    assert schedule.feed_interval(p, hourly) == HOUR
    assert schedule.feed_interval(p, [k * 10.0 for k in range(6)]) == p.feed_min
    assert schedule.feed_interval(p, [k * 86400.0 for k in range(6)]) == p.feed_max
    assert schedule.feed_interval(p, hourly, floor=3 * HOUR) == 3 * HOUR
    now = 1_000_000.0
    assert schedule.server_floor({}, "90", now) == 90 * MINUTE
    assert schedule.server_floor({"cache-control": "public, max-age=7200"}, None, now) == 7200
    assert schedule.server_floor({"cache-control": "no-cache, max-age=7200"}, None, now) == 0
    assert schedule.server_floor({"retry-after": "600"}, None, now) == 600
    expires = email.utils.formatdate(now + 3600, usegmt=True)
    assert abs(schedule.server_floor({"expires": expires}, None, now) - 3600) < 1
    assert schedule.server_floor({"expires": "not a date"}, None, now) == 0


def test_jitter_is_bounded_and_reproducible():
    p = Policy()
    values = {schedule.jittered(p, "http://x/", k, 1000.0) for k in range(50)}
    assert all(1000.0 <= v <= 1100.0 for v in values) and len(values) > 40
    assert schedule.jittered(p, "http://x/", 3, 1000.0) == schedule.jittered(
        p, "http://x/", 3, 1000.0
    )


# -- versions (pure) ---------------------------------------------------------------------------


def test_boring_changes():
    assert (
        versions.boring(TEXT, TEXT.replace(". ", ".  ").replace("\n\n", "\n\n\n")) == "whitespace"
    )
    dated = "Updated 3:41 p.m. ET, December 2, 2026\n\n" + TEXT
    assert (
        versions.boring(dated, dated.replace("3:41", "5:02").replace("December 2", "December 3"))
        == "date line"
    )
    furnished = (
        TEXT
        + "\n\nRelated: Ferry fire in Dover leaves 40 stranded\n\nShare this article on Facebook"
    )
    assert versions.boring(TEXT, furnished) == "furniture"
    assert versions.boring(TEXT, TEXT.replace("3,100", "3,400")) is None
    assert versions.boring(TEXT, TEXT.replace("postpone", "end")) is None
    assert versions.boring(TEXT, TEXT.replace("Tuesday", "Wednesday")) is None
    # a date inside a sentence is news; only date lines are boring
    assert versions.boring(TEXT, TEXT.replace("12 February", "12 March")) is None
    assert versions.boring(dated, dated.replace("2026", "2027")) == "date line"


# -- config ------------------------------------------------------------------------------------


def test_config_reads_rules_and_refuses_unknown_keys(tmp_path):
    path = tmp_path / "watch.toml"
    path.write_text('[schedule]\npage_start = 60\n[[alert]]\ntype = "stealth_edit"\n'
                    'kinds = ["number"]\nmin_severity = "high"\n'
                    '[webhook]\nurl = "http://127.0.0.1:1/h"\nsecret = "s"\n', encoding="utf-8")  # fmt: skip
    config = load_config(path)
    assert config.policy.page_start == 60.0 and config.webhook.secret == "s"
    assert config.rules == (rules.Rule("stealth_edit", ("number",), "high", name="alert 1"),)
    for bad in (
        "[schedule]\npage_begin = 1\n",
        '[[alert]]\ntype = "everything"\n',
        '[[alert]]\ntype = "health"\nkinds = ["colour"]\n',
        "not toml [",
    ):
        path.write_text(bad, encoding="utf-8")
        with pytest.raises(ConfigError, match="watch.toml"):
            load_config(path)


# -- polling a live server -----------------------------------------------------------------------


def test_feed_then_pages_then_304s_and_conditional_headers(site, tmp_path):
    site.feed("/feed.xml", "Northern Wire", ["/a/1", "/a/2"])
    site.article("/a/1", TITLE, TEXT)
    site.article("/a/2", "Ferry fire", TEXT.replace("dock", "ferry"))
    w, clock = watcher(tmp_path)
    w.add([site.url("/feed.xml")])
    first = w.check()
    assert (first.checked, first.new_entries, first.versions) == (3, 2, 2)
    assert {r["kind"] for r in w.store.watches()} == {"feed", "page"}
    again = due_pass(w, clock, 40)
    assert again.checked == 3 and again.not_modified == 3 and again.versions == 0
    asked = [tag for path, status, tag in site.log if status == 304]
    assert len(asked) == 3 and all(tag and tag.startswith('"') for tag in asked)
    # raw responses are kept as WARC, readable by warcio
    from warcio.archiveiterator import ArchiveIterator

    with open(tmp_path / "w.warc.gz", "rb") as stream:
        uris = [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(stream)]
    assert site.url("/a/1") in uris and site.url("/feed.xml") in uris


def test_stealth_edit_alert_flip_flop_and_boring_edit(site, tmp_path):
    stamp = "\n\nLast updated 3:41 p.m. ET, 4 March 2025"
    site.article("/a/1", TITLE, TEXT + stamp)
    emitted = []
    w, clock = watcher(tmp_path, emit=emitted.append)
    w.add([site.url("/a/1")])
    assert w.check().versions == 1
    site.article("/a/1", TITLE, TEXT.replace("postpone a planned", "end a planned") + stamp)
    edited = due_pass(w, clock, 20)
    assert edited.versions == 1 and len(edited.alerts) == 1
    alert = edited.alerts[0]
    assert alert["type"] == "stealth_edit" and alert["url"] == site.url("/a/1")
    assert [c["kind"] for c in alert["changes"]] == ["reversal"]
    assert alert["link"] == f"/pairs/{alert['previous']}/{alert['version']}"
    assert emitted == [alert]
    assert w.store.comparison_result(alert["previous"], alert["version"]) is not None
    # back to the first text: a flip-flop, kept as a version, no alert
    site.article("/a/1", TITLE, TEXT + stamp)
    back = due_pass(w, clock, 20)
    assert (back.versions, back.returned, back.alerts) == (1, 1, [])
    # only the time stamp moved: boring, no alert (whitespace folded by extraction already
    # gives the same text, so no version at all)
    site.article("/a/1", TITLE, TEXT + stamp.replace("3:41", "5:02"))
    stamped = due_pass(w, clock, 20)
    assert (stamped.versions, stamped.boring, stamped.alerts) == (1, 1, [])
    site.article("/a/1", TITLE, TEXT.replace(". ", ".  ") + stamp.replace("3:41", "5:02"))
    assert due_pass(w, clock, 40).versions == 0
    timeline = w.store.page_versions(site.url("/a/1"))
    assert [(v["seq"], v["returned"], v["boring"]) for v in timeline] == [
        (1, 0, None), (2, 0, None), (3, 1, None), (4, 0, "date line")]  # fmt: skip


def test_unchanged_page_backs_off_and_retires(site, tmp_path):
    site.article("/a/1", TITLE, TEXT)
    w, clock = watcher(tmp_path)
    w.add([site.url("/a/1")])
    w.check()
    gaps = []
    for _ in range(30):
        row = w.store.watch_row(site.url("/a/1"))
        if row["status"] == "retired":
            break
        gaps.append(round(row["interval"] / MINUTE))
        clock.advance(row["next_at"] - clock.now() + 1)
        w.check()
    assert gaps[:7] == [15, 30, 60, 120, 240, 480, 720]
    assert w.store.watch_row(site.url("/a/1"))["status"] == "retired"
    assert w.store.due(clock.now() + 30 * 86400) == []


def test_feed_rhythm_and_ttl_floor(site, tmp_path):
    links = []
    site.feed("/f", "F", links, ttl=120)
    w, clock = watcher(tmp_path)
    w.add([site.url("/f")])
    w.check()
    assert w.store.watch_row(site.url("/f"))["interval"] == 120 * MINUTE  # TTL floor
    site.feed("/f", "F", links)  # no TTL from now on: the rhythm rules
    for k in range(5):
        links.append(f"/n/{k}")
        site.feed("/f", "F", links)
        row = w.store.watch_row(site.url("/f"))
        clock.advance(row["next_at"] - clock.now() + 1)
        w.check()
    row = w.store.watch_row(site.url("/f"))
    assert Policy().feed_min <= row["interval"] <= Policy().feed_max
    assert len(json.loads(row["new_at"])) == 6


def test_health_failing_feed_retry_after_and_robots(site, tmp_path):
    site.pages["/down"] = (b"busy", "text/plain", {"status": "503", "Retry-After": "7200"})
    site.pages["/private/p"] = (b"x", "text/html", {})
    w, clock = watcher(tmp_path)
    w.add([site.url("/down"), site.url("/private/p")])
    alerts = []
    for _ in range(4):
        alerts += w.check(force=True).alerts
    row = w.store.watch_row(site.url("/down"))
    assert row["interval"] >= 7200 and row["status"] == "failing"
    kinds = sorted(a["detail"] for a in alerts)
    assert all(a["type"] == "health" and a["changes"] == [] for a in alerts)
    assert len(alerts) == 2, kinds  # one each, not one per check
    assert any("keeps failing" in k for k in kinds) and any("keeps refusing" in k for k in kinds)
    assert not any(path == "/private/p" for path, *_ in site.log)  # robots.txt honoured
    site.article("/down", TITLE, TEXT)  # back up: the problem is over
    w.check(force=True)
    assert w.store.watch_row(site.url("/down"))["health"] is None


def test_feed_quiet_for_longer_than_its_rhythm_raises_one_health_alert(site, tmp_path):
    links: list[str] = []
    site.feed("/f", "F", links)
    config = rules.parse({"schedule": {"follow": False}})
    w, clock = watcher(tmp_path, config)
    w.add([site.url("/f")])
    w.check()
    alerts = []
    for k in range(4):  # an entry an hour
        clock.advance(HOUR)
        links.append(f"/n/{k}")
        site.feed("/f", "F", links)
        alerts += w.check(force=True).alerts
    assert alerts == []
    for _ in range(6):  # then nothing, checked every hour for six hours
        clock.advance(HOUR)
        alerts += w.check(force=True).alerts
    assert [a["type"] for a in alerts] == ["health"] and "nothing new" in alerts[0]["detail"]
    assert w.store.watch_row(site.url("/f"))["health"] == "quiet"
    links.append("/n/again")
    site.feed("/f", "F", links)
    clock.advance(HOUR)
    w.check(force=True)
    assert w.store.watch_row(site.url("/f"))["health"] is None  # cleared by a new entry


def test_thin_page_raises_health_alert(site, tmp_path):
    site.article("/wall", "Subscribe", "Please accept cookies to continue reading this article.")
    w, _ = watcher(tmp_path)
    w.add([site.url("/wall")])
    found = w.check()
    assert [a["type"] for a in found.alerts] == ["health"] and "words" in found.alerts[0]["detail"]


def test_private_addresses_refused_unless_allowed(site, tmp_path):
    site.article("/a/1", TITLE, TEXT)
    w, _ = watcher(tmp_path, allow_private=False)
    w.add([site.url("/a/1")])
    result = w.check()
    assert result.failed == 1 and result.versions == 0
    assert site.log == []  # not even robots.txt was asked
    assert w.store.watch_row(site.url("/a/1"))["fails"] == 1


@pytest.mark.parametrize(
    "body",
    [
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;'
        b'&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;'
        b'&c;&c;&c;&c;&c;">]><rss version="2.0"><channel><title>&d;</title><item><link>'
        b"http://127.0.0.1:1/x</link></item></channel></rss>",
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<rss version="2.0"><channel><title>&x;</title></channel></rss>',
        b"<rss" + b" a" * 200_000,
        b"\xff\xfe\x00<\x00r\x00s\x00s",
    ],
    ids=["billion-laughs", "xxe", "huge-tag", "broken-utf16"],
)
def test_hostile_feeds_are_one_failure_or_page_never_a_crash(site, tmp_path, body):
    site.pages["/f"] = (body, "application/rss+xml", {})
    w, _ = watcher(tmp_path)
    w.add([site.url("/f")])
    result = w.check()
    assert result.checked >= 1
    kept = json.dumps(w.store.watches())
    assert "root:" not in kept and len(kept) < 20_000  # no file read, no entity expanded


def test_redirect_loops_huge_bodies_and_wrong_types(site, tmp_path):
    site.pages["/loop"] = (b"", "text/html", {"status": "302", "Location": "/loop"})
    site.pages["/big"] = (b"<p>" + b"word " * 1_300_000 + b"</p>", "text/html", {})
    site.pages["/png"] = (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png", {})
    w, _ = watcher(tmp_path)
    w.add([site.url(p) for p in ("/loop", "/big", "/png")])
    result = w.check()
    assert (result.checked, result.failed, result.versions) == (3, 3, 0)


def test_slow_server_is_cut_at_the_timeout(tmp_path):
    class Slow(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(50):
                self.wfile.write(b"<p>drip</p>")
                self.wfile.flush()
                time.sleep(0.1)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        config = rules.parse({"fetch": {"timeout": 1.0}})
        w, _ = watcher(tmp_path, config)
        w.add([f"http://127.0.0.1:{server.server_address[1]}/p"])
        started = time.monotonic()
        result = w.check()
        assert result.failed == 1 and time.monotonic() - started < 4
    finally:
        server.shutdown()


def test_host_gate_spaces_requests_to_one_host():
    from unspin.watch.hosts import HostGate

    clock = FakeClock()
    gate = HostGate(clock, gap=2.0, cap=1)
    starts = []
    for _ in range(3):
        with gate.slot("a.example"):
            starts.append(clock.now())
    with gate.slot("b.example"):
        other = clock.now()
    assert [round(b - a, 6) for a, b in zip(starts, starts[1:], strict=False)] == [2.0, 2.0]
    assert other == starts[-1]  # another host does not wait


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_mutated_feeds_and_pages_never_crash_a_pass(site, tmp_path_factory, data):
    """The fuzz harness's mutations (tests/fuzz.py) of a real feed and page, served to the
    watcher: every pass ends, and every answer is a feed, a page or one failure."""
    site.feed("/f", "Wire", ["/p"])
    site.article("/p", TITLE, TEXT)
    feed, page = site.pages["/f"][0], site.pages["/p"][0]
    site.pages["/f"] = (data.draw(fuzz.mutated(feed, ".rss")), "application/rss+xml", {})
    site.pages["/p"] = (data.draw(fuzz.mutated(page, ".html")), "text/html", {})
    w, _ = watcher(tmp_path_factory.mktemp("fuzz"))
    w.add([site.url("/f"), site.url("/p")])
    result = w.check()
    assert result.checked >= 2
    settled = sum(1 for r in w.store.watches() if r["checks"] > 0)
    assert settled == len(w.store.watches())  # every watch checked got its bookkeeping


# -- channels ------------------------------------------------------------------------------------


class _Receiver:
    def __init__(self):
        self.got: list[tuple[dict, bytes]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.got.append((dict(self.headers), body))
                self.send_response(204)
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"


def test_alerts_reach_webhook_signed_and_smtp_digest(site, tmp_path):
    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
            self.messages.append(email.message_from_bytes(envelope.content))
            return "250 OK"

    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    receiver = _Receiver()
    try:
        config = rules.parse({
            "webhook": {"url": receiver.url, "secret": "k3y"},
            "email": {"host": "127.0.0.1", "port": port, "to": ["desk@example.org"], "digest": True},
        })  # fmt: skip
        site.article("/a/1", TITLE, TEXT)
        site.article("/a/2", "Ferry fire", TEXT.replace("dock", "ferry"))
        w, clock = watcher(tmp_path, config)
        w.add([site.url("/a/1"), site.url("/a/2")])
        w.check()
        site.article("/a/1", TITLE, TEXT.replace("3,100", "3,400"))
        site.article(
            "/a/2",
            "Ferry fire",
            TEXT.replace("dock", "ferry").replace("Peter Harrow", "Peter Harrod"),
        )
        result = due_pass(w, clock, 20)
        assert len(result.alerts) == 2 and result.problems == []
        assert len(receiver.got) == 2
        for headers, body in receiver.got:
            expected = "sha256=" + hmac.new(b"k3y", body, hashlib.sha256).hexdigest()
            assert headers["X-Unspin-Signature"] == expected
            assert json.loads(body)["type"] == "stealth_edit"
        assert len(inbox.messages) == 1  # a digest: one message for the pass
        text = inbox.messages[0].get_payload(decode=True).decode()
        assert "3,400" in text and "Harrod" in text
    finally:
        smtp.stop()
        receiver.server.shutdown()


def test_failing_webhook_keeps_the_alert_and_says_why(site, tmp_path):
    config = rules.parse({"webhook": {"url": "http://127.0.0.1:9/nowhere"}})
    site.article("/a/1", TITLE, TEXT)
    w, clock = watcher(tmp_path, config)
    w.add([site.url("/a/1")])
    w.check()
    site.article("/a/1", TITLE, TEXT.replace("3,100", "3,400"))
    result = due_pass(w, clock, 20)
    assert len(result.alerts) == 1 and "could not be reached" in result.problems[0]
    assert len(w.store.alerts()) == 1


def test_atom_feed_validates_and_grows(site, tmp_path):
    from fastapi.testclient import TestClient

    from unspin.web import create_app
    from unspin.web.app import Settings

    site.article("/a/1", TITLE, TEXT)
    w, clock = watcher(tmp_path)
    w.add([site.url("/a/1")])
    w.check()
    client = TestClient(
        create_app(Settings(str(tmp_path / "w.db"))), base_url="http://127.0.0.1:8765"
    )
    empty = feedparser.parse(client.get("/alerts.atom").content)
    assert empty.bozo == 0 and empty.version == "atom10" and empty.entries == []
    ids = []
    for old, new in (("3,100", "3,400"), ("Peter Harrow", "Peter Harrod")):
        site.article("/a/1", TITLE, TEXT.replace(old, new))
        due_pass(w, clock, 20)
        answer = client.get("/alerts.atom")
        assert answer.headers["content-type"].startswith("application/atom+xml")
        parsed = feedparser.parse(answer.content)
        assert parsed.bozo == 0
        ids = [e.id for e in parsed.entries]
    assert len(ids) == 2 and len(set(ids)) == 2
    assert parsed.entries[0].link.startswith("http://127.0.0.1:8765/pairs/")


# -- the whole pipeline, the CLI and a kill ------------------------------------------------------


def test_new_rewrite_of_a_watched_story_joins_and_alerts(site, tmp_path):
    spun = TEXT.replace("postpone a planned walkout", "end a planned walkout").replace(
        "Peter Harrow", "Peter Harrod") + "\n\nSee also: Ferry fire in Dover leaves 40 stranded"  # fmt: skip
    site.feed("/wire.xml", "Northern Wire", ["/wire/strike"])
    site.article("/wire/strike", TITLE, TEXT)
    site.feed("/farm.xml", "Daily Farm", [])
    w, clock = watcher(tmp_path, pipeline=True)
    w.add([site.url("/wire.xml"), site.url("/farm.xml")])
    w.check()
    site.article("/farm/strike", TITLE, spun)
    site.feed("/farm.xml", "Daily Farm", ["/farm/strike"])
    result = due_pass(w, clock, 45)
    rewrites = [a for a in result.alerts if a["type"] == "new_rewrite"]
    assert len(rewrites) == 1, result.alerts
    kinds = {c["kind"] for c in rewrites[0]["changes"]}
    assert {"reversal", "entity"} <= kinds
    assert rewrites[0]["url"] == site.url("/farm/strike")
    row = w.store.article_row(rewrites[0]["version"])
    assert row[13] in ("copy", "rewrite")


def test_fact_sheet_lines_up_the_versions_of_a_watched_page(site, tmp_path):
    """Issue 24: a value's change across versions of one URL is in the story's sheet."""
    from unspin import corpus
    from unspin.report import sheet as sheet_report

    site.article("/a/1", TITLE, TEXT)
    w, clock = watcher(tmp_path, pipeline=True)
    w.add([site.url("/a/1")])
    w.check()
    site.article("/a/1", TITLE, TEXT.replace("3,100", "3,400"))
    assert due_pass(w, clock, 20).versions == 1
    timeline = w.store.page_versions(site.url("/a/1"))
    first, second = (w.store.article_row(v["article"])[1] for v in timeline)
    sheet = corpus.facts(w.store, second)
    assert {a.url for a in sheet.articles} == {site.url("/a/1")}
    changed = [(s.slot, h) for s in sheet.slots for h in s.history]
    assert len(changed) == 1, changed
    slot, h = changed[0]
    assert slot.startswith("worker") and (h.before, h.after) == (("3,100",), ("3,400",))
    assert (h.url, h.version, h.previous, h.article) == (site.url("/a/1"), 2, first, second)
    assert sheet.to_dict()["slots"][0]["history"] or any(
        s["history"] for s in sheet.to_dict()["slots"]
    )
    assert "'3,100' -> '3,400'" in sheet_report.render_text(sheet)
    # the earlier version is history, not a voice: nothing is disputed, and the tab shows it
    assert not sheet.disputed
    from fastapi.testclient import TestClient

    from unspin.web import Settings, create_app

    w.store.close()
    client = TestClient(create_app(Settings(str(tmp_path / "w.db"))), base_url="http://127.0.0.1")
    page = client.get(f"/stories/{sheet.story}/facts")
    assert page.status_code == 200
    assert "Changes between versions of a page" in page.text and "3,100 → 3,400" in page.text


def test_cli_once_jsonl_and_errors(site, tmp_path):
    site.article("/a/1", TITLE, TEXT)
    db = tmp_path / "c.db"
    cmd = [sys.executable, "-m", "unspin.cli", "watch", "--db", str(db), "--once"]
    first = subprocess.run(cmd + [site.url("/a/1"), "--allow-private", "--format", "jsonl"],
                           capture_output=True, text=True, timeout=120)  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert "Checked 1" in first.stderr and first.stdout == ""  # no alert on a first version
    site.article("/a/1", TITLE, TEXT.replace("3,100", "3,400"))
    text = subprocess.run(cmd + ["--force", "--allow-private"], capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    assert text.returncode == 0 and text.stdout.startswith("stealth_edit: Edited: ")
    assert "3,400" in text.stdout
    refused = subprocess.run(cmd + ["--force"], capture_output=True, text=True, timeout=120)
    assert refused.returncode == 0 and "1 failed" in refused.stderr  # private, not allowed
    bad = subprocess.run(cmd + ["ftp://x/feed"], capture_output=True, text=True, timeout=60)
    assert (
        bad.returncode == 2 and bad.stderr.startswith("Error: ") and "Traceback" not in bad.stderr
    )
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[[alert]]\ntype = 3\n", encoding="utf-8")
    bad = subprocess.run(cmd + ["--config", str(cfg)], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "bad.toml" in bad.stderr and "Traceback" not in bad.stderr


def test_sigterm_stops_the_loop_cleanly(site, tmp_path):
    site.article("/a/1", TITLE, TEXT)
    db = tmp_path / "loop.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "unspin.cli", "watch", site.url("/a/1"), "--db", str(db),
         "--allow-private"], stderr=subprocess.PIPE, text=True)  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(p == "/a/1" for p, *_ in site.log):
        time.sleep(0.2)
    time.sleep(0.5)
    proc.terminate()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "stopped" in err and "Traceback" not in err
    with Store.open(db) as store:
        assert store.scalar("PRAGMA integrity_check") == "ok"
        assert len(store.page_versions(site.url("/a/1"))) == 1


def _watch_state(db: Path) -> dict:
    with Store.open(db) as store:
        return {
            "integrity": store.scalar("PRAGMA integrity_check"),
            "watches": sorted((r["url"], r["kind"], r["hash"], r["article"]) for r in store.watches()),
            "entries": sorted(tuple(r) for r in store.query("SELECT feed, link FROM entries")),
            "versions": sorted(tuple(r) for r in store.query("SELECT url, seq, hash, article FROM versions")),
            "articles": sorted(r[0] for r in store.query("SELECT id FROM articles")),
        }  # fmt: skip


def test_sigkill_at_counted_writes_mid_poll_loses_nothing_and_resumes(site, tmp_path):
    """SIGKILL a pass just before its Nth write (tests/crash.py's hook, in a forked child that
    the parent's server still answers); the store is sound and the next pass ends where an
    uninterrupted pass ends."""
    import os
    import signal

    from tests import crash

    site.feed("/feed.xml", "Northern Wire", ["/a/1", "/a/2"])
    site.article("/a/1", TITLE, TEXT)
    site.article("/a/2", "Ferry fire", TEXT.replace("dock", "ferry"))

    def one_pass(db: Path, later: float = 0.0) -> None:
        store = Store.open(db)
        w = Watcher(store, clock=FakeClock(FakeClock().t + later), allow_private=True, warc=db.with_suffix(".warc.gz"),
                    pipeline=False, workers=1)  # fmt: skip
        w.add([site.url("/feed.xml")])
        w.check()
        store.close()

    with crash.hooked(0) as seen:
        one_pass(tmp_path / "whole.db")
    whole = _watch_state(tmp_path / "whole.db")
    assert len(whole["versions"]) == 2 and seen["total"] > 20
    points = crash.plan(seen, 8)
    for at in points:
        db = tmp_path / f"kill{at}.db"
        pid = os.fork()
        if pid == 0:  # the child: killed at write ``at`` (or exits if the pass is shorter)
            try:
                with crash.hooked(at):
                    one_pass(db)
            finally:
                os._exit(0)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, at
        assert crash.integrity(db) == "ok"
        one_pass(db, later=60.0)  # the next run, a minute later
        assert _watch_state(db) == whole, at
