"""Every view of a graph as a set of files (`render_all`), or one view as one self-contained page (`render_view`)."""
from __future__ import annotations

import posixpath
from collections import Counter

import networkx as nx

from .ego import county_view, entity_view
from .overview import overview
from .page import LABELS, View, asset_files, csp, render_page, templates
from .regulation import county_regulation_view, regulation_view
from ..errors import Errors, ViewError
from .select import VIEW_KINDS, degree, find, nodes_of, page_path, rendering

MAX_PAGES = 500  # pages for at most this many counties, organisations and regulations each (the best-connected)
OVERVIEW = "views/overview.html"
COUNTY_REGULATION = "views/county-regulation.html"


def render_all(G: nx.MultiDiGraph, pages_per_kind: int = MAX_PAGES) -> dict[str, str]:
    """Relative output path → HTML (or asset text) of every view: index.html, views/overview.html,
    views/county-regulation.html, views/county/<code>.html, views/organization/<id>.html,
    views/regulation/<id>.html, and the scripts and styles under views/assets/ that they share (pages for the
    `pages_per_kind` best-connected counties, bodies and regulations each)."""
    with rendering(G):
        return _render_all(G, pages_per_kind)


def _render_all(G: nx.MultiDiGraph, pages_per_kind: int) -> dict[str, str]:
    pages: dict[str, str] = {}
    entities = pages_of(G, pages_per_kind)
    by_folder: dict[str, dict[str, str]] = {}

    def add(path: str, view: View) -> None:
        pages[path] = render_page(view, at=path, shared=True)

    def links(at: str) -> dict[str, str]:
        here = posixpath.dirname(at)
        if here not in by_folder:  # pages sit in a few folders: relative links are worked out once per folder
            by_folder[here] = {n: posixpath.relpath(p, here) for n, p in entities.items()}
        return by_folder[here]

    add(OVERVIEW, overview(G, urls=links(OVERVIEW)))
    add(COUNTY_REGULATION, county_regulation_view(G, urls=links(COUNTY_REGULATION)))
    for n, path in entities.items():
        kind = G.nodes[n]["kind"]
        make = county_view if kind == "division" else regulation_view if kind == "regulation" else entity_view
        add(path, make(G, n, urls=links(path)))
    pages["index.html"] = index_html(G, entities)
    pages.update(asset_files())
    return dict(sorted(pages.items()))


def pages_of(G: nx.MultiDiGraph, per_kind: int = MAX_PAGES) -> dict[str, str]:
    """Entity → page path: the `per_kind` best-connected counties, organisations and regulations."""
    found: dict[str, list[str]] = {}
    for n in sorted(G.nodes):
        if page_path(G, n):
            found.setdefault(G.nodes[n]["kind"], []).append(n)
    chosen = []
    for kind, nodes in found.items():
        if len(nodes) > per_kind:
            nodes = sorted(sorted(nodes, key=lambda n: (-degree(G, n), n))[:per_kind])
        chosen += nodes
    return {n: page_path(G, n) for n in sorted(chosen)}


def render_view(G: nx.MultiDiGraph, entity: str | None = None, kind: str | None = None) -> str:
    """One view as a self-contained HTML page: the entity named `entity` (a name, alias, code or node id;
    `kind` narrows the search), or with no entity the view `kind` names ("overview" — the default —,
    "county-regulation", or an entity kind: those entities and their neighbours). Raises ViewError."""
    if kind is not None and kind not in VIEW_KINDS:
        raise ViewError(Errors.E401.format(kind=kind, kinds=", ".join(VIEW_KINDS)))
    with rendering(G):
        return _render_view(G, entity, kind)


def _render_view(G: nx.MultiDiGraph, entity: str | None, kind: str | None) -> str:
    if entity is None:
        if kind == "county-regulation":
            return render_page(county_regulation_view(G))
        return render_page(overview(G, kind=None if kind in (None, "overview") else kind))
    n = find(G, entity, None if kind in ("overview", "county-regulation") else kind)
    d = G.nodes[n]
    if d["kind"] == "division" and d.get("level") == "county":
        return render_page(county_view(G, n))
    if d["kind"] == "regulation":
        return render_page(regulation_view(G, n))
    return render_page(entity_view(G, n))


def index_html(G: nx.MultiDiGraph, entities: dict[str, str]) -> str:
    """The start page: what the graph holds and a link to every view."""
    counts = Counter(d["kind"] for _, d in G.nodes(data=True))
    years = sorted({d["year"] for _, d in G.nodes(data=True) if d["kind"] == "report" and d.get("year")})
    citing: dict[str, set] = {}
    for u, v, d in G.edges(data=True):
        if d.get("predicate") == "regionCites":
            citing.setdefault(v, set()).add(u)

    def rows(kind: str, note, key=None) -> list[dict]:
        found = sorted((n for n in nodes_of(G, kind) if n in entities),
                       key=key or (lambda n: (str(G.nodes[n]["label"]), n)))
        return [{"label": G.nodes[n]["label"], "href": entities[n], "note": note(n)} for n in found]

    def n_reports(n):
        return f"{sum(1 for m in G.predecessors(n) if G.nodes[m]['kind'] == 'report')} 份报告 reports"

    def n_citing(n):
        return f"{len(citing.get(n, ()))} 县引用 counties"

    def n_links(n):
        return f"{len(set(G.successors(n)) | set(G.predecessors(n)))} 个关联 links"

    sections = [
        ("县 counties", "每个县：其报告、机构、官员、引用的法规、活动和数据，图下有一张它引用了什么的表 · each county: its "
         "reports, bodies, officials, the regulations they cite, campaigns and figures, and under the graph a table "
         "of what it cites.", rows("county", n_reports)),
        ("法规 regulations", "每部法规：引用它的县和机构，以及每个县首次引用的年份 · each regulation: the counties and "
         "bodies citing it, and the year each county first did.",
         rows("regulation", n_citing, key=lambda n: (-len(citing.get(n, ())), str(G.nodes[n]["label"]), n))),
        ("机构 organisations", "每个机构：其所在地、报告、官员、引用的法规、活动和数据 · each body: its place, reports, "
         "officials, the regulations it cites, campaigns and figures.", rows("organization", n_links)),
    ]
    return templates().get_template("index.html").render(
        csp=csp(scripts=["file:"], styles=["file:"]), stylesheets=["views/assets/view.css"], styles=[],
        script_files=["views/assets/index.js"], scripts=[],
        overview=OVERVIEW, county_regulation=COUNTY_REGULATION,
        counts=[(LABELS[k], counts.get(k, 0)) for k in LABELS], years=years, sections=sections,
        edges=G.number_of_edges())
