"""Corpus mode end to end on the sample corpus: ingest, store, cluster, provenance, read back."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspin import corpus
from unspin.corpus import readers
from unspin.errors import StoreError
from unspin.records import Document, Failure
from unspin.store import VERSION, Store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "corpus" / "articles.jsonl"


def _rows() -> list[dict]:
    return [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]


def _docs(rows: list[dict]) -> list[Document]:
    fields = ("title", "url", "published", "outlet", "id")
    return [Document(text=r["text"], name=r["id"], **{k: r.get(k) for k in fields}) for r in rows]


def _tree(rows: list[dict]) -> dict[str, tuple[str | None, str]]:
    return {a["id"]: (a["derived_from"], a["relation"]) for s in rows for a in s["articles"]}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("corpus") / "c.db"
    with Store.open(db) as store:
        corpus.run(store, readers.read([str(SAMPLE)]))
    return db


def test_sample_corpus_stories_and_provenance(built):
    with Store.open(built) as store:
        rows = corpus.stories(store)
    assert [len(s["articles"]) for s in rows] == [5, 2]
    tree = _tree(rows)
    assert tree["wire-hull-strike"] == (None, "original")
    assert tree["farm-copy-1"] == ("wire-hull-strike", "copy")
    assert tree["farm-spin-1"] == ("wire-hull-strike", "rewrite")
    assert tree["ferry-fire-wire"] == (None, "original")
    assert tree["ferry-fire-farm"] == ("ferry-fire-wire", "rewrite")


def test_rewrites_changes_are_stored(built):
    with Store.open(built) as store:
        story = corpus.show(store, "ferry-fire-farm")
        kinds = {
            (c["kind"], c["severity"]) for a in story["articles"] for c in a.get("changes", [])
        }
        assert ("negation", "high") in kinds and ("date", "high") in kinds
        farm = next(a for a in story["articles"] if a["id"] == "ferry-fire-farm")
        assert farm["relation"] == "rewrite" and farm["derived_from"] == "ferry-fire-wire"
        n = store.scalar("SELECT COUNT(*) FROM comparisons")
        assert n == sum(
            1 for s in corpus.stories(store) for a in s["articles"] if a["derived_from"]
        )


def test_reingest_is_idempotent_and_new_versions_are_kept(tmp_path):
    rows = _rows()
    with Store.open(tmp_path / "c.db") as store:
        first = corpus.ingest(store, _docs(rows), workers=1)
        again = corpus.ingest(store, _docs(rows), workers=1)
        assert (first.added, again.added, again.unchanged) == (len(rows), 0, len(rows))
        changed = dict(rows[0], text=rows[0]["text"] + "\n\nUpdate: talks resume on Friday.")
        result = corpus.ingest(store, _docs([changed]), workers=1)
        assert result.added == 1
        versions = store.query(
            "SELECT ext_id, version FROM articles WHERE url = ? ORDER BY version", (rows[0]["url"],)
        )
        assert [(r["ext_id"], r["version"]) for r in versions] == [
            ("wire-hull-strike", 1), ("wire-hull-strike@v2", 2)]  # fmt: skip


def test_failures_are_recorded_and_the_batch_goes_on(tmp_path):
    bad = [Failure("feed.xml:3", "feed.xml line 3 is not valid JSON.")]
    with Store.open(tmp_path / "c.db") as store:
        result = corpus.ingest(store, [*_docs(_rows()[:2]), *bad], workers=1)
        assert (result.added, result.failed) == (2, 1)
        assert corpus.failures(store)[0]["origin"] == "feed.xml:3"


def test_incremental_cluster_matches_one_shot(tmp_path, built):
    rows = _rows()
    with Store.open(tmp_path / "inc.db") as store:
        corpus.ingest(store, _docs(rows[:3]), workers=1)
        corpus.cluster(store)
        corpus.provenance(store, compare=False)
        before = {a["id"]: s["story"] for s in corpus.stories(store) for a in s["articles"]}
        corpus.ingest(store, _docs(rows[3:]), workers=1)
        placed = corpus.cluster(store)
        assert placed.placed == len(rows) - 3  # only the new ones were placed
        corpus.provenance(store, compare=False)
        after = corpus.stories(store)
    with Store.open(built) as store:
        one_shot = corpus.stories(store)
    assert _tree(after) == _tree(one_shot)
    assert all(
        {a["id"]: s["story"] for s in after for a in s["articles"]}[k] == v
        for k, v in before.items()
    )


def test_store_refuses_newer_schema_and_non_databases(tmp_path):
    db = tmp_path / "c.db"
    Store.open(db).close()
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version={VERSION + 1}")
    con.close()
    with pytest.raises(StoreError, match="newer unspin"):
        Store.open(db)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="junk.db"):
        Store.open(junk)
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "missing.db", create=False)


def _big_jsonl(path: Path, n: int) -> None:
    rows = _rows()
    with path.open("w", encoding="utf-8") as f:
        for k in range(n):
            r = rows[k % len(rows)]
            f.write(
                json.dumps(
                    dict(
                        r,
                        id=f"{r['id']}-{k}",
                        url=f"{r['url']}?k={k}",
                        text=f"{r['text']}\n\nItem {k}.",
                    )
                )
                + "\n"
            )


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=400).filter(
        str.strip
    ),
    title=st.one_of(st.none(), st.text(max_size=40)),
)
def test_store_round_trip_keeps_text_and_offsets(tmp_path, text, title):
    doc = Document(text=text, name="n", title=title or None, url="https://example.org/a", id="a1")
    with Store.open(tmp_path / "rt.db") as store:
        corpus.ingest(store, [doc], workers=1)
        aid = corpus.article_id(doc)
        back = corpus.document(store, aid)
        assert (back.text, back.title, back.url, back.id) == (doc.text, doc.title, doc.url, "a1")
        assert store.scalar("SELECT COUNT(*) FROM sentences WHERE article = ?", (aid,)) == 0
        split = corpus.sentences(store, aid, back.text)  # split when first needed, then stored
        assert split and all(s.text == text[s.start : s.end] for s in split)
        assert corpus.sentences(store, aid, back.text) == split
        store.conn.execute("DELETE FROM sentences")
        store.conn.execute("DELETE FROM sketches")
        store.conn.execute("DELETE FROM bands")
        store.conn.execute("DELETE FROM articles")


def test_provenance_reads_times_not_text(tmp_path):
    """An RSS-style date, a date without a time and an undated copy all come after the original."""
    rows = _rows()[:2]  # the wire report and its farm copy
    wire = dict(rows[0], published="Tue, 04 Mar 2025 11:05:00 GMT")
    for copy_time in ("2025-03-04", None, "2025-03-04T14:20:00+02:00"):
        with Store.open(tmp_path / f"{copy_time}.db") as store:
            corpus.run(store, _docs([dict(rows[1], published=copy_time), wire]), compare=False)
            tree = _tree(corpus.stories(store))
        assert tree["wire-hull-strike"] == (None, "original"), copy_time
        assert tree["farm-copy-1"] == ("wire-hull-strike", "copy"), copy_time


def test_a_version_1_database_is_migrated_and_its_leads_backfilled(tmp_path, built):
    """Version 1 kept a MiniLM vector per article; version 2 keeps word pieces instead, filled
    in for old rows on the next cluster, which then gives the same stories as a fresh build."""
    from unspin.store.schema import MIGRATIONS

    path = tmp_path / "v1.db"
    with Store.open(built) as new:
        articles = new.conn.execute("SELECT * FROM articles ORDER BY seq").fetchall()
        sketches = new.conn.execute("SELECT article, terms, minhash FROM sketches").fetchall()
        bands = new.conn.execute("SELECT key, article FROM bands").fetchall()
        terms = new.conn.execute("SELECT term, df FROM terms WHERE term NOT LIKE '~%'").fetchall()
        expected = _tree(corpus.stories(new))
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.executemany(f"INSERT INTO articles VALUES ({','.join('?' * 15)})", articles)
    conn.executemany(
        "INSERT INTO sketches VALUES (?, ?, ?, ?)",
        [(a, t, b"\0" * 768, m) for a, t, m in sketches],
    )
    conn.executemany("INSERT INTO bands VALUES (?, ?)", bands)
    conn.executemany("INSERT INTO terms VALUES (?, ?)", terms)
    conn.execute("PRAGMA user_version=1")
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert store.version == VERSION
        assert store.scalar("SELECT COUNT(*) FROM sketches WHERE length(pieces) = 0") == len(
            sketches
        )
        corpus.cluster(store)
        assert store.scalar("SELECT COUNT(*) FROM sketches WHERE length(pieces) = 0") == 0
        corpus.provenance(store, compare=False)
        assert _tree(corpus.stories(store)) == expected
