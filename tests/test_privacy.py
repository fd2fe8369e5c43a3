"""Privacy by default: a person's name reaches an output only as an official's. Every other personal name — named
with a marker word (信访人, 上访户 …) or without any (someone who visited, complained, was helped, was quoted, signed a
byline, was counted in a list) — is masked in every output, file names included; places, bodies, common words and
officials stay whole."""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from conftest import run_kg as kg

import kg as api
from kg.batch.cache import Cache

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
HEAD = "宁阳县信访局关于2023年法治政府建设情况的报告\n"
# The words that (old list or new) mark a person as private: the fixture sentences must name people without them.
MARKER_WORDS = ("信访人 上访人 来访人 来信人 访民 当事人 申请人 投诉人 举报人 反映人 求助人 信访老户 老上访户 上访户 信访户 缠访户 "
                "闹访户 上访者 信访者 来访者 上访人员 信访人员 来访人员 重复访人员 群众 村民 居民 市民 职工 农民工 农民 家属 患者 业主").split()
# Wrongly masked non-names (places, bodies, common words, officials) measured on the fixtures: none.
FALSE_MASK_BOUND = 0


def _rows(name: str) -> list[dict]:
    lines = [l for l in (FIXTURES / name).read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    return [{k: (v.split("|") if v else []) if k != "sentence" else v for k, v in row.items()}
            for row in csv.DictReader(lines, delimiter="\t")]


PRIVATE = _rows("private_persons.tsv")
NOT_NAMES = _rows("not_names.tsv")

# A made-up report in which private persons are named next to things kg extracts (a regulation, figures,
# a campaign, a body), so that their names sit inside evidence sentences, figure names and labels.
PETITION_REPORT = """\
宁阳县信访局关于2023年法治政府建设情况的报告

县委、县政府：
2023年，我局依据《信访工作条例》，对信访人张某某、李某反映的问题开展复查，化解信访积案3件。
局长王建国带队约访了王强、赵某等信访老户12人次，开展“信访积案化解攻坚”专项行动。
群众刘某某到县信访局反映诉求，县司法局提供法律援助5次。
信访人陈立新多次到省上访，我局依照《信访工作条例》第十四条依法处理。
"""
NAMES = ("张某某", "李某", "王强", "赵某", "刘某某", "陈立新")


def masked_text(sentence: str) -> str:
    return api.extract_text(HEAD + sentence).report.text[len(HEAD):]


def test_privacy_fixture_sentences_name_people_without_marker_words():
    assert len(PRIVATE) >= 40
    with_markers = [(r["sentence"], w) for r in PRIVATE for w in MARKER_WORDS if w in r["sentence"]]
    assert not with_markers
    assert all(r["private"] for r in PRIVATE)
    assert sum(bool(r["officials"]) for r in PRIVATE) >= 40  # mixed with officials (and places: every row)


@pytest.mark.parametrize("row", PRIVATE, ids=lambda r: "|".join(r["private"]))
def test_privacy_masks_private_persons_named_without_markers_and_keeps_officials(row):
    ex = api.extract_text(HEAD + row["sentence"])
    text = ex.report.text
    assert not [n for n in row["private"] if n in text], text
    assert {o.name for o in ex.officials} >= set(row["officials"])
    assert all(o in text for o in row["officials"])  # an official's name is never masked
    assert ex.private_persons >= len(row["private"])


def test_privacy_false_masks_of_non_names_are_counted_and_bounded(capsys):
    """Nothing in the sentences without private persons may be masked, nor any official in the others."""
    false = []
    for row in NOT_NAMES:
        text = masked_text(row["sentence"])
        masked = len(re.findall("某+", text)) - len(re.findall("某+", row["sentence"]))
        false += [(row["sentence"], text)] * masked
        false += [(w, text) for w in row["kept"] if w not in text]
    for row in PRIVATE:
        text = masked_text(row["sentence"])
        false += [(o, text) for o in row["officials"] if o not in text]
    with capsys.disabled():
        print(f"\nwrongly masked non-names: {len(false)} (places, bodies, common words, officials in "
              f"{len(NOT_NAMES)} + {len(PRIVATE)} sentences; bound {FALSE_MASK_BOUND})")
    assert len(false) <= FALSE_MASK_BOUND, false


@pytest.mark.parametrize("sentence, name", [
    ("上访户高峰多次到县信访局反映问题。", "高峰"),          # a name that is also a word: the marker decides
    ("来信人白雪反映的问题已办结。", "白雪"),
    ("信访群众海燕到局反映诉求。", "海燕"),
    ("信访户刘长江的诉求已解决。", "刘长江"),
    ("王德胜（上访人员）已签订息访协议。", "王德胜"),
    ("重复访人员孙桂芝签订了息访协议。", "孙桂芝"),
    ("上访者周大勇表示满意。", "周大勇"),
    ("信访当事人钱玉梅对结果表示满意。", "钱玉梅"),
    ("约访了白雪等信访老户。", "白雪"),
    ("信访人邱\u202e小二反映的问题已办结。", "邱小二"),        # a right-to-left override inside the name
    ("群众王\u200b德贵说问题解决了。", "王德贵"),              # a zero-width space inside the name
])
def test_privacy_masks_names_after_the_markers_the_old_list_lacked_and_through_invisible_characters(sentence, name):
    ex = api.extract_text(HEAD + sentence)
    shown = re.sub(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2069]", "", ex.report.text)
    assert name not in shown and ex.private_persons == 1
    read = api.extract_text(HEAD + sentence, private_names=True).report.text
    assert len(ex.report.text) == len(read)  # masked character for character: offsets stay valid


def test_privacy_masks_private_names_but_keeps_offsets_and_id():
    kept = api.extract_text(PETITION_REPORT, private_names=True)
    masked = api.extract_text(PETITION_REPORT)
    assert len(masked.report.text) == len(kept.report.text) and masked.report.id == kept.report.id
    assert not any(n in masked.report.text for n in NAMES)
    assert "某某某" in masked.report.text and "王建国" in masked.report.text  # the official stays
    assert [o.name for o in masked.officials] == ["王建国"]
    assert not any(n in str(masked.to_json()) for n in NAMES)
    assert kept.private_persons == masked.private_persons == len(NAMES)


@pytest.mark.parametrize("text, private", [
    ("局长张某某带队检查。", {"张某某"}),                  # a redacted name is never an official: it is private
    ("信访人张某某、李某反映的问题已办结。", {"张某某", "李某"}),
    ("约访了王强、赵某等信访老户12人次。", {"王强", "赵某"}),
    ("约访曹某勇和靳某刚等信访人。", {"曹某勇", "靳某刚"}),
    ("群众刘某某到县信访局反映诉求。", {"刘某某"}),
    ("上访人陈立新多次到省上访。", {"陈立新"}),
    ("县委书记吴滨接待了来访的周建国。", {"周建国"}),
    ("我局坚持依法行政，高度重视信访工作。", set()),
])
def test_privacy_counts_private_persons_and_never_makes_them_officials(text, private):
    ex = api.extract_text(HEAD + text, private_names=True)
    assert not [o for o in ex.officials if "某" in o.name or o.name in private]
    assert ex.private_persons == len(private)
    masked = api.extract_text(HEAD + text).report.text
    assert not any(name in masked for name in private)


@pytest.mark.parametrize("path, shown", [
    ("信访人邱小二反映材料.txt", "信访人某某某反映材料.txt"),
    ("reports/王德贵的来信.docx", "reports/某某某的来信.docx"),
    ("李秀英.txt", "某某某.txt"),
    ("宁阳县信访局2023年法治政府建设情况的报告.txt", "宁阳县信访局2023年法治政府建设情况的报告.txt"),
    ("高度重视信访工作.txt", "高度重视信访工作.txt"),
    ("泰安市人民政府2022年度报告.pdf", "泰安市人民政府2022年度报告.pdf"),
    ("d113.txt", "d113.txt"),
])
def test_privacy_masks_names_in_file_names(path, shown):
    import kg
    from kg.nlp.privacy import mask_path

    assert mask_path(path) == shown
    report = kg.extract_text("宁阳县信访局关于2023年法治政府建设情况的报告", path=path).report
    assert report.display_path == shown
    assert report.file == Path(shown).name
    kept = kg.extract_text("宁阳县信访局关于2023年法治政府建设情况的报告", path=path, private_names=True).report
    assert kept.display_path == path  # --private-names


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    """Reports made of the fixture sentences (those with private persons and those without), one of them under a
    file name that names a petitioner, one empty file that names one (skipped) and a copy under another name."""
    d = tmp_path_factory.mktemp("private_corpus")
    rows = PRIVATE + NOT_NAMES
    for i in range(0, len(rows), 24):
        body = "\n".join(r["sentence"] for r in rows[i:i + 24])
        (d / f"宁阳{i // 24 + 1}.txt").write_text(HEAD + "\n" + body + "\n", encoding="utf-8")
    (d / "信访人邱小二反映材料.txt").write_text(PETITION_REPORT, encoding="utf-8")
    (d / "王德贵的来信.txt").write_text("", encoding="utf-8")
    (d / "李秀英材料.txt").write_text(PETITION_REPORT, encoding="utf-8")
    return d


def test_no_output_of_build_extract_query_or_cites_names_a_private_person(corpus_dir, tmp_path):
    out = tmp_path / "out"
    runs = [kg("build", corpus_dir, "-o", out, "--format", "all"), kg("extract", corpus_dir, "--jsonl")]
    runs += [kg("query", name, "--graph", out, "--format", "json") for name in
             ("regulations_by_county", "figures_by_county_and_year", "campaigns_by_county", "officials_by_organisation")]
    runs += [kg("query", "SELECT ?s ?o WHERE { ?s dcterms:source ?o }", "--graph", out, "--format", "csv"),
             kg("cites", "宁阳县", "--graph", out)]
    assert [r.returncode for r in runs[:2]] == [1, 1]  # the empty file is skipped, the rest is built
    assert all(r.returncode == 0 for r in runs[2:]), [r.stderr for r in runs[2:] if r.returncode]
    files = [p for p in out.rglob("*") if p.is_file()]
    assert any(".kg-cache" in p.parts for p in files) and any("store" in p.parts for p in files)
    texts = {str(p.relative_to(out)): (Cache.decode(p.read_bytes()) if ".kg-cache" in p.parts else p.read_bytes())
             .decode("utf-8", errors="replace") for p in files}  # cache entries are compressed: read as JSON
    texts |= {f"stdout {i}": r.stdout for i, r in enumerate(runs)} | {f"stderr {i}": r.stderr for i, r in enumerate(runs)}
    private = {n for r in PRIVATE for n in r["private"]} | set(NAMES) | {"邱小二", "王德贵", "李秀英"}
    assert not {(where, n) for where, text in texts.items() for n in private if n in text}
    assert "skipped" in runs[0].stderr and "某某某的来信.txt" in runs[0].stderr
    assert "信访人某某某反映材料.txt" in texts["graph.nq"]  # dcterms:source, masked
    extracted = [json.loads(line) for line in runs[1].stdout.splitlines()]
    officials = {o["name"] for ex in extracted for o in ex["officials"]}
    assert officials >= {o for r in PRIVATE for o in r["officials"]}  # every official kept
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["private_names_masked"] == {
        "names": sum(ex["private_persons"] for ex in extracted), "reports": sum(ex["private_persons"] > 0 for ex in
                                                                              extracted)}
    per_file = {ex["file"]: ex["private_persons"] for ex in extracted}
    assert per_file["宁阳1.txt"] == len({n for r in (PRIVATE + NOT_NAMES)[:24] for n in r["private"]})


def test_the_private_names_flag_is_an_explicit_opt_in(corpus_dir, tmp_path):
    res = kg("build", corpus_dir, "-o", tmp_path / "out", "--private-names")
    assert res.returncode == 1, res.stderr  # the empty file
    nq = "".join(p.read_text(encoding="utf-8") for p in sorted((tmp_path / "out" / "rdf").glob("*.nq")))
    assert any(n in nq for n in NAMES) and "信访人邱小二反映材料.txt" in nq
