"""Administrative divisions (GB/T 2260 codes, parents, former names) and finding them in text."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from .. import data
from .matching import longest_matches

MUNICIPALITIES = {"110000", "120000", "310000", "500000"}


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    short: str
    level: str  # province | prefecture | county
    parent: str
    province: str
    status: str = "current"
    successor: str = ""

    @property
    def is_county(self) -> bool:
        return self.level == "county"


class Gazetteer:
    """All provinces, prefectures and county-level divisions, with lookups by name and code."""

    def __init__(self, rows):
        self.divisions: list[Division] = [
            Division(r["code"], r["name"], r["short"], r["level"], r["parent"], r["province"],
                     r["status"], r["successor"]) for r in rows]
        self.by_code: dict[tuple[str, str], Division] = {}
        self.by_name: dict[str, list[Division]] = {}
        for d in self.divisions:
            if d.status == "current":
                self.by_code.setdefault((d.level, d.code), d)
            self.by_name.setdefault(d.name, []).append(d)
        for d in list(self.divisions):
            # 芷江侗族自治县 is written 芷江县 too; 金平苗族瑶族傣族自治县 is 金平县.
            for full, plain in (("自治县", "县"), ("自治旗", "旗")):
                if d.name.endswith(full) and len(d.short) >= 2 and not self.by_name.get(d.short + plain):
                    self.by_name.setdefault(d.short + plain, []).append(d)
        stop = set(data.lines("division_stopnames.txt"))
        self._automaton = ahocorasick.Automaton()
        self._recent: dict[str, tuple] = {}
        for name, divs in self.by_name.items():
            if name in stop or len(name) < 2:
                continue
            self._automaton.add_word(name, name)
        self._automaton.make_automaton()

    # -- lookups -------------------------------------------------------------------------
    def get(self, code: str, level: str) -> Division | None:
        return self.by_code.get((level, code))

    def named(self, name: str, level: str | None = None) -> list[Division]:
        return [d for d in self.by_name.get(name, []) if level is None or d.level == level]

    def prefecture_of(self, div: Division) -> Division | None:
        if div.level == "county":
            pref = self.get(div.parent, "prefecture")
            if pref is not None and pref.name.endswith("直辖行政区划"):
                return None
            return pref
        return div if div.level == "prefecture" else None

    def province_of(self, div: Division) -> Division | None:
        return self.get(div.province, "province")

    def current(self, div: Division) -> Division:
        """The division as it is now (a former name resolves to its successor)."""
        if div.status == "former" and div.successor:
            return self.get(div.successor, div.level) or div
        return div

    # -- text ------------------------------------------------------------------------------
    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Division names in `text`: (start, end, name), longest match at each place, no overlaps."""
        if len(text) < 500:  # a title, a line, a name: quick to scan again
            return longest_matches(self._automaton, text)
        hits = self._recent.get(text)
        if hits is None:  # a report's whole text, which metadata, divisions and organisations all scan: kept
            if len(self._recent) >= 2:
                self._recent.clear()
            hits = self._recent[text] = tuple(longest_matches(self._automaton, text))
        return list(hits)

    def is_standalone(self, text: str, start: int, end: int) -> bool:
        """A two-character name (理县, 和县) inside a longer word (治理县域) is not a place."""
        if end - start > 2 or start == 0:
            return True
        prev = text[start - 1]
        return not ("\u4e00" <= prev <= "\u9fff") or prev in "在对向和与及、由将把从自至省市州盟中共"

    def disambiguate(self, name: str, text: str, level: str | None = None) -> Division | None:
        """Choose among divisions of one name by which parents the text mentions."""
        cands = self.named(name, level)
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0]

        def score(d: Division):
            s = 0
            pref, prov = self.prefecture_of(d), self.province_of(d)
            for p in (pref, prov):
                if p is None:
                    continue
                if p.name in text:
                    s += 3
                elif len(p.short) >= 2 and p.short in text:
                    s += 1
            return (s, d.status == "current", d.level == "county")

        return max(cands, key=score)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer(data.table("divisions.tsv"))
