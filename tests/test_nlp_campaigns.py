"""Case table for campaigns (专项活动、品牌、攻坚行动)."""
from __future__ import annotations

import pytest

import kg

HEAD = "宁阳县信访局关于2023年法治政府建设情况的报告\n"


def campaigns(sentence: str) -> set[str]:
    return {c.name for c in kg.extract_text(HEAD + sentence).campaigns}


@pytest.mark.parametrize(
    "sentence, expected",
    [
        pytest.param("5月份组织开展“信访工作法治化宣传月”活动。", {"信访工作法治化宣传月"}, id="quoted_month"),
        pytest.param("坚持和发展新时代“枫桥经验”，推动矛盾就地化解。", {"枫桥经验"}, id="fengqiao_without_era_prefix"),
        pytest.param("大力推进“阳光信访、责任信访、法治信访”建设。", {"阳光信访", "责任信访", "法治信访"},
                     id="three_brands_in_one_quote"),
        pytest.param("扎实开展信访突出问题化解三年攻坚战，化解一批积案。", {"信访突出问题化解三年攻坚战"},
                     id="unquoted_campaign_after_lead_verb"),
    ],
)
def test_campaigns_found(sentence, expected):
    found = campaigns(sentence)
    assert expected <= found, sorted(found)


@pytest.mark.parametrize(
    "sentence, word",
    [
        pytest.param("引导党员干部牢固树立“四个意识”。", "四个意识", id="political_slogan"),
        pytest.param("组织干部利用“学习强国”平台学习法律知识。", "学习强国", id="learning_app"),
    ],
)
def test_non_campaigns_not_found(sentence, word):
    found = campaigns(sentence)
    assert not any(word in c for c in found), sorted(found)
