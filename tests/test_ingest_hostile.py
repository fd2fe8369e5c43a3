"""Hostile input never costs data (issue 18, ingest and terminal): a file name of any bytes, a folder tree thousands
deep, stray NUL bytes, HTML nested 100,000 deep, an owner-locked PDF, a page of 600,000 characters, a zip bomb, an
XXE .docx, escape sequences in names, a planted jieba cache, bidi characters in the text. Each either is read whole
or fails alone with a one-line reason; the rest of the batch is built. Every fixture is made here, in tmp_path.

The property tests at the end feed each ingest stage (decode, clean, HTML reader, PDF line joining, .docx reader)
generated worst cases of growing size: the output never outgrows the input, and each case finishes within a
generous bound that grows linearly with its size (a quadratic stage overshoots it by far at these sizes)."""
from __future__ import annotations

import io
import json
import marshal
import os
import socket
import struct
import subprocess
import sys
import time
import tracemalloc
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kg.display import one_line
from kg.errors import IngestError
from kg.ingest import discover, iter_reports, read_report, report_from_text
from kg.ingest.archive import MAX_UNPACKED
from kg.ingest.formats import _join_pdf_lines, read_docx, read_html
from kg.ingest.text import UndecodableError, clean, decode

from test_bad_input import kg_here, variant
from test_ingest_formats import KEY_SENTENCES, make_docx, make_encrypted_pdf

REPO = Path(__file__).resolve().parents[1]


def _report_file(folder: Path, name: bytes | str, text: str) -> Path:
    """Write `text` (UTF-8) under `name`, given as bytes when it is not valid UTF-8; return its path."""
    path = os.path.join(os.fsencode(folder), name) if isinstance(name, bytes) else folder / name
    with open(path, "wb") as fh:
        fh.write(text.encode("utf-8"))
    return Path(os.fsdecode(path))


# -- 1. file names that are not text ------------------------------------------------------------------------

# id, the name's bytes, how every output shows it
HOSTILE_NAMES = [
    ("gbk_bytes", "宁阳报告".encode("gbk") + b".txt", r"\xc4\xfe\xd1\xf4\xb1\xa8\xb8\xe6.txt"),
    ("utf8_with_one_bad_byte", "宁阳".encode() + b"\xff.txt", r"宁阳\xff.txt"),
    ("escape_sequence", b"a\x1b[31mred.txt", r"a\x1b[31mred.txt"),
    ("c0_controls", b"r\x01\x0b.txt", r"r\x01\x0b.txt"),
    ("newline", b"two\nlines.txt", r"two\x0alines.txt"),
    ("bidi_override", "报告\u202etxt.exe.txt".encode(), r"报告\u202etxt.exe.txt"),
    ("noncharacter", "x\uffff.txt".encode(), r"x\uffff.txt"),
]


@pytest.mark.parametrize("name, raw, shown", HOSTILE_NAMES, ids=[c[0] for c in HOSTILE_NAMES])
def test_ingest_hostile_file_name_is_shown_as_valid_text(tmp_path, sample_report_text, name, raw, shown):
    from lxml import etree

    report = read_report(_report_file(tmp_path, raw, sample_report_text))

    assert report.file == shown
    assert report.display_path == one_line(str(tmp_path)) + "/" + shown
    etree.Element("file").text = report.file  # XML takes it
    report.file.encode("utf-8")               # and so does every UTF-8 writer


BUILD_NAMES = [c for c in HOSTILE_NAMES if c[0] in ("gbk_bytes", "escape_sequence", "c0_controls")]


def _good_and_hostile(tmp_path: Path, text: str, raw: bytes) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    _report_file(folder, "good.txt", variant(text, 1))
    _report_file(folder, raw, text)
    return folder


@pytest.mark.parametrize("cache", ["--cache", "--no-cache"])
@pytest.mark.parametrize("name, raw, shown", BUILD_NAMES, ids=[c[0] for c in BUILD_NAMES])
def test_ingest_hostile_file_name_beside_good_report_builds_both(tmp_path, sample_report_text, name, raw, shown,
                                                                 cache):
    from lxml import etree

    folder = _good_and_hostile(tmp_path, sample_report_text, raw)
    out = tmp_path / "out"

    for _ in range(2 if cache == "--cache" else 1):  # the second build reads the cache
        res = kg_here("build", folder, "-o", out, cache, "--format", "all")  # every writer meets the name
        assert res.returncode == 0, res.stderr

    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["reports"] == 2 and summary["failed"] == 0
    graphml = etree.parse(str(out / "graph.graphml"))
    assert shown in {d.text for d in graphml.iter("{*}data")}
    assert f'"{shown}"'.replace("\\", "\\\\") in (out / "graph.ttl").read_text(encoding="utf-8")


@pytest.mark.parametrize("name, raw, shown", BUILD_NAMES, ids=[c[0] for c in BUILD_NAMES])
def test_ingest_hostile_file_name_beside_good_report_extracts_both(tmp_path, sample_report_text, name, raw, shown):
    folder = _good_and_hostile(tmp_path, sample_report_text, raw)

    res = kg_here("extract", folder, "--no-evidence")

    assert res.returncode == 0, res.stderr
    assert sorted(json.loads(line)["file"] for line in res.stdout.splitlines()) == sorted(["good.txt", shown])


# -- 2. a folder tree deeper than Python's stack -------------------------------------------------------------


@pytest.fixture
def deep_folder(tmp_path):
    """tmp_path/deep/d/d/…/d, 1,100 folders deep, made and removed one level at a time (pathlib's mkdir(parents=True)
    and shutil.rmtree, which pytest cleans up with, recurse)."""
    levels = [tmp_path / "deep"]
    for _ in range(1100):
        levels.append(levels[-1] / "d")
    for level in levels:
        level.mkdir()
    yield levels[-1]
    for level in reversed(levels):
        for entry in level.iterdir():
            if not entry.is_dir():
                entry.unlink()
        level.rmdir()


def test_ingest_hostile_folder_nested_1100_deep_is_walked(tmp_path, deep_folder, sample_report_text):
    bottom = deep_folder
    (bottom / "bottom.txt").write_text(sample_report_text, encoding="utf-8")
    (tmp_path / "good.txt").write_text(variant(sample_report_text, 1), encoding="utf-8")

    found = list(discover([tmp_path]))

    assert found == [bottom / "bottom.txt", tmp_path / "good.txt"]
    assert all(not isinstance(r, IngestError) for r in iter_reports([tmp_path]))


def test_ingest_hostile_walk_keeps_name_order_and_skips_loops(tmp_path):
    for rel in ("b.txt", "a/2.txt", "a/b/1.txt", "a/b/c/0.pdf", "c/z.docx", "c/.hidden.txt", "c/~$owner.docx",
                "c/notes.md", ".git/x.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"x")
    (tmp_path / "a" / "b" / "up").symlink_to(tmp_path / "a", target_is_directory=True)  # a loop: walked once
    (tmp_path / "a" / "again").symlink_to(tmp_path / "c", target_is_directory=True)     # c reached twice

    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]

    assert found == ["a/2.txt", "a/again/z.docx", "a/b/1.txt", "a/b/c/0.pdf", "b.txt"]


# -- 3. stray NUL bytes and undecodable bytes ----------------------------------------------------------------


def _long_report(text: str) -> str:
    return "".join(variant(text, i) for i in range(7))  # about 7 KB in UTF-8


def _with_bytes(text: str, encoding: str, inserts: list[bytes], at: list[float] | None = None) -> bytes:
    """`text` encoded, with each of `inserts` put between two characters: at the fractions `at` of the text, or
    spread evenly over it."""
    at = sorted(at) if at else [(i + 1) / (len(inserts) + 1) for i in range(len(inserts))]
    cut = [int(len(text) * f) for f in at]
    pieces = [text[a:b] for a, b in zip([0, *cut], [*cut, len(text)])]
    out = pieces[0].encode(encoding)
    for extra, piece in zip(inserts, pieces[1:]):
        out += extra + piece.encode(encoding)
    return out


@pytest.mark.parametrize("encoding, inserts", [
    ("utf-8", [b"\x00", b"\xff"]),
    ("utf-8", [b"\x00"]),
    ("gbk", [b"\x00"]),
    ("gbk", [b"\x00", b"\xff"]),
    ("gb18030", [b"\x00", b"\x00"]),
], ids=["utf8_nul_and_bad_byte", "utf8_nul", "gbk_nul", "gbk_nul_and_bad_byte", "gb18030_two_nuls"])
def test_ingest_hostile_stray_nul_and_bad_byte_cost_only_themselves(tmp_path, sample_report_text, encoding, inserts):
    text = _long_report(sample_report_text)
    path = tmp_path / "damaged.txt"
    path.write_bytes(_with_bytes(text, encoding, inserts))
    assert 6000 < path.stat().st_size < 8000 or encoding != "utf-8"

    report = read_report(path)

    assert "\x00" not in report.text
    assert report.text.count("\ufffd") == inserts.count(b"\xff")
    assert report.text.replace("\ufffd", "") == report_from_text(text).text


def test_ingest_hostile_binary_file_is_still_refused(tmp_path):
    import random

    rng = random.Random(3)
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(rng.randrange(256) for _ in range(8192)))

    with pytest.raises(IngestError, match="binary"):
        read_report(path)


# -- 4. HTML nested deeper than the parser's default ---------------------------------------------------------


def _nested_page(text: str, depth: int, tag: str = "div") -> bytes:
    body = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    return ("<html><head><meta charset='utf-8'><title>报告</title></head><body>" + f"<{tag}>" * depth + body
            + f"</{tag}>" * depth + "</body></html>").encode("utf-8")


@pytest.mark.parametrize("depth", [300, 1500, 2000])
def test_ingest_hostile_deep_html_is_read_whole(sample_report_text, depth):
    flat, _ = read_html(_nested_page(sample_report_text, 0))

    text, _ = read_html(_nested_page(sample_report_text, depth))

    assert text == flat
    assert all(s in text for s in KEY_SENTENCES)


@pytest.mark.parametrize("depth", [3000, 100_000])
def test_ingest_hostile_html_too_deep_to_read_whole_is_refused_with_a_reason(tmp_path, sample_report_text, depth):
    path = tmp_path / "deep.html"
    path.write_bytes(_nested_page(sample_report_text, depth))

    with pytest.raises(IngestError) as info:
        read_report(path)

    assert "nested" in info.value.reason and "not read" in info.value.reason


def test_ingest_hostile_html_of_many_inline_elements_is_read_whole():
    page = ("<html><body><p>" + "<span>信访</span>" * 50_000 + "化解信访积案35件</p></body></html>").encode()

    text, _ = read_html(page)

    assert text == "信访" * 50_000 + "化解信访积案35件"


# -- 5. encrypted PDFs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("algorithm", ["AES-256", "AES-128", "RC4-128"])
def test_ingest_hostile_pdf_locked_by_owner_password_only_is_read(tmp_path, sample_report_text, algorithm):
    path = tmp_path / "locked.pdf"
    path.write_bytes(make_encrypted_pdf(sample_report_text, algorithm=algorithm))

    report = read_report(path)

    assert all(s in report.text for s in KEY_SENTENCES)


@pytest.mark.parametrize("algorithm", ["AES-256", "RC4-128"])
def test_ingest_hostile_pdf_needing_a_user_password_is_a_clear_error(tmp_path, sample_report_text, algorithm):
    path = tmp_path / "secret.pdf"
    path.write_bytes(make_encrypted_pdf(sample_report_text, user_password="user-pw", algorithm=algorithm))

    with pytest.raises(IngestError) as info:
        read_report(path)

    assert info.value.reason == "[E119] not a readable .pdf (it is encrypted with a password)"


# -- 6. a page of hundreds of thousands of characters -------------------------------------------------------

WRAPPED_LINE = "全年共受理信访事项一千二百件按期办结率百分之百群众满意"  # 28 characters, no sentence end: lines join


def _dense_pdf(chars: int) -> bytes:
    """One page holding `chars` characters in a tiny font, every line ending mid-sentence."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pageCompression=1)
    pdf.setFont("STSong-Light", 2)
    for i in range(chars // len(WRAPPED_LINE)):
        pdf.drawString(10, 800 - (i % 390) * 2, WRAPPED_LINE)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _best_time(fn, *args, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - t0)
    return best


@pytest.fixture(scope="module")
def dense_pdf_texts():
    """The text layers of dense one-page PDFs of 25,000 and 200,000 characters, as pypdf extracts them."""
    pytest.importorskip("reportlab")
    from pypdf import PdfReader

    return {n: PdfReader(io.BytesIO(_dense_pdf(n))).pages[0].extract_text() for n in (25_000, 200_000)}


def test_ingest_hostile_pdf_line_joining_grows_linearly(dense_pdf_texts):
    small, large = dense_pdf_texts[25_000], dense_pdf_texts[200_000]
    assert len(large) > 7.9 * len(small) and large.count("\n") > 7000

    ratio = _best_time(_join_pdf_lines, large) / max(_best_time(_join_pdf_lines, small), 1e-4)

    assert ratio < 24, f"8 times the text took {ratio:.0f} times as long (linear: about 8; quadratic: 64)"
    assert _join_pdf_lines(large).count("\n") < 10  # the wrapped lines are one paragraph again


def test_ingest_hostile_pdf_page_of_200000_characters_is_read_whole(tmp_path):
    pytest.importorskip("reportlab")
    path = tmp_path / "dense.pdf"
    path.write_bytes(_dense_pdf(200_000))
    assert path.stat().st_size < 40_000

    report = read_report(path)

    assert report.text.count(WRAPPED_LINE) == 200_000 // len(WRAPPED_LINE)


# -- 7. zip bombs --------------------------------------------------------------------------------------------


def _docx_with_padding(text: str, pad: int, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A real .docx whose word/document.xml carries `pad` bytes of white space inside <w:body>, packed with
    `method` (white space packs ~1,000 times: a few MB unpack to gigabytes)."""
    src = zipfile.ZipFile(io.BytesIO(make_docx(text, artefact=False)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename != "word/document.xml":
                dst.writestr(info.filename, data)
                continue
            head, sep, rest = data.partition(b"<w:body>")
            assert sep
            member = zipfile.ZipInfo("word/document.xml", info.date_time)
            member.compress_type = method
            with dst.open(member, "w") as fh:
                fh.write(head + sep)
                block = b" " * 2**20
                for _ in range(pad // 2**20):
                    fh.write(block)
                fh.write(rest)
    return out.getvalue()


def _declare_size(package: bytes, name: str, size: int) -> bytes:
    """`package` with the unpacked size member `name` declares (local and central headers) set to `size`."""
    buf = bytearray(package)
    zf = zipfile.ZipFile(io.BytesIO(package))
    struct.pack_into("<I", buf, zf.getinfo(name).header_offset + 22, size)
    pos = zf.start_dir
    while buf[pos:pos + 4] == b"PK\x01\x02":
        n, m, k = struct.unpack_from("<HHH", buf, pos + 28)
        if bytes(buf[pos + 46:pos + 46 + n]) == name.encode():
            struct.pack_into("<I", buf, pos + 24, size)
        pos += 46 + n + m + k
    return bytes(buf)


def _read_with_peak(path: Path):
    """read_report(path) → (Report or IngestError, peak Python memory in MB while reading)."""
    tracemalloc.start()
    try:
        try:
            result = read_report(path)
        except IngestError as exc:
            result = exc
        return result, tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


ZIP_BOMBS = [
    ("over_the_size_limit", lambda t: _docx_with_padding(t, MAX_UNPACKED + 8 * 2**20), r"unpacks to \d+ MB"),
    ("packed_over_100_times", lambda t: _docx_with_padding(t, 16 * 2**20), r"times its size"),
    ("member_larger_than_declared", lambda t: _declare_size(_docx_with_padding(t, 64 * 2**20), "word/document.xml",
                                                           4096), r"damaged"),
    ("bzip2_member", lambda t: _docx_with_padding(t, 0, zipfile.ZIP_BZIP2), r"method Office does not use"),
]


@pytest.mark.parametrize("name, make, pattern", ZIP_BOMBS, ids=[c[0] for c in ZIP_BOMBS])
def test_ingest_hostile_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, sample_report_text, name, make, pattern):
    import re

    path = tmp_path / "bomb.docx"
    path.write_bytes(make(sample_report_text))
    assert path.stat().st_size < 2**20

    result, peak = _read_with_peak(path)

    assert isinstance(result, IngestError), "the bomb was read"
    assert re.search(pattern, result.reason), result.reason
    assert peak < 16, f"{peak:.0f} MB of memory to refuse a {path.stat().st_size // 1024} KB file"


def test_ingest_hostile_docx_with_nested_tables_reads_each_cell_once():
    from docx import Document

    doc = Document()
    doc.add_paragraph("宁阳县信访局关于2023年法治政府建设情况的报告")
    cell = doc.add_table(rows=1, cols=2).cell(0, 0)
    for depth in range(30):  # a table in a cell in a table … 30 deep
        cell.paragraphs[0].text = f"第{depth}层"
        cell = cell.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].text = "最深处"
    buf = io.BytesIO()
    doc.save(buf)

    text, _ = read_docx(buf.getvalue())

    assert text.count("最深处") == 1 and text.count("第29层") == 1
    assert text.splitlines()[1].startswith("第0层第1层")


# -- 8. XML external entities --------------------------------------------------------------------------------


def _docx_with_doctype(text: str, doctype: str, reference: str) -> bytes:
    """make_docx(text) with `doctype` declared in word/document.xml and `reference` put into its text."""
    src = zipfile.ZipFile(io.BytesIO(make_docx(text, artefact=False)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                head, sep, rest = data.decode("utf-8").partition("?>")
                rest = rest.replace("化解信访积案35件", f"化解信访积案{reference}35件", 1)
                data = (head + sep + doctype + rest).encode("utf-8")
            dst.writestr(info, data)
    return out.getvalue()


@pytest.fixture
def listener():
    """A TCP socket listening on 127.0.0.1 that nothing should ever connect to."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(5)
    srv.setblocking(False)
    yield srv
    srv.close()


@pytest.mark.parametrize("kind", ["file", "network", "billion_laughs"])
def test_ingest_hostile_docx_with_external_entity_is_refused_and_never_resolved(tmp_path, sample_report_text,
                                                                                listener, kind):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-口令-4711", encoding="utf-8")
    port = listener.getsockname()[1]
    doctype = {
        "file": f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>',
        "network": f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "http://127.0.0.1:{port}/xxe">]>',
        "billion_laughs": "<!DOCTYPE w:document [<!ENTITY a0 \"哈哈哈哈哈哈哈哈\">"
                          + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
                          + '<!ENTITY xxe "&a9;">]>',
    }[kind]
    path = tmp_path / "xxe.docx"
    path.write_bytes(_docx_with_doctype(sample_report_text, doctype, "&xxe;"))

    with pytest.raises(IngestError) as info:
        read_report(path)

    assert "DTD" in info.value.reason and "not read" in info.value.reason, info.value.reason
    assert "SECRET" not in info.value.reason
    with pytest.raises(BlockingIOError):
        listener.accept()  # no connection was made


# -- 9. names printed on a terminal -------------------------------------------------------------------------

ONE_LINE = [
    ("escape_sequence", "a\x1b[31mb", r"a\x1b[31mb"),
    ("osc_title", "\x1b]0;pwned\x07", r"\x1b]0;pwned\x07"),
    ("newline_and_return", "a\nb\r", r"a\x0ab\x0d"),
    ("tab_and_delete", "a\tb\x7f", r"a\x09b\x7f"),
    ("c1_csi_and_nel", "\x9b31m\x85", r"\u009b31m\u0085"),
    ("bidi_override", "abc\u202edcba", r"abc\u202edcba"),
    ("bidi_isolates_and_marks", "\u2066x\u2069\u200f", r"\u2066x\u2069\u200f"),
    ("zero_width", "a\u200bb\ufeff\u2060", r"a\u200bb\ufeff\u2060"),
    ("line_separators", "a\u2028b\u2029", r"a\u2028b\u2029"),
    ("noncharacters", "\uffff\ufdd0", r"\uffff\ufdd0"),
    ("bytes_not_utf8", os.fsdecode("宁阳".encode("gbk")), r"\xc4\xfe\xd1\xf4"),
    ("lone_surrogate", "\ud800", r"\ud800"),
    ("tag_character", "\U000e0041", r"\U000e0041"),
    ("kept_as_written", "宁阳县　信访局（终稿）[bold]:x: 😀 a\\x1b", "宁阳县　信访局（终稿）[bold]:x: 😀 a\\x1b"),
]


@pytest.mark.parametrize("name, text, shown", ONE_LINE, ids=[c[0] for c in ONE_LINE])
def test_display_one_line_escapes_what_acts_on_a_terminal(name, text, shown):
    assert one_line(text) == shown


@given(st.text(st.characters(exclude_categories=())))
def test_display_one_line_gives_printable_xml_text_on_one_line(text):
    from lxml import etree

    shown = one_line(text)

    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp") for c in shown)
    assert len(shown.splitlines()) <= 1
    shown.encode("utf-8")
    etree.Element("x").text = shown


TERMINAL_NAMES = ["esc\x1b[2J\x1b[31m.txt", "osc\x1b]0;pwned\x07.txt", "forged\nskipped etc-passwd: fake.txt",
                  "emoji :x: :thumbs_up:.txt", "csi\x9b31m.txt", "rev\u202etxt.exe.txt", "[bold]markup[red].txt"]


def _assert_plain(stream: str) -> None:
    assert not any(c in stream for c in "\x1b\x07\x9b\u202e"), repr(stream)
    assert "❌" not in stream and "👍" not in stream


def test_cli_hostile_file_names_print_one_escaped_line_each(tmp_path, sample_report_text):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in TERMINAL_NAMES:
        (folder / name).write_bytes(b"")  # empty: each gets a `skipped` line
    (folder / "good.txt").write_text(sample_report_text, encoding="utf-8")
    (folder / "dup\x1b[5m.txt").write_text(sample_report_text, encoding="utf-8")

    res = kg_here("build", folder, "-o", tmp_path / "out")

    assert res.returncode == 1
    _assert_plain(res.stderr)
    skipped = [line for line in res.stderr.splitlines() if line.startswith("skipped")]
    assert len(skipped) == len(TERMINAL_NAMES)
    for name in TERMINAL_NAMES:
        assert sum(one_line(name) in line for line in skipped) == 1, (name, skipped)
    [dup] = [line for line in res.stderr.splitlines() if line.startswith("duplicate")]
    assert r"dup\x1b[5m.txt" in dup


def test_cli_hostile_output_paths_print_escaped(tmp_path, sample_report_text):
    (tmp_path / "r.txt").write_text(sample_report_text, encoding="utf-8")
    page = tmp_path / "view\x1b[31m:x:.html"
    blocked = tmp_path / "file\x1b]0;t\x07"
    blocked.write_text("not a folder", encoding="utf-8")

    wrote = kg_here("view", "-i", tmp_path / "r.txt", "-o", page)
    failed = kg_here("build", tmp_path / "r.txt", "-o", blocked / "out")

    assert wrote.returncode == 0 and page.exists(), wrote.stderr
    assert f"wrote {one_line(str(page))}" in wrote.stdout
    assert failed.returncode == 2 and one_line(str(blocked)) in failed.stderr
    for stream in (wrote.stdout, wrote.stderr, failed.stdout, failed.stderr):
        _assert_plain(stream)


# -- 10. jieba's dictionary cache ----------------------------------------------------------------------------

PROBE_WORDS = "宁阳县信访局受理信访事项"
JIEBA_PROBE = ("import jieba; from kg.nlp import make_nlp; make_nlp(); "
               f"print('|'.join(jieba.lcut({PROBE_WORDS!r}))); print(jieba.dt.tmp_dir)")


def _poisoned_cache() -> bytes:
    """A jieba cache another user could leave in /tmp: one 'word' spanning the whole probe sentence."""
    freq = {PROBE_WORDS[:i]: 0 for i in range(1, len(PROBE_WORDS))}
    freq[PROBE_WORDS] = 10**6
    return marshal.dumps((freq, 10**6))


def _run_with_tmp(args: list[str], shared_tmp: Path, xdg: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "TMPDIR": str(shared_tmp), "XDG_CACHE_HOME": str(xdg)}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=REPO, timeout=300)


def test_nlp_jieba_cache_planted_in_the_shared_temp_dir_is_not_loaded(tmp_path):
    shared = tmp_path / "tmp"
    shared.mkdir()
    planted = shared / "jieba.cache"
    planted.write_bytes(_poisoned_cache())

    res = _run_with_tmp(["-c", JIEBA_PROBE], shared, tmp_path / "xdg")

    assert res.returncode == 0, res.stderr
    words, folder = res.stdout.splitlines()
    assert words.split("|") != [PROBE_WORDS] and "信访局" in words.split("|")
    assert Path(folder) == tmp_path / "xdg" / "kg" and (Path(folder) / "jieba.cache").is_file()
    assert planted.read_bytes() == _poisoned_cache()


def test_nlp_jieba_cache_that_cannot_be_replaced_does_not_break_kg(tmp_path, sample_report_text):
    shared = tmp_path / "tmp"
    (shared / "jieba.cache").mkdir(parents=True)  # like a file of another user's: jieba cannot replace it
    (tmp_path / "r.txt").write_text(sample_report_text, encoding="utf-8")

    res = _run_with_tmp(["-m", "kg", "extract", str(tmp_path / "r.txt"), "--no-evidence"], shared, tmp_path / "xdg")

    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr and "Dump cache file failed" not in res.stderr, res.stderr
    assert json.loads(res.stdout)["regulations"]
    assert sorted(p.name for p in shared.iterdir()) == ["jieba.cache"]  # no temporary files left there


def test_nlp_jieba_cache_folder_is_private_or_the_next_one(tmp_path, monkeypatch):
    import tempfile

    from kg.nlp.jieba_setup import private_cache_folder

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert private_cache_folder() == tmp_path / "xdg" / "kg"

    (tmp_path / "xdg" / "kg").chmod(0o777)  # writable by anyone: not private
    assert private_cache_folder() == tmp_path / "home" / ".cache" / "kg"

    (tmp_path / "home" / ".cache" / "kg").rmdir()
    (tmp_path / "home" / ".cache" / "kg").write_text("a file", encoding="utf-8")
    per_user = tmp_path / "tmp" / f"kg-{os.getuid()}"
    assert private_cache_folder() == per_user

    per_user.chmod(0o777)  # as if made by someone else, before us
    fresh = private_cache_folder()
    assert fresh.parent == tmp_path / "tmp" and fresh.name.startswith("kg-cache-") and fresh.stat().st_mode & 0o077 == 0


# -- 11. bidi and invisible characters inside report text ----------------------------------------------------


def test_ingest_hostile_bidi_and_invisible_characters_in_text_build(tmp_path, sample_report_text):
    from lxml import etree

    text = sample_report_text.replace("宁阳县信访局关于", "宁阳县\u202e信访局\u200b关于", 1).replace(
        "化解信访积案35件", "化解\u2066信访\u2069积案\ufffe35件\uffff").replace("局党组将", "局党组\u0085\u2028将\u200d")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.txt").write_text(text, encoding="utf-8")

    res = kg_here("build", tmp_path / "in", "-o", tmp_path / "out", "--no-cache", "--format", "all")

    assert res.returncode == 0, res.stderr
    report = read_report(tmp_path / "in" / "r.txt")
    assert "\u202e" in report.text and "\u2066" in report.text  # kept: what to do with them is not ingest's call
    assert "\ufffe" not in report.text and "\uffff" not in report.text  # not characters: no XML writer takes them
    etree.parse(str(tmp_path / "out" / "graph.graphml"))


# -- property tests: every ingest stage is bounded ----------------------------------------------------------

SECONDS = 1.0            # a generous bound for each generated case: this much,
SECONDS_PER_UNIT = 5e-6  # plus this per byte or character of input (5 s a million; linear stages take ~0.5 s)
BOUNDED = settings(max_examples=12, deadline=None)


def _bounded(fn, size: int):
    t0 = time.perf_counter()
    try:
        result = fn()
    except (UndecodableError, IngestError) as exc:
        result = exc
    elapsed = time.perf_counter() - t0
    limit = SECONDS + SECONDS_PER_UNIT * size
    assert elapsed < limit, f"{elapsed:.1f} s for {size:,} units (the bound is {limit:.1f} s)"
    return result


def _repeated(unit, size: int):
    return (unit * (size // max(len(unit), 1) + 1))[:size] if unit else unit


sizes = st.integers(min_value=1_000, max_value=400_000)
BYTE_PIECES = ["信访局".encode(), "信访局".encode("gbk"), "信訪".encode("big5"), "信访".encode("utf-16-le"), b"\x00",
               b"\xff", b"\x80", b"\xe4\xbf", b"\r\n", b"\n", b"<p>", b"ascii ", b"\x1b", b"\xef\xbb\xbf"]


@BOUNDED
@given(st.lists(st.sampled_from(BYTE_PIECES) | st.binary(max_size=3), min_size=1, max_size=6).map(b"".join), sizes)
@example(b"\x00\xff" + "信访".encode(), 400_000)
@example("信访".encode("gbk") + b"\x00", 400_000)
def test_ingest_property_decode_is_bounded(unit, size):
    raw = _repeated(unit, size)

    result = _bounded(lambda: decode(raw), len(raw))

    assert isinstance(result, UndecodableError) or len(result[0]) <= len(raw)


TEXT_PIECES = ["[bookmark: ", "[image: ", "[footnoteRef:", "1", "]", "\r", "\n", "\x00", "\ufeff", "\u200b", "信访",
               " ", "[", "\ufffe", "_GoBack", "\r\n"]


@BOUNDED
@given(st.lists(st.sampled_from(TEXT_PIECES) | st.text(max_size=3), min_size=1, max_size=6).map("".join), sizes)
@example("[bookmark: 信访", 400_000)
@example("[image: media/x", 400_000)
@example("[footnoteRef:1", 400_000)
def test_ingest_property_clean_is_bounded(unit, size):
    source = _repeated(unit, size)

    text, offsets = _bounded(lambda: clean(source), len(source))

    assert len(text) <= len(source)
    assert all(0 <= offsets.to_source(i) < len(source) for i in range(0, len(text), max(1, len(text) // 50)))


HTML_TAGS = ["span", "a", "p", "div", "font", "td", "li", "div class='title'", "h1", "b"]
HTML_WORDS = {"信访局": "信访局", "信访&nbsp;局": "信访 局", "a": "a", "": None, " ": None}  # written: read as


@BOUNDED
@given(st.integers(0, 2000), st.integers(1, 30_000), st.sampled_from(HTML_TAGS), st.sampled_from(HTML_TAGS),
       st.sampled_from(sorted(HTML_WORDS)))
@example(2000, 30_000, "div class='title'", "span", "信访局")
@example(300, 10, "div", "p", "信访局")
@example(0, 30_000, "p", "a", "信访局")
def test_ingest_property_html_reader_is_bounded_and_loses_no_text(depth, width, outer, inner, words):
    def close(tag):
        return tag.split()[0]

    page = ("<html><head><meta charset='utf-8'><title>报告</title></head><body>" + f"<{outer}>" * depth
            + f"<{inner}>{words}</{close(inner)}>" * width + f"</{close(outer)}>" * depth
            + "</body></html>").encode("utf-8")

    result = _bounded(lambda: read_html(page), len(page))

    if not isinstance(result, UndecodableError):  # refused with a reason (links only, too deep), or read whole
        assert len(result[0]) <= len(page.decode("utf-8"))
        if HTML_WORDS[words]:
            assert result[0].count(HTML_WORDS[words]) == width


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(["utf-8", "gbk", "gb18030"]), st.lists(st.floats(0, 1), min_size=1, max_size=3),
       st.integers(0, 6))
def test_ingest_property_stray_nul_bytes_cost_only_themselves(sample_report_text, encoding, where, copies):
    text = "".join(variant(sample_report_text, i) for i in range(copies + 1))
    raw = _with_bytes(text, encoding, [b"\x00"] * len(where), where)

    decoded, _ = decode(raw)

    assert decoded.replace("\x00", "") == text


LINE_PIECES = [WRAPPED_LINE, "全年共受理信访事项", "。", "：", "一、", "（一）", "— 2 —", "第3页", "\n", "\n\n", " ",
               "报告", "情况", "x" * 30]


@BOUNDED
@given(st.lists(st.sampled_from(LINE_PIECES), min_size=1, max_size=8).map("".join), sizes)
@example(WRAPPED_LINE + "\n", 400_000)
@example("信访\n", 400_000)
def test_ingest_property_pdf_line_joining_is_bounded(unit, size):
    text = _repeated(unit, size)

    joined = _bounded(lambda: _join_pdf_lines(text), len(text))

    assert len(joined) <= len(text)


DOCX_CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.'
                      b'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="'
                      b'application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
                      b'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="'
                      b'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
DOCX_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.'
             b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
             b'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
             b'</Relationships>')
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx_package(body: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", DOCX_CONTENT_TYPES)
        z.writestr("_rels/.rels", DOCX_RELS)
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}">'
                                        f"<w:body>{body}</w:body></w:document>")
    return out.getvalue()


@BOUNDED
@given(st.integers(0, 40), st.integers(1, 3_000), st.integers(1, 20), st.sampled_from(["信访局", "", "a b"]))
@example(40, 3_000, 1, "信访局")
@example(0, 3_000, 20, "信访局")
def test_ingest_property_docx_reader_is_bounded(depth, paragraphs, runs, words):
    run = f"<w:r><w:t>{words}</w:t></w:r>" * runs
    content = f"<w:p>{run}</w:p>" * paragraphs
    for _ in range(depth):  # a table in a cell in a table …
        content = f"<w:tbl><w:tr><w:tc><w:p>{run}</w:p>{content}</w:tc><w:tc><w:p>{run}</w:p></w:tc></w:tr></w:tbl>"
    package = _docx_package(f"<w:p>{run}</w:p>{content}")
    characters = len(words) * runs * (paragraphs + 1 + 2 * depth)

    result = _bounded(lambda: read_docx(package), len(package) + characters)

    assert isinstance(result, UndecodableError) or len(result[0]) <= characters + paragraphs + 2 * depth + 1
