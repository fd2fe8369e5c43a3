"""The SPARQL store of a built graph: pyoxigraph, bulk-loaded from the N-Quads shards when `kg build` writes.

`write_store` (the build) makes it; `open_store` (queries) only reads: it opens the on-disk store read-only, or,
for an output folder without one (files written by `BuildResult.outputs()` alone), loads the shards into memory.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from ..errors import Errors, GraphNotFoundError
from . import mint

STORE = "store"
SUMMARY_SHARD = "rdf/summary.nq"
SUMMARY_QUERY = "queries/rollups/citation_summary.rq"
# The listing index, written with the store: the report graphs in the order of the listings (`# paged` canned
# queries), one per line with its report's county and year (tab-separated, empty when unknown). A page of a listing
# finds the graphs of a county or a year here and sorts them by their place, instead of reading each one's county,
# year and report from the store: pyoxigraph decodes a term in about 7 µs, and one year of 100,000 reports has
# 14,000 graphs.
LISTING_ORDER = "rdf/listing-order.txt"


def graph_file(directory: str | os.PathLike, name: str) -> Path:
    """`directory/name`, or a clear error when no build is there."""
    directory = Path(directory)
    path = directory / name
    if not path.is_file():
        where = f"{directory}/" if directory.is_dir() else f"{directory} (no such folder)"
        raise GraphNotFoundError(Errors.E301.format(where=where, directory=directory))
    return path


def dataset_files(directory: str | os.PathLike) -> list[Path]:
    """The N-Quads files of the dataset a build wrote to `directory`: its shards (rdf/*.nq, without the summaries
    the store derives), or graph.nq where there are none; a clear error when no build is there."""
    directory = Path(directory)
    rdf = directory / "rdf"
    shards = sorted(p for p in rdf.glob("*.nq") if p != directory / SUMMARY_SHARD) if rdf.is_dir() else []
    return shards or [graph_file(directory, "graph.nq")]


def _summary_graph() -> ox.NamedNode:
    return ox.NamedNode(str(mint.summary_graph()))


def has_summaries(store: ox.Store) -> bool:
    """True when the store holds the summary graph (`add_summaries` ran on it) and the entities graph (the shape
    of kg 0.3 on: an older store is built again)."""
    graph, entities = _summary_graph(), ox.NamedNode(str(mint.entities_graph()))
    return any(True for _ in store.quads_for_pattern(graph, None, None, graph)) and \
        any(True for _ in store.quads_for_pattern(entities, None, None, None))


def add_summaries(store: ox.Store) -> int:
    """Derive the summary graph from the report graphs and write it into `store` (replacing an older one):
    one kg:CitationSummary per regulation and county (ontology/queries/rollups/citation_summary.rq), so that
    queries about regulations across the whole corpus read summaries, not every report. The summaries restate
    nothing (titles and names are the entities graph's): a query over the union still counts each fact once.
    Returns the number of summaries."""
    from .namespaces import OX
    from .ontology import read_query

    graph = _summary_graph()
    if store.contains_named_graph(graph):
        store.remove_graph(graph)
    quads = [ox.Quad(graph, OX.rdfs.label, ox.Literal("引用汇总", language="zh"), graph)]
    rows = 0
    for row in store.query(read_query(SUMMARY_QUERY), use_default_graph_as_union=True):
        regulation, region = row["regulation"], row["region"]
        node = ox.NamedNode(str(mint.citation_summary(regulation.value, region.value)))
        rows += 1
        quads += [ox.Quad(node, OX.rdf.type, OX.kg.CitationSummary, graph),
                  ox.Quad(node, OX.kg.ofRegulation, regulation, graph),
                  ox.Quad(node, OX.kg.ofRegion, region, graph),
                  ox.Quad(node, OX.kg.reportCount, row["reports"], graph)]
        for key, prop in (("firstYear", OX.kg.firstYear), ("lastYear", OX.kg.lastYear)):
            if row[key] is not None:
                quads.append(ox.Quad(node, prop, row[key], graph))
    store.extend(quads)
    return rows


def report_order(store: ox.Store) -> list[tuple[str, str, str]]:
    """(graph IRI, county IRI, year) of every report graph of `store` ("" where unknown), ordered by the name of
    the report's county, its year and the report's IRI, unbound values first, as SPARQL's ORDER BY ?countyName
    ?year ?report orders them (index scans of the reports, their counties and years; labels from the entities
    graph)."""
    from .namespaces import OX

    reports = [(q.subject, q.graph_name) for q in store.quads_for_pattern(None, OX.rdf.type, OX.kg.Report, None)
               if isinstance(q.graph_name, ox.NamedNode)]
    counties = {(q.subject, q.graph_name): q.object for q in store.quads_for_pattern(None, OX.kg.aboutRegion, None, None)}
    years = {(q.subject, q.graph_name): q.object for q in store.quads_for_pattern(None, OX.kg.year, None, None)}
    entities = ox.NamedNode(str(mint.entities_graph()))
    names = {}
    for county in set(counties.values()):
        label = next((q.object for q in store.quads_for_pattern(county, OX.rdfs.label, None, entities)), None)
        names[county] = label.value if isinstance(label, ox.Literal) else None
    keys = []
    for report, g in reports:
        county, year = counties.get((report, g)), years.get((report, g))
        name = names.get(county)
        keys.append(((name is not None, name or ""), (year is not None, year.value if year is not None else ""),
                     report.value, g.value, county.value if county is not None else ""))
    keys.sort()
    return [(k[3], k[4], k[1][1]) for k in keys]


@dataclass
class ListingIndex:
    """The report graphs in listing order (`report_order`), their places, and the graphs of each county and year
    (what the seeds `county.rq` and `year.rq` find in the store)."""

    order: list[str]
    ranks: dict[str, int]
    graphs: dict[str, dict[str, list[str]]]  # "county" → county IRI → graphs; "year" → year → graphs

    @classmethod
    def of(cls, rows) -> "ListingIndex":
        order, graphs = [], {"county": {}, "year": {}}
        for g, county, year in rows:
            order.append(g)
            if county:
                graphs["county"].setdefault(county, []).append(g)
            if year:
                graphs["year"].setdefault(year, []).append(g)
        return cls(order, {g: i for i, g in enumerate(order)}, graphs)

    @cached_property
    def year_of(self) -> dict[str, str]:
        """Graph → its report's year (the graphs of reports without one are not in it)."""
        return {g: y for y, gs in self.graphs["year"].items() for g in gs}

    def lines(self) -> str:
        county = {g: c for c, gs in self.graphs["county"].items() for g in gs}
        year = self.year_of
        return "".join(f"{g}\t{county.get(g, '')}\t{year.get(g, '')}\n" for g in self.order)

    @classmethod
    def parse(cls, text: str) -> "ListingIndex":
        rows = []
        for line in text.splitlines():
            g, county, year = (line.split("\t") + ["", ""])[:3]
            if "://" in g:  # a graph's IRI (a line that is not one, in a damaged file, is left out)
                rows.append((g, county, year))
        return cls.of(rows)


_INDEXES: dict[int, tuple[ox.Store, ListingIndex]] = {}  # id(store) → (store, its index)
_KEPT = 4


def _remember(store: ox.Store, index: ListingIndex) -> ListingIndex:
    if len(_INDEXES) >= _KEPT:
        _INDEXES.pop(next(iter(_INDEXES)))
    _INDEXES[id(store)] = (store, index)  # the store is held: its id cannot be another's while it is here
    return index


def listing_index(store: ox.Store, make: bool = True) -> ListingIndex | None:
    """The listing index of `store`: read from the build's `LISTING_ORDER` file when `open_store` found one, else
    (with `make`) worked out from the store (`report_order`) once per store; None without `make` when neither."""
    kept = _INDEXES.get(id(store))
    if kept is not None and kept[0] is store:
        return kept[1]
    return _remember(store, ListingIndex.of(report_order(store))) if make else None


def summary_nquads(store: ox.Store) -> bytes:
    """The summary graph of `store` as sorted N-Quads."""
    graph = _summary_graph()
    data = ox.serialize(store.quads_for_pattern(None, None, None, graph), format=ox.RdfFormat.N_QUADS)
    return b"".join(sorted(data.splitlines(keepends=True)))


# pyoxigraph's bulk loader holds up to about 2 GB per thread of what one call loads (1.5 GB for one 280 MB shard):
# loading each file in blocks of whole lines bounds that (0.3 GB at 10,000 reports) for about a quarter more time.
BULK_BLOCK = 32 << 20
# Blocks loaded at once, each by a thread of its own (pyoxigraph loads outside the GIL, and one store takes
# concurrent bulk loads): a block's parse and sort keep one core busy, so two halve the wait on two cores
# (10,000 reports: 38 s → 26 s) for about 0.2 GB more.
LOAD_THREADS = 2


def load(store: ox.Store, files, block: int = BULK_BLOCK, threads: int | None = None) -> ox.Store:
    """Bulk-load N-Quads files into `store`, `block` bytes of whole lines at a time (the shards have no blank
    nodes, whose labels would be a block's own), `threads` blocks at once (default: `LOAD_THREADS`, at most the
    cores), then derive the summaries."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    threads = max(1, threads or min(LOAD_THREADS, os.cpu_count() or 1))
    parts = (part for f in files for part in blocks(f, block))
    lock, failed = threading.Lock(), threading.Event()

    def next_part() -> bytes | None:
        with lock:  # one reader of the files: each thread takes the next block when it is done with its own
            return None if failed.is_set() else next(parts, None)

    def loader() -> None:
        try:
            while (part := next_part()) is not None:
                store.bulk_load(input=part, format=ox.RdfFormat.N_QUADS)
        except BaseException:
            failed.set()  # the other threads stop after their block
            raise

    if threads == 1:
        loader()
    else:
        with ThreadPoolExecutor(threads, thread_name_prefix="kg-store-load") as pool:
            for done in [pool.submit(loader) for _ in range(threads)]:
                done.result()
    add_summaries(store)
    return store


def blocks(path: str | os.PathLike, size: int):
    """The bytes of the file at `path` in pieces of about `size` bytes, each ending at the end of a line (a line
    longer than `size` is one piece)."""
    rest = b""
    with open(path, "rb") as f:
        while block := f.read(size):
            block = rest + block
            cut = block.rfind(b"\n") + 1
            if cut:
                rest = block[cut:]
                yield block[:cut]
            else:
                rest = block
    if rest:
        yield rest


def write_store(dataset, directory: str | os.PathLike) -> Path:
    """Bulk-load `dataset` into an on-disk pyoxigraph store at `directory/store`, replacing the old one only
    once the new one is complete (a build killed meanwhile leaves the old store), and write the summaries as a
    shard too (`rdf/summary.nq`, for other stores to load with the rest), and the order of the listings
    (`LISTING_ORDER`)."""
    from ..io import remove_stale_temp_dirs, write_outputs

    directory = Path(directory)
    remove_stale_temp_dirs(directory, STORE)
    target = directory / STORE
    tmp = directory / f".{STORE}.{os.getpid()}.new.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    store = load(ox.Store(str(tmp)), dataset.files())
    store.flush()
    order = ListingIndex.of(report_order(store)).lines()
    write_outputs(directory, {SUMMARY_SHARD: summary_nquads(store), LISTING_ORDER: order})
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
    return GraphNotFoundError(Errors.E302.format(path=directory / STORE, detail=reason[:200], directory=directory))


def open_store(directory: str | os.PathLike = "output") -> ox.Store:
    """The store of the graph a build wrote to `directory`, for reading: the on-disk store opened read-only, or,
    where there is none, the N-Quads shards (or graph.nq) loaded into memory. Nothing is written."""
    directory = Path(directory)
    if (directory / STORE).is_dir():
        try:
            store = ox.Store.read_only(str(directory / STORE))
            summarised = has_summaries(store)
        except (OSError, RuntimeError) as e:  # RocksDB reports a damaged store as a RuntimeError
            raise damaged_store(directory, e) from None
        if not summarised:
            raise GraphNotFoundError(Errors.E304.format(path=directory / STORE))
        try:
            _remember(store, ListingIndex.parse((directory / LISTING_ORDER).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            pass  # a build before the file: the order is worked out when a listing asks for a page
        return store
    files = dataset_files(directory)
    try:
        return load(ox.Store(), files)
    except (SyntaxError, ValueError, OSError) as e:
        raise GraphNotFoundError(Errors.E303.format(directory=directory, detail=e)) from None
