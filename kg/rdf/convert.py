"""Extractions → RDF: each report's statements in a named graph of its own, merged by stable IRIs.

`report_nquads` writes one report's statements as sorted N-Quads lines where it was extracted (a worker process);
`kg.rdf.dataset.KGDataset` spools them to disk and gives pyoxigraph and rdflib objects on demand. Terms are written
in their N-Triples form (`NT`, `iri`, `zh` …) exactly as pyoxigraph's serialiser writes them: building a pyoxigraph
`Quad` per statement cost more than the rest of the conversion (a report has about a thousand). A test parses the
lines with pyoxigraph and compares them with its own serialisation. IRIs come from `mint`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import pyoxigraph as ox

from ..model import Evidence, Extraction
from ..resolve.gazetteer import gazetteer
from ..resolve.regulations import registry
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
    def __init__(self, ex: Extraction):
        self.ex = ex
        rep = ex.report
        self.rid, self.text, self.meta = rep.id, rep.text, rep.meta
        self.g = _Graph(iri(mint.report_graph(self.rid)))
        self.add = self.g.add
        self.r = iri(mint.report(self.rid))
        self._divisions: set[str] = set()
        self._orgs: set[str] = set()

    def add_known(self, subject, *pairs) -> None:
        """Add (subject, predicate, object) for every pair whose object is known (not None)."""
        for predicate, obj in pairs:
            if obj is not None:
                self.add(subject, predicate, obj)

    # entities shared across reports ------------------------------------------------------------

    def division(self, code: str, level: str) -> str | None:
        gaz = gazetteer()
        div = gaz.get(code, level)
        if div is None:
            return None
        node = iri(mint.division(div.code))
        if div.code in self._divisions:
            return node
        self._divisions.add(div.code)
        self.add(node, RDF_TYPE, NT.kg.AdministrativeDivision)
        self.add(node, LABEL, zh(div.name))
        self.add(node, NT.kg.divisionCode, literal(div.code))
        self.add(node, NT.kg.divisionLevel, concept("DivisionLevels", div.level))
        parent = gaz.prefecture_of(div) if div.level == "county" else None
        if parent is None and div.level != "province":
            parent = gaz.province_of(div)
        if parent is not None and parent.code != div.code:
            pnode = self.division(parent.code, parent.level)
            if pnode is not None:
                self.add(node, NT.kg.partOf, pnode)
        return node

    def organization(self, name: str, kind: str | None = None) -> str:
        node = iri(mint.organization(name))
        if name not in self._orgs:
            self._orgs.add(name)
            self.add(node, RDF_TYPE, NT.org.Organization)
            self.add(node, LABEL, zh(name))
            self.add(node, NT.skos.prefLabel, zh(name))
        if kind:
            kind_node = concept("OrganizationKinds", kind)
            if kind_node is not None:
                self.add(node, NT.org.classification, kind_node)
        return node

    def regulation(self, title: str) -> str:
        node = iri(mint.regulation(title))
        self.add(node, RDF_TYPE, NT.eli.LegalResource)
        self.add(node, NT.eli.title, zh(title))
        self.add(node, LABEL, zh(title))
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
        ex, meta, r, add = self.ex, self.meta, self.r, self.add
        add(r, RDF_TYPE, NT.kg.Report)
        add(r, NT.kg.contentHash, literal(self.rid))
        add(r, NT.dcterms.source, literal(ex.report.file))
        add(r, LABEL, zh(meta.title or ex.report.file))
        if meta.title:
            add(r, NT.dcterms.title, zh(meta.title))
        year = _typed(meta.year, "gYear") if meta.year else None
        if year is not None:
            add(r, NT.kg.year, year)
        region = self.division(meta.region_code, "county") if meta.region_code else None
        if region is not None:
            add(r, NT.kg.aboutRegion, region)
        issuer_name = next((rel.object[1] for rel in ex.relations
                            if rel.predicate == "issuedBy" and rel.subject[0] == "report"), None)
        kinds = {o.name: o.kind for o in ex.organizations}
        issuer = self.organization(issuer_name, kinds.get(issuer_name)) if issuer_name else None
        if issuer is not None:
            add(r, NT.dcterms.creator, issuer)

        for d in ex.divisions:
            node = self.division(d.code, d.level)
            if node is not None:
                add(r, NT.schema.mentions, node)

        for o in ex.organizations:
            node = self.organization(o.name, o.kind)
            add(r, NT.schema.mentions, node)
            for a in sorted(o.aliases - {o.name}):
                add(node, NT.skos.altLabel, zh(a))
            if o.division and o.level in ("county", "prefecture", "province"):
                div = self.division(o.division, o.level)
                if div is not None:
                    add(node, NT.kg.jurisdiction, div)
            for ev in o.evidence[:3]:
                add(node, NT.kg.evidence, self.evidence(ev))

        reg_table = registry()
        for reg in ex.regulations:
            node = self.regulation(reg.title)
            entry = reg_table.lookup(reg.title) if reg.in_registry else None
            level = reg.level or (entry.level if entry else None)
            if level and (level_node := concept("LegalLevels", level)) is not None:
                add(node, NT.kg.legalLevel, level_node)
            if reg.status or entry:
                status = reg.status or entry.status
                add(node, NT.schema.legislationLegalForce,
                    NT.schema.InForce if status == "in_force" else NT.schema.NotInForce)
            if entry is not None:
                for short in entry.short_forms:
                    add(node, NT.eli.title_short, zh(short))
                for body in filter(None, entry.issuer.split("、")):
                    add(node, NT.eli.passed_by, self.organization(body))
                if entry.adopted:
                    add(node, NT.eli.date_document, _typed(entry.adopted, "date"))
                if entry.in_force:
                    add(node, NT.eli.first_date_entry_in_force, _typed(entry.in_force, "date"))
                if entry.replaced_by:
                    add(node, NT.eli.repealed_by, self.regulation(entry.replaced_by))
            add(r, NT.kg.cites, node)
            cit = iri(mint.citation(self.rid, reg.title))
            add(cit, RDF_TYPE, NT.kg.Citation)
            add(cit, NT.kg.citedRegulation, node)
            add(cit, NT.kg.citingReport, r)
            self.add_known(cit, (NT.kg.citingBody, issuer), (NT.kg.citingRegion, region), (NT.kg.year, year))
            if reg.issuer and not entry:
                add(cit, NT.kg.issuerAsWritten, zh(reg.issuer))
            written = reg.written.strip("《》") if reg.written else ""
            if written and written != reg.title:
                add(cit, NT.kg.writtenAs, zh(reg.written))
            for action in sorted({a for a, _ in reg.actions}):
                add(cit, NT.kg.action, zh(action))
            for ev in reg.evidence[:3]:
                add(cit, NT.kg.evidence, self.evidence(ev))

        for o in ex.officials:
            person = iri(mint.official(o.name, o.organization, self.rid))
            add(person, RDF_TYPE, NT.foaf.Person)
            add(person, NT.foaf.name, zh(o.name))
            add(person, LABEL, zh(o.name))
            post = iri(mint.post(o.title, o.organization or f"@{self.rid}"))
            add(post, RDF_TYPE, NT.org.Post)
            add(post, LABEL, zh(o.title))
            add(person, NT.org.holds, post)
            if o.organization:
                add(post, NT.org.postIn, self.organization(o.organization, kinds.get(o.organization)))
            add(r, NT.schema.mentions, person)
            for ev in o.evidence[:2]:
                add(person, NT.kg.evidence, self.evidence(ev))

        scheme = iri(mint.campaign_scheme())
        for c in ex.campaigns:
            node = iri(mint.campaign(c.name))
            add(node, RDF_TYPE, NT.kg.Campaign)
            add(node, NT.skos.prefLabel, zh(c.name))
            add(node, LABEL, zh(c.name))
            add(node, NT.skos.inScheme, scheme)
            if issuer is not None:
                add(issuer, NT.kg.runs, node)
            add(r, NT.schema.mentions, node)
            for ev in c.evidence[:2]:
                add(node, NT.kg.evidence, self.evidence(ev))

        figures = iri(mint.figures_dataset())
        for i, m in enumerate(ex.metrics):
            obs = iri(mint.observation(self.rid, i, m.name, m.value, m.unit))
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


def report_quads(ex: Extraction) -> list[ox.Quad]:
    """One report's statements as pyoxigraph quads: its own named graph, plus one provenance statement in the
    default graph."""
    named, default = report_nquads(ex)
    return list(ox.parse(named + default, format=ox.RdfFormat.N_QUADS))


def dataset_quads() -> list[ox.Quad]:
    """Statements about the whole dataset (default graph): the figures data set and the campaign scheme."""
    return list(ox.parse(dataset_nquads(), format=ox.RdfFormat.N_QUADS))


def report_nquads(ex: Extraction) -> tuple[bytes, bytes]:
    """One report as N-Quads: (its named graph, its lines in the default graph), each sorted and de-duplicated.

    Made where the report was extracted (a worker process), so the parent only concatenates bytes."""
    named, default = _ReportConverter(ex).convert()
    return _sorted_lines(named), _sorted_lines(default)


def _sorted_lines(lines: list[str]) -> bytes:
    # code point order is UTF-8 byte order: sorting the text sorts the bytes
    return "".join(sorted(set(lines))).encode("utf-8")


def dataset_nquads() -> bytes:
    """The default-graph statements about the whole dataset, as sorted N-Quads."""
    figures, scheme = iri(mint.figures_dataset()), iri(mint.campaign_scheme())
    return _sorted_lines([
        f"{figures} {RDF_TYPE} {NT.qb.DataSet} .\n",
        f"{figures} {NT.qb.structure} {NT.kg.figureStructure} .\n",
        f"{figures} {LABEL} {zh('报告中的数据')} .\n",
        f"{scheme} {RDF_TYPE} {NT.skos.ConceptScheme} .\n",
        f"{scheme} {LABEL} {zh('专项活动')} .\n",
    ])


def to_dataset(extractions: Iterable[Extraction], directory=None):
    """All reports as one `KGDataset`: each report's statements in its own named graph."""
    from .dataset import KGDataset

    ds = KGDataset(directory)
    for ex in extractions:
        ds.add(*report_nquads(ex))
    return ds.close()
