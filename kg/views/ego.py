"""Ego views: one county (its reports, bodies, officials, regulations, campaigns, figures) or one entity and
its neighbours."""
from __future__ import annotations

from collections import Counter

import networkx as nx

from .page import LABELS, View, make_view
from .select import cap, county_nodes, ego_nodes

MAX_NODES = 1500


def county_view(G: nx.MultiDiGraph, n: str, urls: dict | None = None, max_nodes: int = MAX_NODES) -> View:
    """The county `n` with its reports and bodies and everything they report."""
    keep, notice = cap(G, county_nodes(G, n), max_nodes, centre=n)
    return make_view(G, keep, f"{G.nodes[n]['label']} · 县级视图 county", subtitle=_summary(G, keep, n),
                     notice=notice, urls=urls, centre=n)


def entity_view(G: nx.MultiDiGraph, n: str, urls: dict | None = None, max_nodes: int = MAX_NODES) -> View:
    """The entity `n` (an organisation: its place, reports, officials, regulations cited, campaigns and
    figures) and its direct neighbours."""
    d = G.nodes[n]
    keep, notice = cap(G, ego_nodes(G, n), max_nodes, centre=n)
    return make_view(G, keep, f"{d['label']} · {LABELS.get(d['kind'], d['kind'])}", subtitle=_summary(G, keep, n),
                     notice=notice, urls=urls, centre=n)


def _summary(G, keep, n) -> str:
    counts = Counter(G.nodes[m]["kind"] for m in keep if m != n)
    return " · ".join(f"{LABELS[k]} {counts[k]}" for k in LABELS if counts[k])
