"""Ingestion: files and folders of reports → `Report` objects: clean text, an offset map back to the source."""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..config import Limits
from ..display import megabytes
from ..errors import Errors, IngestError, describe
from .formats import READERS, sniff
from .report import OffsetMap, Report, report_id
from .text import UndecodableError, clean, looks_like_text

__all__ = ["Report", "OffsetMap", "read_report", "read_bytes", "report_from_bytes", "report_from_text",
           "iter_reports", "discover", "report_id"]

SUFFIXES = frozenset(READERS)
SPECIAL_FILES = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                 (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


def discover(paths: Iterable[str | os.PathLike]) -> Iterator[Path | IngestError]:
    """Report files under `paths` (files as given; folders recursively, sorted, symlink loops skipped,
    hidden files and Office owner files `~$…` left out, and folders kg wrote (`kg.io.is_output_folder`): the
    views of a build whose output is inside its input are not reports). A kg output folder given as a path is an
    IngestError."""
    from ..io import is_output_folder

    for p in paths:
        path = Path(p)
        if path.is_dir() and is_output_folder(path):
            yield IngestError(path, Errors.E129)
        elif path.is_dir():
            yield from _walk(path)
        elif path.exists() or path.is_symlink():
            yield path  # reading it says what is wrong with a broken link, a link loop or a FIFO
        else:
            yield IngestError(path, Errors.E100)


def _walk(top: Path) -> Iterator[Path | IngestError]:
    """The report files under `top`, depth first in name order, without recursion: a stack of the folders
    being listed, so a tree nested thousands of folders deep costs memory in proportion, not Python's stack."""
    from ..io import is_output_folder

    seen: set[tuple[int, int]] = set()
    stack: list[Iterator[Path]] = [iter((top,))]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if entry is not top and entry.name.startswith((".", "~$")):
            continue  # hidden files, and the owner files Office leaves beside an open document
        try:
            if entry.is_dir():
                if entry is not top and is_output_folder(entry):
                    continue  # a build's output inside the input: its pages are kg's, not reports
                listed = _list_folder(entry, seen)
                if isinstance(listed, IngestError):
                    yield listed
                elif listed:
                    stack.append(iter(listed))
            elif entry.suffix.lower() in SUFFIXES:
                yield entry
        except OSError as exc:
            yield IngestError(entry, Errors.E105.format(reason=exc.strerror))


def _list_folder(folder: Path, seen: set) -> list[Path] | IngestError | None:
    """The entries of `folder` sorted by name; None when it was listed before (a symlink loop, or a folder
    reached twice); an `IngestError` when it cannot be opened or listed."""
    try:
        st = folder.stat()
    except OSError as exc:
        return IngestError(folder, Errors.E106.format(reason=exc.strerror))
    key = (st.st_dev, st.st_ino)
    if key in seen:
        return None
    seen.add(key)
    try:
        return sorted(folder.iterdir(), key=lambda e: e.name)
    except OSError as exc:
        return IngestError(folder, Errors.E107.format(reason=exc.strerror))


def report_from_text(text: str, path: str = "<text>", fmt: str = "txt", encoding: str | None = "utf-8") -> Report:
    """A report from text already in memory (cleaned: conversion artefacts removed, with the offset map)."""
    clean_text, offsets = clean(text)
    return Report(path=str(path), text=clean_text, format=fmt, encoding=encoding, offsets=offsets)


def read_report(path: str | os.PathLike, limits: Limits = Limits()) -> Report:
    """Read one report file. Raises `IngestError` with a readable one-line reason when it cannot."""
    return report_from_bytes(read_bytes(path, limits), path, limits)


def report_from_bytes(raw: bytes, path: str | os.PathLike, limits: Limits = Limits()) -> Report:
    """The report in the bytes `raw` of the file at `path` (read once by the caller, e.g. for a cache key)."""
    path = Path(path)
    if not raw.strip():
        raise IngestError(path, Errors.E101)
    reader = sniff(raw, path.suffix.lower())
    try:
        text, encoding = reader(raw)
        if len(text) > limits.max_chars:
            raise UndecodableError(Errors.E110.format(chars=len(text), limit=limits.max_chars))
        if not looks_like_text(text):
            raise UndecodableError(Errors.E111)
        fmt = reader.__name__.removeprefix("read_")
        report = report_from_text(text, path=str(path), fmt=fmt, encoding=encoding)
        if not report.text.strip():
            raise UndecodableError(Errors.E112)
        return report
    except UndecodableError as exc:
        raise IngestError(path, str(exc)) from None
    except Exception as exc:  # a reader tripped over this file: say so; the batch goes on
        raise IngestError(path, Errors.E113.format(detail=describe(exc))) from None


def read_bytes(path: str | os.PathLike, limits: Limits = Limits()) -> bytes:
    """The file's bytes, for regular files within the size limit; `IngestError` for everything else."""
    path = Path(path)
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # reading a FIFO or a device would wait, or never end
            kind = next((name for test, name in SPECIAL_FILES if test(st.st_mode)), "a special file")
            raise IngestError(path, Errors.E103.format(kind=kind))
        if st.st_size > limits.max_bytes:
            raise IngestError(path, Errors.E102.format(size=megabytes(st.st_size), limit=megabytes(limits.max_bytes)))
        with path.open("rb") as fh:
            # as many bytes as stat said, and one more to see whether it grew since; read(max_bytes + 1) would
            # allocate 20 MB for every file, however small
            raw = fh.read(st.st_size + 1)
            if len(raw) > st.st_size:
                raw += fh.read(limits.max_bytes + 1 - len(raw))
    except IngestError:
        raise
    except PermissionError:
        raise IngestError(path, Errors.E104) from None
    except OSError as exc:
        raise IngestError(path, _os_reason(path, exc)) from None
    if len(raw) > limits.max_bytes:
        raise IngestError(path, Errors.E102.format(size=f"over {megabytes(limits.max_bytes)}",
                                                   limit=megabytes(limits.max_bytes)))
    return raw


def _os_reason(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return Errors.E108
    if exc.errno == errno.ENOENT and path.is_symlink():
        return Errors.E109.format(target=os.readlink(path))
    if exc.errno == errno.ENOENT:
        return Errors.E100
    return Errors.E105.format(reason=exc.strerror or exc.__class__.__name__)


def iter_reports(paths: Iterable[str | os.PathLike], limits: Limits = Limits()) -> Iterator[Report | IngestError]:
    """Every report under `paths`, or an `IngestError` for each file that could not be read."""
    for item in discover(paths):
        if isinstance(item, IngestError):
            yield item
            continue
        try:
            yield read_report(item, limits)
        except IngestError as exc:
            yield exc
