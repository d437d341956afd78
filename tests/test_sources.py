"""Reading a corpus: folders, globs, JSONL, WARC archives, RSS/Atom feeds and URLs, offline."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from unspin.corpus.readers import read
from unspin.errors import FetchError
from unspin.records import Document, Failure

STRIKE = [
    "About 1,200 dock workers walked out at the Port of Eastham on Thursday after talks over"
    " pay broke down, the union said.",
    "The Transport Workers Union said its members had rejected a 4% pay offer, arguing it fell"
    " short of inflation, which stood at 6.1% last year.",
    '"We did not want to strike, but the company left us no choice," said union organiser'
    " Maria Lopez.",
    "The stoppage is expected to last 48 hours, according to the regional chamber of commerce.",
]
FERRY = [
    "Ferry fares between Eastham and the islands will rise by 8% in April, the operator"
    " Island Link said on Friday.",
    "The company blamed higher fuel costs and a new harbour levy, which it said added"
    " £2.40 to every crossing.",
    '"Nobody likes paying more, but the alternative was cutting the winter timetable,"'
    " said chief executive Tom Hale.",
    "Passenger groups said the rise was the third in two years and called for a review.",
]
STRIKE_META = (
    "<title>Dockers strike at Port of Eastham | Coastal Herald</title>\n"
    '<meta property="og:site_name" content="Coastal Herald">\n'
    '<meta property="article:published_time" content="2024-03-14T08:30:00Z">\n'
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def article(paragraphs: list[str], *, headline: str | None = None, head: str = "") -> str:
    """A news page: navigation, one article, a footer (no year in it: no date to guess)."""
    h1 = f"<h1>{headline}</h1>\n" if headline else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"{head}</head>\n<body>\n"
        '<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a></nav>\n'
        f"<main><article>\n{h1}{body}\n</article></main>\n"
        '<footer><p>All rights reserved.</p><a href="/privacy">Privacy</a></footer>\n'
        "</body>\n</html>\n"
    )


STRIKE_PAGE = article(STRIKE, headline="Dockers strike at Port of Eastham", head=STRIKE_META)
FERRY_PAGE = article(FERRY)  # no title, date or site name: a feed entry fills them in


def write(path: Path, data: bytes | str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def summary(items) -> list[tuple[str, str]]:
    return [
        (type(item).__name__, item.name if isinstance(item, Document) else item.origin)
        for item in items
    ]


# -- folders, globs, missing paths -----------------------------------------------------------


def test_folder_walked_in_order_binary_file_fails_and_reading_goes_on(tmp_path):
    folder = tmp_path / "corpus"
    a = write(folder / "a.txt", "Dockers strike.\nAbout 1,200 walked out.\n")
    b = write(folder / "b.txt", PNG)
    c = write(folder / "c.json", json.dumps({"text": "Fares rise.", "id": "c-1"}))
    d = write(folder / "sub" / "d.html", STRIKE_PAGE)
    write(folder / "notes.csv", "not,an,article\n")
    write(folder / ".hidden.txt", "hidden file")
    write(folder / ".cache" / "e.txt", "hidden folder")

    items = list(read([str(folder)]))

    assert summary(items) == [("Document", a), ("Failure", b), ("Document", c), ("Document", d)]
    assert items[0].text == "Dockers strike.\nAbout 1,200 walked out.\n"
    assert items[1].reason == f"{b} is a PNG image, not text."
    assert (items[2].text, items[2].id) == ("Fares rise.", "c-1")
    assert items[3].text.split("\n\n")[1:] == STRIKE
    assert (items[3].outlet, items[3].published) == ("Coastal Herald", "2024-03-14")


def test_glob_expanded_recursively_and_sorted(tmp_path):
    two = write(tmp_path / "corpus" / "2024" / "two.txt", "Second story.")
    one = write(tmp_path / "corpus" / "one.txt", "First story.")
    write(tmp_path / "corpus" / "one.md", "Not matched.")
    pattern = str(tmp_path / "corpus" / "**" / "*.txt")

    items = list(read([pattern]))

    assert summary(items) == sorted([("Document", one), ("Document", two)], key=lambda s: s[1])
    assert {doc.text for doc in items} == {"First story.", "Second story."}


def test_missing_path_empty_glob_and_unknown_type_are_failures(tmp_path):
    missing = str(tmp_path / "nowhere.txt")
    pattern = str(tmp_path / "*.jsonl")
    sheet = write(tmp_path / "sheet.csv", "a,b\n")
    story = write(tmp_path / "story.txt", "A story.")

    items = list(read([missing, pattern, sheet, story]))

    assert items[:3] == [
        Failure(missing, f"{missing} does not exist."),
        Failure(pattern, f"No file matches the pattern {pattern}."),
        Failure(sheet, items[2].reason),
    ]
    assert items[2].reason.startswith(
        f"{sheet} is not a file type unspin reads; it reads .jsonl.gz"
    )
    assert items[3] == Document(text="A story.", name=story)


def test_read_streams_lazily(tmp_path):
    calls: list[str] = []

    def fetcher(url, **_kwargs):
        calls.append(url)
        raise AssertionError("not reached")

    story = write(tmp_path / "story.txt", "A story.")
    items = read([story, "https://herald.example/feed"], fetcher=fetcher)
    assert next(items).name == story
    assert calls == []  # the URL is not fetched until the reader gets that far


# -- JSON Lines ------------------------------------------------------------------------------

LINES = [
    json.dumps({"id": 7, "title": "Dockers strike", "text": "About 1,200 walked out.",
                "outlet": "Coastal Herald", "url": "https://herald.example/a",
                "published": "2024-03-14"}),
    '{"id": "8", "text": "cut off',
    "",
    json.dumps({"id": "9", "title": "No body"}),
    json.dumps({"id": "10", "text": "Fares rise in April."}),
]  # fmt: skip


def check_jsonl(path: str, items: list) -> None:
    assert summary(items) == [
        ("Document", f"{path}:1"),
        ("Failure", f"{path}:2"),
        ("Failure", f"{path}:4"),
        ("Document", f"{path}:5"),
    ]
    assert items[0] == Document(
        text="About 1,200 walked out.",
        name=f"{path}:1",
        title="Dockers strike",
        url="https://herald.example/a",
        published="2024-03-14",
        outlet="Coastal Herald",
        id="7",
    )
    assert items[1].reason.startswith(f"{path}:2 is not valid JSON: Unterminated string")
    assert items[2].reason == f'{path}:4 has no "text" field holding a string.'
    assert (items[3].id, items[3].text) == ("10", "Fares rise in April.")


def test_jsonl_one_article_a_line_failures_in_order(tmp_path):
    path = write(tmp_path / "corpus.jsonl", "\n".join(LINES) + "\n")
    check_jsonl(path, list(read([path])))


def test_jsonl_gz(tmp_path):
    path = write(tmp_path / "corpus.jsonl.gz", gzip.compress("\n".join(LINES).encode()))
    check_jsonl(path, list(read([path])))


def test_jsonl_gz_that_is_not_gzip_is_one_failure(tmp_path):
    path = write(tmp_path / "corpus.jsonl.gz", "\n".join(LINES))
    [failure] = read([path])
    assert failure.origin == path
    assert failure.reason.startswith(f"{path} cannot be read at all: ")


# -- WARC archives ---------------------------------------------------------------------------

URI = "https://www.herald.example/news/ferry-fares"


def write_warc(path: Path, compress: bool) -> str:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=compress)

        def record(uri: str, kind: str, status: str, content_type: str, body: bytes) -> None:
            if kind == "request":
                http = StatusAndHeaders(status, [("Host", "herald.example")], is_http_request=True)
            else:
                http = StatusAndHeaders(
                    status, [("Content-Type", content_type)], protocol="HTTP/1.1"
                )
            writer.write_record(
                writer.create_warc_record(
                    uri,
                    kind,
                    payload=io.BytesIO(body),
                    http_headers=http,
                    warc_headers_dict={"WARC-Date": "2024-03-15T10:00:00Z"},
                )
            )

        html = "text/html; charset=utf-8"
        record(URI, "request", "GET /news/ferry-fares HTTP/1.1", "", b"")
        record(URI, "response", "200 OK", html, FERRY_PAGE.encode())
        record("https://herald.example/missing", "response", "404 Not Found", html, b"<p>No.</p>")
        record("https://herald.example/logo.png", "response", "200 OK", "image/png", PNG)
        record("https://herald.example/empty", "response", "200 OK", html, b"<html></html>")
    return str(path)


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_responses_only(tmp_path, name):
    path = write_warc(tmp_path / name, compress=name.endswith(".gz"))

    items = list(read([path]))

    assert summary(items) == [("Document", URI), ("Failure", "https://herald.example/empty")]
    doc = items[0]
    assert doc.text.split("\n\n") == FERRY
    assert (doc.url, doc.outlet, doc.published) == (URI, "herald.example", "2024-03-15")
    assert items[1].reason == (  # the failure names the file and record as well as the page
        "No article text could be extracted from the HTML in https://herald.example/empty"
        f" ({path} record 5)."
    )


def test_warc_that_is_not_an_archive_is_a_failure(tmp_path):
    path = write(tmp_path / "crawl.warc", "just some text\n")
    [failure] = read([path])
    assert failure.origin == path
    assert failure.reason.startswith(f"{path} cannot be read as a WARC archive: ")


# -- feeds and URLs --------------------------------------------------------------------------


def rss(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Harbour Wire</title><link>{base}/</link><description>Port news</description>
<item><title>Dockers strike</title><link>{base}/news/strike</link>
<pubDate>Wed, 13 Mar 2024 07:00:00 GMT</pubDate></item>
<item><title>Gone</title><link>{base}/news/gone</link></item>
<item><title>Ferry fares to rise in April</title><link>{base}/news/ferry</link>
<pubDate>Fri, 15 Mar 2024 10:00:00 GMT</pubDate></item>
<item><title>No link</title><description>An entry without a link is skipped.</description></item>
</channel></rss>
"""


def atom(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Harbour Wire</title><id>urn:harbour-wire</id><updated>2024-03-15T10:00:00Z</updated>
<entry><title>Dockers strike</title><id>urn:1</id><link href="{base}/news/strike"/>
<updated>2024-03-13T07:00:00Z</updated></entry>
<entry><title>Gone</title><id>urn:2</id><link href="{base}/news/gone"/>
<updated>2024-03-14T07:00:00Z</updated></entry>
<entry><title>Ferry fares to rise in April</title><id>urn:3</id><link href="{base}/news/ferry"/>
<updated>2024-03-15T10:00:00Z</updated></entry>
</feed>
"""


def serve_pages(site) -> None:
    site.add("/news/strike", STRIKE_PAGE)
    site.add("/news/ferry", FERRY_PAGE)


def check_feed(site, items: list) -> None:
    strike, gone, ferry = (site.url(f"/news/{p}") for p in ("strike", "gone", "ferry"))
    assert summary(items) == [("Document", strike), ("Failure", gone), ("Document", ferry)]
    assert items[1].reason == f"Could not fetch {gone}: the server answered HTTP 404 Not Found."
    # the page's own metadata wins; the entry and the feed fill in only what it lacks
    assert (items[0].title, items[0].published, items[0].outlet, items[0].url) == (
        "Dockers strike at Port of Eastham",
        "2024-03-14",
        "Coastal Herald",
        strike,
    )
    assert items[2].text.split("\n\n") == FERRY
    assert (items[2].title, items[2].published, items[2].outlet, items[2].url) == (
        "Ferry fares to rise in April",
        "2024-03-15",
        "Harbour Wire",
        ferry,
    )


@pytest.mark.parametrize(
    ("name", "feed"), [("wire.rss", rss), ("wire.atom", atom), ("wire.xml", atom)]
)
def test_feed_file_entries_fetched_from_site(site, tmp_path, name, feed):
    serve_pages(site)
    path = write(tmp_path / name, feed(site.base))
    check_feed(site, list(read([path], allow_private=True)))


def test_feed_links_go_through_the_guarded_fetcher(site, tmp_path):
    serve_pages(site)
    path = write(tmp_path / "wire.rss", rss(site.base))
    items = list(read([path]))  # loopback is refused without allow_private
    assert [type(item) for item in items] == [Failure] * 3
    assert all(item.reason.startswith(f"Refused to fetch {item.origin}") for item in items)
    assert site.hits == []


def test_feed_entry_link_that_is_not_http_is_a_failure(tmp_path):
    """A feed must not make unspin read a local file: only http(s) links are fetched."""
    feed = rss("https://herald.example").replace(
        "https://herald.example/news/strike", "/etc/passwd"
    )
    path = write(tmp_path / "wire.rss", feed)
    fetched: list[str] = []

    def fetcher(url, **_kwargs):
        fetched.append(url)
        raise FetchError(f"Could not fetch {url}: offline.")

    items = list(read([path], fetcher=fetcher))
    assert items[0] == Failure(
        "/etc/passwd", f"The entry link /etc/passwd in {path} is not an http or https URL."
    )
    assert fetched == ["https://herald.example/news/gone", "https://herald.example/news/ferry"]


def test_xml_file_that_is_not_a_feed_is_a_failure(tmp_path):
    path = write(tmp_path / "data.xml", '<?xml version="1.0"?><catalog><book>A</book></catalog>')
    assert list(read([path])) == [Failure(path, f"{path} is not an RSS or Atom feed.")]


@pytest.mark.parametrize(
    ("feed", "content_type"),
    [(rss, "application/rss+xml"), (atom, "application/atom+xml"), (rss, "text/plain")],
)
def test_feed_url_fetched_once(site, feed, content_type):
    serve_pages(site)
    url = site.add("/feed", feed(site.base), content_type=content_type)
    check_feed(site, list(read([url], allow_private=True)))
    assert site.hits.count("/feed") == 1


def test_feed_url_relative_links_resolve_against_it(site):
    serve_pages(site)
    url = site.add("/wire/atom", atom(""), content_type="application/atom+xml")
    check_feed(site, list(read([url], allow_private=True)))


def test_page_url_is_one_document_fetched_once(site):
    url = site.add("/news/strike", STRIKE_PAGE)
    [doc] = read([url], allow_private=True)
    assert doc.name == url and doc.url == url
    assert doc.text.split("\n\n") == ["Dockers strike at Port of Eastham", *STRIKE]
    assert site.hits == ["/news/strike"]


def test_url_failures(site):
    refused = site.add("/news/strike", STRIKE_PAGE)
    xml = site.add("/data.xml", "<catalog><book>A</book></catalog>", content_type="application/xml")
    gone = site.url("/gone")

    items = list(read([refused, xml, gone]))
    assert items[0].reason.startswith(f"Refused to fetch {refused}: ")
    items = list(read([xml, gone], allow_private=True))
    assert items == [
        Failure(xml, f"{xml} serves application/xml, which unspin cannot read."),
        Failure(gone, f"Could not fetch {gone}: the server answered HTTP 404 Not Found."),
    ]
