"""Read one input (a file, standard input, a URL or a string) into a :class:`Document`.

The text of a Document is the text *as read*, and every offset later stages report is into it:

* ``.txt``/``.md``/``.json`` input: the decoded text with newlines normalised to ``"\\n"``,
  nothing else changed (for JSON, the ``text`` field, newlines normalised likewise);
* HTML: the main text trafilatura extracts, one paragraph per block, blocks separated by a
  blank line (so a headline without a full stop never runs into the first sentence);
* :func:`load_text`: the given string exactly, not even newlines touched.

Decoding honours a byte order mark, then the declared charset (HTTP header, HTML ``<meta>``),
then strict UTF-8, then charset-normalizer's guess. Every failure is an
:class:`~unspin.errors.InputError` whose message names the input; the CLI adds ``Error:``.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import re
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import charset_normalizer
import trafilatura

from unspin.errors import ConfigError, InputError
from unspin.fetch import Fetched, fetch
from unspin.records import Document
from unspin.urls import URL, http_url, split_url  # noqa: F401 - URL and http_url for readers

# fmt: off
KINDS = ("txt", "md", "html", "json")
SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
            ".html": "html", ".htm": "html", ".xhtml": "html", ".json": "json"}
CONTENT_TYPES = {"text/plain": "txt", "text/markdown": "md", "text/x-markdown": "md",
                 "text/html": "html", "application/xhtml+xml": "html", "application/json": "json"}
UNTYPED = ("application/octet-stream", "binary/octet-stream")
MAGIC = ((b"%PDF-", "a PDF document"), (b"\x89PNG\r\n\x1a\n", "a PNG image"),
         (b"\xff\xd8\xff", "a JPEG image"), (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"),
         (b"PK\x03\x04", "a ZIP archive (or a Word, OpenDocument or EPUB file)"),
         (b"\x1f\x8b", "a gzip archive"))
BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),  # before UTF-16
        (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"))
# fmt: on
JSON_FIELDS = ("title", "url", "published", "outlet", "author", "id")
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
HTML_START = re.compile(
    r"(?:<\?xml[^>]*>\s*)?(?:<!--|<(?:!doctype\s+html|html|head|body|script|iframe|h1|div"
    r"|font|table|a|style|title|b|br|p)[\s/>])",
    re.I,
)
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

Fetcher = Callable[..., Fetched]


def load(source: str, *, allow_private: bool = False, fetcher: Fetcher = fetch) -> Document:
    """Read a file path, ``"-"`` (standard input) or an http(s) URL into a Document."""
    if source == "-":
        return from_bytes(_read_stdin(), "<stdin>")
    if URL.match(source):
        return _load_url(source, allow_private, fetcher)
    return from_bytes(_read_file(source), source)


def load_text(text: str, name: str = "<text>", **meta: str | None) -> Document:
    """A Document holding ``text`` exactly as given; ``meta`` fills title, url, published..."""
    _require_text(text, name)
    return Document(text=text, name=name, **meta)


def from_bytes(
    data: bytes, name: str, *, kind: str | None = None, charset: str | None = None
) -> Document:
    """Decode and parse raw input; ``kind`` (txt, md, html, json) wins over name and sniffing."""
    _refuse_binary(data, name)
    kind = _kind(name, kind)
    text = _decode(data, name, charset, html=kind in (None, "html"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _require_text(text, name)
    kind = kind or _sniff(text)
    if kind == "html":
        return _from_html(text, name)
    if kind == "json":
        return _from_json(text, name)
    return Document(text=text, name=name)


# -- reading ---------------------------------------------------------------------------------


def _read_file(source: str) -> bytes:
    if not source:
        raise InputError("No input was named: the file name is empty.")
    path = Path(source)
    try:
        if path.is_dir():
            raise InputError(f"{source} is a directory, not a file.")
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{source} does not exist.") from None
    except PermissionError:
        raise InputError(f"{source} cannot be read: permission denied.") from None
    except OSError as exc:
        raise InputError(f"{source} cannot be read: {exc.strerror or exc}.") from None
    except ValueError:  # a NUL in the name
        raise InputError(f"{source!r} is not a file name: it holds a NUL character.") from None


def _read_stdin() -> bytes:
    stream = sys.stdin
    if stream is None:
        raise InputError("There is no standard input to read.")
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            return buffer.read()
        return stream.read().encode("utf-8", "surrogateescape")
    except (OSError, ValueError) as exc:
        raise InputError(f"Standard input cannot be read: {exc}.") from None


def _load_url(url: str, allow_private: bool, fetcher: Fetcher) -> Document:
    fetched = fetcher(url, allow_private=allow_private)
    media = fetched.content_type
    kind = CONTENT_TYPES.get(media or "")
    if kind is None and media and media.endswith("+json"):
        kind = "json"
    if kind is None and media and not media.startswith("text/") and media not in UNTYPED:
        _refuse_binary(fetched.body, url)
        raise InputError(f"{url} serves {media}, which unspin cannot read.")
    doc = from_bytes(fetched.body, url, kind=kind, charset=fetched.charset)
    return doc if doc.url else dataclasses.replace(doc, url=fetched.url)


# -- kind and encoding -----------------------------------------------------------------------


def _kind(name: str, kind: str | None) -> str | None:
    """The declared kind, else the one the name's suffix says; None means sniff the text."""
    if kind is not None:
        kind = {"htm": "html", "text": "txt", "markdown": "md"}.get(kind.lower(), kind.lower())
        if kind not in KINDS:
            raise ConfigError(
                f"Unknown input kind {kind!r} for {name}; use one of {', '.join(KINDS)}."
            )
        return kind
    if URL.match(name):
        parts = split_url(name)
        return SUFFIXES.get(Path(parts.path).suffix.lower()) if parts else None
    if name.startswith("<"):
        return None
    suffix = Path(name).suffix.lower()
    if suffix and suffix not in SUFFIXES:
        known = ", ".join(SUFFIXES)
        raise InputError(f"{name} has an unsupported file type ({suffix}); unspin reads {known}.")
    return SUFFIXES.get(suffix)


def _sniff(text: str) -> str:
    head = text.lstrip()[:1024]
    if HTML_START.match(head):
        return "html"
    if head.startswith("{") and text.rstrip().endswith("}"):
        return "json"
    return "txt"


def _refuse_binary(data: bytes, name: str) -> None:
    for magic, what in MAGIC:
        if data.startswith(magic):
            raise InputError(f"{name} is {what}, not text.")


def _decode(data: bytes, name: str, declared: str | None, html: bool) -> str:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], encoding)
            if text is None:
                raise InputError(
                    f"{name} starts with a {encoding} byte order mark but is not {encoding} text."
                )
            return _textual(text, name)
    if b"\x00" in data:
        text = _utf16(data)
        if text is None:
            raise InputError(f"{name} looks like binary data (it contains NUL bytes), not text.")
        return _textual(text, name)
    for label in (declared, _meta_charset(data) if html else None):
        text = _declared(data, label) if label else None
        if text is not None:
            return _textual(text, name)
    text = _strict(data, "utf-8")
    return _textual(text if text is not None else _detect(data, name), name)


def _utf16(data: bytes) -> str | None:
    """UTF-16 text without a byte order mark: mostly-Latin text has a NUL in every other byte,
    the high (odd) ones in little-endian, the even ones in big-endian."""
    if len(data) < 8 or len(data) % 2:
        return None
    for zeros, encoding in ((data[1::2], "utf-16-le"), (data[0::2], "utf-16-be")):
        if zeros.count(0) >= 0.9 * len(zeros):
            return _strict(data, encoding)
    return None


def _meta_charset(data: bytes) -> str | None:
    match = META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _declared(data: bytes, label: str) -> str | None:
    """Decode with a declared charset; latin-1 and ASCII mean windows-1252, as in browsers."""
    try:
        encoding = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    for candidate in ("cp1252", encoding) if encoding in ("iso8859-1", "ascii") else (encoding,):
        text = _strict(data, candidate)
        if text is not None:
            return text
    return None


def _detect(data: bytes, name: str) -> str:
    """charset-normalizer's best guess, preferring windows-1252 among equally good ones."""
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise InputError(f"{name} looks like binary data (no text encoding fits it), not text.")
    tied = [m.encoding for m in matches if m.chaos <= best.chaos]
    text = _strict(data, "cp1252") if "cp1252" in tied else None
    return text if text is not None else str(best)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _textual(text: str, name: str) -> str:
    """Refuse decoded text that is mostly control characters: binary that happened to decode."""
    if "\x00" in text or len(CONTROL.findall(text)) > max(2, len(text) // 100):
        raise InputError(
            f"{name} looks like binary data (it is full of control characters), not text."
        )
    return text


def _require_text(text: str, name: str) -> None:
    if not text:
        raise InputError(f"{name} is empty.")
    if not text.strip():
        raise InputError(f"{name} contains only whitespace.")


# -- parsing ---------------------------------------------------------------------------------


def _from_html(html: str, name: str) -> Document:
    text = _extract(html)
    if not text:
        raise InputError(f"No article text could be extracted from the HTML in {name}.")
    with warnings.catch_warnings():  # a page's odd date ("09:12:00X") warns from dateutil
        warnings.simplefilter("ignore")
        meta = trafilatura.extract_metadata(html)  # url: the page's own (canonical, og:url)
    return Document(
        text=text,
        name=name,
        title=_clean(meta.title),
        url=_clean(meta.url),
        published=_clean(meta.date),
        outlet=_clean(meta.sitename) or _clean(meta.hostname),
        author=_clean(meta.author),
    )


def _extract(html: str) -> str | None:
    """Main text, recall-leaning (boilerplate is judged later); keep the run with most blocks."""
    options = dict(output_format="txt", include_comments=False, include_tables=True)
    runs = (
        trafilatura.extract(html, favor_recall=True, **options),
        trafilatura.extract(html, **options),
    )
    blocks = [[line.strip() for line in run.split("\n") if line.strip()] for run in runs if run]
    best = max(blocks, key=lambda b: (len(b), sum(map(len, b))), default=None)
    return "\n\n".join(best) if best else None


def _from_json(text: str, name: str) -> Document:
    return from_record(parse_json(text, name), name)


def parse_json(text: str, name: str, *, line: bool = False) -> object:
    """``json.loads``, with every way a hostile text can make it fail an InputError naming
    ``name``: bad syntax, an integer of more digits than Python converts, nesting deeper than
    the parser recurses. ``line``: ``text`` is one line of a file, so an error gives its column."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"column {exc.colno}" if line else f"line {exc.lineno} column {exc.colno}"
        raise InputError(f"{name} is not valid JSON: {exc.msg} at {where}.") from None
    except RecursionError:
        raise InputError(f"{name} is not valid JSON here: it nests too deeply.") from None
    except ValueError:  # "Exceeds the limit (4300 digits) for integer string conversion"
        limit = f"{sys.get_int_max_str_digits():,}"
        raise InputError(f"{name} holds a number of more than {limit} digits.") from None


def from_record(obj: object, name: str) -> Document:
    """A Document from a parsed JSON object (a ``.json`` file, or one line of a JSONL corpus)."""
    if not isinstance(obj, dict):
        raise InputError(
            f'{name} must hold a JSON object with a "text" field, not {_json_type(obj)}.'
        )
    if isinstance(obj.get("id"), int) and not isinstance(obj.get("id"), bool):
        obj = {**obj, "id": str(obj["id"])}
    body = obj.get("text")
    if not isinstance(body, str):
        raise InputError(f'{name} has no "text" field holding a string.')
    fields = {}
    for key in JSON_FIELDS:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(
                f'The "{key}" field of {name} must be a string, not {_json_type(value)}.'
            )
        fields[key] = _clean(value)
        if fields[key] is not None:
            _encodable(fields[key], f'The "{key}" field of {name}')
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    _require_text(body, f'The "text" field of {name}')
    _encodable(body, f'The "text" field of {name}')
    return Document(text=_textual(body, f'The "text" field of {name}'), name=name, **fields)


def _encodable(text: str, name: str) -> None:
    """Refuse a lone surrogate (JSON's ``"\\ud800"``): no UTF-8 text, file or database holds it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(
            f"{name} holds a lone surrogate (half of a UTF-16 pair), not text."
        ) from None


def _json_type(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    names = {
        dict: "an object",
        list: "an array",
        str: "a string",
        int: "a number",
        float: "a number",
    }
    return names.get(type(value), type(value).__name__)


def _clean(value: str | None) -> str | None:
    value = value.strip() if isinstance(value, str) else None
    return value or None
