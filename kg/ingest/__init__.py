"""Ingestion: files and folders of reports → `Report` objects with clean text and metadata."""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import IngestError
from .formats import READERS, sniff
from .metadata import extract_metadata
from .report import OffsetMap, Report, ReportMeta, report_id
from .text import UndecodableError, clean, looks_like_text

__all__ = ["Report", "ReportMeta", "OffsetMap", "read_report", "report_from_text", "iter_reports",
           "discover", "report_id"]

SUFFIXES = frozenset(READERS)
MAX_BYTES = 200 * 1024 * 1024


def discover(paths: Iterable[str | os.PathLike]) -> Iterator[Path | IngestError]:
    """Report files under `paths` (files as given; folders recursively, sorted, symlink loops skipped,
    hidden files and Office owner files `~$…` left out)."""
    for p in paths:
        path = Path(p)
        if not path.exists():
            yield IngestError(path, "no such file or folder")
        elif path.is_dir():
            seen: set[tuple[int, int]] = set()
            yield from _walk(path, seen)
        else:
            yield path


def _walk(folder: Path, seen: set) -> Iterator[Path | IngestError]:
    try:
        st = folder.stat()
    except OSError as exc:
        yield IngestError(folder, f"cannot open folder ({exc.strerror})")
        return
    key = (st.st_dev, st.st_ino)
    if key in seen:
        return  # a symlink loop or a folder reached twice
    seen.add(key)
    try:
        entries = sorted(folder.iterdir(), key=lambda e: e.name)
    except OSError as exc:
        yield IngestError(folder, f"cannot list folder ({exc.strerror})")
        return
    for entry in entries:
        if entry.name.startswith((".", "~$")):
            continue  # hidden files, and the owner files Office leaves beside an open document
        try:
            if entry.is_dir():
                yield from _walk(entry, seen)
            elif entry.suffix.lower() in SUFFIXES:
                yield entry
        except OSError as exc:
            yield IngestError(entry, f"cannot read ({exc.strerror})")


def report_from_text(text: str, path: str = "<text>", fmt: str = "txt", encoding: str | None = "utf-8") -> Report:
    """A report from text already in memory (cleaned, with metadata)."""
    clean_text, offsets = clean(text)
    meta, _ = extract_metadata(clean_text)
    return Report(path=str(path), text=clean_text, format=fmt, encoding=encoding, meta=meta, offsets=offsets)


def read_report(path: str | os.PathLike) -> Report:
    """Read one report file. Raises `IngestError` with a readable reason when it cannot."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise IngestError(path, f"file too large ({size // 1024 // 1024} MB; limit {MAX_BYTES // 1024 // 1024} MB)")
        raw = path.read_bytes()
    except IngestError:
        raise
    except PermissionError:
        raise IngestError(path, "permission denied") from None
    except OSError as exc:
        raise IngestError(path, f"cannot read ({exc.strerror or exc})") from None
    if not raw.strip():
        raise IngestError(path, "empty file")
    reader = sniff(raw, path.suffix.lower())
    try:
        text, encoding = reader(raw)
    except UndecodableError as exc:
        raise IngestError(path, str(exc)) from None
    if not looks_like_text(text):
        raise IngestError(path, "no readable text")
    fmt = reader.__name__.removeprefix("read_")
    return report_from_text(text, path=str(path), fmt=fmt, encoding=encoding)


def iter_reports(paths: Iterable[str | os.PathLike]) -> Iterator[Report | IngestError]:
    """Every report under `paths`, or an `IngestError` for each file that could not be read."""
    for item in discover(paths):
        if isinstance(item, IngestError):
            yield item
            continue
        try:
            yield read_report(item)
        except IngestError as exc:
            yield exc
