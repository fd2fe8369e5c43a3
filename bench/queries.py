"""How long every canned query and every web-app query takes on a build, with each kind of bound parameter.

    python bench/queries.py GRAPH_DIR [--repeat 3] [--only NAME ...] [--json FILE]

Opens the build's store (kg.rdf.store.open_store) in this process and times

- every canned query (ontology/queries/*.rq, `kg.rdf.query.run`, parameters resolved as `kg query` resolves them)
  with no parameter, and with each parameter it takes bound in turn to the busiest value of its kind and to a
  rare one: the county with the most reports and one with the fewest, the regulation cited by the most reports
  and one cited by the fewest, the body whose officials the most reports name and one with the fewest, the year
  with the most reports and the one with the fewest; a query taking two parameters is timed with both busy too;
- every query of the web app (ontology/queries/app/*.rq, `kg.serve.data.run_app_query`) with its parameter bound
  to a busy county, a busy regulation, a busy body or an official (the entity queries), within the app's row cap;
  the county page's sections as the app reads them, over the graphs of the busiest county's first page of reports
  (`kg.serve.data.county_page`, one worker call: `app/county_page`).

Each runs in a query worker (kg.rdf.workers.QueryPool, as `kg query` and `kg serve` run them), `--repeat`
times, each run within `--timeout` seconds (a run out of time counts as the limit); the table shows the median and the slowest run in seconds, and the rows. The slowest
canned query with a bound parameter (the target of issue 20: ≤ 1 s; a listing, a canned query declaring `# paged`,
by its first page of 500 rows as `kg serve` shows it, and also whole, as a download gives it) and the slowest query
of the web app are printed last.
`bench/run.py` imports `slowest_bound_queries(directory)` and `table(timings)`.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

BUSY, RARE = "busy", "rare"


@dataclass
class Timing:
    """One query with one set of parameters: `kind` "canned" or "app"; seconds of each run; rows returned."""

    kind: str
    name: str
    params: dict[str, str]
    label: str                      # what the parameters are ("busy county", "rare title", "none")
    seconds: list[float] = field(default_factory=list)
    rows: int = 0
    error: str | None = None
    page: int | None = None         # a listing's first page of this many rows, as `kg serve` shows it (None: whole)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def bound(self) -> bool:
        return bool(self.params)


# -- parameter values from the graph ------------------------------------------------------------------------------

# value of each kind, with the number of reports behind it (most first); ties broken by the value itself
RANKINGS = {
    "county": """SELECT ?v (COUNT(DISTINCT ?r) AS ?n) WHERE { GRAPH ?g { ?r kg:aboutRegion ?d } ?d kg:divisionCode ?v }
                 GROUP BY ?v""",
    "title": """SELECT ?v (SUM(?c) AS ?n) WHERE { GRAPH graph:summary { ?s kg:ofRegulation ?t ; kg:reportCount ?c }
                 GRAPH graph:entities { ?t eli:title ?v } } GROUP BY ?v""",
    "organisation": """SELECT ?v (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH graph:entities { ?p org:postIn ?o .
                 ?person org:holds ?p . ?o rdfs:label ?v } GRAPH ?g { ?r schema:mentions ?person } } GROUP BY ?v""",
    "year": """SELECT ?v (COUNT(DISTINCT ?r) AS ?n) WHERE { GRAPH ?g { ?r a kg:Report ; kg:year ?y } BIND(STR(?y) AS ?v) }
                 GROUP BY ?v""",
}


def parameter_values(store) -> dict[str, dict[str, tuple[str, int]]]:
    """kind → {"busy": (value, reports), "rare": (value, reports)}, as a user would type the value (a county by its
    GB/T 2260 code, which names one county; a regulation by its title; a body by its name; a year)."""
    from kg.rdf.namespaces import PREFIX_IRIS

    out = {}
    for kind, query in RANKINGS.items():
        ranked = sorted(((r["v"].value, int(r["n"].value)) for r in store.query(
            query, prefixes=PREFIX_IRIS, use_default_graph_as_union=True)), key=lambda x: (-x[1], x[0]))
        if ranked:
            out[kind] = {BUSY: ranked[0], RARE: min(ranked, key=lambda x: (x[1], x[0]))}
    return out


def app_values(store, values: dict) -> dict[str, str]:
    """The IRIs the web app's queries are asked about: the busiest county and regulation, the busiest body and an
    official of it."""
    import pyoxigraph as ox

    from kg.rdf import mint
    from kg.rdf.namespaces import PREFIX_IRIS

    out = {}
    if "county" in values:
        out["county"] = str(mint.division(values["county"][BUSY][0]))
    if "title" in values:
        out["regulation"] = str(mint.regulation(values["title"][BUSY][0]))
    if "organisation" in values:
        body = values["organisation"][BUSY][0]
        out["organization"] = str(mint.organization(body))
        person = next(iter(store.query(
            "SELECT ?p ?o WHERE { GRAPH graph:entities { ?p org:holds/org:postIn ?o } } ORDER BY ?p LIMIT 1",
            prefixes=PREFIX_IRIS, substitutions={ox.Variable("o"): ox.NamedNode(out["organization"])})), None)
        if person is not None:
            out["official"] = person["p"].value
    return out


# -- what is timed ------------------------------------------------------------------------------------------------


def canned_cases(values: dict) -> list[Timing]:
    """Every canned query with no parameter, each parameter busy and rare, and all its parameters busy; a listing
    (`# paged`) both whole (what a download gives) and its first page as `kg serve` shows it."""
    from kg.rdf.ontology import canned_queries
    from kg.serve.data import PAGE_ROWS

    out = []
    for name, q in canned_queries().items():
        kinds = [p.name for p in q.parameters if p.name in values]
        cases = [({}, "none")]
        for kind in kinds:
            for which in (BUSY, RARE):
                cases.append(({kind: values[kind][which][0]}, f"{which} {kind}"))
        if len(kinds) > 1:
            cases.append(({k: values[k][BUSY][0] for k in kinds}, "busy " + "+".join(kinds)))
        for params, label in cases:
            out.append(Timing("canned", name, params, label))
            if q.paged:
                out.append(Timing("canned", name, params, f"{label}, first page", page=PAGE_ROWS))
    return out


def app_cases(iris: dict[str, str]) -> list[Timing]:
    """Every app query: without parameters, or with its IRI parameter bound to the busy entity of its kind (an
    `?entity` query: to each kind)."""
    from kg.serve.data import COUNTY_SECTIONS, app_queries

    out = []
    if "county" in iris:  # the county page: its sections read over the graphs of its first page of reports
        out.append(Timing("app", "county_page", {"county": iris["county"]}, "busy county, first page"))
    for name, q in app_queries().items():
        if name in COUNTY_SECTIONS:
            continue  # the app reads them only over a page of the county's reports: timed as county_page
        if not q.parameters:
            out.append(Timing("app", name, {}, "none"))
            continue
        (var,) = q.parameters
        kinds = [var] if var in iris else ["county", "regulation", "organization", "official"] \
            if var == "entity" else []
        for kind in kinds:
            if kind in iris:
                out.append(Timing("app", name, {var: iris[kind]}, f"busy {kind}"))
    return out


def time_case(pool, case: Timing, repeat: int) -> Timing:
    """Run `case` `repeat` times in a worker of `pool` (the `kg query` and `kg serve` path); a run past the pool's
    time limit ends the case, its time counted as the limit."""
    from kg.errors import QueryError, QueryLimitError
    from kg.rdf.workers import SERVER_LIMITS, run_query
    from kg.serve.data import COUNTY_REPORTS, Iri, county_page, run_app_query

    for _ in range(repeat):
        t = time.perf_counter()
        try:
            if case.kind == "canned":
                case.rows = len(pool.call(run_query, case.name, case.params, None, case.page).rows)
            elif case.name == "county_page":  # what the web app asks for a county's page, in one worker call
                page = pool.call(county_page, case.params["county"], 0, COUNTY_REPORTS, SERVER_LIMITS.max_rows)
                case.rows = sum(map(len, page["rows"].values()))
            else:
                # the app reads its parameterless queries (the search index) whole, the others within the cap
                cap = SERVER_LIMITS.max_rows if case.params else None
                case.rows = len(pool.call(run_app_query, case.name, {k: Iri(v) for k, v in case.params.items()},
                                          cap))
        except QueryLimitError as e:
            case.error = str(e)
            if e.kind == "time":
                case.seconds.append(pool.limits.timeout)
            break
        except QueryError as e:
            case.error = str(e)
            break
        case.seconds.append(time.perf_counter() - t)
    return case


def measure(directory, repeat: int = 3, only: list[str] | None = None, timeout: float = 60.0,
            bound: bool = False) -> list[Timing]:
    """Every case (canned and app queries; with `bound`, those with a parameter bound) timed on the build in
    `directory`, each run within `timeout` seconds."""
    from kg.rdf.store import open_store
    from kg.rdf.workers import QueryLimits, QueryPool

    store = open_store(directory)
    values = parameter_values(store)
    cases = canned_cases(values) + app_cases(app_values(store, values))
    del store
    if only:
        cases = [c for c in cases if c.name in only]
    if bound:
        cases = [c for c in cases if c.bound]
    with QueryPool(directory, size=1, limits=QueryLimits(timeout=timeout)) as pool:
        return [time_case(pool, c, repeat) for c in cases]


def slowest(timings: list[Timing], bound: bool = True, whole: bool = False, kind: str | None = None
            ) -> Timing | None:
    """The slowest of `timings` (with `bound`, of those with a parameter; with `kind`, of the canned or the app
    queries): queries as they are answered, a listing by its first page; with `whole`, only the whole listings."""
    paged = {t.name for t in timings if t.page is not None}
    chosen = [t for t in timings if t.seconds and (t.bound or not bound) and (kind is None or t.kind == kind)
              and ((t.name in paged and t.page is None) if whole else (t.page is not None or t.name not in paged))]
    return max(chosen, key=lambda t: t.median, default=None)


def describe(t: Timing | None) -> tuple[str, dict[str, str], float]:
    """(name, parameters, median seconds) of a timing; the name of an app query is `app/NAME`, a listing's
    first page `NAME[page]`."""
    if t is None:
        return ("", {}, 0.0)
    name = t.name if t.kind == "canned" else f"app/{t.name}"
    return (name + ("[page]" if t.page is not None else ""), t.params, t.median)


def slowest_bound_query(directory, repeat: int = 3, timeout: float = 60.0) -> tuple[str, dict[str, str], float]:
    """The slowest canned query with a bound parameter on the build in `directory`, a listing by its first page:
    (name, parameters, median seconds; `timeout` when one ran out of time)."""
    return slowest_bound_queries(directory, repeat, timeout)[0]


def slowest_bound_queries(directory, repeat: int = 3, timeout: float = 60.0) -> tuple[tuple, tuple, tuple]:
    """From one measurement, with a bound parameter: the slowest canned query (a listing by its first page), the
    slowest whole listing (what a download waits for) and the slowest query of the web app."""
    timings = measure(directory, repeat, timeout=timeout, bound=True)
    return (describe(slowest(timings, kind="canned")), describe(slowest(timings, whole=True)),
            describe(slowest(timings, kind="app")))


def table(timings: list[Timing]) -> str:
    """The timings as a Markdown table: query, parameters, rows, median and slowest seconds."""
    lines = ["| query | parameters | rows | median s | max s |", "|---|---|---:|---:|---:|"]
    for t in timings:
        name = describe(t)[0]
        shown = ", ".join(f"{k}={v.rsplit('/', 1)[-1]}" for k, v in t.params.items())
        what = f"{t.label}: {shown}" if shown else t.label
        if t.error:
            shown_time = f"≥ {max(t.seconds):.0f}" if t.seconds else ""
            lines.append(f"| {name} | {what} | error: {t.error[:60]} | {shown_time} | {shown_time} |")
        else:
            lines.append(f"| {name} | {what} | {t.rows} | {t.median:.3f} | {max(t.seconds):.3f} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("graph", type=Path, help="a folder `kg build` wrote")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", nargs="+", help="only these queries (canned or app names)")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds one run may take (default 60)")
    ap.add_argument("--json", type=Path, help="write the timings here too")
    a = ap.parse_args()
    timings = measure(a.graph, a.repeat, a.only, a.timeout)
    print(table(timings))
    worst = slowest(timings, kind="canned")
    if worst is not None:
        print(f"\nslowest canned query with a bound parameter (a listing: its first page): {describe(worst)[0]} "
              f"{worst.params} {worst.median:.3f} s")
    app = slowest(timings, kind="app")
    if app is not None:
        print(f"slowest web-app query with a bound parameter: {describe(app)[0]} {app.params} {app.median:.3f} s")
    listing = slowest(timings, whole=True)
    if listing is not None:
        print(f"slowest whole listing with a bound parameter: {listing.name} {listing.params} {listing.median:.3f} s")
    unbound = slowest(timings, bound=False)
    if unbound is not None and unbound is not worst:
        print(f"slowest of all: {describe(unbound)[0]} {unbound.params or '(no parameter)'} {unbound.median:.3f} s")
    if a.json:
        a.json.write_text(json.dumps([{**asdict(t), "median": t.median} for t in timings], ensure_ascii=False,
                                     indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
