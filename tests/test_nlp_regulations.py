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


@pytest.mark.parametrize(
    "sentence, title",
    [
        pytest.param("制定宁阳县2024年法治政府建设工作要点，明确年度任务。", "宁阳县2024年法治政府建设工作要点",
                     id="unbracketed_work_points_after_zhiding"),
        pytest.param("制发法治政府建设年度工作要点，推出具体措施。", "法治政府建设年度工作要点", id="unbracketed_without_place"),
        pytest.param("出台法治宁阳建设考核办法，推动责任落实。", "法治宁阳建设考核办法", id="unbracketed_assessment_rules"),
        pytest.param("建立了宁阳县法治督察约谈、挂牌督办、通报批评规定，压实责任。", "宁阳县法治督察约谈、挂牌督办、通报批评规定",
                     id="unbracketed_title_with_enumeration"),
        pytest.param("县政府办公室根据2024年全县普法依法治理工作要点，结合实际开展工作。", "2024年全县普法依法治理工作要点",
                     id="unbracketed_after_genju"),
        pytest.param("印发《宁阳县人民政府2024年依法行政重点工作安排》，细化任务。", "宁阳县人民政府2024年依法行政重点工作安排",
                     id="bracketed_work_arrangement"),
        pytest.param("全面落实《法治政府建设实施纲要 (2021—2025 年)》确定的任务。", "法治政府建设实施纲要（2021—2025年）",
                     id="spaces_inside_the_period"),
        pytest.param("印发《云南省法治化营商环境全面提质 23 条措施》。", "云南省法治化营商环境全面提质 23 条措施",
                     id="space_inside_a_title_of_measures"),
        pytest.param("制定《法治宁阳建设规划(2021-2025年》，明确目标。", "法治宁阳建设规划(2021-2025年)",
                     id="period_left_open_is_closed"),
    ],
)
def test_regulations_rarer_kinds_and_unbracketed_titles_found(sentence, title):
    found = regs(sentence)
    assert title in found, sorted(found)


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("各单位结合实际制定工作方案，细化任务。", id="generic_work_plan"),
        pytest.param("将法治政府建设纳入年度工作要点。", id="generic_points_after_narue"),
        pytest.param("依照法律规定及时受理信访事项。", id="legal_provisions"),
        pytest.param("根据市领导批示和工作安排完成评估。", id="arrangement_after_he"),
        pytest.param("严格按照关于推行依法逐级走访规定引导群众。", id="guanyu_without_de_is_no_title"),
        pytest.param("修订完善相关办法，堵塞管理漏洞。", id="related_rules"),
        pytest.param("编制《宁阳县信访局政府信息公开指南》并在网站公布。", id="disclosure_guide"),
        pytest.param("及时更新《宁阳县信访局政府信息主动公开目录》。", id="disclosure_catalogue"),
        pytest.param("制作《依申请公开流程图》张贴在大厅。", id="flow_chart"),
    ],
)
def test_regulations_generic_phrases_and_disclosure_items_are_not_regulations(sentence):
    assert regs(sentence) == {}


@pytest.mark.parametrize(
    "first, second",
    [
        pytest.param("法治政府建设实施纲要(20212025年)", "法治政府建设实施纲要（2021—2025年）", id="lost_dash"),
        pytest.param("法治政府建设实施纲要(2021-2025)", "法治政府建设实施纲要（2021－2025年）", id="without_nian_full_width"),
        pytest.param("宁阳县法治社会建设实施方案(2021年—2025年)", "宁阳县法治社会建设实施方案（2021-2025年）",
                     id="local_plan_year_in_both_ends"),
    ],
)
def test_regulations_variants_of_one_title_are_one_regulation(first, second):
    found = regs(f"认真落实《{first}》。对照《{second}》梳理任务。")
    assert len(found) == 1, sorted(found)
    title = next(iter(found))
    assert "20212025" not in title and len(next(iter(found.values())).evidence) == 2


@pytest.mark.parametrize(
    "sentence, title, in_registry",
    [
        pytest.param("全面落实“八五”普法规划，推进法治宣传。", "宁阳县“八五”普法规划", False, id="county_own_plan"),
        pytest.param("全面落实全国“八五”普法规划。", "中央宣传部、司法部关于开展法治宣传教育的第八个五年规划（2021—2025年）", True,
                     id="national_plan_said"),
        pytest.param("认真学习《“八五”普法规划》。", "宁阳县“八五”普法规划", False, id="bracketed_short_form_read_in_context"),
    ],
)
def test_regulations_generic_short_form_resolved_in_context(sentence, title, in_registry):
    found = regs(sentence)
    assert title in found, sorted(found)
    assert found[title].in_registry is in_registry
    assert (found[title].entry is not None) is in_registry
