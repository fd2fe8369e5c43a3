"""The canned SPARQL queries (ontology/queries/*.rq) on a fixture graph, and their agreement with `kg extract`."""
from __future__ import annotations

from collections import defaultdict

import pytest

from kg.errors import GraphNotFoundError, QueryError
from kg.rdf.ontology import canned_queries
from kg.rdf.query import county_names, run


@pytest.fixture(scope="module")
def store(query_build):
    return query_build.dataset.store()


def rows(result, *columns):
    return [tuple(result.display(row[result.columns.index(c)]) for c in columns) for row in result.rows]


def test_every_canned_query_is_documented_and_named_as_the_issue_asks():
    names = set(canned_queries())
    assert names == {"regulations_by_county", "counties_by_regulation", "officials_by_organisation",
                     "campaigns_by_county", "figures_by_county_and_year", "repealed_regulations_still_cited",
                     "regulation_first_cited"}
    for q in canned_queries().values():
        assert len(q.doc) > 40 and q.parameters, q.name


# (query, parameters, columns, expected rows) on the examples plus the 2021 平阴县 report
CASES = [
    ("regulations_by_county", {"county": "平阴县", "year": "2021"}, ("county", "year", "title"),
     [("平阴县", "2021", "中华人民共和国行政复议法"), ("平阴县", "2021", "信访条例")]),
    ("regulations_by_county", {"county": "南岸区"}, ("county", "year", "title"),
     [("南岸区", "2024", "信访工作条例"), ("南岸区", "2024", "法治政府建设实施纲要（2021—2025年）")]),
    ("counties_by_regulation", {"title": "信访工作条例"}, ("title", "county", "reports", "firstYear"),
     [("信访工作条例", "南岸区", "1", "2024"), ("信访工作条例", "平阴县", "1", "2023"),
      ("信访工作条例", "长丰县", "1", "2022")]),
    ("officials_by_organisation", {"organisation": "平阴县信访局"}, ("organisation", "name", "post"),
     [("平阴县信访局", "张明", "党组书记、局长"), ("平阴县信访局", "李华", "分管副局长")]),
    ("campaigns_by_county", {"county": "长丰县"}, ("county", "campaignName", "year"),
     [("长丰县", "进京访专项整治", "2022"), ("长丰县", "阳光信访", "2022")]),
    ("figures_by_county_and_year", {"county": "平阴县", "year": "2021"}, ("measure", "value", "unit"),
     [("受理信访事项", "980", "件"), ("局党组专题学习", "3", "次"), ("按期办结率", "99", "%")]),
    ("repealed_regulations_still_cited", {}, ("title", "replacedBy", "county", "year"),
     [("信访条例", "信访工作条例", "平阴县", "2021")]),
    ("regulation_first_cited", {"title": "信访工作条例"}, ("year", "newCounties", "counties", "countiesSoFar"),
     [("2022", "1", "长丰县", "1"), ("2023", "1", "平阴县", "2"), ("2024", "1", "南岸区", "3")]),
]


@pytest.mark.parametrize("name, params, columns, expected", CASES, ids=[c[0] for c in CASES])
def test_canned_query_returns_the_expected_rows(store, name, params, columns, expected):
    result = run(store, name, params)
    assert sorted(rows(result, *columns)) == sorted(expected)


@pytest.mark.parametrize("name", sorted(canned_queries()))
def test_canned_query_without_parameters_answers_over_the_whole_graph(store, name):
    result = run(store, name)
    assert result.rows
    assert not set(result.parameters) & set(result.shown_columns())


def test_results_show_labels_not_only_iris(store):
    result = run(store, "regulations_by_county", {"county": "长丰县"})
    regulation = result.rows[0][result.columns.index("regulation")]
    assert regulation.value.startswith("https://w3id.org/kg-zh/id/regulation/")
    assert result.display(regulation) == result.display(result.rows[0][result.columns.index("title")])
    record = result.records()[0]
    assert record["region"] == {"iri": "https://w3id.org/kg-zh/id/division/340121", "label": "长丰县"}


@pytest.mark.parametrize("hostile", ['宁阳县" } UNION { ?s ?p ?o } #', "宁阳县'; DROP ALL", "}}}"])
def test_parameters_are_bound_never_pasted_into_the_query(store, hostile):
    assert run(store, "regulations_by_county", {"county": hostile}).rows == []


@pytest.mark.parametrize("spec, message", [
    ("no_such_query", "neither a canned query"),
    ("SELECT ?s WHERE { ?s a }", "syntax error"),
    ("missing/file.rq", "no query file"),
])
def test_a_bad_query_is_a_clear_error(store, spec, message):
    with pytest.raises(QueryError, match=message):
        run(store, spec)


def test_an_unknown_parameter_is_a_clear_error(store):
    with pytest.raises(QueryError, match="takes no parameter 'colour'"):
        run(store, "regulations_by_county", {"colour": "red"})


@pytest.mark.parametrize("typed, name", [("平阴", "平阴县"), ("370124", "平阴县"), ("平阴县", "平阴县")])
def test_a_county_may_be_named_by_short_form_or_code(store, typed, name):
    assert name in county_names(store, typed)


def _agreement(build):
    """regulations_by_county per report vs the extraction of that report."""
    result = run(build.dataset.store(), "regulations_by_county")
    by_report = defaultdict(set)
    meta = {}
    for row in result.rows:
        rec = dict(zip(result.columns, row))
        rid = rec["report"].value.rsplit("/", 1)[1]
        by_report[rid].add(rec["title"].value)
        meta[rid] = (rec["county"].value if rec["county"] else None, rec["year"].value if rec["year"] else None)
    for ex in build.run.extractions:
        rid = ex.report.id
        assert by_report.get(rid, set()) == {r.title for r in ex.regulations}, ex.report.file
        if ex.regulations:
            m = ex.meta
            assert meta[rid] == (m.region, str(m.year) if m.year else None), ex.report.file


def test_regulations_by_county_returns_exactly_what_extract_found_per_report(query_build):
    _agreement(query_build)


def test_regulations_by_county_agrees_with_extract_on_the_shared_corpus(require_shared):
    from kg import build

    _agreement(build([require_shared / "corpus" / "seeds", require_shared / "corpus" / "dev"]))


@pytest.mark.parametrize("name, params, columns, expected", CASES, ids=[c[0] for c in CASES])
def test_seeding_a_bound_parameter_narrows_the_graphs_but_not_the_answer(store, monkeypatch, name, params,
                                                                          columns, expected):
    from kg.rdf import query

    seeded = run(store, name, params)
    monkeypatch.setattr(query, "_seed_graphs", lambda store, bound: None)
    assert run(store, name, params).rows == seeded.rows


def test_a_seed_finds_only_the_graphs_of_the_bound_county(store, query_build):
    from kg.rdf import mint
    from kg.rdf.query import _seed_graphs

    import pyoxigraph as ox

    graphs = _seed_graphs(store, {"inCounty": ox.Literal("平阴县")})
    pingyin = {str(mint.report_graph(ex.report.id)) for ex in query_build.run.extractions
               if ex.meta.region == "平阴县"}
    assert {g.value for g in graphs} == pingyin and len(pingyin) == 2


# What counties_by_regulation computed from every report's citations before the store kept summaries: the
# summaries must give the same rows.
PER_REPORT_COUNTIES_BY_REGULATION = """
SELECT ?title ?county (COUNT(DISTINCT ?report) AS ?reports) (MIN(?year) AS ?firstYear) (MAX(?year) AS ?lastYear)
WHERE {
  GRAPH ?g {
    ?citation a kg:Citation ; kg:citedRegulation ?regulation ; kg:citingReport ?report ; kg:citingRegion ?region .
    ?regulation eli:title ?title .
    ?region rdfs:label ?county .
    OPTIONAL { ?citation kg:year ?year }
  }
}
GROUP BY ?title ?county
"""


def test_citation_summaries_agree_with_the_citations_of_every_report(store):
    columns = ("title", "county", "reports", "firstYear", "lastYear")
    expected = sorted(rows(run(store, PER_REPORT_COUNTIES_BY_REGULATION), *columns))
    assert expected and sorted(rows(run(store, "counties_by_regulation"), *columns)) == expected


def test_citation_summaries_conform_to_the_shapes(store):
    from rdflib import Graph

    import pyoxigraph as ox

    from kg.rdf import mint
    from kg.rdf.validate import validate_graph

    summary = ox.NamedNode(str(mint.summary_graph()))
    nt = ox.serialize([ox.Triple(q.subject, q.predicate, q.object)
                       for q in store.quads_for_pattern(None, None, None, summary)], format=ox.RdfFormat.N_TRIPLES)
    graph = Graph().parse(data=nt, format="nt")
    assert len(graph) > 10
    report = validate_graph(graph)
    assert report.conforms, report.violations


def test_a_store_without_summaries_is_refused_with_the_command_that_makes_it_again(query_build, tmp_path):
    """A store written by an older kg (no summary graph): reading never writes, so the query says to rebuild."""
    import pyoxigraph as ox

    from kg.rdf.store import STORE, SUMMARY_SHARD, has_summaries, open_store

    query_build.write(tmp_path)
    (tmp_path / SUMMARY_SHARD).unlink()  # an older kg wrote no summaries
    old = ox.Store(str(tmp_path / (STORE + "-old")))
    for f in sorted((tmp_path / "rdf").glob("*.nq")):
        old.bulk_load(path=str(f), format=ox.RdfFormat.N_QUADS)
    old.flush()
    del old
    import shutil

    shutil.rmtree(tmp_path / STORE)
    (tmp_path / (STORE + "-old")).rename(tmp_path / STORE)
    assert not has_summaries(ox.Store.read_only(str(tmp_path / STORE)))
    with pytest.raises(GraphNotFoundError, match=r"^\[E304\] .* run `kg build` again"):
        open_store(tmp_path)
