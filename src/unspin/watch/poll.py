"""One pass of ``unspin watch``: check what is due, keep what changed, raise alerts on facts.

A pass takes the watches due by the schedule in the store (``--force``: all of them), fetches
them through the guarded fetcher (conditional GET with the stored ETag and Last-Modified; a per
host gap, a per host cap on requests at once, robots.txt), and then, in this thread:

- a **feed**: its new links become page watches, due at once; its interval follows the rhythm
  of new entries (:mod:`.schedule`);
- a **page**: its text is extracted as ``unspin ingest`` reads a page; a new text is a new
  version (same URL, new content hash). A version that returns to an earlier hash is a
  flip-flop and a *boring* one (whitespace, a date line, furniture) is kept but not compared;
  any other is compared with the previous version and the changes kept in the store;
- new articles then join stories (``cluster``), get provenance and are compared with their
  source (``provenance``), and the fact sheets of the stories they joined are read again: each
  step does only the new work.

Alerts (``stealth_edit``, ``new_rewrite``, ``disputed``, ``health``) are matched against the
config's rules, kept in the store under a uid made from what they are about (a rerun after a
kill raises nothing twice), and sent to the channels.

Each check's bookkeeping is one transaction: a SIGKILL loses at most the check under way, and
the next pass redoes it (its watch is still due).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from unspin import inputs, urls
from unspin.corpus import cluster, facts, ingest, provenance
from unspin.corpus._ingest import article_id
from unspin.corpus.readers import feed_of
from unspin.errors import FetchError, InputError, UnspinError
from unspin.fetch import Fetched, fetch
from unspin.records import Document
from unspin.store import Store

from . import archive, channels, schedule, versions
from .hosts import HostGate
from .rules import Config
from .status import iso

REFUSING = frozenset({401, 403, 429, 451})
RECOVERED = ("failing", "refused")  # health problems an answer ends
ROBOTS_FOR = 86400.0  # seconds a host's robots.txt is kept before it is read again
DIGEST_KEYS = ("type", "url", "article", "version", "previous", "rule", "slot")


class Clock(Protocol):
    def now(self) -> float: ...
    def sleep(self, seconds: float) -> None: ...


class RealClock:
    def now(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(max(seconds, 0.0))


@dataclass
class PassResult:
    checked: int = 0
    not_modified: int = 0
    failed: int = 0
    new_entries: int = 0
    versions: int = 0
    boring: int = 0
    returned: int = 0
    alerts: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # channels that failed, said plainly
    fetch_seconds: float = 0.0  # time inside the fetcher (the network), summed over threads
    parse_seconds: float = 0.0  # feeds parsed (feedparser)
    reading_seconds: float = 0.0  # a page's text read (trafilatura, sketch) and compared
    pipeline_seconds: float = 0.0  # cluster, provenance and fact sheets of new articles


@dataclass
class _Answer:
    watch: dict
    fetched: Fetched | None = None
    error: FetchError | None = None
    refused: str | None = None  # robots.txt said no
    seconds: float = 0.0


class Watcher:
    """Follows the watches in ``store``; ``clock`` and ``fetcher`` are injected by tests."""

    def __init__(
        self,
        store: Store,
        config: Config | None = None,
        *,
        clock: Clock | None = None,
        fetcher: Callable[..., Fetched] = fetch,
        allow_private: bool = False,
        warc: str | Path | None = None,
        emit: Callable[[dict], None] | None = None,
        pipeline: bool = True,
        workers: int = 8,
    ) -> None:
        self.store, self.config = store, config or Config()
        self.policy = self.config.policy
        self.clock = clock or RealClock()
        self.fetcher, self.allow_private = fetcher, allow_private
        self.warc = Path(warc) if warc else Path(str(store.path) + ".warc.gz")
        self.emit, self.pipeline, self.workers = emit, pipeline, workers
        self._robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser | None]] = {}
        self._gate = HostGate(self.clock, self.policy.host_gap, self.policy.host_concurrency)
        self._lock = threading.Lock()

    # -- what is watched ------------------------------------------------------------------

    def add(self, targets: Iterable[str]) -> int:
        """Watch these URLs (feeds or pages: the first answer tells which); returns how many
        were new. Each is due at once."""
        now, added = self.clock.now(), 0
        for url in targets:
            parts = urls.split_url(url)
            if parts is None or not urls.http_url(url) or not parts.hostname:
                raise InputError(f"{url} is not an http or https URL to watch.")
            added += self.store.add_watch(
                url, "auto", parts.hostname, now, now, self.policy.feed_start
            )
        return added

    # -- one pass -------------------------------------------------------------------------

    def check(self, force: bool = False, rounds: int = 3) -> PassResult:
        """Check what is due (everything with ``force``), then the pages new entries listed."""
        result = PassResult()
        new_articles: list[str] = []
        for round_ in range(rounds):
            due = self.store.due(self.clock.now(), everything=force and round_ == 0)
            if not due:
                break
            for answer in self._fetch_all(due):
                result.fetch_seconds += answer.seconds
                new_articles += self._settle(answer, result)
        if self.pipeline and new_articles:
            started = time.perf_counter()
            self._after(new_articles, result)
            result.pipeline_seconds += time.perf_counter() - started
        self._send(result)
        return result

    def run(self, stop: threading.Event, force: bool = False) -> Iterable[PassResult]:
        """Pass after pass until ``stop`` is set, sleeping until the next watch is due."""
        while not stop.is_set():
            yield self.check(force=force)
            force = False
            wake = self.store.next_due()
            wait = 60.0 if wake is None else max(wake - self.clock.now(), 0.0)
            stop.wait(min(wait, 60.0))

    # -- fetching -------------------------------------------------------------------------

    def _fetch_all(self, due: list[dict]) -> list[_Answer]:
        if len(due) == 1 or self.workers == 1:
            return [self._fetch(w) for w in due]
        with ThreadPoolExecutor(min(self.workers, len(due))) as pool:
            return list(pool.map(self._fetch, due))

    def _fetch(self, watch: dict) -> _Answer:
        host = watch["host"]
        if not self._allowed(watch["url"], host):
            return _Answer(watch, refused=f"robots.txt of {host} disallows {watch['url']}")
        headers = {}
        if watch["etag"]:
            headers["If-None-Match"] = watch["etag"]
        if watch["modified"]:
            headers["If-Modified-Since"] = watch["modified"]
        with self._gate.slot(host):
            started = time.perf_counter()
            try:
                got = self._get(watch["url"], headers)
                return _Answer(watch, fetched=got, seconds=time.perf_counter() - started)
            except FetchError as exc:
                return _Answer(watch, error=exc, seconds=time.perf_counter() - started)

    def _get(self, url: str, headers: dict[str, str] | None = None) -> Fetched:
        return self.fetcher(
            url, allow_private=self.allow_private, headers=headers, timeout=self.config.timeout,
            max_bytes=self.config.max_bytes, user_agent=self.config.user_agent,
        )  # fmt: skip

    def _allowed(self, url: str, host: str) -> bool:
        parts = urls.split_url(url)
        base = f"{parts.scheme}://{parts.netloc}" if parts else ""
        with self._lock:
            kept = self._robots.get(base)
        if kept is None or self.clock.now() - kept[0] > ROBOTS_FOR:
            parser: urllib.robotparser.RobotFileParser | None = None
            try:
                with self._gate.slot(host):
                    got = self._get(base + "/robots.txt")
                parser = urllib.robotparser.RobotFileParser()
                parser.parse(got.body.decode("utf-8", "replace").splitlines())
            except FetchError:
                parser = None  # no robots.txt (or none readable): nothing is disallowed
            kept = (self.clock.now(), parser)
            with self._lock:
                self._robots[base] = kept
        return kept[1] is None or kept[1].can_fetch(self.config.user_agent, url)

    # -- settling one answer --------------------------------------------------------------

    def _settle(self, answer: _Answer, result: PassResult) -> list[str]:
        watch, now = answer.watch, self.clock.now()
        result.checked += 1
        with self.store.transaction():
            if answer.refused or answer.error:
                self._failed(watch, answer, now, result)
                return []
            got = answer.fetched
            assert got is not None
            if got.status == 304:
                result.not_modified += 1
                self._unchanged(watch, got, now, result)
                return []
            if watch["kind"] in ("auto", "feed"):
                started = time.perf_counter()
                feed = feed_of(got)
                result.parse_seconds += time.perf_counter() - started
                if feed is not None:
                    self._feed(watch, got, feed, now, result)
                    return []
            return self._page(watch, got, now, result)

    def _failed(self, watch: dict, answer: _Answer, now: float, result: PassResult) -> None:
        result.failed += 1
        fails = watch["fails"] + 1
        error = answer.error
        refused = answer.refused is not None or (error is not None and error.status in REFUSING)
        why = answer.refused or str(error)
        floor = schedule.server_floor(
            {"retry-after": (error.retry_after or "") if error else ""}, None, now
        )
        interval = max(
            min(watch["interval"] * 2, self.policy.feed_max), floor, self.policy.feed_min
        )
        status = "refused" if refused else "failing"
        fields: dict[str, Any] = {"fails": fails, "status": status, "last_at": now,
                                  "checks": watch["checks"] + 1, "interval": interval,
                                  "next_at": now + schedule.jittered(self.policy, watch["url"], watch["checks"], interval)}  # fmt: skip
        if fails >= self.policy.fails_alert and not watch["health"]:
            what = f"{watch['host']} keeps refusing" if refused else f"{watch['url']} keeps failing"
            fields["health"] = status
            self._alert(result, "health", watch, f"{what}: {fails} checks in a row. Last: {why}",
                        key=f"{status}:{watch['checks']}")  # fmt: skip
        self.store.update_watch(watch["url"], **fields)

    def _unchanged(self, watch: dict, got: Fetched, now: float, result: PassResult) -> None:
        floor = schedule.server_floor(dict(got.headers), None, now)
        health = None if watch["health"] in RECOVERED else watch["health"]
        if watch["kind"] == "page":
            interval = schedule.page_interval(self.policy, watch["interval"], changed=False)
        else:
            new_at = json.loads(watch["new_at"])
            interval = schedule.feed_interval(self.policy, new_at, floor)
            health = health or self._quiet_alert(watch, new_at, now, result)
        self._reschedule(watch, now, max(interval, floor), unchanged=watch["unchanged"] + 1,
                         status="unchanged", fails=0, health=health)  # fmt: skip

    def _quiet_alert(self, watch: dict, new_at: list[float], now: float, result: PassResult):
        """ "quiet", with a health alert, when the feed has been empty longer than its rhythm."""
        if not self._quiet(new_at, now):
            return None
        self._alert(result, "health", watch, f"{watch['url']} has listed nothing new for "
                    f"{(now - new_at[-1]) / 3600:.1f} h, longer than its usual rhythm.",
                    key=f"quiet:{new_at[-1]}")  # fmt: skip
        return "quiet"

    def _reschedule(self, watch: dict, now: float, interval: float, **fields: Any) -> None:
        checks = watch["checks"] + 1
        next_at = now + schedule.jittered(self.policy, watch["url"], checks, interval)
        if watch["kind"] == "page" and next_at - watch["added_at"] > self.policy.retire_after:
            fields["status"] = "retired"
        self.store.update_watch(watch["url"], last_at=now, checks=checks, interval=interval,
                                next_at=next_at, **fields)  # fmt: skip

    def _feed(self, watch: dict, got: Fetched, feed: Any, now: float, result: PassResult) -> None:
        links = [
            link for e in feed.entries if urls.http_url(link := str(e.get("link") or "").strip())
        ]
        new = self.store.add_entries(watch["url"], links, now)
        for link in new if self.policy.follow else ():
            parts = urls.split_url(link)
            if parts and parts.hostname:
                self.store.add_watch(link, "page", parts.hostname, now, now, self.policy.page_start,
                                     feed=watch["url"])  # fmt: skip
        result.new_entries += len(new)
        new_at = json.loads(watch["new_at"])
        first = watch["kind"] == "auto"
        if new and not first:
            new_at = (new_at + [now])[-schedule.RHYTHM - 1 :]
        elif first:
            new_at = [now]
        floor = schedule.server_floor(dict(got.headers), feed.feed.get("ttl"), now)
        interval = schedule.feed_interval(self.policy, new_at, floor)
        health = None if new or watch["health"] in RECOVERED else watch["health"]
        if not new and health is None:
            health = self._quiet_alert(watch, new_at, now, result)
        if new or first:
            self._keep_raw(watch["url"], got)
        self._reschedule(watch, now, interval, kind="feed", status="ok", fails=0, health=health,
                         etag=got.header("etag"), modified=got.header("last-modified"),
                         entries=len(links), new_at=json.dumps(new_at),
                         unchanged=watch["unchanged"] + (not new))  # fmt: skip

    def _quiet(self, new_at: list[float], now: float) -> bool:
        gaps = [b - a for a, b in zip(new_at, new_at[1:], strict=False) if b > a]
        if len(gaps) < 2:
            return False
        usual = sorted(gaps)[len(gaps) // 2]
        return now - new_at[-1] > max(self.policy.quiet_factor * usual, self.policy.feed_min)

    def _page(self, watch: dict, got: Fetched, now: float, result: PassResult) -> list[str]:
        url = watch["url"]
        started = time.perf_counter()
        try:
            doc = inputs.load(url, allow_private=True, fetcher=lambda *_a, **_k: got)
        except InputError as exc:
            self._failed(watch, _Answer(watch, error=FetchError(str(exc))), now, result)
            return []
        finally:
            result.reading_seconds += time.perf_counter() - started
        doc = _as_watched(doc, url)
        digest = versions.content_hash(doc.text)
        cache = {"etag": got.header("etag"), "modified": got.header("last-modified"), "fails": 0}
        if watch["health"] in RECOVERED:
            cache["health"] = None  # it answers again
        if digest == watch["hash"]:
            interval = schedule.page_interval(self.policy, watch["interval"], changed=False)
            self._reschedule(watch, now, interval, kind="page", status="unchanged",
                             unchanged=watch["unchanged"] + 1, **cache)  # fmt: skip
            return []
        earlier = {v["hash"]: v["article"] for v in self.store.page_versions(url)}
        started = time.perf_counter()
        aid = article_id(doc)
        ingest(self.store, [doc], workers=1)
        previous = watch["article"]
        returned = digest in earlier
        reason = None
        if previous and not returned:
            reason = versions.boring(self._text(previous), doc.text, doc.title)
        flagged = 0
        if previous and not returned and reason is None:
            flagged = self._edit(watch, previous, aid, doc, now, result)
        result.reading_seconds += time.perf_counter() - started
        result.versions += 1
        result.boring += reason is not None
        result.returned += returned
        self.store.add_version({
            "url": url, "hash": digest, "article": aid, "fetched_at": now, "boring": reason,
            "returned": returned, "previous": previous, "flagged": flagged,
            "warc": self._keep_raw(url, got),
        })  # fmt: skip
        if len(doc.text.split()) < self.policy.min_words and watch["health"] != "thin":
            cache["health"] = "thin"
            self._alert(result, "health", watch, f"{url} gave only {len(doc.text.split())} words "
                        "of text: a paywall, a consent wall or a page unspin cannot read.",
                        key=f"thin:{digest}")  # fmt: skip
        interval = schedule.page_interval(self.policy, watch["interval"], changed=True)
        self._reschedule(watch, now, interval, kind="page", status="ok", hash=digest, article=aid,
                         **cache)  # fmt: skip
        return [] if returned else [aid]  # an edit joins the story too: the sheet lines it up

    def _text(self, article: str) -> str:
        from unspin.corpus import document

        return document(self.store, article).text

    def _edit(self, watch: dict, previous: str, aid: str, doc: Document, now: float,
              result: PassResult) -> int:  # fmt: skip
        """Compare a page's new version with the one before; keep it; alert. Returns how many
        changes were flagged."""
        from unspin import compare
        from unspin.corpus import document

        before = document(self.store, previous)
        compared = compare(before, doc, mode="rewrite")
        self.store.save_comparison(previous, aid, compared)
        changes = compared.to_dict()["changes"]
        title = doc.title or watch["url"]
        self._alert(result, "stealth_edit", watch, f"{watch['url']} was edited after publication.",
                    key=f"{previous}:{aid}", changes=changes, outlet=doc.outlet, text=doc.text,
                    extra={"article": doc.id or watch["url"], "version": aid, "previous": previous,
                           "title": f"Edited: {title}", "link": f"/pairs/{previous}/{aid}"})  # fmt: skip
        return len(compared.flagged)

    # -- the corpus pipeline, incrementally -----------------------------------------------

    def _after(self, new: list[str], result: PassResult) -> None:
        cluster(self.store)
        provenance(self.store, compare=True)
        stories = set()
        for aid in new:
            row = self.store.article_row(aid)
            if row is None:
                continue
            ext, title, url, outlet, text, story, relation, parent = (
                row[1], row[4], row[5], row[6], row[10], row[12], row[13], row[14])  # fmt: skip
            stories.add(story)
            edit = any(
                v["article"] == aid and v["seq"] > 1 for v in self.store.article_versions(aid)
            )
            if relation in ("copy", "rewrite") and parent and not edit:  # an edit: stealth_edit
                stored = self.store.comparison_result(parent, aid)
                changes = json.loads(stored)["changes"] if stored else []
                watch = {"url": url or ext}
                self._alert(result, "new_rewrite", watch, f"{url or ext} is a {relation} of "
                            "an article already in the store.", key=aid, changes=changes,
                            outlet=outlet, story=story, text=text,
                            extra={"article": ext, "version": aid, "previous": parent, "story": story,
                                   "title": f"New {relation}: {title or url or ext}",
                                   "link": f"/pairs/{parent}/{aid}"})  # fmt: skip
        for story in sorted(s for s in stories if s):
            self._disputes(story, result)

    def _disputes(self, story: str, result: PassResult) -> None:
        try:
            sheet = facts(self.store, story)
        except UnspinError as exc:
            result.problems.append(f"The fact sheet of story {story} could not be read: {exc}")
            return
        disputed = sorted(s.slot for s in sheet.slots if s.status == "disputed")
        key = f"watch.disputed:{story}"
        before = set(json.loads(self.store.get_state(key, "[]") or "[]"))
        for slot in disputed:
            if slot in before:
                continue
            values = next(s for s in sheet.slots if s.slot == slot).values
            shown = " / ".join(v.value for v in values)
            self._alert(result, "disputed", {"url": None}, f"Story {story}: the slot "
                        f"'{slot}' is now disputed ({shown}).", key=f"{story}:{slot}", story=story,
                        extra={"story": story, "slot": slot, "article": None,
                               "title": f"Disputed: {slot} ({shown})",
                               "link": f"/stories/{story}/facts"})  # fmt: skip
        self.store.set_state(key, json.dumps(disputed))

    # -- alerts -----------------------------------------------------------------------------

    def _alert(
        self, result: PassResult, kind: str, watch: dict, detail: str, *, key: str,
        changes: list[dict] | None = None, outlet: str | None = None, story: str | None = None,
        text: str = "", extra: dict | None = None,
    ) -> None:  # fmt: skip
        """Raise one alert for the first rule of this type that admits it (none: no alert)."""
        for rule in self.config.rules:
            if rule.type != kind or not rule.admits(outlet, story, text):
                continue
            picked = rule.changes(changes) if changes is not None else []
            if changes is not None and not picked:
                continue
            now = self.clock.now()
            alert = {"type": kind, "url": watch.get("url"), "article": watch.get("url"),
                     "changes": picked, "rule": rule.name, "detail": detail,
                     "title": detail, "link": "/watch", **(extra or {})}  # fmt: skip
            uid = hashlib.sha256(f"{kind}\0{watch.get('url')}\0{key}".encode()).hexdigest()[:24]
            alert["id"], alert["at"] = uid, iso(now)
            if self.store.add_alert(uid, now, alert):
                result.alerts.append(alert)
            return

    def _send(self, result: PassResult) -> None:
        if not result.alerts:
            return
        for alert in result.alerts:
            if self.emit:
                self.emit(alert)
            if self.config.webhook:
                problem = channels.post(self.config.webhook, alert, self.config.timeout)
                if problem:
                    result.problems.append(problem)
        if self.config.email:
            problem = channels.mail(self.config.email, result.alerts, self.config.timeout)
            if problem:
                result.problems.append(problem)

    def _keep_raw(self, url: str, got: Fetched) -> str:
        return archive.keep(self.warc, url, got)


def _as_watched(doc: Document, url: str) -> Document:
    """The page under the URL that is watched, so every version shares its key."""
    import dataclasses

    return dataclasses.replace(doc, url=url, name=url)
