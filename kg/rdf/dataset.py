"""`KGDataset`: the quads of a build, sorted and de-duplicated, with every export and a SPARQL store.

Sorting makes every serialisation byte-identical for the same input. rdflib objects are made on
demand (`rdflib_dataset()`, `rdflib_graph()`): rdflib is the RDF API, pyoxigraph does the bulk work.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from .namespaces import DATA_PREFIXES, bind_all


@dataclass(frozen=True)
class Export:
    """One export file: its name, RDF format, and whether it holds the merged graph or the named graphs."""

    filename: str
    format: ox.RdfFormat
    merged: bool


EXPORTS = (
    Export("graph.ttl", ox.RdfFormat.TURTLE, True),
    Export("graph.nt", ox.RdfFormat.N_TRIPLES, True),
    Export("graph.jsonld", ox.RdfFormat.JSON_LD, True),
    Export("graph.trig", ox.RdfFormat.TRIG, False),
    Export("graph.nq", ox.RdfFormat.N_QUADS, False),
)


def _quad_key(q: ox.Quad):
    g = q.graph_name
    return ("" if isinstance(g, ox.DefaultGraph) else g.value, q.subject.value, q.predicate.value, str(q.object))


def _triple_key(t: ox.Triple):
    return (t.subject.value, t.predicate.value, str(t.object))


class KGDataset:
    """Every report's statements in its own named graph, and the merged graph (their union)."""

    def __init__(self, quads: Iterable[ox.Quad]):
        self.quads: list[ox.Quad] = sorted(set(quads), key=_quad_key)
        self._triples: list[ox.Triple] | None = None

    @property
    def triples(self) -> list[ox.Triple]:
        """The merged graph: the same IRI in any report is one node."""
        if self._triples is None:
            self._triples = sorted({q.triple for q in self.quads}, key=_triple_key)
        return self._triples

    def __len__(self) -> int:
        return len(self.triples)

    def graph_names(self) -> list[str]:
        return sorted({q.graph_name.value for q in self.quads if not isinstance(q.graph_name, ox.DefaultGraph)})

    def serialize(self, format: ox.RdfFormat, merged: bool | None = None) -> bytes:
        """The dataset (quad formats) or the merged graph (triple formats) in `format`."""
        if merged is None:
            merged = not format.supports_datasets
        data = self.triples if merged else self.quads
        return ox.serialize(data, format=format, prefixes=DATA_PREFIXES)

    def exports(self) -> dict[str, bytes]:
        """File name → content of every RDF export (Turtle, N-Triples, JSON-LD, TriG, N-Quads)."""
        return {e.filename: self.serialize(e.format, e.merged) for e in EXPORTS}

    def store(self) -> ox.Store:
        """An in-memory pyoxigraph store of the dataset (named graphs kept)."""
        store = ox.Store()
        store.extend(self.quads)
        return store

    def rdflib_dataset(self):
        """The dataset as an rdflib Dataset (one named graph per report)."""
        from rdflib import Dataset

        ds = Dataset()
        bind_all(ds)
        ds.parse(data=self.serialize(ox.RdfFormat.N_QUADS, merged=False), format="nquads")
        return ds

    def rdflib_graph(self):
        """The merged graph as an rdflib Graph."""
        from rdflib import Graph

        g = Graph()
        bind_all(g)
        g.parse(data=self.serialize(ox.RdfFormat.N_TRIPLES, merged=True), format="nt")
        return g
