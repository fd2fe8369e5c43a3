"""The regulation registry (real titles, short forms, who made them and when, status) and title classification.

Each registry row says when its document was first made and by which body, when it was last amended and
by which body, when the current version took effect, and, for a document no longer in force, when it
ceased to have effect and what replaced it (`kg/data/regulations.tsv`, with its sources in SOURCES.md).
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from .. import data
from .matching import longest_matches

TRAILING_PAREN = re.compile(r"[（(][^（）()]{0,20}(?:[)）]|$)$")  # also one left open: 规划(2021-2025年
DATE_COLUMNS = ("first_adopted", "last_amended", "published", "in_force", "repealed")


@dataclass(frozen=True)
class Repeal:
    """When a regulation ceased to have effect, what replaced it, and why (the registry's note)."""

    on: dt.date
    replaced_by: str   # title of the replacing document, "" when none
    status: str        # repealed | expired
    reason: str = ""


@dataclass(frozen=True)
class RegistryEntry:
    """One registry row with typed dates. A date is None when the sources did not verify it."""

    title: str
    short_forms: tuple[str, ...]
    level: str
    first_adopted: dt.date | None = None
    first_adopted_by: str = ""
    last_amended: dt.date | None = None
    last_amended_by: str = ""
    published: dt.date | None = None          # the current version's publication, where it differs from adoption
    entered_into_force: dt.date | None = None  # the current version's entry into force
    status: str = "in_force"                   # in_force | repealed | expired
    repealed_on: dt.date | None = None
    replaced_by: str = ""
    local_versions: bool = False               # provinces and counties issue their own under the short forms
    note: str = ""

    # -- the names callers used before, with the same meaning ------------------------------------
    @property
    def issuer(self) -> str:
        """The enacting body (制定机关): for laws the body that first adopted the law."""
        return self.first_adopted_by

    @property
    def current_version(self) -> dt.date | None:
        """When the current version was made: the last amendment, else the first adoption."""
        return self.last_amended or self.first_adopted

    @property
    def adopted(self) -> str:
        """ISO date the current version was adopted ("" when not verified)."""
        return self.current_version.isoformat() if self.current_version else ""

    @property
    def in_force(self) -> str:
        """ISO date the current version took effect ("" when not verified)."""
        return self.entered_into_force.isoformat() if self.entered_into_force else ""

    # -- repeal ------------------------------------------------------------------------------------
    @property
    def repeal(self) -> Repeal | None:
        """For a regulation no longer in force: when it ceased to have effect and what replaced it."""
        if self.status == "in_force" or self.repealed_on is None:
            return None
        return Repeal(self.repealed_on, self.replaced_by, self.status, self.note)

    def in_force_on(self, day: dt.date) -> bool | None:
        """Whether the document (in some version) had effect on `day`; None when the registry cannot tell.

        The entry into force of versions before the current one is not recorded: an amended document counts
        from its first adoption."""
        if self.repealed_on is not None and day >= self.repealed_on:
            return False
        start = self.first_adopted or self.published
        if start is not None and day < start:
            return False
        if self.last_amended is None and self.entered_into_force is not None:
            return day >= self.entered_into_force
        if start is None:
            return None
        return True

    def cited_after_repeal(self, year: int | None) -> bool:
        """True when a report of `year` cites it although the whole of that year lies after its repeal.

        A 2021 report citing 《信访条例》 (ceased 2022-05-01) is not; a 2023 one is; a 2021 report citing
        《合同法》 (repealed 2021-01-01) is. A report of unknown year never is."""
        repeal = self.repeal
        return bool(repeal and year is not None and dt.date(year, 1, 1) >= repeal.on)


# a plan's period however it is written: (2021—2025年), (2021-2025), (2021年—2025年), (20212025年) with its dash
# lost in conversion, (2021至2025年)
YEAR_RANGE = re.compile(r"((?:19|20)\d\d)年?[—–－―‐\-~～至到]*((?:19|20)\d\d)年?")
LOST_DASH = re.compile(r"(?<=[（(])((?:19|20)\d\d)((?:19|20)\d\d)(?=年?[)）])")


@lru_cache(maxsize=1 << 14)  # a report cites its regulations many times: each title's key is made once
def key(title: str) -> str:
    """Comparison key for titles: NFKC, no brackets, quotes, spaces or dash variants, one form of a period
    (法治政府建设实施纲要（2021—2025年） and 法治政府建设实施纲要(20212025年) have one key)."""
    t = unicodedata.normalize("NFKC", title)
    t = re.sub(r"[《》〈〉<>“”\"'‘’\s]", "", t)
    t = re.sub(r"[—–－―‐-]+", "-", t)
    return YEAR_RANGE.sub(r"\1-\2", t)


def tidy_title(title: str) -> str:
    """A title as written, with a period's dash that conversion lost put back (纲要(20212025年) → 纲要(2021—2025年))
    and a period's bracket the writer left open closed (规划(2021-2025年 → 规划(2021-2025年))."""
    title = LOST_DASH.sub(r"\1—\2", title)
    opened = re.search(r"([（(])[^（）()]*$", title)
    if opened:
        title += "）" if opened.group(1) == "（" else ")"
    return title


def _date(row: Mapping, column: str) -> dt.date | None:
    value = (row.get(column) or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"regulations.tsv: {row.get('title')!r}: {column}={value!r} is not a date (YYYY-MM-DD)") \
            from None


def entry_from_row(row: Mapping) -> RegistryEntry:
    """A registry row (a dict of the TSV's columns) as a typed entry."""
    return RegistryEntry(
        title=row["title"],
        short_forms=tuple(filter(None, (row.get("short_forms") or "").split("|"))),
        level=row.get("level") or "",
        first_adopted=_date(row, "first_adopted"),
        first_adopted_by=row.get("first_adopted_by") or row.get("issuer") or "",
        last_amended=_date(row, "last_amended"),
        last_amended_by=row.get("last_amended_by") or "",
        published=_date(row, "published"),
        entered_into_force=_date(row, "in_force"),
        status=row.get("status") or "in_force",
        repealed_on=_date(row, "repealed"),
        replaced_by=row.get("replaced_by") or "",
        local_versions=(row.get("local_versions") or "").strip().lower() == "yes",
        note=row.get("note") or "",
    )


class Registry:
    def __init__(self, rows):
        self.entries = [entry_from_row(r) for r in rows]
        self.by_key: dict[str, RegistryEntry] = {}
        for e in self.entries:
            self.by_key.setdefault(key(e.title), e)
        self.by_short: dict[str, RegistryEntry] = {}
        for e in self.entries:
            for s in e.short_forms:
                self.by_short.setdefault(key(s), e)
        self._auto = ahocorasick.Automaton()
        for e in self.entries:
            for form in (e.title, *e.short_forms):
                if len(form) >= 2:
                    self._auto.add_word(form, form)
        if self.entries:
            self._auto.make_automaton()

    def lookup(self, title: str) -> RegistryEntry | None:
        k = key(title)
        return self.by_key.get(k) or self.by_short.get(k)

    def entry(self, form: str) -> RegistryEntry | None:
        return self.by_key.get(key(form)) or self.by_short.get(key(form))

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Unbracketed mentions of registry titles and short forms (longest, non-overlapping)."""
        if not self.entries:
            return []
        return longest_matches(self._auto, text)

    def short_form_kind(self, form: str) -> str | None:
        """"unique" for a short title only the national document bears (宪法, 民法典, 党章), "generic" for one
        every level uses for its own document (八五普法规划, 十四五规划纲要: needs the context), None when
        `form` is not a short form in the registry (a full title is not a short form)."""
        k = key(form)
        e = self.by_short.get(k)
        if e is None or k in self.by_key:
            return None
        return "generic" if e.local_versions else "unique"

    def repealed(self) -> list[RegistryEntry]:
        """Entries no longer in force, each with its `repeal` (date and replacement)."""
        return [e for e in self.entries if e.repeal is not None]


@lru_cache(maxsize=1)
def registry() -> Registry:
    try:
        rows = data.table("regulations.tsv")
    except FileNotFoundError:
        rows = ()
    return Registry(rows)


@lru_cache(maxsize=1)
def _positive() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in _lines("regulation_suffixes.txt")))


@lru_cache(maxsize=1)
def _negative() -> list[tuple[re.Pattern, str]]:
    try:
        rows = data.table("non_regulation_words.tsv")
    except FileNotFoundError:
        return []
    return [(re.compile(r["pattern"]), r["kind"]) for r in rows]


def _lines(name: str) -> tuple[str, ...]:
    try:
        return data.lines(name)
    except FileNotFoundError:
        return ()


@lru_cache(maxsize=1 << 14)
def classify(title: str) -> str | None:
    """'regulation' for a normative or policy document, else the kind of other title (ledger, course …)."""
    t = unicodedata.normalize("NFKC", title).strip()
    if registry().lookup(t):
        return "regulation"
    for pattern, kind in _negative():
        if pattern.search(t):
            return kind
    core = t
    while TRAILING_PAREN.search(core):
        core = TRAILING_PAREN.sub("", core).strip()
    if _lines("regulation_suffixes.txt") and _positive().search(core):
        return "regulation"
    return None


# -- short forms in context ----------------------------------------------------------------------------
RELATIVE_PLACE = re.compile(r"(?:我|本|全)?([省市县区州旗盟])$")
CLAUSE_END = re.compile(r"[。；;！？!?\n，,：:]")
# what may stand between a marker and the form: quotes, brackets, 的 (国家的“十四五”规划纲要)
BETWEEN = "“”\"'‘’《〈「『的 \u3000"


@dataclass(frozen=True)
class ShortReading:
    """What a short form written in a report refers to.

    scope "national": the registry document `entry` (宪法 → 中华人民共和国宪法; 全国八五普法规划).
    scope "local": the document of `place` (a county's own 八五普法规划); `title` names it apart from the
    national one (宁阳县“八五”普法规划), `entry` is None."""

    form: str
    scope: str
    entry: RegistryEntry | None
    place: str | None
    title: str


@lru_cache(maxsize=1)
def _national_markers() -> tuple[str, ...]:
    return tuple(sorted(_lines("national_markers.txt"), key=len, reverse=True))


def read_short_form(form: str, before: str = "", place: str | None = None,
                    places: Mapping[str, str] | None = None, reg: Registry | None = None) -> ShortReading | None:
    """Resolve a short form (八五普法规划, “十四五”规划纲要, 宪法) against the text written before it.

    `before`: the text just before the form (only its last clause is read); `place`: the reporting place
    (宁阳县); `places`: what the relative words 省/市/县/区/州/旗/盟 mean in this report ({"县": "宁阳县",
    "市": "泰安市", "省": "山东省"}, as `OrgResolver.relative_places()` gives them).

    A unique short title is the national document whatever the context. A generic one (a row with
    local_versions) is national when the clause names the centre right before it (全国, 国家, 中央 …), the
    document of a place when the clause names that place (省, 我市, 泰安市), else the reporting place's
    own; a report with no place reads it as the national one. None when `form` is no registry short form."""
    reg = reg or registry()
    kind = reg.short_form_kind(form)
    if kind is None:
        return None
    entry = reg.entry(form)
    national = ShortReading(form, "national", entry, None, entry.title)
    if kind == "unique":
        return national
    clause = CLAUSE_END.split(before)[-1].rstrip(BETWEEN)
    if clause.endswith(_national_markers()):
        return national
    places = dict(places or {})
    for name in sorted({n for n in (place, *places.values()) if n}, key=len, reverse=True):
        if clause.endswith(name):
            return ShortReading(form, "local", None, name, name + form)
    m = RELATIVE_PLACE.search(clause)
    if m:
        named = places.get(m.group(1)) or (place if place and place.endswith(m.group(1)) else None)
        if named:
            return ShortReading(form, "local", None, named, named + form)
    if place:
        return ShortReading(form, "local", None, place, place + form)
    return national
