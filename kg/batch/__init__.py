"""Running kg over files: tasks (`task`), where they run (`engines`), the fold of their results (`collect`) and what
a build writes (`output`).

    files → engine.map(task) → results → Collector → (kg.extract) Extractions
                                                   → (kg.build) KGDataset (RDF) + networkx graph → BuildResult
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..config import DEFAULT, BuildConfig
from ..errors import Errors, IngestError, KGError, NoInputError
from . import heap
from .collect import Collector, Duplicate, ExtractionRun, fold
from .engines import ENGINES, engine_for, register
from .task import BUILD, EXTRACT, Result, Task

__all__ = ["BuildResult", "build", "iter_results", "iter_extractions", "ExtractionRun", "Duplicate", "ENGINES",
           "register", "Task", "Result"]


def _discover(paths: Iterable) -> tuple[list[Path], list[IngestError]]:
    from ..ingest import discover

    files, errors = [], []
    for item in discover(paths):
        (errors if isinstance(item, IngestError) else files).append(item)
    return files, errors


def iter_results(paths: Iterable, config: BuildConfig, products: tuple[str, ...], collector: Collector
                 ) -> Iterator[Result | IngestError | Duplicate]:
    """Every file under `paths` processed by the engine `config` names, folded into `collector`, in file order:
    an IngestError for each file that could not be found or read, a Duplicate for each report already seen, the
    Result of each new report."""
    return run_files(*_discover(paths), config, products, collector)


def run_files(files: list[Path], errors: list[IngestError], config: BuildConfig, products: tuple[str, ...],
              collector: Collector) -> Iterator[Result | IngestError | Duplicate]:
    """`iter_results` of files already found (`errors`: what finding them gave)."""
    for e in errors:
        collector.add(e)
        yield e
    if files:
        engine = engine_for(config, len(files))
        yield from fold(engine.map(Task(config, products), files), collector)


def iter_extractions(paths: Iterable, config: BuildConfig = DEFAULT) -> Iterator:
    """Extractions one report at a time (streaming), in the order the files are found: an `IngestError` in place
    of each file that could not be read or extracted, a `Duplicate` for each report already seen."""
    config = config.replace(keep_extractions=True)
    for item in iter_results(paths, config, EXTRACT, Collector()):
        yield item.extraction if isinstance(item, Result) else item


@dataclass
class BuildResult:
    """What a build made. Nothing is written: the caller writes `outputs()` (or calls `write(directory)`)."""

    run: ExtractionRun
    dataset: object            # kg.rdf.dataset.KGDataset: one named graph per report, and the merged graph
    nx: object                 # networkx.MultiDiGraph, nodes keyed by IRI
    config: BuildConfig = DEFAULT
    seconds: float = 0.0
    stats: dict = field(default_factory=dict)
    report_files: object = None  # kg.serve.reports.ReportFiles: reports/<id>.json, spooled on disk
    cache_keys: frozenset[str] = frozenset()  # the cache entries this build read or wrote (an output keeps these)
    release: Callable[[], object] | None = field(default=None, repr=False)  # removes the spooled shards

    @property
    def graph(self):
        """The merged graph as an rdflib Graph (made on demand)."""
        return self.dataset.rdflib_graph()

    def outputs(self, **kwargs) -> dict:
        """Relative path → content of every output file (see `kg.build.output.outputs`)."""
        from .output import outputs

        return outputs(self, **kwargs)

    def write(self, directory: str | os.PathLike) -> list[Path]:
        """Replace `directory` by a folder of every output and the SPARQL store, in one step (see
        `kg.batch.output.write`)."""
        from .output import write

        return write(self, directory)

    def close(self) -> None:
        """Remove the N-Quads shards spooled during the build now (else when this result is garbage-collected, or
        at exit); the dataset cannot be read afterwards. Written outputs keep their own links to them."""
        if self.release is not None:
            self.release()


def build(paths: Iterable, config: BuildConfig = DEFAULT, progress: Callable[[int], None] | None = None
          ) -> BuildResult:
    """Build the graph of every report under `paths` (see `kg.build` in the package API for the settings)."""
    import networkx as nx

    from .. import graph as kgraph
    from ..rdf.dataset import KGDataset
    from ..serve.reports import ReportFiles

    t0 = time.perf_counter()
    collector = Collector()
    ds, release = _dataset(config, KGDataset)
    try:
        G = nx.MultiDiGraph()
        texts = ReportFiles(ds.directory / "reports")  # in the build's spool: removed with it
        files, errors = _discover(paths)
        figures = len(files) <= config.figures_up_to
        with heap.growing() as survived:
            for item in run_files(files, errors, config, BUILD, collector):
                if progress:
                    progress(1)
                if isinstance(item, Result):
                    ds.add(item.named, item.default)
                    texts.add(item.report_id, item.report_file)
                    kgraph.apply(G, kgraph.Fragment(item.fragment), figures=figures)
                    survived()
        ds.close()
    except BaseException:  # Ctrl-C, an error: the spool goes now, not when the traceback lets go of it
        release()
        raise
    run = collector.run
    if not collector.reports:
        message = Errors.E207.format(count=len(run.errors)) if run.errors else Errors.E201
        raise NoInputError(message, errors=run.errors)
    counts = kgraph.summary(G)
    stats = {
        "reports": collector.reports,
        "processed": collector.reports - collector.cached,
        "cached": collector.cached,
        "failed": len(run.errors),
        "duplicates": len(run.duplicates),
        "entities": {k: v for k, v in counts.items() if k != "report"},
        "quads": ds.quad_count,
        "triples": _merged_triples(ds, config),
        "figures_in_networkx": figures,
        "most_cited_regulations": kgraph.most_cited_regulations(G),
        "private_names_masked": {"names": collector.masked, "reports": collector.masked_reports},
    }
    return BuildResult(run=run, dataset=ds, nx=G, config=config, seconds=time.perf_counter() - t0, stats=stats,
                       report_files=texts, cache_keys=frozenset(collector.cache_keys), release=release)


def _merged_triples(ds, config: BuildConfig) -> int | None:
    """The number of statements in the merged graph, where a merged export (Turtle, N-Triples, JSON-LD) is asked
    for and made anyway; None otherwise (the shards are not parsed again just to count them: `quads` counts the
    dataset as it was written)."""
    from ..rdf.dataset import MERGED

    if MERGED.isdisjoint(config.formats) or ds.quad_count > config.export_quads:
        return None
    return len(ds)


def _dataset(config: BuildConfig, make):
    """The build's KGDataset, spooled in `config.spool_dir` (None: the system's temporary folder), and the
    function that removes the spool: called by `BuildResult.close`, when the dataset is garbage-collected, at exit,
    or (this process killed) by the watcher of kg.io."""
    import weakref

    from ..io import remove_scratch, scratch_dir

    try:
        spool = scratch_dir("kg-rdf", config.spool_dir)
    except OSError as exc:
        raise KGError(Errors.E205.format(output=config.spool_dir, reason=exc.strerror or exc)) from None
    try:
        ds = make(spool, shard_quads=config.shard_quads)
        return ds, weakref.finalize(ds, remove_scratch, spool)
    except BaseException:
        remove_scratch(spool)
        raise
