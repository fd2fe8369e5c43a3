"""SPARQL over a built graph: canned queries (ontology/queries/*.rq), query files or query text.

Parameters are bound variables (pyoxigraph substitutions), never pasted into the query text.
Results carry labels: every IRI in a row is shown with its rdfs:label when the graph has one.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from ..errors import Errors, QueryError
from .guard import capped, check, update_operations
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

    def select(self, *columns: str) -> "QueryResult":
        """The same result with only `columns`, in that order."""
        index = [self.columns.index(c) for c in columns]
        return QueryResult(list(columns), [[row[i] for i in index] for row in self.rows], self.labels)

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


def resolve(spec: str) -> tuple[str, CannedQuery | None]:
    """A canned query NAME, a FILE.rq, or SPARQL text → (query text, the canned query or None)."""
    canned = canned_queries()
    if spec in canned:
        return canned[spec].text, canned[spec]
    if spec.endswith(".rq") or _is_file(spec):
        path = Path(spec)
        if not path.is_file():
            raise QueryError(Errors.E310.format(spec=spec, names=", ".join(canned)))
        return path.read_text(encoding="utf-8"), None
    if not any(word in spec.upper() for word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")):
        if update_operations(spec):
            check(spec)  # refuses it, as an update
        if len(spec) < 300 and "\n" not in spec and os.path.sep in spec:
            raise QueryError(Errors.E310.format(spec=spec, names=", ".join(canned)))
        raise QueryError(Errors.E311.format(spec=spec, names=", ".join(canned)))
    return spec, None


def _is_file(spec: str) -> bool:
    try:
        return Path(spec).is_file()
    except (OSError, ValueError):
        return False


def run(store: ox.Store, spec: str, params: dict[str, str] | None = None, max_rows: int | None = None) -> QueryResult:
    """Run a canned query, a query file or SPARQL text on `store`, binding `params` (name → text); at most
    `max_rows` rows (QueryLimitError past them). A query that would do more than read the graph (an update,
    SERVICE, FROM) is refused (canned queries are kg's own). No time limit here: `kg.rdf.workers.run` runs this
    in a worker that has one."""
    text, canned = resolve(spec)
    if canned is None:
        check(text)
    parameters = canned.parameters if canned else ()
    substitutions = {}
    for name, value in (params or {}).items():
        var = _parameter(name, parameters, canned)
        substitutions[ox.Variable(var)] = ox.NamedNode(value[1:-1]) if value.startswith("<") else ox.Literal(value)
    graphs = _seed_graphs(store, {v.value: t for v, t in substitutions.items()}) if canned else None
    try:
        answer = store.query(text, prefixes=PREFIX_IRIS, use_default_graph_as_union=True,
                             substitutions=substitutions or None, named_graphs=graphs)
    except SyntaxError as e:
        raise QueryError(Errors.E312.format(detail=e)) from None
    except (RuntimeError, OSError, ValueError) as e:
        raise QueryError(Errors.E313.format(detail=e)) from None
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(columns=["answer"], rows=[[ox.Literal(str(bool(answer)).lower())]], boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        rows = [[t.subject, t.predicate, t.object] for t in capped(answer, max_rows, "triples")]
        return QueryResult(["subject", "predicate", "object"], rows, _labels(store, rows))
    columns = [v.value for v in answer.variables]
    rows = [[solution[c] for c in columns] for solution in capped(answer, max_rows)]
    return QueryResult(columns, rows, _labels(store, rows), parameters=tuple(p for p in parameters if p in columns))


_NO_GRAPH = ox.NamedNode("urn:kg:no-graph")


def _seed_graphs(store: ox.Store, bound: dict[str, ox.Literal]) -> list | None:
    """The report graphs a bound parameter can match (ontology/queries/seeds/PARAM.rq, an index lookup with the
    value bound), so that the canned query scans those graphs only; None when no parameter has a seed. The
    canned query still filters on the parameter: seeds only narrow where it looks."""
    graphs = None
    for name, value in sorted(bound.items()):
        seed = seed_queries().get(name)
        if seed is None:
            continue
        text, kind = seed
        term = ox.Literal(value.value, datatype=ox.NamedNode(XSD_NS + "gYear")) if kind == "gYear" \
            else ox.Literal(value.value, language="zh")
        found = {s["g"] for s in store.query(text, substitutions={ox.Variable("v"): term})}
        graphs = found if graphs is None else graphs & found
    if graphs is None:
        return None
    return sorted(graphs, key=lambda g: g.value) or [_NO_GRAPH]


@lru_cache(maxsize=1)
def seed_queries() -> dict[str, tuple[str, str]]:
    """Parameter name → (seed query, the kind of value it binds: zh or gYear)."""
    out = {}
    for entry in sorted(path("queries/seeds").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            text = read_query(f"queries/seeds/{entry.name}")
            kind = re.search(r"^# value: (\w+)", text, re.M).group(1)
            out[entry.name[:-3]] = (text, kind)
    return out


def _parameter(name: str, parameters: tuple[str, ...], canned: CannedQuery | None) -> str:
    name = name.lstrip("?")
    if not canned:
        return name
    for candidate in (name, "in" + name[:1].upper() + name[1:]):
        if candidate in parameters:
            return candidate
    raise QueryError(Errors.E314.format(query=canned.name, name=name, parameters=", ".join(parameters) or "none"))


LABEL_LOOKUPS = 5000  # above this many distinct IRIs in a result, IRIs are shown compacted (prefix:local)


def _labels(store: ox.Store, rows) -> dict[str, str]:
    """IRI → its rdfs:label, for every IRI in `rows` (one index lookup each; none for results with more than
    LABEL_LOOKUPS IRIs: canned queries carry label columns of their own). Every resource has one label, repeated
    in each report graph that mentions it: the first one found is the label."""
    iris = {t.value for row in rows for t in row if isinstance(t, ox.NamedNode)}
    if len(iris) > LABEL_LOOKUPS:
        return {}
    out = {}
    for iri in sorted(iris):
        for quad in store.quads_for_pattern(ox.NamedNode(iri), OX.rdfs.label, None, None):
            if isinstance(quad.object, ox.Literal):
                out[iri] = quad.object.value
                break
    return out


def county_names(store: ox.Store, text: str) -> list[str]:
    """The names a county may carry in the graph for what a user typed: the name itself, the full name of
    a short form (宁阳 → 宁阳县), or the name of a GB/T 2260 code (370921 → 宁阳县)."""
    from ..resolve.gazetteer import gazetteer
    from . import mint

    text = text.strip()
    if text.isdigit():
        label = _labels(store, [[ox.NamedNode(str(mint.division(text)))]])
        return list(label.values()) or [text]
    names = [text]
    gaz = gazetteer()
    for d in gaz.divisions:
        if d.status == "current" and text in (d.name, d.short) and d.name not in names:
            names.append(d.name)
    return names
