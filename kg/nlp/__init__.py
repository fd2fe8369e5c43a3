"""The spaCy pipeline: a blank Chinese pipeline (jieba segmenter) with one component per entity kind."""
from .pipeline import COMPONENTS, extract_report, make_nlp, pipeline_config

__all__ = ["make_nlp", "extract_report", "pipeline_config", "COMPONENTS"]
