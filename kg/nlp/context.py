"""`kg_context`: what every extractor needs — the normalised view, sentences, the report's place."""
from __future__ import annotations

import bisect
import re

from spacy.language import Language
from spacy.tokens import Doc

from ..model import Evidence
from ..resolve.gazetteer import gazetteer
from ..resolve.orgs import OrgResolver
from .normalize import normalize

SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』)）]*|\n+")

for _name in ("kg_text", "kg_norm", "kg_sentences", "kg_region", "kg_resolver", "kg_meta", "kg_orgs",
              "kg_regulations", "kg_officials", "kg_campaigns", "kg_metrics", "kg_divisions",
              "kg_private", "kg_relations", "kg_masked"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in SENTENCE_END.finditer(text):
        if m.end() > start:
            out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def evidence(doc: Doc, start: int, end: int) -> Evidence:
    """Evidence for text[start:end], with the sentence around it."""
    sents = doc._.kg_sentences
    text = doc._.kg_text
    i = max(0, bisect.bisect_right(sents, (start, float("inf"))) - 1)
    s, e = sents[i] if sents else (0, len(text))
    # strip leading white space and trailing line breaks from the sentence
    while s < start and text[s].isspace():
        s += 1
    while e > end and text[e - 1] in "\n\r ":
        e -= 1
    return Evidence(start, end, min(s, start), max(e, end))


def mask(doc: Doc, start: int, end: int) -> None:
    """Mark text[start:end] as taken (by a regulation title, say) so later extractors skip it."""
    masked = doc._.kg_masked
    masked.append((start, end))


def is_masked(doc: Doc, start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in doc._.kg_masked)


@Language.factory("kg_context")
def make_context(nlp: Language, name: str):
    return ContextComponent()


class ContextComponent:
    def __call__(self, doc: Doc) -> Doc:
        meta = doc.user_data.get("kg_meta")
        gaz = gazetteer()
        region = None
        if meta is not None and meta.region_code:
            region = gaz.get(meta.region_code, "county")
        doc._.kg_meta = meta
        # Doc.text joins every token again: read it once (extract_report hands the report's text in directly)
        text = doc._.kg_text = doc.user_data.get("kg_text") or doc.text
        doc._.kg_region = region
        doc._.kg_norm = normalize(text)
        doc._.kg_sentences = sentences(text)
        doc._.kg_resolver = OrgResolver(region, meta.issuer if meta else None, gaz)
        doc._.kg_masked = []
        return doc
