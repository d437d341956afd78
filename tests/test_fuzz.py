"""Fuzzing every input path (see ``tests/fuzz.py``).

The invariant: a bad document becomes one Failure naming its file (and record), the batch goes
on, and no exception other than the library's own ``InputError`` ever leaves a reader. Through
the CLI: no traceback, ``Error: ...`` and exit 2 for a single input, a recorded failure and exit
1 for a batch that read something. ``make test`` makes 1,000 malformed inputs per input family
(``fuzz.FAMILY``); ``make fuzz`` 10,000 (``UNSPIN_FUZZ=long``); ``benchmarks/fuzz.py`` counts them.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests import fuzz
from unspin import inputs
from unspin.cli import _read_pairs
from unspin.corpus import readers
from unspin.errors import InputError
from unspin.fetch import Fetched
from unspin.records import Document, Failure

SEEDS = fuzz.seeds()
FILE_KINDS = (".txt", ".md", ".html", ".json")
BATCH_KINDS = (".jsonl", ".jsonl.gz", ".warc", ".warc.gz", ".rss")
PAGE = fuzz.page(fuzz.corpus_records(1)[0])


def _fetch_stub(url: str, *, allow_private: bool = False, **_: object) -> Fetched:
    """Feed entries are fetched; here every link answers with one sample page (no network)."""
    return Fetched(url, 200, "text/html", PAGE, "utf-8")


def _sound(doc: Document) -> None:
    assert isinstance(doc.text, str) and doc.text.strip()
    doc.text.encode("utf-8")  # no lone surrogate reaches the store
    assert "\x00" not in doc.text
    for value in (doc.title, doc.id, doc.url, doc.outlet, doc.published):
        if value is not None:
            value.encode("utf-8")
    assert "root:x:" not in doc.text + (doc.title or "")  # no external entity was read


def read_file(data: bytes, suffix: str) -> None:
    try:
        doc = inputs.from_bytes(data, "fuzzed" + suffix)
    except InputError as exc:
        assert "fuzzed" in str(exc), str(exc)  # the message names the file
    else:
        _sound(doc)


def read_batch(tmp: Path, data: bytes, suffix: str) -> list[Document | Failure]:
    path = tmp / ("fuzzed" + suffix)
    path.write_bytes(data)
    items = list(readers.read([str(path)], fetcher=_fetch_stub))
    for item in items:
        assert isinstance(item, Document | Failure)
        if isinstance(item, Failure):
            assert item.origin and item.reason.endswith(".")
            if suffix != ".rss":  # a feed entry's failure names the entry's link instead
                assert "fuzzed" in item.origin + item.reason
        else:
            _sound(item)
    return items


def read_pairs(tmp: Path, data: bytes) -> None:
    path = tmp / "pairs.jsonl"
    path.write_bytes(data)
    for pid, src, rw, error in _read_pairs(str(path)):
        assert (error is None) == (src is not None and rw is not None)
        if error is not None:
            assert str(path) in error
        json.dumps(pid)  # the id goes back out as JSON


# -- random mutations of real documents ---------------------------------------------------------


@pytest.mark.parametrize("suffix", FILE_KINDS)
@fuzz.share(0.2)  # four kinds and the random bytes: the files family
@given(data=st.data())
def test_mutated_files_read_or_fail_cleanly(suffix, data):
    read_file(data.draw(fuzz.mutated(SEEDS[suffix], suffix)), suffix)


@pytest.mark.parametrize("suffix", [s for s in BATCH_KINDS if s != ".rss"])
@fuzz.share(0.5)  # plain and gzipped: the JSONL family, and the WARC family
@given(data=st.data())
def test_mutated_batches_read_or_fail_cleanly(suffix, data, tmp_path_factory):
    read_batch(tmp_path_factory.mktemp("fuzz"), data.draw(fuzz.mutated(SEEDS[suffix], suffix)), suffix)  # fmt: skip


@fuzz.share(1.0)
@given(data=st.data())
def test_mutated_feeds_read_or_fail_cleanly(data, tmp_path_factory):
    read_batch(tmp_path_factory.mktemp("fuzz"), data.draw(fuzz.mutated(SEEDS[".rss"], ".rss")), ".rss")  # fmt: skip


@fuzz.share(1.0)
@given(data=st.data())
def test_mutated_pairs_files_read_or_fail_cleanly(data, tmp_path_factory):
    seed = fuzz.pairs(fuzz.corpus_records())
    read_pairs(tmp_path_factory.mktemp("fuzz"), data.draw(fuzz.mutated(seed, ".pairs")))


@fuzz.share(0.2)
@given(st.binary(max_size=2048), st.sampled_from(FILE_KINDS))
def test_random_bytes_as_a_file(blob, suffix):
    read_file(blob, suffix)


# -- crafted hostile documents --------------------------------------------------------------


CRAFTED = [(s, name, blob) for s in (*FILE_KINDS, *BATCH_KINDS)
           for name, blob in fuzz.crafted(s, SEEDS[s]).items()]  # fmt: skip


@pytest.mark.parametrize(("suffix", "name", "blob"), CRAFTED, ids=[f"{s}-{n}" for s, n, _ in CRAFTED])  # fmt: skip
def test_crafted(suffix, name, blob, tmp_path):
    if suffix in FILE_KINDS:
        read_file(blob, suffix)
    else:
        read_batch(tmp_path, blob, suffix)


def test_crafted_pairs(tmp_path):
    read_pairs(tmp_path, fuzz.crafted(".pairs", b"")["json-rows"])


# -- every boundary, not a sample ---------------------------------------------------------------


@pytest.mark.parametrize("suffix", BATCH_KINDS)
def test_truncation_at_every_record_boundary(suffix, tmp_path):
    seed = SEEDS[suffix]
    whole = [i for i in read_batch(tmp_path, seed, suffix) if isinstance(i, Document)]
    for cut in fuzz.boundaries(suffix, seed):
        items = read_batch(tmp_path, seed[:cut], suffix)
        docs = [i for i in items if isinstance(i, Document)]
        # what was read is a prefix of the whole file's articles: nothing invented or reordered
        assert [d.text for d in docs] == [d.text for d in whole[: len(docs)]]


# -- regression tests: the findings, minimised ------------------------------------------------


def test_warc_response_without_target_uri_is_one_failure_and_the_rest_is_read(tmp_path):
    recs = fuzz.corpus_records(2)
    good = fuzz.warc(recs, gz=True)
    bare = fuzz._bare_warc(gz=True)
    items = read_batch(tmp_path, good + bare, ".warc.gz")
    docs = [i for i in items if isinstance(i, Document)]
    fails = [i for i in items if isinstance(i, Failure)]
    assert len(docs) == 2
    assert [f.origin for f in fails] == [f"{tmp_path / 'fuzzed.warc.gz'} record 3"]
    assert "no WARC-Target-URI" in fails[0].reason


@pytest.mark.parametrize("gz", [False, True])
def test_warc_record_cut_mid_block_is_a_failure_not_a_partial_page(gz, tmp_path):
    recs = fuzz.corpus_records(3)
    data = fuzz.warc(recs, gz=gz)
    items = read_batch(tmp_path, data[: len(data) - 200], ".warc.gz" if gz else ".warc")
    assert sum(isinstance(i, Document) for i in items) == 2
    (fail,) = [i for i in items if isinstance(i, Failure)]
    assert "record 3" in fail.origin + fail.reason


@pytest.mark.parametrize(
    "line",
    [b'{"text": ' + b"9" * 5000 + b"}", b'{"id": ' + b"9" * 5000 + b', "text": "x"}',
     b"[" * 100000 + b"]" * 100000, b'{"text": "a \\ud800 b"}', b'{"text": "a \\u0000 b"}'],
    ids=["huge-number-text", "huge-number-id", "deep-nesting", "lone-surrogate", "nul"],
)  # fmt: skip
def test_hostile_json_line_is_one_failure(line, tmp_path):
    good = json.dumps({"id": "a", "text": "A fire broke out on the ferry."}).encode()
    items = read_batch(tmp_path, good + b"\n" + line + b"\n", ".jsonl")
    assert [type(i).__name__ for i in items] == ["Document", "Failure"]
    assert items[1].origin.endswith("fuzzed.jsonl:2")


def test_utf16_without_bom_is_read():
    doc = inputs.from_bytes(SEEDS[".html"].decode().encode("utf-16-le"), "page.html")
    assert "Harrow" in doc.text or doc.text.strip()


def test_billion_laughs_is_not_expanded(tmp_path):
    items = read_batch(tmp_path, fuzz.LAUGHS, ".rss")
    assert all(len(getattr(i, "title", "") or "") < 10_000 for i in items)


# -- through the CLI: no traceback, the right exit code ---------------------------------------


def _unspin(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "UNSPIN_DEBUG"}
    return subprocess.run([sys.executable, "-m", "unspin.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip


def test_cli_batch_of_hostile_files_records_each_failure_and_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    good = SEEDS[".jsonl"]
    (folder / "a-good.jsonl").write_bytes(good)
    bad = {
        "b.warc.gz": fuzz.warc(fuzz.corpus_records(2), gz=True) + fuzz._bare_warc(gz=True),
        "c.jsonl": fuzz.crafted(".jsonl", good)["json-rows"],
        "d.jsonl.gz": gzip.compress(good)[:-20],
        "e.html": b"\x00\x01\x02binary",
        "f.rss": fuzz.EXTERNAL,
    }
    for name, blob in bad.items():
        (folder / name).write_bytes(blob)
    run = _unspin("ingest", str(folder), "--db", str(tmp_path / "x.db"), cwd=tmp_path)
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 1, run.stderr  # some read, some failed
    listed = _unspin("failures", "--db", str(tmp_path / "x.db"), cwd=tmp_path).stdout
    for name in ("b.warc.gz record 3", "c.jsonl:1", "d.jsonl.gz", "e.html"):
        assert name in listed, listed


@pytest.mark.parametrize(
    ("name", "blob"),
    [("huge.json", b'{"text": ' + b"9" * 5000 + b"}"), ("deep.json", b"[" * 100000),
     ("nul.txt", b"a\x00b" * 100), ("empty.html", b""), ("latin.md", "caf\xe9".encode("latin-1"))],
)  # fmt: skip
def test_cli_single_bad_file_is_one_error_line_exit_2(name, blob, tmp_path):
    (tmp_path / name).write_bytes(blob)
    (tmp_path / "ok.txt").write_text("A fire broke out on the ferry on Tuesday.\n")
    run = _unspin("compare", name, "ok.txt", cwd=tmp_path)
    if name == "latin.md":  # not an error: read as windows-1252
        assert run.returncode in (0, 1) and "Traceback" not in run.stderr
        return
    assert run.returncode == 2, (run.returncode, run.stderr)
    assert run.stderr.startswith("Error: ") and "Traceback" not in run.stderr
    assert name in run.stderr


def test_cli_pairs_with_hostile_lines_fails_each_and_goes_on(tmp_path):
    path = tmp_path / "pairs.jsonl"
    ok = json.dumps({"id": "ok", "source": "A fire broke out.", "rewrite": "A fire broke out."})
    path.write_bytes(b"\xff\xfe bad utf-8\n" + b"[" * 100000 + b"\n" + ok.encode() + b"\n")
    run = _unspin("compare", "--pairs", str(path), "--format", "jsonl", cwd=tmp_path)
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 2
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert [("error" in r) for r in rows] == [True, True, False]


def test_feed_link_that_is_no_url_is_never_read_as_a_file(tmp_path, monkeypatch):
    secret = tmp_path / "https:" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("A private note that must never be ingested.\n")
    monkeypatch.chdir(tmp_path)
    blob = fuzz.feed([{"id": "x", "title": "t"}], base="https:/").replace(b"https:/x", b"https:/secret.txt")  # fmt: skip
    items = read_batch(tmp_path, blob, ".rss")
    assert items and all(isinstance(i, Failure) for i in items)
    assert "not an http or https URL" in items[0].reason


@pytest.mark.parametrize("link", ["https://[news.example/a", "https://news.example:port/a"])
def test_feed_link_that_does_not_parse_is_one_failure(link, tmp_path):
    """Found by the feeds family at 1,000 inputs: urlsplit raised ValueError ("Invalid IPv6
    URL") out of the reader."""
    blob = fuzz.feed(fuzz.corpus_records(2))
    item = blob.index(b"<item>")  # the first entry's link, not the channel's
    blob = blob[:item] + blob[item:].replace(b"https://news.example/", link.encode()[:-1], 1)
    items = read_batch(tmp_path, blob, ".rss")
    failed = [i for i in items if isinstance(i, Failure)]
    assert len(failed) == 1 and "not an http or https URL" in failed[0].reason
    assert any(isinstance(i, Document) for i in items)  # the good entry is still read


def test_a_stored_url_that_does_not_parse_is_inert_text_in_reports():
    from unspin.report.html import _url

    assert _url("https://[news.example/a") == "https://[news.example/a"
    assert _url("https://news.example/a").startswith("<a href=")
