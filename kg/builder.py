"""`kg.build`: reports → extraction → one merged graph (RDF and networkx) and its views."""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .api import ExtractionRun, extract
from .errors import NoInputError


@dataclass
class BuildResult:
    """What a build made. Nothing is written: the caller writes `outputs()` (the CLI does)."""

    run: ExtractionRun
    dataset: object            # kg.rdf.dataset.KGDataset: one named graph per report, and the merged graph
    nx: object                 # networkx.MultiDiGraph
    seconds: float = 0.0
    stats: dict = field(default_factory=dict)

    @property
    def graph(self):
        """The merged graph as an rdflib Graph (made on demand)."""
        return self.dataset.rdflib_graph()

    def outputs(self) -> dict[str, str | bytes]:
        """Relative path (views are in subfolders: views/county/…) → content of every output file."""
        from .graph import exports as nx_exports
        from .views import render_all

        files = {
            **self.dataset.exports(),
            **nx_exports(self.nx),
            **render_all(self.nx),
            "summary.json": _json(self.stats),
        }
        return files


def _json(obj) -> str:
    import json

    return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def build(paths: str | os.PathLike | Iterable, progress: Callable[[int], None] | None = None,
          private_names: bool = False) -> BuildResult:
    """Build the graph of every report under `paths` (private persons' names masked unless `private_names`)."""
    from . import graph as kgraph
    from .rdf.convert import to_dataset

    t0 = time.perf_counter()
    run = extract(paths, progress=progress, private_names=private_names)
    if not run.extractions:
        failed = f" ({len(run.errors)} file{'s' * (len(run.errors) != 1)} failed)" if run.errors else ""
        raise NoInputError(f"no readable report found{failed}",
                           errors=run.errors)
    ds = to_dataset(run.extractions)
    G = kgraph.to_networkx(run.extractions)
    seconds = time.perf_counter() - t0
    counts = kgraph.summary(G)
    stats = {
        "reports": len(run.extractions),
        "failed": len(run.errors),
        "duplicates": len(run.duplicates),
        "entities": {k: v for k, v in counts.items() if k != "report"},
        "triples": len(ds),
        "most_cited_regulations": kgraph.most_cited_regulations(G),
    }
    return BuildResult(run=run, dataset=ds, nx=G, seconds=seconds, stats=stats)


def load_graph(directory: str | os.PathLike = "output"):
    """The merged graph a build wrote to `directory`, as an rdflib Graph."""
    from rdflib import Graph

    from .rdf.store import graph_file

    g = Graph()
    path = graph_file(directory, "graph.nt")
    g.parse(path, format="nt")
    return g
