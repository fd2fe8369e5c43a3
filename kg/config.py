"""How a build runs: limits, workers, cache, engine and privacy, in one object passed explicitly.

Nothing here is a module global that code reads behind the caller's back: `kg.build(paths, config=...)` (or the
keyword arguments it takes) decides, and tests pass a config instead of patching constants.
"""
from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from dataclasses import dataclass, field

# The single-file exports a build can write (`BuildConfig.formats`, `kg build --format`): the RDF of the merged
# graph (ttl, nt, jsonld) or of the dataset with its named graphs (trig, nq), and the networkx graph for Gephi,
# Cytoscape or yEd (graphml, gexf). The N-Quads shards (rdf/), the store, the views and graph.networkx.json are
# written whatever is chosen.
RDF_FORMATS = ("trig", "ttl", "nt", "jsonld", "nq")
GRAPH_FORMATS = ("graphml", "gexf")
FORMATS = RDF_FORMATS + GRAPH_FORMATS
DEFAULT_FORMATS = ("trig",)  # the dataset, named graphs and all, readable and prefixed: what a user needs once
ALL, NONE = "all", "none"


def parse_formats(chosen: str | Iterable[str]) -> tuple[str, ...]:
    """The formats named by `chosen` (a comma list, or several; `all` for every one, `none` for no single-file
    export), in the order of `FORMATS`, each once. KGError (E370, E371) for a name that is not a format, or none."""
    from .errors import Errors, KGError

    items = [chosen] if isinstance(chosen, str) else list(chosen)
    names = [n.strip().lower().lstrip(".") for item in items for n in str(item).split(",")]
    names = [n for n in names if n]
    if not names:
        raise KGError(Errors.E371.format(formats=", ".join(FORMATS)))
    unknown = [n for n in names if n not in FORMATS and n not in (ALL, NONE)]
    if unknown:
        raise KGError(Errors.E370.format(name=unknown[0], formats=", ".join(FORMATS)))
    if NONE in names and len(set(names)) > 1:
        raise KGError(Errors.E372.format(names=", ".join(sorted(set(names) - {NONE}))))
    if ALL in names:
        return FORMATS
    return tuple(f for f in FORMATS if f in names)


@dataclass(frozen=True)
class Limits:
    """What one file may cost. A real report is under 1 MB (about 300,000 characters)."""

    max_bytes: int = 20 * 1024 * 1024   # larger files are refused before they are read
    max_chars: int = 500_000            # texts that convert to more characters are refused before extraction


@dataclass(frozen=True)
class BuildConfig:
    """Settings of one build (or extraction run).

    workers: processes for extraction (None: all cores; batches under `serial_below` files run in this process).
    engine: "auto" (serial or processes, by `workers` and the batch size), "serial", "processes" or "dask"
        (`scheduler`: a Dask scheduler address; default a local cluster).
    cache: a folder of per-file results (None: no cache).
    private_names: keep private persons' names (an explicit opt-in; masked by default).
    keep_extractions: keep every `Extraction` in the result (the CLI does not, so memory stays flat).
    pipeline: a spaCy config file to make the extraction pipeline from (`kg config` prints the default one).
    spool_dir: the folder to spool the N-Quads shards in while the build runs (None: the system's temporary
        folder); `kg build` spools beside its output folder, so that the shards are linked into it, not copied.
    formats: the single-file exports to write (`FORMATS`; a comma list or `all` is read by `parse_formats`):
        by default the dataset as TriG (graph.trig).
    """

    workers: int | None = None
    engine: str = "auto"
    scheduler: str | None = None
    cache: str | os.PathLike | None = None
    private_names: bool = False
    keep_extractions: bool = True
    pipeline: str | None = None
    spool_dir: str | os.PathLike | None = None
    formats: tuple[str, ...] = DEFAULT_FORMATS
    limits: Limits = field(default_factory=Limits)
    serial_below: int = 50              # batches smaller than this run in one process
    figures_up_to: int = 5000           # reports: above, figures stay in the RDF but leave the networkx graph
    shard_quads: int = 2_000_000        # quads per N-Quads shard
    export_quads: int = 2_000_000       # single-file RDF exports (Turtle, JSON-LD …) up to this many quads
    export_nodes: int = 50_000          # GraphML and GEXF up to this many nodes
    background_edges: int = 20_000      # from this size on, GraphML and GEXF are made in a second process
    background_views: int = 1_000_000   # up to this size (edges), the views are rendered in a second process
    view_pages: int = 500               # pages for at most this many counties, bodies and regulations each

    def __post_init__(self):
        object.__setattr__(self, "formats", parse_formats(self.formats))

    def replace(self, **changes) -> "BuildConfig":
        """A copy with `changes` (unknown names are an error)."""
        return dataclasses.replace(self, **changes)

    def extraction_key(self) -> str:
        """What in this config changes a file's extraction (part of the cache key)."""
        key = f"private={int(self.private_names)};max_chars={self.limits.max_chars}"
        if self.pipeline:
            import hashlib
            from pathlib import Path

            key += ";pipeline=" + hashlib.sha256(Path(self.pipeline).read_bytes()).hexdigest()
        return key


DEFAULT = BuildConfig()
