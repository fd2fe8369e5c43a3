"""Case table for organisations (resolved against the report's place) and officials (with privacy of citizens)."""
from __future__ import annotations

import json

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


def officials(sentence: str):
    return {o.name: o for o in extract(sentence).officials}


@pytest.mark.parametrize(
    "sentence, name, title_part, organization",
    [
        pytest.param("党组书记、局长马合群主持召开专题会议。", "马合群", "局长", None, id="three_char_name_after_title"),
        pytest.param("分管副局长吴鹏带队深入乡镇督导。", "吴鹏", "副局长", None, id="deputy_leads_team"),
        pytest.param("县委书记吴滨同志多次听取信访工作汇报。", "吴滨", "书记", "宁阳县委", id="county_secretary_with_org"),
    ],
)
def test_officials_name_title_and_organization(sentence, name, title_part, organization):
    found = officials(sentence)
    assert name in found, sorted(found)
    assert title_part in found[name].title
    if organization is not None:
        assert found[name].organization == organization


def test_full_title_of_party_secretary_and_director():
    found = officials("党组书记、局长马合群主持召开专题会议。")
    assert found["马合群"].title == "党组书记、局长"


def test_national_leader_is_not_an_official():
    found = officials("深入学习贯彻习近平总书记关于加强和改进人民信访工作的重要思想。")
    assert not any("习近平" in n for n in found), sorted(found)


def test_petitioners_next_to_official_are_private():
    ex = extract("局长马合群约访了信访人张某某和信访老户李某，面对面听取诉求。")
    names = {o.name for o in ex.officials}
    assert names == {"马合群"}
    dumped = json.dumps(ex.to_json(), ensure_ascii=False)
    assert "张某某" not in dumped
    assert "李某" not in dumped


def test_petitioner_names_are_counted_not_kept():
    ex = extract("他先后约访了曹某勇、靳某刚等信访老户，逐案研究化解措施。")
    dumped = json.dumps(ex.to_json(), ensure_ascii=False)
    assert "曹某勇" not in dumped
    assert "靳某刚" not in dumped
    assert ex.private_persons >= 2
    assert not ex.officials


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(HEAD + "我局坚持依法行政。", id="title_and_plain_sentence"),
        pytest.param("我局坚持依法行政。", id="plain_sentence_without_title"),
    ],
)
def test_report_without_people_counts_no_private_persons(text):
    assert kg.extract_text(text).private_persons == 0


def test_two_petitioners_count_exactly_two():
    ex = extract("局长马合群约访了信访人张某某和信访老户李某，面对面听取诉求。")
    assert ex.private_persons == 2


@pytest.mark.parametrize(
    "sentence, name, title, organization",
    [
        pytest.param("县委常委、政法委书记王建国同志到我局调研。", "王建国", "县委常委、政法委书记", "宁阳县委",
                     id="two_posts_in_county_committee"),
    ],
)
def test_official_with_compound_title(sentence, name, title, organization):
    found = officials(sentence)
    assert name in found, sorted(found)
    assert found[name].title == title
    assert found[name].organization == organization
