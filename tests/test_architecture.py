"""The layout tells the architecture: each stage in one place, and no import cycle anywhere in kg/."""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

KG = Path(__file__).resolve().parents[1] / "kg"


def module_name(path: Path) -> str:
    parts = path.relative_to(KG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """The kg modules `path` imports, at module level or inside functions (a lazy import is still a dependency)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.split(".")[0] == "kg"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "kg":
                continue
            out.add(target)
            out |= {f"{target}.{a.name}" for a in node.names}  # `from . import mint` imports kg.rdf.mint
    return out


@pytest.fixture(scope="module")
def import_graph() -> nx.DiGraph:
    modules = {module_name(p): p for p in KG.rglob("*.py")}
    G = nx.DiGraph()
    G.add_nodes_from(modules)
    for name, path in modules.items():
        for target in imports_of(path):
            if target in modules and target != name:
                G.add_edge(name, target)
    return G


def test_the_import_graph_sees_module_and_function_level_imports(import_graph):
    assert import_graph.has_edge("kg.rdf.convert", "kg.rdf.mint")       # module level
    assert import_graph.has_edge("kg.batch.task", "kg.nlp")             # inside a function
    assert import_graph.has_edge("kg.resolve.report", "kg.rdf.mint")    # `from ..rdf import mint`


def test_no_module_of_kg_imports_itself_in_a_circle(import_graph):
    # a package's __init__ re-exporting its modules is not a cycle with them: look at modules only
    G = import_graph.subgraph(n for n in import_graph if not (KG.parent / n.replace(".", "/") / "__init__.py").exists())
    cycles = list(nx.simple_cycles(G))
    assert cycles == [], cycles


@pytest.mark.parametrize("lower, upper", [
    ("kg.ingest", "kg.nlp"), ("kg.ingest", "kg.rdf"), ("kg.ingest", "kg.views"), ("kg.ingest", "kg.batch"),
    ("kg.nlp", "kg.rdf"), ("kg.nlp", "kg.views"), ("kg.nlp", "kg.batch"),
    ("kg.rdf", "kg.views"), ("kg.rdf", "kg.batch"), ("kg.views", "kg.batch"), ("kg.resolve", "kg.nlp"),
])
def test_a_stage_does_not_reach_into_a_later_one(import_graph, lower, upper):
    """ingest → nlp → resolve → rdf/graph → views; kg.batch runs them all and nothing earlier imports it."""
    wrong = [(a, b) for a, b in import_graph.edges if a.startswith(lower) and b.startswith(upper)]
    assert wrong == []


def test_the_cli_is_a_thin_layer(import_graph):
    """kg.cli calls the API and the stage modules; no stage imports the CLI."""
    assert [a for a, b in import_graph.edges if b == "kg.cli"] == ["kg.__main__"]
