"""Case table for campaigns (专项活动、品牌、攻坚行动): found by the shape of their names, not from a list."""
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
        # named campaigns without quotes
        pytest.param("深入开展城乡建设领域违法违规问题突出问题专项整治，查处案件一批。",
                     {"城乡建设领域违法违规问题突出问题专项整治"}, id="long_unquoted_rectification"),
        pytest.param("以开展学习贯彻习近平新时代中国特色社会主义思想主题教育为契机，推动工作落实。",
                     {"学习贯彻习近平新时代中国特色社会主义思想主题教育"}, id="theme_education_keeps_its_name"),
        pytest.param("全面推行矛盾纠纷代办制，群众诉求有人办。", {"矛盾纠纷代办制"}, id="practice_model_ending_zhi"),
        pytest.param("落实行政首长出庭应诉制、首问负责制。", {"行政首长出庭应诉制", "首问负责制"},
                     id="two_practices_in_a_list"),
        pytest.param("全面推行河长制，河湖面貌明显改善。", {"河长制"}, id="chief_system"),
        pytest.param("总结推广宁阳经验，借鉴龙川模式。", {"宁阳经验", "龙川模式"}, id="experience_named_by_a_place"),
        pytest.param("2024年是全县作风建设提升年。", {"作风建设提升年"}, id="year_of_a_campaign_after_copula"),
        pytest.param("持续开展县乡“大接访”和领导包案活动。", {"县乡大接访"}, id="quoted_ending_with_its_name_before"),
        pytest.param("今年是全面依法治国工作“落实年”。", {"全面依法治国工作落实年"}, id="quoted_year_after_de"),
        # partly quoted names and programmes named by a number
        pytest.param("将宪法和民法典列为“八五”普法重点内容。", {"八五普法"}, id="partly_quoted_known_name"),
        pytest.param("全力护航三个“一号工程”，优化营商环境。", {"三个一号工程"}, id="count_before_quote"),
        pytest.param("坚持“3820”战略工程思想精髓，推动高质量发展。", {"3820战略工程"}, id="quoted_number_with_ending"),
        pytest.param("建立“1+3+N”矛盾化解会商机制，做到一事一议。", {"1+3+N矛盾化解会商机制"}, id="quoted_mechanism"),
        pytest.param("开展“法润万家”主题实践活动，覆盖各乡镇。", {"法润万家"}, id="quoted_name_of_an_activity"),
        pytest.param("深化“清风”“护苗”等专项行动，营造良好环境。", {"清风", "护苗"}, id="quoted_items_before_deng"),
        pytest.param("开展“不忘初心、牢记使命”主题教育。", {"不忘初心、牢记使命主题教育"}, id="quoted_slogan_with_kind"),
    ],
)
def test_campaigns_found(sentence, expected):
    found = campaigns(sentence)
    assert expected <= found, sorted(found)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # boundaries: the verb, 了, 等 and the campaign before 和 are not part of a name
        pytest.param("组织开展了《信访工作条例》宣传落实年活动。", "《信访工作条例》宣传落实年活动", id="le_before_title"),
        pytest.param("“治重化积”专项工作和越级访治理专项行动同步推进。", "越级访治理专项行动", id="second_of_two_campaigns"),
        pytest.param("深入开展年度述职述法工作和重复信访治理专项行动。", "重复信访治理专项行动", id="activity_before_he"),
        pytest.param("二是持续推动开展信访代办制工作。", "信访代办制", id="enumerator_and_verbs_stripped"),
    ],
)
def test_campaigns_name_boundaries(sentence, expected):
    found = campaigns(sentence)
    assert expected in found, sorted(found)
    assert not any(c.startswith(("了", "等", "和", "二是")) or "和越级" in c for c in found), sorted(found)


@pytest.mark.parametrize(
    "sentence, word",
    [
        pytest.param("引导党员干部牢固树立“四个意识”。", "四个意识", id="political_slogan"),
        pytest.param("组织干部利用“学习强国”平台学习法律知识。", "学习强国", id="learning_app"),
        pytest.param("本报告电子版可在“宁阳政务网”下载。", "宁阳政务网", id="website_name"),
        pytest.param("通过“宁阳信访”官方微信公众号发布信息20条。", "宁阳信访", id="wechat_account"),
        pytest.param("本报告全文在“宁阳发布”门户网站公布。", "宁阳发布", id="portal_name"),
        pytest.param("深入学习宣传贯彻“习近平法治思想”。", "习近平法治思想", id="ideology"),
        pytest.param("在全市综合考核中获评“第一等次”。", "第一等次", id="grade"),
        pytest.param("一名调解员入选全省“十大法治人物”。", "十大法治人物", id="award_list"),
        pytest.param("被推荐为“全国守法普法示范县”候选县。", "全国守法普法示范县", id="candidate_title"),
        pytest.param("上线运行“智慧接访”系统，群众可网上预约。", "智慧接访", id="system_name"),
        pytest.param("举办“践行法治思想建设法治宁阳”专题研修班。", "法治宁阳", id="training_course"),
        pytest.param("依托“宁阳法治讲堂”开展普法宣传。", "讲堂", id="lecture_series"),
        pytest.param("推动法治宣传进“农村社区”、进“宗教场所”、进“企业园区”。", "宗教场所", id="items_of_one_verb"),
        pytest.param("坚持把“理论武装”摆在首位，压实“第一责任”。", "理论武装", id="emphasised_ordinary_words"),
        pytest.param("紧扣“首要任务”深度谋划全年工作。", "首要任务", id="emphasised_dictionary_word"),
        pytest.param("发挥“法治建设”考核指挥棒作用。", "法治建设", id="emphasised_field_of_work"),
        pytest.param("5月开展信访工作法治化宣传月活动，此次宣传月活动覆盖全县。", "此次", id="reference_back"),
        pytest.param("进一步健全法治信访工作机制。", "法治信访", id="brand_words_unquoted_are_a_phrase"),
        pytest.param("全链条管控易制爆危化品，严防事故发生。", "易制", id="zhi_inside_a_word"),
        pytest.param("严格落实信访工作责任制。", "责任制", id="generic_responsibility_system"),
        pytest.param("扎实推进年度重点工作，按时完成任务。", "推进年", id="calendar_year_is_no_campaign_year"),
        pytest.param("认真总结成功经验，推广先进经验。", "经验", id="experience_without_a_name"),
    ],
)
def test_non_campaigns_not_found(sentence, word):
    found = campaigns(sentence)
    assert not any(word in c for c in found), sorted(found)


def test_campaigns_quoted_name_and_its_event_are_one_campaign():
    found = campaigns("深入推进“治重化积”专项工作，“治重化积”成效明显。")
    assert [c for c in found if "治重化积" in c] == ["治重化积"], sorted(found)


def test_campaigns_known_name_and_its_short_name_are_one_campaign():
    found = campaigns("推动治理重复信访化解信访积案工作任务清零，交办26件治重化积信访案件。")
    assert len([c for c in found if "治" in c]) == 1, sorted(found)
