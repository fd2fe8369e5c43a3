"""What extraction produces: entities and relations of one report, each with evidence."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Evidence:
    """Where a statement comes from: character offsets into the report text and its sentence."""

    start: int
    end: int
    sentence_start: int
    sentence_end: int

    def as_dict(self, text: str | None = None) -> dict:
        out = {"start": self.start, "end": self.end}
        if text is not None:
            out["text"] = text[self.start:self.end]
            out["sentence"] = text[self.sentence_start:self.sentence_end]
        return out


@dataclass
class Regulation:
    title: str
    issuer: str | None = None
    written: str = ""
    level: str | None = None
    status: str | None = None
    in_registry: bool = False
    evidence: list[Evidence] = field(default_factory=list)
    actions: list[tuple[str, Evidence]] = field(default_factory=list)


@dataclass
class Organization:
    name: str
    kind: str
    division: str | None = None
    level: str | None = None
    aliases: set[str] = field(default_factory=set)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Official:
    name: str
    title: str
    organization: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Campaign:
    name: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Metric:
    name: str
    value: float
    unit: str
    evidence: Evidence | None = None


@dataclass
class DivisionRef:
    name: str
    code: str
    level: str
    parent: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(frozen=True)
class Relation:
    """A statement inside one report: subject —predicate→ object, with evidence."""

    subject: tuple[str, str]   # (kind, key)
    predicate: str
    object: tuple[str, str]
    evidence: Evidence | None = None
    qualifier: str | None = None  # e.g. the action of a citation (学习, 宣传, 制定 …)


@dataclass
class Extraction:
    """Everything `kg` read in one report."""

    report: "object"  # kg.ingest.Report
    regulations: list[Regulation] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    divisions: list[DivisionRef] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    private_persons: int = 0

    def to_json(self, evidence: bool = True) -> dict:
        """The JSON shape of `kg extract --jsonl` (keys as in the gold guideline, plus evidence)."""
        text = self.report.text
        ev = (lambda e: e.as_dict(text)) if evidence else None

        def spans(items):
            return [ev(e) for e in items[:3]] if evidence else None

        def clean(d):
            return {k: v for k, v in d.items() if v is not None}

        meta = self.report.meta
        return {
            "file": self.report.file,
            "id": self.report.id,
            "report": {**meta.as_dict(), "region_code": meta.region_code},
            "regulations": [clean({"title": r.title, "issuer": r.issuer, "level": r.level, "status": r.status,
                                   "actions": sorted({a for a, _ in r.actions}) or None,
                                   "evidence": spans(r.evidence)}) for r in self.regulations],
            "organizations": [clean({"name": o.name, "kind": o.kind, "division": o.division,
                                     "evidence": spans(o.evidence)}) for o in self.organizations],
            "officials": [clean({"name": o.name, "title": o.title, "organization": o.organization,
                                 "evidence": spans(o.evidence)}) | {"organization": o.organization}
                          for o in self.officials],
            "campaigns": [clean({"name": c.name, "evidence": spans(c.evidence)}) for c in self.campaigns],
            "metrics": [clean({"name": m.name, "value": _num(m.value), "unit": m.unit,
                               "evidence": ev(m.evidence) if evidence and m.evidence else None})
                        for m in self.metrics],
            "divisions": [{"name": d.name, "code": d.code, "level": d.level} for d in self.divisions],
            "relations": [clean({"subject": list(r.subject), "predicate": r.predicate, "object": list(r.object),
                                 "qualifier": r.qualifier,
                                 "evidence": ev(r.evidence) if evidence and r.evidence else None})
                          for r in self.relations],
            "private_persons": self.private_persons,
        }


def _num(v: float):
    return int(v) if float(v).is_integer() else v


__all__ = ["Evidence", "Regulation", "Organization", "Official", "Campaign", "Metric", "DivisionRef",
           "Relation", "Extraction", "asdict"]
