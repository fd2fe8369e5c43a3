"""kg: Chinese local-government rule-of-law reports → a knowledge graph.

Public API (imports are lazy: nothing heavy happens at ``import kg``)::

    import kg
    run = kg.extract("reports/")          # ExtractionRun: extractions + errors
    result = kg.build("reports/")         # BuildResult: RDF dataset, networkx graph, summary
    result.write("out/")
"""
from __future__ import annotations

__version__ = "0.2.0"
__all__ = ["extract", "extract_text", "iter_extractions", "build", "load_graph", "BuildConfig", "__version__"]


_API = {"extract": "kg.api", "extract_text": "kg.api", "iter_extractions": "kg.api", "build": "kg.api",
        "load_graph": "kg.api", "BuildConfig": "kg.config"}


def __getattr__(name):
    """Import the API lazily: `import kg` stays cheap, `kg.build(...)` loads what it needs."""
    import importlib

    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
