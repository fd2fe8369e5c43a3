"""`kg_privacy`: people named as petitioners and other private persons. They are counted, never published.

Their character spans are kept on the Doc so that officials never take them and evidence never quotes them, and
(unless `--private-names`) their names are masked in the text every later component reads.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .. import data


LOOK_BACK = 32  # characters before an "after" marker that may hold the list of names
SEPARATORS = "、和及"
MASK = "某"


@lru_cache(maxsize=None)
def _patterns(markers: str = "private_markers.txt") -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    rows = {r.split("\t")[0]: r.split("\t")[1] for r in data.lines(markers) if "\t" in r}
    before = re.compile(rf"(?:{rows['before']})[:：\s]*")
    after = re.compile(rf"(?:同志)?(?:{rows['after']})")
    broad = re.compile(rf"(?:{rows['broad']})[:：\s]*(?=[\u4e00-\u9fff]某)")
    return before, after, broad


def _redacted(s: str) -> str | None:
    """A redacted name at the start of `s`: 李某, 张某某, or 曹某勇 (the character after 某 is part of the name
    unless it starts a word: 李某反映 → 李某)."""
    from .officials import _stops, _word_tags

    if len(s) < 2 or s[1] != "某" or not "\u4e00" <= s[0] <= "\u9fff" or s[0] in _stops()[0]:
        return None
    if s[2:3] == "某":
        return s[:3]
    if len(s) >= 3 and "\u4e00" <= s[2] <= "\u9fff" and s[2] not in _stops()[0] and s[2:4] not in _word_tags():
        return s[:3]
    return s[:2]


def _name_at(s: str) -> str | None:
    from .officials import split_name

    return _redacted(s) or split_name(s[:4])


def _plain_name(cand: str) -> bool:
    """Whether `cand` (2–3 Chinese characters, right before a marker such as 等信访老户) is a person's name:
    it starts with a family name and is not a common word."""
    from .officials import _stops, _word_tags, surnames

    if not all("\u4e00" <= c <= "\u9fff" for c in cand) or not (cand[:1] in surnames() or cand[:2] in surnames()):
        return False
    tags, stop_words = _word_tags(), _stops()[1]
    if cand in stop_words or cand[1:] in stop_words:
        return False
    return tags.get(cand) is None or tags[cand].startswith("nr")


def _name_ending(s: str) -> str | None:
    """The name (2–3 characters) that `s` ends with."""
    for n in (3, 2):
        cand = s[-n:]
        if len(cand) == n and (_redacted(cand) == cand or _plain_name(cand)):
            return cand
    return None


def _names(chunk: str, offset: int) -> list[tuple[int, int]]:
    """Names in a list that starts `chunk`, such as 张某某、李某 or 曹某勇和靳某刚: each part of the list is a
    name; a part that goes on after its name (李某反映的问题) ends the list."""
    out = []
    pos = 0
    chunk = re.split(r"[，,。；;：:（(\s]", chunk)[0]
    for part in re.split(f"([{SEPARATORS}])", chunk):
        if part and part not in SEPARATORS:
            name = _name_at(part)
            if name is None:
                break
            out.append((offset + pos, offset + pos + len(name)))
            if len(part) > len(name):
                break
        pos += len(part)
    return out


def _names_before(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Names in a list that ends at `end` (约访了王强、赵某 | 等信访老户): the last part ends with a name, the
    parts before it are names, and the first part may have other words before its name."""
    window = re.split(r"[，,。；;：:（(\s]", text[start:end])[-1]
    base = end - len(window)
    out = []
    parts = re.split(f"([{SEPARATORS}])", window)
    pos = len(window)
    for part in reversed(parts):
        pos -= len(part)
        if not part or part in SEPARATORS:
            continue
        name = _name_ending(part)
        if name is None:
            break
        out.append((base + pos + len(part) - len(name), base + pos + len(part)))
        if len(part) > len(name):
            break
    return out


@dataclass(frozen=True)
class Private:
    """The private persons of one report: where their names are, the names, and whether they were masked."""

    spans: tuple[tuple[int, int], ...]
    names: frozenset[str]
    masked: bool


def mask_names(text: str, names, mask: str = MASK) -> str:
    """`text` with every occurrence of each of `names` replaced by as many `mask` characters (same length, so
    every offset stays valid). The one masking rule: the report text and every string taken from it go through it."""
    for name in sorted({n for n in names if len(n) >= 2}, key=lambda n: (-len(n), n)):
        if name in text:
            text = text.replace(name, mask * len(name))
    return text


@Language.factory(
    "kg_privacy",
    requires=["doc._.kg_text", "doc._.kg_norm"],
    assigns=["doc._.kg_private", "doc._.kg_text", "doc._.kg_norm"],
    default_config={"markers": "private_markers.txt", "look_back": LOOK_BACK, "mask": True},
)
def make_privacy(nlp: Language, name: str, markers: str, look_back: int, mask: bool):
    return PrivacyComponent(markers, look_back, mask)


class PrivacyComponent:
    """Finds the names of private persons (petitioners and the like) and, when `mask` is on (the default; off only
    for the explicit `--private-names` opt-in), masks them in the report text and its normalised view before any
    other component reads them: no sentence, quote or label taken from the text can carry them."""

    def __init__(self, markers: str = "private_markers.txt", look_back: int = LOOK_BACK, mask: bool = True):
        self.markers, self.look_back, self.mask = markers, look_back, mask

    def __call__(self, doc: Doc) -> Doc:
        norm = doc._.kg_norm
        before, after, broad = _patterns(self.markers)
        spans: set[tuple[int, int]] = set()
        for pattern in (before, broad):
            for m in pattern.finditer(norm):
                spans.update(_names(norm[m.end():m.end() + 24], m.end()))
        for m in after.finditer(norm):
            # only the names right before the marker: 约访了曹某、靳某等信访老户 (a bounded look back,
            # so the scan stays linear in the length of the text)
            spans.update(_names_before(norm, max(0, m.start() - self.look_back), m.start()))
        # a span inside another (某某 inside 张某某) is the same person
        kept = sorted(s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans))
        text = doc._.kg_text
        names = frozenset(text[s:e] for s, e in kept)
        doc._.kg_private = Private(tuple(kept), names, self.mask)
        if self.mask and kept:
            forms = names | {norm[s:e] for s, e in kept}
            doc._.kg_text = mask_names(text, forms)
            doc._.kg_norm = mask_names(norm, forms)
        return doc
