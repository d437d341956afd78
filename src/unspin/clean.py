"""clean: normalise text, split it into sentences with offsets, and mark boilerplate.

Offsets always point into the text *as read*; normalisation only builds comparison keys.
Boilerplate (content-farm furniture) is recognised by families of general rules: related-link
lines (with or without a separator after the label), comment prompts, share/subscribe/follow and
app or newsletter promos, syndication and copyright notices, advertising, photo credits and
captions, bylines, time stamps, cookie and paywall notices, and lines repeating the headline or
an earlier line. A sentence in reported speech ('"Follow us," the officer said.') is prose.
"""

from __future__ import annotations

import re
import unicodedata

from syntok import segmenter

from .furniture import rule_of as _rule
from .records import Sentence

_QUOTES = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "«": '"', "»": '"'}
)
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})
_SPACE = re.compile(r"\s+")
_END = re.compile(r"""[.!?:;"'”’)\]]\s*$""")


def normalise(text: str) -> str:
    """A comparison key: NFKC, straight quotes and dashes, single spaces. Idempotent."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).translate(_DASHES)
    return _SPACE.sub(" ", text).strip()


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraph-like blocks: a line break ends a block unless the line is hard-wrapped prose."""
    blocks: list[tuple[int, int]] = []
    start = None
    pos = prev_end = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        end = pos + len(body)
        if body.strip():
            if start is None:
                start = pos
            wrapped = len(body) > 60 and not _END.search(body)
            if not wrapped:
                blocks.append((start, end))
                start = None
        elif start is not None:
            blocks.append((start, prev_end))
            start = None
        prev_end = end
        pos += len(line)
    if start is not None:
        blocks.append((start, prev_end))
    return blocks


def split(text: str, blocks: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets into ``text``, trimmed of surrounding space (``blocks``:
    its paragraph-like blocks, when the caller has them already)."""
    spans: list[tuple[int, int]] = []
    for b_start, b_end in _unglue(text, _blocks(text) if blocks is None else blocks):
        block = text[b_start:b_end]
        for paragraph in segmenter.analyze(block):
            for sentence in paragraph:
                tokens = [t for t in sentence if t.value]
                if not tokens:
                    continue
                s = b_start + tokens[0].offset
                e = b_start + tokens[-1].offset + len(tokens[-1].value)
                while s < e and text[s].isspace():
                    s += 1
                while e > s and text[e - 1].isspace():
                    e -= 1
                if e > s:
                    spans.append((s, e))
    return _attach_orphans(text, spans)


# A full stop glued to the next sentence, as scraped paragraphs often come ("since Jan.
# 18.Japan's Nikkei fell"): after a small letter, a digit or a percent sign, before a capitalised
# word. Not "U.S.Army" (a capital before the stop) and not "$75.98" (digits after it).
GLUED_STOP = r"(?<=[a-z0-9%])\.(?=[A-Z][a-z]{2})"
_GLUED = re.compile(GLUED_STOP)


def _unglue(text: str, blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Blocks cut after each glued full stop, so the segmenter sees two sentences."""
    out = []
    for start, end in blocks:
        for m in _GLUED.finditer(text, start, end):
            out.append((start, m.end()))
            start = m.end()
        out.append((start, end))
    return out


def _attach_orphans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Glue a lone closing quote or bracket that the segmenter split off onto its sentence."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        piece = text[s:e]
        orphan = len(piece) <= 2 and not any(ch.isalnum() for ch in piece)
        if out and (orphan or text[out[-1][1] - 1] in ";,") and "\n\n" not in text[out[-1][1] : s]:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


# --- boilerplate ------------------------------------------------------------------------------


def boilerplate_rule(sentence: str) -> str | None:
    """The name of the furniture rule a sentence matches, or None for article prose."""
    return _rule(normalise(sentence))


_NON_WORD = re.compile(r"[^\w]+")


def _key(text: str) -> str:
    return _keyed(normalise(text))


def _keyed(normal: str) -> str:
    return _NON_WORD.sub(" ", normal.lower()).strip()


def sentences(text: str, title: str | None = None) -> tuple[Sentence, ...]:
    """Split ``text`` into :class:`Sentence` records and mark boilerplate ones.

    A furniture line split into several sentences ("See also: GOP rebranding? Ailes isn't
    buying it") is furniture throughout: when one of a block's sentences is furniture and the
    block as a whole matches a rule too, its other sentences take the first one's rule (or the
    block's, when the first is not furniture)."""
    spans = _blocks(text)
    marked = list(_mark(text, split(text, spans), title))
    blocks = iter(spans)
    block = next(blocks, None)
    lead: Sentence | None = None  # the first sentence of the current block
    carry: str | None = None  # the rule its other sentences take
    for k, sent in enumerate(marked):
        while block is not None and sent.start >= block[1]:
            block, lead = next(blocks, None), None
        if block is None or not block[0] <= sent.start:
            continue
        if lead is None:
            lead = sent
            carry = _block_rule(text, block, marked, k)
        if carry and sent.boilerplate is None:
            marked[k] = Sentence(sent.index, sent.start, sent.end, sent.text, carry)
    return tuple(marked)


_BLOCK_SENTENCES, _BLOCK_CHARS = 3, 300  # the most a furniture block spans


def _block_rule(
    text: str, block: tuple[int, int], marked: list[Sentence], first: int
) -> str | None:
    """The rule a block of several sentences matches as a whole, when one of its sentences is
    furniture on its own ("Want more stories like this? Sign up for our newsletter.")."""
    inside = [m for m in marked[first:] if m.start < block[1]]
    if not 2 <= len(inside) <= _BLOCK_SENTENCES or block[1] - block[0] > _BLOCK_CHARS:
        return None  # a prose paragraph, where an unanchored rule may match anything
    if not any(m.boilerplate for m in inside):
        return None
    rule = _rule(normalise(text[block[0] : block[1]]))
    return rule and (inside[0].boilerplate or rule)


def paragraphs(text: str, title: str | None = None) -> tuple[Sentence, ...]:
    """Paragraph-like blocks as :class:`Sentence` records, boilerplate marked: a cheap stand-in
    for :func:`sentences` where only the content matters (sketching a corpus at ingest), since
    content-farm furniture comes in lines of its own. About 20x faster than sentence splitting."""
    return _mark(text, _blocks(text), title)


_ROUGH_END = re.compile(r"""(?<=[.!?])["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9])""")


def rough_sentences(text: str, title: str | None = None) -> tuple[Sentence, ...]:
    """Sentences split by a single regular expression (a stop, then space, then a capital or a
    digit) inside each block, with boilerplate marked by block (content-farm furniture comes in
    lines of its own, as for :func:`paragraphs`): for comparing many articles with each other
    (provenance), where both sides are split the same way and a sentence cut at "Mr." costs
    nothing. Several times faster than :func:`sentences`; never stored, never shown."""
    out: list[Sentence] = []
    for block in paragraphs(text, title):
        start = block.start
        for cut in [*_ROUGH_END.finditer(text, block.start, block.end), None]:
            end = cut.start() if cut else block.end
            if end > start:
                out.append(Sentence(len(out), start, end, text[start:end], block.boilerplate))
            if cut:
                start = cut.end()
    return tuple(out)


def _mark(text: str, spans: list[tuple[int, int]], title: str | None) -> tuple[Sentence, ...]:
    seen: set[str] = set()
    title_key = _key(title) if title else None
    rules: list[str | None] = []
    for index, (s, e) in enumerate(spans):
        normal = normalise(text[s:e])
        key = _keyed(normal)
        rule = _rule(normal)
        if rule is None and index > 0 and title_key and key == title_key:
            rule = "repeated-headline"
        elif rule is None and key in seen and len(key) > 20:
            rule = "repeated-line"
        seen.add(key)
        rules.append(rule)
    _headline_runs(text, spans, rules)
    return tuple(
        Sentence(index=k, start=s, end=e, text=text[s:e], boilerplate=rules[k])
        for k, (s, e) in enumerate(spans)
    )


# A headline in a list of links: a capital, a digit or a quote first, two to 25 words, and no
# full stop, comma or colon at the end unless most of its words are capitalised ("Four Years Ago
# Trump Was Seen as a Sideshow. Now He Is the Show.").
_HEADLINE = re.compile(r"""^(?-i:[A-Z0-9"'(\[£$€])[^\n]{1,158}$""")
_OPEN_END = re.compile(r"""(?<![.!,;:])(?<!\.["')])$""")
_RUN = 8  # the most headlines a link label carries


def _headline_runs(text: str, spans: list[tuple[int, int]], rules: list[str | None]) -> None:
    """Mark the bare headlines listed under a short link label ("Related Stories", "Trending
    Now", "More From Our Network"), one a line with no blank line between, as related links."""
    end = -1  # where the current label's list of headlines ends
    for k, (s, e) in enumerate(spans):
        piece = normalise(text[s:e])
        if rules[k] == "related-links" and len(piece.split()) <= 5 and piece[-1:] not in ".!?":
            end = _list_end(text, e)
        elif s < end and e <= end and rules[k] is None:
            rules[k] = "related-links"


def _list_end(text: str, pos: int) -> int:
    """The end of the headline lines that follow ``pos`` (the end of a label's line)."""
    end = pos
    for _ in range(_RUN):
        if not text.startswith("\n", end):
            break
        stop = text.find("\n", end + 1)
        stop = len(text) if stop < 0 else stop
        if not _headline(normalise(text[end + 1 : stop])):
            break
        end = stop
    return end


def _headline(line: str) -> bool:
    words = line.split()
    if not (_HEADLINE.match(line) and 2 <= len(words) <= 25):
        return False
    long = [w for w in words if len(w) > 3]
    capitalised = sum(w[0].isupper() for w in long) >= 0.6 * len(long)
    return bool(_OPEN_END.search(line)) or capitalised
