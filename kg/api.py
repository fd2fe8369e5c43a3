"""The Python API behind the `kg` command: extract, build."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from .errors import ExtractionError, IngestError, describe
from .ingest import Report, iter_reports
from .model import Extraction

PathLike = str | os.PathLike


class Duplicate(NamedTuple):
    """A report found again under another path (or in another encoding): read once, counted once."""

    path: str
    first: str  # where the same report was read first


@dataclass
class ExtractionRun:
    """Extractions of the readable reports and the errors of the rest."""

    extractions: list[Extraction] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)


def iter_extractions(paths: Iterable[PathLike], nlp=None, private_names: bool = False
                     ) -> Iterator[Extraction | IngestError | Duplicate]:
    """Extractions one report at a time (streaming), in the order the files are found: an `IngestError` in place
    of each file that could not be read or extracted, a `Duplicate` for each report already seen.
    Private persons' names are masked in every text unless `private_names` is set (an explicit opt-in)."""
    nlp = nlp or _nlp()
    seen: dict[str, str] = {}
    for item in iter_reports(paths):
        if isinstance(item, IngestError):
            yield item
            continue
        if item.id in seen:
            yield Duplicate(item.path, seen[item.id])
            continue
        seen[item.id] = item.path
        yield extract_or_error(item, nlp, private_names)


def extract_or_error(report: Report, nlp=None, private_names: bool = False) -> Extraction | ExtractionError:
    """The extraction of one report, or an ExtractionError: one report tripping a rule must not cost a batch
    its other reports."""
    from .nlp import extract_report

    try:
        return extract_report(nlp or _nlp(), report, private_names=private_names)
    except Exception as exc:
        return ExtractionError(report.path, f"extraction failed ({describe(exc)})")


def extract(paths: PathLike | Iterable[PathLike], progress: Callable[[int], None] | None = None,
            private_names: bool = False) -> ExtractionRun:
    """Read every report under `paths` and extract its entities and relations (see `iter_extractions`)."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    run = ExtractionRun()
    for item in iter_extractions(paths, private_names=private_names):
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
    from .ingest import report_from_text
    from .nlp import extract_report

    return extract_report(_nlp(), report_from_text(text, path=path), private_names=private_names)


_NLP = None


def _nlp():
    global _NLP
    if _NLP is None:
        from .nlp import make_nlp

        _NLP = make_nlp()
    return _NLP


__all__ = ["extract", "extract_text", "iter_extractions", "ExtractionRun", "Duplicate", "Report"]
