"""SHACL validation of a built graph against ontology/shapes.ttl (pyshacl), as a readable report."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from rdflib import Graph
from rdflib.namespace import RDF, SH

from .ontology import rdflib_graph
from .namespaces import compact


@dataclass(frozen=True)
class Violation:
    severity: str       # Violation | Warning | Info
    focus: str          # the node, compacted (prefix:local)
    path: str           # the property, compacted
    value: str
    message: str


@dataclass
class ValidationReport:
    conforms: bool
    triples: int
    violations: list[Violation] = field(default_factory=list)

    def summary(self) -> str:
        if self.conforms:
            return f"conforms: {self.triples} triples, 0 violations"
        return f"does not conform: {len(self.violations)} violations in {self.triples} triples"


def validate_graph(data: Graph) -> ValidationReport:
    """Validate an rdflib graph with kg's shapes; the ontology supplies the class hierarchy."""
    import pyshacl

    conforms, results, _ = pyshacl.validate(data, shacl_graph=rdflib_graph("shapes.ttl"),
                                            ont_graph=rdflib_graph("kg.ttl"), inference="none",
                                            allow_warnings=True)
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        def one(p):
            return results.value(result, p)

        message = one(SH.resultMessage)
        value = one(SH.value)
        violations.append(Violation(
            severity=compact(str(one(SH.resultSeverity))).split(":")[-1],
            focus=compact(str(one(SH.focusNode))),
            path=compact(str(one(SH.resultPath))) if one(SH.resultPath) is not None else "",
            value="" if value is None else str(value),
            message=str(message) if message is not None else compact(str(one(SH.sourceConstraintComponent))),
        ))
    violations.sort(key=lambda v: (v.severity, v.path, v.focus, v.value))
    return ValidationReport(conforms=bool(conforms), triples=len(data), violations=violations)


def validate(directory: str | os.PathLike = "output") -> ValidationReport:
    """Validate the merged graph of the dataset a build wrote to `directory` (its N-Quads shards, whatever
    single-file exports it wrote)."""
    from ..api import load_graph

    return validate_graph(load_graph(directory))
