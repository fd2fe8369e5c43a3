"""Query safety: the check before a query runs (kg.rdf.guard), the limits it runs within (kg.rdf.workers), and
`kg query` over both: no update, no SERVICE, no FROM; a time limit, a result cap and a memory limit that end a
query with a clear message; a damaged store said so, never a traceback."""
from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import GraphNotFoundError, QueryError, QueryLimitError, QueryRefusedError
from kg.rdf.guard import check, update_operations
from kg.rdf.workers import QueryLimits, QueryPool, evaluate, run_query

CROSS_JOIN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CROSS_JOIN_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def kg(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


# ------------------------------------------------------------------------------------------------ the check

@pytest.mark.parametrize("text, says", [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT DATA"),
    ("DELETE DATA { <urn:a> <urn:b> <urn:c> }", "DELETE DATA"),
    ("DELETE WHERE { ?s ?p ?o }", "DELETE WHERE"),
    ("WITH <urn:g> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", "DELETE/INSERT"),
    ("PREFIX x: <urn:x#> INSERT { ?s x:p 1 } WHERE { ?s a kg:Report }", "DELETE/INSERT"),  # undeclared kg:
    ("LOAD <http://127.0.0.1:9/data.ttl>", "LOAD"),
    ("LOAD SILENT <file:///etc/passwd> INTO GRAPH <urn:g>", "LOAD"),
    ("CLEAR ALL", "CLEAR"),
    ("CREATE GRAPH <urn:g>", "CREATE"),
    ("DROP DEFAULT", "DROP"),
    ("COPY DEFAULT TO <urn:g>", "COPY"),
    ("MOVE <urn:a> TO <urn:b>", "MOVE"),
    ("ADD <urn:a> TO <urn:b>", "ADD"),
    ("CLEAR DEFAULT ; LOAD <http://x.test/>", "CLEAR, LOAD"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:18765/sparql> { ?s ?p ?o } }", "SERVICE <http://127.0.0.1:18765"),
    ("select * where { service silent <file:///etc/passwd> { ?s ?p ?o } }", "SERVICE <file:///etc/passwd>"),
    ("SELECT * WHERE { ?e kg:endpoint ?x . SERVICE ?x { ?s ?p ?o } }", "SERVICE ?x"),
    ("SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <http://x.test/> { ?s ?q ?r } } }", "SERVICE"),
    ("SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://x.test/> { ?s ?p ?o } } } }", "SERVICE"),
    ("ASK { FILTER EXISTS { SERVICE <http://x.test/> { ?s ?p ?o } } }", "SERVICE"),
    ("SELECT * WHERE { { ?s ?p ?o } UNION { MINUS { SERVICE <http://x.test/> { ?s ?p ?o } } } }", "SERVICE"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://x.test/> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { \\u0053ERVICE <http://x.test/> { ?s ?p ?o } }", "SERVICE"),  # a codepoint escape
    ("SELECT * FROM <http://x.test/g> WHERE { ?s ?p ?o }", "FROM is refused"),
    ("SELECT * FROM NAMED <urn:g> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM NAMED is refused"),
    ("SELECT * FROM <urn:a> FROM NAMED <urn:b> WHERE { ?s ?p ?o }", "FROM and FROM NAMED are refused"),
    ("DESCRIBE <urn:a> FROM <file:///etc/passwd>", "FROM"),
    ("ASK FROM <urn:a> { ?s ?p ?o }", "FROM"),
])
def test_guard_refuses_updates_service_and_from(text, says):
    with pytest.raises(QueryRefusedError) as e:
        check(text)
    assert says in e.value.message


@pytest.mark.parametrize("text, form", [
    ("SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x.test/> { } ; INSERT DATA { }", "SELECT"),
    ("SELECT * WHERE { ?s ?p 'SERVICE <http://x.test/> { ?a ?b ?c } FROM <urn:g>' }", "SELECT"),
    ('SELECT * WHERE { ?s ?p """\nDELETE WHERE { ?s ?p ?o }\nLOAD <http://x.test/>""" }', "SELECT"),
    ("SELECT ?service ?from ?load WHERE { ?service <http://x.test/SERVICE> ?from . ?from ?load ?x }", "SELECT"),
    ("SELECT * WHERE { ?s a kg:Report ; dcterms:title ?t ; sdmx-measure:obsValue ?v }", "SELECT"),  # undeclared
    ("ASK { ?s a kg:Report }", "ASK"),
    ("CONSTRUCT WHERE { ?s a kg:Report }", "CONSTRUCT"),
    ("DESCRIBE ?r WHERE { ?r a kg:Report } LIMIT 1", "DESCRIBE"),
    ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } VALUES ?g { kgid:graph\\/x }", "SELECT"),
])
def test_guard_accepts_read_only_queries_whatever_their_text_holds(text, form):
    checked = check(text)
    assert checked.form == form
    assert checked.returns_graph == (form in ("CONSTRUCT", "DESCRIBE"))


def test_guard_accepts_every_query_kg_ships():
    from kg.rdf.ontology import path

    queries = path("queries")
    texts = [f.read_text(encoding="utf-8") for folder in (queries, queries / "seeds", queries / "rollups")
             for f in folder.iterdir() if f.name.endswith(".rq")]
    assert len(texts) >= 10
    for text in texts:
        assert check(text).form == "SELECT"


@pytest.mark.parametrize("text, error, says", [
    ("SELEC * WHERE { ?s ?p ?o }", QueryError, "syntax error"),
    ("SELECT * WHERE { ?s ?p }", QueryError, "syntax error"),
    ("", QueryError, "syntax error"),
    ("PREFIX x: <urn:x#>", QueryError, "syntax error"),  # a prologue is an empty update, not one to refuse
    ("SELECT * WHERE " + "{" * 3000 + "}" * 3000, QueryRefusedError, "nested too deeply"),
    ("SELECT * WHERE { ?s ?p ?o }" + " " * 300_000, QueryRefusedError, "characters long"),
])
def test_guard_says_what_is_wrong_with_a_malformed_query(text, error, says):
    with pytest.raises(error, match=says) as e:
        check(text)
    assert type(e.value) is error


def test_guard_parses_the_same_text_once():
    from kg.rdf.guard import _outcome

    for refused, q in ((False, "SELECT ?r WHERE { ?r a kg:Report } # test_guard_parses_the_same_text_once"),
                       (True, "SELECT ?r WHERE { SERVICE <http://x.test/> { ?r a kg:Report } } # the same, refused")):
        misses = _outcome.cache_info().misses
        for _ in range(3):
            try:
                check(q)
            except QueryRefusedError:
                assert refused
        assert _outcome.cache_info().misses == misses + 1


def test_guard_lists_the_operations_of_an_update():
    assert update_operations("DROP ALL ; INSERT DATA { <urn:a> <urn:b> 1 }") == ["DROP", "INSERT DATA"]
    assert update_operations("SELECT * WHERE { ?s ?p ?o }") == []


# ------------------------------------------------------------------------------------------------ the workers

@pytest.fixture(scope="module")
def pool(store_dir):
    with QueryPool(store_dir, size=1, limits=QueryLimits(timeout=1.5, max_rows=50)) as p:
        yield p


def test_workers_time_limit_ends_a_query_and_the_pool_serves_on(pool):
    replaced = pool.replaced
    with pytest.raises(QueryLimitError, match="longer than 1.5 s") as e:
        pool.call(evaluate, CROSS_JOIN_COUNT, "json", "turtle", 50, 1 << 20)
    assert e.value.kind == "time" and pool.replaced == replaced + 1
    answer = pool.call(evaluate, "ASK { ?s a kg:Report }", "json", "turtle", 50, 1 << 20)
    assert answer.body == b'{"head":{},"boolean":true}'


@pytest.mark.parametrize("query, cap, fits", [
    ("SELECT ?x WHERE { VALUES ?x { 1 2 3 4 5 } }", 5, True),           # exactly the cap
    ("SELECT ?x WHERE { VALUES ?x { 1 2 3 4 5 6 } }", 5, False),        # one over
    ("SELECT ?x WHERE { VALUES ?x { 1 } }", 0, False),
    ("SELECT ?x WHERE { VALUES ?x { } }", 0, True),
    ("CONSTRUCT { ?x <urn:p> 1 } WHERE { VALUES ?x { <urn:a> <urn:b> } }", 2, True),
    ("CONSTRUCT { ?x <urn:p> 1 } WHERE { VALUES ?x { <urn:a> <urn:b> <urn:c> } }", 2, False),
    (CROSS_JOIN, 50, False),
])
def test_workers_result_cap_counts_rows_and_triples(pool, query, cap, fits):
    for results, graphs in (("json", "turtle"), ("tsv", "ntriples"), ("xml", "jsonld"), ("csv", "rdfxml")):
        if fits:
            pool.call(evaluate, query, results, graphs, cap, 1 << 20)
        else:
            with pytest.raises(QueryLimitError, match=f"more than {cap:,} (rows|triples)"):
                pool.call(evaluate, query, results, graphs, cap, 1 << 20)


def test_workers_byte_cap_stops_a_large_result(pool):
    with pytest.raises(QueryLimitError, match="larger than") as e:
        pool.call(evaluate, "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 50", "json", "turtle", 50, 2000)
    assert e.value.kind == "bytes"


HARD_LITERALS = 'SELECT ?x WHERE { VALUES ?x { "行一\\n行二\\t制表 \\"引号\\""@zh "a,b"  "\\r" 1.50 <urn:x> "x"^^<urn:t> } }'


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_workers_results_keep_every_term_through_the_capped_serialization(pool, store_dir, fmt):
    from kg.rdf.store import open_store
    from kg.rdf.workers import result_format

    answer = pool.call(evaluate, HARD_LITERALS, fmt, None, 50, 1 << 20)
    got = [s["x"] for s in ox.parse_query_results(answer.body, format=result_format(fmt))]
    expected = [s["x"] for s in open_store(store_dir).query(HARD_LITERALS)]
    assert got == expected and len(got) == 6
    assert answer.media_type == result_format(fmt).media_type


def test_workers_refuse_before_the_store_is_read(pool):
    with pytest.raises(QueryRefusedError, match="SERVICE"):
        pool.call(evaluate, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "json", None, 5, 999)
    with pytest.raises(QueryError, match="none of them is acceptable"):
        pool.call(evaluate, "CONSTRUCT WHERE { ?s ?p ?o }", "json", None, 5, 999)


def test_workers_run_query_gives_the_cli_its_result(pool, store_dir):
    from kg.rdf.query import run
    from kg.rdf.store import open_store

    got = pool.call(run_query, "regulations_by_county", {"county": "平阴县"}, 50)
    expected = run(open_store(store_dir), "regulations_by_county", {"county": "平阴县"})
    assert got.rows and got.rows == expected.rows and got.labels == expected.labels


def test_workers_memory_limit_ends_a_query_and_the_pool_serves_on(store_dir):
    limits = QueryLimits(timeout=60, max_memory=400 << 20)
    with QueryPool(store_dir, limits=limits, start_method="forkserver") as p:
        with pytest.raises(QueryLimitError, match="more memory") as e:
            p.call(evaluate, CROSS_JOIN + " ORDER BY ?a ?i", "json", None, 10, 1 << 20)
        assert e.value.kind == "memory"
        assert p.call(evaluate, "ASK { ?s a kg:Report }", "json", None, 10, 999).body.endswith(b"true}")


def test_workers_pool_without_a_graph_says_to_build_first(tmp_path):
    with pytest.raises(GraphNotFoundError, match="kg build"):
        QueryPool(tmp_path).start()


# ------------------------------------------------------------------------------------------------ kg query

@pytest.mark.parametrize("as_file", [False, True])
def test_cli_query_refuses_service_and_makes_no_request(store_dir, listener, tmp_path, as_file):
    port, hits = listener
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    spec = query
    if as_file:
        spec = tmp_path / "service.rq"
        spec.write_text("# a query file\n" + query.replace("WHERE {", "WHERE {\n"), encoding="utf-8")
    res = kg("query", spec, "-g", store_dir)
    assert res.returncode == 2 and "SERVICE is refused" in res.stderr and "Traceback" not in res.stderr
    assert hits == []
    urllib.request.urlopen(f"http://127.0.0.1:{port}/probe", timeout=10).close()  # the listener does listen
    assert hits == ["/probe"]


@pytest.mark.parametrize("args, says", [
    (("SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }",), "SERVICE is refused"),
    (("INSERT DATA { <urn:a> <urn:b> <urn:c> }",), "updates are refused"),
    (("LOAD <http://127.0.0.1:9/x.ttl>",), "updates are refused"),
    (("SELECT * FROM <http://127.0.0.1:9/g> WHERE { ?s ?p ?o }",), "FROM is refused"),
    ((CROSS_JOIN_COUNT, "--timeout", "1"), "ran longer than 1 s"),
    ((CROSS_JOIN, "--max-rows", "1000"), "more than 1,000 rows"),
])
def test_cli_query_ends_with_a_clear_message_not_an_abort(store_dir, args, says):
    res = kg("query", *args, "-g", store_dir)
    assert res.returncode == 2, res.stderr
    assert says in res.stderr and "Traceback" not in res.stderr


def test_cli_query_still_answers_within_the_limits(store_dir):
    res = kg("query", "SELECT (COUNT(*) AS ?n) WHERE { ?r a kg:Report }", "-g", store_dir, "-f", "csv")
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines() == ["n", "4"]


def _drop_sst(store: Path):
    for f in store.glob("*.sst"):
        f.unlink()


def _garble_current(store: Path):
    (store / "CURRENT").write_bytes(b"\x00garbage\n")


def _garble_sst(store: Path):
    biggest = max(store.glob("*.sst"), key=lambda f: f.stat().st_size)
    data = bytearray(biggest.read_bytes())
    for i in range(64, len(data) - 64, 5):
        data[i] ^= 0x5A
    biggest.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_drop_sst, _garble_current, _garble_sst])
def test_cli_query_on_a_damaged_store_says_to_rebuild(store_dir, tmp_path, damage):
    out = tmp_path / "out"
    shutil.copytree(store_dir, out)
    damage(out / "store")
    for args in (("query", "regulations_by_county"), ("cites", "平阴县")):
        res = kg(*args, "-g", out)
        assert res.returncode == 2, res.stdout
        assert "is damaged" in res.stderr and "kg build" in res.stderr and "Traceback" not in res.stderr


def test_workers_limits_are_the_ones_the_readme_states():
    from kg.rdf.workers import CLI_LIMITS, SERVER_LIMITS

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"{CLI_LIMITS.timeout:g} s for `kg query`, {SERVER_LIMITS.timeout:g} s for\n`kg serve`" in readme
    assert f"returns ({CLI_LIMITS.max_rows:,})" in readme and CLI_LIMITS.max_rows == SERVER_LIMITS.max_rows
