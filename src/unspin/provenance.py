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
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from unspin.records import Sentence

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
    sentences: tuple[Sentence, ...]


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
    body = [s for s in item.sentences if not s.is_boilerplate]
    words = [w for s in body for w in _WORD.findall(s.text.lower())]
    shingles = {tuple(words[i : i + 5]) for i in range(max(len(words) - 4, 1))}
    sents = [frozenset(_WORD.findall(s.text.lower())) for s in body]
    return _Profile(item, shingles, [s for s in sents if len(s) >= MIN_WORDS], len(words))


def derive(items: Sequence[Item]) -> list[Derivation]:
    """Label every article of a story; the result is in the order of ``items``."""
    profiles = sorted((_profile(i) for i in items), key=_precedence)
    found: dict[str, Derivation] = {}
    for k, child in enumerate(profiles):
        found[child.item.article] = _best_parent(child, profiles[max(0, k - MAX_CANDIDATES) : k])
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


def _best_parent(child: _Profile, earlier: Sequence[_Profile]) -> Derivation:
    best: tuple | None = None
    index = _sentence_index(child)
    for parent in earlier:
        contained = len(child.shingles & parent.shingles) / max(len(child.shingles), 1)
        aligned = _aligned_share(child, parent, index)
        if contained >= COPY:
            relation, score = "copy", contained
        elif aligned >= REWRITE:
            relation, score = "rewrite", aligned
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


def _sentence_index(child: _Profile) -> dict[str, list[int]]:
    index: dict[str, list[int]] = defaultdict(list)
    for k, words in enumerate(child.sentences):
        for w in words:
            index[w].append(k)
    return index


def _aligned_share(child: _Profile, parent: _Profile, index: dict[str, list[int]]) -> float:
    """Share of the child's sentences with a parent sentence of word Dice >= ALIGNED."""
    if not child.sentences:
        return 0.0
    matched = set()
    for words in parent.sentences:
        overlap: dict[int, int] = defaultdict(int)
        for w in words:
            for k in index.get(w, ()):
                overlap[k] += 1
        for k, n in overlap.items():
            if k not in matched and 2 * n / (len(words) + len(child.sentences[k])) >= ALIGNED:
                matched.add(k)
    return len(matched) / len(child.sentences)
