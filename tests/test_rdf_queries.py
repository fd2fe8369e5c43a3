"""The canned SPARQL queries (ontology/queries/*.rq) on a fixture graph, and their agreement with `kg extract`."""
from __future__ import annotations

from collections import defaultdict

import pytest

from kg.errors import GraphNotFoundError, QueryError
from kg.rdf.ontology import canned_queries
from kg.rdf.query import run


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
    ("campaigns_by_county", {"county": "长丰县"}, ("county", "campaign", "year"),
     [("长丰县", "进京访专项整治", "2022"), ("长丰县", "阳光信访", "2022")]),
    ("figures_by_county_and_year", {"county": "平阴县", "year": "2021"}, ("measure", "value", "unit"),
     [("受理信访事项", "980", "件"), ("局党组专题学习", "3", "次"), ("按期办结率", "99", "%")]),
    ("repealed_regulations_still_cited", {}, ("title", "replacedBy", "county", "year"),
     []),  # the 2021 平阴县 report cites 《信访条例》 while it was in force (until 2022-05-01)
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
    assert result.rows or name == "repealed_regulations_still_cited"
    assert not set(result.parameters) & set(result.shown_columns())
    shown = result.shown_columns()
    assert len(set(shown)) == len(shown)


def test_results_show_labels_of_the_iris_they_return(store):
    result = run(store, "regulations_by_county", {"county": "长丰县"})
    regulation = result.rows[0][result.columns.index("title")]
    assert regulation.value.startswith("https://w3id.org/kg-zh/id/regulation/")
    assert result.display(regulation) == "中华人民共和国行政复议法"
    record = result.records()[0]
    assert record["county"] == {"iri": "https://w3id.org/kg-zh/id/division/340121", "label": "长丰县"}


@pytest.mark.parametrize("name", sorted(canned_queries()))
def test_canned_query_shows_no_column_twice(store, name):
    """One column per thing: an IRI column shows its label; no label column beside it."""
    result = run(store, name)
    records = result.records()
    for rec in records:
        labels = [v["label"] for v in rec.values() if isinstance(v, dict)]
        texts = [v for v in rec.values() if isinstance(v, str)]
        assert not set(labels) & set(texts), rec


@pytest.mark.parametrize("hostile", ['宁阳县" } UNION { ?s ?p ?o } #', "宁阳县'; DROP ALL", "}}}"])
def test_parameters_are_bound_never_pasted_into_the_query(store, hostile):
    with pytest.raises(QueryError, match=r"^\[E360\] no county"):
        run(store, "regulations_by_county", {"county": hostile})
    text = 'SELECT ?t ?v WHERE { ?r eli:title ?t FILTER(STR(?t) = ?v) }'
    assert run(store, text, {"v": hostile}).rows == []  # a query file's variable: bound as a literal


@pytest.mark.parametrize("spec, message", [
    ("no_such_query", "neither a canned query"),
    ("regulations_by_countys", "did you mean regulations_by_county"),
    ("SELECT ?s WHERE { ?s a }", "syntax error"),
    ("missing/file.rq", "no query file"),
    ("missing.rq", "no query file"),
])
def test_a_bad_query_is_a_clear_error(store, spec, message):
    with pytest.raises(QueryError, match=message):
        run(store, spec)


@pytest.mark.parametrize("spec", [
    "SELECT ?title (COUNT(?c) AS ?n) WHERE { ?c kg:citedRegulation/eli:title ?title } GROUP BY ?title",
    "SELECT ?s WHERE { ?s a kg:Report } # ./not/a/file.rq",
    "ASK { ?s eli:title ?t }",
])
def test_query_text_with_slashes_is_a_query_not_a_file(store, spec):
    assert run(store, spec).rows


def test_an_existing_file_is_read_as_a_query_whatever_its_name(store, tmp_path):
    path = tmp_path / "counties"  # no .rq
    path.write_text("SELECT DISTINCT ?county WHERE { ?r kg:aboutRegion ?county }", encoding="utf-8")
    assert {run(store, str(path)).display(row[0]) for row in run(store, str(path)).rows} == {"平阴县", "长丰县", "南岸区"}


def test_an_unknown_parameter_is_a_clear_error_using_the_names_kg_queries_shows(store):
    with pytest.raises(QueryError, match="takes no parameter 'colour'; it takes: county, year$"):
        run(store, "regulations_by_county", {"colour": "red"})
    with pytest.raises(QueryError, match="takes no parameter 'inCounty'"):
        run(store, "regulations_by_county", {"inCounty": "平阴县"})


# What a user may type for a parameter, and what it means (every form `kg cites` takes for a county; a title with
# or without 《》, a short title, a body by another name it is written by).
RESOLVED = [
    ("regulations_by_county", "county", "平阴县", "平阴县"),
    ("regulations_by_county", "county", "平阴", "平阴县"),
    ("regulations_by_county", "county", "370124", "平阴县"),
    ("regulations_by_county", "county", " 长丰县 ", "长丰县"),
    ("regulations_by_county", "year", "2021", "2021"),
    ("regulations_by_county", "year", "2021年", "2021"),
    ("counties_by_regulation", "title", "信访工作条例", "信访工作条例"),
    ("counties_by_regulation", "title", "《信访工作条例》", "信访工作条例"),
    ("counties_by_regulation", "title", "宪法", "中华人民共和国宪法"),
    ("counties_by_regulation", "title", "《中华人民共和国宪法》", "中华人民共和国宪法"),
    ("regulation_first_cited", "title", "行政复议法", "中华人民共和国行政复议法"),
    ("officials_by_organisation", "organisation", "平阴县信访局", "平阴县信访局"),
]


@pytest.mark.parametrize("name, param, typed, shown", RESOLVED, ids=[f"{r[1]}={r[2]}" for r in RESOLVED])
def test_a_parameter_takes_every_form_kg_cites_takes(store, name, param, typed, shown):
    """The column of the parameter's name shows only the value it means."""
    result = run(store, name, {param: typed})
    assert result.rows and {result.display(row[result.columns.index(param)]) for row in result.rows} == {shown}


UNKNOWN = [
    ("county", "平阳", "平阴县"),            # one character off
    ("county", "370921", "平阴县"),          # 宁阳县: real, but no report about it here; the graph's are named
    ("county", "不存在县", "平阴县"),
    ("title", "信访工作条列", "信访工作条例"),
    ("title", "《行政复议》", "中华人民共和国行政复议法"),
    ("year", "2019", "2021"),
    ("organisation", "平阴县信访办", "平阴县信访局"),
]


@pytest.mark.parametrize("param, typed, hint", UNKNOWN, ids=[f"{u[0]}={u[1]}" for u in UNKNOWN])
def test_an_unknown_value_is_an_error_naming_the_closest(store, param, typed, hint):
    name = {"county": "regulations_by_county", "year": "regulations_by_county", "title": "counties_by_regulation",
            "organisation": "officials_by_organisation"}[param]
    with pytest.raises(QueryError, match=rf"^\[E360\] no {param} .*{typed.strip()}.*(closest|it has).*{hint}"):
        run(store, name, {param: typed})


def test_a_parameter_of_a_query_file_binds_a_variable_it_selects(store):
    assert run(store, "SELECT ?t ?v WHERE { ?r eli:title ?t FILTER(STR(?t) = ?v) }", {"v": "信访条例"}).rows
    with pytest.raises(QueryError, match=r"^\[E363\] --param v=…: the query does not select \?v"):
        run(store, "SELECT ?t WHERE { ?r eli:title ?t FILTER(STR(?t) = ?v) }", {"v": "信访条例"})


def test_a_year_that_is_not_one_is_an_error(store):
    with pytest.raises(QueryError, match=r"^\[E362\]"):
        run(store, "regulations_by_county", {"year": "last year"})


def test_a_name_of_two_counties_in_the_graph_asks_for_the_code():
    """朝阳区 is a district of Beijing and one of Changchun: with reports about both, the name alone is ambiguous."""
    from kg.rdf.convert import report_nquads
    from kg.rdf.dataset import KGDataset
    from kg.rdf.params import resolve as resolve_value
    from kg.resolve.report import resolve_report
    import kg

    ds = KGDataset()
    for text in ("北京市朝阳区信访办关于2023年法治政府建设情况的报告\n2023年，区信访办认真贯彻落实《信访工作条例》。",
                 "长春市朝阳区信访局关于2023年法治政府建设情况的报告\n2023年，区信访局认真贯彻落实《信访工作条例》。"):
        ds.add(*report_nquads(resolve_report(kg.extract_text(text))))
    store = ds.close().store()
    with pytest.raises(QueryError, match=r"^\[E361\] '朝阳区' names 2 counties .*110105.*220104.*give its GB/T 2260"):
        resolve_value(store, "county", "朝阳区")
    assert resolve_value(store, "county", "220104").value.endswith("/division/220104")


def _agreement(build):
    """regulations_by_county per report vs the extraction of that report."""
    result = run(build.dataset.store(), "regulations_by_county")
    by_report = defaultdict(set)
    meta = {}
    for row in result.rows:
        rec = dict(zip(result.columns, row))
        rid = rec["report"].value.rsplit("/", 1)[1]
        by_report[rid].add(result.display(rec["title"]))
        meta[rid] = (result.display(rec["county"]) or None, rec["year"].value if rec["year"] else None)
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
    monkeypatch.setattr(query, "seed_queries", lambda: {})
    assert run(store, name, params).rows == seeded.rows


def test_a_seed_finds_only_the_graphs_of_the_bound_county(store, query_build):
    import pyoxigraph as ox

    from kg.rdf import mint
    from kg.rdf.query import _dataset

    county = ox.NamedNode(str(mint.division("370124")))
    graphs = set(_dataset(store, {"inCounty": ("county", county)})["named_graphs"])
    pingyin = {ox.NamedNode(str(mint.report_graph(ex.report.id))) for ex in query_build.run.extractions
               if ex.meta.region == "平阴县"}
    assert len(pingyin) == 2
    assert graphs == pingyin | {ox.NamedNode(str(mint.summary_graph())), ox.NamedNode(str(mint.entities_graph()))}


# What counties_by_regulation computed from every report's citations before the store kept summaries: the
# summaries must give the same rows.
PER_REPORT_COUNTIES_BY_REGULATION = """
SELECT ?title ?county (COUNT(DISTINCT ?report) AS ?reports) (MIN(?year) AS ?firstYear) (MAX(?year) AS ?lastYear)
WHERE {
  ?citation a kg:Citation ; kg:citedRegulation ?title ; kg:citingReport ?report .
  ?report kg:aboutRegion ?county .
  OPTIONAL { ?report kg:year ?year }
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


def _repealed_rows(store):
    result = run(store, "repealed_regulations_still_cited")
    return [tuple(result.display(row[result.columns.index(c)]) for c in ("title", "repealed", "replacedBy", "county",
                                                                          "year")) for row in result.rows]


def test_repealed_regulations_lists_only_citations_of_years_after_the_repeal(dated_build):
    """《信访条例》 ceased on 2022-05-01: cited in 2023 it is listed, in 2018 and 2021 not; 《行政监察法》 ceased on
    2018-03-20, so a 2018 report citing it is of the year of the repeal, not after it."""
    assert _repealed_rows(dated_build.dataset.store()) == [("信访条例", "2022-05-01", "信访工作条例", "长丰县", "2023")]


def test_repealed_regulations_agree_with_the_registry_on_the_shared_texts(require_shared):
    from kg import build
    from kg.resolve.regulations import registry

    corpus = require_shared / "corpus"
    result = build([corpus / name for name in ("seeds", "dev", "dev2", "unlabeled")])
    rows = _repealed_rows(result.dataset.store())
    expected = sorted((r.title, ex.meta.year) for ex in result.run.extractions for r in ex.regulations
                      if (entry := registry().lookup(r.title)) is not None and entry.cited_after_repeal(ex.meta.year))
    assert sorted((title, int(year)) for title, _, _, _, year in rows) == expected
    for title, repealed, replaced_by, _, _ in rows:
        assert repealed == registry().lookup(title).repeal.on.isoformat() and replaced_by


# (query, parameter, value, the column it filters): a bound parameter keeps exactly the rows of the unbound query
# with that value (the queries bind it in a pattern of its own, looked up first, not in a FILTER)
NARROWING = [
    ("counties_by_regulation", "title", "信访工作条例", "title"),
    ("counties_by_regulation", "title", "信访条例", "title"),
    ("regulation_first_cited", "title", "信访工作条例", "title"),
    ("regulation_first_cited", "title", "中华人民共和国行政复议法", "title"),
    ("officials_by_organisation", "organisation", "平阴县信访局", "organisation"),
    ("regulations_by_county", "county", "平阴县", "county"),
    ("regulations_by_county", "year", "2021", "year"),
    ("campaigns_by_county", "county", "长丰县", "county"),
    ("figures_by_county_and_year", "year", "2021", "year"),
]


@pytest.mark.parametrize("name, param, value, column", NARROWING, ids=[f"{n[0]}-{n[2]}" for n in NARROWING])
def test_a_bound_parameter_keeps_the_rows_of_the_whole_answer_with_its_value(store, name, param, value, column):
    whole, bound = run(store, name), run(store, name, {param: value})
    shown = whole.shown_columns()
    kept = [r for r in rows(whole, *shown) if r[shown.index(column)] == value]
    assert kept and rows(bound, *shown) == kept


# -- listings in pages -------------------------------------------------------------------------------------------

PAGED = [(name, params) for name in sorted(n for n, q in canned_queries().items() if q.paged)
         for params in ({}, {"county": "平阴县"}, {"year": "2022"}, {"county": "长丰县", "year": "2022"})
         if all(canned_queries()[name].parameter(p) for p in params)]


def terms(result):
    return [[None if t is None else t.value for t in row] for row in result.rows]


def test_the_listings_are_the_canned_queries_ordered_by_county_year_and_report():
    paged = {n for n, q in canned_queries().items() if q.paged}
    assert paged == {"regulations_by_county", "campaigns_by_county", "figures_by_county_and_year"}
    for name in paged:
        assert "ORDER BY ?countyName ?year ?report" in canned_queries()[name].text, name


@pytest.mark.parametrize("limit", [1, 3, 500])
@pytest.mark.parametrize("name, params", PAGED, ids=[f"{n}-{'+'.join(p) or 'all'}" for n, p in PAGED])
def test_the_pages_of_a_listing_joined_are_the_whole_listing_in_its_order(store, name, params, limit):
    whole = run(store, name, params)
    got, start, pages = [], 0, 0
    while start is not None:
        page = run(store, name, params, limit=limit, start=start)
        assert page.start == start and page.columns == whole.columns
        assert len(page.rows) >= min(limit, 1) or page.next_start is None  # a page ends early only at the end
        got += terms(page)
        start, pages = page.next_start, pages + 1
        assert pages <= len(whole.rows) + 1
    assert got == terms(whole)
    assert pages == 1 or limit < len(whole.rows)


def test_a_page_gives_whole_reports_and_says_where_the_next_begins(store):
    first = run(store, "figures_by_county_and_year", {}, limit=1)
    reports = {row[first.columns.index("report")].value for row in first.rows}
    assert len(reports) == 1 and len(first.rows) >= 1 and first.next_start == 1
    second = run(store, "figures_by_county_and_year", {}, limit=1, start=first.next_start)
    assert {row[second.columns.index("report")].value for row in second.rows}.isdisjoint(reports)


@pytest.mark.parametrize("name", ["counties_by_regulation", "SELECT ?s WHERE { ?s a kg:Report } ORDER BY ?s"])
def test_a_query_that_is_not_a_listing_comes_in_pages_of_its_rows(store, name):
    whole = run(store, name)
    pages = [run(store, name, limit=2, start=s) for s in range(0, len(whole.rows), 2)]
    assert [t for p in pages for t in terms(p)] == terms(whole)
    assert [p.next_start for p in pages] == [*range(2, len(whole.rows), 2), None]


@pytest.mark.parametrize("limit, start", [(0, 0), (-5, 0), (10, -1)])
def test_a_page_that_cannot_be_is_a_clear_error(store, limit, start):
    with pytest.raises(QueryError, match="E318"):
        run(store, "regulations_by_county", {}, limit=limit, start=start)


def test_a_page_past_the_end_of_a_listing_is_empty(store):
    page = run(store, "regulations_by_county", {}, limit=10, start=10_000)
    assert page.rows == [] and page.next_start is None and "county" in page.columns


def test_the_query_bench_times_each_listing_whole_and_by_its_first_page(store_dir):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from queries import describe, measure, slowest  # bench/queries.py (a script folder, not a package)

    timings = measure(store_dir, repeat=1, only=["figures_by_county_and_year", "counties_by_regulation",
                                                  "county_page"], timeout=60)
    listing = [t for t in timings if t.name == "figures_by_county_and_year"]
    assert {t.page for t in listing} == {None, 500} and all(t.seconds and not t.error for t in timings)
    assert all(t.page is None for t in timings if t.name == "counties_by_regulation")
    served, whole = slowest(timings, kind="canned"), slowest(timings, whole=True)
    assert whole.name == "figures_by_county_and_year" and whole.page is None
    assert served.page is not None or served.name != "figures_by_county_and_year"
    # the county page's sections are timed as the app reads them: over its first page of reports, in one call
    assert describe(slowest(timings, kind="app"))[0] == "app/county_page"
    assert not [t for t in timings if t.name == "county_reports"]


def test_the_listing_index_a_build_writes_is_what_the_store_and_the_seeds_say(store_dir):
    """rdf/listing-order.txt: every report graph in the listings' order, with its county and year; a county's or a
    year's graphs there are those its seed query finds in the store."""
    import pyoxigraph as ox

    from kg.rdf.query import seed_queries
    from kg.rdf.store import LISTING_ORDER, ListingIndex, listing_index, open_store, report_order

    store = open_store(store_dir)
    written = ListingIndex.parse((store_dir / LISTING_ORDER).read_text(encoding="utf-8"))
    assert listing_index(store, make=False) == written == ListingIndex.of(report_order(store))
    assert len(written.order) == len(set(written.order)) == sum(
        1 for _ in store.query("SELECT ?r WHERE { GRAPH ?g { ?r a kg:Report } }", prefixes={
            "kg": "https://w3id.org/kg-zh/ontology#"}, use_default_graph_as_union=True))
    for kind, values in written.graphs.items():
        assert values
        for value, graphs in values.items():
            term = ox.NamedNode(value) if kind == "county" else \
                ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear"))
            seeded = {r["g"].value for r in store.query(seed_queries()[kind], substitutions={ox.Variable("v"): term},
                                                        use_default_graph_as_union=True)}
            assert set(graphs) == seeded, (kind, value)


def test_a_damaged_listing_index_leaves_out_what_is_not_a_graph():
    from kg.rdf.store import ListingIndex

    index = ListingIndex.parse("https://x.org/g/1\thttps://x.org/c\t2023\n\ngarbage\n\x00\nhttps://x.org/g/2\t\t\n")
    assert index.order == ["https://x.org/g/1", "https://x.org/g/2"]
    assert index.graphs == {"county": {"https://x.org/c": ["https://x.org/g/1"]}, "year": {"2023": ["https://x.org/g/1"]}}
