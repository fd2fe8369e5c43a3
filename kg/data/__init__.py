"""Data files shipped with kg: gazetteer, registries and pattern lists (see SOURCES.md)."""
from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources


def path(name: str):
    return resources.files(__name__).joinpath(name)


def read_text(name: str) -> str:
    return path(name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a list file."""
    out = []
    for line in read_text(name).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return tuple(out)


@lru_cache(maxsize=None)
def table(name: str) -> tuple[dict, ...]:
    """Rows of a TSV file with a header line (lines starting with # are comments)."""
    rows = [l for l in read_text(name).splitlines() if l and not l.startswith("#")]
    return tuple(csv.DictReader(rows, delimiter="\t"))
