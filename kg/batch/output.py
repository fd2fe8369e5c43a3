"""What a build writes, and the one place that decides it.

`outputs(result)` returns every output file's content (nothing is written); `write(result, directory)` writes them
atomically and makes the SPARQL store. The policies: single-file RDF exports up to `config.export_quads` quads
(above, the N-Quads shards are the dataset), GraphML and GEXF up to `config.export_nodes` nodes, and the store always
bulk-loaded from the shards at build time, so that reading a graph never writes anything.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

RUN_ONLY = ("processed", "cached")  # stats of how a build ran, not of what it built: not in summary.json
INDEX = "index.html"


def outputs(result, *, networkx_exports: Callable[[], dict[str, bytes]] | None = None
            ) -> dict[str, str | bytes | Path]:
    """Relative path (views are in subfolders: views/county/…) → content of every output file (a `Path` for the
    N-Quads shards, which are already on disk). `networkx_exports`: where the GraphML and GEXF come from (default:
    made here, after the views)."""
    from ..graph import exports as nx_exports
    from ..views import render_all

    config = result.config
    files = {**result.dataset.exports(config.export_quads), **result.dataset.shard_outputs(),
             **render_all(result.nx, pages_per_kind=config.view_pages), **(result.report_files.outputs() if result.report_files else {})}
    files.update(networkx_exports() if networkx_exports is not None else nx_exports(result.nx, config.export_nodes))
    files["summary.json"] = _json({k: v for k, v in result.stats.items() if k not in RUN_ONLY})
    return files


def write(result, directory: str | os.PathLike) -> list[Path]:
    """Write every output and the SPARQL store (`directory/store`) to `directory`. On a large graph the GraphML
    and GEXF are made in a second process while this one renders the views."""
    from ..graph import exports as nx_exports
    from ..io import write_outputs
    from ..rdf.store import SUMMARY_SHARD, write_store

    config = result.config
    big = result.nx.number_of_edges() >= config.background_edges
    exports = in_background(nx_exports, result.nx, config.export_nodes) if big else None
    written = write_outputs(directory, outputs(result, networkx_exports=exports))
    # shards an earlier, larger build left would be loaded with this build's
    keep = set(written) | {Path(directory) / SUMMARY_SHARD}
    for stale in set(Path(directory).glob("rdf/*.nq")) - keep:
        stale.unlink(missing_ok=True)
    write_store(result.dataset, directory)
    return written


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
    return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
