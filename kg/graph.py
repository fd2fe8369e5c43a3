"""The graph as a networkx object, and analytics over it: functions `f(G, ...) -> dict | list`."""
from __future__ import annotations

import sys
from collections import Counter

import networkx as nx

from .config import DEFAULT


KINDS = ("report", "division", "organization", "official", "regulation", "campaign", "metric")


class Fragment:
    """What one report adds to the property graph, as a list of small operations (plain JSON data, so that worker
    processes can make it, the cache can keep it and the parent apply it): the graph of many reports is their
    fragments applied in order. Nodes are keyed by their IRI, as in the RDF."""

    __slots__ = ("ops", "_nodes")

    def __init__(self, ops: list | None = None):
        self.ops: list = ops if ops is not None else []
        self._nodes: set[str] = set()

    def node(self, nid: str, kind: str, label: str, **attrs) -> str:
        self._nodes.add(nid)
        self.ops.append(["n", nid, kind, label, {k: v for k, v in attrs.items() if v is not None}])
        return nid

    def aliases(self, nid: str, names) -> None:
        if names:
            self.ops.append(["a", nid, sorted(names)])

    def year(self, nid: str, year) -> None:
        self.ops.append(["y", nid, year])

    def evidence(self, nid: str, file: str, sentence: str) -> None:
        self.ops.append(["e", nid, file, sentence])

    def edge(self, u: str, v: str, **attrs) -> None:
        self.ops.append(["r", u, v, attrs])


def fragment(rr) -> Fragment:
    """The nodes and edges one ResolvedReport adds: its report, divisions, bodies, officials, regulations,
    campaigns and figures, keyed by the same IRIs as the RDF."""
    f = Fragment()
    text, year, file = rr.text, rr.year, rr.file

    def ev(node, e):
        if e is not None:
            f.evidence(node, file, text[e.sentence_start:e.sentence_end])

    r = f.node(rr.iri, "report", rr.label, file=file, year=year)
    for p in rr.places.values():
        if p.former:
            continue  # a division as it was in the report's year: an RDF fact (kg:regionInYear), not a node here
        f.node(p.iri, "division", p.name, level=p.level, code=p.code)
        if p.iri in rr.mentioned_places:
            f.year(p.iri, year)
        if p.parent is not None:
            f.edge(p.iri, p.parent, predicate="partOf")
    region = rr.region.iri if rr.region else None
    if region:
        f.edge(r, region, predicate="aboutRegion", report=rr.id, year=year)
    holders = {o.body.iri for o in rr.officials if o.body is not None}
    for b in rr.bodies:
        if not (b.mentioned or b is rr.issuer or b.iri in holders):
            continue  # a registry's issuer: an RDF fact about the regulation, no edge here
        f.node(b.iri, "organization", b.name, org_kind=b.kind)
        if not b.mentioned:
            continue
        f.aliases(b.iri, b.aliases)
        f.year(b.iri, year)
        ev(b.iri, b.evidence[0] if b.evidence else None)
        if b.jurisdiction:
            f.edge(b.iri, b.jurisdiction, predicate="jurisdiction")
    source = rr.issuer.iri if rr.issuer else r
    if rr.issuer:
        f.edge(r, rr.issuer.iri, predicate="issuedBy", report=rr.id, year=year)
    for c in rr.citations:
        n = f.node(c.law.iri, "regulation", c.law.title, status=c.law.status, level=c.law.level)
        f.year(n, year)
        ev(n, c.evidence[0] if c.evidence else None)
        f.edge(source, n, predicate="cites", report=rr.id, year=year, actions=list(c.actions))
        if region:
            f.edge(region, n, predicate="regionCites", report=rr.id, year=year)
    for o in rr.officials:
        n = f.node(o.iri, "official", o.name, post=o.post)
        ev(n, o.evidence[0] if o.evidence else None)
        if o.body is not None:
            f.edge(n, o.body.iri, predicate="holdsPostIn", post=o.post)
    for c in rr.campaigns:
        n = f.node(c.iri, "campaign", c.name)
        f.year(n, year)
        ev(n, c.evidence[0] if c.evidence else None)
        f.edge(source, n, predicate="runs", report=rr.id, year=year)
    for m in rr.figures:
        value = int(m.value) if float(m.value).is_integer() else m.value
        n = f.node(m.iri, "metric", f"{m.name} {value}{m.unit}", value=m.value, unit=m.unit)
        f.year(n, year)
        ev(n, m.evidence)
        f.edge(source, n, predicate="reports", report=rr.id, year=year)
    return f


_INTS: dict[int, int] = {}


def _shared(value):
    """One object for equal strings and integers: a fragment comes unpickled (or from JSON) with its own copy of
    every IRI, report id, predicate and year, and a graph of many reports would keep one per edge (a third of its
    memory: 146 MB → 100 MB at 10,000 reports)."""
    if isinstance(value, str):
        return sys.intern(value)
    if type(value) is int:
        return _INTS.setdefault(value, value) if len(_INTS) < 100_000 else value
    return value


def _stated(G: nx.MultiDiGraph, u: str, v: str, attrs: dict) -> bool:
    """Whether G already has an edge u → v with exactly `attrs`."""
    keyed = G._succ.get(u, {}).get(v)  # the raw dicts: apply runs once per edge of every report
    return keyed is not None and any(d == attrs for d in keyed.values())


def apply(G: nx.MultiDiGraph, frag: Fragment, max_evidence: int = 2, figures: bool = True) -> None:
    """Add a report's fragment to G: nodes merge by IRI, keeping up to `max_evidence` sentences; an edge that is no
    report's (no `report` attribute: a division's parent, a body's jurisdiction, an official's post) is added once,
    however many reports state it. With `figures` off, reported figures (one node each, the bulk of a large graph)
    are left out."""
    nodes = G.nodes
    skipped: set[str] = set()
    for op in frag.ops:
        tag = op[0]
        if tag == "n":
            _, nid, kind, label, attrs = op
            if not figures and kind == "metric":
                skipped.add(nid)
                continue
            if nid not in G:
                G.add_node(sys.intern(nid), kind=kind, label=label, aliases=set(), evidence=[], years=set())
            if attrs:
                nodes[nid].update(attrs)
        elif op[1] in skipped or (tag == "r" and op[2] in skipped):
            continue
        elif tag == "r":
            attrs = op[3]
            if "report" not in attrs and _stated(G, op[1], op[2], attrs):
                continue  # a fact about entities (partOf, jurisdiction, a post), not a report's: once, like the RDF
            G.add_edge(sys.intern(op[1]), sys.intern(op[2]), **{sys.intern(k): _shared(v) for k, v in attrs.items()})
        elif tag == "y":
            nodes[op[1]]["years"].add(_shared(op[2]))
        elif tag == "e":
            evidence = nodes[op[1]]["evidence"]
            if len(evidence) < max_evidence:
                evidence.append((op[2], op[3]))
        elif tag == "a":
            nodes[op[1]]["aliases"].update(op[2])


def to_networkx(resolved) -> nx.MultiDiGraph:
    """A property graph of ResolvedReports: nodes carry kind, label, aliases and evidence; edges carry predicate,
    report, year."""
    G = nx.MultiDiGraph()
    for rr in resolved:
        apply(G, fragment(rr))
    return G


def most_cited_regulations(G: nx.MultiDiGraph, top: int = 10) -> list[tuple[str, int]]:
    """Regulations by the number of distinct reports citing them, most cited first."""
    counts = Counter()
    for u, v, d in G.edges(data=True):
        if d.get("predicate") == "cites":
            counts[(v, d.get("report"))] += 1
    per = Counter(v for v, _ in counts)
    return [(G.nodes[v]["label"], n) for v, n in sorted(per.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]


def degree_centrality(G: nx.MultiDiGraph, kind: str | None = None, top: int = 10) -> list[tuple[str, float]]:
    """Nodes (optionally of one kind) by degree centrality in the undirected simple graph."""
    H = nx.Graph(G)
    c = nx.degree_centrality(H) if len(H) > 1 else {n: 0.0 for n in H}
    rows = [(G.nodes[n]["label"], round(v, 4)) for n, v in c.items() if kind is None or G.nodes[n]["kind"] == kind]
    return sorted(rows, key=lambda kv: (-kv[1], kv[0]))[:top]


def similar_counties(G: nx.MultiDiGraph, top: int = 10) -> list[tuple[str, str, float]]:
    """Pairs of counties by the Jaccard similarity of the regulations they cite."""
    cites: dict[str, set[str]] = {}
    for u, v, d in G.edges(data=True):
        if d.get("predicate") == "regionCites":
            cites.setdefault(u, set()).add(v)
    keys = sorted(cites)
    rows = []
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            inter = len(cites[a] & cites[b])
            if inter:
                rows.append((G.nodes[a]["label"], G.nodes[b]["label"], round(inter / len(cites[a] | cites[b]), 4)))
    return sorted(rows, key=lambda r: (-r[2], r[0], r[1]))[:top]


def summary(G: nx.MultiDiGraph) -> dict[str, int]:
    """Number of nodes of each kind."""
    counts = Counter(d["kind"] for _, d in G.nodes(data=True))
    return {k: counts.get(k, 0) for k in KINDS}


def _scalar(v):
    if isinstance(v, (set, list, tuple)):
        return "; ".join(sorted(str(x) if not isinstance(x, tuple) else " ".join(map(str, x)) for x in v if x is not None))
    if v is None:
        return ""
    return v


def to_graphml(G: nx.MultiDiGraph, *, prepared: bool = False) -> bytes:
    """GraphML (Cytoscape, yEd, Gephi) of the graph, nodes and edges in a stable order (`prepared`: G is
    already `_prepared(…)`)."""
    import io

    buf = io.BytesIO()
    nx.write_graphml(G if prepared else _prepared(G), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def to_gexf(G: nx.MultiDiGraph, *, prepared: bool = False) -> bytes:
    """GEXF (Gephi) of the graph. The writer's "last modified" date is dropped so output is reproducible."""
    import io
    import re

    buf = io.BytesIO()
    nx.write_gexf(G if prepared else _prepared(G), buf, encoding="utf-8", prettyprint=True)
    return re.sub(rb' lastmodifieddate="[^"]*"', b"", buf.getvalue(), count=1)


def exports(G: nx.MultiDiGraph, limit: int = DEFAULT.export_nodes, formats=DEFAULT.formats,
            directory=None) -> dict[str, bytes | object]:
    """File name → content of the networkx exports: the graph as node-link JSON (`NETWORKX_FILE`, what
    `kg view --graph` reads back with `load`), and GraphML and GEXF for other tools when `formats` names them.
    Nothing above `limit` nodes: Gephi and Cytoscape would not open them either; query the store or load the
    N-Quads instead. With `directory`, the JSON is written there as it is made (`write_json`) and its value is
    the file's Path: at 100,000 reports it is 0.6 GB, which the bytes would hold in memory, twice."""
    if G.number_of_nodes() > limit:
        return {}
    if directory is not None:
        from pathlib import Path

        path = Path(directory) / NETWORKX_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        write_json(G, tmp)
        tmp.replace(path)  # a new file: a copy already linked into an output folder keeps its content
        files: dict[str, bytes | object] = {NETWORKX_FILE: path}
    else:
        files = {NETWORKX_FILE: to_json(G)}
    if "graphml" in formats or "gexf" in formats:
        H = _prepared(G)
        if "graphml" in formats:
            files["graph.graphml"] = to_graphml(H, prepared=True)
        if "gexf" in formats:
            files["graph.gexf"] = to_gexf(H, prepared=True)
    return files


NETWORKX_FILE = "graph.networkx.json"
_SETS = ("aliases", "years")  # node attributes kept as sets


def to_json(G: nx.MultiDiGraph) -> bytes:
    """The graph as node-link JSON (networkx's `node_link_data`), losslessly (sets as sorted lists, evidence as
    [file, sentence] pairs) and in a stable order (nodes by id, edges by ends and key): `from_json` gives the same
    graph back."""
    return b"".join(iter_json(G))


def write_json(G: nx.MultiDiGraph, path) -> None:
    """`to_json(G)` written to the file at `path` piece by piece (the graph is never copied whole)."""
    with open(path, "wb") as fh:
        for piece in iter_json(G):
            fh.write(piece)


def iter_json(G: nx.MultiDiGraph, batch: int = 4096):
    """The bytes of `to_json(G)` in pieces: what `json.dumps(node_link_data(G), sort_keys=True)` gives for a copy
    of G with sorted nodes and edges, one record at a time."""
    from .io import json_bytes

    def encode(record) -> str:
        return json_bytes(record, sort_keys=True).decode("utf-8")

    def plain(v):
        if isinstance(v, (set, frozenset)):
            return sorted(v, key=str)
        if isinstance(v, (list, tuple)):
            return [plain(x) for x in v]
        return v

    def records(items):
        out = []
        for i, record in enumerate(items):
            out.append(("," if i else "") + encode(record))
            if len(out) >= batch:
                yield "".join(out).encode("utf-8")
                out = []
        if out:
            yield "".join(out).encode("utf-8")

    nodes = sorted(G.nodes)
    succ = G._succ  # the adjacency itself: edges in (source, target, key) order without a sorted copy of them all
    edges = ({**{a: plain(x) for a, x in succ[u][v][k].items()}, "source": u, "target": v, "key": k}
             for u in nodes for v in sorted(succ[u]) for k in sorted(succ[u][v]))
    yield b'{"directed":true,"edges":['
    yield from records(edges)
    yield b'],"graph":' + encode(G.graph).encode("utf-8") + b',"multigraph":true,"nodes":['
    yield from records({**{k: plain(v) for k, v in G.nodes[n].items()}, "id": n} for n in nodes)
    yield b"]}\n"


def from_json(data: bytes | str) -> nx.MultiDiGraph:
    """The graph `to_json` wrote."""
    import json

    G = nx.node_link_graph(json.loads(data), directed=True, multigraph=True, edges="edges")
    for _, d in G.nodes(data=True):
        for key in _SETS:
            if key in d:
                d[key] = set(d[key])
        if "evidence" in d:
            d["evidence"] = [tuple(e) for e in d["evidence"]]
    return G


def load(directory="output") -> nx.MultiDiGraph:
    """The networkx graph a build wrote to `directory` (its `NETWORKX_FILE`); GraphNotFoundError when there is
    none (no build there, or a graph over the export limit)."""
    from .rdf.store import graph_file

    return from_json(graph_file(directory, NETWORKX_FILE).read_bytes())


def _prepared(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy in a stable order (nodes by id, edges by ends and attributes) with only scalar attributes, as
    GraphML and GEXF require."""
    H = nx.MultiDiGraph()
    H.add_nodes_from(sorted(((n, {k: _scalar(v) for k, v in d.items()}) for n, d in G.nodes(data=True)),
                            key=lambda nd: nd[0]))
    edges = [(u, v, {k: _scalar(x) for k, x in d.items()}) for u, v, d in G.edges(data=True)]
    H.add_edges_from(sorted(edges, key=lambda e: (e[0], e[1], sorted((k, str(x)) for k, x in e[2].items()))))
    return H
