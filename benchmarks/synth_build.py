"""Build a synthetic news corpus of any size from the AllSides articles (issue 4: cost at scale).

The corpus is the first N articles of an endless chronological stream, written as JSON lines
``{"id", "title", "url", "outlet", "published", "text"}`` (what ``unspin ingest`` reads):

* **era 0**: every AllSides article once, as itself (its own id, outlet, URL and date; the 2,171
  undated ones stay undated, and are placed in the stream on the date of a randomly chosen dated
  article), each followed by 0-6 *copies* (2.7 on average) published 0-3 days after it by an
  invented content-farm outlet (``.example`` domains). A copy is either verbatim (30%) or spun
  with changed facts (70%): synonyms from ``spin_lexicon.SYNONYMS`` and "said" to
  "stated"/"noted", then one to three fact changes (a number, ``spin_inject.altered_number``; a
  weekday, month or year; a misspelt name, ``spin_inject.misspelt``). Either kind gets farm
  furniture ("See also: <another title>", "Share this:", "Leave a Reply", ...).
* **era k** (k >= 1): the same groups re-dated ``k`` times the span of era 0 (plus a 30-day gap)
  later, so story windows never reach across eras. A re-dated original is a light synonym spin
  of its article (so eras do not repeat one text), with id ``ID-rK``; its copies ``ID-rK-cJ``.

Per-day volume is therefore the same at any size: a larger corpus spans more days, not more
articles a day. (Below one era, about 69,000 articles, the corpus is the start of era 0, from
2012, where AllSides is thinner than its average: the summary prints articles per active day.)

Only cheap regex work is done per article (no syntok, no spaCy; quotations are not protected),
so it runs at thousands of articles a second. Each group draws from its own
``random.Random(f"{seed}:{era}:{id}")``, so the output is deterministic and a smaller corpus is
a prefix of a larger one. It streams: only the 18,783 originals (about 150 MB) and the copies of
the next three days are held in memory, never the output. The file is written to ``OUT.part``
and renamed when complete; gzip level 1 when OUT ends in ``.gz``.

    python -m benchmarks.synth_build N [--out FILE.jsonl.gz] [--seed S]

The default OUT is ``~/.cache/unspin-bench/synth-N.jsonl.gz``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import heapq
import itertools
import json
import os
import random
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from . import spin_lexicon as lex
from .common import iter_jsonl_gz, main_guard
from .spin_inject import NUMBER, altered_number, misspelt

NAME = "synth_build"
DATA = "allsides/articles.jsonl.gz"
SEED = 20240604
CACHE = Path.home() / ".cache" / "unspin-bench"
COPIES = (0, 1, 1, 2, 2, 3, 3, 4, 5, 6)  # copies per original, drawn uniformly (mean 2.7)
VERBATIM = 0.3  # share of copies that keep the text as it is
SPIN_RATE, REDATE_RATE = 0.5, 0.3  # share of swappable words swapped in a copy, a re-dated original
LAG = 3 * 86400  # seconds: a copy appears 0-3 days after its original
GAP_DAYS = 30  # between one era's last day and the next era's first (> window + lag)
FARM_FIRST = "Daily Breaking Viral Trend Insider Patriot Liberty Metro Global Real Top Now".split()
FARM_SECOND = "Wire Buzz Report Digest Times Post Hub Feed 24 Journal Press Today".split()


def trie_pattern(words: list[str]) -> str:
    """One regular expression for ``words``, as a trie: much faster than a plain alternation."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


SWAP = re.compile(
    r"(?<![\w'’-])(" + trie_pattern(sorted({*lex.SYNONYMS, "said"})) + r")(?![\w'’-])"
)
DATE_WORD = re.compile(r"\b(" + "|".join(lex.WEEKDAYS + lex.MONTHS) + r")\b")
NAME_WORD = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{3,}\b")
SLUG = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Original:
    id: str
    title: str
    url: str
    outlet: str
    text: str
    day: int | None  # its own date (an ordinal), None when undated or unreadable
    base: int  # where it sits in the stream: ``day``, or a dated article's day when undated


# --- the originals --------------------------------------------------------------------------


def parse_day(raw: str | None) -> int | None:
    """An AllSides date (``2016-09-20``, or ``9/20/16``) as an ordinal; None when unreadable."""
    raw = (raw or "").strip()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw):
            year, month, day = map(int, m.groups())
        elif m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", raw):
            month, day, year = map(int, m.groups())
            year += 2000 if year < 100 else 0
        else:
            return None
        return dt.date(year, month, day).toordinal() if year >= 1990 else None
    except ValueError:
        return None


def load_originals(seed: int = SEED) -> list[Original]:
    """All AllSides articles with text, in stream order (base day, then id)."""
    rows = [r for r in iter_jsonl_gz(DATA) if (r.get("text") or "").strip()]
    days = [parse_day(r.get("date")) for r in rows]
    dated = sorted(d for d in days if d is not None)
    rng = random.Random(f"{seed}:undated")
    originals = [
        Original(
            r["ID"], r.get("title") or "", r.get("url") or "", r.get("source") or "",
            r["text"], day, day if day is not None else rng.choice(dated),
        )
        for r, day in zip(rows, days, strict=True)
    ]  # fmt: skip
    if len({o.id for o in originals}) != len(originals) or any("-" in o.id for o in originals):
        raise ValueError(f"{DATA}: article ids must be unique and free of '-'")
    return sorted(originals, key=lambda o: (o.base, o.id))


# --- cheap rewriting ------------------------------------------------------------------------


def swap_words(text: str, rng: random.Random, rate: float) -> str:
    """Synonyms for ``rate`` of the swappable lower-case words; after "a"/"an", only a synonym
    that keeps it right (so the article need not change)."""

    def pick(m: re.Match) -> str:
        word = m.group()
        if rng.random() >= rate:
            return word
        options = lex.SAID if word == "said" else lex.SYNONYMS[word]
        before = text[max(0, m.start() - 4) : m.start()].lower()
        if before.endswith((" a ", " an ")) or before in ("a ", "an "):
            vowel = word[0] in "aeiou"
            options = [w for w in options if (w[0] in "aeiou") == vowel]
        return rng.choice(options) if options else word

    return SWAP.sub(pick, text)


def _replace_one(text: str, spots: list[re.Match], new, rng: random.Random) -> str:
    """``text`` with one of ``spots`` (group 1 where there is one) replaced by ``new(match)``."""
    if not spots:
        return text
    m = rng.choice(spots)
    group = 1 if m.re.groups else 0
    return text[: m.start(group)] + new(m) + text[m.end(group) :]


def _year(m: re.Match) -> bool:
    return len(m.group(1)) == 4 and 1900 <= int(m.group(1)) <= 2100


def change_number(text: str, rng: random.Random) -> str:
    spots = [m for m in NUMBER.finditer(text) if not _year(m)]
    return _replace_one(text, spots, lambda m: altered_number(m.group(1)), rng)


def change_date(text: str, rng: random.Random) -> str:
    """A weekday or month two on (Monday -> Wednesday), or a year one on."""
    spots = [m for m in DATE_WORD.finditer(text) if m.group() != "May"]
    spots += [m for m in NUMBER.finditer(text) if _year(m)]

    def later(m: re.Match) -> str:
        if m.re is NUMBER:
            return str(int(m.group(1)) + 1)
        names = lex.WEEKDAYS if m.group() in lex.WEEKDAYS else lex.MONTHS
        return names[(names.index(m.group()) + 2) % len(names)]

    return _replace_one(text, spots, later, rng)


def change_name(text: str, rng: random.Random) -> str:
    spots = list(NAME_WORD.finditer(text))
    return _replace_one(text, spots, lambda m: misspelt(m.group(), rng), rng)


FACT_CHANGES = (change_number, change_date, change_name)


def furnish(text: str, rng: random.Random, other_title: str) -> str:
    """A "See also"/"Advertisement" line between two paragraphs and one to three at the end."""
    paragraphs = text.split("\n\n")
    middle = rng.choice(lex.FURNITURE_MIDDLE).format(title=other_title or "More news")
    paragraphs.insert(rng.randint(1, max(1, len(paragraphs) - 1)), middle)
    paragraphs += rng.sample(lex.FURNITURE_END, rng.randint(1, 3))
    return "\n\n".join(paragraphs)


# --- the stream -----------------------------------------------------------------------------


def farm(rng: random.Random) -> tuple[str, str]:
    """An invented outlet and its domain."""
    name = f"{rng.choice(FARM_FIRST)} {rng.choice(FARM_SECOND)}"
    return name, "".join(SLUG.findall(name.lower())) + ".example"


def stamp(day: int, seconds: int = 0) -> str:
    when = dt.datetime.combine(dt.date.fromordinal(day), dt.time()) + dt.timedelta(seconds=seconds)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ") if seconds else when.strftime("%Y-%m-%d")


def group(o: Original, era: int, shift: int, titles: list[str], seed: int) -> Iterator[tuple]:
    """(seconds into the stream, kind, row) for an original (or its re-dating) and its copies."""
    rng = random.Random(f"{seed}:{era}:{o.id}")
    day = o.base + era * shift
    if era == 0:
        head = {"id": o.id, "title": o.title, "url": o.url, "outlet": o.outlet,
                "published": stamp(o.day) if o.day is not None else None, "text": o.text}  # fmt: skip
    else:
        sep = "&" if "?" in o.url else "?"
        head = {"id": f"{o.id}-r{era}", "title": o.title, "url": f"{o.url}{sep}era={era}",
                "outlet": o.outlet, "published": stamp(day),
                "text": swap_words(o.text, rng, REDATE_RATE)}  # fmt: skip
    yield day * 86400, "original" if era == 0 else "redated", head
    slug = "-".join(SLUG.findall(o.title.lower())[:8]) or "story"
    for j in range(rng.choice(COPIES)):
        lag = rng.randrange(LAG)
        outlet, domain = farm(rng)
        title, text = o.title, o.text
        kind = "copy" if rng.random() < VERBATIM else "spun"
        if kind == "spun":
            title, text = swap_words(title, rng, SPIN_RATE), swap_words(text, rng, SPIN_RATE)
            for change in rng.sample(FACT_CHANGES, rng.randint(1, 3)):
                text = change(text, rng)
        copy_id = f"{head['id']}-c{j + 1}"
        when = stamp(day, lag)
        yield day * 86400 + lag, kind, {
            "id": copy_id, "title": title, "outlet": outlet, "published": when,
            "url": f"https://{domain}/{when[:10].replace('-', '/')}/{slug}-{copy_id[-8:]}",
            "text": furnish(text, rng, rng.choice(titles)),
        }  # fmt: skip


def stream(originals: list[Original], seed: int = SEED) -> Iterator[tuple[str, dict[str, Any]]]:
    """(kind, row) for every article of the endless stream, in publication order."""
    shift = originals[-1].base - originals[0].base + GAP_DAYS
    titles = [o.title for o in originals if o.title]
    pending: list[tuple[int, int, str, dict]] = []  # a heap of (seconds, order, kind, row)
    order = 0
    for era in itertools.count():
        for o in originals:
            start = (o.base + era * shift) * 86400
            while pending and pending[0][0] < start:
                yield heapq.heappop(pending)[2:]
            for seconds, kind, row in group(o, era, shift, titles, seed):
                heapq.heappush(pending, (seconds, order, kind, row))
                order += 1


# --- writing --------------------------------------------------------------------------------


def default_out(n: int) -> Path:
    return CACHE / f"synth-{n}.jsonl.gz"


def _open(path: Path, gz: bool) -> IO[str]:
    if gz:
        return gzip.open(path, "wt", encoding="utf-8", compresslevel=1)
    return path.open("w", encoding="utf-8")


def build(n: int, out: Path, seed: int = SEED) -> dict[str, Any]:
    """Write the first ``n`` articles of the stream to ``out``; returns the summary."""
    start = time.perf_counter()
    originals = load_originals(seed)
    loaded = time.perf_counter() - start
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(out.name + ".part")
    kinds: Counter = Counter()
    days: set[int] = set()
    text_bytes = written = 0
    with _open(part, out.name.endswith(".gz")) as f:
        for kind, row in stream(originals, seed):
            if written == n:
                break
            written += 1
            line = json.dumps(row, ensure_ascii=False) + "\n"
            f.write(line)
            text_bytes += len(line.encode("utf-8"))
            kinds[kind] += 1
            if row["published"]:
                days.add(dt.date.fromisoformat(row["published"][:10]).toordinal())
    os.replace(part, out)
    seconds = time.perf_counter() - start
    return {
        "articles": sum(kinds.values()),
        "kinds": dict(kinds),
        "first_day": dt.date.fromordinal(min(days)).isoformat() if days else None,
        "last_day": dt.date.fromordinal(max(days)).isoformat() if days else None,
        "days_spanned": max(days) - min(days) + 1 if days else 0,
        "active_days": len(days),
        "bytes_json": text_bytes,
        "bytes_file": out.stat().st_size,
        "load_seconds": loaded,
        "seconds": seconds,
        "out": str(out),
    }


def summary(s: dict[str, Any]) -> str:
    k = s["kinds"]
    copies = k.get("copy", 0) + k.get("spun", 0)
    generate = s["seconds"] - s["load_seconds"]
    return "\n".join(
        [
            f"{s['articles']:,} articles in {s['out']}",
            f"  originals {k.get('original', 0):,}, re-dated originals {k.get('redated', 0):,},"
            f" copies {copies:,} ({k.get('copy', 0):,} verbatim, {k.get('spun', 0):,} spun)",
            f"  {s['first_day']} to {s['last_day']}: {s['days_spanned']:,} days spanned,"
            f" {s['active_days']:,} with articles"
            f" ({s['articles'] / max(1, s['active_days']):.1f} articles per active day)",
            f"  {s['bytes_json'] / 2**20:,.1f} MiB of JSON lines, {s['bytes_file'] / 2**20:,.1f}"
            f" MiB on disk",
            f"  {s['seconds']:.1f} s ({s['load_seconds']:.1f} s reading AllSides,"
            f" {1000 * generate / max(1, s['articles']):.2f} s per 1,000 articles after that)",
        ]
    )


def main() -> None:
    p = argparse.ArgumentParser(
        prog=f"python -m benchmarks.{NAME}", description=__doc__.split("\n")[0]
    )
    p.add_argument("n", type=int, metavar="N", help="articles to write")
    p.add_argument("--out", type=Path, help="default: ~/.cache/unspin-bench/synth-N.jsonl.gz")
    p.add_argument("--seed", type=int, default=SEED)
    args = p.parse_args()
    main_guard(
        NAME, lambda: print(summary(build(args.n, args.out or default_out(args.n), args.seed)))
    )


if __name__ == "__main__":
    main()
