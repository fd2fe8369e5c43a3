"""A bounded load test of `kg serve` on loopback: N requests, C at a time, of the canned query kinds (each canned
query with its parameter bound, as the query page runs it) and, separately, of the web app's pages.

    python bench/serve_load.py GRAPH_DIR [--queries 2000] [--concurrency 8] [--workers 2] [--pages 400]
    python bench/serve_load.py --reports 1000 [--keep DIR]      # make a corpus (bench/make_corpus.py), build it

Starts the real server (`kg serve GRAPH_DIR` on a free 127.0.0.1 port), picks parameter values from the graph
(counties, regulation titles, bodies, years), sends the requests with httpx and prints, per kind and overall, the
number of requests, errors, p50, p95 and the slowest latency in milliseconds. Only loopback is ever addressed;
the number of requests is fixed and each has a time-out, so the run ends by itself. Exits 1 when any request
failed. `--json FILE` writes the numbers as well.

The same requests (the same seed) are sent to a server that keeps its recent answers (`--cache 1024`, the
default of `kg serve`) and then to one that asks the store every time (`--cache 0`), and the share of queries
answered from the cache is printed: the second run is the cost of the queries themselves.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"

# canned query → the parameter(s) it is asked with, by the kind of value
CANNED = {
    "regulations_by_county": ("county",),
    "campaigns_by_county": ("county",),
    "figures_by_county_and_year": ("county", "year"),
    "repealed_regulations_still_cited": ("county",),
    "counties_by_regulation": ("title",),
    "regulation_first_cited": ("title",),
    "officials_by_organisation": ("organisation",),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def start_server(graph: Path, workers: int, cache: int | None = None) -> tuple[subprocess.Popen, str]:
    import httpx

    port = free_port()
    log = tempfile.TemporaryFile()  # its request log: a pipe nobody reads would fill and stop the server
    extra = [] if cache is None else ["--cache", str(cache)]
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(graph), "--host", HOST, "--port", str(port),
                             "--workers", str(workers), *extra], stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://{HOST}:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            raise SystemExit(f"kg serve stopped: {log.read().decode(errors='replace')}")
        try:
            if httpx.get(base + "/health", timeout=2).status_code == 200:
                return proc, base
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("kg serve did not start in 120 s")


def values(base: str) -> dict[str, list[str]]:
    """Parameter values found in the graph, through the SPARQL endpoint."""
    import httpx

    def column(query: str) -> list[str]:
        r = httpx.get(base + "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"},
                      timeout=60)
        r.raise_for_status()
        return sorted({b["v"]["value"] for b in r.json()["results"]["bindings"]})

    return {  # counties by their codes (a name may name two), shared entities' names from the entities graph
        "county": column("SELECT DISTINCT ?v WHERE { GRAPH ?g { ?r kg:aboutRegion ?d } "
                         "GRAPH graph:entities { ?d kg:divisionCode ?v } }"),
        "title": column("SELECT DISTINCT ?v WHERE { GRAPH graph:summary { ?s kg:ofRegulation ?t } "
                        "GRAPH graph:entities { ?t eli:title ?v } }"),
        "organisation": column("SELECT DISTINCT ?v WHERE { GRAPH graph:entities { ?p org:postIn/rdfs:label ?v } } "
                               "LIMIT 200"),
        "year": column("SELECT DISTINCT ?v WHERE { GRAPH ?g { ?r a kg:Report ; kg:year ?v } }"),
        "county_iri": column("SELECT DISTINCT ?v WHERE { GRAPH ?g { ?r kg:aboutRegion ?v } }"),
        "regulation_iri": column("SELECT DISTINCT ?v WHERE { GRAPH graph:summary { ?s kg:ofRegulation ?v } }"),
        "report_id": column("SELECT ?v WHERE { GRAPH ?g { ?r a kg:Report ; kg:contentHash ?v } } LIMIT 500"),
    }


def canned_requests(found: dict, n: int, rng: random.Random, kinds=None) -> list[tuple[str, str]]:
    """(kind, path) of `n` canned-query requests, the kinds in turn, each with random parameter values."""
    names = sorted(kinds or CANNED)
    out = []
    for i in range(n):
        name = names[i % len(names)]
        params = {p: rng.choice(found[p]) for p in CANNED[name]}
        out.append((name, "/query/download?" + urlencode({"name": name, **params, "format": "json"})))
    return out


def page_requests(found: dict, n: int, rng: random.Random) -> list[tuple[str, str]]:
    kinds = [
        ("page: search", lambda: "/search?" + urlencode({"q": rng.choice(found["title"])[:2]})),
        ("page: county", lambda: "/entity?" + urlencode({"iri": rng.choice(found["county_iri"])})),
        ("page: regulation", lambda: "/entity?" + urlencode({"iri": rng.choice(found["regulation_iri"])})),
        ("page: report", lambda: f"/report/{rng.choice(found['report_id'])}"),
    ]
    return [(kinds[i % len(kinds)][0], kinds[i % len(kinds)][1]()) for i in range(n)]


async def run(base: str, requests: list[tuple[str, str]], concurrency: int) -> dict[str, dict]:
    import httpx

    times: dict[str, list[float]] = {}
    errors: dict[str, list[str]] = {}
    gate = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=httpx.Limits(max_connections=concurrency)) as client:
        async def one(kind: str, path: str) -> None:
            async with gate:
                t = time.perf_counter()
                try:
                    r = await client.get(path)
                    ok = r.status_code == 200
                    why = f"{r.status_code} {r.text[:120]}"
                except httpx.HTTPError as e:
                    ok, why = False, repr(e)
                times.setdefault(kind, []).append((time.perf_counter() - t) * 1000)
                if not ok:
                    errors.setdefault(kind, []).append(f"{path}: {why}")

        await asyncio.gather(*(one(kind, path) for kind, path in requests))
    return {kind: {"requests": len(ms), "errors": len(errors.get(kind, [])), "p50": statistics.median(ms),
                   "p95": percentile(ms, 95), "max": max(ms), "ms": ms, "failed": errors.get(kind, [])[:3]}
            for kind, ms in sorted(times.items())}


def report(title: str, stats: dict[str, dict]) -> dict:
    every = [m for s in stats.values() for m in s["ms"]]
    total = {"requests": len(every), "errors": sum(s["errors"] for s in stats.values()),
             "p50": statistics.median(every), "p95": percentile(every, 95), "max": max(every)}
    print(f"\n{title}")
    print(f"{'kind':<36} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind, s in [*stats.items(), ("all", total)]:
        print(f"{kind:<36} {s['requests']:>8} {s['errors']:>6} {s['p50']:>8.1f} {s['p95']:>8.1f} {s['max']:>8.1f}")
        for line in s.get("failed", []):
            print(f"    {line}")
    return {"total": total, **{k: {x: v for x, v in s.items() if x != "ms"} for k, s in stats.items()}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("graph", nargs="?", type=Path, help="a folder `kg build` wrote")
    ap.add_argument("--reports", type=int, help="make and build a corpus of this many reports first")
    ap.add_argument("--keep", type=Path, help="where to build it (default: a temporary folder)")
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("--pages", type=int, default=400)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--kinds", nargs="+", choices=sorted(CANNED), help="only these canned queries")
    ap.add_argument("--cache", type=int, nargs="+", default=[1024, 0],
                    help="run the load against `kg serve --cache N` for each N in turn (default: 1024, then 0)")
    a = ap.parse_args()
    graph = a.graph
    if graph is None:
        if not a.reports:
            ap.error("give GRAPH_DIR or --reports N")
        sys.path.insert(0, str(REPO / "bench"))
        from make_corpus import make

        work = a.keep or Path(tempfile.mkdtemp(prefix="kg-serve-load-"))
        make(work / "corpus", a.reports, seed=a.seed)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kg", "build", str(work / "corpus"), "-o", str(work / "graph"),
                        "--workers", "2"], check=True, stdout=subprocess.DEVNULL)
        print(f"built {a.reports} reports in {time.perf_counter() - t:.0f} s")
        graph = work / "graph"
    runs, failed = [], 0
    for cache in a.cache:
        out = one_server(graph, a, cache)
        runs.append(out)
        failed += out["canned"]["total"]["errors"] + (out["pages"]["total"]["errors"] if a.pages else 0)
    if a.json:
        a.json.write_text(json.dumps(runs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    sys.exit(1 if failed else 0)


def one_server(graph: Path, a, cache: int) -> dict:
    """Start `kg serve --cache CACHE`, send the same requests (the same seed), print and return the numbers."""
    import httpx

    proc, base = start_server(graph, a.workers, cache)
    try:
        found = values(base)
        print(f"\n== kg serve --cache {cache} ({'answers kept' if cache else 'every query asked of the store'})")
        print(f"{graph}: {len(found['county'])} counties, {len(found['title'])} regulations, "
              f"{len(found['organisation'])} bodies with officials, {len(found['year'])} years; "
              f"{a.concurrency} concurrent requests, {a.workers} query workers")
        rng = random.Random(a.seed)
        asyncio.run(run(base, canned_requests(found, 2 * a.concurrency, rng, a.kinds), a.concurrency))  # warm-up, not counted
        asyncio.run(run(base, page_requests(found, 2 * a.concurrency, rng), a.concurrency))
        out = {"graph": str(graph), "concurrency": a.concurrency, "workers": a.workers, "cache": cache}
        before = httpx.get(base + "/health").json()["cache"]
        out["canned"] = report(f"{a.queries} canned queries (/query/download, JSON), {a.concurrency} at a time",
                               asyncio.run(run(base, canned_requests(found, a.queries, rng, a.kinds), a.concurrency)))
        out["canned"]["cache"] = hit_rate(before, httpx.get(base + "/health").json()["cache"])
        if a.pages:
            before = httpx.get(base + "/health").json()["cache"]
            out["pages"] = report(f"{a.pages} page requests, {a.concurrency} at a time",
                                  asyncio.run(run(base, page_requests(found, a.pages, rng), a.concurrency)))
            out["pages"]["cache"] = hit_rate(before, httpx.get(base + "/health").json()["cache"])
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return out


def hit_rate(before: dict, after: dict) -> dict:
    """The queries answered from the cache between two /health readings (a page asks several)."""
    got = {k: after[k] - before[k] for k in ("hits", "misses", "waits")}
    asked = sum(got.values())
    got["hit_rate"] = (got["hits"] + got["waits"]) / asked if asked else 0.0
    print(f"queries asked: {asked}; from the cache {got['hits']}, waiting for the same query {got['waits']}, "
          f"of the store {got['misses']} (hit rate {got['hit_rate']:.0%})")
    return got


if __name__ == "__main__":
    main()
