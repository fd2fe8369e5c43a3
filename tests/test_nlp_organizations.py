"""Case table for organisations, resolved against the report's place."""
from __future__ import annotations

import pytest

import kg

HEAD = "宁阳县信访局关于2023年法治政府建设情况的报告\n"


def extract(sentence: str):
    return kg.extract_text(HEAD + sentence)


def org_names(sentence: str) -> set[str]:
    return {o.name for o in extract(sentence).organizations}


@pytest.mark.parametrize(
    "sentence, name",
    [
        pytest.param("在县委的坚强领导下，扎实推进各项工作。", "宁阳县委", id="county_party_committee"),
        pytest.param("及时向县政府报告重大信访情况。", "宁阳县人民政府", id="county_government"),
        pytest.param("我局坚持依法按程序办理信访事项。", "宁阳县信访局", id="our_bureau"),
        pytest.param("认真落实市委关于信访工作的部署要求。", "泰安市委", id="prefecture_party_committee"),
        pytest.param("按照省信访局的统一部署开展专项治理。", "山东省信访局", id="provincial_bureau"),
        pytest.param("认真落实国家信访局工作要求。", "国家信访局", id="national_bureau_keeps_name"),
        pytest.param("按照中央联席办部署开展集中治理重复信访。", "中央信访工作联席会议办公室",
                     id="central_joint_office_by_its_official_name"),
    ],
)
def test_organization_resolved_to_full_name(sentence, name):
    assert name in org_names(sentence)


@pytest.mark.parametrize(
    "sentence, word",
    [
        pytest.param("督促各单位落实信访工作责任制。", "各单位", id="each_unit"),
        pytest.param("会同有关部门研究解决群众诉求。", "有关部门", id="relevant_departments"),
        pytest.param("将信访事项及时转交责任单位办理。", "责任单位", id="responsible_unit"),
    ],
)
def test_generic_unit_words_are_not_organizations(sentence, word):
    names = org_names(sentence)
    assert not any(word in n for n in names), sorted(names)


def test_combined_discipline_commission_gives_no_separate_commission():
    names = org_names("主动接受县纪委监委的监督，配合开展专项检查。")
    assert "宁阳县纪委" not in names, sorted(names)
    assert any("纪委监委" in n for n in names), sorted(names)
