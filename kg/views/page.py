"""One interactive page: the nodes and edges a view shows (assembled with pyvis), rendered to offline HTML.

Safety: report text is untrusted. It reaches a page only as JSON inside a `<script type="application/json">`
block (with `<`, `>` and `&` escaped) or through Jinja's autoescaping; the page script puts it into the DOM
with `textContent` only, and vis-network shows a string `title` with `innerText`. A Content-Security-Policy
allows only the page's own scripts (by hash, or the shared asset files), so an injected event handler could
not run even if some text slipped through, and no request can leave the machine.
"""
from __future__ import annotations

import base64
import hashlib
import json
import math
import posixpath
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import networkx as nx

from .layout import positions, shells
from .select import degree, graph_memo

ASSETS = Path(__file__).with_name("assets")
VIS_DIR = "templates/lib/vis-9.1.2"       # the vis-network build bundled inside the pyvis package
ASSET_FILES = ("vis-network.min.js", "vis-network.css", "view.js", "view.css", "index.js")
SHARED_ASSETS = "views/assets"             # where render_all puts ASSET_FILES

LABEL_CHARS = 14        # node labels are cut to this many characters (the full name is in the tooltip)
PHYSICS_LIMIT = 300     # above this many nodes the browser does no physics: the Python layout is final
LARGE = 1500            # above this many nodes edges are straight and hidden while dragging or zooming

COLORS = {"report": "#9e9e9e", "division": "#4caf50", "organization": "#2196f3", "official": "#ff9800",
          "regulation": "#e91e63", "campaign": "#9c27b0", "metric": "#795548"}
LABELS = {"report": "报告 report", "division": "行政区划 division", "organization": "机构 organisation",
          "official": "官员 official", "regulation": "法规 regulation", "campaign": "活动 campaign",
          "metric": "数据 figure"}
PREDICATES = {"aboutRegion": "关于 about", "issuedBy": "发布 issued by", "jurisdiction": "属地 in",
              "partOf": "隶属 part of", "cites": "引用 cites", "regionCites": "本地引用 cited in county",
              "holdsPostIn": "任职 holds post in", "runs": "开展 runs", "reports": "报告数据 reports"}


@dataclass
class View:
    """What one page shows: vis-network node and edge records (plain data) and the text around them."""

    title: str
    nodes: list[dict]
    edges: list[dict]
    options: dict
    subtitle: str = ""
    notice: str = ""
    kinds: list[dict] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    table: dict | None = None   # {"title", "note", "columns", "rows"}: shown under the graph (a county's citations)


def tooltip(G: nx.MultiDiGraph, n: str, quote_from: set[str] | None = None) -> str:
    """Plain text (never HTML) shown when hovering a node: kind, canonical name, aliases, years, and one or two
    evidence sentences, each after the name of its report (its title, else its file name). `quote_from`: the
    files of the reports the view is about (a county's, a body's): only their sentences are quoted; None: any."""
    d = G.nodes[n]
    lines = [f"[{LABELS.get(d['kind'], d['kind'])}] {d['label']}"]
    extra = d.get("post") or d.get("level") or d.get("org_kind")
    if extra:
        lines[0] += f" ({extra})"
    if d.get("aliases"):
        lines.append(_cut("别名 aliases: " + "、".join(sorted(d["aliases"])), 200))
    years = node_years(G, n)
    if years:
        lines.append("年份 years: " + "、".join(map(str, years)))
    names = report_names(G)
    quoted = [(f, s) for f, s in d.get("evidence", []) if quote_from is None or f in quote_from][:2]
    for file, sentence in quoted:
        lines.append(_cut(f"“{sentence}”", 200))
        lines.append(_cut(f"  — 报告 report: {names.get(file, file)}", 120))
    return "\n".join(lines)


def report_names(G: nx.MultiDiGraph) -> dict[str, str]:
    """Report file → the report's name as people know it (its title, else its file name); worked out once per
    rendering."""
    memo = graph_memo(G, "report_names")
    if memo is not None and memo:
        return memo
    names = {d["file"]: str(d["label"]) for _, d in G.nodes(data=True) if d["kind"] == "report" and d.get("file")}
    if memo is not None:
        memo.update(names)
    return names


def node_years(G: nx.MultiDiGraph, n: str) -> list[int]:
    """The years a node belongs to: its own, its report's, its edges'; else its neighbours' (officials).
    Worked out once per node and graph (a regulation cited everywhere has many thousands of edges)."""
    memo = graph_memo(G, "years")
    if memo is None:
        return _node_years(G, n)
    if n not in memo:
        memo[n] = _node_years(G, n)
    return memo[n]


def _node_years(G: nx.MultiDiGraph, n: str) -> list[int]:
    d = G.nodes[n]
    years = set(d.get("years") or ()) | ({d["year"]} if d.get("year") else set())
    for _, _, e in G.edges(n, data=True):
        years.add(e.get("year"))
    for _, _, e in G.in_edges(n, data=True):
        years.add(e.get("year"))
    years.discard(None)
    if not years:
        for m in sorted(set(G.successors(n)) | set(G.predecessors(n))):
            years |= set(G.nodes[m].get("years") or ())
    return sorted(y for y in years if y is not None)


def _pair(G: nx.MultiDiGraph, u: str, v: str, keyed: dict) -> list[tuple[str, list, int]]:
    """The edges u → v grouped by predicate: (predicate, sorted years, number of reports). Worked out once per
    pair and graph: the county, body, regulation and overview pages share most of their edges."""
    memo = graph_memo(G, "pairs")
    found = memo.get((u, v)) if memo is not None else None
    if found is None:
        agg: dict[str, tuple[set, set]] = {}
        for d in keyed.values():
            years, reports = agg.setdefault(d.get("predicate", ""), (set(), set()))
            if d.get("year") is not None:
                years.add(d["year"])
            if d.get("report"):
                reports.add(d["report"])
        found = [(p, sorted(ys), len(rs)) for p, (ys, rs) in sorted(agg.items())]
        if memo is not None:
            memo[(u, v)] = found
    return found


def edges_between(G: nx.MultiDiGraph, keep, predicates=None) -> list[dict]:
    """The edges of G among `keep`, one per (source, target, predicate), with the sorted years and the number
    of reports they come from."""
    out = []
    ordered = sorted(keep)
    adjacency = G._succ  # the raw dicts: the views' wrappers cost more than the walk itself
    for u in ordered:
        succ = adjacency[u]
        # a node with more neighbours than the view has nodes (a regulation every report cites): look the kept
        # nodes up among its neighbours instead of walking all of them
        targets = [v for v in ordered if v in succ] if len(succ) > len(ordered) else sorted(v for v in succ if v in keep)
        for v in targets:
            if v == u:
                continue
            for p, years, reports in _pair(G, u, v, succ[v]):
                if predicates is None or p in predicates:
                    out.append({"from": u, "to": v, "predicate": p, "years": years, "reports": reports})
    return out


def make_view(G: nx.MultiDiGraph, keep, title: str, *, subtitle: str = "", notice: str = "", edges=None,
              pos: dict | None = None, urls: dict | None = None, centre: str | None = None,
              edge_labels: bool = False, quote_from: set[str] | None = None, table: dict | None = None) -> View:
    """Assemble the view of the nodes `keep` (and `edges`, default: every edge among them) with pyvis.

    Positions are computed here (`layout.positions`) unless `pos` is given, which is then final; otherwise
    physics settles small views in the browser. `urls` maps a node to the page (relative to this one) that
    its details link to; `centre` is drawn larger, with a thick border; `quote_from` the report files whose
    sentences tooltips quote (None: any); `table` a table shown under the graph ({"title", "columns", "rows"})."""
    from pyvis.network import Network

    keep = sorted(keep)
    edges = edges_between(G, set(keep)) if edges is None else edges
    physics = pos is None and len(keep) <= PHYSICS_LIMIT
    if pos is None and physics:  # the browser settles a small view: start it on a circle (no layout to compute)
        step = 2 * math.pi / max(1, len(keep))
        radius = 45.0 * math.sqrt(len(keep))
        pos = {n: (round(radius * math.cos(i * step)), round(radius * math.sin(i * step))) for i, n in enumerate(keep)}
    elif pos is None:
        H = nx.Graph()
        H.add_nodes_from(keep)
        H.add_edges_from((e["from"], e["to"]) for e in edges)
        pos = shells(H, centre) if centre is not None else positions(H)
    net = Network(directed=True, cdn_resources="in_line", heading=title)
    net.node_ids = _NodeIds()  # pyvis looks every node of an edge up in this list: a set makes it constant time
    quoting = frozenset(quote_from) if quote_from is not None else None
    for n in keep:
        net.add_node(n, **_node_item(G, n, pos.get(n, (0, 0)), (urls or {}).get(n), n == centre, quoting))
    for e in edges:
        net.add_edge(e["from"], e["to"], **_edge_item(e, edge_labels))
    nodes, edge_rows, *_ = net.get_network_data()
    counts = Counter(item["kind"] for item in nodes)
    kinds = [{"kind": k, "label": LABELS[k], "color": COLORS[k], "count": counts[k]} for k in COLORS if counts[k]]
    return View(title=title, subtitle=subtitle, notice=notice, nodes=nodes, edges=edge_rows,
                options=view_options(physics, large=len(keep) > LARGE), kinds=kinds,
                years=sorted({y for item in nodes for y in item["years"]}), table=table)


class _NodeIds(list):
    """pyvis's list of node ids (`Network.node_ids`), with membership answered by a set: pyvis checks it for each
    node and both ends of each edge it adds, which on a list makes a view of thousands of nodes quadratic."""

    def __init__(self):
        super().__init__()
        self._ids: set = set()

    def append(self, n) -> None:
        super().append(n)
        self._ids.add(n)

    def __contains__(self, n) -> bool:
        return n in self._ids


def _node_item(G: nx.MultiDiGraph, n: str, xy, url: str | None, centre: bool,
               quote_from: frozenset | None = None) -> dict:
    memo = graph_memo(G, "node_items")
    key = (n, quote_from)
    shared = memo.get(key) if memo is not None else None
    if shared is None:  # what every page showing the node draws the same way, worked out once per rendering
        d = G.nodes[n]
        shared = dict(label=_cut(str(d["label"]) or n, LABEL_CHARS), title=tooltip(G, n, quote_from),
                      kind=d["kind"], color=COLORS.get(d["kind"], "#607d8b"),
                      size=min(48, round(10 + 4 * math.sqrt(degree(G, n)))), years=node_years(G, n))
        if memo is not None:
            memo[key] = shared
    item = {**shared, "years": list(shared["years"]), "x": xy[0], "y": xy[1]}
    if centre:
        item.update(borderWidth=4, size=max(item["size"], 30))
    if url:
        item["url"] = url
    return item


def _edge_item(e: dict, label: bool) -> dict:
    when = "、".join(map(str, e["years"]))
    said = f"{e['reports']} 份报告 reports" if e["reports"] else ""
    item = dict(title=" · ".join(x for x in (PREDICATES.get(e["predicate"], e["predicate"]), when, said) if x),
                years=e["years"], width=min(6, 1 + e["reports"]))
    if label and when:
        item["label"] = when
    return item


def view_options(physics: bool, large: bool) -> dict:
    """The vis-network options of a view (a copy: the caller may change it), made once per kind of view."""
    import copy

    return copy.deepcopy(_view_options(physics, large))


@lru_cache(maxsize=None)
def _view_options(physics: bool, large: bool) -> dict:
    from pyvis.network import Network

    return _options(Network(directed=True, cdn_resources="in_line"), physics, large)


def _options(net, physics: bool, large: bool) -> dict:
    """vis-network options: pyvis's, with physics only for small views and cheaper edges for large ones."""
    if physics:
        net.barnes_hut(gravity=-9000, central_gravity=0.15, spring_length=220, spring_strength=0.025, damping=0.4,
                       overlap=1)
    net.toggle_physics(physics)
    net.options.edges.inherit_colors(False)
    net.options.edges.toggle_smoothness("continuous")
    net.options.interaction.hideEdgesOnDrag = large
    options = json.loads(net.options.to_json())
    options.pop("configure", None)
    options["edges"].update(arrows={"to": {"enabled": True, "scaleFactor": 0.5}},
                            color={"color": "#b5b5b5", "highlight": "#333333", "hover": "#555555"},
                            font={"size": 11, "align": "middle", "strokeWidth": 3})
    if large:
        options["edges"]["smooth"] = {"enabled": False}
    options["interaction"].update(hover=True, tooltipDelay=150, hideEdgesOnZoom=large, multiselect=False)
    options["nodes"] = {"shape": "dot", "borderWidth": 1,
                        "font": {"size": 14, "face": "'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', "
                                                     "'PingFang SC', sans-serif"}}
    options["layout"] = {"improvedLayout": False, "randomSeed": 1}
    if physics:
        options["physics"].update(solver="barnesHut", stabilization={"enabled": True, "iterations": 200, "fit": True})
    else:
        options["physics"] = {"enabled": False}
    return options


def render_page(view: View, at: str = "view.html", shared: bool = False) -> str:
    """The HTML of `view` for a page stored at the relative path `at`. With `shared`, scripts and styles are
    links to the files of `asset_files()` under views/assets/; otherwise everything is inline (one file)."""
    data = {"nodes": view.nodes, "edges": view.edges, "options": view.options}
    here = posixpath.dirname(at) or "."
    if shared:
        prefix = posixpath.relpath(SHARED_ASSETS, here) + "/"
        links = {"stylesheets": [prefix + "vis-network.css", prefix + "view.css"], "styles": [],
                 "script_files": [prefix + "vis-network.min.js", prefix + "view.js"], "scripts": []}
        policy = csp(scripts=["file:"], styles=["file:"])
    else:
        links = {"stylesheets": [], "styles": [_asset("vis-network.css"), _asset("view.css")], "script_files": [],
                 "scripts": [_asset("vis-network.min.js"), _asset("view.js")]}
        policy = single_page_csp()
    return templates().get_template("page.html").render(
        view=view, csp=policy, data=script_json(data), index=posixpath.relpath("index.html", here) if shared else None,
        **links)


def single_page_csp() -> str:
    """The Content-Security-Policy of a self-contained page (`render_page` without `shared`): its two inline
    scripts, by hash, and nothing else."""
    return csp(scripts=[_sha256(_asset("vis-network.min.js")), _sha256(_asset("view.js"))])


def asset_files() -> dict[str, str]:
    """The scripts and styles the shared pages link to: {"views/assets/<name>": text}."""
    return {f"{SHARED_ASSETS}/{name}": _asset(name) for name in ASSET_FILES}


def script_json(obj) -> str:
    """JSON that is safe inside a `<script>` element: no `<`, `>`, `&` or line separators appear literally."""
    from ..io import json_bytes

    text = json_bytes(obj, sort_keys=True).decode("utf-8")
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def csp(scripts=(), styles=()) -> str:
    """A Content-Security-Policy that allows no request off the machine and only the given script sources."""
    parts = ["default-src 'none'", "base-uri 'none'", "form-action 'none'", "img-src data:",
             "style-src " + " ".join(["'unsafe-inline'", *styles])]
    if scripts:
        parts.insert(1, "script-src " + " ".join(scripts))
    return "; ".join(parts)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    if name.startswith("vis-network"):
        text = (resources.files("pyvis") / VIS_DIR / name).read_text(encoding="utf-8")
        text = "\n".join(line for line in text.split("\n") if not line.startswith(("//# sourceMappingURL", "/*# sourceMappingURL")))
    else:
        text = (ASSETS / name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ValueError(f"{name} cannot be inlined: it contains a closing tag")
    return text


@lru_cache(maxsize=None)
def templates():
    """The Jinja environment of the page templates in assets/ (autoescaping on)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(str(ASSETS)), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
