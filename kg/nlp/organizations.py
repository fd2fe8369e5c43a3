"""`kg_organizations`: bodies named in a report, with relative names resolved to the report's place.

A body named only inside a document's title (《福建省政府信息公开办法》, 国务院办公厅关于…的通知) is the document's,
not a body the report deals with: such mentions stay in `kg_org_mentions` (a regulation's issuer is read from the
body written beside its title) but are not organisations of the report unless it names them elsewhere.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..model import Organization
from ..resolve.orgs import OrgMention
from .doc import evidence_for
from .titles import bracketed

# 各单位 / 有关部门 / 责任单位 are never matched: only known heads after a place make an organisation.
INTERNAL = re.compile(r"会议$|领导小组$|党组$|党支部$")
# A body heading a document's title written without 《》: 国务院办公厅关于加强…的通知.
TITLE_AFTER = re.compile(r"关于[^。；;，,\n]{2,60}?(?:通知|意见|决定|办法|规定|方案|批复|通报|规划|要点|纲要|细则|条例|规则)")


@Language.factory(
    "kg_organizations",
    requires=["doc._.kg_text", "doc._.kg_norm", "doc._.kg_meta", "doc._.kg_place"],
    assigns=["doc._.kg_org_mentions", "doc._.kg_organizations"],
)
def make_organizations(nlp: Language, name: str):
    return OrganizationExtractor()


def title_mask(norm: str) -> bytearray:
    """1 at every position inside a bracketed title (《…》, 〈…〉, nested ones too)."""
    mask = bytearray(len(norm) + 1)
    for t in bracketed(norm):
        mask[t.start + 1:t.end - 1] = b"\x01" * (t.end - t.start - 2)
    return mask


def in_document_title(norm: str, m: OrgMention, mask: bytearray) -> bool:
    """Whether a mention is part of a document's title (inside 《》, or heading one: 国务院办公厅关于…的通知)."""
    return bool(mask[m.start]) or bool(TITLE_AFTER.match(norm, m.end))


class OrganizationExtractor:
    """Bodies named in the report (explicit, relative to its place, self-references, central bodies), one per
    canonical name with the forms it was written in."""

    def __call__(self, doc: Doc) -> Doc:
        text, norm = doc._.kg_text, doc._.kg_norm
        resolver = doc._.kg_place.resolver
        mentions = resolver.find(norm)
        doc._.kg_org_mentions = mentions
        mask = title_mask(norm)
        found: dict[str, Organization] = {}
        ev = evidence_for(doc)
        for m in mentions:
            if in_document_title(norm, m, mask):
                continue
            o = found.get(m.name)
            if o is None:
                o = found[m.name] = Organization(m.name, m.kind, m.division, m.level)
            o.aliases.add(text[m.start:m.end])
            o.evidence.append(ev(m.start, m.end))
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
                own = resolver.issuer_mention
                found[name] = Organization(name, own.kind if own else "government",
                                           own.division if own else meta.region_code,
                                           own.level if own else meta.region_level, {meta.issuer})
        doc._.kg_organizations = sorted(found.values(), key=lambda o: o.evidence[0].start if o.evidence else -1)
        return doc
