"""Interactive pyvis views of the graph (HTML strings; the caller writes the files)."""
from .overview import overview_html

__all__ = ["overview_html"]
