"""The web app of `kg serve` in a real headless browser (Debian's chromium through selenium), against the real
server on a free loopback port: a reader searches for a county, opens its page, follows a regulation, opens an
evidence link and finds the span highlighted in the report's text; report text carrying markup runs nothing.
Screenshots of the county, regulation and report pages go to docs/screenshots/ (the README shows them).

Install the browser with scripts/setup-browser.sh; without it these tests are skipped."""
from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import unquote, urlencode, urlparse

import pytest
from conftest import XSS_PAYLOADS
from test_serve_app import report_of, running_server
from test_views_browser import browser  # noqa: F401 - the module's headless Chromium fixture

from kg.serve.reports import read_report

SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


@pytest.fixture(scope="module")
def base(store_dir):
    with running_server(store_dir) as url:
        yield url


@pytest.fixture(scope="module")
def hostile_base(tmp_path_factory, hostile_corpus):
    from kg import build

    out = tmp_path_factory.mktemp("hostile-app")
    build(hostile_corpus).write(out)
    with running_server(out) as url:
        yield url, out


def wait_for(driver, script: str, timeout: float = 20.0):
    t0 = time.monotonic()
    while True:
        value = driver.execute_script(script)
        if value:
            return value
        assert time.monotonic() - t0 < timeout, f"not true after {timeout} s: {script}"
        time.sleep(0.05)


def severe(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def shot(driver, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


def test_serve_reader_goes_from_a_search_to_the_highlighted_sentence(browser, base):  # noqa: F811
    from selenium.webdriver.common.keys import Keys

    browser.get_log("browser")
    browser.get(base + "/")
    box = browser.find_element("id", "kg-q")
    box.send_keys("平阴", Keys.ENTER)
    wait_for(browser, "return location.pathname === '/search'")
    browser.find_element("link text", "平阴县").click()
    wait_for(browser, "return !!document.getElementById('kg-cites')")
    assert browser.find_element("tag name", "h1").text.startswith("平阴县")
    shot(browser, "serve-county")
    assert severe(browser) == []

    browser.find_element("css selector", "#kg-cites a.kg-reg[href*='%E4%BF%A1%E8%AE%BF%E6%9D%A1%E4%BE%8B']").click()
    wait_for(browser, "return !!window.kgChart")  # the chart of its spread is drawn (Chart.js, served by kg)
    assert browser.find_element("tag name", "h1").text.startswith("《信访条例》")
    assert "已废止 no longer in force" in browser.find_element("css selector", ".kg-facts").text
    shot(browser, "serve-regulation")
    assert severe(browser) == []

    link = browser.find_element("css selector", "#kg-quotes a.kg-ev")
    quote = link.text
    href = link.get_attribute("href")
    link.click()
    target = wait_for(browser, "var t = document.querySelector('#kg-text .kg-target'); return t && t.textContent;")
    assert target == quote == "《信访条例》"
    start, end = map(int, urlparse(href).fragment.removeprefix("char=").split(","))
    marked = browser.execute_script(
        "return Array.from(document.querySelectorAll('#kg-text .kg-target')).map(e => [+e.dataset.s, +e.dataset.e]);")
    assert marked[0][0] == start and marked[-1][1] == end
    in_view = browser.execute_script(
        "var r = document.querySelector('#kg-text .kg-target').getBoundingClientRect();"
        "return r.top >= 0 && r.bottom <= window.innerHeight;")
    assert in_view
    panel = browser.find_element("id", "kg-panel")
    assert panel.is_displayed() and "《信访条例》" in panel.text and "贯彻" in panel.text
    shot(browser, "serve-report")
    assert severe(browser) == []
    # the panel links to the entity the span is about
    panel.find_element("link text", "信访条例").click()
    wait_for(browser, "return location.pathname === '/entity'")
    assert "信访条例" in unquote(browser.current_url)


def test_serve_clicking_a_highlight_shows_its_entity_and_statement(browser, base, store_dir):  # noqa: F811
    doc = report_of(store_dir, "pingyin_2023.txt")
    browser.get(f"{base}/report/{doc['id']}")
    marks = browser.find_elements("css selector", "#kg-text mark.kg-k-official")
    assert marks
    marks[0].click()
    panel = browser.find_element("id", "kg-panel")
    official = next(s for s in doc["spans"] if s["kind"] == "official")
    assert official["label"] in panel.text and "任" in panel.text


def test_serve_hostile_report_text_runs_nothing_in_the_browser(browser, hostile_base):  # noqa: F811
    url, out = hostile_base
    doc = read_report(out, next((out / "reports").glob("*.json")).stem)  # the build's one report
    browser.get_log("browser")
    browser.get(f"{url}/report/{doc['id']}")
    wait_for(browser, "return document.querySelectorAll('#kg-text mark').length > 0")
    text = browser.find_element("id", "kg-text").text
    for payload in XSS_PAYLOADS:
        assert payload in text  # shown, as text
    for mark in browser.find_elements("css selector", "#kg-text mark"):
        mark.click()
    assert browser.execute_script("return window.pwned") is None
    assert browser.execute_script("return document.querySelectorAll('#kg-text *:not(mark):not(span), "
                                  "#kg-panel img, #kg-panel svg, #kg-panel script').length") == 0
    browser.get(f"{url}/search?" + urlencode({"q": XSS_PAYLOADS[0]}))
    assert browser.execute_script("return window.pwned") is None
    regulation = next(s["iri"] for s in doc["spans"] if s["kind"] == "regulation" and "onerror" in s["label"])
    browser.get(f"{url}/entity?" + urlencode({"iri": regulation}))
    wait_for(browser, "return document.readyState === 'complete'")
    assert browser.execute_script("return window.pwned") is None
    assert XSS_PAYLOADS[0] in browser.find_element("tag name", "h1").text

