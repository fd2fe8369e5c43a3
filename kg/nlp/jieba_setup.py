"""Where jieba keeps its dictionary cache: a folder of this user's, never the shared temporary directory.

jieba caches its prefix dictionary as `jieba.cache` in the temporary directory (`/tmp`), shared by every user of
the machine: a file someone else left there cannot be replaced (jieba prints a traceback and rebuilds it on every
run), and one planted there is loaded as the dictionary kg segments with. `use_private_cache` points jieba at
`$XDG_CACHE_HOME/kg` (or `~/.cache/kg`), else at a per-user folder in the temporary directory, else at a fresh
private folder; a folder is used only when it is this user's and nobody else can write to it.
"""
from __future__ import annotations

import getpass
import os
import stat
import tempfile
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path


def use_private_cache(tokenizer=None) -> Path:
    """Point `tokenizer` (default `jieba.dt`, which `jieba.posseg` shares) at `private_cache_folder()` before its
    dictionary loads; returns the folder. Call it before the first segmentation (later it changes nothing)."""
    if tokenizer is None:
        import jieba

        tokenizer = jieba.dt
    folder = private_cache_folder()
    tokenizer.tmp_dir = str(folder)
    return folder


def private_cache_folder() -> Path:
    """The first of `$XDG_CACHE_HOME/kg`, `~/.cache/kg`, `TMPDIR/kg-<uid>` that can be made and is private (this
    user's, not writable by group or others); else a new folder made by `tempfile.mkdtemp` (private, not reused)."""
    for folder in _candidates():
        if _private(folder):
            return folder
    return Path(tempfile.mkdtemp(prefix="kg-cache-"))


def _candidates() -> Iterator[Path]:
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):  # the XDG spec: a relative value is to be ignored
        yield Path(xdg) / "kg"
    try:
        yield Path.home() / ".cache" / "kg"
    except RuntimeError:  # no home folder known
        pass
    uid = os.getuid() if hasattr(os, "getuid") else getpass.getuser()
    yield Path(tempfile.gettempdir()) / f"kg-{uid}"


def _private(folder: Path) -> bool:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = folder.stat()
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode) or not os.access(folder, os.W_OK | os.X_OK):
        return False
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False  # someone else's folder (made in the shared temporary directory before us)
    return not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


@lru_cache(maxsize=1)
def quiet_jieba() -> None:
    """jieba's log at warnings only, and its dictionary cache in `private_cache_folder()` (once per process)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    use_private_cache(jieba.dt)
