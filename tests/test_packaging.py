"""A non-editable install ships the ontology, shapes, queries and examples: `kg` works from any directory."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The project built as a wheel and installed (without dependencies: this venv has them) into a folder."""
    d = tmp_path_factory.mktemp("wheel")
    res = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(d / "dist"), str(REPO)],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    wheel = next((d / "dist").glob("kg-*.whl"))
    res = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(d / "site"),
                          str(wheel)], capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    return d


def test_the_wheel_holds_the_ontology_shapes_queries_and_examples(installed):
    names = set(zipfile.ZipFile(next((installed / "dist").glob("kg-*.whl"))).namelist())
    for name in ("kg/ontology/kg.ttl", "kg/ontology/shapes.ttl", "kg/ontology/REFERENCE.md",
                 "kg/ontology/queries/regulations_by_county.rq", "kg/data/regulations.tsv",
                 "kg/examples/pingyin_2023.txt"):
        assert name in names


def test_the_installed_kg_builds_validates_queries_and_cites_from_any_directory(installed, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(installed / "site"), "COLUMNS": "200"}

    def kg(*args):
        return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True,
                              cwd=tmp_path, env=env, timeout=300)

    where = subprocess.run([sys.executable, "-c", "import kg; print(kg.__file__)"], capture_output=True,
                           text=True, cwd=tmp_path, env=env)
    assert where.stdout.startswith(str(installed / "site"))
    assert kg("build", "-o", "out").returncode == 0  # the bundled examples
    assert kg("validate", "out").returncode == 0
    res = kg("query", "counties_by_regulation", "--graph", "out", "--param", "title=信访工作条例", "-f", "csv")
    assert res.returncode == 0 and "平阴县" in res.stdout
    res = kg("cites", "长丰县", "--graph", "out")
    assert res.returncode == 0 and "《信访工作条例》" in res.stdout
