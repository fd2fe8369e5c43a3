"""`kg query`, `kg queries`, `kg cites` and `kg validate`, run as a user runs them, on a built graph."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import run_kg as kg

REPO = Path(__file__).resolve().parents[1]


def test_query_runs_a_canned_query_with_a_bound_parameter_as_csv(graph_dir):
    res = kg("query", "regulations_by_county", "--graph", graph_dir, "--param", "county=长丰县", "--format", "csv")
    assert res.returncode == 0, res.stderr
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert {r["title"] for r in rows} == {"信访工作条例", "中华人民共和国行政复议法", "法治政府建设实施纲要（2021—2025年）"}
    assert {r["county"] for r in rows} == {"长丰县"} and {r["year"] for r in rows} == {"2022"}
    assert list(rows[0]) == ["county", "title", "year", "report", "evidence"]


def test_query_gives_a_listing_page_by_page_and_says_where_the_next_begins(graph_dir):
    whole = kg("query", "regulations_by_county", "-g", graph_dir, "-f", "csv")
    assert whole.returncode == 0, whole.stderr
    header, *expected = whole.stdout.splitlines()
    got, start, said = [], "0", []
    while start is not None:
        res = kg("query", "regulations_by_county", "-g", graph_dir, "-f", "csv", "--limit", "2", "--start", start)
        assert res.returncode == 0, res.stderr
        head, *lines = res.stdout.splitlines()
        assert head == header and lines
        got += lines
        said.append(res.stderr.strip())
        start = res.stderr.split("--start ")[-1].split()[0] if "next page: --start" in res.stderr else None
    assert got == expected and len(said) > 1
    assert said[-1].endswith("none: this page ends the result")


@pytest.mark.parametrize("args", [["--limit", "0"], ["--start", "3"], ["--limit", "5", "--start", "-1"]])
def test_query_a_page_that_cannot_be_is_a_clear_error(graph_dir, args):
    res = kg("query", "regulations_by_county", "-g", graph_dir, *args)
    assert res.returncode != 0 and "E318" in res.stderr and "Traceback" not in res.stderr


def test_query_runs_sparql_text_and_prints_json_with_labels(graph_dir):
    sparql = "SELECT ?regulation WHERE { ?regulation a eli:LegalResource } ORDER BY ?regulation LIMIT 2"
    res = kg("query", sparql, "-g", graph_dir, "-f", "json")
    assert res.returncode == 0, res.stderr
    records = json.loads(res.stdout)
    assert len(records) == 2 and all(r["regulation"]["label"] for r in records)


def test_query_runs_a_query_file_as_a_table(graph_dir, tmp_path):
    rq = tmp_path / "counties.rq"
    rq.write_text("SELECT ?county WHERE { ?r kg:aboutRegion ?county }", encoding="utf-8")
    res = kg("query", rq, "-g", graph_dir)
    assert res.returncode == 0, res.stderr
    assert "平阴县" in res.stdout and "长丰县" in res.stdout and "rows" in res.stdout


@pytest.mark.parametrize("args, message", [
    (("query", "no_such_query"), "neither a canned query"),
    (("query", "SELECT ?s WHERE { ?s a }"), "syntax error"),
    (("query", "regulations_by_county", "--param", "county"), "NAME=VALUE"),
    (("validate",), "run `kg build"),
])
def test_graph_commands_fail_with_a_message_not_a_traceback(graph_dir, tmp_path, args, message):
    graph = ["--graph", graph_dir] if args[0] == "query" else [tmp_path / "empty"]
    res = kg(*args, *graph)
    assert res.returncode == 2
    assert message in " ".join(res.stderr.split()) and "Traceback" not in res.stderr


def test_query_without_a_built_graph_says_to_build_first(tmp_path):
    res = kg("query", "regulations_by_county", "--graph", tmp_path)
    assert res.returncode == 2 and "kg build" in res.stderr


def test_queries_lists_every_canned_query():
    res = kg("queries")
    assert res.returncode == 0
    for name in ("regulations_by_county", "counties_by_regulation", "officials_by_organisation",
                 "campaigns_by_county", "figures_by_county_and_year", "repealed_regulations_still_cited",
                 "regulation_first_cited"):
        assert name in res.stdout


@pytest.mark.parametrize("county", ["平阴县", "平阴", "370124"])
def test_cites_lists_a_countys_regulations_by_year_with_evidence(graph_dir, county):
    res = kg("cites", county, "--graph", graph_dir)
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "平阴县" in out and "2021" in out and "2023" in out
    assert out.index("2021") < out.index("2023")
    assert "《信访条例》" in out and "《信访工作条例》" in out
    assert "认真贯彻落实《信访条例》" in out  # the evidence sentence


def test_cites_of_an_unknown_county_names_the_closest_and_the_graph_it_read(graph_dir):
    res = kg("cites", "平阳", "--graph", graph_dir)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    said = " ".join(res.stderr.split())
    assert "[E360] no county '平阳'" in said and "closest: 平阴县" in said and "--graph DIR" in said


def test_validate_reports_zero_violations_on_a_build(graph_dir):
    res = kg("validate", graph_dir)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "conforms" in res.stdout and "0 violations" in res.stdout


def test_validate_lists_violations_and_exits_1(graph_dir, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(graph_dir / "rdf", broken / "rdf")
    person = "<https://w3id.org/kg-zh/id/person/x>"
    nq = f'{person} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://xmlns.com/foaf/0.1/Person> {person} .\n'
    (broken / "rdf" / "graphs-99999.nq").write_text(nq, encoding="utf-8")
    res = kg("validate", broken)
    assert res.returncode == 1
    assert "does not conform" in res.stdout and "org:holds" in res.stdout and "foaf:name" in res.stdout


def test_build_then_cites_works_from_another_directory(tmp_path, sample_report_text):
    """The ontology and queries are found from the package, not from the working directory."""
    (tmp_path / "r.txt").write_text(sample_report_text, encoding="utf-8")
    assert kg("build", tmp_path / "r.txt", "-o", tmp_path / "out", cwd=tmp_path).returncode == 0
    res = kg("cites", "宁阳县", "--graph", "out", cwd=tmp_path)
    assert res.returncode == 0 and "《信访工作条例》" in res.stdout
    assert kg("validate", "out", cwd=tmp_path).returncode == 0


# -- what a new user hits (issue 17), each as the user meets it -------------------------------------------------

def test_query_inline_sparql_with_a_slash_runs_as_written(graph_dir):
    """The README's COUNT example has a property path (`/`): it is a query, not a file name."""
    sparql = ("SELECT ?title (COUNT(?c) AS ?n) WHERE { ?c kg:citedRegulation/eli:title ?title } "
              "GROUP BY ?title ORDER BY DESC(?n)")
    res = kg("query", sparql, "--graph", graph_dir, "--format", "csv")
    assert res.returncode == 0, res.stderr
    counts = dict(csv.reader(io.StringIO(res.stdout)))
    assert counts["信访工作条例"] == "3" and counts["信访条例"] == "1"  # one per citation, not per report graph


@pytest.mark.parametrize("param", ["county=平阴", "county=370124", "county=平阴县"])
def test_query_parameters_take_what_kg_cites_takes(graph_dir, param):
    res = kg("query", "regulations_by_county", "--graph", graph_dir, "--param", param, "--format", "json")
    assert res.returncode == 0, res.stderr
    assert {r["county"]["label"] for r in json.loads(res.stdout)} == {"平阴县"}


@pytest.mark.parametrize("param", ["title=《信访工作条例》", "title=信访工作条例"])
def test_query_a_regulation_with_or_without_book_title_marks(graph_dir, param):
    res = kg("query", "counties_by_regulation", "--graph", graph_dir, "--param", param, "--format", "json")
    assert res.returncode == 0, res.stderr
    assert len(json.loads(res.stdout)) == 3


@pytest.mark.parametrize("param, message", [
    ("county=宁阳", "[E360] no county '宁阳' in the graph; it has: 南岸区, 平阴县, 长丰县"),
    ("colour=red", "takes no parameter 'colour'; it takes: county, year"),
    ("inCounty=平阴县", "takes no parameter 'inCounty'; it takes: county, year"),
])
def test_query_an_unknown_parameter_or_value_is_an_error_never_zero_rows(graph_dir, param, message):
    res = kg("query", "regulations_by_county", "--graph", graph_dir, "--param", param)
    assert res.returncode == 2 and message in " ".join(res.stderr.split()), res.stderr


def test_queries_names_parameters_as_query_takes_them():
    """`kg queries` shows `--param county=…`: the name `kg query` takes and its errors use."""
    from kg.rdf.ontology import canned_queries

    res = kg("queries", env={**os.environ, "COLUMNS": "80"})
    for q in canned_queries().values():
        assert f"\n{q.name}\n" in "\n" + res.stdout  # whole, on a line of its own
        for p in q.parameters:
            assert f"--param {p.name}=" in res.stdout and not p.name.startswith("in")


@pytest.mark.parametrize("columns", [80, 120, 40])
def test_query_table_fits_the_terminal_with_no_column_twice(graph_dir, columns):
    res = kg("query", "regulations_by_county", "--graph", graph_dir, env={**os.environ, "COLUMNS": str(columns)})
    assert res.returncode == 0, res.stderr
    from rich.cells import cell_len

    assert max(cell_len(line) for line in res.stdout.splitlines()) <= columns
    if columns >= 80:
        header = next(line for line in res.stdout.splitlines() if "evidence" in line).split()
        assert header == ["county", "title", "year", "report", "evidence"]
    else:  # one field per line
        assert res.stdout.count("\ncounty ") == 12 and "── 12 ──" in res.stdout
    assert "12 rows" in res.stdout


def test_query_table_cuts_long_cells_and_says_where_they_are_whole(graph_dir):
    res = kg("query", "regulations_by_county", "--graph", graph_dir, env={**os.environ, "COLUMNS": "200"})
    assert "…" in res.stdout and "--format csv or json gives them whole" in " ".join(res.stdout.split())
    whole = kg("query", "regulations_by_county", "--graph", graph_dir, "--format", "csv")
    assert max(len(r["evidence"]) for r in csv.DictReader(io.StringIO(whole.stdout))) > 60


def test_view_reads_a_built_graph_and_suggests_names(store_dir, tmp_path):
    out = tmp_path / "v.html"
    res = kg("view", "平阴县", "--graph", store_dir, "-o", out)
    assert res.returncode == 0, res.stderr
    assert "<h1>平阴县 · 县级视图 county</h1>" in out.read_text(encoding="utf-8")
    res = kg("view", "信访条例工作", "--graph", store_dir, "-o", tmp_path / "w.html")
    assert res.returncode == 2 and "Did you mean" in res.stderr and "信访工作条例 (regulation)" in res.stderr


def test_view_without_a_build_says_to_build_first(tmp_path):
    res = kg("view", "平阴县", "--graph", tmp_path / "nothing", "-o", tmp_path / "v.html")
    assert res.returncode == 2 and "kg build" in res.stderr and "Traceback" not in res.stderr


def test_cites_right_after_building_elsewhere_reads_that_build(tmp_path):
    """`kg build … -o out` then `kg cites COUNTY --graph out`; with the default (output/) the error says which
    graph it read and how to name another."""
    assert kg("build", REPO / "examples", "-o", tmp_path / "out", cwd=tmp_path).returncode == 0
    assert "《信访工作条例》" in kg("cites", "平阴县", "--graph", "out", cwd=tmp_path).stdout
    (tmp_path / "other").mkdir()
    res = kg("cites", "平阴县", cwd=tmp_path / "other")
    assert res.returncode == 2 and "no graph in output" in res.stderr and "kg build" in res.stderr


def test_no_ghost_county_from_a_conjunction_before_the_county_committee():
    import kg as kglib

    ex = kglib.extract_text("宁阳县信访局关于2023年法治政府建设情况的报告\n"
                            "2023年，我局认真贯彻落实《法治政府建设实施纲要（2021—2025年）》和县委、县政府的部署。")
    assert [d.name for d in ex.divisions] == ["宁阳县"]
