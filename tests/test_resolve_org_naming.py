"""Organisation naming: every written head at every level of place gives the body's official name, or nothing.

The expansion table lists each head of kg/data/org_heads.tsv with the name it must give after a county (宁阳县), a
district of a municipality (南岸区, 重庆市), a prefecture-level city (泰安市), a 地区 (阿里地区), a province (山东省)
and a municipality (重庆市); None where no such body exists. The names are written out by hand from the public
facts in shared/REFERENCES.md ("Public bodies"): courts by level, 办公厅 / 办公室, 巡视 / 巡察, vertically managed
tax and environment bodies, supervisory commissions apart from the government.
"""
from __future__ import annotations

import re
import time

import pytest

from kg import data
from kg.resolve.gazetteer import gazetteer
from kg.resolve.orgs import LEVEL_TYPES, OrgResolver, bodies, heads, national

PLACES = ("宁阳县", "南岸区", "泰安市", "阿里地区", "山东省", "重庆市")
TYPE_CHAR = ("县", "区", "市", "区", "省", "市")  # what {t} is written as after each place

EXPANSIONS = [
    # written head, 宁阳县, 南岸区, 泰安市, 阿里地区, 山东省, 重庆市
    ("委员会", "宁阳县委", "南岸区委", "泰安市委", "阿里地委", "山东省委", "重庆市委"),
    ("委", "宁阳县委", "南岸区委", "泰安市委", "阿里地委", "山东省委", "重庆市委"),
    ("党委", None, None, None, None, "山东省委", None),
    ("委常委会", "宁阳县委常委会", "南岸区委常委会", "泰安市委常委会", "阿里地委常委会", "山东省委常委会", "重庆市委常委会"),
    ("委办公室", "宁阳县委办公室", "南岸区委办公室", "泰安市委办公室", "阿里地委办公室", "山东省委办公厅", "重庆市委办公厅"),
    ("委办", "宁阳县委办公室", "南岸区委办公室", "泰安市委办公室", "阿里地委办公室", "山东省委办公厅", "重庆市委办公厅"),
    ("委办公厅", "宁阳县委办公室", "南岸区委办公室", "泰安市委办公室", "阿里地委办公室", "山东省委办公厅", "重庆市委办公厅"),
    ("委组织部", "宁阳县委组织部", "南岸区委组织部", "泰安市委组织部", "阿里地委组织部", "山东省委组织部", "重庆市委组织部"),
    ("委宣传部", "宁阳县委宣传部", "南岸区委宣传部", "泰安市委宣传部", "阿里地委宣传部", "山东省委宣传部", "重庆市委宣传部"),
    ("委统战部", "宁阳县委统一战线工作部", "南岸区委统一战线工作部", "泰安市委统一战线工作部", "阿里地委统一战线工作部", "山东省委统一战线工作部", "重庆市委统一战线工作部"),
    ("委统一战线工作部", "宁阳县委统一战线工作部", "南岸区委统一战线工作部", "泰安市委统一战线工作部", "阿里地委统一战线工作部", "山东省委统一战线工作部", "重庆市委统一战线工作部"),
    ("委政法委员会", "宁阳县委政法委员会", "南岸区委政法委员会", "泰安市委政法委员会", "阿里地委政法委员会", "山东省委政法委员会", "重庆市委政法委员会"),
    ("委政法委", "宁阳县委政法委员会", "南岸区委政法委员会", "泰安市委政法委员会", "阿里地委政法委员会", "山东省委政法委员会", "重庆市委政法委员会"),
    ("政法委", "宁阳县委政法委员会", "南岸区委政法委员会", "泰安市委政法委员会", "阿里地委政法委员会", "山东省委政法委员会", "重庆市委政法委员会"),
    ("委社会工作部", "宁阳县委社会工作部", "南岸区委社会工作部", "泰安市委社会工作部", "阿里地委社会工作部", "山东省委社会工作部", "重庆市委社会工作部"),
    ("社会工作部", "宁阳县委社会工作部", "南岸区委社会工作部", "泰安市委社会工作部", "阿里地委社会工作部", "山东省委社会工作部", "重庆市委社会工作部"),
    ("委机构编制委员会办公室", "宁阳县委机构编制委员会办公室", "南岸区委机构编制委员会办公室", "泰安市委机构编制委员会办公室", "阿里地委机构编制委员会办公室", "山东省委机构编制委员会办公室", "重庆市委机构编制委员会办公室"),
    ("委编办", "宁阳县委机构编制委员会办公室", "南岸区委机构编制委员会办公室", "泰安市委机构编制委员会办公室", "阿里地委机构编制委员会办公室", "山东省委机构编制委员会办公室", "重庆市委机构编制委员会办公室"),
    ("编办", "宁阳县委机构编制委员会办公室", "南岸区委机构编制委员会办公室", "泰安市委机构编制委员会办公室", "阿里地委机构编制委员会办公室", "山东省委机构编制委员会办公室", "重庆市委机构编制委员会办公室"),
    ("委网络安全和信息化委员会办公室", "宁阳县委网络安全和信息化委员会办公室", "南岸区委网络安全和信息化委员会办公室", "泰安市委网络安全和信息化委员会办公室", "阿里地委网络安全和信息化委员会办公室", "山东省委网络安全和信息化委员会办公室", "重庆市委网络安全和信息化委员会办公室"),
    ("委网信办", "宁阳县委网络安全和信息化委员会办公室", "南岸区委网络安全和信息化委员会办公室", "泰安市委网络安全和信息化委员会办公室", "阿里地委网络安全和信息化委员会办公室", "山东省委网络安全和信息化委员会办公室", "重庆市委网络安全和信息化委员会办公室"),
    ("网信办", "宁阳县委网络安全和信息化委员会办公室", "南岸区委网络安全和信息化委员会办公室", "泰安市委网络安全和信息化委员会办公室", "阿里地委网络安全和信息化委员会办公室", "山东省委网络安全和信息化委员会办公室", "重庆市委网络安全和信息化委员会办公室"),
    ("委巡察工作领导小组办公室", "宁阳县委巡察工作领导小组办公室", "南岸区委巡察工作领导小组办公室", "泰安市委巡察工作领导小组办公室", "阿里地委巡察工作领导小组办公室", None, None),
    ("委巡察办", "宁阳县委巡察工作领导小组办公室", "南岸区委巡察工作领导小组办公室", "泰安市委巡察工作领导小组办公室", "阿里地委巡察工作领导小组办公室", None, None),
    ("委巡视工作领导小组办公室", None, None, None, None, "山东省委巡视工作领导小组办公室", "重庆市委巡视工作领导小组办公室"),
    ("委巡视办", None, None, None, None, "山东省委巡视工作领导小组办公室", "重庆市委巡视工作领导小组办公室"),
    ("委党校", "宁阳县委党校", "南岸区委党校", "泰安市委党校", "阿里地委党校", "山东省委党校", "重庆市委党校"),
    ("委全面依法治{t}委员会", "宁阳县委全面依法治县委员会", "南岸区委全面依法治区委员会", "泰安市委全面依法治市委员会", None, "山东省委全面依法治省委员会", "重庆市委全面依法治市委员会"),
    ("全面依法治{t}委员会", "宁阳县委全面依法治县委员会", "南岸区委全面依法治区委员会", "泰安市委全面依法治市委员会", None, "山东省委全面依法治省委员会", "重庆市委全面依法治市委员会"),
    ("委依法治{t}委", "宁阳县委全面依法治县委员会", "南岸区委全面依法治区委员会", "泰安市委全面依法治市委员会", None, "山东省委全面依法治省委员会", "重庆市委全面依法治市委员会"),
    ("依法治{t}委员会", "宁阳县委全面依法治县委员会", "南岸区委全面依法治区委员会", "泰安市委全面依法治市委员会", None, "山东省委全面依法治省委员会", "重庆市委全面依法治市委员会"),
    ("依法治{t}委", "宁阳县委全面依法治县委员会", "南岸区委全面依法治区委员会", "泰安市委全面依法治市委员会", None, "山东省委全面依法治省委员会", "重庆市委全面依法治市委员会"),
    ("委全面依法治{t}委员会办公室", "宁阳县委全面依法治县委员会办公室", "南岸区委全面依法治区委员会办公室", "泰安市委全面依法治市委员会办公室", None, "山东省委全面依法治省委员会办公室", "重庆市委全面依法治市委员会办公室"),
    ("依法治{t}委员会办公室", "宁阳县委全面依法治县委员会办公室", "南岸区委全面依法治区委员会办公室", "泰安市委全面依法治市委员会办公室", None, "山东省委全面依法治省委员会办公室", "重庆市委全面依法治市委员会办公室"),
    ("全面依法治{t}委员会办公室", "宁阳县委全面依法治县委员会办公室", "南岸区委全面依法治区委员会办公室", "泰安市委全面依法治市委员会办公室", None, "山东省委全面依法治省委员会办公室", "重庆市委全面依法治市委员会办公室"),
    ("委全面依法治{t}办", "宁阳县委全面依法治县委员会办公室", "南岸区委全面依法治区委员会办公室", "泰安市委全面依法治市委员会办公室", None, "山东省委全面依法治省委员会办公室", "重庆市委全面依法治市委员会办公室"),
    ("委依法治{t}办", "宁阳县委全面依法治县委员会办公室", "南岸区委全面依法治区委员会办公室", "泰安市委全面依法治市委员会办公室", None, "山东省委全面依法治省委员会办公室", "重庆市委全面依法治市委员会办公室"),
    ("依法治{t}办公室", "宁阳县委全面依法治县委员会办公室", "南岸区委全面依法治区委员会办公室", "泰安市委全面依法治市委员会办公室", None, "山东省委全面依法治省委员会办公室", "重庆市委全面依法治市委员会办公室"),
    ("依法治{t}办", "宁阳县委全面依法治县委员会办公室", "南岸区委全面依法治区委员会办公室", "泰安市委全面依法治市委员会办公室", None, "山东省委全面依法治省委员会办公室", "重庆市委全面依法治市委员会办公室"),
    ("纪委", "宁阳县纪律检查委员会", "南岸区纪律检查委员会", "泰安市纪律检查委员会", "阿里地区纪律检查委员会", "山东省纪律检查委员会", "重庆市纪律检查委员会"),
    ("纪律检查委员会", "宁阳县纪律检查委员会", "南岸区纪律检查委员会", "泰安市纪律检查委员会", "阿里地区纪律检查委员会", "山东省纪律检查委员会", "重庆市纪律检查委员会"),
    ("纪委监委", "宁阳县纪委监委", "南岸区纪委监委", "泰安市纪委监委", "阿里地区纪委监委", "山东省纪委监委", "重庆市纪委监委"),
    ("监委", "宁阳县监察委员会", "南岸区监察委员会", "泰安市监察委员会", "阿里地区监察委员会", "山东省监察委员会", "重庆市监察委员会"),
    ("监察委员会", "宁阳县监察委员会", "南岸区监察委员会", "泰安市监察委员会", "阿里地区监察委员会", "山东省监察委员会", "重庆市监察委员会"),
    ("人民政府", "宁阳县人民政府", "南岸区人民政府", "泰安市人民政府", "阿里地区行政公署", "山东省人民政府", "重庆市人民政府"),
    ("政府", "宁阳县人民政府", "南岸区人民政府", "泰安市人民政府", "阿里地区行政公署", "山东省人民政府", "重庆市人民政府"),
    ("行政公署", None, None, None, "阿里地区行政公署", None, None),
    ("行署", None, None, None, "阿里地区行政公署", None, None),
    ("人民政府办公室", "宁阳县人民政府办公室", "南岸区人民政府办公室", "泰安市人民政府办公室", "阿里地区行政公署办公室", "山东省人民政府办公厅", "重庆市人民政府办公厅"),
    ("政府办公室", "宁阳县人民政府办公室", "南岸区人民政府办公室", "泰安市人民政府办公室", "阿里地区行政公署办公室", "山东省人民政府办公厅", "重庆市人民政府办公厅"),
    ("政府办", "宁阳县人民政府办公室", "南岸区人民政府办公室", "泰安市人民政府办公室", "阿里地区行政公署办公室", "山东省人民政府办公厅", "重庆市人民政府办公厅"),
    ("人民政府办公厅", "宁阳县人民政府办公室", "南岸区人民政府办公室", "泰安市人民政府办公室", "阿里地区行政公署办公室", "山东省人民政府办公厅", "重庆市人民政府办公厅"),
    ("政府办公厅", "宁阳县人民政府办公室", "南岸区人民政府办公室", "泰安市人民政府办公室", "阿里地区行政公署办公室", "山东省人民政府办公厅", "重庆市人民政府办公厅"),
    ("行政公署办公室", None, None, None, "阿里地区行政公署办公室", None, None),
    ("行署办公室", None, None, None, "阿里地区行政公署办公室", None, None),
    ("人民政府常务会议", "宁阳县人民政府常务会议", "南岸区人民政府常务会议", "泰安市人民政府常务会议", None, "山东省人民政府常务会议", "重庆市人民政府常务会议"),
    ("政府常务会议", "宁阳县人民政府常务会议", "南岸区人民政府常务会议", "泰安市人民政府常务会议", None, "山东省人民政府常务会议", "重庆市人民政府常务会议"),
    ("人大常委会", "宁阳县人民代表大会常务委员会", "南岸区人民代表大会常务委员会", "泰安市人民代表大会常务委员会", None, "山东省人民代表大会常务委员会", "重庆市人民代表大会常务委员会"),
    ("人民代表大会常务委员会", "宁阳县人民代表大会常务委员会", "南岸区人民代表大会常务委员会", "泰安市人民代表大会常务委员会", None, "山东省人民代表大会常务委员会", "重庆市人民代表大会常务委员会"),
    ("人大", "宁阳县人民代表大会", "南岸区人民代表大会", "泰安市人民代表大会", None, "山东省人民代表大会", "重庆市人民代表大会"),
    ("人民代表大会", "宁阳县人民代表大会", "南岸区人民代表大会", "泰安市人民代表大会", None, "山东省人民代表大会", "重庆市人民代表大会"),
    ("政协", "中国人民政治协商会议宁阳县委员会", "中国人民政治协商会议南岸区委员会", "中国人民政治协商会议泰安市委员会", None, "中国人民政治协商会议山东省委员会", "中国人民政治协商会议重庆市委员会"),
    ("人民法院", "宁阳县人民法院", "南岸区人民法院", "泰安市中级人民法院", "阿里地区中级人民法院", "山东省高级人民法院", "重庆市高级人民法院"),
    ("法院", "宁阳县人民法院", "南岸区人民法院", "泰安市中级人民法院", "阿里地区中级人民法院", "山东省高级人民法院", "重庆市高级人民法院"),
    ("中级人民法院", None, None, "泰安市中级人民法院", "阿里地区中级人民法院", None, None),
    ("中院", None, None, "泰安市中级人民法院", "阿里地区中级人民法院", None, None),
    ("高级人民法院", None, None, None, None, "山东省高级人民法院", "重庆市高级人民法院"),
    ("高院", None, None, None, None, "山东省高级人民法院", "重庆市高级人民法院"),
    ("人民检察院", "宁阳县人民检察院", "南岸区人民检察院", "泰安市人民检察院", "阿里地区人民检察院", "山东省人民检察院", "重庆市人民检察院"),
    ("检察院", "宁阳县人民检察院", "南岸区人民检察院", "泰安市人民检察院", "阿里地区人民检察院", "山东省人民检察院", "重庆市人民检察院"),
    ("信访局", "宁阳县信访局", "南岸区信访局", "泰安市信访局", "阿里地区信访局", "山东省信访局", "重庆市信访局"),
    ("信访办公室", "宁阳县信访办公室", "南岸区信访办公室", "泰安市信访办公室", "阿里地区信访办公室", "山东省信访办公室", "重庆市信访办公室"),
    ("信访办", "宁阳县信访办公室", "南岸区信访办公室", "泰安市信访办公室", "阿里地区信访办公室", "山东省信访办公室", "重庆市信访办公室"),
    ("信访工作联席会议办公室", "宁阳县信访工作联席会议办公室", "南岸区信访工作联席会议办公室", "泰安市信访工作联席会议办公室", "阿里地区信访工作联席会议办公室", "山东省信访工作联席会议办公室", "重庆市信访工作联席会议办公室"),
    ("信访联席办", "宁阳县信访工作联席会议办公室", "南岸区信访工作联席会议办公室", "泰安市信访工作联席会议办公室", "阿里地区信访工作联席会议办公室", "山东省信访工作联席会议办公室", "重庆市信访工作联席会议办公室"),
    ("联席办", "宁阳县信访工作联席会议办公室", "南岸区信访工作联席会议办公室", "泰安市信访工作联席会议办公室", "阿里地区信访工作联席会议办公室", "山东省信访工作联席会议办公室", "重庆市信访工作联席会议办公室"),
    ("信访工作联席会议", "宁阳县信访工作联席会议", "南岸区信访工作联席会议", "泰安市信访工作联席会议", "阿里地区信访工作联席会议", "山东省信访工作联席会议", "重庆市信访工作联席会议"),
    ("群众来访接待中心", "宁阳县群众来访接待中心", "南岸区群众来访接待中心", "泰安市群众来访接待中心", "阿里地区群众来访接待中心", "山东省群众来访接待中心", "重庆市群众来访接待中心"),
    ("人民来访接待中心", "宁阳县人民来访接待中心", "南岸区人民来访接待中心", "泰安市人民来访接待中心", "阿里地区人民来访接待中心", "山东省人民来访接待中心", "重庆市人民来访接待中心"),
    ("信访接待中心", "宁阳县信访接待中心", "南岸区信访接待中心", "泰安市信访接待中心", "阿里地区信访接待中心", "山东省信访接待中心", "重庆市信访接待中心"),
    ("社会治理中心", "宁阳县社会治理中心", "南岸区社会治理中心", "泰安市社会治理中心", "阿里地区社会治理中心", "山东省社会治理中心", "重庆市社会治理中心"),
    ("矛盾纠纷调处化解中心", "宁阳县矛盾纠纷调处化解中心", "南岸区矛盾纠纷调处化解中心", "泰安市矛盾纠纷调处化解中心", "阿里地区矛盾纠纷调处化解中心", "山东省矛盾纠纷调处化解中心", "重庆市矛盾纠纷调处化解中心"),
    ("矛盾纠纷多元化解中心", "宁阳县矛盾纠纷多元化解中心", "南岸区矛盾纠纷多元化解中心", "泰安市矛盾纠纷多元化解中心", "阿里地区矛盾纠纷多元化解中心", "山东省矛盾纠纷多元化解中心", "重庆市矛盾纠纷多元化解中心"),
    ("公共法律服务中心", "宁阳县公共法律服务中心", "南岸区公共法律服务中心", "泰安市公共法律服务中心", "阿里地区公共法律服务中心", "山东省公共法律服务中心", "重庆市公共法律服务中心"),
    ("政务服务中心", "宁阳县政务服务中心", "南岸区政务服务中心", "泰安市政务服务中心", "阿里地区政务服务中心", "山东省政务服务中心", "重庆市政务服务中心"),
    ("人民调解委员会", "宁阳县人民调解委员会", "南岸区人民调解委员会", "泰安市人民调解委员会", "阿里地区人民调解委员会", "山东省人民调解委员会", "重庆市人民调解委员会"),
    ("法律援助中心", "宁阳县法律援助中心", "南岸区法律援助中心", "泰安市法律援助中心", "阿里地区法律援助中心", "山东省法律援助中心", "重庆市法律援助中心"),
    ("综治中心", "宁阳县综治中心", "南岸区综治中心", "泰安市综治中心", "阿里地区综治中心", "山东省综治中心", "重庆市综治中心"),
    ("社会治安综合治理中心", "宁阳县综治中心", "南岸区综治中心", "泰安市综治中心", "阿里地区综治中心", "山东省综治中心", "重庆市综治中心"),
    ("融媒体中心", "宁阳县融媒体中心", "南岸区融媒体中心", None, None, None, None),
    ("融媒体", "宁阳县融媒体中心", "南岸区融媒体中心", None, None, None, None),
    ("公安局", "宁阳县公安局", "南岸区公安局", "泰安市公安局", "阿里地区公安局", None, "重庆市公安局"),
    ("公安厅", None, None, None, None, "山东省公安厅", None),
    ("司法局", "宁阳县司法局", "南岸区司法局", "泰安市司法局", "阿里地区司法局", None, "重庆市司法局"),
    ("司法厅", None, None, None, None, "山东省司法厅", None),
    ("财政局", "宁阳县财政局", "南岸区财政局", "泰安市财政局", "阿里地区财政局", None, "重庆市财政局"),
    ("财政厅", None, None, None, None, "山东省财政厅", None),
    ("民政局", "宁阳县民政局", "南岸区民政局", "泰安市民政局", "阿里地区民政局", None, "重庆市民政局"),
    ("民政厅", None, None, None, None, "山东省民政厅", None),
    ("人力资源和社会保障局", "宁阳县人力资源和社会保障局", "南岸区人力资源和社会保障局", "泰安市人力资源和社会保障局", "阿里地区人力资源和社会保障局", None, "重庆市人力资源和社会保障局"),
    ("人力资源和社会保障厅", None, None, None, None, "山东省人力资源和社会保障厅", None),
    ("应急管理局", "宁阳县应急管理局", "南岸区应急管理局", "泰安市应急管理局", "阿里地区应急管理局", None, "重庆市应急管理局"),
    ("应急管理厅", None, None, None, None, "山东省应急管理厅", None),
    ("应急局", "宁阳县应急管理局", "南岸区应急管理局", "泰安市应急管理局", "阿里地区应急管理局", None, "重庆市应急管理局"),
    ("审计局", "宁阳县审计局", "南岸区审计局", "泰安市审计局", "阿里地区审计局", None, "重庆市审计局"),
    ("审计厅", None, None, None, None, "山东省审计厅", None),
    ("文化和旅游局", "宁阳县文化和旅游局", "南岸区文化和旅游局", "泰安市文化和旅游局", "阿里地区文化和旅游局", None, "重庆市文化和旅游局"),
    ("文化和旅游厅", None, None, None, None, "山东省文化和旅游厅", None),
    ("退役军人事务局", "宁阳县退役军人事务局", "南岸区退役军人事务局", "泰安市退役军人事务局", "阿里地区退役军人事务局", None, "重庆市退役军人事务局"),
    ("退役军人事务厅", None, None, None, None, "山东省退役军人事务厅", None),
    ("退役军人局", "宁阳县退役军人事务局", "南岸区退役军人事务局", "泰安市退役军人事务局", "阿里地区退役军人事务局", None, "重庆市退役军人事务局"),
    ("商务局", "宁阳县商务局", "南岸区商务局", "泰安市商务局", "阿里地区商务局", None, "重庆市商务局"),
    ("商务厅", None, None, None, None, "山东省商务厅", None),
    ("人社局", "宁阳县人力资源和社会保障局", "南岸区人力资源和社会保障局", "泰安市人力资源和社会保障局", "阿里地区人力资源和社会保障局", None, "重庆市人力资源和社会保障局"),
    ("人社厅", None, None, None, None, "山东省人力资源和社会保障厅", None),
    ("文旅局", "宁阳县文化和旅游局", "南岸区文化和旅游局", "泰安市文化和旅游局", "阿里地区文化和旅游局", None, "重庆市文化和旅游局"),
    ("文旅厅", None, None, None, None, "山东省文化和旅游厅", None),
    ("教育局", "宁阳县教育局", "南岸区教育局", "泰安市教育局", "阿里地区教育局", None, None),
    ("教育厅", None, None, None, None, "山东省教育厅", None),
    ("教育委员会", None, None, None, None, None, "重庆市教育委员会"),
    ("教委", None, None, None, None, None, "重庆市教育委员会"),
    ("住房和城乡建设局", "宁阳县住房和城乡建设局", "南岸区住房和城乡建设局", "泰安市住房和城乡建设局", "阿里地区住房和城乡建设局", None, None),
    ("住房和城乡建设厅", None, None, None, None, "山东省住房和城乡建设厅", None),
    ("自然资源局", "宁阳县自然资源局", "南岸区自然资源局", "泰安市自然资源局", "阿里地区自然资源局", None, None),
    ("自然资源厅", None, None, None, None, "山东省自然资源厅", None),
    ("交通运输局", "宁阳县交通运输局", "南岸区交通运输局", "泰安市交通运输局", "阿里地区交通运输局", None, None),
    ("交通运输厅", None, None, None, None, "山东省交通运输厅", None),
    ("交通局", "宁阳县交通运输局", "南岸区交通运输局", "泰安市交通运输局", "阿里地区交通运输局", None, None),
    ("农业农村局", "宁阳县农业农村局", "南岸区农业农村局", "泰安市农业农村局", "阿里地区农业农村局", None, None),
    ("农业农村厅", None, None, None, None, "山东省农业农村厅", None),
    ("水利局", "宁阳县水利局", "南岸区水利局", "泰安市水利局", "阿里地区水利局", None, None),
    ("水利厅", None, None, None, None, "山东省水利厅", None),
    ("工业和信息化局", "宁阳县工业和信息化局", "南岸区工业和信息化局", "泰安市工业和信息化局", "阿里地区工业和信息化局", None, None),
    ("工业和信息化厅", None, None, None, None, "山东省工业和信息化厅", None),
    ("科学技术局", "宁阳县科学技术局", "南岸区科学技术局", "泰安市科学技术局", "阿里地区科学技术局", None, None),
    ("科学技术厅", None, None, None, None, "山东省科学技术厅", None),
    ("住建局", "宁阳县住房和城乡建设局", "南岸区住房和城乡建设局", "泰安市住房和城乡建设局", "阿里地区住房和城乡建设局", None, None),
    ("工信局", "宁阳县工业和信息化局", "南岸区工业和信息化局", "泰安市工业和信息化局", "阿里地区工业和信息化局", None, None),
    ("科技局", "宁阳县科学技术局", "南岸区科学技术局", "泰安市科学技术局", "阿里地区科学技术局", None, None),
    ("住建厅", None, None, None, None, "山东省住房和城乡建设厅", None),
    ("工信厅", None, None, None, None, "山东省工业和信息化厅", None),
    ("科技厅", None, None, None, None, "山东省科学技术厅", None),
    ("生态环境局", "泰安市生态环境局宁阳分局", "南岸区生态环境局", "泰安市生态环境局", "阿里地区生态环境局", None, "重庆市生态环境局"),
    ("生态环境分局", "泰安市生态环境局宁阳分局", "南岸区生态环境局", None, None, None, None),
    ("生态环境厅", None, None, None, None, "山东省生态环境厅", None),
    ("税务局", "国家税务总局宁阳县税务局", "国家税务总局重庆市南岸区税务局", "国家税务总局泰安市税务局", "国家税务总局阿里地区税务局", "国家税务总局山东省税务局", "国家税务总局重庆市税务局"),
    ("统计局", "宁阳县统计局", "南岸区统计局", "泰安市统计局", "阿里地区统计局", "山东省统计局", "重庆市统计局"),
    ("医疗保障局", "宁阳县医疗保障局", "南岸区医疗保障局", "泰安市医疗保障局", "阿里地区医疗保障局", "山东省医疗保障局", "重庆市医疗保障局"),
    ("市场监督管理局", "宁阳县市场监督管理局", "南岸区市场监督管理局", "泰安市市场监督管理局", "阿里地区市场监督管理局", "山东省市场监督管理局", "重庆市市场监督管理局"),
    ("卫生健康委员会", "宁阳县卫生健康委员会", "南岸区卫生健康委员会", "泰安市卫生健康委员会", "阿里地区卫生健康委员会", "山东省卫生健康委员会", "重庆市卫生健康委员会"),
    ("发展和改革委员会", "宁阳县发展和改革委员会", "南岸区发展和改革委员会", "泰安市发展和改革委员会", "阿里地区发展和改革委员会", "山东省发展和改革委员会", "重庆市发展和改革委员会"),
    ("国有资产监督管理委员会", "宁阳县国有资产监督管理委员会", "南岸区国有资产监督管理委员会", "泰安市国有资产监督管理委员会", "阿里地区国有资产监督管理委员会", "山东省国有资产监督管理委员会", "重庆市国有资产监督管理委员会"),
    ("数据局", "宁阳县数据局", "南岸区数据局", "泰安市数据局", "阿里地区数据局", "山东省数据局", "重庆市数据局"),
    ("卫生健康局", "宁阳县卫生健康局", "南岸区卫生健康局", "泰安市卫生健康局", "阿里地区卫生健康局", None, None),
    ("教育体育局", "宁阳县教育体育局", "南岸区教育体育局", "泰安市教育体育局", "阿里地区教育体育局", None, None),
    ("自然资源和规划局", "宁阳县自然资源和规划局", "南岸区自然资源和规划局", "泰安市自然资源和规划局", "阿里地区自然资源和规划局", None, None),
    ("城市管理局", "宁阳县城市管理局", "南岸区城市管理局", "泰安市城市管理局", "阿里地区城市管理局", None, None),
    ("城市管理综合行政执法局", "宁阳县城市管理综合行政执法局", "南岸区城市管理综合行政执法局", "泰安市城市管理综合行政执法局", "阿里地区城市管理综合行政执法局", None, None),
    ("综合行政执法局", "宁阳县综合行政执法局", "南岸区综合行政执法局", "泰安市综合行政执法局", "阿里地区综合行政执法局", None, None),
    ("综合执法局", "宁阳县综合行政执法局", "南岸区综合行政执法局", "泰安市综合行政执法局", "阿里地区综合行政执法局", None, None),
    ("文化广电和旅游局", "宁阳县文化广电和旅游局", "南岸区文化广电和旅游局", "泰安市文化广电和旅游局", "阿里地区文化广电和旅游局", None, None),
    ("林业局", "宁阳县林业局", "南岸区林业局", "泰安市林业局", "阿里地区林业局", None, None),
    ("发展和改革局", "宁阳县发展和改革局", "南岸区发展和改革局", "泰安市发展和改革局", "阿里地区发展和改革局", None, None),
    ("行政审批服务局", "宁阳县行政审批服务局", "南岸区行政审批服务局", "泰安市行政审批服务局", "阿里地区行政审批服务局", None, None),
    ("行政审批局", "宁阳县行政审批局", "南岸区行政审批局", "泰安市行政审批局", "阿里地区行政审批局", None, None),
    ("政务服务和大数据管理局", "宁阳县政务服务和大数据管理局", "南岸区政务服务和大数据管理局", "泰安市政务服务和大数据管理局", "阿里地区政务服务和大数据管理局", None, None),
    ("民族宗教事务局", "宁阳县民族宗教事务局", "南岸区民族宗教事务局", "泰安市民族宗教事务局", "阿里地区民族宗教事务局", None, None),
    ("民宗局", "宁阳县民族宗教事务局", "南岸区民族宗教事务局", "泰安市民族宗教事务局", "阿里地区民族宗教事务局", None, None),
    ("林业和草原局", "宁阳县林业和草原局", "南岸区林业和草原局", "泰安市林业和草原局", "阿里地区林业和草原局", "山东省林业和草原局", None),
    ("林草局", "宁阳县林业和草原局", "南岸区林业和草原局", "泰安市林业和草原局", "阿里地区林业和草原局", "山东省林业和草原局", None),
    ("乡村振兴局", "宁阳县乡村振兴局", "南岸区乡村振兴局", "泰安市乡村振兴局", "阿里地区乡村振兴局", "山东省乡村振兴局", None),
    ("粮食和物资储备局", "宁阳县粮食和物资储备局", "南岸区粮食和物资储备局", "泰安市粮食和物资储备局", "阿里地区粮食和物资储备局", "山东省粮食和物资储备局", None),
    ("医保局", "宁阳县医疗保障局", "南岸区医疗保障局", "泰安市医疗保障局", "阿里地区医疗保障局", "山东省医疗保障局", "重庆市医疗保障局"),
    ("市场监管局", "宁阳县市场监督管理局", "南岸区市场监督管理局", "泰安市市场监督管理局", "阿里地区市场监督管理局", "山东省市场监督管理局", "重庆市市场监督管理局"),
    ("市监局", "宁阳县市场监督管理局", "南岸区市场监督管理局", "泰安市市场监督管理局", "阿里地区市场监督管理局", "山东省市场监督管理局", "重庆市市场监督管理局"),
    ("卫健委", "宁阳县卫生健康委员会", "南岸区卫生健康委员会", "泰安市卫生健康委员会", "阿里地区卫生健康委员会", "山东省卫生健康委员会", "重庆市卫生健康委员会"),
    ("发改委", "宁阳县发展和改革委员会", "南岸区发展和改革委员会", "泰安市发展和改革委员会", "阿里地区发展和改革委员会", "山东省发展和改革委员会", "重庆市发展和改革委员会"),
    ("国资委", "宁阳县国有资产监督管理委员会", "南岸区国有资产监督管理委员会", "泰安市国有资产监督管理委员会", "阿里地区国有资产监督管理委员会", "山东省国有资产监督管理委员会", "重庆市国有资产监督管理委员会"),
    ("卫健局", "宁阳县卫生健康局", "南岸区卫生健康局", "泰安市卫生健康局", "阿里地区卫生健康局", None, None),
    ("教体局", "宁阳县教育体育局", "南岸区教育体育局", "泰安市教育体育局", "阿里地区教育体育局", None, None),
    ("城管局", "宁阳县城市管理局", "南岸区城市管理局", "泰安市城市管理局", "阿里地区城市管理局", None, None),
    ("发改局", "宁阳县发展和改革局", "南岸区发展和改革局", "泰安市发展和改革局", "阿里地区发展和改革局", None, None),
    ("消防救援大队", "宁阳县消防救援大队", "南岸区消防救援大队", None, None, None, None),
    ("消防救援支队", None, None, "泰安市消防救援支队", "阿里地区消防救援支队", None, None),
    ("消防救援总队", None, None, None, None, "山东省消防救援总队", "重庆市消防救援总队"),
    ("公安局交通警察大队", "宁阳县公安局交通警察大队", "南岸区公安局交通警察大队", None, None, None, None),
    ("交通警察大队", "宁阳县公安局交通警察大队", "南岸区公安局交通警察大队", None, None, None, None),
    ("交警大队", "宁阳县公安局交通警察大队", "南岸区公安局交通警察大队", None, None, None, None),
    ("人民武装部", "宁阳县人民武装部", "南岸区人民武装部", None, None, None, None),
    ("人武部", "宁阳县人民武装部", "南岸区人民武装部", None, None, None, None),
    ("总工会", "宁阳县总工会", "南岸区总工会", "泰安市总工会", "阿里地区总工会", "山东省总工会", "重庆市总工会"),
    ("妇女联合会", "宁阳县妇女联合会", "南岸区妇女联合会", "泰安市妇女联合会", "阿里地区妇女联合会", "山东省妇女联合会", "重庆市妇女联合会"),
    ("妇联", "宁阳县妇女联合会", "南岸区妇女联合会", "泰安市妇女联合会", "阿里地区妇女联合会", "山东省妇女联合会", "重庆市妇女联合会"),
    ("团委", "共青团宁阳县委员会", "共青团南岸区委员会", "共青团泰安市委员会", "共青团阿里地区委员会", "共青团山东省委员会", "共青团重庆市委员会"),
    ("残疾人联合会", "宁阳县残疾人联合会", "南岸区残疾人联合会", "泰安市残疾人联合会", "阿里地区残疾人联合会", "山东省残疾人联合会", "重庆市残疾人联合会"),
    ("残联", "宁阳县残疾人联合会", "南岸区残疾人联合会", "泰安市残疾人联合会", "阿里地区残疾人联合会", "山东省残疾人联合会", "重庆市残疾人联合会"),
    ("工商业联合会", "宁阳县工商业联合会", "南岸区工商业联合会", "泰安市工商业联合会", "阿里地区工商业联合会", "山东省工商业联合会", "重庆市工商业联合会"),
    ("工商联", "宁阳县工商业联合会", "南岸区工商业联合会", "泰安市工商业联合会", "阿里地区工商业联合会", "山东省工商业联合会", "重庆市工商业联合会"),
    ("科学技术协会", "宁阳县科学技术协会", "南岸区科学技术协会", "泰安市科学技术协会", "阿里地区科学技术协会", "山东省科学技术协会", "重庆市科学技术协会"),
    ("科协", "宁阳县科学技术协会", "南岸区科学技术协会", "泰安市科学技术协会", "阿里地区科学技术协会", "山东省科学技术协会", "重庆市科学技术协会"),
    ("法学会", "宁阳县法学会", "南岸区法学会", "泰安市法学会", "阿里地区法学会", "山东省法学会", "重庆市法学会"),
    ("律师协会", "宁阳县律师协会", "南岸区律师协会", "泰安市律师协会", "阿里地区律师协会", "山东省律师协会", "重庆市律师协会"),
    ("红十字会", "宁阳县红十字会", "南岸区红十字会", "泰安市红十字会", "阿里地区红十字会", "山东省红十字会", "重庆市红十字会"),
]


def _division(name: str):
    return gazetteer().named(name)[0]


def _explicit(text: str):
    """The mention that spans the whole of `text`, or None."""
    return next((m for m in OrgResolver(None).find_explicit(text) if m.start == 0 and m.end == len(text)), None)


@pytest.mark.parametrize("written, expected", [(row[0], row[1:]) for row in EXPANSIONS], ids=[r[0] for r in EXPANSIONS])
def test_resolve_org_naming_expansion_table(written, expected):
    for place, t, name in zip(PLACES, TYPE_CHAR, expected):
        m = _explicit(place + written.replace("{t}", t))
        assert (m.name if m else None) == name, f"{place}{written}"


def test_resolve_org_naming_table_covers_every_head_at_every_level():
    rows = [r["written"] for r in data.table("org_heads.tsv")]
    assert [r[0] for r in EXPANSIONS] == rows, "one table row per org_heads.tsv row, in its order"
    assert len(PLACES) == len(LEVEL_TYPES)
    for row in EXPANSIONS:
        assert any(row[1:]), f"{row[0]} names a body somewhere"


@pytest.mark.parametrize(
    "region, text, written, name, kind",
    [
        pytest.param("宁阳县", "按照省法院要求", "省法院", "山东省高级人民法院", "judicial", id="provincial_court"),
        pytest.param("宁阳县", "市法院来我县调研", "市法院", "泰安市中级人民法院", "judicial", id="prefecture_court"),
        pytest.param("南岸区", "市法院来我区调研", "市法院", "重庆市高级人民法院", "judicial", id="court_of_a_municipality"),
        pytest.param("宁阳县", "县法院、县检察院", "县法院", "宁阳县人民法院", "judicial", id="county_court"),
        pytest.param("宁阳县", "省委办公厅印发", "省委办公厅", "山东省委办公厅", "party", id="provincial_general_office"),
        pytest.param("宁阳县", "省委办公室印发", "省委办公室", "山东省委办公厅", "party", id="provincial_office_is_tingu"),
        pytest.param("宁阳县", "省政府办公室转发", "省政府办公室", "山东省人民政府办公厅", "government",
                     id="provincial_government_office"),
        pytest.param("宁阳县", "县政府办牵头", "县政府办", "宁阳县人民政府办公室", "government", id="county_office"),
        pytest.param("宁阳县", "省委巡视办反馈", "省委巡视办", "山东省委巡视工作领导小组办公室", "party", id="xunshi"),
        pytest.param("宁阳县", "县委巡察办反馈", "县委巡察办", "宁阳县委巡察工作领导小组办公室", "party", id="xuncha"),
        pytest.param("宁阳县", "配合县生态环境分局", "县生态环境分局", "泰安市生态环境局宁阳分局", "bureau",
                     id="environment_branch"),
        pytest.param("南岸区", "配合区生态环境局", "区生态环境局", "南岸区生态环境局", "bureau",
                     id="environment_bureau_of_a_municipal_district"),
        pytest.param("宁阳县", "县税务局、县公安局", "县税务局", "国家税务总局宁阳县税务局", "bureau", id="tax_bureau"),
        pytest.param("泰山区", "区税务局", "区税务局", "国家税务总局泰安市泰山区税务局", "bureau", id="district_tax_bureau"),
        pytest.param("宁阳县", "接受县监委监督", "县监委", "宁阳县监察委员会", "supervisory", id="supervisory_commission"),
        pytest.param("宁阳县", "县人武部组织民兵", "县人武部", "宁阳县人民武装部", "military", id="armed_forces_department"),
        pytest.param("宁阳县", "县委社会工作部统筹", "县委社会工作部", "宁阳县委社会工作部", "party", id="social_work_dept"),
        pytest.param("宁阳县", "县委编办批复", "县委编办", "宁阳县委机构编制委员会办公室", "party", id="establishment_office"),
        pytest.param("宁阳县", "县委网信办", "县委网信办", "宁阳县委网络安全和信息化委员会办公室", "party", id="cyberspace"),
        pytest.param("宁阳县", "县联席办召开会议", "县联席办", "宁阳县信访工作联席会议办公室", "office", id="joint_office"),
        pytest.param("宁阳县", "团县委开展活动", "团县委", "共青团宁阳县委员会", "people", id="youth_league"),
        pytest.param("日土县", "党中央、区党委、地委关于", "区党委", "西藏自治区党委", "party", id="autonomous_region_committee"),
        pytest.param("日土县", "党中央、区党委、地委关于", "地委", "阿里地委", "party", id="prefecture_committee_of_a_diqu"),
        pytest.param("日土县", "在地委、行署的坚强领导下", "行署", "阿里地区行政公署", "government", id="xingshu_bare"),
        pytest.param("谯城区", "邀请依法治省委领导", "依法治省委", "安徽省委全面依法治省委员会", "party",
                     id="rule_of_law_committee_without_place"),
        pytest.param("宁阳县", "中央社会工作部部署", "中央社会工作部", "中共中央社会工作部", "party", id="central_social_work"),
        pytest.param("宁阳县", "按照中央联席办要求", "中央联席办", "中央信访工作联席会议办公室", "office", id="central_joint"),
        pytest.param("宁阳县", "国家税务总局宁阳县税务局", "国家税务总局宁阳县税务局", "国家税务总局宁阳县税务局", "bureau",
                     id="tax_bureau_written_in_full"),
        pytest.param("宁阳县", "泰安市生态环境局宁阳分局", "泰安市生态环境局宁阳分局", "泰安市生态环境局宁阳分局", "bureau",
                     id="branch_written_in_full"),
        pytest.param("宁阳县", "政协宁阳县委员会", "政协宁阳县委员会", "中国人民政治协商会议宁阳县委员会", "people",
                     id="cppcc_written_the_official_way"),
        pytest.param(None, "西藏自治区党委全面依法治藏委员会", "西藏自治区党委全面依法治藏委员会",
                     "西藏自治区党委全面依法治藏委员会", "party", id="tibet_rule_of_law_committee"),
    ],
)
def test_resolve_org_naming_hard_cases(region, text, written, name, kind):
    r = OrgResolver(_division(region) if region else None)
    found = {text[m.start:m.end]: m for m in r.find(text)}
    assert written in found, sorted(found)
    assert (found[written].name, found[written].kind) == (name, kind)


@pytest.mark.parametrize(
    "region, text",
    [
        pytest.param("宁阳县", "省委巡察办", id="provinces_have_no_xuncha"),
        pytest.param("南岸区", "市中院", id="municipal_intermediate_courts_are_numbered"),
        pytest.param("宁阳县", "县中院", id="no_intermediate_court_in_a_county"),
        pytest.param("宁阳县", "县公安厅", id="no_department_ting_in_a_county"),
        pytest.param("宁阳县", "宁阳县委全面依法治市委员会", id="committee_of_another_place_type"),
        pytest.param("泰山区", "市行署", id="a_city_has_no_xingshu"),
        pytest.param("楚雄彝族自治州", "市委", id="an_autonomous_prefecture_is_no_shi"),
        pytest.param("武定县", "市委", id="a_county_of_a_zhou_has_no_shi_above_it"),
    ],
)
def test_resolve_org_naming_no_body_where_none_exists(region, text):
    assert OrgResolver(_division(region)).find(text) == []


def test_resolve_org_naming_one_body_under_two_names():
    r = OrgResolver(_division("宁阳县"))
    text = "县依法治县办、县委全面依法治县委员会办公室、依法治县办"
    names = {m.name for m in r.find(text)}
    assert names == {"宁阳县委全面依法治县委员会办公室"}
    m = r.find("县依法治县办")[0]
    assert {"宁阳县依法治县办公室", "宁阳县委依法治县办", "宁阳县依法治县办"} <= set(m.aliases)


def test_resolve_org_naming_joint_discipline_and_supervisory_commission():
    r = OrgResolver(_division("宁阳县"))
    found = r.find("县纪委监委牵头，县纪委、县监委配合")
    assert {m.name for m in found} == {"宁阳县纪委监委"}
    alone = r.find("县监委")
    assert [(m.name, m.kind) for m in alone] == [("宁阳县监察委员会", "supervisory")]
    central = OrgResolver(None).find("中央纪委国家监委、国家监委")
    assert {m.name for m in central} == {"中央纪委国家监委"}


def test_resolve_org_naming_abbreviation_is_an_alias_not_the_name():
    m = OrgResolver(_division("宁阳县")).find("县联席办")[0]
    assert m.name == "宁阳县信访工作联席会议办公室" and "宁阳县联席办" in m.aliases


def test_resolve_org_naming_data_is_consistent():
    known = {"party", "government", "supervisory", "people", "judicial", "bureau", "office", "military", "public"}
    placeholders = {"place", "party", "t", "prefecture", "short", "full", "name"}
    for b in bodies().values():
        assert b.kind in known, b.key
        assert any(b.names), b.key
        for template in (*b.names, *b.aliases):
            assert set(re.findall(r"{(\w+)}", template)) <= placeholders, (b.key, template)
        assert all(part in bodies() for part in b.joint), b.key
    assert all(h.body in bodies() for h in heads().values())
    alias, kinds, _ = national()
    assert set(kinds.values()) <= known
    for r in data.table("national_bodies.tsv"):
        assert all(part in kinds for part in filter(None, r["joint"].split("|"))), r["name"]


def test_resolve_orgs_long_repetition_is_linear():
    """499,000 characters of 县信访局 once took minutes (a quadratic overlap check): a 200,000-character run must
    give one mention per repetition, and four times the text four times the mentions."""
    r = OrgResolver(_division("宁阳县"), "宁阳县信访局")
    short, long_ = "县信访局" * 5_000, "县信访局" * 20_000
    assert len(r.find(long_)) == 4 * len(r.find(short)) == 4 * 5_000
    began = time.process_time()
    found = r.find("县信访局" * 50_000)
    assert len(found) == 50_000 and {m.name for m in found} == {"宁阳县信访局"}
    assert time.process_time() - began < 30, "a guard only: linear work takes about a second"


# -- place + unit (org_units.tsv), townships, branches, names as they were ----------------------------------------
# (region, text, written, name, kind): units written after a place word, bare, and short; hand-written from the
# bodies' published names.
UNITS = [
    ("海淀区", "区园林绿化局", "区园林绿化局", "海淀区园林绿化局", "bureau"),
    ("宁阳县", "县档案馆", "县档案馆", "宁阳县档案馆", "public"),
    ("宁阳县", "、档案馆", "档案馆", "宁阳县档案馆", "public"),
    ("泰安市", "市图书馆", "市图书馆", "泰安市图书馆", "public"),
    ("山东省", "省档案馆", "省档案馆", "山东省档案馆", "public"),
    ("宁阳县", "县委政研室", "县委政研室", "宁阳县委政策研究室", "party"),
    ("泰安市", "市委老干部局", "市委老干部局", "泰安市委老干部局", "party"),
    ("宁阳县", "县政府法制办", "县政府法制办", "宁阳县人民政府法制办公室", "government"),
    ("宁阳县", "县人防办", "县人防办", "宁阳县人民防空办公室", "government"),
    ("宁阳县", "县疾控中心", "县疾控中心", "宁阳县疾病预防控制中心", "public"),
    ("宁阳县", "县人民医院", "县人民医院", "宁阳县人民医院", "public"),
    ("宁阳县", "县文联", "县文联", "宁阳县文学艺术界联合会", "people"),
    ("宁阳县", "、红十字会", "红十字会", "宁阳县红十字会", "people"),
    ("宁阳县", "县工商局", "县工商局", "宁阳县工商行政管理局", "bureau"),
    ("泰安市", "市住房公积金管理中心", "市住房公积金管理中心", "泰安市住房公积金管理中心", "public"),
    ("锡林郭勒盟", "盟档案馆", "盟档案馆", "锡林郭勒盟档案馆", "public"),
]


@pytest.mark.parametrize("region, text, written, name, kind", UNITS, ids=[f"{r}:{t}" for r, t, *_ in UNITS])
def test_resolve_org_naming_place_and_unit(region, text, written, name, kind):
    found = {text[m.start:m.end]: m for m in OrgResolver(_division(region)).find(text)}
    assert written in found, sorted(found)
    assert (found[written].name, found[written].kind) == (name, kind)


@pytest.mark.parametrize("region, text", [
    pytest.param("宁阳县", "县住房公积金管理中心", id="housing_fund_centres_are_prefectures"),
    pytest.param("宁阳县", "县药监局", id="drug_administration_is_provincial"),
    pytest.param("宁阳县", "市民委员会", id="a_word_running_on_is_not_a_head"),
])
def test_resolve_org_naming_no_unit_where_none_exists(region, text):
    assert [m.name for m in OrgResolver(_division(region)).find(text)] == []


def test_resolve_org_naming_units_are_consistent():
    written = {r["written"] for r in data.table("org_heads.tsv")}
    kinds = {"party", "government", "supervisory", "people", "judicial", "bureau", "office", "military", "public"}
    for r in data.table("org_units.tsv"):
        assert r["kind"] in kinds, r["unit"]
        assert set(r["levels"]) <= set("cpvm") and set(r["bare"]) <= {"c"}, r["unit"]
        assert r["unit"] not in written, f"{r['unit']} is named level by level in org_heads.tsv"
        for short in filter(None, r["short"].split("|")):
            assert heads()[short].body == r["unit"] or short in written, (r["unit"], short)


TOWNSHIPS = [
    # (region, text, written, name)
    ("正蓝旗", "先后到上都镇政府调研", "上都镇政府", "正蓝旗上都镇人民政府"),
    ("宁阳县", "、伏山镇党委", "伏山镇党委", "宁阳县伏山镇党委"),
    ("宁阳县", "文庙街道办事处", "文庙街道办事处", "宁阳县文庙街道办事处"),
    ("宁阳县", "文庙街道党工委", "文庙街道党工委", "宁阳县文庙街道党工作委员会"),
    ("宁阳县", "深入葛石镇司法所", "葛石镇司法所", "宁阳县葛石镇司法所"),
    (None, "泰安市宁阳县东疏镇人民政府", "东疏镇人民政府", "宁阳县东疏镇人民政府"),
]


@pytest.mark.parametrize("region, text, written, name", TOWNSHIPS, ids=[t[2] for t in TOWNSHIPS])
def test_resolve_org_naming_township_bodies(region, text, written, name):
    found = {text[m.start:m.end]: m for m in OrgResolver(_division(region) if region else None).find(text)}
    assert written in found, sorted(found)
    assert found[written].name == name and found[written].level == "township"


@pytest.mark.parametrize("text", ["各乡镇政府", "乡镇党委", "全镇政府", "中心镇政府", "城镇人民政府", "13个乡镇（街道）党委",
                                  "一些乡镇政府", "部分乡镇人民政府"])
def test_resolve_org_naming_generic_townships_are_no_body(text):
    assert [m.name for m in OrgResolver(_division("宁阳县")).find(text) if m.level == "township"] == []


def test_resolve_org_naming_former_division_named_as_it_was():
    gaz = gazetteer()
    laiwu = gaz.named("莱芜市", year=2018)[0]
    found = OrgResolver(laiwu, year=2018).find("莱芜市公安局会同市信访局")
    assert [(m.name, m.division) for m in found] == [("莱芜市公安局", "371200"), ("莱芜市信访局", "371200")]
    now = OrgResolver(gaz.named("济南市")[0], year=2023).find("济南市公安局")
    assert [(m.name, m.division) for m in now] == [("济南市公安局", "370100")]


def test_resolve_org_naming_branch_of_a_prefecture_bureau():
    found = OrgResolver(None).find("广州市公安局增城区分局")
    assert [(m.name, m.level, m.division) for m in found] == [("广州市公安局增城区分局", "county", "440118")]


@pytest.mark.parametrize("table", ["org_bodies.tsv", "org_township_bodies.tsv", "org_units.tsv"])
def test_resolve_org_naming_every_kind_of_body_is_a_concept_of_the_ontology(table):
    """Each kind a data file gives a body (party, bureau, public …) is a kg:OrganizationKind the RDF classifies it
    by (org:classification): none is left without one."""
    from kg.rdf.convert import concept

    kinds = {r["kind"] for r in data.table(table) if r.get("kind") and r["kind"] != "-"}
    assert kinds and all(concept("OrganizationKinds", k) is not None for k in sorted(kinds)), kinds
