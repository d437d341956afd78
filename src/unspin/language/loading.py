"""Loading a model or a resource once per process, also when threads ask for it at once."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def once(load: Callable[[], T]) -> Callable[[], T]:
    """``load()`` run once and its result kept. Unlike ``lru_cache`` alone, threads that ask
    before the first load has finished wait for it instead of each loading their own copy:
    ``unspin serve`` answers requests on many threads, and 16 first compares used to load the
    spaCy and MiniLM models 16 times over, for 30 s."""
    lock = threading.RLock()
    kept: list[T] = []

    @functools.wraps(load)
    def loaded() -> T:
        if kept:
            return kept[0]
        with lock:
            if not kept:
                kept.append(load())
        return kept[0]

    return loaded
