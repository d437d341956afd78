"""Corpus operations over an opened :class:`~unspin.store.Store`: the library behind
``unspin ingest``, ``cluster``, ``provenance``, ``stories``, ``show`` and ``run``.

Each function reads what it needs out of the store, calls the pure stages (``clean``,
``sketch``, ``cluster``, ``provenance``, ``compare``) and writes the results back in
transactions of a bounded size, so a killed run loses at most one batch and the next run
resumes: ingest skips what it already has, cluster places only articles not yet placed,
provenance redoes only the stories whose membership changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from unspin.records import Document, Failure
from unspin.store import Store

from ._browse import KINDS, RELATIONS, SORTS, StoryQuery, article, browse, outlets
from ._cluster import ClusterResult, cluster
from ._facts import disputed, facts, read_facts
from ._ingest import IngestResult, article_id, ingest
from ._provenance import ProvenanceResult, compare_pending, provenance, save_comparison
from ._read import (
    comparison,
    document,
    failures,
    overview,
    resolve_story,
    sentences,
    show,
    stories,
    story_graph,
)  # fmt: skip

__all__ = [
    "KINDS", "RELATIONS", "SORTS", "StoryQuery", "article", "browse", "outlets", "story_graph",
    "ClusterResult", "IngestResult", "ProvenanceResult", "article_id", "cluster", "compare_pending",
    "comparison", "disputed", "document", "facts", "failures", "read_facts", "ingest", "overview", "provenance", "resolve_story",
    "run", "save_comparison", "sentences", "show", "stories",
]  # fmt: skip


def run(
    store: Store, items: Iterable[Document | Failure], *, compare: bool = True
) -> tuple[IngestResult, ClusterResult, ProvenanceResult]:
    """Ingest, cluster and provenance in one go."""
    ing = ingest(store, items)
    return ing, cluster(store), provenance(store, compare=compare)
