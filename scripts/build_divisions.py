"""Build kg/data/divisions.tsv: China's provinces, prefectures and county-level divisions, current and former.

Sources (kg/data/SOURCES.md says more):
- the NBS yearly snapshots in ../shared/reference/divisions/<date>/ (provinces.csv, cities.csv, areas.csv): which
  divisions exist on each date, their GB/T 2260 codes, names and parents;
- scripts/divisions/changes.tsv, kept by hand: every change of code or name from 2014 on with its date, its
  successors and the approval it rests on, and the few units on which the NBS lists and GB/T 2260 differ;
- scripts/divisions/ethnic_groups.txt, common_words.txt and short_names.tsv, for short names.

The change file is checked against the snapshots: a division that leaves or enters a snapshot without a recorded
change stops the build with a message naming it.

Usage:
    python scripts/build_divisions.py                      # writes kg/data/divisions.tsv
    python scripts/build_divisions.py --reference DIR --out FILE
Rerunning it regenerates the file byte for byte.
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent / "divisions"
DEFAULT_REFERENCE = REPO.parent / "shared" / "reference" / "divisions"
DEFAULT_OUT = REPO / "kg" / "data" / "divisions.tsv"

COLUMNS = ["code", "name", "short", "level", "parent", "province", "status", "successor", "valid_from",
           "valid_to", "source"]
LEVEL_ORDER = {"province": 0, "prefecture": 1, "county": 2}
STATUS_ORDER = {"current": 0, "former": 1, "statistical": 2}
# Rows of cities.csv that group counties without being prefectures.
GROUPINGS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# Name endings by level, longest first: (ending, what a short name keeps of it when it must keep one, the
# shortest stem it leaves: 神农架林区 → 神农架, but 万柏林区 → 万柏林).
SUFFIXES = {
    "province": [("特别行政区", "", 2), ("自治区", "", 2), ("省", "", 2), ("市", "", 2)],
    "prefecture": [("自治州", "州", 2), ("地区", "地区", 2), ("盟", "盟", 2), ("市", "市", 2)],
    "county": [("自治县", "县", 2), ("自治旗", "旗", 2), ("新区", "新区", 2), ("林区", "林区", 3),
               ("特区", "特区", 2), ("矿区", "矿区", 2), ("县", "县", 2), ("区", "区", 2), ("市", "市", 2),
               ("旗", "旗", 2)],
}
# A banner whose name ends in a direction or a banner colour keeps 旗 (土默特左旗, 乌拉特前旗, 正镶白旗).
BANNER_KEEPS = ("左", "右", "前", "中", "后", "联合", "黄", "白", "红", "蓝")


class BuildError(Exception):
    pass


@dataclass(frozen=True)
class Unit:
    code: str
    name: str

    @property
    def level(self) -> str:
        return level_of(self.code)

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


@dataclass
class Change:
    date: str
    change: str
    unit: Unit
    links: list[Unit]
    source: str


@dataclass
class Snapshot:
    date: str
    units: dict[Unit, str] = field(default_factory=dict)  # unit -> parent code
    statistical: int = 0  # development zones and the like, left out


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    return "prefecture" if code.endswith("00") else "county"


def province_of(code: str) -> str:
    return code[:2] + "0000"


# -- reading --------------------------------------------------------------------------------------------------
def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def read_snapshot(folder: Path) -> Snapshot:
    snap = Snapshot(folder.name)
    for row in read_csv(folder / "provinces.csv"):
        snap.units[Unit(row["code"].ljust(6, "0"), row["name"])] = ""
    cities = {}
    for row in read_csv(folder / "cities.csv"):
        cities[row["code"]] = row["name"]
        if row["name"] not in GROUPINGS:
            snap.units[Unit(row["code"].ljust(6, "0"), row["name"])] = province_of(row["code"].ljust(6, "0"))
    for row in read_csv(folder / "areas.csv"):
        code, city = row["code"], row["cityCode"]
        if 70 <= int(code[4:6]) <= 79:  # development zones and the like: statistical units, not divisions
            snap.statistical += 1
            continue
        if row["name"] == cities.get(city):  # 441900 东莞市, 620201 嘉峪关市: a city without districts, again
            continue
        real_city = city in cities and cities[city] not in GROUPINGS
        snap.units[Unit(code, row["name"])] = city.ljust(6, "0") if real_city else province_of(code)
    return snap


def read_changes(path: Path) -> list[Change]:
    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    out = []
    for row in csv.DictReader(rows, delimiter="\t"):
        links = []
        for link in filter(None, (row["links"] or "").split(";")):
            code, _, name = link.partition(":")
            links.append(Unit(code, name))
        if row["change"] not in ("ended", "began", "division", "statistical"):
            raise BuildError(f"{path.name}: unknown change {row['change']!r} for {row['code']} {row['name']}")
        out.append(Change(row["date"], row["change"], Unit(row["code"], row["name"]), links, row["source"]))
    return out


def read_list(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


# -- checking the change file against the snapshots -----------------------------------------------------------
def check(snapshots: list[Snapshot], changes: list[Change]) -> list[str]:
    """Problems, one line each: snapshot changes the file does not record, and records the snapshots contradict."""
    problems = []
    ended, began = defaultdict(list), defaultdict(list)
    for c in changes:
        if c.change in ("ended", "began"):
            (ended if c.change == "ended" else began)[c.unit].append(c)
    listed = {c.unit for c in changes if c.change == "division"}
    statistical = {c.unit for c in changes if c.change == "statistical"}
    for a, b in zip(snapshots, snapshots[1:]):
        left = [u for u in a.units if u not in b.units and u not in statistical]
        entered = [u for u in b.units if u not in a.units and u not in statistical]
        for u in left:
            if not any(c.date <= b.date for c in ended.get(u, [])):
                problems.append(f"{u} is in the {a.date} snapshot, not in {b.date}, and no change ends it")
        for u in entered:
            if not any(c.date <= b.date for c in began.get(u, [])) and u not in listed:
                problems.append(f"{u} enters the {b.date} snapshot and no change begins it")
    known = set().union(*(s.units for s in snapshots)) | set(began) | listed
    for c in changes:
        for link in c.links:
            if link not in known:
                problems.append(f"{c.unit} ({c.date}) links to {link}, which no snapshot or change knows")
        if c.change in ("ended", "began") and not c.date:
            problems.append(f"{c.unit}: a change without a date")
    return problems


# -- building -------------------------------------------------------------------------------------------------
class Builder:
    def __init__(self, snapshots: list[Snapshot], changes: list[Change], ethnic: list[str], common: set[str],
                 customary: dict[str, str]):
        self.snapshots, self.changes = snapshots, changes
        self.ended: dict[Unit, list[Change]] = defaultdict(list)
        self.began: dict[Unit, list[Change]] = defaultdict(list)
        for c in sorted(changes, key=lambda c: c.date):
            if c.change == "ended":
                self.ended[c.unit].append(c)
            elif c.change == "began":
                self.began[c.unit].append(c)
        # The longer forms first: 蒙古族 before 蒙古, 土家族 before 土族.
        forms = {e for e in ethnic} | {e[:-1] for e in ethnic if e.endswith("族") and len(e) > 2}
        self.ethnic = sorted(forms, key=lambda e: (-len(e), e))
        self.common, self.customary = common, customary
        self.notes: list[str] = []
        self._prefecture_spans: dict[str, list[tuple[str, str]]] | None = None

    def current_units(self) -> dict[Unit, tuple[str, str]]:
        """Divisions as they are now: the last snapshot, corrected by the changes it does not carry yet."""
        last = self.snapshots[-1]
        units = {u: (parent, "") for u, parent in last.units.items()}
        statistical = {c.unit for c in self.changes if c.change == "statistical"}
        for u in list(units):
            if u in statistical:
                del units[u]
        for u, changes in self.ended.items():
            if u in units and self._ended_after(u, "", began=True):
                del units[u]
                self.notes.append(f"{u}: ended {changes[-1].date}, still in the {last.date} snapshot")
        for u, changes in self.began.items():
            if u not in units and not self._ended_after(u, changes[-1].date):
                units[u] = (self._parent(u, ""), changes[-1].source)
                self.notes.append(f"{u}: began {changes[-1].date}, not in the {last.date} snapshot")
        for c in self.changes:
            if c.change == "division" and c.unit not in units:
                units[c.unit] = (self._parent(c.unit, ""), c.source)
        return units

    def _ended_after(self, unit: Unit, date: str, began: bool = False) -> bool:
        """Whether the unit ended on or after `date` (with `began`: after it last began, if it began again)."""
        if began and self.began.get(unit):
            date = self.began[unit][-1].date
        return any(c.date >= date for c in self.ended.get(unit, []))

    def _span(self, unit: Unit) -> tuple[str, str]:
        """When a unit bore its code and name: (first day or "" if before the record, last day or "")."""
        began = [c.date for c in self.began.get(unit, [])]
        ended = [c.date for c in self.ended.get(unit, [])]
        return (min(began) if began else ""), (max(ended) if ended else "")

    def _prefecture_at(self, code: str, date: str) -> bool:
        """Whether a prefecture bore this code on `date` ("" = now)."""
        if self._prefecture_spans is None:
            units = {u for s in self.snapshots for u in s.units} | set(self.began) | set(self.ended)
            self._prefecture_spans = defaultdict(list)
            for u in units:
                if u.level == "prefecture":
                    self._prefecture_spans[u.code].append(self._span(u))
        for start, end in self._prefecture_spans.get(code, []):
            if (not date and not end) or (date and start <= date and (not end or date <= end)):
                return True
        return False

    def _parent(self, unit: Unit, date: str) -> str:
        if unit.level == "province":
            return ""
        prefecture = unit.code[:4] + "00"
        if unit.level == "county" and self._prefecture_at(prefecture, date):
            return prefecture
        return province_of(unit.code)

    def successors(self, unit: Unit, date: str, current: dict, seen=()) -> list[Unit]:
        """The current divisions a unit that ended on `date` went to, through later changes."""
        change = next((c for c in self.ended.get(unit, []) if c.date >= date), None)
        if change is None:
            return [unit] if unit in current else []
        out: list[Unit] = []
        for link in change.links:
            if link in current:
                found = [link]
            elif link in seen:
                found = []
            else:
                found = self.successors(link, change.date, current, seen + (unit,))
            out += [u for u in found if u not in out]
        return out

    def short(self, name: str, level: str, taken: set[str]) -> str:
        """The name without its ending and ethnic part (宁阳县 → 宁阳, 芷江侗族自治县 → 芷江), unless that is
        one character, a common word, or `taken` (by a higher level, or by another division of the same
        prefecture): then the stem keeps its ending (忠县, 和平区, 吉林市, 抚顺县, 本溪满族自治县 → 本溪县)."""
        stem, plain = self.stem(name, level)
        if len(stem) < 2:
            return name
        if stem in self.common or stem in taken:
            return stem + plain if plain else name
        return stem

    def stem(self, name: str, level: str) -> tuple[str, str]:
        for suffix, plain, shortest in SUFFIXES[level]:
            if name.endswith(suffix) and len(name) - len(suffix) >= shortest:
                stem = name[: -len(suffix)]
                if suffix == "旗" and stem.endswith(BANNER_KEEPS):
                    return name, ""
                if "自治" in suffix or stem.endswith("族"):
                    stem = self.strip_ethnic(stem)
                return stem, plain
        return name, ""

    def strip_ethnic(self, stem: str) -> str:
        """黔东南苗族侗族 → 黔东南; 东乡族 → 东乡 (a name that is all ethnic keeps it); 内蒙古 stays."""
        while True:
            form = next((e for e in self.ethnic if stem.endswith(e)), None)
            if form is None:
                return stem
            rest = stem[: -len(form)]
            if len(rest) < 2:
                return stem[:-1] if stem.endswith("族") and len(stem) > 2 else stem
            stem = rest

    def rows(self) -> list[dict]:
        current = self.current_units()
        rows = []
        for u, (parent, source) in current.items():
            began = self.began.get(u)
            rows.append(self._row(u, parent, "current", "", began[-1].date if began else "", "",
                                  began[-1].source if began else source))
        for u, changes in self.ended.items():
            for c in changes:
                began = [b for b in self.began.get(u, []) if b.date <= c.date]
                succ = self.successors(u, c.date, current)
                if not succ:
                    raise BuildError(f"{u} (ended {c.date}) leads to no current division")
                rows.append(self._row(u, self._parent(u, c.date), "former", "|".join(s.code for s in succ),
                                      began[-1].date if began else "", c.date, c.source))
        for c in self.changes:
            if c.change == "statistical":
                succ = [s for link in c.links for s in self.successors(link, c.date, current)]
                rows.append(self._row(c.unit, self._parent(c.unit, c.date), "statistical",
                                      "|".join(s.code for s in succ), "", c.date, c.source))
        self._shorts(rows)
        # municipalities: their districts and counties are directly under them, as under a prefecture
        for r in [r for r in rows if r["level"] == "province" and r["name"].endswith("市")]:
            rows.append({**r, "level": "prefecture", "parent": r["code"]})
        rows.sort(key=lambda r: (r["code"], LEVEL_ORDER[r["level"]], STATUS_ORDER[r["status"]], r["valid_to"],
                                 r["name"]))
        return rows

    def _row(self, u: Unit, parent: str, status: str, successor: str, valid_from: str, valid_to: str,
             source: str) -> dict:
        return {"code": u.code, "name": u.name, "short": "", "level": u.level, "parent": parent,
                "province": province_of(u.code), "status": status, "successor": successor,
                "valid_from": valid_from, "valid_to": valid_to, "source": source}

    def _shorts(self, rows: list[dict]) -> None:
        """Short names: a stem a higher level uses as its short (吉林, 抚顺), or that two current divisions of
        one prefecture share (伊宁市 and 伊宁县, 井陉县 and 井陉矿区), keeps its ending."""
        higher: set[str] = set()
        for level in ("province", "prefecture", "county"):
            mine = [r for r in rows if r["level"] == level]
            shared = defaultdict(set)
            for r in mine:
                if r["status"] == "current":
                    shared[(r["parent"], self.stem(r["name"], level)[0])].add(r["name"])
            for r in mine:
                stem = self.stem(r["name"], level)[0]
                taken = higher | ({stem} if len(shared[(r["parent"], stem)]) > 1 else set())
                r["short"] = self.customary.get(r["name"]) or self.short(r["name"], level, taken)
            higher |= {r["short"] for r in mine if r["status"] != "statistical"}


def build(reference: Path, changes_file: Path = HERE / "changes.tsv") -> tuple[list[dict], list[str]]:
    """The rows of divisions.tsv, and notes on where the change file corrects the last snapshot."""
    if not reference.is_dir():
        raise BuildError(f"no reference data at {reference} (the NBS snapshots, see scripts/build_divisions.py)")
    folders = sorted(p for p in reference.iterdir() if p.is_dir() and (p / "areas.csv").is_file())
    if not folders:
        raise BuildError(f"no snapshot folders (with areas.csv) in {reference}")
    snapshots = [read_snapshot(p) for p in folders]
    changes = read_changes(changes_file)
    problems = check(snapshots, changes)
    if problems:
        raise BuildError("the change file disagrees with the snapshots:\n  " + "\n  ".join(problems))
    customary = dict(line.split("\t") for line in read_list(HERE / "short_names.tsv")[1:])
    builder = Builder(snapshots, changes, read_list(HERE / "ethnic_groups.txt"),
                      set(read_list(HERE / "common_words.txt")), customary)
    rows = builder.rows()
    notes = builder.notes + [f"{s.date}: {s.statistical} statistical units (codes xxxx7x) left out" for s in snapshots]
    return rows, notes


def render(rows: list[dict]) -> str:
    """divisions.tsv's text: a comment line, the header, the rows."""
    buf = io.StringIO()
    buf.write("# China's divisions (GB/T 2260), current and former: built by scripts/build_divisions.py; "
              "see SOURCES.md\n")
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE,
                        help="folder of NBS snapshots (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="file to write (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        rows, notes = build(args.reference)
    except BuildError as e:
        print(f"build_divisions: {e}", file=sys.stderr)
        return 1
    args.out.write_text(render(rows), encoding="utf-8")
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    counts = defaultdict(int)
    for r in rows:
        counts[(r["status"], r["level"])] += 1
    print(f"wrote {args.out}: " + ", ".join(f"{n} {s} {lv}" for (s, lv), n in sorted(counts.items())),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
