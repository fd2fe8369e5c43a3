"""Organisation names: find bodies in text and give each its official name, relative to the report's place.

In a 宁阳县 report 县委 is 宁阳县委, 县政府 is 宁阳县人民政府, 我局 is the issuer, 市委 is 泰安市委, 省法院 is
山东省高级人民法院 and 县生态环境分局 is 泰安市生态环境局宁阳分局; central bodies keep their names. What a written
head names (`org_heads.tsv`), the official name of each body at each level of place (`org_bodies.tsv`), how a
place's kind shows in names (`org_place_words.tsv`) and the central bodies (`national_bodies.tsv`) are data.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import ahocorasick

from .. import data
from .gazetteer import MUNICIPALITIES, Division, Gazetteer, gazetteer
from .matching import Literals, finditer_from, longest_matches

# the level types of org_bodies.tsv, the one a missing cell falls back to, and the letter org_heads.tsv uses
LEVEL_TYPES = ("county", "county_m", "prefecture", "league", "province", "municipality")
FALLBACK = {"county_m": "county", "league": "prefecture"}
LEVEL_LETTER = {"county": "c", "county_m": "c", "prefecture": "p", "league": "l", "province": "v", "municipality": "m"}
CONJUNCTIONS = "和与及同"
SELF_REFERENCES = ("我局", "本局", "我办", "本办", "我委", "本委", "我院", "本院", "我中心", "本中心", "我分局", "本分局",
                   "我厅", "本厅")
# A head must not run on into a longer word (县委托 is not 县委, 市民委员会 is not 市民委): by the head's ending.
HEAD_STOP = {"委": "托员婉屈派", "政府": "采", "人大": "代", "部": "门"}
# Written before a place, these belong to the name of a body of some kinds; some make a 委员会 another body
# (政协X县委员会, 共青团X区委员会); prefix → (the body a 委 head becomes, the bodies the prefix belongs to).
PREFIXES = {"中国共产党": (None, "party"), "中共": (None, "party"), "共青团": ("团委", "团委"),
            "中国人民政治协商会议": ("政协", "政协"), "政协": ("政协", "政协"), "国家税务总局": (None, "税务局")}
PREFIX_REGEX = re.compile("(?:" + "|".join(sorted(PREFIXES, key=len, reverse=True)) + ")$")
TYPE_PLACEHOLDER = "{t}"


@dataclass(frozen=True)
class OrgMention:
    start: int
    end: int
    name: str      # canonical (official) full name
    kind: str
    division: str | None  # GB/T 2260 code of the place it belongs to, None for central bodies
    level: str | None
    body: str = ""                   # the org_bodies.tsv key, or the central body's name
    aliases: tuple[str, ...] = ()    # the body's other official names and abbreviations
    place: Division | None = field(default=None, compare=False)  # the division itself (as it was named)


@dataclass(frozen=True)
class Body:
    key: str
    kind: str
    names: tuple[str, ...]      # a template per LEVEL_TYPES entry; "" where the body does not exist
    joint: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    def template(self, level_type: str) -> str:
        return self.names[LEVEL_TYPES.index(level_type)]


@dataclass(frozen=True)
class Head:
    written: str
    body: str
    kind: str
    levels: str          # letters of the level types where this written form names its body
    type_char: str = ""  # the 县/区/市/… a {t} head was written with
    bare: str = ""       # written without a place in a county's report it names: c the county's, p the prefecture's


@lru_cache(maxsize=1)
def bodies() -> dict[str, Body]:
    """Every body kg names at a level of place: org_bodies.tsv (names by level) and org_units.tsv (place + unit)."""
    out = {}
    for r in data.table("org_bodies.tsv"):
        cells = {t: (r[t] or "").strip() for t in LEVEL_TYPES}
        for t, base in FALLBACK.items():
            if not cells[t]:
                cells[t] = cells[base]
        names = tuple("" if cells[t] == "-" else cells[t] for t in LEVEL_TYPES)
        out[r["body"]] = Body(r["body"], r["kind"], names, tuple(filter(None, (r["joint"] or "").split("|"))),
                              tuple(filter(None, (r["aliases"] or "").split("|"))))
    for r in _units():
        if r["unit"] not in out:
            template = ("{party}" + r["unit"][1:]) if r["unit"].startswith("委") else "{place}" + r["unit"]
            where = r["levels"] or "cpvm"
            names = tuple(template if LEVEL_LETTER[t] in where or (t == "league" and "p" in where) else ""
                          for t in LEVEL_TYPES)
            out[r["unit"]] = Body(r["unit"], r["kind"], names)
    return out


@lru_cache(maxsize=1)
def _units() -> tuple[dict, ...]:
    return data.table("org_units.tsv")


@lru_cache(maxsize=1)
def _place_words() -> tuple[tuple[str, tuple[str, ...], str], ...]:
    rows = [(r["ending"], tuple(c for c in r["type_chars"].split("|") if c and c != "-"), r["party"])
            for r in data.table("org_place_words.tsv")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=4096)
def _words_for(name: str) -> tuple[str, tuple[str, ...], str]:
    return next((w for w in _place_words() if name.endswith(w[0])), ("", (), "{place}委"))


@lru_cache(maxsize=1)
def _type_chars() -> str:
    return "".join(sorted({c for _, chars, _ in _place_words() for c in chars}))


@lru_cache(maxsize=1)
def heads() -> dict[str, Head]:
    """Every written head (with {t} expanded to each type character) → Head."""
    out = {}
    for r in data.table("org_heads.tsv"):
        body = bodies()[r["body"]]
        exists = "".join(sorted({LEVEL_LETTER[t] for t, n in zip(LEVEL_TYPES, body.names) if n}))
        written_levels = (r["levels"] or "").replace("p", "pl")  # p: prefecture-level, 地区 and 盟 included
        levels = "".join(c for c in exists if not written_levels or c in written_levels)
        if TYPE_PLACEHOLDER in r["written"]:
            for c in _type_chars():
                w = r["written"].replace(TYPE_PLACEHOLDER, c)
                out[w] = Head(w, body.key, body.kind, levels, c)
        else:
            out[r["written"]] = Head(r["written"], body.key, body.kind, levels, bare=r.get("bare") or "")
    for r in _units():  # place + unit: the unit and its short forms, where the body exists
        body = bodies()[r["unit"]]
        exists = "".join(sorted({LEVEL_LETTER[t] for t, n in zip(LEVEL_TYPES, body.names) if n}))
        for w in [r["unit"], *filter(None, (r["short"] or "").split("|"))]:
            out.setdefault(w, Head(w, body.key, body.kind, exists, bare=r["bare"] or ""))
    # an autonomous region's committee is its 党委: 西藏自治区党委组织部, 自治区党委全面依法治藏委员会
    for written, head in list(out.items()):
        if written.startswith("委") and head.kind == "party" and "v" in head.levels and "党" + written not in out:
            out["党" + written] = Head("党" + written, head.body, head.kind, "v", head.type_char)
    return out


@lru_cache(maxsize=1)
def _head_regex() -> re.Pattern:
    """Every head as one alternation, longest first, each with its HEAD_STOP lookahead: what `find_heads` and
    `head_written_at` find (faster, by a trie; the tests hold them to this pattern)."""
    alts = []
    for written in sorted(heads(), key=len, reverse=True):
        stop = next((v for k, v in HEAD_STOP.items() if written.endswith(k)), None)
        alts.append(re.escape(written) + (f"(?![{stop}])" if stop else ""))
    return re.compile("|".join(alts))


@lru_cache(maxsize=1)
def _head_literals() -> Literals:
    return Literals(heads())


@lru_cache(maxsize=1)
def _head_stops() -> dict[str, str]:
    """head → the characters that may not follow it (HEAD_STOP by its ending)."""
    out = {}
    for written in heads():
        stop = next((v for k, v in HEAD_STOP.items() if written.endswith(k)), None)
        if stop:
            out[written] = stop
    return out


@lru_cache(maxsize=1)
def _bureau_heads() -> tuple[tuple[str, Head], ...]:
    """The heads of bureaus of three characters or more, longest first."""
    return tuple((w, h) for w, h in sorted(heads().items(), key=lambda kv: -len(kv[0]))
                 if h.kind == "bureau" and len(w) >= 3)


def _head_accept(text: str, s: int, e: int, w: str) -> bool:
    """Whether the head `w` written at text[s:e] does not run on into a longer word (HEAD_STOP)."""
    stop = _head_stops().get(w)
    return stop is None or e >= len(text) or text[e] not in stop


def find_heads(text: str) -> list[tuple[int, int, str]]:
    """(start, end, head) of the heads written in `text`, longest first, left to right: `_head_regex().finditer`."""
    return _head_literals().longest(text, _head_accept)


def head_written_at(text: str, pos: int) -> str | None:
    """The head written at `pos`, the longest that does not run on (`_head_regex().match(text, pos)`)."""
    return _head_literals().longest_at(text, pos, _head_accept)


@lru_cache(maxsize=1)
def national() -> tuple[dict[str, str], dict[str, str], ahocorasick.Automaton]:
    """(alias → canonical name, canonical → kind, automaton over every alias)."""
    alias, kinds = {}, {}
    auto = ahocorasick.Automaton()
    for r in data.table("national_bodies.tsv"):
        kinds[r["name"]] = r["kind"]
        for a in [r["name"], *filter(None, r["aliases"].split("|"))]:
            alias[a] = r["name"]
            auto.add_word(a, a)
    auto.make_automaton()
    return alias, kinds, auto


@lru_cache(maxsize=1)
def _national_rows() -> dict[str, dict]:
    return {r["name"]: r for r in data.table("national_bodies.tsv")}


def national_aliases(name: str) -> tuple[str, ...]:
    row = _national_rows().get(name)
    return tuple(filter(None, row["aliases"].split("|"))) if row else ()


# 县委 / 中共县委 / 团县委 / 自治区党委 / 地委: a relative place word, with what may stand before it
RELATIVE_BEFORE = "省市县区州旗盟乡镇各当本该外土基场用两驻治"
_RELATIVE = re.compile(f"(?<![{RELATIVE_BEFORE}])(中共|共青团|团)?(自治区|地区|[县区市州旗盟省]|地(?=委))")
# the characters a relative word (or what stands before it) starts with: _RELATIVE is tried only there
_RELATIVE_START = re.compile("[中共团自地县区市州旗盟省]")
# 依法治省委, 依法治县办: the place's type inside the head is the relative word
_RULE_OF_LAW = re.compile(r"(?<![省市县区州旗盟委面])(?:全面)?依法治([县区市州旗盟省])(委员会办公室|委员会|办公室|办|委)(?!员)")


def level_type(div: Division) -> str:
    """Which column of org_bodies.tsv names this division's bodies."""
    if div.level == "county":
        return "county_m" if div.province in MUNICIPALITIES else "county"
    if div.province in MUNICIPALITIES and div.code == div.province:
        return "municipality"
    if div.level == "prefecture":
        return "league" if div.name.endswith(("地区", "盟")) else "prefecture"
    return "province"


def _as_body(head: Head, body: str) -> Head:
    return Head(head.written, body, bodies()[body].kind, head.levels, head.type_char)


@lru_cache(maxsize=64)
def _counties_of(gaz: Gazetteer, code: str) -> tuple[Division, ...]:
    """The current county-level divisions whose parent is `code`."""
    return tuple(d for d in gaz.divisions if d.level == "county" and d.parent == code and d.status == "current")


def _party_name(div: Division) -> str:
    ending, _, template = _words_for(div.name)
    return template.format(place=div.name, stem=div.name[: len(div.name) - len(ending)])


# -- townships and subdistricts: a name read back from its ending, the body from org_township_bodies.tsv ------------
TOWN_ENDINGS = ("苏木", "街道", "镇", "乡")
TOWN_STEM_MAX = 5
# Words that stand before a township's name and are never part of one (到上都镇政府, 深入哈毕日嘎镇); 和/与/及 only
# where they join two names (A镇和B镇政府).
TOWN_BEFORE = set("到在赴至对于由从经将把被给为了的是等各全本该每所个其入往些") | set("，,、。；;：:（(“”\"'《》 \n\t")
TOWN_JOINS = set("和与及或")
# Stems that make a generic word, not a name: 乡镇政府, 各镇, 中心镇, 全乡.
TOWN_GENERIC_CHARS = set("各全本该每所个两几多一二三四五六七八九十乡镇村街县区市省")
TOWN_GENERIC = {"城", "集", "城区", "新区", "园区", "开发区", "社区", "建制", "重点", "特色", "中心", "小城", "民族", "少数民族", "边境", "农村", "城镇",
                "乡村", "村镇", "集镇", "市镇", "城市", "城乡"}


@dataclass(frozen=True)
class TownHead:
    written: str
    template: str
    kind: str
    of: str  # town | street | "" (both)


@lru_cache(maxsize=1)
def town_heads() -> dict[str, TownHead]:
    return {r["written"]: TownHead(r["written"], r["name"], r["kind"], r["of"] or "")
            for r in data.table("org_township_bodies.tsv")}


@lru_cache(maxsize=1)
def _town_regex() -> re.Pattern:
    endings = "|".join(TOWN_ENDINGS)
    written = "|".join(re.escape(w) for w in sorted(town_heads(), key=len, reverse=True))
    return re.compile(f"(?:{endings})(?:{written})")


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


# -- the resolver ----------------------------------------------------------------------------------------------
class OrgResolver:
    """Finds organisation mentions in one report's text and names them against its place (as it was in the report's
    year, when the year is known: a 2018 report's 莱芜市公安局 is 莱芜市公安局, not a body of 济南市)."""

    def __init__(self, region: Division | None = None, issuer: str | None = None,
                 gaz: Gazetteer | None = None, year: int | None = None):
        self.gaz = gaz or gazetteer()
        self.year = year
        self.region = region
        self.prefecture = self.gaz.prefecture_of(region) if region else None
        self.province = self.gaz.province_of(region) if region else None
        self.issuer = issuer
        self._own_head: tuple[str, Head | None] | None = None
        self._short_found: dict[str, tuple[OrgMention, ...]] = {}  # find() of short texts, by text
        self.issuer_mention = self._issuer_mention(issuer)
        self.issuer_name = self.issuer_mention.name if self.issuer_mention else issuer

    # -- naming --------------------------------------------------------------------------
    def _issuer_mention(self, issuer: str | None) -> OrgMention | None:
        """The body the issuer's name (as the report writes it) names, when it names one."""
        if not issuer:
            return None
        found = self.find_explicit(issuer) + self._townships(issuer, [])
        found = [m for m in found if m.end == len(issuer)]
        return min(found, key=lambda m: m.start) if found else None

    def _municipality(self) -> Division | None:
        if self.region is not None and self.region.province in MUNICIPALITIES:
            return self.gaz.get(self.region.province, "province")
        return None

    def relative(self, word: str) -> list[Division]:
        """What a relative place word (县, 市, 区, 省, 自治区, 地 …) can mean in this report, most likely first."""
        r, p, v = self.region, self.prefecture, self.province
        out: list[Division | None] = []
        if word in "县旗":
            out.append(r if r and r.level == "county" and r.name.endswith(word) else None)
        elif word == "区":
            out.append(r if r and r.level == "county" and r.name.endswith("区") else None)
            out.append(v if v and v.name.endswith("自治区") else None)  # 区党委 in an autonomous region
        elif word == "市":
            if r and r.level == "county" and r.name.endswith("市"):
                out.append(r)
            out.append(self._municipality() or (p if p and p.name.endswith("市") else None))  # not a 州's 市委
        elif word in "州盟":
            out.append(p if p and p.name.endswith(word) else None)
        elif word in ("地区", "地"):
            out.append(p if p and p.name.endswith("地区") else None)
        elif word == "自治区":
            out.append(v if v and v.name.endswith("自治区") else None)
        elif word == "省":
            out.append(v if v and v.name.endswith("省") else None)
        return [d for d in out if d is not None]

    def relative_places(self) -> dict[str, str]:
        """What 省/市/县/区/州/旗/盟 mean in this report ({"县": "宁阳县", "市": "泰安市", "省": "山东省"})."""
        out = {}
        for word in "省市县区州旗盟":
            found = self.relative(word)
            if found:
                out[word] = found[0].name
        return out

    def name_for(self, div: Division, head: Head) -> str | None:
        """The official name of the body `head` names at division `div`, or None where no such body exists."""
        body = bodies()[head.body]
        lt = level_type(div)
        if LEVEL_LETTER[lt] not in head.levels:
            return None
        return self._format(body.template(lt), div, head.type_char)

    def aliases_for(self, div: Division, head: Head, name: str) -> tuple[str, ...]:
        out = []
        for template in bodies()[head.body].aliases:
            alias = self._format(template, div, head.type_char, name)
            if alias and alias != name and alias not in out:
                out.append(alias)
        return tuple(out)

    def _format(self, template: str, div: Division, type_char: str = "", name: str = "") -> str | None:
        if not template:
            return None
        _, chars, _ = _words_for(div.name)
        if TYPE_PLACEHOLDER in template:
            type_char = type_char or (chars[0] if chars else "")
            if type_char not in chars:
                return None  # 宁阳县委全面依法治市委员会: not this place's committee
        pref = self.gaz.prefecture_of(div) if div.level == "county" else None
        if "{prefecture}" in template and pref is None:
            return None
        full = pref.name + div.name if pref and div.name.endswith("区") and pref.name != div.name else div.name
        return template.format(place=div.name, party=_party_name(div), t=type_char,
                               prefecture=pref.name if pref else "",
                               short=div.short if len(div.short) >= 2 else div.name, full=full, name=name)

    def _head_at(self, text: str, pos: int) -> Head | None:
        written = head_written_at(text, pos)
        return heads()[written] if written is not None else None

    def _mention(self, start: int, end: int, div: Division, head: Head, name: str) -> OrgMention:
        return OrgMention(start, end, name, head.kind, div.code, div.level, head.body,
                          self.aliases_for(div, head, name), div)

    # -- finding ---------------------------------------------------------------------------
    def _division_named(self, name: str, context: str) -> Division | None:
        """The division a name in the text is (as it was in the report's year), the municipalities' province row."""
        div = self.gaz.disambiguate(name, context, year=self.year)
        return None if div is None else self._municipality_row(div)

    def find_explicit(self, text: str) -> list[OrgMention]:
        """Bodies written with their place: 宁阳县信访局, 中共湖南省委, 重庆市南岸区信访办公室."""
        out = []
        hits = self.gaz.find(text)
        by_end: dict[int, tuple[int, int, str]] = {}
        context = None if self.region is None else \
            f"{self.region.name}{self.prefecture.name if self.prefecture else ''}" \
            f"{self.province.name if self.province else ''}"
        chosen: dict[str, Division | None] = {}  # disambiguation depends only on the name (and the report)
        for s, e, name in hits:
            joined = by_end.get(s)
            by_end[e] = (s, e, name)
            head_at = e
            head = self._head_at(text, e)
            if head is None and e < len(text) and text[e] == name[-1]:
                head_at = e + 1  # 赵县县委: the level written twice
                head = self._head_at(text, head_at)
            if head is None:
                continue
            if joined is None and not self._word_starts(text, s, e, name):
                continue  # 召开县委会议: not 开县; 县政府和县委: 和 joins two bodies, it is not 和县
            if name not in chosen:
                chosen[name] = self._division_named(name, text if context is None else context)
            div = chosen[name]
            if div is None:
                continue
            start = s
            while start in by_end and by_end[start][0] < start:
                start = by_end[start][0]  # 湖南省永州市蓝山县信访局: the whole chain of places
            prefix = PREFIX_REGEX.search(text, max(0, start - 10), start)
            if prefix:
                becomes, belongs = PREFIXES[prefix.group(0)]
                if becomes and head.body == "委":
                    head = _as_body(head, becomes)  # 政协泾源县委员会, 共青团嘉定区委员会
                if belongs not in (head.body, head.kind):
                    prefix = None
            full = self.name_for(div, head)
            if full is None:
                continue
            end = head_at + len(head_written_at(text, head_at))
            if prefix:
                start = prefix.start()
            branch = self._branch_at(text, end, div, head)
            if branch is not None:
                county, end, name_ = branch
                out.append(OrgMention(start, end, name_, head.kind, county.code, county.level, head.body, (),
                                      county))
                continue
            out.append(self._mention(start, end, div, head, full))
        return out

    def _word_starts(self, text: str, s: int, e: int, name: str) -> bool:
        """Whether a two-character name (睢县, 开县) begins a word here: not inside one (召开县委), not a conjunction
        before a relative head (和县委). The report's own place is always itself."""
        if e - s != 2 or (self.region is not None and name == self.region.name):
            return True
        if self.conjunction_before_head(text, s, e, name):
            return False
        return self.gaz.is_standalone(text, s, e) or bool(re.search(r"(?:^|\s|\d\s*年度?)$", text[max(0, s - 8):s]))

    def conjunction_before_head(self, text: str, s: int, e: int, name: str) -> bool:
        """Whether a two-character name that starts with a conjunction (和县, 和平区 is not one) is the conjunction
        and a relative head (…纲要》和县委、县政府): unless the report is that division's, or names its parents."""
        if e - s != 2 or text[s] not in CONJUNCTIONS or (self.region is not None and name == self.region.name):
            return False
        if s == 0 or text[s - 1] in "\n \t\u3000，,。；;：:、（(“":
            return False  # nothing before it to join: 和县信访局关于…
        if not _RELATIVE.match(text, s + 1) or self._head_at(text, s + 2) is None:
            return False
        if self.region is None:
            return True
        return not any(d.parent in (self.region.parent, self.region.code) or d.province == self.region.code
                       for d in self.gaz.named(name))

    def _municipality_row(self, div: Division) -> Division:
        """A municipality may be listed at two levels in the gazetteer: its bodies are the province row's."""
        if div.level == "prefecture" and div.province in MUNICIPALITIES and div.code == div.province:
            return self.gaz.get(div.code, "province") or div
        return div

    def _branch_at(self, text: str, pos: int, div: Division, head: Head) -> tuple[Division, int, str] | None:
        """A prefecture's bureau followed by a county's branch: 泰安市生态环境局宁阳分局 (named by org_bodies.tsv),
        广州市公安局增城区分局 (named as written)."""
        if div.level != "prefecture" or bodies()[head.body].kind != "bureau":
            return None
        m = re.match(r"([\u4e00-\u9fff]{1,12}?)分局", text[pos:pos + 16])
        if not m:
            return None
        for county in _counties_of(self.gaz, div.code):
            if m.group(1) in (county.name, county.short):
                if "{prefecture}" in bodies()[head.body].template("county"):
                    name = self.name_for(county, head)
                else:
                    base = self.name_for(div, head)
                    name = base + m.group(0) if base else None
                return (county, pos + m.end(), name) if name else None
        return None

    def _townships(self, text: str, hits: list[tuple[int, int, str]] | None = None) -> list[OrgMention]:
        """Bodies of townships and subdistricts: 上都镇政府 → 上都镇人民政府 (with the county when the text or the
        report gives it: 正蓝旗上都镇人民政府)."""
        out = []
        place_ends = {e: (s, name) for s, e, name in (self.gaz.find(text) if hits is None else hits)}
        for m in _town_regex().finditer(text):
            ending = next(x for x in TOWN_ENDINGS if text.startswith(x, m.start()))
            head = town_heads()[text[m.start() + len(ending):m.end()]]
            if head.of and (head.of == "street") != (ending == "街道"):
                continue
            start = self._town_start(text, m.start(), place_ends)
            if start is None:
                continue
            stem = text[start:m.start()]
            if stem in TOWN_GENERIC or all(c in TOWN_GENERIC_CHARS for c in stem) or stem[-1] in "乡镇街":
                continue  # 乡镇政府, 一些乡镇政府: townships in general
            town = stem + ending
            county = None
            if start in place_ends:
                county = self._division_named(place_ends[start][1], text)
            elif self.region is not None and self.region.level == "county":
                county = self.region
            name = head.template.format(town=town)
            aliases = ()
            if county is not None and county.level == "county":
                aliases, name = (name,), county.name + name
            out.append(OrgMention(start, m.end(), name, head.kind, county.code if county else None, "township",
                                  "township:" + head.written, aliases, county))
        return out

    @staticmethod
    def _town_start(text: str, end: int, place_ends: dict) -> int | None:
        """Where the township name ending at `end` begins, or None when no boundary is in reach."""
        i = end
        while i > 0 and end - i < TOWN_STEM_MAX + 1:
            if i in place_ends:
                return i if i < end else None
            c = text[i - 1]
            if not _is_han(c) or c in TOWN_BEFORE:
                break
            if c in TOWN_JOINS and i >= 2 and (not _is_han(text[i - 2]) or text[i - 2] in "镇乡道府委"):
                break
            i -= 1
        else:
            if i > 0:
                return None
        if end - i > TOWN_STEM_MAX or i == end:
            return None
        return i

    def find(self, text: str) -> list[OrgMention]:
        """Every organisation mention in `text`, explicit, relative, self-references and central bodies."""
        if len(text) > SHORT_TEXT:
            return self._find(text)
        found = self._short_found.get(text)  # a post's body (县委, 县文旅局) is looked up for each official
        if found is None:
            if len(self._short_found) >= 4096:
                self._short_found.clear()
            found = self._short_found[text] = tuple(self._find(text))
        return list(found)

    def _find(self, text: str) -> list[OrgMention]:
        hits = self.gaz.find(text)
        place_ends = {e for _, e, _ in hits}
        found = self.find_explicit(text)
        taken = bytearray(len(text) + 1)  # 1 where a mention already lies: each check costs its own length
        ends: dict[int, OrgMention] = {}

        def free(s, e):
            return taken.find(1, s, e) < 0

        def take(m: OrgMention):
            found.append(m)
            taken[m.start:m.end] = b"\x01" * (m.end - m.start)
            ends[m.end] = m

        for m in found:
            taken[m.start:m.end] = b"\x01" * (m.end - m.start)
            ends[m.end] = m
        for m in self._townships(text, hits):
            if free(m.start, m.end):
                take(m)
        for m in (_RULE_OF_LAW.finditer(text) if "依法治" in text else ()):
            head = self._head_at(text, m.start())
            if head is None or not free(m.start(), m.end()):
                continue
            for div in self.relative(m.group(1)):
                full = self.name_for(div, head)
                if full is not None:
                    take(self._mention(m.start(), m.end(), div, head, full))
                    break
        for m in finditer_from(_RELATIVE, text, (c.start() for c in _RELATIVE_START.finditer(text))):
            head = self._head_at(text, m.end())
            if head is None:
                continue
            if m.group(1) in ("团", "共青团") and head.body == "委":
                head = _as_body(head, "团委")  # 团县委
                start = m.start()
            else:
                start = m.start(1) if m.group(1) == "中共" else m.start(2)
            end = m.end() + len(head_written_at(text, m.end()))
            if not free(start, end):
                continue
            mention = self._relative_mention(start, end, m.group(2), head)
            if mention is None:
                continue
            take(mention)
            if m.group(1) is None:
                for s, word in _elided_before(text, start, place_ends):  # 省、市委: 省委 and 市委
                    if free(s, s + len(word)):
                        other = self._relative_mention(s, s + len(word), word, head)
                        if other is not None:
                            take(other)
        alias, kinds, auto = national()
        for s, e, a in longest_matches(auto, text):
            if free(s, e):
                name = alias[a]
                take(OrgMention(s, e, name, kinds[name], None, "national", name, national_aliases(name)))
        for hs, he, written in find_heads(text):
            if not free(hs, he):
                continue
            head = heads()[written]
            listed = self._listed_after(text, hs, ends)
            if listed is not None and len(written) > 1:
                name = self.name_for(listed, head)  # 长乐区档案馆、图书馆; 自治区党委、政府
                if name is not None:
                    take(self._mention(hs, he, listed, head, name))
                    continue
            place = {"c": self.region, "p": self.prefecture}.get(head.bare)
            if place is None or not _bare_boundary(text, hs, he):
                continue
            name = self.name_for(place, head)
            if name is None:
                continue
            if self.issuer_name and head.body in ("信访局", "信访办公室") and \
                    self._same_body(name, self.issuer_name):
                name = self.issuer_name
            take(self._mention(hs, he, place, head, name))
        if self.issuer_name:
            own = self.issuer_mention
            code, level, kind = (own.division, own.level, own.kind) if own else \
                (self.region.code if self.region else None, self.region.level if self.region else None, "bureau")
            for ref in SELF_REFERENCES:
                for m in (re.finditer(ref, text) if ref in text else ()):
                    if free(m.start(), m.end()):
                        take(OrgMention(m.start(), m.end(), self.issuer_name, kind, code, level,
                                        own.body if own else "", own.aliases if own else (),
                                        own.place if own else None))
            bare = self._issuer_head()
            if bare:
                for m in re.finditer(re.escape(bare.written), text):
                    if free(m.start(), m.end()) and not _is_han_before(text, m.start()):
                        take(OrgMention(m.start(), m.end(), self.issuer_name, bare.kind, code, level, bare.body))
        found = _join_bodies(found)
        found.sort(key=lambda m: (m.start, m.end))
        return found

    def _relative_mention(self, start: int, end: int, word: str, head: Head) -> OrgMention | None:
        for div in self.relative(word):
            full = self.name_for(div, head)
            if full is None:
                continue
            if self.issuer_name and self._same_body(full, self.issuer_name):
                full = self.issuer_name
            return self._mention(start, end, div, head, full)
        return None

    def _listed_after(self, text: str, pos: int, ends: dict[int, OrgMention]) -> Division | None:
        """The place of the body listed just before `pos` (…区档案馆、图书馆), whose place a bare head shares."""
        if pos < 2 or text[pos - 1] not in "、和及与":
            return None
        prev = ends.get(pos - 1)
        if prev is None or prev.place is None or prev.level == "township":
            return None
        return prev.place

    def _issuer_head(self) -> Head | None:
        """The issuer's own head written bare (信访局 in 宁阳县信访局's report)."""
        if not self.issuer_name:
            return None
        if self._own_head is None or self._own_head[0] != self.issuer_name:  # found once per issuer name
            self._own_head = (self.issuer_name,
                              next((head for written, head in _bureau_heads() if self.issuer_name.endswith(written)),
                                   None))
        return self._own_head[1]

    @staticmethod
    def _same_body(a: str, b: str) -> bool:
        return a == b or a.replace("信访办公室", "信访局") == b.replace("信访办公室", "信访局")


RELATIVE_WORDS = "省市县区州旗盟"
SHORT_TEXT = 32  # OrgResolver.find keeps what it found in texts up to this long (names, posts' bodies)


def _elided_before(text: str, start: int, place_ends: set[int]) -> list[tuple[int, str]]:
    """传达省、市委会议精神: 省 and 市 share the head (省委 and 市委). Not in a list of levels (国家、省、市委: the
    levels, then a body) and not the end of a place's name (湖南省、市委)."""
    out = []
    k = start
    while k >= 2 and text[k - 1] == "、" and text[k - 2] in RELATIVE_WORDS and k - 1 not in place_ends:
        out.append((k - 2, text[k - 2]))
        k -= 2
    if not out:
        return []
    before = text[k - 1] if k else ""
    if before == "、" or before in RELATIVE_BEFORE:
        return []
    return out


def _join_bodies(found: list[OrgMention]) -> list[OrgMention]:
    """One body under two names: where a report names 县纪委监委, its 县纪委 and 县监委 are that body."""
    joint = {}
    for m in found:
        parts = bodies()[m.body].joint if m.body in bodies() else \
            tuple(filter(None, (_national_rows().get(m.body, {}).get("joint") or "").split("|")))
        for part in parts:
            joint[(part, m.division)] = m
    if not joint:
        return found
    out = []
    for m in found:
        whole = joint.get((m.body, m.division))
        if whole is not None and whole is not m:
            m = OrgMention(m.start, m.end, whole.name, whole.kind, whole.division, whole.level, whole.body,
                           whole.aliases, whole.place)
        out.append(m)
    return out


BARE_BEFORE = "，,、。；;：:（(“\n 和与及由在向对经同将把被请"


def _bare_boundary(text: str, start: int, end: int) -> bool:
    """公安局、法院等单位, 及财政局工作部署: a bare head standing at the start of a word, not inside a longer name (its
    end is free: a bare head may be followed by what it does)."""
    before = text[start - 1] if start else "，"
    return before in BARE_BEFORE


def _is_han_before(text: str, pos: int) -> bool:
    """True when the character before `pos` would make the match part of a longer name."""
    if pos == 0:
        return False
    c = text[pos - 1]
    return "\u4e00" <= c <= "\u9fff" and c not in "在由经向对与和及并将把被给为、，的是了县区市省州旗"
