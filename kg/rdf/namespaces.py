"""Every vocabulary kg writes, declared once, and the one prefix table every other form is derived from.

Vocabularies rdflib ships are rdflib's (`ORG`, `QB`, `SDO`, `SH`, `PROV`, `SKOS` …); `KG` is a DefinedNamespace
generated from ontology/kg.ttl (`scripts/generate_namespace.py`), so a term the ontology does not define fails;
ELI, Web Annotation and SDMX, which rdflib does not ship, are declared here with the terms kg uses.
`PREFIXES` is the one prefix table: the prefixes written into serialisations, the SPARQL prologue, the prefixes
bound on rdflib graphs and the compact forms shown in query results all come from it, and `NT`/`OX` give any
term of any of its vocabularies as N-Triples text or as a pyoxigraph node.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rdflib import Namespace, URIRef
from rdflib.namespace import (DCTERMS, FOAF, ORG, OWL, PROV, QB, RDF, RDFS, SDO, SH, SKOS, XSD,
                              DefinedNamespace)

from ._kg import KG

BASE = "https://w3id.org/kg-zh/"
ID = Namespace(BASE + "id/")


class ELI(DefinedNamespace):
    """European Legislation Identifier ontology: the terms kg uses for regulations."""

    _NS = Namespace("http://data.europa.eu/eli/ontology#")
    _fail = True
    LegalResource: URIRef
    title: URIRef
    title_short: URIRef
    passed_by: URIRef
    date_document: URIRef
    version_date: URIRef
    date_publication: URIRef
    first_date_entry_in_force: URIRef
    date_no_longer_in_force: URIRef
    repealed_by: URIRef
    amended_by: URIRef


class OA(DefinedNamespace):
    """Web Annotation vocabulary: the terms kg uses for sentences and evidence spans."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True
    SpecificResource: URIRef
    hasSource: URIRef
    start: URIRef
    end: URIRef


class SDMX_MEASURE(DefinedNamespace):
    """SDMX measures for RDF Data Cube observations."""

    _NS = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
    _fail = True
    obsValue: URIRef


# What kg mints, by kind: every IRI is ID + kind + "/" + key, and each kind has a prefix of the same name.
ID_KINDS = ("report", "graph", "division", "body", "regulation", "campaign", "person", "post", "citation",
            "figure", "dataset", "scheme", "summary")

# The one prefix table. The first group is what data uses (written into serialisations); the rest are known for
# queries and compact display.
PREFIXES: dict[str, object] = {
    "kg": KG, "kgid": ID, "org": ORG, "eli": ELI, "oa": OA, "qb": QB, "schema": SDO, "prov": PROV,
    "skos": SKOS, "foaf": FOAF, "dcterms": DCTERMS, "rdf": RDF, "rdfs": RDFS, "xsd": XSD,
    "sdmx-measure": SDMX_MEASURE,
    **{kind: Namespace(f"{ID}{kind}/") for kind in ID_KINDS},
    "owl": OWL, "sh": SH,
    "sdmx-dimension": Namespace("http://purl.org/linked-data/sdmx/2009/dimension#"),
    "sdmx-attribute": Namespace("http://purl.org/linked-data/sdmx/2009/attribute#"),
}
_QUERY_ONLY = ("owl", "sh", "sdmx-dimension", "sdmx-attribute")  # the ontology uses them; data does not

# Prefixes written into serialisations (the ones data uses), as plain strings.
DATA_PREFIXES = {p: str(ns) for p, ns in PREFIXES.items() if p not in _QUERY_ONLY}
# Every prefix, as plain strings (SPARQL `prefixes=`, compact display).
PREFIX_IRIS = {p: str(ns) for p, ns in PREFIXES.items()}


def bind_all(graph) -> None:
    """Bind every kg prefix on an rdflib Graph or Dataset."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, str(ns), override=True)


_PREFIXED = re.compile(r"(?<![\w:<#/-])([A-Za-z][\w-]*):(?=[\w(]|$)")


def prologue(query: str) -> str:
    """The PREFIX declarations of the table's prefixes that `query` uses and does not declare itself: a canned
    query is stored without them, and shown or exported with them (for stores other than kg's own)."""
    declared = {m.group(1) for m in re.finditer(r"PREFIX\s+([\w-]*):", query, re.I)}
    body = re.sub(r"#[^\n]*|<[^>\s]*>|\"[^\"\n]*\"|'[^'\n]*'", " ", query)
    used = {m.group(1) for m in _PREFIXED.finditer(body)}
    return "".join(f"PREFIX {p}: <{PREFIX_IRIS[p]}>\n" for p in PREFIX_IRIS if p in used - declared)


def compact(iri: str) -> str:
    """prefix:local for IRIs in a namespace of the table (the longest namespace wins)."""
    best = None
    for prefix, ns in PREFIX_IRIS.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(best[1])):
            best = (prefix, ns)
    return f"{best[0]}:{iri[len(best[1]):]}" if best else iri


class _Vocabulary:
    """One vocabulary of the table, its terms made by `make` (checked by the vocabulary: a DefinedNamespace
    refuses a term it does not define) and cached."""

    def __init__(self, namespace, make):
        self._ns, self._make, self._cache = namespace, make, {}

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        term = self._cache.get(name)
        if term is None:
            iri = getattr(self._ns, name) if isinstance(self._ns, type) else self._ns[name]
            term = self._cache[name] = self._make(str(iri))
            if name.isidentifier():
                self.__dict__[name] = term  # the next `vocabulary.name` is a plain attribute: no call
        return term

    __getitem__ = __getattr__


class _Terms:
    """`NT.kg.Report`, `NT.sdmx_measure.obsValue`: every vocabulary of PREFIXES (prefix `-` written `_`)."""

    def __init__(self, make):
        for prefix, ns in PREFIXES.items():
            setattr(self, prefix.replace("-", "_"), _Vocabulary(ns, make))


def _nt(iri: str) -> str:
    from pyoxigraph import NamedNode

    return str(NamedNode(iri))  # checked: pyoxigraph raises on an invalid IRI


@lru_cache(maxsize=1)
def _ox_terms() -> _Terms:
    import pyoxigraph as ox

    return _Terms(ox.NamedNode)


NT = _Terms(_nt)  # terms as N-Triples text ("<http://…>"): what the converter writes


def __getattr__(name: str):
    if name == "OX":  # terms as pyoxigraph NamedNodes (made on first use)
        return _ox_terms()
    raise AttributeError(name)
