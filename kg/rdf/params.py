"""What a user types for a query parameter → the term of the graph it means, or an error naming the closest ones.

`kg query NAME --param county=宁阳` and `kg cites 宁阳` resolve their values here, the same way:

- county: a division some report is about, by its name (宁阳县), short name (宁阳), GB/T 2260 code (370921) or a
  former name or code (苍山县 is now 兰陵县): the gazetteer says what a text can mean, the graph which is there;
- title: a regulation, by its title with or without 《》, a short title or another name the registry knows
  (宪法, 《信访工作条例》), or a title or short title the graph has;
- organisation: a body, by its canonical name or a name it is written by in the graph (skos:altLabel);
- year: a year some report is of (2023, 2023年).

An unknown value is a QueryError ([E360]) listing the closest values the graph has; one that names several
(朝阳区 in Beijing and in Changchun) is [E361], listing them with what tells them apart.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import Errors, QueryError
from . import mint
from .namespaces import OX, XSD

KINDS = ("county", "title", "organisation", "year")
HINTS = 5  # closest values named in an error
PLURAL = {"county": "counties", "title": "regulations", "organisation": "bodies", "year": "years"}


@dataclass(frozen=True)
class Candidate:
    """A value of the graph a parameter may take: its term, its label, and the other texts that name it."""

    term: ox.NamedNode | ox.Literal
    label: str
    names: tuple[str, ...] = ()
    detail: str = ""  # what tells it apart from another of the same label (a code)


def resolve(store: ox.Store, kind: str, text: str) -> ox.NamedNode | ox.Literal:
    """The graph's term for `text` as a value of a parameter of `kind` (one of KINDS)."""
    text = text.strip()
    if kind == "year":
        return _year(store, text)
    if kind == "county":
        return _one(kind, text, _counties(store, text), lambda: _all_counties(store), "its GB/T 2260 code")
    if kind == "title":
        return _one(kind, text, _regulations(store, text), lambda: _all_labelled(store, OX.eli.LegalResource,
                                                                                  OX.eli.title_short), "its full title")
    if kind == "organisation":
        return _one(kind, text, _bodies(store, text), lambda: _all_labelled(store, OX.org.Organization,
                                                                             OX.skos.altLabel), "its full name")
    raise ValueError(f"unknown parameter kind {kind!r}")


def _one(kind: str, text: str, found: list[Candidate], everything, how: str):
    if len(found) == 1:
        return found[0].term
    if found:
        matches = ", ".join(f"{c.label} ({c.detail})" if c.detail else c.label for c in found)
        raise QueryError(Errors.E361.format(value=text, count=len(found), kinds=PLURAL[kind], matches=matches,
                                            how=how))
    raise QueryError(Errors.E360.format(kind=kind, value=text, hint=closest_hint(text, everything())))


def closest(text: str, candidates: list[Candidate], n: int = HINTS) -> list[str]:
    """The labels of the `n` candidates nearest to `text`: those whose names contain it or are contained in it
    first, then by similarity of characters (difflib)."""
    if not text:
        return []
    scored = {}
    for c in candidates:
        best = 0.0
        for name in (c.label, *c.names):
            if not name:
                continue
            ratio = difflib.SequenceMatcher(None, text, name).ratio()
            if text in name or name in text:
                ratio += 1
            best = max(best, ratio)
        if best >= 0.4:
            shown = f"{c.label} ({c.detail})" if c.detail else c.label
            scored[shown] = max(best, scored.get(shown, 0))
    return sorted(scored, key=lambda s: (-scored[s], s))[:n]


def closest_hint(text: str, candidates: list[Candidate]) -> str:
    near = closest(text, candidates)
    if near:
        return "; closest: " + ", ".join(near)
    if candidates:
        shown = sorted({c.label for c in candidates})
        more = f" … ({len(shown)} in all)" if len(shown) > HINTS else ""
        return "; it has: " + ", ".join(shown[:HINTS]) + more
    return " (it has none)"


# -- counties -----------------------------------------------------------------------------------------------------

def _in_graph(store: ox.Store, node: ox.NamedNode) -> bool:
    """A division some report is about, or some figure is reported for."""
    for prop in (OX.kg.aboutRegion, OX.kg.refArea):
        if next(iter(store.quads_for_pattern(None, prop, node, None)), None) is not None:
            return True
    return False


def _counties(store: ox.Store, text: str) -> list[Candidate]:
    """The divisions in the graph `text` may name, by the gazetteer: a code, a name, a short name, a former one."""
    from ..resolve.gazetteer import gazetteer

    gaz = gazetteer()
    found: dict[str, object] = {}
    if text.isdigit():
        divs = [d for level in ("county", "prefecture", "province") if (d := gaz.get(text, level)) is not None]
    else:
        divs = [d for d in gaz.named(text) if d.status != "statistical"]
        divs += [d for d in gaz.divisions if text == d.short]
    for d in divs:
        for now in gaz.successors(d):
            found.setdefault(now.code, now)
    out = []
    for code, d in sorted(found.items()):
        node = ox.NamedNode(str(mint.division(code)))
        if _in_graph(store, node):
            out.append(Candidate(node, d.name, (d.short, code), code))
    return out


def _all_counties(store: ox.Store) -> list[Candidate]:
    query = """SELECT DISTINCT ?d ?name ?code WHERE {
        { ?r kg:aboutRegion ?d } UNION { ?o kg:refArea ?d }
        ?d rdfs:label ?name . OPTIONAL { ?d kg:divisionCode ?code } }"""
    from ..resolve.gazetteer import gazetteer

    shorts = {d.code: d.short for d in gazetteer().divisions if d.status == "current"}
    return [Candidate(r["d"], r["name"].value, (shorts.get(_v(r["code"]), ""), _v(r["code"])), _v(r["code"]))
            for r in _select(store, query)]


# -- regulations and bodies -----------------------------------------------------------------------------------------

def _regulations(store: ox.Store, text: str) -> list[Candidate]:
    """The regulation the registry gives for `text` (a title, 《title》, a short title), else those of the graph
    whose title or short title is `text`."""
    from ..resolve.regulations import key, registry

    entry = registry().lookup(text)
    if entry is not None:
        node = ox.NamedNode(str(mint.regulation(entry.title)))
        if _labelled(store, node):
            return [Candidate(node, entry.title)]
    wanted = key(text)
    return [c for c in _all_labelled(store, OX.eli.LegalResource, OX.eli.title_short)
            if wanted in {key(n) for n in (c.label, *c.names)}]


def _bodies(store: ox.Store, text: str) -> list[Candidate]:
    node = ox.NamedNode(str(mint.organization(text)))
    if _labelled(store, node):
        return [Candidate(node, text)]
    return [c for c in _all_labelled(store, OX.org.Organization, OX.skos.altLabel) if text in (c.label, *c.names)]


def _labelled(store: ox.Store, node: ox.NamedNode) -> bool:
    return next(iter(store.quads_for_pattern(node, OX.rdfs.label, None, None)), None) is not None


def _all_labelled(store: ox.Store, cls: ox.NamedNode, other: ox.NamedNode) -> list[Candidate]:
    """Every resource of class `cls` with its label and its `other` names."""
    out = []
    for s in sorted({q.subject for q in store.quads_for_pattern(None, OX.rdf.type, cls, None)}, key=str):
        label = next((q.object.value for q in store.quads_for_pattern(s, OX.rdfs.label, None, None)), None)
        if label is not None:
            names = tuple(sorted({q.object.value for q in store.quads_for_pattern(s, other, None, None)}))
            out.append(Candidate(s, label, names))
    return out


# -- years --------------------------------------------------------------------------------------------------------

YEAR = re.compile(r"(\d{4})年?")


def _year(store: ox.Store, text: str) -> ox.Literal:
    m = YEAR.fullmatch(text)
    if m is None:
        raise QueryError(Errors.E362.format(value=text))
    term = ox.Literal(m.group(1), datatype=ox.NamedNode(str(XSD.gYear)))
    if next(iter(store.quads_for_pattern(None, OX.kg.year, term, None)), None) is not None:
        return term
    years = sorted({r["y"].value for r in _select(store, "SELECT DISTINCT ?y WHERE { ?r kg:year ?y }")})
    near = sorted(years, key=lambda y: (abs(int(y) - int(m.group(1))), y))[:HINTS]
    hint = f"; closest: {', '.join(sorted(near))}" if near else " (it has none)"
    raise QueryError(Errors.E360.format(kind="year", value=text, hint=hint))


def _v(term) -> str:
    return term.value if term is not None else ""


def _select(store: ox.Store, query: str):
    from .namespaces import PREFIX_IRIS

    return list(store.query(query, prefixes=PREFIX_IRIS, use_default_graph_as_union=True))
