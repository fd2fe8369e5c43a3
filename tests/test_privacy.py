"""Private persons (petitioners and others named as 信访人, 信访老户, 上访人, 群众 …) never appear in any output."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_kg as kg

REPO = Path(__file__).resolve().parents[1]

# A made-up report in which private persons are named next to things kg extracts (a regulation, figures,
# a campaign, a body), so that their names sit inside evidence sentences, figure names and labels.
PETITION_REPORT = """\
宁阳县信访局关于2023年法治政府建设情况的报告

县委、县政府：
2023年，我局依据《信访工作条例》，对信访人张某某、李某反映的问题开展复查，化解信访积案3件。
局长王建国带队约访了王强、赵某等信访老户12人次，开展“信访积案化解攻坚”专项行动。
群众刘某某到县信访局反映诉求，县司法局提供法律援助5次。
信访人陈立新多次到省上访，我局依照《信访工作条例》第十四条依法处理。
"""
NAMES = ("张某某", "李某", "王强", "赵某", "刘某某", "陈立新")


@pytest.fixture(scope="module")
def petition_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("petition")
    (d / "宁阳2023.txt").write_text(PETITION_REPORT, encoding="utf-8")
    return d


def test_the_fixture_names_its_private_persons_next_to_extracted_things():
    import kg as api

    ex = api.extract_text(PETITION_REPORT, private_names=True)
    assert ex.private_persons == len(NAMES)
    assert [o.name for o in ex.officials] == ["王建国"]
    assert any(n in ex.report.text for n in NAMES)


def test_extraction_masks_private_names_but_keeps_offsets_and_id():
    import kg as api

    kept = api.extract_text(PETITION_REPORT, private_names=True)
    masked = api.extract_text(PETITION_REPORT)
    assert len(masked.report.text) == len(kept.report.text) and masked.report.id == kept.report.id
    assert not any(n in masked.report.text for n in NAMES)
    assert "某某某" in masked.report.text and "王建国" in masked.report.text  # the official stays
    blob = str(masked.to_json())
    assert not any(n in blob for n in NAMES)


def test_no_output_of_build_query_cites_or_extract_names_a_private_person(petition_dir, tmp_path):
    out = tmp_path / "out"
    runs = [kg("build", petition_dir, "-o", out), kg("extract", petition_dir, "--jsonl")]
    runs += [kg("query", name, "--graph", out, "--format", fmt) for name in
             ("regulations_by_county", "figures_by_county_and_year", "campaigns_by_county", "officials_by_organisation")
             for fmt in ("table", "csv", "json")]
    runs += [kg("cites", "宁阳县", "--graph", out), kg("validate", out)]
    assert all(r.returncode == 0 for r in runs), [r.stderr for r in runs if r.returncode]
    files = [p for p in out.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"graph.ttl", "graph.nt", "graph.jsonld", "graph.trig", "graph.nq",
                                       "graph.graphml", "graph.gexf", "summary.json", "index.html"}
    texts = {str(p.relative_to(out)): p.read_text(encoding="utf-8", errors="replace") for p in files}
    texts |= {f"stdout {i}": r.stdout for i, r in enumerate(runs)} | {f"stderr {i}": r.stderr for i, r in enumerate(runs)}
    assert "某某等信访老户" in texts["graph.nq"]  # the figure is there, with the names masked
    leaks = {(where, n) for where, text in texts.items() for n in NAMES if n in text}
    assert not leaks


def test_the_private_names_flag_is_an_explicit_opt_in(petition_dir, tmp_path):
    res = kg("build", petition_dir, "-o", tmp_path / "out", "--private-names")
    assert res.returncode == 0, res.stderr
    nq = (tmp_path / "out" / "graph.nq").read_text(encoding="utf-8")
    assert any(n in nq for n in NAMES)


@pytest.mark.parametrize("text, private", [
    ("局长张某某带队检查。", {"张某某"}),                  # a redacted name is never an official: it is private
    ("信访人张某某、李某反映的问题已办结。", {"张某某", "李某"}),
    ("约访了王强、赵某等信访老户12人次。", {"王强", "赵某"}),
    ("约访曹某勇和靳某刚等信访人。", {"曹某勇", "靳某刚"}),
    ("群众刘某某到县信访局反映诉求。", {"刘某某"}),
    ("上访人陈立新多次到省上访。", {"陈立新"}),
])
def test_private_persons_are_found_next_to_their_markers_and_never_become_officials(text, private):
    import kg as api

    ex = api.extract_text("宁阳县信访局关于2023年法治政府建设情况的报告\n" + text, private_names=True)
    assert not [o for o in ex.officials if "某" in o.name or o.name in private]
    assert ex.private_persons == len(private)
    masked = api.extract_text("宁阳县信访局关于2023年法治政府建设情况的报告\n" + text).report.text
    assert not any(name in masked for name in private)
