"""Case table for the metric extractor (figures with units and rates)."""
from __future__ import annotations

import json

import pytest

import kg
from kg.model import Extraction

HEAD = "宁阳县信访局关于2023年法治政府建设情况的报告\n"


def metrics(sentence: str) -> list[tuple[float, str]]:
    ex = kg.extract_text(HEAD + sentence)
    return [(m.value, m.unit) for m in ex.metrics]


def metric_objs(sentence: str):
    return kg.extract_text(HEAD + sentence).metrics


@pytest.mark.parametrize(
    "sentence, expected",
    [
        pytest.param("全年信访总量2890件3846人，同比下降5%。", [(2890, "件"), (3846, "人")], id="count_pair_items_and_people"),
        pytest.param("发放宣传材料1万余份，覆盖全县各乡镇。", [(10000, "份")], id="wan_with_yu"),
        pytest.param("信访事项办结率95.29%。", [(95.29, "%")], id="decimal_percent"),
        pytest.param("群众满意率达到95％。", [(95, "%")], id="full_width_percent"),
        pytest.param("共受理网上信访１２３件。", [(123, "件")], id="full_width_digits"),
        pytest.param("在接待大厅接待群众82批153人次。", [(82, "批"), (153, "人次")], id="batches_and_person_times"),
        pytest.param("围绕重点工作召开专题会议三次。", [(3, "次")], id="chinese_numeral_at_clause_end"),
        pytest.param("整合组建5支执法队伍，检查场所389家次。", [(5, "支"), (389, "家次")], id="team_and_visit_units"),
        pytest.param("办理各类公证 1.3 万件。", [(13000, "件")], id="spaces_inside_a_line"),
        pytest.param("制作展板8（块），悬挂横幅15条。", [(8, "块"), (15, "条")], id="unit_in_brackets_in_a_list"),
    ],
)
def test_metric_values_and_units(sentence, expected):
    got = metrics(sentence)
    for value, unit in expected:
        assert any(abs(v - value) < 1e-6 and u == unit for v, u in got), got


def test_shared_rate_gives_one_metric_per_rate_name():
    ms = metric_objs("信访事项及时受理率、按期办结率均为100%。")
    names = [m.name for m in ms if m.value == 100]
    assert len(names) == 2, [(m.name, m.value, m.unit) for m in ms]
    assert any("及时受理率" in n for n in names)
    assert any("按期办结率" in n for n in names)


@pytest.mark.parametrize(
    "sentence, names",
    [
        pytest.param("初信初访及时受理率、按期办结率、群众满意率均达到100%。", ["及时受理率", "按期办结率", "群众满意率"],
                     id="three_rates_share_one_value"),
        pytest.param("审查、备案规范性文件均达100%。", ["审查", "备案规范性文件"], id="shared_by_a_list_of_two"),
    ],
)
def test_metrics_value_shared_by_a_list_is_one_figure_each(sentence, names):
    ms = [m for m in metric_objs(sentence) if m.value == 100 and m.unit == "%"]
    assert len(ms) == len(names), [(m.name, m.value) for m in ms]
    for want, m in zip(names, ms):
        assert want in m.name


@pytest.mark.parametrize("numbered", ["一、", "二、", "（三）", "(4)", "5、", "十二、"])
def test_a_point_s_numbering_is_not_part_of_the_name_of_its_figure(numbered):
    (m,) = metric_objs(f"{numbered}受理群众来信120件。")
    assert m.name == "受理群众来信" and (m.value, m.unit) == (120, "件")


def test_metrics_respective_values_go_to_their_names_in_order():
    ms = metric_objs("受理群众来信、来访分别为120件、85件。")
    got = [(m.value, m.unit) for m in ms]
    assert got == [(120, "件"), (85, "件")], [(m.name, m.value) for m in ms]
    assert "来信" in ms[0].name and "来访" in ms[1].name and "来信" not in ms[1].name


@pytest.mark.parametrize(
    "sentence, expected",
    [
        pytest.param("受理信访事项1526件，其中来信312件、来访598批、网上信访616件，同比分别下降12.3%、8.5%和5.2%。",
                     [("来信同比下降", 12.3), ("来访同比下降", 8.5), ("网上信访同比下降", 5.2)], id="changes_of_the_figures_before"),
        pytest.param("来信、来访分别下降3%、4%。", [("来信下降", 3), ("来访下降", 4)], id="changes_of_a_list_of_names"),
        pytest.param("来信、来访分别为5件、7件，同比分别下降10%、20%，环比分别上升5%、6%。",
                     [("来信同比下降", 10), ("来访同比下降", 20), ("来信环比上升", 5), ("来访环比上升", 6)],
                     id="a_second_change_goes_to_the_figures_not_to_the_first_change"),
    ],
)
def test_metrics_respective_changes_go_to_the_figures_they_change(sentence, expected):
    got = [(m.name, m.value) for m in metric_objs(sentence) if m.unit == "%"]
    assert got == expected


@pytest.mark.parametrize(
    "sentence, value, approximate",
    [
        pytest.param("发放宣传资料1万余份。", 10000, True, id="wan_yu"),
        pytest.param("悬挂横幅660余条。", 660, True, id="yu"),
        pytest.param("培训执法人员约300人次。", 300, True, id="yue_before"),
        pytest.param("4000多人参加考试。", 4000, True, id="duo"),
        pytest.param("开展普法讲座120场次左右。", 120, True, id="zuoyou_after"),
        pytest.param("召开专题会议3次。", 3, False, id="exact"),
    ],
)
def test_metrics_approximate_value_keeps_the_number(sentence, value, approximate):
    ms = [m for m in metric_objs(sentence) if m.value == value]
    assert ms and ms[0].approximate is approximate, [(m.name, m.value, m.approximate) for m in metric_objs(sentence)]


def test_metrics_approximate_is_in_the_json_and_survives_the_cache_form():
    ex = kg.extract_text(HEAD + "发放宣传资料1万余份，召开会议3次。")
    shown = {m["value"]: m.get("approximate") for m in ex.to_json(evidence=False)["metrics"]}
    assert shown == {10000: True, 3: None}
    back = Extraction.from_dict(json.loads(json.dumps(ex.to_dict(), ensure_ascii=False)))
    assert [m.approximate for m in back.metrics] == [m.approximate for m in ex.metrics] == [True, False]


@pytest.mark.parametrize(
    "sentence, value, must, must_not",
    [
        pytest.param("组织学习《中华人民共和国行政复议法》等法律法规12次。", 12, "学习", "《", id="law_title_not_in_name"),
        pytest.param("局党组专题学习《中华人民共和国行政复议法》3次。", 3, "专题学习", "《", id="studied_title_not_in_name"),
        pytest.param("明确8个方面31项重点任务。", 31, "重点任务", "方面", id="previous_figure_not_in_name"),
        pytest.param("对全县29个重点单位和11个乡镇开展督察。", 11, "乡镇", "重点单位", id="neighbour_not_in_name"),
        pytest.param("全县共接报有效警情（含交通类、移车类）39665起。", 39665, "有效警情", "移车", id="bracket_not_in_name"),
        pytest.param("2次开展“一把手”集中述法。", 2, "集中述法", "“", id="name_from_the_clause_after"),
        pytest.param("聘请3名法律顾问协助接待群众来访。", 3, "法律顾问", "来访", id="counted_noun_after_measure_word"),
    ],
)
def test_metrics_name_is_what_is_counted(sentence, value, must, must_not):
    ms = [m for m in metric_objs(sentence) if m.value == value]
    assert ms, [(m.name, m.value) for m in metric_objs(sentence)]
    assert must in ms[0].name and must_not not in ms[0].name, ms[0].name


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("2023年，我局坚持依法行政。", id="year"),
        pytest.param("自5月1日起执行新的接访制度。", id="date"),
        pytest.param("第一，坚持依法分类处理信访诉求。", id="ordinal"),
        pytest.param("根据宁政办发〔2024〕41号文件要求部署工作。", id="document_number"),
        pytest.param("严格落实24小时值班制度。", id="duty_hours"),
        pytest.param("坚决做到“两个维护”。", id="political_slogan_count"),
        pytest.param("深入学习党的二十届三中全会和市委十四届三次全会精神。", id="plenum_ordinals"),
        pytest.param("认真贯彻县委八届二次、六次全会部署。", id="plenum_ordinals_in_a_list"),
        pytest.param("发布时间：2024-03-01 浏览次数：356次", id="page_read_counter"),
        pytest.param("这篇文章共 0 条评论", id="page_comment_counter"),
        pytest.param("时间：2025-09-29 09:20:53\n本报讯 近日，县委书记到信访局接访。", id="clock_time_before_a_line_break"),
        pytest.param("全力推进三个“一号工程”建设。", id="number_inside_a_name"),
        pytest.param("按照“4个100%”要求开展检查。", id="figure_inside_a_slogan"),
        pytest.param("确保领导干部学习读本人手一本。", id="distribution_rule"),
    ],
)
def test_non_metrics_are_not_extracted(sentence):
    got = [(m.name, m.value, m.unit) for m in metric_objs(sentence)]
    assert got == []
