"""The report files a build writes for `kg serve`: `reports/<report id>.json`, one per report.

The RDF holds what each report says, not its text. The report page of `kg serve` shows the text with every
extracted span highlighted, so the build writes, per report, one small JSON document (`report_document`):

    {"format": 1, "id": "4cdd52c781c02b07", "iri": "…/report/4cdd…", "file": "宁阳.txt", "title": "…",
     "label": "…", "year": 2023, "issuer": {"iri", "label"} | null, "place": {"iri", "label", "code"} | null,
     "text": "…",                          # the text as kg outputs it: private names already masked
     "spans": [{"start", "end", "kind", "iri", "label", "statement", "sentence": [start, end]}, …],
     "fragment": [...]}                     # the report's networkx fragment (kg.graph.Fragment ops)

`spans` are sorted by start (longest first) and their offsets index `text` (Python code points). `fragment` lets
the server draw the pyvis ego view of an entity from the reports that name it, without loading the whole graph.
The documents are plain data: no report string is ever markup (the pages put them in the DOM as text).

`ReportFiles` spools the documents to a temporary folder while a build runs, so memory holds none of the texts;
`outputs()` gives them to the writer as files already on disk. `read_report` reads one back, by id only.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import weakref
from pathlib import Path

FORMAT = 1
FOLDER = "reports"
_ID = re.compile(r"[0-9a-f]{8,64}")  # report ids are hex content hashes: nothing else names a file



def report_document(rr, fragment_ops: list | None = None, divisions=()) -> dict:
    """The report file of one `kg.resolve.report.ResolvedReport` (see the module docstring); `divisions`:
    (Place, Evidence) pairs of the divisions the text names (`division_mentions`)."""
    spans: list[dict] = []
    who = rr.issuer.name if rr.issuer else rr.label
    year = f"（{rr.year}年）" if rr.year else ""

    def add(ev, kind: str, iri: str, label: str, statement: str) -> None:
        if ev is None or not 0 <= ev.start < ev.end <= len(rr.text):
            return
        spans.append({"start": ev.start, "end": ev.end, "kind": kind, "iri": iri, "label": label,
                      "statement": statement, "sentence": [ev.sentence_start, ev.sentence_end]})

    for b in rr.bodies:
        if b.mentioned:
            also = f"，又称 {'、'.join(b.aliases)}" if b.aliases else ""
            for ev in b.evidence:
                add(ev, "organization", b.iri, b.name, f"报告提及机构 {b.name}{also}")
    for c in rr.citations:
        actions = "、".join(c.actions) or "引用"
        for ev in c.evidence:
            add(ev, "regulation", c.law.iri, c.law.title, f"{who} {actions}《{c.law.title}》{year}")
    for o in rr.officials:
        where = f"（{o.body.name}）" if o.body is not None else ""
        for ev in o.evidence:
            add(ev, "official", o.iri, o.name, f"{o.name} 任 {o.post}{where}")
    for c in rr.campaigns:
        for ev in c.evidence:
            add(ev, "campaign", c.iri, c.name, f"{who} 开展 {c.name}{year}")
    for m in rr.figures:
        value = int(m.value) if float(m.value).is_integer() else m.value
        when = "，".join(x for x in (f"{rr.year}年" if rr.year else "", rr.region.name if rr.region else "") if x)
        add(m.evidence, "metric", m.iri, f"{m.name} {value}{m.unit}",
            f"{who} 报告 {m.name} {value}{m.unit}" + (f"（{when}）" if when else ""))
    for place, ev in divisions:
        add(ev, "division", place.iri, place.name, f"报告提及 {place.name}")
    spans.sort(key=lambda s: (s["start"], -s["end"], s["kind"], s["iri"]))
    return {
        "format": FORMAT, "id": rr.id, "iri": rr.iri, "file": rr.file, "title": rr.title, "label": rr.label,
        "year": rr.year,
        "issuer": {"iri": rr.issuer.iri, "label": rr.issuer.name} if rr.issuer else None,
        "place": {"iri": rr.region.iri, "label": rr.region.name, "code": rr.region.code} if rr.region else None,
        "text": rr.text, "spans": spans, "fragment": list(fragment_ops or []),
    }


def division_mentions(ex, rr) -> list[tuple]:
    """(Place, Evidence) of each division the text names: the evidence is on the Extraction, the place on `rr`."""
    from ..rdf import mint

    out = []
    for d in ex.divisions:
        place = rr.places.get(str(mint.division(d.code)))
        if place is not None:
            out += [(place, ev) for ev in d.evidence[:3]]
    return out


def encode(document: dict) -> bytes:
    """A report document as compact UTF-8 JSON, its keys sorted."""
    from ..io import json_bytes

    return json_bytes(document, sort_keys=True)


def report_file(ex, rr, fragment_ops: list | None = None) -> bytes:
    """The bytes of `reports/<id>.json` for an Extraction and its ResolvedReport (what a build task makes)."""
    return encode(report_document(rr, fragment_ops, division_mentions(ex, rr)))


def path_of(report_id: str) -> str:
    """The output path of a report's file (relative to the build folder)."""
    return f"{FOLDER}/{report_id}.json"


class ReportFiles:
    """The report files of a build, spooled to a temporary folder as reports arrive."""

    def __init__(self, directory: str | os.PathLike | None = None):
        if directory is None:
            directory = Path(tempfile.mkdtemp(prefix="kg-reports-"))
            self._cleanup = weakref.finalize(self, shutil.rmtree, directory, True)
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.ids: list[str] = []

    def add(self, report_id: str | None, data: bytes) -> None:
        if not data or not report_id or not _ID.fullmatch(report_id):
            return
        (self.directory / f"{report_id}.json").write_bytes(data)
        self.ids.append(report_id)

    def outputs(self) -> dict[str, Path]:
        """Output path → spooled file of every report file."""
        return {path_of(rid): self.directory / f"{rid}.json" for rid in sorted(set(self.ids))}


def read_report(directory: str | os.PathLike, report_id: str) -> dict | None:
    """The report document of `report_id` in the build folder `directory`, or None (no such file, not a report
    id, not a document kg wrote)."""
    if not _ID.fullmatch(report_id or ""):
        return None
    try:
        doc = json.loads((Path(directory) / FOLDER / f"{report_id}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("id") != report_id:
        return None
    return doc
