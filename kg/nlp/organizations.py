"""`kg_organizations`: bodies named in a report, with relative names resolved to the report's place."""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..model import Organization
from .doc import evidence

# 各单位 / 有关部门 / 责任单位 are never matched: only known heads after a place make an organisation.
INTERNAL = re.compile(r"会议$|领导小组$|党组$|党支部$")


@Language.factory(
    "kg_organizations",
    requires=["doc._.kg_text", "doc._.kg_norm", "doc._.kg_meta", "doc._.kg_place"],
    assigns=["doc._.kg_org_mentions", "doc._.kg_organizations"],
)
def make_organizations(nlp: Language, name: str):
    return OrganizationExtractor()


class OrganizationExtractor:
    """Bodies named in the report (explicit, relative to its place, self-references, central bodies), one per
    canonical name with the forms it was written in."""

    def __call__(self, doc: Doc) -> Doc:
        text = doc._.kg_text
        resolver = doc._.kg_place.resolver
        mentions = resolver.find(doc._.kg_norm)
        doc._.kg_org_mentions = mentions
        found: dict[str, Organization] = {}
        for m in mentions:
            o = found.get(m.name)
            if o is None:
                o = found[m.name] = Organization(m.name, m.kind, m.division, m.level)
            o.aliases.add(text[m.start:m.end])
            o.evidence.append(evidence(doc, m.start, m.end))
        # since 2018 a 纪委 and its 监委 are one body: 县纪委 and 县监委 name 县纪委监委 when it is named
        for name in [n for n in found if n.endswith("纪委监委")]:
            for part in (name[:-2], name[:-4] + "监委"):
                o = found.pop(part, None)
                if o is not None:
                    found[name].aliases |= o.aliases
                    found[name].evidence += o.evidence
        meta = doc._.kg_meta
        if meta is not None and meta.issuer:
            name = resolver.issuer_name or meta.issuer
            if name not in found:
                found[name] = Organization(name, "bureau", meta.region_code, "county", {meta.issuer})
        doc._.kg_organizations = sorted(found.values(), key=lambda o: o.evidence[0].start if o.evidence else -1)
        return doc
