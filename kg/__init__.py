"""kg: Chinese local-government rule-of-law reports → a knowledge graph.

Public API (imports are lazy: nothing heavy happens at ``import kg``)::

    import kg
    run = kg.extract("reports/")          # ExtractionRun: extractions + errors
    result = kg.build("reports/")         # BuildResult: RDF graph, networkx graph, summary
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["extract", "extract_text", "build", "load_graph", "__version__"]


def __getattr__(name):
    if name in ("extract", "extract_text", "iter_extractions"):
        from . import api

        return getattr(api, name)
    if name in ("build", "load_graph"):
        from . import build as _build

        return getattr(_build, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
