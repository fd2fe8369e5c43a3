"""The ontology, SHACL shapes and canned queries that ship with kg (ontology/, installed as kg/ontology)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pyoxigraph as ox


def path(name: str):
    """A file of the ontology folder (a `Traversable`; works from an installed wheel too)."""
    return resources.files("kg") / "ontology" / name


def read(name: str) -> str:
    return path(name).read_text(encoding="utf-8")


def read_query(name: str) -> str:
    """A query file of the ontology folder with its PREFIX prologue: the files hold only the query, the prefixes
    come from the one table (`kg.rdf.namespaces.PREFIXES`)."""
    from .namespaces import prologue

    text = read(name)
    return prologue(text) + text


def rdflib_graph(name: str = "kg.ttl"):
    """kg.ttl (the ontology) or shapes.ttl (the SHACL shapes) as an rdflib Graph."""
    from rdflib import Graph

    return Graph().parse(data=read(name), format="turtle")


ONTOLOGY_IRI = "https://w3id.org/kg-zh/ontology"


def kg_namespace_source() -> str:
    """The Python source of kg/rdf/_kg.py: the `KG` DefinedNamespace of every term ontology/kg.ttl defines, with
    its English label (scripts/generate_namespace.py writes it)."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDFS

    g = Graph().parse(data=read("kg.ttl"), format="turtle")
    ns = ONTOLOGY_IRI + "#"
    terms = {}
    for s in set(g.subjects()):
        if isinstance(s, URIRef) and str(s).startswith(ns) and str(s) != ns:
            label = next((str(o) for o in g.objects(s, RDFS.label)
                          if isinstance(o, Literal) and o.language == "en"), "")
            terms[str(s)[len(ns):]] = label
    lines = ['"""The kg ontology\'s terms as an rdflib DefinedNamespace: generated from ontology/kg.ttl by',
             'scripts/generate_namespace.py; do not edit."""',
             "from rdflib.namespace import DefinedNamespace, Namespace", "from rdflib.term import URIRef", "", "",
             "class KG(DefinedNamespace):", '    """kg ontology of rule-of-law government reports."""', "",
             f'    _NS = Namespace("{ns}")', "    _fail = True", ""]
    for name in sorted(terms, key=lambda t: (t[:1].islower(), t)):
        comment = f"  # {terms[name]}" if terms[name] else ""
        lines.append(f"    {name}: URIRef{comment}")
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=1)
def _concepts() -> dict[tuple[str, str], ox.NamedNode]:
    from .namespaces import KG, SKOS

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
class Parameter:
    """A parameter of a canned query: the name a user gives (`--param county=宁阳`), which is also the kind of
    value it takes (county, title, organisation, year: `kg.rdf.query` resolves it to the graph's term), the
    variable it binds and what it does. Declared as `# param: NAME ?VARIABLE  what it does`."""

    name: str
    variable: str
    doc: str


@dataclass(frozen=True)
class CannedQuery:
    name: str
    text: str
    title: str          # first comment line
    doc: str            # the leading comment, without the parameter lines
    parameters: tuple[Parameter, ...]
    paged: bool = False  # `# paged`: a listing, report by report in the order of its county, year and report

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


_PARAM = re.compile(r"^#\s*param:\s*(\w+)\s+\?(\w+)\s*(.*)$", re.M)
_PAGED = re.compile(r"^#\s*paged\b", re.M)


@lru_cache(maxsize=1)
def canned_queries() -> dict[str, CannedQuery]:
    """Every ontology/queries/NAME.rq by NAME."""
    out = {}
    folder = path("queries")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        raw = read(f"queries/{entry.name}")
        comments, paged = [], False
        for line in raw.splitlines():
            if not line.startswith("#"):
                break
            paged = paged or bool(_PAGED.match(line))
            if not _PARAM.match(line) and not _PAGED.match(line):
                comments.append(line.lstrip("# ").rstrip())
        name = entry.name[:-3]
        params = tuple(Parameter(m.group(1), m.group(2), m.group(3).strip()) for m in _PARAM.finditer(raw))
        out[name] = CannedQuery(name, read_query(f"queries/{entry.name}"), comments[0] if comments else name,
                                "\n".join(comments), params, paged)
    return out
