"""Build the provenance benchmark from AllSides: originals, their copies and rewrites, distractors.

Each row is an article ``{id, title, text, outlet, url, published, gold_story, gold_parent,
gold_relation, role, detail, near_original}``:

* **originals** (``role`` "original"): real AllSides articles of 150-1,500 words with a date,
  published ``<date>T08:00:00``; ``gold_relation`` "original", no parent.
* **derived** articles, 1-4 per original, each published 1-48 hours after its parent by an
  invented content-farm outlet (``.example`` domains):

  - ``copy``: the parent's text verbatim plus farm furniture ("See also: <another title>",
    "Share this:", ...), now and then without its last paragraph; the same title, or the title
    with " | <farm>" after it;
  - ``rewrite``: a harmless spin of the parent (``spin_build.harmless_blocks``: synonyms,
    "said" -> "stated", clause moves, furniture), some with two or three more sentences dropped,
    some with one injected fact edit (``spin_inject``); the title lightly reworded;
  - chains: ``copy_of_rewrite`` (a copy whose parent is a rewrite) and ``rewrite_of_copy`` (a
    rewrite whose parent is a copy). Their ``gold_relation`` is "copy" or "rewrite".

  The gold story of an original and everything derived from it is the original's id.
* **distractors** (``role`` "distractor" or "hard_negative"): other real AllSides articles, each
  its own story, relation "original", no parent. Up to two per original are *hard negatives*:
  same AllSides topic, dated 8 to 60 days from the original (``near_original`` names it): the
  same kind of news, a different event. (Articles of the same topic within a few days were tried
  first, but many of them report the *same* event as their original from another outlet, which
  makes their gold label of a separate story wrong: they belong in the original's story as
  independent reports.)
* **wire** groups (``role`` and ``gold_relation`` "wire"): real AllSides articles from different
  outlets that reprint the same text (word 5-shingles: Jaccard >= 0.4 and the smaller article
  sharing >= 60% of its shingles); one story per group, no parent (the wire original is not in
  the corpus), so they are scored for stories only. AllSides holds few of these: only six
  cross-outlet pairs pass (two at Jaccard >= 0.6), so ``--wire-groups`` is an upper bound.

No article that shares much text with another AllSides article (Jaccard >= 0.15, or a third of
the smaller one's shingles) is used as an original or a distractor, so that the gold stories are
not undercut by an unlabelled reprint. Shared shingles are counted exactly for all pairs (a sort
of all shingle hashes, about 20 s) rather than estimated with MinHash LSH: at this size exact is
affordable, needs no datasketch, and also finds the low-overlap pairs the exclusion needs.

Deterministic: the same sizes and seed give the same rows, in a seeded shuffled order.

    python -m benchmarks.provenance_build [--originals N] [--distractors N] [--wire-groups N]
                                          [--seed S] [--out FILE.jsonl] [--show K]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import zlib
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from difflib import SequenceMatcher
from itertools import combinations

import numpy as np

from . import spin_lexicon as lex
from .common import iter_jsonl_gz, main_guard
from .spin_build import DATA, KINDS, TOKEN, Blocks, assemble, harmless_blocks

SEED = 20240917
ORIGINALS, DISTRACTORS, WIRE_GROUPS = 120, 600, 30
MIN_WORDS, MAX_WORDS, MIN_DISTRACTOR_WORDS = 150, 1500, 80
HARD_PER_ORIGINAL, HARD_DAYS = 2, (8, 60)  # per original; days from it
SHINGLE, MAX_RUN = 5, 30
WIRE_JACCARD, WIRE_CONTAINMENT = 0.4, 0.6
RELATED_JACCARD, RELATED_CONTAINMENT = 0.15, 0.3
FARMS = {
    "dailynewsdigest.example": "Daily News Digest",
    "trendingwire24.example": "Trending Wire 24",
    "thenewsfeedhub.example": "The Newsfeed Hub",
    "patriotupdate-now.example": "Patriot Update Now",
    "progressivepulse.example": "Progressive Pulse",
    "headlinesdirect.example": "Headlines Direct",
    "worldreportdaily.example": "World Report Daily",
    "capitolbuzz.example": "Capitol Buzz",
    "viralpolitics.example": "Viral Politics",
    "freshnewsnetwork.example": "Fresh News Network",
}
TITLE_PREFIXES = ("Report: ", "BREAKING: ", "Must Read: ", "WATCH: ", "Update: ")
TITLE_WORDS = {"Says": ("Claims", "States"), "Over": ("Amid",), "Slams": ("Blasts",)}
WORD = re.compile(r"[a-z0-9]+")


# --- the AllSides articles --------------------------------------------------------------------


def load_corpus() -> list[dict]:
    """The AllSides articles with at least five words, exact duplicates (by text) dropped once."""
    seen, out = set(), []
    for art in iter_jsonl_gz(DATA):
        text = art.get("text") or ""
        key = " ".join(text.split())
        if len(key.split()) >= SHINGLE and key not in seen:
            seen.add(key)
            out.append({**art, "day": _day(art.get("date"))})
    return out


def _day(value: str | None) -> date | None:
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return None
    return day if day.year >= 2000 else None


def words(text: str) -> int:
    return len(text.split())


# --- near-duplicates: shared word 5-shingles, counted exactly ---------------------------------


def shingles(text: str, cache: dict[str, int]) -> np.ndarray:
    """The distinct 32-bit hashes of the word 5-shingles of ``text`` (lower-cased words)."""
    ids = [cache.setdefault(w, zlib.crc32(w.encode())) for w in WORD.findall(text.lower())]
    if len(ids) < SHINGLE:
        return np.zeros(0, dtype=np.uint64)
    arr = np.array(ids, dtype=np.uint64)
    n = len(ids) - SHINGLE + 1
    h = arr[:n].copy()
    for k in range(1, SHINGLE):
        h = h * np.uint64(0x100000001B3) ^ arr[k : k + n]
    return np.unique((h >> np.uint64(32)) ^ (h & np.uint64(0xFFFFFFFF)))


def shared_counts(sets: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, shared shingles) for every pair of sets with a shingle in common, i < j.

    Exact, not sampled: the shingles of all sets are sorted together, and each run of equal
    hashes gives its pairs. Shingles found in more than ``MAX_RUN`` articles (site furniture,
    stock phrases) are left out of the counts.
    """
    sizes = np.array([len(s) for s in sets])
    hashes = np.concatenate(sets)
    owners = np.repeat(np.arange(len(sets), dtype=np.int64), sizes)
    order = np.argsort(hashes, kind="stable")  # stable: owners stay increasing within a run
    hashes, owners = hashes[order], owners[order]
    starts = np.r_[0, np.flatnonzero(np.diff(hashes)) + 1]
    lengths = np.diff(np.r_[starts, len(hashes)])
    keys = []
    for length in range(2, MAX_RUN + 1):
        at = starts[lengths == length]
        for x, y in combinations(range(length), 2):
            keys.append(owners[at + x] * len(sets) + owners[at + y])
    pairs, shared = np.unique(np.concatenate(keys), return_counts=True)
    return pairs // len(sets), pairs % len(sets), shared


def near_pairs(articles: list[dict]) -> list[tuple[int, int, float, float]]:
    """(i, j, Jaccard, containment) of the article pairs that are related (see module doc)."""
    cache: dict[str, int] = {}
    sets = [shingles(a["text"], cache) for a in articles]
    sizes = np.array([len(s) for s in sets])
    left, right, shared = shared_counts(sets)
    jaccard = shared / (sizes[left] + sizes[right] - shared)
    containment = shared / np.minimum(sizes[left], sizes[right])
    keep = (jaccard >= RELATED_JACCARD) | (containment >= RELATED_CONTAINMENT)
    return [
        (int(i), int(j), float(jac), float(con))
        for i, j, jac, con in zip(
            left[keep], right[keep], jaccard[keep], containment[keep], strict=True
        )
    ]


def components(n: int, edges: list[tuple[int, int]]) -> list[list[int]]:
    """Connected components of size > 1 (union-find)."""
    parent = list(range(n))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in edges:
        parent[root(i)] = root(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in {v for e in edges for v in e}:
        groups[root(i)].append(i)
    return [sorted(g) for g in groups.values()]


def wire_groups(articles: list[dict], pairs: list[tuple]) -> list[list[int]]:
    """Groups of near-duplicates (Jaccard >= 0.4, containment >= 0.6) from two or more outlets.

    A group is kept only when nothing else is related to it at the looser threshold, so a wire
    story is never split between a kept group and an unlabelled reprint.
    """
    loose = {tuple(g) for g in components(len(articles), [(i, j) for i, j, *_ in pairs])}
    tight = components(
        len(articles),
        [(i, j) for i, j, jac, con in pairs if jac >= WIRE_JACCARD and con >= WIRE_CONTAINMENT],
    )
    out = []
    for group in tight:
        if tuple(group) not in loose:
            continue
        by_outlet: dict[str, int] = {}
        for i in sorted(group, key=lambda i: (articles[i]["day"] or date.max, articles[i]["ID"])):
            by_outlet.setdefault(articles[i]["source"], i)
        if len(by_outlet) >= 2 and all(words(articles[i]["text"]) >= 80 for i in group):
            out.append(sorted(by_outlet.values()))
    return out


# --- derived articles -------------------------------------------------------------------------


def paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def copy_text(text: str, rng: random.Random, see_also: str, trim: bool) -> tuple[str, str]:
    """The text verbatim, with furniture lines; without its last paragraph when ``trim``."""
    paras = paragraphs(text)
    detail = "verbatim"
    if trim and len(paras) >= 3:
        paras = paras[:-1]
        detail = "verbatim, last paragraph trimmed"
    middle = rng.choice(lex.FURNITURE_MIDDLE).format(title=see_also)
    paras.insert(rng.randint(1, max(1, len(paras) - 1)), middle)
    paras += rng.sample(lex.FURNITURE_END, rng.randint(1, 3))
    return "\n\n".join(paras), detail + " + furniture"


def drop_sentences(blocks: Blocks, rng: random.Random, n: int) -> Blocks:
    """``blocks`` without ``n`` of its sentences (never the first one, never furniture)."""
    places = [
        (b, s)
        for b, block in enumerate(blocks)
        for s, sent in enumerate(block)
        if (b, s) != (0, 0) and not sent.furniture
    ]
    gone = set(rng.sample(places, min(n, len(places) // 3)))
    out = [[s for k, s in enumerate(block) if (b, k) not in gone] for b, block in enumerate(blocks)]
    return [block for block in out if block]


def rewrite_text(
    parent: dict, rng: random.Random, see_also: str, kind: str | None, drop: int
) -> tuple[str, str]:
    """A harmless spin of ``parent``'s text, ``drop`` more sentences gone, maybe one fact edit."""
    from .spin_inject import inject

    blocks, counts = harmless_blocks(parent["text"], rng, see_also)
    if drop:
        blocks = drop_sentences(blocks, rng, drop)
        counts["dropped more"] = drop
    detail = "spin: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    if kind:
        pair = inject(kind, {"ID": parent["id"], "text": parent["text"]}, blocks, rng)
        if pair:
            return pair.rewrite, f"{detail}; injected {kind}: {pair.detail}"
    return assemble(blocks)[0], detail


def reword_title(title: str, rng: random.Random) -> str:
    """A lightly reworded title: a few synonyms (keeping capitals), sometimes a prefix."""

    def swap(m: re.Match) -> str:
        word = m.group()
        alts = TITLE_WORDS.get(word) or lex.SYNONYMS.get(word.lower())
        if not alts or rng.random() < 0.4:
            return word
        new = rng.choice(alts)
        return new[0].upper() + new[1:] if word[0].isupper() else new

    new = TOKEN.sub(swap, title)
    if new == title or rng.random() < 0.3:
        new = rng.choice(TITLE_PREFIXES) + new
    return new


def _bare_title(title: str) -> str:
    """A title without the " | <farm>" a copy put after it."""
    for name in FARMS.values():
        title = title.removesuffix(f" | {name}")
    return title


def _later(published: str, rng: random.Random) -> str:
    when = datetime.fromisoformat(published) + timedelta(minutes=rng.randint(60, 48 * 60))
    return when.isoformat(timespec="seconds")


def _slug(title: str) -> str:
    return "-".join(WORD.findall(title.lower())[:8]) or "story"


def _new_id(*parts: object) -> str:
    return hashlib.sha1(":".join(map(str, parts)).encode()).hexdigest()[:16]


class Deriver:
    """Makes the derived articles of each original; spreads injected kinds evenly over the set."""

    def __init__(self, seed: int, titles: list[str]) -> None:
        self.seed, self.titles = seed, titles
        self.kinds_made: Counter = Counter({k: 0 for k in KINDS})

    def family(self, original: dict) -> list[dict]:
        rng = random.Random(f"{self.seed}:{original['id']}")
        family = [original]
        for k in range(rng.choice((1, 2, 2, 3, 3, 4))):
            role, parent = self._plan(family, rng)
            family.append(self._make(role, parent, original, k, rng))
        return family[1:]

    def _plan(self, family: list[dict], rng: random.Random) -> tuple[str, dict]:
        original = family[0]
        copies = [a for a in family if a["role"] == "copy"]
        rewrites = [a for a in family if a["role"] == "rewrite"]
        options = [("copy", original)] * 3 + [("rewrite", original)] * 4
        options += [("copy_of_rewrite", r) for r in rewrites[:1]] * 2
        options += [("rewrite_of_copy", c) for c in copies[:1]] * 2
        return rng.choice(options)

    def _make(self, role: str, parent: dict, original: dict, k: int, rng: random.Random) -> dict:
        see_also = rng.choice(self.titles)
        domain = rng.choice(sorted(FARMS))
        if role in ("copy", "copy_of_rewrite"):
            text, detail = copy_text(parent["text"], rng, see_also, trim=rng.random() < 0.4)
            title = (
                parent["title"] if rng.random() < 0.6 else f"{parent['title']} | {FARMS[domain]}"
            )
            relation = "copy"
        else:
            kind = self._next_kind(k) if rng.random() < 0.4 else None
            drop = rng.choice((2, 3)) if rng.random() < 0.3 else 0
            text, detail = rewrite_text(parent, rng, see_also, kind, drop)
            title, relation = reword_title(_bare_title(parent["title"]), rng), "rewrite"
        published = _later(parent["published"], rng)
        art_id = _new_id(self.seed, original["id"], k)
        return {
            "id": art_id,
            "title": title,
            "text": text,
            "outlet": FARMS[domain],
            "url": f"https://{domain}/{published[:10].replace('-', '/')}/{_slug(title)}-{art_id[:6]}/",
            "published": published,
            "gold_story": original["gold_story"],
            "gold_parent": parent["id"],
            "gold_relation": relation,
            "role": role,
            "detail": detail,
            "near_original": None,
        }

    def _next_kind(self, k: int) -> str:
        kind = min(KINDS, key=lambda x: (self.kinds_made[x], (KINDS.index(x) - k) % len(KINDS)))
        self.kinds_made[kind] += 1
        return kind


# --- the set ----------------------------------------------------------------------------------


def real_row(art: dict, story: str, relation: str, role: str, near: dict | None = None) -> dict:
    return {
        "id": art["ID"],
        "title": art.get("title") or "",
        "text": art["text"],
        "outlet": art.get("source"),
        "url": art.get("url"),
        "published": f"{art['day'].isoformat()}T08:00:00" if art["day"] else None,
        "gold_story": story,
        "gold_parent": None,
        "gold_relation": relation,
        "role": role,
        "detail": f"same topic ({near['topic']}) as {near['ID']}, {near['date']}" if near else "",
        "near_original": near["ID"] if near else None,
    }


def pick_hard_negatives(
    originals: list[dict], pool: list[dict], rng: random.Random, limit: int
) -> list[tuple[dict, dict]]:
    """(distractor, original) pairs: same topic, dated HARD_DAYS apart, up to 2 per original."""
    by_topic: dict[str, list[dict]] = defaultdict(list)
    for art in pool:
        by_topic[art["topic"]].append(art)
    used, out = set(), []
    for orig in originals:
        near = [
            a
            for a in by_topic[orig["topic"]]
            if a["ID"] not in used
            and HARD_DAYS[0] <= abs((a["day"] - orig["day"]).days) <= HARD_DAYS[1]
        ]
        for art in rng.sample(near, min(HARD_PER_ORIGINAL, len(near))):
            if len(out) < limit:
                used.add(art["ID"])
                out.append((art, orig))
    return out


def build(
    n_originals: int = ORIGINALS,
    n_distractors: int = DISTRACTORS,
    n_wire: int = WIRE_GROUPS,
    seed: int = SEED,
) -> list[dict]:
    """The benchmark rows (see the module docstring), shuffled with ``seed``."""
    rng = random.Random(seed)
    articles = load_corpus()
    pairs = near_pairs(articles)
    related = {i for i, j, *_ in pairs} | {j for _, j, *_ in pairs}
    groups = wire_groups(articles, pairs)
    clean = [a for i, a in enumerate(articles) if i not in related and a["day"]]
    eligible = [a for a in clean if MIN_WORDS <= words(a["text"]) <= MAX_WORDS]
    originals = rng.sample(eligible, min(n_originals, len(eligible)))
    taken = {a["ID"] for a in originals}
    pool = [a for a in clean if a["ID"] not in taken and words(a["text"]) >= MIN_DISTRACTOR_WORDS]

    rows = [real_row(a, a["ID"], "original", "original") for a in originals]
    hard = pick_hard_negatives(originals, pool, rng, n_distractors)
    rows += [real_row(a, a["ID"], "original", "hard_negative", near=o) for a, o in hard]
    taken |= {a["ID"] for a, _ in hard}
    rest = [a for a in pool if a["ID"] not in taken]
    rows += [
        real_row(a, a["ID"], "original", "distractor")
        for a in rng.sample(rest, min(n_distractors - len(hard), len(rest)))
    ]
    for group in rng.sample(groups, min(n_wire, len(groups))):
        story = "wire:" + articles[group[0]]["ID"]
        rows += [real_row(articles[i], story, "wire", "wire") for i in group]

    deriver = Deriver(seed, [a.get("title") or "More news" for a in rng.sample(clean, 500)])
    for orig in rows[: len(originals)]:
        rows += deriver.family(orig)
    rng.shuffle(rows)
    return rows


# --- command line -----------------------------------------------------------------------------


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def summary(rows: list[dict], show: int) -> str:
    """Counts by relation and role, checks on the derived articles, and ``show`` samples."""
    by_id = {r["id"]: r for r in rows}
    out = ["rows by gold_relation: " + _counts(r["gold_relation"] for r in rows)]
    out.append("rows by role: " + _counts(r["role"] for r in rows))
    out.append(f"stories: {len({r['gold_story'] for r in rows})}")
    derived = [r for r in rows if r["gold_parent"]]
    later = sum(r["published"] > by_id[r["gold_parent"]]["published"] for r in derived)
    same = sum(r["text"] == by_id[r["gold_parent"]]["text"] for r in derived)
    out.append(f"derived later than their parent: {later}/{len(derived)}; identical text: {same}")
    samples = defaultdict(list)
    for r in sorted(derived, key=lambda r: r["id"]):
        samples[r["role"]].append(r)
    for r in (r for role in sorted(samples) for r in samples[role][:show]):
        p = by_id[r["gold_parent"]]
        out.append(
            f"\n[{r['role']}] {r['id']} <- {p['id']} ({p['role']}), {p['published']} -> "
            f"{r['published']}, word similarity {similarity(p['text'], r['text']):.2f}\n"
            f"  title: {p['title']!r} -> {r['title']!r}\n  {r['detail']}\n  url: {r['url']}"
        )
    return "\n".join(out)


def _counts(values) -> str:
    return ", ".join(f"{k} {n}" for k, n in sorted(Counter(values).items()))


def main() -> None:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.provenance_build", description=__doc__.split("\n")[0]
    )
    p.add_argument("--originals", type=int, default=ORIGINALS)
    p.add_argument("--distractors", type=int, default=DISTRACTORS)
    p.add_argument("--wire-groups", type=int, default=WIRE_GROUPS)
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--out", metavar="FILE", help="write the rows as JSON lines")
    p.add_argument(
        "--show", type=int, default=2, metavar="K", help="print K sample rows of each derived role"
    )
    args = p.parse_args()

    def body() -> None:
        rows = build(args.originals, args.distractors, args.wire_groups, args.seed)
        print(summary(rows, args.show))
        if args.out:
            with open(args.out, "w", encoding="utf-8") as f:
                f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
            print(f"\n{len(rows)} rows written to {args.out}")

    main_guard("provenance_build", body)


if __name__ == "__main__":
    main()
