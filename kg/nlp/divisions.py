"""`kg_divisions`: administrative divisions named in a report (我县/全县/本区 → the report's region), each as it was
in the report's year."""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..model import DivisionRef
from ..resolve.gazetteer import gazetteer
from .doc import evidence_for

SELF = re.compile(r"(?:我|全|本)(?:县|区|市|旗)")


@Language.factory(
    "kg_divisions",
    requires=["doc._.kg_norm", "doc._.kg_meta", "doc._.kg_place"],
    assigns=["doc._.kg_divisions"],
    default_config={"context_chars": 3000},
)
def make_divisions(nlp: Language, name: str, context_chars: int):
    return DivisionExtractor(context_chars)


class DivisionExtractor:
    """Every division a report names, disambiguated by the parents the report mentions (or its own place)."""

    def __init__(self, context_chars: int = 3000):
        self.context_chars = context_chars

    def __call__(self, doc: Doc) -> Doc:
        gaz = gazetteer()
        norm = doc._.kg_norm
        region = doc._.kg_place.division
        found: dict[str, DivisionRef] = {}
        ev = evidence_for(doc)

        def add(div, s, e):
            ref = found.get(div.code + div.level)
            if ref is None:
                ref = found[div.code + div.level] = DivisionRef(div.name, div.code, div.level, div.parent or None)
            ref.evidence.append(ev(s, e))

        context = " ".join(filter(None, [region.name if region else "",
                                         doc._.kg_meta.prefecture if doc._.kg_meta else "",
                                         doc._.kg_meta.province if doc._.kg_meta else ""])) \
            or norm[:self.context_chars]
        resolver = doc._.kg_place.resolver
        year = doc._.kg_meta.year if doc._.kg_meta else None
        for s, e, name in gaz.find(norm):
            if not gaz.is_standalone(norm, s, e) or resolver.conjunction_before_head(norm, s, e, name):
                continue  # 治理县域 is not 理县; …纲要》和县委 is not 和县
            div = gaz.disambiguate(name, context, year=year)
            if div is not None:
                add(div, s, e)  # as it was named in the report's year (then_and_now gives it now)
        if region is not None:
            for m in SELF.finditer(norm):
                if region.name.endswith(m.group(0)[-1]):
                    add(region, m.start(), m.end())
        doc._.kg_divisions = sorted(found.values(), key=lambda d: d.evidence[0].start)
        return doc
