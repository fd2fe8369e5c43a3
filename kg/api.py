"""The Python API behind the `kg` command: extract, build."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .errors import IngestError
from .ingest import Report, iter_reports
from .model import Extraction

PathLike = str | os.PathLike


@dataclass
class ExtractionRun:
    """Extractions of the readable reports and the errors of the rest."""

    extractions: list[Extraction] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, path of the first copy)


def iter_extractions(paths: Iterable[PathLike], nlp=None) -> Iterator[Extraction | IngestError]:
    """Extractions one report at a time (streaming), errors in their place."""
    from .nlp import extract_report, make_nlp

    nlp = nlp or make_nlp()
    for item in iter_reports(paths):
        if isinstance(item, IngestError):
            yield item
        else:
            yield extract_report(nlp, item)


def extract(paths: PathLike | Iterable[PathLike], progress: Callable[[int], None] | None = None) -> ExtractionRun:
    """Read every report under `paths` and extract its entities and relations."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    run = ExtractionRun()
    seen: dict[str, str] = {}
    for item in iter_extractions(paths):
        if isinstance(item, IngestError):
            run.errors.append(item)
        elif item.report.id in seen:
            run.duplicates.append((item.report.path, seen[item.report.id]))
        else:
            seen[item.report.id] = item.report.path
            run.extractions.append(item)
        if progress:
            progress(1)
    return run


def extract_text(text: str, path: str = "<text>") -> Extraction:
    """Extract from a text in memory (handy in notebooks and tests)."""
    from .ingest import report_from_text
    from .nlp import extract_report, make_nlp

    return extract_report(_nlp(), report_from_text(text, path=path))


_NLP = None


def _nlp():
    global _NLP
    if _NLP is None:
        from .nlp import make_nlp

        _NLP = make_nlp()
    return _NLP


__all__ = ["extract", "extract_text", "iter_extractions", "ExtractionRun", "Report"]
