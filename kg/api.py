"""The Python API behind the `kg` command: extract, build, load a built graph.

Every function takes a `BuildConfig` (`config=`) or, for convenience, its fields as keyword arguments
(`kg.build("reports/", workers=4, cache="cache/")`).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator

from .batch import BuildResult, Duplicate, ExtractionRun
from .config import DEFAULT, BuildConfig
from .errors import IngestError
from .model import Extraction

PathLike = str | os.PathLike


def _config(config: BuildConfig | None, settings: dict) -> BuildConfig:
    return (config or DEFAULT).replace(**settings) if settings else (config or DEFAULT)


def _paths(paths) -> list:
    return [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)


def iter_extractions(paths: PathLike | Iterable[PathLike], config: BuildConfig | None = None, **settings
                     ) -> Iterator[Extraction | IngestError | Duplicate]:
    """Extractions one report at a time (streaming), in the order the files are found: an `IngestError` in place
    of each file that could not be read or extracted, a `Duplicate` for each report already seen. Private persons'
    names are masked in every text unless `private_names` is set (an explicit opt-in)."""
    from .batch import iter_extractions as run

    return run(_paths(paths), _config(config, settings))


def extract(paths: PathLike | Iterable[PathLike], progress: Callable[[int], None] | None = None,
            config: BuildConfig | None = None, **settings) -> ExtractionRun:
    """Read every report under `paths` and extract its entities and relations (see `iter_extractions`)."""
    run = ExtractionRun()
    for item in iter_extractions(paths, config, **settings):
        if isinstance(item, IngestError):
            run.errors.append(item)
        elif isinstance(item, Duplicate):
            run.duplicates.append(item)
        else:
            run.extractions.append(item)
        if progress:
            progress(1)
    return run


def extract_text(text: str, path: str = "<text>", private_names: bool = False) -> Extraction:
    """Extract from a text in memory (handy in notebooks and tests)."""
    from .batch.task import nlp
    from .ingest import report_from_text
    from .nlp import extract_report

    return extract_report(nlp(private_names), report_from_text(text, path=path))


def build(paths: PathLike | Iterable[PathLike], progress: Callable[[int], None] | None = None,
          config: BuildConfig | None = None, **settings) -> BuildResult:
    """Build the graph of every report under `paths`.

    Settings (`BuildConfig` fields): workers (processes for extraction; default all cores, batches under 50 files
    in this process), engine ("auto", "serial", "processes" or "dask"; scheduler: a Dask scheduler address),
    cache (a folder of per-file results: files whose bytes, name, kg version, data files and privacy setting are
    unchanged are not processed again), keep_extractions (keep every Extraction in `run.extractions`; the CLI does
    not, so memory stays flat), private_names (keep private persons' names; masked by default) and the limits."""
    from .batch import build as run

    return run(_paths(paths), _config(config, settings), progress)


def load_graph(directory: PathLike = "output"):
    """The merged graph a build wrote to `directory` (every statement of its dataset once, from the N-Quads
    shards), as an rdflib Graph. GraphNotFoundError (E301) where no build is, (E305) for shards that are not
    N-Quads."""
    from rdflib import Graph

    from .errors import Errors, GraphNotFoundError, describe
    from .rdf.dataset import triple_lines
    from .rdf.namespaces import bind_all
    from .rdf.store import dataset_files

    lines: set[bytes] = set()
    for f in dataset_files(directory):
        try:
            lines |= triple_lines(f)
        except (SyntaxError, ValueError, OSError) as exc:  # pyoxigraph: SyntaxError for bytes that are not N-Quads
            raise GraphNotFoundError(Errors.E305.format(path=f, detail=describe(exc), directory=directory)) from None
    g = Graph()
    bind_all(g)
    g.parse(data=b"".join(lines), format="nt")
    return g


__all__ = ["extract", "extract_text", "iter_extractions", "build", "load_graph", "ExtractionRun", "Duplicate",
           "BuildConfig"]
