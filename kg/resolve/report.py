"""One resolve step: an Extraction → a `ResolvedReport`, what both graphs are made from.

Everything a graph needs is settled here, once: the IRI of every resource (from `kg.rdf.mint`), the report's issuer,
each regulation's registry entry, each division with its chain of parents. The RDF writer (`kg.rdf.convert`) and
the networkx builder (`kg.graph`) only read a ResolvedReport: they look nothing up and mint nothing, so the two
graphs name the same things the same way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Evidence, Extraction
from ..rdf import mint
from .gazetteer import Division, gazetteer
from .regulations import RegistryEntry, registry

JURISDICTION_LEVELS = ("county", "prefecture", "province")
# 我局, 本办, 该局: how a report refers to a body (its writer, one just named), not a name the body bears
SELF_REFERENCE = re.compile(r"^[我本该]")


@dataclass(frozen=True)
class Place:
    """A division: its IRI, code, name, level and the IRI of the division it is part of (None for a province).

    A former division (a name or code no longer borne) has `replaced_by`, the IRIs of the current division(s) it
    became, and `valid_to`, the day it stopped; `valid_from` is the day a division began to bear its code and name
    ("" when before 2014, where the record starts). Dates as the gazetteer writes them (YYYY-MM-DD or YYYY-MM)."""

    iri: str
    code: str
    name: str
    level: str
    parent: str | None
    replaced_by: tuple[str, ...] = ()
    valid_from: str = ""
    valid_to: str = ""

    @property
    def former(self) -> bool:
        return bool(self.replaced_by)


@dataclass
class Body:
    """An organisation as this report names it."""

    iri: str
    name: str
    kind: str | None = None
    aliases: tuple[str, ...] = ()
    jurisdiction: str | None = None          # IRI of its division
    evidence: tuple[Evidence, ...] = ()
    mentioned: bool = False                  # named in the text (not only as an issuer or a registry body)


@dataclass(frozen=True)
class Law:
    """A regulation as an entity shared by every report citing it: its title and what the registry knows."""

    iri: str
    title: str
    level: str | None
    status: str | None
    entry: RegistryEntry | None
    passed_by: tuple[Body, ...] = ()         # who first adopted it (the registry's first_adopted_by)
    amended_by: tuple[Body, ...] = ()        # who made its last amendment
    replaced_by: "Law | None" = None


@dataclass
class Citation:
    """This report's citation of a regulation."""

    iri: str
    law: Law
    written: str | None
    issuer_as_written: str | None
    actions: tuple[str, ...]
    evidence: tuple[Evidence, ...]


@dataclass
class Person:
    iri: str
    name: str
    post_iri: str
    post: str
    body: Body | None
    evidence: tuple[Evidence, ...]


@dataclass
class Named:
    """A campaign."""

    iri: str
    name: str
    evidence: tuple[Evidence, ...]


@dataclass
class Figure:
    iri: str
    name: str
    value: float
    unit: str
    evidence: Evidence | None
    approximate: bool = False   # given as a round or bounded number (1万余份, 约300人)


@dataclass
class ResolvedReport:
    """One report with every reference resolved (see the module docstring)."""

    id: str
    iri: str
    graph: str
    file: str
    text: str
    title: str | None
    year: int | None
    region: Place | None                                       # the division the report is about, as it is now
    issuer: Body | None
    region_then: Place | None = None                           # the same division as it was in the report's year
    places: dict[str, Place] = field(default_factory=dict)     # IRI → every division referred to, parents too
    mentioned_places: list[str] = field(default_factory=list)  # IRIs of the divisions the text names
    bodies: list[Body] = field(default_factory=list)           # every body referred to, in order of first mention
    citations: list[Citation] = field(default_factory=list)
    officials: list[Person] = field(default_factory=list)
    campaigns: list[Named] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.title or self.file

    def body(self, iri: str) -> Body | None:
        return next((b for b in self.bodies if b.iri == iri), None)


class _Resolver:
    def __init__(self, ex: Extraction):
        self.ex = ex
        self.gaz = gazetteer()
        self.places: dict[str, Place] = {}
        self.bodies: dict[str, Body] = {}
        self.kinds = {o.name: o.kind for o in ex.organizations}

    def place(self, code: str, level: str) -> Place | None:
        """The current division with `code` at `level` (a former code gives its successor), with its parents."""
        div = self.gaz.get(code, level)
        return self.division(div) if div is not None else None

    def division(self, div: Division) -> Place:
        """The Place of a gazetteer division, current or former, with its parents as they were (county →
        prefecture, or province where there is no prefecture; prefecture → province)."""
        former = div.status != "current"
        iri = str(mint.former_division(div.code, div.name) if former else mint.division(div.code))
        if iri in self.places:
            return self.places[iri]
        parent = self._parent(div)
        parent_place = self.division(parent) if parent is not None else None
        now = tuple(self.division(d).iri for d in self.gaz.then_and_now(div).now) if former else ()
        place = self.places[iri] = Place(iri, div.code, div.name, div.level, parent_place.iri if parent_place else None,
                                         now, div.valid_from, div.valid_to)
        return place

    def place_then(self, place: Place | None, year: int | None) -> Place | None:
        """`place` (a current division) as it was in `year`: under its name and code then (莱芜区 in 2018 is
        莱城区; 兰陵县 in 2013 is 苍山县). Where several bore it that year (蓬莱区 in 2019: 蓬莱市 and 长岛县), the one
        the report names, else the one that bore it most days."""
        if place is None or year is None:
            return place
        div = self.gaz.get(place.code, place.level)
        then = self.gaz.as_of(div, year) if div is not None else []
        if not then:
            return place
        named = [d for d in then if d.name in self.ex.report.text]  # the one the report names, if it names one
        return self.division((named or then)[0])

    def _parent(self, div: Division) -> Division | None:
        parent = self.gaz.prefecture_of(div) if div.level == "county" else None
        if parent is None and div.level != "province":
            parent = self.gaz.province_of(div)
        return parent if parent is not None and parent.code != div.code else None

    def body(self, name: str, kind: str | None = None) -> Body:
        iri = str(mint.organization(name))
        b = self.bodies.get(iri)
        if b is None:
            b = self.bodies[iri] = Body(iri, name, kind if kind is not None else self.kinds.get(name))
        elif b.kind is None and kind is not None:
            b.kind = kind
        return b

    def resolve(self) -> ResolvedReport:
        ex, rep, meta = self.ex, self.ex.report, self.ex.meta
        rid = rep.id
        region = self.place(meta.region_code, meta.region_level or "county") if meta.region_code else None
        region_then = self.place_then(region, meta.year)
        issuer_name = ex.issuer
        issuer = self.body(issuer_name) if issuer_name else None
        mentioned = []
        for d in ex.divisions:
            p = self.place(d.code, d.level)
            if p is not None and p.iri not in mentioned:
                mentioned.append(p.iri)
        for o in ex.organizations:
            b = self.body(o.name, o.kind)
            b.mentioned = True
            b.aliases = tuple(sorted(set(b.aliases) | {a for a in o.aliases - {o.name} if not SELF_REFERENCE.match(a)}))
            b.evidence = b.evidence + tuple(o.evidence[:3])
            if o.division and o.level in JURISDICTION_LEVELS:
                p = self.place(o.division, o.level)
                if p is not None:
                    b.jurisdiction = p.iri
        citations = [self.citation(r) for r in ex.regulations]
        officials = []
        for o in ex.officials:
            body = self.body(o.organization) if o.organization else None
            officials.append(Person(str(mint.official(o.name, o.organization, rid)), o.name,
                                    str(mint.post(o.title, o.organization or f"@{rid}")), o.title, body,
                                    tuple(o.evidence[:2])))
        campaigns = [Named(str(mint.campaign(c.name)), c.name, tuple(c.evidence[:2])) for c in ex.campaigns]
        figures = [Figure(str(mint.observation(rid, i, m.name, m.value, m.unit)), m.name, m.value, m.unit, m.evidence,
                          m.approximate)
                   for i, m in enumerate(ex.metrics)]
        return ResolvedReport(
            id=rid, iri=str(mint.report(rid)), graph=str(mint.report_graph(rid)), file=rep.file, text=rep.text,
            title=meta.title, year=meta.year, region=region, issuer=issuer, region_then=region_then, places=self.places,
            mentioned_places=mentioned, bodies=list(self.bodies.values()), citations=citations, officials=officials,
            campaigns=campaigns, figures=figures)

    def law(self, title: str, level: str | None = None, status: str | None = None,
            entry: RegistryEntry | None = None, depth: int = 0) -> Law:
        """A regulation with what the registry knows, and the regulation that replaced it (with its own entry:
        a chain of replacements is followed a few steps, never round a loop)."""
        passed_by = self.bodies_named(entry.first_adopted_by) if entry else ()
        amended_by = self.bodies_named(entry.last_amended_by) if entry else ()
        replaced = None
        if entry is not None and entry.replaced_by and entry.replaced_by != title and depth < 4:
            successor = registry().lookup(entry.replaced_by)
            replaced = self.law(successor.title if successor else entry.replaced_by, entry=successor, depth=depth + 1)
        level = level or (entry.level if entry else None)
        status = status or (entry.status if entry else None)
        return Law(str(mint.regulation(title)), title, level or None, status or None, entry, passed_by, amended_by,
                   replaced)

    def bodies_named(self, names: str) -> tuple[Body, ...]:
        """The bodies of a registry column (several joined by 、)."""
        return tuple(self.body(b) for b in filter(None, names.split("、")))

    def citation(self, reg) -> Citation:
        entry = reg.entry
        law = self.law(reg.title, reg.level, reg.status, entry)
        written = reg.written.strip("《》") if reg.written else ""
        return Citation(
            iri=str(mint.citation(self.ex.report.id, reg.title)), law=law,
            written=reg.written if written and written != reg.title else None,
            issuer_as_written=reg.issuer if reg.issuer and entry is None else None,
            actions=tuple(sorted({a for a, _ in reg.actions})), evidence=tuple(reg.evidence[:3]))


def resolve_report(ex: Extraction) -> ResolvedReport:
    """The ResolvedReport of one Extraction."""
    return _Resolver(ex).resolve()
