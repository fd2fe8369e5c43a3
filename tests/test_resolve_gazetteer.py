"""The gazetteer of divisions: current codes and names, former names and codes by year, and the data file
checked against the NBS snapshots (when ../shared/reference is here)."""
from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import pytest

from kg import data
from kg.nlp.meta import extract_metadata
from kg.resolve.gazetteer import Gazetteer, gazetteer

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return gazetteer()


@pytest.fixture(scope="module")
def build_script():
    spec = importlib.util.spec_from_file_location("build_divisions", REPO / "scripts" / "build_divisions.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


# -- current divisions ----------------------------------------------------------------------------------------
# (name, code now, parent now): divisions changed 2019–2024, which the old data carried with former codes or status
CHANGED = [
    ("任泽区", "130505", "130500"), ("南和区", "130506", "130500"), ("襄都区", "130502", "130500"),
    ("信都区", "130503", "130500"), ("蓬莱区", "370614", "370600"), ("公主岭市", "220184", "220100"),
    ("孟津区", "410308", "410300"), ("偃师区", "410307", "410300"), ("崇川区", "320613", "320600"),
    ("沙县区", "350405", "350400"), ("会理市", "513402", "513400"), ("库车市", "652902", "652900"),
    ("无为市", "340281", "340200"), ("湟中区", "630106", "630100"), ("长泰区", "350605", "350600"),
    ("米林市", "540481", "540400"), ("错那市", "540581", "540500"), ("凤翔区", "610305", "610300"),
    ("澄江市", "530481", "530400"), ("红谷滩区", "360113", "360100"), ("莱芜区", "370116", "370100"),
    ("西沙区", "460302", "460300"), ("南沙区", "460303", "460300"), ("和康县", "653228", "653200"),
    ("白杨市", "659012", "650000"),
]


@pytest.mark.parametrize("name,code,parent", CHANGED)
def test_resolve_gazetteer_changed_divisions_have_their_current_code(gaz, name, code, parent):
    div = gaz.get(code, "county")
    assert div is not None and div.name == name and div.status == "current"
    assert div.parent == parent
    assert code in {d.code for d in gaz.named(name) if d.status == "current"}


# Names that are no longer divisions: each is a former name that leads to its current successor.
FORMER = [("无为县", "340281"), ("湟中县", "630106"), ("长泰县", "350605"), ("米林县", "540481"),
          ("错那县", "540581"), ("澄江县", "530481"), ("凤翔县", "610305"), ("湾里区", "360112"),
          ("港闸区", "320613"), ("梅列区", "350404"), ("邢台县", "130503"), ("莱芜市", "370100")]


@pytest.mark.parametrize("name,now", FORMER)
def test_resolve_gazetteer_former_names_are_not_current(gaz, name, now):
    divs = gaz.named(name)
    assert divs and all(d.status == "former" for d in divs)
    assert {gaz.current(d).code for d in divs} == {now}


@pytest.mark.parametrize("name", ["凤翔市", "奎青区", "葵青区", "苗粟县", "市直辖行政区划", "省直辖行政区划",
                                  "省直辖县级行政区划", "自治区直辖县级行政区划", "市辖区"])
def test_resolve_gazetteer_has_no_invented_or_placeholder_names(gaz, name):
    assert gaz.named(name) == []


@pytest.mark.parametrize("code,name", [("710000", "台湾省"), ("810000", "香港特别行政区"), ("820000", "澳门特别行政区")])
def test_resolve_gazetteer_hong_kong_macau_taiwan_are_province_level_only(gaz, code, name):
    assert gaz.get(code, "province").name == name
    below = [d for d in gaz.divisions if d.province == code and d.level != "province"]
    assert below == []


def test_resolve_gazetteer_codes_are_well_formed(gaz):
    codes = {(d.level, d.code) for d in gaz.divisions}
    for d in gaz.divisions:
        assert len(d.code) == 6 and d.code.isdigit(), d
        assert d.province == d.code[:2] + "0000"
        assert not 70 <= int(d.code[4:6]) <= 79, f"{d.code} {d.name} is a statistical unit's code"
        if d.level == "county":  # under its prefecture (same first four digits) or directly under its province
            assert d.parent in (d.code[:4] + "00", d.province), d
            assert ("prefecture", d.parent) in codes or d.parent == d.province, d
        if d.status == "former":
            now = gaz.successors(d)
            assert d.valid_to and d.successors and len(now) == len(d.successors), d
            assert all(s.status == "current" for s in now) and d.successor == now[0].code


@pytest.mark.parametrize("name,code", [("济源市", "419001"), ("仙桃市", "429004"), ("神农架林区", "429021"),
                                       ("五指山市", "469001"), ("石河子市", "659001"), ("北屯市", "659005")])
def test_resolve_gazetteer_counties_directly_under_a_province(gaz, name, code):
    div = gaz.get(code, "county")
    assert div.name == name and div.parent == div.province
    assert gaz.prefecture_of(div) is None


@pytest.mark.parametrize("code,name", [("110101", "东城区"), ("500240", "石柱土家族自治县"), ("310151", "崇明区")])
def test_resolve_gazetteer_municipality_districts_are_under_the_municipality(gaz, code, name):
    div = gaz.get(code, "county")
    assert div.name == name
    assert gaz.prefecture_of(div).code == div.province == gaz.province_of(div).code


def test_resolve_gazetteer_statistical_units_are_typed_apart(gaz):
    names = {d.name for d in gaz.statistical}
    assert {"加格达奇区", "西沙群岛", "大柴旦行政委员会"} <= names
    assert gaz.named("加格达奇区") == [] and gaz.named("大柴旦行政委员会") == []
    assert all(name != "加格达奇区" for _, _, name in gaz.find("加格达奇区人民政府"))


# (name, short): stems, ethnic names, endings kept where the stem is one character, a common word, or a
# higher level's short name (or shared by two divisions of one prefecture)
SHORTS = [("宁阳县", "宁阳"), ("南岸区", "南岸"), ("芷江侗族自治县", "芷江"), ("黔东南苗族侗族自治州", "黔东南"),
          ("双江拉祜族佤族布朗族傣族自治县", "双江"), ("龙胜各族自治县", "龙胜"), ("瀍河回族区", "瀍河"),
          ("内蒙古自治区", "内蒙古"), ("广西壮族自治区", "广西"), ("新疆维吾尔自治区", "新疆"),
          ("香港特别行政区", "香港"), ("巴音郭楞蒙古自治州", "巴音郭楞"), ("东乡族自治县", "东乡"),
          ("鄂温克族自治旗", "鄂温克"), ("忠县", "忠县"), ("和平区", "和平区"), ("长治市", "长治市"),
          ("河北区", "河北区"), ("吉林市", "吉林市"), ("抚顺县", "抚顺县"), ("本溪满族自治县", "本溪县"),
          ("海南藏族自治州", "海南州"), ("伊宁市", "伊宁市"), ("伊宁县", "伊宁县"), ("井陉矿区", "井陉矿区"),
          ("神农架林区", "神农架"), ("万柏林区", "万柏林"), ("六枝特区", "六枝"), ("浦东新区", "浦东"),
          ("土默特左旗", "土默特左旗"), ("正镶白旗", "正镶白旗"), ("准格尔旗", "准格尔"),
          ("喀喇沁左翼蒙古族自治县", "喀左")]  # a customary short name


@pytest.mark.parametrize("name,short", SHORTS)
def test_resolve_gazetteer_short_names(gaz, name, short):
    assert {d.short for d in gaz.named(name) if d.status == "current"} == {short}


@pytest.mark.parametrize("alias,name", [("芷江县", "芷江侗族自治县"), ("金平县", "金平苗族瑶族傣族自治县"),
                                        ("本溪县", "本溪满族自治县"), ("峨边县", "峨边彝族自治县"),
                                        ("鄂伦春旗", "鄂伦春自治旗"), ("喀左县", "喀喇沁左翼蒙古族自治县"),
                                        ("莫旗", "莫力达瓦达斡尔族自治旗"),
                                        ("东乡县", "东乡县")])  # 抚州's former county, not 东乡族自治县
def test_resolve_gazetteer_autonomous_counties_are_found_by_their_plain_name(gaz, alias, name):
    assert [d.name for d in gaz.named(alias)] == [name]


# -- former names and codes, by year --------------------------------------------------------------------------
# (name, level, report year, code then, codes now)
BY_YEAR = [
    ("莱芜市", "prefecture", 2018, "371200", ("370100",)),
    ("莱城区", "county", 2018, "371202", ("370116",)),
    ("钢城区", "county", 2018, "371203", ("370117",)),
    ("钢城区", "county", 2020, "370117", ("370117",)),
    ("密云县", "county", 2014, "110228", ("110118",)),
    ("延庆县", "county", 2015, "110229", ("110119",)),
    ("静海县", "county", 2014, "120223", ("120118",)),
    ("宁河县", "county", 2014, "120221", ("120117",)),
    ("崇明县", "county", 2015, "310230", ("310151",)),
    ("开县", "county", 2015, "500234", ("500154",)),
    ("梅列区", "county", 2019, "350402", ("350404",)),
    ("三元区", "county", 2019, "350403", ("350404",)),
    ("三元区", "county", 2022, "350404", ("350404",)),
    ("崇川区", "county", 2018, "320602", ("320613",)),
    ("崇川区", "county", 2022, "320613", ("320613",)),
    ("公主岭市", "county", 2019, "220381", ("220184",)),
    ("邢台县", "county", 2019, "130521", ("130503", "130502")),  # split: most of it went to 信都区
    ("江干区", "county", 2020, "330104", ("330102", "330114")),
    ("米林县", "county", 2014, "542623", ("540481",)),  # 林芝地区's code, then 林芝市's, now 米林市
    ("米林县", "county", 2020, "540422", ("540481",)),
    ("日喀则市", "county", 2013, "542301", ("540202",)),  # the county-level city, now 桑珠孜区
    ("日喀则市", "prefecture", 2023, "540200", ("540200",)),
    ("儋州市", "county", 2014, "469003", ("460400",)),  # a county-level city until 2015, now a prefecture
]


@pytest.mark.parametrize("name,level,year,then,now", BY_YEAR)
def test_resolve_gazetteer_names_resolve_as_they_were_in_the_report_year(gaz, name, level, year, then, now):
    div = gaz.named(name, level, year=year)[0]
    assert div.valid_in(year)
    found = gaz.then_and_now(div)
    assert (found.code_then, found.codes_now) == (then, now)
    assert found.changed == (now != (then,))


@pytest.mark.parametrize("code,level,year,expected", [
    ("370116", "county", 2018, ["371202", "370116"]),  # 莱芜区 was 莱城区 until 2018-12-26
    ("370614", "county", 2019, ["370634", "370684"]),  # 蓬莱区 was 长岛县 and 蓬莱市
    ("370614", "county", 2022, ["370614"]),
    ("110118", "county", 2014, ["110228"]),  # 密云区 was 密云县
    ("130503", "county", 2019, ["130503", "130521"]),  # 信都区 was 桥西区 (same code) and most of 邢台县
    ("370100", "prefecture", 2018, ["370100"]),  # 济南市 was itself (it took in 莱芜市 at the end of 2018)
])
def test_resolve_gazetteer_as_of_gives_the_divisions_of_that_year(gaz, code, level, year, expected):
    got = gaz.as_of(gaz.get(code, level), year)
    assert sorted(d.code for d in got) == sorted(expected)
    assert all(d.valid_in(year) for d in got)


def test_resolve_gazetteer_as_of_a_former_division_later_gives_its_successors(gaz):
    div = gaz.named("密云县", year=2014)[0]
    assert [d.code for d in gaz.as_of(div, 2020)] == ["110118"]
    assert gaz.as_of(div, 2014) == [div]


@pytest.mark.parametrize("year,code", [(2018, "320602"), (2022, "320613"), (None, "320613")])
def test_resolve_gazetteer_disambiguates_a_reused_name_by_year(gaz, year, code):
    assert gaz.disambiguate("崇川区", "江苏省南通市", "county", year).code == code


def test_resolve_gazetteer_former_codes_lead_to_the_current_division(gaz):
    assert gaz.get("371200", "prefecture").name == "济南市"
    assert gaz.get("130526", "county").name == "任泽区"
    assert gaz.get("999999", "county") is None


def test_resolve_gazetteer_former_division_has_its_prefecture_of_then(gaz):
    div = gaz.named("莱城区", year=2018)[0]
    assert gaz.prefecture_of(div).name == "莱芜市"
    assert gaz.prefecture_of(gaz.current(div)).name == "济南市"


# Heads of made-up reports (real places, invented text): an old report's place is the division as it was in the
# report's year (its name and code then), and then_and_now gives what it is now.
# (text, region then, code then, prefecture then, codes now)
OLD_REPORTS = [
    ("莱城区信访局关于2018年法治政府建设情况的报告\n\n2018年，在区委、区政府的坚强领导下，我局扎实推进信访工作法治化。\n",
     "莱城区", "371202", "莱芜市", ("370116",)),
    ("莱芜市公安局2017年法治政府建设情况报告\n\n2017年，在市委、市政府的坚强领导下，我局全面推进执法规范化建设。\n",
     "莱芜市", "371200", "莱芜市", ("370100",)),
    ("密云县信访办2014年法治政府建设工作总结\n\n2014年，在县委、县政府的领导下，我办依法规范信访秩序。\n",
     "密云县", "110228", "北京市", ("110118",)),
    ("日喀则市人民政府2013年依法行政工作情况报告\n\n2013年，日喀则市人民政府坚持依法行政，规范行政执法。\n",
     "日喀则市", "542301", "日喀则地区", ("540202",)),
    ("日喀则市人民政府2023年法治政府建设情况报告\n\n2023年，日喀则市深入推进法治政府建设，规范行政执法。\n",
     "日喀则市", "540200", "日喀则市", ("540200",)),  # the prefecture since 2014: region and prefecture
]


@pytest.mark.parametrize("text,region,code,prefecture,now", OLD_REPORTS)
def test_resolve_gazetteer_report_region_as_of_the_report_year(gaz, text, region, code, prefecture, now):
    meta, div = extract_metadata(text)
    assert (meta.region, meta.region_code, meta.prefecture) == (region, code, prefecture)
    assert gaz.then_and_now(div).codes_now == now


# -- the data file and its build script -----------------------------------------------------------------------
def test_resolve_gazetteer_build_needs_the_reference_data(build_script, tmp_path, capsys):
    with pytest.raises(build_script.BuildError, match="no reference data"):
        build_script.build(tmp_path / "missing")
    assert build_script.main(["--reference", str(tmp_path / "missing"), "--out", str(tmp_path / "x.tsv")]) == 1
    assert "no reference data" in capsys.readouterr().err
    assert not (tmp_path / "x.tsv").exists()


def _snapshot(folder: Path) -> dict:
    """{(level, code): name} of a snapshot's divisions, and the codes of its statistical units."""
    units, stat = {}, set()
    with (folder / "provinces.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            units[("province", r["code"] + "0000")] = r["name"]
    cities = {}
    with (folder / "cities.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            cities[r["code"]] = r["name"]
            if not r["name"].endswith(("市辖区", "县级行政区划")) and r["name"] != "县":
                units[("prefecture", r["code"] + "00")] = r["name"]
    with (folder / "areas.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if 70 <= int(r["code"][4:6]) <= 79:
                stat.add(r["code"])
            elif r["name"] != cities.get(r["cityCode"]):
                units[("county", r["code"])] = r["name"]
    return {"units": units, "statistical": stat, "date": folder.name}


@pytest.fixture(scope="module")
def snapshots(reference_divisions):
    return [_snapshot(p) for p in sorted(reference_divisions.iterdir()) if (p / "areas.csv").is_file()]


def test_resolve_gazetteer_build_regenerates_the_shipped_file(build_script, reference_divisions):
    rows, _ = build_script.build(reference_divisions)
    assert build_script.render(rows) == data.read_text("divisions.tsv")


def test_resolve_gazetteer_build_stops_on_an_unrecorded_change(build_script, reference_divisions, tmp_path):
    changes = (REPO / "scripts" / "divisions" / "changes.tsv").read_text(encoding="utf-8")
    kept = [line for line in changes.splitlines() if "\tended\t130526\t任县\t" not in line]
    assert len(kept) == len(changes.splitlines()) - 1
    (tmp_path / "changes.tsv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    with pytest.raises(build_script.BuildError, match="130526 任县"):
        build_script.build(reference_divisions, tmp_path / "changes.tsv")


# What the 2023-06-30 snapshot and GB/T 2260 (which the gazetteer follows) do not share, each for a known reason.
NOT_IN_2023_SNAPSHOT = {
    "460302": "西沙区, founded 2020-04 (NBS still lists 西沙群岛)", "460303": "南沙区, founded 2020-04",
    "653228": "和康县, founded 2024-12", "653229": "和安县, founded 2024-12",
    "710000": "台湾省: NBS lists the 31 mainland provinces", "810000": "香港特别行政区", "820000": "澳门特别行政区",
}


def test_resolve_gazetteer_matches_the_2023_snapshot(gaz, snapshots):
    last = snapshots[-1]
    assert last["date"] == "2023-06-30"
    statistical = {(d.code, d.name) for d in gaz.statistical}
    for (level, code), name in last["units"].items():
        if (code, name) in statistical:
            continue
        div = gaz.get(code, level)
        assert div is not None and div.code == code and div.name == name, (level, code, name)
    current = {(d.level, d.code) for d in gaz.divisions if d.status == "current"
               and not (d.level == "prefecture" and d.code == d.province)}  # municipalities, again
    extra = {code for level, code in current - set(last["units"])}
    assert extra == set(NOT_IN_2023_SNAPSHOT)


def test_resolve_gazetteer_has_no_statistical_unit_as_a_division(gaz, snapshots):
    division_codes = {d.code for d in gaz.divisions}
    for snap in snapshots:
        assert not snap["statistical"] & division_codes, snap["date"]
    nbs_only = {(d.code, d.name) for d in gaz.statistical}
    assert not nbs_only & {(d.code, d.name) for d in gaz.divisions}


def _stem(name: str) -> str:
    for suffix in ("自治县", "县", "区", "市", "旗"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def test_resolve_gazetteer_records_every_change_between_snapshots(gaz, snapshots):
    """A division that leaves a snapshot is a former row with the right years; its successors include the
    division that took its code, its name (a new code) or its stem (县 → 市 or 区) in the next snapshot."""
    statistical = {(d.code, d.name) for d in gaz.statistical}
    former = {}
    for d in gaz.divisions:
        if d.status == "former":
            former.setdefault((d.level, d.code, d.name), []).append(d)
    for a, b in zip(snapshots, snapshots[1:]):
        ya, yb = int(a["date"][:4]), int(b["date"][:4])
        entered = {k: n for k, n in b["units"].items() if a["units"].get(k) != n}
        for (level, code), name in a["units"].items():
            if b["units"].get((level, code)) == name or (code, name) in statistical:
                continue
            rows = [d for d in former.get((level, code, name), []) if ya <= int(d.valid_to[:4]) <= yb]
            assert len(rows) == 1, f"{code} {name} left between {a['date']} and {b['date']}: {rows}"
            row = rows[0]
            now = set(row.successors)
            for (lv, c), n in entered.items():
                if c == code or (n == name and c[:2] == code[:2]) or \
                        (c[:4] == code[:4] and _stem(n) == _stem(name) and lv == level):
                    later = gaz.named(n, lv, year=yb)
                    took = next(d for d in later if d.code == c)
                    assert {s.code for s in gaz.successors(took)} <= now, (row, took)
