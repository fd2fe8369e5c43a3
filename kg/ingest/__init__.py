"""Ingestion: files and folders of reports → `Report` objects with clean text and metadata."""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..display import megabytes
from ..errors import IngestError, describe
from .formats import READERS, sniff
from .metadata import extract_metadata
from .report import OffsetMap, Report, ReportMeta, report_id
from .text import UndecodableError, clean, looks_like_text

__all__ = ["Report", "ReportMeta", "OffsetMap", "read_report", "report_from_text", "iter_reports",
           "discover", "report_id"]

SUFFIXES = frozenset(READERS)
# A real report is under 1 MB. Larger files are refused before they are read (time and memory stay flat), and
# so are texts that convert to more characters than any report has (a small .docx can unzip to a huge text).
MAX_BYTES = 20 * 1024 * 1024
MAX_CHARS = 500_000
SPECIAL_FILES = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                 (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


def discover(paths: Iterable[str | os.PathLike]) -> Iterator[Path | IngestError]:
    """Report files under `paths` (files as given; folders recursively, sorted, symlink loops skipped,
    hidden files and Office owner files `~$…` left out)."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists() or path.is_symlink():
            yield path  # reading it says what is wrong with a broken link, a link loop or a FIFO
        else:
            yield IngestError(path, "no such file or folder")


def _walk(top: Path) -> Iterator[Path | IngestError]:
    """The report files under `top`, depth first in name order, without recursion: a stack of the folders
    being listed, so a tree nested thousands of folders deep costs memory in proportion, not Python's stack."""
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
                listed = _list_folder(entry, seen)
                if isinstance(listed, IngestError):
                    yield listed
                elif listed:
                    stack.append(iter(listed))
            elif entry.suffix.lower() in SUFFIXES:
                yield entry
        except OSError as exc:
            yield IngestError(entry, f"cannot read ({exc.strerror})")


def _list_folder(folder: Path, seen: set) -> list[Path] | IngestError | None:
    """The entries of `folder` sorted by name; None when it was listed before (a symlink loop, or a folder
    reached twice); an `IngestError` when it cannot be opened or listed."""
    try:
        st = folder.stat()
    except OSError as exc:
        return IngestError(folder, f"cannot open folder ({exc.strerror})")
    key = (st.st_dev, st.st_ino)
    if key in seen:
        return None
    seen.add(key)
    try:
        return sorted(folder.iterdir(), key=lambda e: e.name)
    except OSError as exc:
        return IngestError(folder, f"cannot list folder ({exc.strerror})")


def report_from_text(text: str, path: str = "<text>", fmt: str = "txt", encoding: str | None = "utf-8") -> Report:
    """A report from text already in memory (cleaned, with metadata)."""
    clean_text, offsets = clean(text)
    meta, _ = extract_metadata(clean_text)
    return Report(path=str(path), text=clean_text, format=fmt, encoding=encoding, meta=meta, offsets=offsets)


def read_report(path: str | os.PathLike) -> Report:
    """Read one report file. Raises `IngestError` with a readable one-line reason when it cannot."""
    path = Path(path)
    raw = _read_bytes(path)
    if not raw.strip():
        raise IngestError(path, "empty file")
    reader = sniff(raw, path.suffix.lower())
    try:
        text, encoding = reader(raw)
        if len(text) > MAX_CHARS:
            raise UndecodableError(f"text too long ({len(text):,} characters; the limit is {MAX_CHARS:,})")
        if not looks_like_text(text):
            raise UndecodableError("no readable text")
        fmt = reader.__name__.removeprefix("read_")
        report = report_from_text(text, path=str(path), fmt=fmt, encoding=encoding)
        if not report.text.strip():
            raise UndecodableError("no readable text (only invisible characters)")
        return report
    except UndecodableError as exc:
        raise IngestError(path, str(exc)) from None
    except Exception as exc:  # a reader or a metadata rule tripped over this file: say so; the batch goes on
        raise IngestError(path, f"could not be read ({describe(exc)})") from None


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, for regular files within the size limit; `IngestError` for everything else."""
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # reading a FIFO or a device would wait, or never end
            kind = next((name for test, name in SPECIAL_FILES if test(st.st_mode)), "a special file")
            raise IngestError(path, f"not a regular file ({kind})")
        if st.st_size > MAX_BYTES:
            raise IngestError(path, f"file too large ({megabytes(st.st_size)}; the limit is "
                                    f"{megabytes(MAX_BYTES)}, a report is under 1 MB)")
        with path.open("rb") as fh:
            # as many bytes as stat said, and one more to see whether it grew since; read(MAX_BYTES + 1) would
            # allocate 20 MB for every file, however small
            raw = fh.read(st.st_size + 1)
            if len(raw) > st.st_size:
                raw += fh.read(MAX_BYTES + 1 - len(raw))
    except IngestError:
        raise
    except PermissionError:
        raise IngestError(path, "permission denied") from None
    except OSError as exc:
        raise IngestError(path, _os_reason(path, exc)) from None
    if len(raw) > MAX_BYTES:
        raise IngestError(path, f"file too large (over {megabytes(MAX_BYTES)}, a report is under 1 MB)")
    return raw


def _os_reason(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "a symbolic link loop (the link leads back to itself)"
    if exc.errno == errno.ENOENT and path.is_symlink():
        return f"broken link (its target {os.readlink(path)} does not exist)"
    if exc.errno == errno.ENOENT:
        return "no such file"
    return f"cannot read ({exc.strerror or exc.__class__.__name__})"


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
