"""Builds the pipeline from one config: `spacy.blank("zh")` with jieba's segmentation (rjieba) and kg's components.

    nlp = make_nlp()                       # the config below; `kg config` prints it
    ex = extract_report(nlp, report)       # nlp(report.text), then one conversion to an Extraction

Every component is a registered factory (`@Language.factory`) whose settings (data files, limits) come from the
config, and which declares what it reads (`requires`) and writes (`assigns`, Doc extensions: kg.nlp.doc).
"""
from __future__ import annotations

import copy
import sys

import spacy
from spacy.language import Language

from ..model import Extraction
from .jieba_setup import quiet_jieba
from .privacy import mask_path
from . import campaigns, divisions, meta, metrics, officials, organizations, privacy, regulations, relations  # noqa: F401  (registers factories)
from . import tokenizer  # noqa: F401  (registers kg.RJiebaTokenizer.v1 and kg.JiebaTokenizer.v1)

# The order matters: kg_meta sets the text, its place and year; kg_officials finds who holds a public post (the
# only names kg publishes); kg_privacy then masks every other personal name before any other extractor reads the
# text; regulations find the bracketed titles campaigns and metrics skip.
COMPONENTS = ("kg_meta", "kg_officials", "kg_privacy", "kg_divisions", "kg_organizations", "kg_regulations",
              "kg_campaigns", "kg_metrics", "kg_relations")

CONFIG = {
    "nlp": {"lang": "zh", "pipeline": list(COMPONENTS), "tokenizer": {"@tokenizers": "kg.RJiebaTokenizer.v1"}},
    "components": {name: {"factory": name} for name in COMPONENTS},
}


def pipeline_config(private_names: bool = False) -> dict:
    """The config of the kg pipeline; `private_names` turns masking off (the explicit opt-in)."""
    config = copy.deepcopy(CONFIG)
    if private_names:
        config["components"]["kg_privacy"]["mask"] = False
    return config


def make_nlp(private_names: bool = False, config: dict | str | None = None) -> Language:
    """The kg pipeline, made from `config`: a dict, the path of a spaCy config file (such as `kg config` prints),
    or None for `pipeline_config(private_names)`. `private_names` turns masking off in any of them."""
    if "jieba" in sys.modules:  # jieba itself is used only by kg.JiebaTokenizer.v1; where it is loaded, it is quiet
        quiet_jieba()            # and keeps its dictionary cache in this user's folder (kg.nlp.jieba_setup)
    if config is None:
        return spacy.blank("zh", config=pipeline_config(private_names))
    config = spacy.util.load_config(config) if isinstance(config, str) else spacy.util.Config(config)
    if private_names and "kg_privacy" in config.get("components", {}):
        config = config.merge({"components": {"kg_privacy": {"mask": False}}})
    return spacy.util.load_model_from_config(config, auto_fill=True)


def extract_report(nlp: Language, report) -> Extraction:
    """Run the pipeline over one report and collect its entities and relations into an Extraction.

    Unless the pipeline was made with `private_names`, the Extraction's report carries the text with private
    persons' names masked (张某某 → 某某某, 王强 → 某某), so no sentence, quote or label taken from it names them."""
    return to_extraction(nlp(report.text), report)


def to_extraction(doc, report) -> Extraction:
    """The Extraction of a Doc the pipeline has run over."""
    private = doc._.kg_private
    text = doc._.kg_text
    if private is not None and private.masked:
        report = report.with_shown_path(mask_path(report.path))  # a file name is text too
    report = report.with_text(text) if text != report.text else report
    return Extraction(
        report=report,
        meta=doc._.kg_meta,
        regulations=doc._.kg_regulations or [],
        organizations=doc._.kg_organizations or [],
        officials=doc._.kg_officials or [],
        campaigns=doc._.kg_campaigns or [],
        metrics=doc._.kg_metrics or [],
        divisions=doc._.kg_divisions or [],
        relations=doc._.kg_relations or [],
        private_persons=len(private.names) if private else 0,
        masked_names=len(private.names) if private and private.masked else 0,
    )
