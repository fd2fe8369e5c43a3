"""The `kg` command: a thin layer over the Python API (parse arguments, call, print)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from .errors import KGError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Chinese local-government rule-of-law reports → a knowledge graph.")
out = Console()
err = Console(stderr=True)

EXIT_OK, EXIT_SOME_FAILED, EXIT_NOTHING = 0, 1, 2
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _fail(message: str, code: int = EXIT_NOTHING):
    err.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


def _report_errors(errors) -> None:
    for e in errors:
        err.print(f"[yellow]skipped[/yellow] {e.path}: {e.reason}", highlight=False, soft_wrap=True)


def _progress():
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("reading reports"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=True, disable=not err.is_terminal)


@app.command()
def build(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Report files or folders (default: the bundled examples).")] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder to write the graph and views to.")] = Path("output"),
):
    """Read reports, extract entities and relations, and write the graph (Turtle, TriG), views and a summary."""
    from .build import build as run_build
    from .io import write_atomic

    if not paths:
        if not EXAMPLES.is_dir():
            _fail("no PATHS given and the bundled examples are not installed here")
        paths = [EXAMPLES]
    try:
        with _progress() as bar:
            task = bar.add_task("read", total=None)
            result = run_build(paths, progress=lambda n: bar.advance(task, n))
    except KGError as e:
        _fail(e.message)
    _report_errors(result.run.errors)
    for path, first in result.run.duplicates:
        err.print(f"[yellow]duplicate[/yellow] {path} (same report as {first}): counted once", highlight=False)
    for name, content in result.outputs().items():
        write_atomic(output / name, content)
    table = Table(title=f"kg build → {output}", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("reports", str(result.stats["reports"]))
    if result.run.errors:
        table.add_row("failed files", str(len(result.run.errors)))
    for kind, n in result.stats["entities"].items():
        table.add_row(kind, str(n))
    table.add_row("triples", str(result.stats["triples"]))
    table.add_row("seconds", f"{result.seconds:.1f}")
    out.print(table)
    raise typer.Exit(EXIT_SOME_FAILED if result.run.errors else EXIT_OK)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders.")],
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per report on stdout.")] = True,
    evidence: Annotated[bool, typer.Option("--evidence/--no-evidence", help="Include evidence spans.")] = True,
):
    """Extract entities and relations from reports and print them as JSON lines."""
    from .api import iter_extractions
    from .errors import IngestError

    failed = ok = 0
    for item in iter_extractions(paths):
        if isinstance(item, IngestError):
            failed += 1
            _report_errors([item])
            continue
        ok += 1
        sys.stdout.write(json.dumps(item.to_json(evidence=evidence), ensure_ascii=False) + "\n")
    sys.stdout.flush()
    if not ok:
        _fail("no readable report found", EXIT_NOTHING)
    raise typer.Exit(EXIT_SOME_FAILED if failed else EXIT_OK)


def main() -> None:
    try:
        app()
    except KGError as e:  # pragma: no cover - commands handle their own errors
        err.print(f"[red]error:[/red] {e.message}")
        sys.exit(EXIT_NOTHING)


if __name__ == "__main__":
    main()
