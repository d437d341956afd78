"""Corpus operations over an opened :class:`~unspin.store.Store`: the library behind
``unspin ingest``, ``cluster``, ``provenance``, ``stories``, ``show`` and ``run``.

Each function reads what it needs out of the store, calls the pure stages (``clean``,
``sketch``, ``cluster``, ``provenance``, ``compare``) and writes the results back in
transactions of a bounded size, so a killed run loses at most one batch and the next run
resumes: ingest skips what it already has, cluster places only articles not yet placed,
provenance redoes only the stories whose membership changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np

from unspin import clean
from unspin import cluster as clustering
from unspin import provenance as prov
from unspin import sketch as sk
from unspin.compare import compare_many
from unspin.errors import StoreError
from unspin.records import (
    AlignedGroup,
    Alignment,
    Change,
    Comparison,
    Document,
    Failure,
    Relation,
    Sentence,
    Span,
)  # fmt: skip
from unspin.store import Store

BATCH = 256  # articles per write transaction
CHUNK = 32  # articles per worker task
SEVERITY_RANK = {"high": 3, "medium": 2, "low": 1}
Progress = Callable[[int], None]


@dataclass(frozen=True)
class IngestResult:
    added: int
    unchanged: int
    failed: int


@dataclass(frozen=True)
class ClusterResult:
    placed: int
    threads: int
    stories: int


@dataclass(frozen=True)
class ProvenanceResult:
    stories: int
    derived: int
    compared: int


# -- ingest ----------------------------------------------------------------------------------


def article_id(doc: Document) -> str:
    """Content-hash id: the same text under the same key is the same article."""
    return hashlib.sha256(f"{_key(doc)}\0{doc.text}".encode()).hexdigest()[:16]


def _key(doc: Document) -> str:
    """What versions of one article share: its id, else its URL, else its file, else its text."""
    if doc.id:
        return "id:" + doc.id
    if doc.url:
        return "url:" + doc.url.split("#", 1)[0]
    if doc.name and os.path.isfile(doc.name):
        return "file:" + os.path.realpath(doc.name)
    return "text:" + hashlib.sha256(doc.text.encode()).hexdigest()


def _ext_id(doc: Document) -> str:
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
        marks = ",".join("?" * len(fresh))
        have = {
            r[0]
            for r in store.conn.execute(
                f"SELECT id FROM articles WHERE id IN ({marks})", list(fresh)
            )
        }
        fresh = {k: v for k, v in fresh.items() if k not in have}
    return fresh


def _prepare_chunk(chunk: list[tuple]) -> list[sk.Prepared]:
    return [sk.prepare(*args) for args in chunk]


def _submit(pool: Executor | None, fresh: dict[str, Document]) -> Callable[[], list[sk.Prepared]]:
    """Start preparing a batch; the returned function waits for it."""
    args = [(aid, d.text, d.title, d.published) for aid, d in fresh.items()]
    if pool is None:
        return lambda: _prepare_chunk(args)
    futures = [pool.submit(_prepare_chunk, args[k : k + CHUNK]) for k in range(0, len(args), CHUNK)]
    return lambda: [p for f in futures for p in f.result()]


def _write(
    store: Store, fresh: dict[str, Document], failures: list[Failure], prepared: list[sk.Prepared]
) -> None:
    sketches = sk.finish(prepared)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    df: dict[str, int] = defaultdict(int)
    with store.transaction() as conn:
        seq = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0]
        for (aid, doc), sketch in zip(fresh.items(), sketches, strict=True):
            seq += 1
            version = (
                1
                + conn.execute(
                    "SELECT COALESCE(MAX(version), 0) FROM articles WHERE key = ?", (_key(doc),)
                ).fetchone()[0]
            )
            ext = _ext_id(doc)
            ext = ext if version == 1 else f"{ext}@v{version}"
            conn.execute(
                "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (aid, seq, ext, _key(doc), version, doc.name, doc.title, doc.url, doc.outlet, doc.author,
                 sk.when(doc.published), sketch.day, len(doc.text.split()), doc.text, now),
            )  # fmt: skip
            conn.execute(
                "INSERT INTO sketches VALUES (?,?,?,?)",
                (aid, json.dumps(sketch.terms, sort_keys=True), sketch.embedding.astype(np.float16).tobytes(),
                 sketch.minhash.astype(np.uint32).tobytes()),
            )  # fmt: skip
            conn.executemany("INSERT INTO bands VALUES (?, ?)", [(k, aid) for k in sketch.bands()])
            for term in sketch.terms:
                df[term] += 1
        conn.executemany(
            "INSERT INTO terms VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
            sorted(df.items()),
        )
        conn.executemany(
            "INSERT INTO failures(origin, reason, at) VALUES (?, ?, ?)",
            [(f.origin, f.reason, now) for f in failures],
        )


# -- cluster ---------------------------------------------------------------------------------


def _load_sketch(row) -> sk.Sketch:
    article, day, terms, embedding, minhash = row
    return sk.Sketch(
        article, day, json.loads(terms),
        np.frombuffer(embedding, dtype=np.float16).astype(np.float32),
        np.frombuffer(minhash, dtype=np.uint32),
    )  # fmt: skip


_SKETCH_SQL = "SELECT a.id, a.day, s.terms, s.embedding, s.minhash FROM articles a JOIN sketches s ON s.article = a.id"


def cluster(store: Store, progress: Progress | None = None) -> ClusterResult:
    """Place every article not yet in a story; re-split only the threads that grew."""
    pending = [
        _load_sketch(r)
        for r in store.conn.execute(
            _SKETCH_SQL + " LEFT JOIN members m ON m.article = a.id WHERE m.article IS NULL"
            " ORDER BY a.day IS NULL, a.day, a.seq"
        )
    ]
    if not pending:
        return ClusterResult(0, 0, 0)
    n = store.scalar("SELECT COUNT(*) FROM articles")
    df = dict(store.conn.execute("SELECT term, df FROM terms"))
    threader = clustering.Threader(clustering.idf_function(df, n))
    for row in _window(store, pending):
        threader.known(_load_sketch(row[:5]), row[5])
    near = _near_duplicates(store, [s.article for s in pending])
    placed: dict[str, str] = {}
    for k, s in enumerate(pending):
        placed[s.article] = threader.add(s, near.get(s.article, ()))
        if progress and k % 500 == 499:
            progress(500)
    seq = dict(
        store.conn.execute(
            "SELECT id, seq FROM articles WHERE id NOT IN (SELECT article FROM members)"
        )
    )
    by_thread: dict[str, list[sk.Sketch]] = defaultdict(list)
    for s in sorted(pending, key=lambda s: seq[s.article]):
        by_thread[placed[s.article]].append(s)
    rows = [
        row
        for thread in sorted(by_thread)
        for row in _split_thread(store, thread, by_thread[thread])
    ]
    touched = sorted(by_thread)
    with store.transaction() as conn:  # splits are computed above, outside the write lock
        # Provenance is redone for every story of a touched thread: a story may have lost members.
        conn.executemany(
            "DELETE FROM derivations WHERE article IN (SELECT article FROM members WHERE thread = ?)",
            [(t,) for t in touched],
        )
        conn.executemany(
            "INSERT INTO members VALUES (?, ?, ?) ON CONFLICT(article) DO UPDATE SET "
            "thread = excluded.thread, story = excluded.story",
            rows,
        )
    if progress:
        progress(len(pending) % 500)
    return ClusterResult(len(pending), len(touched), len({story for _, _, story in rows}))


def _window(store: Store, pending: list[sk.Sketch]) -> Iterator[tuple]:
    """Placed articles within the time window of the pending ones, with their threads (for
    undated pending articles, also the most recent ``SCAN`` placed ones)."""
    days = [s.day for s in pending if s.day is not None]
    lo = (min(days) - clustering.WINDOW_DAYS) if days else 0
    hi = (max(days) + clustering.WINDOW_DAYS) if days else 0
    recent = 1 << 62
    if any(s.day is None for s in pending):
        recent = int(
            store.scalar("SELECT COALESCE(MAX(seq), 0) FROM members JOIN articles ON id = article")
            or 0
        )
        recent -= clustering.SCAN
    sql = (
        "SELECT a.id, a.day, s.terms, s.embedding, s.minhash, m.thread FROM articles a "
        "JOIN sketches s ON s.article = a.id JOIN members m ON m.article = a.id "
        "WHERE (a.day BETWEEN ? AND ?) OR a.day IS NULL OR a.seq > ? ORDER BY a.seq"
    )
    yield from store.conn.execute(sql, (lo, hi, recent))


def _near_duplicates(store: Store, pending: list[str], cap: int = 100) -> dict[str, list[str]]:
    """Articles sharing an LSH band with a pending one; of a bucket bigger than ``cap``, the
    first ``cap`` articles stored (a wire story copied by hundreds of sites still links up)."""
    conn = store.conn
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS pending_ids (id TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM pending_ids")
    conn.executemany("INSERT OR IGNORE INTO pending_ids VALUES (?)", [(a,) for a in pending])
    wanted = set(pending)
    near: dict[str, set[str]] = defaultdict(set)
    keys = conn.execute(
        "SELECT DISTINCT b.key FROM bands b JOIN pending_ids p ON p.id = b.article ORDER BY b.key"
    ).fetchall()
    for (key,) in keys:
        group = [
            r[0]
            for r in conn.execute(
                "SELECT article FROM bands WHERE key = ? ORDER BY rowid LIMIT ?", (key, cap)
            )
        ]
        for a in group:
            if a in wanted:
                near[a].update(b for b in group if b != a)
    conn.execute("DELETE FROM pending_ids")
    return {a: sorted(b) for a, b in near.items()}


def _split_thread(store: Store, thread: str, new: list[sk.Sketch]) -> list[tuple[str, str, str]]:
    """(article, thread, story) rows for every member of ``thread``, old and new."""
    rows = store.conn.execute(
        _SKETCH_SQL + " JOIN members m ON m.article = a.id WHERE m.thread = ? ORDER BY a.seq",
        (thread,),
    ).fetchall()
    sketches = [_load_sketch(r) for r in rows] + new  # ``new`` is in ingestion order
    parts = clustering.split(sketches)
    return [
        (sketches[k].article, thread, sketches[part[0]].article) for part in parts for k in part
    ]


# -- provenance ------------------------------------------------------------------------------


def provenance(
    store: Store, *, compare: bool = True, progress: Progress | None = None
) -> ProvenanceResult:
    """Label articles of stories whose membership changed; compare each copy/rewrite to its source."""
    dirty = [
        r[0]
        for r in store.conn.execute(
            "SELECT DISTINCT m.story FROM members m LEFT JOIN derivations d ON d.article = m.article "
            "LEFT JOIN members p ON p.article = d.derived_from "
            "WHERE d.article IS NULL OR d.story != m.story OR (d.derived_from IS NOT NULL AND p.story != m.story) "
            "ORDER BY m.story"
        )
    ]
    derived = compared = 0
    for story in dirty:
        items = _story_items(store, story)
        found = prov.derive(items)
        with store.transaction() as conn:
            conn.executemany(
                "INSERT INTO derivations VALUES (?,?,?,?,?) ON CONFLICT(article) DO UPDATE SET "
                "story = excluded.story, relation = excluded.relation, derived_from = excluded.derived_from, score = excluded.score",
                [(d.article, story, d.relation, d.derived_from, d.score) for d in found],
            )
        derived += sum(d.derived_from is not None for d in found)
        if progress:
            progress(1)
    if compare:
        compared = compare_pending(store)
    return ProvenanceResult(len(dirty), derived, compared)


def sentences(store: Store, article: str, text: str) -> tuple[Sentence, ...]:
    """The article's sentences, split (``clean``) and stored the first time they are needed."""
    rows = store.conn.execute(
        "SELECT idx, start, end, boilerplate FROM sentences WHERE article = ? ORDER BY idx", (article,)
    ).fetchall()
    if rows:
        return tuple(Sentence(i, s, e, text[s:e], b) for i, s, e, b in rows)
    title = store.scalar("SELECT title FROM articles WHERE id = ?", (article,))
    found = clean.sentences(text, str(title) if title is not None else None)
    with store.transaction() as conn:
        conn.executemany(
            "INSERT OR IGNORE INTO sentences VALUES (?,?,?,?,?)",
            [(article, x.index, x.start, x.end, x.boilerplate) for x in found],
        )
    return found


def _story_items(store: Store, story: str) -> list[prov.Item]:
    rows = store.conn.execute(
        "SELECT a.id, a.published, a.seq, a.text FROM members m JOIN articles a ON a.id = m.article "
        "WHERE m.story = ? ORDER BY a.seq",
        (story,),
    ).fetchall()
    return [
        prov.Item(aid, (pub or "", seq), text, sentences(store, aid, text))
        for aid, pub, seq, text in rows
    ]


def compare_pending(store: Store, batch: int = 16) -> int:
    """Run ``compare`` for every copy and rewrite not yet compared with its source."""
    todo = store.conn.execute(
        "SELECT d.derived_from, d.article FROM derivations d LEFT JOIN comparisons c "
        "ON c.source = d.derived_from AND c.rewrite = d.article "
        "WHERE d.derived_from IS NOT NULL AND c.source IS NULL ORDER BY d.story, d.article"
    ).fetchall()
    done = 0
    for k in range(0, len(todo), batch):
        chunk = todo[k : k + batch]
        try:
            results: list[Comparison | str] = list(
                compare_many([(document(store, s), document(store, r)) for s, r in chunk])
            )
        except Exception:  # noqa: BLE001 - find the bad pair, one at a time
            results = [_compare_or_none(store, s, r) for s, r in chunk]
        with store.transaction() as conn:
            for (s, r), result in zip(chunk, results, strict=True):
                if isinstance(result, str):  # recorded, and the run goes on
                    conn.execute(
                        "INSERT INTO failures(origin, reason, at) VALUES (?, ?, ?)",
                        (
                            f"compare {s} {r}",
                            result,
                            dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                        ),
                    )
                    continue
                flagged = result.flagged
                worst = max((SEVERITY_RANK[c.severity] for c in flagged), default=0)
                conn.execute(
                    "INSERT OR REPLACE INTO comparisons VALUES (?,?,?,?,?)",
                    (s, r, len(flagged), worst, json.dumps(result.to_dict(), ensure_ascii=False)),
                )
                conn.execute("DELETE FROM changes WHERE source = ? AND rewrite = ?", (s, r))
                conn.executemany(
                    "INSERT INTO changes VALUES (?,?,?,?,?,?)",
                    [
                        (s, r, i, c.kind, c.severity, c.explanation)
                        for i, c in enumerate(result.changes)
                    ],
                )
        done += len(chunk)
    return done


def _compare_or_none(store: Store, source: str, rewrite: str) -> Comparison | str:
    """The comparison, or the reason it failed (a sentence) when ``compare`` raises."""
    try:
        return next(compare_many([(document(store, source), document(store, rewrite))]))
    except Exception as exc:  # noqa: BLE001 - one bad pair must not stop a corpus run
        return f"Comparing article {rewrite} with its source {source} failed: {type(exc).__name__}: {exc}"


def document(store: Store, article: str) -> Document:
    row = store.conn.execute(
        "SELECT text, ext_id, title, url, published, outlet, author FROM articles WHERE id = ?",
        (article,),
    ).fetchone()
    if row is None:
        raise StoreError(f"No article {article} in {store.path}.")
    text, ext, title, url, published, outlet, author = row
    return Document(text, ext, title, url, published, outlet, author, ext)


# -- reading back ----------------------------------------------------------------------------


def stories(store: Store) -> list[dict]:
    """``[{"story", "articles": [{"id", "derived_from", "relation"}]}]``, stories and articles in
    order of their first article's publication (then ingestion) order."""
    rows = store.conn.execute(
        "WITH firsts AS (SELECT y.story, MIN(COALESCE(x.published, '~') || printf('%012d', x.seq)) AS first "
        "FROM members y JOIN articles x ON x.id = y.article GROUP BY y.story) "
        "SELECT m.story, a.ext_id, p.ext_id, COALESCE(d.relation, 'original') FROM members m "
        "JOIN firsts f ON f.story = m.story JOIN articles a ON a.id = m.article "
        "LEFT JOIN derivations d ON d.article = a.id LEFT JOIN articles p ON p.id = d.derived_from "
        "ORDER BY f.first, m.story, COALESCE(a.published, '~'), a.seq"
    )
    out: list[dict] = []
    for story, ext, parent, relation in rows:
        if not out or out[-1]["story"] != story:
            out.append({"story": story, "articles": []})
        out[-1]["articles"].append({"id": ext, "derived_from": parent, "relation": relation})
    return out


def run(
    store: Store, items: Iterable[Document | Failure], *, compare: bool = True
) -> tuple[IngestResult, ClusterResult, ProvenanceResult]:
    """Ingest, cluster and provenance in one go."""
    ing = ingest(store, items)
    return ing, cluster(store), provenance(store, compare=compare)


def resolve_story(store: Store, ref: str) -> str:
    """A story id from its id, a unique prefix of it, or the external id of one of its articles."""
    rows = store.conn.execute(
        "SELECT DISTINCT story FROM members WHERE story = ? OR story LIKE ? "
        "UNION SELECT m.story FROM members m JOIN articles a ON a.id = m.article WHERE a.ext_id = ?",
        (ref, ref.replace("%", "") + "%", ref),
    ).fetchall()
    if not rows:
        raise StoreError(f"No story {ref!r} in {store.path}; `unspin stories` lists them.")
    if len(rows) > 1:
        raise StoreError(f"{ref!r} names {len(rows)} stories in {store.path}; give more of the id.")
    return rows[0][0]


def show(store: Store, ref: str) -> dict:
    """One story: its articles with metadata and derivations, and each derived article's changes."""
    story_id = resolve_story(store, ref)
    rows = store.conn.execute(
        "SELECT a.id, a.ext_id, a.title, a.outlet, a.url, a.published, COALESCE(d.relation, 'original'), "
        "d.derived_from, p.ext_id, c.result FROM members m JOIN articles a ON a.id = m.article "
        "LEFT JOIN derivations d ON d.article = a.id LEFT JOIN articles p ON p.id = d.derived_from "
        "LEFT JOIN comparisons c ON c.source = d.derived_from AND c.rewrite = a.id "
        "WHERE m.story = ? ORDER BY COALESCE(a.published, ''), a.seq",
        (story_id,),
    ).fetchall()
    articles = []
    for _aid, ext, title, outlet, url, published, relation, _parent, parent_ext, result in rows:
        entry = {"id": ext, "title": title, "outlet": outlet, "url": url, "published": published,
                 "relation": relation, "derived_from": parent_ext}  # fmt: skip
        if result is not None:
            data = json.loads(result)
            entry["changes"] = data["changes"]
            entry["similarity"] = data["relation"]["similarity"]
        articles.append(entry)
    return {"story": story_id, "articles": articles}


def failures(store: Store) -> list[dict]:
    return [
        {"origin": o, "reason": r, "at": at}
        for o, r, at in store.conn.execute("SELECT origin, reason, at FROM failures ORDER BY id")
    ]


def comparison(store: Store, source: str, rewrite: str) -> Comparison:
    """The stored comparison of ``rewrite`` against ``source`` (article ids) as a record."""
    row = store.scalar(
        "SELECT result FROM comparisons WHERE source = ? AND rewrite = ?", (source, rewrite)
    )
    if row is None:
        raise StoreError(f"No comparison of {rewrite} against {source} in {store.path}.")
    data = json.loads(str(row))
    docs = [document(store, a) for a in (source, rewrite)]
    sents = [sentences(store, a, d.text) for a, d in zip((source, rewrite), docs, strict=True)]
    groups = tuple(
        AlignedGroup(tuple(g["source"]), tuple(g["rewrite"]), g["score"]) for g in data["alignment"]
    )
    x2y: list[list[int]] = [[] for _ in sents[0]]
    y2x: list[list[int]] = [[] for _ in sents[1]]
    for g in groups:
        for i in g.source:
            x2y[i].extend(g.rewrite)
        for j in g.rewrite:
            y2x[j].extend(g.source)
    changes = tuple(
        Change(c["kind"], c["severity"], _span(c["source"]), _span(c["rewrite"]), c["explanation"])
        for c in data["changes"]
    )
    return Comparison(
        docs[0], docs[1], sents[0], sents[1],
        Relation(data["relation"]["kind"], data["relation"]["similarity"]), changes,
        Alignment(tuple(map(tuple, x2y)), tuple(map(tuple, y2x)), groups),
    )  # fmt: skip


def _span(d: dict | None) -> Span | None:
    return Span(d["start"], d["end"], d["text"]) if d else None


def overview(store: Store, limit: int | None = None) -> list[dict]:
    """Stories of two or more articles, most severe first: the data of the corpus report."""
    rows = store.conn.execute(
        "SELECT m.story, a.id, a.ext_id, a.title, a.outlet, a.published, COALESCE(d.relation, 'original'), "
        "d.derived_from, p.ext_id, COALESCE(c.worst, 0), COALESCE(c.flagged, 0) FROM members m "
        "JOIN articles a ON a.id = m.article LEFT JOIN derivations d ON d.article = a.id "
        "LEFT JOIN articles p ON p.id = d.derived_from "
        "LEFT JOIN comparisons c ON c.source = d.derived_from AND c.rewrite = a.id "
        "WHERE m.story IN (SELECT story FROM members GROUP BY story HAVING COUNT(*) > 1) "
        "ORDER BY m.story, COALESCE(a.published, ''), a.seq"
    ).fetchall()
    found: dict[str, dict] = {}
    for (
        story,
        aid,
        ext,
        title,
        outlet,
        published,
        relation,
        parent,
        parent_ext,
        worst,
        flagged,
    ) in rows:
        s = found.setdefault(story, {"story": story, "articles": [], "worst": 0, "flagged": 0})
        s["articles"].append({"article": aid, "id": ext, "title": title, "outlet": outlet, "published": published,
                              "relation": relation, "parent": parent, "derived_from": parent_ext,
                              "worst": worst, "flagged": flagged})  # fmt: skip
        s["worst"], s["flagged"] = max(s["worst"], worst), s["flagged"] + flagged
    ranked = sorted(
        found.values(), key=lambda s: (-s["worst"], -s["flagged"], -len(s["articles"]), s["story"])
    )
    return ranked[:limit] if limit else ranked
