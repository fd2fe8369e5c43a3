"""What a build writes: one merged RDF file (graph.trig) by default besides the shards, the store, the views and the
reports; other formats on request (`kg build --format`, `kg.build(formats=…)`); an unknown format is a message."""
from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import run_kg_here

from kg.batch.output import KG_NAMES, output_sizes
from kg.config import FORMATS, BuildConfig, parse_formats
from kg.errors import KGError
from kg.io import OUTPUT_MARKER

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((REPO / "examples").glob("*.txt"))
ALWAYS = {"graph.networkx.json", "rdf", "store", "views", "reports", "summary.json", "index.html"}
DEFAULT_FILES = ALWAYS | {"graph.trig"}
FILE = {"trig": "graph.trig", "ttl": "graph.ttl", "nt": "graph.nt", "jsonld": "graph.jsonld", "nq": "graph.nq",
        "graphml": "graph.graphml", "gexf": "graph.gexf"}


def top_level(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} - {OUTPUT_MARKER, ".kg-cache"}


@pytest.fixture(scope="module")
def examples(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("examples")
    for f in EXAMPLES[:2]:
        shutil.copy(f, d / f.name)
    return d


@pytest.mark.parametrize("chosen, formats", [
    ("ttl", ("ttl",)),
    ("ttl,nt", ("ttl", "nt")),
    (["ttl", "nt,jsonld"], ("ttl", "nt", "jsonld")),     # repeated, and a comma list in one
    (" TTL , .nt ,", ("ttl", "nt")),                      # case, spaces, a leading dot, a trailing comma
    ("gexf,trig,gexf", ("trig", "gexf")),                 # each once, in kg's order
    ("all", FORMATS),
    ("nq,all", FORMATS),
    ("none", ()),
    (("trig",), ("trig",)),
], ids=["one", "list", "repeated", "sloppy", "dedup_order", "all", "all_with_one", "none", "tuple"])
def test_output_formats_parse_a_comma_list_or_several(chosen, formats):
    assert parse_formats(chosen) == formats
    assert BuildConfig(formats=chosen).formats == formats


@pytest.mark.parametrize("chosen, code", [
    ("xml", "E370"),
    ("ttl,rdfxml", "E370"),
    ("turtle", "E370"),      # the format's name, not the language's
    ("", "E371"),
    (",,", "E371"),
    ([], "E371"),
    ("none,ttl", "E372"),
], ids=["unknown", "one_unknown_in_a_list", "language_name", "empty", "only_commas", "empty_list", "none_and_more"])
def test_output_formats_unknown_or_none_given_is_a_message_with_a_code(chosen, code):
    with pytest.raises(KGError) as caught:
        BuildConfig(formats=chosen)
    assert caught.value.code == code
    if code == "E370":
        assert all(f in caught.value.message for f in FORMATS)


def test_output_formats_unknown_on_the_command_line_is_a_message_and_nothing_is_written(tmp_path, examples):
    res = run_kg_here("build", examples, "-o", tmp_path / "out", "--format", "ttl,xml")

    assert res.returncode == 2 and "[E370]" in res.stderr and "'xml'" in res.stderr, res.stderr
    assert "Traceback" not in res.stderr and not (tmp_path / "out").exists()


@pytest.mark.parametrize("chosen, extra", [
    ("trig", {"graph.trig"}),
    ("ttl", {"graph.ttl"}),
    ("nt,jsonld", {"graph.nt", "graph.jsonld"}),
    ("nq", {"graph.nq"}),
    ("graphml,gexf", {"graph.graphml", "graph.gexf"}),
    ("all", set(FILE.values())),
    ("none", set()),
], ids=["trig", "ttl", "nt_jsonld", "nq", "graphml_gexf", "all", "none"])
def test_output_formats_choose_the_single_files_besides_what_is_always_written(query_build, chosen, extra):
    result = dataclasses.replace(query_build, config=query_build.config.replace(formats=chosen))

    names = {name.split("/", 1)[0] for name in result.outputs()}

    assert names == (ALWAYS - {"store"}) | extra  # the store is made by write()
    assert names <= KG_NAMES


def test_output_formats_repeated_on_the_command_line_add_up(tmp_path, examples):
    out = tmp_path / "out"
    res = run_kg_here("build", examples, "-o", out, "-f", "ttl", "--format", "nt,gexf")

    assert res.returncode == 0, res.stderr
    assert top_level(out) == ALWAYS | {"graph.ttl", "graph.nt", "graph.gexf"}


def test_output_default_build_writes_exactly_the_default_files_and_validates(tmp_path, examples):
    out = tmp_path / "out"
    assert run_kg_here("build", examples, "-o", out).returncode == 0

    assert top_level(out) == DEFAULT_FILES
    marker = json.loads((out / OUTPUT_MARKER).read_text(encoding="utf-8"))
    assert set(marker["wrote"]) == DEFAULT_FILES
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    # the dataset's quads, counted as they were written; the merged graph was not made
    trig = ox.Dataset(ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG))
    assert summary["quads"] == len(trig) and summary["triples"] is None
    res = run_kg_here("validate", out)
    assert res.returncode == 0 and "conforms" in res.stdout and "0 violations" in res.stdout, res.stdout + res.stderr
    res = run_kg_here("cites", "长丰县", "--graph", out)
    assert res.returncode == 0 and "《信访工作条例》" in res.stdout, res.stderr


def test_output_rebuild_with_fewer_formats_leaves_none_of_the_old_files(tmp_path, examples):
    out = tmp_path / "out"
    assert run_kg_here("build", examples, "-o", out, "--format", "all").returncode == 0
    assert top_level(out) == ALWAYS | set(FILE.values())
    (out / "NOTES.md").write_text("mine", encoding="utf-8")  # what a user put there is carried across

    assert run_kg_here("build", examples, "-o", out, "--format", "nt").returncode == 0

    assert top_level(out) == ALWAYS | {"graph.nt", "NOTES.md"}
    assert set(json.loads((out / OUTPUT_MARKER).read_text(encoding="utf-8"))["wrote"]) == ALWAYS | {"graph.nt"}


def test_output_merged_format_counts_the_merged_triples_and_validate_reads_the_same_graph(tmp_path, examples):
    from kg import load_graph

    out = tmp_path / "out"
    assert run_kg_here("build", examples, "-o", out, "--format", "nt").returncode == 0

    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    lines = (out / "graph.nt").read_bytes().count(b"\n")
    # no statement is in two graphs: merging them into one keeps every quad as a triple
    assert summary["triples"] == lines == len(load_graph(out)) == summary["quads"] > 0


def test_output_sizes_count_every_byte_of_what_the_build_wrote(tmp_path, examples):
    out = tmp_path / "out"
    assert run_kg_here("build", examples, "-o", out).returncode == 0

    sizes = output_sizes(out)

    assert set(sizes) == DEFAULT_FILES
    assert sizes["graph.trig"] == (out / "graph.trig").stat().st_size
    assert sizes["rdf"] == sum(p.stat().st_size for p in (out / "rdf").iterdir()) > 0  # shards, listing index
    assert sizes["store"] > 0 and output_sizes(tmp_path / "nothing") == {}
