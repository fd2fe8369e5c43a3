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


# -- every level of place, open names, lists, titles and scripts -------------------------------------------------
# Heads and sentences written for these tests in the genre (real places, invented text): (head, sentence, names
# that must be found).
CITY = "泰安市人民政府关于2023年法治政府建设情况的报告\n"
PROVINCE = "山东省人民政府关于2023年法治政府建设情况的报告\n"
DISTRICT = "北京市东城区人民政府2023年法治政府建设年度情况报告\n"

FOUND = [
    pytest.param(CITY, "市委、市政府高度重视法治建设，市人大常委会专题审议，认真落实省委、省政府部署。",
                 {"泰安市委", "泰安市人民政府", "泰安市人民代表大会常务委员会", "山东省委", "山东省人民政府"},
                 id="relative_names_in_a_prefecture_report"),
    pytest.param(PROVINCE, "省委依法治省办牵头开展督察，省司法厅具体承办。",
                 {"山东省委全面依法治省委员会办公室", "山东省司法厅"}, id="relative_names_in_a_provincial_report"),
    pytest.param("西藏自治区司法厅2023年法治政府建设情况报告\n", "在自治区党委、政府的坚强领导下，我厅扎实推进各项工作。",
                 {"西藏自治区党委", "西藏自治区人民政府", "西藏自治区司法厅"},
                 id="second_body_of_a_list_shares_the_place"),
    pytest.param("锡林郭勒盟司法局2023年法治政府建设情况报告\n", "在盟委、行署的坚强领导下，扎实推进法治建设。",
                 {"锡林郭勒盟委", "锡林郭勒盟行政公署"}, id="league_committee_and_its_xingshu"),
    pytest.param("楚雄彝族自治州人民政府2023年法治政府建设情况报告\n", "州委常委会专题研究法治工作。州委高度重视。",
                 {"楚雄彝族自治州委"}, id="autonomous_prefecture_committee"),
    pytest.param(HEAD, "认真落实泰安市委、市政府的部署。", {"泰安市委", "泰安市人民政府"},
                 id="second_body_after_an_explicit_one"),
    pytest.param(HEAD, "报告报送宁阳县档案馆、图书馆存档，并会同财政局研究经费保障。",
                 {"宁阳县档案馆", "宁阳县图书馆", "宁阳县财政局"}, id="bare_units_after_the_county"),
    pytest.param(DISTRICT, "修订区园林绿化局“三定”规定，规范区红十字会职责，团区委开展青少年普法。",
                 {"东城区园林绿化局", "东城区红十字会", "共青团东城区委员会"}, id="units_outside_the_head_table"),
    pytest.param(HEAD, "县委副书记、社会工作部部长出席，县医保局、县文联、县人防办参加。",
                 {"宁阳县委社会工作部", "宁阳县医疗保障局", "宁阳县文学艺术界联合会", "宁阳县人民防空办公室"},
                 id="short_forms"),
    pytest.param(HEAD, "先后到东疏镇政府、伏山镇党委和文庙街道办事处调研。",
                 {"宁阳县东疏镇人民政府", "宁阳县伏山镇党委", "宁阳县文庙街道办事处"}, id="township_bodies"),
    pytest.param(HEAD, "传达省、市委会议精神。", {"山东省委", "泰安市委"}, id="one_head_for_two_places"),
    pytest.param(HEAD, "宣传国务院《信访工作条例》。", {"国务院"}, id="issuer_beside_a_title"),
    pytest.param(HEAD, "在縣委、縣政府的堅強領導下，我局紮實推進工作。", {"宁阳县委", "宁阳县人民政府", "宁阳县信访局"},
                 id="traditional_characters"),
    pytest.param("莱芜市公安局2017年法治政府建设情况报告\n", "2017年，在市委、市政府的坚强领导下，市公安局推进执法规范化。",
                 {"莱芜市公安局", "莱芜市委", "莱芜市人民政府"}, id="former_prefecture_named_as_it_was"),
    pytest.param("广州市公安局增城区分局关于2024年度法治政府建设情况的报告\n", "在区委、区政府的领导下，我分局推进执法规范化。",
                 {"广州市公安局增城区分局", "增城区委", "增城区人民政府"}, id="district_branch_of_a_city_bureau"),
]


@pytest.mark.parametrize("head, sentence, names", FOUND)
def test_organizations_found_at_every_level(head, sentence, names):
    found = {o.name for o in kg.extract_text(head + sentence).organizations}
    assert names <= found, sorted(names - found)


NOT_FOUND = [
    pytest.param(HEAD, "贯彻国家、省、市委部署要求。", "山东省委", id="a_list_of_levels_then_one_body"),
    pytest.param(HEAD, "学习《山东省政府信息公开办法》。", "山东省人民政府", id="body_inside_a_document_title"),
    pytest.param(HEAD, "落实国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知要求。", "国务院办公厅",
                 id="body_heading_a_title_without_brackets"),
    pytest.param(HEAD, "指导各乡镇政府、乡镇党委做好信访工作。", "乡镇人民政府", id="generic_townships"),
    pytest.param(HEAD, "召开县委全面依法治县委员会会议。", "开县", id="no_county_inside_a_verb"),
    pytest.param(HEAD, "按照《纲要》和县委、县政府要求开展工作。", "和县", id="conjunction_is_not_a_county"),
    pytest.param(HEAD, "居民委员会、村民委员会协助调解。", "民族事务委员会", id="villagers_committee_is_not_minzu"),
    pytest.param(CITY, "市委、市政府高度重视，各县（市、区）组织部门、宣传部门积极配合。", "组织部",
                 id="departments_in_general"),
]


@pytest.mark.parametrize("head, sentence, fragment", NOT_FOUND)
def test_organizations_not_found(head, sentence, fragment):
    found = {o.name for o in kg.extract_text(head + sentence).organizations}
    assert not any(fragment in n for n in found), sorted(found)


def test_organizations_issuer_has_its_level():
    ex = kg.extract_text("山东省信访局2023年法治政府建设情况报告\n2023年，省信访局推进信访工作法治化。")
    own = next(o for o in ex.organizations if o.name == "山东省信访局")
    assert (own.division, own.level, own.kind) == ("370000", "province", "bureau")
