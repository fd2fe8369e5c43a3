"""The SPARQL 1.1 Protocol at /sparql, read-only: https://www.w3.org/TR/sparql11-protocol/

Queries come by GET `?query=`, by POST of a form (`query=`) or of `application/sparql-query`; the answer's format
is chosen by `Accept` (or a `format` parameter): SELECT and ASK as SPARQL results in JSON, XML, CSV or TSV,
CONSTRUCT and DESCRIBE as Turtle, N-Triples, JSON-LD or RDF/XML. GET without a query answers with the service
description (sd: vocabulary). Every query runs in a worker of the app's QueryPool (kg.rdf.workers), within its
limits; the check of kg.rdf.guard runs there first. Updates, SERVICE, FROM / FROM NAMED and the protocol's
dataset parameters are refused. Errors are plain text with a status: 400 malformed, 403 refused, 406 no
acceptable format, 413 request too large, 415 unsupported content type, 422 result over the cap, 503 time limit
or memory limit hit, or no worker free.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from ..errors import Errors, KGError, QueryError, QueryLimitError, QueryRefusedError
from ..rdf.workers import NotAcceptableError, graph_format, result_format

# The SPARQL service description vocabulary and the entailment regimes (to move to kg.rdf.namespaces).
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
ENTAILMENT = Namespace("http://www.w3.org/ns/entailment/")

# Media types → format names, each list in rising preference: on a tie (`*/*`) the last one wins.
RESULT_TYPES = [("text/tab-separated-values", "tsv"), ("text/csv", "csv"), ("application/xml", "xml"),
                ("application/sparql-results+xml", "xml"), ("application/json", "json"),
                ("application/sparql-results+json", "json")]
GRAPH_TYPES = [("application/xml", "rdfxml"), ("application/rdf+xml", "rdfxml"), ("application/json", "jsonld"),
               ("application/ld+json", "jsonld"), ("text/plain", "ntriples"), ("application/n-triples", "ntriples"),
               ("application/x-turtle", "turtle"), ("application/turtle", "turtle"), ("text/turtle", "turtle")]
# The `format` parameter: a name → (the results format, the graph format) it stands for.
FORMAT_NAMES = {
    "json": ("json", "jsonld"), "xml": ("xml", "rdfxml"), "csv": ("csv", None), "tsv": ("tsv", None),
    "turtle": (None, "turtle"), "ttl": (None, "turtle"), "n3": (None, "turtle"),
    "ntriples": (None, "ntriples"), "nt": (None, "ntriples"), "n-triples": (None, "ntriples"),
    "jsonld": (None, "jsonld"), "json-ld": (None, "jsonld"),
    "rdfxml": (None, "rdfxml"), "rdf+xml": (None, "rdfxml"), "rdf": (None, "rdfxml")}
SERVICE_DESCRIPTION_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}

MAX_BODY = 1 << 20  # bytes of a POST body
FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"


class ProtocolError(Exception):
    """A request the protocol answers with an error: its status and a message for a person."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


@dataclass(frozen=True)
class SparqlRequest:
    """What a request asks: the query text (None: the service description) and the formats it accepts."""

    query: str | None
    results: str | None  # format name for SELECT/ASK results, None: none acceptable
    graphs: str | None   # format name for CONSTRUCT/DESCRIBE triples


async def endpoint(request: Request) -> Response:
    """GET or POST /sparql."""
    try:
        asked = await read_request(request)
    except ProtocolError as e:
        return _error(e.status, e.message)
    if asked.query is None:
        return service_description(request, asked.graphs)
    from .data import run_sparql

    try:
        answer = await run_in_threadpool(run_sparql, request.app.state.source, asked.query, asked.results,
                                         asked.graphs)
    except KGError as e:
        return _error(status_of(e), e.message)
    return Response(answer.body, media_type=answer.media_type, headers={"Vary": "Accept"})


def status_of(error: KGError) -> int:
    """The HTTP status of an error a query ended with."""
    if isinstance(error, QueryLimitError):
        return 422 if error.kind in ("rows", "bytes") else 503
    if isinstance(error, QueryRefusedError):
        return 403
    if isinstance(error, NotAcceptableError):
        return 406
    if isinstance(error, QueryError):
        return 400
    return 500  # the store could not be read, a worker died …


async def read_request(request: Request) -> SparqlRequest:
    """The query and accepted formats of a protocol request, or ProtocolError."""
    url_params = parse_qsl(request.url.query, keep_blank_values=True)
    if request.method == "POST":
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == UPDATE:
            raise ProtocolError(403, Errors.E350)
        if kind not in (FORM, QUERY):
            raise ProtocolError(415, Errors.E351.format(query=QUERY, form=FORM, kind=kind or "no content type"))
        body = await _body(request)
        if kind == QUERY:
            params = url_params + [("query", body)]
        else:
            params = url_params + parse_qsl(body, keep_blank_values=True)
    else:
        params = url_params
    names = [name for name, _ in params]
    if "update" in names:
        raise ProtocolError(403, Errors.E350)
    dataset = sorted({n for n in names if n in ("default-graph-uri", "named-graph-uri")})
    if dataset:
        raise ProtocolError(403, Errors.E352.format(parameters=" and ".join(dataset),
                                                    verb="is" if len(dataset) == 1 else "are"))
    queries = [value for name, value in params if name == "query"]
    if len(queries) > 1:
        raise ProtocolError(400, Errors.E353)
    results, graphs = _formats([value for name, value in params if name == "format"], request.headers.get("accept"))
    if not queries:
        if request.method == "POST" or set(names) - {"format", "output", "results"}:
            raise ProtocolError(400, Errors.E354.format(query=QUERY))
        return SparqlRequest(None, results, graphs)
    if not queries[0].strip():
        raise ProtocolError(400, Errors.E355)
    return SparqlRequest(queries[0], results, graphs)


async def _body(request: Request) -> str:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise ProtocolError(413, Errors.E356.format(limit=MAX_BODY >> 10))
        chunks.append(chunk)
    try:
        return b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, Errors.E357) from None


def _formats(names: list[str], accept: str | None) -> tuple[str | None, str | None]:
    """(results format, graph format) asked for by the last `format` parameter this endpoint knows (a name or a
    media type), else by the Accept header. Clients repeat the parameter with values meant for other servers
    (SPARQLWrapper sends `format=n3`, `format=` …): those are passed over."""
    for name in reversed(names):
        key = name.strip().lower()
        if key in FORMAT_NAMES:
            return FORMAT_NAMES[key]
        if "/" in key:
            results, graphs = _negotiate(RESULT_TYPES, key), _negotiate(GRAPH_TYPES, key)
            if results or graphs:
                return results, graphs
    return _negotiate(RESULT_TYPES, accept), _negotiate(GRAPH_TYPES, accept)


def _negotiate(types: list[tuple[str, str]], accept: str | None) -> str | None:
    import mimeparse

    try:
        best = mimeparse.best_match([t for t, _ in types], accept or "*/*")
    except (mimeparse.MimeTypeParseException, ValueError, IndexError):
        best = mimeparse.best_match([t for t, _ in types], "*/*")
    return dict(types).get(best)


def service_description(request: Request, graphs: str | None) -> Response:
    """The SPARQL service description of this endpoint, in Turtle (or the RDF format asked for)."""
    if graphs is None:
        return _error(406, Errors.E358)
    from ..rdf.namespaces import PREFIX_IRIS
    from ..rdf.workers import GRAPH_FORMATS, RESULT_FORMATS

    limits = request.app.state.pool.limits
    g = Graph()
    g.bind("sd", SD)
    service, dataset, default = BNode(), BNode(), BNode()
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(str(request.url.replace(query="", fragment="")))))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for name in RESULT_FORMATS:
        g.add((service, SD.resultFormat, URIRef(result_format(name).iri)))
    for name in GRAPH_FORMATS:
        g.add((service, SD.resultFormat, URIRef(graph_format(name).iri)))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    g.add((service, SD.defaultEntailmentRegime, ENTAILMENT.Simple))
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, RDFS.comment, Literal("The union of the named graphs: one per report, and the summary graph.",
                                          lang="en")))
    g.add((service, RDFS.comment, Literal(
        f"Read-only. Updates, SERVICE, FROM and FROM NAMED are refused. Each query runs at most {limits.timeout:g} s "
        f"and returns at most {limits.max_rows:,} rows or triples. These prefixes need no declaration: "
        + ", ".join(f"{p}: <{ns}>" for p, ns in PREFIX_IRIS.items()) + ".", lang="en")))
    body = g.serialize(format=SERVICE_DESCRIPTION_FORMATS[graphs], encoding="utf-8")
    return Response(body, media_type=graph_format(graphs).media_type, headers={"Vary": "Accept"})


def _error(status: int, message: str) -> Response:
    headers = {"Retry-After": "5"} if status == 503 else None
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)
