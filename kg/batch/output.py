"""What a build writes, and the one place that decides it.

`outputs(result)` returns every output file's content (nothing is written); `write(result, directory)` writes them
and makes the SPARQL store. The policies: the single-file exports `config.formats` names (graph.trig by default;
`kg build --format`), RDF up to `config.export_quads` quads (above, the N-Quads shards are the dataset), GraphML
and GEXF up to `config.export_nodes` nodes; always the N-Quads shards, graph.networkx.json, the views, the report
pages, summary.json, and the store, bulk-loaded from the shards at build time, so that reading a graph never writes
anything.

The output folder changes as one unit. `write` fills a new folder beside it (`.OUT.new.<pid>.<random>.tmp`) and
swaps the two in one step at the end (`kg.io.replacing`): a reader, `kg query` included, sees the previous build
or this one, never a mix, and a build that is interrupted or killed leaves the previous output as it was. So the
folder holds only this build's pages and shards, and its cache (`.kg-cache`) only the entries this build used
(hard links to them: the old folder, with entries of files no longer built, is removed after the swap). Files
kg does not write that a user put in a folder kg wrote are carried across (hard links); a folder kg did not write
is never replaced (`KGError` E210), unless it is empty or holds only hidden files (`.gitkeep`).
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from ..errors import Errors, KGError
from . import heap

RUN_ONLY = ("processed", "cached")  # stats of how a build ran, not of what it built: not in summary.json
INDEX = "index.html"
CACHE = ".kg-cache"
# Every name kg writes at the top of an output folder (a test checks that `outputs()` writes no other): what is
# not among them was put there by someone else, and is carried across.
KG_NAMES = frozenset({"graph.ttl", "graph.nt", "graph.jsonld", "graph.trig", "graph.nq", "graph.graphml",
                      "graph.gexf", "graph.networkx.json", "rdf", "store", "views", "reports", INDEX, "summary.json",
                      CACHE})


def outputs(result, *, networkx_exports: Callable[[], dict[str, bytes]] | None = None,
            views: Callable[[], dict[str, str]] | None = None) -> dict[str, str | bytes | Path]:
    """Relative path (views are in subfolders: views/county/…) → content of every output file (a `Path` for the
    N-Quads shards, which are already on disk). `networkx_exports`, `views`: where the GraphML and GEXF and the
    views come from (default: made here)."""
    from ..graph import exports as nx_exports

    config = result.config
    rdf = {**result.dataset.exports(config.export_quads, config.formats), **result.dataset.shard_outputs()}
    reports = result.report_files.outputs() if result.report_files else {}
    graphs = networkx_exports() if networkx_exports is not None else \
        nx_exports(result.nx, config.export_nodes, config.formats, directory=networkx_spool(result))
    files = {**rdf, **(views() if views is not None else render_views(result.nx, config.view_pages)), **reports,
             **graphs}
    files["summary.json"] = _json({k: v for k, v in result.stats.items() if k not in RUN_ONLY})
    return files


def render_views(G, pages_per_kind: int) -> dict[str, str]:
    from ..views import render_all

    return render_all(G, pages_per_kind=pages_per_kind)


def write(result, directory: str | os.PathLike) -> list[Path]:
    """Replace the folder `directory` by one holding every output, the SPARQL store (`store/`), the cache entries
    this build used and kg's marker file, in one step (see the module's docstring). The store is loaded in a
    thread while the other outputs are made; the views of a graph up to `config.background_views` edges are
    rendered in a second process while this one writes the RDF exports and the report pages; on a large graph the
    GraphML and GEXF, when asked for, are made in a second process too. Raises `KGError` (E210, E211) for a folder
    kg may not replace, OSError when it cannot write."""
    from concurrent.futures import ThreadPoolExecutor

    from ..graph import exports as nx_exports
    from ..io import OUTPUT_MARKER, link_tree, replacing, write_atomic, write_outputs
    from ..rdf.store import write_store
    from .cache import Cache

    config = result.config
    target = Path(os.path.realpath(directory))  # a link to a folder: the folder it leads to is replaced
    foreign = check_folder(directory)
    # GraphML and GEXF (on request) are made in a second process for a large graph, while this one writes the
    # other files; the node-link JSON is written as it is made, here: a forked copy of a graph of 100,000 reports
    # would double the memory it takes
    edges = result.nx.number_of_edges()
    big = edges >= config.background_edges and bool({"graphml", "gexf"} & set(config.formats))
    with heap.frozen(), replacing(target) as staging, ThreadPoolExecutor(1) as loader:
        exports = in_background(nx_exports, result.nx, config.export_nodes, config.formats,
                                networkx_spool(result)) if big else None
        # the views too, on a graph small enough for the pages a second process copies to cost little memory,
        # while this one writes the RDF exports and the report pages
        views = in_background(render_views, result.nx, config.view_pages) if edges <= config.background_views \
            else None
        # the store is bulk-loaded by pyoxigraph's own threads, outside the GIL, while this one writes the RDF
        # exports and the report pages; leaving the block waits for it, also when interrupted, before the staging
        # folder is removed
        store = loader.submit(write_store, result.dataset, staging)
        written = write_outputs(staging, outputs(result, networkx_exports=exports, views=views))
        store.result()
        if config.cache is not None and os.path.realpath(config.cache) == str(target / CACHE):
            Cache(target / CACHE).copy(result.cache_keys, staging / CACHE)
        for entry in foreign:
            link_tree(entry, staging / entry.name)
        wrote = {p.relative_to(staging).parts[0] for p in written} | {"store"}
        write_atomic(staging / OUTPUT_MARKER, _json(marker(wrote)))
    return [Path(directory) / p.relative_to(staging) for p in written]


def networkx_spool(result) -> Path | None:
    """Where the networkx exports of `result` are written before they are linked into an output folder: in the
    build's spool (removed with it), or None (in memory) for a result without one."""
    directory = getattr(result.dataset, "directory", None)
    return Path(directory) / "networkx" if directory is not None else None


def output_sizes(directory: str | os.PathLike) -> dict[str, int]:
    """Bytes on disk of each top-level output the build in `directory` wrote (the names its marker file lists; a
    folder with every file in it; the cache, a copy of what the build read, is not an output): what the bench
    divides by the input's bytes. Empty where no build is."""
    from ..io import OUTPUT_MARKER

    directory = Path(directory)
    try:
        wrote = json.loads((directory / OUTPUT_MARKER).read_text(encoding="utf-8")).get("wrote", [])
    except (OSError, ValueError, AttributeError):
        return {}
    sizes = {}
    for name in wrote:
        path = directory / name
        if path.is_dir() and not path.is_symlink():
            sizes[name] = sum(os.lstat(os.path.join(root, f)).st_size for root, _, files in os.walk(path)
                              for f in files)
        elif path.exists():
            sizes[name] = path.lstat().st_size
    return sizes


def marker(wrote=()) -> dict:
    """The content of kg's marker file in an output folder: what made it, and the top-level names kg wrote there
    (the next build replaces those and carries anything else across)."""
    from .. import __version__

    return {"made_by": "kg", "version": __version__, "wrote": sorted(wrote),
            "about": "A folder kg build wrote and replaces as a whole; kg never reads it as reports."}


def _written_before(target: Path) -> frozenset[str]:
    """The top-level names the build that made `target` wrote (from its marker file), or kg's usual names."""
    from ..io import OUTPUT_MARKER

    try:
        wrote = json.loads((target / OUTPUT_MARKER).read_text(encoding="utf-8")).get("wrote", ())
    except (OSError, ValueError, AttributeError):
        wrote = ()
    return KG_NAMES | {w for w in wrote if isinstance(w, str)}


def check_folder(directory: str | os.PathLike) -> list[Path]:
    """The entries of the output folder `directory` that kg did not write (to carry across); KGError when it is
    not a folder kg may replace (a file; a folder of other files kg did not write). Callers check before a long
    build, `write` again."""
    from ..io import OUTPUT_MARKER, is_output_folder, is_temp, recover_folder

    shown = Path(directory)
    target = Path(os.path.realpath(directory))
    recover_folder(target)
    if not target.exists():
        return []
    if not target.is_dir():
        raise KGError(Errors.E211.format(output=shown))
    ours = _written_before(target)
    entries = sorted(p for p in target.iterdir() if p.name not in ours and p.name != OUTPUT_MARKER
                     and not is_temp(p.name))
    if not is_output_folder(target):
        visible = [p.name for p in entries if not p.name.startswith(".") or p.is_dir()]
        if visible:
            names = ", ".join(visible[:3]) + (f" and {len(visible) - 3:,} more" if len(visible) > 3 else "")
            raise KGError(Errors.E210.format(output=shown, names=names))
    return entries


def _die_with(parent: int) -> None:
    """End this process when `parent` ends (Linux; elsewhere a child whose parent was killed finishes its work
    and finds nobody to send it to)."""
    import signal
    import sys

    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent was gone before the line above
        os._exit(1)


def _call_forked(fn: Callable, args: tuple, send, receive, parent: int) -> None:
    _die_with(parent)
    receive.close()  # the parent's end: with the parent gone, sending fails instead of waiting for a reader
    try:
        value = (True, fn(*args))
    except BaseException:  # noqa: BLE001 - the parent does the work itself
        value = (False, None)
    try:
        send.send(value)
    except OSError:  # the parent is gone (killed): nobody wants the result
        pass
    finally:
        send.close()


def in_background(fn: Callable, *args) -> Callable[[], object]:
    """Start `fn(*args)` in a forked process; returns a function that waits for its result.

    The child shares the parent's memory (copy-on-write), so nothing is pickled on the way in; its result comes
    back through a pipe. Several can run at once. Where forking is not safe (no fork on the platform, or other
    threads running whose locks a child would inherit) or the child fails, `fn` runs in this process instead."""
    import multiprocessing as mp
    import threading

    if "fork" not in mp.get_all_start_methods() or threading.active_count() > 1:
        return lambda: fn(*args)
    ctx = mp.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_call_forked, args=(fn, args, send, receive, os.getpid()), daemon=True,
                        name="kg-background")
    try:
        child.start()
    except OSError:  # no memory or no process left for a fork
        receive.close()
        return lambda: fn(*args)
    finally:
        send.close()

    def result():
        try:
            ok, value = receive.recv()
        except (EOFError, OSError):  # a child that died (out of memory …)
            ok, value = False, None
        finally:
            receive.close()
            child.join()
        return value if ok else fn(*args)

    return result


def _json(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
