"""Builds the pipeline: `spacy.blank("zh")` with the jieba segmenter and kg's components, from one config."""
from __future__ import annotations

import dataclasses
from functools import lru_cache

import spacy
from spacy.language import Language

from ..model import Extraction
from . import campaigns, context, divisions, metrics, officials, organizations, privacy, regulations, relations  # noqa: F401  (registers factories)
from . import tokenizer  # noqa: F401  (registers kg.JiebaTokenizer.v1)

PIPELINE_VERSION = "0.1.0"
COMPONENTS = ("kg_context", "kg_divisions", "kg_organizations", "kg_regulations", "kg_privacy",
              "kg_officials", "kg_campaigns", "kg_metrics", "kg_relations")
CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "kg.JiebaTokenizer.v1"}}}


@lru_cache(maxsize=1)
def _quiet_jieba() -> None:
    import logging

    import jieba

    from .jieba_setup import use_private_cache

    jieba.setLogLevel(logging.WARNING)
    use_private_cache(jieba.dt)  # its dictionary cache in this user's cache folder, not the shared /tmp


def make_nlp(components: tuple[str, ...] = COMPONENTS) -> Language:
    """The kg pipeline: a blank Chinese pipeline segmented by jieba, with the named components."""
    _quiet_jieba()
    nlp = spacy.blank("zh", config=CONFIG)
    for name in components:
        nlp.add_pipe(name)
    return nlp


def extract_report(nlp: Language, report, private_names: bool = False) -> Extraction:
    """Run the pipeline over one report and collect its entities and relations.

    Private persons (petitioners …) are counted; unless `private_names` is set, their names are then masked in
    the report text itself (张某某 → 某某某, 王强 → 某某), so no sentence, quote or label taken from it can carry
    them into any output."""
    doc = nlp.make_doc(report.text)
    doc.user_data["kg_meta"] = report.meta
    doc.user_data["kg_text"] = report.text
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    ex = to_extraction(doc, report, shield=not private_names)
    if not private_names and doc._.kg_private:
        names = {report.text[s:e] for s, e in doc._.kg_private}
        report.redact(names)
        _scrub(ex, names)
    return ex


def _scrub(ex: Extraction, names: set[str]) -> None:
    """Mask private names inside the strings entities carry (a figure's name, a campaign's name …)."""
    names = sorted((n for n in names if len(n) >= 2), key=lambda n: (-len(n), n))
    if not names:
        return

    def clean(value: str | None) -> str | None:
        if value:
            for n in names:
                if n in value:
                    value = value.replace(n, "某" * len(n))
        return value

    for m in ex.metrics:
        m.name, m.unit = clean(m.name), clean(m.unit)
    for c in ex.campaigns:
        c.name = clean(c.name)
    for r in ex.regulations:
        r.title, r.written, r.issuer = clean(r.title), clean(r.written), clean(r.issuer)
    for o in ex.organizations:
        o.name = clean(o.name)
        o.aliases = {clean(a) for a in o.aliases}
    for o in ex.officials:
        o.title = clean(o.title)
    ex.relations = [dataclasses.replace(r, subject=(r.subject[0], clean(r.subject[1])),
                                        object=(r.object[0], clean(r.object[1])))
                    for r in ex.relations]


def to_extraction(doc, report, shield: bool = True) -> Extraction:
    private = doc._.kg_private or []
    ex = Extraction(
        report=report,
        regulations=doc._.kg_regulations or [],
        organizations=doc._.kg_organizations or [],
        officials=doc._.kg_officials or [],
        campaigns=doc._.kg_campaigns or [],
        metrics=doc._.kg_metrics or [],
        divisions=doc._.kg_divisions or [],
        relations=doc._.kg_relations or [],
        private_persons=len({report.text[s:e] for s, e in private}),
    )
    if private and shield:
        _shield(ex, private)
    return ex


def _shield(ex: Extraction, private: list[tuple[int, int]]) -> None:
    """Narrow every evidence sentence that would quote a private person to the clause or the mention itself."""
    import re

    from ..model import Evidence

    text = ex.report.text

    def safe(ev: Evidence | None) -> Evidence | None:
        if ev is None:
            return None
        if not any(s < ev.sentence_end and ev.sentence_start < e for s, e in private):
            return ev
        cs = max([m.end() for m in re.finditer(r"[，,；;：:]", text[ev.sentence_start:ev.start])] or [0])
        cs += ev.sentence_start
        ce_m = re.search(r"[，,；;。]", text[ev.end:ev.sentence_end])
        ce = ev.end + ce_m.end() if ce_m else ev.sentence_end
        if not any(s < ce and cs < e for s, e in private):
            return Evidence(ev.start, ev.end, cs, ce)
        return Evidence(ev.start, ev.end, ev.start, ev.end)

    for items in (ex.regulations, ex.organizations, ex.officials, ex.campaigns, ex.divisions):
        for item in items:
            item.evidence[:] = [safe(e) for e in item.evidence]
    for r in ex.regulations:
        r.actions[:] = [(a, safe(e)) for a, e in r.actions]
    for m in ex.metrics:
        m.evidence = safe(m.evidence)
    ex.relations[:] = [dataclasses.replace(r, evidence=safe(r.evidence)) for r in ex.relations]
