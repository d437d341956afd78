"""unspin serve in a real headless Chromium (Debian's ``chromium`` + ``chromium-driver``, driven
by Selenium) against a real server on 127.0.0.1: the pages work, changes are highlighted, the
compare form submits, and hostile article content never runs."""

from __future__ import annotations

import shutil

import pytest

from .web_fixtures import build, start_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="needs Chromium and its driver: `apt-get install chromium chromium-driver` "
    "(`make test` installs them)",
)
PWNED = "return typeof window.__pwned === 'undefined' ? null : String(window.__pwned);"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = build(tmp_path_factory.mktemp("browser") / "web.db")
    srv, thread, port = start_server(db)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000"):  # fmt: skip
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _wait(browser, css: str, seconds: float = 60) -> list:
    """The elements matching ``css`` once the page that has them has loaded."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(browser, seconds).until(
            lambda b: b.find_elements(By.CSS_SELECTOR, css)
        )
    except TimeoutException:
        text = browser.find_element(By.TAG_NAME, "body").text[:300]
        raise AssertionError(
            f"no {css} on {browser.current_url} after {seconds} s: {text}"
        ) from None


def _clean(browser) -> None:
    """Nothing from the articles ran (no flag set, no dialog open), and nothing from them became
    markup: the page's only script is its own, no element carries an event handler, and there is
    no image, frame or SVG but the derivation graph (the CSP would stop those running, so the DOM
    is checked too)."""
    assert browser.execute_script(PWNED) is None
    dom = browser.execute_script(
        "return [Array.from(document.scripts).map(s => s.src),"
        " document.querySelectorAll('img, iframe, object, embed').length"
        " + Math.max(0, document.querySelectorAll('svg').length - 1),"
        " Array.from(document.querySelectorAll('*')).filter(e => Array.from(e.attributes)"
        "   .some(a => a.name.startsWith('on'))).length];"
    )
    assert [src.rsplit("/", 1)[-1] for src in dom[0]] == ["unspin.js"]
    assert dom[1] == 0 and dom[2] == 0
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 - raises when no dialog is open


def test_stories_story_pair_and_keyboard(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server + "/")
    rows = browser.find_elements(By.CSS_SELECTOR, "tr.story-row")
    assert len(rows) == 2
    _clean(browser)
    rows[0].find_element(By.CSS_SELECTOR, "a").click()
    assert _wait(browser, "svg circle")
    assert "EvilNews" in browser.page_source  # hostile outlet shown as text
    _clean(browser)
    browser.find_element(By.CSS_SELECTOR, "a.pair-link").click()
    marks = _wait(browser, "mark.hl")
    assert marks and browser.find_elements(By.CSS_SELECTOR, ".changes li.chg")
    browser.find_element(By.TAG_NAME, "body").send_keys("j")
    current = browser.find_elements(By.CSS_SELECTOR, "li.chg.current")
    assert len(current) == 1 and current[0].get_attribute("data-n") == "1"
    assert browser.find_elements(By.CSS_SELECTOR, "mark.current")
    _clean(browser)


def test_hostile_article_pages_run_nothing(server, browser):
    from selenium.webdriver.common.by import By

    for path in ("/articles/evil-farm", "/?text=Hull", "/?outlet=%3Cb%3E"):
        browser.get(server + path)
        _clean(browser)
    browser.get(server + "/articles/evil-farm")
    links = browser.find_elements(By.CSS_SELECTOR, "a")
    assert not [a for a in links if (a.get_attribute("href") or "").startswith("javascript:")]
    assert "<script>" in browser.find_element(By.CSS_SELECTOR, ".article-text").text
    # the evil copy's own pair view: hostile text inside highlighted, aligned sentences
    browser.find_element(By.PARTIAL_LINK_TEXT, "side by side").click()
    assert _wait(browser, "mark.hl")
    for mark in browser.find_elements(By.CSS_SELECTOR, "mark.hl")[:5]:
        mark.click()
    _clean(browser)


def test_compare_form_submits_and_shows_the_changes(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server + "/compare")
    browser.find_element(By.NAME, "source").send_keys(
        "The union agreed to postpone the walkout, said labour minister Ellen Harrow."
    )
    browser.find_element(By.NAME, "rewrite").send_keys(
        'The union agreed to end the walkout, said labour minister Ellen Harrod. <img src=x onerror="window.__pwned=1">'
    )
    browser.find_element(By.ID, "compare-submit").click()
    # the first compare loads the models (spaCy, MiniLM) in the server: allow for a busy machine
    kinds = {m.get_attribute("class") for m in _wait(browser, "mark.hl", 300)}
    assert any("k-reversal" in k for k in kinds) and any("k-entity" in k for k in kinds)
    _clean(browser)


def test_facts_tab_shows_the_matrix_and_the_words_behind_a_cell(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server + "/stories/farm-spin-1")
    browser.find_element(By.LINK_TEXT, "Facts").click()
    assert _wait(browser, "table.facts")
    conflicts = browser.find_elements(By.CSS_SELECTOR, "td.fact-conflicts")
    assert conflicts, "the spun name or number is a conflicting cell"
    words = conflicts[0].find_element(By.CSS_SELECTOR, "blockquote")
    assert not words.is_displayed()
    conflicts[0].find_element(By.CSS_SELECTOR, "summary").click()
    assert words.is_displayed() and words.text.strip("“”")
    assert browser.find_elements(By.CSS_SELECTOR, "td.fact-agrees")
    browser.get(server + "/stories/evil-farm/facts")  # the hostile copy's story
    assert _wait(browser, "table.facts")
    for summary in browser.find_elements(By.CSS_SELECTOR, "summary")[:20]:
        summary.click()
    _clean(browser)


@pytest.fixture(scope="module")
def watched(tmp_path_factory):
    """A store ``unspin watch`` filled: a hostile feed title and page, a stealth edit."""
    from pathlib import Path

    from unspin.store import Store
    from unspin.watch import Watcher

    from .watchsite import FakeClock, Site

    text = (Path(__file__).resolve().parents[1] / "samples/port-strike/source.txt").read_text(
        encoding="utf-8").split("\n\n", 2)[2]  # fmt: skip
    site = Site()
    evil = '<img src=x onerror="window.__pwned=1">'
    site.feed("/feed.xml", "Wire " + evil, ["/a/1"])
    site.article("/a/1", "Strike " + evil, text + "\n\n" + evil)
    db = tmp_path_factory.mktemp("watchweb") / "watch.db"
    store = Store.open(db)
    clock = FakeClock()
    w = Watcher(store, clock=clock, allow_private=True, warc=db.with_suffix(".warc.gz"),
                pipeline=False, workers=1)  # fmt: skip
    w.add([site.url("/feed.xml")])
    w.check()
    site.article("/a/1", "Strike " + evil, text.replace("3,100", "3,400") + "\n\n" + evil)
    clock.advance(20 * 60)
    assert w.check().alerts
    store.close()
    site.close()
    srv, thread, port = start_server(db)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


def test_watch_page_lists_feeds_alerts_and_the_version_timeline(watched, browser):
    from selenium.webdriver.common.by import By

    browser.get(watched + "/watch")
    assert _wait(browser, "table.watch-feeds tbody tr")
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.watch-pages tbody tr")) == 1
    alerts = browser.find_elements(By.CSS_SELECTOR, "table.watch-alerts tr.alert-stealth_edit")
    assert len(alerts) == 1 and "3,400" in alerts[0].text
    _clean(browser)
    # the alert opens the pair view of the two versions
    alerts[0].find_element(By.CSS_SELECTOR, "a").click()
    assert _wait(browser, "mark.hl")
    _clean(browser)
    # the page's article shows its timeline, the fact change between its versions
    browser.get(watched + "/watch")
    browser.find_element(By.CSS_SELECTOR, "table.watch-pages a").click()
    items = _wait(browser, "section.timeline li")
    assert "1 fact change" in browser.find_element(By.CSS_SELECTOR, "section.timeline").text
    assert items
    _clean(browser)
