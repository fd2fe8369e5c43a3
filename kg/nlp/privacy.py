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


LOOK_BACK = 32  # characters before an "after" marker that may hold the list of names
_TAIL = re.compile(rf"(?:{NAME_CHARS}[、和及])*{NAME_CHARS}$")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    rows = {r.split("\t")[0]: r.split("\t")[1] for r in data.lines("private_markers.txt") if "\t" in r}
    before = re.compile(rf"(?:{rows['before']})[:：\s]*")
    after = re.compile(rf"(?:同志)?(?:{rows['after']})")
    broad = re.compile(rf"(?:{rows['broad']})[:：\s]*(?=[\u4e00-\u9fff]某)")
    return before, after, broad


def _names(chunk: str, offset: int) -> list[tuple[int, int]]:
    """Names in a list such as 张某某、李某 or 曹某勇和靳某刚: each two or three characters long."""
    from .officials import _stops, split_name

    out = []
    pos = 0
    chunk = re.split(r"[，,。；;：:（(\s]", chunk)[0]
    for i, part in enumerate(re.split(r"([、和及])", chunk)):
        if part and part not in "、和及":
            if i and len(part) > 3:
                break  # 张某某和信访老户李某: what follows 和 is not another name of the list
            if "某" in part[:3]:
                name = part[:3] if len(part) >= 3 and part[2] not in _stops()[0] else part[:2]
            else:
                name = split_name(part[:4])
            if name is None:
                break
            out.append((offset + pos, offset + pos + len(name)))
            if len(part) > len(name):
                break  # the list of names ends here
        pos += len(part)
    return out


@Language.factory("kg_privacy")
def make_privacy(nlp: Language, name: str):
    return PrivacyComponent()


class PrivacyComponent:
    def __call__(self, doc: Doc) -> Doc:
        norm = doc._.kg_norm
        before, after, broad = _patterns()
        spans: set[tuple[int, int]] = set()
        for pattern in (before, broad):
            for m in pattern.finditer(norm):
                spans.update(_names(norm[m.end():m.end() + 24], m.end()))
        for m in after.finditer(norm):
            # only the names right before the marker: 约访了曹某、靳某等信访老户 (a bounded look back,
            # so the scan stays linear in the length of the text)
            lo = max(0, m.start() - LOOK_BACK)
            tail = _TAIL.search(norm, lo, m.start())
            if tail:
                spans.update(_names(tail.group(0), tail.start()))
        # a span inside another (某某 inside 张某某) is the same person
        kept = [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]
        doc._.kg_private = sorted(kept)
        return doc


def overlaps_private(doc: Doc, start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in doc._.kg_private or ())
