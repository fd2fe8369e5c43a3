"""SPARQL over a built graph: canned queries (ontology/queries/*.rq), query files or query text.

Parameters are bound variables (pyoxigraph substitutions), never pasted into the query text.
Results carry labels: every IRI in a row is shown with its rdfs:label when the graph has one.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from ..errors import Errors, QueryError
from .guard import capped, check, too_many, update_operations
from .namespaces import OX, PREFIX_IRIS, XSD, compact
from .ontology import CannedQuery, canned_queries, path, read_query

XSD_NS = str(XSD)


@dataclass
class QueryResult:
    """Rows of a SELECT (terms), the answer of an ASK, or the triples of a CONSTRUCT/DESCRIBE."""

    columns: list[str]
    rows: list[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]]
    labels: dict[str, str] = field(default_factory=dict)  # IRI → label
    boolean: bool | None = None
    parameters: tuple[str, ...] = ()                      # columns that are query parameters
    start: int = 0                                        # where this page began (`run(start=…)`)
    next_start: int | None = None                         # where the next page begins; None: nothing follows

    def select(self, *columns: str) -> "QueryResult":
        """The same result with only `columns`, in that order."""
        index = [self.columns.index(c) for c in columns]
        return QueryResult(list(columns), [[row[i] for i in index] for row in self.rows], self.labels,
                           start=self.start, next_start=self.next_start)

    def shown_columns(self) -> list[str]:
        """The columns worth showing: parameters are left out."""
        return [c for c in self.columns if c not in self.parameters]

    def display(self, term) -> str:
        """A term as people read it: labels for IRIs, the lexical form for literals."""
        if term is None:
            return ""
        if isinstance(term, ox.NamedNode):
            return self.labels.get(term.value) or compact(term.value)
        return term.value

    def records(self) -> list[dict]:
        """Rows as dicts of shown columns: IRIs as {"iri", "label"}, literals as their value."""
        out = []
        for row in self.rows:
            rec = {}
            for col, term in zip(self.columns, row):
                if col in self.parameters:
                    continue
                if isinstance(term, ox.NamedNode):
                    rec[col] = {"iri": term.value, "label": self.labels.get(term.value)}
                else:
                    rec[col] = _python(term)
            out.append(rec)
        return out


_NUMERIC = {"integer": int, "decimal": float, "double": float, "float": float, "long": int, "int": int}


def _python(term):
    """A literal's value as JSON would hold it: numbers as numbers, everything else as text."""
    if term is None:
        return None
    if isinstance(term, ox.Literal) and term.datatype.value.startswith(XSD_NS):
        convert = _NUMERIC.get(term.datatype.value[len(XSD_NS):])
        if convert is not None:
            value = convert(term.value)
            return int(value) if isinstance(value, float) and value.is_integer() else value
    return term.value


QUERY_FORMS = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)


def resolve(spec: str) -> tuple[str, CannedQuery | None]:
    """A canned query NAME, a query FILE (an existing path, or a name ending in .rq) or SPARQL text → (query
    text, the canned query or None). A query is text, whatever characters it holds (`/`, `.`): only an existing
    file or a name ending in .rq is read as a file."""
    canned = canned_queries()
    if spec in canned:
        return canned[spec].text, canned[spec]
    if _is_file(spec):
        return Path(spec).read_text(encoding="utf-8"), None
    if spec.endswith(".rq") and not any(c.isspace() for c in spec):
        raise QueryError(Errors.E310.format(spec=spec, names=", ".join(canned)))
    if not QUERY_FORMS.search(spec):
        if update_operations(spec):
            check(spec)  # refuses it, as an update
        near = difflib.get_close_matches(spec.strip(), list(canned), n=3, cutoff=0.5)
        hint = f"did you mean {' or '.join(near)}?" if near else f"canned queries are: {', '.join(canned)}"
        raise QueryError(Errors.E311.format(spec=spec, hint=hint))
    return spec, None


def _is_file(spec: str) -> bool:
    if "\n" in spec or len(spec) > 4096:
        return False
    try:
        return Path(spec).is_file()
    except (OSError, ValueError):
        return False


def run(store: ox.Store, spec: str, params: dict[str, str] | None = None, max_rows: int | None = None,
        limit: int | None = None, start: int = 0) -> QueryResult:
    """Run a canned query, a query file or SPARQL text on `store`, binding `params` (name → text); at most
    `max_rows` rows (QueryLimitError past them). A canned query's parameters are resolved to the graph's terms
    (`kg.rdf.params`: a county by name, short name or code, a regulation by title, short title or alias …; an
    unknown value is an error naming the closest ones); other queries bind each value as a literal (or an IRI
    written `<…>`) to the variable of its name. A query that would do more than read the graph (an update,
    SERVICE, FROM) is refused (canned queries are kg's own). No time limit here: `kg.rdf.workers.run` runs this
    in a worker that has one.

    With `limit`, one page from `start` (0: the first; then the `next_start` of the page before): a listing (a
    canned query declaring `# paged`) reads only the report graphs the page needs, in the order of its county,
    year and report, and gives whole reports (at least `limit` rows unless the listing ends); any other query
    gives rows `start` to `start + limit` of its whole result. The pages, joined, are the whole result."""
    text, canned = resolve(spec)
    if canned is None:
        check(text)
    if limit is not None and (limit < 1 or start < 0):
        raise QueryError(Errors.E318.format(limit=limit, start=start))
    bound = bind(store, canned, params or {})
    substitutions = {ox.Variable(var): term for var, (_, term) in bound.items()}
    hidden = tuple(p.variable for p in canned.parameters) if canned else ()
    if canned is not None and canned.paged and limit is not None:
        columns, rows, next_start = _page(store, text, _candidates(store, bound), substitutions, start, limit,
                                          max_rows)
        return QueryResult(columns, rows, _labels(store, rows), start=start, next_start=next_start,
                           parameters=tuple(c for c in columns if c in hidden))
    dataset = _dataset(store, bound) if canned else {"use_default_graph_as_union": True}
    answer = _query(store, text, substitutions, dataset)
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(columns=["answer"], rows=[[ox.Literal(str(bool(answer)).lower())]], boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        rows = [[t.subject, t.predicate, t.object] for t in capped(answer, max_rows, "triples")]
        columns = ["subject", "predicate", "object"]
    else:
        columns = [v.value for v in answer.variables]
        rows = [[solution[c] for c in columns] for solution in capped(answer, max_rows)]
    next_start = None
    if limit is not None:
        next_start = start + limit if len(rows) > start + limit else None
        rows = rows[start:start + limit]
    return QueryResult(columns, rows, _labels(store, rows), parameters=tuple(c for c in columns if c in hidden),
                       start=start, next_start=next_start)


def _query(store: ox.Store, text: str, substitutions: dict, dataset: dict):
    try:
        return store.query(text, prefixes=PREFIX_IRIS, substitutions=substitutions or None, **dataset)
    except SyntaxError as e:
        raise QueryError(Errors.E312.format(detail=e)) from None
    except (RuntimeError, OSError, ValueError) as e:
        missing = re.search(r"does not contains? variable \?(\w+)", str(e))
        if missing:
            raise QueryError(Errors.E363.format(name=missing.group(1))) from None
        raise QueryError(Errors.E313.format(detail=e)) from None


def _candidates(store: ox.Store, bound: dict[str, tuple[str, object]]) -> list[str]:
    """The IRIs of the report graphs a paged listing reads, in its order (`kg.rdf.store.listing_index`: by the
    name of the report's county, its year and the report's IRI, as the listing's ORDER BY begins): those the
    seeds of the bound parameters leave, or every report graph."""
    from .store import listing_index

    index = listing_index(store)
    seeded = _seeded_graphs(store, bound, index)
    if seeded is None:
        return index.order
    last = len(index.ranks)
    return sorted((g.value for g in seeded), key=lambda g: (index.ranks.get(g, last), g))


def _page(store: ox.Store, text: str, graphs: list[str], substitutions: dict, start: int, limit: int,
          max_rows: int | None) -> tuple[list[str], list[list], int | None]:
    """Columns, rows and the next page's start of a paged listing over `graphs` from graph number `start`: the
    query runs over a few graphs at a time (one for each twenty rows asked, at most eight, first; then as many as
    the rows still wanted need at the rate seen so far, at most four times as many as the time before) until
    `limit` rows or the last graph. Each run's ORDER BY sorts within the graphs it read; as the graphs come in
    the order it begins with, the pages follow one another in order."""
    shared = _shared_graphs()
    columns: list[str] = []
    rows: list[list] = []
    i, batch = start, max(1, min(8, limit // 20))
    while i < len(graphs) and len(rows) < limit:
        part = [ox.NamedNode(g) for g in graphs[i:i + batch]]  # only the page's graphs are made terms
        answer = _query(store, text, substitutions, {"use_default_graph_as_union": True, "named_graphs": part + shared})
        columns = [v.value for v in answer.variables]
        rows += [[solution[c] for c in columns] for solution in capped(answer, max_rows)]
        i += len(part)
        if max_rows is not None and len(rows) > max_rows:
            raise too_many(max_rows)
        rate = len(rows) / (i - start)
        batch = max(1, min(4 * batch, round((limit - len(rows)) / rate) if rate else 4 * batch))
    if not columns:  # no graph to read: the listing is empty
        answer = _query(store, text, substitutions, {"use_default_graph_as_union": True, "named_graphs": shared})
        columns = [v.value for v in answer.variables]
        rows = [[solution[c] for c in columns] for solution in capped(answer, max_rows)]
    return columns, rows, (i if i < len(graphs) else None)


def _shared_graphs() -> list[ox.NamedNode]:
    """The graphs every report graph refers to, read with any of them: the summaries and the entities."""
    from . import mint

    return [ox.NamedNode(str(mint.summary_graph())), ox.NamedNode(str(mint.entities_graph()))]


def bind(store: ox.Store, canned: CannedQuery | None, params: dict[str, str]) -> dict[str, tuple[str, object]]:
    """Variable → (parameter name, term) of every parameter given."""
    from .params import resolve as resolve_value

    out = {}
    for name, value in params.items():
        name = name.lstrip("?")
        if canned is None:
            term = ox.NamedNode(value[1:-1]) if value.startswith("<") and value.endswith(">") else ox.Literal(value)
            out[name] = (name, term)
            continue
        parameter = canned.parameter(name)
        if parameter is None:
            raise QueryError(Errors.E314.format(query=canned.name, name=name, parameters=", ".join(
                p.name for p in canned.parameters) or "none"))
        out[parameter.variable] = (name, resolve_value(store, name, value))
    return out


def _dataset(store: ox.Store, bound: dict[str, tuple[str, object]]) -> dict:
    """What a canned query reads: the union of every graph as the default graph, and as named graphs (the
    report graphs `GRAPH ?g` ranges over) every graph, or, when a parameter with a seed is bound
    (ontology/queries/seeds/NAME.rq, an index lookup of the report graphs it can match), only those with the
    summary and entities graphs (a query may name them: `GRAPH graph:entities { … }`). The query still filters
    on the parameter: seeds only narrow where it looks."""
    graphs = _seeded_graphs(store, bound)
    if graphs is None:
        return {"use_default_graph_as_union": True}
    return {"use_default_graph_as_union": True,
            "named_graphs": sorted(graphs, key=lambda g: g.value) + _shared_graphs()}


def _seeded_graphs(store: ox.Store, bound: dict[str, tuple[str, object]], index=None) -> set | None:
    """The report graphs the seeds of the bound parameters find (each seed's, intersected), or None when no
    bound parameter has a seed. A county's or a year's graphs come from the store's listing index when it has one
    (`kg.rdf.store.listing_index`: what the seeds would find, without decoding a term per graph)."""
    from .store import listing_index

    if index is None:
        index = listing_index(store, make=False)
    graphs = None
    for name, term in sorted(bound.values(), key=lambda item: item[0]):
        seed = seed_queries().get(name)
        if seed is None:
            continue
        if index is not None and name in index.graphs:
            found = {ox.NamedNode(g) for g in index.graphs[name].get(term.value, ())}
        else:
            found = {r["g"] for r in store.query(seed, substitutions={ox.Variable("v"): term},
                                                 use_default_graph_as_union=True)}
        graphs = found if graphs is None else graphs & found
    return graphs


@lru_cache(maxsize=1)
def seed_queries() -> dict[str, str]:
    """Parameter name → the seed query of the report graphs it can match (?v: the parameter's term)."""
    return {entry.name[:-3]: read_query(f"queries/seeds/{entry.name}")
            for entry in sorted(path("queries/seeds").iterdir(), key=lambda e: e.name) if entry.name.endswith(".rq")}


def _labels(store: ox.Store, rows) -> dict[str, str]:
    """IRI → its rdfs:label, for every IRI in `rows` (one index lookup each; each resource has one label, in the
    entities graph or in its report's graph)."""
    out = {}
    for iri in sorted({t.value for row in rows for t in row if isinstance(t, ox.NamedNode)}):
        for quad in store.quads_for_pattern(ox.NamedNode(iri), OX.rdfs.label, None, None):
            if isinstance(quad.object, ox.Literal):
                out[iri] = quad.object.value
                break
    return out
