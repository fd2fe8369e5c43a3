"""Properties that hold for any input (hypothesis): extraction never raises on any Unicode text, every offset it
gives lies inside the report text and every evidence span quotes exactly the text it points to; reading any bytes
under any report name gives a report or a one-line `IngestError`, nothing else."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kg
from kg.errors import IngestError
from kg.ingest import Report, read_report

# Pieces of the genre, so that generated texts reach the extractors' deeper rules (titles, issuers, officials,
# figures, campaigns, private persons), mixed with arbitrary characters and the artefacts ingestion removes.
PIECES = (
    "宁阳县信访局关于2023年法治政府建设情况的报告", "县委、县政府：", "宁阳县", "泰安市", "山东省", "信访局",
    "《信访工作条例》", "《信访条例》", "《山东省信访条例》", "《中华人民共和国宪法》", "国务院", "认真贯彻落实",
    "学习宣传", "局长马合群", "党组书记、局长", "副局长吴鹏", "信访人张某某", "来访群众李某",
    "“枫桥经验”", "“信访工作法治化宣传月”活动", "专项行动", "三年攻坚战",
    "受理信访事项1200件", "办结率98.5%", "满意率95％", "１２３件", "82批153人次", "1万余份", "35件",
    "2023年", "2024年1月15日", "一、", "（一）", "。", "，", "；", "：", "\n", "\n\n", "\r\n", " ", "\u3000",
    "《", "》", "“", "”", "（", "）", "[bookmark: _GoBack]", "[image: media/image1.png]", "\ufeff", "\u200b",
    "信訪工作條例", "辦結率",
)

report_like = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=40).map("".join)
any_text = st.text(max_size=300)


def _evidences(ex):
    """Every (what, Evidence) of an extraction: entity mentions, citation actions, figures, relations."""
    for group in (ex.regulations, ex.organizations, ex.officials, ex.campaigns, ex.divisions):
        for item in group:
            for e in item.evidence:
                yield item, e
    for r in ex.regulations:
        for _, e in r.actions:
            yield r, e
    for m in ex.metrics:
        if m.evidence is not None:
            yield m, m.evidence
    for r in ex.relations:
        if r.evidence is not None:
            yield r, r.evidence


def _json_evidences(doc: dict):
    for key in ("regulations", "organizations", "officials", "campaigns"):
        for item in doc[key]:
            yield from item.get("evidence", [])
    for item in doc["metrics"] + doc["relations"]:
        if item.get("evidence"):
            yield item["evidence"]


def _check_offsets(ex) -> None:
    text = ex.report.text
    for item, e in _evidences(ex):
        assert 0 <= e.sentence_start <= e.start < e.end <= e.sentence_end <= len(text), (item, e)
    doc = ex.to_json()
    for ev in _json_evidences(doc):
        assert ev["text"] == text[ev["start"]:ev["end"]] and ev["text"]
        assert ev["text"] in ev["sentence"]
        assert ev["sentence"] in text


@pytest.mark.parametrize("texts", [any_text, report_like], ids=["any_unicode", "report_like"])
def test_properties_extraction_never_raises_and_offsets_point_into_the_text(texts):
    @given(texts)
    def check(text):
        ex = kg.extract_text(text)

        _check_offsets(ex)
        assert ex.private_persons >= 0

    check()


@given(report_like)
def test_properties_cleaned_report_text_maps_back_to_the_input(text):
    ex = kg.extract_text(text, private_names=True)  # masking private names changes characters on purpose

    report = ex.report
    for _, e in _evidences(ex):
        for i in range(e.start, e.end):  # each quoted character is where the map says, in the text given
            source_char = text[report.offsets.to_source(i)]
            assert source_char == report.text[i] or (source_char, report.text[i]) == ("\r", "\n")


SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf", ".doc", ".text")
MAGIC = (b"", b"%PDF-1.4\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf1", b"<html>", b"\xef\xbb\xbf",
         b"\xff\xfe", b"\xfe\xff")


@given(head=st.sampled_from(MAGIC), body=st.binary(max_size=2048), suffix=st.sampled_from(SUFFIXES))
def test_properties_reading_any_bytes_gives_a_report_or_a_one_line_error(tmp_path_factory, head, body, suffix):
    path = tmp_path_factory.mktemp("bytes") / f"报告 x{suffix}"
    path.write_bytes(head + body)

    try:
        report = read_report(path)
    except IngestError as exc:
        assert exc.path == str(path) and exc.reason and "\n" not in exc.reason and len(exc.reason) < 200
    else:
        assert isinstance(report, Report) and report.text.strip()


@given(text=st.text(max_size=80))
def test_properties_literals_are_written_as_pyoxigraph_writes_them(text):
    """The converter writes N-Quads lines itself (kg.rdf.convert): every literal it writes, plain or tagged,
    parses back to the same text and is byte for byte what pyoxigraph's own serialiser writes."""
    import pyoxigraph as ox

    from kg.rdf.convert import literal, zh

    s, p, g = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p"), ox.NamedNode("https://example.org/g")
    for ours, theirs in ((literal(text), ox.Literal(text)), (zh(text), ox.Literal(text, language="zh"))):
        line = f"{s} {p} {ours} {g} .\n".encode()
        assert line == ox.serialize([ox.Quad(s, p, theirs, g)], format=ox.RdfFormat.N_QUADS)
        assert list(ox.parse(line, format=ox.RdfFormat.N_QUADS)) == [ox.Quad(s, p, theirs, g)]
