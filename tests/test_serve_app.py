"""The web app of `kg serve`, through the real server (`kg serve` on a free loopback port) and httpx: search, the
county, regulation, entity, report, ego and query pages, their evidence links, CSV/JSON downloads, and report text
that carries markup shown as text. (test_serve_browser.py drives the same pages in a real browser.)"""
from __future__ import annotations

import csv
import io
import json
import re
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import httpx
import pytest
from conftest import XSS_PAYLOADS, kg_server

from kg.rdf import mint
from kg.serve.reports import read_report

PINGYIN = str(mint.division("370124"))
XINFANG_TIAOLI = str(mint.regulation("信访条例"))          # repealed in 2022, cited by pingyin_2021.txt
GONGZUO_TIAOLI = str(mint.regulation("信访工作条例"))


@contextmanager
def running_server(directory: Path, *args: str):
    """The base URL of `kg serve DIRECTORY` on a free loopback port (conftest.kg_server)."""
    with kg_server(directory, *args) as (base, _):
        yield base


@pytest.fixture(scope="module")
def app(store_dir):
    with running_server(store_dir) as base, httpx.Client(base_url=base, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory, hostile_corpus) -> Path:
    from kg import build

    out = tmp_path_factory.mktemp("hostile-built")
    build(hostile_corpus).write(out)
    return out


@pytest.fixture(scope="module")
def hostile_app(hostile_dir):
    with running_server(hostile_dir) as base, httpx.Client(base_url=base, timeout=30) as client:
        yield client


class Page(HTMLParser):
    """Start tags with attributes, and the text inside each element with an id."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text += data

    def links(self, cls: str | None = None) -> list[str]:
        return [a["href"] for t, a in self.tags if t == "a" and a.get("href") and (cls is None or cls in
                                                                                  (a.get("class") or "").split())]


def href(iri: str) -> str:
    """The link to an entity's page."""
    return "/entity?" + urlencode({"iri": iri})


def get(client, path: str, **params) -> httpx.Response:
    r = client.get(path, params=params or None)
    assert r.status_code == 200, (path, params, r.status_code, r.text[:300])
    return r


def entity_page(client, iri: str) -> tuple[httpx.Response, Page]:
    r = get(client, "/entity", iri=iri)
    return r, Page(r.text)


def rows_of(html: str, table_id: str) -> list[list[str]]:
    """The text of each cell of the table with `table_id`, row by row."""
    body = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0].split("<tbody>", 1)[1]
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_serve_pages_are_sent_with_a_policy_that_allows_only_their_own_scripts(app):
    for path in ("/", "/search?q=平阴", "/query", f"/entity?iri={PINGYIN}"):
        r = app.get(path)
        csp = r.headers["content-security-policy"]
        assert r.status_code == 200 and "script-src 'self'" in csp and "default-src 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        srcs = [a["src"] for t, a in Page(r.text).tags if t == "script" and a.get("src")]
        assert all(s.startswith("/static/") for s in srcs)
    assert app.get("/static/chart.umd.min.js").status_code == 200


def test_serve_home_lists_the_counties_and_the_most_cited_regulations(app):
    page = Page(get(app, "/").text)
    assert {"平阴县", "长丰县", "南岸区"} <= set(page.text.split()) | {w for w in page.text.split("\n")}
    assert "《信访工作条例》" in page.text and "4 份报告 reports" in page.text
    assert any(h == href(PINGYIN) for h in page.links())


@pytest.mark.parametrize("q, kind, label", [
    ("平阴", "county", "平阴县"),                        # a short form of a county's name
    ("370124", "county", "平阴县"),                      # its GB/T 2260 code
    ("区信访办", "organization", "南岸区信访办公室"),      # an alias of a body
    ("平阴县信访局", "organization", "平阴县信访局"),
    ("行政复议法", "regulation", "中华人民共和国行政复议法"),  # a regulation's short title
    ("信访工作条例", "regulation", "信访工作条例"),
    ("枫桥经验", "campaign", "枫桥经验"),
    ("张明", "official", "张明"),
])
def test_serve_search_finds_entities_by_name_alias_short_title_and_code(app, q, kind, label):
    html = get(app, "/search", q=q).text
    hits = re.findall(r'kg-k-(\w+)">[^<]*</span> <a href="([^"]+)">([^<]+)</a>', html)
    assert (kind, label) in {(k, text) for k, _, text in hits}, hits
    assert hits[0][2] == label or kind == "regulation"  # the exact name comes first


@pytest.mark.parametrize("q", ["", "   ", "没有这个名字", "<script>alert(1)</script>"])
def test_serve_search_without_a_match_says_so_and_echoes_the_query_as_text(app, q):
    html = get(app, "/search", q=q).text
    assert html.split('<ul class="kg-hits">', 1)[1].split("</ul>", 1)[0].strip() == ""
    assert "<script>alert(1)</script>" not in html
    assert ("没有找到" in html) == bool(q.strip())


def test_serve_county_page_tables_what_it_cites_by_year_with_links_to_the_spans(app, store_dir):
    r, page = entity_page(app, PINGYIN)
    rows = rows_of(r.text, "kg-cites")
    by = {(row[0], row[1]): row for row in rows}
    # 平阴县 cites the repealed 《信访条例》 in 2021 and 《信访工作条例》 in 2023 (two reports, two years)
    assert by[("《信访条例》", "2021")][2:6] == ["贯彻", "1", "2021", "2021"]
    assert by[("《信访工作条例》", "2023")][3:6] == ["1", "2023", "2023"]
    assert ("《中华人民共和国行政复议法》", "2021") in by
    assert all(row[6].startswith("证据1") for row in rows)
    for section in ("报告 Reports", "机构 Bodies", "官员 Officials", "专项活动 Campaigns", "数据 Figures by year"):
        assert section in r.text
    assert "张明" in page.text and "信访工作法治化宣传月" in page.text
    # every evidence link points at a report page and a span whose text is what the row is about
    links = page.links("kg-ev")
    assert len(links) > 20
    for href in links:
        url = urlparse(href)
        report_id = url.path.removeprefix("/report/")
        start, end = map(int, re.fullmatch(r"char=(\d+),(\d+)", url.fragment).groups())
        doc = read_report(store_dir, report_id)
        assert doc is not None and 0 <= start < end <= len(doc["text"])
        assert any(s["start"] == start and s["end"] == end for s in doc["spans"]), href


def test_serve_regulation_page_has_registry_facts_counties_and_its_spread(app):
    r, page = entity_page(app, GONGZUO_TIAOLI)
    assert "现行有效 in force" in page.text and "2022-05-01" in page.text and "中共中央" in page.text
    rows = rows_of(r.text, "kg-citing")
    assert [row[:3] for row in rows] == [["长丰县", "2022", "2022"], ["平阴县", "2023", "2023"], ["南岸区", "2024", "2024"]]
    spread = json.loads(r.text.split('id="kg-spread-data">', 1)[1].split("</script>", 1)[0])
    assert [(s["year"], s["new"], s["total"]) for s in spread] == [(2022, 1, 1), (2023, 1, 2), (2024, 1, 3)]
    assert ("script", {"src": "/static/chart.umd.min.js"}) in page.tags
    quotes = rows_of(r.text, "kg-quotes")
    assert {row[2] for row in quotes} >= {"《信访工作条例》", "《条例》"}  # as each report wrote it
    assert len(page.links("kg-ev")) == len(quotes) >= 3 and all(h.startswith("/report/") for h in page.links("kg-ev"))


def test_serve_regulation_page_of_a_repealed_regulation_says_what_replaced_it(app):
    r, page = entity_page(app, XINFANG_TIAOLI)
    assert "已废止 no longer in force" in page.text
    assert href(GONGZUO_TIAOLI) in page.links()
    assert rows_of(r.text, "kg-citing")[0][:2] == ["平阴县", "2021"]


def test_serve_entity_page_of_a_body_has_facts_links_and_evidence(app):
    r, page = entity_page(app, str(mint.organization("平阴县信访局")))
    assert "kg:jurisdiction" in page.text and "平阴县" in page.text
    assert "局长" in page.text or "党组书记" in page.text  # the posts held in it link to it
    assert page.links("kg-ev") and all(h.startswith("/report/") for h in page.links("kg-ev"))


def report_of(directory: Path, file: str) -> dict:
    """The report file of the report read from `file`."""
    docs = [read_report(directory, p.stem) for p in sorted((directory / "reports").glob("*.json"))]
    return next(d for d in docs if d["file"] == file)


def test_serve_report_page_shows_the_text_with_every_span_highlighted_and_its_metadata(app, store_dir):
    doc = report_of(store_dir, "pingyin_2023.txt")
    r = get(app, f"/report/{doc['id']}")
    page = Page(r.text)
    marks = [a for t, a in page.tags if t == "mark"]
    covered = {i for a in marks for i in map(int, a["data-spans"].split())}
    assert covered == set(range(len(doc["spans"])))  # every span is highlighted
    assert page.text.count(doc["text"][:40]) == 1  # the text, as text
    for key in ("平阴县信访局关于2023年法治政府建设情况的报告", "平阴县信访局", "平阴县", "2023", "pingyin_2023.txt"):
        assert key in page.text
    panel = json.loads(r.text.split('id="kg-spans">', 1)[1].split("</script>", 1)[0])
    assert len(panel) == len(doc["spans"])
    assert any(p["kind"] == "regulation" and "《信访工作条例》" in p["statement"] for p in panel)
    assert all(parse_qs(urlparse(p["href"]).query)["iri"][0] == s["iri"] for p, s in zip(panel, doc["spans"]))


@pytest.mark.parametrize("path, status", [
    ("/report/0123456789abcdef", 404), ("/report/..%2Fsummary", 404), ("/report/not-a-report", 404),
    ("/entity?iri=javascript:alert(1)", 400), ("/entity?iri=https://example.org/nothing", 404),
    ("/ego?iri=https://example.org/nothing", 404), ("/query/download?name=nope", 404),
])
def test_serve_unknown_things_are_answered_with_a_page_that_says_so(app, path, status):
    r = app.get(path)
    assert r.status_code == status and "Traceback" not in r.text


def test_serve_ego_view_is_the_pyvis_view_of_the_entity_with_its_own_policy(app):
    r = get(app, "/ego", iri=PINGYIN)
    assert "<h1>平阴县 · 县级视图 county</h1>" in r.text and "vis-network" in r.text
    csp = r.headers["content-security-policy"]
    assert "'sha256-" in csp and "frame-ancestors 'self'" in csp and "'unsafe-inline'" not in csp.split(";")[1]
    _, county = entity_page(app, PINGYIN)
    assert any(t == "iframe" and a["src"].startswith("/ego?iri=") for t, a in county.tags)


def test_serve_query_page_offers_every_canned_query_with_its_parameters(app):
    from kg.rdf.ontology import canned_queries

    page = Page(get(app, "/query").text)
    names = {a["value"] for t, a in page.tags if t == "input" and a.get("name") == "name"}
    assert names == set(canned_queries())
    fields = {a["name"] for t, a in page.tags if t == "input" and a.get("type") == "text"}
    assert {"county", "year", "title", "organisation"} <= fields
    assert any(t == "textarea" and a.get("name") == "sparql" for t, a in page.tags)


def test_serve_query_page_runs_a_canned_query_and_downloads_it_as_csv_and_json(app):
    r = get(app, "/query", name="regulations_by_county", county="平阴县")
    rows = rows_of(r.text, "kg-result")
    assert rows and all(row[0] == "平阴县" for row in rows)
    assert {row[1] for row in rows} >= {"信访条例", "信访工作条例"}
    page = Page(r.text)
    downloads = page.links("kg-download")
    assert len(downloads) == 2
    as_csv = list(csv.reader(io.StringIO(get(app, downloads[0].replace("&amp;", "&")).text)))
    assert as_csv[0][:3] == ["county", "title", "year"] and len(as_csv) == len(rows) + 1
    as_json = get(app, downloads[1]).json()
    assert len(as_json) == len(rows) and all(rec["county"]["label"] == "平阴县" for rec in as_json)


def test_serve_query_page_shows_a_listing_page_by_page_and_downloads_it_whole(store_dir):
    with running_server(store_dir, "--page-rows", "2") as base, httpx.Client(base_url=base, timeout=30) as client:
        r = get(client, "/query", name="regulations_by_county")
        pages, rows = [Page(r.text)], rows_of(r.text, "kg-result")
        while nxt := [a for t, a in pages[-1].tags if t == "a" and a.get("rel") == "next"]:
            r = get(client, nxt[0]["href"])
            pages.append(Page(r.text))
            rows += rows_of(r.text, "kg-result")
            assert any(a.get("rel") == "first" for t, a in pages[-1].tags if t == "a")
        whole = list(csv.reader(io.StringIO(get(client, "/query/download", name="regulations_by_county",
                                                format="csv").text)))
    assert len(pages) > 1 and "last page" in pages[-1].text
    assert [row[:3] for row in rows] == [row[:3] for row in whole[1:]]


@pytest.mark.parametrize("sparql, shown", [
    ("SELECT ?file WHERE { ?r a kg:Report ; dcterms:source ?file } ORDER BY ?file", "pingyin_2021.txt"),
    ('ASK { ?r dcterms:source "pingyin_2021.txt" }', "true"),
    ("CONSTRUCT { ?r dcterms:source ?f } WHERE { ?r dcterms:source ?f }", "pingyin_2021.txt"),
])
def test_serve_query_page_runs_sparql_from_the_editor(app, sparql, shown):
    r = app.post("/query", data={"sparql": sparql})
    assert r.status_code == 200 and 'id="kg-result"' in r.text and shown in r.text


@pytest.mark.parametrize("sparql, message", [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "updates are refused"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE is refused"),
    ("SELECT * WHERE { ?s ?p", "SPARQL syntax error"),
])
def test_serve_query_page_says_why_a_query_is_refused(app, sparql, message):
    r = app.post("/query", data={"sparql": sparql})
    assert r.status_code == 200 and message in Page(r.text).text


def test_serve_hostile_report_text_stays_text_on_every_page(hostile_app, hostile_dir):
    doc = read_report(hostile_dir, next((hostile_dir / "reports").glob("*.json")).stem)
    pages = [get(hostile_app, f"/report/{doc['id']}").text, get(hostile_app, "/").text,
             get(hostile_app, "/search", q="条例").text, get(hostile_app, "/search", q=XSS_PAYLOADS[0]).text]
    if doc["place"]:
        pages.append(get(hostile_app, "/entity", iri=doc["place"]["iri"]).text)
    regulation = next(s["iri"] for s in doc["spans"] if s["kind"] == "regulation" and "onerror" in s["label"])
    pages.append(get(hostile_app, "/entity", iri=regulation).text)
    pages.append(get(hostile_app, "/query", name="regulations_by_county").text)
    shown = ""
    for html in pages:
        for payload in XSS_PAYLOADS:
            assert payload not in html
        for tag, attrs in Page(html).tags:
            assert tag not in ("img", "svg", "object", "embed"), tag
            assert not any(k.startswith("on") for k in attrs), attrs
            assert not any((attrs.get(k) or "").strip().lower().startswith("javascript:")
                           for k in ("href", "src", "action", "formaction")), attrs
        shown += Page(html).text
    for payload in XSS_PAYLOADS:  # every payload is on a page, as text
        assert payload in shown


# The app's queries as they read before they were rewritten for speed (seeded graphs, subqueries first): plain
# patterns over the union of every graph. The rewritten ones must give the same rows.
WHOLE_GRAPH = {
    "entity_evidence": """SELECT DISTINCT ?id ?reportLabel ?year ?start ?end ?exact ?sentence ?entity WHERE {
        { ?entity kg:evidence ?ev } UNION { ?citation kg:citedRegulation ?entity ; kg:evidence ?ev }
        ?ev kg:inSentence ?s . ?s rdf:value ?sentence ; oa:start ?from ; oa:hasSource ?report .
        ?report kg:contentHash ?id ; rdfs:label ?reportLabel . OPTIONAL { ?report kg:year ?year }
        BIND(STRAFTER(STR(?ev), "#char=") AS ?span) BIND(xsd:integer(STRBEFORE(?span, ",")) AS ?start)
        BIND(xsd:integer(STRAFTER(?span, ",")) AS ?end) BIND(SUBSTR(?sentence, ?start - ?from + 1, ?end - ?start) AS ?exact)
        }""",
    "entity_links": """SELECT DISTINCT ?subject ?property ?subjectLabel ?type ?entity WHERE {
        ?subject ?property ?entity ; rdfs:label ?subjectLabel . OPTIONAL { ?subject a ?type } }""",
    "entity_reports": """SELECT DISTINCT ?id ?entity WHERE { GRAPH ?g { ?report a kg:Report ; kg:contentHash ?id .
        { ?x ?p ?entity } UNION { ?entity ?q ?y } } }""",
    "regulation_counties": """SELECT ?region ?county ?reports ?firstYear ?lastYear ?regulation WHERE {
        ?summary kg:ofRegulation ?regulation ; kg:ofRegion ?region ; kg:reportCount ?reports .
        OPTIONAL { ?summary kg:firstYear ?firstYear } OPTIONAL { ?summary kg:lastYear ?lastYear }
        ?region rdfs:label ?county }""",
    "county_bodies": """SELECT DISTINCT ?body ?name ?kind ?year ?id ?start ?end ?sentence ?county WHERE {
        ?report kg:aboutRegion ?county ; kg:contentHash ?id ; schema:mentions ?body . ?body a org:Organization ;
        rdfs:label ?name . OPTIONAL { ?body org:classification ?kind } OPTIONAL { ?report kg:year ?year }
        OPTIONAL { ?body kg:evidence ?ev . ?ev kg:inSentence ?s . ?s rdf:value ?sentence
                   FILTER(STRSTARTS(STR(?ev), STR(?report))) }
        BIND(STRAFTER(STR(?ev), "#char=") AS ?span) BIND(xsd:integer(STRBEFORE(?span, ",")) AS ?start)
        BIND(xsd:integer(STRAFTER(?span, ",")) AS ?end) }""",
    "county_officials": """SELECT DISTINCT ?person ?name ?post ?body ?bodyName ?year ?id ?start ?end ?sentence ?county
        WHERE { ?report kg:aboutRegion ?county ; kg:contentHash ?id ; schema:mentions ?person .
        ?person a foaf:Person ; foaf:name ?name ; org:holds ?p . ?p rdfs:label ?post .
        OPTIONAL { ?p org:postIn ?body . ?body rdfs:label ?bodyName } OPTIONAL { ?report kg:year ?year }
        OPTIONAL { ?person kg:evidence ?ev . ?ev kg:inSentence ?s . ?s rdf:value ?sentence
                   FILTER(STRSTARTS(STR(?ev), STR(?report))) }
        BIND(STRAFTER(STR(?ev), "#char=") AS ?span) BIND(xsd:integer(STRBEFORE(?span, ",")) AS ?start)
        BIND(xsd:integer(STRAFTER(?span, ",")) AS ?end) }""",
}
BODY = str(mint.organization("平阴县信访局"))


@pytest.mark.parametrize("name, entity", [
    ("entity_evidence", GONGZUO_TIAOLI), ("entity_evidence", XINFANG_TIAOLI), ("entity_evidence", BODY),
    ("entity_evidence", PINGYIN), ("entity_links", GONGZUO_TIAOLI), ("entity_links", BODY),
    ("entity_links", PINGYIN), ("entity_reports", GONGZUO_TIAOLI), ("entity_reports", BODY),
    ("entity_reports", PINGYIN), ("regulation_counties", GONGZUO_TIAOLI), ("regulation_counties", XINFANG_TIAOLI),
    ("county_bodies", PINGYIN), ("county_officials", PINGYIN),
])
def test_serve_data_app_queries_answer_as_plain_patterns_over_the_whole_graph_do(store_dir, name, entity):
    import pyoxigraph as ox

    from kg.rdf.namespaces import PREFIX_IRIS
    from kg.rdf.store import open_store
    from kg.serve.data import Iri, app_queries, run_app_query

    store = open_store(store_dir)
    (var,) = app_queries()[name].parameters
    got = run_app_query(store, name, {var: Iri(entity)}, 10_000)
    answer = store.query(WHOLE_GRAPH[name], prefixes=PREFIX_IRIS, use_default_graph_as_union=True,
                         substitutions={ox.Variable(var): ox.NamedNode(entity)})
    columns = [v.value for v in answer.variables]
    expected = [{c: s[c].value if s[c] is not None else None for c in columns} for s in answer]
    assert got or (name, entity) == ("entity_evidence", PINGYIN), (name, entity)  # a division has no spans
    assert sorted(map(repr, ({k: None if v is None else str(v) for k, v in r.items()} for r in got))) == \
        sorted(map(repr, expected))


def test_serve_county_page_shows_its_reports_page_by_page_newest_first(app, store_dir):
    """A county page reads one page of the county's reports (`--county-reports`): every section is about them, the
    first and last year of a citation are over all of them, and the pages and years link to each other."""
    whole = rows_of(get(app, "/entity", iri=PINGYIN).text, "kg-cites")
    with running_server(store_dir, "--county-reports", "1") as base, httpx.Client(base_url=base, timeout=30) as client:
        r = get(client, "/entity", iri=PINGYIN)
        first = r.text.replace("&amp;", "&")
        pages, cites = [Page(r.text)], [rows_of(r.text, "kg-cites")]
        while nxt := [a for t, a in pages[-1].tags if t == "a" and a.get("rel") == "next"]:
            r = get(client, nxt[0]["href"].replace("&amp;", "&"))
            pages.append(Page(r.text))
            cites.append(rows_of(r.text, "kg-cites"))
    years = [[row[1] for row in rows] for rows in cites]
    assert len(pages) == 2 and years[0] and set(years[0]) == {"2023"} and set(years[1]) == {"2021"}
    assert "本页：第 1–1 份报告（共 2 份" in pages[0].text and "第 2–2 份报告" in pages[1].text
    assert "报告 Reports" in pages[0].text and "pingyin_2023" in pages[0].text and "pingyin_2021" not in pages[0].text
    # the rows of the pages together are the rows of the whole page, first and last years included
    assert sorted(row for rows in cites for row in rows) == sorted(whole)
    assert 'start=1">2021</a> (1)' in first and '">2023</a> (1)' in first  # each year links to its page
    assert not [a for t, a in pages[0].tags if t == "a" and a.get("rel") == "prev"]
    assert [a for t, a in pages[1].tags if t == "a" and a.get("rel") == "prev"]
