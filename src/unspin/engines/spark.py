"""The Spark engine: ``unspin run --engine spark PATH...`` as one PySpark job.

Every stage is the plain function the local engine runs (``sources``, ``sketch``, ``cluster``,
``provenance``, ``compare``), applied to records in Spark tasks; Spark does the moving:

1. **read**: the inputs are expanded into units on the driver; a JSON Lines unit is read as
   partitioned text lines (``textFile``), any other unit (HTML, WARC, feed, URL) in a task of
   its own. Each record keeps (unit, position), the order the local engine reads in.
2. **ingest**: article ids and versions as :mod:`unspin.corpus` gives them (first copy of an id
   wins, ``seq`` by reading order); each article is sketched in the task that holds it.
3. **candidates**: LSH bands joined on their keys (each bucket's first 100 articles), salient
   terms joined on the term within the time window (the last ``POSTING_CAP`` per article), and
   the nearest lead vectors per day of the window: the definitions of ``cluster.Threader``.
4. **components**: the candidate edges of similarity at least ``JOIN`` are split into
   connected components (min-label propagation with joins, until no label changes); an article
   can only join a thread through such an edge, so each component is placed on its own with
   ``cluster.Placer``, in time order. Threads are split (``cluster.split``), stories traced
   (``provenance.derive``) and copies/rewrites compared (``compare``) per group in tasks.
5. **facts** (``facts=True``): each story of two or more articles is read for its mentions
   (spaCy and MiniLM, ``unspin.mentions``) in a task of its own, its articles in the order and
   batches the local fact sheet reads them in; the store keeps them, so ``unspin facts`` and
   the Facts tab build every sheet from them without a model.
6. **load**: the driver streams the results (``toLocalIterator``) into the store; workers never
   touch the database.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from unspin.corpus import _ingest, readers
from unspin.corpus import grouping as clustering
from unspin.corpus import lineage as prov
from unspin.corpus import sketch as sk
from unspin.errors import ConfigError
from unspin.records import Document, Failure
from unspin.store import Store

INSTALL = "pip install 'unspin[spark]'"
NP = int(
    os.environ.get("UNSPIN_SPARK_PARTITIONS", "4")
)  # partitions of every shuffle: enough for local mode; set UNSPIN_SPARK_PARTITIONS on a cluster
NEAR_CAP = 100  # as corpus._cluster._near_duplicates


@dataclass(frozen=True)
class SparkResult:
    read: int
    added: int
    failed: int
    stories: int
    compared: int


def session(master: str | None = None, conf: Sequence[tuple[str, str]] = ()) -> Any:
    """A SparkSession: ``master`` (default ``local[*]``, or what spark-submit set) and extra
    ``spark.*`` settings. A clear ConfigError when PySpark or Java is missing."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise ConfigError(
            f"The Spark engine needs PySpark, which is not installed; run `{INSTALL}`."
        ) from None
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("unspin")
    # Under spark-submit (which starts the gateway) the master is the one it was given.
    if master or not (os.environ.get("PYSPARK_GATEWAY_PORT") or os.environ.get("SPARK_MASTER")):
        builder = builder.master(master or "local[*]")
    builder = (
        builder.config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(NP))
    )
    for key, value in conf:
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
        spark.sparkContext.setLogLevel("ERROR")
        return spark
    except Exception as exc:  # noqa: BLE001 - Java missing, bad master URL, ...
        raise ConfigError(f"Spark could not start: {exc}".splitlines()[0]) from None


def run(
    store: Store,
    paths: Sequence[str],
    *,
    spark: Any = None,
    allow_private: bool = False,
    compare: bool = True,
    facts: bool = False,
) -> SparkResult:
    """Read, ingest, cluster, trace and compare ``paths`` on Spark into an empty ``store``
    (and, with ``facts``, read the mentions of every story of two or more articles)."""
    require_empty(store)
    spark = spark or session()
    sc = spark.sparkContext
    items = _read(sc, list(readers.units(paths)), allow_private)
    items.persist()
    failures = items.filter(lambda r: isinstance(r[1], Failure)).sortByKey(numPartitions=NP)
    docs = _articles(items.filter(lambda r: isinstance(r[1], Document)))
    docs.persist()
    sketches = docs.map(
        lambda a: (a["id"], (a["seq"], sk.sketch(a["id"], a["text"], a["title"], a["published"])))
    )
    sketches.persist()
    n = docs.count()
    df = dict(
        sketches.flatMap(lambda kv: [(t, 1) for t in sk.frequencies(kv[1][1])])
        .reduceByKey(lambda a, b: a + b, NP)
        .collect()
    )
    days = sketches.map(lambda kv: kv[1][1].day).filter(lambda d: d is not None)
    last_day = days.max() if not days.isEmpty() else None
    stats = sc.broadcast((df, n, sk.piece_weights(df, n)))  # piece weights made once
    feats = sketches.mapPartitions(lambda part: _features(part, stats.value)).persist()
    stories, derivations, comparisons = _cluster_and_trace(
        sc, docs, sketches, feats, last_day, compare
    )
    found = _mentions(docs, stories) if facts else sc.parallelize([])
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    added = _load(store, docs, sketches, df, failures, stories, derivations, comparisons, now)
    with store.transaction():
        store.save_mentions(found.sortBy(lambda r: r[0], numPartitions=NP).toLocalIterator())
    result = SparkResult(
        read=items.count(),
        added=added,
        failed=failures.count(),
        stories=store.count_stories(),
        compared=store.count_comparisons(),
    )
    items.unpersist()
    return result


def require_empty(store: Store) -> None:
    if store.count_articles():
        raise ConfigError(
            f"The Spark engine builds a new store, and {store.path} already holds articles; "
            "give a new --db file (or add to this one with the local engine)."
        )


# -- read and ingest --------------------------------------------------------------------------


def _read(sc: Any, units: list[str | Failure], allow_private: bool) -> Any:
    """((unit, position), Document | Failure) for every article, from partitioned reads."""
    parts = []
    others = []
    for k, unit in enumerate(units):
        if isinstance(unit, Failure):
            parts.append(sc.parallelize([((k, 0), unit)], 1))
        elif readers.is_jsonl(unit):
            lines = sc.textFile(unit, use_unicode=False).zipWithIndex()
            parts.append(
                lines.map(
                    lambda li, k=k, u=unit: ((k, li[1]), readers.jsonl_line(li[0], u, li[1] + 1))
                ).filter(lambda r: r[1] is not None)
            )
        else:
            others.append((k, unit))
    if others:
        parts.append(
            sc.parallelize(others, max(1, len(others))).flatMap(
                lambda ku: [
                    ((ku[0], j), item)
                    for j, item in enumerate(readers.read_unit(ku[1], allow_private=allow_private))
                ]
            )
        )
    return sc.union(parts).coalesce(NP) if parts else sc.parallelize([])


def _articles(docs: Any) -> Any:
    """Articles as the local ingest stores them: the first of equal ids, ``seq`` in reading
    order, versions counted per key."""
    first = (
        docs.map(lambda r: (_ingest.article_id(r[1]), (r[0], r[1])))
        .reduceByKey(lambda a, b: a if a[0] <= b[0] else b, NP)
        .map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
        .sortByKey(numPartitions=NP)
        .zipWithIndex()
        .map(lambda x: (x[0][1][0], x[1] + 1, x[0][1][1]))  # (id, seq, doc)
    )
    return (
        first.map(lambda r: (_ingest.key(r[2]), r))
        .groupByKey(NP)
        .flatMap(lambda kv: _versions(sorted(kv[1], key=lambda r: r[1])))
    )


def _versions(rows: list[tuple]) -> Iterator[dict]:
    for version, (aid, seq, doc) in enumerate(rows, 1):
        ext = _ingest.ext_id(doc)
        yield {
            "id": aid, "seq": seq, "ext_id": ext if version == 1 else f"{ext}@v{version}",
            "key": _ingest.key(doc), "version": version, "name": doc.name, "title": doc.title,
            "url": doc.url, "outlet": doc.outlet, "author": doc.author, "published": doc.published,
            "text": doc.text,
        }  # fmt: skip


def _features(part: Iterator, stats: tuple[dict, int, np.ndarray]) -> Iterator:
    df, n, weights = stats
    idf = clustering.idf_function(df, n)
    for aid, (seq, sketch) in part:
        yield aid, clustering.features(sketch, seq, idf, weights)


# -- candidates, components, threads, stories ------------------------------------------------


def _cluster_and_trace(
    sc: Any, docs: Any, sketches: Any, feats: Any, last_day: int | None, compare: bool
) -> tuple[Any, Any, Any]:
    pairs = _candidate_pairs(sketches, feats, last_day)
    edges = (
        pairs.map(lambda xy: (xy[1], xy[0]))
        .join(feats, NP)  # (y, (x, fy))
        .map(lambda kv: (kv[1][0], kv[1][1]))
        .join(feats, NP)  # (x, (fy, fx))
        .map(lambda kv: (kv[0], (kv[1][0].rank, kv[1][0].article, clustering.similarity(kv[1][1], kv[1][0]))))
        .persist()
    )  # fmt: skip
    strong = edges.filter(lambda e: e[1][2] >= clustering.JOIN).map(lambda e: (e[0], e[1][1]))
    labels = _components(sc, feats.keys(), strong)
    per_article = feats.mapValues(lambda f: (f.rank, f.day)).leftOuterJoin(
        edges.groupByKey(NP).mapValues(list), NP
    )  # (x, ((rank, day), [edges] | None))
    threads = (
        per_article.join(labels, NP)
        .map(lambda kv: (kv[1][1], (kv[1][0][0][0], kv[0], kv[1][0][0][1], kv[1][0][1] or [])))
        .groupByKey(NP)
        .flatMap(lambda kv: _place(sorted(kv[1]), last_day))  # (article, thread)
    )
    members = (
        threads.join(sketches, NP)
        .map(lambda kv: (kv[1][0], (kv[1][1][0], kv[1][1][1])))
        .groupByKey(NP)
        .flatMap(lambda kv: _split(kv[0], sorted(kv[1], key=lambda s: s[0])))
    ).persist()  # (article, thread, story)
    story_docs = members.map(lambda m: (m[0], m[2])).join(docs.map(lambda a: (a["id"], a)))
    derivations = (
        story_docs.map(lambda kv: (kv[1][0], kv[1][1]))
        .groupByKey(NP)
        .flatMap(lambda kv: _derive(kv[0], sorted(kv[1], key=lambda a: a["seq"])))
    ).persist()  # (article, story, relation, derived_from, score)
    comparisons = _comparisons(docs, derivations) if compare else sc.parallelize([])
    return members, derivations, comparisons


def _candidate_pairs(sketches: Any, feats: Any, last_day: int | None) -> Any:
    """(x, y) pairs of articles to score: near-duplicates, shared salient terms and nearest
    lead vectors, each y earlier than x within the window."""
    slim = feats.mapValues(lambda f: (f.rank, f.day))
    near = (
        sketches.flatMap(lambda kv: [(b, (kv[1][0], kv[0])) for b in kv[1][1].bands()])
        .groupByKey(NP)
        .flatMap(lambda kv: _bucket_pairs(sorted(kv[1])[:NEAR_CAP]))
    )
    postings = (
        feats.flatMap(lambda kv: [(t, (kv[1].rank, kv[0], kv[1].day)) for t in kv[1].salient])
        .groupByKey(NP)
        .flatMap(lambda kv: _posting_pairs(sorted(kv[1]), last_day))
    )
    nearest = (
        feats.flatMap(lambda kv: _window_keys(kv[1], last_day))
        .groupByKey(NP)
        .flatMap(lambda kv: _nearest_pairs(kv[0], sorted(kv[1], key=lambda f: f.rank), last_day))
    )
    # near-duplicate pairs only count towards an earlier article within the window
    pairs = near.union(postings).union(nearest).distinct(NP)
    pairs = (
        pairs.join(slim, NP)  # (x, (y, x_meta))
        .map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
        .join(slim, NP)  # (y, ((x, x_meta), y_meta))
        .filter(lambda kv: _earlier_in_window(kv[1][1], kv[1][0][1], last_day))
        .map(lambda kv: (kv[1][0][0], kv[0]))  # (x, y)
    )
    return pairs


def _comparisons(docs: Any, derivations: Any) -> Any:
    """Each derived article compared with its source: (story, source, rewrite, result, reason)."""
    by_id = docs.map(lambda a: (a["id"], a))
    return (
        derivations.filter(lambda d: d[3] is not None)
        .map(lambda d: (d[3], (d[0], d[1])))
        .join(by_id, NP)  # (source, ((rewrite, story), source_doc))
        .map(lambda kv: (kv[1][0][0], (kv[0], kv[1][0][1], kv[1][1])))
        .join(by_id, NP)  # (rewrite, ((source, story, source_doc), rewrite_doc))
        .map(lambda kv: _compare(kv[1][0][0], kv[0], kv[1][0][1], kv[1][0][2], kv[1][1]))
    )


def _bucket_pairs(bucket: list[tuple[int, str]]) -> Iterator[tuple[str, str]]:
    ids = [a for _, a in bucket]
    for a in ids:
        for b in ids:
            if a != b:
                yield a, b


def _posting_pairs(posting: list[tuple], last_day: int | None) -> Iterator[tuple[str, str]]:
    """(x, y): for each x, the last ``POSTING_CAP`` earlier window members sharing the term."""
    for i, (_, x, day) in enumerate(posting):
        kept = 0
        for j in range(i - 1, -1, -1):
            if kept == clustering.POSTING_CAP:
                break
            _, y, y_day = posting[j]
            if not clustering.in_window(y_day, day, last_day):
                break  # older still are further back
            yield x, y
            kept += 1


def _window_keys(f: clustering.Features, last_day: int | None) -> list[tuple]:
    """The groups whose queries may see ``f``: its day and the next ``WINDOW_DAYS`` days, and the
    undated group (-1) when it falls in the undated articles' window."""
    keys = []
    if f.day is not None:
        keys = [(f.day + k, f) for k in range(clustering.WINDOW_DAYS + 1)]
    if clustering.in_window(f.day, None, last_day):
        keys.append((-1, f))
    return keys


def _nearest_pairs(
    key: int, group: list[clustering.Features], last_day: int | None
) -> Iterator[tuple[str, str]]:
    matrix = np.stack([f.lead for f in group]) if group else None
    ids = [f.article for f in group]
    for i, f in enumerate(group):
        if key == -1 and f.day is None:
            lo = max(0, i - clustering.SCAN)
        elif key != -1 and f.day == key:
            lo = 0
        else:
            continue
        for y in clustering.nearest(ids[lo:i], matrix[lo:i], f.lead):
            yield f.article, y


def _earlier_in_window(y_meta: tuple, x_meta: tuple, last_day: int | None) -> bool:
    (y_rank, y_day), (x_rank, x_day) = y_meta, x_meta
    return y_rank < x_rank and clustering.in_window(y_day, x_day, last_day)


def _components(sc: Any, vertices: Any, edges: Any) -> Any:
    """(vertex, component) with component = the smallest article id connected to it."""
    links = edges.flatMap(lambda e: [e, (e[1], e[0])]).distinct(NP).persist()
    labels = vertices.map(lambda v: (v, v)).persist()
    while True:
        offers = links.join(labels, NP).map(lambda kv: (kv[1][0], kv[1][1]))
        updated = labels.union(offers).reduceByKey(min, NP).persist()
        changed = updated.join(labels, NP).filter(lambda kv: kv[1][0] != kv[1][1]).count()
        labels.unpersist()
        labels = updated
        labels.localCheckpoint()
        if not changed:
            return labels


def _place(rows: list[tuple], last_day: int | None) -> Iterator[tuple[str, str]]:
    """Place one component's articles in time order (``cluster.Placer``)."""
    placer = clustering.Placer(last_day)
    inside = {article for _, article, _, _ in rows}
    for _, article, day, edges in rows:
        found = sorted(e for e in edges if e[1] in inside)
        yield article, placer.place(article, day, [(y, sim) for _, y, sim in found])


def _split(thread: str, members: list[tuple[int, sk.Sketch]]) -> Iterator[tuple[str, str, str]]:
    sketches = [s for _, s in members]
    for part in clustering.split(sketches):
        for k in part:
            yield sketches[k].article, thread, sketches[part[0]].article


def _derive(story: str, articles: list[dict]) -> Iterator[tuple]:
    items = [
        prov.Item(
            a["id"],
            (sk.when(a["published"]) or "", a["seq"]),
            a["text"],
            a["title"],
        )
        for a in articles
    ]
    for d in prov.derive(items):
        yield d.article, story, d.relation, d.derived_from, d.score


def _document(a: dict) -> Document:
    return Document(
        a["text"], a["ext_id"], a["title"], a["url"], sk.when(a["published"]), a["outlet"],
        a["author"], a["ext_id"],
    )  # fmt: skip


def _compare(source: str, rewrite: str, story: str, src: dict, rw: dict) -> tuple:
    from unspin.compare import compare

    try:
        return (story, source, rewrite, compare(_document(src), _document(rw)), None)
    except Exception as exc:  # noqa: BLE001 - one bad pair must not stop a corpus run
        reason = f"Comparing article {rewrite} with its source {source} failed: {type(exc).__name__}: {exc}"
        return (story, source, rewrite, None, reason)


# -- load -------------------------------------------------------------------------------------


def _mentions(docs: Any, members: Any) -> Any:
    """(article, reader, data, vectors) rows for the articles of stories of 2+ articles."""
    keyed = docs.map(lambda a: (a["id"], a))
    return (
        members.map(lambda m: (m[0], m[2]))
        .join(keyed, NP)
        .map(lambda kv: (kv[1][0], kv[1][1]))
        .groupByKey(NP)
        .filter(lambda kv: len(kv[1]) > 1)
        .flatMap(lambda kv: _story_mentions(list(kv[1])))
    )


def _story_mentions(articles: list[dict]) -> Iterator[tuple]:
    from unspin import facts as reading
    from unspin import mentions
    from unspin.corpus._facts import READ_BATCH

    reader = mentions.reader()
    ordered = sorted(articles, key=lambda a: (sk.when(a["published"]) or "", a["seq"]))
    for k in range(0, len(ordered), READ_BATCH):
        batch = ordered[k : k + READ_BATCH]
        for a, analysis in zip(
            batch, reading.analyse_many([_document(a) for a in batch]), strict=True
        ):
            yield (a["id"], reader, *mentions.pack(mentions.extract(analysis)))


def _load(
    store: Store, docs: Any, sketches: Any, df: dict, failures: Any, members: Any,
    derivations: Any, comparisons: Any, now: str,
) -> int:  # fmt: skip
    added = 0
    with store.transaction():
        rows = docs.map(lambda a: (a["seq"], a)).sortByKey(numPartitions=NP).values()
        for a in rows.toLocalIterator():
            store.add_article({**a, "published": sk.when(a["published"]),
                               "day": sk.day(a["published"])}, now)  # fmt: skip
            added += 1
        for aid, (_, s) in sketches.sortBy(lambda kv: kv[1][0], numPartitions=NP).toLocalIterator():
            store.add_sketch(aid, s)
        store.add_term_counts(df)
        store.add_failures(((f.origin, f.reason) for _, f in failures.toLocalIterator()), now)
        # sorted by Spark and streamed, not gathered on the driver
        store.add_members(members.sortBy(lambda r: r, numPartitions=NP).toLocalIterator())
        store.save_derivations(derivations.sortBy(lambda r: r, numPartitions=NP).toLocalIterator())
        pairs = comparisons.sortBy(lambda c: (c[0], c[2]), numPartitions=NP)
        for _story, source, rewrite, result, reason in pairs.toLocalIterator():
            if result is None:
                store.add_failures([(f"compare {source} {rewrite}", reason)], now)
            else:
                store.save_comparison(source, rewrite, result)
    return added
