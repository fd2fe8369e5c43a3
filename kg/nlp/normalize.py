"""A same-length normalised view of a text: full-width ASCII → half-width, traditional → simplified.

Extractors match on this view; since every character maps to exactly one character, an offset in
the view is the same offset in the report text.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20
# Punctuation kept full-width: extractors and readers expect Chinese punctuation.
for ch in "，。：；！？（）":
    _WIDTH.pop(ord(ch), None)
_WIDTH[ord("％")] = ord("%")
_WIDTH[ord("（")] = ord("（")


def _ranges(codes) -> str:
    """A character class of code points, as ranges."""
    out: list[list[int]] = []
    for c in sorted(codes):
        if out and out[-1][1] == c - 1:
            out[-1][1] = c
        else:
            out.append([c, c])
    return "[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in out) + "]"


# runs of the characters _WIDTH changes: a text holds a few (its Chinese punctuation stays), translated one by one
_WIDE_RUN = re.compile(_ranges(c for c, v in _WIDTH.items() if v != c) + "+")


ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@lru_cache(maxsize=1)
def _traditional_bmp() -> re.Pattern:
    """The traditional characters of the Basic Multilingual Plane as one class (scanned in C from a bitmap; a class
    that holds astral characters too is scanned range by range, slower than a set)."""
    return re.compile(_ranges(ord(c) for c in _traditional()[0] if ord(c) < 0x10000))


def _has_traditional(text: str) -> bool:
    if ASTRAL.search(text) is None:
        return _traditional_bmp().search(text) is not None
    return not _traditional()[0].isdisjoint(text)  # a set lookup per character


@lru_cache(maxsize=1)
def _traditional() -> tuple[frozenset, object]:
    import opencc

    path = resources.files("opencc").joinpath("dictionary", "TSCharacters.txt")
    chars = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 2 and len(parts[0]) == 1 and parts[1].split(" ")[0] != parts[0]:
            chars.add(parts[0])
    return frozenset(chars), opencc.OpenCC("t2s")


def _narrow(m: re.Match) -> str:
    return m.group().translate(_WIDTH)


def normalize(text: str) -> str:
    """Same length as `text`; full-width letters and digits narrowed, traditional characters simplified."""
    out = _WIDE_RUN.sub(_narrow, text)
    converter = _traditional()[1]
    if _has_traditional(out):
        converted = converter.convert(out)
        if len(converted) == len(out):
            out = converted
        else:  # a phrase rule changed the length: fall back to one character at a time
            out = "".join(c if len(s := converter.convert(c)) != 1 else s for c in out)
    return out
