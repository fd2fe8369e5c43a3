"""The graph as a networkx object, and analytics over it: functions `f(G, ...) -> dict | list`."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import networkx as nx

from .model import Extraction

KINDS = ("report", "division", "organization", "official", "regulation", "campaign", "metric")


def node_id(kind: str, key: str) -> str:
    return f"{kind}:{key}"


def to_networkx(extractions: Iterable[Extraction]) -> nx.MultiDiGraph:
    """A property graph: nodes carry kind, label, aliases and evidence; edges carry predicate, report, year."""
    G = nx.MultiDiGraph()

    def add(kind, key, label, **attrs):
        nid = node_id(kind, key)
        if nid not in G:
            G.add_node(nid, kind=kind, label=label, aliases=set(), evidence=[], years=set())
        G.nodes[nid].update({k: v for k, v in attrs.items() if v is not None})
        return nid

    for ex in extractions:
        rep, meta = ex.report, ex.report.meta
        text = rep.text
        year = meta.year
        r = add("report", rep.id, meta.title or rep.file, file=rep.file, year=year)
        region = None
        if meta.region_code:
            region = add("division", meta.region_code, meta.region, level="county")
            G.add_edge(r, region, predicate="aboutRegion", report=rep.id, year=year)

        def ev(node, e):
            if e is not None and len(G.nodes[node]["evidence"]) < 2:
                G.nodes[node]["evidence"].append((rep.file, text[e.sentence_start:e.sentence_end]))

        for d in ex.divisions:
            n = add("division", d.code, d.name, level=d.level)
            G.nodes[n]["years"].add(year)
        issuer = None
        for o in ex.organizations:
            n = add("organization", o.name, o.name, org_kind=o.kind)
            G.nodes[n]["aliases"] |= o.aliases - {o.name}
            G.nodes[n]["years"].add(year)
            ev(n, o.evidence[0] if o.evidence else None)
            if o.division:
                div_label = next((d.name for d in ex.divisions if d.code == o.division), None)
                if div_label:
                    G.add_edge(n, node_id("division", o.division), predicate="jurisdiction")
        for rel in ex.relations:
            if rel.predicate == "issuedBy" and rel.subject[0] == "report":
                issuer = node_id("organization", rel.object[1])
                if issuer in G:
                    G.add_edge(r, issuer, predicate="issuedBy", report=rep.id, year=year)
            elif rel.predicate == "partOf":
                a, b = node_id("division", rel.subject[1]), node_id("division", rel.object[1])
                if a in G and b in G and a != b:
                    G.add_edge(a, b, predicate="partOf")
        for reg in ex.regulations:
            n = add("regulation", reg.title, reg.title, status=reg.status, level=reg.level)
            G.nodes[n]["years"].add(year)
            ev(n, reg.evidence[0] if reg.evidence else None)
            src = issuer if issuer in G else r
            actions = sorted({a for a, _ in reg.actions})
            G.add_edge(src, n, predicate="cites", report=rep.id, year=year, actions=actions)
            if region:
                G.add_edge(region, n, predicate="regionCites", report=rep.id, year=year)
        for o in ex.officials:
            n = add("official", f"{o.name}|{o.organization or rep.id}", o.name, post=o.title)
            ev(n, o.evidence[0] if o.evidence else None)
            if o.organization and node_id("organization", o.organization) in G:
                G.add_edge(n, node_id("organization", o.organization), predicate="holdsPostIn", post=o.title)
        for c in ex.campaigns:
            n = add("campaign", c.name, c.name)
            G.nodes[n]["years"].add(year)
            ev(n, c.evidence[0] if c.evidence else None)
            G.add_edge(issuer if issuer in G else r, n, predicate="runs", report=rep.id, year=year)
        for i, m in enumerate(ex.metrics):
            value = int(m.value) if float(m.value).is_integer() else m.value
            n = add("metric", f"{rep.id}#{i}", f"{m.name} {value}{m.unit}", value=m.value, unit=m.unit)
            G.nodes[n]["years"].add(year)
            ev(n, m.evidence)
            G.add_edge(issuer if issuer in G else r, n, predicate="reports", report=rep.id, year=year)
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


def for_export(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with only scalar attributes, as GraphML and GEXF require."""
    H = nx.MultiDiGraph()
    for n, d in G.nodes(data=True):
        H.add_node(n, **{k: _scalar(v) for k, v in d.items()})
    for u, v, d in G.edges(data=True):
        H.add_edge(u, v, **{k: _scalar(v) for k, v in d.items()})
    return H


def _scalar(v):
    if isinstance(v, (set, list, tuple)):
        return "; ".join(sorted(str(x) if not isinstance(x, tuple) else " ".join(map(str, x)) for x in v if x is not None))
    if v is None:
        return ""
    return v


def to_graphml(G: nx.MultiDiGraph) -> bytes:
    """GraphML (Cytoscape, yEd, Gephi) of the graph, nodes and edges in a stable order."""
    import io

    buf = io.BytesIO()
    nx.write_graphml(_sorted(for_export(G)), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def to_gexf(G: nx.MultiDiGraph) -> bytes:
    """GEXF (Gephi) of the graph. The writer's "last modified" date is dropped so output is reproducible."""
    import io
    import re

    buf = io.BytesIO()
    nx.write_gexf(_sorted(for_export(G)), buf, encoding="utf-8", prettyprint=True)
    return re.sub(rb' lastmodifieddate="[^"]*"', b"", buf.getvalue(), count=1)


def exports(G: nx.MultiDiGraph) -> dict[str, bytes]:
    """File name → content of the networkx exports."""
    return {"graph.graphml": to_graphml(G), "graph.gexf": to_gexf(G)}


def _sorted(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    H = nx.MultiDiGraph()
    H.add_nodes_from(sorted(G.nodes(data=True), key=lambda nd: nd[0]))
    edges = sorted(G.edges(data=True), key=lambda e: (e[0], e[1], sorted((k, str(v)) for k, v in e[2].items())))
    H.add_edges_from(edges)
    return H
