"""Harmless spin, second generator: a false-alarm rate that does not rest on ``spin_build``.

``spin_build`` makes its harmless rewrites one way: word synonyms from ``spin_lexicon``, "said"
to "stated"/"noted", clauses swapped or split inside a sentence, rarely a dropped sentence, and
"See also: ..." / "Share this:" furniture mid-article and at the end. A false-alarm rate measured
on it alone could reflect that generator's habits as much as ``compare``. This one is built
differently at each step:

* *articles*: AllSides articles of 150-900 words, sampled with their own seed (101 by default,
  a held-out sample nobody tunes on), read in place from ``../shared/bench``;
* *dropped sentences*: one to three non-lead sentences of six words or more, none inside a
  quotation, none followed by a sentence that opens with a pronoun or a connective;
* *reordering*: whole paragraphs, never the lead, moved one or two places down, and adjacent
  sentences swapped, where none of the sentences involved opens with a pronoun, a connective or
  a quotation mark, or carries a sequence word ("then", "later", "also", ...);
* *wording*: no word synonyms. ``PHRASES`` is a hand-written table of house-style phrase
  rewrites a copy desk makes without changing a fact: "more than 200" -> "over 200", "about
  40" -> "around 40", "percent" -> "per cent", contractions expanded and contracted, "told
  reporters" -> "told journalists", "despite" -> "in spite of", ... Every entry is lower-case
  words only, so it never touches a number or a name. ``FORMATS`` rewrites notation while
  keeping every value and name: "1,200" -> "1200", "5%" -> "5 percent", "U.S." -> "US",
  "Mr." -> "Mr", "Sept. 12" -> "September 12", "Tuesday's vote" -> "the vote on Tuesday".
  Neither touches words inside quotation marks;
* *furniture*: families the first generator lacks, in wording of its own, at the top (time
  stamps, photo credits, syndication and cookie notices), in the middle (related links with no
  colon, "READ MORE | <headline>", "Related Stories" blocks of other articles' headlines,
  paywall and advertisement lines) and at the end (share and follow lines, tag lines,
  newsletter and copyright lines). Headlines come from other AllSides articles.

Only the sentence splitter and the quotation finder are shared with ``spin_build``.

Scored: the share of rewrites with at least one flagged change (the false-alarm rate), the kinds
of those changes, and the share of inserted furniture lines that ``compare`` reports as
boilerplate or leaves alone (no change of any kind over them).

    python -m benchmarks.spin_alt [--limit N] [--seed S] [--json [OUT]] [--dump FILE]
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .common import (
    Stopwatch,
    change_brief,
    flagged,
    hits,
    iter_jsonl_gz,
    main_guard,
    parser,
    pct,
    ratio,
    safe_compare,
    table,
    write_dump,
    write_json,
)
from .spin_build import Blocks, Sent, fix_article, inside, quote_ranges, split_sentences

NAME = "spin_alt"
DATA = "allsides/articles.jsonl.gz"
SEED = 101
ARTICLES = 200
MIN_WORDS, MAX_WORDS = 150, 900

Triple = tuple[str, str, dict[str, Any]]  # (source text, clean rewrite text, meta)

# A sentence that opens with one of these words leans on the one before it: it is never moved,
# never put after a different sentence, never left behind when the sentence before it is dropped.
REFERRING = set(
    """he she it they we you i his her its their our your him them us this that these those there
    then such both another other others either neither each latter former but and or so yet
    however still meanwhile instead thus hence therefore moreover furthermore besides likewise
    similarly nevertheless nonetheless later afterward afterwards earlier next finally first
    second third last also too again here now that's it's there's he's she's they're while even
    because as which who whose where all""".split()
)
SEQUENCE = set(
    "then later also too again afterward afterwards meanwhile next finally earlier previously "
    "subsequently eventually latter former further additionally contrary same otherwise likewise "
    "similarly instead though however nevertheless nonetheless moreover furthermore".split()
)
# Nor is a sentence holding, outside its quotations, a SEQUENCE word ("then", "further") or one of
# the POINTERS back to someone or something named before.
POINTERS = set(
    """he she it they him her his its their them himself herself itself themselves this these
    those such""".split()
)
QUOTE_MARKS = "\"“”'‘’"
# a sentence the splitter cut after a title or an initial ("..., said Rep." | "Jim Jordan ...")
CUT_AFTER = re.compile(
    r"(?:^|[\s(])(?:Rep|Reps|Sen|Sens|Gov|Gen|Lt|Col|Maj|Capt|Cmdr|Adm|Sgt|Cpl|Pvt|Dr|Mr|Mrs|Ms"
    r"|Prof|Rev|Fr|Hon|St|Mt|Ft|Atty|Supt|Pres|Del|Det|Insp|Sr|Jr|No|[A-Z])\.$"
)
LEAD_WORDS = 12


# --- the phrase table and the notation rules --------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """``old`` -> ``new`` where ``old`` stands as whole words, ``after`` (a regex) follows it and
    the word before it is not in ``not_after``. An apostrophe in ``old`` matches ' and ’; one in
    ``new`` is written in the article's own style."""

    old: str
    new: str
    after: str = ""
    not_after: frozenset[str] = frozenset()

    @property
    def pattern(self) -> re.Pattern[str]:
        old = re.escape(self.old).replace("'", "['’]")
        return re.compile(rf"(?<![\w'’-]){old}(?![\w'’-])(?={self.after})")


# a number follows: "200", "$4", "1.5", but not a year, a date like 9/11, nor a clock time
NUM = r" [$£€]?(?!(?:1[89]|20|21)\d\d\b)\d[\d,]*(?:\.\d+)?(?![\d/:.]\d)(?! ?[ap]\.?m\b)"
LOWER = r" [a-z]"  # a lower-case word follows (so "it is" never ends a sentence as "it's")
NOT_QUANTITY = frozenset("no not any much far little nothing even or".split())
TOPIC_VERBS = frozenset(
    """talk talked talking talks wrote write writes writing asked ask asking asks know knew
    think thought learned heard spoke speak speaking care cares cared worried concerned
    question questions questioned story stories news information details report reports
    comment comments complained joke joked lied lie argued argue protest protested""".split()
)


def _rules(text: str, after: str = "", not_after: frozenset[str] = frozenset()) -> list[Rule]:
    """Parse ``old => new`` lines; ``<=>`` adds the rule both ways."""
    out = []
    for line in text.strip().splitlines():
        both = "<=>" in line
        old, _, new = line.partition("<=>" if both else "=>")
        old, new = old.strip(), new.strip()
        out.append(Rule(old, new, after, not_after))
        if both:
            out.append(Rule(new, old, after, not_after))
    return out


PHRASES: tuple[Rule, ...] = (
    # quantities: only before a number, never after "no"/"not"/"much" ("no more than 5")
    *_rules(
        """
        more than => over
        fewer than => under
        less than => under
        nearly => close to
        almost => nearly
        roughly => around
        approximately => about
        """,
        NUM,
        NOT_QUANTITY,
    ),
    # "about"/"some" before a number, but not "talked about 2 cases"
    *_rules(
        """
        about => around
        some => about
        """,
        NUM,
        NOT_QUANTITY | TOPIC_VERBS,
    ),
    # contractions, both ways; a contraction only where a lower-case word follows
    *_rules(
        """
        do not <=> don't
        does not <=> doesn't
        did not <=> didn't
        is not <=> isn't
        are not <=> aren't
        was not <=> wasn't
        were not <=> weren't
        has not <=> hasn't
        have not <=> haven't
        had not <=> hadn't
        will not <=> won't
        would not <=> wouldn't
        could not <=> couldn't
        should not <=> shouldn't
        cannot <=> can't
        it is => it's
        that is => that's
        they are <=> they're
        we are <=> we're
        you are <=> you're
        they have been <=> they've been
        we have been <=> we've been
        """,
        LOWER,
    ),
    # reporting and house style
    *_rules(
        """
        percent <=> per cent
        told reporters <=> told journalists
        according to => per
        in order to => to
        because of => due to
        prior to => before
        in the wake of => following
        despite <=> in spite of
        even though <=> although
        toward <=> towards
        afterward <=> afterwards
        each other <=> one another
        whether or not => whether
        in addition to => besides
        a lot of <=> lots of
        pointed out => noted
        took part in <=> participated in
        take part in <=> participate in
        at this point => at this stage
        for the time being => for now
        around the world <=> across the globe
        across the country => nationwide
        among => amongst
        """
    ),
)


@dataclass(frozen=True)
class Format:
    """A notation change that keeps every value and name: ``pattern`` -> ``replace(match)``."""

    name: str
    pattern: re.Pattern[str]
    replace: Callable[[re.Match[str]], str | None]  # None: leave this match alone


def _thousands(m: re.Match[str]) -> str | None:
    value = m.group(1) + m.group(2)
    return None if 1800 <= int(value) <= 2199 else value  # "1,950 people" must not read as a year


def _initials(m: re.Match[str]) -> str | None:
    """Initials without stops: "U.S." -> "US" before a comma, a lower-case word or a name ("U.S. Senate"), and "US." at
    the end of a sentence; not before a word that could open a sentence the splitter missed."""
    bare = m.group(1).replace(".", "")
    rest = m.string[m.end() :]
    if rest == "":
        return bare + "."
    if re.match(r"[,;)]| [a-z]", rest):
        return bare
    name = re.match(r" ([A-Z][a-z]+)\b", rest)
    return bare if name and name.group(1).lower() not in SENTENCE_OPENERS else None


SENTENCE_OPENERS = REFERRING | set("the a an in at on for with by from to of if when".split())
MONTH_ABBREVIATIONS = {
    "Jan.": "January",
    "Feb.": "February",
    "Aug.": "August",
    "Sept.": "September",
    "Sep.": "September",
    "Oct.": "October",
    "Nov.": "November",
    "Dec.": "December",
}
WEEKDAY = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
EVENTS = (
    "meeting vote election hearing debate announcement speech attack decision ruling rally "
    "summit primary session shooting report game match protest address briefing testimony"
)


def _weekday_event(m: re.Match[str]) -> str | None:
    """A weekday's event: "Tuesday's vote" -> "the vote on Tuesday" (not after "last"/"this"/"next")."""
    before = m.string[: m.start()].split()
    if before and before[-1].lower() in ("last", "this", "next", "the", "a", "an"):
        return None
    if m.string[m.end() :].startswith((" on ", " in ", "'", "’")):
        return None
    the = "The" if m.start() == 0 else "the"
    return f"{the} {m.group(2)} on {m.group(1)}"


FORMATS: tuple[Format, ...] = (
    Format("thousands", re.compile(r"(?<![\d,.])(\d),(\d{3})(?![\d,]|\.\d)"), _thousands),
    Format("percent sign", re.compile(r"(?<=\d)%"), lambda m: " percent"),
    Format("percent word", re.compile(r"(?<=\d) percent\b"), lambda m: "%"),
    Format(
        "initials",
        re.compile(r"(?<![\w.])(U\.S\.|U\.K\.|U\.N\.|D\.C\.)(?![\w.])"),
        _initials,
    ),
    Format("titles", re.compile(r"\b(Mr|Mrs|Ms|Dr)\.(?= [A-Z])"), lambda m: m.group(1)),
    Format(
        "month",
        re.compile(r"(?<!\w)(" + "|".join(re.escape(k) for k in MONTH_ABBREVIATIONS) + r")(?= \d)"),
        lambda m: MONTH_ABBREVIATIONS[m.group(1)],
    ),
    Format(
        "weekday's event",
        re.compile(rf"\b({WEEKDAY})['’]s ({'|'.join(EVENTS.split())})\b"),
        _weekday_event,
    ),
)

PHRASE_RATE, FORMAT_RATE = 0.6, 0.7


# --- picking articles -------------------------------------------------------------------------


def eligible_articles() -> list[dict[str, Any]]:
    """AllSides articles of 150-900 words, each text once, in file order."""
    seen, out = set(), []
    for art in iter_jsonl_gz(DATA):
        text = art.get("text") or ""
        if MIN_WORDS <= len(text.split()) <= MAX_WORDS and text[:200] not in seen:
            seen.add(text[:200])
            out.append(art)
    return out


def headline_pool(articles: Iterable[dict[str, Any]]) -> list[str]:
    """Titles that read as a plain headline (4-16 words, no colon, no bar), each once."""
    titles = []
    for art in articles:
        title = " ".join((art.get("title") or "").split())
        if 4 <= len(title.split()) <= 16 and not set(title) & set(":|"):
            titles.append(title)
    return list(dict.fromkeys(titles))


# --- which sentences may move or go -----------------------------------------------------------


def _first_word(text: str) -> str:
    return text.split()[0].lower().strip(",;:") if text.split() else ""


def sentences(text: str) -> Blocks:
    """Paragraphs of sentences, a sentence the splitter cut after "Rep." or "J." joined again to
    the rest of it, so nothing moves or goes without the words it belongs with."""
    blocks: Blocks = []
    for block in split_sentences(text):
        joined: list[Sent] = []
        for sent in block:
            if joined and CUT_AFTER.search(joined[-1].text):
                joined[-1] = Sent(f"{joined[-1].text} {sent.text}", joined[-1].in_quote)
            else:
                joined.append(sent)
        blocks.append(joined)
    return blocks


def lead(blocks: Blocks) -> set[tuple[int, int]]:
    """The places up to the first sentence of 12 words or more: the story's lead, kept in place
    (a dateline or a kicker line may come before it)."""
    places = set()
    for b, block in enumerate(blocks):
        for s, sent in enumerate(block):
            places.add((b, s))
            if len(sent.text.split()) >= LEAD_WORDS:
                return places
    return places


def _words_outside_quotes(sent: Sent) -> set[str]:
    text = sent.text
    for start, end in reversed(quote_ranges(text, sent.in_quote)[0]):
        text = text[:start] + " " + text[end:]
    return {w.lower().strip(",.;:!?()—–-") for w in text.split()}


def stands_alone(sent: Sent) -> bool:
    """A sentence that can open a new position: no pronoun or connective first, no word pointing
    back ("he", "its", "these") or sequence word ("then", "also") outside its quotations, no
    quotation running into or out of it, a full stop at the end."""
    text = sent.text
    return (
        not sent.in_quote
        and not quote_ranges(text)[1]
        and text[:1].isupper()
        and text[:1] not in QUOTE_MARKS
        and text[-1:] in ".!?"
        and len(text.split()) >= 5
        and _first_word(text) not in REFERRING
        and not _words_outside_quotes(sent) & (POINTERS | SEQUENCE)
    )


def _following(blocks: Blocks, b: int, s: int) -> Sent | None:
    """The sentence after (b, s): the next one in its paragraph or the first of the next."""
    if s + 1 < len(blocks[b]):
        return blocks[b][s + 1]
    return blocks[b + 1][0] if b + 1 < len(blocks) else None


def droppable(blocks: Blocks, b: int, s: int, source: str) -> bool:
    sent, nxt = blocks[b][s], _following(blocks, b, s)
    return (
        (b, s) not in lead(blocks)
        and not sent.in_quote
        and not quote_ranges(sent.text)[1]
        and len(sent.text.split()) >= 6
        and source.count(sent.text) == 1
        and (nxt is None or stands_alone(nxt))
    )


def drop_sentences(blocks: Blocks, rng: random.Random, source: str) -> tuple[Blocks, list[str]]:
    """Drop one to three non-lead sentences, never two next to each other."""
    places = [
        (b, s)
        for b, block in enumerate(blocks)
        for s in range(len(block))
        if droppable(blocks, b, s, source)
    ]
    rng.shuffle(places)
    order = [(b, s) for b, block in enumerate(blocks) for s in range(len(block))]
    want, chosen = rng.randint(1, 3), []
    for place in places:
        i = order.index(place)
        if len(chosen) < want and all(abs(i - j) > 1 for j in chosen):
            chosen.append(i)
    gone = {order[i] for i in chosen}
    dropped = [blocks[b][s].text for b, s in sorted(gone)]
    kept = [
        [x for s, x in enumerate(block) if (b, s) not in gone] for b, block in enumerate(blocks)
    ]
    return [block for block in kept if block], dropped


def move_paragraph(blocks: Blocks, rng: random.Random) -> tuple[Blocks, list[int]]:
    """Move one paragraph after the lead one or two places down, where every seam it makes is
    clean."""
    n, first = len(blocks), max(b for b, _ in lead(blocks)) + 1
    moves = []
    for p in range(first, n - 1):
        for k in (1, 2):
            if p + k >= n:
                continue
            seams = [blocks[p][0], blocks[p + 1][0]] + (
                [blocks[p + k + 1][0]] if p + k + 1 < n else []
            )
            if all(stands_alone(x) for x in seams):
                moves.append((p, k))
    if not moves:
        return blocks, []
    p, k = rng.choice(moves)
    out = blocks[:p] + blocks[p + 1 : p + k + 1] + [blocks[p]] + blocks[p + k + 1 :]
    return out, [p, p + k]


def swap_sentences(blocks: Blocks, rng: random.Random, times: int) -> tuple[Blocks, int]:
    """Swap two adjacent sentences of a paragraph (never the lead) up to ``times`` times."""
    out = [list(block) for block in blocks]
    done, fixed = 0, set(lead(blocks))
    for _ in range(times):
        spots = [
            (b, s)
            for b, block in enumerate(out)
            for s in range(len(block) - 1)
            if (b, s) not in fixed
            and stands_alone(block[s])
            and stands_alone(block[s + 1])
            and (s + 2 >= len(block) or stands_alone(block[s + 2]))
        ]
        if not spots:
            break
        b, s = rng.choice(spots)
        out[b][s], out[b][s + 1] = out[b][s + 1], out[b][s]
        fixed |= {(b, s), (b, s + 1)}  # a swapped pair stays swapped
        done += 1
    return out, done


# --- rewording ------------------------------------------------------------------------------


def _candidates(text: str, apostrophe: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, new, family) for every place a phrase rule or a format rule applies."""
    for rule in PHRASES:
        for m in rule.pattern.finditer(text):
            before = text[: m.start()].split()
            if before and before[-1].lower().strip(",;:") in rule.not_after:
                continue
            yield m.start(), m.end(), rule.new.replace("'", apostrophe), "phrase"
    for fmt in FORMATS:
        for m in fmt.pattern.finditer(text):
            new = fmt.replace(m)
            if new is not None:
                yield m.start(), m.end(), new, "format"


def reword(sent: Sent, rng: random.Random, apostrophe: str, log: dict[str, list]) -> Sent:
    """Apply phrase and format rules outside quotations, each place by chance, none overlapping."""
    quotes = quote_ranges(sent.text, sent.in_quote)[0]
    taken: list[tuple[int, int, str, str]] = []
    for start, end, new, family in sorted(_candidates(sent.text, apostrophe)):
        if any(inside(i, quotes) for i in (start, end - 1)) or any(
            start < e and s < end for s, e, _, _ in taken
        ):
            continue
        if rng.random() < (PHRASE_RATE if family == "phrase" else FORMAT_RATE):
            taken.append((start, end, new, family))
    text = sent.text
    for start, end, new, family in reversed(taken):
        log[family].append([text[start:end], new])
        text = text[:start] + new + text[end:]
        if family == "phrase":  # "an almost 50% rise" -> "a nearly 50% rise" ("a U.S." stays)
            text = fix_article(text, start)
    return Sent(text, sent.in_quote)


def apostrophe_of(text: str) -> str:
    return "’" if text.count("’") > text.count("'") else "'"


# --- furniture ------------------------------------------------------------------------------

TOP = (
    "Updated {time} ET",
    "Last updated {time} ET",
    "Posted {hours} hours ago",
    "This story was auto-generated from a syndicated feed.",
    "Photo credit Getty Images",
    "(Photo by Getty Images)",
    "File photo via AP",
    "Listen to this article · {minutes} min",
    "Estimated reading time {minutes} minutes",
    "From staff and wire reports",
    "We use cookies to give you the best experience on our website. By continuing to browse, "
    "you agree to our use of cookies.",
)
MIDDLE = (
    "See also {headline}",
    "READ MORE | {headline}",
    "ALSO READ | {headline}",
    "Story continues below advertisement",
    "ADVERTISEMENT - CONTINUE READING BELOW",
    "You have reached your limit of {free} free articles this month. Subscribe now for "
    "unlimited access.",
    "Want more stories like this? Sign up for our morning newsletter.",
)
BLOCK_HEADINGS = ("Related Stories", "Trending Now", "More From Our Network")
END = (
    "Share on Facebook\nShare on X\nShare via email\nCopy link",
    "Share this story · Tweet · Email · Print",
    "Subscribe to get breaking news alerts delivered to your inbox.",
    "Follow us on Facebook and X for the latest updates.",
    "This story was auto-generated from a syndicated feed and has not been edited by our staff.",
    "Filed under politics, world news, top stories",
    "Tags politics | government | national",
    "Got a news tip? Send it to our newsroom through the contact page.",
    "Report a correction or typo",
    "Comments are closed.",
    "Copyright {year} all rights reserved. This material may not be republished without "
    "permission.",
    "Privacy Policy | Terms of Use | Cookie Settings",
)


@dataclass(frozen=True)
class Furniture:
    """Inserted lines, kept together in one block and separated by single line breaks."""

    lines: tuple[str, ...]


Piece = list[Sent] | Furniture  # a paragraph of the article, or furniture


def _fill(template: str, rng: random.Random, headlines: list[str]) -> str:
    hour, minute = rng.randint(1, 12), rng.randint(0, 59)
    return template.format(
        time=f"{hour}:{minute:02d} {rng.choice(('a.m.', 'p.m.'))}",
        hours=rng.randint(2, 9),
        minutes=rng.randint(3, 9),
        free=rng.choice((3, 4, 5, 10)),
        headline=rng.choice(headlines),
        year=rng.choice((2023, 2024, 2025)),
    )


def _lines(template: str, rng: random.Random, headlines: list[str]) -> Furniture:
    return Furniture(tuple(_fill(template, rng, headlines).split("\n")))


def middle_piece(rng: random.Random, headlines: list[str]) -> Furniture:
    if rng.random() < 0.35:  # a "Related Stories" block: a heading over two or three headlines
        heading = rng.choice(BLOCK_HEADINGS)
        return Furniture((heading, *rng.sample(headlines, rng.randint(2, 3))))
    return _lines(rng.choice(MIDDLE), rng, headlines)


def furnish(blocks: Blocks, rng: random.Random, headlines: list[str]) -> list[Piece]:
    """One or two lines at the top, one or two pieces in the middle, two to four at the end."""
    if len(blocks) == 1 and len(blocks[0]) > 1:  # one paragraph: split it to have a middle
        half = len(blocks[0]) // 2
        blocks = [blocks[0][:half], blocks[0][half:]]
    pieces: list[Piece] = [list(block) for block in blocks]
    for _ in range(rng.randint(1, 2)):
        at = rng.randint(1, max(1, len(pieces) - 1))
        pieces.insert(at, middle_piece(rng, headlines))
    top = [_lines(t, rng, headlines) for t in rng.sample(TOP, rng.randint(1, 2))]
    end = [_lines(t, rng, headlines) for t in rng.sample(END, rng.randint(2, 4))]
    return [*top, *pieces, *end]


def assemble(pieces: list[Piece]) -> tuple[str, list[tuple[int, int, str]]]:
    """The rewrite text and the (start, end, text) of every furniture line in it."""
    parts, furniture, pos = [], [], 0
    for piece in pieces:
        if parts:
            parts.append("\n\n")
            pos += 2
        if isinstance(piece, Furniture):
            for i, line in enumerate(piece.lines):
                if i:
                    parts.append("\n")
                    pos += 1
                furniture.append((pos, pos + len(line), line))
                parts.append(line)
                pos += len(line)
        else:
            body = " ".join(s.text for s in piece)
            parts.append(body)
            pos += len(body)
    return "".join(parts), furniture


# --- the rewrite ----------------------------------------------------------------------------


def spin(article: dict[str, Any], rng: random.Random, headlines: list[str]) -> Triple:
    """(source, clean rewrite, meta) for one article."""
    source = article["text"]
    blocks = sentences(source)
    blocks, dropped = drop_sentences(blocks, rng, source)
    moved: list[int] = []
    if rng.random() < 0.8:
        blocks, moved = move_paragraph(blocks, rng)
    blocks, swaps = swap_sentences(blocks, rng, rng.choice((1, 2, 2)))
    log: dict[str, list] = {"phrase": [], "format": []}
    mark = apostrophe_of(source)
    blocks = [[reword(s, rng, mark, log) for s in block] for block in blocks]
    own = " ".join((article.get("title") or "").split())
    others = [h for h in headlines if h != own]
    rewrite, furniture = assemble(furnish(blocks, rng, others))
    meta = {
        "article": article["ID"],
        "title": article.get("title") or "",
        "dropped": dropped,
        "moved_paragraph": moved,
        "swapped_sentences": swaps,
        "phrases": log["phrase"],
        "formats": log["format"],
        "furniture": [list(f) for f in furniture],
    }
    return source, rewrite, meta


def build(limit: int | None = None, seed: int = SEED) -> list[Triple]:
    """``limit`` (default 200) clean rewrites of articles picked with ``seed``; deterministic.

    A rewrite depends on the seed and its article only, and a smaller ``limit`` picks a prefix
    of a larger one's articles, so a --limit run is a subset of the full run."""
    articles = eligible_articles()
    picked = random.Random(seed).sample(articles, min(limit or ARTICLES, len(articles)))
    headlines = headline_pool(articles)
    return [spin(a, random.Random(f"{NAME}:{seed}:{a['ID']}"), headlines) for a in picked]


# --- scoring --------------------------------------------------------------------------------


def compared(pairs: list[Triple], compare_many: Callable | None = None) -> Iterator[tuple]:
    """(comparison, error) per pair through ``compare_many``; should it raise, the remaining
    pairs one at a time, so one failure is counted and the run goes on."""
    import unspin

    many = compare_many or unspin.compare_many
    done = 0
    try:
        for comparison in many([(s, r) for s, r, _ in pairs]):
            done += 1
            yield comparison, None
    except Exception:  # noqa: BLE001 - retried one by one below, errors counted there
        for source, rewrite, _ in pairs[done:]:
            yield safe_compare(unspin.compare, source, rewrite)


def furniture_fate(comparison: Any, span: tuple[int, int]) -> str:
    """What became of a furniture line: "boilerplate", "ignored" (no change over it), "flagged",
    "other" (a change, not flagged) or "error" (compare raised)."""
    if comparison is None:
        return "error"
    over = [c for c in comparison.changes if hits(c, span)]
    if any(c.kind == "boilerplate" for c in over) or any(
        s.is_boilerplate and s.start < span[1] and span[0] < s.end
        for s in comparison.rewrite_sentences
    ):
        return "boilerplate"
    if not over:
        return "ignored"
    return "flagged" if any(c.flagged for c in over) else "other"


def evaluate(
    pairs: list[Triple], compare_many: Callable | None = None, dump: list | None = None
) -> dict[str, Any]:
    """False alarms, their kinds and the fate of the furniture lines over ``pairs``."""
    alarms, kinds, fates, errors = 0, Counter(), Counter(), []
    on_furniture = 0
    with Stopwatch() as clock:
        for (_, _, meta), (comparison, error) in zip(
            pairs, compared(pairs, compare_many), strict=True
        ):
            marks = flagged(comparison)
            spans = [(a, z) for a, z, _ in meta["furniture"]]
            alarms += bool(marks)
            kinds.update(c.kind for c in marks)
            fates.update(furniture_fate(comparison, span) for span in spans)
            on_furniture += sum(any(hits(c, span) for span in spans) for c in marks)
            if error:
                errors.append({"article": meta["article"], "error": error})
            if dump is not None:
                dump.append({**meta, "changes": [change_brief(c) for c in marks], "error": error})
    lines = sum(fates.values())
    return {
        "articles": len(pairs),
        "flagged": alarms,
        "false_alarm_rate": ratio(alarms, len(pairs)),
        "by_kind": dict(kinds.most_common()),
        "flagged_changes_on_furniture": on_furniture,
        "furniture_lines": lines,
        "furniture_marked": ratio(fates["boilerplate"] + fates["ignored"], lines),
        "furniture_fates": dict(fates.most_common()),
        "errors": errors,
        "seconds": clock.seconds,
    }


def operations(pairs: list[Triple]) -> dict[str, int]:
    """How much the generator did over ``pairs``."""
    metas = [m for _, _, m in pairs]
    return {
        "dropped sentences": sum(len(m["dropped"]) for m in metas),
        "moved paragraphs": sum(bool(m["moved_paragraph"]) for m in metas),
        "swapped sentence pairs": sum(m["swapped_sentences"] for m in metas),
        "phrase rewrites": sum(len(m["phrases"]) for m in metas),
        "format rewrites": sum(len(m["formats"]) for m in metas),
        "furniture lines": sum(len(m["furniture"]) for m in metas),
    }


def report(results: dict[str, Any], ops: dict[str, int], build_seconds: float) -> str:
    r = results
    kinds = ", ".join(f"{k} {n}" for k, n in r["by_kind"].items()) or "none"
    fates = ", ".join(f"{k} {n}" for k, n in r["furniture_fates"].items()) or "none"
    return "\n\n".join(
        [
            table([f"generator (seed {r.get('seed', SEED)})", "count"], ops.items()),
            table(
                ["clean rewrites", "value"],
                [
                    ["articles", r["articles"]],
                    ["with any flagged change", r["flagged"]],
                    ["false-alarm rate (target <= 3%)", pct(r["false_alarm_rate"])],
                    ["furniture lines", r["furniture_lines"]],
                    ["  boilerplate or left alone", pct(r["furniture_marked"])],
                    ["flagged changes over furniture", r["flagged_changes_on_furniture"]],
                ],
                title="Harmless spin, second generator (phrases, formats, moves, drops, furniture)",
            )
            + f"\nflagged changes by kind: {kinds}\nfurniture lines by fate: {fates}",
            f"built in {build_seconds:.1f} s, compared in {r['seconds']:.1f} s"
            f" ({ratio(r['seconds'], r['articles']):.2f} s/pair); {len(r['errors'])} errors"
            + (
                f" (scored as nothing flagged), first: {r['errors'][0]['error']}"
                if r["errors"]
                else ""
            ),
        ]
    )


def main() -> None:
    p = parser(
        NAME,
        "Harmless spin from a second generator: false alarms on clean rewrites.",
        limit_help=f"use N articles (default {ARTICLES})",
    )
    p.add_argument(
        "--seed", type=int, default=SEED, help=f"seed for picking and spinning (default {SEED})"
    )
    p.add_argument("--dump", metavar="FILE", help="write per-article flagged changes as JSON lines")
    args = p.parse_args()

    def body() -> None:
        with Stopwatch() as clock:
            pairs = build(args.limit, args.seed)
        dump: list[dict[str, Any]] = []
        results = {**evaluate(pairs, dump=dump), "seed": args.seed}
        ops = operations(pairs)
        print(report(results, ops, clock.seconds))
        if args.json:
            write_json(args.json, NAME, args, {**results, "operations": ops})
        if args.dump:
            write_dump(args.dump, dump)

    main_guard(NAME, body)


if __name__ == "__main__":
    main()
