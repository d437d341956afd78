"""cluster: group sketched articles into stories, without comparing all pairs.

Two passes, both over :class:`~unspin.sketch.Sketch` records only:

1. **Threads.** Articles arrive in time order. Each one is compared only with *candidates*:
   articles within ``WINDOW_DAYS`` that share one of its most telling terms (an inverted index
   over the window, each posting list capped), plus near-duplicates the LSH bands found. It joins
   the thread whose members it resembles most *on average* (online average linkage: members it
   is not a candidate of count as zero), or opens a new one. Cost per article is bounded by the
   window and the caps, so the whole pass grows linearly with the corpus, and a new batch only
   touches the threads it joins.
2. **Stories.** A thread can hold two events of one kind (two earthquakes, two arrests of the
   same footballer's team-mates): they share the topic's names and words, and differ in a few
   names, places, numbers and years. Each thread is bisected while its two halves are far apart
   *by the thread's own term weights* (inverse document frequency within the thread, so the
   names every member shares stop counting and the ones that tell the events apart decide).

Similarity of two articles: 0.85 x cosine of their idf-weighted term vectors + 0.15 x cosine of
their lead vectors (``sketch.lead_vector``). Weights and thresholds were chosen on ECB+ dev (see BENCHMARKS.md).
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from unspin.sketch import Sketch, lead_vector

W_TERMS, W_VECTOR = 0.85, 0.15
JOIN = 0.2  # average similarity to a thread's members needed to join it
SPLIT = 0.45  # bisect a thread while between-half similarity < SPLIT x within-half similarity
MIN_PART = 3  # neither half of a split may be smaller
MAX_SPLIT_DEPTH = 4
MAX_SPLIT_SIZE = 2000  # bigger threads are left whole (quadratic step); see BENCHMARKS.md
WINDOW_DAYS = 4
SALIENT = 12  # terms per article used as blocking keys
POSTING_CAP = 300  # most recent articles kept per blocking key
NEIGHBOURS, NEIGHBOUR_MIN = 8, 0.6  # nearest lead vectors in the window taken as candidates too
SCAN = 20000  # an undated article looks for nearest vectors among this many recent articles


def term_vector(terms: Mapping[str, int], idf: Callable[[str], float]) -> dict[str, float]:
    """Unit vector of sqrt(count) x idf over the article's terms."""
    vec = {t: math.sqrt(c) * idf(t) for t, c in terms.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def idf_function(df: Mapping[str, int], n: int) -> Callable[[str], float]:
    def idf(term: str) -> float:
        return math.log((n + 1) / (df.get(term, 0) + 1)) + 1.0

    return idf


@dataclass
class _Member:
    sketch: Sketch
    vector: dict[str, float]
    lead: np.ndarray
    thread: str


@dataclass
class _Day:
    """The lead vectors of one day's articles, in a matrix that grows by doubling."""

    ids: list[str] = field(default_factory=list)
    matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))

    def add(self, article: str, vector: np.ndarray) -> None:
        if len(self.ids) == len(self.matrix):
            grown = np.zeros((max(16, 2 * len(self.matrix)), vector.shape[0]), dtype=np.float32)
            if self.ids:
                grown[: len(self.ids)] = self.matrix[: len(self.ids)]
            self.matrix = grown
        self.matrix[len(self.ids)] = vector
        self.ids.append(article)

    def scores(self, vector: np.ndarray) -> list[tuple[float, str]]:
        sims = self.matrix[: len(self.ids)] @ vector
        top = np.argsort(-sims, kind="stable")[:NEIGHBOURS]
        return [(float(sims[k]), self.ids[k]) for k in top if sims[k] >= NEIGHBOUR_MIN]


@dataclass
class Threader:
    """Online first pass. Feed it the window's existing members, then the new articles in time
    order (undated ones last). Articles older than the window are forgotten as time advances,
    so memory and cost per article depend on the window, not the corpus."""

    idf: Callable[[str], float]
    weights: np.ndarray  # idf of each word piece (``sketch.piece_weights``)
    members: dict[str, _Member] = field(default_factory=dict)
    postings: dict[str, deque] = field(
        default_factory=lambda: defaultdict(lambda: deque(maxlen=POSTING_CAP))
    )
    sizes: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # members in the window
    days: dict[int | None, _Day] = field(default_factory=dict)

    def known(self, sketch: Sketch, thread: str) -> None:
        """Add an already-clustered article to the window."""
        self._remember(sketch, term_vector(sketch.terms, self.idf), self._lead(sketch), thread)

    def add(self, sketch: Sketch, near_duplicates: Iterable[str] = ()) -> str:
        """Place a new article; returns its thread (a new thread is named after the article)."""
        if sketch.day is not None:
            self._forget_before(sketch.day - WINDOW_DAYS)
        vector, lead = term_vector(sketch.terms, self.idf), self._lead(sketch)
        scores: dict[str, float] = defaultdict(float)
        for other in self._candidates(sketch, vector, lead, near_duplicates):
            scores[other.thread] += similarity(vector, lead, other.vector, other.lead)
        best = max(sorted(scores), key=lambda t: scores[t] / self.sizes[t], default=None)
        thread = (
            best if best is not None and scores[best] / self.sizes[best] >= JOIN else sketch.article
        )
        self._remember(sketch, vector, lead, thread)
        return thread

    def _lead(self, sketch: Sketch) -> np.ndarray:
        return lead_vector(sketch.pieces, self.weights)

    def _forget_before(self, first_day: int) -> None:
        for day in [d for d in self.days if d is not None and d < first_day]:
            for article in self.days.pop(day).ids:
                member = self.members.pop(article, None)
                if member is not None:
                    self.sizes[member.thread] -= 1

    def _candidates(
        self, sketch: Sketch, vector: dict[str, float], lead: np.ndarray, near: Iterable[str]
    ) -> list[_Member]:
        seen: dict[str, _Member] = {}
        for term in _salient(vector):
            for article in self.postings.get(term, ()):
                member = self.members.get(article)
                if (
                    member is not None
                    and article not in seen
                    and _within(member.sketch.day, sketch.day)
                ):
                    seen[article] = member
        for article in [*near, *self._nearest(sketch, lead)]:
            member = self.members.get(article)
            if member is not None and article != sketch.article:
                seen.setdefault(article, member)
        return list(seen.values())

    def _nearest(self, sketch: Sketch, lead: np.ndarray) -> list[str]:
        """The window's articles whose lead vectors are closest (a matrix product per day)."""
        if sketch.day is None:  # undated: the most recent days, up to SCAN articles
            days, rows = [], 0
            for day in sorted(self.days, key=lambda d: (d is not None, d or 0), reverse=True):
                days.append(day)
                rows += len(self.days[day].ids)
                if rows >= SCAN:
                    break
        else:
            days = [*range(sketch.day - WINDOW_DAYS, sketch.day + WINDOW_DAYS + 1), None]
        found = [
            hit for d in days if d in self.days for hit in self.days[d].scores(lead)
        ]
        found.sort(key=lambda h: (-h[0], h[1]))
        return [article for _, article in found[:NEIGHBOURS]]

    def _remember(
        self, sketch: Sketch, vector: dict[str, float], lead: np.ndarray, thread: str
    ) -> None:
        self.members[sketch.article] = _Member(sketch, vector, lead, thread)
        self.sizes[thread] += 1
        self.days.setdefault(sketch.day, _Day()).add(sketch.article, lead)
        for term in _salient(vector):
            self.postings[term].append(sketch.article)


def similarity(
    va: Mapping[str, float], ea: np.ndarray, vb: Mapping[str, float], eb: np.ndarray
) -> float:
    return W_TERMS * dot(va, vb) + W_VECTOR * float(np.dot(ea, eb))


def _salient(vector: Mapping[str, float]) -> list[str]:
    return sorted(vector, key=lambda t: (-vector[t], t))[:SALIENT]


def _within(a: int | None, b: int | None) -> bool:
    return a is None or b is None or abs(a - b) <= WINDOW_DAYS


def split(sketches: Sequence[Sketch]) -> list[list[int]]:
    """Stories of one thread: index lists into ``sketches``, each in the order given."""
    if len(sketches) > MAX_SPLIT_SIZE:
        return [list(range(len(sketches)))]
    return sorted(_bisect(sketches, list(range(len(sketches))), 0))


def _bisect(sketches: Sequence[Sketch], ix: list[int], depth: int) -> list[list[int]]:
    if len(ix) < 2 * MIN_PART or depth >= MAX_SPLIT_DEPTH:
        return [ix]
    sim = _local_similarity([sketches[i] for i in ix])
    dist = np.clip(1.0 - sim, 0.0, None)
    np.fill_diagonal(dist, 0.0)
    labels = fcluster(linkage(squareform(dist, checks=False), "average"), 2, "maxclust")
    a = [k for k, lab in enumerate(labels) if lab == labels[0]]
    b = [k for k, lab in enumerate(labels) if lab != labels[0]]
    if len(a) < MIN_PART or len(b) < MIN_PART:
        return [ix]
    within = (_mean_off(sim[np.ix_(a, a)]) * len(a) + _mean_off(sim[np.ix_(b, b)]) * len(b)) / len(
        ix
    )
    if sim[np.ix_(a, b)].mean() >= SPLIT * within:
        return [ix]
    return _bisect(sketches, [ix[k] for k in a], depth + 1) + _bisect(
        sketches, [ix[k] for k in b], depth + 1
    )


def _local_similarity(sketches: Sequence[Sketch]) -> np.ndarray:
    """Term cosine with idf computed inside the group: shared names stop counting."""
    df: dict[str, int] = defaultdict(int)
    for s in sketches:
        for t in s.terms:
            df[t] += 1
    idf = idf_function(df, len(sketches))
    index = {t: k for k, t in enumerate(sorted(df))}
    matrix = np.zeros((len(sketches), len(index)))
    for row, s in enumerate(sketches):
        for t, v in term_vector(s.terms, idf).items():
            matrix[row, index[t]] = v
    return matrix @ matrix.T


def _mean_off(m: np.ndarray) -> float:
    k = len(m)
    return float((m.sum() - np.trace(m)) / (k * (k - 1))) if k > 1 else 1.0
