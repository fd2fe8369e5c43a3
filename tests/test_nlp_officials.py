"""Case tables for officials (the kg_officials component): a public post written with a name, in every order and
layout (post before the name, name before the post, lists and tables of leaders, padded cells, two officials in one
clause); private persons, redacted names, bylines, national leaders and fragments (a name and the verb after it, a
piece of a place name) are never officials."""
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
        pytest.param("市委常委、秘书长宋化云参加接访。", "宋化云", "市委常委、秘书长", "泰安市委",
                     id="second_post_in_one_clause"),
        pytest.param("接访中，白英书记强调要依法解决群众诉求。", "白英", "书记", None, id="name_before_the_post"),
        pytest.param("本次接访由王强（副县长）带队。", "王强", "副县长", None, id="post_in_brackets_after_the_name"),
        pytest.param("接访领导：县委书记  吴滨", "吴滨", "县委书记", "宁阳县委", id="post_and_name_in_cells"),
        pytest.param("县文旅局局长陈建华参加会议。", "陈建华", "局长", "宁阳县文化和旅游局", id="body_before_the_post"),
        pytest.param("县委社会工作部副部长、县信访局局长田恒友出席。", "田恒友", "副部长、县信访局局长", "宁阳县信访局",
                     id="the_post_written_with_its_body"),
        pytest.param("市委书记白英到市信访局接待来访群众。", "白英", "市委书记", "泰安市委",
                     id="two_character_name_before_a_verb"),
        pytest.param("由县长刘洋包案的积案已化解。", "刘洋", "县长", None, id="name_then_a_verb_not_in_the_dictionary"),
        pytest.param("副局长吴鹏送去慰问品。", "吴鹏", "副局长", "宁阳县信访局", id="name_then_a_rare_verb"),
        pytest.param("县委书记石瑞发先后多次作出批示。", "石瑞发", "县委书记", "宁阳县委", id="three_character_name"),
        pytest.param("党组书记、局长马合群主持召开会议。", "马合群", "党组书记、局长", "宁阳县信访局",
                     id="third_character_before_a_rare_word"),
        pytest.param("高平市长王建军到会讲话。", "王建军", "市长", None, id="place_ending_inside_the_post"),
        pytest.param("局长 王  强 带队检查。", "王强", "局长", "宁阳县信访局", id="name_padded_to_a_cell"),
        pytest.param("县长刘\u200b洋带队接访。", "刘洋", "县长", None, id="zero_width_space_inside_the_name"),
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
        pytest.param("王某书记带队到县信访局接访。", "王某", id="redacted_name_before_a_post"),
        pytest.param("2月5日 张某某 副县长 县信访局", "张某某", id="redacted_name_in_a_schedule"),
        pytest.param("请与福州市长乐区信访局联系。", "乐区", id="post_read_inside_a_place_name"),
        pytest.param("摄影：曾国栋  副县长刘洋在蒋集镇检查。", "曾国栋", id="byline_before_the_next_post"),
        pytest.param("记者王强 通讯员李明", "王强", id="byline"),
        pytest.param("村民组长鲁长河带领村民修通了道路。", "鲁长河", id="villager_heading_a_group"),
        pytest.param("成立由局长任组长，其他局领导任副组长的领导小组。", "任副", id="post_of_the_name_before"),
        pytest.param("一是加强组织领导，成立由局长任组长的领导小组。", "成立由", id="word_before_a_post"),
        pytest.param("县长高度重视信访工作。", "高度", id="common_word_after_a_post"),
        pytest.param("县文旅局局长陈建华参加会议。", "文旅局", id="body_before_a_post"),
        pytest.param("市长信箱收到来信12件。", "信箱", id="word_after_a_post"),
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


@pytest.mark.parametrize(
    "sentence, names",
    [
        pytest.param("县领导张凌云、田恒友分别接待来访群众。", ["张凌云", "田恒友"], id="leaders_listed_after_one_post"),
        pytest.param("县委书记吴滨，县长刘洋，副县长李明军、王芳参加会议。", ["吴滨", "刘洋", "李明军", "王芳"],
                     id="posts_and_a_list"),
        pytest.param("县委副书记、县长李宣，县委常委、政法委书记王建国出席。", ["李宣", "王建国"],
                     id="two_officials_with_chained_posts"),
        pytest.param("接访时间    接访领导    职务\n1月5日     张  伟      县委书记\n1月12日    李明军      县长\n"
                     "1月19日    王 芳       副县长\n", ["张伟", "李明军", "王芳"], id="schedule_of_reception_days"),
        pytest.param("成立以局长马合群为组长，副局长吴鹏为副组长的领导小组。", ["马合群", "吴鹏"],
                     id="each_post_belongs_to_its_name"),
    ],
)
def test_officials_in_lists_tables_and_schedules(sentence, names):
    found = officials(sentence)
    assert list(found) == names
    assert "某" not in extract(sentence).report.text  # an official's name is never masked


def test_officials_a_post_is_not_the_next_persons():
    found = officials("成立以局长马合群为组长、副局长吴鹏为副组长的领导小组。")
    assert (found["马合群"].title, found["吴鹏"].title) == ("局长", "副局长")


def test_officials_on_the_shared_corpus_keep_their_names_and_take_no_fragments(require_shared):
    """Every official of the gold annotations is found, and nothing else is (officials F1 = 1 on seeds, dev, dev2)."""
    from kg.api import iter_extractions

    gold_dir = require_shared / "gold"
    for name in ("seeds", "dev", "dev2"):
        for ex in iter_extractions([require_shared / "corpus" / name]):
            if not hasattr(ex, "officials"):
                continue
            path = gold_dir / name / (ex.report.file.rsplit(".", 1)[0] + ".json")
            if not path.exists():
                continue
            gold = json.loads(path.read_text(encoding="utf-8"))
            want = {o["name"] for o in gold.get("officials", [])}
            got = {o.name for o in ex.officials}
            assert _norm(got) == _norm(want), ex.report.file
            blob = json.dumps(ex.to_json(), ensure_ascii=False)
            assert not [p for p in gold.get("private_persons", []) if p in blob], ex.report.file


def _norm(names) -> set[str]:
    from kg.nlp.normalize import normalize

    return {normalize(n) for n in names}
