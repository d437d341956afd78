"""provenance over the store: label each story's articles and compare copies and rewrites."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from unspin.compare import compare_many
from unspin.corpus import lineage as prov
from unspin.records import Comparison
from unspin.store import Store

from ._read import document

Progress = Callable[[int], None]


@dataclass(frozen=True)
class ProvenanceResult:
    stories: int
    derived: int
    compared: int


def provenance(
    store: Store,
    *,
    compare: bool = True,
    progress: Progress | None = None,
    workers: int | None = None,
) -> ProvenanceResult:
    """Label articles of stories whose membership changed; compare each copy/rewrite to its source.

    Stories are labelled in batches of ``BATCH``; with more than one batch, :func:`prov.derive`
    runs in ``workers`` processes (default: one per core) while this process reads the next
    stories and writes the finished ones, in story order (the result does not depend on it).
    """
    dirty = store.stories_to_derive()
    derived = compared = 0
    for stories, found in _derived(store, dirty, workers or os.cpu_count() or 1):
        rows = [
            (d.article, story, d.relation, d.derived_from, d.score)
            for story, labels in zip(stories, found, strict=True)
            for d in labels
        ]
        store.save_derivations(rows)
        derived += sum(r[3] is not None for r in rows)
        if progress:
            progress(len(stories))
    if compare:
        compared = compare_pending(store)
    return ProvenanceResult(len(dirty), derived, compared)


BATCH = 256  # stories per task


def _derived(
    store: Store, dirty: list[str], workers: int
) -> Iterator[tuple[list[str], list[list[prov.Derivation]]]]:
    """(stories, their labels) batch by batch, in order; at most two batches per worker are
    read ahead, so memory stays bounded."""
    batches = [dirty[k : k + BATCH] for k in range(0, len(dirty), BATCH)]
    if workers <= 1 or len(batches) <= 1:
        for batch in batches:
            yield batch, derive_batch([_story_items(store, s) for s in batch])
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        ahead: deque[tuple[list[str], Future]] = deque()
        for batch in batches:
            items = [_story_items(store, s) for s in batch]
            ahead.append((batch, pool.submit(derive_batch, items)))
            if len(ahead) >= 2 * workers:
                done, future = ahead.popleft()
                yield done, future.result()
        while ahead:
            done, future = ahead.popleft()
            yield done, future.result()


def derive_batch(stories: list[list[prov.Item]]) -> list[list[prov.Derivation]]:
    """:func:`prov.derive` of each story (what a worker process runs)."""
    return [prov.derive(items) for items in stories]


def _story_items(store: Store, story: str) -> list[prov.Item]:
    rows = store.story_texts(story)
    return [prov.Item(aid, (pub or "", seq), text, title) for aid, pub, seq, text, title in rows]


def compare_pending(store: Store, batch: int = 16) -> int:
    """Run ``compare`` for every copy and rewrite not yet compared with its source."""
    todo = store.uncompared_derivations()
    done = 0
    for k in range(0, len(todo), batch):
        chunk = todo[k : k + batch]
        try:
            results: list[Comparison | str] = list(
                compare_many([(document(store, s), document(store, r)) for s, r in chunk])
            )
        except Exception:  # noqa: BLE001 - find the bad pair, one at a time
            results = [_compare_or_none(store, s, r) for s, r in chunk]
        with store.transaction():
            for (s, r), result in zip(chunk, results, strict=True):
                if isinstance(result, str):  # recorded, and the run goes on
                    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
                    store.add_failures([(f"compare {s} {r}", result)], now)
                else:
                    store.save_comparison(s, r, result)
        done += len(chunk)
    return done


def _compare_or_none(store: Store, source: str, rewrite: str) -> Comparison | str:
    """The comparison, or the reason it failed (a sentence) when ``compare`` raises."""
    try:
        return next(compare_many([(document(store, source), document(store, rewrite))]))
    except Exception as exc:  # noqa: BLE001 - one bad pair must not stop a corpus run
        return f"Comparing article {rewrite} with its source {source} failed: {type(exc).__name__}: {exc}"


def save_comparison(store: Store, result: Comparison) -> tuple[str, str]:
    """Store both documents of a comparison made outside the corpus (``serve``'s compare form)
    and the comparison itself; returns the two article ids. The articles wait for the next
    ``cluster`` like any others."""
    import dataclasses
    import hashlib

    from ._ingest import article_id, ingest

    docs = [  # a pasted text gets an id of its own, so it is never read as a path or a name
        d
        if d.id or d.url
        else dataclasses.replace(d, id="saved-" + hashlib.sha256(d.text.encode()).hexdigest()[:16])
        for d in (result.source, result.rewrite)
    ]
    with store.transaction():  # both articles and the comparison, or nothing
        ingest(store, docs, workers=1)
        source, rewrite = article_id(docs[0]), article_id(docs[1])
        store.save_comparison(source, rewrite, result)
    return source, rewrite
