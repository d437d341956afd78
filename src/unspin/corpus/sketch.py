"""sketch: the compact description of an article that clustering works from.

A :class:`Sketch` holds three views of an article, each for a different kind of kinship:

* a MinHash signature of its word 5-shingles (datasketch), banded for locality-sensitive
  hashing: near-verbatim copies share a band;
* its *terms*: the names, numbers and years it mentions, counted (capitalised word runs, not a
  full NER pass, which would cost more than the rest of ingest together); independent reports of
  one event share rare names, and two events of the same kind differ in them;
* the word pieces of its headline and lead (MiniLM's tokenizer), from which clustering makes a
  *lead vector*: the mean of MiniLM's input embeddings of those pieces, each weighted by its idf
  in the corpus. It stands in for a full MiniLM pass at a thousandth of the cost: on ECB+ dev
  the full model gave B-cubed F1 0.930, this vector 0.924, no vector 0.899 (docs/history.md).

Only content sentences count: boilerplate (``clean``) is left out of every view.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from unspin import clean
from unspin.language import nlp
from unspin.records import Sentence

NUM_PERM = 128
BANDS, ROWS = 32, 4  # LSH: pairs with Jaccard ~0.42 have even odds of sharing a band
SHINGLE = 5
LEAD_SENTENCES = 2
LEAD_CHARS = 600
SEED = 1

_CAPS = re.compile(r"\b(?:[A-Z][\w'’.-]*[A-Za-z]|[A-Z])(?:\s+(?:of\s+|de\s+)?[A-Z][\w'’.-]*)*")
_NUMBER = re.compile(r"(?<![\w.])\d[\d,.]*\d|(?<![\w.])\d")
_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")
_WORD = re.compile(r"\w+")
_STOP = frozenset(
    """A An And As At But By For From He Her His I If In It Its Mr Mrs Ms Dr My No Not Of On Or
    Our She So That The Their There These They This Those To We What When Where Which While Who
    Why With You Your After Before Also Updated Posted Read More Photo Image Video Getty
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December""".split()
)
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED)
_PERMUTATIONS, _SCHEME = _TEMPLATE.permutations, _TEMPLATE.scheme  # shared, computed once


@dataclass(frozen=True, eq=False)
class Sketch:
    """What clustering needs of one article; ``day`` is the publication date's ordinal."""

    article: str
    day: int | None
    terms: dict[str, int]
    pieces: np.ndarray  # uint16 word-piece ids of the headline and lead
    minhash: np.ndarray  # uint32 signature (NUM_PERM,)

    def bands(self) -> list[int]:
        return band_keys(self.minhash)


def content(text: str, sentences: Sequence[Sentence]) -> str:
    """The article's text without its boilerplate sentences."""
    return "\n".join(s.text for s in sentences if not s.is_boilerplate) or text


def terms(text: str) -> Counter[str]:
    """Names (each capitalised word of a run), numbers and years, lower-cased and counted."""
    out: Counter[str] = Counter()
    for match in _CAPS.finditer(text):
        for word in match.group(0).split():
            word = word.strip(".'’").lower()
            if word and word.capitalize() not in _STOP and word not in ("of", "de"):
                out[word] += 1
    for match in _NUMBER.finditer(text):
        out["#" + match.group(0).replace(",", "")] += 1
    for match in _YEAR.finditer(text):
        out["@" + match.group(0)] += 3  # a year says which event more than most names do
    return out


def shingles(text: str) -> list[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return [" ".join(words).encode()]
    return [" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)]


def minhash(text: str) -> np.ndarray:
    m = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_PERMUTATIONS, scheme=_SCHEME)
    m.update_batch(shingles(text))
    return m.hashvalues.astype(np.uint32)


def band_keys(signature: np.ndarray) -> list[int]:
    """One 63-bit key per band: the band's number and a hash of its rows."""
    rows = signature.astype(np.uint32).reshape(BANDS, ROWS)
    keys = []
    for band, row in enumerate(rows):
        digest = hashlib.blake2b(row.tobytes(), digest_size=8, person=b"unspin-lsh").digest()
        keys.append((int.from_bytes(digest, "big") >> 6) << 5 | band)
    return keys


PIECE = "~"  # prefix of a word piece's document frequency in the store's ``terms`` table


def piece_weights(df: dict[str, int], n: int) -> np.ndarray:
    """idf of every word piece, from the ``~<id>`` entries of a document-frequency table."""
    weights = np.full(nlp.piece_table().shape[0], math.log(n + 1) + 1.0, dtype=np.float32)
    for term, count in df.items():
        if term.startswith(PIECE):
            weights[int(term[1:])] = math.log((n + 1) / (count + 1)) + 1.0
    return weights


def lead_vector(pieces: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Unit idf-weighted mean of the pieces' input embeddings (zeros for no pieces)."""
    if not len(pieces):
        return np.zeros(nlp.piece_table().shape[1], dtype=np.float32)
    ids = pieces.astype(np.int64)
    vector = weights[ids] @ nlp.piece_table()[ids]
    norm = float(np.linalg.norm(vector))
    return (vector / norm if norm else vector).astype(np.float32)


def lead(title: str | None, body: str) -> str:
    """Headline and first sentences of the content: only a short prefix is sentence-split."""
    prefix = body[: LEAD_CHARS * 2]
    first = [prefix[a:b] for a, b in clean.split(prefix)[:LEAD_SENTENCES]]
    return " ".join(([title] if title else []) + first)[:LEAD_CHARS]


def when(published: str | None) -> str | None:
    """A publication time as UTC ISO text: ``2025-03-04T11:05:00Z``, or ``2025-03-04`` when only
    the date is known; None when it cannot be read. Takes ISO 8601, RFC 2822 (RSS) and m/d/Y."""
    if not published or not published.strip():
        return None
    text = published.strip()
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        parsed = _date_only(*map(int, text.split("-")))
        return parsed.isoformat() if parsed else None
    stamp = _stamp(text)
    if stamp is None:
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        parsed = _date_only(int(match[3]), int(match[1]), int(match[2])) if match else None
        return parsed.isoformat() if parsed else None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    return stamp.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _date_only(year: int, month: int, day_: int) -> dt.date | None:
    try:
        return dt.date(year, month, day_)
    except ValueError:
        return None


def _stamp(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def day(published: str | None) -> int | None:
    """The ordinal of the publication date (see :func:`when`)."""
    normal = when(published)
    return dt.date.fromisoformat(normal[:10]).toordinal() if normal else None


def sketch(article: str, text: str, title: str | None, published: str | None) -> Sketch:
    """Mark boilerplate paragraphs (``clean``), then count terms, hash shingles and tokenize the
    lead of the rest.

    Sentences are not split here: only articles that turn out to share a story need them, and
    ``corpus`` splits those when it traces provenance."""
    blocks = clean.paragraphs(text, title)
    body = content(text, blocks)
    return Sketch(
        article, day(published), dict(terms(body)), lead_pieces(title, body), minhash(body)
    )


def lead_pieces(title: str | None, body: str) -> np.ndarray:
    return nlp.pieces(lead(title, body))


def piece_keys(pieces: np.ndarray) -> list[str]:
    """The document-frequency keys of a lead's distinct word pieces."""
    return [PIECE + str(p) for p in sorted(set(pieces.tolist()))]


def frequencies(sketch_: Sketch) -> list[str]:
    """The keys a sketch adds one to in the document-frequency table: terms and word pieces."""
    return [*sketch_.terms, *piece_keys(sketch_.pieces)]
