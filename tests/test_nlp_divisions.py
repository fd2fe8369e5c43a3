"""Case table for divisions (the kg_divisions component): names of the gazetteer found in the text, disambiguated
by the parents the report mentions; 我县/全县 are the report's own place."""
from __future__ import annotations

import pytest

import kg

HEAD = "宁阳县信访局关于2023年法治政府建设情况的报告\n"


def divisions(text: str) -> dict[str, tuple[str, str]]:
    return {d.name: (d.code, d.level) for d in kg.extract_text(text).divisions}


@pytest.mark.parametrize(
    "text, name, code, level",
    [
        pytest.param(HEAD + "全县信访秩序持续好转。", "宁阳县", "370921", "county", id="whole_county_is_the_report_place"),
        pytest.param(HEAD + "我县信访总量下降。", "宁阳县", "370921", "county", id="our_county"),
        pytest.param(HEAD + "按照泰安市部署开展工作。", "泰安市", "370900", "prefecture", id="prefecture"),
        pytest.param(HEAD + "全省信访工作会议在山东省召开。", "山东省", "370000", "province", id="province"),
        pytest.param("长春市朝阳区信访局2023年工作总结\n朝阳区深化信访改革。", "朝阳区", "220104", "county",
                     id="ambiguous_name_by_its_prefecture"),
        pytest.param("北京市朝阳区信访办2023年工作总结\n朝阳区深化信访改革。", "朝阳区", "110105", "county",
                     id="the_same_name_in_another_place"),
        pytest.param(HEAD + "与肥城市开展交流。", "肥城市", "370983", "county", id="county_level_city"),
    ],
)
def test_division_found_with_its_code_and_level(text, name, code, level):
    found = divisions(text)
    assert found.get(name) == (code, level), found


@pytest.mark.parametrize(
    "text, not_name",
    [
        pytest.param(HEAD + "推进市域社会治理县域治理现代化。", "理县", id="two_character_county_inside_a_word"),
        pytest.param(HEAD + "县政府和县委高度重视。", "和县", id="conjunction_before_a_county_head"),
    ],
)
def test_not_divisions(text, not_name):
    assert not_name not in divisions(text)


@pytest.mark.parametrize(
    "text, not_name",
    [
        pytest.param(HEAD + "按照《法治政府建设实施纲要》和县委、县政府要求开展工作。", "和县",
                     id="conjunction_after_a_title_before_a_relative_head"),
        pytest.param(HEAD + "召开县委全面依法治县委员会会议。", "开县", id="county_inside_a_verb"),
    ],
)
def test_divisions_ghost_counties_are_not_made(text, not_name):
    assert not_name not in divisions(text)


def test_divisions_a_county_of_that_name_is_found_where_the_report_is_its():
    text = "和县信访局关于2023年法治政府建设情况的报告\n2023年，和县信访局在县委、县政府的领导下推进工作。"
    assert divisions(text).get("和县") == ("340523", "county")


def test_divisions_named_as_they_were_in_the_report_year():
    text = "莱城区信访局关于2018年法治政府建设情况的报告\n2018年，莱城区信访局在区委、区政府的领导下推进工作，与钢城区交流。"
    found = divisions(text)
    assert found["莱城区"] == ("371202", "county") and found["钢城区"] == ("371203", "county")


@pytest.mark.parametrize(
    "text, word, splits",
    [
        pytest.param("福州市长乐区信访局2023年度报告", "市长", True, id="post_read_across_two_place_names"),
        pytest.param("淮安市市长到市信访局调研", "市长", False, id="post_after_a_place_name"),
        pytest.param("宁阳县县长到县信访局接访", "县长", False, id="post_after_a_county"),
    ],
)
def test_divisions_place_names_decide_segmentation(text, word, splits):
    from kg.nlp.pipeline import make_nlp

    doc = make_nlp()(text)
    start = doc._.kg_norm.index(word)
    assert doc._.kg_place.splits_place_name(start, start + len(word)) is splits
