"""Who cites what: the county × regulation view and the view of one regulation over the years."""
from __future__ import annotations

import networkx as nx

from .layout import columns
from .page import View, edges_between, make_view
from .select import cap, regulation_nodes

MAX_NODES = 3000


def county_regulation_view(G: nx.MultiDiGraph, urls: dict | None = None, max_nodes: int = MAX_NODES) -> View:
    """Counties (left) and the regulations their reports cite (right, most cited first); each edge is labelled
    with the years of the citing reports."""
    edges = edges_between(G, set(G.nodes), predicates={"regionCites"})
    keep, notice = cap(G, {e["from"] for e in edges} | {e["to"] for e in edges}, max_nodes)
    edges = [e for e in edges if e["from"] in keep and e["to"] in keep]
    counties = sorted({e["from"] for e in edges}, key=lambda n: (G.nodes[n]["label"], n))
    cited: dict[str, int] = {}
    for e in edges:
        cited[e["to"]] = cited.get(e["to"], 0) + 1
    regs = sorted(cited, key=lambda n: (-cited[n], G.nodes[n]["label"], n))
    return make_view(G, keep, "县 × 法规 Counties × regulations", edges=edges, pos=columns([counties, regs]),
                     urls=urls, notice=notice, edge_labels=True,
                     subtitle=f"{len(counties)} counties cite {len(regs)} regulations · 连线标注年份 edges are "
                              "labelled with the years of the citing reports")


def regulation_view(G: nx.MultiDiGraph, n: str, urls: dict | None = None, max_nodes: int = MAX_NODES) -> View:
    """A regulation, the counties and bodies citing it, and in which years (in the subtitle and on the edges)."""
    keep, notice = cap(G, regulation_nodes(G, n), max_nodes, centre=n)
    first: dict[int, list[str]] = {}
    for u, _, d in sorted(G.in_edges(n, data=True), key=lambda e: (e[2].get("year") or 0, e[0])):
        if d.get("predicate") == "regionCites" and d.get("year") is not None:
            if not any(u in names for names in first.values()):
                first.setdefault(d["year"], []).append(u)
    timeline = " · ".join(f"{y}: " + "、".join(G.nodes[u]["label"] for u in sorted(first[y])) for y in sorted(first))
    status = G.nodes[n].get("status")
    subtitle = (f"首次引用 first cited by county — {timeline}" if timeline else "no county cites it") + (
        f" · 状态 status: {status}" if status else "")
    return make_view(G, keep, f"《{G.nodes[n]['label']}》 · 法规 regulation", subtitle=subtitle, notice=notice,
                     urls=urls, centre=n, edge_labels=True)
