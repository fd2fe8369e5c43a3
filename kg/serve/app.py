"""The ASGI app of `kg serve`: the web app (kg.serve.pages), a SPARQL 1.1 endpoint (/sparql) and a health check
(/health) over a built graph.

`create_app(directory)` returns a Starlette app whose query workers (kg.rdf.workers.QueryPool) start with the
app's lifespan, or before it when the caller starts `app.state.pool` itself (as `serve` does, so that a graph
that cannot be opened is said before the server listens). Every request is logged in one line on the
"kg.serve" logger; browsers may call it from any origin (CORS).
"""
from __future__ import annotations

import asyncio
import logging
import os
import time
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..rdf.workers import SERVER_LIMITS, QueryLimits, QueryPool
from . import data, pages, sparql
from .cache import DEFAULT_ENTRIES, AnswerCache

log = logging.getLogger("kg.serve")

LOGGED_TARGET = 300  # characters of a request's path and query string shown in its log line


def create_app(directory: str | os.PathLike = "output", *, workers: int = 2,
               limits: QueryLimits = SERVER_LIMITS, cache: int = DEFAULT_ENTRIES,
               page_rows: int = data.PAGE_ROWS, county_reports: int = data.COUNTY_REPORTS) -> Starlette:
    """The app serving the graph `kg build` wrote to `directory`, with `workers` query processes, each query
    within `limits`, the answers to the last `cache` queries kept (kg.serve.cache; 0: none), a canned query's
    result shown `page_rows` rows at a time and a county page `county_reports` of the county's reports at a time."""
    pool = QueryPool(directory, size=workers, limits=limits, restart=True)
    source = data.Source(pool, Path(directory), cache=AnswerCache(entries=cache), page_rows=page_rows,
                         county_reports=county_reports)

    @asynccontextmanager
    async def lifespan(app):
        await run_in_threadpool(pool.start)  # nothing to do when the caller started it
        warm = asyncio.create_task(_warm(source))  # the search index, made while the first pages are asked for
        try:
            yield
        finally:
            warm.cancel()
            await run_in_threadpool(pool.close)

    routes = [Route("/", pages.home), Route("/search", pages.search), Route("/entity", pages.entity),
              Route("/report/{report_id}", pages.report), Route("/ego", pages.ego),
              Route("/query", pages.query, methods=["GET", "POST"]), Route("/query/download", pages.download),
              Mount("/static", StaticFiles(directory=pages.STATIC), name="static"),
              Route("/favicon.ico", lambda request: Response(status_code=204)),
              Route("/sparql", sparql.endpoint, methods=["GET", "POST"]), Route("/health", health)]
    middleware = [Middleware(RequestLog),
                  Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                             allow_headers=["Accept", "Content-Type"], max_age=3600)]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.pool = pool
    app.state.source = source
    app.state.directory = Path(directory)
    return app


async def _warm(source: data.Source) -> None:
    try:
        await run_in_threadpool(data.search_index, source)
    except Exception:  # noqa: BLE001 - the first search says what went wrong
        pass


async def health(request: Request) -> JSONResponse:
    """200 and the workers' state (and the answer cache's) while at least one worker serves, else 503."""
    stats = request.app.state.pool.stats()
    ok = stats["alive"] > 0
    return JSONResponse({"status": "ok" if ok else "unavailable", "graph": str(request.app.state.directory),
                         "workers": stats, "cache": request.app.state.source.cache.stats()},
                        status_code=200 if ok else 503)


class RequestLog:
    """ASGI middleware: one line per request (client, method, target, status, bytes, milliseconds), with the
    target's unprintable characters escaped (a request must not write control sequences to a terminal)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start, status, size = time.perf_counter(), 500, 0

        async def logged_send(message):
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, logged_send)
        finally:
            client = scope.get("client")
            target = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
            if scope.get("query_string"):
                target += b"?" + scope["query_string"]
            log.info("%s %s %s %d %d B %.0f ms", client[0] if client else "-", scope["method"],
                     printable(target, LOGGED_TARGET), status, size, (time.perf_counter() - start) * 1000)


def printable(raw: bytes, limit: int) -> str:
    """`raw` as printable ASCII: other bytes as \\xNN; cut to `limit` characters with an ellipsis."""
    text = "".join(chr(b) if 0x20 < b < 0x7F else f"\\x{b:02x}" for b in raw[:limit])
    return text + ("…" if len(raw) > limit else "")
