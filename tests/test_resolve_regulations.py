"""The regulation registry's API: typed dates, repeals, and short forms read in their context."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.resolve.regulations import Registry, read_short_form, registry

D = dt.date.fromisoformat


@pytest.mark.parametrize(
    "title, issuer, adopted, in_force, status, replaced_by",
    [
        # the names callers used before keep their meaning: issuer = enacting body, adopted = current version
        pytest.param("中华人民共和国行政处罚法", "全国人民代表大会", "2021-01-22", "2021-07-15", "in_force", "",
                     id="npc_law_revised_by_standing_committee"),
        pytest.param("信访条例", "国务院", "2005-01-10", "2005-05-01", "repealed", "信访工作条例", id="repealed_regulation"),
        pytest.param("中国共产党章程", "中国共产党全国代表大会", "2022-10-22", "2022-10-22", "in_force", "",
                     id="party_constitution_amended"),
        pytest.param("国务院关于加强法治政府建设的意见", "国务院", "", "", "in_force", "", id="dates_not_verified"),
    ],
)
def test_regulations_entry_keeps_the_old_field_names(title, issuer, adopted, in_force, status, replaced_by):
    e = registry().lookup(title)
    assert (e.issuer, e.adopted, e.in_force, e.status, e.replaced_by) == (issuer, adopted, in_force, status,
                                                                          replaced_by)


def test_regulations_typed_dates_and_bodies():
    e = registry().lookup("监察法")
    assert (e.first_adopted, e.first_adopted_by) == (D("2018-03-20"), "全国人民代表大会")
    assert (e.last_amended, e.last_amended_by) == (D("2024-12-25"), "全国人民代表大会常务委员会")
    assert e.entered_into_force == D("2025-06-01") and e.current_version == D("2024-12-25")


@pytest.mark.parametrize(
    "title, on, replaced_by, status",
    [
        pytest.param("信访条例", "2022-05-01", "信访工作条例", "repealed", id="petition_regulation"),
        pytest.param("中华人民共和国合同法", "2021-01-01", "中华人民共和国民法典", "repealed", id="civil_code_repeals"),
        pytest.param("中华人民共和国行政监察法", "2018-03-20", "中华人民共和国监察法", "repealed", id="supervision_law"),
        pytest.param("法治政府建设实施纲要（2015—2020年）", "2021-01-01", "法治政府建设实施纲要（2021—2025年）", "expired",
                     id="plan_period_ended"),
    ],
)
def test_regulations_repeal_date_and_replacement(title, on, replaced_by, status):
    repeal = registry().lookup(title).repeal
    assert (repeal.on, repeal.replaced_by, repeal.status) == (D(on), replaced_by, status)


def test_regulations_in_force_rows_have_no_repeal():
    assert registry().lookup("信访工作条例").repeal is None
    assert all(e.repeal for e in registry().repealed())
    assert {e.title for e in registry().repealed()} >= {"信访条例", "中华人民共和国民法通则"}


@pytest.mark.parametrize(
    "title, year, after",
    [
        pytest.param("信访条例", 2021, False, id="2021_report_before_repeal"),
        pytest.param("信访条例", 2022, False, id="repeal_year_partly_before"),
        pytest.param("信访条例", 2023, True, id="year_after_repeal"),
        pytest.param("信访条例", None, False, id="unknown_year"),
        pytest.param("中华人民共和国合同法", 2021, True, id="repealed_on_new_year"),
        pytest.param("中华人民共和国合同法", 2020, False, id="still_in_force_that_year"),
        pytest.param("法治政府建设实施纲要（2015—2020年）", 2020, False, id="plan_in_its_period"),
        pytest.param("法治政府建设实施纲要（2015—2020年）", 2022, True, id="plan_after_its_period"),
        pytest.param("信访工作条例", 2030, False, id="in_force"),
    ],
)
def test_regulations_cited_after_repeal(title, year, after):
    assert registry().lookup(title).cited_after_repeal(year) is after


@pytest.mark.parametrize(
    "title, day, expected",
    [
        pytest.param("信访条例", "2022-04-30", True, id="day_before_repeal"),
        pytest.param("信访条例", "2022-05-01", False, id="day_of_repeal"),
        pytest.param("信访条例", "2004-12-31", False, id="before_it_was_made"),
        pytest.param("中华人民共和国民法典", "2020-06-01", False, id="adopted_not_yet_in_force"),
        pytest.param("中华人民共和国民法典", "2021-01-01", True, id="in_force"),
        pytest.param("中华人民共和国行政处罚法", "2000-01-01", True, id="earlier_version_in_force"),
        pytest.param("法治政府建设实施纲要（2021—2025年）", "2022-01-01", True, id="plan_in_force_on_issue"),
        pytest.param("关于加强法治乡村建设的意见", "2022-01-01", None, id="no_dates_no_answer"),
    ],
)
def test_regulations_in_force_on(title, day, expected):
    assert registry().lookup(title).in_force_on(D(day)) is expected


@pytest.mark.parametrize(
    "form, kind",
    [
        pytest.param("宪法", "unique", id="constitution"),
        pytest.param("民法典", "unique", id="civil_code"),
        pytest.param("党章", "unique", id="party_constitution"),
        pytest.param("八五普法规划", "generic", id="legal_education_plan"),
        pytest.param("“八五”普法规划", "generic", id="quoted_plan"),
        pytest.param("十四五规划纲要", "generic", id="five_year_plan"),
        pytest.param("中华人民共和国宪法", None, id="full_title_is_no_short_form"),
        pytest.param("法治政府建设实施纲要（2021-2025年）", None, id="dash_variant_of_a_title"),
        pytest.param("某县工作要点", None, id="unknown"),
    ],
)
def test_regulations_short_form_kind(form, kind):
    assert registry().short_form_kind(form) == kind


PLACES = {"县": "宁阳县", "市": "泰安市", "省": "山东省"}
PLAN = "中央宣传部、司法部关于开展法治宣传教育的第八个五年规划（2021—2025年）"
FYP = "中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要"


@pytest.mark.parametrize(
    "before, form, place, places, scope, who",
    [
        pytest.param("全面落实", "“八五”普法规划", "宁阳县", PLACES, "local", "宁阳县", id="county_own_plan"),
        pytest.param("全面落实全国", "“八五”普法规划", "宁阳县", PLACES, "national", PLAN, id="says_national"),
        pytest.param("对照国家的", "“十四五”规划纲要", "宁阳县", PLACES, "national", FYP, id="national_with_de"),
        pytest.param("落实中央", "八五普法规划", "宁阳县", PLACES, "national", PLAN, id="says_central"),
        pytest.param("全面落实我县", "“八五”普法规划", "宁阳县", PLACES, "local", "宁阳县", id="our_county"),
        pytest.param("按照全市", "八五普法规划", "宁阳县", PLACES, "local", "泰安市", id="prefecture_in_county_report"),
        pytest.param("根据省", "十四五规划纲要", "宁阳县", PLACES, "local", "山东省", id="province_in_county_report"),
        pytest.param("根据泰安市", "十四五规划纲要", "宁阳县", PLACES, "local", "泰安市", id="place_named"),
        pytest.param("全国普法办部署，我们落实", "八五普法规划", "宁阳县", PLACES, "local", "宁阳县",
                     id="national_word_in_an_earlier_clause"),
        pytest.param("全面落实", "八五普法规划", None, None, "national", PLAN, id="report_without_place"),
        pytest.param("我县深入学习", "宪法", "宁阳县", PLACES, "national", "中华人民共和国宪法", id="unique_form"),
        pytest.param("认真落实区", "八五普法规划", "南岸区", {"区": "南岸区", "市": "重庆市"}, "local", "南岸区",
                     id="district_report"),
    ],
)
def test_regulations_read_short_form_in_context(before, form, place, places, scope, who):
    r = read_short_form(form, before, place, places)
    assert r.scope == scope
    if scope == "national":
        assert r.entry.title == who and r.title == who and r.place is None
    else:
        assert r.place == who and r.entry is None and r.title == who + form


def test_regulations_read_short_form_unknown_form_is_none():
    assert read_short_form("某县工作要点", "落实", "宁阳县") is None


def test_regulations_bad_date_is_a_clear_error():
    with pytest.raises(ValueError, match=r"'某条例'.*first_adopted='2021-13-01'"):
        Registry([{"title": "某条例", "level": "行政法规", "first_adopted": "2021-13-01", "status": "in_force"}])
