"""Interactive pyvis views of the graph (HTML strings; the caller writes the files).

    files = render_all(G)              # {"index.html": ..., "views/overview.html": ..., ...}
    page = render_view(G, "宁阳县")     # one self-contained page
"""
from ..errors import ViewError
from .site import render_all, render_view

__all__ = ["render_all", "render_view", "ViewError"]
