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


SUMMARY_QUERY = "queries/rollups/citation_summary.rq"


def has_summaries(store: ox.Store) -> bool:
    """True when the store holds the summary graph (`add_summaries` ran on it)."""
    from . import mint

    graph = ox.NamedNode(str(mint.summary_graph()))
    return any(True for _ in store.quads_for_pattern(graph, None, None, graph))


def add_summaries(store: ox.Store) -> int:
    """Derive the summary graph from the report graphs and write it into `store` (replacing an older one):
    one kg:CitationSummary per regulation and county (ontology/queries/rollups/citation_summary.rq) with the
    regulation's title and the county's name, so that queries about regulations across the whole corpus read
    summaries, not every report. Returns the number of summaries."""
    from . import mint
    from .namespaces import T
    from .ontology import read

    graph = ox.NamedNode(str(mint.summary_graph()))
    if store.contains_named_graph(graph):
        store.remove_graph(graph)
    quads = [ox.Quad(graph, T.rdfs.label, ox.Literal("引用汇总", language="zh"), graph)]
    rows = 0
    for row in store.query(read(SUMMARY_QUERY), use_default_graph_as_union=True):
        regulation, region = row["regulation"], row["region"]
        node = ox.NamedNode(str(mint.citation_summary(regulation.value, region.value)))
        rows += 1
        quads += [ox.Quad(node, T.rdf.type, T.kg.CitationSummary, graph),
                  ox.Quad(node, T.kg.ofRegulation, regulation, graph),
                  ox.Quad(node, T.kg.ofRegion, region, graph),
                  ox.Quad(node, T.kg.reportCount, row["reports"], graph),
                  ox.Quad(regulation, T.eli.title, row["title"], graph),
                  ox.Quad(region, T.rdfs.label, row["county"], graph)]
        for key, prop in (("firstYear", T.kg.firstYear), ("lastYear", T.kg.lastYear)):
            if row[key] is not None:
                quads.append(ox.Quad(node, prop, row[key], graph))
    store.extend(quads)
    return rows


SUMMARY_SHARD = "rdf/summary.nq"


def summary_nquads(store: ox.Store) -> bytes:
    """The summary graph of `store` as sorted N-Quads."""
    from . import mint

    graph = ox.NamedNode(str(mint.summary_graph()))
    data = ox.serialize(store.quads_for_pattern(None, None, None, graph), format=ox.RdfFormat.N_QUADS)
    return b"".join(sorted(data.splitlines(keepends=True)))


def _load(store: ox.Store, files) -> ox.Store:
    """Bulk-load N-Quads files into `store`, then add the summaries."""
    for f in files:
        store.bulk_load(path=str(f), format=ox.RdfFormat.N_QUADS)
    add_summaries(store)
    return store


class _Shards:
    """N-Quads files on disk, loadable like a KGDataset."""

    def __init__(self, files):
        self.files = list(files)

    def store(self, path) -> ox.Store:
        return _load(ox.Store(str(path)), self.files)


def write_store(dataset, directory: str | os.PathLike) -> Path:
    """Bulk-load `dataset` into an on-disk pyoxigraph store at `directory/store`, replacing the old one only
    once the new one is complete (a build killed meanwhile leaves the old store)."""
    import shutil

    from ..io import remove_stale_temp_dirs, write_outputs

    directory = Path(directory)
    remove_stale_temp_dirs(directory, STORE)
    target = directory / STORE
    tmp = directory / f".{STORE}.{os.getpid()}.new.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    store = dataset.store(tmp)
    store.flush()
    if (directory / "rdf").is_dir():  # the summaries as a shard too, for other stores to load with the rest
        write_outputs(directory, {SUMMARY_SHARD: summary_nquads(store)})
    del store
    old = directory / f".{STORE}.{os.getpid()}.old.tmp"
    if target.exists():
        os.replace(target, old)
    os.replace(tmp, target)
    shutil.rmtree(old, ignore_errors=True)
    return target


def damaged_store(directory: str | os.PathLike, exc: BaseException) -> GraphNotFoundError:
    """The error of a store that cannot be read (files missing or garbled): what went wrong and how to mend it."""
    directory = Path(directory)
    reason = " ".join(str(exc).split()) or exc.__class__.__name__
    remedy = f"rebuild the graph with `kg build REPORTS -o {directory}`"
    if (directory / "rdf").is_dir():
        remedy += f", or remove {directory / STORE} for the next query to load it again from {directory / 'rdf'}"
    return GraphNotFoundError(f"the store in {directory / STORE} is damaged ({reason[:200]}): {remedy}")


def open_store(directory: str | os.PathLike = "output", persist_above: int = 200_000_000) -> ox.Store:
    """The store of the dataset a build wrote to `directory`: the on-disk store (read-only) when there is one.
    Else the N-Quads shards are bulk-loaded: into `directory/store` when they are large (more than
    `persist_above` bytes; once, later queries open it), or into memory."""
    directory = Path(directory)
    # the report shards; the summaries are derived again whenever a store is loaded
    shards = sorted(p for p in (directory / "rdf").glob("*.nq") if p != directory / SUMMARY_SHARD) \
        if (directory / "rdf").is_dir() else []
    if not (directory / STORE).is_dir() and shards and sum(p.stat().st_size for p in shards) > persist_above:
        write_store(_Shards(shards), directory)
    if (directory / STORE).is_dir():
        try:
            store = ox.Store.read_only(str(directory / STORE))
            summarised = has_summaries(store)
        except (OSError, RuntimeError) as e:  # RocksDB reports a damaged store as a RuntimeError
            raise damaged_store(directory, e) from None
        if summarised or not shards:
            return store
        del store  # a store from an older kg, without summaries: made again from the shards
        write_store(_Shards(shards), directory)
        return ox.Store.read_only(str(directory / STORE))
    files = shards or [graph_file(directory, "graph.nq")]
    try:
        return _load(ox.Store(), files)
    except (SyntaxError, ValueError, OSError) as e:
        raise GraphNotFoundError(f"{directory} holds no readable N-Quads ({e})") from None
