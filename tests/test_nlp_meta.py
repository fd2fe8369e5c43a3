"""Report metadata (title, issuer, region, prefecture, province, year) from the head of a report: the kg_meta
component."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.ingest import read_report, report_from_text
from kg.nlp.meta import extract_metadata


def meta_of(report):
    """What kg_meta finds in a report."""
    return extract_metadata(report.text)[0]

FIELDS = ("issuer", "region", "prefecture", "province", "year")

# Heads of reports written for these tests in the genre of county 法治政府建设年度报告. Counties are real,
# bodies and figures are made up.
# (case, text, issuer, region, prefecture, province, year, title — without white space; None: no title)
CASES = [
    ('two_line_title',
     '临朐县信访局\n关于2023年法治政府建设情况的报告\n\n县委、县政府：\n    2023年，在县委、县政府的坚强领导下，我局深入学习贯彻《信访工作条例》，全年受理信访事项860件。\n',
     '临朐县信访局', '临朐县', '潍坊市', '山东省', 2023, '临朐县信访局关于2023年法治政府建设情况的报告'),
    ('one_line_title',
     '兰考县信访局2022年法治政府建设工作总结\n2022年以来，在县委、县政府的正确领导下,我局坚持以习近平法治思想为指导，扎实推进信访工作法治化。\n',
     '兰考县信访局', '兰考县', '开封市', '河南省', 2022, '兰考县信访局2022年法治政府建设工作总结'),
    ('title_then_issuer_line',
     '2023年度法治政府建设情况报告\n平阴县信访局\n\n本年度，我局在县委、县政府的坚强领导下，深入贯彻落实全面依法治国基本方略，以提升信访工作法治化水平为目标。\n',
     '平阴县信访局', '平阴县', '济南市', '山东省', 2023, '2023年度法治政府建设情况报告'),
    ('issuer_line_then_title_with_year',
     '汶上县信访局\n2024年度法治政府建设工作报告\n\n2024年，我局在县委、县政府的正确领导下，深入推进信访工作法治化。\n',
     '汶上县信访局', '汶上县', '济宁市', '山东省', 2024, '汶上县信访局2024年度法治政府建设工作报告'),
    ('chongqing_district',
     '重庆市南岸区信访办公室\n关于2023年法治政府建设情况的报告\n\n2023年，在区委、区政府的坚强领导下，区信访办按照《法治政府建设实施纲要（2021—2025年）》要求，推进信访工作法治化。\n',
     '重庆市南岸区信访办公室', '南岸区', '重庆市', '重庆市', 2023, '重庆市南岸区信访办公室关于2023年法治政府建设情况的报告'),
    ('addressee_then_bureau_body',
     '中共宁陵县委、宁陵县人民政府：\n现将一年来的法治政府建设工作情况报告如下：\n2022年，在县委、县政府的正确领导下，我局坚持以习近平法治思想为指导，以学习贯彻《信访工作条例》为抓手，全年受理群众来信来访1020件，信访事项及时受理率100%，接待群众来访356批次。\n',
     '宁陵县信访局', '宁陵县', '商丘市', '河南省', 2022, None),
    ('autonomous_county',
     '芷江侗族自治县信访局\n关于2023年度法治政府建设工作的报告\n\n2023年，我局在县委、县政府的正确领导下，持续加强制度建设，不断规范信访秩序。\n',
     '芷江侗族自治县信访局', '芷江侗族自治县', '怀化市', '湖南省', 2023, '芷江侗族自治县信访局关于2023年度法治政府建设工作的报告'),
    ('title_year_beats_publication_date',
     '永顺县信访局2021年度法治政府建设情况报告\n发布时间：2022-03-01 来源：永顺县信访局\n\n2021年，我局坚持以习近平法治思想为指导，扎实推进信访工作法治化。\n',
     '永顺县信访局', '永顺县', '湘西土家族苗族自治州', '湖南省', 2021, '永顺县信访局2021年度法治政府建设情况报告'),
    ('public_security_bureau_no_title',
     '2025年，隆德县公安局在县委、县政府和上级公安机关的坚强领导下，在县人大、县政协的监督支持下，以推进执法规范化建设为抓手，全面提升公安工作法治化水平。\n一、主要工作\n',
     '隆德县公安局', '隆德县', '固原市', '宁夏回族自治区', 2025, None),
    ('web_page_breadcrumbs',
     '您当前的位置：首页 > 政务公开 > 法治政府建设年度报告\n\n临沭县信访局2023年度法治政府建设情况报告\n\n发布时间：2024-02-20 10:15  来源：临沭县信访局  浏览次数：128  【字体：大 中 小】\n\n2023年，临沭县信访局深入贯彻习近平法治思想，扎实推进信访工作法治化。\n',
     '临沭县信访局', '临沭县', '临沂市', '山东省', 2023, '临沭县信访局2023年度法治政府建设情况报告'),
    ('bureau_named_only_by_county_word',
     '2022年，县信访局以习近平新时代中国特色社会主义思想为指导，扎实推进法治政府建设工作，不断提升信访工作水平。现将县信访局2022年法治政府建设工作落实情况报告如下：\n一、加强学习\n我局认真组织干部职工学习《信访工作条例》，为长阳土家族自治县经济社会发展营造和谐稳定的环境。\n',
     '长阳土家族自治县信访局', '长阳土家族自治县', '宜昌市', '湖北省', 2022, None),
    ('joint_party_and_government',
     '中共沅江市委 沅江市人民政府 关于2023年度法治政府建设的报告\n\n2023年，在市委的坚强领导下，沅江市人民政府坚持以习近平法治思想为指导，将依法行政要求贯穿政府工作全过程。\n',
     '沅江市人民政府', '沅江市', '益阳市', '湖南省', 2023, '中共沅江市委沅江市人民政府关于2023年度法治政府建设的报告'),
    ('county_government',
     '赵县人民政府\n2023年度法治政府建设情况报告\n2023年，县政府深入学习贯彻习近平法治思想，全面落实《法治政府建设实施纲要（2021-2025年）》，依法全面履行政府职能。\n',
     '赵县人民政府', '赵县', '石家庄市', '河北省', 2023, '赵县人民政府2023年度法治政府建设情况报告'),
    ('justice_bureau',
     '宁阳县司法局关于2023年法治政府建设工作情况的报告\n\n2023年，县司法局在县委、县政府的坚强领导下，深入开展普法宣传，全年办理法律援助案件420件，人民调解组织调处矛盾纠纷1500余件。\n',
     '宁阳县司法局', '宁阳县', '泰安市', '山东省', 2023, '宁阳县司法局关于2023年法治政府建设工作情况的报告'),
    ('table_header_with_publisher_field',
     '标题: | 桓台县信访局2023年度法治政府建设情况报告 | ||\n---|---|---|---|\n索引号: | 113703210043246511/2024-0012345 | 文号: | |\n发文日期: | 2024-03-15 | 发布机构: | 桓台县信访局 |\n2023年,桓台县信访局深入贯彻落实习近平法治思想,扎实推进信访工作法治化。\n',
     '桓台县信访局', '桓台县', '淄博市', '山东省', 2023, '桓台县信访局2023年度法治政府建设情况报告'),
    ('untitled_year_leads_body',
     ' 法治政府建设年度报告\n\n2022年睢县信访局紧紧围绕信访法治化建设，不断深化信访工作制度改革，依法化解信访矛盾，规范信访秩序。现将相关情况汇报如下：\n一、主要举措和成效\n',
     '睢县信访局', '睢县', '商丘市', '河南省', 2022, '法治政府建设年度报告'),
    ('year_range_in_outline_is_not_the_year',
     '汶上县信访局关于法治政府建设情况的报告\n\n县委、县政府：\n按照《法治政府建设实施纲要（2021—2025年）》要求，2023年我局扎实推进信访工作法治化，全年受理信访事项560件。\n',
     '汶上县信访局', '汶上县', '济宁市', '山东省', 2023, '汶上县信访局关于法治政府建设情况的报告'),
    ('year_in_chinese_numerals',
     '兰考县信访局\n二〇二三年度法治政府建设工作报告\n\n一年来，我局在县委、县政府的坚强领导下，深入推进信访工作法治化。\n',
     '兰考县信访局', '兰考县', '开封市', '河南省', 2023, '兰考县信访局二〇二三年度法治政府建设工作报告'),
    ('full_width_digits_in_title',
     '平阴县信访局关于２０２３年法治政府建设情况的报告\n\n县委、县政府：\n一年来，我局深入推进信访工作法治化，受理信访事项４２０件。\n',
     '平阴县信访局', '平阴县', '济南市', '山东省', 2023, '平阴县信访局关于２０２３年法治政府建设情况的报告'),
    ('spaced_title',
     '宁 阳 县 信 访 局\n关于2023年法治政府建设情况的报告\n\n县委、县政府：\n2023年，我局深入推进信访工作法治化。\n',
     '宁阳县信访局', '宁阳县', '泰安市', '山东省', 2023, '宁阳县信访局关于2023年法治政府建设情况的报告'),
    ('district_of_prefecture_city',
     '历下区信访局2024年法治政府建设情况的报告\n2024年，历下区信访局坚持以习近平法治思想为指导，严格落实区委、区政府工作要求，着力把信访纳入法治化轨道。\n',
     '历下区信访局', '历下区', '济南市', '山东省', 2024, '历下区信访局2024年法治政府建设情况的报告'),
    ('open_government_field_table',
     '索引号: 113709210/2024-00031 信息分类: 综合政务/信访 / 报告\n发布机构: 宁阳县信访局 发文日期: 2024-01-26\n文号: 无 主题词:\n信息名称: 宁阳县信访局2023年度法治政府建设工作报告\n内容概览:\n宁阳县信访局2023年度法治政府建设工作报告\n信息来源:宁阳县信访局 发布日期:2024-01-26 09:42:52 浏览次数: 字号:【\n\n2023年,宁阳县信访局坚持法治引领,统筹抓好信访工作法治化建设。\n',
     '宁阳县信访局', '宁阳县', '泰安市', '山东省', 2023, '宁阳县信访局2023年度法治政府建设工作报告'),
    ('addressed_to_prefecture_government',
     '宁阳县人民政府关于2023年度法治政府建设情况的报告\n\n泰安市人民政府：\n2023年，县政府坚持以习近平法治思想为指导，依法全面履行政府职能。\n',
     '宁阳县人民政府', '宁阳县', '泰安市', '山东省', 2023, '宁阳县人民政府关于2023年度法治政府建设情况的报告'),
    ('other_counties_named_in_body',
     '肥城市信访局2023年法治政府建设工作报告\n2023年，我局在市委、市政府的坚强领导下，深入推进信访工作法治化。组织业务骨干赴宁阳县、东平县学习信访工作经验，借鉴宁阳县“阳光信访”做法。\n',
     '肥城市信访局', '肥城市', '泰安市', '山东省', 2023, '肥城市信访局2023年法治政府建设工作报告'),
    ('ambiguous_district_named_with_its_city',
     '沈阳市和平区信访局\n关于2023年法治政府建设情况的报告\n\n2023年，在区委、区政府的坚强领导下，区信访局扎实推进信访工作法治化。\n',
     '沈阳市和平区信访局', '和平区', '沈阳市', '辽宁省', 2023, '沈阳市和平区信访局关于2023年法治政府建设情况的报告'),
    ('site_banner_and_source_line',
     '桐柏县人民政府门户网站\n首页 > 信息公开 > 法定主动公开内容 > 法治政府建设年度报告\n桐柏县信访局2023年法治政府建设情况报告\n来源：桐柏县信访局 发布时间：2024-01-30\n2023年，桐柏县信访局坚持以习近平法治思想为指导。\n',
     '桐柏县信访局', '桐柏县', '南阳市', '河南省', 2023, '桐柏县信访局2023年法治政府建设情况报告'),
    ('date_under_title_no_year_in_title',
     '桐柏县信访局\n法治政府建设工作报告\n（2023年12月20日）\n\n今年以来，我局深入推进信访工作法治化，全年受理信访事项500件。\n',
     '桐柏县信访局', '桐柏县', '南阳市', '河南省', 2023, '桐柏县信访局法治政府建设工作报告'),
    # -- every level of place: the region is the writer's division at its level ---------------------------------
    ('prefecture_speaks_for_itself',
     '2023年，泰安市坚持以习近平法治思想为指导，深入推进法治政府建设，新泰市、肥城市获评省级示范。现将有关情况报告如下。\n一、主要举措\n市委、市政府高度重视。\n',
     '泰安市人民政府', '泰安市', '泰安市', '山东省', 2023, None),
    ('prefecture_bureau_counties_listed_in_body',
     '济宁市司法局2022年法治政府建设情况报告\n2022年，在市委、市政府的坚强领导下，市司法局扎实履职，邹城市、曲阜市、嘉祥县入选示范创建名单。\n',
     '济宁市司法局', '济宁市', '济宁市', '山东省', 2022, '济宁市司法局2022年法治政府建设情况报告'),
    ('provincial_bureau_has_no_prefecture',
     '山东省信访局2023年法治政府建设情况报告\n2023年，省信访局在省委、省政府的坚强领导下，推动全省信访工作法治化，济南市、青岛市经验在全国推广。\n',
     '山东省信访局', '山东省', None, '山东省', 2023, '山东省信访局2023年法治政府建设情况报告'),
    ('provincial_government_as_subject',
     '2022年，山东省人民政府坚持以习近平新时代中国特色社会主义思想为指导，全面推进法治政府建设。\n',
     '山东省人民政府', '山东省', None, '山东省', 2022, None),
    ('municipality_is_region_and_prefecture',
     '天津市人民政府关于2023年法治政府建设情况的报告\n2023年，市政府坚持以习近平法治思想为指导，和平区、河西区创建成效明显。\n',
     '天津市人民政府', '天津市', '天津市', '天津市', 2023, '天津市人民政府关于2023年法治政府建设情况的报告'),
    ('subject_after_the_leadership_clauses',
     '2023年，在自治区党委、政府的坚强领导下，在自治区法治政府建设工作领导小组的具体指导下，拉萨市深入推进法治政府建设，城关区、堆龙德庆区成效明显，现将有关情况报告如下。\n',
     '拉萨市人民政府', '拉萨市', '拉萨市', '西藏自治区', 2023, None),
    ('diqu_is_governed_by_its_xingshu',
     '2022年，阿里地区坚持以习近平法治思想为指导，扎实推进法治政府建设，日土县、噶尔县创建成效明显。现将有关情况报告如下。\n',
     '阿里地区行政公署', '阿里地区', '阿里地区', '西藏自治区', 2022, None),
    ('league',
     '2024年，锡林郭勒盟坚持以习近平法治思想为指导，在盟委的坚强领导下扎实推进法治政府建设，现将有关情况报告如下。\n',
     '锡林郭勒盟行政公署', '锡林郭勒盟', '锡林郭勒盟', '内蒙古自治区', 2024, None),
    ('title_names_only_the_place',
     '成武县2023年法治政府建设情况报告\n2023年，我县坚持以习近平法治思想为指导，全面推进依法行政。\n',
     '成武县人民政府', '成武县', '菏泽市', '山东省', 2023, '成武县2023年法治政府建设情况报告'),
    ('title_about_the_place',
     '关于东平县2023年法治政府建设情况的报告\n2023年，我县坚持依法行政，全县法治建设成效明显。\n',
     '东平县人民政府', '东平县', '泰安市', '山东省', 2023, '关于东平县2023年法治政府建设情况的报告'),
    ('county_party_and_government_as_subject',
     '2023年，东平县委、县政府高度重视法治政府建设，全县依法行政水平明显提升。\n',
     '东平县人民政府', '东平县', '泰安市', '山东省', 2023, None),
    ('relative_joint_subject_place_from_its_slogan',
     '中共菏泽市委、菏泽市人民政府：\n2024年，县委、县政府坚持以习近平法治思想为指导，扎实推进法治东明建设，现将有关情况报告如下。\n',
     '东明县人民政府', '东明县', '菏泽市', '山东省', 2024, None),
    ('relative_writer_named_in_full_further_on',
     '2023年，区司法局认真贯彻落实中央、省委、市委关于法治建设的部署。\n一、主要工作\n制定《历下区司法局行政执法工作规范》，规范执法行为。\n',
     '历下区司法局', '历下区', '济南市', '山东省', 2023, None),
    ('county_level_city_under_its_prefecture',
     '2023年，曲阜市信访局在市委、市政府的坚强领导下，认真落实济宁市信访工作部署，推进信访工作法治化。\n',
     '曲阜市信访局', '曲阜市', '济宁市', '山东省', 2023, None),
    ('city_writing_to_its_province',
     '菏政呈〔2024〕3号\n山东省人民政府：\n2023年以来，我市坚持以习近平法治思想为指导，印发《菏泽市法治政府建设实施方案》，推进法治政府建设。\n',
     '菏泽市人民政府', '菏泽市', '菏泽市', '山东省', 2023, None),
    ('banner_above_the_title',
     '不忘初心、牢记使命，为实现中华民族伟大复兴而奋斗。\n诸城市人民政府关于2023年法治政府建设情况的报告\n2023年，市政府坚持依法行政。\n',
     '诸城市人民政府', '诸城市', '潍坊市', '山东省', 2023, '诸城市人民政府关于2023年法治政府建设情况的报告'),
    ('title_over_three_lines',
     '宁阳县人民政府\n关于2023年度法治政府建设\n情况的报告\n\n泰安市人民政府：\n2023年，县政府坚持依法行政。\n',
     '宁阳县人民政府', '宁阳县', '泰安市', '山东省', 2023, '宁阳县人民政府关于2023年度法治政府建设情况的报告'),
    ('year_glued_to_the_subject',
     '法治政府建设年度报告\n\n2022年梁山县公安局紧紧围绕执法规范化建设，不断提升执法公信力。\n',
     '梁山县公安局', '梁山县', '济宁市', '山东省', 2022, '法治政府建设年度报告'),
    ('place_from_the_breadcrumb',
     '首页 > 政务公开 > 梁山县人民政府 > 法治政府建设\n2023年度法治政府建设工作报告\n2023年，我局在县委、县政府的领导下，扎实推进执法规范化，加强民警队伍建设和派出所规范化建设，规范警情处置。\n',
     '梁山县公安局', '梁山县', '济宁市', '山东省', 2023, '2023年度法治政府建设工作报告'),
    ('provincial_department_says_wo_ting',
     '西藏自治区司法厅2023年法治政府建设情况报告\n2023年，在自治区党委、政府的坚强领导下，我厅扎实推进各项工作。\n',
     '西藏自治区司法厅', '西藏自治区', None, '西藏自治区', 2023, '西藏自治区司法厅2023年法治政府建设情况报告'),
    ('traditional_characters_read_simplified_shown_as_written',
     '壽光市信訪局2023年法治政府建設情況報告\n2023年，壽光市信訪局在市委、市政府的堅強領導下，紮實推進信訪工作法治化。\n',
     '壽光市信訪局', '寿光市', '潍坊市', '山东省', 2023, '壽光市信訪局2023年法治政府建設情況報告'),
    ('former_prefecture_as_it_was',
     '莱芜市公安局2017年法治政府建设情况报告\n2017年，在市委、市政府的坚强领导下，市公安局全面推进执法规范化建设。\n',
     '莱芜市公安局', '莱芜市', '莱芜市', '山东省', 2017, '莱芜市公安局2017年法治政府建设情况报告'),
    # -- news: signed by nobody but a body on the publisher line; placed where it happens; dated when published --
    ('news_source_is_a_media_centre',
     '县委书记到县信访局接待来访群众\n发布时间：2024-03-12 来源：郓城县融媒体中心\n3月11日，县委书记到县信访局接待来访群众，现场协调解决群众反映的问题。2022年以来的积案逐一化解。\n',
     None, '郓城县', '菏泽市', '山东省', 2024, '县委书记到县信访局接待来访群众'),
    ('news_dateline_gives_the_city',
     '市委书记到市信访局接访\n东营讯 3月5日，市委书记到市信访局接待来访群众，认真听取群众诉求。\n',
     None, '东营市', '东营市', '山东省', None, '市委书记到市信访局接访'),
    ('news_published_by_a_body',
     '区领导到区信访局开展接访活动\n时间：2023年11月02日 发布机构：茌平区信访局\n11月1日，区委副书记到区信访局接待来访群众，耐心听取诉求。\n',
     '茌平区信访局', '茌平区', '聊城市', '山东省', 2023, '区领导到区信访局开展接访活动'),
    ('news_of_a_provincial_leader_in_a_county',
     '省委常委到蒙阴县调研信访工作_山东省信访局\n2023-06-02 09:10 浏览：120\n5月31日，省委常委一行来到临沂市蒙阴县信访局调研，接待来访群众。\n',
     None, '蒙阴县', '临沂市', '山东省', 2023, '省委常委到蒙阴县调研信访工作'),
    ('news_of_a_mayor_named_with_his_city',
     '【领导接访】山东省潍坊市市长到市信访局调研\n近日，山东省潍坊市市长到市信访局调研信访积案化解工作，接待来访群众。\n',
     None, '潍坊市', '潍坊市', '山东省', None, '【领导接访】山东省潍坊市市长到市信访局调研'),
    # -- notices and schedules: their own year, signed at the end ----------------------------------------------
    ('notice_signed_at_the_end',
     '关于公布2024年第二季度县级领导接访安排的公告\n为进一步畅通群众诉求表达渠道，现将2024年第二季度县级领导接访安排公告如下：\n一、接访时间\n每周三上午。\n沂南县信访局\n2024年3月28日\n',
     '沂南县信访局', '沂南县', '临沂市', '山东省', 2024, '关于公布2024年第二季度县级领导接访安排的公告'),
    ('notice_dated_early_in_the_year_is_of_that_year',
     '关于印发县领导公开接访工作方案的通知\n各乡镇党委、政府，县直各部门：\n现将《县领导公开接访工作方案》印发给你们，请认真贯彻执行。\n费县信访局\n2023年2月10日\n',
     '费县信访局', '费县', '临沂市', '山东省', 2023, '关于印发县领导公开接访工作方案的通知'),
    ('field_labels_spaced_out',
     '索  引 号: 11370921/2024-00031\n发文机关: 宁阳县人民政府\n标      题: 中共宁阳县委 宁阳县人民政府关于2023年度法治政府建设情况的报告\n2023年，县委、县政府坚持依法行政。\n',
     '宁阳县人民政府', '宁阳县', '泰安市', '山东省', 2023, '中共宁阳县委宁阳县人民政府关于2023年度法治政府建设情况的报告'),
    ('government_website_banner_is_not_the_writer',
     '桐柏县人民政府门户网站\n2023年度法治政府建设工作报告\n2023年，我局在县委、县政府的领导下，深入推进信访工作法治化，来访群众诉求及时受理，信访事项按期办结。\n',
     '桐柏县信访局', '桐柏县', '南阳市', '河南省', 2023, '2023年度法治政府建设工作报告'),
]


@pytest.mark.parametrize("text, issuer, region, prefecture, province, year, title", [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_nlp_meta_reads_report_head(text, issuer, region, prefecture, province, year, title):
    meta = meta_of(report_from_text(text))

    got = {k: getattr(meta, k) for k in FIELDS}
    assert got == dict(zip(FIELDS, (issuer, region, prefecture, province, year)))
    assert (re.sub(r"\s+", "", meta.title) if meta.title else None) == title


@pytest.mark.parametrize("text", ["", "\n\n", "Annual report 2023", "一、主要工作", "县委、县政府：\n",
                                  "2023年12月20日", "《信访工作条例》" * 50])
def test_nlp_meta_of_texts_without_a_head_is_empty_not_an_error(text):
    meta, region = extract_metadata(text)

    assert region is None and meta.region is None and meta.prefecture is None and meta.province is None
    assert meta.issuer is None


def test_nlp_meta_region_code_is_the_county_code(sample_report_text):
    meta = meta_of(report_from_text(sample_report_text))

    assert meta.region_code == "370921"  # 宁阳县, GB/T 2260
    assert meta.as_dict()["region"] == "宁阳县" and "region_code" not in meta.as_dict()


# -- the shared corpus, against its gold annotations -----------------------------------------------------------

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _shared_reports() -> list:
    files = [f for part in ("seeds", "dev", "dev2") for f in sorted((SHARED / "corpus" / part).glob("*"))
             if f.is_file() and not f.name.startswith(".") and f.suffix == ".txt"]
    if not files:
        return [pytest.param(None, id="no-shared-corpus")]
    return [pytest.param(f, id=f"{f.parent.name}/{f.name}") for f in files]


def _squash(value):
    return re.sub(r"\s+", "", value) if isinstance(value, str) else value


@pytest.mark.parametrize("path", _shared_reports())
def test_nlp_meta_matches_gold_on_shared_corpus(require_shared, path):
    if path is None:
        pytest.skip("no shared corpus (shared/corpus/seeds, shared/corpus/dev, shared/corpus/dev2)")
    gold_path = require_shared / "gold" / path.parent.name / (path.stem + ".json")
    if not gold_path.is_file():
        pytest.skip(f"no gold annotation for {path.name}")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["report"]

    meta = meta_of(read_report(path)).as_dict()

    issuers = {_squash(gold["issuer"]), *map(_squash, gold.get("accept", {}).get("issuer", []))}
    assert _squash(meta["issuer"]) in issuers, f"issuer {meta['issuer']!r}, gold {sorted(issuers)}"
    for key in ("region", "prefecture", "province", "year", "title"):
        assert _squash(meta[key]) == _squash(gold[key]), f"{key}: {meta[key]!r}, gold {gold[key]!r}"
