"""Case table for relations (the kg_relations component): the statements between one report's entities."""
from __future__ import annotations

import pytest

import kg

TEXT = ("宁阳县信访局关于2023年法治政府建设情况的报告\n"
        "2023年，我局认真贯彻《信访工作条例》。局长马合群带队开展“信访工作法治化宣传月”活动。"
        "全年受理信访事项1200件。")


@pytest.fixture(scope="module")
def relations():
    ex = kg.extract_text(TEXT)
    return {(r.subject, r.predicate, r.object, r.qualifier) for r in ex.relations}


@pytest.mark.parametrize(
    "subject, predicate, obj, qualifier",
    [
        pytest.param(("report", ""), "issuedBy", ("organization", "宁阳县信访局"), None, id="report_issued_by"),
        pytest.param(("organization", "宁阳县信访局"), "cites", ("regulation", "信访工作条例"), "贯彻",
                     id="issuer_cites_with_action"),
        pytest.param(("organization", "宁阳县信访局"), "hasJurisdiction", ("division", "370921"), None,
                     id="body_in_its_county"),
        pytest.param(("division", "370921"), "partOf", ("division", "370900"), None, id="county_in_prefecture"),
        pytest.param(("division", "370900"), "partOf", ("division", "370000"), None, id="prefecture_in_province"),
        pytest.param(("official", "马合群|宁阳县信访局"), "holdsPostIn", ("organization", "宁阳县信访局"), "局长",
                     id="official_holds_post"),
        pytest.param(("organization", "宁阳县信访局"), "runs", ("campaign", "信访工作法治化宣传月"), None,
                     id="issuer_runs_campaign"),
        pytest.param(("metric", "0"), "reportedBy", ("organization", "宁阳县信访局"), None, id="figure_reported_by"),
        pytest.param(("metric", "0"), "reportedFor", ("division", "370921"), None, id="figure_for_the_county"),
    ],
)
def test_relation_is_stated(relations, subject, predicate, obj, qualifier):
    assert (subject, predicate, obj, qualifier) in relations, sorted(relations)


def test_every_relation_with_evidence_points_into_the_text():
    ex = kg.extract_text(TEXT)
    for r in ex.relations:
        if r.evidence is not None:
            assert TEXT[r.evidence.sentence_start:r.evidence.sentence_end].strip()
            assert r.evidence.sentence_start <= r.evidence.start < r.evidence.end <= r.evidence.sentence_end
