"""`KGDataset`: the RDF of a build, spooled to disk as N-Quads while reports arrive, with every export and a store.

Each report's named graph comes in as sorted N-Quads bytes (made where the report was extracted); the dataset
writes them, in the order the reports were found, to shards of at most `shard_quads` quads. The lines every
report may repeat come apart: those of the entities graph (`kgid:graph/entities`, the shared entities described
once) are de-duplicated as they arrive — the first of each is spooled to disk, and a set of 16-byte digests
remembers what was seen — and sorted on disk when the dataset closes (sorted runs, merged), so that memory grows
with the number of distinct entity statements, not with the reports; the default graph holds one provenance line
per report. The single-file exports a build asks for (`BuildConfig.formats`: TriG of the dataset by default; Turtle,
N-Triples, JSON-LD of the merged graph and N-Quads of the dataset on request) are made from the shards, so the same
input gives byte-identical files: the dataset formats stream from the shards to a file in the spool, the merged
graph is de-duplicated and sorted in memory. Above a limit (`BuildConfig.export_quads`) only the shards and the
store are written (standard SPARQL stores bulk-load the shards). rdflib objects are made on demand.
"""
from __future__ import annotations

import hashlib
import heapq
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..config import DEFAULT, RDF_FORMATS
from ..io import remove_scratch, scratch_dir
from .convert import ENTITIES, dataset_nquads
from .namespaces import DATA_PREFIXES, bind_all

ENTITIES_TAIL = f" {ENTITIES} .\n".encode("utf-8")
SORT_RUN_BYTES = 64 << 20  # entity lines sorted in memory at a time; more are sorted in runs and merged


@dataclass(frozen=True)
class Export:
    """One export file: the name of its format (`kg build --format`), its file name, RDF format, and whether it
    holds the merged graph or the named graphs."""

    name: str
    filename: str
    format: ox.RdfFormat
    merged: bool


EXPORTS = (
    Export("trig", "graph.trig", ox.RdfFormat.TRIG, False),
    Export("ttl", "graph.ttl", ox.RdfFormat.TURTLE, True),
    Export("nt", "graph.nt", ox.RdfFormat.N_TRIPLES, True),
    Export("jsonld", "graph.jsonld", ox.RdfFormat.JSON_LD, True),
    Export("nq", "graph.nq", ox.RdfFormat.N_QUADS, False),
)
assert tuple(e.name for e in EXPORTS) == RDF_FORMATS
MERGED = frozenset(e.name for e in EXPORTS if e.merged)  # the formats that need the merged graph made


class KGDataset:
    """Every report's statements in its own named graph (spooled N-Quads shards), and the merged graph."""

    def __init__(self, directory: str | Path | None = None, shard_quads: int = DEFAULT.shard_quads):
        if directory is None:
            directory = scratch_dir("kg-rdf")  # removed with the dataset, or by kg.io's watcher if killed
            self._cleanup = weakref.finalize(self, remove_scratch, directory)
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.shard_quads = shard_quads
        self.shards: list[Path] = []
        self.quad_count = 0
        self.reports = 0
        self._fh = None
        self._in_shard = 0
        self._default: set[bytes] = set()
        self._seen: set[bytes] = set()      # digests of the entity lines spooled
        self.entity_quads = 0
        self._entities = open(self.directory / "entities.spool", "wb")
        self._cache: dict[str, object] = {}
        self._share(dataset_nquads())

    # building -------------------------------------------------------------------------------------

    def add(self, named: bytes, shared: bytes = b"") -> None:
        """Append one report: its named graph, and its lines in the entities graph and the default graph (N-Quads
        bytes, as `kg.rdf.convert.report_nquads` gives them)."""
        n = named.count(b"\n")
        if self._fh is None or (self._in_shard and self._in_shard + n > self.shard_quads):
            self._next_shard()
        self._fh.write(named)
        self._in_shard += n
        self.quad_count += n
        self.reports += 1
        if shared:
            self._share(shared)
        self._cache.clear()

    def _share(self, shared: bytes) -> None:
        """Keep the lines of the entities graph not seen before, and the default-graph lines."""
        seen, spool, blake2b = self._seen, self._entities, hashlib.blake2b
        for line in shared.splitlines(keepends=True):
            if line.endswith(ENTITIES_TAIL):
                digest = blake2b(line, digest_size=16).digest()
                if digest not in seen:
                    seen.add(digest)
                    spool.write(line)
                    self.entity_quads += 1
                    self.quad_count += 1
            else:
                self._default.add(line)

    def _next_shard(self) -> None:
        if self._fh is not None:
            self._fh.close()
        path = self.directory / f"graphs-{len(self.shards):05d}.nq"
        self.shards.append(path)
        self._fh = open(path, "wb")
        self._in_shard = 0

    def close(self) -> "KGDataset":
        """Finish writing: the entities graph sorted into `entities.nq`, the default graph into `default.nq`; the
        dataset is then read-only."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        if self._entities is not None:
            self._entities.close()
            self._entities = None
            spool = self.directory / "entities.spool"
            sort_lines(spool, self.directory / "entities.nq", self.directory)
            spool.unlink()
            self._seen = set()
            self.quad_count += len(self._default)  # the default graph's lines, known once every report is in
        (self.directory / "default.nq").write_bytes(self.default_nquads())
        return self

    # reading --------------------------------------------------------------------------------------

    def default_nquads(self) -> bytes:
        return b"".join(sorted(self._default))

    def files(self) -> list[Path]:
        """The N-Quads files of the dataset: the default graph, the entities graph, then the report graphs in
        shards."""
        return [self.directory / "default.nq", self.directory / "entities.nq", *self.shards]

    def iter_nquads(self, chunk: int = 1 << 20) -> Iterator[bytes]:
        """The whole dataset as N-Quads, in pieces."""
        yield self.default_nquads()
        for shard in self.files()[1:]:
            with open(shard, "rb") as fh:
                while piece := fh.read(chunk):
                    yield piece

    def nquads(self) -> bytes:
        return b"".join(self.iter_nquads())

    def iter_quads(self) -> Iterator[ox.Quad]:
        """Every quad, parsed from the files one at a time (the default graph, the entities, the shards)."""
        return iter_quads(self.files())

    def ntriples(self) -> bytes:
        """The merged graph as sorted N-Triples: every statement once, whichever reports made it."""
        if "nt" not in self._cache:
            self._cache["nt"] = merged_ntriples(self.files())
        return self._cache["nt"]

    @property
    def quads(self) -> list[ox.Quad]:
        """Every quad, parsed (for the API and tests; large datasets are better read from the store)."""
        return list(self.iter_quads())

    @property
    def triples(self) -> list[ox.Triple]:
        """The merged graph, parsed."""
        return [q.triple for q in ox.parse(self.ntriples(), format=ox.RdfFormat.N_TRIPLES)]

    def __len__(self) -> int:
        """The number of statements in the merged graph."""
        return self.ntriples().count(b"\n")

    def graph_names(self) -> list[str]:
        return sorted({q.graph_name.value for q in self.quads if not isinstance(q.graph_name, ox.DefaultGraph)})

    def serialize(self, format: ox.RdfFormat, merged: bool | None = None) -> bytes:
        """The dataset (quad formats) or the merged graph (triple formats) in `format`."""
        if merged is None:
            merged = not format.supports_datasets
        if merged:
            data = self.ntriples()
            if format == ox.RdfFormat.N_TRIPLES:
                return data
            return ox.serialize(ox.parse(data, format=ox.RdfFormat.N_TRIPLES), format=format, prefixes=DATA_PREFIXES)
        if format == ox.RdfFormat.N_QUADS:
            return self.nquads()
        return ox.serialize(self.iter_quads(), format=format, prefixes=DATA_PREFIXES)

    def exports(self, limit: int = DEFAULT.export_quads, formats=DEFAULT.formats) -> dict[str, bytes | Path]:
        """File name → content of the single-file exports among `formats` (names of `EXPORTS`), or nothing above
        `limit` quads. The dataset formats are streamed from the shards to a file in the spool (a `Path`), the
        merged graph's are made in memory."""
        if self.quad_count > limit:
            return {}
        files: dict[str, bytes | Path] = {}
        for e in EXPORTS:
            if e.name not in formats:
                continue
            if e.merged:
                files[e.filename] = self.serialize(e.format, merged=True)
                continue
            if e.name not in self._cache:
                self._cache[e.name] = self._export_file(e)
            files[e.filename] = self._cache[e.name]
        return files

    def _export_file(self, export: Export) -> Path:
        """Write the dataset in `export`'s format to the spool: to a new file renamed into place, so that a copy
        already linked into an output folder keeps its content."""
        path = self.directory / "exports" / export.filename
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        if export.format == ox.RdfFormat.N_QUADS:
            concatenate(self.files(), tmp)
        else:
            ox.serialize(self.iter_quads(), str(tmp), format=export.format, prefixes=DATA_PREFIXES)
        tmp.replace(path)
        return path

    def shard_outputs(self) -> dict[str, Path]:
        """Output name → file of the N-Quads shards (rdf/default.nq, rdf/entities.nq, rdf/graphs-00000.nq, …)."""
        return {f"rdf/{p.name}": p for p in self.files()}

    def store(self, path: str | Path | None = None) -> ox.Store:
        """A pyoxigraph store of the dataset (named graph per report kept, and the summary graph the store derives
        from them: `kg.rdf.store.add_summaries`): in memory, or on disk at `path`."""
        from .store import load

        return load(ox.Store(str(path)) if path is not None else ox.Store(), self.files())

    def rdflib_dataset(self):
        """The dataset as an rdflib Dataset (one named graph per report)."""
        from rdflib import Dataset

        ds = Dataset()
        bind_all(ds)
        ds.parse(data=self.nquads(), format="nquads")
        return ds

    def rdflib_graph(self):
        """The merged graph as an rdflib Graph."""
        from rdflib import Graph

        g = Graph()
        bind_all(g)
        g.parse(data=self.ntriples(), format="nt")
        return g


def iter_quads(files) -> Iterator[ox.Quad]:
    """The quads of N-Quads `files`, one file at a time."""
    for f in files:
        yield from ox.parse(path=str(f), format=ox.RdfFormat.N_QUADS)


def triple_lines(path: str | Path) -> set[bytes]:
    """The statements of the N-Quads file `path`, whatever graph held them, as N-Triples lines (SyntaxError for
    bytes that are not N-Quads)."""
    quads = ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)
    return set(ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True))


def merged_ntriples(files) -> bytes:
    """The merged graph of the N-Quads `files` as sorted N-Triples: every triple once, whatever graph held it."""
    lines: set[bytes] = set()
    for f in files:
        lines |= triple_lines(f)
    return b"".join(sorted(lines))


def concatenate(files, target: Path) -> None:
    """Write the bytes of `files`, one after the other, to `target`."""
    import shutil

    with open(target, "wb") as out:
        for f in files:
            with open(f, "rb") as fh:
                shutil.copyfileobj(fh, out, 1 << 20)


def sort_lines(source: Path, target: Path, scratch: Path, run_bytes: int = SORT_RUN_BYTES) -> None:
    """Write the lines of `source` to `target` in byte order, holding at most about `run_bytes` of them in memory:
    sorted runs written to `scratch`, then merged."""
    runs: list[Path] = []
    batch: list[bytes] = []
    size = 0

    def spill() -> None:
        run = scratch / f"entities.run{len(runs):04d}"
        with open(run, "wb") as fh:
            fh.writelines(sorted(batch))
        runs.append(run)

    with open(source, "rb") as fh:
        for line in fh:
            batch.append(line)
            size += len(line)
            if size >= run_bytes:
                spill()
                batch, size = [], 0
    if not runs:
        target.write_bytes(b"".join(sorted(batch)))
        return
    if batch:
        spill()
    handles = [open(run, "rb") for run in runs]
    try:
        with open(target, "wb") as out:
            out.writelines(heapq.merge(*handles))
    finally:
        for fh in handles:
            fh.close()
        for run in runs:
            run.unlink(missing_ok=True)
