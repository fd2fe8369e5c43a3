"""Compare kg/data/regulations.tsv with the version history in a LawRefBook/Laws checkout.

LawRefBook/Laws (https://github.com/LawRefBook/Laws) keeps one Markdown file per version of a
national law, administrative regulation, judicial interpretation or departmental rule, named
``TITLE(YYYY-MM-DD).md``; the lines before ``<!-- INFO END -->`` give the history of the text
(``1996年3月17日 第八届全国人民代表大会第四次会议通过`` …), and its ``db.sqlite3`` gives the
current version's ``valid_from`` (entry into force). Facts only are read; no text is copied.

Usage:
    git clone --depth 1 https://github.com/LawRefBook/Laws /tmp/Laws
    python scripts/check_regulations.py /tmp/Laws            # disagreements, one per line
    python scripts/check_regulations.py /tmp/Laws --all      # also the rows that agree

A row whose history the checkout does not hold (party rules, policy documents, repealed laws,
versions after the checkout's date) is listed as "not in checkout" so it can be checked by hand.
"""
from __future__ import annotations

import argparse
import csv
import re
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

REGISTRY = Path(__file__).resolve().parents[1] / "kg" / "data" / "regulations.tsv"
CN_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
EVENT = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日\s*(.*)$")
BODIES = (  # most specific first
    ("全国人民代表大会常务委员会", "全国人民代表大会常务委员会"),
    ("全国人民代表大会", "全国人民代表大会"),
    ("最高人民法院审判委员会", "最高人民法院"),
    ("最高人民检察院检察委员会", "最高人民检察院"),
    ("中共中央、国务院", "中共中央、国务院"),
    ("国务院", "国务院"),
    ("公安部", "公安部"),
    ("国家市场监督管理总局", "国家市场监督管理总局"),
)


@dataclass
class Event:
    date: str
    body: str
    kind: str  # adopted | amended | published | in_force


def parse_history(header: str) -> list[Event]:
    events = []
    for line in header.translate(CN_DIGITS).splitlines():
        m = EVENT.match(line.strip())
        if not m:
            continue
        date = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
        rest = m.group(4)
        body = next((short for long_, short in BODIES if long_ in rest), "")
        if re.search(r"通过的《|修正|修订|修改", rest):
            kind = "amended"
        elif "通过" in rest or "审议批准" in rest:
            kind = "adopted"
        elif "施行" in rest and not re.search(r"公布|发布", rest):
            kind = "in_force"
        elif re.search(r"公布|发布", rest):
            kind = "published"
        else:
            continue
        events.append(Event(date, body, kind))
    return events


def versions(root: Path) -> dict[str, list[Path]]:
    out: dict[str, list[Path]] = {}
    for p in root.rglob("*.md"):
        if p.parts[len(root.parts)] in ("DLC", "案例", "其他"):
            continue
        name = re.sub(r"\(\d{4}-\d{2}-\d{2}\)$", "", p.stem)
        out.setdefault(name, []).append(p)
    return out


# documents dated by their promulgation or issue rather than by the meeting that adopted them
DATED_BY_ISSUE = ("行政法规", "党内法规", "规范性文件")


def facts(files: list[Path], db: sqlite3.Connection | None, name: str, level: str = "法律") -> dict[str, str]:
    """first_adopted(_by), last_amended(_by), in_force of the newest version file, by the registry's rules."""
    newest = max(files, key=lambda p: p.stem)
    header = newest.read_text(encoding="utf-8").split("<!-- INFO END -->")[0]
    events = parse_history(header)
    out = {"file": str(newest)}
    by_issue = level in DATED_BY_ISSUE
    made = [e for e in events if e.kind == ("published" if by_issue else "adopted")] or \
        [e for e in events if e.kind in ("adopted", "published")]
    if made:
        out["first_adopted"], out["first_adopted_by"] = made[0].date, made[0].body
    amended = [e for e in events if e.kind == "amended"]
    stamps = sorted(m.group(1) for p in files if (m := re.search(r"\((\d{4}-\d{2}-\d{2})\)$", p.stem)))
    if by_issue and stamps and made and stamps[-1] > made[0].date:
        # a regulation's later versions are named by the decree that promulgated them
        out["last_amended"], out["last_amended_by"] = stamps[-1], made[0].body
    elif amended:
        out["last_amended"], out["last_amended_by"] = amended[-1].date, amended[-1].body
    last_made = max([e.date for e in made + amended] or [""])
    in_force = [e.date for e in events if e.kind == "in_force" and e.date >= last_made]
    if db is not None:
        stamp = re.search(r"\((\d{4}-\d{2}-\d{2})\)$", newest.stem)
        rows = db.execute("SELECT valid_from FROM law WHERE name = ? AND publish = ?",
                          (name, stamp.group(1) if stamp else None)).fetchall()
        in_force += [r[0] for r in rows if r[0]]
    if in_force:
        out["in_force"] = in_force[0]
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("laws", type=Path, help="a LawRefBook/Laws checkout")
    ap.add_argument("--all", action="store_true", help="also print the rows that agree")
    args = ap.parse_args(argv)
    if not args.laws.is_dir():
        print(f"not a folder: {args.laws}", file=sys.stderr)
        return 2
    dbfile = args.laws / "db.sqlite3"
    db = sqlite3.connect(dbfile) if dbfile.exists() else None
    index = versions(args.laws)
    lines = [l for l in REGISTRY.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    bad = 0
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        title = row["title"]
        name = title.removeprefix("中华人民共和国")
        files = index.get(name) or index.get(title)
        if not files:
            print(f"{title}\tnot in checkout")
            continue
        got = facts(files, db, name, row["level"])
        diffs = [f"{k}: registry {row.get(k) or '-'} / source {got[k] or '-'}"
                 for k in ("first_adopted", "first_adopted_by", "last_amended", "last_amended_by", "in_force")
                 if k in got and (row.get(k) or "") != got[k]]
        if diffs:
            bad += 1
            print(f"{title}\t" + "; ".join(diffs) + f"\t({Path(got['file']).name})")
        elif args.all:
            print(f"{title}\tagrees")
    print(f"{bad} rows disagree with the checkout", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
