"""Regenerate kg/data/divisions.tsv from jionlp's china_location data (Apache-2.0).

The gazetteer kg ships is derived from jionlp (https://github.com/dongrixinyu/JioNLP),
``jionlp/dictionary/china_location.zip`` (GB/T 2260 codes of provinces, prefectures and
county-level divisions) and ``china_location_change.txt`` (renamed and merged divisions).

Usage:
    pip download --no-deps jionlp -d /tmp/jionlp
    python scripts/build_divisions.py /tmp/jionlp/jionlp-*.whl > kg/data/divisions.tsv
"""
from __future__ import annotations

import csv
import io
import sys
import zipfile

LEVELS = {0: "province", 1: "prefecture", 2: "county"}


def _open(wheel: str, member: str) -> str:
    with zipfile.ZipFile(wheel) as whl:
        data = whl.read(f"jionlp/dictionary/{member}")
    if member.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as inner:
            data = inner.read(inner.namelist()[0])
    return data.decode("utf-8")


def main(wheel: str) -> None:
    rows: list[dict] = []
    stack: dict[int, dict] = {}
    for line in _open(wheel, "china_location.zip").splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        if depth > 2:
            continue
        parts = line.strip("\t").split("\t")
        if len(parts) < 2:
            continue
        name, code = parts[0], parts[1]
        short = parts[2] if len(parts) > 2 else name
        parent = stack.get(depth - 1)
        row = {"code": code, "name": name, "short": short, "level": LEVELS[depth],
               "parent": parent["code"] if parent else "",
               "province": (stack[0]["code"] if depth else code),
               "status": "current", "successor": "", "changed": ""}
        stack[depth] = row
        for d in [k for k in stack if k > depth]:
            del stack[d]
        rows.append(row)

    by_path = {}
    for r in rows:
        by_path[(r["level"], r["name"], r["parent"])] = r
    by_name: dict[tuple[str, str], list[dict]] = {}
    for r in rows:
        by_name.setdefault((r["level"], r["name"]), []).append(r)

    def find(level: str, name: str, province: str) -> dict | None:
        for r in by_name.get((level, name), []):
            if r["province"] == province:
                return r
        return None

    known = {(r["level"], r["name"], r["province"]) for r in rows}
    for line in _open(wheel, "china_location_change.txt").splitlines():
        parts = line.split("\t")
        if len(parts) < 4 or "=>" not in line:
            continue
        date = parts[0]
        old, new = line.split("=>")
        old_parts = old.split("\t")[2:]
        new_parts = new.split("\t")
        province = find("province", new_parts[0], "") or next(iter(by_name.get(("province", new_parts[0]), [])), None)
        if province is None:
            continue
        pcode = province["code"]
        # old side: province, short, prefecture, short, [county, short]
        old_names = old_parts[0::2]
        new_names = new_parts
        level = "county" if len(old_names) >= 3 else "prefecture"
        old_name = old_names[-1]
        successor = find(level, new_names[-1], pcode)
        if successor is None or (level, old_name, pcode) in known:
            continue
        known.add((level, old_name, pcode))
        parent = ""
        if level == "county":
            prefecture = find("prefecture", new_names[1], pcode)
            parent = prefecture["code"] if prefecture else ""
        short = old_parts[-1] if len(old_parts) % 2 == 0 else old_name
        rows.append({"code": successor["code"], "name": old_name, "short": short, "level": level,
                     "parent": parent or successor["parent"], "province": pcode, "status": "former",
                     "successor": successor["code"], "changed": date})

    out = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), delimiter="\t", lineterminator="\n")
    out.writeheader()
    for r in sorted(rows, key=lambda r: (r["code"], r["status"], r["name"])):
        out.writerow(r)


if __name__ == "__main__":
    main(sys.argv[1])
