"""Sanity checks for the regulation registry and the title-pattern data files.

kg/data/regulations.tsv          real normative documents (laws, regulations, party rules, plans)
kg/data/non_regulation_words.tsv patterns marking a 《》 title as NOT a regulation
kg/data/regulation_suffixes.txt  positive endings of regulation titles
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "kg" / "data"
REGISTRY = DATA / "regulations.tsv"
NON_REG = DATA / "non_regulation_words.tsv"
SUFFIXES = DATA / "regulation_suffixes.txt"

HEADER = ["title", "short_forms", "level", "first_adopted", "first_adopted_by", "last_amended", "last_amended_by",
          "published", "in_force", "status", "repealed", "replaced_by", "local_versions", "note"]
DATE_COLUMNS = ("first_adopted", "last_amended", "published", "in_force", "repealed")
LEVELS = {"宪法", "法律", "行政法规", "党内法规", "规范性文件", "部门规章", "司法解释"}
STATUSES = {"in_force", "repealed", "expired"}
NPC, NPCSC = "全国人民代表大会", "全国人民代表大会常务委员会"
KINDS = {"ledger", "letter", "course", "theme", "reader", "newspaper", "book", "media", "form", "report", "catalogue"}
# short forms that would be ambiguous on their own
FORBIDDEN_SHORT = {"法", "条例", "纲要", "规定", "办法", "规划", "意见", "决定", "通知", "章程", "准则"}


def _read_tsv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def _regex_lines(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as fh:
        return [line.rstrip("\n") for line in fh if line.strip() and not line.startswith("#")]


FIELDS, ROWS = _read_tsv(REGISTRY)
BY_TITLE = {row["title"]: row for row in ROWS}
NR_FIELDS, NR_ROWS = _read_tsv(NON_REG)
SUFFIX_PATTERNS = _regex_lines(SUFFIXES)


def _row_id(row: dict[str, str]) -> str:
    return row.get("title") or "?"


# ---------------------------------------------------------------- registry structure

def test_header():
    assert FIELDS == HEADER


def test_file_starts_with_source_comment():
    first = REGISTRY.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#")
    head = "\n".join(REGISTRY.read_text(encoding="utf-8").splitlines()[:12])
    assert "flk.npc.gov.cn" in head and "LawRefBook/Laws" in head


def test_row_count():
    assert 120 <= len(ROWS) <= 300


@pytest.mark.parametrize("row", ROWS, ids=_row_id)
def test_row_shape(row):
    assert None not in row, f"extra tab-separated fields in {row.get('title')!r}"
    assert all(row[c] is not None for c in HEADER), "missing columns"
    assert all(v == v.strip() for v in row.values()), "stray whitespace"
    for col in ("title", "first_adopted_by", "level", "status"):
        assert row[col], f"empty {col}"
    assert row["level"] in LEVELS
    assert row["status"] in STATUSES
    assert row["local_versions"] in ("", "yes")
    assert "《" not in row["title"] and "》" not in row["title"]


def _dates(row) -> dict[str, dt.date]:
    out = {}
    for col in DATE_COLUMNS:
        if row[col]:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[col]), f"{col}={row[col]!r} is not YYYY-MM-DD"
            out[col] = dt.date.fromisoformat(row[col])  # raises on impossible dates
    return out


@pytest.mark.parametrize("row", ROWS, ids=_row_id)
def test_typed_dates_parse_and_are_in_order(row):
    d = _dates(row)
    for col, day in d.items():
        assert dt.date(1949, 10, 1) <= day <= dt.date(2030, 12, 31), col
    if "first_adopted" in d and "last_amended" in d:
        assert d["first_adopted"] < d["last_amended"]
    current = d.get("last_amended") or d.get("first_adopted")
    if current and "in_force" in d:
        assert current <= d["in_force"], "the current version takes effect on or after it is made"
    if current and "published" in d:
        assert current <= d["published"] <= d.get("in_force", d["published"])
    if "repealed" in d and "in_force" in d:
        assert d["in_force"] < d["repealed"]
    assert bool(row["last_amended"]) == bool(row["last_amended_by"]), "an amendment date goes with its body"


@pytest.mark.parametrize("row", ROWS, ids=_row_id)
def test_repealed_rows_say_when_and_by_what(row):
    if row["status"] == "in_force":
        assert not row["repealed"], "an in-force row has no repeal date"
        return
    assert row["repealed"], "every repealed or expired row has the day it ceased to have effect"
    assert row["replaced_by"] or row["note"], "and what replaced it, or why it ended"


@pytest.mark.parametrize("row", ROWS, ids=_row_id)
def test_replaced_by(row):
    if row["replaced_by"]:
        assert row["replaced_by"] in BY_TITLE, f"unknown replacement {row['replaced_by']!r}"
        assert row["replaced_by"] != row["title"]
        assert BY_TITLE[row["replaced_by"]]["status"] == "in_force" or BY_TITLE[row["replaced_by"]]["replaced_by"]
    if row["status"] == "repealed" and row["replaced_by"]:
        # a repealed regulation ceases when its successor is made or takes effect, not before
        successor = _dates(BY_TITLE[row["replaced_by"]])
        assert successor["first_adopted"] <= _dates(row)["repealed"]


@pytest.mark.parametrize("row", [r for r in ROWS if r["status"] == "expired"], ids=_row_id)
def test_expired_plan_ends_the_day_after_its_period(row):
    period = re.search(r"[（(](\d{4})[—－-](\d{4})年[)）]", row["title"] + row["note"]) or \
        re.search(r"(\d{4})[—－-](\d{4})", row["note"])
    assert period, "an expired plan's period is in its title or note"
    assert _dates(row)["repealed"] == dt.date(int(period.group(2)) + 1, 1, 1)


@pytest.mark.parametrize("row", ROWS, ids=_row_id)
def test_law_titles_carry_prc_prefix(row):
    if row["level"] == "法律":
        assert row["title"].startswith("中华人民共和国")
        assert row["first_adopted_by"] in {NPC, NPCSC}
        assert row["last_amended_by"] in {"", NPC, NPCSC}


@pytest.mark.parametrize("row", [r for r in ROWS if NPC in (r["first_adopted_by"], r["last_amended_by"])], ids=_row_id)
def test_dates_given_to_the_npc_fall_in_its_march_session(row):
    """Since 1999 the NPC has met in plenary in March (in 2020 from 22 to 28 May): a date outside its sessions
    is one the Standing Committee acted on."""
    d = _dates(row)
    for when, body in (("first_adopted", "first_adopted_by"), ("last_amended", "last_amended_by")):
        if row[body] == NPC and when in d and d[when].year >= 1999:
            day = d[when]
            in_session = day.month == 3 if day.year != 2020 else dt.date(2020, 5, 22) <= day <= dt.date(2020, 5, 28)
            assert in_session, f"{when} {day} is no NPC session: the body was {NPCSC}"


# the bodies that acted, as the version history records them (hard cases: a law the NPC adopted and its
# Standing Committee later amended or revised)
BODIES = [
    ("中华人民共和国行政处罚法", "1996-03-17", NPC, "2021-01-22", NPCSC),
    ("中华人民共和国行政诉讼法", "1989-04-04", NPC, "2017-06-27", NPCSC),
    ("中华人民共和国监察法", "2018-03-20", NPC, "2024-12-25", NPCSC),
    ("中华人民共和国立法法", "2000-03-15", NPC, "2023-03-13", NPC),
    ("中华人民共和国宪法", "1982-12-04", NPC, "2018-03-11", NPC),
    ("中华人民共和国刑事诉讼法", "1979-07-01", NPC, "2018-10-26", NPCSC),
    ("中华人民共和国民事诉讼法", "1991-04-09", NPC, "2023-09-01", NPCSC),
    ("中华人民共和国人民法院组织法", "1979-07-01", NPC, "2018-10-26", NPCSC),
    ("中华人民共和国地方各级人民代表大会和地方各级人民政府组织法", "1979-07-01", NPC, "2022-03-11", NPC),
    ("中华人民共和国行政复议法", "1999-04-29", NPCSC, "2023-09-01", NPCSC),
    ("中华人民共和国民法典", "2020-05-28", NPC, "", ""),
    ("中华人民共和国治安管理处罚法", "2005-08-28", NPCSC, "2025-06-27", NPCSC),
]


@pytest.mark.parametrize("title,adopted,adopted_by,amended,amended_by", BODIES, ids=[b[0] for b in BODIES])
def test_issuers_match_the_bodies_that_acted(title, adopted, adopted_by, amended, amended_by):
    row = BY_TITLE[title]
    assert (row["first_adopted"], row["first_adopted_by"]) == (adopted, adopted_by)
    assert (row["last_amended"], row["last_amended_by"]) == (amended, amended_by)


# Supreme People's Court interpretations: adopted by its Judicial Committee, published later, then in force
SPC = [
    ("最高人民法院关于行政机关负责人出庭应诉若干问题的规定", "2020-03-23", "2020-06-22", "2020-07-01"),
    ("最高人民法院关于审理行政协议案件若干问题的规定", "2019-11-12", "2019-11-27", "2020-01-01"),
    ("最高人民法院关于正确确定县级以上地方人民政府行政诉讼被告资格若干问题的规定", "2021-02-22", "2021-03-25", "2021-04-01"),
    ("最高人民法院关于审理政府信息公开行政案件若干问题的规定", "2010-12-13", "2011-07-29", "2011-08-13"),
    ("最高人民法院关于审理行政赔偿案件若干问题的规定", "2021-12-06", "2022-03-20", "2022-05-01"),
]


@pytest.mark.parametrize("title,adopted,published,in_force", SPC, ids=[s[0][6:20] for s in SPC])
def test_spc_interpretations_adopted_then_published(title, adopted, published, in_force):
    row = BY_TITLE[title]
    assert row["first_adopted_by"] == "最高人民法院"
    assert (row["first_adopted"], row["published"], row["in_force"]) == (adopted, published, in_force)


def test_every_spc_interpretation_has_adoption_before_publication():
    rows = [r for r in ROWS if r["level"] == "司法解释"]
    assert rows
    for row in rows:
        d = _dates(row)
        assert d["first_adopted"] < d["published"], row["title"]


def test_no_duplicate_titles():
    titles = [row["title"] for row in ROWS]
    dupes = sorted({t for t in titles if titles.count(t) > 1})
    assert not dupes


def test_short_forms_unique_and_unambiguous():
    seen: dict[str, str] = {}
    for row in ROWS:
        forms = [f for f in row["short_forms"].split("|") if f] if row["short_forms"] else []
        assert "" not in row["short_forms"].split("|") or not row["short_forms"], row["title"]
        for form in forms:
            assert form == form.strip() and form, row["title"]
            assert form not in FORBIDDEN_SHORT, f"ambiguous short form {form!r}"
            assert form != row["title"]
            assert form not in BY_TITLE, f"short form {form!r} is another row's title"
            assert form not in seen, f"{form!r} used by {seen.get(form)!r} and {row['title']!r}"
            seen[form] = row["title"]


# ---------------------------------------------------------------- required facts

REQUIRED = [
    # title, first_adopted_by, status, replaced_by, first_adopted prefix, in_force
    ("信访条例", "国务院", "repealed", "信访工作条例", "2005", None),
    ("信访工作条例", "中共中央、国务院", "in_force", "", None, "2022-05-01"),
    ("法治政府建设实施纲要（2021—2025年）", "中共中央、国务院", "in_force", "", "2021", None),
    ("法治政府建设实施纲要（2015—2020年）", "中共中央、国务院", None, None, "2015", None),
    ("中华人民共和国民法典", "全国人民代表大会", "in_force", "", "2020-05-28", "2021-01-01"),
    ("中华人民共和国宪法", "全国人民代表大会", "in_force", "", None, None),
    ("中华人民共和国行政复议法", None, "in_force", "", "1999", "2024-01-01"),
    ("全面推进依法行政实施纲要", "国务院", None, None, "2004", None),
    ("中国共产党章程", None, "in_force", "", None, None),
]


@pytest.mark.parametrize("title,issuer,status,replaced_by,adopted,in_force", REQUIRED, ids=[r[0] for r in REQUIRED])
def test_required_rows(title, issuer, status, replaced_by, adopted, in_force):
    assert title in BY_TITLE, f"missing {title}"
    row = BY_TITLE[title]
    if issuer is not None:
        assert row["first_adopted_by"] == issuer
    if status is not None:
        assert row["status"] == status
    if replaced_by is not None:
        assert row["replaced_by"] == replaced_by
    if adopted is not None:
        assert row["first_adopted"].startswith(adopted)
    if in_force is not None:
        assert row["in_force"] == in_force


EXPECTED_SHORT = [
    ("宪法", "中华人民共和国宪法"),
    ("民法典", "中华人民共和国民法典"),
    ("行政复议法", "中华人民共和国行政复议法"),
    ("治安管理处罚法", "中华人民共和国治安管理处罚法"),
    ("党章", "中国共产党章程"),
    ("政府信息公开条例", "中华人民共和国政府信息公开条例"),
]


@pytest.mark.parametrize("short,title", EXPECTED_SHORT, ids=[s for s, _ in EXPECTED_SHORT])
def test_expected_short_forms(short, title):
    assert short in BY_TITLE[title]["short_forms"].split("|")


# ---------------------------------------------------------------- pattern files

def test_non_regulation_header():
    assert NR_FIELDS == ["pattern", "kind", "note"]
    assert NR_ROWS


@pytest.mark.parametrize("row", NR_ROWS, ids=lambda r: r.get("pattern", "?"))
def test_non_regulation_patterns_compile(row):
    assert None not in row
    assert row["kind"] in KINDS
    re.compile(row["pattern"])


# One real or genre-typical title per ending of regulation_suffixes.txt (a new ending needs its example here).
SUFFIX_EXAMPLES = [
    "中华人民共和国行政复议法", "中华人民共和国民法典", "中华人民共和国宪法修正案", "信访工作条例", "宁阳县信访事项复查复核规定",
    "信访事项网上办理工作规程（试行）", "山东省信访事项办理办法", "信访条例实施细则", "信访听证会议事规则", "信访接待工作规范",
    "中国共产党章程", "民法总则", "中国共产党纪律处分条例执行准则", "信访工作人员守则", "首问负责制度",
    "村规民约", "法治政府建设实施纲要（2021—2025年）", "“八五”普法规划", "2024年普法依法治理工作要点",
    "信访突出问题专项整治实施方案", "年度学习计划", "2023年法治政府建设工作安排", "关于加强信访工作的意见",
    "关于开展矛盾纠纷排查化解的通知", "关于修改《信访条例》的决定", "关于开展法治宣传教育的决议", "优化营商环境若干措施",
    "关于加强基层信访工作的建议", "最高人民法院关于适用《中华人民共和国行政诉讼法》的解释", "行政执法指南",
    "信访事项办理质量评价标准", "行政权力清单",
]


@pytest.mark.parametrize("pattern", SUFFIX_PATTERNS)
def test_every_suffix_pattern_has_an_example_title_it_classifies(pattern):
    """Each ending in the data file earns its place: some example title is a regulation because of it."""
    from kg.resolve.regulations import classify

    regex = re.compile(pattern)
    matched = [t for t in SUFFIX_EXAMPLES if regex.search(t)]
    assert matched, f"no example title ends with {pattern!r}: add one to SUFFIX_EXAMPLES"
    assert all(classify(t) == "regulation" for t in matched), [(t, classify(t)) for t in matched]


NON_REGULATION_PATTERNS = [(re.compile(r["pattern"]), r["kind"]) for r in NR_ROWS]
SUFFIX_RES = [re.compile(p) for p in SUFFIX_PATTERNS]


@pytest.mark.parametrize("row", ROWS, ids=_row_id)
def test_registry_titles_are_recognised_as_regulations(row):
    assert any(p.search(row["title"]) for p in SUFFIX_RES), "no positive suffix matches"
    hits = [kind for p, kind in NON_REGULATION_PATTERNS if p.search(row["title"])]
    assert not hits, f"non-regulation pattern(s) {hits} match a real title"


NON_REGULATION_EXAMPLES = [
    ("信访工作台账", "ledger"),
    ("来访人员登记表", "form"),
    ("信访事项交办单", "form"),
    ("信访事项督办函", "letter"),
    ("不予受理告知书", "letter"),
    ("法治大讲堂", "course"),
    ("普法读本", "reader"),
    ("法律法规汇编", "book"),
    ("法治日报", "newspaper"),
    ("普法微信公众号", "media"),
    ("“八五”普法，我们在行动", "theme"),
    ("宪法宣传周", "theme"),
    ("2023年度法治政府建设工作报告", "report"),
]


@pytest.mark.parametrize("title,kind", NON_REGULATION_EXAMPLES, ids=[t for t, _ in NON_REGULATION_EXAMPLES])
def test_non_regulation_examples(title, kind):
    assert kind in [k for p, k in NON_REGULATION_PATTERNS if p.search(title)]


REGULATION_EXAMPLES = [
    "中华人民共和国预算法",
    "中华人民共和国行政诉讼法（2017年修正）",
    "法治政府建设实施纲要(2021-2025年)",
    "某县重大行政决策程序规定（试行）",
    "某县行政执法责任清单",
    "2024年度普法工作要点",
    "县委理论学习中心组2024年学习计划",
]


@pytest.mark.parametrize("title", REGULATION_EXAMPLES)
def test_regulation_examples(title):
    assert any(p.search(title) for p in SUFFIX_RES)
    assert not [k for p, k in NON_REGULATION_PATTERNS if p.search(title)]
