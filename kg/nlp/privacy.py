"""`kg_privacy`: people named as petitioners and other private persons. They are counted, never published.

Their character spans are kept on the Doc so that officials never take them and evidence never quotes them.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .. import data
from .officials import NAME_CHARS, surnames


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    rows = {r.split("\t")[0]: r.split("\t")[1] for r in data.lines("private_markers.txt") if "\t" in r}
    before = re.compile(rf"(?:{rows['before']})(?:[:：\s]*)((?:{NAME_CHARS}[、和及]?)+)")
    after = re.compile(rf"((?:{NAME_CHARS}[、和及]?)+?)(?:同志)?(?:{rows['after']})")
    return before, after


def _names(chunk: str, offset: int) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for part in re.split(r"([、和及])", chunk):
        if part and part not in "、和及":
            name = part[:3] if len(part) >= 3 else part
            if name[:1] in surnames() or name[:2] in surnames() or name.endswith("某") or "某" in name:
                out.append((offset + pos, offset + pos + len(name)))
        pos += len(part)
    return out


@Language.factory("kg_privacy")
def make_privacy(nlp: Language, name: str):
    return PrivacyComponent()


class PrivacyComponent:
    def __call__(self, doc: Doc) -> Doc:
        norm = doc._.kg_norm
        before, after = _patterns()
        spans: set[tuple[int, int]] = set()
        for m in before.finditer(norm):
            spans.update(_names(m.group(1), m.start(1)))
        for m in after.finditer(norm):
            chunk = m.group(1)
            # only the names right before the marker: 约访了曹某、靳某等信访老户
            tail = re.search(rf"(?:{NAME_CHARS}[、和及])*{NAME_CHARS}$", chunk)
            if tail:
                spans.update(_names(tail.group(0), m.start(1) + tail.start()))
        doc._.kg_private = sorted(spans)
        return doc


def overlaps_private(doc: Doc, start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in doc._.kg_private or ())
