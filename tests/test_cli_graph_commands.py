"""`kg query`, `kg queries`, `kg cites` and `kg validate`, run as a user runs them, on a built graph."""
from __future__ import annotations

import csv
import io
import json
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
    assert "inCounty" not in rows[0]


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


def test_cites_of_an_unknown_county_exits_1(graph_dir):
    res = kg("cites", "不存在县", "--graph", graph_dir)
    assert res.returncode == 1 and "不存在县" in res.stderr


def test_validate_reports_zero_violations_on_a_build(graph_dir):
    res = kg("validate", graph_dir)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "conforms" in res.stdout and "0 violations" in res.stdout


def test_validate_lists_violations_and_exits_1(graph_dir, tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    nt = (graph_dir / "graph.nt").read_text(encoding="utf-8")
    person = "<https://w3id.org/kg-zh/id/person/x>"
    nt += f'{person} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://xmlns.com/foaf/0.1/Person> .\n'
    (broken / "graph.nt").write_text(nt, encoding="utf-8")
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
