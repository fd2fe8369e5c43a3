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
    """What a build made. Nothing is written: `write(outdir)` (or the CLI) does that."""

    run: ExtractionRun
    dataset: object            # rdflib.Dataset, one named graph per report
    graph: object              # rdflib.Graph, the merged graph
    nx: object                 # networkx.MultiDiGraph
    seconds: float = 0.0
    stats: dict = field(default_factory=dict)

    def outputs(self) -> dict[str, str | bytes]:
        """File name → content of every output file."""
        from .views import overview_html

        files = {
            "graph.ttl": self.graph.serialize(format="turtle"),
            "graph.trig": self.dataset.serialize(format="trig"),
            "graph.html": overview_html(self.nx),
            "summary.json": _json(self.stats),
        }
        return files


def _json(obj) -> str:
    import json

    return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def build(paths: str | os.PathLike | Iterable, progress: Callable[[int], None] | None = None) -> BuildResult:
    """Build the graph of every report under `paths`."""
    from . import graph as kgraph
    from .rdf.convert import merged, to_dataset

    t0 = time.perf_counter()
    run = extract(paths, progress=progress)
    if not run.extractions:
        raise NoInputError("no readable report found" + (f" ({len(run.errors)} files failed)" if run.errors else ""))
    ds = to_dataset(run.extractions)
    g = merged(ds)
    G = kgraph.to_networkx(run.extractions)
    seconds = time.perf_counter() - t0
    counts = kgraph.summary(G)
    stats = {
        "reports": len(run.extractions),
        "failed": len(run.errors),
        "duplicates": len(run.duplicates),
        "entities": {k: v for k, v in counts.items() if k != "report"},
        "triples": len(g),
        "most_cited_regulations": kgraph.most_cited_regulations(G),
    }
    return BuildResult(run=run, dataset=ds, graph=g, nx=G, seconds=seconds, stats=stats)


def load_graph(directory: str | os.PathLike = "output"):
    """The merged graph a build wrote to `directory` (rdflib.Graph)."""
    from pathlib import Path

    from rdflib import Graph

    from .errors import GraphNotFoundError

    path = Path(directory) / "graph.ttl"
    if not path.exists():
        raise GraphNotFoundError(f"no graph at {path}: run `kg build` first")
    g = Graph()
    g.parse(path, format="turtle")
    return g
