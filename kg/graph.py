"""The graph as a networkx object, and analytics over it: functions `f(G, ...) -> dict | list`."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import networkx as nx

from .model import Extraction

KINDS = ("report", "division", "organization", "official", "regulation", "campaign", "metric")


def node_id(kind: str, key: str) -> str:
    return f"{kind}:{key}"


class Fragment:
    """What one report adds to the property graph, as a list of small operations (picklable, so that worker
    processes can make it and the parent apply it): the graph of many reports is their fragments applied in order."""

    __slots__ = ("ops", "_nodes")

    def __init__(self):
        self.ops: list[tuple] = []
        self._nodes: set[str] = set()

    def node(self, kind: str, key: str, label: str, **attrs) -> str:
        nid = node_id(kind, key)
        self._nodes.add(nid)
        self.ops.append(("n", nid, kind, label, {k: v for k, v in attrs.items() if v is not None}))
        return nid

    def has(self, nid: str) -> bool:
        return nid in self._nodes

    def aliases(self, nid: str, names) -> None:
        if names:
            self.ops.append(("a", nid, tuple(sorted(names))))

    def year(self, nid: str, year) -> None:
        self.ops.append(("y", nid, year))

    def evidence(self, nid: str, file: str, sentence: str) -> None:
        self.ops.append(("e", nid, file, sentence))

    def edge(self, u: str, v: str, **attrs) -> None:
        self.ops.append(("r", u, v, attrs))

    def __getstate__(self):
        return self.ops

    def __setstate__(self, ops):
        self.ops, self._nodes = ops, set()


def fragment(ex: Extraction) -> Fragment:
    """The nodes and edges one report adds: its county, bodies, officials, regulations, campaigns and figures."""
    f = Fragment()
    rep, meta = ex.report, ex.report.meta
    text, year = rep.text, meta.year

    def ev(node, e):
        if e is not None:
            f.evidence(node, rep.file, text[e.sentence_start:e.sentence_end])

    r = f.node("report", rep.id, meta.title or rep.file, file=rep.file, year=year)
    region = None
    if meta.region_code:
        region = f.node("division", meta.region_code, meta.region, level="county")
        f.edge(r, region, predicate="aboutRegion", report=rep.id, year=year)
    for d in ex.divisions:
        n = f.node("division", d.code, d.name, level=d.level)
        f.year(n, year)
    issuer = None
    for o in ex.organizations:
        n = f.node("organization", o.name, o.name, org_kind=o.kind)
        f.aliases(n, o.aliases - {o.name})
        f.year(n, year)
        ev(n, o.evidence[0] if o.evidence else None)
        if o.division and any(d.code == o.division for d in ex.divisions):
            f.edge(n, node_id("division", o.division), predicate="jurisdiction")
    for rel in ex.relations:
        if rel.predicate == "issuedBy" and rel.subject[0] == "report":
            issuer = node_id("organization", rel.object[1])
            if f.has(issuer):
                f.edge(r, issuer, predicate="issuedBy", report=rep.id, year=year)
        elif rel.predicate == "partOf":
            a, b = node_id("division", rel.subject[1]), node_id("division", rel.object[1])
            if f.has(a) and f.has(b) and a != b:
                f.edge(a, b, predicate="partOf")
    source = issuer if issuer is not None and f.has(issuer) else r
    for reg in ex.regulations:
        n = f.node("regulation", reg.title, reg.title, status=reg.status, level=reg.level)
        f.year(n, year)
        ev(n, reg.evidence[0] if reg.evidence else None)
        actions = sorted({a for a, _ in reg.actions})
        f.edge(source, n, predicate="cites", report=rep.id, year=year, actions=actions)
        if region:
            f.edge(region, n, predicate="regionCites", report=rep.id, year=year)
    for o in ex.officials:
        n = f.node("official", f"{o.name}|{o.organization or rep.id}", o.name, post=o.title)
        ev(n, o.evidence[0] if o.evidence else None)
        if o.organization and f.has(node_id("organization", o.organization)):
            f.edge(n, node_id("organization", o.organization), predicate="holdsPostIn", post=o.title)
    for c in ex.campaigns:
        n = f.node("campaign", c.name, c.name)
        f.year(n, year)
        ev(n, c.evidence[0] if c.evidence else None)
        f.edge(source, n, predicate="runs", report=rep.id, year=year)
    for i, m in enumerate(ex.metrics):
        value = int(m.value) if float(m.value).is_integer() else m.value
        n = f.node("metric", f"{rep.id}#{i}", f"{m.name} {value}{m.unit}", value=m.value, unit=m.unit)
        f.year(n, year)
        ev(n, m.evidence)
        f.edge(source, n, predicate="reports", report=rep.id, year=year)
    return f


def apply(G: nx.MultiDiGraph, frag: Fragment, max_evidence: int = 2, figures: bool = True) -> None:
    """Add a report's fragment to G: nodes merge by id (kind:key), keeping up to `max_evidence` sentences.
    With `figures` off, reported figures (one node each, the bulk of a large graph) are left out."""
    nodes = G.nodes
    for op in frag.ops:
        tag = op[0]
        if not figures and (op[1].startswith("metric:") or (tag == "r" and op[2].startswith("metric:"))):
            continue
        if tag == "n":
            _, nid, kind, label, attrs = op
            if nid not in G:
                G.add_node(nid, kind=kind, label=label, aliases=set(), evidence=[], years=set())
            if attrs:
                nodes[nid].update(attrs)
        elif tag == "r":
            G.add_edge(op[1], op[2], **op[3])
        elif tag == "y":
            nodes[op[1]]["years"].add(op[2])
        elif tag == "e":
            evidence = nodes[op[1]]["evidence"]
            if len(evidence) < max_evidence:
                evidence.append((op[2], op[3]))
        elif tag == "a":
            nodes[op[1]]["aliases"].update(op[2])


def to_networkx(extractions: Iterable[Extraction]) -> nx.MultiDiGraph:
    """A property graph: nodes carry kind, label, aliases and evidence; edges carry predicate, report, year."""
    G = nx.MultiDiGraph()
    for ex in extractions:
        apply(G, fragment(ex))
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


EXPORT_NODES = 50_000  # GraphML and GEXF are written for graphs up to this many nodes


def exports(G: nx.MultiDiGraph, limit: int = EXPORT_NODES) -> dict[str, bytes]:
    """File name → content of the networkx exports (nothing above `limit` nodes: Gephi and Cytoscape
    would not open them either; query the store or load the N-Quads instead)."""
    if G.number_of_nodes() > limit:
        return {}
    H = _prepared(G)
    return {"graph.graphml": to_graphml(H, prepared=True), "graph.gexf": to_gexf(H, prepared=True)}


def _prepared(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy in a stable order (nodes by id, edges by ends and attributes) with only scalar attributes, as
    GraphML and GEXF require."""
    H = nx.MultiDiGraph()
    H.add_nodes_from(sorted(((n, {k: _scalar(v) for k, v in d.items()}) for n, d in G.nodes(data=True)),
                            key=lambda nd: nd[0]))
    edges = [(u, v, {k: _scalar(x) for k, x in d.items()}) for u, v, d in G.edges(data=True)]
    H.add_edges_from(sorted(edges, key=lambda e: (e[0], e[1], sorted((k, str(x)) for k, x in e[2].items()))))
    return H
