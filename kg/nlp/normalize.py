"""A same-length normalised view of a text: full-width ASCII → half-width, traditional → simplified.

Extractors match on this view; since every character maps to exactly one character, an offset in
the view is the same offset in the report text.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20
# Punctuation kept full-width: extractors and readers expect Chinese punctuation.
for ch in "，。：；！？（）":
    _WIDTH.pop(ord(ch), None)
_WIDTH[ord("％")] = ord("%")
_WIDTH[ord("（")] = ord("（")


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


def normalize(text: str) -> str:
    """Same length as `text`; full-width letters and digits narrowed, traditional characters simplified."""
    out = text.translate(_WIDTH)
    traditional, converter = _traditional()
    if not traditional.isdisjoint(out):  # a set lookup per character, stopping at the first traditional one
        converted = converter.convert(out)
        if len(converted) == len(out):
            out = converted
        else:  # a phrase rule changed the length: fall back to one character at a time
            out = "".join(c if len(s := converter.convert(c)) != 1 else s for c in out)
    return out
