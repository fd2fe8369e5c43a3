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


STORE = "store"
STORE_AT_BUILD = 2_000_000  # quads: a larger store is bulk-loaded from the shards by the first query instead


def drop_store(directory: str | os.PathLike) -> None:
    """Remove a store left by an earlier build (the next query loads the new shards)."""
    import shutil

    target = Path(directory) / STORE
    if target.is_dir():
        old = Path(directory) / f".{STORE}.{os.getpid()}.old.tmp"
        os.replace(target, old)
        shutil.rmtree(old, ignore_errors=True)


class _Shards:
    """N-Quads files on disk, loadable like a KGDataset."""

    def __init__(self, files):
        self.files = list(files)

    def store(self, path) -> ox.Store:
        store = ox.Store(str(path))
        for f in self.files:
            store.bulk_load(path=str(f), format=ox.RdfFormat.N_QUADS)
        return store


def write_store(dataset, directory: str | os.PathLike) -> Path:
    """Bulk-load `dataset` into an on-disk pyoxigraph store at `directory/store`, replacing the old one only
    once the new one is complete (a build killed meanwhile leaves the old store)."""
    import shutil

    from ..io import remove_stale_temp_dirs

    directory = Path(directory)
    remove_stale_temp_dirs(directory, STORE)
    target = directory / STORE
    tmp = directory / f".{STORE}.{os.getpid()}.new.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    store = dataset.store(tmp)
    store.flush()
    del store
    old = directory / f".{STORE}.{os.getpid()}.old.tmp"
    if target.exists():
        os.replace(target, old)
    os.replace(tmp, target)
    shutil.rmtree(old, ignore_errors=True)
    return target


def open_store(directory: str | os.PathLike = "output", persist_above: int = 200_000_000) -> ox.Store:
    """The store of the dataset a build wrote to `directory`: the on-disk store (read-only) when there is one.
    Else the N-Quads shards are bulk-loaded: into `directory/store` when they are large (more than
    `persist_above` bytes; once, later queries open it), or into memory."""
    directory = Path(directory)
    shards = sorted((directory / "rdf").glob("*.nq")) if (directory / "rdf").is_dir() else []
    if not (directory / STORE).is_dir() and shards and sum(p.stat().st_size for p in shards) > persist_above:
        write_store(_Shards(shards), directory)
    if (directory / STORE).is_dir():
        try:
            return ox.Store.read_only(str(directory / STORE))
        except OSError as e:
            raise GraphNotFoundError(f"{directory / STORE} is not a readable store ({e})") from None
    files = shards or [graph_file(directory, "graph.nq")]
    store = ox.Store()
    for path in files:
        try:
            store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        except (SyntaxError, ValueError, OSError) as e:
            raise GraphNotFoundError(f"{path} is not a readable N-Quads file ({e})") from None
    return store
