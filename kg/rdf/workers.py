"""Queries with a time limit, a result cap and a memory limit: run in worker processes that hold the store.

A pyoxigraph query cannot be interrupted from Python (it holds the GIL until it yields a row), so each query runs
in a worker process that holds the store of a built graph open read-only; a query that outlives its time limit
is ended by killing its worker, and a new worker takes its place. The same pool serves `kg query` (one worker,
one query, then exit) and `kg serve` (a few workers; a worker killed on a time-out is replaced in the background
while the others keep serving).

    with QueryPool("output", limits=QueryLimits(timeout=5)) as pool:
        answer = pool.call(evaluate, "SELECT * WHERE { ?s ?p ?o }", "json", "turtle", 100, 1 << 20)

A job is a module-level function `job(store, *args)`; it runs in a worker and its return value comes back
pickled. Two jobs are provided: `evaluate` (a query text → its result serialized in a SPARQL results or RDF
format, for the endpoint) and `run_query` (`kg.rdf.query.run`, for the CLI). Both check the query first
(`kg.rdf.guard.check`): nothing but a read-only query of this graph reaches the store.

Results are capped while they are produced: solutions are serialized as SPARQL TSV (one line per solution) and
triples as N-Triples (one line per triple) into a buffer that stops at `max_rows` lines or `max_bytes` bytes,
then turned into the format asked for (pyoxigraph's parsers and serializers do both steps).
"""
from __future__ import annotations

import multiprocessing as mp
import os
import queue
import signal
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..errors import Errors, GraphNotFoundError, KGError, QueryError, QueryLimitError, describe
from .namespaces import DATA_PREFIXES, PREFIX_IRIS

MiB = 1 << 20


@dataclass(frozen=True)
class QueryLimits:
    """What one query may use. `timeout`: seconds from the moment a worker takes the query (also the longest a
    query waits for a free worker); `max_rows`: solutions or triples in a result; `max_bytes`: size of a
    serialized result; `max_memory`: bytes of memory a query may take in its worker beyond what the worker holds
    with its store open (RLIMIT_DATA), None for no limit."""

    timeout: float = 30.0
    max_rows: int = 100_000
    max_bytes: int = 256 * MiB
    max_memory: int | None = 4096 * MiB

    def __post_init__(self):
        if not self.timeout > 0 or self.max_rows < 0 or self.max_bytes < 0:
            raise ValueError(f"limits must be positive: {self}")


CLI_LIMITS = QueryLimits()
SERVER_LIMITS = QueryLimits(timeout=10.0, max_bytes=64 * MiB, max_memory=2048 * MiB)


# Formats of results, by name: SELECT and ASK results, and the triples of CONSTRUCT and DESCRIBE.
RESULT_FORMATS = ("json", "xml", "csv", "tsv")
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml")


def result_format(name: str):
    import pyoxigraph as ox

    return {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML, "csv": ox.QueryResultsFormat.CSV,
            "tsv": ox.QueryResultsFormat.TSV}[name]


def graph_format(name: str):
    import pyoxigraph as ox

    return {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
            "rdfxml": ox.RdfFormat.RDF_XML}[name]


class NotAcceptableError(QueryError):
    """The query's form has no result format among those the caller accepts."""


@dataclass(frozen=True)
class Answer:
    """A query's result, serialized: its form, the media type and the bytes."""

    form: str
    media_type: str
    body: bytes


# ---------------------------------------------------------------------------------------------------- jobs


def evaluate(store, text: str, results: str | None, graphs: str | None, max_rows: int, max_bytes: int) -> Answer:
    """Check and run `text` on `store` (kg's prefixes predeclared, the default graph the union of the named
    graphs) and serialize its result: SELECT and ASK in the format named `results`, CONSTRUCT and DESCRIBE in
    the one named `graphs` (None: the caller accepts none, NotAcceptableError). At most `max_rows` solutions or
    triples and `max_bytes` bytes, else QueryLimitError."""
    import pyoxigraph as ox

    from .guard import check

    checked = check(text)
    name = graphs if checked.returns_graph else results
    if name is None:
        message = Errors.E345 if checked.returns_graph else Errors.E346
        raise NotAcceptableError(message.format(form=checked.form))
    with _reading_store():
        try:
            answer = store.query(text, prefixes=PREFIX_IRIS, use_default_graph_as_union=True)
        except SyntaxError as e:
            raise QueryError(Errors.E312.format(detail=e)) from None
        if isinstance(answer, ox.QueryBoolean):
            fmt = result_format(name)
            return Answer(checked.form, fmt.media_type, answer.serialize(format=fmt))
        if isinstance(answer, ox.QueryTriples):
            fmt = graph_format(name)
            lines = _capped_lines(answer, ox.RdfFormat.N_TRIPLES, max_rows, max_bytes, header=0, what="triples")
            body = lines if fmt == ox.RdfFormat.N_TRIPLES else \
                ox.serialize(ox.parse(lines, format=ox.RdfFormat.N_TRIPLES), format=fmt, prefixes=DATA_PREFIXES)
        else:
            fmt = result_format(name)
            lines = _capped_lines(answer, ox.QueryResultsFormat.TSV, max_rows, max_bytes, header=1, what="rows")
            body = lines if fmt == ox.QueryResultsFormat.TSV else \
                ox.parse_query_results(lines, format=ox.QueryResultsFormat.TSV).serialize(format=fmt)
    if len(body) > max_bytes:
        raise _too_large(max_bytes)
    return Answer(checked.form, fmt.media_type, body)


def run_query(store, spec: str, params: dict[str, str] | None, max_rows: int, limit: int | None = None,
              start: int = 0):
    """`kg.rdf.query.run` of `spec` with `params` on `store`, at most `max_rows` rows, or the page of `limit` rows
    from `start` (the CLI's job, and the canned queries of `kg serve`)."""
    from .query import run

    with _reading_store():
        return run(store, spec, params, max_rows=max_rows, limit=limit, start=start)


@contextmanager
def _reading_store():
    """Errors from the store while a query reads it (a damaged store) as a clear message."""
    try:
        yield
    except RecursionError:
        raise
    except (OSError, RuntimeError) as e:
        raise GraphNotFoundError(Errors.E306.format(detail=" ".join(str(e).split())[:200])) from None


class _Full(Exception):
    """Raised by _CappedBuffer.write to stop a serializer."""


class _CappedBuffer:
    """A binary sink that counts lines and bytes, and stops the writer past `max_lines` or `max_bytes`."""

    def __init__(self, max_lines: int, max_bytes: int):
        self.max_lines, self.max_bytes = max_lines, max_bytes
        self.lines = self.size = 0
        self.parts: list[bytes] = []
        self.full: str | None = None

    def write(self, data) -> int:
        if self.full:  # the serializer may flush its buffer again after the first refusal
            raise _Full()
        data = bytes(data)
        self.lines += data.count(b"\n")
        self.size += len(data)
        if self.lines > self.max_lines:
            self.full = "rows"
            raise _Full()
        if self.size > self.max_bytes:
            self.full = "bytes"
            raise _Full()
        self.parts.append(data)
        return len(data)

    def flush(self) -> None:
        pass


def _capped_lines(answer, fmt, max_rows: int, max_bytes: int, *, header: int, what: str) -> bytes:
    """`answer` serialized in a line-per-row format `fmt` (SPARQL TSV, N-Triples), stopped past `max_rows` rows."""
    from .guard import too_many

    sink = _CappedBuffer(max_rows + header, max_bytes)
    try:
        answer.serialize(output=sink, format=fmt)
    except Exception:  # noqa: BLE001 - _Full, or the error pyoxigraph makes of it
        if sink.full is None:
            raise
    if sink.full == "rows":
        raise too_many(max_rows, what)
    if sink.full == "bytes":
        raise _too_large(max_bytes)
    return b"".join(sink.parts)


def _too_large(max_bytes: int) -> QueryLimitError:
    size = f"{max_bytes / MiB:g} MiB" if max_bytes >= MiB else f"{max_bytes:,} bytes"
    return QueryLimitError(Errors.E341.format(size=size), kind="bytes")


# -------------------------------------------------------------------------------------------------- workers


def _worker_main(conn, directory: str, max_memory: int | None) -> None:
    """A worker: open the store, say "ready" (or why not), then run jobs until told to stop or orphaned."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the caller's to handle: it ends its workers
    _quiet_stderr()  # the allocator's abort message when the memory limit is hit; errors travel on `conn`
    from .store import open_store

    try:
        store = open_store(directory)
    except KGError as e:
        conn.send(("error", e))
        return
    except Exception as e:  # noqa: BLE001 - reported to the caller as a clear message
        conn.send(("error", GraphNotFoundError(Errors.E307.format(directory=directory, detail=describe(e)))))
        return
    _limit_memory(max_memory)
    conn.send(("ready", None))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        job, args = request
        try:
            reply = ("ok", job(store, *args))
        except KGError as e:
            reply = ("error", e)
        except MemoryError:
            reply = ("error", _out_of_memory(max_memory))
        except Exception as e:  # noqa: BLE001 - a bug in a job must not end the worker
            reply = ("error", QueryError(Errors.E313.format(detail=describe(e))))
        try:
            conn.send(reply)
        except (EOFError, OSError):
            return
        except Exception as e:  # noqa: BLE001 - a result that cannot be pickled
            conn.send(("error", QueryError(Errors.E315.format(detail=describe(e)))))


def _die_with_parent() -> None:
    """Linux: the kernel kills this worker when the process that started it ends (even by SIGKILL): a query
    that holds the GIL could not notice by itself."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() == 1:
        os._exit(0)


def _quiet_stderr() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def _limit_memory(max_memory: int | None) -> None:
    """Let this process allocate `max_memory` bytes more than it holds now (its store open): RLIMIT_DATA, which
    counts the heap and private mappings, not the store's files mapped from disk."""
    try:
        import resource
    except ImportError:  # not on Windows
        return
    if not max_memory:
        return

    held = 0
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            held = next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmData:"))
    except (OSError, StopIteration, ValueError):
        pass
    resource.setrlimit(resource.RLIMIT_DATA, (held + max_memory, held + max_memory))


def _out_of_memory(max_memory: int | None) -> QueryLimitError:
    limit = f" ({max_memory / MiB:g} MiB)" if max_memory else ""
    return QueryLimitError(Errors.E342.format(limit=limit), kind="memory")


def _context(method: str | None):
    """The multiprocessing context to start a worker with: `method`, else fork while this process runs one
    thread (a worker then starts at once, sharing the modules already loaded), else forkserver (forking a
    process with threads may copy locks that are held), else spawn."""
    methods = mp.get_all_start_methods()
    if method is None:
        if "fork" in methods and threading.active_count() == 1:
            method = "fork"
        elif "forkserver" in methods:
            method = "forkserver"
        else:
            method = "spawn"
    ctx = mp.get_context(method)
    if method == "forkserver":
        ctx.set_forkserver_preload(["kg.rdf.workers", "kg.rdf.store", "kg.rdf.query", "rdflib.plugins.sparql.parser"])
    return ctx


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(self, directory: Path, max_memory: int | None, start_method: str | None):
        ctx = _context(start_method)
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, str(directory), max_memory),
                                   name="kg-query-worker", daemon=True)
        self.process.start()
        child.close()
        self.directory = directory

    def wait_ready(self) -> None:
        """Wait until the worker has opened the store; raise its error (GraphNotFoundError …) when it could not."""
        try:
            status, value = self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise GraphNotFoundError(Errors.E308.format(directory=self.directory)) from None
        if status != "ready":
            self.kill()
            raise value

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(timeout=0.5)  # an idle worker ends at once; a busy one is killed
        self.kill()


class QueryPool:
    """`size` worker processes over the graph `kg build` wrote to `directory`, each holding its store open.

    `call(job, *args)` runs `job(store, *args)` in a free worker within `limits.timeout` seconds and returns
    its result, or raises its error (KGError) or QueryLimitError (time-out, no free worker, memory). A worker
    whose query timed out or died is killed; with `restart` a new one is started in the background, else the
    next call starts it. Thread-safe: a server calls it from many threads. Use as a context manager, or call
    `start()` (raises GraphNotFoundError … when the store cannot be opened) and `close()`.
    """

    def __init__(self, directory: str | os.PathLike, *, size: int = 1, limits: QueryLimits = CLI_LIMITS,
                 restart: bool = True, start_method: str | None = None):
        if size < 1:
            raise ValueError("a query pool needs at least one worker")
        self.directory, self.size, self.limits = Path(directory), size, limits
        self.restart, self.start_method = restart, start_method
        self._idle: queue.Queue[_Worker | None] = queue.Queue()  # None: a slot whose worker is to be started
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._started = self._closed = False
        self.replaced = 0                    # workers killed on a time-out or a crash

    # lifecycle
    def start(self) -> "QueryPool":
        """Start the workers: the first alone (opening the store may write it, from the N-Quads, once), then the
        others. Raises the first worker's error when the graph cannot be opened."""
        with self._lock:
            if self._started:
                return self
            self._started = True
        try:
            first = self._spawn()
            rest = [self._spawn_unready() for _ in range(self.size - 1)]
            for w in rest:
                w.wait_ready()
        except BaseException:
            self.close()
            raise
        for w in [first, *rest]:
            self._idle.put(w)
        return self

    def close(self) -> None:
        """Stop every worker (a query running is ended)."""
        with self._lock:
            self._closed = True
            workers, self._workers = list(self._workers), set()
        for w in workers:
            w.stop()

    def __enter__(self) -> "QueryPool":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    def stats(self) -> dict[str, Any]:
        """Workers alive, idle, replaced so far; the limits."""
        with self._lock:
            alive = sum(w.process.is_alive() for w in self._workers)
        return {"size": self.size, "alive": alive, "idle": self._idle.qsize(), "replaced": self.replaced,
                "timeout": self.limits.timeout, "max_rows": self.limits.max_rows}

    # work
    def call(self, job: Callable, *args, timeout: float | None = None):
        """`job(store, *args)` in a worker, within `timeout` seconds (default: the pool's limit)."""
        timeout = self.limits.timeout if timeout is None else timeout
        if not self._started:
            self.start()
        worker = self._acquire(timeout)
        try:
            worker.conn.send((job, args))
            if not worker.conn.poll(timeout):
                self._discard(worker)
                worker = None
                raise QueryLimitError(Errors.E343.format(timeout=timeout), kind="time")
            status, value = worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(timeout=1)
            code = worker.process.exitcode
            self._discard(worker)
            worker = None
            if code in (-signal.SIGABRT, -getattr(signal, "SIGKILL", 9)):  # the allocator aborts at RLIMIT_DATA
                raise _out_of_memory(self.limits.max_memory) from None
            raise KGError(Errors.E316.format(code=code)) from None
        finally:
            if worker is not None:
                self._idle.put(worker)
        if status == "error":
            raise value
        return value

    def _acquire(self, timeout: float) -> _Worker:
        while True:
            if self._closed:
                raise QueryError(Errors.E317)
            try:
                worker = self._idle.get(timeout=timeout)
            except queue.Empty:
                raise QueryLimitError(Errors.E344.format(size=self.size, timeout=timeout), kind="busy") from None
            if worker is None:  # an empty slot (restart=False): start its worker now
                try:
                    return self._spawn()
                except BaseException:
                    self._idle.put(None)
                    raise
            if worker.process.is_alive():
                return worker
            self._discard(worker)  # died while idle

    def _discard(self, worker: _Worker) -> None:
        """Kill `worker`; start its replacement (in the background) or leave an empty slot."""
        with self._lock:
            self._workers.discard(worker)
            self.replaced += 1
            closed = self._closed
        worker.kill()
        if closed:
            return
        if self.restart:
            threading.Thread(target=self._replace, name="kg-query-restart", daemon=True).start()
        else:
            self._idle.put(None)

    def _replace(self) -> None:
        try:
            worker = self._spawn()
        except Exception:  # noqa: BLE001 - e.g. the store cannot be opened now: the next call tries again, says why
            worker = None
        self._idle.put(worker)

    def _spawn_unready(self) -> _Worker:
        worker = _Worker(self.directory, self.limits.max_memory, self.start_method)
        with self._lock:
            self._workers.add(worker)
            closed = self._closed
        if closed:
            worker.kill()
            raise QueryError(Errors.E317)
        return worker

    def _spawn(self) -> _Worker:
        worker = self._spawn_unready()
        try:
            worker.wait_ready()
        except BaseException:
            with self._lock:
                self._workers.discard(worker)
            raise
        return worker


def run(directory: str | os.PathLike, spec: str, params: dict[str, str] | None = None,
        limits: QueryLimits = CLI_LIMITS, limit: int | None = None, start: int = 0):
    """`kg query`: run a canned query, a query file or SPARQL text on the graph in `directory` in a worker
    process, within `limits` (the whole result, or the page of `limit` rows from `start`); returns a
    `kg.rdf.query.QueryResult`."""
    from .guard import check
    from .query import resolve

    text, canned = resolve(spec)
    if canned is None:
        check(text)  # refused before a worker starts
    with QueryPool(directory, size=1, limits=limits, restart=False) as pool:
        return pool.call(run_query, spec, params, limits.max_rows, limit, start)
