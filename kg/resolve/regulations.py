"""The regulation registry (real titles, short forms, issuers, dates, status) and title classification."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from .. import data
from .matching import longest_matches

TRAILING_PAREN = re.compile(r"[（(][^（）()]{0,20}[)）]$")


@dataclass(frozen=True)
class RegistryEntry:
    title: str
    short_forms: tuple[str, ...]
    issuer: str
    level: str
    adopted: str
    in_force: str
    status: str
    replaced_by: str


def key(title: str) -> str:
    """Comparison key for titles: NFKC, no brackets, quotes, spaces or dash variants."""
    t = unicodedata.normalize("NFKC", title)
    t = re.sub(r"[《》〈〉<>“”\"'‘’\s]", "", t)
    return re.sub(r"[—–－―‐-]+", "-", t)


class Registry:
    def __init__(self, rows):
        self.entries = [RegistryEntry(r["title"], tuple(filter(None, (r.get("short_forms") or "").split("|"))),
                                      r.get("issuer") or "", r.get("level") or "", r.get("adopted") or "",
                                      r.get("in_force") or "", r.get("status") or "in_force",
                                      r.get("replaced_by") or "") for r in rows]
        self.by_key: dict[str, RegistryEntry] = {}
        for e in self.entries:
            self.by_key.setdefault(key(e.title), e)
        self.by_short: dict[str, RegistryEntry] = {}
        for e in self.entries:
            for s in e.short_forms:
                self.by_short.setdefault(key(s), e)
        self._auto = ahocorasick.Automaton()
        for e in self.entries:
            for form in (e.title, *e.short_forms):
                if len(form) >= 2:
                    self._auto.add_word(form, form)
        if self.entries:
            self._auto.make_automaton()

    def lookup(self, title: str) -> RegistryEntry | None:
        k = key(title)
        return self.by_key.get(k) or self.by_short.get(k)

    def entry(self, form: str) -> RegistryEntry | None:
        return self.by_key.get(key(form)) or self.by_short.get(key(form))

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Unbracketed mentions of registry titles and short forms (longest, non-overlapping)."""
        if not self.entries:
            return []
        return longest_matches(self._auto, text)


@lru_cache(maxsize=1)
def registry() -> Registry:
    try:
        rows = data.table("regulations.tsv")
    except FileNotFoundError:
        rows = ()
    return Registry(rows)


@lru_cache(maxsize=1)
def _positive() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in _lines("regulation_suffixes.txt")))


@lru_cache(maxsize=1)
def _negative() -> list[tuple[re.Pattern, str]]:
    try:
        rows = data.table("non_regulation_words.tsv")
    except FileNotFoundError:
        return []
    return [(re.compile(r["pattern"]), r["kind"]) for r in rows]


def _lines(name: str) -> tuple[str, ...]:
    try:
        return data.lines(name)
    except FileNotFoundError:
        return ()


def classify(title: str) -> str | None:
    """'regulation' for a normative or policy document, else the kind of other title (ledger, course …)."""
    t = unicodedata.normalize("NFKC", title).strip()
    if registry().lookup(t):
        return "regulation"
    for pattern, kind in _negative():
        if pattern.search(t):
            return kind
    core = t
    while TRAILING_PAREN.search(core):
        core = TRAILING_PAREN.sub("", core).strip()
    if _lines("regulation_suffixes.txt") and _positive().search(core):
        return "regulation"
    return None
