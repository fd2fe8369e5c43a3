"""Organisation names: find bodies in text and name them fully, relative to the report's place.

In a 宁阳县 report 县委 is 宁阳县委, 县政府 is 宁阳县人民政府, 我局 is the issuer, 市委 is 泰安市委 and
省信访局 is 山东省信访局; central bodies keep their names. Heads and central bodies are data
(`org_heads.tsv`, `national_bodies.tsv`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from .. import data
from .gazetteer import Division, Gazetteer, gazetteer

LEVEL_CODE = {"county": "c", "prefecture": "p", "province": "v"}
CONJUNCTIONS = "和与及同"
# Heads that, written bare in a county report (公安局、法院等单位), mean the county's own body.
BARE_KINDS = ("bureau", "judicial", "office")
SELF_REFERENCES = ("我局", "本局", "我办", "本办", "我委", "本委", "我院", "本院", "我中心", "本中心", "我分局", "本分局")
# A head must not run on into a longer word (县委托 is not 县委).
HEAD_STOP = {"委": "托员婉屈派", "政府": "采", "人大": "代"}


@dataclass(frozen=True)
class OrgMention:
    start: int
    end: int
    name: str      # canonical full name
    kind: str
    division: str | None  # GB/T 2260 code of the place it belongs to, None for central bodies
    level: str | None


@dataclass(frozen=True)
class Head:
    written: str
    canonical: str
    kind: str
    levels: str


@lru_cache(maxsize=1)
def heads() -> dict[str, Head]:
    return {r["written"]: Head(r["written"], r["canonical"], r["kind"], r["levels"])
            for r in data.table("org_heads.tsv")}


@lru_cache(maxsize=1)
def _head_regex() -> re.Pattern:
    alts = []
    for written in sorted(heads(), key=len, reverse=True):
        stop = HEAD_STOP.get(written)
        alts.append(re.escape(written) + (f"(?![{stop}])" if stop else ""))
    return re.compile("|".join(alts))


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


_RELATIVE = re.compile(r"(?<![省市县区州旗盟乡镇])(中共)?([县区市州省旗盟])")


class OrgResolver:
    """Finds organisation mentions in one report's text and names them against its place."""

    def __init__(self, region: Division | None = None, issuer: str | None = None,
                 gaz: Gazetteer | None = None):
        self.gaz = gaz or gazetteer()
        self.region = region
        self.prefecture = self.gaz.prefecture_of(region) if region else None
        self.province = self.gaz.province_of(region) if region else None
        self.issuer = issuer
        self.issuer_name = self._issuer_canonical(issuer)

    # -- naming --------------------------------------------------------------------------
    def _issuer_canonical(self, issuer: str | None) -> str | None:
        if not issuer:
            return None
        found = self.find_explicit(issuer)
        if found and found[-1].end == len(issuer):
            return found[-1].name
        return issuer

    def level_division(self, char: str) -> Division | None:
        r, p, v = self.region, self.prefecture, self.province
        if char == "县":
            return r if r and r.level == "county" and r.name.endswith("县") else None
        if char == "旗":
            return r if r and r.level == "county" and r.name.endswith("旗") else None
        if char == "区":
            return r if r and r.name.endswith("区") else None
        if char == "市":
            if r and r.level == "county" and r.name.endswith("市"):
                return r
            return p
        if char in "州盟":
            return p if p and p.name.endswith(char) else None
        if char == "省":
            return v if v and v.name.endswith("省") else None
        return None

    @staticmethod
    def name_for(div: Division, head: Head) -> str | None:
        if LEVEL_CODE.get(div.level, "") not in head.levels:
            return None
        return div.name + head.canonical

    def _head_at(self, text: str, pos: int) -> Head | None:
        m = _head_regex().match(text, pos)
        return heads()[m.group(0).split("(")[0]] if m else None

    # -- finding ---------------------------------------------------------------------------
    def find_explicit(self, text: str) -> list[OrgMention]:
        """Bodies written with their place: 宁阳县信访局, 中共湖南省委, 重庆市南岸区信访办公室."""
        out = []
        hits = self.gaz.find(text)
        for i, (s, e, name) in enumerate(hits):
            head_at = e
            head = self._head_at(text, e)
            if head is None and e < len(text) and text[e] == name[-1]:
                head_at = e + 1  # 赵县县委: the level written twice
                head = self._head_at(text, head_at)
            if head is None:
                continue
            if e - s == 2 and text[s] in CONJUNCTIONS and (self.region is None or name != self.region.name) \
                    and not any(h[1] == s for h in hits[:i]):
                continue  # 县政府和县委: 和 joins two bodies, it is not 和县
            div = self.gaz.disambiguate(name, text if self.region is None else
                                        f"{self.region.name}{self.prefecture.name if self.prefecture else ''}"
                                        f"{self.province.name if self.province else ''}")
            if div is None:
                continue
            if div.level == "province" and self.gaz.named(name, "prefecture") and head.levels and "v" not in head.levels:
                div = self.gaz.named(name, "prefecture")[0]
            if div.level == "prefecture" and head.levels == "v":
                div = next(iter(self.gaz.named(name, "province")), div)
            full = self.name_for(self.gaz.current(div), head)
            if full is None:
                continue
            start = s
            while True:
                prev = next((h for h in hits[:i] if h[1] == start), None)
                if prev is None:
                    break
                start = prev[0]
            if text.startswith("中共", start - 2) and start >= 2:
                start -= 2
            end = head_at + len(_head_regex().match(text, head_at).group(0))
            out.append(OrgMention(start, end, full, head.kind, div.code, div.level))
        return out

    def find(self, text: str) -> list[OrgMention]:
        """Every organisation mention in `text`, explicit, relative, self-references and central bodies."""
        found = self.find_explicit(text)
        taken = [(m.start, m.end) for m in found]

        def free(s, e):
            return all(e <= a or s >= b for a, b in taken)

        for m in _RELATIVE.finditer(text):
            head = self._head_at(text, m.end())
            if head is None:
                continue
            div = self.level_division(m.group(2))
            if div is None:
                continue
            full = self.name_for(div, head)
            end = m.end() + len(_head_regex().match(text, m.end()).group(0))
            if full and free(m.start(), end):
                if self.issuer_name and self._same_body(full, self.issuer_name):
                    full = self.issuer_name
                found.append(OrgMention(m.start(), end, full, head.kind, div.code, div.level))
                taken.append((m.start(), end))
        alias, kinds, auto = national()
        for end, a in auto.iter(text):
            s, e = end - len(a) + 1, end + 1
            if free(s, e):
                name = alias[a]
                found.append(OrgMention(s, e, name, kinds[name], None, "national"))
                taken.append((s, e))
        if self.region is not None and self.region.level == "county":
            for m in _head_regex().finditer(text):
                head = heads()[m.group(0)]
                if head.kind not in BARE_KINDS or "c" not in head.levels or len(m.group(0)) < 2:
                    continue
                if not free(m.start(), m.end()) or not _bare_boundary(text, m.start(), m.end()):
                    continue
                if self.issuer_name and head.canonical in ("信访局", "信访办公室") and \
                        self._same_body(self.region.name + head.canonical, self.issuer_name):
                    name = self.issuer_name
                else:
                    name = self.region.name + head.canonical
                found.append(OrgMention(m.start(), m.end(), name, head.kind, self.region.code, "county"))
                taken.append((m.start(), m.end()))
        if self.issuer_name:
            for ref in SELF_REFERENCES:
                for m in re.finditer(ref, text):
                    if free(m.start(), m.end()):
                        found.append(OrgMention(m.start(), m.end(), self.issuer_name, "bureau",
                                                self.region.code if self.region else None, "county"))
                        taken.append((m.start(), m.end()))
            bare = self._issuer_head()
            if bare:
                for m in re.finditer(re.escape(bare.written), text):
                    if free(m.start(), m.end()) and not _is_han_before(text, m.start()):
                        found.append(OrgMention(m.start(), m.end(), self.issuer_name, bare.kind,
                                                self.region.code if self.region else None, "county"))
                        taken.append((m.start(), m.end()))
        found.sort(key=lambda m: (m.start, m.end))
        return found

    def _issuer_head(self) -> Head | None:
        if not self.issuer_name:
            return None
        for written, head in sorted(heads().items(), key=lambda kv: -len(kv[0])):
            if head.kind == "bureau" and self.issuer_name.endswith(head.canonical) and len(written) >= 3:
                return heads()[head.canonical] if head.canonical in heads() else head
        return None

    @staticmethod
    def _same_body(a: str, b: str) -> bool:
        return a == b or a.replace("信访办公室", "信访局") == b.replace("信访办公室", "信访局")


def _bare_boundary(text: str, start: int, end: int) -> bool:
    """公安局、法院等单位: a bare head standing alone in a list or a clause, not inside a longer name."""
    before = text[start - 1] if start else "，"
    after = text[end] if end < len(text) else "，"
    return before in "，,、。；;：:（(“\n 和与及及由" and (after in "，,、。；;）)”等和与及\n " or
                                                    after in "的对在为联合共同牵头")


def _is_han_before(text: str, pos: int) -> bool:
    """True when the character before `pos` would make the match part of a longer name."""
    if pos == 0:
        return False
    c = text[pos - 1]
    return "\u4e00" <= c <= "\u9fff" and c not in "在由经向对与和及并将把被给为、，的是了县区市省州旗"
