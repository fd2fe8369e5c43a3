"""Ego views: one county (its reports, bodies, officials, regulations, campaigns, figures, and a table of what it
cites) or one entity and its neighbours."""
from __future__ import annotations

from collections import Counter

import networkx as nx

from .page import LABELS, View, make_view
from .select import cap, county_nodes, ego_nodes, neighbours

MAX_NODES = 1500


def county_view(G: nx.MultiDiGraph, n: str, urls: dict | None = None, max_nodes: int = MAX_NODES) -> View:
    """The county `n` with its reports and bodies and everything they report; tooltips quote the county's own
    reports only, and a table under the graph lists the regulations it cites."""
    keep, notice = cap(G, county_nodes(G, n), max_nodes, centre=n)
    files = report_files(G, n)
    return make_view(G, keep, f"{G.nodes[n]['label']} · 县级视图 county", subtitle=_summary(G, keep, n),
                     notice=notice, urls=urls, centre=n, quote_from=files,
                     table=citation_table(G, n, urls or {}, files or set()))


def entity_view(G: nx.MultiDiGraph, n: str, urls: dict | None = None, max_nodes: int = MAX_NODES) -> View:
    """The entity `n` (an organisation: its place, reports, officials, regulations cited, campaigns and
    figures) and its direct neighbours; tooltips quote the reports linked to it (when there are any)."""
    d = G.nodes[n]
    keep, notice = cap(G, ego_nodes(G, n), max_nodes, centre=n)
    return make_view(G, keep, f"{d['label']} · {LABELS.get(d['kind'], d['kind'])}", subtitle=_summary(G, keep, n),
                     notice=notice, urls=urls, centre=n, quote_from=report_files(G, n))


def report_files(G: nx.MultiDiGraph, n: str) -> set[str] | None:
    """The files of the reports linked to `n` (about a county, issued by a body), or None when there are none."""
    files = {G.nodes[m]["file"] for m in neighbours(G, n) if G.nodes[m]["kind"] == "report" and G.nodes[m].get("file")}
    return files or None


def citation_table(G: nx.MultiDiGraph, n: str, urls: dict, files: set[str]) -> dict:
    """What the county `n` cites: one row per regulation with the years, the actions its reports name, the
    number of its reports citing it, the first and last year, and one sentence of its own reports."""
    reports = {d.get("report"): u for u, _, d in G.in_edges(n, data=True) if d.get("predicate") == "aboutRegion"}
    cited: dict[str, dict] = {}
    for _, reg, d in G.out_edges(n, data=True):
        if d.get("predicate") == "regionCites":
            row = cited.setdefault(reg, {"years": set(), "reports": set(), "actions": set()})
            row["reports"].add(d.get("report"))
            if d.get("year") is not None:
                row["years"].add(d["year"])
    sources = set(reports.values()) | {v for r in reports.values() for _, v, d in G.out_edges(r, data=True)
                                       if d.get("predicate") == "issuedBy"}
    for s in sorted(sources):
        for _, reg, d in G.out_edges(s, data=True):
            if d.get("predicate") == "cites" and d.get("report") in reports and reg in cited:
                cited[reg]["actions"].update(d.get("actions") or ())
    rows = []
    for reg in sorted(cited, key=lambda r: (-len(cited[r]["reports"]), str(G.nodes[r]["label"]), r)):
        row, years = cited[reg], sorted(cited[reg]["years"])
        said = next((s for f, s in G.nodes[reg].get("evidence", []) if f in files), "")
        rows.append({"cells": [f"《{G.nodes[reg]['label']}》", "、".join(map(str, years)),
                               "、".join(sorted(row["actions"])), str(len(row["reports"])),
                               str(years[0]) if years else "", str(years[-1]) if years else "", said],
                     "href": urls.get(reg)})
    return {"title": "本县引用的法规 What this county cites",
            "note": "每行一部法规：年份、报告所述行动、引用它的本县报告数、首次与最近年份、本县报告中的一句原文 · one row "
                    "per regulation: the years, the actions its reports name, how many of its reports cite it, the "
                    "first and last year, and a sentence from one of them.",
            "columns": ["法规 regulation", "年份 years", "行动 actions", "报告 reports", "首次 first", "最近 last",
                        "原文 sentence"], "rows": rows}


def _summary(G, keep, n) -> str:
    counts = Counter(G.nodes[m]["kind"] for m in keep if m != n)
    return " · ".join(f"{LABELS[k]} {counts[k]}" for k in LABELS if counts[k])
