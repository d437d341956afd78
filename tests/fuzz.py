"""The fuzz harness's parts: seed documents of every input kind, built from the shipped samples,
and the ways a hostile or broken copy of one is made.

``tests/test_fuzz.py`` runs them through every reader. ``make test`` runs a bounded number of
examples (Hypothesis profile ``ci``); ``make fuzz`` runs the ``long`` profile. A finding becomes
a regression test in ``test_fuzz.py`` with its minimised input.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"

settings.register_profile(
    "ci", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck)
)
PROFILE = os.environ.get("UNSPIN_FUZZ", "ci")
settings.load_profile(PROFILE)

# Malformed inputs per input family (issue 23: at least 1,000 in `make test`, 10,000 in `make
# fuzz`). The families: files (.txt .md .html .json and random bytes), JSONL (.jsonl and
# .jsonl.gz), WARC (.warc and .warc.gz), feeds (.rss), and the compare --pairs file. The crafted
# documents and the truncations at every record boundary come on top.
FAMILY = {"ci": 1_000, "long": 10_000}.get(PROFILE, 1_000)


def share(fraction: float) -> settings:
    """The settings of a test that makes ``fraction`` of its family's malformed inputs."""
    return settings(max_examples=max(1, round(FAMILY * fraction)))


# -- seeds: one real document of every kind ---------------------------------------------------


def corpus_records(n: int = 4) -> list[dict]:
    lines = (SAMPLES / "corpus" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[:n]]


def page(record: dict) -> bytes:
    paras = "".join(f"<p>{p}</p>" for p in record["text"].split("\n\n"))
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{record.get('title', '')}"
        f"</title></head><body><article><h1>{record.get('title', '')}</h1>{paras}</article>"
        "</body></html>"
    ).encode()


def jsonl(records: list[dict]) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in records)


def warc(records: list[dict], *, gz: bool) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for r in records:
        body = page(r)
        http = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
            protocol="HTTP/1.1",
        )
        rec = writer.create_warc_record(
            r.get("url") or f"https://news.example/{r['id']}",
            "response",
            payload=io.BytesIO(body),
            http_headers=http,
            warc_headers_dict={"WARC-Date": "2024-03-15T10:00:00Z"},
        )
        writer.write_record(rec)
    return out.getvalue()


def feed(records: list[dict], base: str = "https://news.example/") -> bytes:
    items = "".join(
        f"<item><title>{r.get('title', '')}</title><link>{base}{r['id']}</link>"
        f"<pubDate>Fri, 15 Mar 2024 10:00:00 GMT</pubDate></item>"
        for r in records
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>Example News</title><link>{base}</link>{items}</channel></rss>"
    ).encode()


def pairs(records: list[dict]) -> bytes:
    return b"".join(
        json.dumps({"id": i, "source": a["text"], "rewrite": b["text"]}).encode() + b"\n"
        for i, (a, b) in enumerate(zip(records, records[1:], strict=False))
    )


def seeds() -> dict[str, bytes]:
    """Suffix -> a good document of that kind."""
    recs = corpus_records()
    port = SAMPLES / "port-strike"
    return {
        ".txt": (port / "source.txt").read_bytes(),
        ".html": (port / "farm-spin.html").read_bytes(),
        ".json": (port / "other-outlet.json").read_bytes(),
        ".md": (port / "paraphrase.txt").read_bytes(),
        ".jsonl": jsonl(recs),
        ".jsonl.gz": gzip.compress(jsonl(recs), mtime=0),
        ".warc": warc(recs, gz=False),
        ".warc.gz": warc(recs, gz=True),
        ".rss": feed(recs),
    }


# -- hostile documents, made on purpose ---------------------------------------------------------

LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "lollollollollollollollollollol">'
    + b"".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(8)
    )
    + b']><rss version="2.0"><channel><title>&i;</title><item><title>&i;</title>'
    b"<link>https://news.example/laughs</link><description>&i;</description></item>"
    b"</channel></rss>"
)
EXTERNAL = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<rss version="2.0"><channel><title>&x;</title><item><title>&x;</title>'
    b"<link>https://news.example/x</link></item></channel></rss>"
)


def crafted(suffix: str, seed: bytes) -> dict[str, bytes]:
    """Named hostile variants of ``seed`` that random mutation would rarely reach."""
    text = seed.decode("utf-8", "replace")
    out = {
        "utf16-bom": text.encode("utf-16"),
        "utf16-le-no-bom": text.encode("utf-16-le"),
        "utf16-be-no-bom": text.encode("utf-16-be"),
        "latin1-inside-utf8": seed[: len(seed) // 2] + "café déjà".encode("latin-1") + seed[len(seed) // 2 :],
        "nul-bytes": seed[:100] + b"\x00" * 50 + seed[100:],
        "giant-line": seed + b"x" * 2_000_000 + b"\n",
        "empty": b"",
        "only-whitespace": b"  \n\t\n",
    }  # fmt: skip
    if suffix in (".html", ".rss", ".warc", ".txt", ".md"):
        out["deep-markup"] = b"<div>" * 20000 + b"text" + b"</div>" * 20000
    if suffix == ".rss":
        out["billion-laughs"] = LAUGHS
        out["external-entity"] = EXTERNAL
    if suffix in (".json", ".jsonl", ".jsonl.gz", ".pairs"):
        rows = [
            b'{"text": ' + b"9" * 5000 + b"}",
            b'{"id": ' + b"9" * 5000 + b', "text": "A fire."}',
            b"[" * 100000 + b"]" * 100000,
            b'{"text": "lone \\ud800 surrogate"}',
            b'{"text": "nul \\u0000 inside"}',
            b'{"text": ["not", "a", "string"]}',
            b'{"text": "A fire.", "title": 7, "published": {"x": 1}}',
            b'{"id": "dup", "text": "A fire broke out on the ferry."}',
            b'{"id": "dup", "text": "A fire broke out on the ferry on Tuesday."}',
            b'{"text": "Only text, no optional field at all."}',
            b"1e999999",
            b'"just a string"',
            b"null",
        ]
        body = b"\n".join(rows) + b"\n"
        out["json-rows"] = gzip.compress(body, mtime=0) if suffix.endswith(".gz") else body
    if suffix.startswith(".warc"):
        out["missing-headers"] = _bare_warc(gz=suffix.endswith(".gz"))
    return out


def _bare_warc(*, gz: bool) -> bytes:
    """Records that lack every optional header: no target URI, no date, no content type."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for kind in ("response", "resource", "metadata", "request"):
        first = b"GET / HTTP/1.1" if kind == "request" else b"HTTP/1.1 200 OK"
        payload = io.BytesIO(first + b"\r\n\r\nhi")
        rec = writer.create_warc_record("https://bare.example/", kind, payload=payload)
        for header in ("WARC-Target-URI", "WARC-Date", "Content-Type"):
            rec.rec_headers.remove_header(header)
        writer.write_record(rec)
    return out.getvalue()


# -- random mutation ----------------------------------------------------------------------------


def boundaries(suffix: str, data: bytes) -> list[int]:
    """Where the records of ``data`` end: lines, or WARC records, or gzip members."""
    if suffix.endswith(".gz") or suffix in (".warc",):
        marks = [i for i in range(len(data)) if data.startswith(b"\x1f\x8b", i)]
        marks += [i for i in range(len(data)) if data.startswith(b"WARC/1", i)]
    else:
        marks = [i + 1 for i, b in enumerate(data) if b == 0x0A]
    return sorted(set(marks) | {0, len(data)})


@st.composite
def mutated(draw: st.DrawFn, data: bytes, suffix: str) -> bytes:
    """``data`` cut at a record boundary or a random byte, with bytes flipped or inserted."""
    cut_at = draw(st.sampled_from(["none", "boundary", "random"]))
    if cut_at == "boundary":
        data = data[: draw(st.sampled_from(boundaries(suffix, data)))]
    elif cut_at == "random":
        data = data[: draw(st.integers(0, len(data)))]
    buf = bytearray(data)
    for _ in range(draw(st.integers(0, 4))):
        if not buf:
            break
        where = draw(st.integers(0, len(buf) - 1))
        if draw(st.booleans()):
            buf[where] ^= 1 << draw(st.integers(0, 7))
        else:
            buf[where:where] = draw(st.binary(min_size=1, max_size=8))
    return bytes(buf)
