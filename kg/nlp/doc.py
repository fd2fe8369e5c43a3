"""The Doc extensions kg's components write and read, registered once, and evidence spans.

Each component assigns its own extensions (declared in its factory's `assigns`) and reads those of the components
before it (`requires`): `kg_meta` the report's text, normalised view, sentences, metadata and place; every
extractor one extension of its kind (`doc._.kg_regulations` …). Nothing travels in `doc.user_data`.
"""
from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable

from spacy.tokens import Doc

from ..model import Evidence

EXTENSIONS = (
    "kg_text",         # the report text (the tokens joined once); private names masked by kg_privacy
    "kg_norm",         # a same-length normalised view of kg_text (half-width, simplified characters)
    "kg_sentences",    # [(start, end)] of every sentence
    "kg_meta",         # kg.model.ReportMeta: title, issuer, place, year
    "kg_place",        # kg.nlp.meta.Place: the report's division and its organisation resolver
    "kg_private",      # kg.nlp.privacy.Private: private persons' names, where they are, whether they are masked
    "kg_divisions", "kg_org_mentions", "kg_organizations", "kg_titles", "kg_regulations", "kg_officials",
    "kg_campaigns", "kg_metrics", "kg_relations",
)
for _name in EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』)）]*|\n+")


def sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in SENTENCE_END.finditer(text):
        if m.end() > start:
            out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def evidence(doc: Doc, start: int, end: int) -> Evidence:
    """Evidence for text[start:end], with the sentence around it. A sentence that would quote a private person
    (a span `kg_privacy` found, when it masks) is narrowed to the clause around the mention, or the mention itself."""
    return evidence_for(doc)(start, end)


def evidence_for(doc: Doc) -> Callable[[int, int], Evidence]:
    """`evidence` for the spans of one Doc (its sentences, text and private spans read once, for a component's
    many spans): (start, end) → Evidence."""
    sents = doc._.kg_sentences
    text = doc._.kg_text
    private = doc._.kg_private
    guard = SpanIndex(private.spans) if private is not None and private.masked and private.spans else None

    def make(start: int, end: int) -> Evidence:
        i = max(0, bisect.bisect_right(sents, (start, float("inf"))) - 1)
        s, e = sents[i] if sents else (0, len(text))
        # strip leading white space and trailing line breaks from the sentence
        while s < start and text[s].isspace():
            s += 1
        while e > end and text[e - 1] in "\n\r ":
            e -= 1
        ev = Evidence(start, end, min(s, start), max(e, end))
        return shield(text, ev, guard, clauses) if guard is not None else ev

    clauses = _Clauses(text) if guard is not None else None
    return make


class SpanIndex:
    """Spans [start, end), asked whether any overlaps or encloses a range: one bisection of the starts and the
    greatest end before it (what `any(...)` over all the spans says, in logarithmic time)."""

    def __init__(self, spans):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.max_end = list(itertools.accumulate((e for _, e in spans), max))

    def _max_end_before(self, k: int) -> int | None:
        return self.max_end[k - 1] if k > 0 else None

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span a, b has a < end and start < b."""
        m = self._max_end_before(bisect.bisect_left(self.starts, end))
        return m is not None and m > start

    def covers(self, start: int, end: int) -> bool:
        """Whether a span a, b has a <= start and end <= b."""
        m = self._max_end_before(bisect.bisect_right(self.starts, start))
        return m is not None and m >= end

    def encloses(self, start: int, end: int) -> bool:
        """Whether a span a, b has a < start and end < b."""
        m = self._max_end_before(bisect.bisect_left(self.starts, start))
        return m is not None and m > end


CLAUSE_BREAK = re.compile(r"[，,；;：:]")
CLAUSE_END = re.compile(r"[，,；;。]")


def shield(text: str, ev: Evidence, private, clauses: "_Clauses | None" = None) -> Evidence:
    """`ev` with its sentence narrowed so that it quotes none of the `private` spans ((start, end) pairs)."""
    if not isinstance(private, SpanIndex):
        private = SpanIndex(private)
    if not private.overlaps(ev.sentence_start, ev.sentence_end):
        return ev
    clauses = clauses or _Clauses(text)
    cs = max(clauses.after_last_break(ev.sentence_start, ev.start), ev.sentence_start)
    ce = clauses.after_first_end(ev.end, ev.sentence_end)
    if not private.overlaps(cs, ce):
        return Evidence(ev.start, ev.end, cs, ce)
    return Evidence(ev.start, ev.end, ev.start, ev.end)


class _Clauses:
    """Where a text's clauses break (CLAUSE_BREAK) and end (CLAUSE_END), found once: narrowing each of many
    quotes of one long sentence costs a bisection, not a scan of the sentence."""

    def __init__(self, text: str):
        self.text = text
        self._breaks: list[int] | None = None
        self._ends: list[int] | None = None

    def after_last_break(self, start: int, end: int) -> int:
        """The end of the last CLAUSE_BREAK in text[start:end], or 0 if there is none."""
        if self._breaks is None:
            self._breaks = [m.start() for m in CLAUSE_BREAK.finditer(self.text)]
        k = bisect.bisect_left(self._breaks, end) - 1  # CLAUSE_BREAK is one character: it lies in [start, end)
        return self._breaks[k] + 1 if k >= 0 and self._breaks[k] >= start else 0

    def after_first_end(self, start: int, end: int) -> int:
        """The end of the first CLAUSE_END in text[start:end], or `end` if there is none."""
        if self._ends is None:
            self._ends = [m.start() for m in CLAUSE_END.finditer(self.text)]
        k = bisect.bisect_left(self._ends, start)
        return self._ends[k] + 1 if k < len(self._ends) and self._ends[k] < end else end
