"""Case table for the metric extractor (figures with units and rates)."""
from __future__ import annotations

import pytest

import kg

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
    "sentence",
    [
        pytest.param("2023年，我局坚持依法行政。", id="year"),
        pytest.param("自5月1日起执行新的接访制度。", id="date"),
        pytest.param("第一，坚持依法分类处理信访诉求。", id="ordinal"),
        pytest.param("根据宁政办发〔2024〕41号文件要求部署工作。", id="document_number"),
        pytest.param("严格落实24小时值班制度。", id="duty_hours"),
        pytest.param("坚决做到“两个维护”。", id="political_slogan_count"),
    ],
)
def test_non_metrics_are_not_extracted(sentence):
    got = [(m.name, m.value, m.unit) for m in metric_objs(sentence)]
    assert got == []
