"""A ResolvedReport → RDF: the report's statements in a named graph of its own, merged by stable IRIs.

`report_nquads` writes one report's statements as sorted N-Quads lines where it was extracted (a worker process);
`kg.rdf.dataset.KGDataset` spools them to disk and gives pyoxigraph and rdflib objects on demand. Terms are written
in their N-Triples form (`NT`, `iri`, `zh` …) exactly as pyoxigraph's serialiser writes them: building a pyoxigraph
`Quad` per statement cost more than the rest of the conversion (a report has about a thousand). A test parses the
lines with pyoxigraph and compares them with its own serialisation. Everything is already resolved (IRIs from
`mint`, registry entries, division chains: `kg.resolve.report`): nothing is looked up here.
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


def _number(value: float) -> str:
    v = float(value)
    return str(int(v)) if v.is_integer() else repr(v)


@lru_cache(maxsize=None)
def concept(scheme: str, notation: str) -> str | None:
    node = _concept(scheme, notation)
    return None if node is None else str(node)


_NON_NEGATIVE = NT.xsd.nonNegativeInteger
# the terms every evidence node uses (looked up once: a report has hundreds of evidence nodes)
_EVIDENCE, _HAS_SOURCE, _HAS_SELECTOR, _SENTENCE = NT.kg.Evidence, NT.oa.hasSource, NT.oa.hasSelector, NT.kg.sentence
_POSITION, _START, _END = NT.oa.TextPositionSelector, NT.oa.start, NT.oa.end
_QUOTE, _EXACT = NT.oa.TextQuoteSelector, NT.oa.exact


class _Graph:
    """Collects the statements of one named graph as N-Quads lines."""

    def __init__(self, name: str):
        self.name = name
        self.lines: list[str] = []
        append, tail = self.lines.append, f" {name} .\n"

        def add(s: str, p: str, o: str) -> None:
            append(f"{s} {p} {o}{tail}")

        self.add = add


class _ReportConverter:
    def __init__(self, rr):
        self.rr = rr
        self.rid, self.text = rr.id, rr.text
        self.g = _Graph(iri(rr.graph))
        self.add = self.g.add
        self.r = iri(rr.iri)
        self._places: set[str] = set()
        self._bodies: set[str] = set()

    def add_known(self, subject, *pairs) -> None:
        """Add (subject, predicate, object) for every pair whose object is known (not None)."""
        for predicate, obj in pairs:
            if obj is not None:
                self.add(subject, predicate, obj)

    # entities shared across reports ------------------------------------------------------------

    def place(self, place_iri: str | None) -> str | None:
        place = self.rr.places.get(place_iri) if place_iri else None
        if place is None:
            return None
        node = iri(place.iri)
        if place.iri in self._places:
            return node
        self._places.add(place.iri)
        self.add(node, RDF_TYPE, NT.kg.AdministrativeDivision)
        self.add(node, LABEL, zh(place.name))
        self.add(node, NT.kg.divisionCode, literal(place.code))
        self.add(node, NT.kg.divisionLevel, concept("DivisionLevels", place.level))
        parent = self.place(place.parent)
        if parent is not None:
            self.add(node, NT.kg.partOf, parent)
        return node

    def body(self, b) -> str:
        node = iri(b.iri)
        if b.iri not in self._bodies:
            self._bodies.add(b.iri)
            self.add(node, RDF_TYPE, NT.org.Organization)
            self.add(node, LABEL, zh(b.name))
            self.add(node, NT.skos.prefLabel, zh(b.name))
        if b.kind:
            kind_node = concept("OrganizationKinds", b.kind)
            if kind_node is not None:
                self.add(node, NT.org.classification, kind_node)
        return node

    def law(self, law) -> str:
        node = iri(law.iri)
        self.add(node, RDF_TYPE, NT.eli.LegalResource)
        self.add(node, NT.eli.title, zh(law.title))
        self.add(node, LABEL, zh(law.title))
        return node

    def evidence(self, ev: Evidence) -> str:
        start, end, add, text = ev.start, ev.end, self.add, self.text
        node, pos, quote = (f"<{i}>" for i in mint.evidence_iris(self.rid, start, end))  # made of safe parts
        add(node, RDF_TYPE, _EVIDENCE)
        add(node, _HAS_SOURCE, self.r)
        add(node, _HAS_SELECTOR, pos)
        add(node, _HAS_SELECTOR, quote)
        add(node, _SENTENCE, _quoted(text[ev.sentence_start:ev.sentence_end]))
        add(pos, RDF_TYPE, _POSITION)
        add(pos, _START, f'"{start}"^^{_NON_NEGATIVE}')
        add(pos, _END, f'"{end}"^^{_NON_NEGATIVE}')
        add(quote, RDF_TYPE, _QUOTE)
        add(quote, _EXACT, _quoted(text[start:end]))
        return node

    # the report ---------------------------------------------------------------------------------

    def convert(self) -> tuple[list[str], list[str]]:
        """(the lines of the report's named graph, its lines in the default graph)"""
        rr, r, add = self.rr, self.r, self.add
        add(r, RDF_TYPE, NT.kg.Report)
        add(r, NT.kg.contentHash, literal(self.rid))
        add(r, NT.dcterms.source, literal(rr.file))
        add(r, LABEL, zh(rr.label))
        if rr.title:
            add(r, NT.dcterms.title, zh(rr.title))
        year = _typed(rr.year, "gYear") if rr.year else None
        if year is not None:
            add(r, NT.kg.year, year)
        region = self.place(rr.region.iri) if rr.region else None
        if region is not None:
            add(r, NT.kg.aboutRegion, region)
        issuer = self.body(rr.issuer) if rr.issuer else None
        if issuer is not None:
            add(r, NT.dcterms.creator, issuer)

        for place_iri in rr.mentioned_places:
            add(r, NT.schema.mentions, self.place(place_iri))

        for b in rr.bodies:
            if not b.mentioned:
                continue
            node = self.body(b)
            add(r, NT.schema.mentions, node)
            for a in b.aliases:
                add(node, NT.skos.altLabel, zh(a))
            jurisdiction = self.place(b.jurisdiction)
            if jurisdiction is not None:
                add(node, NT.kg.jurisdiction, jurisdiction)
            for ev in b.evidence:
                add(node, NT.kg.evidence, self.evidence(ev))

        for c in rr.citations:
            law = c.law
            node = self.law(law)
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
                if entry.adopted:
                    add(node, NT.eli.date_document, _typed(entry.adopted, "date"))
                if entry.in_force:
                    add(node, NT.eli.first_date_entry_in_force, _typed(entry.in_force, "date"))
            if law.replaced_by is not None:
                add(node, NT.eli.repealed_by, self.law(law.replaced_by))
            add(r, NT.kg.cites, node)
            cit = iri(c.iri)
            add(cit, RDF_TYPE, NT.kg.Citation)
            add(cit, NT.kg.citedRegulation, node)
            add(cit, NT.kg.citingReport, r)
            self.add_known(cit, (NT.kg.citingBody, issuer), (NT.kg.citingRegion, region), (NT.kg.year, year))
            if c.issuer_as_written:
                add(cit, NT.kg.issuerAsWritten, zh(c.issuer_as_written))
            if c.written:
                add(cit, NT.kg.writtenAs, zh(c.written))
            for action in c.actions:
                add(cit, NT.kg.action, zh(action))
            for ev in c.evidence:
                add(cit, NT.kg.evidence, self.evidence(ev))

        for o in rr.officials:
            person = iri(o.iri)
            add(person, RDF_TYPE, NT.foaf.Person)
            add(person, NT.foaf.name, zh(o.name))
            add(person, LABEL, zh(o.name))
            post = iri(o.post_iri)
            add(post, RDF_TYPE, NT.org.Post)
            add(post, LABEL, zh(o.post))
            add(person, NT.org.holds, post)
            if o.body is not None:
                add(post, NT.org.postIn, self.body(o.body))
            add(r, NT.schema.mentions, person)
            for ev in o.evidence:
                add(person, NT.kg.evidence, self.evidence(ev))

        scheme = iri(mint.campaign_scheme())
        for c in rr.campaigns:
            node = iri(c.iri)
            add(node, RDF_TYPE, NT.kg.Campaign)
            add(node, NT.skos.prefLabel, zh(c.name))
            add(node, LABEL, zh(c.name))
            add(node, NT.skos.inScheme, scheme)
            if issuer is not None:
                add(issuer, NT.kg.runs, node)
            add(r, NT.schema.mentions, node)
            for ev in c.evidence:
                add(node, NT.kg.evidence, self.evidence(ev))

        figures = iri(mint.figures_dataset())
        for m in rr.figures:
            obs = iri(m.iri)
            number = _number(m.value)
            add(obs, RDF_TYPE, NT.qb.Observation)
            add(obs, NT.qb.dataSet, figures)
            add(obs, LABEL, zh(f"{m.name} {number}{m.unit}"))
            add(obs, NT.kg.measureName, zh(m.name))
            add(obs, NT.sdmx_measure.obsValue, _typed(number, "decimal"))
            add(obs, NT.kg.unit, zh(m.unit))
            add(obs, NT.kg.inReport, r)
            self.add_known(obs, (NT.kg.refPeriod, year), (NT.kg.refArea, region), (NT.kg.reportedBy, issuer))
            if m.evidence:
                add(obs, NT.kg.evidence, self.evidence(m.evidence))

        # what the named graph is: the statements derived from this report (default graph)
        return self.g.lines, [f"{self.g.name} {NT.prov.wasDerivedFrom} {r} .\n"]


def report_nquads(rr) -> tuple[bytes, bytes]:
    """One ResolvedReport as N-Quads: (its named graph, its lines in the default graph), each sorted and
    de-duplicated. Made where the report was extracted (a worker process), so the parent only concatenates bytes."""
    named, default = _ReportConverter(rr).convert()
    return sorted_lines(named), sorted_lines(default)


def sorted_lines(lines) -> bytes:
    """N-Quads lines, de-duplicated and sorted (code point order is UTF-8 byte order: sorting the text sorts the
    bytes), as bytes."""
    return "".join(sorted(set(lines))).encode("utf-8")


def dataset_nquads() -> bytes:
    """The default-graph statements about the whole dataset, as sorted N-Quads."""
    figures, scheme = iri(mint.figures_dataset()), iri(mint.campaign_scheme())
    return sorted_lines([
        f"{figures} {RDF_TYPE} {NT.qb.DataSet} .\n",
        f"{figures} {NT.qb.structure} {NT.kg.figureStructure} .\n",
        f"{figures} {LABEL} {zh('报告中的数据')} .\n",
        f"{scheme} {RDF_TYPE} {NT.skos.ConceptScheme} .\n",
        f"{scheme} {LABEL} {zh('专项活动')} .\n",
    ])
