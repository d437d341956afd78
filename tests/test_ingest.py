"""Reading inputs into Documents: files, stdin, URLs (a local server) and strings."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unspin.errors import ConfigError, FetchError, InputError
from unspin.fetch import Fetched
from unspin.inputs import from_bytes, load, load_text
from unspin.records import Document

NEWS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Dockers strike at Port of Eastham | Coastal Herald</title>
<meta name="author" content="Jane Rivera">
<meta property="og:title" content="Dockers strike at Port of Eastham">
<meta property="og:site_name" content="Coastal Herald">
<meta property="og:url" content="https://herald.example/news/port-strike">
<meta property="article:published_time" content="2024-03-14T08:30:00Z">
</head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
<main><article>
<h1>Dockers strike at Port of Eastham</h1>
<p class="byline">By Jane Rivera</p>
<time datetime="2024-03-14">14 March 2024</time>
<p>About 1,200 dock workers walked out at the Port of Eastham on Thursday after talks over
pay broke down, the union said.</p>
<p>The Transport Workers Union said its members had rejected a 4% pay offer, arguing it fell
short of inflation, which stood at 6.1% last year.</p>
<p>"We did not want to strike, but the company left us no choice," said union organiser Maria
Lopez. The port operator said it was "disappointed" and remained open to talks.</p>
<p>The stoppage is expected to last 48 hours, according to the regional chamber of commerce.</p>
<p>See also: Rail unions vote on new contract; Ferry fares to rise in April</p>
</article></main>
<footer><p>&copy; 2024 Coastal Herald. All rights reserved.</p>
<a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body>
</html>
"""
PARAGRAPHS = [
    "Dockers strike at Port of Eastham",
    "About 1,200 dock workers walked out at the Port of Eastham on Thursday after talks over"
    " pay broke down, the union said.",
    "The Transport Workers Union said its members had rejected a 4% pay offer, arguing it fell"
    " short of inflation, which stood at 6.1% last year.",
    '"We did not want to strike, but the company left us no choice," said union organiser Maria'
    ' Lopez. The port operator said it was "disappointed" and remained open to talks.',
    "The stoppage is expected to last 48 hours, according to the regional chamber of commerce.",
    "See also: Rail unions vote on new contract; Ferry fares to rise in April",
]
WESTERN = "The café’s owner said “no” to the €4 rise — again. Señor Müller agreed.\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def write(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def assert_news_page(doc: Document) -> None:
    """The main text with its boilerplate line kept; nav, byline and footer gone; metadata."""
    assert doc.text.split("\n\n") == PARAGRAPHS
    assert doc.title == "Dockers strike at Port of Eastham"
    assert (doc.author, doc.published, doc.outlet) == (
        "Jane Rivera",
        "2024-03-14",
        "Coastal Herald",
    )


# -- files -----------------------------------------------------------------------------------


def test_txt_kept_as_is(tmp_path):
    text = "Dockers strike.\n\n  Indented line, trailing space \n\tand a tab.\n"
    path = write(tmp_path, "story.txt", text)
    assert load(path) == Document(text=text, name=path)


def test_md_kept_as_is(tmp_path):
    text = "# Dockers strike\n\n*About* 1,200 workers walked out.\n\n- one\n- two\n"
    path = write(tmp_path, "story.md", text)
    assert load(path) == Document(text=text, name=path)


def test_html_main_text_and_metadata(tmp_path):
    path = write(tmp_path, "story.html", NEWS_PAGE)
    doc = load(path)
    assert_news_page(doc)
    assert (doc.name, doc.url) == (path, "https://herald.example/news/port-strike")
    for boilerplate in ("Home", "Sport", "All rights reserved", "Privacy", "By Jane Rivera"):
        assert boilerplate not in doc.text


def test_html_sniffed_without_suffix_and_from_meta_charset(tmp_path):
    page = NEWS_PAGE.replace('charset="utf-8"', 'charset="windows-1252"')
    page = page.replace("Maria\nLopez", "Señor Müller’s deputy Maria\nLopez")
    path = write(tmp_path, "story", page.encode("cp1252"))
    assert "Señor Müller’s deputy Maria Lopez." in load(path).text


def test_json_fields(tmp_path):
    obj = {
        "text": "Dockers strike.\r\nAbout 1,200 walked out.",
        "title": "Dockers strike",
        "url": "https://herald.example/a",
        "published": "2024-03-14",
        "outlet": "Coastal Herald",
        "author": "Jane Rivera",
        "extra": [1, 2],
    }
    path = write(tmp_path, "story.json", json.dumps(obj))
    assert load(path) == Document(
        text="Dockers strike.\nAbout 1,200 walked out.",
        name=path,
        title="Dockers strike",
        url="https://herald.example/a",
        published="2024-03-14",
        outlet="Coastal Herald",
        author="Jane Rivera",
    )
    path = write(tmp_path, "bare.json", '{"text": "Only text.", "title": null}')
    assert load(path) == Document(text="Only text.", name=path)


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"\xef\xbb\xbf" + "Café — déjà vu.".encode(), "Café — déjà vu."),
        ("\ufeffCafé — déjà vu.".encode("utf-16-le"), "Café — déjà vu."),
        ("\ufeffCafé — déjà vu.".encode("utf-16-be"), "Café — déjà vu."),
        (WESTERN.encode("cp1252"), WESTERN),
        (
            "Señor Müller à Zürich, Ångström.\n".encode("latin-1"),
            "Señor Müller à Zürich, Ångström.\n",
        ),
        (
            "Лондон: забастовка в порту продолжается.\n".encode(),
            "Лондон: забастовка в порту продолжается.\n",
        ),
    ],
    ids=["utf8-bom", "utf16le-bom", "utf16be-bom", "cp1252", "latin1", "utf8"],
)
def test_encodings(tmp_path, data, text):
    assert load(write(tmp_path, "story.txt", data)).text == text


def test_newlines_normalised(tmp_path):
    path = write(tmp_path, "story.txt", b"One.\r\nTwo.\rThree.\n\r\nFour.")
    assert load(path).text == "One.\nTwo.\nThree.\n\nFour."


def test_declared_charset_wins_and_latin1_means_windows_1252():
    data = WESTERN.encode("cp1252")
    assert from_bytes(data, "a.txt", charset="ISO-8859-1").text == WESTERN
    assert (
        from_bytes("Привет, мир.".encode("koi8-r"), "a.txt", charset="koi8-r").text
        == "Привет, мир."
    )
    assert from_bytes(data, "a.txt", charset="no-such-charset").text == WESTERN  # ignored


# -- stdin and URLs --------------------------------------------------------------------------


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"From a pipe.\r\nLine two.")))
    assert load("-") == Document(text="From a pipe.\nLine two.", name="<stdin>")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(NEWS_PAGE.encode())))
    assert_news_page(load("-"))  # sniffed as HTML


def test_url_html_via_local_server(site):
    url = site.add("/news/port-strike", NEWS_PAGE)
    doc = load(url, allow_private=True)
    assert_news_page(doc)
    assert (doc.name, doc.url) == (url, "https://herald.example/news/port-strike")


def test_url_text_json_and_charset_header(site):
    url = site.add(
        "/latin1", WESTERN.encode("cp1252"), content_type="text/plain; charset=iso-8859-1"
    )
    assert load(url, allow_private=True) == Document(text=WESTERN, name=url, url=url)
    url = site.add(
        "/story", json.dumps({"text": "Dockers strike."}), content_type="application/json"
    )
    assert load(url, allow_private=True) == Document(text="Dockers strike.", name=url, url=url)


def test_url_refused_without_allow_private(site):
    url = site.add("/news/port-strike", NEWS_PAGE)
    with pytest.raises(FetchError, match="is not a public address"):
        load(url)


def fake_fetcher(body: bytes, content_type: str | None, charset: str | None = None):
    def fetcher(url: str, *, allow_private: bool = False) -> Fetched:
        return Fetched(url + "?final", 200, content_type, body, charset)

    return fetcher


def test_url_kinds_from_content_type_suffix_and_sniffing():
    page = NEWS_PAGE.encode()
    assert_news_page(load("https://h.example/a", fetcher=fake_fetcher(page, "text/html")))
    assert_news_page(load("https://h.example/a", fetcher=fake_fetcher(page, None)))
    got = load("https://h.example/a.json", fetcher=fake_fetcher(b'{"text": "T."}', None))
    assert (got.text, got.url) == ("T.", "https://h.example/a.json?final")
    got = load(
        "https://h.example/a", fetcher=fake_fetcher(b"<p> is how HTML starts.", "text/plain")
    )
    assert got.text == "<p> is how HTML starts."  # the declared type wins over sniffing


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b"%PDF-1.7 ...", "application/pdf", "https://h.example/a is a PDF document, not text."),
        (PNG, "image/png", "https://h.example/a is a PNG image, not text."),
        (b"a,b\n1,2\n", "application/vnd.ms-excel", "https://h.example/a serves application/vnd.ms-excel, which unspin cannot read."),
    ],
)  # fmt: skip
def test_url_unsupported_content(body, content_type, message):
    with pytest.raises(InputError) as err:
        load("https://h.example/a", fetcher=fake_fetcher(body, content_type))
    assert str(err.value) == message


# -- load_text -------------------------------------------------------------------------------


def test_load_text_keeps_the_string_identical():
    text = "\ufeffCRLF stays\r\nas given;\rso do tabs\t and  spaces.  "
    doc = load_text(text, "batch/17", title="T", outlet="O")
    assert doc == Document(text=text, name="batch/17", title="T", outlet="O")
    assert doc.text is text
    assert load_text("Plain.").name == "<text>"


@given(st.text())
def test_load_text_round_trips_any_text(text):
    if text.strip():
        assert load_text(text).text == text
    else:
        with pytest.raises(InputError):
            load_text(text)


# -- errors ----------------------------------------------------------------------------------


def message(source: str) -> str:
    with pytest.raises(InputError) as err:
        load(source)
    return str(err.value)


def test_missing_file(tmp_path):
    path = str(tmp_path / "nope.txt")
    assert message(path) == f"{path} does not exist."


def test_directory(tmp_path):
    assert message(str(tmp_path)) == f"{tmp_path} is a directory, not a file."


def test_unreadable(tmp_path, monkeypatch):
    path = write(tmp_path, "secret.txt", "Hidden.")

    def denied(self):  # root can read anything, so simulate the permission error
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    assert message(path) == f"{path} cannot be read: permission denied."


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "is empty."),
        ("blank.txt", b" \r\n\t\n  ", "contains only whitespace."),
        ("empty.html", b"", "is empty."),
        ("image.txt", PNG, "is a PNG image, not text."),
        ("paper.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "is a PDF document, not text."),
        ("nul.txt", b"text\x00with\x00nuls", "looks like binary data (it contains NUL bytes), not text."),
        ("ctrl.txt", bytes(range(1, 9)) * 20, "looks like binary data (it is full of control characters), not text."),
        ("table.csv", b"a,b\n1,2\n", "has an unsupported file type (.csv); unspin reads .txt, .text, .md, .markdown, .html, .htm, .xhtml, .json."),
        ("bad.json", b"", "is empty."),
        ("bad.json", b"{'text': 'single quotes'}", "is not valid JSON: Expecting property name enclosed in double quotes at line 1 column 2."),
        ("bad.json", b"\n\nnope", "is not valid JSON: Expecting value at line 3 column 1."),
        ("list.json", b'["text"]', 'must hold a JSON object with a "text" field, not an array.'),
        ("notext.json", b'{"title": "T"}', 'has no "text" field holding a string.'),
        ("numtext.json", b'{"text": 42}', 'has no "text" field holding a string.'),
        ("nav.html", b"<html><body><nav></nav></body></html>", "No article text could be extracted"),
    ],
)  # fmt: skip
def test_bad_files(tmp_path, name, data, reason):
    path = write(tmp_path, name, data)
    got = message(path)
    assert path in got
    assert got.endswith(reason) or got.startswith(reason)


def test_bad_json_fields(tmp_path):
    path = write(tmp_path, "story.json", '{"text": "  \\n ", "title": "T"}')
    assert message(path) == f'The "text" field of {path} contains only whitespace.'
    path = write(tmp_path, "story.json", '{"text": "T.", "published": 2024}')
    assert message(path) == f'The "published" field of {path} must be a string, not a number.'


def test_unknown_kind_is_a_config_error():
    with pytest.raises(ConfigError, match="Unknown input kind 'pdf' for x; use one of txt, md"):
        from_bytes(b"Text.", "x", kind="pdf")
