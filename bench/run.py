"""Benchmark `kg build` against plain jieba segmentation of the same texts, side by side in one run.

    python bench/run.py [SIZES...] [--workers N] [--keep] [--out bench/results]

For each size (default: 1000 10000) it makes a corpus (../shared/bench/make_corpus.py when present, else
bench/make_corpus.py), times `jieba.lcut` over every text in this process, then runs `kg build` on the corpus
in a subprocess and records wall time, reports/s, MB/s, peak RSS of the whole process tree (sampled from /proc),
triples, and the ratio of the build time to the jieba time. Results are appended to bench/results/results.json
and written as a table to bench/results/RESULTS.md. The machine is shared and noisy: compare ratios taken in
the same run, not absolute times across runs.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED_MAKER = REPO.parent / "shared" / "bench" / "make_corpus.py"


def make_corpus(directory: Path, n: int, seed: int = 0) -> None:
    if directory.is_dir() and len(list(directory.glob("*.txt"))) == n:
        return
    maker = SHARED_MAKER if SHARED_MAKER.is_file() else HERE / "make_corpus.py"
    subprocess.run([sys.executable, str(maker), str(directory), str(n), "--seed", str(seed)], check=True,
                   stdout=subprocess.DEVNULL)


def _tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, read from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            ppid, pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack += children.get(p, [])
    return total


def run_measured(cmd: list[str], env=None) -> tuple[float, int, subprocess.CompletedProcess]:
    """Wall time and peak RSS of the process tree of `cmd`."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = 0
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    return seconds, peak, subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def jieba_seconds(files: list[Path]) -> tuple[float, int]:
    """Time to read and `jieba.lcut` every file (the dictionary loaded beforehand, as kg also does)."""
    import jieba

    jieba.initialize()
    start = time.perf_counter()
    chars = 0
    for f in files:
        text = f.read_text(encoding="utf-8")
        chars += len(text)
        jieba.lcut(text)
    return time.perf_counter() - start, chars


def bench(n: int, work: Path, workers: int | None, keep: bool, listings_up_to: int = 10_000) -> dict:
    corpus = work / f"corpus-{n}"
    make_corpus(corpus, n)
    files = sorted(corpus.glob("*.txt"))
    mb = sum(f.stat().st_size for f in files) / 1e6
    lcut, chars = jieba_seconds(files)
    out = work / f"out-{n}"
    cmd = [sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out), "--no-cache"]
    if workers:
        cmd += ["--workers", str(workers)]
    seconds, peak, res = run_measured(cmd)
    if res.returncode != 0:
        raise SystemExit(f"kg build failed on {n} reports:\n{res.stderr[-2000:]}")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    store_s, query_s, listing_s = query_times(out, listings=n <= listings_up_to)
    row = {
        "reports": n, "megabytes": round(mb, 2), "characters": chars, "workers": workers or os.cpu_count(),
        "jieba_lcut_s": round(lcut, 2), "kg_build_s": round(seconds, 2), "ratio": round(seconds / lcut, 2),
        "reports_per_s": round(n / seconds, 1), "mb_per_s": round(mb / seconds, 3),
        "peak_rss_mb": round(peak / 2**20), "quads": summary["quads"],
        "store_open_s": round(store_s, 2), "slowest_query_s": round(max(query_s.values()), 3),
        "slowest_query": max(query_s, key=query_s.get),
        "slowest_listing_s": round(max(listing_s.values()), 2) if listing_s else None,
    }
    if not keep:
        subprocess.run(["rm", "-rf", str(out)], check=False)
    return row


PARAMS = {"county": "宁阳县", "year": "2023", "title": "信访工作条例", "organisation": "宁阳县信访局"}


def query_times(out: Path, listings: bool = True) -> tuple[float, dict[str, float], dict[str, float]]:
    """Seconds to open the store (the first query loads it from the shards when the build did not), seconds
    of each canned query asked about one county, regulation or body (its parameters bound), and seconds of
    each canned query listing everything (no parameters; only when `listings`: on 100,000 reports a listing
    returns hundreds of thousands of rows)."""
    from kg.rdf.ontology import canned_queries
    from kg.rdf.query import run
    from kg.rdf.store import open_store

    start = time.perf_counter()
    store = open_store(out)
    opened = time.perf_counter() - start
    times, listing = {}, {}
    for name, q in canned_queries().items():
        start = time.perf_counter()
        run(store, name, {p.name: PARAMS[p.name] for p in q.parameters if p.name in PARAMS})
        times[name] = time.perf_counter() - start
        if listings:
            start = time.perf_counter()
            run(store, name)
            listing[name] = time.perf_counter() - start
    return opened, times, listing


def machine() -> str:
    try:
        model = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        model = platform.processor() or "unknown CPU"
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({model}), {mem:.0f} GiB RAM, Python {platform.python_version()}"


def table(rows: list[dict]) -> str:
    cols = ["reports", "megabytes", "workers", "jieba_lcut_s", "kg_build_s", "ratio", "reports_per_s", "mb_per_s",
            "peak_rss_mb", "quads", "store_open_s", "slowest_query_s", "slowest_query", "slowest_listing_s"]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join("–" if r.get(c) is None else str(r[c]) for c in cols) + " |" for r in rows]
    return "\n".join(lines)


def write_results(folder: Path, runs: list[dict]) -> None:
    """RESULTS.md: every run in results.json, newest first."""
    parts = ["# Benchmark results\n",
             "`ratio` is `kg build` wall time over plain `jieba.lcut` of the same texts, both measured in the same "
             "run (jieba in one process; kg with `workers` processes); peak RSS is the whole process tree. "
             "`store_open_s` is the first query's wait while the store is bulk-loaded from the N-Quads shards "
             "and its citation summaries are derived (builds over 2M quads leave that to the first query), "
             "`slowest_query_s` the slowest of the seven canned queries asked about one county, year, regulation "
             "or body (parameters bound) and `slowest_query` its name, `slowest_listing_s` the slowest of them "
             "listing everything (– where not timed: above `--listings-up-to` reports). The machine is shared: "
             "compare ratios within a run.\n"]
    for run in reversed(runs):
        parts.append(f"## {run['date']}, {run['machine']}\n\n{table(run['rows'])}\n")
    parts.append("Reproduce with `python bench/run.py 10000 100000` (corpora and outputs go to `bench/work/`).\n")
    (folder / "RESULTS.md").write_text("\n".join(parts), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--work", type=Path, default=HERE / "work", help="where corpora and outputs go")
    ap.add_argument("--out", type=Path, default=HERE / "results")
    ap.add_argument("--keep", action="store_true", help="keep the built outputs")
    ap.add_argument("--listings-up-to", type=int, default=10_000,
                    help="time the unbound listings only for corpora up to this many reports")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in args.sizes:
        row = bench(n, args.work, args.workers, args.keep, args.listings_up_to)
        print(json.dumps(row), flush=True)
        rows.append(row)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y-%m-%d")
    record = {"date": stamp, "machine": machine(), "rows": rows}
    history = args.out / "results.json"
    runs = json.loads(history.read_text(encoding="utf-8")) if history.exists() else []
    runs.append(record)
    history.write_text(json.dumps(runs, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    write_results(args.out, runs)
    print(table(rows))


if __name__ == "__main__":
    main()
