"""A ResolvedReport → RDF: what the report said in a named graph of its own, the entities it names in one shared graph.

The dataset's shape (ontology/REFERENCE.md, "The dataset"):

- `kgid:graph/entities` describes every shared entity once: divisions (as they are now, and as they were before a
  change), bodies (name, kind, aliases, jurisdiction), regulations (titles, level, force, who made them and when,
  repeal and replacement), campaigns, officials and the posts they hold, and who runs which campaign.
- each report's graph `kgid:graph/<hash>` holds only what that report said: the report node, its citations
  (kg:Citation), its figures (qb:Observation, in the report's own qb:DataSet, which carries their area, year
  and issuer once), what it mentions, and the evidence: each sentence once (kg:Sentence, named by an RFC 5147
  fragment of the report, `…/report/<hash>#char=s,e`) and each span (kg:Evidence) pointing at its sentence;
- the default graph says which report each graph was derived from.

So the union of the graphs states every fact once: a COUNT over citations counts citations.

`report_nquads` writes one report's statements as sorted N-Quads lines where it was extracted (a worker process):
the report graph, and apart the lines every report may repeat (the entities graph and the default graph), which
`kg.rdf.dataset.KGDataset` de-duplicates while it spools. Terms are written in their N-Triples form (`NT`, `iri`,
`zh` …) exactly as pyoxigraph's serialiser writes them: building a pyoxigraph `Quad` per statement cost more than
the rest of the conversion. A test parses the lines with pyoxigraph and compares them with its own serialisation.
Everything is already resolved (IRIs from `mint`, registry entries, division chains: `kg.resolve.report`).
"""
from __future__ import annotations

import re
from functools import lru_cache

import pyoxigraph as ox

from ..model import Evidence
from . import mint
from .namespaces import NT
from .ontology import concept as _concept

RDF_TYPE = NT.rdf.type
LABEL = NT.rdfs.label

# N-Triples string escapes, as pyoxigraph writes them: the short ones, then \uXXXX for other controls
_ESCAPES = {i: f"\\u{i:04X}" for i in [*range(0x20), 0x7F]}
_ESCAPES.update({ord("\t"): "\\t", ord("\n"): "\\n", ord("\r"): "\\r", ord("\b"): "\\b", ord("\f"): "\\f",
                 ord('"'): '\\"', ord("\\"): "\\\\"})
_NEEDS_ESCAPE = re.compile('[\x00-\x1f\x7f"\\\\]')


def _quoted(text: str) -> str:
    text = str(text)
    return f'"{text.translate(_ESCAPES) if _NEEDS_ESCAPE.search(text) else text}"'


@lru_cache(maxsize=1 << 16)
def iri(value) -> str:
    """An IRI as an N-Triples term (`<…>`), checked by pyoxigraph (which raises on an invalid one)."""
    return str(ox.NamedNode(str(value)))


def literal(text) -> str:
    return _quoted(text)


def zh(text) -> str:
    return f"{_quoted(text)}@zh"


def _typed(value, datatype: str) -> str:
    return f"{_quoted(value)}^^{NT.xsd[datatype]}"


def _date(value) -> str | None:
    """A date (datetime.date, or the gazetteer's YYYY-MM-DD / YYYY-MM text) as an xsd:date or xsd:gYearMonth
    literal; None for no date."""
    if not value:
        return None
    text = value if isinstance(value, str) else value.isoformat()
    return _typed(text, "date" if len(text) == 10 else "gYearMonth")


def _number(value: float) -> str:
    v = float(value)
    return str(int(v)) if v.is_integer() else repr(v)


@lru_cache(maxsize=None)
def concept(scheme: str, notation: str) -> str | None:
    node = _concept(scheme, notation)
    return None if node is None else str(node)


_NON_NEGATIVE = NT.xsd.nonNegativeInteger
# the terms every evidence node uses (looked up once: a report has hundreds of evidence spans)
_SENTENCE, _IN_SENTENCE = NT.kg.Sentence, NT.kg.inSentence
_HAS_SOURCE, _VALUE, _START, _END = NT.oa.hasSource, NT.rdf.value, NT.oa.start, NT.oa.end
ENTITIES = iri(mint.entities_graph())


class _Graph:
    """Collects the statements of one named graph as N-Quads lines."""

    def __init__(self, name: str, lines: list[str] | None = None):
        self.name = name
        self.lines: list[str] = [] if lines is None else lines
        append, tail = self.lines.append, f" {name} .\n"

        def add(s: str, p: str, o: str) -> None:
            append(f"{s} {p} {o}{tail}")

        self.add = add


def _offset(n: int) -> str:
    return f'"{n}"^^{_NON_NEGATIVE}'


class _ReportConverter:
    def __init__(self, rr):
        self.rr = rr
        self.rid, self.text = rr.id, rr.text
        self.g = _Graph(iri(rr.graph))
        self.e = _Graph(ENTITIES)
        self.add, self.entity = self.g.add, self.e.add   # what the report said; what is true of shared entities
        self.r = iri(rr.iri)
        self._described: set[str] = set()
        self._sentences: set[tuple[int, int]] = set()

    def add_known(self, subject, *pairs) -> None:
        """Add (subject, predicate, object) for every pair whose object is known (not None), in the report graph."""
        for predicate, obj in pairs:
            if obj is not None:
                self.add(subject, predicate, obj)

    def _first(self, key: str) -> bool:
        """True the first time an entity is described in this report."""
        if key in self._described:
            return False
        self._described.add(key)
        return True

    # entities shared across reports (the entities graph) ---------------------------------------

    def place(self, place_iri: str | None) -> str | None:
        place = self.rr.places.get(place_iri) if place_iri else None
        if place is None:
            return None
        node = iri(place.iri)
        if not self._first(place.iri):
            return node
        add = self.entity
        add(node, RDF_TYPE, NT.kg.AdministrativeDivision)
        add(node, LABEL, zh(place.name))
        add(node, NT.kg.divisionCode, literal(place.code))
        add(node, NT.kg.divisionLevel, concept("DivisionLevels", place.level))
        parent = self.place(place.parent)
        if parent is not None:
            add(node, NT.kg.partOf, parent)
        for now in place.replaced_by:
            add(node, NT.dcterms.isReplacedBy, self.place(now))
        for prop, day in ((NT.kg.validFrom, place.valid_from), (NT.kg.validUntil, place.valid_to)):
            if (value := _date(day)) is not None:
                add(node, prop, value)
        return node

    def body(self, b) -> str:
        node = iri(b.iri)
        add = self.entity
        if self._first(b.iri):
            add(node, RDF_TYPE, NT.org.Organization)
            add(node, LABEL, zh(b.name))
            add(node, NT.skos.prefLabel, zh(b.name))
        if b.kind and (kind_node := concept("OrganizationKinds", b.kind)) is not None:
            add(node, NT.org.classification, kind_node)
        if b.mentioned:
            for a in b.aliases:
                add(node, NT.skos.altLabel, zh(a))
            jurisdiction = self.place(b.jurisdiction)
            if jurisdiction is not None:
                add(node, NT.kg.jurisdiction, jurisdiction)
        return node

    def law(self, law) -> str:
        node = iri(law.iri)
        if not self._first(law.iri):
            return node
        add = self.entity
        add(node, RDF_TYPE, NT.eli.LegalResource)
        add(node, NT.eli.title, zh(law.title))
        add(node, LABEL, zh(law.title))
        if law.level and (level_node := concept("LegalLevels", law.level)) is not None:
            add(node, NT.kg.legalLevel, level_node)
        if law.status:
            add(node, NT.schema.legislationLegalForce,
                NT.schema.InForce if law.status == "in_force" else NT.schema.NotInForce)
        entry = law.entry
        if entry is not None:
            for short in entry.short_forms:
                add(node, NT.eli.title_short, zh(short))
            for body in law.passed_by:
                add(node, NT.eli.passed_by, self.body(body))
            for body in law.amended_by:
                add(node, NT.kg.lastAmendedBy, self.body(body))
            for prop, day in ((NT.eli.date_document, entry.first_adopted), (NT.eli.version_date, entry.last_amended),
                              (NT.eli.date_publication, entry.published),
                              (NT.eli.first_date_entry_in_force, entry.entered_into_force)):
                if (value := _date(day)) is not None:
                    add(node, prop, value)
            repeal = entry.repeal
            if repeal is not None:
                add(node, NT.eli.date_no_longer_in_force, _date(repeal.on))
        if law.replaced_by is not None:
            replacement = self.law(law.replaced_by)
            add(node, NT.dcterms.isReplacedBy, replacement)
            if law.status == "repealed":
                add(node, NT.eli.repealed_by, replacement)
        return node

    # what the report said (its own graph) -----------------------------------------------------

    def evidence(self, ev: Evidence) -> str:
        """The span start:end (a kg:Evidence, as the range of kg:evidence) pointing at the sentence it is in, and
        once per report that sentence (kg:Sentence: report, offsets, text). The span's offsets are its IRI's
        RFC 5147 fragment (`#char=start,end`): one statement per span."""
        add, rid = self.add, self.rid
        node = f"<{mint.span(rid, ev.start, ev.end)}>"  # made of safe parts
        sentence = f"<{mint.span(rid, ev.sentence_start, ev.sentence_end)}>"
        add(node, _IN_SENTENCE, sentence)
        if (ev.sentence_start, ev.sentence_end) not in self._sentences:
            self._sentences.add((ev.sentence_start, ev.sentence_end))
            add(sentence, RDF_TYPE, _SENTENCE)
            add(sentence, _HAS_SOURCE, self.r)
            add(sentence, _VALUE, _quoted(self.text[ev.sentence_start:ev.sentence_end]))
            add(sentence, _START, _offset(ev.sentence_start))
            add(sentence, _END, _offset(ev.sentence_end))
        return node

    def convert(self) -> tuple[list[str], list[str]]:
        """(the lines of the report's named graph, its lines in the entities graph and the default graph)"""
        rr, r, add = self.rr, self.r, self.add
        add(r, RDF_TYPE, NT.kg.Report)
        add(r, NT.kg.contentHash, literal(self.rid))
        add(r, NT.dcterms.source, literal(rr.file))
        add(r, LABEL, zh(rr.label))
        if rr.title:
            add(r, NT.dcterms.title, zh(rr.title))
        year = _typed(rr.year, "gYear") if rr.year else None
        self.add_known(r, (NT.kg.year, year))
        region = self.place(rr.region.iri) if rr.region else None
        self.add_known(r, (NT.kg.aboutRegion, region))
        if region is not None and year is not None and rr.region_then is not None:
            add(r, NT.kg.regionInYear, self.place(rr.region_then.iri))
        issuer = self.body(rr.issuer) if rr.issuer else None
        self.add_known(r, (NT.dcterms.creator, issuer))

        for place_iri in rr.mentioned_places:
            add(r, NT.schema.mentions, self.place(place_iri))

        for b in rr.bodies:
            if not b.mentioned:
                continue
            node = self.body(b)
            add(r, NT.schema.mentions, node)
            for ev in b.evidence:
                add(node, NT.kg.evidence, self.evidence(ev))

        for c in rr.citations:
            node = self.law(c.law)
            add(r, NT.kg.cites, node)
            cit = iri(c.iri)
            add(cit, RDF_TYPE, NT.kg.Citation)
            add(cit, NT.kg.citedRegulation, node)
            add(cit, NT.kg.citingReport, r)
            if c.issuer_as_written:
                add(cit, NT.kg.issuerAsWritten, zh(c.issuer_as_written))
            if c.written:
                add(cit, NT.kg.writtenAs, zh(c.written))
            for action in c.actions:
                add(cit, NT.kg.action, zh(action))
            for ev in c.evidence:
                add(cit, NT.kg.evidence, self.evidence(ev))

        for o in rr.officials:
            person, post = iri(o.iri), iri(o.post_iri)
            if self._first(o.iri):
                self.entity(person, RDF_TYPE, NT.foaf.Person)
                self.entity(person, NT.foaf.name, zh(o.name))
                self.entity(person, LABEL, zh(o.name))
            if self._first(o.post_iri):
                self.entity(post, RDF_TYPE, NT.org.Post)
                self.entity(post, LABEL, zh(o.post))
                if o.body is not None:
                    self.entity(post, NT.org.postIn, self.body(o.body))
            self.entity(person, NT.org.holds, post)
            add(r, NT.schema.mentions, person)
            for ev in o.evidence:
                add(person, NT.kg.evidence, self.evidence(ev))

        scheme = iri(mint.campaign_scheme())
        for c in rr.campaigns:
            node = iri(c.iri)
            if self._first(c.iri):
                self.entity(node, RDF_TYPE, NT.kg.Campaign)
                self.entity(node, NT.skos.prefLabel, zh(c.name))
                self.entity(node, LABEL, zh(c.name))
                self.entity(node, NT.skos.inScheme, scheme)
            if issuer is not None:
                self.entity(issuer, NT.kg.runs, node)
            add(r, NT.schema.mentions, node)
            for ev in c.evidence:
                add(node, NT.kg.evidence, self.evidence(ev))

        if rr.figures:  # the report's data set: what every figure of it shares (RDF Data Cube, §6.3)
            figures = iri(mint.figures_dataset(self.rid))
            add(figures, RDF_TYPE, NT.qb.DataSet)
            add(figures, NT.qb.structure, NT.kg.figureStructure)
            add(figures, NT.kg.inReport, r)
            self.add_known(figures, (NT.kg.refPeriod, year), (NT.kg.refArea, region), (NT.kg.reportedBy, issuer))
        for m in rr.figures:
            obs = iri(m.iri)
            number = _number(m.value)
            add(obs, RDF_TYPE, NT.qb.Observation)
            add(obs, NT.qb.dataSet, figures)
            add(obs, LABEL, zh(f"{m.name} {number}{m.unit}"))
            add(obs, NT.kg.measureName, zh(m.name))
            add(obs, NT.sdmx_measure.obsValue, _typed(number, "decimal"))
            add(obs, NT.kg.unit, zh(m.unit))
            if m.approximate:
                add(obs, NT.kg.approximate, _typed("true", "boolean"))
            if m.evidence:
                add(obs, NT.kg.evidence, self.evidence(m.evidence))

        # what the named graph is: the statements derived from this report (default graph)
        return self.g.lines, [*self.e.lines, f"{self.g.name} {NT.prov.wasDerivedFrom} {r} .\n"]


def report_nquads(rr) -> tuple[bytes, bytes]:
    """One ResolvedReport as N-Quads: (its named graph, its lines in the entities graph and the default graph),
    each sorted and de-duplicated. Made where the report was extracted (a worker process), so the parent only
    concatenates the first and de-duplicates the second (`KGDataset.add`)."""
    named, shared = _ReportConverter(rr).convert()
    return sorted_lines(named), sorted_lines(shared)


def sorted_lines(lines) -> bytes:
    """N-Quads lines, de-duplicated and sorted (code point order is UTF-8 byte order: sorting the text sorts the
    bytes), as bytes."""
    return "".join(sorted(set(lines))).encode("utf-8")


def dataset_nquads() -> bytes:
    """The statements about the whole dataset, as sorted N-Quads: the campaigns' scheme (in the entities graph), and
    what the entities graph is (in the default graph)."""
    scheme = iri(mint.campaign_scheme())
    e = _Graph(ENTITIES)
    e.add(scheme, RDF_TYPE, NT.skos.ConceptScheme)
    e.add(scheme, LABEL, zh("专项活动"))
    return sorted_lines([*e.lines, f"{ENTITIES} {LABEL} {zh('共享实体')} .\n"])
