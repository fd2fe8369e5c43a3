"""`kg_meta`: what a report is — title, issuer, place and year — found once, first in the pipeline.

Read from the head of the page (title lines, the addressee line, the publisher and source lines, breadcrumbs) and
the first sentences of the body, on the normalised view (traditional characters simplified), with what is shown
kept as written. The component also sets what every later component reads: the report text (the tokens joined
once), its normalised view, its sentences, and the report's place (`Place`: its division and the organisation
resolver relative to it).

The place is the division of the body that wrote the report, at that body's level: the county for a county's
body, the prefecture for a prefecture's (泰安市信访局: region = prefecture = 泰安市), the province for a province's.
The writer is found, in this order, as a body the title or the head names, the subject of the body's first
sentence (`2023年，赣州市司法局在…`), a signature, or the publisher line; an unsigned report that speaks for a place
(`2024年，沈阳市坚持…`, `阜城县关于…的报告`, `我县…`) is its people's government's. News is signed by nobody but
the publisher line's body (a newspaper or website signs nothing): its place is where it happens, its year the
date it was published.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .. import data
from ..model import ReportMeta
from ..resolve.gazetteer import MUNICIPALITIES, Division, Gazetteer, gazetteer
from ..resolve.orgs import OrgMention, OrgResolver, heads
from .doc import sentences
from .normalize import normalize

TITLE_WORDS = re.compile(r"报告|总结|年报|情况$|工作情况")
NOISE_LINE = re.compile(r"位置|首页|>|发布时间|发布日期|日期[:：]|时间[:：]|来源[:：]|浏览|字体|字号|索引号|文号|分类|"
                        r"发文|打印|关闭|分享|扫一扫|微信|^\W*$|^[\w\s]{0,6}[:：]\s*$|www\.|http")
YEAR_IN_TITLE = re.compile(r"(?<![\d—–\-－~至])((?:19|20)\d\d)\s*年(?:度)?(?![\d—–\-－~至])")
YEAR_LEAD = re.compile(r"^\s*(?:本年度|今年)?[，,]?\s*((?:19|20)\d\d)\s*年(?:度|以来|来|，|,|是|，?我|，?在|全年|"
                       r"(?![\d月至—–\-－~]))")
YEAR_IN_TEXT = re.compile(r"(?<![\d—–\-－~至])((?:19|20)\d\d)\s*年(?:度)?(?![\d月—–\-－~至])")
DATE = re.compile(r"((?:19|20)\d\d)[-年./](\d{1,2})")
# The day a page was published: 2025-09-29, 2023年09月01日, 2024.06.07.
PUBLISHED = re.compile(r"((?:19|20)\d\d)\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")
ADDRESSEE = re.compile(r"^[^\n。，,]{2,40}[:：]\s*$", re.M)


def _labels(*words: str) -> str:
    """Field labels as a pattern, spaces allowed between their characters (标      题:, 索  引 号:)."""
    return "(?:" + "|".join(r"[ \t\u3000]*".join(map(re.escape, w)) for w in sorted(words, key=len, reverse=True)) + ")"


TABLE_NOISE = re.compile(r"^\s*" + _labels("标题", "信息名称", "文件名称", "名称", "题名") + r"\s*[:：]|[|｜]+")
# Fields of a government site's open-information table: never the title, whatever words they hold.
FIELD_LINE = re.compile(r"^\s*" + _labels("索引号", "信息分类", "主题分类", "分类", "发布机构", "发文机关", "发文机构",
                                           "发布单位", "发文日期", "成文日期", "发布日期", "发布时间", "文号", "发文字号",
                                           "主题词", "关键词", "内容概览", "摘要", "时效", "有效性", "信息来源", "来源")
                        + r"\s*[:：]")
# The publisher or source line: the body (or newspaper, website) that put the page out.
PUBLISHER = re.compile(_labels("发布机构", "发文机关", "发文机构", "发布单位", "发布来源", "信息来源", "稿件来源", "来源")
                       + r"\s*[:：]\s*[|｜]?\s*([\u4e00-\u9fff()（）·]{2,30})")
# A newspaper, a website or an account: it publishes, it does not sign (辽阳日报, 松阳新闻网, 中国江苏网).
MEDIA = re.compile(r"网|报|台|新闻|融媒|传媒|客户端|公众号|微信|微博|头条|在线|之声|发布$")
BREADCRUMB = re.compile(r"位置\s*[:：]|首页\s*[>＞»›]|[>＞»›]\s*[^>＞»›]+\s*[>＞»›]")
LETTER_SPACED = re.compile(r"[\u4e00-\u9fff](?:[ \t\u3000\u00a0]+[\u4e00-\u9fff])+")
CN_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")
WIDE_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
WIDE_DIGIT = re.compile("[０-９]")
CN_YEAR = re.compile(r"[〇○零一二三四五六七八九]{4}(?=\s*年)")
# Where a two-character county name (睢县, 赵县) starts a word even though a Han character precedes it.
WORD_START_AFTER = re.compile(r"(?:^|[\s\u3000]|[\d０-９]\s*年度?)$")
# News: the lead of a report of an event (9月28日，…; 近日，…; 本报讯), and the sentences that make a page a report.
NEWS_LEAD = re.compile(r"本报讯|本台讯|记者|通讯员|近日|日前|(?<![\d年])\d{1,2}月\d{1,2}日")
REPORT_BODY = re.compile(r"报告如下|汇报如下|总结如下|现将|特编制|年度报告")
# A dateline names the place: 本报辽阳9月28日讯, 松阳讯（记者 …）.
DATELINE = re.compile(r"(?:本报|本台|本网)?([\u4e00-\u9fff]{2,8}?)(?:\d{1,2}月\d{1,2}日)?(?:讯|电)")
# A body's website or account (桐柏县人民政府门户网站): it publishes, it does not write.
SITE_AFTER = re.compile(r"\s*(?:门户网站|门户网|网站|官网|政务网|微信公众号|公众号|客户端|政务新媒体)")
# A site's name after the headline: …接待群众_黑龙江省信访局
SITE_SUFFIX = re.compile(r"\s*[_｜|]\s*[^_｜|]{2,30}$")
# What the writer says of itself, and the type of place it speaks for.
BUREAU_SELF = re.compile(r"我局|本局|我厅|本厅|我分局|本分局|我办|本办|我委|本委|我院|本院|我中心|本中心|我队|本队")
SELF_PLACE = re.compile(r"(我|本|全)(县|区|市|旗|州|盟|省)")
# Clauses before the subject of a report's first sentence: its year, the leaders, what it follows.
YEAR_CLAUSE = re.compile(r"^(?:(?:19|20)\d\d年(?:度|以来|来|初|上半年|全年)?|今年以来|一年来|本年度|年内|近年来|过去一年)$")
YEAR_GLUED = re.compile(r"(?:19|20)\d\d年(?:度|以来)?\s*")
ADVERBIAL = re.compile(r"^(?:在|按照|根据|依据|围绕|为了|为|对照|遵照|结合|紧扣|紧紧围绕|坚持|以|按|经|自|从|随着|面对|针对)")
ISSUING_NOT = re.compile(r"会议|常委会|党校|领导小组|党组|理论学习中心组")
# A place's own slogans name it by its short name: 法治东明, 平安鹤岗, 打造更高水平的法治即墨.
SLOGAN = re.compile(r"(?:法治|平安|美丽|幸福|数字|智慧|活力|魅力|生态|文明|清廉|廉洁|善治)(?=[\u4e00-\u9fff]{2})")
# Notices, circulars and published schedules (their own year, signed at the end).
NOTICE_TITLE = re.compile(r"^关于.{2,80}(?:通知|公告|通告|通报|决定|批复)$|(?:安排表|一览表|公示|公告|通告)$")
NUMBERED = re.compile(r"\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．])")
LEVEL_RANK = {"county": 0, "prefecture": 1, "province": 2}


@dataclass(frozen=True)
class Line:
    """A line of the page's head, as written and in its normalised view (the same length)."""
    text: str
    norm: str
    index: int  # the line's number in the text


@dataclass(frozen=True)
class PageHead:
    lines: list[Line]         # title lines: the lines before the body that may name the report
    body_line: int            # the number of the first line of the body
    fields: list[Line]        # the publisher and source lines
    crumbs: list[Line] = field(default_factory=list)  # breadcrumbs (首页 > 信息公开 > …): the site's place


def _clean(written: str, norm: str) -> tuple[str, str]:
    """A head line without table bars, field labels and surrounding space; a spaced-out title closed up (宁 阳 县 信 访
    局 → 宁阳县信访局). The same edits are made to both views, so they stay aligned."""
    w, n = list(written), list(norm)
    for m in TABLE_NOISE.finditer(norm):
        for i in range(m.start(), m.end()):
            w[i] = n[i] = " "
    w, n = "".join(w), "".join(n)
    a = len(n) - len(n.lstrip("　 \t\u00a0"))
    b = len(n.rstrip("　 \t\u00a0"))
    w, n = w[a:b], n[a:b]
    if LETTER_SPACED.fullmatch(n):
        keep = [i for i, c in enumerate(n) if not c.isspace()]
        w, n = "".join(w[i] for i in keep), "".join(n[i] for i in keep)
    return w, n


def read_head(text: str, norm: str | None = None, limit: int = 12) -> PageHead:
    """The lines of the page before its body begins (noise and fields apart), and where the body begins."""
    norm = normalize(text) if norm is None else norm
    written, normed = text.splitlines()[:40], norm.splitlines()[:40]
    out: list[Line] = []
    fields: list[Line] = []
    crumbs: list[Line] = []
    body = len(written)
    for i, (w, n) in enumerate(zip(written, normed)):
        w, n = _clean(w, n)
        if not n:
            continue
        if PUBLISHER.search(n):
            fields.append(Line(w, n, i))
        if len(n) > 60 or re.search(r"[。；]", n):
            if not out and _title_follows(normed, i):
                continue  # a banner or a slogan above the title
            body = i
            break
        if BREADCRUMB.search(n):
            crumbs.append(Line(w, n, i))
            continue
        if FIELD_LINE.match(n):
            continue
        if NOISE_LINE.search(n) and not TITLE_WORDS.search(n):
            continue
        out.append(Line(w, n, i))
        if len(out) >= limit:
            body = i + 1
            break
    return PageHead(out, body, fields, crumbs)


def _title_follows(lines: list[str], i: int) -> bool:
    """Whether a report's title comes within the next lines (the long line above it is a banner, not the body)."""
    if YEAR_LEAD.match(lines[i]) or re.match(r"\s*(?:现将|根据|按照)", lines[i]):
        return False
    return any(len(n.strip()) <= 60 and TITLE_WORDS.search(n) and re.search(r"法治|依法|\d{4}", n)
               and not re.search(r"[。；]", n) and not NUMBERED.match(n) for n in lines[i + 1:i + 6])


def find_title(lines: list[Line]) -> Line | None:
    """The report's title line (joined with the line above when that names the body or ends in 关于)."""
    for i, line in enumerate(lines):
        if re.search(r"[:：]$|如下|现将", line.norm):  # 现将…情况报告如下： begins the body; 县委、县政府： addresses it
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is not None and not TITLE_WORDS.search(line.norm) and re.search(r"法治|依法|\d{4}年", line.norm) \
                and len(nxt.norm) <= 15 and TITLE_WORDS.search(nxt.norm) and nxt.index == line.index + 1:
            line = Line(line.text + nxt.text, line.norm + nxt.norm, line.index)  # …法治政府建设 / 情况的报告
        if TITLE_WORDS.search(line.norm) and ("法治" in line.norm or "依法" in line.norm
                                               or re.search(r"\d{4}", line.norm)):
            if i > 0 and lines[i - 1].norm not in line.norm and \
                    (_is_body_line(lines[i - 1].norm) or lines[i - 1].norm.endswith("关于")):
                prev = lines[i - 1]
                return Line(prev.text + line.text, prev.norm + line.norm, prev.index)
            return line
    return None


def find_notice_title(lines: list[Line]) -> Line | None:
    """The title of a notice, a circular or a published schedule (关于公布…接访安排的公告, …信访接待日安排表)."""
    for line in lines[:4]:
        if NOTICE_TITLE.search(_squash(line.norm)) and not ADDRESSEE.match(line.norm):
            return line
    return None


def find_headline(lines: list[Line]) -> Line | None:
    """The headline of a news page: its first line of text, without a site's name after it."""
    for line in lines:
        if ADDRESSEE.match(line.norm) or len(re.findall(r"[\u4e00-\u9fff]", line.norm)) < 6:
            continue
        m = SITE_SUFFIX.search(line.norm)
        site = m is not None and ("_" in m.group(0) or MEDIA.search(m.group(0)) is not None)
        cut = m.start() if site else len(line.norm)
        return Line(line.text[:cut], line.norm[:cut], line.index)
    return None


def _squash(value: str) -> str:
    return re.sub(r"\s+", "", value)


def _is_body_line(line: str) -> bool:
    """A line that names a body (宁阳县信访局, 赵县人民政府) and nothing else."""
    line = _squash(line)
    return len(line) <= 30 and any(line.endswith(h) for h in heads()) and not line.endswith(("：", ":"))


def is_news(head: PageHead, norm: str, title: Line | None) -> bool:
    """A page that reports an event (a leader receiving petitioners, a launch ceremony), not a report of a year."""
    if title is not None or find_headline(head.lines) is None:
        return False
    if REPORT_BODY.search(norm[:2000]):
        return False
    body = "\n".join(norm.splitlines()[head.body_line:])
    return bool(NEWS_LEAD.search(body[:300]))


# -- year ----------------------------------------------------------------------------------------------------------
def _arabic_digits(text: str) -> str:
    """二〇二三年 → 2023年, ２０２３年 → 2023年 (the same length, so offsets stay put)."""
    text = CN_YEAR.sub(lambda m: m.group(0).translate(CN_DIGITS), text)
    return text.translate(WIDE_DIGITS) if WIDE_DIGIT.search(text) else text  # a scan in C, mostly all it costs


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


def find_news_year(norm: str, headline: str | None) -> int | None:
    """News is of the day it was published (the page's date, or the first full date of the text)."""
    text = _arabic_digits(norm[:1500])
    m = PUBLISHED.search(text)
    if m and 1 <= int(m.group(2)) <= 12:
        return int(m.group(1))
    m = YEAR_IN_TITLE.search(_arabic_digits(headline or ""))
    return int(m.group(1)) if m else None


def find_notice_year(norm: str, title: str) -> int | None:
    """A notice is of its own year: the year in its title, else the date it is signed (the last full date of the
    text), else the first."""
    text = _arabic_digits(norm)
    m = YEAR_IN_TITLE.search(_arabic_digits(title))
    if m:
        return int(m.group(1))
    dates = [d for d in PUBLISHED.finditer(text) if 1 <= int(d.group(2)) <= 12]
    return int(dates[-1].group(1)) if dates else None


def _in_brackets(text: str, pos: int) -> bool:
    """Whether `pos` lies inside 《…》 or （…） (a title or a span of years, not the report's year)."""
    before = text[max(0, pos - 60):pos]
    for open_, close in (("《", "》"), ("（", "）"), ("(", ")")):
        if before.rfind(open_) > before.rfind(close):
            return True
    return False


# -- who wrote it, and where -------------------------------------------------------------------------------------
@dataclass
class Writer:
    """The body that wrote the report: a mention with its place (explicit, or relative: 区司法局 with its place
    found elsewhere), or a place that speaks for itself (its government writes)."""
    written: str = ""                  # as the text writes it
    mention: OrgMention | None = None  # an explicit body
    relative: tuple[str, str] | None = None   # (place word, head) of a relative body: ("区", "司法局")
    place: Division | None = None      # a place as the subject: 2024年，沈阳市坚持…
    speaks_for: str | None = None      # the place's type when it speaks for itself: 2024年，我旗坚持… (旗)


def _explicit(resolver: OrgResolver, zone: str) -> list[OrgMention]:
    return [m for m in resolver.find_explicit(zone) + resolver._townships(zone)
            if not ISSUING_NOT.search(m.name) and not _in_title(zone, m.start)]


def _in_title(text: str, pos: int) -> bool:
    """Inside 《…》: a body named in a document's title did not write the report."""
    before = text[max(0, pos - 80):pos]
    return before.rfind("《") > before.rfind("》")


def _followed_by_post(zone: str, end: int) -> bool:
    """黑龙江省委副书记王志军…: a body written with a person's post is that person's, not the writer."""
    after = zone[end:end + 6]
    return any(after.startswith(p) for p in _posts())


@lru_cache(maxsize=1)
def _posts() -> tuple[str, ...]:
    return tuple(sorted(data.lines("posts.txt"), key=len, reverse=True))


def _writer_in(zone: Line | str, resolver: OrgResolver) -> Writer | None:
    """The body a title or head line names as its writer (中共沅陵县委 沅陵县人民政府: the government)."""
    norm = zone.norm if isinstance(zone, Line) else zone
    text = zone.text if isinstance(zone, Line) else zone
    found = [m for m in _explicit(resolver, norm)
             if not _followed_by_post(norm, m.end) and not SITE_AFTER.match(norm, m.end)]
    if not found:
        return None
    kinds = {m.kind for m in found}
    if len(found) >= 2 and {"party", "government"} <= kinds:
        gov = next(m for m in found if m.kind == "government")
        return Writer(text[gov.start:gov.end], gov)
    m = found[0]
    written = text[m.start:m.end]
    if written.startswith("中共") and written.endswith("委"):
        written = written[2:]
    return Writer(written, m)


def _place_at(gaz: Gazetteer, norm: str, pos: int, year: int | None) -> tuple[Division, int] | None:
    """A division whose name starts at `pos` and is not followed by a head (a place, not a body): the last of a
    chain of names (福州市长乐区 → 长乐区), and where it ends."""
    hits = gaz.find(norm[pos:pos + 40])
    if not hits or hits[0][0] != 0:
        return None
    end, name = hits[0][1], hits[0][2]
    for s, e, n in hits[1:]:
        if s != end:
            break
        end, name = e, n
    if _head_follows(norm, pos + end):
        return None
    div = gaz.disambiguate(name, norm[:5000], year=year)
    return (_province_row(gaz, div), pos + end) if div else None


def _head_follows(norm: str, pos: int) -> bool:
    return any(norm.startswith(h, pos) for h in _heads_longest_first())


@lru_cache(maxsize=1)
def _heads_longest_first() -> tuple[str, ...]:
    return tuple(sorted(heads(), key=len, reverse=True))


def _clauses(sentence: str, offset: int) -> list[tuple[int, str]]:
    out, start = [], 0
    for m in re.finditer(r"[，,；;：:]", sentence):
        out.append((offset + start, sentence[start:m.start()]))
        start = m.end()
    out.append((offset + start, sentence[start:]))
    return out


def _lead_sentences(norm: str, body_line: int) -> list[tuple[int, str]]:
    """The first sentence of the body, and the first sentence of each of its first paragraphs that opens with a
    year (2023年，平度市信访局…): where a report names its writer as the subject."""
    lines = norm.splitlines(keepends=True)
    pos = sum(len(l) for l in lines[:body_line])
    out = []
    for line in lines[body_line:body_line + 8]:
        stripped = line.strip()
        if stripped and (not out or YEAR_CLAUSE.match(re.split(r"[，,]", stripped)[0].strip())):
            if ADDRESSEE.match(stripped):
                pos += len(line)
                continue
            end = re.search(r"[。；;！？]", line)
            out.append((pos, line[:end.end()] if end else line))
        pos += len(line)
    return out


def _lead_subject(norm: str, text: str, body_line: int, resolver: OrgResolver, gaz: Gazetteer,
                  year: int | None) -> Writer | None:
    """The subject of the body's first sentence: 2023年，赣州市司法局在…; 2024年，区司法局以…; 2024年，沈阳市坚持…;
    …的具体指导下，日喀则市深入学习…"""
    for pos, sentence in _lead_sentences(norm, body_line):
        for start, clause in _clauses(sentence, pos):
            lead = len(clause) - len(clause.lstrip(" \u3000\t\n"))
            start, clause = start + lead, clause.strip()
            year_ = YEAR_GLUED.match(clause)  # 2021年曲沃县信访局紧紧围绕…
            if year_ and year_.end() < len(clause):
                start, clause = start + year_.end(), clause[year_.end():]
            if not clause or YEAR_CLAUSE.match(clause) or ADVERBIAL.match(clause) or clause.startswith("《"):
                continue
            found = _explicit(resolver, clause)
            if found and found[0].start == 0:
                m = _joint(found, clause) or found[0]  # 中共X县委、X县人民政府: the government
                gov = _joint_relative(found[0], clause, resolver)  # X县委、县政府: the government
                if gov is not None:
                    return Writer(gov.name, gov)
                return Writer(text[start + m.start:start + m.end], m)
            rel = _relative_subject(clause)
            if rel is not None:
                return Writer(text[start:start + rel[2]], relative=rel[:2])
            own = re.match(r"(?:我|本)([县区市旗州盟省])(?![委局])", clause)
            if own:  # 2024年，我旗坚持…: the place speaks; its government writes (the publisher line does not)
                return Writer(text[start:start + own.end()], speaks_for=own.group(1))
            place = _place_at(gaz, norm, start, year)
            if place is not None:
                return Writer(text[start:place[1]], place=place[0])
            break  # the first clause with a subject decides
    return None


def _joint(found: list[OrgMention], clause: str) -> OrgMention | None:
    """The government among bodies listed together at the head of a clause (X县委、X县人民政府坚持…)."""
    listed = [found[0]]
    for m in found[1:]:
        if clause[listed[-1].end:m.start] in ("、", "和", " ", "与"):
            listed.append(m)
    return next((m for m in listed if m.kind == "government"), None) if len(listed) > 1 else None


def _joint_relative(first: OrgMention, clause: str, resolver: OrgResolver) -> OrgMention | None:
    """X县委、县政府坚持…: a body written in full and its place's government written relative to it."""
    if first.place is None or clause[first.end:first.end + 1] not in ("、", "和") or first.kind == "government":
        return None
    rel = _relative_subject(clause[first.end + 1:])
    if rel is None or heads()[rel[1]].kind != "government":
        return None
    local = OrgResolver(first.place, gaz=resolver.gaz, year=resolver.year)
    found = [m for m in local.find(rel[0] + rel[1]) if m.start == 0 and m.place == first.place]
    return found[0] if found else None


RELATIVE_SUBJECT = re.compile(r"(?:中共)?([县区市州旗盟省])")


def _relative_subject(clause: str) -> tuple[str, str, int] | None:
    """A relative body at the head of a clause (区司法局以…; 县委、县政府坚持…: the government): (place word,
    head, end)."""
    out = []
    pos = 0
    while True:
        rel = RELATIVE_SUBJECT.match(clause, pos)
        head = rel and next((h for h in _heads_longest_first() if clause.startswith(h, rel.end())), None)
        if not head or ISSUING_NOT.search(head):
            break
        out.append((rel.group(1), head, rel.end() + len(head)))
        pos = rel.end() + len(head)
        if clause[pos:pos + 1] not in ("、", "和"):
            break
        pos += 1
    if not out:
        return None
    return next((r for r in out if heads()[r[1]].kind == "government"), out[0])


def _title_place(line: Line, gaz: Gazetteer, year: int | None) -> Writer | None:
    """A title that names a place and no body: 阜城县关于2022年度…报告, 2024年度鄞州区法治政府建设工作报告."""
    m = re.match(r"(?:关于)?(?:(?:19|20)\d\d年度?)?", line.norm)
    place = _place_at(gaz, line.norm, m.end(), year)
    if place is None:
        return None
    after = line.norm[place[1]:place[1] + 4]
    if not re.match(r"关于|(?:19|20)\d\d|法治|年度|依法|政府|人民|全面", after):
        return None
    return Writer(line.text[m.end():place[1]], place=place[0])


def _signature(norm: str, text: str, resolver: OrgResolver) -> Writer | None:
    """A body signing the report at its end (宁阳县信访局 above a date)."""
    lines = [l for l in norm.splitlines() if l.strip()][-3:]
    for line in lines:
        squashed = _squash(line)
        if len(squashed) <= 30 and _is_body_line(squashed) and not re.search(r"[:：]", squashed):
            w = _writer_in(squashed, resolver)
            if w is not None and w.mention is not None and (w.mention.start, w.mention.end) == (0, len(squashed)):
                return w
    return None


def _publisher(head: PageHead, norm: str, resolver: OrgResolver) -> tuple[Writer | None, list[str]]:
    """The body the publisher line names (发布机构：区司法局; 发布来源：正蓝旗信访局), and every value the source lines
    give (辽阳日报, 松阳新闻网: media, which name a place but sign nothing)."""
    values = [m.group(1) for line in head.fields for m in PUBLISHER.finditer(line.norm)]
    values += [m.group(1) for m in PUBLISHER.finditer(norm[:2000])]
    crumbs = [part.strip() for line in head.crumbs for part in re.split(r"[>＞»›]+", line.norm)]
    writer = None
    for value in values:
        if MEDIA.search(value) or writer is not None:
            continue
        w = _writer_in(value, resolver)
        if w is not None and w.mention is not None and w.mention.start == 0:
            writer = w
            continue
        rel = re.match(r"([县区市州旗盟省])", value)
        if rel and value[1:] in heads() and not ISSUING_NOT.search(value):
            writer = Writer(value, relative=(rel.group(1), value[1:]))
    return writer, values + [c for c in crumbs if c]


def _self_char(norm: str, writer: Writer | None) -> str | None:
    """The type of place the report speaks for: the relative writer's (区司法局 → 区), else the one it calls its own
    (我县, 本市; 全县 counts less)."""
    if writer is not None and writer.relative is not None:
        return writer.relative[0]
    if writer is not None and writer.speaks_for is not None:
        return writer.speaks_for
    counts: Counter = Counter()
    for m in SELF_PLACE.finditer(norm[:6000]):
        counts[m.group(2)] += 1 if m.group(1) == "全" else 3
    if not counts:
        return None
    (best, n), *rest = counts.most_common(2) + [(None, 0)]
    return best if n >= 2 and n > rest[0][1] else None


def _province_row(gaz: Gazetteer, div: Division) -> Division:
    """A municipality is a place of its own: its province row (北京市 is both region and prefecture)."""
    if div.level == "prefecture" and div.province in MUNICIPALITIES and div.code == div.province:
        return gaz.get(div.code, "province") or div
    return div


def _fits(div: Division, char: str | None) -> bool:
    if char is None:
        return True
    if char == "市" and div.province in MUNICIPALITIES and div.level == "province":
        return True
    return div.name.endswith(char)


def _scored_place(norm: str, head: PageHead, gaz: Gazetteer, year: int | None, char: str | None,
                  extra: list[str] = ()) -> Division | None:
    """The division the text names most where it names its own place (head lines, source lines, the first
    sentences, then the body), of the type it speaks for."""
    body_start = sum(len(l) for l in norm.splitlines(keepends=True)[:head.body_line])
    body = norm[body_start:body_start + 3000]
    zones = [("\n".join(l.norm for l in head.lines), 5), ("\n".join(extra), 4), (body[:400], 3), (body, 1)]
    scores: Counter = Counter()
    first: dict[Division, int] = {}
    probe = OrgResolver(None, gaz=gaz, year=year)
    for zone, weight in zones:
        if not zone:
            continue
        hits = gaz.find(zone)
        for s, e, name in hits:
            if not (gaz.is_standalone(zone, s, e) or WORD_START_AFTER.search(zone[max(0, s - 8):s])):
                continue
            if probe.conjunction_before_head(zone, s, e, name):
                continue
            div = gaz.disambiguate(name, norm[:5000], year=year)
            if div is None:
                continue
            div = _province_row(gaz, div)
            listed = (s > 0 and zone[s - 1] == "、") or zone[e:e + 1] == "、"
            scores[div] += weight * (0.5 if listed else 1)
            first.setdefault(div, len(first))
    cands = {d: s for d, s in scores.items() if _fits(d, char)}
    if not cands:
        return None
    best = max(cands, key=lambda d: (cands[d], -LEVEL_RANK.get(d.level, 0), -first[d]))
    return best if cands[best] >= 3 or char is not None else None


def _short_place(gaz: Gazetteer, values: list[str], char: str | None, year: int | None,
                 context: str) -> Division | None:
    """A place the source or the dateline gives by its short name (辽阳日报 → 辽阳市, 松阳新闻网 → 松阳县), of the
    type the text speaks for."""
    for value in values:
        for _, _, short in gaz.find_short(value):
            divs = [_province_row(gaz, d) for d in gaz.short_named(short)]
            divs = [d for d in divs if _fits(d, char) and (year is None or d.valid_in(year) or d.status == "current")]
            if divs:
                return max(divs, key=lambda d: (sum(p.name in context for p in
                                                    filter(None, (gaz.prefecture_of(d), gaz.province_of(d)))),
                                                d.status == "current", -LEVEL_RANK.get(d.level, 0)))
    return None


def _slogan_place(gaz: Gazetteer, norm: str, char: str | None, year: int | None) -> Division | None:
    """A place named only by its short name in a slogan of its own (法治东明, 平安鹤岗): of the type the text speaks
    for, and under a place the text names in full (its prefecture or province), or the only one of that name."""
    if char is None:
        return None
    named = {d.code for s, e, n in gaz.find(norm[:6000]) for d in gaz.named(n)}
    found: Counter = Counter()
    for m in SLOGAN.finditer(norm[:6000]):
        hits = [h for h in gaz.find_short(norm[m.end():m.end() + 12]) if h[0] == 0]
        if not hits:
            continue
        divs = [_province_row(gaz, d) for d in gaz.short_named(hits[0][2])
                if _fits(d, char) and (year is None or d.valid_in(year))]
        under = [d for d in divs if d.parent in named or d.province in named]
        if len(under) == 1 or (len(divs) == 1 and not under):
            found[(under or divs)[0]] += 1
    return found.most_common(1)[0][0] if found else None


def _lowest_place(zones: list[str], gaz: Gazetteer, year: int | None, context: str) -> Division | None:
    """Where a news item happens: the lowest-level division its headline (then its lead) names (省委副书记…到拜泉县
    调研 → 拜泉县; 江苏省淮安市市长… → 淮安市)."""
    for zone in zones:
        divs = []
        for s, e, name in gaz.find(zone):
            if gaz.is_standalone(zone, s, e):
                div = gaz.disambiguate(name, context, year=year)
                if div is not None:
                    divs.append(_province_row(gaz, div))
        if divs:
            return min(divs, key=lambda d: LEVEL_RANK.get(d.level, 0))
    return None


def _dateline(norm: str, head: PageHead) -> list[str]:
    body = "\n".join(norm.splitlines()[head.body_line:head.body_line + 2])
    m = DATELINE.match(body.strip())
    return [m.group(1)] if m else []


def government_of(resolver: OrgResolver, div: Division) -> str | None:
    """The people's government of a place (X地区行政公署 for a 地区 or 盟)."""
    return resolver.name_for(div, heads()["人民政府"])


def _bureau_domain(text: str, table: str = "bureau_domains.tsv",
                   named: Counter | None = None) -> str | None:
    """The head of the bureau a text that says 我局 is by (the one whose work it speaks of most)."""
    named = named or Counter()
    counts = {row["head"]: sum(text.count(k) for k in row["keywords"].split("|")) + 2 * named[row["head"]]
              for row in data.table(table)}
    best = max(counts, key=counts.get)
    ranked = sorted(counts.values(), reverse=True)
    return best if counts[best] >= 3 and (len(ranked) < 2 or counts[best] > ranked[1]) else None


@dataclass
class Found:
    """What the head of a report says: its metadata and its division."""
    meta: ReportMeta
    region: Division | None
    issuer_norm: str | None = None  # the issuer's name in the normalised view (for the resolver)


def read_report_head(text: str, norm: str | None = None, gaz: Gazetteer | None = None,
                     domains: str = "bureau_domains.tsv") -> Found:
    """Title, issuer, place and year of a report, read from its text."""
    gaz = gaz or gazetteer()
    norm = normalize(text) if norm is None else norm
    head = read_head(text, norm)
    title = find_title(head.lines)
    notice = find_notice_title(head.lines) if title is None else None
    news = notice is None and is_news(head, norm, title)
    headline = find_headline(head.lines) if news else None
    shown = title or notice or headline
    if news:
        year = find_news_year(norm, headline.norm if headline else None)
    elif notice is not None:
        year = find_notice_year(norm, notice.norm)
    else:
        year = find_year(norm, [l.norm for l in head.lines], title.norm if title else None)
    title = title or notice
    probe = OrgResolver(None, gaz=gaz, year=year)
    publisher, values = _publisher(head, norm, probe)
    context = norm[:5000]

    writer = None
    if news:
        writer = publisher or _signature(norm, text, probe)
    else:
        zones = [title] if title else []
        zones += [l for l in head.lines[:6] if l is not title and not ADDRESSEE.match(l.norm)
                  and not (title and l.norm in title.norm)]
        for zone in zones:
            writer = _writer_in(zone, probe)
            if writer is not None:
                break
        writer = writer or _lead_subject(norm, text, head.body_line, probe, gaz, year) \
            or (_title_place(title, gaz, year) if title else None) or _signature(norm, text, probe) or publisher
    char = _self_char(norm, writer)

    region = None
    if writer is not None and writer.mention is not None and writer.mention.place is not None:
        region = writer.mention.place
    elif writer is not None and writer.place is not None:
        region = writer.place
    if region is None and writer is not None and writer.relative is not None:
        region = _named_in_full(norm, writer.relative, probe)  # 市公安局 … 《宜春市公安局营商环境…》
    if region is None and news:
        region = _lowest_place([headline.norm if headline else "", _lead(norm, head)], gaz, year, context) or \
            _short_place(gaz, values + _dateline(norm, head), char or _news_char(norm), year, context)
    if region is None:
        region = _scored_place(norm, head, gaz, year, char, values) or \
            _short_place(gaz, values + _dateline(norm, head), char, year, context) or \
            _slogan_place(gaz, norm, char, year)

    resolver = OrgResolver(region, gaz=gaz, year=year)
    issuer, issuer_norm = _issuer(writer, news, region, resolver, norm, domains)
    meta = ReportMeta(title=_squash(shown.text) if shown else None, issuer=issuer, year=year)
    if region:
        pref, prov = gaz.prefecture_of(region), gaz.province_of(region)
        meta.region, meta.region_code, meta.region_level = region.name, region.code, region.level
        meta.prefecture = pref.name if pref else (region.name if region.province in MUNICIPALITIES else None)
        meta.province = prov.name if prov else None
    return Found(meta, region, issuer_norm)


def _named_in_full(norm: str, relative: tuple[str, str], probe: OrgResolver) -> Division | None:
    """The place of a relative writer (区司法局) where the text writes the same body with its place in full."""
    body = heads()[relative[1]].body
    places = Counter(m.place for m in probe.find_explicit(norm[:6000])
                     if m.body == body and m.place is not None and _fits(m.place, relative[0]))
    return places.most_common(1)[0][0] if places else None


def _lead(norm: str, head: PageHead) -> str:
    return "\n".join(norm.splitlines()[head.body_line:head.body_line + 3])[:300]


def _news_char(norm: str) -> str | None:
    """The type of place a news item is about, from the relative bodies and posts it names (市委书记, 县信访局)."""
    counts: Counter = Counter(m.group(1) for m in re.finditer(r"([县市区旗])(?:委|政府|信访局|长)", norm[:2000]))
    return counts.most_common(1)[0][0] if counts else None


def _issuer(writer: Writer | None, news: bool, region: Division | None, resolver: OrgResolver, norm: str,
            domains: str) -> tuple[str | None, str | None]:
    """The issuer as the report writes it, and its normalised form."""
    if writer is not None and writer.mention is not None:
        return writer.written, normalize(writer.written)
    if writer is not None and writer.relative is not None:
        if region is None:
            return None, None
        found = [m for m in resolver.find(writer.relative[0] + writer.relative[1]) if m.start == 0]
        return (found[0].name, found[0].name) if found else (None, None)
    if news or region is None:
        return None, None
    if writer is not None and (writer.place is not None or writer.speaks_for is not None):
        name = government_of(resolver, region)
        return name, name
    if BUREAU_SELF.search(norm[:3000]):
        named = Counter(m.body for m in resolver.find_explicit(norm[:6000]) if m.place == region)
        domain = _bureau_domain(norm, domains, named)
        if domain:
            found = [m for m in resolver.find(_relative_word(region) + domain) if m.start == 0]
            name = found[0].name if found else region.name + domain
            return name, name
        return None, None
    if SELF_PLACE.search(norm[:3000]):
        name = government_of(resolver, region)
        return name, name
    return None, None


def _relative_word(div: Division) -> str:
    """The relative word a place's own bodies are written with (县, 区, 市, 旗, 州, 盟, 省, 自治区)."""
    if div.name.endswith("自治区"):
        return "自治区"
    if div.name.endswith("地区"):
        return "地区"
    return div.name[-1]


def extract_metadata(text: str, gaz: Gazetteer | None = None, domains: str = "bureau_domains.tsv",
                     norm: str | None = None) -> tuple[ReportMeta, Division | None]:
    """The report's metadata and its division, from its text."""
    found = read_report_head(text, norm, gaz, domains)
    return found.meta, found.region


@dataclass(frozen=True)
class Place:
    """Where a report is from: its division (None when the text does not say), the resolver that names bodies
    relative to it (县委 in a 宁阳县 report is 宁阳县委), and where the text names divisions."""

    division: Division | None
    resolver: OrgResolver
    place_names: tuple[tuple[int, int, str], ...] = ()  # (start, end, name) of every division named

    def splits_place_name(self, start: int, end: int) -> bool:
        """Whether text[start:end] cuts across a place name (市长 in 福州市长乐区: the longest place match wins, so a
        word read across two names is not a word)."""
        return any(s < end and start < e and not (start <= s and e <= end) for s, e, _ in self.place_names)


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
        # kg's tokenizers set the text (the tokens join to it); Doc.text joins every token in Python
        text = doc._.kg_text = doc._.kg_text if doc._.kg_text is not None else doc.text
        norm = doc._.kg_norm = normalize(text)
        doc._.kg_sentences = sentences(text)
        gaz = gazetteer()
        found = read_report_head(text, norm, gaz, self.bureau_domains)
        doc._.kg_meta = found.meta
        year = found.meta.year
        doc._.kg_place = Place(found.region, OrgResolver(found.region, found.issuer_norm, gaz, year),
                               tuple(gaz.find(norm)))
        return doc
