"""Evidence spans: every entity and relation points at its exact text and sentence in the report."""
from __future__ import annotations

from pathlib import Path

import pytest

import kg

HEAD = "宁阳县信访局关于2023年法治政府建设情况的报告\n"

TEXTS = [
    HEAD + "2023年，在县委、县政府的坚强领导下，我局认真贯彻国务院《信访工作条例》，深入宣传宪法、民法典等法律法规。"
           "全年信访总量2890件3846人，及时受理率、按期办结率均为100%。\n",
    HEAD + "党组书记、局长马合群主持召开专题会议三次。分管副局长吴鹏带队开展“信访工作法治化宣传月”活动，"
           "发放宣传材料1万余份。局长马合群约访了信访人张某某。\n",
    HEAD + "  坚持和发展新时代“枫桥经验”，扎实开展信访突出问题化解三年攻坚战。\n\n按照省信訪局部署，新《条例》"
           "施行后，接待群众82批153人次，办结率95.29%，满意率95％，受理网上信访１２３件。",
]


def _evidences(ex):
    out = []
    for group in (ex.regulations, ex.organizations, ex.officials, ex.campaigns, ex.divisions):
        for item in group:
            out.extend(("entity", item, e) for e in item.evidence)
    for r in ex.regulations:
        out.extend(("action", r, e) for _, e in r.actions)
    for m in ex.metrics:
        if m.evidence is not None:
            out.append(("metric", m, m.evidence))
    for r in ex.relations:
        if r.evidence is not None:
            out.append(("relation", r, r.evidence))
    return out


def _written_forms(item):
    forms = set()
    for attr in ("title", "name", "written"):
        v = getattr(item, attr, None)
        if isinstance(v, str) and v:
            forms.add(v)
    forms |= set(getattr(item, "aliases", ()) or ())
    return forms


@pytest.mark.parametrize("text", TEXTS, ids=["regulations_and_metrics", "officials_and_campaigns", "traditional_and_fullwidth"])
def test_evidence_offsets_are_inside_sentence(text):
    ex = kg.extract_text(text)
    evs = _evidences(ex)
    assert evs
    for kind, item, e in evs:
        assert 0 <= e.sentence_start <= e.start < e.end <= e.sentence_end <= len(text), (kind, item, e)


@pytest.mark.parametrize("text", TEXTS, ids=["regulations_and_metrics", "officials_and_campaigns", "traditional_and_fullwidth"])
def test_json_evidence_text_equals_report_text(text):
    ex = kg.extract_text(text)
    doc = ex.to_json()
    n = 0
    for key in ("regulations", "organizations", "officials", "campaigns"):
        for item in doc[key]:
            for ev in item.get("evidence", []):
                assert text[ev["start"]:ev["end"]] == ev["text"]
                assert ev["text"] in ev["sentence"]
                n += 1
    for item in doc["metrics"] + doc["relations"]:
        ev = item.get("evidence")
        if ev:
            assert text[ev["start"]:ev["end"]] == ev["text"]
            assert ev["text"] in ev["sentence"]
            n += 1
    assert n > 0


def test_entity_evidence_covers_a_mention():
    text = TEXTS[0]
    ex = kg.extract_text(text)
    reg = {r.title: r for r in ex.regulations}["信访工作条例"]
    assert any("信访工作条例" in text[e.start:e.end] for e in reg.evidence)


@pytest.mark.parametrize(
    "tail",
    [
        pytest.param("全年共受理信访事项12", id="cut_after_digits"),
        pytest.param("认真贯彻《信访工作条", id="cut_inside_brackets"),
        pytest.param("局长马合", id="cut_inside_name"),
        pytest.param("开展“信访工作法治化", id="cut_inside_quote"),
        pytest.param("", id="title_only"),
    ],
)
def test_truncated_excerpt_does_not_crash(tail):
    text = HEAD + "我局坚持依法行政。" + tail
    ex = kg.extract_text(text)
    for kind, item, e in _evidences(ex):
        assert 0 <= e.sentence_start <= e.start < e.end <= e.sentence_end <= len(text), (kind, item, e)
    ex.to_json()


def _corpus_files(shared: Path) -> list[Path]:
    files: list[Path] = []
    for sub in ("seeds", "dev"):
        d = shared / "corpus" / sub
        if d.is_dir():
            files.extend(sorted(d.rglob("*.txt")))
    return files


def test_corpus_evidence_spans_match_report_text(require_shared):
    files = _corpus_files(require_shared)
    if not files:
        pytest.skip("no .txt files in shared/corpus/seeds or shared/corpus/dev")
    bad = []
    for path in files:
        ex = kg.extract_text(path.read_text(encoding="utf-8"), path=str(path))
        text = ex.report.text
        doc = ex.to_json()
        evs = []
        for key in ("regulations", "organizations", "officials", "campaigns"):
            for item in doc[key]:
                evs.extend(item.get("evidence", []))
        for item in doc["metrics"] + doc["relations"]:
            if item.get("evidence"):
                evs.append(item["evidence"])
        for kind, item, e in _evidences(ex):
            if not (0 <= e.sentence_start <= e.start < e.end <= e.sentence_end <= len(text)):
                bad.append((path.name, kind, e))
        for ev in evs:
            if text[ev["start"]:ev["end"]] != ev["text"] or ev["text"] not in ev["sentence"]:
                bad.append((path.name, ev))
    assert not bad, bad[:10]
