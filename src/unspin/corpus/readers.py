"""Stream the articles of a corpus: what ``unspin ingest PATH...`` reads.

:func:`read` takes paths and yields, in order and one at a time, a :class:`Document` for every
article it reads and a :class:`Failure` for every one it cannot, then goes on. A path may be:

* a directory, walked recursively in sorted order (hidden files and folders skipped), taking
  the files whose suffix is listed in ``SUFFIXES``;
* a glob pattern (``*``, ``?`` or ``[``), expanded recursively and sorted; each match is read
  as if it had been named (a directory is walked, any other file type is a Failure);
* a ``.txt``/``.md``/``.html``/``.json`` file: one article (:func:`unspin.inputs.load`);
* a ``.jsonl`` or ``.jsonl.gz`` corpus: one JSON object per line, named ``PATH:LINE``;
* a ``.warc`` or ``.warc.gz`` web archive: each HTTP 200 HTML response is an article;
* an RSS or Atom feed (``.rss``, ``.atom``, or a ``.xml`` that is a feed): each entry's link
  is fetched, and the entry fills in what the page left out;
* an http(s) URL: a feed as above if it serves one, else a single page.

Every fetch goes through the guarded ``fetcher`` (see :mod:`unspin.fetch`); feedparser only
ever parses bytes it is given and never fetches by itself.
"""

from __future__ import annotations

import codecs
import dataclasses
import functools
import glob
import gzip
import io
import os
import re
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from email.message import Message
from typing import IO, Any

import feedparser
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecordLoader
from warcio.statusandheaders import StatusAndHeadersParser, StatusAndHeadersParserException

from unspin import inputs
from unspin.errors import InputError
from unspin.fetch import Fetched, fetch
from unspin.inputs import Fetcher
from unspin.records import Document, Failure

Item = Document | Failure
# The longest suffixes first, so ".jsonl.gz" is not taken for something else.
READERS = (
    ((".jsonl.gz", ".jsonl"), "jsonl"),
    ((".warc.gz", ".warc"), "warc"),
    ((".rss", ".atom", ".xml"), "feed"),
    (tuple(inputs.SUFFIXES), "file"),
)
SUFFIXES = tuple(suffix for suffixes, _ in READERS for suffix in suffixes)
GLOB = re.compile(r"[*?[]")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/x-rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    }
)
FEED_START = re.compile(rb"\s*(?:(?:<\?[^>]*\?>|<!--.*?-->)\s*)*<(?:rss|feed|rdf:RDF)[\s>]", re.S)
MAX_PAYLOAD = 5_000_000  # bytes of one WARC response, as fetch() allows for one page


@dataclass(frozen=True)
class _Options:
    allow_private: bool
    fetcher: Fetcher

    def load(self, source: str, fetcher: Fetcher | None = None) -> Document:
        return inputs.load(
            source, allow_private=self.allow_private, fetcher=fetcher or self.fetcher
        )


def read(
    paths: Sequence[str], *, allow_private: bool = False, fetcher: Fetcher = fetch
) -> Iterator[Document | Failure]:
    """Yield a Document or a Failure for every article under ``paths``, in order, streaming."""
    for unit in units(paths):
        if isinstance(unit, Failure):
            yield unit
        else:
            yield from read_unit(unit, allow_private=allow_private, fetcher=fetcher)


def units(paths: Sequence[str]) -> Iterator[str | Failure]:
    """The files and URLs ``paths`` name (folders walked, globs expanded), in reading order, and
    a Failure for a path that names nothing. Engines read each unit on its own."""
    for path in paths:
        yield from _units(path)


def read_unit(
    unit: str, *, allow_private: bool = False, fetcher: Fetcher = fetch
) -> Iterator[Document | Failure]:
    """The articles of one unit (a file or URL from :func:`units`)."""
    options = _Options(allow_private, fetcher)
    if inputs.URL.match(unit):
        yield from _read_url(unit, options)
    else:
        yield from _read_file(unit, options)


def jsonl_line(line: bytes, path: str, lineno: int) -> Document | Failure | None:
    """One line of a JSON Lines unit, as :func:`read` makes it (None for a blank line)."""
    if not line.strip():
        return None
    name = f"{path}:{lineno}"
    return _attempt(name, functools.partial(_record, line, name))


def is_jsonl(unit: str) -> bool:
    return not inputs.URL.match(unit) and _reader(unit) == "jsonl"


def _units(path: str) -> Iterator[str | Failure]:
    if inputs.URL.match(path):
        yield path
    elif os.path.isdir(path):
        yield from _walk(path)
    elif os.path.lexists(path):
        yield path
    elif GLOB.search(path):
        matches = sorted(glob.glob(path, recursive=True))
        if not matches:
            yield Failure(path, f"No file matches the pattern {path}.")
        for match in matches:
            yield from _units(match)
    else:
        yield Failure(path, f"{path} does not exist.")


def _walk(folder: str) -> Iterator[str]:
    """The readable files under ``folder``: sorted, each folder's files before its subfolders."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and _reader(name):
                yield os.path.join(root, name)


def _reader(name: str) -> str | None:
    lowered = name.lower()
    return next((kind for suffixes, kind in READERS if lowered.endswith(suffixes)), None)


def _read_file(path: str, options: _Options) -> Iterator[Item]:
    kind = _reader(path)
    if kind == "jsonl":
        yield from _read_jsonl(path)
    elif kind == "warc":
        yield from _read_warc(path)
    elif kind == "feed":
        yield from _read_feed_file(path, options)
    elif kind == "file":
        yield _attempt(path, lambda: options.load(path))
    else:
        known = ", ".join(SUFFIXES)
        yield Failure(path, f"{path} is not a file type unspin reads; it reads {known}.")


def _attempt(origin: str, make: Callable[[], Document]) -> Item:
    try:
        return make()
    except InputError as exc:
        return Failure(origin, str(exc))


# -- JSON Lines ------------------------------------------------------------------------------


def _read_jsonl(path: str) -> Iterator[Item]:
    lineno = 0
    try:
        with _open(path) as lines:
            for lineno, line in enumerate(lines, 1):  # noqa: B007 - read in the except below
                item = jsonl_line(line, path, lineno)
                if item is not None:
                    yield item
    except (OSError, EOFError, zlib.error) as exc:
        where = f"after line {lineno}" if lineno else "at all"
        yield Failure(path, f"{path} cannot be read {where}: {_describe(exc)}.")


def _open(path: str) -> IO[bytes]:
    return gzip.open(path, "rb") if path.lower().endswith(".gz") else open(path, "rb")


def _record(line: bytes, name: str) -> Document:
    try:
        text = line.rstrip(b"\r\n").removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{name} is not UTF-8 text.") from None
    return inputs.from_record(inputs.parse_json(text, name, line=True), name)


# -- web archives ----------------------------------------------------------------------------


def _read_warc(path: str) -> Iterator[Item]:
    """Each HTML response of a WARC file, and a Failure naming the record for each that is broken.

    warcio's iterator reads the record headers; the HTTP headers are parsed here, record by
    record (warcio's own parse raises inside the iterator on a response with no target URI,
    which would end the file). A record whose block ends before its Content-Length (a crawl cut
    off mid-record) is a Failure, not a partial page."""
    number = 0
    try:
        with open(path, "rb") as stream:
            records = ArchiveIterator(stream, no_record_parse=True)
            for number, record in enumerate(records, 1):  # noqa: B007 - read in the except below
                name = f"{path} record {number}"
                item = _warc_article(record, name)
                if isinstance(item, Failure) and name not in item.reason:
                    item = Failure(item.origin, f"{item.reason.removesuffix('.')} ({name}).")
                if item is not None:
                    yield item
    except (OSError, EOFError, zlib.error, ArchiveLoadFailed, ValueError) as exc:
        where = f"past record {number}" if number else "as a WARC archive"
        yield Failure(path, f"{path} cannot be read {where}: {_describe(exc)}.")


_HTTP = StatusAndHeadersParser(ArcWarcRecordLoader.HTTP_TYPES, verify=False)


def _warc_article(record: Any, name: str) -> Item | None:
    """An HTTP 200 HTML response as a Document (or a Failure); None for any other record."""
    if not record.rec_type:  # what warcio makes of bytes cut off inside a record's headers
        return Failure(name, f"{name} has no WARC-Type: the archive is cut off or damaged there.")
    if record.rec_type != "response":
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI")
    if not uri:
        return Failure(name, f"{name} is a response with no WARC-Target-URI.")
    uri = uri.strip("<>")
    if not uri.lower().startswith(("http:", "https:")):
        return None
    try:
        record.http_headers = _HTTP.parse(record.raw_stream)
    except (EOFError, StatusAndHeadersParserException, ValueError) as exc:
        return Failure(uri, f"The archived response for {uri} ({name}) has broken HTTP headers: {_describe(exc)}.")  # fmt: skip
    if record.http_headers.get_statuscode() != "200":
        return None
    media, charset = _content_type(record.http_headers.get_header("Content-Type"))
    if media not in HTML_TYPES:
        return None
    try:
        payload = record.content_stream().read(MAX_PAYLOAD + 1)
    except (OSError, EOFError, zlib.error, ValueError) as exc:
        return Failure(uri, f"The archived response for {uri} ({name}) cannot be read: {_describe(exc)}.")  # fmt: skip
    if len(payload) > MAX_PAYLOAD:
        return Failure(uri, f"The archived page {uri} is larger than {MAX_PAYLOAD:,} bytes.")
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        return Failure(uri, f"The archived response for {uri} ({name}) is cut off: {missing:,} bytes of its record are missing.")  # fmt: skip
    item = _attempt(uri, lambda: inputs.from_bytes(payload, uri, kind="html", charset=charset))
    if isinstance(item, Failure):
        return item
    date = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
    return dataclasses.replace(
        item, url=uri, published=item.published or date, outlet=item.outlet or _host(uri)
    )


def _content_type(header: str | None) -> tuple[str | None, str | None]:
    if not header:
        return None, None
    message = Message()
    message["Content-Type"] = header
    return message.get_content_type(), message.get_content_charset()


def _host(url: str) -> str | None:
    parts = inputs.split_url(url)
    host = parts.hostname if parts else None
    return host.removeprefix("www.") if host else None


# -- feeds and URLs --------------------------------------------------------------------------


def _read_feed_file(path: str, options: _Options) -> Iterator[Item]:
    try:
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError as exc:
        yield Failure(path, f"{path} cannot be read: {_describe(exc)}.")
        return
    feed = _parse_feed(data, {})
    if feed is None:
        yield Failure(path, f"{path} is not an RSS or Atom feed.")
    else:
        yield from _entries(feed, path, options)


def _read_url(url: str, options: _Options) -> Iterator[Item]:
    """A feed's entries if ``url`` serves a feed, else the page; the URL is fetched once."""
    try:
        fetched = options.fetcher(url, allow_private=options.allow_private)
    except InputError as exc:
        yield Failure(url, str(exc))
        return
    feed = feed_of(fetched)
    if feed is not None:
        yield from _entries(feed, url, options)
    else:  # hand ingest the response already fetched, so it reads it as it reads any page
        yield _attempt(url, lambda: options.load(url, fetcher=lambda *_a, **_k: fetched))


def feed_of(fetched: Fetched) -> Any:
    """The feed a fetched answer holds (parsed by feedparser), or None when it is not RSS or
    Atom: then it is a page."""
    return _parse_feed(fetched.body, _feed_headers(fetched)) if _may_be_feed(fetched) else None


def _may_be_feed(fetched: Fetched) -> bool:
    media = fetched.content_type or ""
    if media in FEED_TYPES or (media.endswith("+xml") and media not in HTML_TYPES):
        return True
    return bool(FEED_START.match(fetched.body[:4096].removeprefix(codecs.BOM_UTF8)))


def _feed_headers(fetched: Fetched) -> dict[str, str]:
    """The base for relative links, and the HTTP charset only when the server declared one."""
    headers = {"content-location": fetched.url}
    if fetched.charset:
        headers["content-type"] = f"{fetched.content_type}; charset={fetched.charset}"
    return headers


def _parse_feed(data: bytes, headers: dict[str, str]) -> Any:
    """The parsed feed, or None when ``data`` is not RSS or Atom. A stream: never a fetch."""
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    except (ValueError, LookupError, TypeError):  # e.g. a NUL or stray byte in the XML encoding
        return None  # declaration (found by tests/test_fuzz.py): feedparser's own errors leak
    return parsed if parsed.get("version") else None


def _entries(feed: Any, origin: str, options: _Options) -> Iterator[Item]:
    outlet = _clean(feed.feed.get("title"))
    for entry in feed.entries:
        link = _clean(entry.get("link"))
        if link:
            yield _entry_article(entry, link, outlet, origin, options)


def _entry_article(
    entry: Any, link: str, outlet: str | None, origin: str, options: _Options
) -> Item:
    if not inputs.http_url(link):
        # never a local file: "https:/x" has an http scheme yet would be read as a path
        return Failure(link, f"The entry link {link} in {origin} is not an http or https URL.")
    item = _attempt(link, lambda: options.load(link))
    if isinstance(item, Failure):
        return item
    return dataclasses.replace(
        item,
        url=link,
        title=item.title or _clean(entry.get("title")),
        published=item.published or _entry_date(entry),
        outlet=item.outlet or outlet,
    )


def _entry_date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def _clean(value: object) -> str | None:
    value = " ".join(value.split()) if isinstance(value, str) else None
    return value or None


def _describe(exc: BaseException) -> str:
    return (getattr(exc, "strerror", None) or str(exc) or type(exc).__name__).rstrip(".")
