"""`kg serve`: the real server (the `kg serve` command, uvicorn, on a free loopback port) over a built graph,
used by real clients — SPARQLWrapper, rdflib's SPARQLStore and httpx — in every protocol form and result format;
updates, SERVICE, FROM and the dataset parameters refused; a pathological query answered with an error while
the server goes on serving."""
from __future__ import annotations

import csv
import io
import json
import signal
import subprocess
import sys
import threading
import time
import urllib.error
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, URLENCODED, XML
from SPARQLWrapper import SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from conftest import free_port, kg_server

from kg.rdf.namespaces import KG, prologue
from kg.serve.app import printable
from kg.serve.sparql import SD

TIMEOUT, MAX_ROWS = 1, 2000  # the server's limits in these tests
SELECT = "SELECT ?report ?title ?year WHERE { ?report a kg:Report ; dcterms:title ?title ; kg:year ?year } ORDER BY ?title"
CONSTRUCT = ("CONSTRUCT { ?report dcterms:title ?title ; kg:year ?year } "
             "WHERE { ?report a kg:Report ; dcterms:title ?title ; kg:year ?year }")
ASK = 'ASK { ?report a kg:Report ; dcterms:source "pingyin_2021.txt" }'
CROSS_JOIN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CROSS_JOIN_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def server(store_dir, tmp_path_factory):
    """The base URL of `kg serve STORE_DIR` on a free loopback port (default host), and its log file."""
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with kg_server(store_dir, "--workers", "2", "--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS),
                   log=log) as (base, proc):
        yield base, log
        proc.terminate()  # SIGTERM: uvicorn shuts down (then ends by the signal), and the workers with it
        assert proc.wait(timeout=20) in (0, -signal.SIGTERM) and "Finished server process" in log.read_text()
    deadline = time.monotonic() + 10
    while session_members(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert session_members(proc.pid) == []


def session_members(session: int) -> list[int]:
    """Processes of a session (the server's workers and fork server, should any outlive it)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


@pytest.fixture(scope="module")
def truth(store_dir):
    """What the queries answer when run in-process on the same store."""
    from kg.rdf.store import open_store
    from kg.rdf.namespaces import PREFIX_IRIS

    store = open_store(store_dir)

    def run(q):
        return store.query(q, prefixes=PREFIX_IRIS, use_default_graph_as_union=True)

    rows = [[s[v].value for v in ("report", "title", "year")] for s in run(SELECT)]
    graph = Graph()
    for t in run(CONSTRUCT):
        o = t.object
        graph.add((URIRef(t.subject.value), URIRef(t.predicate.value), Literal(o.value, lang=o.language) if
                   o.language else Literal(o.value, datatype=URIRef(o.datatype.value))))
    assert len(rows) == 4 and len(graph) == 8
    return {"rows": rows, "graph": graph, "ask": bool(run(ASK))}


def wrapper(base: str, query: str, fmt: str, method: str = "GET", request_method: str = URLENCODED):
    sparql = SPARQLWrapper(base + "/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    if method == POST:
        sparql.setMethod(POST)
        sparql.setRequestMethod(request_method)
    return sparql.query()


def rows_of(body: bytes, fmt: str) -> list[list[str]]:
    """The rows of a SPARQL results document as lists of lexical forms."""
    if fmt == "csv":
        table = list(csv.reader(io.StringIO(body.decode("utf-8"))))
        return table[1:]
    parsed = ox.parse_query_results(body, format={"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                                                  "tsv": ox.QueryResultsFormat.TSV}[fmt])
    return [[s[v.value].value for v in parsed.variables] for s in parsed]


# ------------------------------------------------------------------------------------------------ SPARQLWrapper

PROTOCOL_FORMS = [("GET", URLENCODED), (POST, URLENCODED), (POST, POSTDIRECTLY)]


@pytest.mark.parametrize("method, request_method", PROTOCOL_FORMS)
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_serve_sparqlwrapper_selects_in_every_format_and_protocol_form(server, truth, fmt, method, request_method):
    result = wrapper(server[0], SELECT, fmt, method, request_method)
    body = result.response.read()
    assert rows_of(body, fmt) == truth["rows"]
    expected_type = {JSON: "application/sparql-results+json", XML: "application/sparql-results+xml",
                     CSV: "text/csv", TSV: "text/tab-separated-values"}[fmt]
    assert result.info()["content-type"].startswith(expected_type)


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_serve_sparqlwrapper_asks(server, truth, fmt):
    answer = wrapper(server[0], ASK, fmt).convert()
    got = answer["boolean"] if fmt == JSON else answer.getElementsByTagName("boolean")[0].firstChild.data == "true"
    assert got is truth["ask"] is True


@pytest.mark.parametrize("method, request_method", PROTOCOL_FORMS)
@pytest.mark.parametrize("fmt", [TURTLE, N3, JSONLD, RDFXML, XML])
def test_serve_sparqlwrapper_constructs_in_every_rdf_format(server, truth, fmt, method, request_method):
    graph = wrapper(server[0], CONSTRUCT, fmt, method, request_method).convert()
    if fmt in (TURTLE, N3):  # SPARQLWrapper hands these over as text
        graph = Graph().parse(data=graph, format="turtle")
    assert isinstance(graph, Graph) and isomorphic(graph, truth["graph"])


def test_serve_sparqlwrapper_describes(server):
    graph = wrapper(server[0], "DESCRIBE ?r WHERE { ?r dcterms:source 'pingyin_2021.txt' }", JSONLD).convert()
    reports = list(graph.subjects(RDF.type, KG.Report))
    assert len(reports) == 1 and graph.value(reports[0], DCTERMS.source) == Literal("pingyin_2021.txt")


@pytest.mark.parametrize("query", ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "CLEAR ALL"])
@pytest.mark.parametrize("request_method", [URLENCODED, POSTDIRECTLY])
def test_serve_sparqlwrapper_update_is_refused(server, query, request_method):
    sparql = SPARQLWrapper(server[0] + "/sparql")
    sparql.setQuery(query)
    sparql.setMethod(POST)
    sparql.setRequestMethod(request_method)
    with pytest.raises(urllib.error.HTTPError) as e:
        sparql.query()
    assert e.value.code == 403 and "updates are refused" in e.value.read().decode("utf-8")


def test_serve_sparqlwrapper_syntax_error_is_a_bad_query(server):
    with pytest.raises(QueryBadFormed, match="syntax error"):
        wrapper(server[0], "SELECT ?s WHERE { ?s ?p }", JSON)


# ------------------------------------------------------------------------------------------------ SPARQLStore

@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
@pytest.mark.parametrize("return_format", ["xml", "json"])
def test_serve_rdflib_sparqlstore_reads_the_graph(server, truth, method, return_format):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(server[0] + "/sparql", method=method, returnFormat=return_format)
    graph = Graph(store=store)
    rows = [[str(r.report), str(r.title), str(r.year)] for r in graph.query(prologue(SELECT) + SELECT)]
    assert rows == truth["rows"]
    assert len(list(graph.triples((None, RDF.type, KG.Report)))) == 4
    assert graph.query(prologue(ASK) + ASK).askAnswer is True


# ------------------------------------------------------------------------------------------------ httpx

def ask_httpx(base: str, query: str, form: str, headers=None, params=None) -> httpx.Response:
    headers = dict(headers or {})
    if form == "GET":
        return httpx.get(base + "/sparql", params={"query": query, **(params or {})}, headers=headers, timeout=30)
    if form == "form":
        return httpx.post(base + "/sparql", data={"query": query, **(params or {})}, headers=headers, timeout=30)
    headers["Content-Type"] = "application/sparql-query"
    return httpx.post(base + "/sparql", content=query.encode("utf-8"), params=params, headers=headers, timeout=30)


FORMS = ["GET", "form", "direct"]
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("accept, params, fmt", [
    (None, None, "json"),
    ("*/*", None, "json"),
    ("application/sparql-results+json", None, "json"),
    ("application/json", None, "json"),
    ("application/sparql-results+xml", None, "xml"),
    ("text/csv", None, "csv"),
    ("text/tab-separated-values", None, "tsv"),
    ("text/csv;q=0.5, application/sparql-results+xml", None, "xml"),
    ("text/turtle, text/csv;q=0.1", None, "csv"),
    (BROWSER, None, "xml"),
    (None, {"format": "csv"}, "csv"),
    ("text/csv", {"format": "tsv"}, "tsv"),                             # the parameter wins
    (None, {"format": "application/sparql-results+xml"}, "xml"),
    ("text/csv", {"format": "xlsx"}, "csv"),                            # values meant for other servers
    ("text/csv", {"format": ""}, "csv"),
])
def test_serve_select_results_by_accept_or_format(server, truth, form, accept, params, fmt):
    res = ask_httpx(server[0], SELECT, form, {"Accept": accept} if accept else None, params)
    assert res.status_code == 200, res.text
    media = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
             "tsv": "text/tab-separated-values"}[fmt]
    assert res.headers["content-type"].startswith(media)
    assert rows_of(res.content, fmt) == truth["rows"]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("accept, params, fmt", [
    (None, None, "turtle"),
    ("text/turtle", None, "turtle"),
    ("application/n-triples", None, "nt"),
    ("application/ld+json", None, "json-ld"),
    ("application/rdf+xml", None, "xml"),
    (BROWSER, None, "xml"),
    (None, {"format": "nt"}, "nt"),
    (None, {"format": "json-ld"}, "json-ld"),
])
def test_serve_construct_triples_by_accept_or_format(server, truth, form, accept, params, fmt):
    res = ask_httpx(server[0], CONSTRUCT, form, {"Accept": accept} if accept else None, params)
    assert res.status_code == 200, res.text
    media = {"turtle": "text/turtle", "nt": "application/n-triples", "json-ld": "application/ld+json",
             "xml": "application/rdf+xml"}[fmt]
    assert res.headers["content-type"].startswith(media)
    assert isomorphic(Graph().parse(data=res.content, format=fmt), truth["graph"])


def test_serve_predeclares_kg_prefixes_and_uses_the_union_of_the_report_graphs(server):
    res = ask_httpx(server[0], "SELECT (COUNT(DISTINCT ?g) AS ?graphs) (COUNT(DISTINCT ?r) AS ?reports) WHERE { "
                    "GRAPH ?g { ?r a kg:Report } }", "GET", {"Accept": "text/csv"})
    union = ask_httpx(server[0], "SELECT (COUNT(DISTINCT ?r) AS ?reports) WHERE { ?r a kg:Report }", "GET",
                      {"Accept": "text/csv"})
    assert rows_of(res.content, "csv") == [["4", "4"]] and rows_of(union.content, "csv") == [["4"]]


REFUSED = [
    ("GET", {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}, None, 403, "updates are refused"),
    ("GET", {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}, None, 403, "updates are refused"),
    ("POST", {"update": "DELETE WHERE { ?s ?p ?o }"}, None, 403, "updates are refused"),
    ("POST", "LOAD <http://127.0.0.1:9/x>", "application/sparql-update", 403, "updates are refused"),
    ("GET", {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:PORT/sparql> { ?s ?p ?o } }"}, None, 403,
     "SERVICE is refused"),
    ("POST", "SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }", "application/sparql-query", 403,
     "SERVICE is refused"),
    ("GET", {"query": "SELECT * FROM <http://127.0.0.1:PORT/g> WHERE { ?s ?p ?o }"}, None, 403, "FROM is refused"),
    ("POST", {"query": "SELECT * FROM NAMED <urn:g> WHERE { GRAPH ?g { ?s ?p ?o } }"}, None, 403,
     "FROM NAMED is refused"),
    ("GET", {"query": SELECT, "default-graph-uri": "http://127.0.0.1:PORT/g"}, None, 403,
     "default-graph-uri is refused"),
    ("POST", {"query": SELECT, "named-graph-uri": "urn:g"}, None, 403, "named-graph-uri is refused"),
    ("GET", {"query": "SELECT ?s WHERE { ?s ?p }"}, None, 400, "syntax error"),
    ("GET", {"query": "  "}, None, 400, "empty"),
    ("GET", {"qeury": SELECT}, None, 400, "no query"),
    ("POST", {"format": "json"}, None, 400, "no query"),
    ("POST", SELECT, "text/plain", 415, "application/sparql-query"),
    ("POST", "x" * (2 << 20), "application/sparql-query", 413, "larger than"),
    ("POST", b"SELECT * WHERE { ?s ?p '\xff' }", "application/sparql-query", 400, "not UTF-8"),
]


@pytest.mark.parametrize("method, payload, content_type, status, says", REFUSED)
def test_serve_refuses_what_is_not_a_read_only_query(server, listener, method, payload, content_type, status, says):
    port, hits = listener
    url = server[0] + "/sparql"
    if isinstance(payload, dict):
        payload = {k: v.replace("PORT", str(port)) for k, v in payload.items()}
    elif isinstance(payload, str):
        payload = payload.replace("PORT", str(port))
    if method == "GET":
        res = httpx.get(url, params=payload, timeout=30)
    elif isinstance(payload, dict):
        res = httpx.post(url, data=payload, timeout=30)
    else:
        res = httpx.post(url, content=payload, headers={"Content-Type": content_type}, timeout=30)
    assert res.status_code == status and says in res.text
    assert res.headers["content-type"].startswith("text/plain")
    assert hits == []


@pytest.mark.parametrize("query, accept", [(CONSTRUCT, "text/csv"), (SELECT, "text/turtle"),
                                           (ASK, "application/n-triples")])
def test_serve_says_when_no_acceptable_format_exists(server, query, accept):
    res = ask_httpx(server[0], query, "GET", {"Accept": accept})
    assert res.status_code == 406 and "none of them is acceptable" in res.text


def test_serve_time_limit_answers_an_error_and_the_others_serve_meanwhile(server, truth):
    base = server[0]
    replaced = httpx.get(base + "/health").json()["workers"]["replaced"]
    answers = []

    def simple_queries():
        for _ in range(5):
            answers.append(ask_httpx(base, SELECT, "GET", {"Accept": "text/csv"}))

    slow = threading.Thread(target=lambda: answers.append(ask_httpx(base, CROSS_JOIN_COUNT, "GET")))
    slow.start()
    time.sleep(0.2)  # the cross join holds one worker: the other serves
    simple_queries()
    slow.join()
    timed_out = answers.pop()
    assert timed_out.status_code == 503 and f"longer than {TIMEOUT} s" in timed_out.text
    assert all(a.status_code == 200 and rows_of(a.content, "csv") == truth["rows"] for a in answers)
    assert ask_httpx(base, ASK, "direct").json()["boolean"] is True  # right after the time-out too
    deadline = time.monotonic() + 30
    while True:  # the killed worker is replaced
        workers = httpx.get(base + "/health").json()["workers"]
        if workers["alive"] == 2 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert workers["alive"] == 2 and workers["replaced"] == replaced + 1


def test_serve_result_cap_answers_an_error(server):
    res = ask_httpx(server[0], CROSS_JOIN, "form")
    assert res.status_code == 422 and f"more than {MAX_ROWS:,} rows" in res.text
    assert ask_httpx(server[0], ASK, "GET").status_code == 200


@pytest.mark.parametrize("accept, fmt", [(None, "turtle"), ("text/turtle", "turtle"),
                                         ("application/ld+json", "json-ld"), ("application/n-triples", "nt")])
def test_serve_describes_the_service_at_sparql_without_a_query(server, accept, fmt):
    res = httpx.get(server[0] + "/sparql", headers={"Accept": accept} if accept else None)
    assert res.status_code == 200
    g = Graph().parse(data=res.content, format=fmt)
    service = g.value(None, RDF.type, SD.Service)
    assert g.value(service, SD.endpoint) == URIRef(server[0] + "/sparql")
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (service, SD.feature, SD.UnionDefaultGraph) in g
    formats = set(g.objects(service, SD.resultFormat))
    assert {URIRef(ox.QueryResultsFormat.JSON.iri), URIRef(ox.QueryResultsFormat.CSV.iri),
            URIRef(ox.RdfFormat.TURTLE.iri)} <= formats


def test_serve_lets_browsers_call_it_from_any_origin(server):
    res = httpx.get(server[0] + "/sparql", params={"query": ASK}, headers={"Origin": "http://yasgui.example"})
    assert res.status_code == 200 and res.headers["access-control-allow-origin"] == "*"
    pre = httpx.options(server[0] + "/sparql", headers={
        "Origin": "http://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert pre.status_code == 200 and "POST" in pre.headers["access-control-allow-methods"]


def test_serve_health_and_loopback_by_default(server):
    base, log = server
    health = httpx.get(base + "/health")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert health.json()["workers"]["size"] == 2
    assert f"SPARQL endpoint {base}/sparql" in log.read_text(encoding="utf-8")


def test_serve_logs_one_line_per_request_with_control_characters_escaped(server):
    base, log = server
    marker = f"marker{time.monotonic_ns()}"
    assert httpx.get(base + "/health", params={marker: "1"}).status_code == 200
    assert httpx.get(base + f"/{marker}%1b%5b31m%0a%7f").status_code == 404
    deadline = time.monotonic() + 10
    while (text := log.read_text(encoding="utf-8")).count(marker) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    lines = [line for line in text.splitlines() if marker in line]
    assert len(lines) == 2
    assert " GET /health?" in lines[0] and lines[0].endswith(" ms") and " 200 " in lines[0]
    assert " 404 " in lines[1] and "\x1b" not in text and "\x7f" not in text


@pytest.mark.parametrize("raw, shown", [
    (b"/sparql?query=SELECT", "/sparql?query=SELECT"),
    (b"/x\x1b]0;title\x07\n\r", "/x\\x1b]0;title\\x07\\x0a\\x0d"),
    (b"/\xe5\xae\x81 a", "/\\xe5\\xae\\x81\\x20a"),
    (b"/" + b"a" * 400, "/" + "a" * 9 + "…"),
])
def test_serve_log_target_is_printable(raw, shown):
    assert printable(raw, 10 if len(raw) > 100 else 300) == shown


def test_serve_without_a_graph_says_to_build_first(tmp_path):
    res = subprocess.run([sys.executable, "-m", "kg", "serve", str(tmp_path), "--port", str(free_port())],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 2 and "kg build" in res.stderr and "Traceback" not in res.stderr


def test_serve_service_description_is_json_ld_parseable_by_pyoxigraph(server):
    res = httpx.get(server[0] + "/sparql", headers={"Accept": "application/ld+json"})
    triples = list(ox.parse(res.content, format=ox.RdfFormat.JSON_LD))
    assert any(t.object == ox.NamedNode(str(SD.Service)) for t in triples)
    assert json.loads(res.content)


def test_serve_readme_example_runs_against_the_server(server):
    import re

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    example = next(b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "SPARQLWrapper(" in b)
    lines = example.replace("http://127.0.0.1:8000", server[0]).splitlines()
    namespace: dict = {}
    exec("\n".join(lines[:-1]), namespace)  # noqa: S102 - the README's own example
    bindings = eval(lines[-1], namespace)  # noqa: S307
    assert len(bindings) == 4 and all("法治政府建设" in b["title"]["value"] for b in bindings)
