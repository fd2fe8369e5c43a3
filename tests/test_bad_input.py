"""Bad input never costs good output: every file that cannot be read gets one line (path and reason), the rest
of the batch is built, duplicates count once, and the exit code says how it went (0 all read, 1 some files
failed, 2 nothing usable). Every fixture is made here, in temporary folders; nothing big is committed."""
from __future__ import annotations

import json
import os
import random
import re
import shutil
import stat
import subprocess
import sys
import time
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from kg.cli import EXAMPLES as CLI_EXAMPLES
from kg.errors import IngestError
from kg.config import Limits
from kg.ingest import Report, iter_reports, read_report

from test_ingest_formats import make_docx, make_html, make_pdf
from conftest import run_kg as kg
from conftest import run_kg_here as kg_here

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = CLI_EXAMPLES  # the bundled examples `kg build` reads by default
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"


def variant(text: str, n: int) -> str:
    """The sample report with another figure: a different report (another id), read the same way."""
    return text.replace("1200件", f"{1200 + n}件")


# -- files that cannot be read -----------------------------------------------------------------------------
# Each maker creates the entry at `path` and returns False when this machine cannot make it unreadable.

def _bytes(data):
    def make(path: Path, text: str) -> bool:
        path.write_bytes(data(text) if callable(data) else data)
        return True
    return make


def _binary(text: str) -> bytes:
    rng = random.Random(7)
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(4096))


def _fifty_megabytes(path: Path, text: str) -> bool:
    line = text.encode("utf-8")
    with path.open("wb") as fh:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    return True


NAV_ONLY_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>宁阳县人民政府</title>
<script>{script}</script></head><body>
<div class="top">{links}</div><ul>{items}</ul><div>{links}</div>
<script>{script}</script></body></html>"""


def _nav_only_html(text: str) -> bytes:
    links = "".join(f'<a href="/c/{i}.html">政务公开栏目{i}</a>' for i in range(80))
    items = "".join(f'<li><a href="/n/{i}.html">关于做好第{i}批信访事项办理工作的通知</a></li>' for i in range(60))
    script = "var menu = ['首页', '政务公开', '互动交流'];" * 200
    return NAV_ONLY_PAGE.format(links=links, items=items, script=script).encode("utf-8")


def _symlink_loop(path: Path, text: str) -> bool:
    path.symlink_to(path.name)  # a link to itself: opening it loops
    return True


def _dangling_symlink(path: Path, text: str) -> bool:
    path.symlink_to(path.parent / "没有这个目标.txt")
    return True


def _fifo(path: Path, text: str) -> bool:
    if not hasattr(os, "mkfifo"):
        return False
    os.mkfifo(path)  # reading it would wait for a writer forever
    return True


def _no_permission(path: Path, text: str) -> bool:
    """chmod 000. Root (and CAP_DAC_OVERRIDE) reads such a file anyway: then there is nothing to test, and the
    FIFO and dangling-link cases stand for unreadable directory entries."""
    path.write_bytes(text.encode("utf-8"))
    path.chmod(0)
    try:
        path.open("rb").close()
    except PermissionError:
        return True
    path.chmod(stat.S_IWUSR)
    path.unlink()
    return False


# name, file name, maker, what the reason says
UNREADABLE = [
    ("empty", "空的 报告.txt", _bytes(b""), r"empty"),
    ("brackets_in_name", "报告[草稿] [bold]x[red].txt", _bytes(b" \n\n"), r"empty"),
    ("binary_named_txt", "image.txt", _bytes(_binary), r"binary"),
    ("truncated_docx", "截断 报告.docx", _bytes(lambda t: make_docx(t)[:4000]), r"docx.*cut short"),
    ("truncated_pdf", "截断 报告.pdf", _bytes(lambda t: (p := make_pdf(t))[:len(p) // 2]), r"pdf.*cut short"),
    ("html_of_navigation_only", "栏目 首页.html", _bytes(_nav_only_html), r"no report text|links"),
    ("fifty_megabytes", "大文件 50MB.txt", _fifty_megabytes, r"too large.*50 MB"),
    ("symlink_loop", "loop.txt", _symlink_loop, r"link.*loop|symbolic links"),
    ("dangling_symlink", "断开的链接.txt", _dangling_symlink, r"broken link"),
    ("fifo", "pipe.txt", _fifo, r"not a regular file"),
    ("no_permission", "locked.txt", _no_permission, r"permission denied"),
]


# -- files that are hard to read but must be read --------------------------------------------------------

TRADITIONAL = {"信访": "信訪", "条例": "條例", "办结": "辦結", "纠纷": "糾紛", "坚强领导": "堅強領導"}


def traditional_mix(text: str) -> str:
    """The report with some words in traditional characters, as when a paragraph was pasted from elsewhere."""
    for simple, trad in TRADITIONAL.items():
        text = text.replace(simple, trad, 2)  # the first two of each; the rest stay simplified
    return text


RARE = "联系人：王𬍛\n"  # a character outside GBK: only GB18030 holds it


def _nav_heavy_html(text: str) -> bytes:
    page = make_html(text).decode("utf-8")
    noise = "".join(f'<li><a href="/l/{i}">导航链接{i}</a></li>' for i in range(300))
    script = "<script>" + "var tracker = {site: '宁阳', id: 1};" * 500 + "</script>"
    page = page.replace("<body>", f"<body>{script}<ul class='list'>{noise}</ul>{script}")
    return page.replace("</body>", f"<ul>{noise}</ul>{script}</body>").encode("utf-8")


NO_ENTITIES = "今天天气很好，我们去公园散步。\n大家都很高兴，傍晚才回家。\n"

# name, file name, bytes from the (variant) sample text, a sentence the text must hold (as written)
READABLE = [
    ("gbk", "gbk 报告.txt", lambda t: t.encode("gbk"), "全年共受理信访事项"),
    ("gb18030_four_byte", "gb18030.txt", lambda t: (t + RARE).encode("gb18030"), RARE.strip()),
    ("utf16le_bom", "utf16le bom.txt", lambda t: t.encode("utf-16"), "化解信访积案35件"),
    ("utf16be_bom", "utf16be bom.txt", lambda t: b"\xfe\xff" + t.encode("utf-16-be"), "化解信访积案35件"),
    ("utf16le_no_bom", "utf16le.txt", lambda t: t.encode("utf-16-le"), "化解信访积案35件"),
    ("utf16be_no_bom", "utf16be.txt", lambda t: t.encode("utf-16-be"), "化解信访积案35件"),
    ("traditional_mix_utf8", "繁简混排.txt", lambda t: traditional_mix(t).encode("utf-8"), "信訪工作條例"),
    ("traditional_mix_gb18030", "繁简混排 gbk.txt", lambda t: traditional_mix(t).encode("gb18030"), "信訪工作條例"),
    ("html_mostly_navigation_and_script", "网页 报告.html", _nav_heavy_html, "化解信访积案35件"),
    ("no_entities", "没有实体.txt", lambda t: NO_ENTITIES.encode("utf-8"), "傍晚才回家"),
    ("spaces_and_chinese_name", "宁阳县 信访局 2023年 法治政府建设报告（终稿）.txt",
     lambda t: t.encode("utf-8"), "化解信访积案35件"),
]
DUPLICATE = ("副本 of 宁阳县 信访局 报告.txt", "spaces_and_chinese_name")  # a second name for one report


@pytest.mark.parametrize("name, filename, make, pattern", UNREADABLE, ids=[c[0] for c in UNREADABLE])
def test_bad_input_file_fails_with_one_line_reason(tmp_path, sample_report_text, name, filename, make, pattern):
    path = tmp_path / filename
    if not make(path, sample_report_text):
        pytest.skip("this machine cannot make that entry unreadable (running as root: chmod 000 does not stop "
                    "reading); the fifo and dangling-link cases cover unreadable entries")

    t0 = time.perf_counter()
    with pytest.raises(IngestError) as info:
        read_report(path)

    assert time.perf_counter() - t0 < 5
    exc = info.value
    assert exc.path == str(path) and str(exc).startswith(str(path))
    assert exc.reason and "\n" not in exc.reason and len(exc.reason) < 200
    assert re.search(pattern, exc.reason), exc.reason


SPECIAL = [c for c in UNREADABLE if c[0] in ("symlink_loop", "dangling_symlink", "fifo", "fifty_megabytes")]


@pytest.mark.parametrize("name, filename, make, pattern", SPECIAL, ids=[c[0] for c in SPECIAL])
def test_bad_input_entry_named_on_the_command_line_fails_with_its_own_reason(tmp_path, sample_report_text, name,
                                                                           filename, make, pattern):
    path = tmp_path / filename
    assert make(path, sample_report_text)

    [item] = list(iter_reports([path]))

    assert isinstance(item, IngestError) and item.path == str(path)
    assert re.search(pattern, item.reason), item.reason


@pytest.mark.parametrize("name, filename, make, sentence", READABLE, ids=[c[0] for c in READABLE])
def test_bad_input_hard_file_is_read_faithfully(tmp_path, sample_report_text, name, filename, make, sentence):
    path = tmp_path / filename
    path.write_bytes(make(sample_report_text))

    report = read_report(path)

    assert isinstance(report, Report) and report.file == filename
    assert sentence in report.text
    assert "\ufffd" not in report.text and "\x00" not in report.text and "\ufeff" not in report.text
    for noise in ("导航链接", "tracker", "首页"):
        assert noise not in report.text


def _cut_last_character(data: bytes) -> bytes:
    return data.rstrip(b"\r\n")[:-1]  # the file ends after the first byte of its last character


def _one_bad_byte(data: bytes) -> bytes:
    i = len(data) // 2
    return data[:i] + b"\xff" + data[i + 1:]


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "gb18030", "utf-16-le", "utf-16"])
@pytest.mark.parametrize("damage", [_cut_last_character, _one_bad_byte], ids=["cut_last_character", "one_bad_byte"])
def test_bad_input_damaged_bytes_cost_only_their_characters(tmp_path, sample_report_text, encoding, damage):
    path = tmp_path / "damaged.txt"
    path.write_bytes(damage(sample_report_text.encode(encoding)))

    report = read_report(path)

    assert report.text.startswith("宁阳县信访局关于2023年法治政府建设情况的报告")
    assert "宁阳县信访局\n2024年1月1" in report.text
    kept = sum(b.size for b in SequenceMatcher(None, sample_report_text, report.text, autojunk=False)
               .get_matching_blocks())
    assert len(sample_report_text) - kept <= 2  # the damaged character (and the line break cut with it)


def test_bad_input_report_with_no_entities_is_a_report_not_a_failure(tmp_path):
    (tmp_path / "r.txt").write_text(NO_ENTITIES, encoding="utf-8")

    res = kg_here("build", tmp_path, "-o", tmp_path / "out")

    assert res.returncode == 0, res.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["reports"] == 1 and summary["failed"] == 0


def test_bad_input_report_that_trips_an_extractor_fails_alone(tmp_path, sample_report_text):
    from spacy.language import Language

    from kg.api import iter_extractions
    from kg.errors import ExtractionError
    from kg.nlp import make_nlp

    if "kg_test_trips_on_marker" not in Language.factories:
        @Language.component("kg_test_trips_on_marker")
        def trips(doc):  # a rule with a bug that only this report's text reaches
            if "绊倒" in doc.text:
                raise ValueError("a rule tripped")
            return doc
    nlp = make_nlp()
    nlp.add_pipe("kg_test_trips_on_marker")
    config = tmp_path / "pipeline.cfg"
    config.write_text(nlp.config.to_str(), encoding="utf-8")  # a user's pipeline, as `kg config` prints it
    (tmp_path / "a.txt").write_text(sample_report_text + "绊倒\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(sample_report_text, encoding="utf-8")

    first, second = iter_extractions([tmp_path / "a.txt", tmp_path / "b.txt"], pipeline=str(config))

    assert isinstance(first, ExtractionError) and first.path == str(tmp_path / "a.txt")
    assert first.reason == "[E127] extraction failed (ValueError: a rule tripped)"
    assert second.report.path == str(tmp_path / "b.txt") and second.regulations


def test_bad_input_size_limits_are_documented_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")

    assert f"{Limits().max_bytes // 2**20} MB" in readme
    assert f"{Limits().max_chars:,}" in readme


def test_bad_input_text_over_the_character_limit_fails_without_extraction(tmp_path, sample_report_text):
    path = tmp_path / "长文.txt"
    chars = sample_report_text * (Limits().max_chars // len(sample_report_text) + 1)
    path.write_text(chars, encoding="utf-8")
    assert path.stat().st_size < Limits().max_bytes

    with pytest.raises(IngestError) as info:
        read_report(path)

    assert re.search(r"too long.*characters", info.value.reason), info.value.reason


# -- a whole batch -----------------------------------------------------------------------------------------


def fill_with_bad_inputs(folder: Path, text: str) -> tuple[list[Path], list[Path]]:
    """Write every unreadable and every hard-but-readable fixture into `folder` (a subfolder `bad/`, the rest at
    the top); return (paths that must fail, paths that must be read)."""
    bad, good = [], []
    (folder / "bad").mkdir(parents=True)
    for _, filename, make, _ in UNREADABLE:
        path = folder / "bad" / filename
        if make(path, text):
            bad.append(path)
    for i, (_, filename, make, _) in enumerate(READABLE):
        path = folder / filename
        path.write_bytes(make(variant(text, i)))
        good.append(path)
    twin = dict((c[0], c[1]) for c in READABLE)[DUPLICATE[1]]
    shutil.copyfile(folder / twin, folder / DUPLICATE[0])
    (folder / "loops").mkdir()
    (folder / "loops" / "up").symlink_to(folder, target_is_directory=True)  # a folder loop: walked once
    return bad, good


def _sources():
    return [pytest.param(EXAMPLES, id="examples"),
            pytest.param(SEEDS, id="seeds", marks=pytest.mark.skipif(
                not SEEDS.is_dir(), reason=f"no seed corpus at {SEEDS}"))]


@pytest.fixture(scope="module")
def bad_batch(tmp_path_factory, sample_report_text):
    folder = tmp_path_factory.mktemp("bad batch")
    bad, good = fill_with_bad_inputs(folder, sample_report_text)
    yield folder, bad, good
    for path in bad:
        if not path.is_symlink() and path.exists():
            path.chmod(0o644)


def _failure_lines(stderr: str, path: Path) -> list[str]:
    return [line for line in stderr.splitlines() if str(path) in line]


@pytest.mark.parametrize("source", _sources())
def test_bad_input_batch_builds_the_good_reports_and_exits_1(bad_batch, tmp_path, source):
    folder, bad, good = bad_batch
    reports = sorted(p for p in source.iterdir() if p.suffix == ".txt")
    out = tmp_path / "out"

    res = kg("build", folder, source, "-o", out)

    assert res.returncode == 1, res.stderr
    assert "Traceback" not in res.stderr
    for path in bad:  # one line each: its path and the reason
        lines = _failure_lines(res.stderr, path)
        assert len(lines) == 1, (path, res.stderr)
        reason = dict((c[1], c[3]) for c in UNREADABLE)[path.name]
        assert re.search(reason, lines[0]), lines[0]
    assert sum(1 for line in res.stderr.splitlines() if line.startswith("skipped")) == len(bad)
    assert len(_failure_lines(res.stderr, folder / DUPLICATE[0])) == 1  # said once, as a duplicate
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["failed"] == len(bad)
    assert summary["duplicates"] == 1
    assert summary["reports"] == len(good) + len(reports)
    assert re.search(rf"failed\D+{len(bad)}\b", res.stdout) and re.search(r"duplicates\D+1\b", res.stdout)

    from rdflib import URIRef

    from kg import load_graph
    from kg.rdf import mint

    graph = load_graph(out)
    subjects = set(graph.subjects())
    for path in [*reports, *good]:
        assert URIRef(mint.report(read_report(path).id)) in subjects, f"{path.name} is not in the graph"


def test_bad_input_extract_prints_good_reports_once_and_a_line_per_bad_file(bad_batch):
    folder, bad, good = bad_batch

    res = kg("extract", folder, "--jsonl", "--no-evidence")

    assert res.returncode == 1, res.stderr
    assert "Traceback" not in res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert sorted(r["id"] for r in rows) == sorted(read_report(p).id for p in good)  # each report once
    for path in bad:
        assert len(_failure_lines(res.stderr, path)) == 1, (path, res.stderr)
    twin = folder / dict((c[0], c[1]) for c in READABLE)[DUPLICATE[1]]
    [line] = [line for line in res.stderr.splitlines() if line.startswith("duplicate")]
    assert DUPLICATE[0] in line and twin.name in line


@pytest.mark.parametrize("files, code", [
    ({"good.txt": "report"}, 0),
    ({"good.txt": "report", "copy.txt": "report"}, 0),  # a duplicate is not a failure
    ({"good.txt": "report", "empty.txt": ""}, 1),
    ({"empty.txt": "", "blank.txt": " \n"}, 2),
    ({}, 2),  # an empty folder
], ids=["all_read", "duplicate_only", "some_failed", "nothing_usable", "empty_folder"])
def test_bad_input_exit_code_says_how_the_batch_went(tmp_path, sample_report_text, files, code):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, content in files.items():
        (folder / name).write_text(sample_report_text if content == "report" else content, encoding="utf-8")

    res = kg_here("build", folder, "-o", tmp_path / "out")

    assert res.returncode == code, res.stderr
    assert "Traceback" not in res.stderr
    for name, content in files.items():
        if content != "report":
            assert len(_failure_lines(res.stderr, folder / name)) == 1, res.stderr
    assert (tmp_path / "out" / "graph.trig").exists() == (code < 2)


def test_bad_input_unwritable_output_is_a_message_and_exit_2(tmp_path, sample_report_text):
    (tmp_path / "r.txt").write_text(sample_report_text, encoding="utf-8")
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder", encoding="utf-8")

    res = kg_here("build", tmp_path / "r.txt", "-o", blocked / "out")

    assert res.returncode == 2
    assert "cannot write" in res.stderr and str(blocked) in res.stderr and "Traceback" not in res.stderr
    assert blocked.read_text(encoding="utf-8") == "not a folder"
