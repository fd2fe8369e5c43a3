"""`kg_relations`: statements between the entities of one report, each with evidence."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..model import Relation
from ..resolve.gazetteer import gazetteer


@Language.factory(
    "kg_relations",
    requires=["doc._.kg_meta", "doc._.kg_place", "doc._.kg_divisions", "doc._.kg_organizations",
              "doc._.kg_regulations", "doc._.kg_officials", "doc._.kg_campaigns", "doc._.kg_metrics"],
    assigns=["doc._.kg_relations"],
)
def make_relations(nlp: Language, name: str):
    return RelationBuilder()


class RelationBuilder:
    """The statements between the report's entities: who issued it, who cites what (with the action), who holds a
    post where, which body has which jurisdiction, which division is part of which, who runs and reports what."""

    def __call__(self, doc: Doc) -> Doc:
        gaz = gazetteer()
        meta = doc._.kg_meta
        issuer = doc._.kg_place.resolver.issuer_name or (meta.issuer if meta else None)
        rels: list[Relation] = []
        report = ("report", "")
        if issuer:
            rels.append(Relation(report, "issuedBy", ("organization", issuer)))
        for r in doc._.kg_regulations or []:
            if issuer:
                actions = r.actions or [(None, r.evidence[0])]
                seen = set()
                for action, ev in actions:
                    if action in seen:
                        continue
                    seen.add(action)
                    rels.append(Relation(("organization", issuer), "cites", ("regulation", r.title), ev, action))
            if r.issuer:
                rels.append(Relation(("regulation", r.title), "issuedBy", ("organization", r.issuer), r.evidence[0]))
        for o in doc._.kg_officials or []:
            if o.organization:
                rels.append(Relation(("official", f"{o.name}|{o.organization}"), "holdsPostIn",
                                     ("organization", o.organization), o.evidence[0], o.title))
        codes = {}
        for o in doc._.kg_organizations or []:
            if o.division:
                div = gaz.get(o.division, o.level) if o.level in ("county", "prefecture", "province") else None
                if div is not None:
                    codes[div.code + div.level] = div
                    rels.append(Relation(("organization", o.name), "hasJurisdiction", ("division", div.code),
                                         o.evidence[0] if o.evidence else None))
        for d in doc._.kg_divisions or []:
            div = gaz.get(d.code, d.level)
            if div is not None:
                codes[div.code + div.level] = div
        for div in list(codes.values()):
            chain = div
            while chain is not None and chain.level != "province":
                parent = gaz.prefecture_of(chain) if chain.level == "county" else gaz.province_of(chain)
                if parent is None and chain.level == "county":
                    parent = gaz.province_of(chain)
                if parent is None or parent.code == chain.code and parent.level == chain.level:
                    break
                rels.append(Relation(("division", chain.code), "partOf", ("division", parent.code)))
                chain = parent
        for c in doc._.kg_campaigns or []:
            if issuer:
                rels.append(Relation(("organization", issuer), "runs", ("campaign", c.name), c.evidence[0]))
        for i, m in enumerate(doc._.kg_metrics or []):
            if issuer:
                rels.append(Relation(("metric", str(i)), "reportedBy", ("organization", issuer), m.evidence))
            if meta and meta.region_code:
                rels.append(Relation(("metric", str(i)), "reportedFor", ("division", meta.region_code), m.evidence))
        doc._.kg_relations = list(dict.fromkeys(rels))
        return doc
