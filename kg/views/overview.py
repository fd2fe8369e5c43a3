"""The overview: every entity, coloured by kind, sized by degree, with a legend (and a notice when capped)."""
from __future__ import annotations

import networkx as nx

from .page import View, make_view
from .select import cap, neighbours, nodes_of

MAX_NODES = 5000


def overview(G: nx.MultiDiGraph, max_nodes: int = MAX_NODES, urls: dict | None = None, kind: str | None = None) -> View:
    """The view of the whole graph (or, with `kind`, of the entities of that kind and their neighbours), capped
    at the `max_nodes` best-connected nodes."""
    keep = set(G.nodes)
    if kind is not None:
        chosen = set(nodes_of(G, kind))
        keep = chosen.union(*(neighbours(G, n) for n in chosen))
    keep, notice = cap(G, keep, max_nodes)
    n_reports = sum(1 for _, d in G.nodes(data=True) if d["kind"] == "report")
    what = "全部实体 all entities" if kind is None else f"{kind} 及其邻居 and their neighbours"
    return make_view(G, keep, "总览 Overview", notice=notice, urls=urls,
                     subtitle=f"{what} · {len(G)} nodes, {G.number_of_edges()} edges from {n_reports} reports · "
                              "颜色 = 类别 colour = kind, 大小 = 连接数 size = degree")

