"""The web app's pages: server-rendered HTML (Jinja2, autoescaped) over the rows of kg.serve.data.

    /                  search box, the counties, the most widely cited regulations
    /search?q=         counties, bodies, regulations, campaigns and officials by name, alias, short title or code
    /entity?iri=       an entity's page: a county, a regulation, or any other entity (body, official, campaign …)
    /report/<id>       a report's text with every extracted span highlighted; #char=START,END marks one span
    /ego?iri=          the pyvis ego view of an entity (kg.views.render_view), embedded by the entity pages
    /query             the canned queries as forms, a SPARQL editor, results as a table; /query/download as CSV/JSON
    /static/…          the app's own scripts and styles (no CDN: every asset ships in the package)

Safety: report text is untrusted. It reaches a page only through autoescaping or as JSON in a
`<script type="application/json">` block (`kg.views.page.script_json`), and the scripts put it into the DOM as
text only. Every page is sent with a Content-Security-Policy that allows the app's own scripts and nothing else.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ..errors import KGError
from ..views.page import LABELS, script_json
from . import data

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")

# The policy of every app page: its own scripts, styles and frames only; nothing leaves the server.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
KIND_LABELS = {**LABELS, "county": "县 county", "post": "职务 post"}


@lru_cache(maxsize=1)
def templates():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(kinds=KIND_LABELS, entity_href=entity_href)
    env.filters["join_years"] = lambda ys: "、".join(map(str, ys))
    return env


def entity_href(iri: str) -> str:
    return "/entity?" + urlencode({"iri": iri})


def source(request: Request) -> data.Source:
    return request.app.state.source


def page(name: str, status: int = 200, **context) -> HTMLResponse:
    return HTMLResponse(templates().get_template(name).render(**context), status_code=status, headers=HEADERS)


def error_page(status: int, message: str) -> HTMLResponse:
    return page("error.html", status=status, title="错误 error", message=message)


async def call(fn, *args):
    """`fn(*args)` off the event loop (it waits for query workers)."""
    return await run_in_threadpool(fn, *args)


def guarded(handler):
    """A page handler whose query errors (a time-out, a store that cannot be read) become an error page."""
    async def wrapped(request: Request):
        try:
            return await handler(request)
        except KGError as e:
            from .sparql import status_of

            return error_page(status_of(e), e.message)
    wrapped.__name__ = handler.__name__
    return wrapped


# ---------------------------------------------------------------------------------------------------- pages


@guarded
async def home(request: Request):
    return page("home.html", title="kg", home=await call(data.home, source(request)))


@guarded
async def search(request: Request):
    q = request.query_params.get("q", "")[:200]
    hits = await call(data.search, source(request), q) if q.strip() else []
    return page("search.html", title=f"搜索 search: {q}", q=q, hits=hits)


@guarded
async def entity(request: Request):
    iri = request.query_params.get("iri", "")
    if not iri.startswith(("http://", "https://")) or len(iri) > 2000:
        return error_page(400, "give an entity's IRI: /entity?iri=https://…")
    src = source(request)
    facts = await call(data.facts, src, iri)
    if not facts["values"]:
        return error_page(404, "the graph holds nothing about this IRI")
    if facts["kind"] == "report":
        report_id = data.first(facts["values"], data.KG.contentHash)
        if report_id:
            return RedirectResponse(f"/report/{report_id}", status_code=303)
    common = {"title": facts["label"], "facts": facts, "ego": "/ego?" + urlencode({"iri": iri})}
    if facts["kind"] == "county":
        county = await call(data.county, src, iri, _start(request.query_params.get("start")))
        return page("county.html", county=county, page_href=lambda start: "/entity?" + urlencode(
            {"iri": iri, **({"start": start} if start else {})}), **common)
    if facts["kind"] == "regulation":
        reg = await call(data.regulation, src, iri, facts)
        return page("regulation.html", reg=reg, spread=script_json(reg["spread"]), **common)
    return page("entity.html", entity=await call(data.entity, src, iri, facts), **common)


@guarded
async def report(request: Request):
    doc = await call(data.report, source(request), request.path_params["report_id"])
    if doc is None:
        return error_page(404, "no such report in this graph (its report file is missing: rebuild with kg build)")
    spans = doc["spans"]
    panel = [{"kind": s["kind"], "kindLabel": KIND_LABELS.get(s["kind"], s["kind"]), "label": s["label"],
              "href": entity_href(s["iri"]), "statement": s["statement"],
              "sentence": doc["text"][s["sentence"][0]:s["sentence"][1]]} for s in spans]
    counts = {}
    for s in spans:
        counts[s["kind"]] = counts.get(s["kind"], 0) + 1
    return page("report.html", title=doc["label"], doc=doc, segments=segments(doc["text"], spans),
                spans=script_json(panel), counts=counts)


def segments(text: str, spans: list[dict]) -> list[dict]:
    """`text` cut at every span boundary: [{"start", "end", "text", "spans": [indices], "kind"}], where
    "kind" is that of the shortest span covering the piece (None where no span does)."""
    cuts = sorted({0, len(text), *(s["start"] for s in spans), *(s["end"] for s in spans)})
    starts: dict[int, list[int]] = {}
    for i, s in enumerate(spans):
        starts.setdefault(s["start"], []).append(i)
    out, open_spans = [], []
    for a, b in zip(cuts, cuts[1:]):
        open_spans = [i for i in open_spans if spans[i]["end"] > a] + starts.get(a, [])
        inner = min(open_spans, key=lambda i: spans[i]["end"] - spans[i]["start"]) if open_spans else None
        out.append({"start": a, "end": b, "text": text[a:b], "spans": sorted(open_spans),
                    "kind": spans[inner]["kind"] if inner is not None else None})
    return out


async def ego(request: Request):
    """The ego view of an entity: a self-contained pyvis page (its own policy, in the page), to embed."""
    from ..views import ViewError, render_view
    from ..views.page import single_page_csp

    iri = request.query_params.get("iri", "")
    try:
        G = await call(data.ego_graph, source(request), iri)
        if G is None:
            return error_page(404, "no report names this entity: there is no view of it")
        html = await call(render_view, G, iri)
    except (KGError, ViewError) as e:
        return error_page(503 if not isinstance(e, ViewError) else 404, e.message)
    return HTMLResponse(html, headers={"Content-Security-Policy": single_page_csp() + "; frame-ancestors 'self'",
                                       "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"})


# -------------------------------------------------------------------------------------------------- queries


def _canned_params(request: Request, query: dict) -> dict[str, str]:
    return {p: request.query_params.get(p, "")[:500] for p in query["parameters"]}


async def query(request: Request):
    """The query page: canned queries with their parameters as form fields, a SPARQL editor, the result."""
    params = dict(request.query_params)
    if request.method == "POST":
        from urllib.parse import parse_qsl

        from .sparql import MAX_BODY

        body = await request.body()
        if len(body) > MAX_BODY:
            return error_page(413, f"the request is larger than {MAX_BODY >> 10} KiB")
        params.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    queries = data.canned()
    name, text = params.get("name", ""), params.get("sparql", "")
    result = error = None
    chosen = next((q for q in queries if q["name"] == name), None)
    downloads = []
    try:
        if chosen is not None:
            bound = {p: str(params.get(p, ""))[:500] for p in chosen["parameters"]}
            start = _start(params.get("start"))
            answer = await call(data.run_canned, source(request), name, bound, start)
            result = table_of(answer)
            args = urlencode({"name": name, **{k: v for k, v in bound.items() if v}})
            downloads = [(fmt.upper(), f"/query/download?{args}&format={fmt}") for fmt in ("csv", "json")]
            result["page"] = {"start": start, "first": f"/query?{args}" if start else None,
                              "next": f"/query?{args}&{urlencode({'start': answer.next_start})}"
                              if answer.next_start is not None else None}
        elif str(text).strip():
            answer = await call(data.run_sparql, source(request), str(text))
            result = sparql_table(answer)
            downloads = [(label, "/sparql?" + urlencode({"query": str(text), "format": fmt}))
                         for label, fmt in (("CSV", "csv"), ("JSON", "json"))] if result["kind"] == "table" else \
                [("Turtle", "/sparql?" + urlencode({"query": str(text), "format": "turtle"}))]
    except KGError as e:
        error = e.message
    return page("query.html", title="查询 query", queries=queries, chosen=chosen, values=params, sparql=str(text),
                result=result, error=error, downloads=downloads)


def _start(value) -> int:
    """The `start` of a page asked for in a link (anything that is not a count starts at the first page)."""
    try:
        return max(0, int(str(value or "0")[:12]))
    except ValueError:
        return 0


async def download(request: Request):
    """A canned query's result as CSV or JSON (`format`), with its parameters bound."""
    name = request.query_params.get("name", "")
    chosen = next((q for q in data.canned() if q["name"] == name), None)
    if chosen is None:
        return Response("no such canned query\n", status_code=404, media_type="text/plain")
    fmt = "json" if request.query_params.get("format", "csv") == "json" else "csv"
    try:
        body = await call(data.canned_download, source(request), name, _canned_params(request, chosen), fmt)
    except KGError as e:
        from .sparql import status_of

        return Response(e.message + "\n", status_code=status_of(e), media_type="text/plain")
    return Response(body, media_type="application/json" if fmt == "json" else "text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


def table_of(result) -> dict:
    """A QueryResult as a table of cells {"text", "href"} (IRIs link to their entity page)."""
    import pyoxigraph as ox

    columns = result.shown_columns()
    index = [result.columns.index(c) for c in columns]
    rows = [[{"text": result.display(row[i]),
              "href": entity_href(row[i].value) if isinstance(row[i], ox.NamedNode) else None} for i in index]
            for row in result.rows]
    return {"kind": "table", "columns": columns, "rows": rows}


def sparql_table(answer) -> dict:
    """A query answer (SPARQL JSON results, or triples) as a table, a boolean or text."""
    from ..rdf.namespaces import compact

    if answer.form in ("CONSTRUCT", "DESCRIBE"):
        return {"kind": "text", "text": answer.body.decode("utf-8", "replace")}
    doc = json.loads(answer.body)
    if "boolean" in doc:
        return {"kind": "boolean", "value": doc["boolean"]}
    columns = doc["head"]["vars"]
    rows = []
    for b in doc["results"]["bindings"]:
        row = []
        for c in columns:
            term = b.get(c)
            if term is None:
                row.append({"text": "", "href": None})
            elif term["type"] == "uri":
                row.append({"text": compact(term["value"]), "href": entity_href(term["value"])})
            else:
                row.append({"text": term["value"], "href": None})
        rows.append(row)
    return {"kind": "table", "columns": columns, "rows": rows}

