"""The ontology, SHACL shapes and canned queries that ship with kg (ontology/, installed as kg/ontology)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pyoxigraph as ox

from .namespaces import KG, SKOS


def path(name: str):
    """A file of the ontology folder (a `Traversable`; works from an installed wheel too)."""
    return resources.files("kg") / "ontology" / name


def read(name: str) -> str:
    return path(name).read_text(encoding="utf-8")


def rdflib_graph(name: str = "kg.ttl"):
    """kg.ttl (the ontology) or shapes.ttl (the SHACL shapes) as an rdflib Graph."""
    from rdflib import Graph

    return Graph().parse(data=read(name), format="turtle")


@lru_cache(maxsize=1)
def _concepts() -> dict[tuple[str, str], ox.NamedNode]:
    in_scheme, notation = ox.NamedNode(str(SKOS.inScheme)), ox.NamedNode(str(SKOS.notation))
    schemes: dict[ox.NamedNode, str] = {}
    notes: dict[ox.NamedNode, str] = {}
    for t in ox.parse(read("kg.ttl"), format=ox.RdfFormat.TURTLE):
        if t.predicate == in_scheme and t.object.value.startswith(str(KG)):
            schemes[t.subject] = t.object.value[len(str(KG)):]
        elif t.predicate == notation:
            notes[t.subject] = t.object.value
    return {(schemes[c], notes[c]): c for c in schemes if c in notes}


def concept(scheme: str, notation: str) -> ox.NamedNode | None:
    """The kg concept with `notation` in `scheme` (e.g. ("LegalLevels", "法律") → kg:Law), or None."""
    return _concepts().get((scheme, notation))


@dataclass(frozen=True)
class CannedQuery:
    name: str
    text: str
    title: str          # first comment line
    doc: str            # the whole leading comment
    parameters: tuple[str, ...]  # variables a caller may bind (declared as "# param: ?var …")


_PARAM = re.compile(r"^#\s*param:\s*\?(\w+)", re.M)


@lru_cache(maxsize=1)
def canned_queries() -> dict[str, CannedQuery]:
    """Every ontology/queries/NAME.rq by NAME."""
    out = {}
    folder = path("queries")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text(encoding="utf-8")
        comments = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comments.append(line.lstrip("# ").rstrip())
        name = entry.name[:-3]
        out[name] = CannedQuery(name, text, comments[0] if comments else name, "\n".join(comments),
                                tuple(_PARAM.findall(text)))
    return out
