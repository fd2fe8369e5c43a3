"""Writing outputs safely: files renamed into place whole, folders replaced whole, and temporary folders that do not
outlive the process that made them.

`write_outputs` writes every file to a hidden temporary name (`.graph.ttl.<pid>.<random>.tmp`) and renames it
over its output once all are on disk. `replacing(folder)` gives a new folder beside `folder` to fill; when the
block ends, the new folder takes the old one's place in one step (Linux: `renameat2(RENAME_EXCHANGE)`), so a
reader sees the old folder or the new one, never a mix. `scratch_dir` makes temporary folders (a build's spool,
the folder being filled) that a small watcher process removes if this process is killed; folders of processes that
are gone (the watcher killed too) are removed the next time one of the same kind is made. Temporary names are
hidden and end in `.tmp` (`is_temp`), so they never carry an output's name and discovery never reads them.
"""
from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

import orjson

TEMP_SUFFIX = ".tmp"
OUTPUT_MARKER = ".kg-output.json"  # in every folder `kg build` writes: discovery never reads such a folder


def json_bytes(obj, sort_keys: bool = False) -> bytes:
    """`obj` as compact UTF-8 JSON: the bytes of `json.dumps(obj, ensure_ascii=False, separators=(",", ":"))`,
    made by orjson (several times faster). What orjson does not take (an integer beyond 64 bits, a lone surrogate
    in a file name) is written by json, as ASCII with escapes: still JSON."""
    try:
        return orjson.dumps(obj, option=orjson.OPT_SORT_KEYS if sort_keys else 0)
    except (TypeError, orjson.JSONEncodeError):
        import json

        return json.dumps(obj, separators=(",", ":"), sort_keys=sort_keys).encode("ascii")


def write_atomic(path: str | os.PathLike, content: str | bytes) -> None:
    """Write `content` to `path` so that a reader sees the old file or the new one, never a part."""
    path = Path(path)
    write_outputs(path.parent, {path.name: content})


def write_outputs(directory: str | os.PathLike, files: Mapping[str, str | bytes | os.PathLike]) -> list[Path]:
    """Write every file of `files` (relative path → content) under `directory`, atomically file by file.

    All contents are written to temporary files and synced first (on Linux with one `syncfs` of the file system,
    not one `fsync` per file); only then is each renamed over its output.
    An interruption while writing leaves every old output untouched; one during the renames leaves each output
    old or new, whole. Returns the paths written.
    """
    directory = Path(directory)
    staged: list[tuple[Path, Path]] = []
    try:
        targets = {directory / _relative(name): content for name, content in files.items()}
        by_folder: dict[Path, set[str]] = {}
        for target in targets:
            by_folder.setdefault(target.parent, set()).add(target.name)
        for folder, names in by_folder.items():
            folder.mkdir(parents=True, exist_ok=True)
            _remove_stale_temps(folder, names)
        for target, content in targets.items():
            staged.append((_stage(target, content), target))
        _sync(directory, [tmp for tmp, _ in staged])
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
        os.chmod(tmp, 0o644)
    except BaseException:
        _unlink(Path(tmp))
        raise
    return Path(tmp)


def _remove_stale_temps(folder: Path, names: set[str]) -> None:
    """Remove the temporary files of the outputs `names` in `folder` left by writers that were killed (their
    process is gone): `.NAME.PID.….tmp`, found in one listing of the folder."""
    try:
        entries = [p for p in folder.iterdir() if p.name.startswith(".") and is_temp(p)]
    except OSError:
        return
    for path in entries:
        for name in names:
            prefix = f".{name}."
            pid = path.name[len(prefix):].split(".", 1)[0] if path.name.startswith(prefix) else ""
            if pid.isdigit():
                if not _alive(int(pid)):
                    _unlink(path)
                break


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
    return tmp


def _syncfs():
    """libc's syncfs(2) (Linux), or None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None


def _sync(directory: Path, paths: list[Path]) -> None:
    """Put the contents of `paths` (files under `directory`) on disk before they are renamed into place: one
    syncfs of `directory`'s file system where there is one (a build writes hundreds of pages: one call instead of
    one fsync each), else an fsync of each."""
    syncfs = _syncfs() if paths else None
    if syncfs is not None:
        try:
            fd = os.open(directory, os.O_RDONLY)
        except OSError:
            fd = -1
        if fd >= 0:
            try:
                if syncfs(fd) == 0:
                    return
            finally:
                os.close(fd)
    for path in paths:
        with open(path, "rb") as fh:
            os.fsync(fh.fileno())


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


# -- folders kg wrote ----------------------------------------------------------------------------------------


def is_output_folder(folder: str | os.PathLike) -> bool:
    """True for a folder `kg build` wrote: it holds kg's marker file, or (made by a kg before the marker) a
    summary.json beside views/."""
    folder = Path(folder)
    try:
        return (folder / OUTPUT_MARKER).is_file() or ((folder / "summary.json").is_file()
                                                     and (folder / "views").is_dir())
    except OSError:
        return False


# -- folders replaced whole ----------------------------------------------------------------------------------


@contextmanager
def replacing(target: str | os.PathLike) -> Iterator[Path]:
    """A new, empty folder beside `target` to fill. When the block ends without an error, the new folder takes the
    place of `target` in one step and the old folder is removed; on an error, Ctrl-C or a kill, the new folder is
    removed and `target` is left as it was. `target`'s parent is made if need be. A Ctrl-C while the old folder
    is being removed (the new one already in place) does not interrupt: what is left of it goes with the watcher
    when this process ends."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    recover_folder(target)
    staging = scratch_dir(f"{target.name}.new", target.parent)
    swapped = False
    try:
        os.chmod(staging, _folder_mode(target))  # a temporary folder is private; an output folder is not
        yield staging
        with _signals_held():  # a Ctrl-C meanwhile is raised as the block ends: after the swap
            _swap_in(staging, target)
            swapped = True
    except BaseException:
        if not swapped:
            remove_scratch(staging)  # the unfinished new folder
            raise
    try:
        _fsync_dir(target.parent)
        remove_scratch(staging)  # now the old folder
    except KeyboardInterrupt:
        pass


def _folder_mode(target: Path) -> int:
    """The permissions of `target` if it exists, else those a new folder gets (0o777 less the umask)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        pass
    with _WATCHER_LOCK:  # the umask can only be read by setting it
        mask = os.umask(0o22)
        os.umask(mask)
    return 0o777 & ~mask


def _swap_in(new: Path, target: Path) -> None:
    """Put `new` where `target` is; `new`'s path then holds the old folder (or nothing)."""
    try:
        os.rename(new, target)  # no `target` yet (or an empty folder): one rename
        return
    except OSError as exc:
        if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
            raise
    if _exchange(new, target):
        return
    # no atomic exchange on this system: two renames, and `recover_folder` puts the old folder back if the process is
    # killed between them
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=target.parent))
    os.rename(target, old)  # replaces the empty folder just made
    os.rename(new, target)
    os.rename(old, new)


def _exchange(a: Path, b: Path) -> bool:
    """Swap the paths `a` and `b` atomically (Linux renameat2 with RENAME_EXCHANGE); False where the system or
    the file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def recover_folder(target: str | os.PathLike) -> None:
    """Where a process died between the two renames of `_swap_in`'s fallback (systems without an atomic exchange),
    put the old folder back in place of `target`; where `target` is in place, remove such folders left by
    processes that are gone."""
    target = Path(target)
    if target.exists():
        remove_stale_temp_dirs(target.parent, f"{target.name}.old")
        return
    prefix = f".{target.name}.old."
    try:
        left = sorted(p for p in target.parent.iterdir() if p.name.startswith(prefix) and is_temp(p))
    except OSError:
        return
    for path in left:
        pid = path.name[len(prefix):].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)) and any(path.iterdir()):
            os.rename(path, target)
            return


@contextmanager
def _signals_held():
    """SIGINT and SIGTERM are held back during the block (delivered after it), in the main thread."""
    held = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def link_tree(source: Path, target: Path) -> None:
    """Recreate file or folder `source` at `target` with hard links to its files (copies where a link cannot be
    made), symbolic links as links."""
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
    elif source.is_dir():
        shutil.copytree(source, target, symlinks=True, copy_function=_link_or_copy)
    else:
        _link_or_copy(source, target)


def _link_or_copy(source, target) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


# -- temporary folders that do not outlive their process ----------------------------------------------------


def scratch_dir(prefix: str, parent: str | os.PathLike | None = None) -> Path:
    """A new hidden folder `parent/.{prefix}.{pid}.{random}.tmp` (default parent: the system's temporary folder)
    that does not outlive this process: the caller removes it (`remove_scratch`); if this process is killed
    first, the watcher process removes it; folders of this prefix whose process is gone are removed here."""
    parent = Path(parent) if parent is not None else Path(tempfile.gettempdir())
    parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temp_dirs(parent, prefix)
    watcher = _watcher()  # started first: a Ctrl-C while it starts leaves no folder behind
    path = Path(tempfile.mkdtemp(prefix=f".{prefix}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=parent))
    try:
        watcher.send(b"+", path)
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    return path


def remove_scratch(path: str | os.PathLike) -> None:
    """Remove a folder `scratch_dir` made (and stop watching it)."""
    shutil.rmtree(path, ignore_errors=True)
    _watcher().send(b"-", Path(path))


# The watcher: a child process reading "+path" and "-path" lines (paths in hex) on a pipe from this process. The
# pipe closes when this process ends, however it ends (a SIGKILL too); the watcher then removes every folder still
# listed. It runs in a session of its own, so the Ctrl-C of a terminal does not reach it.
_WATCHER_CODE = """
import os, shutil, sys
paths = set()
for line in sys.stdin.buffer:
    op, path = line[:1], os.fsdecode(bytes.fromhex(line[1:].strip().decode("ascii")))
    (paths.add if op == b"+" else paths.discard)(path)
for path in paths:
    shutil.rmtree(path, ignore_errors=True)
"""


class _Watcher:
    def __init__(self):
        self.owner = os.getpid()
        try:
            self.process = subprocess.Popen([sys.executable, "-I", "-S", "-c", _WATCHER_CODE], stdin=subprocess.PIPE,
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                            start_new_session=True)
        except OSError:  # no way to start one: stale folders are still removed by the next run
            self.process = None

    def send(self, op: bytes, path: Path) -> None:
        if self.process is None:
            return
        try:
            self.process.stdin.write(op + os.fsencode(os.path.abspath(path)).hex().encode("ascii") + b"\n")
            self.process.stdin.flush()
        except (OSError, ValueError):
            self.process = None


_WATCHERS: dict[int, _Watcher] = {}
_WATCHER_LOCK = threading.Lock()


def _watcher() -> _Watcher:
    """This process's watcher (a forked child starts its own)."""
    with _WATCHER_LOCK:
        watcher = _WATCHERS.get(os.getpid())
        if watcher is None:
            watcher = _WATCHERS[os.getpid()] = _Watcher()
        return watcher
