"""What extraction produces: a report's metadata, its entities and relations, each with evidence.

Every class round-trips through plain JSON (`Extraction.to_dict` / `Extraction.from_dict`): that is the form the
per-file cache keeps (a data format that cannot run code) and the one worker processes could send.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import lru_cache


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
class ReportMeta:
    """What a report is: who wrote it, about which place, for which year (found once, by the `kg_meta` component)."""

    title: str | None = None
    issuer: str | None = None
    region: str | None = None
    region_code: str | None = None
    region_level: str | None = None     # county | prefecture | province: the level of the body that wrote it
    prefecture: str | None = None
    province: str | None = None
    year: int | None = None

    def as_dict(self) -> dict:
        return {"title": self.title, "issuer": self.issuer, "region": self.region,
                "prefecture": self.prefecture, "province": self.province, "year": self.year}


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
    entry: object = field(default=None, compare=False, repr=False)  # kg.resolve.regulations.RegistryEntry


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
    """A reported figure. `approximate`: the report gives it as a round or bounded number (1万余份, 660余条, 约300人,
    4000多人, 100人以上): `value` is the number written, not the exact count."""

    name: str
    value: float
    unit: str
    evidence: Evidence | None = None
    approximate: bool = False


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
    """Everything `kg` read in one report: `report` is the text as read (with private names masked unless asked
    otherwise), `meta` what the report is."""

    report: "object"  # kg.ingest.Report
    meta: ReportMeta = field(default_factory=ReportMeta)
    regulations: list[Regulation] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    divisions: list[DivisionRef] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    private_persons: int = 0
    masked_names: int = 0   # distinct private names masked in the text

    @property
    def issuer(self) -> str | None:
        """The canonical name of the body that wrote the report (the object of the report's issuedBy)."""
        return next((r.object[1] for r in self.relations if r.predicate == "issuedBy" and r.subject[0] == "report"),
                    None)

    def to_json(self, evidence: bool = True) -> dict:
        """The JSON shape of `kg extract --jsonl` (keys as in the gold guideline, plus evidence)."""
        text = self.report.text
        ev = (lambda e: e.as_dict(text)) if evidence else None

        def spans(items):
            return [ev(e) for e in items[:3]] if evidence else None

        def clean(d):
            return {k: v for k, v in d.items() if v is not None}

        meta = self.meta
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
                               "approximate": True if m.approximate else None,
                               "evidence": ev(m.evidence) if evidence and m.evidence else None})
                        for m in self.metrics],
            "divisions": [{"name": d.name, "code": d.code, "level": d.level} for d in self.divisions],
            "relations": [clean({"subject": list(r.subject), "predicate": r.predicate, "object": list(r.object),
                                 "qualifier": r.qualifier,
                                 "evidence": ev(r.evidence) if evidence and r.evidence else None})
                          for r in self.relations],
            "private_persons": self.private_persons,
        }

    # -- lossless JSON (the cache) ----------------------------------------------------------------------------------

    def to_dict(self) -> dict:
        """Everything, as JSON-compatible data: `Extraction.from_dict(ex.to_dict())` equals `ex`."""
        r = self.report
        return {
            "report": {"path": r.shown_path, "text": r.text, "format": r.format,
                       "encoding": r.encoding, "id": r.id,
                       "offsets": [r.offsets.starts, r.offsets.sources]},
            "meta": _plain(self.meta),
            "regulations": [_plain(x, evidence=_evs(x.evidence), actions=[[a, _ev(e)] for a, e in x.actions])
                            for x in self.regulations],
            "organizations": [_plain(x, aliases=sorted(x.aliases), evidence=_evs(x.evidence))
                              for x in self.organizations],
            "officials": [_plain(x, evidence=_evs(x.evidence)) for x in self.officials],
            "campaigns": [_plain(x, evidence=_evs(x.evidence)) for x in self.campaigns],
            "metrics": [_plain(x, evidence=_ev(x.evidence)) for x in self.metrics],
            "divisions": [_plain(x, evidence=_evs(x.evidence)) for x in self.divisions],
            "relations": [[list(x.subject), x.predicate, list(x.object), _ev(x.evidence), x.qualifier]
                          for x in self.relations],
            "private_persons": self.private_persons,
            "masked_names": self.masked_names,
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Extraction":
        from .ingest.report import OffsetMap, Report
        from .resolve.regulations import registry

        rd = d["report"]
        report = Report(path=rd["path"], text=rd["text"], format=rd["format"], encoding=rd["encoding"],
                        offsets=OffsetMap(*rd["offsets"]))
        report.__dict__["_id"] = (report.text, rd["id"])

        def evs(items):
            return [_unev(e) for e in items]

        return cls(
            report=report,
            meta=ReportMeta(**d["meta"]),
            regulations=[Regulation(**{**x, "evidence": evs(x["evidence"]),
                                       "actions": [(a, _unev(e)) for a, e in x["actions"]],
                                       "entry": registry().lookup(x["title"]) if x["in_registry"] else None})
                         for x in d["regulations"]],
            organizations=[Organization(**{**x, "aliases": set(x["aliases"]), "evidence": evs(x["evidence"])})
                           for x in d["organizations"]],
            officials=[Official(**{**x, "evidence": evs(x["evidence"])}) for x in d["officials"]],
            campaigns=[Campaign(**{**x, "evidence": evs(x["evidence"])}) for x in d["campaigns"]],
            metrics=[Metric(**{**x, "evidence": _unev(x["evidence"])}) for x in d["metrics"]],
            divisions=[DivisionRef(**{**x, "evidence": evs(x["evidence"])}) for x in d["divisions"]],
            relations=[Relation(tuple(s), p, tuple(o), _unev(e), q) for s, p, o, e, q in d["relations"]],
            private_persons=d["private_persons"],
            masked_names=d.get("masked_names", 0),
        )


@lru_cache(maxsize=None)
def _stored(cls) -> tuple[str, ...]:
    """The fields of a dataclass that its JSON keeps: all but those not compared (a regulation's registry entry,
    found again from its title)."""
    return tuple(f.name for f in fields(cls) if f.compare)


def _plain(x, **replaced) -> dict:
    """The fields of the dataclass `x` as a dict, in their order, with `replaced` values for some (its evidence as
    lists): what `dataclasses.asdict` gives for these flat classes, without its deep copies."""
    out = {name: getattr(x, name) for name in _stored(type(x))}
    out.update(replaced)
    return out


def _ev(e: Evidence | None):
    return None if e is None else [e.start, e.end, e.sentence_start, e.sentence_end]


def _evs(items) -> list:
    return [_ev(e) for e in items]


def _unev(e) -> Evidence | None:
    return None if e is None else Evidence(*e)


def _num(v: float):
    return int(v) if float(v).is_integer() else v


__all__ = ["Evidence", "ReportMeta", "Regulation", "Organization", "Official", "Campaign", "Metric", "DivisionRef",
           "Relation", "Extraction"]
