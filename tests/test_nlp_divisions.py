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
