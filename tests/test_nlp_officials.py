"""Case table for officials (the kg_officials component): a public post written with a name; private persons and
redacted names are never officials."""
from __future__ import annotations

import json

import pytest

import kg

HEAD = "宁阳县信访局关于2023年法治政府建设情况的报告\n"


def extract(sentence: str):
    return kg.extract_text(HEAD + sentence)


def officials(sentence: str) -> dict:
    return {o.name: o for o in extract(sentence).officials}


@pytest.mark.parametrize(
    "sentence, name, title, organization",
    [
        pytest.param("党组书记、局长马合群主持召开专题会议。", "马合群", "党组书记、局长", "宁阳县信访局",
                     id="two_posts_of_the_issuing_bureau"),
        pytest.param("分管副局长吴鹏带队深入乡镇督导。", "吴鹏", "分管副局长", "宁阳县信访局", id="deputy_in_charge"),
        pytest.param("县委书记吴滨同志多次听取信访工作汇报。", "吴滨", "县委书记", "宁阳县委", id="county_secretary"),
        pytest.param("县委常委、政法委书记王建国同志到我局调研。", "王建国", "县委常委、政法委书记", "宁阳县委",
                     id="two_posts_in_the_county_committee"),
        pytest.param("县长刘洋带队接访。", "刘洋", "县长", None, id="two_character_name"),
        pytest.param("省领导顾雪飞到县信访局调研。", "顾雪飞", "省领导", None, id="leader_of_a_higher_level"),
    ],
)
def test_officials_name_title_and_organization(sentence, name, title, organization):
    found = officials(sentence)
    assert name in found, sorted(found)
    assert (found[name].title, found[name].organization) == (title, organization)


@pytest.mark.parametrize(
    "sentence, not_name",
    [
        pytest.param("深入学习贯彻习近平总书记关于加强和改进人民信访工作的重要思想。", "习近平", id="national_leader"),
        pytest.param("局长马合群约访了信访人张某某。", "张某某", id="redacted_petitioner"),
        pytest.param("副局长赵某某参加会议。", "赵某某", id="redacted_name_after_a_post"),
        pytest.param("局长马合群约访了信访老户李强。", "李强", id="petitioner_after_a_marker"),
    ],
)
def test_not_officials(sentence, not_name):
    assert not any(not_name in n for n in officials(sentence))


def test_petitioners_next_to_an_official_are_private_and_appear_nowhere():
    ex = extract("局长马合群约访了信访人张某某和信访老户李某，面对面听取诉求。")
    assert {o.name for o in ex.officials} == {"马合群"}
    dumped = json.dumps(ex.to_json(), ensure_ascii=False)
    assert "张某某" not in dumped and "李某" not in dumped
    assert ex.private_persons == 2


def test_petitioners_in_a_list_before_a_marker_are_counted_not_kept():
    ex = extract("他先后约访了曹某勇、靳某刚等信访老户，逐案研究化解措施。")
    dumped = json.dumps(ex.to_json(), ensure_ascii=False)
    assert "曹某勇" not in dumped and "靳某刚" not in dumped
    assert ex.private_persons >= 2 and not ex.officials


@pytest.mark.parametrize("text", [pytest.param(HEAD + "我局坚持依法行政。", id="title_and_plain_sentence"),
                                  pytest.param("我局坚持依法行政。", id="plain_sentence_without_title")])
def test_report_without_people_counts_no_private_persons(text):
    assert kg.extract_text(text).private_persons == 0
