"""Politeness per host: at most ``cap`` requests at once, and ``gap`` seconds between two."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class HostGate:
    """At most ``cap`` requests at once to one host, and ``gap`` seconds between two starts."""

    def __init__(self, clock: Any, gap: float, cap: int) -> None:
        self.clock, self.gap, self.cap = clock, gap, cap
        self.lock = threading.Lock()
        self.next_free: dict[str, float] = {}
        self.caps: dict[str, threading.Semaphore] = defaultdict(lambda: threading.Semaphore(cap))

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Hold one of the host's requests: waits for a free place, then for the gap."""
        with self.lock:
            cap = self.caps[host]
        cap.acquire()
        try:
            with self.lock:
                now = self.clock.now()
                start = max(now, self.next_free.get(host, now))
                self.next_free[host] = start + self.gap
            if start > now:
                self.clock.sleep(start - now)
            yield
        finally:
            cap.release()
