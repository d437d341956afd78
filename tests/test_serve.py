"""unspin serve, in process: pages, the JSON API, errors, limits, escaping, read-only store."""

from __future__ import annotations

import re
import sqlite3

import pytest
from fastapi.testclient import TestClient

from unspin import corpus
from unspin.store import Store
from unspin.web import Settings, create_app

from .web_fixtures import HOSTILE_OUTLET, build

BASE = "http://127.0.0.1:8765"

SOURCE = "The union agreed to postpone the walkout on Monday, said labour minister Ellen Harrow."
REWRITE = "The union agreed to end the walkout on Monday, said labour minister Ellen Harrod.\n\nLeave a Reply"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("serve") / "web.db")


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(Settings(str(db), max_body=20_000)), base_url=BASE) as c:
        yield c


def _story_with(client, article: str) -> str:
    return client.get(f"/api/articles/{article}").json()["story"]


def test_stories_api_lists_filters_sorts_and_pages(client):
    all_ = client.get("/api/stories").json()
    assert all_["total"] == 2 and all_["pages"] == 1
    top = all_["stories"][0]
    assert top["title"] == "Hull dock union agrees to postpone strike as talks resume"
    assert top["worst"] == "high" and top["flagged"] > 0 and top["copies"] >= 1
    assert client.get("/api/stories?text=ferry").json()["total"] == 1
    assert client.get("/api/stories?text=ferr").json()["total"] == 1  # last word as a prefix
    assert client.get("/api/stories?text=zeppelin").json()["total"] == 0
    assert client.get("/api/stories?outlet=ViralNewsNow").json()["total"] == 1
    assert client.get("/api/stories?since=2025-03-05").json()["total"] == 1
    assert client.get("/api/stories?until=2025-03-04").json()["total"] == 1
    assert client.get("/api/stories?relation=copy").json()["total"] == 1
    assert client.get("/api/stories?kind=number").json()["total"] >= 1
    recent = client.get("/api/stories?sort=recent").json()["stories"]
    assert recent[0]["first"] > recent[1]["first"]
    paged = client.get("/api/stories?per_page=1&page=2").json()
    assert paged["pages"] == 2 and len(paged["stories"]) == 1
    assert client.get("/api/stories?per_page=1&page=9").json() == {
        "total": 2, "page": 9, "pages": 2, "per_page": 1, "stories": []
    }  # fmt: skip


def test_story_article_and_pair_api_use_the_cli_shapes(client, db):
    story = _story_with(client, "farm-spin-1")
    with Store.open(db) as store:
        assert client.get(f"/api/stories/{story}").json() == corpus.show(store, story)
        spin = corpus.article(store, "farm-spin-1")
        expected = corpus.comparison(store, spin["derived_from"], spin["article"]).to_dict()
    pair = client.get(f"/api/pairs/{spin['derived_from']}/farm-spin-1").json()
    assert pair == expected
    art = client.get("/api/articles/farm-spin-1").json()
    assert art["relation"] == "rewrite" and art["versions"][0]["version"] == 1


def test_errors_have_one_json_shape_and_status(client):
    for path, status in [("/api/stories/nope", 404), ("/api/articles/nope", 404),
                         ("/api/pairs/a/b", 404), ("/api/stories?sort=sideways", 400),
                         ("/api/stories?since=yesterday", 400), ("/api/stories?page=x", 400),
                         ("/api/stories?text=%21%21", 400)]:  # fmt: skip
        r = client.get(path)
        assert r.status_code == status, path
        body = r.json()
        assert set(body) == {"error"} and body["error"]["status"] == status
        assert body["error"]["message"].endswith(".")
    r = client.get("/stories/nope")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    assert "No story" in r.text


def test_too_large_bodies_are_refused_with_413(client):
    big = "word " * 5_000
    r = client.post("/api/compare", json={"source": big, "rewrite": big})
    assert r.status_code == 413 and r.json()["error"]["status"] == 413
    r = client.post("/compare", data={"source": big, "rewrite": "x"})
    assert r.status_code == 413 and "Too large" in r.text


def test_compare_api_and_form_store_nothing_unless_asked(client, db):
    before = _counts(db)
    r = client.post("/api/compare", json={"source": SOURCE, "rewrite": REWRITE})
    assert r.status_code == 200
    kinds = {(c["kind"], c["severity"]) for c in r.json()["changes"]}
    assert ("reversal", "high") in kinds and ("entity", "high") in kinds
    page = client.post("/compare", data={"source": SOURCE, "rewrite": REWRITE})
    assert page.status_code == 200 and page.text.count('<mark class="hl') >= 2
    assert _counts(db) == before
    missing = client.post("/compare", data={"source": SOURCE})
    assert missing.status_code == 400 and "paste a text" in missing.text
    assert SOURCE in missing.text  # the form comes back filled in
    fetch = client.post("/api/compare", json={"source_url": "http://127.0.0.1:9/", "rewrite": "x"})
    assert fetch.status_code == 400 and "does not fetch" in fetch.json()["error"]["message"]


def test_saving_a_compare_stores_it_and_links_the_pair(tmp_path, db):
    copy = tmp_path / "copy.db"
    with sqlite3.connect(db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    with TestClient(create_app(Settings(str(copy))), base_url=BASE) as c:
        r = c.post("/compare", data={"source": SOURCE, "rewrite": REWRITE, "save": "1"},
                   follow_redirects=False)  # fmt: skip
        assert r.status_code == 303
        page = c.get(r.headers["location"])
        assert page.status_code == 200 and 'class="hl k-reversal' in page.text
    assert _counts(copy)[0] == _counts(db)[0] + 2


def test_pages_render_and_link_together(client):
    home = client.get("/")
    assert home.status_code == 200 and "Hull dock union agrees" in home.text
    story = re.search(r'href="(/stories/[^"]+)"', home.text).group(1)
    page = client.get(story)
    assert page.status_code == 200 and "<svg" in page.text
    assert "2 h 15 min later" in page.text  # farm-copy-1, 13:20, after the wire's 11:05
    pair = re.search(r'href="(/pairs/[^"]+)"', page.text).group(1)
    view = client.get(pair)
    assert view.status_code == 200 and 'class="hl k-' in view.text and "Changes (" in view.text
    article = re.search(r'href="(/articles/[^"]+)"', page.text).group(1)
    assert client.get(article).status_code == 200
    assert client.get("/?text=ferry&sort=recent").text.count('class="story-row"') == 1
    assert client.get("/compare").status_code == 200


def test_hostile_article_content_is_escaped_everywhere(client):
    story = _story_with(client, "evil-farm")
    spin = client.get("/api/articles/evil-farm").json()
    pages = [
        client.get("/").text,
        client.get(f"/?outlet={HOSTILE_OUTLET}").text,
        client.get(f"/stories/{story}").text,
        client.get("/articles/evil-farm").text,
        client.get(f"/pairs/{spin['derived_from']}/evil-farm").text,
    ]
    for html in pages:
        assert "<script>window" not in html and "<img src=x" not in html
        assert "<svg onload" not in html and "<b onmouseover" not in html
        assert 'href="javascript:' not in html
        assert "window.__pwned" in html or "EvilNews" in html  # shown, as text
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_the_store_is_opened_read_only_for_pages(client, db):
    with client.app.state.readers.reader() as store:
        assert store.readonly
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.conn.execute("DELETE FROM failures")


def test_openapi_describes_the_api(client):
    spec = client.get("/api/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story}", "/api/articles/{article}",
            "/api/pairs/{source}/{rewrite}", "/api/compare"} <= set(spec["paths"])  # fmt: skip
    assert not any(p.startswith("/static") for p in spec["paths"])


def _counts(db) -> tuple[int, int]:
    with sqlite3.connect(db) as conn:
        return (conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
                conn.execute("SELECT COUNT(*) FROM comparisons").fetchone()[0])  # fmt: skip


def test_serve_cli_names_a_missing_database(tmp_path):
    from click.testing import CliRunner

    from unspin.cli import main

    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert (
        result.output.strip()
        == f"Error: The database {tmp_path / 'none.db'} does not exist; make it with `unspin ingest`."
    )


def _copy(db, tmp_path):
    copy = tmp_path / "copy.db"
    with sqlite3.connect(db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    return copy


def test_compare_fetches_two_urls_only_when_allowed(site, tmp_path, db):
    src = site.add("/source.html", f"<html><body><article><p>{SOURCE}</p></article></body></html>")
    rw = site.add("/rewrite.txt", REWRITE, content_type="text/plain; charset=utf-8")
    body = {"source_url": src, "rewrite_url": rw}
    with TestClient(create_app(Settings(str(db), allow_fetch=True)), base_url=BASE) as c:
        refused = c.post("/api/compare", json=body)  # loopback needs --allow-private too
        assert refused.status_code == 400 and "127.0.0.1" in refused.json()["error"]["message"]
    with TestClient(
        create_app(Settings(str(db), allow_fetch=True, allow_private=True)), base_url=BASE
    ) as c:
        r = c.post("/api/compare", json=body)
        assert r.status_code == 200 and r.json()["rewrite"]["name"] == rw
        assert any(ch["kind"] == "reversal" for ch in r.json()["changes"])
        page = c.post("/compare", data=body)
        assert page.status_code == 200 and 'class="hl k-reversal' in page.text
    assert site.hits.count("/source.html") == 2


def test_article_page_lists_the_versions_of_one_url(tmp_path, db):
    from unspin.records import Document

    copy = _copy(db, tmp_path)
    with Store.open(copy) as store:
        old = corpus.article(store, "ferry-fire-farm")
        text = store.scalar("SELECT text FROM articles WHERE id = ?", (old["article"],))
        new = Document(str(text).replace("212", "221"), "ferry-fire-farm", old["title"], old["url"],
                       old["published"], old["outlet"], None, "ferry-fire-farm")  # fmt: skip
        corpus.ingest(store, [new], workers=1)
    with TestClient(create_app(Settings(str(copy))), base_url=BASE) as c:
        data = c.get("/api/articles/ferry-fire-farm").json()
        assert [v["version"] for v in data["versions"]] == [1, 2] and data["version"] == 1
        newer = data["versions"][1]
        assert newer["id"] == "ferry-fire-farm@v2"  # each version keeps an id of its own
        assert c.get("/api/articles/ferry-fire-farm@v2").json()["text"] == new.text
        page = c.get("/articles/ferry-fire-farm")
        assert "Versions of this article (2)" in page.text
        assert f'href="/articles/{newer["article"]}"' in page.text


def test_foreign_sites_and_host_names_are_refused(client):
    form = {"source": SOURCE, "rewrite": REWRITE, "save": "1"}
    r = client.post("/compare", data=form, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403 and "another site" in r.text
    r = client.post("/api/compare", json=form, headers={"Origin": "null"})
    assert r.status_code == 403 and r.json()["error"]["status"] == 403
    r = client.get("/api/stories", headers={"Host": "rebound.example:8765"})
    assert r.status_code == 403 and "not 'rebound.example:8765'" in r.json()["error"]["message"]
    ok = client.post("/api/compare", json={"source": SOURCE, "rewrite": REWRITE},
                     headers={"Origin": BASE})  # fmt: skip
    assert ok.status_code == 200


def test_a_body_without_a_length_is_cut_off_at_the_limit(client):
    def chunks():
        for _ in range(30):
            yield b'{"source": "' + b"x" * 1000

    r = client.post("/api/compare", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["status"] == 413


def test_host_names_with_and_without_ports_and_ipv6(client):
    for host in ("localhost", "LOCALHOST:8765", "[::1]:8765", "[::1]"):
        assert client.get("/api/stories", headers={"Host": host}).status_code == 200, host
    assert client.get("/api/stories?page=99999999999999999999").status_code == 400
