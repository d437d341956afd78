"""Build the synthetic spin benchmark from AllSides articles: harmless spins and injected edits.

For each article (150-1200 words, picked with a fixed seed) this makes:

* one *harmless* rewrite, the way a content farm spins a story while keeping every fact:
  synonyms for common words (``spin_lexicon.SYNONYMS``), "said" to "stated"/"noted", now and then
  two clauses joined by ", and" swapped or a long sentence split at "; " or ", and", rarely a
  dropped sentence, and furniture lines ("See also: ...", "Share this:", ...). Numbers, names
  (capitalised words after the first), quoted text, negations, modal verbs and dates are never
  touched.
* *injected* rewrites: the same harmless spin plus one fact change of a known kind, with the
  character span of the injected words in the rewrite (see ``spin_inject``).

Everything is deterministic: the same seed and article count give the same pairs.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field

from syntok import segmenter

from unspin import records

from . import spin_lexicon as lex
from .common import iter_jsonl_gz

DATA = "allsides/articles.jsonl.gz"
SEED = 20240601
MIN_WORDS, MAX_WORDS = 150, 1200
# The kinds of edit it injects: change kinds of the registry (records.KIND_REGISTRY); "modality"
# edits are opposites or weaker or stronger words, reported as `reversal` or `modality`.
KINDS = ("number", "entity", "quote", "negation", "modality", "date", "agent", "added")
assert set(KINDS) <= set(records.KINDS)

TOKEN = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
PROTECTED = {*lex.NEGATIONS, *lex.MODALS, *(m.lower() for m in lex.MONTHS + lex.WEEKDAYS)}
CLAUSE_STARTS = set(
    "the a an he she they it we i his her their its this that there some many most officials police".split()
)
SEQUENCE_WORDS = set(
    "then later after afterwards subsequently before eventually finally also too again still so".split()
)
PRONOUN_STARTS = set("he she it they his her its their this that these those then them him".split())


@dataclass(frozen=True)
class Sent:
    """A sentence of a rewrite under construction; ``in_quote`` if it opens inside a quotation."""

    text: str
    in_quote: bool = False
    furniture: bool = False


Blocks = list[list[Sent]]  # paragraphs of sentences; a furniture line is a block of its own


@dataclass(frozen=True)
class SpinPair:
    """A source article and one rewrite of it; ``kind`` is "harmless" or the injected kind."""

    article_id: str
    kind: str
    source: str
    rewrite: str
    span: tuple[int, int] | None = None  # the injected words: rewrite[span[0]:span[1]]
    detail: str = ""
    furniture: tuple[tuple[int, int], ...] = field(default=())


# --- articles and sentences -------------------------------------------------------------------


def load_articles(n: int = 200, seed: int = SEED) -> list[dict]:
    """``n`` distinct AllSides articles of 150-1200 words, picked with ``seed``."""
    seen, eligible = set(), []
    for art in iter_jsonl_gz(DATA):
        text = art.get("text") or ""
        key = text[:200]
        if MIN_WORDS <= len(text.split()) <= MAX_WORDS and key not in seen:
            seen.add(key)
            eligible.append(art)
    return random.Random(seed).sample(eligible, min(n, len(eligible)))


def _opens(text: str, i: int) -> bool:
    """A straight double quote opens a quotation when a space (or the line start) is before it
    and a word after it, or a word follows it straight after punctuation."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before in ".,;:!?" and after.isalnum():
        return True  # a missing space: 'his current job."People expect ...'
    return (before.isspace() or before in "([—–-") and not after.isspace()


def quote_ranges(text: str, in_quote: bool = False) -> tuple[list[tuple[int, int]], bool]:
    """Spans of ``text`` inside quotation marks, and whether a quotation is still open at the end.

    Marks are read by their side, as a reader does: an opening mark while a quotation is open (a
    source that forgot to close one) starts a new one, and a closing mark with none open closes
    one that began before ``text``; either way no quoted word is left unprotected.
    """
    ranges, start = [], 0 if in_quote else None
    for i, ch in enumerate(text):
        if ch not in '"“”':
            continue
        if ch == "“" or (ch == '"' and _opens(text, i)):
            if start is not None:
                ranges.append((start, i))
            start = i
        elif start is not None:
            ranges.append((start, i + 1))
            start = None
        else:
            ranges.append((0, i + 1))
    if start is not None:
        ranges.append((start, len(text)))
    return ranges, start is not None


def split_sentences(text: str) -> Blocks:
    """Paragraphs of sentences (syntok), each knowing whether it opens inside a quotation."""
    blocks: Blocks = []
    for paragraph in segmenter.analyze(text):
        sents, in_quote = [], False
        for tokens in paragraph:
            if not tokens:
                continue
            sent = text[tokens[0].offset : tokens[-1].offset + len(tokens[-1].value)]
            sents.append(Sent(sent, in_quote))
            in_quote = quote_ranges(sent, in_quote)[1]
        if sents:
            blocks.append(sents)
    return blocks


def assemble(blocks: Blocks) -> tuple[str, dict[tuple[int, int], int], list[tuple[int, int]]]:
    """The rewrite text, the start offset of each (block, sentence), and the furniture spans."""
    parts, offsets, furniture, pos = [], {}, [], 0
    for b, block in enumerate(blocks):
        if b:
            parts.append("\n\n")
            pos += 2
        for s, sent in enumerate(block):
            if s:
                parts.append(" ")
                pos += 1
            offsets[(b, s)] = pos
            if sent.furniture:
                furniture.append((pos, pos + len(sent.text)))
            parts.append(sent.text)
            pos += len(sent.text)
    return "".join(parts), offsets, furniture


# --- the harmless spin ----------------------------------------------------------------------


def inside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in ranges)


def fix_article(text: str, at: int) -> str:
    """Make an "a"/"an" just before ``at`` agree with the word that starts there."""
    m = re.search(r"\b([Aa]n?) $", text[:at])
    if not m:
        return text
    article = "an" if text[at].lower() in "aeiou" else "a"
    article = article.capitalize() if m.group(1)[0] == "A" else article
    return text[: m.start(1)] + article + text[m.end(1) :]


def spin_words(sent: Sent, rng: random.Random, counts: Counter) -> Sent:
    """Swap synonyms and "said" outside quotations, names, negations, modals and dates."""
    quotes = quote_ranges(sent.text, sent.in_quote)[0]
    text = sent.text
    for m in reversed(list(TOKEN.finditer(sent.text))):
        word = m.group()
        glued = m.start() == 0 or not (text[m.start() - 1].isspace() or text[m.start() - 1] in "(—")
        if glued or word[0].isupper() or inside(m.start(), quotes) or word in PROTECTED:
            continue
        if word == "said" and rng.random() < 0.7:
            new = rng.choice(lex.SAID)
        elif word in lex.SYNONYMS and rng.random() < 0.5:
            new = rng.choice(lex.SYNONYMS[word])
        else:
            continue
        counts["synonyms"] += 1
        text = fix_article(text[: m.start()] + new + text[m.end() :], m.start())
    return Sent(text, sent.in_quote)


def _clauses(sent: Sent, sep: str) -> tuple[str, str, str] | None:
    """(A, B, final punctuation) for a quote-free "A<sep>B." whose halves are both clauses."""
    text = sent.text
    if sent.in_quote or any(q in text for q in '"“”') or text[-1:] not in ".!?" or sep not in text:
        return None
    a, b = text[:-1].split(sep, 1)
    a_words, b_words = a.split(), b.split()
    if len(a_words) < 6 or len(b_words) < 6 or len(a.split(",")[-1].split()) <= 3:
        return None  # too short, or the tail of a list ("x, y, and z")
    first = b_words[0]
    if not (first.lower() in CLAUSE_STARTS or first[0].isupper()):
        return None
    return a, b, text[-1]


def split_long(sent: Sent) -> list[Sent] | None:
    """Split a sentence of 25+ words at "; " or ", and " into two sentences."""
    if len(sent.text.split()) < 25:
        return None
    for sep in ("; ", ", and "):
        parts = _clauses(sent, sep)
        if parts:
            a, b, end = parts
            return [Sent(a + "."), Sent(b[0].upper() + b[1:] + end)]
    return None


def reorder(sent: Sent) -> Sent | None:
    """Swap the clauses of "A, and B." when B neither leans on A nor follows it in time."""
    parts = _clauses(sent, ", and ")
    if not parts:
        return None
    a, b, end = parts
    a_first, b_first = a.split()[0], b.split()[0]
    words = {w.lower() for w in TOKEN.findall(b)}
    if (
        a_first.lower() not in CLAUSE_STARTS
        or b_first.lower() in PRONOUN_STARTS
        or words & SEQUENCE_WORDS
    ):
        return None
    a = a[0].lower() + a[1:] if a_first not in ("I",) else a
    return Sent(b[0].upper() + b[1:] + ", and " + a + end)


def restructure(blocks: Blocks, rng: random.Random, counts: Counter) -> Blocks:
    """Now and then split a long sentence or swap two clauses; rarely drop a sentence."""
    out: Blocks = []
    for block in blocks:
        new: list[Sent] = []
        for sent in block:
            pieces = split_long(sent) if rng.random() < 0.5 else None
            swapped = reorder(sent) if not pieces and rng.random() < 0.15 else None
            counts["splits"] += bool(pieces)
            counts["reorders"] += bool(swapped)
            new += pieces or [swapped or sent]
        out.append(new)
    places = [(b, s) for b, block in enumerate(out) for s in range(len(block)) if (b, s) != (0, 0)]
    if places and rng.random() < 0.25:
        b, s = rng.choice(places)
        del out[b][s]
        counts["dropped"] += 1
    return [block for block in out if block]


def add_furniture(blocks: Blocks, rng: random.Random, title: str, counts: Counter) -> Blocks:
    """A "See also"/"Advertisement" line mid-article and one to three lines at the end."""
    out = [list(block) for block in blocks]
    middle = rng.choice(lex.FURNITURE_MIDDLE).format(title=title)
    out.insert(rng.randint(1, max(1, len(out) - 1)), [Sent(middle, furniture=True)])
    for line in rng.sample(lex.FURNITURE_END, rng.randint(1, 3)):
        out.append([Sent(line, furniture=True)])
    counts["furniture"] += sum(1 for b in out if b[0].furniture)
    return out


def harmless_blocks(text: str, rng: random.Random, title: str) -> tuple[Blocks, Counter]:
    counts: Counter = Counter()
    blocks = [[spin_words(s, rng, counts) for s in block] for block in split_sentences(text)]
    blocks = restructure(blocks, rng, counts)
    return add_furniture(blocks, rng, title, counts), counts


# --- building the set -----------------------------------------------------------------------


def harmless_pair(article: dict, blocks: Blocks, counts: Counter) -> SpinPair:
    text, _, furniture = assemble(blocks)
    detail = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    return SpinPair(
        article["ID"], "harmless", article["text"], text, None, detail, tuple(furniture)
    )


def build(
    n: int = 200, per_article: int = 2, seed: int = SEED, kinds: tuple[str, ...] = KINDS
) -> list[SpinPair]:
    """One harmless pair per article plus up to ``per_article`` injected pairs.

    Kinds go to articles in order of fewest pairs made so far, so the rarer kinds (an article
    needs the material: a quotation, a "X blamed Y" clause) are tried first where they fit.
    """
    from .spin_inject import inject

    articles = load_articles(n, seed)
    made: Counter = Counter({k: 0 for k in kinds})
    pairs = []
    for i, article in enumerate(articles):
        title = articles[(i + 1) % len(articles)].get("title") or "More news"
        blocks, counts = harmless_blocks(
            article["text"], random.Random(f"{seed}:{article['ID']}"), title
        )
        pairs.append(harmless_pair(article, blocks, counts))
        order = sorted(kinds, key=lambda k: (made[k], (kinds.index(k) - i) % len(kinds)))
        done = 0
        for kind in order:
            if done == per_article:
                break
            pair = inject(kind, article, blocks, random.Random(f"{seed}:{article['ID']}:{kind}"))
            if pair:
                pairs.append(pair)
                made[kind] += 1
                done += 1
    return pairs


def harmless_spin(text: str, seed: int = SEED, furniture: bool = False) -> str:
    """A harmless spin of ``text`` alone (for the speed benchmark), optionally with furniture."""
    rng = random.Random(f"{seed}:{text[:100]}")
    counts: Counter = Counter()
    blocks = [[spin_words(s, rng, counts) for s in block] for block in split_sentences(text)]
    blocks = restructure(blocks, rng, counts)
    if furniture:
        blocks = add_furniture(blocks, rng, "More news", counts)
    return assemble(blocks)[0]
