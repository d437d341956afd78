"""provenance: within one story, which article was derived from which.

Each article is labelled ``original``, ``copy`` (near-verbatim), ``rewrite`` (derived and
reworded) or ``independent`` (its own report of the event); copies and rewrites get the article
they were derived from. The evidence, for a candidate parent P of an article A:

* **time**: only an article published before A can be its source (times as UTC ISO text; one
  known only by its date counts as late that day, an undated one as later than all dated ones);
  where times tie, the more specific (longer) text is taken as the source, then the one read
  first;
* **containment**: the share of A's word 5-shingles found in P (a copy keeps nearly all of
  them; a spin keeps few, because every few words are swapped);
* **alignment**: the share of A's sentences that have a counterpart in P (word overlap of at
  least ``ALIGNED``): a spin keeps the sentences, an independent report has its own;
* **boilerplate** is left out of both: a copy's "See also" lines do not make it less a copy, and
  farms share stock furniture lines, which would tie siblings together.

The parent is the candidate with the most evidence; a tie goes to the earliest candidate (two
copies of one report contain each other as much as they contain the report).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from unspin import clean

COPY = 0.95  # 5-shingle containment of a copy in its source
REWRITE = 0.45  # share of sentences aligned for a rewrite
ALIGNED = 0.5  # word Dice of two sentences said to be one reworded
MIN_WORDS = 5
MAX_CANDIDATES = 200  # earlier articles considered per article, nearest in time first
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Item:
    """One article of a story, as provenance needs it."""

    article: str
    order: tuple[str, int]  # (publication time as ISO text, "" if unknown; ingestion order)
    text: str
    title: str | None = None


@dataclass(frozen=True)
class Derivation:
    article: str
    relation: str  # original | copy | rewrite | independent
    derived_from: str | None
    score: float  # containment for a copy, aligned share for a rewrite, else 0


@dataclass
class _Profile:
    item: Item
    shingles: set[tuple[str, ...]]
    sentences: list[frozenset[str]]
    words: int


def _profile(item: Item) -> _Profile:
    """Sentences come from :func:`clean.rough_sentences`: both sides of every comparison here
    are split the same way, and a cut at "Mr." only makes a short piece that is not counted."""
    body = [s for s in clean.rough_sentences(item.text, item.title) if not s.is_boilerplate]
    words = [w for s in body for w in _WORD.findall(s.text.lower())]
    shingles = {tuple(words[i : i + 5]) for i in range(max(len(words) - 4, 1))}
    sents = [frozenset(_WORD.findall(s.text.lower())) for s in body]
    return _Profile(item, shingles, [s for s in sents if len(s) >= MIN_WORDS], len(words))


def derive(items: Sequence[Item]) -> list[Derivation]:
    """Label every article of a story; the result is in the order of ``items``."""
    if len(items) == 1:
        return [Derivation(items[0].article, "original", None, 0.0)]
    profiles = sorted((_profile(i) for i in items), key=_precedence)
    matrix, bounds = _sentence_matrix(profiles)
    found: dict[str, Derivation] = {}
    for k, child in enumerate(profiles):
        lo = max(0, k - MAX_CANDIDATES)
        aligned = _aligned_shares(matrix, bounds, k, lo)
        found[child.item.article] = _best_parent(child, profiles[lo:k], aligned)
    # The first article without a parent is the story's original; later ones are independent.
    first = next(
        (p.item.article for p in profiles if found[p.item.article].derived_from is None), None
    )
    out = []
    for item in items:
        d = found[item.article]
        if d.derived_from is None:
            d = Derivation(
                item.article, "original" if item.article == first else "independent", None, 0.0
            )
        out.append(d)
    return out


def _precedence(p: _Profile) -> tuple:
    """Who can have been whose source: earlier first. An article with only a date comes after
    the timed ones of that day, an undated one after all dated ones; at the same time, the more
    specific (longer) text first, then the one read first."""
    time, seq = p.item.order
    date, _, clock = time.partition("T")
    return (date or "~", clock or "~", -p.words, seq)


def _best_parent(child: _Profile, earlier: Sequence[_Profile], aligned: np.ndarray) -> Derivation:
    best: tuple | None = None
    for parent, share in zip(earlier, aligned.tolist(), strict=True):
        contained = len(child.shingles & parent.shingles) / max(len(child.shingles), 1)
        if contained >= COPY:
            relation, score = "copy", contained
        elif share >= REWRITE:
            relation, score = "rewrite", share
        else:
            continue
        key = (
            relation == "copy",
            round(score, 2),
        )  # a tie keeps the earliest: farms copy the source
        if best is None or key > best[0]:
            best = (key, relation, parent.item.article, score)
    if best is None:
        return Derivation(child.item.article, "independent", None, 0.0)
    return Derivation(child.item.article, best[1], best[2], round(best[3], 4))


def _sentence_matrix(profiles: Sequence[_Profile]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """All counted sentences of the story as rows of word indicators (profiles in order), and
    ``bounds[k]:bounds[k + 1]``, the rows of profile ``k``."""
    vocab: dict[str, int] = {}
    indptr, indices = [0], []
    bounds = [0]
    for p in profiles:
        for words in p.sentences:
            indices += sorted(vocab.setdefault(w, len(vocab)) for w in words)
            indptr.append(len(indices))
        bounds.append(len(indptr) - 1)
    data = np.ones(len(indices), dtype=np.int32)
    shape = (len(indptr) - 1, max(len(vocab), 1))
    return sparse.csr_matrix((data, indices, indptr), shape=shape), np.asarray(bounds)


def _aligned_shares(matrix: sparse.csr_matrix, bounds: np.ndarray, k: int, lo: int) -> np.ndarray:
    """For each earlier profile ``lo..k-1``: the share of profile ``k``'s sentences that have a
    sentence there with word Dice >= ALIGNED (``4 * common >= len_a + len_b``, in integers)."""
    rows = slice(bounds[k], bounds[k + 1])
    cols = slice(bounds[lo], bounds[k])
    n_parents = k - lo
    m = bounds[k + 1] - bounds[k]
    if m == 0 or n_parents == 0:
        return np.zeros(n_parents)
    child, earlier = matrix[rows], matrix[cols]
    if earlier.shape[0] == 0:
        return np.zeros(n_parents)
    common = (child @ earlier.T).toarray()
    sizes = np.diff(matrix.indptr)
    total = sizes[rows][:, None] + sizes[cols][None, :]
    hit = 4 * common >= total
    # any hit per (child sentence, parent): reduce the columns of each parent
    starts = bounds[lo:k] - bounds[lo]
    shares = np.zeros(n_parents)
    # parents with no counted sentences have an empty column range: they match nothing
    nonempty = np.diff(np.append(bounds[lo:k], bounds[k])) > 0
    if nonempty.any():
        per = np.logical_or.reduceat(hit, starts[nonempty], axis=1)
        shares[nonempty] = per.sum(axis=0) / m
    return shares
