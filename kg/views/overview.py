"""The overview: every entity, coloured by kind, sized by degree, with a legend."""
from __future__ import annotations

import html

import networkx as nx

COLORS = {"report": "#9e9e9e", "division": "#4caf50", "organization": "#2196f3", "official": "#ff9800",
          "regulation": "#e91e63", "campaign": "#9c27b0", "metric": "#795548"}
LABELS = {"report": "报告 report", "division": "行政区划 division", "organization": "机构 organisation",
          "official": "官员 official", "regulation": "法规 regulation", "campaign": "活动 campaign",
          "metric": "数据 figure"}


def tooltip(G: nx.MultiDiGraph, n: str) -> str:
    """Plain text (never HTML) shown when hovering a node: kind, name, aliases, evidence."""
    d = G.nodes[n]
    lines = [f"[{LABELS.get(d['kind'], d['kind'])}] {d['label']}"]
    if d.get("aliases"):
        lines.append("aliases: " + "、".join(sorted(d["aliases"]))[:200])
    for file, sentence in d.get("evidence", [])[:2]:
        lines.append(f"{file}: {sentence[:160]}")
    return "\n".join(lines)


def overview_html(G: nx.MultiDiGraph, max_nodes: int = 2000, physics_limit: int = 300) -> str:
    from pyvis.network import Network

    nodes = sorted(G.nodes, key=lambda n: (-G.degree(n), n))
    capped = len(nodes) > max_nodes
    keep = set(nodes[:max_nodes])
    net = Network(height="800px", width="100%", directed=True, cdn_resources="in_line", notebook=False)
    H = nx.Graph(G.subgraph(keep))
    pos = nx.spring_layout(H, seed=1, iterations=50) if len(H) else {}
    for n in sorted(keep):
        d = G.nodes[n]
        x, y = pos.get(n, (0, 0))
        net.add_node(n, label=html.escape(str(d["label"]))[:30], title=html.escape(tooltip(G, n)),
                     color=COLORS.get(d["kind"], "#607d8b"), size=8 + 3 * min(G.degree(n), 20),
                     x=float(x) * 1000, y=float(y) * 1000, group=d["kind"])
    for u, v, d in G.edges(data=True):
        if u in keep and v in keep:
            net.add_edge(u, v, title=html.escape(str(d.get("predicate", ""))))
    net.toggle_physics(len(keep) <= physics_limit)
    page = net.generate_html()
    legend = "".join(f'<span style="color:{c}">&#9679; {html.escape(LABELS[k])}</span> '
                     for k, c in COLORS.items())
    notice = (f"<p><b>Showing the {max_nodes} best-connected of {len(nodes)} nodes.</b></p>" if capped else "")
    return page.replace("<body>", f'<body><div id="kg-legend">{legend}{notice}</div>', 1)
