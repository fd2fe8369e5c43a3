"""Case table for the regulation extractor (法规/规章/党内法规 cited in a report)."""
from __future__ import annotations

import pytest

import kg

HEAD = "宁阳县信访局关于2023年法治政府建设情况的报告\n"


def regs(sentence: str) -> dict:
    ex = kg.extract_text(HEAD + sentence)
    return {r.title: r for r in ex.regulations}


@pytest.mark.parametrize(
    "sentence, title",
    [
        pytest.param("我局认真学习贯彻《信访工作条例》，推动信访工作规范运行。", "信访工作条例", id="bracketed_title"),
        pytest.param("全年组织干部集中学习《中华人民共和国行政复议法》两次。", "中华人民共和国行政复议法", id="bracketed_law"),
        pytest.param("深入学习贯彻《信訪工作條例》，规范信访秩序。", "信访工作条例", id="traditional_characters_normalised"),
    ],
)
def test_bracketed_title_is_a_regulation(sentence, title):
    assert title in regs(sentence)


def test_issuer_prefix_becomes_issuer():
    found = regs("认真贯彻落实国务院《信访工作条例》，依法规范信访行为。")
    assert "信访工作条例" in found
    assert found["信访工作条例"].issuer == "国务院"
    assert "国务院信访工作条例" not in found


def test_nested_title_gives_outer_plan_and_inner_regulation():
    found = regs("制定〈睢县《信访工作条例》落实年实施方案〉，明确责任分工。")
    assert "信访工作条例" in found
    assert any(t.endswith("实施方案") and "落实年" in t for t in found), sorted(found)


def test_short_reference_resolves_to_earlier_full_title():
    found = regs("我局认真学习《信访工作条例》。新《条例》施行以来，全局依法按程序办理信访事项。")
    assert "信访工作条例" in found
    assert "条例" not in found
    assert len(found["信访工作条例"].evidence) >= 2


@pytest.mark.parametrize(
    "sentence, titles",
    [
        pytest.param("深入宣传宪法、民法典等法律法规，营造尊法学法氛围。", {"中华人民共和国宪法", "中华人民共和国民法典"},
                     id="unbracketed_constitution_and_civil_code"),
    ],
)
def test_unbracketed_well_known_laws(sentence, titles):
    assert titles <= set(regs(sentence))


@pytest.mark.parametrize(
    "sentence, not_title",
    [
        pytest.param("以12月4日国家宪法日、宪法宣传日为契机，在广场设置咨询台。", "中华人民共和国宪法", id="constitution_day_alone"),
        pytest.param("向相关单位发出《风险提示函》3份，督促整改到位。", "风险提示函", id="risk_notice_letter"),
        pytest.param("建立《来县访》登记台账，做到一事一档。", "来县访", id="ledger"),
        pytest.param("为每名干部发放《信访工作法治化学习读本》一册。", "信访工作法治化学习读本", id="study_reader"),
        pytest.param("举办《信访干部法治大讲堂》专题讲座，邀请律师授课。", "信访干部法治大讲堂", id="lecture_course"),
    ],
)
def test_non_regulations_are_not_extracted(sentence, not_title):
    found = regs(sentence)
    assert not_title not in found, sorted(found)
    assert not any(not_title in t for t in found), sorted(found)


def test_repealed_regulation_has_status_repealed():
    found = regs("对照原《信访条例》和现行规定，梳理历史遗留问题。")
    assert "信访条例" in found
    assert found["信访条例"].status == "repealed"


def test_in_force_regulation_has_status_in_force():
    found = regs("认真贯彻落实《信访工作条例》。")
    assert found["信访工作条例"].status == "in_force"


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("制定〈睢县《信访工作条例》落实年实施方案〉，明确责任分工。",
                     id="nested_outer_issuer_not_given_to_inner"),
    ],
)
def test_county_prefix_of_outer_title_is_not_issuer_of_inner_regulation(sentence):
    found = regs(sentence)
    assert found["信访工作条例"].issuer != "睢县"
