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

HEADER = ["title", "short_forms", "issuer", "level", "adopted", "in_force", "status", "replaced_by"]
LEVELS = {"宪法", "法律", "行政法规", "党内法规", "规范性文件", "部门规章", "司法解释"}
STATUSES = {"in_force", "repealed"}
KINDS = {"ledger", "letter", "course", "theme", "reader", "newspaper", "book", "media", "form", "report"}
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
    head = "\n".join(REGISTRY.read_text(encoding="utf-8").splitlines()[:15])
    assert "flk.npc.gov.cn" in head and "LawRefBook/Laws" in head


def test_row_count():
    assert 120 <= len(ROWS) <= 300


@pytest.mark.parametrize("row", ROWS, ids=_row_id)
def test_row_shape(row):
    assert None not in row, f"extra tab-separated fields in {row.get('title')!r}"
    assert all(row[c] is not None for c in HEADER), "missing columns"
    assert all(v == v.strip() for v in row.values()), "stray whitespace"
    for col in ("title", "issuer", "level", "status"):
        assert row[col], f"empty {col}"
    assert row["level"] in LEVELS
    assert row["status"] in STATUSES
    assert "《" not in row["title"] and "》" not in row["title"]


@pytest.mark.parametrize("row", ROWS, ids=_row_id)
def test_dates(row):
    parsed = {}
    for col in ("adopted", "in_force"):
        value = row[col]
        if value:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), f"{col}={value!r} is not YYYY-MM-DD"
            parsed[col] = dt.date.fromisoformat(value)  # raises on impossible dates
            assert dt.date(1949, 10, 1) <= parsed[col] <= dt.date(2030, 12, 31)
    if len(parsed) == 2:
        assert parsed["adopted"] <= parsed["in_force"]


@pytest.mark.parametrize("row", ROWS, ids=_row_id)
def test_replaced_by(row):
    if row["status"] == "repealed":
        assert row["replaced_by"], "a repealed row names its replacement"
    if row["replaced_by"]:
        assert row["replaced_by"] in BY_TITLE, f"unknown replacement {row['replaced_by']!r}"
        assert row["replaced_by"] != row["title"]
        assert BY_TITLE[row["replaced_by"]]["status"] == "in_force" or BY_TITLE[row["replaced_by"]]["replaced_by"]


@pytest.mark.parametrize("row", ROWS, ids=_row_id)
def test_law_titles_carry_prc_prefix(row):
    if row["level"] == "法律":
        assert row["title"].startswith("中华人民共和国")
        assert row["issuer"] in {"全国人民代表大会", "全国人民代表大会常务委员会"}


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
    # title, issuer, status, replaced_by, adopted prefix, in_force
    ("信访条例", "国务院", "repealed", "信访工作条例", "2005", None),
    ("信访工作条例", "中共中央、国务院", "in_force", "", None, "2022-05-01"),
    ("法治政府建设实施纲要（2021—2025年）", "中共中央、国务院", "in_force", "", "2021", None),
    ("法治政府建设实施纲要（2015—2020年）", "中共中央、国务院", None, None, "2015", None),
    ("中华人民共和国民法典", "全国人民代表大会", "in_force", "", "2020-05-28", "2021-01-01"),
    ("中华人民共和国宪法", "全国人民代表大会", "in_force", "", None, None),
    ("中华人民共和国行政复议法", None, "in_force", "", "2023", "2024-01-01"),
    ("全面推进依法行政实施纲要", "国务院", None, None, "2004", None),
    ("中国共产党章程", None, "in_force", "", None, None),
]


@pytest.mark.parametrize("title,issuer,status,replaced_by,adopted,in_force", REQUIRED, ids=[r[0] for r in REQUIRED])
def test_required_rows(title, issuer, status, replaced_by, adopted, in_force):
    assert title in BY_TITLE, f"missing {title}"
    row = BY_TITLE[title]
    if issuer is not None:
        assert row["issuer"] == issuer
    if status is not None:
        assert row["status"] == status
    if replaced_by is not None:
        assert row["replaced_by"] == replaced_by
    if adopted is not None:
        assert row["adopted"].startswith(adopted)
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


@pytest.mark.parametrize("pattern", SUFFIX_PATTERNS)
def test_suffix_patterns_compile(pattern):
    re.compile(pattern)


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
