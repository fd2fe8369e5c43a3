"""The per-file cache: a file's result kept as JSON under a key of everything that decides it.

The key is a hash of the file's raw bytes and name, `kg.__version__`, a hash of every data file kg reads
(kg/data/, ontology/kg.ttl) and the settings that change extraction: upgrading kg, editing a data file or switching
`--private-names` misses the cache. An entry is JSON (made by orjson), compressed by Zstandard's fastest level (a
report's entry of 215 KB takes 18 KB and 0.3 ms, against 25 KB and 1.0 ms with zlib), with a SHA-256 of that body on
the first line: an output folder is not a trusted place (users share them), so an entry is data that cannot run
code, and one that is corrupt, of the wrong shape or planted is a miss, never an error.
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

SCHEMA = 4  # 2: bodies compressed (zlib); 3: by Zstandard; 4: figures in a data set of their report
LEVEL = 1   # Zstandard's fastest: most of the size goes for a fraction of the time of the higher levels


def data_hash(roots=None) -> str:
    """A hash of every data file under `roots` (default: what kg's extraction and conversion read, kg/data/ and
    the ontology): file names relative to their root, and contents."""
    if roots is None:
        return _kg_data_hash()
    h = hashlib.sha256()
    for root in roots:
        for entry in sorted(_files(root), key=lambda e: str(e)):
            h.update(str(entry)[len(str(root)):].encode("utf-8", "surrogateescape") + b"\x1f")
            h.update(entry.read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=1)
def _kg_data_hash() -> str:
    return data_hash([resources.files("kg") / "data", resources.files("kg") / "ontology"])


def _files(root):
    for entry in root.iterdir():
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _files(entry)
        elif not entry.name.endswith((".py", ".pyc")):
            yield entry


def key(raw: bytes, name: str, settings: str) -> str:
    """The cache key of a file with bytes `raw` and name `name` under `settings` (BuildConfig.extraction_key)."""
    from .. import __version__

    h = hashlib.sha256()
    for part in (f"schema={SCHEMA}", __version__, data_hash(), settings, name):
        h.update(part.encode("utf-8", "surrogateescape") + b"\x1f")
    h.update(raw)
    return h.hexdigest()


class Cache:
    """A folder of entries (`<key[:2]>/<key>.json`)."""

    def __init__(self, directory: str | os.PathLike):
        self.directory = Path(directory)

    def _file(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def copy(self, keys, directory: str | os.PathLike) -> "Cache":
        """A cache at `directory` (a new folder) holding only the entries of `keys` this one has: hard links to
        them, or copies where links cannot be made. A build's output keeps only the entries that build used."""
        from ..io import link_tree

        kept = Cache(directory)
        for key in sorted(keys):
            source, target = self._file(key), kept._file(key)
            if source.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                link_tree(source, target)
        return kept

    def get(self, key: str) -> dict | None:
        """The entry stored under `key`, or None (missing, unreadable, corrupt or not kg's)."""
        try:
            data = self._file(key).read_bytes()
        except OSError:
            return None
        try:
            entry = json.loads(self.decode(data))
        except ValueError:  # UnicodeDecodeError is one
            return None
        if not isinstance(entry, dict) or entry.get("schema") != SCHEMA or entry.get("key") != key:
            return None
        return entry

    @staticmethod
    def decode(data: bytes) -> bytes:
        """The JSON of an entry file's bytes (for tools and tests that read entries as text); ValueError for bytes
        that are not an entry."""
        checksum, _, body = data.partition(b"\n")
        if hashlib.sha256(body).hexdigest().encode("ascii") != checksum:
            raise ValueError("not a kg cache entry")
        try:
            return _zstd().ZstdDecompressor().decompressobj().decompress(body)
        except Exception as exc:  # zstandard.ZstdError: not a Zstandard frame, or a damaged one
            raise ValueError(f"not a kg cache entry: {exc}") from None

    def put(self, key: str, entry: dict) -> None:
        """Store `entry` (JSON-compatible) under `key`; a cache that cannot be written only costs time."""
        from ..io import json_bytes

        body = _compressor().compress(json_bytes({**entry, "schema": SCHEMA, "key": key}))
        data = hashlib.sha256(body).hexdigest().encode("ascii") + b"\n" + body
        target = self._file(key)
        for again in (False, True):
            try:
                # the entry's folder is made once per process, not once per entry; made again if it went (an
                # output folder holding the cache was replaced)
                if again or target.parent not in _MADE:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    _MADE.add(target.parent)
                tmp = self._scratch() / target.name
                with open(tmp, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, target)
                return
            except FileNotFoundError:
                _MADE.discard(target.parent)
            except OSError:
                return

    def _scratch(self) -> Path:
        """This process's folder for entries being written, inside the cache (renamed into place from there): a
        `kg.io.scratch_dir`, so that a process killed while writing leaves no part of an entry behind (and one that
        exits removes it as it exits)."""
        import atexit

        from ..io import remove_scratch, scratch_dir

        slot = (os.getpid(), str(self.directory))
        folder = _SCRATCH.get(slot)
        if folder is None or not folder.is_dir():  # none yet, or removed with the output folder it was in
            folder = _SCRATCH[slot] = scratch_dir("put", self.directory)
            atexit.register(remove_scratch, folder)
        return folder


_SCRATCH: dict[tuple[int, str], Path] = {}
_MADE: set[Path] = set()  # the entry folders this process made (or found)


def _zstd():
    import zstandard

    return zstandard


@lru_cache(maxsize=1)
def _compressor():
    """This process's Zstandard compressor (made once: it holds its tables)."""
    return _zstd().ZstdCompressor(level=LEVEL)
