"""ingest into the store: clean and sketch each article, write it with its sketch and LSH bands."""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass

from unspin.corpus import sketch as sk
from unspin.records import Document, Failure
from unspin.store import Store

BATCH = 256  # articles per write transaction
CHUNK = 32  # articles per worker task
Progress = Callable[[int], None]


@dataclass(frozen=True)
class IngestResult:
    added: int
    unchanged: int
    failed: int


def article_id(doc: Document) -> str:
    """Content-hash id: the same text under the same key is the same article."""
    return hashlib.sha256(f"{key(doc)}\0{doc.text}".encode()).hexdigest()[:16]


def key(doc: Document) -> str:
    """What versions of one article share: its id, else its URL, else its file, else its text."""
    if doc.id:
        return "id:" + doc.id
    if doc.url:
        return "url:" + doc.url.split("#", 1)[0]
    if doc.name and os.path.isfile(doc.name):
        return "file:" + os.path.realpath(doc.name)
    return "text:" + hashlib.sha256(doc.text.encode()).hexdigest()


def ext_id(doc: Document) -> str:
    return (
        doc.id or doc.url or (os.path.realpath(doc.name) if os.path.isfile(doc.name) else doc.name)
    )


def ingest(
    store: Store,
    items: Iterable[Document | Failure],
    progress: Progress | None = None,
    *,
    workers: int | None = None,
) -> IngestResult:
    """Store articles (clean + sketch them) and record failures; returns the counts.

    Sentence splitting and hashing run in ``workers`` processes (default: one per core) once the
    input is bigger than one batch, while this process embeds and writes the batch before.
    """
    added = unchanged = failed = 0
    workers = workers or os.cpu_count() or 1
    pool: Executor | None = None
    previous: tuple | None = None
    try:
        for docs, failures, last in _batches(items):
            if pool is None and workers > 1 and not last:
                pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
            inflight = set(previous[0]) if previous else set()
            fresh = _fresh(store, docs, inflight)
            current = (fresh, failures, _submit(pool, fresh), len(docs))
            for job in ([previous] if previous else []) + ([current] if last else []):
                fresh_, failures_, prepared, n_docs = job
                _write(store, fresh_, failures_, prepared())
                added, unchanged, failed = (
                    added + len(fresh_),
                    unchanged + n_docs - len(fresh_),
                    failed + len(failures_),
                )
                if progress:
                    progress(n_docs + len(failures_))
            previous = None if last else current
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return IngestResult(added, unchanged, failed)


def _batches(
    items: Iterable[Document | Failure],
) -> Iterator[tuple[list[Document], list[Failure], bool]]:
    docs: list[Document] = []
    failures: list[Failure] = []
    for item in items:
        (failures if isinstance(item, Failure) else docs).append(item)  # type: ignore[arg-type]
        if len(docs) + len(failures) >= BATCH:
            yield docs, failures, False
            docs, failures = [], []
    yield docs, failures, True


def _fresh(store: Store, docs: list[Document], inflight: set[str]) -> dict[str, Document]:
    fresh: dict[str, Document] = {}
    for doc in docs:
        aid = article_id(doc)
        if aid not in inflight:
            fresh.setdefault(aid, doc)
    if fresh:
        have = store.known_articles(list(fresh))
        fresh = {k: v for k, v in fresh.items() if k not in have}
    return fresh


def _prepare_chunk(chunk: list[tuple]) -> list[sk.Sketch]:
    return [sk.sketch(*args) for args in chunk]


def _submit(pool: Executor | None, fresh: dict[str, Document]) -> Callable[[], list[sk.Sketch]]:
    """Start preparing a batch; the returned function waits for it."""
    args = [(aid, d.text, d.title, d.published) for aid, d in fresh.items()]
    if pool is None:
        return lambda: _prepare_chunk(args)
    futures = [pool.submit(_prepare_chunk, args[k : k + CHUNK]) for k in range(0, len(args), CHUNK)]
    return lambda: [p for f in futures for p in f.result()]


def _write(
    store: Store, fresh: dict[str, Document], failures: list[Failure], sketches: list[sk.Sketch]
) -> None:
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    df: dict[str, int] = defaultdict(int)
    with store.transaction():
        seq = store.next_seq()
        for (aid, doc), sketch in zip(fresh.items(), sketches, strict=True):
            version = store.next_version(key(doc))
            ext = ext_id(doc)
            store.add_article(
                {"id": aid, "seq": seq, "ext_id": ext if version == 1 else f"{ext}@v{version}",
                 "key": key(doc), "version": version, "name": doc.name, "title": doc.title,
                 "url": doc.url, "outlet": doc.outlet, "author": doc.author,
                 "published": sk.when(doc.published), "day": sketch.day, "text": doc.text},
                now,
            )  # fmt: skip
            store.add_sketch(aid, sketch)
            seq += 1
            for term in sk.frequencies(sketch):
                df[term] += 1
        store.add_term_counts(df)
        store.add_failures(((f.origin, f.reason) for f in failures), now)
