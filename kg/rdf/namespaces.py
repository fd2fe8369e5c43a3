"""Every namespace kg writes, declared once. Code never spells an IRI by hand.

`KG`, `ORG`, … are rdflib namespaces (for the rdflib API and tests); `T` gives the same terms as
pyoxigraph `NamedNode`s, which is what the converter emits (fast to build, sort and serialise).
"""
from __future__ import annotations

import pyoxigraph as ox
from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/kg-zh/"
ONTOLOGY = BASE + "ontology"
KG = Namespace(ONTOLOGY + "#")
ID = Namespace(BASE + "id/")
ORG = Namespace("http://www.w3.org/ns/org#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES = {
    "kg": KG, "kgid": ID, "org": ORG, "eli": ELI, "oa": OA, "qb": QB, "schema": SCHEMA, "prov": PROV,
    "skos": SKOS, "foaf": FOAF, "dcterms": DCTERMS, "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD,
    "sh": SH, "sdmx-measure": SDMX_MEASURE, "sdmx-dimension": SDMX_DIMENSION, "sdmx-attribute": SDMX_ATTRIBUTE,
}

# What kg mints, by kind: every IRI is ID + kind + "/" + key, and each kind has a prefix of the same name.
ID_KINDS = ("report", "graph", "division", "body", "regulation", "campaign", "person", "post", "citation",
            "figure", "evidence", "dataset", "scheme", "summary")

# Prefixes written into serialisations (the ones data uses), as plain strings.
DATA_PREFIXES = {p: str(PREFIXES[p]) for p in
                 ("kg", "kgid", "org", "eli", "oa", "qb", "schema", "prov", "skos", "foaf", "dcterms", "rdf",
                  "rdfs", "xsd", "sdmx-measure")}
DATA_PREFIXES.update({kind: f"{ID}{kind}/" for kind in ID_KINDS})


def bind_all(graph) -> None:
    """Bind every kg prefix on an rdflib Graph or Dataset."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)


def sparql_prologue() -> str:
    """PREFIX declarations for every kg namespace (queries may use them without declaring)."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


class _OxNamespace:
    """`ns.Term` or `ns["term"]` → a cached pyoxigraph NamedNode."""

    def __init__(self, base: str):
        self._base = base
        self._cache: dict[str, ox.NamedNode] = {}

    def __getitem__(self, name: str) -> ox.NamedNode:
        node = self._cache.get(name)
        if node is None:
            node = self._cache[name] = ox.NamedNode(self._base + name)
        return node

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]


class T:
    """pyoxigraph terms of every namespace: `T.kg.Report`, `T.rdf.type`, `T.sdmx_measure.obsValue`."""

    kg = _OxNamespace(str(KG))
    org = _OxNamespace(str(ORG))
    eli = _OxNamespace(str(ELI))
    oa = _OxNamespace(str(OA))
    qb = _OxNamespace(str(QB))
    schema = _OxNamespace(str(SCHEMA))
    prov = _OxNamespace(str(PROV))
    skos = _OxNamespace(str(SKOS))
    foaf = _OxNamespace(str(FOAF))
    dcterms = _OxNamespace(str(DCTERMS))
    rdf = _OxNamespace(str(RDF))
    rdfs = _OxNamespace(str(RDFS))
    xsd = _OxNamespace(str(XSD))
    sdmx_measure = _OxNamespace(str(SDMX_MEASURE))


class _NtNamespace(_OxNamespace):
    """`ns.Term` → the term written as in N-Triples (`<iri>`), checked by pyoxigraph once and cached."""

    def __getitem__(self, name: str) -> str:  # type: ignore[override]
        term = self._cache.get(name)
        if term is None:
            term = self._cache[name] = str(ox.NamedNode(self._base + name))
        return term


class NT:
    """The terms of `T` as N-Triples text: `NT.rdf.type` == "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>".
    The converter writes N-Quads lines with them (building a pyoxigraph `Quad` costs more than the line)."""

    kg = _NtNamespace(str(KG))
    org = _NtNamespace(str(ORG))
    eli = _NtNamespace(str(ELI))
    oa = _NtNamespace(str(OA))
    qb = _NtNamespace(str(QB))
    schema = _NtNamespace(str(SCHEMA))
    prov = _NtNamespace(str(PROV))
    skos = _NtNamespace(str(SKOS))
    foaf = _NtNamespace(str(FOAF))
    dcterms = _NtNamespace(str(DCTERMS))
    rdf = _NtNamespace(str(RDF))
    rdfs = _NtNamespace(str(RDFS))
    xsd = _NtNamespace(str(XSD))
    sdmx_measure = _NtNamespace(str(SDMX_MEASURE))
