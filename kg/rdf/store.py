"""The SPARQL store of a built graph: pyoxigraph, loaded from the N-Quads `kg build` wrote."""
from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox

from ..errors import GraphNotFoundError


def graph_file(directory: str | os.PathLike, name: str) -> Path:
    """`directory/name`, or a clear error when no build is there."""
    directory = Path(directory)
    path = directory / name
    if not path.is_file():
        where = f"{directory}/" if directory.is_dir() else f"{directory} (no such folder)"
        raise GraphNotFoundError(f"no graph in {where}: run `kg build -o {directory}` first")
    return path


def open_store(directory: str | os.PathLike = "output") -> ox.Store:
    """An in-memory store of the dataset a build wrote to `directory` (named graph per report kept)."""
    path = graph_file(directory, "graph.nq")
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    except (SyntaxError, ValueError, OSError) as e:
        raise GraphNotFoundError(f"{path} is not a readable N-Quads file ({e})") from None
    return store
