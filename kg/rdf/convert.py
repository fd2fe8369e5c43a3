"""Extractions → RDF quads: each report's statements in a named graph of its own, merged by stable IRIs.

The converter emits pyoxigraph `Quad`s (cheap to build and serialise) and `report_nquads` turns one report's into
sorted N-Quads bytes where it was extracted; `kg.rdf.dataset.KGDataset` spools them to disk and gives rdflib
objects on demand. Terms come from `namespaces.T`, IRIs from `mint`.
"""
from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ..model import Evidence, Extraction
from ..resolve.gazetteer import gazetteer
from ..resolve.regulations import registry
from . import mint
from .namespaces import T
from .ontology import concept

RDF_TYPE = T.rdf.type
LABEL = T.rdfs.label
DEFAULT = ox.DefaultGraph()


def _node(iri) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def zh(text) -> ox.Literal:
    return ox.Literal(str(text), language="zh")


def _typed(value, datatype: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=T.xsd[datatype])


def _decimal(value: float) -> ox.Literal:
    v = float(value)
    return _typed(int(v) if v.is_integer() else repr(v), "decimal")


class _Graph:
    """Collects the statements of one named graph."""

    def __init__(self, name):
        self.name = name
        self.quads: list[ox.Quad] = []

    def add(self, s, p, o) -> None:
        self.quads.append(ox.Quad(s, p, o, self.name))


class _ReportConverter:
    def __init__(self, ex: Extraction):
        self.ex = ex
        rep = ex.report
        self.rid, self.text, self.meta = rep.id, rep.text, rep.meta
        self.g = _Graph(_node(mint.report_graph(self.rid)))
        self.add = self.g.add
        self.r = _node(mint.report(self.rid))
        self._divisions: set[str] = set()
        self._orgs: set[str] = set()

    def add_known(self, subject, *pairs) -> None:
        """Add (subject, predicate, object) for every pair whose object is known (not None)."""
        for predicate, obj in pairs:
            if obj is not None:
                self.add(subject, predicate, obj)

    # entities shared across reports ------------------------------------------------------------

    def division(self, code: str, level: str) -> ox.NamedNode | None:
        gaz = gazetteer()
        div = gaz.get(code, level)
        if div is None:
            return None
        node = _node(mint.division(div.code))
        if div.code in self._divisions:
            return node
        self._divisions.add(div.code)
        self.add(node, RDF_TYPE, T.kg.AdministrativeDivision)
        self.add(node, LABEL, zh(div.name))
        self.add(node, T.kg.divisionCode, ox.Literal(div.code))
        self.add(node, T.kg.divisionLevel, concept("DivisionLevels", div.level))
        parent = gaz.prefecture_of(div) if div.level == "county" else None
        if parent is None and div.level != "province":
            parent = gaz.province_of(div)
        if parent is not None and parent.code != div.code:
            pnode = self.division(parent.code, parent.level)
            if pnode is not None:
                self.add(node, T.kg.partOf, pnode)
        return node

    def organization(self, name: str, kind: str | None = None) -> ox.NamedNode:
        node = _node(mint.organization(name))
        if name not in self._orgs:
            self._orgs.add(name)
            self.add(node, RDF_TYPE, T.org.Organization)
            self.add(node, LABEL, zh(name))
            self.add(node, T.skos.prefLabel, zh(name))
        if kind:
            kind_node = concept("OrganizationKinds", kind)
            if kind_node is not None:
                self.add(node, T.org.classification, kind_node)
        return node

    def regulation(self, title: str) -> ox.NamedNode:
        node = _node(mint.regulation(title))
        self.add(node, RDF_TYPE, T.eli.LegalResource)
        self.add(node, T.eli.title, zh(title))
        self.add(node, LABEL, zh(title))
        return node

    def evidence(self, ev: Evidence) -> ox.NamedNode:
        rid = self.rid
        node = _node(mint.mention(rid, ev.start, ev.end))
        pos = _node(mint.selector(rid, ev.start, ev.end, "position"))
        quote = _node(mint.selector(rid, ev.start, ev.end, "quote"))
        add = self.add
        add(node, RDF_TYPE, T.kg.Evidence)
        add(node, T.oa.hasSource, self.r)
        add(node, T.oa.hasSelector, pos)
        add(node, T.oa.hasSelector, quote)
        add(node, T.kg.sentence, ox.Literal(self.text[ev.sentence_start:ev.sentence_end]))
        add(pos, RDF_TYPE, T.oa.TextPositionSelector)
        add(pos, T.oa.start, _typed(ev.start, "nonNegativeInteger"))
        add(pos, T.oa.end, _typed(ev.end, "nonNegativeInteger"))
        add(quote, RDF_TYPE, T.oa.TextQuoteSelector)
        add(quote, T.oa.exact, ox.Literal(self.text[ev.start:ev.end]))
        return node

    # the report ---------------------------------------------------------------------------------

    def convert(self) -> list[ox.Quad]:
        ex, meta, r, add = self.ex, self.meta, self.r, self.add
        add(r, RDF_TYPE, T.kg.Report)
        add(r, T.kg.contentHash, ox.Literal(self.rid))
        add(r, T.dcterms.source, ox.Literal(ex.report.file))
        add(r, LABEL, zh(meta.title or ex.report.file))
        if meta.title:
            add(r, T.dcterms.title, zh(meta.title))
        year = _typed(meta.year, "gYear") if meta.year else None
        if year is not None:
            add(r, T.kg.year, year)
        region = self.division(meta.region_code, "county") if meta.region_code else None
        if region is not None:
            add(r, T.kg.aboutRegion, region)
        issuer_name = next((rel.object[1] for rel in ex.relations
                            if rel.predicate == "issuedBy" and rel.subject[0] == "report"), None)
        kinds = {o.name: o.kind for o in ex.organizations}
        issuer = self.organization(issuer_name, kinds.get(issuer_name)) if issuer_name else None
        if issuer is not None:
            add(r, T.dcterms.creator, issuer)

        for d in ex.divisions:
            node = self.division(d.code, d.level)
            if node is not None:
                add(r, T.schema.mentions, node)

        for o in ex.organizations:
            node = self.organization(o.name, o.kind)
            add(r, T.schema.mentions, node)
            for a in sorted(o.aliases - {o.name}):
                add(node, T.skos.altLabel, zh(a))
            if o.division and o.level in ("county", "prefecture", "province"):
                div = self.division(o.division, o.level)
                if div is not None:
                    add(node, T.kg.jurisdiction, div)
            for ev in o.evidence[:3]:
                add(node, T.kg.evidence, self.evidence(ev))

        reg_table = registry()
        for reg in ex.regulations:
            node = self.regulation(reg.title)
            entry = reg_table.lookup(reg.title) if reg.in_registry else None
            level = reg.level or (entry.level if entry else None)
            if level and (level_node := concept("LegalLevels", level)) is not None:
                add(node, T.kg.legalLevel, level_node)
            if reg.status or entry:
                status = reg.status or entry.status
                add(node, T.schema.legislationLegalForce,
                    T.schema.InForce if status == "in_force" else T.schema.NotInForce)
            if entry is not None:
                for short in entry.short_forms:
                    add(node, T.eli.title_short, zh(short))
                for body in filter(None, entry.issuer.split("、")):
                    add(node, T.eli.passed_by, self.organization(body))
                if entry.adopted:
                    add(node, T.eli.date_document, _typed(entry.adopted, "date"))
                if entry.in_force:
                    add(node, T.eli.first_date_entry_in_force, _typed(entry.in_force, "date"))
                if entry.replaced_by:
                    add(node, T.eli.repealed_by, self.regulation(entry.replaced_by))
            add(r, T.kg.cites, node)
            cit = _node(mint.citation(self.rid, reg.title))
            add(cit, RDF_TYPE, T.kg.Citation)
            add(cit, T.kg.citedRegulation, node)
            add(cit, T.kg.citingReport, r)
            self.add_known(cit, (T.kg.citingBody, issuer), (T.kg.citingRegion, region), (T.kg.year, year))
            if reg.issuer and not entry:
                add(cit, T.kg.issuerAsWritten, zh(reg.issuer))
            written = reg.written.strip("《》") if reg.written else ""
            if written and written != reg.title:
                add(cit, T.kg.writtenAs, zh(reg.written))
            for action in sorted({a for a, _ in reg.actions}):
                add(cit, T.kg.action, zh(action))
            for ev in reg.evidence[:3]:
                add(cit, T.kg.evidence, self.evidence(ev))

        for o in ex.officials:
            person = _node(mint.official(o.name, o.organization, self.rid))
            add(person, RDF_TYPE, T.foaf.Person)
            add(person, T.foaf.name, zh(o.name))
            add(person, LABEL, zh(o.name))
            post = _node(mint.post(o.title, o.organization or f"@{self.rid}"))
            add(post, RDF_TYPE, T.org.Post)
            add(post, LABEL, zh(o.title))
            add(person, T.org.holds, post)
            if o.organization:
                add(post, T.org.postIn, self.organization(o.organization, kinds.get(o.organization)))
            add(r, T.schema.mentions, person)
            for ev in o.evidence[:2]:
                add(person, T.kg.evidence, self.evidence(ev))

        scheme = _node(mint.campaign_scheme())
        for c in ex.campaigns:
            node = _node(mint.campaign(c.name))
            add(node, RDF_TYPE, T.kg.Campaign)
            add(node, T.skos.prefLabel, zh(c.name))
            add(node, LABEL, zh(c.name))
            add(node, T.skos.inScheme, scheme)
            if issuer is not None:
                add(issuer, T.kg.runs, node)
            add(r, T.schema.mentions, node)
            for ev in c.evidence[:2]:
                add(node, T.kg.evidence, self.evidence(ev))

        figures = _node(mint.figures_dataset())
        for i, m in enumerate(ex.metrics):
            obs = _node(mint.observation(self.rid, i, m.name, m.value, m.unit))
            value = _decimal(m.value)
            add(obs, RDF_TYPE, T.qb.Observation)
            add(obs, T.qb.dataSet, figures)
            add(obs, LABEL, zh(f"{m.name} {value.value}{m.unit}"))
            add(obs, T.kg.measureName, zh(m.name))
            add(obs, T.sdmx_measure.obsValue, value)
            add(obs, T.kg.unit, zh(m.unit))
            add(obs, T.kg.inReport, r)
            self.add_known(obs, (T.kg.refPeriod, year), (T.kg.refArea, region), (T.kg.reportedBy, issuer))
            if m.evidence:
                add(obs, T.kg.evidence, self.evidence(m.evidence))

        # what the named graph is: the statements derived from this report (default graph)
        self.g.quads.append(ox.Quad(self.g.name, T.prov.wasDerivedFrom, r, DEFAULT))
        return self.g.quads


def report_quads(ex: Extraction) -> list[ox.Quad]:
    """One report's statements, in its own named graph (plus one provenance statement in the default graph)."""
    return _ReportConverter(ex).convert()


def dataset_quads() -> list[ox.Quad]:
    """Statements about the whole dataset (default graph): the figures data set and the campaign scheme."""
    figures, scheme = _node(mint.figures_dataset()), _node(mint.campaign_scheme())
    return [
        ox.Quad(figures, RDF_TYPE, T.qb.DataSet, DEFAULT),
        ox.Quad(figures, T.qb.structure, T.kg.figureStructure, DEFAULT),
        ox.Quad(figures, LABEL, zh("报告中的数据"), DEFAULT),
        ox.Quad(scheme, RDF_TYPE, T.skos.ConceptScheme, DEFAULT),
        ox.Quad(scheme, LABEL, zh("专项活动"), DEFAULT),
    ]


def report_nquads(ex: Extraction) -> tuple[bytes, bytes]:
    """One report as N-Quads: (its named graph, its lines in the default graph), each sorted and de-duplicated.

    Made where the report was extracted (a worker process), so the parent only concatenates bytes."""
    quads = report_quads(ex)
    named = [q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)]
    default = [q for q in quads if isinstance(q.graph_name, ox.DefaultGraph)]
    return _sorted_lines(named), _sorted_lines(default)


def _sorted_lines(quads: list[ox.Quad]) -> bytes:
    if not quads:
        return b""
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    return b"".join(sorted(set(data.splitlines(keepends=True))))


def dataset_nquads() -> bytes:
    """The default-graph statements about the whole dataset, as sorted N-Quads."""
    return _sorted_lines(dataset_quads())


def to_dataset(extractions: Iterable[Extraction], directory=None):
    """All reports as one `KGDataset`: each report's statements in its own named graph."""
    from .dataset import KGDataset

    ds = KGDataset(directory)
    for ex in extractions:
        ds.add(*report_nquads(ex))
    return ds.close()
