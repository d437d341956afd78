"""align: sentence alignment of a rewrite against its source.

Similarity of two sentences blends MiniLM cosine with the overlap of their content lemmas. Each
rewrite sentence links to its best source sentence, and each source sentence to its best rewrite
sentence, above a threshold; a second source sentence joins a rewrite sentence when the rewrite
sentence also covers most of its words (a merge), and the other way round for splits. The links'
connected components are the aligned groups, so splits, merges and reorders fall out of one rule.
Sentences still unlinked between two linked neighbours may pair up at a lower bar (position is
evidence too); the rest are dropped (source) or inserted (rewrite).
"""

from __future__ import annotations

import numpy as np

from .clean import normalise
from .facts import Analysis, SentenceFacts
from .records import AlignedGroup, Alignment

LINK = 0.5  # blended similarity needed for a link
GAP = 0.3  # similarity enough for a link between two linked neighbours (see _gap_links)
GAP_ONE = 0.15  # the same, where the gap holds one sentence on each side
MAX_GAP = 3  # source sentences a gap may hold for position to count
EXTRA = 0.6  # share of a sentence's content words the other side must cover to join a group


def content(f: SentenceFacts) -> set[str]:
    return {t.lemma_.lower() for t in f.content} | {t.text.lower() for t in f.content if t.like_num}


def similarity(src: Analysis, rw: Analysis) -> np.ndarray:
    """Blended similarity, shape (source sentences, rewrite sentences); boilerplate rows are 0."""
    a = np.stack([f.encoded.vector for f in src.facts]) if src.facts else np.zeros((0, 384))
    b = np.stack([f.encoded.vector for f in rw.facts]) if rw.facts else np.zeros((0, 384))
    cos = np.clip(a @ b.T, 0.0, 1.0)
    lex = np.zeros_like(cos)
    src_sets = [content(f) for f in src.facts]
    rw_sets = [content(f) for f in rw.facts]
    for j, rs in enumerate(rw_sets):
        if not rs:
            continue
        for i, ss in enumerate(src_sets):
            if ss:
                lex[i, j] = 2 * len(ss & rs) / (len(ss) + len(rs))
    sim = 0.55 * cos + 0.45 * lex
    src_bp = [i for i, f in enumerate(src.facts) if f.sentence.is_boilerplate]
    rw_bp = [j for j, f in enumerate(rw.facts) if f.sentence.is_boilerplate]
    sim[src_bp, :] = 0
    sim[:, rw_bp] = 0
    keys = {normalise(src.facts[i].sentence.text): i for i in src_bp}
    for j in rw_bp:  # furniture aligns only with the very same furniture
        i = keys.get(normalise(rw.facts[j].sentence.text))
        if i is not None:
            sim[i, j] = 1.0
    return sim


def _cover(part: set[str], whole: set[str]) -> float:
    return len(part & whole) / len(part) if part else 0.0


def align(src: Analysis, rw: Analysis, sim: np.ndarray | None = None) -> Alignment:
    """Align the sentences of ``rw`` to those of ``src``."""
    if sim is None:
        sim = similarity(src, rw)
    m, n = sim.shape
    links: set[tuple[int, int]] = set()
    if m and n:
        for j in range(n):
            i = int(sim[:, j].argmax())
            if sim[i, j] >= LINK:
                links.add((i, j))
        best_src = sim.argmax(axis=0)
        src_sets = [content(f) for f in src.facts]
        rw_sets = [content(f) for f in rw.facts]
        for i in range(m):
            j = int(sim[i].argmax())
            if sim[i, j] >= LINK and (best_src[j] == i or _cover(src_sets[i], rw_sets[j]) >= EXTRA):
                links.add((i, j))
        links |= _extra_links(src_sets, rw_sets, sim, links)
        furniture = (
            {i for i, f in enumerate(src.facts) if f.sentence.is_boilerplate},
            {j for j, f in enumerate(rw.facts) if f.sentence.is_boilerplate},
        )
        links |= _gap_links(sim, links, furniture)
    return _groups(m, n, sim, links)


def _gap_links(
    sim: np.ndarray, links: set[tuple[int, int]], furniture: tuple[set[int], set[int]]
) -> set[tuple[int, int]]:
    """Position as evidence. Unlinked rewrite sentences between two linked ones may join the
    unlinked source sentences between their counterparts: one each side of such a gap link
    above ``GAP_ONE``; otherwise each joins its best one above ``GAP``. Short sentences respun
    word by word ("It shows." as "It indicates.") fall below ``LINK`` on similarity alone and
    would read as added claims. Furniture takes no part."""
    m, n = sim.shape
    src_of: dict[int, list[int]] = {}
    for i, j in links:
        src_of.setdefault(j, []).append(i)
    taken = {i for i, _ in links} | furniture[0]
    extra: set[tuple[int, int]] = set()
    j = 0
    while j < n:
        if j in src_of or j in furniture[1]:
            j += 1
            continue
        run_end = j
        while run_end + 1 < n and run_end + 1 not in src_of:
            run_end += 1
        run = [k for k in range(j, run_end + 1) if k not in furniture[1]]
        before = next((src_of[k] for k in range(j - 1, -1, -1) if k in src_of), None)
        after = next((src_of[k] for k in range(run_end + 1, n) if k in src_of), None)
        free = []
        if before is not None and after is not None:  # a gap between two anchors, not an edge
            free = [i for i in range(max(before) + 1, min(after)) if i not in taken]
        if not free or len(free) > MAX_GAP:
            pass  # nothing to pair, or too wide a gap for position to mean much
        elif len(run) == 1 and len(free) == 1:
            if sim[free[0], run[0]] >= GAP_ONE:
                extra.add((free[0], run[0]))
        else:
            for k in run:
                ok = [i for i in free if i not in taken and sim[i, k] >= GAP]
                if ok:
                    i = max(ok, key=lambda x: sim[x, k])
                    extra.add((i, k))
                    taken.add(i)
        j = run_end + 1
    return extra


def _extra_links(
    src_sets: list[set[str]], rw_sets: list[set[str]], sim: np.ndarray, links: set[tuple[int, int]]
) -> set[tuple[int, int]]:
    """Merges and splits: a sentence whose words the other side's linked sentence mostly covers."""
    extra = set()
    linked_src = {i for i, _ in links}
    linked_rw = {j for _, j in links}
    for i, j in links:
        for i2 in (i - 1, i + 1):
            if 0 <= i2 < len(src_sets) and i2 not in linked_src and sim[i2, j] >= LINK * 0.6:
                if _cover(src_sets[i2], rw_sets[j]) >= EXTRA:
                    extra.add((i2, j))
        for j2 in (j - 1, j + 1):
            if 0 <= j2 < len(rw_sets) and j2 not in linked_rw and sim[i, j2] >= LINK * 0.6:
                if _cover(rw_sets[j2], src_sets[i]) >= EXTRA:
                    extra.add((i, j2))
    return extra


def _groups(m: int, n: int, sim: np.ndarray, links: set[tuple[int, int]]) -> Alignment:
    parent = list(range(m + n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in links:
        parent[find(i)] = find(m + j)
    comps: dict[int, tuple[list[int], list[int]]] = {}
    for i in range(m):
        comps.setdefault(find(i), ([], []))[0].append(i)
    for j in range(n):
        comps.setdefault(find(m + j), ([], []))[1].append(j)
    groups = []
    for s_idx, r_idx in comps.values():
        scores = [sim[i, j] for i, j in links if i in s_idx and j in r_idx]
        groups.append(
            AlignedGroup(tuple(s_idx), tuple(r_idx), float(max(scores)) if scores else 0.0)
        )
    groups.sort(
        key=lambda g: (0, g.rewrite[0], g.source[:1]) if g.rewrite else (1, g.source[0], ())
    )
    x2y = tuple(tuple(sorted(j for i2, j in links if i2 == i)) for i in range(m))
    y2x = tuple(tuple(sorted(i for i, j2 in links if j2 == j)) for j in range(n))
    return Alignment(x2y=x2y, y2x=y2x, groups=tuple(groups))
