"""`kg.build`: reports → extraction → one merged graph (RDF and networkx) and its views.

One file is one task (`process_file`): read, extract, convert to N-Quads and a networkx fragment. Tasks run in
this process, in a pool of worker processes (`workers`), or on a Dask cluster (`engine="dask"`); results come
back in the order the files were found, so every engine gives the same output. A cache keyed by the file's
name and bytes, the pipeline version and the privacy setting lets a re-run process only new or changed files.
The RDF streams to N-Quads shards on disk (`KGDataset`); memory holds the networkx graph and little else.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .api import Duplicate, ExtractionRun
from .errors import IngestError, NoInputError, describe
from .model import Extraction

RUN_ONLY = ("processed", "cached")  # stats of how a build ran, not of what it built: not in summary.json
SERIAL_BELOW = 50
FIGURES_UP_TO = 5000  # reports: above, figures stay in the RDF (and SPARQL) but not in the networkx graph  # batches smaller than this run in one process: starting workers costs more than it saves
ENGINES = ("local", "dask")


@dataclass
class ReportResult:
    """What processing one file gives: small and picklable (it crosses process boundaries and goes in the cache)."""

    path: str
    error: str | None = None
    report_id: str | None = None
    named: bytes = b""            # the report's named graph, sorted N-Quads
    default: bytes = b""          # its default-graph lines (provenance)
    fragment: object = None       # kg.graph.Fragment
    extraction: Extraction | None = None
    cached: bool = False


@dataclass(frozen=True)
class Task:
    """How to process files (the same for every file of a build)."""

    private_names: bool = False
    cache_dir: str | None = None
    keep_extraction: bool = False

    def __call__(self, path) -> ReportResult:
        return process_file(str(path), self)


def _cache_key(path: str, private_names: bool) -> str | None:
    from .ingest import MAX_BYTES
    from .nlp.pipeline import PIPELINE_VERSION

    try:
        p = Path(path)
        if not p.is_file() or p.stat().st_size > MAX_BYTES:
            return None
        data = p.read_bytes()
    except OSError:
        return None
    h = hashlib.sha256(f"{PIPELINE_VERSION}\x1f{int(private_names)}\x1f{p.name}\x1f".encode("utf-8", "surrogateescape"))
    h.update(data)
    return h.hexdigest()


def _cache_file(cache_dir: str, key: str) -> Path:
    return Path(cache_dir) / key[:2] / f"{key}.pickle"


def _cache_get(cache_dir: str, key: str) -> ReportResult | None:
    try:
        with open(_cache_file(cache_dir, key), "rb") as fh:
            return pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
        return None


def _cache_put(cache_dir: str, key: str, result: ReportResult) -> None:
    target = _cache_file(cache_dir, key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
    except OSError:
        pass  # a cache that cannot be written only costs time


def process_file(path: str, task: Task = Task()) -> ReportResult:
    """Read, extract and convert one file (the unit of work of every engine)."""
    from .api import extract_or_error
    from .graph import fragment
    from .ingest import read_report
    from .rdf.convert import report_nquads

    key = _cache_key(path, task.private_names) if task.cache_dir else None
    if key is not None and not task.keep_extraction:
        hit = _cache_get(task.cache_dir, key)
        if hit is not None:
            hit.path, hit.cached = path, True
            return hit
    try:
        report = read_report(path)
    except IngestError as exc:
        return ReportResult(path, error=exc.reason)
    ex = extract_or_error(report, private_names=task.private_names)
    if isinstance(ex, IngestError):
        return ReportResult(path, error=ex.reason)
    try:
        named, default = report_nquads(ex)
        result = ReportResult(path, report_id=report.id, named=named, default=default, fragment=fragment(ex))
    except Exception as exc:  # a report the converter cannot take costs only itself
        return ReportResult(path, error=f"conversion failed ({describe(exc)})")
    if key is not None:
        _cache_put(task.cache_dir, key, result)
    if task.keep_extraction:
        result.extraction = ex
    return result


def _init_worker() -> None:
    from .api import _nlp

    _nlp()


def run_tasks(files: list, task: Task, workers: int | None = None, engine: str = "local",
              scheduler: str | None = None) -> Iterator[ReportResult]:
    """`task` over `files`, results in the order of `files`, on the chosen engine. `workers=None` means all
    cores, except that batches under SERIAL_BELOW files run in this process."""
    if workers is None:
        workers = 1 if len(files) < SERIAL_BELOW else (os.cpu_count() or 1)
    if engine == "dask":
        yield from _run_dask(files, task, workers, scheduler)
    elif workers <= 1:
        for f in files:
            yield task(f)
    else:
        yield from _run_processes(files, task, workers)


def _run_chunk(task: Task, paths: list[str]) -> list[ReportResult]:
    return [task(p) for p in paths]


def _run_processes(files: list, task: Task, workers: int) -> Iterator[ReportResult]:
    """A pool of `workers` processes fed chunks of files, a few chunks ahead of the one being yielded: the
    workers never wait for the parent, and results stay few in memory."""
    import multiprocessing as mp
    import warnings
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    size = max(1, min(16, len(files) // (workers * 8)))
    chunks = [[str(f) for f in files[i:i + size]] for i in range(0, len(files), size)]
    ahead = workers * 4
    done = 0
    try:
        # spawn, not fork: the parent may hold threads (progress bars) and their locks
        with ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn"), initializer=_init_worker) as pool:
            pending = deque(pool.submit(_run_chunk, task, c) for c in chunks[:ahead])
            following = iter(chunks[ahead:])
            while pending:
                results = pending.popleft().result()
                nxt = next(following, None)
                if nxt is not None:
                    pending.append(pool.submit(_run_chunk, task, nxt))
                for result in results:
                    done += 1
                    yield result
    except BrokenProcessPool:
        # workers that die on start: typically a script that calls kg.build without `if __name__ == "__main__":`
        warnings.warn("worker processes could not start (does the calling script guard its code with "
                      "`if __name__ == '__main__':`?); going on in this process", RuntimeWarning, stacklevel=2)
        for f in files[done:]:
            yield task(f)


def _run_dask(files: list, task: Task, workers: int, scheduler: str | None) -> Iterator[ReportResult]:
    """The same tasks on Dask: a local cluster of `workers` processes, or the scheduler at `scheduler`."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - depends on the install
        from .errors import KGError

        raise KGError("the dask engine needs dask.distributed: pip install 'kg[dask]'") from None
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        batch = max(64, 32 * max(1, workers))
        for i in range(0, len(files), batch):  # bounded memory: one batch of results at a time
            futures = client.map(task, [str(f) for f in files[i:i + batch]], pure=False)
            for fut in futures:
                yield fut.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


@dataclass
class BuildResult:
    """What a build made. Nothing is written: the caller writes `outputs()` (or calls `write(directory)`)."""

    run: ExtractionRun
    dataset: object            # kg.rdf.dataset.KGDataset: one named graph per report, and the merged graph
    nx: object                 # networkx.MultiDiGraph
    seconds: float = 0.0
    stats: dict = field(default_factory=dict)

    @property
    def graph(self):
        """The merged graph as an rdflib Graph (made on demand)."""
        return self.dataset.rdflib_graph()

    def outputs(self, *, networkx_exports: Callable[[], dict[str, bytes]] | None = None) -> dict[str, str | bytes | Path]:
        """Relative path (views are in subfolders: views/county/…) → content of every output file (a `Path`
        for the N-Quads shards, which are already on disk). `networkx_exports`: where the GraphML and GEXF come
        from (default: made here, after the views)."""
        from .graph import exports as nx_exports
        from .views import render_all

        files = {**self.dataset.exports(), **self.dataset.shard_outputs(), **render_all(self.nx)}
        files.update(networkx_exports() if networkx_exports is not None else nx_exports(self.nx))
        files["summary.json"] = _json({k: v for k, v in self.stats.items() if k not in RUN_ONLY})
        return files

    def write(self, directory: str | os.PathLike) -> list[Path]:
        """Write every output and the SPARQL store (`directory/store`) to `directory`. On a large graph the
        GraphML and GEXF are made in a second process while this one renders the views."""
        from .graph import exports as nx_exports
        from .io import write_outputs
        from .rdf.store import STORE_AT_BUILD, SUMMARY_SHARD, drop_store, write_store

        exports = in_background(nx_exports, self.nx) if self.nx.number_of_edges() >= BACKGROUND_EDGES else None
        written = write_outputs(directory, self.outputs(networkx_exports=exports))
        # shards an earlier, larger build left would be loaded with this build's; its summaries too, unless the
        # store written now replaces them
        at_build = self.dataset.quad_count <= STORE_AT_BUILD
        keep = set(written) | ({Path(directory) / SUMMARY_SHARD} if at_build else set())
        for stale in set(Path(directory).glob("rdf/*.nq")) - keep:
            stale.unlink(missing_ok=True)
        write_store(self.dataset, directory) if at_build else drop_store(directory)
        return written


BACKGROUND_EDGES = 20_000  # networkx graphs from this size on are exported in a second process

_FORKED: tuple | None = None


def _call_forked():
    fn, args = _FORKED
    return fn(*args)


def in_background(fn: Callable, *args) -> Callable[[], object]:
    """Start `fn(*args)` in a forked process; returns a function that waits for its result.

    The child shares the parent's memory (copy-on-write), so nothing is pickled on the way in. Where forking is
    not safe (no fork on the platform, or other threads running whose locks a child would inherit) or the child
    fails, `fn` runs in this process instead."""
    import multiprocessing as mp
    import threading
    from concurrent.futures import ProcessPoolExecutor

    global _FORKED
    if "fork" not in mp.get_all_start_methods() or threading.active_count() > 1:
        return lambda: fn(*args)
    _FORKED = (fn, args)
    try:
        pool = ProcessPoolExecutor(1, mp_context=mp.get_context("fork"))
        future = pool.submit(_call_forked)  # the child is forked here, with _FORKED set
    finally:
        _FORKED = None

    def result():
        try:
            return future.result()
        except Exception:  # a child that died (out of memory …): do the work here
            return fn(*args)
        finally:
            pool.shutdown()

    return result


def _json(obj) -> str:
    import json

    return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def build(paths: str | os.PathLike | Iterable, progress: Callable[[int], None] | None = None,
          private_names: bool = False, workers: int | None = None, cache: str | os.PathLike | None = None,
          engine: str = "local", scheduler: str | None = None, keep_extractions: bool = True) -> BuildResult:
    """Build the graph of every report under `paths`.

    workers: processes for extraction (default: all cores; batches under 50 files run in this process).
    cache: a folder of per-file results; files whose name, bytes, pipeline version and privacy setting are
        unchanged are not processed again. engine: "local" or "dask" (`scheduler`: a Dask scheduler address;
        default a local cluster). keep_extractions: keep every `Extraction` in `run.extractions` (the CLI
        does not, so memory stays flat). Private persons' names are masked unless `private_names`.
    """
    import networkx as nx

    from . import graph as kgraph
    from .ingest import discover
    from .rdf.dataset import EXPORT_LIMIT, KGDataset

    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    t0 = time.perf_counter()
    run = ExtractionRun()
    files = []
    for item in discover(paths):
        if isinstance(item, IngestError):
            run.errors.append(item)
        else:
            files.append(item)
    task = Task(private_names=private_names, cache_dir=str(cache) if cache else None, keep_extraction=keep_extractions)
    ds = KGDataset()
    G = nx.MultiDiGraph()
    figures = len(files) <= FIGURES_UP_TO
    seen: dict[str, str] = {}
    reports = cached = 0
    for res in run_tasks(files, task, workers, engine, scheduler):
        if progress:
            progress(1)
        if res.error is not None:
            run.errors.append(IngestError(res.path, res.error))
            continue
        if res.report_id in seen:
            run.duplicates.append(Duplicate(res.path, seen[res.report_id]))
            continue
        seen[res.report_id] = res.path
        reports += 1
        cached += res.cached
        ds.add(res.named, res.default)
        kgraph.apply(G, res.fragment, figures=figures)
        if res.extraction is not None:
            run.extractions.append(res.extraction)
    ds.close()
    if not reports:
        failed = f" ({len(run.errors)} file{'s' * (len(run.errors) != 1)} failed)" if run.errors else ""
        raise NoInputError(f"no readable report found{failed}", errors=run.errors)
    counts = kgraph.summary(G)
    stats = {
        "reports": reports,
        "processed": reports - cached,
        "cached": cached,
        "failed": len(run.errors),
        "duplicates": len(run.duplicates),
        "entities": {k: v for k, v in counts.items() if k != "report"},
        "quads": ds.quad_count,
        "triples": len(ds) if ds.quad_count <= EXPORT_LIMIT else None,
        "figures_in_networkx": figures,
        "most_cited_regulations": kgraph.most_cited_regulations(G),
    }
    return BuildResult(run=run, dataset=ds, nx=G, seconds=time.perf_counter() - t0, stats=stats)


def load_graph(directory: str | os.PathLike = "output"):
    """The merged graph a build wrote to `directory`, as an rdflib Graph."""
    from rdflib import Graph

    from .rdf.store import graph_file

    g = Graph()
    path = graph_file(directory, "graph.nt")
    g.parse(path, format="nt")
    return g
