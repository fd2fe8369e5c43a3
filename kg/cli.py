"""The `kg` command: a thin layer over the Python API (parse arguments, call, print)."""
from __future__ import annotations

import json
import sys
import warnings
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from .display import one_line
from .errors import Errors, KGError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Chinese local-government rule-of-law reports → a knowledge graph.")
out = Console(emoji=False)  # a `:x:` in a file name is printed as written, not as an emoji
err = Console(stderr=True, emoji=False)

EXIT_OK, EXIT_SOME_FAILED, EXIT_NOTHING, EXIT_INTERRUPTED = 0, 1, 2, 130
EXAMPLES = Path(__file__).resolve().parent / "examples"  # ../examples, shipped in the package
_PYTHON_SHOWWARNING = warnings.showwarning


def _shown(value) -> str:
    """A path or message from outside, ready for rich: one line, control and bidi characters and bytes that are not
    UTF-8 escaped (`kg.display.one_line`), [brackets] printed as written."""
    from rich.markup import escape

    return escape(one_line(str(value)))


def _shown_path(path) -> str:
    """A file's path as `_shown`, the names of private persons in it masked (a file name is text too)."""
    from .nlp.privacy import mask_path

    return _shown(mask_path(str(path)))


def _fail(message: str, code: int = EXIT_NOTHING):
    err.print(f"[red]error:[/red] {_shown(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """kg's own warnings (`[W208] …`) as one line on stderr; others as Python shows them."""
    text = str(message)
    if text.startswith("[W"):
        err.print(f"[yellow]warning:[/yellow] {_shown(text)}", highlight=False, soft_wrap=True)
    else:
        _PYTHON_SHOWWARNING(message, category, filename, lineno, file, line)


def _report_errors(errors) -> None:
    """One line per file that failed: its path and the reason, printed as written (`_shown`)."""
    for e in errors:
        err.print(f"[yellow]skipped[/yellow] {_shown_path(e.path)}: {_shown_path(e.reason)}",
                  highlight=False, soft_wrap=True)


def _report_duplicates(duplicates) -> None:
    for d in duplicates:
        same = Errors.W209.format(first=_shown_path(d.first))
        err.print(f"[yellow]duplicate[/yellow] {_shown_path(d.path)}: {_shown(same)}",
                  highlight=False, soft_wrap=True)


def _progress():
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("reading reports"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=True, disable=not err.is_terminal)


PIPELINE_OPTION = typer.Option(
    "--pipeline", help="A spaCy config file to make the extraction pipeline from (`kg config` prints the default).")
PRIVATE_OPTION = typer.Option(
    "--private-names", help="Keep the names of private persons (petitioners …) in the text that outputs quote. "
    "Off by default: they are masked (张某某 → 某某某) everywhere.")


@app.command()
def build(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Report files or folders (default: the bundled examples).")] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder to write the graph and views to.")] = Path("output"),
    private_names: Annotated[bool, PRIVATE_OPTION] = False,
    workers: Annotated[Optional[int], typer.Option("--workers", "-w", min=1, help="Processes for extraction (default: all cores; batches under 50 files run in one).")] = None,
    cache: Annotated[bool, typer.Option("--cache/--no-cache", help="Reuse the results of unchanged files (kept in OUTPUT/.kg-cache).")] = True,
    engine: Annotated[str, typer.Option("--engine", help="auto (serial or processes, by the batch), serial, processes or dask.")] = "auto",
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Address of a Dask scheduler (default: a local cluster).")] = None,
    pipeline: Annotated[Optional[Path], PIPELINE_OPTION] = None,
    formats: Annotated[Optional[list[str]], typer.Option("--format", "-f", help="Single-file exports to write besides the N-Quads shards and the store: trig (the default), ttl, nt, jsonld, nq, graphml, gexf, as a comma list or repeated; all for every one, none for no single file.")] = None,
):
    """Read reports, extract entities and relations, and write the graph (graph.trig, N-Quads shards, a SPARQL
    store; other formats with --format), views and a summary. The output folder is replaced as a whole at the end:
    until then it stays as it was."""
    import os

    from .api import build as run_build
    from .batch.output import check_folder
    from .config import DEFAULT_FORMATS, BuildConfig, parse_formats
    from .errors import NoInputError

    try:
        chosen = parse_formats(DEFAULT_FORMATS if formats is None else formats)
    except KGError as e:
        _fail(e.message)
    if not paths:
        if not EXAMPLES.is_dir():
            _fail(Errors.E202)
        paths = [EXAMPLES]
    config = BuildConfig(private_names=private_names, workers=workers, cache=output / ".kg-cache" if cache else None,
                         engine="auto" if engine == "local" else engine, scheduler=scheduler, keep_extractions=False,
                         pipeline=str(pipeline) if pipeline else None, formats=chosen,
                         spool_dir=parent if (parent := Path(os.path.realpath(output)).parent).is_dir() else None)
    result = None
    try:
        check_folder(output)  # before a long build, not after it
        with warnings.catch_warnings(), _progress() as bar:
            warnings.showwarning = _show_warning
            task = bar.add_task("read", total=None)
            result = run_build(paths, progress=lambda n: bar.advance(task, n), config=config)
        _report_errors(result.run.errors)
        _report_duplicates(result.run.duplicates)
        try:
            result.write(output)
        finally:
            result.close()  # the spooled shards go now, whatever happened while writing
    except NoInputError as e:
        _report_errors(e.errors)
        _fail(e.message)
    except KGError as e:
        _fail(e.message)
    except OSError as e:
        _fail(Errors.E205.format(output=output, reason=e.strerror or e))
    except KeyboardInterrupt:
        _fail(Errors.E212.format(output=output), EXIT_INTERRUPTED)
    table = Table(title=f"kg build → {_shown(output)}", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("reports", str(result.stats["reports"]))
    if result.stats["cached"]:
        table.add_row("  of which unchanged (cached)", str(result.stats["cached"]))
    if result.run.errors:
        table.add_row("failed files", str(len(result.run.errors)))
    if result.run.duplicates:
        table.add_row("duplicates", str(len(result.run.duplicates)))
    for kind, n in result.stats["entities"].items():
        table.add_row(kind, str(n))
    table.add_row("quads", str(result.stats["quads"]))
    if result.stats["triples"] is not None:
        table.add_row("triples (merged)", str(result.stats["triples"]))
    masked = result.stats["private_names_masked"]
    if masked["names"]:
        table.add_row("private names masked", f"{masked['names']} in {masked['reports']} reports")
    table.add_row("seconds", f"{result.seconds:.1f}")
    out.print(table)
    out.print(f"open {output / 'index.html'} in a browser for the views; `kg query --graph {output} …` for SPARQL",
              highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_SOME_FAILED if result.run.errors else EXIT_OK)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders.")],
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per report on stdout.")] = True,
    evidence: Annotated[bool, typer.Option("--evidence/--no-evidence", help="Include evidence spans.")] = True,
    private_names: Annotated[bool, PRIVATE_OPTION] = False,
    pipeline: Annotated[Optional[Path], PIPELINE_OPTION] = None,
):
    """Extract entities and relations from reports and print them as JSON lines."""
    from .api import Duplicate, iter_extractions
    from .errors import IngestError

    failed = ok = duplicates = 0
    for item in iter_extractions(paths, private_names=private_names, pipeline=str(pipeline) if pipeline else None):
        if isinstance(item, IngestError):
            failed += 1
            _report_errors([item])
        elif isinstance(item, Duplicate):
            duplicates += 1
            _report_duplicates([item])
        else:
            ok += 1
            sys.stdout.write(json.dumps(item.to_json(evidence=evidence), ensure_ascii=False) + "\n")
    sys.stdout.flush()
    if failed or duplicates:
        err.print(f"{ok} reports extracted, {failed} files failed, {duplicates} duplicates", highlight=False)
    if not ok:
        _fail(Errors.E201, EXIT_NOTHING)
    raise typer.Exit(EXIT_SOME_FAILED if failed else EXIT_OK)


GRAPH_OPTION = typer.Option("--graph", "-g", help="The folder `kg build` wrote (default: output/, where `kg build` writes).")


@app.command()
def view(
    entity: Annotated[Optional[str], typer.Argument(help="A county, organisation, regulation… by name, alias or code.")] = None,
    kind: Annotated[Optional[str], typer.Option("--kind", help="overview, county-regulation, or an entity kind (county, organization, regulation, campaign…).")] = None,
    graph: Annotated[Path, GRAPH_OPTION] = Path("output"),
    paths: Annotated[Optional[list[Path]], typer.Option("-i", "--input", help="Report files or folders to read instead of a built graph.")] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="The HTML file to write.")] = Path("view.html"),
):
    """Write one interactive view (a single offline HTML file) of a built graph: an entity's neighbourhood, or a
    whole view."""
    from .io import write_atomic
    from .views import render_view

    if output.is_dir():
        _fail(Errors.E404.format(path=output, example=output / "view.html"))
    try:
        if paths:
            from .api import build as run_build

            result = run_build(paths)
            _report_errors(result.run.errors)
            G = result.nx
        else:
            from .graph import load

            G = load(graph)
        page = render_view(G, entity=entity, kind=kind)
    except KGError as e:
        _fail(e.message)
    try:
        write_atomic(output, page)
    except IsADirectoryError:
        _fail(Errors.E404.format(path=output, example=output / "view.html"))
    except OSError as e:
        _fail(Errors.E405.format(path=output, reason=e.strerror or e))
    out.print(f"wrote {_shown(output)}", highlight=False, soft_wrap=True)


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def _parse_params(items: list[str] | None) -> dict[str, str]:
    params = {}
    for item in items or ():
        name, sep, value = item.partition("=")
        if not sep or not name:
            _fail(Errors.E501.format(item=item))
        if value.startswith("<"):  # an IRI: a name in <…> that must be one
            _check_iri(name, value)
        params[name] = value
    return params


def _check_iri(name: str, value: str) -> None:
    import pyoxigraph as ox

    if not value.endswith(">") or len(value) < 2:
        _fail(Errors.E504.format(name=name, value=value))
    try:
        ox.NamedNode(value[1:-1])
    except ValueError as e:
        _fail(Errors.E502.format(name=name, value=value, detail=e))


CELL_CHARS = 60  # a table cell longer than this (in terminal columns) is cut, with …
NARROW = 12       # below this many terminal columns per column, rows are printed one field per line


def _cut(text: str, width: int = CELL_CHARS) -> tuple[str, bool]:
    """`text` on one line, at most `width` terminal columns (wide CJK characters count two), and whether it was cut."""
    from rich.cells import cell_len, set_cell_size

    text = " ".join(text.split())
    if cell_len(text) <= width:
        return text, False
    return set_cell_size(text, width - 1).rstrip() + "…", True


def _print_result(result, fmt: "OutputFormat", title: str | None = None) -> None:
    """A result as JSON, CSV (labels, as the table shows them) or a table that fits the terminal: one column per
    variable (parameters left out), long cells cut, and on a narrow terminal one field per line."""
    import csv

    columns = result.shown_columns()
    index = [result.columns.index(c) for c in columns]
    if fmt is OutputFormat.json:
        sys.stdout.write(json.dumps(result.records() if result.boolean is None else result.boolean,
                                    ensure_ascii=False, indent=2) + "\n")
        return
    if fmt is OutputFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        for row in result.rows:
            writer.writerow([result.display(row[i]) for i in index])
        return
    from rich import box
    from rich.markup import escape

    cut = False
    cells = []
    for row in result.rows:
        shown = []
        for i in index:
            text, was_cut = _cut(one_line(result.display(row[i])))
            cut |= was_cut
            shown.append(escape(text))
        cells.append(shown)
    if columns and out.width < NARROW * len(columns):
        for n, row in enumerate(cells, 1):
            record = Table.grid(padding=(0, 2))
            record.add_column(style="bold", no_wrap=True)
            record.add_column(overflow="fold")
            for c, text in zip(columns, row):
                record.add_row(c, text)
            out.print(f"[dim]── {n} ──[/dim]", highlight=False)
            out.print(record)
    else:
        table = Table(title=title, box=box.SIMPLE_HEAD, show_lines=False, pad_edge=False)
        for c in columns:
            table.add_column(c, overflow="fold")
        for row in cells:
            table.add_row(*row)
        out.print(table)
    more = "; long cells are cut (--format csv or json gives them whole)" if cut else ""
    out.print(f"{len(result.rows)} rows{more}", highlight=False)


@app.command()
def query(
    spec: Annotated[str, typer.Argument(metavar="NAME|FILE.rq|SPARQL", help="A canned query name, a .rq file, or SPARQL text.")],
    graph: Annotated[Path, GRAPH_OPTION] = Path("output"),
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="table, csv or json.")] = OutputFormat.table,
    param: Annotated[Optional[list[str]], typer.Option("--param", "-p", help="Bind a query parameter: NAME=VALUE (e.g. county=宁阳县).")] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=0.001, help="Stop the query after this many seconds.")] = 30.0,
    max_rows: Annotated[int, typer.Option("--max-rows", min=0, help="Refuse a result of more rows than this.")] = 100_000,
    limit: Annotated[Optional[int], typer.Option("--limit", help="One page of about this many rows (a listing gives whole reports); the next page's --start goes to stderr.")] = None,
    start: Annotated[int, typer.Option("--start", help="Where the page begins: 0, or the number the page before gave.")] = 0,
):
    """Run a SPARQL query (a canned query name, a .rq file or SPARQL text) on a built graph. `kg queries` lists the canned ones."""
    from .rdf.workers import CLI_LIMITS, run

    params = _parse_params(param)
    if limit is None and start:
        _fail(Errors.E318.format(limit="(none)", start=start))
    try:
        result = run(graph, spec, params, replace(CLI_LIMITS, timeout=timeout, max_rows=max_rows), limit, start)
    except KGError as e:
        _fail(e.message + _which_graph(e, graph))
    _print_result(result, fmt, title=spec if "\n" not in spec and len(spec) < 60 else None)
    if limit is not None:
        where = f"--start {result.next_start}" if result.next_start is not None else "none: this page ends the result"
        err.print(f"{len(result.rows):,} rows from --start {start}; the next page: {where}", highlight=False,
                  soft_wrap=True)


@app.command("queries")
def list_queries():
    """List the canned queries, what they answer and their parameters (`--param NAME=VALUE`)."""
    from rich.markup import escape
    from rich.padding import Padding

    from .rdf.ontology import canned_queries

    for q in canned_queries().values():
        out.print(f"[bold]{q.name}[/bold]", highlight=False, soft_wrap=True)
        out.print(Padding(escape(" ".join(q.doc.splitlines())), (0, 0, 0, 2)), highlight=False)
        for p in q.parameters:
            out.print(Padding(f"[cyan]--param {p.name}=…[/cyan]  {escape(p.doc)}", (0, 0, 0, 2)), highlight=False)
        out.print()


@app.command()
def cites(
    county: Annotated[Optional[str], typer.Argument(help="A county's name (宁阳县, 宁阳) or GB/T 2260 code; all counties when left out.")] = None,
    graph: Annotated[Path, GRAPH_OPTION] = Path("output"),
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="table, csv or json.")] = OutputFormat.table,
):
    """The regulations a county cites, by year, with evidence."""
    from .rdf.query import run
    from .rdf.store import open_store

    if county is not None and not county.strip():
        _fail(Errors.E503)
    try:
        result = run(open_store(graph), "regulations_by_county", {"county": county} if county else None)
    except KGError as e:
        _fail(e.message + _which_graph(e, graph))
    if county and not result.rows:
        _fail(Errors.E320.format(county=county, graph=graph), EXIT_SOME_FAILED)
    result = result.select("county", "year", "title", "report", "evidence")
    if fmt is not OutputFormat.table:
        _print_result(result, fmt)
        return
    from rich.markup import escape

    last = (None, None)
    for row in result.rows:
        county_name, year, title, report, sentence = (result.display(t) for t in row)
        if county_name != last[0]:
            out.print(f"[bold]{escape(county_name or '(county unknown)')}[/bold]")
        if (county_name, year) != last:
            out.print(f"  [cyan]{escape(year or '(year unknown)')}[/cyan]")
        last = (county_name, year)
        out.print(f"    《{escape(title)}》  [dim]{escape(report)}[/dim]")
        if sentence:
            out.print(f"      [dim]“{escape(sentence)}”[/dim]")
    out.print(f"{len(result.rows)} citations", highlight=False)


def _which_graph(error: KGError, graph: Path) -> str:
    """For a value the graph does not have ([E360]): which graph was asked, so that a user who built elsewhere
    (`kg build … -o out`) sees why."""
    if error.code != "E360":
        return ""
    return f" (this is the graph in {graph}/; give --graph DIR for the folder `kg build -o DIR` wrote)"


@app.command("config")
def show_config(
    private_names: Annotated[bool, PRIVATE_OPTION] = False,
):
    """Print the config the extraction pipeline is made from (spaCy's format: every component and its settings)."""
    from .nlp import make_nlp

    sys.stdout.write(make_nlp(private_names=private_names).config.to_str() + "\n")


@app.command()
def serve(
    directory: Annotated[Path, typer.Argument(help="The folder `kg build` wrote.")] = Path("output"),
    host: Annotated[str, typer.Option("--host", help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Query worker processes.")] = 2,
    timeout: Annotated[float, typer.Option("--timeout", min=0.001, help="Stop a query after this many seconds.")] = 10.0,
    max_rows: Annotated[int, typer.Option("--max-rows", min=0, help="Refuse a result of more rows than this.")] = 100_000,
    cache: Annotated[int, typer.Option("--cache", min=0, help="Keep the answers to this many recent queries "
                                                              "(0: ask the store every time).")] = 1024,
    page_rows: Annotated[int, typer.Option("--page-rows", min=1, help="Rows of a canned query's result the query "
                                                                      "page shows at a time (a download has all).")] = 500,  # kg.serve.data.PAGE_ROWS
    county_reports: Annotated[int, typer.Option("--county-reports", min=1, help="Reports a county page shows at a "
                                                                                "time, newest first (its tables are "
                                                                                "about them).")] = 25,  # kg.serve.data.COUNTY_REPORTS
):
    """Serve a built graph: the web app at /, a read-only SPARQL 1.1 endpoint at /sparql, and /health."""
    from .rdf.workers import SERVER_LIMITS
    from .serve import serve as run_server

    try:
        run_server(directory, host, port, workers=workers, cache=cache, page_rows=page_rows,
                   county_reports=county_reports, limits=replace(SERVER_LIMITS, timeout=timeout, max_rows=max_rows))
    except KGError as e:
        _fail(e.message)


@app.command()
def validate(
    directory: Annotated[Path, typer.Argument(help="The folder `kg build` wrote.")] = Path("output"),
):
    """Check a built graph against the SHACL shapes (ontology/shapes.ttl); exit 0 when it conforms."""
    from .rdf.validate import validate as run_validate

    try:
        report = run_validate(directory)
    except KGError as e:
        _fail(e.message)
    if report.violations:
        table = Table(title=f"SHACL results for {directory}", show_lines=False)
        for c in ("severity", "focus node", "property", "value", "message"):
            table.add_column(c, overflow="fold")
        for v in report.violations:
            table.add_row(v.severity, v.focus, v.path, v.value[:80], v.message)
        out.print(table)
    out.print(("[green]" if report.conforms else "[red]") + report.summary(), highlight=False)
    raise typer.Exit(EXIT_OK if report.conforms else EXIT_SOME_FAILED)


def main() -> None:
    try:
        app()
    except KGError as e:  # pragma: no cover - commands handle their own errors
        err.print(f"[red]error:[/red] {_shown(e.message)}", highlight=False, soft_wrap=True)
        sys.exit(EXIT_NOTHING)
    except KeyboardInterrupt:  # Ctrl-C before a command runs (typer ends a running one with 130 too)
        sys.exit(EXIT_INTERRUPTED)


if __name__ == "__main__":
    main()
