"""Make a synthetic corpus of N reports by recombining paragraphs of real (or bundled example) reports.

    python bench/make_corpus.py OUT_DIR N [--seed S] [--source DIR ...]

The same idea as ../shared/bench/make_corpus.py, which `bench/run.py` prefers when it is there: each report
gets a real county-level place from the gazetteer, a year between 2019 and 2025, a title line in the genre's
usual form and 8–20 paragraphs drawn from the sources. Realistic in vocabulary and length, not in meaning:
for speed and scale only. Deterministic for a given seed.
"""
from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
AGENCIES = ["信访局", "信访局", "信访局", "信访办公室", "人民政府", "司法局"]
TITLES = ["{p}{a}关于{y}年法治政府建设情况的报告", "{p}{a}{y}年法治政府建设工作总结",
          "{y}年度法治政府建设情况报告\n{p}{a}"]


def paragraphs(sources: list[Path]) -> list[str]:
    out = []
    for src in sources:
        for path in sorted(src.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            out += [p.strip() for p in re.split(r"\n\s*\n|\n", text) if len(p.strip()) >= 30]
    return out


def counties() -> list[str]:
    from kg.resolve.gazetteer import gazetteer

    return sorted({d.name for d in gazetteer().divisions if d.level == "county" and d.status == "current"})


def place_names(pool: list[str]) -> re.Pattern:
    """The county names the source paragraphs use (replaced by each report's own place)."""
    from kg.resolve.gazetteer import gazetteer

    gaz = gazetteer()
    names = {name for p in pool for _, _, name in gaz.find(p) if any(d.level == "county" for d in gaz.named(name))}
    return re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)) or "$^")


def make(out: Path, n: int, seed: int = 0, sources: list[Path] | None = None) -> int:
    """Write N reports to OUT; return the number of characters written."""
    rng = random.Random(seed)
    pool = paragraphs(sources or [REPO / "examples"])
    places = counties()
    own = place_names(pool)
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        place, year = rng.choice(places), rng.randint(2019, 2025)
        title = rng.choice(TITLES).format(p=place, a=rng.choice(AGENCIES), y=year)
        body = [own.sub(place, p) for p in rng.sample(pool, rng.randint(min(8, len(pool)), min(20, len(pool))))]
        text = title + "\n" + "\n".join(body) + "\n"
        (out / f"r{i:06d}.txt").write_text(text, encoding="utf-8")
        total += len(text)
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--source", type=Path, action="append")
    args = ap.parse_args()
    chars = make(args.out, args.n, args.seed, args.source)
    print(f"{args.n} reports, {chars} characters in {args.out}")


if __name__ == "__main__":
    main()
