"""Extractions → RDF: one named graph per report (what that report said), merged by stable IRIs."""
from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD

from ..model import Evidence, Extraction
from ..resolve.gazetteer import gazetteer
from . import mint
from .namespaces import ELI, KG, OA, ORG, QB, SDMX_MEASURE, bind_all


def _lit(text) -> Literal:
    return Literal(str(text), lang="zh")


def _evidence(g: Graph, rid: str, report_iri: URIRef, ev: Evidence, text: str) -> URIRef:
    node = mint.mention(rid, ev.start, ev.end)
    g.add((node, RDF.type, OA.TextPositionSelector))
    g.add((node, OA.start, Literal(ev.start)))
    g.add((node, OA.end, Literal(ev.end)))
    g.add((node, OA.exact, Literal(text[ev.start:ev.end])))
    g.add((node, KG.sentence, Literal(text[ev.sentence_start:ev.sentence_end])))
    g.add((node, KG.inReport, report_iri))
    return node


def add_division(g: Graph, code: str, level: str) -> URIRef | None:
    gaz = gazetteer()
    div = gaz.get(code, level)
    if div is None:
        return None
    node = mint.division(div.code)
    g.add((node, RDF.type, KG.AdministrativeDivision))
    g.add((node, RDFS.label, _lit(div.name)))
    g.add((node, KG.divisionCode, Literal(div.code)))
    g.add((node, KG.divisionLevel, KG[level.capitalize() + "Level"]))
    return node


def report_graph(g: Graph, ex: Extraction) -> None:
    """Add one report's statements to `g` (the report's own named graph)."""
    rep = ex.report
    rid, text, meta = rep.id, rep.text, rep.meta
    r = mint.report(rid)
    g.add((r, RDF.type, KG.Report))
    g.add((r, KG.contentHash, Literal(rid)))
    g.add((r, DCTERMS.source, Literal(rep.file)))
    if meta.title:
        g.add((r, DCTERMS.title, _lit(meta.title)))
    if meta.year:
        g.add((r, KG.year, Literal(str(meta.year), datatype=XSD.gYear)))
    region = add_division(g, meta.region_code, "county") if meta.region_code else None
    if region is not None:
        g.add((r, KG.aboutRegion, region))
    issuer_name = None
    for rel in ex.relations:
        if rel.predicate == "issuedBy" and rel.subject[0] == "report":
            issuer_name = rel.object[1]
    issuer = mint.organization(issuer_name) if issuer_name else None
    if issuer is not None:
        g.add((r, DCTERMS.creator, issuer))

    for d in ex.divisions:
        node = add_division(g, d.code, d.level)
        if node is not None:
            g.add((r, KG.mentions, node))
    for rel in ex.relations:
        if rel.predicate == "partOf":
            child = mint.division(rel.subject[1])
            parent = mint.division(rel.object[1])
            if child != parent:
                g.add((child, KG.partOf, parent))

    for o in ex.organizations:
        node = mint.organization(o.name)
        g.add((node, RDF.type, ORG.Organization))
        g.add((node, SKOS.prefLabel, _lit(o.name)))
        g.add((node, KG.organizationKind, KG[o.kind.capitalize() + "Body"]))
        for a in sorted(o.aliases - {o.name}):
            g.add((node, SKOS.altLabel, _lit(a)))
        if o.division and o.level in ("county", "prefecture", "province"):
            div = add_division(g, o.division, o.level)
            if div is not None:
                g.add((node, KG.jurisdiction, div))
        for ev in o.evidence[:3]:
            g.add((node, KG.evidence, _evidence(g, rid, r, ev, text)))

    for reg in ex.regulations:
        node = mint.regulation(reg.title)
        g.add((node, RDF.type, ELI.LegalResource))
        g.add((node, ELI.title, _lit(reg.title)))
        if reg.level:
            g.add((node, KG.legalLevel, _lit(reg.level)))
        if reg.status:
            g.add((node, KG.status, KG.InForce if reg.status == "in_force" else KG.Repealed))
        if reg.issuer:
            g.add((node, KG.issuerAsWritten, _lit(reg.issuer)))
        g.add((r, KG.cites, node))
        cit = mint.citation(rid, reg.title)
        g.add((cit, RDF.type, KG.Citation))
        g.add((cit, KG.citedRegulation, node))
        g.add((cit, KG.inReport, r))
        if issuer is not None:
            g.add((cit, KG.citingBody, issuer))
        if region is not None:
            g.add((cit, KG.region, region))
        if meta.year:
            g.add((cit, KG.year, Literal(str(meta.year), datatype=XSD.gYear)))
        for action in sorted({a for a, _ in reg.actions}):
            g.add((cit, KG.action, _lit(action)))
        for ev in reg.evidence[:3]:
            g.add((cit, KG.evidence, _evidence(g, rid, r, ev, text)))

    for o in ex.officials:
        person = mint.official(o.name, o.organization, rid)
        g.add((person, RDF.type, FOAF.Person))
        g.add((person, FOAF.name, _lit(o.name)))
        post = mint.post(o.title, o.organization)
        g.add((post, RDF.type, ORG.Post))
        g.add((post, RDFS.label, _lit(o.title)))
        g.add((person, ORG.holds, post))
        if o.organization:
            g.add((post, ORG.postIn, mint.organization(o.organization)))
        for ev in o.evidence[:2]:
            g.add((person, KG.evidence, _evidence(g, rid, r, ev, text)))

    for c in ex.campaigns:
        node = mint.campaign(c.name)
        g.add((node, RDF.type, KG.Campaign))
        g.add((node, SKOS.prefLabel, _lit(c.name)))
        if issuer is not None:
            g.add((issuer, KG.runs, node))
        g.add((r, KG.mentionsCampaign, node))
        for ev in c.evidence[:2]:
            g.add((node, KG.evidence, _evidence(g, rid, r, ev, text)))

    for i, m in enumerate(ex.metrics):
        obs = mint.observation(rid, i, m.name, m.value, m.unit)
        g.add((obs, RDF.type, QB.Observation))
        g.add((obs, KG.measureName, _lit(m.name)))
        g.add((obs, SDMX_MEASURE.obsValue, Literal(m.value, datatype=XSD.decimal)))
        g.add((obs, KG.unit, _lit(m.unit)))
        g.add((obs, KG.inReport, r))
        if meta.year:
            g.add((obs, KG.refPeriod, Literal(str(meta.year), datatype=XSD.gYear)))
        if region is not None:
            g.add((obs, KG.refArea, region))
        if issuer is not None:
            g.add((obs, KG.reportedBy, issuer))
        if m.evidence:
            g.add((obs, KG.evidence, _evidence(g, rid, r, m.evidence, text)))
    g.add((r, RDF.type, PROV.Entity))


def to_dataset(extractions: Iterable[Extraction]) -> Dataset:
    """All reports in one dataset: each report's statements in its own named graph."""
    ds = Dataset()
    bind_all(ds)
    for ex in extractions:
        g = ds.graph(mint.report_graph(ex.report.id))
        report_graph(g, ex)
    return ds


def merged(ds: Dataset) -> Graph:
    """The one merged graph: the union of every report's graph (same IRIs → same nodes)."""
    g = Graph()
    bind_all(g)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g
