"""`kg_meta`: what a report is — title, issuer, place and year — found once, first in the pipeline.

Read from the title lines, the addressee line and the first sentences. The component also sets what every later
component reads: the report text (the tokens joined once), its normalised view, its sentences, and the report's
place (`Place`: its division and the organisation resolver relative to it).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from .. import data
from ..model import ReportMeta
from ..resolve.gazetteer import Division, Gazetteer, gazetteer
from ..resolve.orgs import OrgResolver, heads
from .doc import sentences
from .normalize import normalize

TITLE_WORDS = re.compile(r"报告|总结|年报|情况$|工作情况")
NOISE_LINE = re.compile(r"位置|首页|>|发布时间|发布日期|日期[:：]|来源[:：]|浏览|字体|字号|索引号|文号|分类|"
                        r"发文|打印|关闭|分享|扫一扫|微信|^\W*$|^[\w\s]{0,6}[:：]\s*$|www\.|http")
YEAR_IN_TITLE = re.compile(r"(?<![\d—–\-－~至])((?:19|20)\d\d)\s*年(?:度)?(?![\d—–\-－~至])")
YEAR_LEAD = re.compile(r"^\s*(?:本年度|今年)?[，,]?\s*((?:19|20)\d\d)\s*年(?:度|以来|来|，|,|是|，?我|，?在|全年|"
                       r"(?![\d月至—–\-－~]))")
YEAR_IN_TEXT = re.compile(r"(?<![\d—–\-－~至])((?:19|20)\d\d)\s*年(?:度)?(?![\d月—–\-－~至])")
DATE = re.compile(r"((?:19|20)\d\d)[-年./](\d{1,2})")
ADDRESSEE = re.compile(r"^[^\n。，,]{2,40}[:：]\s*$", re.M)
TABLE_NOISE = re.compile(r"^\s*(?:标题|信息名称|文件名称|名称|题名)\s*[:：]|[|｜]+")
# Fields of a government site's open-information table: never the title, whatever words they hold.
FIELD_LINE = re.compile(r"^\s*(?:索引号|信息分类|主题分类|分类|发布机构|发文机关|发文机构|发布单位|发文日期|成文日期|"
                        r"发布日期|发布时间|文号|发文字号|主题词|关键词|内容概览|摘要|时效|有效性|信息来源|来源)\s*[:：]")
BREADCRUMB = re.compile(r"位置\s*[:：]|首页\s*[>＞»›]|[>＞»›]\s*[^>＞»›]+\s*[>＞»›]")
LETTER_SPACED = re.compile(r"[\u4e00-\u9fff](?:[ \t\u3000\u00a0]+[\u4e00-\u9fff])+")
CN_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")
CN_YEAR = re.compile(r"[〇○零一二三四五六七八九]{4}(?=\s*年)")
# Where a two-character county name (睢县, 赵县) starts a word even though a Han character precedes it.
WORD_START_AFTER = re.compile(r"(?:^|[\s\u3000]|[\d０-９]\s*年度?)$")


def title_lines(text: str, limit: int = 12) -> list[str]:
    """The first lines of the report before its body begins, noise removed."""
    out = []
    for line in text.splitlines()[:40]:
        line = TABLE_NOISE.sub(" ", line).strip().strip("　 ")
        if not line:
            continue
        if LETTER_SPACED.fullmatch(line):  # 宁 阳 县 信 访 局: a title spaced out for looks
            line = re.sub(r"\s+", "", line)
        if len(line) > 60 or re.search(r"[。；]", line):
            break
        if FIELD_LINE.match(line) or BREADCRUMB.search(line):
            continue
        if NOISE_LINE.search(line) and not TITLE_WORDS.search(line):
            continue
        out.append(line)
        if len(out) >= limit:
            break
    return out


def find_title(lines: list[str]) -> str | None:
    for i, line in enumerate(lines):
        if re.search(r"[:：]$|如下|现将", line):  # 现将…情况报告如下： begins the body; 县委、县政府： addresses it
            continue
        if TITLE_WORDS.search(line) and ("法治" in line or "依法" in line or re.search(r"\d{4}", line)):
            title = re.sub(r"\s+", "", line)
            if i > 0 and _is_body_line(lines[i - 1]) and lines[i - 1] not in title:
                title = re.sub(r"\s+", "", lines[i - 1]) + title
            return title
    return None


def _is_body_line(line: str) -> bool:
    """A line that names a body (宁阳县信访局, 赵县人民政府) and nothing else."""
    line = re.sub(r"\s+", "", line)
    return len(line) <= 30 and any(line.endswith(h) for h in heads()) and not line.endswith(("：", ":"))


def find_region(text: str, lines: list[str], gaz: Gazetteer, year: int | None = None) -> Division | None:
    """The county-level division the report is about (as it is now; `year` chooses among names as they were)."""
    head = "\n".join(lines)
    body = text[:3000]
    scores: Counter = Counter()
    hits = gaz.find(text)  # once over the whole text (the extractors scan it again: the gazetteer keeps it)
    zones = ((head, 5, gaz.find(head)), (body[:400], 3, [h for h in hits if h[1] <= 400]),
             (body, 1, [h for h in hits if h[1] <= len(body)]))
    for zone, weight, found in zones:
        for s, e, name in found:
            if _names_county(gaz, name, year) and \
                    (gaz.is_standalone(zone, s, e) or WORD_START_AFTER.search(zone[max(0, s - 8):s])):
                scores[name] += weight
    if not scores:
        return None
    best = max(scores, key=lambda n: (scores[n], -text.find(n)))
    div = gaz.disambiguate(best, text[:5000], "county", year)
    return gaz.current(div) if div else None


def _names_county(gaz: Gazetteer, name: str, year: int | None) -> bool:
    """Whether `name` was a county-level division's in `year` (without a year: is one's now, or was one's if
    nothing bears it now). 日喀则市 in a 2023 report is the prefecture, not the county-level city of 2014."""
    if year:
        divs = gaz.named(name, year=year)
    else:
        divs = [d for d in gaz.named(name) if d.status == "current"] or gaz.named(name)
    return any(d.level == "county" for d in divs)


def _arabic_digits(text: str) -> str:
    """二〇二三年 → 2023年, ２０２３年 → 2023年 (the same length, so offsets stay put)."""
    text = CN_YEAR.sub(lambda m: m.group(0).translate(CN_DIGITS), text)
    return text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))


def find_year(text: str, lines: list[str], title: str | None) -> int | None:
    """The year whose work the report covers."""
    text = _arabic_digits(text)
    for source in filter(None, [title, *lines]):
        source = _arabic_digits(source)
        m = YEAR_IN_TITLE.search(source)
        if m and not re.search(r"发布|日期|时间", source[:m.start()]):
            return int(m.group(1))
    for para in text.splitlines()[:60]:
        m = YEAR_LEAD.match(TABLE_NOISE.sub("", para))
        if m:
            return int(m.group(1))
    m = re.search(r"((?:19|20)\d\d)年(?:，|,|以来)", text[:1500])
    if m:
        return int(m.group(1))
    for m in YEAR_IN_TEXT.finditer(text[:1500]):  # 按照《纲要（2021—2025年）》要求，2023年我局…
        before = text[max(0, m.start() - 8):m.start()]
        if not _in_brackets(text, m.start()) and not re.search(r"发布|日期|时间|[:：]\s*$", before):
            return int(m.group(1))
    m = DATE.search(text[:1500])
    if m:  # a report published early in a year is about the year before
        return int(m.group(1)) - 1 if int(m.group(2)) <= 6 else int(m.group(1))
    return None


def _in_brackets(text: str, pos: int) -> bool:
    """Whether `pos` lies inside 《…》 or （…） (a title or a span of years, not the report's year)."""
    before = text[max(0, pos - 60):pos]
    for open_, close in (("《", "》"), ("（", "）"), ("(", ")")):
        if before.rfind(open_) > before.rfind(close):
            return True
    return False


def find_issuer(text: str, lines: list[str], title: str | None, region: Division | None,
                gaz: Gazetteer, domains: str = "bureau_domains.tsv") -> str | None:
    resolver = OrgResolver(region, None, gaz)
    field = re.search(r"发布机构[:：\s|]*([^\s|]{3,30})", text[:2000])
    candidates = [title or "", *(l for l in lines[:6] if not ADDRESSEE.match(l))]
    if field:
        candidates.insert(0, field.group(1))
    for zone in candidates:
        if not zone:
            continue
        joint = _joint_issuers(zone, resolver)
        if joint:
            return joint
        for m in resolver.find_explicit(zone):
            if not _issuing_kind(zone[m.start:m.end]):
                continue
            written = zone[m.start:m.end]
            return written[2:] if written.startswith("中共") and written.endswith("委") else written
    # 2022年，县信访局坚持… / 2025年，泾源县公安局在…
    lead = ADDRESSEE.sub(lambda m: " " * len(m.group(0)), text[:600])
    for m in resolver.find(lead):
        if m.kind in ("bureau", "government", "office") and m.division and m.level == "county" \
                and _issuing_kind(m.name) \
                and not _follows_leadership(lead, m.start):
            written = lead[m.start:m.end]
            if region and not written.startswith(region.name):
                return m.name
            return written
    if region and re.search(r"我局|本局", text[:3000]):
        domain = _bureau_domain(text, domains)
        if domain:
            return region.name + domain
    return None


def _joint_issuers(zone: str, resolver: OrgResolver) -> str | None:
    """中共沅陵县委 沅陵县人民政府 — a report two bodies issue together is the government's."""
    found = resolver.find_explicit(zone)
    kinds = {m.kind for m in found}
    if len(found) >= 2 and {"party", "government"} <= kinds:
        gov = next(m for m in found if m.kind == "government")
        return zone[gov.start:gov.end]
    return None


def _issuing_kind(name: str) -> bool:
    return not re.search(r"会议|常委会|党校|领导小组", name)


def _follows_leadership(text: str, pos: int) -> bool:
    """在县委、县政府的领导下 names the leaders, not the writer."""
    clause = re.split(r"[，,。；;:：\n]", text[:pos])[-1]
    return bool(re.search(r"在|按照|根据|围绕|落实|贯彻", clause))


def _bureau_domain(text: str, table: str = "bureau_domains.tsv") -> str | None:
    counts = {row["head"]: sum(text.count(k) for k in row["keywords"].split("|"))
              for row in data.table(table)}
    best = max(counts, key=counts.get)
    return best if counts[best] >= 3 else None


def extract_metadata(text: str, gaz: Gazetteer | None = None, domains: str = "bureau_domains.tsv"
                     ) -> tuple[ReportMeta, Division | None]:
    """The report's metadata and its division, from its text."""
    gaz = gaz or gazetteer()
    lines = title_lines(text)
    title = find_title(lines)
    year = find_year(text, lines, title)
    region = find_region(text, lines, gaz, year)
    issuer = find_issuer(text, lines, title, region, gaz, domains)
    meta = ReportMeta(title=title, issuer=issuer, year=year)
    if region:
        pref, prov = gaz.prefecture_of(region), gaz.province_of(region)
        meta.region, meta.region_code, meta.region_level = region.name, region.code, region.level
        meta.prefecture = pref.name if pref else None
        meta.province = prov.name if prov else None
    return meta, region


@dataclass(frozen=True)
class Place:
    """Where a report is from: its division (None when the text does not say) and the resolver that names bodies
    relative to it (县委 in a 宁阳县 report is 宁阳县委)."""

    division: Division | None
    resolver: OrgResolver


@Language.factory(
    "kg_meta",
    assigns=["doc._.kg_text", "doc._.kg_norm", "doc._.kg_sentences", "doc._.kg_meta", "doc._.kg_place"],
    default_config={"bureau_domains": "bureau_domains.tsv"},
)
def make_meta(nlp: Language, name: str, bureau_domains: str):
    return MetaComponent(bureau_domains)


class MetaComponent:
    """Sets the report's text, normalised view, sentences, metadata and place on the Doc."""

    def __init__(self, bureau_domains: str = "bureau_domains.tsv"):
        self.bureau_domains = bureau_domains

    def __call__(self, doc: Doc) -> Doc:
        text = doc._.kg_text = doc.text  # Doc.text joins every token: read it once
        doc._.kg_norm = normalize(text)
        doc._.kg_sentences = sentences(text)
        gaz = gazetteer()
        meta, region = extract_metadata(text, gaz, self.bureau_domains)
        doc._.kg_meta = meta
        doc._.kg_place = Place(region, OrgResolver(region, meta.issuer, gaz))
        return doc
