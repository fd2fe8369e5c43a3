"""Every namespace kg writes, declared once. Code never spells an IRI by hand."""
from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/kg-zh/"
KG = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
ORG = Namespace("http://www.w3.org/ns/org#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES = {
    "kg": KG, "kgid": ID, "org": ORG, "eli": ELI, "oa": OA, "qb": QB, "schema": SCHEMA, "prov": PROV,
    "skos": SKOS, "foaf": FOAF, "dcterms": DCTERMS, "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD,
    "sh": SH,
}


def bind_all(graph) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
