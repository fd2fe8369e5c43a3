"""The spaCy pipeline: a blank Chinese pipeline (jieba segmenter) with one component per entity kind."""
from .pipeline import PIPELINE_VERSION, extract_report, make_nlp

__all__ = ["make_nlp", "extract_report", "PIPELINE_VERSION"]
