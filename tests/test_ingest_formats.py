"""Ingestion of report files: every format and encoding gives the same text and metadata; bad files give
readable errors; folders are walked safely; offsets map back to the source."""
from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import IngestError
from kg.ingest import Report, iter_reports, read_report, report_from_text
from kg.ingest.formats import read_docx
from kg.ingest.text import clean
from kg.nlp.meta import extract_metadata

KEY_SENTENCES = (
    "宁阳县信访局关于2023年法治政府建设情况的报告",
    "认真贯彻落实《信访工作条例》",
    "全年共受理信访事项1200件",
    "化解信访积案35件",
)
ARTEFACT = "[bookmark: _GoBack]"
RARE = "联系人：王𬍛"  # a name with a character outside GBK: only GB18030 (four bytes) can hold it

# -- making files ------------------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def make_docx(text: str, artefact: bool = True) -> bytes:
    """A Word file: one paragraph a line, a Word bookmark, a literal converter artefact and a table."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.oxml import OxmlElement

    doc = Document()
    lines = _lines(text)
    for i, line in enumerate(lines):
        para = doc.add_paragraph()
        if artefact and i == 2:  # the artefact in the middle of a body paragraph
            half = len(line) // 2
            para.add_run(line[:half])
            para.add_run(ARTEFACT)
            para.add_run(line[half:])
            mark = OxmlElement("w:bookmarkStart")
            mark.set(qn("w:id"), "0")
            mark.set(qn("w:name"), "_GoBack")
            para._p.append(mark)
        else:
            para.add_run(line)
        if i == 6:
            table = doc.add_table(rows=2, cols=2)
            table.cell(0, 0).text, table.cell(0, 1).text = "指标", "数量"
            table.cell(1, 0).text = "信访事项受理量" + (ARTEFACT if artefact else "")
            table.cell(1, 1).text = "1200件"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def make_pdf(text: str, width: int = 30) -> bytes:
    """A two-page PDF with a CJK font that needs no font file; long lines wrap, pages carry page numbers."""
    pytest.importorskip("reportlab", reason="reportlab (test extra) makes the PDF fixtures")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    rows = [line[i:i + width] for line in _lines(text) for i in range(0, len(line), width)]
    pages = (rows[:len(rows) // 2 + 1], rows[len(rows) // 2 + 1:])
    for number, page in enumerate(pages, 1):
        pdf.setFont("STSong-Light", 12)
        y = 800
        for row in page:
            pdf.drawString(40, y, row)
            y -= 18
        pdf.drawString(280, 30, f"— {number} —")
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def make_encrypted_pdf(text: str, user_password: str = "", algorithm: str = "RC4-128") -> bytes:
    """A PDF locked with an owner password (copy and print restrictions) and, optionally, a user password."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(text))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def make_html(text: str, charset: str = "utf-8", meta: str = "charset", lines_as: str = "p",
              heading: bool = True) -> bytes:
    """A government web page: header, navigation, menu, breadcrumbs, sidebar, scripts and footer round the body.

    lines_as: "p" (a paragraph a line) or "br" (one block, lines broken by <br>, indented with &nbsp;);
    heading: whether the page shows the title as a heading (else only <title> has it, with the site's name).
    """
    lines = _lines(text)
    if lines_as == "p":
        body = "\n".join(f"<p>{line}</p>" for line in lines[1:])
    else:
        body = "<div>" + "<br>\n".join(f"&nbsp;&nbsp;&nbsp;&nbsp;{line}" for line in lines[1:]) + "</div>"
    head_meta = (f'<meta charset="{charset}">' if meta == "charset" else
                 f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">')
    h1 = f'<h1 class="article-title">{lines[0]}</h1>' if heading else ""
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head>{head_meta}
<title>{lines[0]} - 宁阳县人民政府</title>
<script>var siteMenu = "首页导航脚本";</script>
<style>.nav {{ color: red; }}</style>
</head><body>
<div class="header"><div class="logo">宁阳县人民政府门户网站</div><div class="search">站内搜索</div></div>
<nav><ul><li><a href="/">首页</a></li><li>政务公开</li><li>政务服务</li><li>互动交流</li></ul></nav>
<div id="menu"><a>网站导航菜单</a><a>走进宁阳</a><a>数据发布</a></div>
<div class="breadcrumb">您当前的位置：首页 &gt; 政务公开 &gt; 法治政府建设</div>
<div class="main">
  <div class="sidebar"><h3>相关链接</h3><ul><li>泰安市人民政府</li><li>山东省人民政府</li></ul></div>
  <div class="article">
    {h1}
    <div class="info">发布时间：2024-01-20 来源：宁阳县信访局 浏览次数：</div>
    <div class="TRS_Editor">
{body}
    </div>
    <div class="share">分享到：微信 微博</div>
  </div>
</div>
<div class="footer">主办单位：宁阳县人民政府办公室 版权所有 网站标识码</div>
<script>document.write("统计代码");</script>
</body></html>
"""
    return page.encode(charset)


def make_table_layout_html(text: str) -> bytes:
    """An older county site in GB2312: tables for layout, no class names to go by, links round the body."""
    lines = _lines(text)
    body = "".join(f"<p>{line}</p>" for line in lines[1:])
    page = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{lines[0]}</title></head>
<body><table width="1000"><tr><td><img src="logo.gif"></td></tr>
<tr><td class="w1000"><a href="#">首页</a> | <a>政务公开</a> | <a>政务服务</a> | <a>互动交流</a> | <a>走进宁阳</a></td></tr></table>
<table width="1000"><tr><td width="200" valign="top"><a>通知公告</a><br><a>政策文件</a><br><a>人事信息</a></td>
<td valign="top"><table><tr><td align="center"><b>{lines[0]}</b></td></tr>
<tr><td>发布日期：2024-01-20　　点击数：1024</td></tr>
<tr><td>{body}</td></tr>
<tr><td><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></td></tr>
</table></td></tr></table>
<table><tr><td>主办：宁阳县人民政府办公室　承办：宁阳县大数据中心　鲁ICP备05000000号</td></tr></table>
</body></html>"""
    return page.encode("gbk")


BOILERPLATE = ("首页导航脚本", "站内搜索", "政务服务", "互动交流", "网站导航菜单", "走进宁阳", "您当前的位置",
               "相关链接", "分享到", "主办单位", "版权所有", "统计代码", "color: red")


def with_rare(text: str) -> str:
    return text + RARE + "\n"


# name, file name, bytes from text, extra text expected (beyond KEY_SENTENCES), format
FORMAT_CASES = [
    ("utf8", "报告.txt", lambda t: t.encode("utf-8"), (), "txt"),
    ("utf8_bom", "报告.txt", lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), (), "txt"),
    ("utf8_crlf", "报告.txt", lambda t: t.replace("\n", "\r\n").encode("utf-8"), (), "txt"),
    ("gbk", "报告.txt", lambda t: t.encode("gbk"), (), "txt"),
    ("gbk_crlf", "报告.txt", lambda t: t.replace("\n", "\r\n").encode("gbk"), (), "txt"),
    ("gb18030", "报告.txt", lambda t: with_rare(t).encode("gb18030"), (RARE,), "txt"),
    ("utf16le_bom", "报告.txt", lambda t: b"\xff\xfe" + t.encode("utf-16-le"), (), "txt"),
    ("utf16be_bom", "报告.txt", lambda t: b"\xfe\xff" + t.encode("utf-16-be"), (), "txt"),
    ("utf16le_no_bom", "报告.txt", lambda t: t.encode("utf-16-le"), (), "txt"),
    ("utf16be_no_bom", "报告.txt", lambda t: t.encode("utf-16-be"), (), "txt"),
    ("gbk_named_text", "报告.text", lambda t: t.encode("gbk"), (), "txt"),
    ("docx", "报告.docx", make_docx, ("信访事项受理量", "1200件"), "docx"),
    ("docx_named_doc", "报告.doc", make_docx, (), "docx"),
    ("pdf", "报告.pdf", make_pdf, (), "pdf"),
    ("pdf_owner_password", "报告.pdf", make_encrypted_pdf, (), "pdf"),
    ("html", "报告.html", make_html, (), "html"),
    ("htm_gbk_meta", "报告.htm", lambda t: make_html(t, "gbk", meta="http-equiv"), (), "html"),
    ("htm_gb2312_meta", "报告.htm", lambda t: make_html(t, "gb2312"), (), "html"),
    ("html_named_txt", "报告.txt", make_html, (), "html"),
    ("html_br_lines_no_heading", "报告.html", lambda t: make_html(t, lines_as="br", heading=False), (), "html"),
    ("htm_table_layout_gb2312", "报告.htm", make_table_layout_html, (), "html"),
    ("html_saved_as_doc", "报告.doc", lambda t: make_html(t, "gb2312"), (), "html"),
    ("gbk_named_doc", "报告.doc", lambda t: t.encode("gbk"), (), "txt"),
]


@pytest.mark.parametrize("name, filename, make, extra, fmt", FORMAT_CASES, ids=[c[0] for c in FORMAT_CASES])
def test_ingest_format_round_trips_text_and_metadata(tmp_path, sample_report_text, sample_report_meta,
                                                     name, filename, make, extra, fmt):
    path = tmp_path / filename
    path.write_bytes(make(sample_report_text))

    report = read_report(path)

    assert isinstance(report, Report)
    assert report.format == fmt
    for sentence in (*KEY_SENTENCES, *extra):
        assert sentence in report.text, f"{sentence!r} missing from the {name} text"
    assert ARTEFACT not in report.text
    assert "\ufeff" not in report.text and "\r" not in report.text and "\x00" not in report.text
    meta = extract_metadata(report.text)[0].as_dict()
    assert {k: meta[k] for k in sample_report_meta} == sample_report_meta


@pytest.mark.parametrize("charset, meta, lines_as, heading", [
    ("utf-8", "charset", "p", True),
    ("gbk", "http-equiv", "p", True),
    ("utf-8", "charset", "br", True),
    ("gb2312", "charset", "br", False),
])
def test_ingest_html_drops_navigation_scripts_and_footer(tmp_path, sample_report_text, charset, meta,
                                                         lines_as, heading):
    path = tmp_path / "page.htm"
    path.write_bytes(make_html(sample_report_text, charset, meta, lines_as, heading))

    text = read_report(path).text

    assert text.splitlines() == _lines(sample_report_text)  # the report, line for line, and nothing else
    for noise in BOILERPLATE + ("宁阳县人民政府门户网站", " - 宁阳县人民政府"):
        assert noise not in text, f"boilerplate {noise!r} kept"


def test_ingest_html_table_layout_keeps_only_the_report(tmp_path, sample_report_text):
    path = tmp_path / "page.htm"
    path.write_bytes(make_table_layout_html(sample_report_text))

    text = read_report(path).text

    assert text.splitlines() == _lines(sample_report_text)
    for noise in ("政务服务", "通知公告", "点击数", "打印本页", "关闭窗口", "ICP备"):
        assert noise not in text


def test_ingest_pdf_rejoins_wrapped_lines_and_drops_page_numbers(tmp_path, sample_report_text):
    path = tmp_path / "r.pdf"
    path.write_bytes(make_pdf(sample_report_text, width=23))

    text = read_report(path).text

    for line in _lines(sample_report_text):
        assert line in text, f"{line!r} not rebuilt from the wrapped PDF lines"
    assert "— 1 —" not in text and "— 2 —" not in text


def test_ingest_docx_keeps_table_cells_in_reading_order(tmp_path, sample_report_text):
    path = tmp_path / "r.docx"
    path.write_bytes(make_docx(sample_report_text))

    text = read_report(path).text

    lines = text.splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("信访事项受理量"))
    assert lines[row] == "信访事项受理量\t1200件"
    assert lines[row - 1] == "指标\t数量"
    assert text.index("（三）推进矛盾纠纷化解") < text.index("指标\t数量") < text.index("二、存在的问题")


# -- offsets -----------------------------------------------------------------------------------------------

OFFSET_SOURCES = [
    ("artefact_mid_line", "第一段文字" + ARTEFACT + "第二段文字。\n第三段。"),
    ("artefact_first", ARTEFACT + "县委、县政府：\n正文。"),
    ("artefact_last", "正文结束。" + ARTEFACT),
    ("several_artefacts", "甲[image: media/image1.png]乙[footnoteRef:3]丙" + ARTEFACT + "丁"),
    ("crlf_lines", "县委、县政府：\r\n2023年，我局受理信访事项1200件。\r\n"),
    ("bom_and_zero_width", "\ufeff宁阳县\u200b信访局\u00ad报告"),
    ("control_chars", "信访\x0c事项\x07办理"),
    ("nothing_to_clean", "我局认真贯彻落实《信访工作条例》。"),
]


@pytest.mark.parametrize("source", [c[1] for c in OFFSET_SOURCES], ids=[c[0] for c in OFFSET_SOURCES])
def test_ingest_clean_offsets_map_every_character_back_to_source(source):
    text, offsets = clean(source)

    assert ARTEFACT not in text and "[image:" not in text and "\r" not in text and "\ufeff" not in text
    for i, char in enumerate(text):
        assert source[offsets.to_source(i)] == char, f"clean offset {i} ({char!r}) maps to the wrong place"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(
    st.text(alphabet="信访局县委政府，。：《》1200件\n ab", min_size=0, max_size=12),
    st.sampled_from([ARTEFACT, "[image: media/image2.jpeg]", "[footnoteRef:12]", "\ufeff", "\u200b", "\r\n", "\r",
                     "\x0c", "\x00"])), max_size=20))
def test_ingest_clean_offsets_hold_for_any_mix_of_text_and_artefacts(pieces):
    source = "".join(pieces)

    text, offsets = clean(source)

    assert ARTEFACT not in text and "\x00" not in text and "\ufeff" not in text
    for i, char in enumerate(text):
        mapped = source[offsets.to_source(i)]
        assert mapped == char or (char == "\n" and mapped == "\r")  # a lone \r becomes a line break


@pytest.mark.parametrize("source, word", [
    ("甲乙" + ARTEFACT + "丙丁", "甲乙"),
    ("甲乙" + ARTEFACT + "丙丁", "丙丁"),
    (ARTEFACT + "信访局" + ARTEFACT, "信访局"),
    ("县委\r\n县政府", "县政府"),
    ("县委\r\n县政府", "县委"),
])
def test_ingest_span_offsets_map_to_the_same_words_in_source(source, word):
    text, offsets = clean(source)
    start = text.index(word)

    s, e = offsets.span_to_source(start, start + len(word))

    assert source[s:e] == word


def test_ingest_read_report_offsets_point_into_decoded_source(tmp_path, sample_report_text):
    source = sample_report_text.replace("全年共受理", "全年共" + ARTEFACT + "受理").replace("\n", "\r\n")
    path = tmp_path / "r.txt"
    path.write_bytes(source.encode("gbk"))

    report = read_report(path)

    decoded = path.read_bytes().decode(report.encoding)
    assert ARTEFACT not in report.text
    for sentence in KEY_SENTENCES:
        start = report.text.index(sentence)
        for i in range(start, start + len(sentence)):
            assert decoded[report.offsets.to_source(i)] == report.text[i]
    end = report.text.index("1200件")
    assert decoded[report.offsets.to_source(end):].startswith("1200件")


def test_ingest_docx_offsets_skip_bookmark_artefact(sample_report_text):
    source, _ = read_docx(make_docx(sample_report_text))
    assert ARTEFACT in source  # what the converter gave, before clean-up

    report = report_from_text(source, fmt="docx")

    assert ARTEFACT not in report.text
    for i, char in enumerate(report.text):
        assert source[report.offsets.to_source(i)] == char


# -- errors ------------------------------------------------------------------------------------------------


def _seeded_bytes(n: int, alphabet: range = range(256), seed: int = 7) -> bytes:
    import random

    rng = random.Random(seed)
    return bytes(rng.choice(alphabet) for _ in range(n))


def _truncated(data: bytes, keep: float = 0.5) -> bytes:
    return data[:int(len(data) * keep)]


# name, file name, bytes (from the sample text), what the reason says
BAD_FILES = [
    ("empty", "empty.txt", lambda t: b"", r"empty"),
    ("blank", "blank.txt", lambda t: b" \r\n\t\n", r"empty"),
    ("random_bytes", "garbage.txt", lambda t: _seeded_bytes(4096), r"binary|text"),
    ("high_bytes_no_nul", "garbage.txt", lambda t: _seeded_bytes(4096, range(0x80, 0x100)), r"binary|text"),
    ("png_named_txt", "image.txt", lambda t: b"\x89PNG\r\n\x1a\n" + _seeded_bytes(2048), r"binary|text"),
    ("truncated_docx_half", "cut.docx", lambda t: _truncated(make_docx(t)), r"docx.*cut short"),
    ("truncated_docx_end", "cut.docx", lambda t: _truncated(make_docx(t), 0.97), r"docx.*cut short"),
    ("zip_not_docx", "other.docx", lambda t: b"PK\x03\x04" + _seeded_bytes(512), r"docx"),
    ("truncated_pdf_half", "cut.pdf", lambda t: _truncated(make_pdf(t)), r"pdf.*cut short"),
    ("truncated_pdf_end", "cut.pdf", lambda t: _truncated(make_pdf(t), 0.97), r"pdf.*cut short"),
    ("pdf_user_password", "locked.pdf", lambda t: make_encrypted_pdf(t, "secret"), r"encrypted|password"),
    ("word97_doc", "old.doc", lambda t: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + _seeded_bytes(1024), r"\.doc.*\.docx"),
    ("word97_named_docx", "old.docx", lambda t: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + _seeded_bytes(1024),
     r"\.doc.*\.docx"),
    ("rtf", "r.rtf", lambda t: b"{\\rtf1\\ansi\\ansicpg936 {\\fonttbl}\\f0 \\'c4\\'fe}", r"RTF"),
    ("pdf_header_only", "head.pdf", lambda t: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", r"pdf|PDF"),
]


def _assert_readable(exc: IngestError, path: Path, pattern: str) -> None:
    import re

    assert exc.path == str(path)
    assert exc.reason and "\n" not in exc.reason and "Traceback" not in str(exc)
    assert len(exc.reason) < 200
    assert str(exc).startswith(str(path))
    assert re.search(pattern, exc.reason), exc.reason


@pytest.mark.parametrize("name, filename, make, pattern", BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_ingest_bad_file_raises_readable_error(tmp_path, sample_report_text, name, filename, make, pattern):
    path = tmp_path / filename
    path.write_bytes(make(sample_report_text))

    with pytest.raises(IngestError) as info:
        read_report(path)

    _assert_readable(info.value, path, pattern)
    assert info.value.__cause__ is None or info.value.__suppress_context__


def test_ingest_missing_path_raises_readable_error(tmp_path):
    path = tmp_path / "没有这个文件.txt"

    with pytest.raises(IngestError) as info:
        read_report(path)

    _assert_readable(info.value, path, r"no such|not found|No such")


def test_ingest_folder_mixing_good_and_bad_files_yields_reports_and_errors(tmp_path, sample_report_text):
    files = {
        "a 好.txt": sample_report_text.encode("utf-8"),
        "b.txt": sample_report_text.encode("gbk"),
        "c.docx": make_docx(sample_report_text),
        "d.html": make_html(sample_report_text),
        "sub/e.txt": sample_report_text.encode("utf-16"),
        "bad/empty.txt": b"",
        "bad/garbage.txt": _seeded_bytes(2048),
        "bad/cut.docx": _truncated(make_docx(sample_report_text)),
        "notes.png": b"\x89PNG\r\n\x1a\n",  # not a report format: not even looked at
    }
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)

    items = list(iter_reports([tmp_path]))

    good = {Path(r.path).relative_to(tmp_path).as_posix() for r in items if isinstance(r, Report)}
    bad = {Path(e.path).relative_to(tmp_path).as_posix() for e in items if isinstance(e, IngestError)}
    assert good == {"a 好.txt", "b.txt", "c.docx", "d.html", "sub/e.txt"}
    assert bad == {"bad/empty.txt", "bad/garbage.txt", "bad/cut.docx"}
    assert [Path(i.path).relative_to(tmp_path).as_posix() for i in items] == [
        "a 好.txt", "b.txt", "bad/cut.docx", "bad/empty.txt", "bad/garbage.txt", "c.docx", "d.html", "sub/e.txt"]
    plain = [r for r in items if isinstance(r, Report) and r.format == "txt"]
    assert len(plain) == 3 and len({r.id for r in plain}) == 1  # the same report in three encodings


def _run_with_timeout(fn, seconds: float = 10.0):
    box: dict = {}
    worker = threading.Thread(target=lambda: box.setdefault("result", fn()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "walking the folder did not finish"
    return box["result"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
def test_ingest_folder_with_symlink_loops_finishes(tmp_path, sample_report_text):
    root = tmp_path / "reports"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "r.txt").write_text(sample_report_text, encoding="utf-8")
    (root / "sub" / "up").symlink_to(root, target_is_directory=True)  # sub/up → reports: a cycle
    (root / "self").symlink_to(root / "self")  # a link to itself
    (root / "loop.txt").symlink_to(root / "loop.txt")

    items = _run_with_timeout(lambda: list(iter_reports([root])))

    reports = [i for i in items if isinstance(i, Report)]
    assert [Path(r.path).name for r in reports] == ["r.txt"]
    for err in (i for i in items if isinstance(i, IngestError)):
        assert "\n" not in err.reason


def test_ingest_folder_skips_hidden_files_and_office_lock_files(tmp_path, sample_report_text):
    data = sample_report_text.encode("utf-8")
    for name in ("visible.txt", ".hidden.txt", ".git/objects.txt", ".cache/sub/r.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    (tmp_path / "报告.docx").write_bytes(make_docx(sample_report_text))
    (tmp_path / "~$报告.docx").write_bytes(b"\x0cadministrator" + b"\x00" * 40)  # Word's owner file

    items = list(iter_reports([tmp_path]))

    assert [Path(i.path).relative_to(tmp_path).as_posix() for i in items] == ["visible.txt", "报告.docx"]
    assert all(isinstance(i, Report) for i in items)


@pytest.mark.parametrize("folder, filename", [
    ("法治 报告", "宁阳县信访局 2023年 法治政府建设报告.txt"),
    ("reports", "report (1).docx"),
    ("年报/2023", "二〇二三年度报告.html"),
])
def test_ingest_names_with_spaces_and_chinese_work(tmp_path, sample_report_text, folder, filename):
    path = tmp_path / folder / filename
    path.parent.mkdir(parents=True)
    makers = {".txt": lambda t: t.encode("gbk"), ".docx": make_docx, ".html": make_html}
    path.write_bytes(makers[path.suffix](sample_report_text))

    direct = read_report(path)
    walked = [r for r in iter_reports([tmp_path / folder.split("/")[0]]) if isinstance(r, Report)]

    assert direct.path == str(path) and direct.file == filename
    assert [r.path for r in walked] == [str(path)]
    assert "全年共受理信访事项1200件" in walked[0].text


def test_ingest_iter_reports_reports_missing_paths_and_takes_files(tmp_path, sample_report_text):
    good = tmp_path / "r.txt"
    good.write_text(sample_report_text, encoding="utf-8")

    items = list(iter_reports([tmp_path / "missing", good]))

    assert isinstance(items[0], IngestError) and "no such" in items[0].reason
    assert isinstance(items[1], Report) and items[1].path == str(good)


# -- ids ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("gbk"),
    lambda t: t.encode("gb18030"),
    lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
    lambda t: t.encode("utf-16"),
    lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    lambda t: t.replace("，", ",").replace("：", ":").encode("utf-8"),  # half-width punctuation
], ids=["gbk", "gb18030", "utf8_bom", "utf16", "crlf", "half_width"])
def test_ingest_report_id_is_the_same_across_encodings(tmp_path, sample_report_text, encode):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(sample_report_text.encode("utf-8"))
    b.write_bytes(encode(sample_report_text))

    assert read_report(a).id == read_report(b).id


@pytest.mark.parametrize("change", [
    lambda t: t.replace("1200件", "1201件"),
    lambda t: t.replace("宁阳县", "睢县"),
    lambda t: t + "附件：信访事项统计表\n",
    lambda t: t.replace("二、存在的问题", "二、存在问题"),
], ids=["figure", "county", "appendix", "heading"])
def test_ingest_report_id_differs_for_different_texts(sample_report_text, change):
    assert report_from_text(sample_report_text).id != report_from_text(change(sample_report_text)).id


def test_ingest_report_id_is_short_hex(sample_report_text):
    rid = report_from_text(sample_report_text).id
    assert len(rid) == 16 and int(rid, 16) >= 0


# -- encodings of short texts ------------------------------------------------------------------------------

SHORT_TEXTS = ["县委、县政府：", "2023年，在县委、县政府的坚强领导下", "全年共受理信访事项1200件，按期办结率100%。",
               "三、2024年工作打算", "宁阳县信访局\n2024年1月15日"]


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "gb18030", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", SHORT_TEXTS)
def test_ingest_decode_guesses_the_encoding_of_short_texts(text, encoding):
    from kg.ingest.text import decode

    decoded, _ = decode(text.encode(encoding))

    assert decoded == text


def test_ingest_decode_reads_traditional_big5_as_big5():
    from kg.ingest.text import decode

    text = "三、2024年工作打算：依法處理信訪事項，維護群眾合法權益。"
    decoded, encoding = decode(text.encode("big5"))

    assert decoded == text and encoding == "big5"
