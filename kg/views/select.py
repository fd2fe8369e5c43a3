"""Which nodes a view shows, where each entity's page lives, and finding an entity by name."""
from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager

import networkx as nx

from ..errors import Errors, ViewError

# What `kg view --kind` accepts: an entity kind, or one of the views that show no single entity.
VIEW_KINDS = ("overview", "county-regulation", "county", "division", "organization", "official", "regulation",
              "campaign", "metric", "report")


def nodes_of(G: nx.MultiDiGraph, kind: str) -> list[str]:
    """Nodes of one kind, sorted by id; kind "county" means divisions at county level."""
    if kind == "county":
        return sorted(n for n, d in G.nodes(data=True) if d["kind"] == "division" and d.get("level") == "county")
    return sorted(n for n, d in G.nodes(data=True) if d["kind"] == kind)


def page_path(G: nx.MultiDiGraph, n: str) -> str | None:
    """The output path of the page of entity `n` (counties, organisations, regulations), or None.

    Counties are named by their GB/T 2260 code; other names come from report text, so a page is named by a
    hash of the node's IRI, never by the text itself."""
    d = G.nodes[n]
    if d["kind"] == "division" and d.get("level") == "county":
        code = str(d.get("code", ""))
        return f"views/county/{code if re.fullmatch(r'[0-9A-Za-z_-]{1,32}', code) else _hash(n)}.html"
    if d["kind"] in ("organization", "regulation"):
        return f"views/{d['kind']}/{_hash(n)}.html"
    return None


def neighbours(G: nx.MultiDiGraph, n: str) -> set[str]:
    """Nodes linked to `n` by an edge in either direction."""
    return set(G.successors(n)) | set(G.predecessors(n))


def county_nodes(G: nx.MultiDiGraph, n: str) -> set[str]:
    """A county, its reports and bodies, and what those report: officials, regulations, campaigns, figures."""
    near = neighbours(G, n)
    keep = {n} | near
    for m in near:
        if G.nodes[m]["kind"] in ("report", "organization"):
            keep |= {x for x in neighbours(G, m) if G.nodes[x]["kind"] != "division" or x in near}
    return keep


def ego_nodes(G: nx.MultiDiGraph, n: str) -> set[str]:
    """An entity and its direct neighbours (for an organisation: its place, reports, officials, regulations
    cited, campaigns and figures)."""
    return {n} | neighbours(G, n)


def regulation_nodes(G: nx.MultiDiGraph, n: str) -> set[str]:
    """A regulation and the counties and bodies citing it."""
    return {n} | {u for u, _, d in G.in_edges(n, data=True) if d.get("predicate") in ("cites", "regionCites")}


_RENDERING: dict[int, dict] = {}  # id(G) → memos, only while one rendering of G runs


@contextmanager
def rendering(G: nx.MultiDiGraph) -> Iterator[None]:
    """Within this block, what the views work out about `G` (degrees, years, edges between two nodes) is worked
    out once and shared by every page. Each rendering starts afresh, so a graph changed between two renderings is
    always seen as it is now."""
    if id(G) in _RENDERING:  # nested: the outer rendering's memos serve
        yield
        return
    _RENDERING[id(G)] = {}
    try:
        yield
    finally:
        del _RENDERING[id(G)]


def graph_memo(G: nx.MultiDiGraph, name: str) -> dict | None:
    """The memo `name` of the rendering of `G` under way, or None outside `rendering(G)`."""
    memos = _RENDERING.get(id(G))
    return None if memos is None else memos.setdefault(name, {})


def degree(G: nx.MultiDiGraph, n: str) -> int:
    """`G.degree(n)`; within a rendering worked out for every node in one pass (a multigraph's degree walks all
    neighbours: a regulation cited by every report has thousands)."""
    memo = graph_memo(G, "degree")
    if memo is None:
        return G.degree(n)
    if n not in memo:
        memo.update(G.degree())
    return memo[n]


def cap(G: nx.MultiDiGraph, keep, limit: int, centre: str | None = None) -> tuple[set[str], str]:
    """At most `limit` of the nodes `keep` (the centre first, then the best connected) and a notice saying
    what was left out, empty when nothing was."""
    keep = set(keep)
    if len(keep) <= limit:
        return keep, ""
    order = sorted(keep, key=lambda m: (m != centre, -degree(G, m), m))
    return set(order[:limit]), (f"只显示连接最多的 {limit} 个节点，共 {len(keep)} 个 · Showing the {limit} best-connected "
                                f"of {len(keep)} nodes; the other {len(keep) - limit} are left out.")


def find(G: nx.MultiDiGraph, name: str, kind: str | None = None) -> str:
    """The node whose id, label, alias or code is `name` (optionally of one kind); raises ViewError with the
    candidates when there is none or more than one."""
    if kind is not None and kind not in VIEW_KINDS:
        raise ViewError(Errors.E401.format(kind=kind, kinds=", ".join(VIEW_KINDS)))
    pool = nodes_of(G, kind) if kind else sorted(G.nodes)
    if name in pool:
        return name
    exact = [n for n in pool if name == G.nodes[n]["label"] or name in (G.nodes[n].get("aliases") or ())
             or G.nodes[n].get("code") == name]
    if len(exact) > 1:
        counties = [n for n in exact if n in set(nodes_of(G, "county"))]
        exact = counties if len(counties) == 1 else exact
    if len(exact) == 1:
        return exact[0]
    if exact:
        raise ViewError(Errors.E402.format(name=name, count=len(exact),
                                           entities="; ".join(_describe(G, n) for n in exact[:8])))
    close = set(difflib.get_close_matches(name, {str(G.nodes[n]["label"]) for n in pool}, n=8, cutoff=0.5))
    near = [n for n in pool if name in str(G.nodes[n]["label"])] or [n for n in pool if G.nodes[n]["label"] in close]
    if near:
        raise ViewError(Errors.E406.format(name=name, entities="; ".join(_describe(G, n) for n in near[:8])))
    raise ViewError(Errors.E403.format(name=name))


def _describe(G, n) -> str:
    return f"{G.nodes[n]['label']} ({G.nodes[n]['kind']})"


def _hash(n: str) -> str:
    return hashlib.sha1(n.encode("utf-8")).hexdigest()[:12]
