"""`kg serve`: a built graph over HTTP — the web app (search, county, regulation, report and query pages:
kg.serve.pages over kg.serve.data), the SPARQL 1.1 Protocol at /sparql (read-only, every query within a time
limit and a result cap) and /health. `create_app` (kg.serve.app) gives the ASGI app; `serve` runs it with uvicorn.
"""
from __future__ import annotations

import ipaddress
import logging
import os
import sys

from ..errors import Errors
from ..rdf.workers import SERVER_LIMITS, QueryLimits
from .cache import DEFAULT_ENTRIES
from .data import COUNTY_REPORTS, PAGE_ROWS


def serve(directory: str | os.PathLike = "output", host: str = "127.0.0.1", port: int = 8000, *,
          workers: int = 2, limits: QueryLimits = SERVER_LIMITS, cache: int = DEFAULT_ENTRIES,
          page_rows: int = PAGE_ROWS, county_reports: int = COUNTY_REPORTS, log_level: str = "info") -> None:
    """Serve the graph in `directory` on `host`:`port` until interrupted, keeping the answers to the last `cache`
    queries (0: none); the query page shows a canned query's result `page_rows` rows at a time, a county page
    `county_reports` of its reports at a time. Raises
    GraphNotFoundError (…) before listening when the graph cannot be opened."""
    import uvicorn

    from .app import create_app

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S"))
    log = logging.getLogger("kg.serve")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False

    from ..rdf.guard import load_parser

    load_parser()  # once, here: the forked workers share it
    app = create_app(directory, workers=workers, limits=limits, cache=cache, page_rows=page_rows,
                     county_reports=county_reports)
    app.state.pool.start()  # while this process has one thread: workers are forked, and errors come now
    if not _loopback(host):
        log.warning(Errors.W359.format(host=host))
    shown = host if ":" not in host else f"[{host}]"
    log.info("web app http://%s:%d/ and SPARQL endpoint http://%s:%d/sparql over %s (%d workers; %g s and %d rows "
             "at most per query; the last %d answers kept)", shown, port, shown, port, directory, workers, limits.timeout,
             limits.max_rows, cache)
    try:
        uvicorn.Server(uvicorn.Config(app, host=host, port=port, access_log=False, log_level=log_level)).run()
    finally:
        app.state.pool.close()


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
