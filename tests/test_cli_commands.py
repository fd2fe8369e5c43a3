"""Each `kg` command, run as a user runs it (a real subprocess of the installed console script)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from conftest import run_kg as kg

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, sample_report_text):
    d = tmp_path_factory.mktemp("corpus")
    (d / "宁阳 2023.txt").write_text(sample_report_text, encoding="utf-8")
    (d / "gbk.txt").write_bytes(sample_report_text.replace("2023", "2022").encode("gbk"))
    return d


def test_build_writes_turtle_html_and_summary(corpus, tmp_path):
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCTERMS, RDF

    from kg.rdf import mint
    from kg.rdf.namespaces import ELI, KG

    res = kg("build", corpus, "-o", tmp_path / "out", "--format", "ttl")
    assert res.returncode == 0, res.stderr
    g = Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    reports = set(g.subjects(RDF.type, KG.Report))
    assert len(reports) == 2  # the UTF-8 and the GBK report (another year: another report)
    bureau = URIRef(mint.organization("宁阳县信访局"))
    assert {g.value(r, DCTERMS.creator) for r in reports} == {bureau}
    assert (URIRef(mint.regulation("信访工作条例")), ELI.title, Literal("信访工作条例", lang="zh")) in g
    assert (tmp_path / "out" / "index.html").read_text(encoding="utf-8").count('href="views/overview.html"') == 1
    html = (tmp_path / "out" / "views" / "overview.html").read_text(encoding="utf-8")
    data = json.loads(html.split('<script type="application/json" id="kg-data">', 1)[1].split("</script>", 1)[0])
    labels = {n["label"] for n in data["nodes"]}
    assert {"宁阳县信访局", "信访工作条例", "宁阳县"} <= labels and len(data["nodes"]) == len(set(g.subjects()) & {
        URIRef(n["id"]) for n in data["nodes"]})
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["reports"] == 2 and summary["entities"]["regulation"] == 1
    assert "reports" in res.stdout and "triples" in res.stdout and "index.html" in res.stdout


def test_build_without_paths_builds_the_bundled_examples(tmp_path):
    res = kg("build", "-o", tmp_path / "out")
    assert res.returncode == 0, res.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["reports"] == len(list((REPO / "examples").glob("*.txt")))


def test_build_reports_bad_files_and_exits_1(corpus, tmp_path):
    bad = tmp_path / "mixed"
    bad.mkdir()
    (bad / "good.txt").write_text((corpus / "宁阳 2023.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 20)
    res = kg("build", bad, "-o", tmp_path / "out")
    assert res.returncode == 1
    assert "empty.txt" in res.stderr and "binary.txt" in res.stderr
    assert "Traceback" not in res.stderr
    assert (tmp_path / "out" / "graph.trig").exists()


def test_build_with_nothing_usable_exits_2_with_a_message(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    res = kg("build", tmp_path, "-o", tmp_path / "out")
    assert res.returncode == 2
    assert "error" in res.stderr and "Traceback" not in res.stderr


def test_extract_prints_one_json_object_per_report(corpus):
    res = kg("extract", corpus, "--jsonl")
    assert res.returncode == 0, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert sorted(r["file"] for r in rows) == ["gbk.txt", "宁阳 2023.txt"]
    for r in rows:
        assert r["report"]["region"] == "宁阳县" and r["report"]["issuer"] == "宁阳县信访局"
        assert {"regulations", "organizations", "officials", "campaigns", "metrics"} <= r.keys()
        assert any(reg["title"] == "信访工作条例" for reg in r["regulations"])


def test_extract_missing_path_is_a_message_not_a_traceback(tmp_path):
    res = kg("extract", tmp_path / "nope.txt", "--jsonl")
    assert res.returncode == 2
    assert "nope.txt" in res.stderr and "Traceback" not in res.stderr


def test_extract_output_scores_with_the_shared_scorer(require_shared):
    res = kg("extract", require_shared / "corpus" / "seeds", "--jsonl")
    assert res.returncode == 0, res.stderr
    score = subprocess.run([sys.executable, str(require_shared / "eval" / "score.py"), "--gold",
                            str(require_shared / "gold" / "seeds"), "--pred", "/dev/stdin", "--json"],
                           input=res.stdout, capture_output=True, text=True, timeout=60)
    summary = json.loads(score.stdout)
    assert summary["report_fields_accuracy"] == 1.0
    assert summary["private_persons_leaked"] == []
    assert summary["non_regulations_as_regulations"] == []
