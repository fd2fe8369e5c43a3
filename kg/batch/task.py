"""One file → one `Result`: read (once), extract, resolve, convert to N-Quads and a networkx fragment.

The unit of work of every engine. With a cache, the file's bytes are read once: they make the cache key and, on a
miss, the report. A result is plain data (JSON-compatible), so it crosses process boundaries and goes in the cache.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..config import DEFAULT, BuildConfig
from ..errors import Errors, IngestError, describe
from ..model import Extraction

# What a task makes: "extraction" (kg extract) or everything a build needs.
EXTRACT = ("extraction",)
BUILD = ("extraction", "rdf", "graph", "report")


@dataclass
class Result:
    """What processing one file gives."""

    path: str
    error: str | None = None      # why the file could not be used (a message with its code)
    extracted: bool = False       # whether it was read (an error after reading is an ExtractionError)
    report_id: str | None = None
    named: bytes = b""            # the report's named graph, sorted N-Quads
    default: bytes = b""          # its default-graph lines (provenance)
    fragment: list = field(default_factory=list)  # kg.graph.Fragment ops
    report_file: bytes = b""      # reports/<id>.json for kg serve: text, metadata, spans (kg.serve.reports)
    extraction: Extraction | None = None
    masked: int = 0               # private names masked in this report
    cached: bool = False
    cache_key: str | None = None  # the cache entry this result was read from or written to

    def to_entry(self) -> dict:
        """The cache entry of a successful result (JSON-compatible)."""
        return {"report_id": self.report_id, "named": self.named.decode("utf-8"),
                "default": self.default.decode("utf-8"), "fragment": self.fragment, "masked": self.masked,
                "report_file": self.report_file.decode("utf-8"),
                "extraction": self.extraction.to_dict() if self.extraction is not None else None}

    @classmethod
    def from_entry(cls, path: str, entry: dict, keep_extraction: bool) -> "Result | None":
        """The result a cache entry holds, or None when the entry lacks what is needed."""
        try:
            ex = entry["extraction"]
            extraction = Extraction.from_dict(ex) if keep_extraction and ex is not None else None
            if keep_extraction and extraction is None:
                return None
            return cls(path, report_id=entry["report_id"], named=entry["named"].encode("utf-8"),
                       default=entry["default"].encode("utf-8"), fragment=list(entry["fragment"]),
                       report_file=entry["report_file"].encode("utf-8"),
                       extraction=extraction, masked=int(entry["masked"]), cached=True)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None  # a planted or damaged entry is a miss


@dataclass(frozen=True)
class Task:
    """How to process the files of one run (the same for every file)."""

    config: BuildConfig = DEFAULT
    products: tuple[str, ...] = BUILD

    def __call__(self, path) -> Result:
        return process_file(str(path), self)


@lru_cache(maxsize=4)
def nlp(private_names: bool = False, pipeline: str | None = None):
    """The pipeline of this process (made once per privacy setting and pipeline config file)."""
    from ..nlp import make_nlp

    return make_nlp(private_names=private_names, config=pipeline)


def extract_or_error(report, config: BuildConfig = DEFAULT) -> Extraction | IngestError:
    """The extraction of one report, or an ExtractionError: one report tripping a rule must not cost a batch its
    other reports."""
    from ..errors import ExtractionError
    from ..nlp import extract_report

    try:
        return extract_report(nlp(config.private_names, config.pipeline), report)
    except Exception as exc:
        return ExtractionError(report.path, Errors.E127.format(detail=describe(exc)))


def process_file(path: str, task: Task = Task()) -> Result:
    """Read, extract, resolve and convert one file."""
    from ..ingest import read_bytes, report_from_bytes
    from .cache import Cache, key

    config = task.config
    try:
        raw = read_bytes(path, config.limits)
    except IngestError as exc:
        return Result(path, error=exc.reason)
    cache = Cache(config.cache) if config.cache and "rdf" in task.products else None
    cache_key = key(raw, Path(path).name, config.extraction_key()) if cache else None
    if cache is not None:
        entry = cache.get(cache_key)
        hit = Result.from_entry(path, entry, config.keep_extractions) if entry is not None else None
        if hit is not None:
            hit.cache_key = cache_key
            return hit
    try:
        report = report_from_bytes(raw, path, config.limits)
    except IngestError as exc:
        return Result(path, error=exc.reason)
    ex = extract_or_error(report, config)
    if isinstance(ex, IngestError):
        return Result(path, error=ex.reason, extracted=True)
    result = Result(path, report_id=ex.report.id, extraction=ex, masked=ex.masked_names)
    if "rdf" in task.products or "graph" in task.products:
        try:
            _convert(ex, result, task.products)
        except Exception as exc:  # a report the converter cannot take costs only itself
            return Result(path, error=Errors.E128.format(detail=describe(exc)), extracted=True)
    if cache is not None:
        cache.put(cache_key, result.to_entry())
        result.cache_key = cache_key
    if not config.keep_extractions and "rdf" in task.products:
        result.extraction = None
    return result


def _convert(ex: Extraction, result: Result, products: tuple[str, ...]) -> None:
    from ..graph import fragment
    from ..rdf.convert import report_nquads
    from ..resolve.report import resolve_report

    resolved = resolve_report(ex)
    if "rdf" in products:
        result.named, result.default = report_nquads(resolved)
    if "graph" in products or "report" in products:
        result.fragment = fragment(resolved).ops
    if "report" in products:
        from ..serve.reports import report_file

        result.report_file = report_file(ex, resolved, result.fragment)
