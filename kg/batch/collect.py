"""One fold of task results, shared by `kg.extract` and `kg.build`: what failed, what was a duplicate, what counts.

Files are found (`discover`) and processed in order; the first file of a report is kept, a later one with the
same report id (another name, another encoding) is a duplicate, counted once.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from ..errors import ExtractionError, IngestError
from ..model import Extraction
from .task import Result


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


@dataclass
class Collector:
    """Folds results: `add` says whether a result is a new report (True) or was set aside as an error or a
    duplicate (False), and keeps the counts."""

    run: ExtractionRun = field(default_factory=ExtractionRun)
    reports: int = 0
    cached: int = 0
    masked: int = 0            # private names masked, over all reports
    masked_reports: int = 0    # reports with at least one masked name
    cache_keys: set[str] = field(default_factory=set)  # the cache entries this run read or wrote
    _seen: dict[str, str] = field(default_factory=dict)

    def add(self, item: Result | IngestError) -> bool:
        if isinstance(item, IngestError):
            self.run.errors.append(item)
            return False
        if item.error is not None:
            self.run.errors.append((ExtractionError if item.extracted else IngestError)(item.path, item.error))
            return False
        if item.cache_key is not None:
            self.cache_keys.add(item.cache_key)
        if item.report_id in self._seen:
            self.run.duplicates.append(Duplicate(item.path, self._seen[item.report_id]))
            return False
        self._seen[item.report_id] = item.path
        self.reports += 1
        self.cached += item.cached
        self.masked += item.masked
        self.masked_reports += item.masked > 0
        if item.extraction is not None:
            self.run.extractions.append(item.extraction)
        return True


def fold(items: Iterable[Result | IngestError], collector: Collector) -> Iterator[Result | IngestError | Duplicate]:
    """`items` as they are folded into `collector`: each new report's result, each error, each duplicate."""
    for item in items:
        if collector.add(item):
            yield item
        elif isinstance(item, IngestError):
            yield item
        elif item.error is not None:
            yield collector.run.errors[-1]
        else:
            yield collector.run.duplicates[-1]
