"""When to check a feed or a page next: pure functions of what was seen, with the clock given.

**Feeds.** A feed is checked at the rhythm of its new entries: the median gap between the last
``RHYTHM`` times it showed a new entry, held within ``[feed_min, feed_max]`` (a new feed starts
at ``feed_start``). The feed's own word is a floor never gone under: RSS ``<ttl>`` (minutes),
``Cache-Control: max-age``, ``Expires`` and ``Retry-After``.

**Pages.** A page (an article a feed listed, or a URL watched on its own) is rechecked often
while it is fresh and changing and less often each time it is not, as NewsDiffs and NewsSniffer
do: ``page_start`` after it is first seen and after every change, doubled after each check that
finds no change, at most ``page_max``; it is retired ``retire_after`` after it was first seen.
With the defaults: 15 min, 30 min, 1 h, 2 h, 4 h, 8 h, then every 12 h, retired after 7 days.

Every interval gets up to ``jitter`` of itself added (a hash of the URL and the check number,
so runs are reproducible), so that feeds added together do not stay in step.
"""

from __future__ import annotations

import email.utils
import hashlib
import re
import statistics
from dataclasses import dataclass

MINUTE, HOUR, DAY = 60.0, 3600.0, 86400.0
RHYTHM = 10


@dataclass(frozen=True)
class Policy:
    feed_start: float = 30 * MINUTE
    feed_min: float = 5 * MINUTE
    feed_max: float = 6 * HOUR
    page_start: float = 15 * MINUTE
    page_max: float = 12 * HOUR
    retire_after: float = 7 * DAY
    jitter: float = 0.1
    host_gap: float = 1.0  # seconds between two requests to one host
    host_concurrency: int = 2
    fails_alert: int = 3  # a feed that fails this many times in a row raises a health alert
    quiet_factor: float = 3.0  # a feed empty for this many of its usual gaps raises one too
    min_words: int = 40  # a page with fewer words was probably a paywall or a consent wall
    follow: bool = True  # a feed's new links become page watches (false: follow feeds only)


def feed_interval(policy: Policy, new_at: list[float], floor: float = 0.0) -> float:
    """The gap to the next check of a feed that showed new entries at ``new_at``."""
    gaps = [b - a for a, b in zip(new_at, new_at[1:], strict=False) if b > a][-RHYTHM:]
    rhythm = statistics.median(gaps) if gaps else policy.feed_start
    return max(min(max(rhythm, policy.feed_min), policy.feed_max), floor)


def page_interval(policy: Policy, previous: float | None, changed: bool) -> float:
    """The gap to the next check of a page: back to the start on a change, else doubled."""
    if changed or previous is None:
        return policy.page_start
    return min(previous * 2, policy.page_max)


def jittered(policy: Policy, url: str, checks: int, interval: float) -> float:
    digest = hashlib.sha256(f"{url}\0{checks}".encode()).digest()
    return interval * (1 + policy.jitter * int.from_bytes(digest[:4], "big") / 2**32)


def server_floor(headers: dict[str, str], ttl_minutes: str | None, now: float) -> float:
    """The shortest gap the server asked for: TTL, max-age, Expires or Retry-After (seconds)."""
    floors = [0.0]
    if ttl_minutes and ttl_minutes.strip().isdigit():
        floors.append(min(int(ttl_minutes.strip()), 7 * 24 * 60) * MINUTE)
    control = headers.get("cache-control", "")
    match = re.search(r"max-age\s*=\s*(\d{1,9})", control)
    if match and "no-cache" not in control and "no-store" not in control:
        floors.append(float(match.group(1)))
    for name in ("expires", "retry-after"):
        value = (headers.get(name) or "").strip()
        if value.isdigit():
            floors.append(float(value[:9]))
        elif value:
            floors.append(_until(value, now))
    return min(max(floors), 7 * DAY)  # a server cannot park a feed for longer than a week


def _until(date: str, now: float) -> float:
    try:
        when = email.utils.parsedate_to_datetime(date)
    except (TypeError, ValueError, IndexError, OverflowError):
        return 0.0
    if when is None or when.tzinfo is None:
        return 0.0
    return max(when.timestamp() - now, 0.0)
