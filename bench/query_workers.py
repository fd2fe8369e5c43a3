"""What running queries in a worker process costs: the same query in-process and through a QueryPool.

    python bench/query_workers.py GRAPH_DIR [--runs 100] [--query regulations_by_county]

Prints the median and p95 milliseconds of (1) `kg.rdf.query.run` on a store opened in this process and (2) the
same through `QueryPool.call(run_query, …)` (the `kg query` path, the pickled QueryResult coming back); then
(3) a SPARQL JSON serialization of the canned query's text in-process and (4) `QueryPool.call(evaluate, …)`
(the `kg serve` path); and the time to start a worker. The difference of the medians is the per-query overhead
of the worker design (IPC, pickling, the check).
"""
from __future__ import annotations

import argparse
import statistics
import time


def timed(fn, runs: int) -> list[float]:
    fn()  # warm: caches, first parse
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def line(name: str, ms: list[float]) -> str:
    ms = sorted(ms)
    return f"{name:<44} median {statistics.median(ms):7.2f} ms   p95 {ms[int(len(ms) * 0.95) - 1]:7.2f} ms"


def main() -> None:
    import pyoxigraph as ox

    from kg.rdf.ontology import canned_queries
    from kg.rdf.query import run
    from kg.rdf.store import open_store
    from kg.rdf.workers import CLI_LIMITS, QueryPool, _prefixes, evaluate, run_query

    ap = argparse.ArgumentParser()
    ap.add_argument("graph")
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--query", default="regulations_by_county")
    a = ap.parse_args()
    text = canned_queries()[a.query].text
    limits = CLI_LIMITS

    t = time.perf_counter()
    pool = QueryPool(a.graph, size=1, limits=limits).start()
    start_ms = (time.perf_counter() - t) * 1000
    store = open_store(a.graph)
    try:
        rows = len(run(store, a.query).rows)
        print(f"{a.query}: {rows} rows; {a.runs} runs each; worker started in {start_ms:.0f} ms")
        local = timed(lambda: run(store, a.query, max_rows=limits.max_rows), a.runs)
        pooled = timed(lambda: pool.call(run_query, a.query, None, limits.max_rows), a.runs)
        print(line("kg query path, in-process", local))
        print(line("kg query path, worker process", pooled))
        print(f"{'  overhead (difference of medians)':<44} {statistics.median(pooled) - statistics.median(local):7.2f} ms")

        def serialize_here():
            answer = store.query(text, prefixes=_prefixes(), use_default_graph_as_union=True)
            return answer.serialize(format=ox.QueryResultsFormat.JSON)

        local = timed(serialize_here, a.runs)
        pooled = timed(lambda: pool.call(evaluate, text, "json", "turtle", limits.max_rows, limits.max_bytes), a.runs)
        print(line("SPARQL JSON, in-process", local))
        print(line("SPARQL JSON, worker process (kg serve path)", pooled))
        print(f"{'  overhead (difference of medians)':<44} {statistics.median(pooled) - statistics.median(local):7.2f} ms")
    finally:
        pool.close()


if __name__ == "__main__":
    main()
