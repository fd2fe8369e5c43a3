"""The `Report`: one document's text as a reader sees it, and where it came from."""
from __future__ import annotations

import bisect
import dataclasses
import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePath

from ..display import one_line


@dataclass
class OffsetMap:
    """Maps offsets in the cleaned text back to offsets in the decoded source text.

    Stored as runs: ``starts[i]`` is where run *i* begins in the clean text and ``sources[i]``
    where the same run begins in the source; inside a run both advance together.
    """

    starts: list[int] = field(default_factory=lambda: [0])
    sources: list[int] = field(default_factory=lambda: [0])

    def to_source(self, offset: int) -> int:
        """Where the character at `offset` of the clean text is in the source."""
        if offset < 0:
            raise ValueError(f"offset {offset} is negative")
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.sources[i] + (offset - self.starts[i])

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        """The source span of the clean span [start, end): its end follows its last character, so an
        artefact removed just after the span is not drawn into it."""
        if end <= start:
            pos = self.to_source(start)
            return pos, pos
        return self.to_source(start), self.to_source(end - 1) + 1


@dataclass
class Report:
    """One report as read: cleaned text (every offset `kg` reports points into it) and where it came from. What the
    report is (title, issuer, place, year) is found by the pipeline (`kg.model.ReportMeta`).

    `path` is the file as the OS names it (it may hold surrogate escapes of bytes that are not UTF-8); `file`
    and `display_path` are what every output shows: `shown`, the path with the names of private persons masked
    (信访人邱小二反映材料.txt → 信访人某某某反映材料.txt) — a file name is text too; the pipeline sets it, see
    `kg.nlp.pipeline.to_extraction` — escaped to valid text on one line."""

    path: str
    text: str
    format: str = "txt"
    encoding: str | None = None
    offsets: OffsetMap = field(default_factory=OffsetMap)
    shown: str | None = None  # the path as outputs show it; None: as it is

    @property
    def id(self) -> str:
        """`report_id` of the text, computed once (the text does not change after reading)."""
        cached = self.__dict__.get("_id")
        if cached is None or cached[0] is not self.text:
            cached = self.__dict__["_id"] = (self.text, report_id(self.text))
        return cached[1]

    def with_text(self, text: str) -> "Report":
        """The same report with `text` in place of its text (private names masked: same length, so offsets stay
        valid). The id stays the id of the text as read, so duplicates are still recognised."""
        if len(text) != len(self.text):
            raise ValueError("a report's text can only be replaced by a text of the same length")
        copy = dataclasses.replace(self, text=text)
        copy.__dict__["_id"] = (text, self.id)
        return copy

    def with_shown_path(self, shown: str) -> "Report":
        """The same report, shown under `shown` (its path with private persons' names masked)."""
        copy = dataclasses.replace(self, shown=shown)
        copy.__dict__["_id"] = (copy.text, self.id)
        return copy

    @property
    def file(self) -> str:
        """The file's name as every output shows it: the shown path's name as valid text on one line (bytes that
        are not UTF-8, control, bidi and invisible characters escaped, see `kg.display.one_line`)."""
        return one_line(PurePath(self.shown_path).name)

    @property
    def display_path(self) -> str:
        """`path` as outputs and messages show it (escaped like `file`); `path` itself is what the OS needs."""
        return one_line(self.shown_path)

    @property
    def shown_path(self) -> str:
        """The path as outputs show it, not escaped: what kg keeps of it once the report is read (its cache
        entries hold this, not the path)."""
        return self.shown if self.shown is not None else self.path


def report_id(text: str) -> str:
    """A stable id: the hash of the text with Unicode and white space normalised."""
    norm = "".join(unicodedata.normalize("NFKC", text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]
