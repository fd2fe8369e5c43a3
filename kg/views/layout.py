"""Node positions computed in Python, so that a large view needs no physics in the browser.

Every function is deterministic: nodes are visited in sorted order and the spring layout has a fixed seed,
so the same graph gives the same positions (rounded to whole pixels) on every run.
"""
from __future__ import annotations

import math

import networkx as nx

SEED = 1
BACKBONE = 300          # at most this many nodes of a component go through the spring layout
SPACING = 60.0          # roughly the pixels between neighbouring nodes
LABEL_GAP = 120.0       # the pixels between nodes side by side on a ring: room for a label of about 8 characters


def positions(H: nx.Graph) -> dict[str, tuple[int, int]]:
    """Pixel positions {node: (x, y)} for an undirected graph: each connected component laid out on its own
    (a spring layout of its best-connected nodes, the others on rings around their neighbour), the components
    packed in rows, the largest first."""
    comps = sorted((sorted(c) for c in nx.connected_components(H)), key=lambda c: (-len(c), c[0]))
    placed = [_component(H.subgraph(c).copy(), c) for c in comps]  # a copy: degrees on a view are slow
    return _pack(placed)


def shells(H: nx.Graph, centre: str) -> dict[str, tuple[int, int]]:
    """Pixel positions for a view around one node: the centre in the middle, then its neighbours, their
    neighbours … on concentric rings (breadth-first layers, each in sorted order). Linear in the view's size:
    an ego view of a busy county needs no spring layout."""
    layers = [sorted(layer) for layer in nx.bfs_layers(H, [centre])]
    seen = {n for layer in layers for n in layer}
    rest = sorted(set(H) - seen)
    if rest:
        layers.append(rest)
    pos = {centre: (0, 0)}
    radius = 0.0
    for layer in layers[1:]:
        # each ring far enough out for its nodes' labels to stand clear of each other
        radius = max(radius + 4 * SPACING, LABEL_GAP * len(layer) / (2 * math.pi))
        step = 2 * math.pi / len(layer)
        for i, n in enumerate(layer):
            pos[n] = (round(radius * math.cos(i * step)), round(radius * math.sin(i * step)))
    return pos


def columns(cols: list[list[str]], dx: float = 600.0, dy: float = 90.0) -> dict[str, tuple[int, int]]:
    """Pixel positions putting each list of nodes in a column, top to bottom, the columns centred vertically."""
    pos = {}
    for i, col in enumerate(cols):
        top = -(len(col) - 1) * dy / 2
        for j, n in enumerate(col):
            pos[n] = (round(i * dx), round(top + j * dy))
    return pos


def _component(C: nx.Graph, nodes: list[str]) -> dict[str, tuple[float, float]]:
    n = len(nodes)
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    if n == 2:
        return {nodes[0]: (-SPACING, 0.0), nodes[1]: (SPACING, 0.0)}
    by_degree = sorted(nodes, key=lambda v: (-C.degree(v), v))
    core = sorted(by_degree[:BACKBONE])
    K = nx.Graph()
    K.add_nodes_from(core)
    K.add_edges_from(sorted((u, v) for u, v in C.subgraph(core).edges() if u != v))
    radius = SPACING * math.sqrt(len(core)) * 1.2
    raw = nx.spring_layout(K, seed=SEED, iterations=60) if len(core) > 1 else {core[0]: (0.0, 0.0)}
    pos = {v: (float(raw[v][0]) * radius, float(raw[v][1]) * radius) for v in core}
    if len(core) < n:
        _rings(C, pos)
    return pos


def _rings(C: nx.Graph, pos: dict) -> None:
    """Place every node not yet in `pos` on a ring around its best-connected placed neighbour, breadth first."""
    while len(pos) < len(C):
        children: dict[str, list[str]] = {}
        for v in sorted(C.nodes):
            if v in pos:
                continue
            placed = [u for u in C.neighbors(v) if u in pos]
            if placed:
                parent = min(placed, key=lambda u: (-C.degree(u), u))
                children.setdefault(parent, []).append(v)
        if not children:  # pragma: no cover - a connected component always reaches every node
            break
        cx = sum(p[0] for p in pos.values()) / len(pos)
        cy = sum(p[1] for p in pos.values()) / len(pos)
        for parent in sorted(children):
            px, py = pos[parent]
            away = math.atan2(py - cy, px - cx) if (px, py) != (cx, cy) else 0.0
            kids = children[parent]
            ring, i = 1, 0
            while i < len(kids):
                r = SPACING * (ring + 0.5)
                room = max(6, int(2 * math.pi * r / SPACING))
                batch = kids[i:i + room]
                for j, v in enumerate(batch):
                    a = away + 2 * math.pi * (j + 0.5) / len(batch) - math.pi
                    pos[v] = (px + r * math.cos(a), py + r * math.sin(a))
                i += len(batch)
                ring += 1


def _pack(comps: list[dict]) -> dict[str, tuple[int, int]]:
    """Shelf-pack laid-out components, largest first, in rows about as wide as a screen is to its height."""
    out: dict[str, tuple[int, int]] = {}
    if not comps:
        return out
    boxes = []
    for pos in comps:
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + 2 * SPACING, max(ys) - min(ys) + 2 * SPACING))
    width = max(boxes[0][2], 12 * SPACING, math.sqrt(1.6 * sum(w * h for _, _, w, h in boxes)))  # about 16:10
    x = y = row_h = 0.0
    for pos, (x0, y0, w, h) in zip(comps, boxes):
        if x > 0 and x + w > width:
            x, y, row_h = 0.0, y + row_h, 0.0
        for v, (px, py) in pos.items():
            out[v] = (round(x + px - x0 + SPACING), round(y + py - y0 + SPACING))
        x += w
        row_h = max(row_h, h)
    return out
