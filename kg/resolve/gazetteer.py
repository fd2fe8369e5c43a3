"""Administrative divisions (GB/T 2260 codes, parents, former names and codes, with dates) and finding them in text.

The data is kg/data/divisions.tsv (built by scripts/build_divisions.py, sources in kg/data/SOURCES.md): every
current province, prefecture and county-level division, and every division as it was before a change since 2014
(a former name or a former code, with the dates it applied and its current successors). A report from a year
resolves a name as it was that year (`named(name, year=...)`, `as_of`), and `then_and_now` gives both codes.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import ahocorasick

from .. import data
from .matching import Literals, longest_matches

MUNICIPALITIES = {"110000", "120000", "310000", "500000"}


def _day(value: str, end: bool) -> date | None:
    """2015-10-13, 2021-02 or 2021 as a day (the last it can mean when `end`); "" (open) as None."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    y = parts[0]
    m = parts[1] if len(parts) > 1 else (12 if end else 1)
    d = parts[2] if len(parts) > 2 else (calendar.monthrange(y, m)[1] if end else 1)
    return date(y, m, d)


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    short: str
    level: str  # province | prefecture | county
    parent: str  # the prefecture's code, or the province's (for counties directly under a province)
    province: str
    status: str = "current"  # current | former (a name or code no longer borne) | statistical (not a division)
    successor: str = ""  # former: the current division it went to (the first of `successors`)
    successors: tuple[str, ...] = ()  # former: every current division it went to (a split has several)
    valid_from: str = ""  # the day it began to bear this code and name ("" = before 2014, where the record starts)
    valid_to: str = ""  # the day it stopped ("" = it still does)
    source: str = field(default="", compare=False)

    def days_in(self, year: int) -> int:
        """How many days of `year` the division bore this code and name."""
        start, end = date(year, 1, 1), date(year, 12, 31)
        began, ended = _day(self.valid_from, False), _day(self.valid_to, True)
        if began and began > start:
            start = began
        if ended and ended < end:
            end = ended
        return max(0, (end - start).days + 1)

    def valid_in(self, year: int) -> bool:
        return self.days_in(year) > 0


@dataclass(frozen=True)
class ThenAndNow:
    """A division as a report named it, and the current division(s) it is now."""
    then: Division
    now: tuple[Division, ...]

    @property
    def code_then(self) -> str:
        return self.then.code

    @property
    def codes_now(self) -> tuple[str, ...]:
        return tuple(d.code for d in self.now)

    @property
    def changed(self) -> bool:
        return self.now != (self.then,)


class Gazetteer:
    """All provinces, prefectures and county-level divisions, current and former, with lookups by name and code."""

    def __init__(self, rows):
        divisions, statistical = [], []
        for r in rows:
            succ = tuple(filter(None, (r.get("successor") or "").split("|")))
            d = Division(r["code"], r["name"], r["short"], r["level"], r["parent"], r["province"], r["status"],
                         succ[0] if succ else "", succ, r.get("valid_from") or "", r.get("valid_to") or "",
                         r.get("source") or "")
            (statistical if d.status == "statistical" else divisions).append(d)
        self.divisions: list[Division] = divisions
        self.statistical: list[Division] = statistical  # NBS units that are not divisions (kept out of lookups)
        self.by_code: dict[tuple[str, str], Division] = {}  # current divisions by (level, code)
        self._current_by_code: dict[str, Division] = {}
        self._all_by_code: dict[tuple[str, str], list[Division]] = {}  # current and former
        self.by_name: dict[str, list[Division]] = {}
        for d in self.divisions:
            if d.status == "current":
                self.by_code.setdefault((d.level, d.code), d)
                self._current_by_code.setdefault(d.code, d)
            self._all_by_code.setdefault((d.level, d.code), []).append(d)
            self.by_name.setdefault(d.name, []).append(d)
        for d in list(self.divisions):
            # 芷江侗族自治县 is written 芷江县 too; 金平苗族瑶族傣族自治县 is 金平县, 本溪满族自治县 本溪县.
            for full, plain in (("自治县", "县"), ("自治旗", "旗")):
                alias = d.short if d.short.endswith(plain) else d.short + plain
                if d.name.endswith(full) and len(d.short) >= 2 and not self.by_name.get(alias):
                    self.by_name.setdefault(alias, []).append(d)
        self._lineage: dict[str, list[Division]] = {}  # current code -> every division that went to it
        for d in self.divisions:
            for s in self.successors(d):
                self._lineage.setdefault(s.code, []).append(d)
        stop = set(data.lines("division_stopnames.txt"))
        self._names = Literals(name for name in self.by_name if name not in stop and len(name) >= 2)
        self._recent: dict[str, tuple] = {}
        self._by_short: dict[str, list[Division]] | None = None  # built when first needed
        self._short_auto: ahocorasick.Automaton | None = None

    # -- lookups -------------------------------------------------------------------------
    def get(self, code: str, level: str) -> Division | None:
        """The current division with this code; a former code gives the division it went to."""
        div = self.by_code.get((level, code))
        if div is None and (level, code) in self._all_by_code:
            div = self.current(self._all_by_code[(level, code)][-1])
            return div if div.status == "current" else None
        return div

    def named(self, name: str, level: str | None = None, year: int | None = None) -> list[Division]:
        """Divisions of this name (current and former). With `year`: those that bore it in that year, most days
        first; if none did, all of them, the nearest in time first (a report may use a name a little early or
        late)."""
        cands = [d for d in self.by_name.get(name, []) if level is None or d.level == level]
        if year is None:
            return cands
        valid = sorted((d for d in cands if d.valid_in(year)), key=lambda d: -d.days_in(year))
        return valid or sorted(cands, key=lambda d: self._distance(d, year))

    @staticmethod
    def _distance(d: Division, year: int) -> int:
        began, ended = _day(d.valid_from, False), _day(d.valid_to, True)
        if began and year < began.year:
            return began.year - year
        return year - ended.year if ended and year > ended.year else 0

    def prefecture_of(self, div: Division) -> Division | None:
        """The prefecture a county was under (for a former division, the one it was under then); None for
        counties directly under a province (济源市, 仙桃市, 石河子市)."""
        if div.level == "county":
            if div.status == "current":
                return self.get(div.parent, "prefecture")
            return self._as_was(div.parent, "prefecture", div)
        return div if div.level == "prefecture" else None

    def _as_was(self, code: str, level: str, child: Division) -> Division | None:
        rows = self._all_by_code.get((level, code), [])
        ended = _day(child.valid_to, True)
        for d in rows:
            began, stop = _day(d.valid_from, False), _day(d.valid_to, True)
            if ended is None or ((began is None or began <= ended) and (stop is None or ended <= stop)):
                return d
        return None

    def province_of(self, div: Division) -> Division | None:
        return self.get(div.province, "province")

    def current(self, div: Division) -> Division:
        """The division as it is now (a former name or code resolves to its successor, the first if it was split)."""
        if div.status != "current" and div.successor:
            return self._now(div.successor, div.level) or div
        return div

    def _now(self, code: str, level: str) -> Division | None:
        """The current division with this code, at this level if there is one (儋州市 went up a level)."""
        return self.by_code.get((level, code)) or self._current_by_code.get(code)

    def successors(self, div: Division) -> list[Division]:
        """The current division(s) a division is now: itself if current, its successors if former."""
        if div.status == "current":
            return [div]
        return [d for d in (self._now(c, div.level) for c in div.successors) if d is not None]

    def then_and_now(self, div: Division) -> ThenAndNow:
        """A division as it was named (its code then) and what it is now (its current code or codes)."""
        return ThenAndNow(div, tuple(self.successors(div)))

    def as_of(self, div: Division, year: int) -> list[Division]:
        """The division(s) that bore `div`'s place in `year`, under their names and codes then, most days first:
        莱芜区 in 2018 is 莱城区; 蓬莱区 in 2019 is 蓬莱市 and 长岛县; 密云县 in 2020 is 密云区."""
        if div.days_in(year) >= (date(year, 12, 31) - date(year, 1, 1)).days + 1:
            return [div]
        now = self.successors(div)
        order = {d.code: i for i, d in enumerate(now)}
        seen, cands = set(), []
        for n in now:
            for d in self._lineage.get(n.code, []):
                if d not in seen and d.valid_in(year):
                    seen.add(d)
                    cands.append(d)
        if div.valid_in(year) and div not in seen:
            cands.append(div)
        return sorted(cands, key=lambda d: (-d.days_in(year), d != div,
                                            min(order.get(s.code, len(order)) for s in self.successors(d) or [d]),
                                            d.code))

    # -- text ------------------------------------------------------------------------------
    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Division names in `text`: (start, end, name), longest match at each place, no overlaps."""
        if len(text) < 500:  # a title, a line, a name: quick to scan again
            return self._names.longest(text)
        hits = self._recent.get(text)
        if hits is None:  # a report's whole text, which metadata, divisions and organisations all scan: kept
            if len(self._recent) >= 2:
                self._recent.clear()
            hits = self._recent[text] = tuple(self._names.longest(text))
        return list(hits)

    def find_short(self, text: str) -> list[tuple[int, int, str]]:
        """Short names (辽阳 for 辽阳市, 松阳 for 松阳县) and full names in `text`, longest match at each place. Short
        names are common words more often than places: read them only where a place is expected (a source line,
        a newspaper's or website's name, a dateline)."""
        return longest_matches(self._short_automaton(), text)

    def short_named(self, short: str) -> list[Division]:
        """Divisions with this short name (or full name), current first."""
        divs = self._shorts().get(short, []) or self.by_name.get(short, [])
        return sorted(divs, key=lambda d: d.status != "current")

    def _shorts(self) -> dict[str, list[Division]]:
        if self._by_short is None:
            self._by_short = {}
            for d in self.divisions:
                if len(d.short) >= 2 and d.short != d.name:
                    self._by_short.setdefault(d.short, []).append(d)
        return self._by_short

    def _short_automaton(self) -> ahocorasick.Automaton:
        if self._short_auto is None:
            stop = set(data.lines("division_stopnames.txt"))
            auto = ahocorasick.Automaton()
            for name in {*self._shorts(), *self.by_name}:
                if name not in stop and len(name) >= 2:
                    auto.add_word(name, name)
            auto.make_automaton()
            self._short_auto = auto
        return self._short_auto

    def is_standalone(self, text: str, start: int, end: int) -> bool:
        """A two-character name (理县, 和县) inside a longer word (治理县域) is not a place."""
        if end - start > 2 or start == 0:
            return True
        prev = text[start - 1]
        return not ("\u4e00" <= prev <= "\u9fff") or prev in "在对向和与及、由将把从自至省市州盟中共"

    def disambiguate(self, name: str, text: str, level: str | None = None,
                     year: int | None = None) -> Division | None:
        """Choose among divisions of one name by which parents the text mentions, then (with `year`) by which
        bore the name that year, then current before former."""
        cands = self.named(name, level)
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0]

        def score(d: Division):
            s = 0
            pref, prov = self.prefecture_of(d), self.province_of(d)
            for p in (pref, prov):
                if p is None or p.code == d.code:  # a prefecture is not its own parent
                    continue
                if p.name in text:
                    s += 3
                elif len(p.short) >= 2 and p.short in text.replace(d.name, ""):  # not in the name itself
                    s += 1
            return (s, d.days_in(year) if year else 0, d.status == "current", d.level == "county")

        return max(cands, key=score)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer(data.table("divisions.tsv"))
