"""Every page's data, in one place: functions returning plain rows and dicts for the web app of `kg serve`.

The SPARQL the app runs lives in `ontology/queries/app/*.rq` (nowhere else), loaded like the canned queries;
parameters are bound as variables (`Iri("…")` as an IRI, a `str` as a plain literal), never pasted into the
text. Each query runs in a worker of the app's QueryPool (kg.rdf.workers), within its time limit and row cap,
after the read-only check of kg.rdf.guard. Pages never see a query: when the RDF changes shape, the queries
change and these functions return the same rows.

    source = Source(pool, "output")
    county(source, "https://w3id.org/kg-zh/id/division/370921")   # {"label", "reports", "citations", …}

Report texts come from the report files the build writes (kg.serve.reports), and the ego view of an entity is
drawn from the networkx fragments of the reports that name it.
"""
from __future__ import annotations

import threading
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import Errors, QueryError
from ..rdf.namespaces import ELI, FOAF, KG, ORG, QB, RDF, RDFS, SDO, SKOS, XSD, compact
from ..rdf.ontology import path, read_query
from . import reports as report_files
from .cache import AnswerCache, byte_weight

APP = "queries/app"
EGO_REPORTS = 200     # an ego view is drawn from at most this many reports naming the entity (entity_reports.rq)
SEARCH_LIMIT = 50


class Iri(str):
    """A parameter value to bind as an IRI (a plain `str` is bound as a literal)."""

    __slots__ = ()


@dataclass(frozen=True)
class AppQuery:
    """One query of ontology/queries/app: its text (with prefixes), the variables it binds (`# param: ?x`) and,
    when it declares `# graphs: SEED(?x)`, the seed (ontology/queries/app/seeds/SEED.rq) whose graphs, found with
    ?v bound to the value of ?x, are the only ones it is evaluated over."""

    name: str
    text: str
    parameters: tuple[str, ...]
    within: tuple[str, str] | None = None


@lru_cache(maxsize=1)
def app_queries() -> dict[str, AppQuery]:
    """Every ontology/queries/app/NAME.rq by NAME."""
    import re

    out = {}
    for entry in sorted(path(APP).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name, text = entry.name[:-3], read_query(f"{APP}/{entry.name}")
            within = re.search(r"^#\s*graphs:\s*(\w+)\(\?(\w+)\)", text, re.M)
            out[name] = AppQuery(name, text, tuple(re.findall(r"^#\s*param:\s*\?(\w+)", text, re.M)),
                                 within.groups() if within else None)
    return out


@lru_cache(maxsize=None)
def seed_query(name: str) -> str:
    return read_query(f"{APP}/seeds/{name}.rq")


# ------------------------------------------------------------------------------------------ the worker's job



def run_app_query(store, name: str, params: dict, max_rows: int | None, graphs: tuple[str, ...] | None = None
                  ) -> list[dict]:
    """(In a query worker.) The rows of the app query `name` with `params` bound: each row a dict of column →
    value (IRIs and strings as str, integers and years as int, decimals as float, unbound as None). `graphs`: the
    report graphs to read (and the entities graph), in place of those its seed finds (`# graphs:`)."""
    import pyoxigraph as ox

    from ..rdf.guard import capped, check

    from ..rdf import mint

    entities = ox.NamedNode(str(mint.entities_graph()))
    query = app_queries()[name]
    check(query.text)
    bound = {}
    for var, value in params.items():
        if var not in query.parameters:
            raise QueryError(Errors.E314.format(query=name, name=var, parameters=", ".join(query.parameters)))
        bound[ox.Variable(var)] = ox.NamedNode(value) if isinstance(value, Iri) else ox.Literal(str(value))
    if graphs is not None:
        graphs = [ox.NamedNode(g) for g in sorted(set(graphs))] + [entities]
    elif query.within is not None and ox.Variable(query.within[1]) in bound:
        # pyoxigraph plans a query before it binds the parameters, so a pattern over every report graph would be
        # scanned whole: the seed finds the few graphs that matter by index, and the query reads only those
        value = bound[ox.Variable(query.within[1])]
        seed = store.query(seed_query(query.within[0]), substitutions={ox.Variable("v"): value})
        # the entities graph holds the shared entities' descriptions every report graph refers to
        graphs = sorted({s["g"] for s in seed} | {entities}, key=lambda g: g.value)
    else:
        graphs = None
    try:
        if graphs is None:
            answer = store.query(query.text, use_default_graph_as_union=True, substitutions=bound or None)
        else:  # the default graph is the union of these graphs only (no statement is in two of them)
            answer = store.query(query.text, default_graph=graphs, named_graphs=graphs,
                                 substitutions=bound or None)
    except (SyntaxError, ValueError) as e:
        raise QueryError(Errors.E313.format(detail=e)) from None
    columns = [v.value for v in answer.variables]
    return [{c: _value(solution[c]) for c in columns} for solution in capped(answer, max_rows)]


# what the county page shows of a county's reports, read over the graphs of one page of them
COUNTY_SECTIONS = ("county_reports", "county_citations", "county_bodies", "county_officials", "county_campaigns",
                   "county_figures")


def county_page(store, county: str, start: int, size: int, max_rows: int | None) -> dict:
    """(In a query worker.) One page of a county's reports, newest year first: the rows of each of
    COUNTY_SECTIONS read over the graphs of reports `start` to `start + size` only (a county of thousands of reports
    costs its page, not all of them), the county's citation summaries over all its reports, how many reports it
    has, and each year's count and the start of its first page. The order of the reports is the listing index's
    (kg.rdf.store.listing_index), newest year first."""
    from ..rdf.store import listing_index

    index = listing_index(store)
    year_of = {g: _year(index.year_of.get(g)) for g in index.graphs["county"].get(county, ())}
    graphs = sorted(year_of, key=lambda g: (year_of[g] is None, -(year_of[g] or 0), index.ranks[g]))
    shown = tuple(graphs[start:start + size])
    years: list[dict] = []
    for i, g in enumerate(graphs):
        year = year_of[g]
        if not years or years[-1]["year"] != year:
            years.append({"year": year, "reports": 0, "start": i - i % size})
        years[-1]["reports"] += 1
    params = {"county": Iri(county)}
    rows = {name: run_app_query(store, name, params, max_rows, shown) if shown else [] for name in COUNTY_SECTIONS}
    rows["county_summaries"] = run_app_query(store, "county_summaries", params, max_rows)
    return {"rows": rows, "total": len(graphs), "start": start, "size": size, "shown": len(shown), "years": years}


def _year(text: str | None) -> int | None:
    """A year of the listing index (a gYear's text) as a number, or None (none, or not a year)."""
    try:
        return int(text) if text else None
    except ValueError:
        return None


_INTEGERS = {str(XSD[t]) for t in ("integer", "int", "long", "nonNegativeInteger", "gYear")}
_DECIMALS = {str(XSD[t]) for t in ("decimal", "double", "float")}


def _value(term):
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.Literal):
        kind = term.datatype.value
        try:
            if kind in _INTEGERS:
                return int(term.value)
            if kind in _DECIMALS:
                number = float(term.value)
                return int(number) if number.is_integer() else number
        except ValueError:
            pass
    return term.value


# ---------------------------------------------------------------------------------------------- the source


PAGE_ROWS = 500  # rows of a canned query's result the query page shows at a time (a download has them all)
COUNTY_REPORTS = 25  # reports a county page shows at a time (each section is read over theirs only: about 0.3 s)


@dataclass
class Source:
    """Where the data comes from: the app's QueryPool (the store) and the build folder (the report files), with
    the answers given most recently (kg.serve.cache: the graph does not change while it is served)."""

    pool: object
    directory: Path
    cache: AnswerCache = field(default_factory=AnswerCache)
    page_rows: int = PAGE_ROWS  # rows of a canned query's result the query page shows at a time
    county_reports: int = COUNTY_REPORTS  # reports a county page shows at a time
    _index: list | None = field(default=None, repr=False)
    _home: dict | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def ask(self, job, *args, weight=lambda answer: 1):
        """`job(store, *args)` run in a query worker, or the answer it gave last time (`args` are plain values:
        str, numbers, None, dicts of them; an `Iri` is told apart from a literal of the same text)."""
        key = (job.__module__, job.__qualname__, *(_key(a) for a in args))
        return self.cache.get(key, lambda: self.pool.call(job, *args), weight)

    def rows(self, name: str, **params) -> list[dict]:
        """The rows of the app query `name`, run in a query worker (the rows are shared: read, don't change)."""
        return self.ask(run_app_query, name, params, self.pool.limits.max_rows, weight=len)

    def every_row(self, name: str) -> list[dict]:
        """Every row of the app query `name` (no parameters), past the row cap: for the app's own indexes made
        once (the names of every entity: over 100,000 rows at 10,000 reports), not for anything a user asks."""
        return self.pool.call(run_app_query, name, {}, None)


def _key(value):
    """`value` as part of a cache key: a dict as its sorted items, an Iri tagged."""
    if isinstance(value, dict):
        return tuple(sorted((k, _key(v)) for k, v in value.items()))
    if isinstance(value, Iri):
        return ("<iri>", str(value))
    return value


# --------------------------------------------------------------------------------------------------- search

KIND_ORDER = ("county", "regulation", "organization", "campaign", "official")


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip()


def search_index(source: Source) -> list[dict]:
    """Every searchable entity once: {"iri", "kind", "label", "names" (normalised), "note"} (made once)."""
    with source._lock:
        if source._index is None:
            found: dict[str, dict] = {}
            for r in source.every_row("search_names"):
                e = found.setdefault(r["entity"], {"iri": r["entity"], "kind": r["kind"], "label": r["label"],
                                                   "names": set(), "notes": set()})
                if r["name"] is not None:
                    e["names"].add(_norm(str(r["name"])))
                if r["note"]:
                    e["notes"].add(str(r["note"]))
            source._index = [{**e, "note": "、".join(sorted(e["notes"])[:3])} for e in found.values()]
        return source._index


def search(source: Source, text: str, limit: int = SEARCH_LIMIT) -> list[dict]:
    """Entities whose name, alias, short title or code matches `text`: the exact ones first, then those starting
    with it, then those containing it; counties before regulations, bodies, campaigns and officials."""
    q = _norm(text)
    if not q:
        return []
    hits = []
    for e in search_index(source):
        score = 3 if q in e["names"] else 2 if any(n.startswith(q) for n in e["names"]) else \
            1 if any(q in n for n in e["names"]) else 0
        if score:
            hits.append((-score, KIND_ORDER.index(e["kind"]) if e["kind"] in KIND_ORDER else 9, len(e["label"]),
                         e["label"], e["iri"], e))
    hits.sort(key=lambda h: h[:5])
    return [{k: h[-1][k] for k in ("iri", "kind", "label", "note")} for h in hits[:limit]]


# --------------------------------------------------------------------------------------------- entity facts

TYPES = {str(KG.AdministrativeDivision): "division", str(ELI.LegalResource): "regulation",
         str(ORG.Organization): "organization", str(FOAF.Person): "official", str(KG.Campaign): "campaign",
         str(QB.Observation): "metric", str(KG.Report): "report", str(ORG.Post): "post"}


def facts(source: Source, iri: str) -> dict:
    """What the graph says about `iri`: {"iri", "kind", "label", "values": {property: [(value, label)]}}, or
    an empty "values" when the graph does not know it."""
    values: dict[str, list] = defaultdict(list)
    for r in sorted(source.rows("entity_facts", entity=Iri(iri)), key=lambda r: (r["property"], str(r["value"]))):
        values[r["property"]].append((r["value"], r["valueLabel"]))
    kind = next((TYPES[v] for v, _ in values.get(str(RDF.type), []) if v in TYPES), None)
    if kind == "division" and any(v == str(KG.CountyLevel) for v, _ in values.get(str(KG.divisionLevel), [])):
        kind = "county"
    label = first(values, RDFS.label) or first(values, ELI.title) or first(values, FOAF.name) or iri
    return {"iri": iri, "kind": kind, "label": label, "values": dict(values)}


def first(values: dict, prop) -> str | None:
    found = sorted(str(v) for v, _ in values.get(str(prop), []))
    return found[0] if found else None


def all_of(values: dict, prop) -> list[str]:
    return sorted({str(v) for v, _ in values.get(str(prop), [])})


def linked(values: dict, prop) -> list[dict]:
    """The values of `prop` that are resources, with their labels: [{"iri", "label"}]."""
    out = {str(v): (lab or compact(str(v))) for v, lab in values.get(str(prop), [])}
    return [{"iri": k, "label": out[k]} for k in sorted(out, key=lambda k: (out[k], k))]


def evidence_link(report_id, start, end) -> dict | None:
    """Where an evidence span is shown: the report page at the span (#char=start,end)."""
    if report_id is None or start is None or end is None:
        return None
    return {"report": str(report_id), "start": int(start), "end": int(end),
            "href": f"/report/{report_id}#char={int(start)},{int(end)}"}


def _evidence(rows: list[dict]) -> list[dict]:
    """The distinct evidence spans of rows (columns id, start, end, sentence), in report and text order."""
    seen = {}
    for r in rows:
        link = evidence_link(r.get("id"), r.get("start"), r.get("end"))
        if link is not None:
            seen.setdefault((link["report"], link["start"], link["end"]), {**link, "sentence": r.get("sentence") or ""})
    return [seen[k] for k in sorted(seen)]


def _years(rows) -> list[int]:
    return sorted({r["year"] for r in rows if isinstance(r.get("year"), int)})


# --------------------------------------------------------------------------------------------------- pages


def home(source: Source) -> dict:
    """The start page: how many reports over which years, the counties, the most widely cited regulations (made
    once: a served graph does not change)."""
    if source._home is None:
        source._home = _home(source)
    return source._home


def _home(source: Source) -> dict:
    counts = source.rows("report_count")[0]
    index = search_index(source)
    kinds = defaultdict(int)
    for e in index:
        kinds[e["kind"]] += 1
    counties = sorted((e for e in index if e["kind"] == "county"), key=lambda e: (e["label"], e["iri"]))
    return {"reports": counts["reports"], "first_year": counts["firstYear"], "last_year": counts["lastYear"],
            "kinds": dict(kinds), "counties": counties, "regulations": source.rows("regulations_ranked")}


def county(source: Source, iri: str, start: int = 0) -> dict:
    """The county page, one page of its reports at a time (`source.county_reports` of them from `start`, newest
    year first): those reports; the regulations they cite by year (actions, reports, evidence; the first and last
    year the county's reports cite each, over all of them); their bodies, officials, campaigns and figures by year,
    each with evidence; and where the other pages start."""
    size = source.county_reports
    start = max(0, start) // size * size
    got = source.ask(county_page, iri, start, size, source.pool.limits.max_rows,
                     weight=lambda page: sum(map(len, page["rows"].values())))
    sections = got["rows"]
    reports = sorted(sections["county_reports"],
                     key=lambda r: (-(r["year"] or 0), r["label"], r["id"], r["issuer"] or "", r["file"] or ""))
    reports = [r for i, r in enumerate(reports) if i == 0 or r["id"] != reports[i - 1]["id"]]  # one row per report

    cites: dict[tuple, dict] = {}
    summaries = {r["regulation"]: r for r in sections["county_summaries"]}
    for r in sections["county_citations"]:
        row = cites.setdefault((r["regulation"], r["year"]), {
            "iri": r["regulation"], "title": r["title"], "year": r["year"], "actions": set(), "reports": set(),
            "rows": []})
        if r["action"]:
            row["actions"].add(r["action"])
        row["reports"].add(r["id"])
        row["rows"].append(r)
    citations = []
    for row in cites.values():
        summary = summaries.get(row["iri"], {})
        citations.append({"iri": row["iri"], "title": row["title"], "year": row["year"],
                          "actions": sorted(row["actions"]), "reports": len(row["reports"]),
                          "first_year": summary.get("firstYear"), "last_year": summary.get("lastYear"),
                          "evidence": _evidence(row["rows"])})
    citations.sort(key=lambda c: (c["title"], -(c["year"] or 0)))
    pages = [{"start": s, "first": s + 1, "last": min(s + size, got["total"])} for s in range(0, got["total"], size)]

    return {"reports": reports, "citations": citations,
            "regulations": len(summaries),
            "bodies": _grouped(sections["county_bodies"], "body", "name",
                               kind=lambda r: compact(r["kind"]).split(":")[-1] if r["kind"] else ""),
            "officials": _grouped(sections["county_officials"], "person", "name",
                                  post=lambda r: r["post"], body=lambda r: r["bodyName"] or ""),
            "campaigns": _grouped(sections["county_campaigns"], "campaign", "name"),
            "figures": _figures(sections["county_figures"]),
            "total": got["total"], "start": start, "shown": got["shown"], "years": got["years"], "pages": pages}


def _grouped(rows: list[dict], key: str, label: str, **extra) -> list[dict]:
    """One entry per entity of `rows`: its label, the years and reports naming it, its evidence, and `extra`
    columns (name → function of a row), most reported first."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        groups[r[key]].append(r)
    out = []
    for iri, rs in groups.items():
        entry = {"iri": iri, "label": rs[0][label], "years": _years(rs), "reports": len({r["id"] for r in rs}),
                 "evidence": _evidence(rs)}
        for name, fn in extra.items():
            entry[name] = "、".join(sorted({fn(r) for r in rs} - {""}))
        out.append(entry)
    out.sort(key=lambda e: (-e["reports"], e["label"], e["iri"]))
    return out


def _figures(rows: list[dict]) -> list[dict]:
    """Figures by year (newest first), then measure: one entry per observation with its evidence."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        groups[r["observation"]].append(r)
    out = [{"iri": iri, "measure": rs[0]["measure"], "value": rs[0]["value"], "unit": rs[0]["unit"],
            "year": rs[0]["year"], "evidence": _evidence(rs)} for iri, rs in groups.items()]
    out.sort(key=lambda f: (-(f["year"] or 0), f["measure"], f["iri"]))
    return out


def regulation(source: Source, iri: str, known: dict | None = None) -> dict:
    """The regulation page: registry facts (the graph's, and the registry's typed dates), the counties citing it
    with the year each first did, and its spread (counties citing it per year, and cumulative)."""
    from ..resolve.regulations import registry

    f = known or facts(source, iri)
    v = f["values"]
    title = first(v, ELI.title) or f["label"]
    force = first(v, SDO.legislationLegalForce)
    entry = registry().lookup(title)
    counties = sorted(source.rows("regulation_counties", regulation=Iri(iri)),
                      key=lambda c: (c["firstYear"] or 9999, c["county"], c["region"]))
    new: dict[int, list[str]] = defaultdict(list)
    for c in counties:
        if isinstance(c["firstYear"], int):
            new[c["firstYear"]].append(c["county"])
    spread, total = [], 0
    for year in range(min(new), max(new) + 1) if new else ():
        total += len(new.get(year, []))
        spread.append({"year": year, "new": len(new.get(year, [])), "total": total,
                       "counties": sorted(new.get(year, []))})
    registry_facts = None
    if entry is not None:
        registry_facts = {
            "level": entry.level, "first_adopted": _iso(entry.first_adopted), "first_adopted_by": entry.first_adopted_by,
            "last_amended": _iso(entry.last_amended), "last_amended_by": entry.last_amended_by,
            "published": _iso(entry.published), "entered_into_force": _iso(entry.entered_into_force),
            "status": entry.status, "repealed_on": _iso(entry.repealed_on), "replaced_by": entry.replaced_by,
            "note": entry.note}
    return {"title": title, "short_titles": all_of(v, ELI.title_short),
            "level": [x["label"].split(":")[-1] for x in linked(v, KG.legalLevel)],
            "in_force": None if force is None else force == str(SDO.InForce),
            "adopted": first(v, ELI.date_document), "entry_into_force": first(v, ELI.first_date_entry_in_force),
            "passed_by": linked(v, ELI.passed_by), "repealed_by": linked(v, ELI.repealed_by),
            "registry": registry_facts, "counties": counties, "spread": spread, "evidence": evidence_of(source, iri)}


def _iso(day) -> str | None:
    return day.isoformat() if day is not None else None


def entity(source: Source, iri: str, known: dict | None = None) -> dict:
    """The page of any other entity (a body, an official, a campaign, a figure, a post): its facts as
    (property, values) pairs, what links to it, and every evidence span."""
    f = known or facts(source, iri)
    shown = []
    for prop, values in sorted(f["values"].items()):
        if prop in (str(RDF.type),):
            continue
        shown.append({"property": compact(prop), "values": [
            {"iri": str(val) if lab is not None or str(val).startswith("http") else None,
             "label": lab or (compact(str(val)) if str(val).startswith("http") else str(val))}
            for val, lab in sorted(values, key=lambda x: (str(x[1] or x[0])))]})
    links = [{"iri": r["subject"], "label": r["subjectLabel"], "property": compact(r["property"]),
              "kind": TYPES.get(r["type"] or "", "")}
             for r in sorted(source.rows("entity_links", entity=Iri(iri)),
                             key=lambda r: (r["property"], r["subjectLabel"], r["subject"], r["type"] or ""))]
    seen, unique = set(), []
    for link in links:
        if (link["iri"], link["property"]) not in seen:
            seen.add((link["iri"], link["property"]))
            unique.append(link)
    return {"facts": shown, "links": unique, "evidence": evidence_of(source, iri)}


def evidence_of(source: Source, iri: str) -> list[dict]:
    """Every evidence span of an entity (at most 500, newest report first)."""
    rows = sorted(source.rows("entity_evidence", entity=Iri(iri)),
                  key=lambda r: (-(r["year"] or 0), r["id"], r["start"], r["end"]))
    return [{**evidence_link(r["id"], r["start"], r["end"]), "report_label": r["reportLabel"], "year": r["year"],
             "exact": r["exact"], "sentence": r["sentence"]} for r in rows]


def report(source: Source, report_id: str) -> dict | None:
    """The report page: the report file the build wrote (text, metadata, spans), or None."""
    return report_files.read_report(source.directory, report_id)


def ego_graph(source: Source, iri: str):
    """The networkx graph of the reports naming `iri` (at most EGO_REPORTS of them), made from their fragments:
    what the ego view of the entity draws. None when no report names it."""
    import networkx as nx

    from ..graph import Fragment, apply

    G = nx.MultiDiGraph()
    for r in source.rows("entity_reports", entity=Iri(iri)):
        doc = report_files.read_report(source.directory, str(r["id"]))
        if doc is not None:
            apply(G, Fragment(doc["fragment"]))
    return G if iri in G else None


# ------------------------------------------------------------------------------------------------- queries


def canned() -> list[dict]:
    """The canned queries (ontology/queries/*.rq) for the query page: name, title, doc, parameters, text."""
    from ..rdf.ontology import canned_queries

    return [{"name": q.name, "title": q.title, "doc": q.doc, "text": q.text,
             "parameters": [p.name for p in q.parameters]}
            for q in canned_queries().values()]


def run_canned(source: Source, name: str, params: dict[str, str], start: int = 0):
    """The page of a canned query's result (kg.rdf.query.QueryResult: about `source.page_rows` rows from
    `start`) with `params` bound, run in a query worker."""
    from ..rdf.workers import run_query

    return source.ask(run_query, name, _given(params), source.pool.limits.max_rows, source.page_rows, start,
                      weight=lambda result: len(result.rows))


def canned_download(source: Source, name: str, params: dict[str, str], fmt: str) -> bytes:
    """A canned query's result with `params` bound as the bytes of a download (`download_job`, in a worker)."""
    return source.ask(download_job, name, _given(params), source.pool.limits.max_rows, fmt, weight=byte_weight)


def download_job(store, name: str, params: dict[str, str], max_rows: int, fmt: str) -> bytes:
    """(In a query worker.) The canned query `name` with `params` bound, as JSON (`fmt` "json": a list of records,
    kg.rdf.query.QueryResult.records) or CSV (the shown columns, labels for IRIs): bytes cross the pipe, not the
    result's terms."""
    import csv
    import io
    import json

    from ..rdf.workers import run_query

    result = run_query(store, name, params, max_rows)
    if fmt == "json":
        return json.dumps(result.records(), ensure_ascii=False, indent=1).encode("utf-8")
    buf = io.StringIO()
    writer = csv.writer(buf)
    columns = result.shown_columns()
    writer.writerow(columns)
    index = [result.columns.index(c) for c in columns]
    for row in result.rows:
        writer.writerow([result.display(row[i]) for i in index])
    return buf.getvalue().encode("utf-8")


def _given(params: dict[str, str]) -> dict[str, str]:
    """The parameters a form filled in (an empty field leaves its parameter unbound)."""
    return {k: v for k, v in params.items() if v}


def run_sparql(source: Source, text: str, results: str = "json", graphs: str = "turtle"):
    """A SPARQL query's serialized answer (kg.rdf.workers.Answer), checked and run in a query worker."""
    from ..rdf.workers import evaluate

    limits = source.pool.limits
    return source.ask(evaluate, text, results, graphs, limits.max_rows, limits.max_bytes,
                      weight=lambda answer: byte_weight(answer.body))
