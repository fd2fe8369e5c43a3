"""The views in a real headless browser (Debian's chromium and chromium-driver, driven by selenium): each page
loads with no request off the machine, draws its network, logs no error, and runs no script from report
text. A screenshot of each view is saved in tests/screenshots/ for people to look at.

Install the browser with scripts/setup-browser.sh; without it these tests are skipped."""
from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import XSS_PAYLOADS

from kg.io import write_atomic
from kg.views import render_all, render_view

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--window-size=1400,1000", "--lang=zh-CN")
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module, logging every network request and console message."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    chromium = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    driver_path = CHROMEDRIVER if Path(CHROMEDRIVER).exists() else shutil.which("chromedriver")
    if not chromium or not driver_path:
        pytest.skip("no chromium/chromedriver on this machine: run scripts/setup-browser.sh to install them")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    SCREENSHOTS.mkdir(exist_ok=True)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory, examples_graph, hostile_graph, large_graph) -> Path:
    """The views of the examples (as `kg build` writes them), of the hostile graph, and two single-file views."""
    root = tmp_path_factory.mktemp("views")
    for name, G in (("examples", examples_graph), ("hostile", hostile_graph)):
        for path, content in render_all(G).items():
            write_atomic(root / name / path, content)
    write_atomic(root / "single" / "county.html", render_view(examples_graph, "平阴县"))
    write_atomic(root / "single" / "large.html", render_view(large_graph))
    return root


@dataclass
class Load:
    requests: list[str]
    failed: list[dict]
    errors: list[dict]
    nodes: int
    seconds: float


def load(driver, page: Path, network: bool = True, timeout: float = 30.0) -> Load:
    """Open `page`, wait until its network is drawn, and say what it requested, what failed and what it logged."""
    driver.get_log("performance")
    driver.get_log("browser")
    t0 = time.perf_counter()
    driver.get(page.as_uri())
    nodes = 0
    if network:
        while not driver.execute_script("return !!(window.kgView && window.kgView.drawn)"):
            assert time.perf_counter() - t0 < timeout, f"{page} was not drawn in {timeout} s"
            time.sleep(0.05)
        nodes = driver.execute_script("return window.kgView.nodes.length")
    seconds = time.perf_counter() - t0
    requests, failed = [], []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requests.append(message["params"]["request"]["url"])
        elif message["method"] == "Network.loadingFailed":
            failed.append(message["params"])
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    return Load(requests, failed, errors, nodes, seconds)


def screenshot(driver, name: str) -> None:
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


def county_page(root: Path) -> Path:
    return root / "views" / "county" / "370124.html"


VIEWS = {
    "index": lambda r: r / "examples" / "index.html",
    "overview": lambda r: r / "examples" / "views" / "overview.html",
    "county-regulation": lambda r: r / "examples" / "views" / "county-regulation.html",
    "county": lambda r: county_page(r / "examples"),
    "organization": lambda r: sorted((r / "examples" / "views" / "organization").glob("*.html"))[0],
    "regulation": lambda r: sorted((r / "examples" / "views" / "regulation").glob("*.html"))[0],
    "single-file county": lambda r: r / "single" / "county.html",
}


@pytest.mark.parametrize("view", list(VIEWS))
def test_view_loads_offline_draws_and_logs_no_error(browser, pages, view):
    page = VIEWS[view](pages)
    got = load(browser, page, network=view != "index")
    screenshot(browser, view.replace(" ", "-"))
    assert got.requests and all(u.startswith(("file://", "data:")) for u in got.requests), got.requests
    assert got.failed == []
    assert got.errors == []
    if view == "index":
        assert len(browser.find_elements("css selector", "a[href$='.html']")) > 10
    else:
        assert got.nodes > 0
        assert browser.execute_script("return window.kgView.nodesView.length") == got.nodes


def test_links_between_views_work(browser, pages):
    load(browser, pages / "examples" / "index.html", network=False)
    browser.find_element("link text", "县 × 法规 Counties × regulations").click()
    assert browser.current_url.endswith("views/county-regulation.html")
    browser.find_element("partial link text", "index").click()
    assert browser.current_url.endswith("/index.html")


def test_large_overview_opens_capped_and_filters(browser, pages):
    got = load(browser, pages / "single" / "large.html")
    screenshot(browser, "overview-5000")
    assert got.nodes == 5000 and got.errors == [] and got.failed == []
    assert got.seconds < 20
    assert "5000" in browser.find_element("id", "kg-notice").text
    browser.find_element("css selector", "input[name=kind][value=metric]").click()
    shown = browser.execute_script("return window.kgView.nodesView.length")
    metrics = browser.execute_script("return window.kgView.nodes.get({filter: n => n.kind === 'metric'}).length")
    assert shown == 5000 - metrics and metrics > 1000
    assert browser.find_element("id", "kg-count").text == f"{shown} / 5000 nodes"


def test_year_filter_keeps_nodes_of_that_year(browser, pages):
    load(browser, pages / "examples" / "views" / "overview.html")
    before = browser.execute_script("return window.kgView.nodesView.length")
    browser.find_element("css selector", "#kg-year option[value='2023']").click()
    ids = browser.execute_script("return window.kgView.nodesView.getIds()")
    years = browser.execute_script("return window.kgView.nodesView.get().map(n => n.years)")
    assert 0 < len(ids) < before
    assert all(not ys or 2023 in ys for ys in years)


def test_search_selects_an_entity_whose_details_link_to_its_own_view(browser, pages):
    from selenium.webdriver.common.keys import Keys

    load(browser, pages / "examples" / "views" / "overview.html")
    browser.find_element("id", "kg-search").send_keys("平阴县信访局", Keys.ENTER)
    from kg.rdf import mint

    assert browser.execute_script("return window.kgView.network.getSelectedNodes()") == [
        str(mint.organization("平阴县信访局"))]
    details = browser.find_element("id", "kg-details")
    assert details.find_element("tag name", "h2").text == "[机构 organisation] 平阴县信访局 (bureau)"
    details.find_element("tag name", "a").click()
    assert "/views/organization/" in browser.current_url
    assert browser.find_element("tag name", "h1").text == "平阴县信访局 · 机构 organisation"


def hover_and_select(driver, node_id: str) -> tuple[str, str]:
    """Centre the node, move the mouse onto it and click it: the tooltip's and the details panel's text."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_script("window.kgView.network.focus(arguments[0], {scale: 1.5, animation: false});", node_id)
    canvas = driver.find_element("css selector", "#kg-network canvas")
    ActionChains(driver).move_to_element(canvas).move_by_offset(1, 1).move_by_offset(-1, -1).perform()
    tip = WebDriverWait(driver, 5).until(lambda d: d.execute_script(
        "var t = document.querySelector('div.vis-tooltip');"
        "return t && t.style.visibility !== 'hidden' && t.textContent ? t.textContent : null;"))
    ActionChains(driver).click(canvas).perform()
    details = WebDriverWait(driver, 5).until(lambda d: d.execute_script(
        "var p = document.getElementById('kg-details'); return p.hidden ? null : p.textContent;"))
    return tip, details


@pytest.mark.parametrize("page, kind, name", [
    ("views/overview.html", "regulation", XSS_PAYLOADS[0] + "条例"),
    ("views/overview.html", "campaign", XSS_PAYLOADS[3] + "专项行动"),
    ("views/county/370921.html", "metric", "</script>信访积案"),
    ("views/county-regulation.html", "regulation", XSS_PAYLOADS[0] + "条例"),
])
def test_hostile_names_show_as_text_and_run_nothing(browser, pages, hostile_graph, page, kind, name):
    node = next(n for n, d in hostile_graph.nodes(data=True) if d["kind"] == kind and str(d["label"]).startswith(name))
    got = load(browser, pages / "hostile" / page)
    assert got.errors == [] and got.nodes > 0
    assert browser.execute_script("return window.pwned") is None
    tip, details = hover_and_select(browser, node)
    assert name in tip and name in details
    assert browser.execute_script("return window.pwned") is None
    assert browser.execute_script("return document.querySelectorAll('img, svg, iframe, script:not([src]):not([type])"
                                  ", a[href^=javascript]').length") == 0
    screenshot(browser, "hostile-" + page.split("/")[-1].removesuffix(".html"))


def test_hostile_index_shows_names_as_text(browser, pages):
    got = load(browser, pages / "hostile" / "index.html", network=False)
    assert got.errors == []
    texts = [a.text for a in browser.find_elements("css selector", "a")]
    assert f"{XSS_PAYLOADS[0]}条例" in texts
    assert browser.execute_script("return window.pwned") is None
