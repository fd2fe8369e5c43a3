"""Engines: where tasks run. Each maps a task over files and yields the results in the order of the files, so
every engine gives the same output.

    @register("name")
    class MyEngine(Engine): ...

`serial` runs in this process, `processes` in a pool of worker processes, `dask` on a Dask cluster; "auto" picks
serial or processes by the batch size and the number of workers.
"""
from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator

from ..config import BuildConfig
from ..errors import Errors, KGError
from .task import Result, Task

ENGINES: dict[str, type["Engine"]] = {}


def register(name: str) -> Callable[[type["Engine"]], type["Engine"]]:
    """Class decorator: make an engine available under `name` (`BuildConfig.engine`, `kg build --engine`)."""
    def add(cls: type["Engine"]) -> type["Engine"]:
        cls.name = name
        ENGINES[name] = cls
        return cls

    return add


class Engine:
    """Runs a task over files."""

    name = ""

    def __init__(self, config: BuildConfig):
        self.config = config

    def map(self, task: Task, files: list) -> Iterator[Result]:  # pragma: no cover - abstract
        raise NotImplementedError


def engine_for(config: BuildConfig, n_files: int) -> Engine:
    """The engine `config` asks for ("auto": serial for one worker or a batch under `serial_below` files, else
    processes). Raises KGError for an unknown name."""
    name = config.engine
    if name == "auto":
        workers = config.workers or (1 if n_files < config.serial_below else os.cpu_count() or 1)
        name = "serial" if workers <= 1 else "processes"
    if name not in ENGINES:
        raise KGError(Errors.E203.format(engine=name, engines=", ".join(["auto", *ENGINES])))
    return ENGINES[name](config)


def workers(config: BuildConfig) -> int:
    return config.workers or os.cpu_count() or 1


@register("serial")
class Serial(Engine):
    """In this process, one file after another."""

    def map(self, task: Task, files: list) -> Iterator[Result]:
        for f in files:
            yield task(f)


def _init_worker(private_names: bool, pipeline: str | None, started) -> None:
    from .task import nlp

    with started.get_lock():
        started.value += 1  # this worker got past its start: if the pool breaks now, a worker died
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it ends its workers
    nlp(private_names, pipeline)


def _run_chunk(task: Task, paths: list[str]) -> list[Result]:
    return [task(p) for p in paths]


@register("processes")
class Processes(Engine):
    """A pool of worker processes fed chunks of files, a few chunks ahead of the one being yielded: the workers
    never wait for the parent, and results stay few in memory.

    If the pool breaks, the files not yet done are processed in this process, with a warning that says why:
    workers that never started (W206: typically a script calling kg.build without `if __name__ == "__main__":`),
    or a worker that died while extracting (W208: killed, or out of memory). When the caller stops (Ctrl-C, or it
    stops reading the results), the workers are ended at once rather than left to finish their files."""

    def map(self, task: Task, files: list) -> Iterator[Result]:
        import multiprocessing as mp
        import warnings
        from collections import deque
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        n = workers(self.config)
        size = max(1, min(16, len(files) // (n * 8)))
        chunks = [[str(f) for f in files[i:i + size]] for i in range(0, len(files), size)]
        ahead = n * 4
        done = 0
        ctx = mp.get_context("spawn")  # spawn, not fork: the parent may hold threads (progress bars) and their locks
        started = ctx.Value("i", 0)
        pool = ProcessPoolExecutor(n, mp_context=ctx, initializer=_init_worker,
                                   initargs=(self.config.private_names, self.config.pipeline, started))
        seen: set = set()  # the worker processes, kept to say how one ended (the pool forgets them when it breaks)
        try:
            pending = deque(pool.submit(_run_chunk, task, c) for c in chunks[:ahead])
            following = iter(chunks[ahead:])
            while pending:
                seen.update(_processes(pool))
                results = pending.popleft().result()
                nxt = next(following, None)
                if nxt is not None:
                    pending.append(pool.submit(_run_chunk, task, nxt))
                for result in results:
                    done += 1
                    yield result
        except BrokenProcessPool:
            _end(pool)
            exits = sorted({p.exitcode for p in seen | set(_processes(pool)) if p.exitcode})
            if len(exits) > 1 and -signal.SIGTERM in exits:  # the pool ends the other workers with SIGTERM
                exits.remove(-signal.SIGTERM)
            if started.value or any(code < 0 for code in exits):  # started, or killed by a signal
                warnings.warn(Errors.W208.format(how=_how(exits), count=len(files) - done), RuntimeWarning,
                              stacklevel=2)
            else:
                warnings.warn(Errors.W206, RuntimeWarning, stacklevel=2)
            for f in files[done:]:
                yield task(f)
        except BaseException:  # Ctrl-C, or the caller closed this generator
            _end(pool)
            raise
        else:
            pool.shutdown()


def _processes(pool) -> list:
    return list((getattr(pool, "_processes", None) or {}).values())


def _end(pool) -> None:
    """Stop `pool` now: pending chunks cancelled, running workers ended."""
    for p in _processes(pool):
        if p.is_alive():
            p.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def _how(exits: list[int]) -> str:
    """How worker processes ended, from their exit codes: "killed by SIGKILL", "exit code 1"."""
    def one(code: int) -> str:
        if code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit code {code}"

    return ", ".join(one(c) for c in exits) or "exit code unknown"


@register("dask")
class Dask(Engine):
    """The same tasks on Dask: a local cluster of `workers` processes, or the scheduler at `config.scheduler`."""

    def map(self, task: Task, files: list) -> Iterator[Result]:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - depends on the install
            raise KGError(Errors.E204) from None
        n = workers(self.config)
        cluster = None
        if self.config.scheduler:
            client = Client(self.config.scheduler)
        else:
            cluster = LocalCluster(n_workers=max(1, n), threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
        try:
            batch = max(64, 32 * max(1, n))
            for i in range(0, len(files), batch):  # bounded memory: one batch of results at a time
                futures = client.map(task, [str(f) for f in files[i:i + batch]], pure=False)
                for fut in futures:
                    yield fut.result()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
