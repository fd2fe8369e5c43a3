"""Writing outputs safely: every file is written to a temporary name and renamed into place.

A build that is interrupted (Ctrl-C, a kill, a full disk) leaves each output file as it was before or as the new
build made it, never a part of one. Temporary files are hidden (`.graph.ttl.<pid>.<random>.tmp`), so they never
carry an output's name; the next write into the same folder removes those left by processes that are gone.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

TEMP_SUFFIX = ".tmp"


def write_atomic(path: str | os.PathLike, content: str | bytes) -> None:
    """Write `content` to `path` so that a reader sees the old file or the new one, never a part."""
    path = Path(path)
    write_outputs(path.parent, {path.name: content})


def write_outputs(directory: str | os.PathLike, files: Mapping[str, str | bytes | os.PathLike]) -> list[Path]:
    """Write every file of `files` (relative path → content) under `directory`, atomically file by file.

    All contents are written to temporary files and synced first; only then is each renamed over its output.
    An interruption while writing leaves every old output untouched; one during the renames leaves each output
    old or new, whole. Returns the paths written.
    """
    directory = Path(directory)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, content in files.items():
            target = directory / _relative(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            _remove_stale_temps(target)
            staged.append((_stage(target, content), target))
        for tmp, target in staged:
            os.replace(tmp, target)
    except BaseException:
        for tmp, _ in staged:
            _unlink(tmp)
        raise
    for folder in {target.parent for _, target in staged}:
        _fsync_dir(folder)
    return [target for _, target in staged]


def is_temp(path: str | os.PathLike) -> bool:
    """True for a temporary file `write_outputs` makes, or a file inside a temporary folder (a store being
    built): never an output's name."""
    return any(part.startswith(".") and part.endswith(TEMP_SUFFIX) for part in Path(path).parts)


def _relative(name: str) -> PurePosixPath:
    rel = PurePosixPath(name)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise ValueError(f"output name {name!r} is not a path inside the output folder")
    return rel


def _stage(target: Path, content: str | bytes | os.PathLike) -> Path:
    if not isinstance(content, (str, bytes)) and (linked := _link(target, Path(content))) is not None:
        return linked
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if isinstance(content, (str, bytes)):
                fh.write(content.encode("utf-8") if isinstance(content, str) else content)
            else:  # a file already on disk (an N-Quads shard): copied in pieces
                with open(content, "rb") as src:
                    shutil.copyfileobj(src, fh, 1 << 20)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        _unlink(Path(tmp))
        raise
    return Path(tmp)


def _remove_stale_temps(target: Path) -> None:
    """Remove the temporary files of `target` left by writers that were killed (their process is gone)."""
    prefix = f".{target.name}."
    try:
        leftovers = [p for p in target.parent.iterdir() if p.name.startswith(prefix) and is_temp(p)]
    except OSError:
        return
    for path in leftovers:
        pid = path.name[len(prefix):].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            _unlink(path)


def remove_stale_temp_dirs(directory: Path, prefix: str) -> None:
    """Remove temporary folders `.{prefix}.{pid}….tmp` in `directory` whose process is gone."""
    try:
        leftovers = [p for p in directory.iterdir() if p.is_dir() and p.name.startswith(f".{prefix}.") and is_temp(p)]
    except OSError:
        return
    for path in leftovers:
        pid = path.name[len(prefix) + 2:].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or no way to tell: leave its files alone
    return True


def _link(target: Path, source: Path) -> Path | None:
    """A finished file on the same file system (an N-Quads shard spooled during the build) is hard-linked under a
    temporary name instead of copied; None when it cannot be (another file system, no hard links)."""
    tmp = target.parent / f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}{TEMP_SUFFIX}"
    try:
        if target.exists() and os.path.samefile(target, source):
            return None  # renaming a link over the same file would do nothing and leave the link behind
        os.link(source, tmp)
    except OSError:
        return None
    try:
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def _fsync_dir(folder: Path) -> None:
    """Make the renames durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
