"""How a build runs: limits, workers, cache, engine and privacy, in one object passed explicitly.

Nothing here is a module global that code reads behind the caller's back: `kg.build(paths, config=...)` (or the
keyword arguments it takes) decides, and tests pass a config instead of patching constants.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field


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
    """

    workers: int | None = None
    engine: str = "auto"
    scheduler: str | None = None
    cache: str | os.PathLike | None = None
    private_names: bool = False
    keep_extractions: bool = True
    pipeline: str | None = None
    spool_dir: str | os.PathLike | None = None
    limits: Limits = field(default_factory=Limits)
    serial_below: int = 50              # batches smaller than this run in one process
    figures_up_to: int = 5000           # reports: above, figures stay in the RDF but leave the networkx graph
    shard_quads: int = 2_000_000        # quads per N-Quads shard
    export_quads: int = 2_000_000       # single-file RDF exports (Turtle, JSON-LD …) up to this many quads
    export_nodes: int = 50_000          # GraphML and GEXF up to this many nodes
    background_edges: int = 20_000      # networkx graphs from this size on are exported in a second process
    view_pages: int = 500               # pages for at most this many counties, bodies and regulations each

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
