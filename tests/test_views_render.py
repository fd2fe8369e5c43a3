"""The HTML views as text: which pages there are, that they are deterministic, offline and escape report text.
(test_views_browser.py opens them in a real browser.)"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import networkx as nx
import pytest
from conftest import REPO, XSS_PAYLOADS

from kg.views import ViewError, render_all, render_view
from kg.views.overview import overview
from kg.views.page import tooltip
from kg.views.select import nodes_of, page_path


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <script> by type."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[str, str]] = []
        self._in_script = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs).get("type", "")
            self.scripts.append((self._in_script, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            kind, text = self.scripts[-1]
            self.scripts[-1] = (kind, text + data)

    def data(self) -> dict:
        return json.loads(next(text for kind, text in self.scripts if kind == "application/json"))


def is_local(url: str) -> bool:
    """A relative URL (no scheme, no host): on a page opened from disk, a file beside it."""
    return not re.match(r"[a-z][a-z0-9+.-]*:", url, re.I) and not url.startswith("//")


@pytest.fixture(scope="module")
def site(examples_graph) -> dict[str, str]:
    return render_all(examples_graph)


def test_render_all_has_an_index_overview_and_a_page_per_county_organisation_and_regulation(examples_graph, site):
    G = examples_graph
    expected = {"index.html", "views/overview.html", "views/county-regulation.html"}
    for kind in ("county", "organization", "regulation"):
        expected |= {page_path(G, n) for n in nodes_of(G, kind)}
    pages = {p for p in site if p.endswith(".html")}
    assert pages == expected
    assert len([p for p in pages if p.startswith("views/county/")]) == 3
    assert {"views/assets/vis-network.min.js", "views/assets/view.js"} <= site.keys()


def test_index_links_every_view(site):
    hrefs = {a["href"] for tag, a in Tags(site["index.html"]).tags if tag == "a"}
    assert hrefs == {p for p in site if p.endswith(".html") and p != "index.html"}


def test_views_are_byte_identical_whatever_the_insertion_order(examples_graph, site):
    G = examples_graph
    R = nx.MultiDiGraph()
    R.add_nodes_from(reversed(list(G.nodes(data=True))))
    R.add_edges_from(reversed(list(G.edges(data=True))))
    assert render_all(R) == site
    assert render_view(R) == render_view(G)


@pytest.mark.parametrize("page", ["index.html", "views/overview.html", "views/county-regulation.html",
                                  "views/county/370124.html"])
def test_pages_request_nothing_off_the_machine(site, page):
    tags = Tags(site[page]).tags
    urls = [a[k] for _, a in tags for k in ("src", "href") if a.get(k)]
    assert urls, "a page links its styles and scripts"
    assert all(is_local(u) for u in urls), urls
    csp = next(a["content"] for t, a in tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert csp.startswith("default-src 'none'") and "http" not in csp


def test_single_view_is_one_file_whose_inline_scripts_are_the_only_ones_allowed(examples_graph):
    parsed = Tags(render_view(examples_graph, "平阴县"))
    assert not [a for _, a in parsed.tags if a.get("src") or a.get("href")]
    code = [text for kind, text in parsed.scripts if kind == ""]
    assert len(code) == 2 and "vis-network" in code[0]
    csp = next(a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    for text in code:
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0]


def test_report_text_reaches_pages_as_text_never_as_markup(hostile_graph):
    pages = {p: h for p, h in render_all(hostile_graph).items() if p.endswith(".html")}
    pages["standalone.html"] = render_view(hostile_graph)
    shown = ""
    for path, page in pages.items():
        parsed = Tags(page)
        for tag, attrs in parsed.tags:
            assert tag not in ("img", "svg", "iframe", "object"), (path, tag)
            assert not any(k.startswith("on") for k in attrs), (path, tag, attrs)
            assert not any("javascript:" in (v or "") for v in attrs.values()), (path, attrs)
        assert len([t for t, _ in parsed.tags if t == "script"]) == (1 if path == "index.html" else 3), path
        for payload in XSS_PAYLOADS:
            assert payload not in page, (path, payload)
        if path != "index.html":
            shown += json.dumps(parsed.data(), ensure_ascii=False)
    for payload in XSS_PAYLOADS:  # every payload is shown somewhere, as text
        assert payload in shown


def test_index_shows_entity_names_escaped(hostile_graph):
    page = render_all(hostile_graph)["index.html"]
    assert "&lt;img src=x onerror=window.pwned=1&gt;条例" in page


def test_tooltip_is_plain_text_with_kind_name_aliases_and_evidence_with_its_report(examples_graph):
    from kg.rdf import mint

    text = tooltip(examples_graph, str(mint.organization("南岸区信访办公室")))
    lines = text.split("\n")
    assert lines[0].startswith("[机构 organisation] 南岸区信访办公室")
    assert "别名 aliases: 区信访办、重庆市南岸区信访办公室" in lines
    assert "  — 报告 report: 重庆市南岸区信访办公室关于2024年法治政府建设情况的报告" in lines  # the title, not 《file》
    assert any(line.startswith("“") and "信访" in line for line in lines)
    assert not any(line.startswith("《") for line in lines)


@pytest.mark.parametrize("county, others", [
    ("平阴县", ("长丰县", "南岸区")),
    ("长丰县", ("平阴县", "南岸区")),
    ("南岸区", ("平阴县", "长丰县")),
])
def test_county_view_tooltips_quote_only_the_countys_own_reports(examples_graph, county, others):
    """《信访工作条例》 is cited by all three counties: on one county's page its tooltip quotes that county's
    reports, never another county's."""
    page = Tags(render_view(examples_graph, county)).data()
    for node in page["nodes"]:
        for line in node["title"].split("\n"):
            if line.startswith("  — 报告 report: "):
                assert not any(other in line for other in others), (node["label"], line)
                assert county in line


def test_county_page_has_a_table_of_what_the_county_cites(site, examples_graph):
    from kg.rdf import mint

    page = site["views/county/370124.html"]
    parsed = Tags(page)
    table = page.split('<section id="kg-table"', 1)[1].split("</section>", 1)[0]
    for title in ("中华人民共和国宪法", "信访工作条例", "平阴县信访事项办理规程"):
        assert f"《{title}》</a>" in table
    hrefs = {a["href"] for t, a in parsed.tags if t == "a" and a.get("href", "").startswith("../regulation/")}
    assert "../" + page_path(examples_graph, str(mint.regulation("信访工作条例"))).removeprefix("views/") in hrefs
    assert "<td>学习</td>" in table and "<td>2023</td>" in table


def test_index_has_a_find_box_and_says_how_to_read_each_view(site):
    page = site["index.html"]
    tags = Tags(page).tags
    assert any(t == "input" and a.get("id") == "kg-find" for t, a in tags)
    assert any(t == "script" and a.get("src") == "views/assets/index.js" for t, a in tags)
    assert page.count('class="kg-how"') >= 6  # one for the views in general, one per view and list
    assert "views/assets/index.js" in site


def test_nodes_on_a_ring_stand_a_label_apart():
    from kg.views.layout import LABEL_GAP, shells

    star = nx.star_graph(60)
    star = nx.relabel_nodes(star, {n: f"n{n:02d}" for n in star})
    pos = shells(star, "n00")
    leaves = [pos[n] for n in sorted(pos) if n != "n00"]
    gaps = [((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for a, b in zip(leaves, leaves[1:] + leaves[:1])]
    assert min(gaps) >= LABEL_GAP - 2  # whole pixels


def test_county_regulation_view_links_counties_to_regulations_labelled_by_year(site, examples_graph):
    data = Tags(site["views/county-regulation.html"]).data()
    kinds = {n["id"]: n["kind"] for n in data["nodes"]}
    assert data["edges"]
    for e in data["edges"]:
        assert (kinds[e["from"]], kinds[e["to"]]) == ("division", "regulation")
        assert e["label"] == "、".join(map(str, e["years"])) and e["years"]


def test_regulation_view_says_which_counties_cite_it_first_in_which_year(examples_graph):
    page = render_view(examples_graph, "信访工作条例", kind="regulation")
    assert re.search(r"first cited by county — 2022: 长丰县 · 2023: 平阴县 · 2024: 南岸区", page)
    data = Tags(page).data()
    assert {n["label"] for n in data["nodes"]} >= {"信访工作条例", "长丰县", "平阴县", "南岸区"}


@pytest.mark.parametrize("entity, kind, title", [
    ("平阴县", None, "平阴县 · 县级视图 county"),
    ("370124", None, "平阴县 · 县级视图 county"),
    ("区信访办", None, "南岸区信访办公室 · 机构 organisation"),               # an alias
    ("信访工作条例", "regulation", "《信访工作条例》 · 法规 regulation"),
    ("阳光信访", "campaign", "阳光信访 · 活动 campaign"),
    (None, None, "总览 Overview"),
    (None, "county-regulation", "县 × 法规 Counties × regulations"),
    (None, "regulation", "总览 Overview"),
])
def test_render_view_finds_the_entity_or_view_asked_for(examples_graph, entity, kind, title):
    page = render_view(examples_graph, entity, kind=kind)
    assert f"<h1>{title}</h1>" in page
    assert Tags(page).data()["nodes"]


@pytest.mark.parametrize("entity, kind, message", [
    ("宁阳县", None, "no entity named '宁阳县'"),
    ("平阴县", "regulation", "no entity named '平阴县'"),
    ("信访", None, "Did you mean"),
    (None, "graph", "unknown kind 'graph'"),
])
def test_render_view_explains_what_it_cannot_find(examples_graph, entity, kind, message):
    with pytest.raises(ViewError, match=re.escape(message)):
        render_view(examples_graph, entity, kind=kind)


def test_ego_view_of_a_county_has_its_bodies_regulations_campaigns_and_figures(site):
    data = Tags(site["views/county/370124.html"]).data()
    kinds = {n["kind"] for n in data["nodes"]}
    assert {"division", "report", "organization", "official", "regulation", "campaign", "metric"} <= kinds
    centre = [n for n in data["nodes"] if n.get("borderWidth") == 4]
    assert [n["label"] for n in centre] == ["平阴县"]


def test_large_overview_is_capped_with_a_notice_and_laid_out_without_physics(large_graph):
    view = overview(large_graph)
    assert len(view.nodes) == 5000
    assert f"Showing the 5000 best-connected of {len(large_graph)} nodes" in view.notice
    assert view.options["physics"]["enabled"] is False
    spots = {(n["x"], n["y"]) for n in view.nodes}
    assert len(spots) > 0.99 * len(view.nodes)  # the layout spreads the nodes out


def test_small_views_keep_physics_and_are_not_capped(examples_graph):
    view = overview(examples_graph)
    assert view.notice == "" and len(view.nodes) == len(examples_graph)
    assert view.options["physics"]["enabled"] is True


def test_views_of_the_shared_seed_reports_all_draw_something_offline(require_shared):
    from kg import build

    site = render_all(build(require_shared / "corpus" / "seeds").nx)
    views = [p for p in site if p.startswith("views/") and p.endswith(".html")]
    assert len(views) > 10
    for path in views:
        parsed = Tags(site[path])
        assert parsed.data()["nodes"], path
        assert all(is_local(a.get("src") or a.get("href") or "") for _, a in parsed.tags), path


def test_views_see_edges_added_between_two_renderings(tmp_path):
    """Nothing is remembered between renderings: after edges are added between existing nodes, a view shows the
    new degrees and edges (a memo keyed on the number of nodes once kept the old ones)."""
    from kg import build
    from kg.views.select import degree

    G = build(REPO / "examples").nx
    regulation = next(n for n, d in G.nodes(data=True) if d["kind"] == "regulation")
    report = next(n for n, d in G.nodes(data=True) if d["kind"] == "report")

    def size_and_edges():
        data = Tags(render_view(G)).data()  # the overview: sizes by degree, one edge per pair and predicate
        node = next(x for x in data["nodes"] if x["id"] == regulation)
        return node["size"], len(data["edges"])

    before = size_and_edges()
    assert degree(G, regulation) == G.degree(regulation)
    for _ in range(6):
        G.add_edge(report, regulation, predicate="mentions", report="x", year=2024)
    after = size_and_edges()
    assert degree(G, regulation) == G.degree(regulation)
    assert after[0] > before[0] and after[1] > before[1]
