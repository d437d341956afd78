"""cluster: group sketched articles into stories, without comparing all pairs.

Two passes, both over :class:`~unspin.corpus.sketch.Sketch` records only:

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
their lead vectors (``sketch.lead_vector``). Weights and thresholds were chosen on ECB+ dev (see docs/history.md).
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from unspin.corpus.sketch import Sketch, lead_vector

W_TERMS, W_VECTOR = 0.85, 0.15
JOIN = 0.2  # average similarity to a thread's members needed to join it
SPLIT = 0.45  # bisect a thread while between-half similarity < SPLIT x within-half similarity
MIN_PART = 3  # neither half of a split may be smaller
MAX_SPLIT_DEPTH = 4
MAX_SPLIT_SIZE = 2000  # bigger threads are left whole (quadratic step); see docs/history.md
WINDOW_DAYS = 4
SALIENT = 12  # terms per article used as blocking keys
POSTING_CAP = 300  # most recent articles kept per blocking key
NEIGHBOURS, NEIGHBOUR_MIN = 8, 0.6  # nearest lead vectors in the window taken as candidates too
SCAN = 20000  # an undated article looks for nearest vectors among this many recent articles


def term_vector(terms: Mapping[str, int], idf: Callable[[str], float]) -> dict[str, float]:
    """Unit vector of sqrt(count) x idf over the article's terms (keys in sorted order, so that
    sums over it come out the same wherever the sketch was made)."""
    vec = {t: math.sqrt(terms[t]) * idf(t) for t in sorted(terms)}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b) or (len(a) == len(b) and list(a) > list(b)):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def idf_function(df: Mapping[str, int], n: int) -> Callable[[str], float]:
    def idf(term: str) -> float:
        return math.log((n + 1) / (df.get(term, 0) + 1)) + 1.0

    return idf


@dataclass(frozen=True, eq=False)
class Features:
    """What the thread pass compares: an article's weighted term vector, its lead vector, its
    most telling terms (the blocking keys) and its place in time order."""

    article: str
    rank: tuple  # time order: dated articles by (day, seq), then undated ones by seq
    day: int | None
    vector: dict[str, float]
    lead: np.ndarray
    salient: tuple[str, ...]


def features(
    sketch: Sketch, seq: int, idf: Callable[[str], float], weights: np.ndarray
) -> Features:
    vector = term_vector(sketch.terms, idf)
    return Features(
        sketch.article,
        rank(sketch.day, seq),
        sketch.day,
        vector,
        lead_vector(sketch.pieces, weights),
        tuple(sorted(vector, key=lambda t: (-vector[t], t))[:SALIENT]),
    )


def rank(day: int | None, seq: int) -> tuple:
    return (day is None, day or 0, seq)


def similarity(a: Features, b: Features) -> float:
    return W_TERMS * dot(a.vector, b.vector) + W_VECTOR * float(np.dot(a.lead, b.lead))


def in_window(day: int | None, of: int | None, last_day: int | None) -> bool:
    """Is an article of ``day`` in the time window of one of day ``of``? For an undated one
    (placed after all dated ones) the window is the last ``WINDOW_DAYS`` of the corpus."""
    if day is None:
        return True
    if of is None:
        return last_day is None or day >= last_day - WINDOW_DAYS
    return abs(day - of) <= WINDOW_DAYS


@dataclass
class Placer:
    """The thread pass proper: articles arrive in time order with their candidates and the
    similarity to each; an article joins the thread whose *window* members it resembles most on
    average (members it is not a candidate of count as zero), if that average reaches ``JOIN``,
    else it opens a thread named after itself.

    It only needs the candidate edges, so it runs the same over the whole corpus (``corpus``)
    or over one connected component of the edges of at least ``JOIN`` (the Spark engine): an
    article can only join a thread holding a candidate at least that similar, since an average
    is never above its largest term."""

    last_day: int | None  # the latest publication day among all articles, for undated ones
    threads: dict[str, str] = field(default_factory=dict)
    _days: dict[int | None, list[str]] = field(default_factory=dict)
    _sizes: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # in the window

    def known(self, article: str, day: int | None, thread: str) -> None:
        self._remember(article, day, thread)

    def place(self, article: str, day: int | None, candidates: Iterable[tuple[str, float]]) -> str:
        """``candidates``: (article, similarity) of window members, in time order."""
        self.forget(day)
        scores: dict[str, float] = defaultdict(float)
        for other, sim in candidates:
            scores[self.threads[other]] += sim
        best = max(sorted(scores), key=lambda t: scores[t] / self._sizes[t], default=None)
        thread = best if best is not None and scores[best] / self._sizes[best] >= JOIN else article
        self._remember(article, day, thread)
        return thread

    def forget(self, day: int | None) -> list[str]:
        """Drop the members that are out of the window of an article of ``day``; returns them."""
        edge = day if day is not None else self.last_day
        if edge is None:
            return []
        gone = []
        for d in [d for d in self._days if d is not None and d < edge - WINDOW_DAYS]:
            for article in self._days.pop(d):
                self._sizes[self.threads[article]] -= 1
                gone.append(article)
        return gone

    def _remember(self, article: str, day: int | None, thread: str) -> None:
        self.threads[article] = thread
        self._days.setdefault(day, []).append(article)
        self._sizes[thread] += 1


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


def nearest(ids: Sequence[str], matrix: np.ndarray, lead: np.ndarray) -> list[str]:
    """Of the articles ``ids`` (rows of ``matrix``), the ``NEIGHBOURS`` whose lead vectors are
    closest to ``lead``, if at least ``NEIGHBOUR_MIN``; ties to the smaller id."""
    if not len(ids):
        return []
    sims = matrix @ lead
    top = sorted((-float(sims[k]), ids[k]) for k in np.flatnonzero(sims >= NEIGHBOUR_MIN))[
        :NEIGHBOURS
    ]
    return [article for _, article in top]


@dataclass
class Threader:
    """Online first pass over the whole corpus: feed it the window's existing members, then the
    new articles in time order (undated ones last). It finds each article's candidates:

    * *postings*: for each of its salient terms, the last ``POSTING_CAP`` window members that
      have the term among theirs;
    * *near-duplicates* the LSH bands found (given);
    * *nearest*: the ``NEIGHBOURS`` window members with the closest lead vectors (for an undated
      article, among the last ``SCAN`` window members);

    and hands them to a :class:`Placer`. Articles that leave the window are forgotten, so memory
    and cost per article depend on the window, not the corpus. ``engines.spark`` finds the same
    candidates with joins; both keep to these definitions."""

    last_day: int | None
    placer: Placer = field(init=False)
    members: dict[str, Features] = field(default_factory=dict)
    postings: dict[str, deque] = field(default_factory=lambda: defaultdict(deque))
    days: dict[int | None, _Day] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.placer = Placer(self.last_day)

    def known(self, f: Features, thread: str) -> None:
        """Add an already-clustered article to the window."""
        self.placer.known(f.article, f.day, thread)
        self._remember(f)

    def add(self, f: Features, near_duplicates: Iterable[str] = ()) -> str:
        """Place a new article; returns its thread (a new thread is named after the article)."""
        for article in self.placer.forget(f.day):
            self._forget(article)
        found = self.candidates(f, near_duplicates)
        thread = self.placer.place(f.article, f.day, [(c.article, similarity(f, c)) for c in found])
        self._remember(f)
        return thread

    def candidates(self, f: Features, near: Iterable[str]) -> list[Features]:
        """Window members that are candidates for ``f``, in time order."""
        seen: dict[str, Features] = {}
        for term in f.salient:
            kept = 0
            for article in reversed(self.postings.get(term, ())):
                if kept == POSTING_CAP:
                    break
                member = self.members.get(article)
                if member is not None and in_window(member.day, f.day, self.last_day):
                    seen[article] = member
                    kept += 1
        for article in [*near, *self._nearest(f)]:
            member = self.members.get(article)
            if (
                member is not None
                and article != f.article
                and in_window(member.day, f.day, self.last_day)
            ):
                seen[article] = member
        return sorted(seen.values(), key=lambda m: m.rank)

    def _nearest(self, f: Features) -> list[str]:
        """Each day's nearest (a matrix product over its rows, no copying), then the best of
        those; an undated article takes the last ``SCAN`` rows of the window, latest first."""
        parts: list[tuple[list[str], np.ndarray]] = []
        if f.day is None:
            need = SCAN
            for d in sorted(self.days, key=lambda d: (d is None, d or 0), reverse=True):
                if need and in_window(d, None, self.last_day):
                    day, end = self.days[d], len(self.days[d].ids)
                    take = min(end, need)
                    parts.append((day.ids[end - take :], day.matrix[end - take : end]))
                    need -= take
        else:
            for d in [*range(f.day - WINDOW_DAYS, f.day + WINDOW_DAYS + 1), None]:
                if d in self.days:
                    day = self.days[d]
                    parts.append((day.ids, day.matrix[: len(day.ids)]))
        found = [a for ids, matrix in parts for a in nearest(ids, matrix, f.lead)]
        sims = {a: float(np.dot(self.members[a].lead, f.lead)) for a in found}
        return sorted(found, key=lambda a: (-sims[a], a))[:NEIGHBOURS]

    def _remember(self, f: Features) -> None:
        self.members[f.article] = f
        self.days.setdefault(f.day, _Day()).add(f.article, f.lead)
        for term in f.salient:
            self.postings[term].append(f.article)

    def _forget(self, article: str) -> None:
        f = self.members.pop(article)
        self.days.pop(f.day, None)  # a day leaves the window all at once
        for term in f.salient:
            posting = self.postings.get(term)
            while posting and posting[0] not in self.members:
                posting.popleft()
            if posting is not None and not posting:
                del self.postings[term]


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
