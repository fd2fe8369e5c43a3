"""Building at scale: worker processes, the incremental cache, the Dask engine, shards and the on-disk store
give the same graph as a plain serial build."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.builder import build

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from make_corpus import make  # noqa: E402  (bench/ is scripts, not a package)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """24 made-up reports recombined from the bundled examples (as the benchmark makes its corpora)."""
    d = tmp_path_factory.mktemp("corpus")
    make(d, 24, seed=3)
    return d


def graph_files(result) -> dict[str, bytes]:
    """Every output but the store and the views' timing-free content: the RDF, networkx exports, summary."""
    out = {}
    for name, content in result.outputs().items():
        out[name] = content.read_bytes() if isinstance(content, Path) else (
            content.encode("utf-8") if isinstance(content, str) else content)
    return out


@pytest.fixture(scope="module")
def serial(corpus):
    return graph_files(build(corpus, workers=1, keep_extractions=False))


def test_two_worker_processes_give_the_same_output_as_one(corpus, serial):
    assert graph_files(build(corpus, workers=2, keep_extractions=False)) == serial


def test_networkx_exports_made_in_a_forked_process_equal_those_made_here(corpus, tmp_path, monkeypatch):
    """Large graphs are exported to GraphML and GEXF by a forked process while the views render: the files are
    the same as when they are made in this process."""
    import kg.builder as builder
    from kg.graph import exports

    result = build(corpus, workers=1, keep_extractions=False)
    forked = builder.in_background(exports, result.nx)
    assert forked() == exports(result.nx)
    monkeypatch.setattr(builder, "BACKGROUND_EDGES", 0)
    result.write(tmp_path)
    here = exports(result.nx)
    assert here and {name: (tmp_path / name).read_bytes() for name in here} == here


def test_the_dask_engine_on_a_local_cluster_gives_the_same_output(corpus, serial):
    pytest.importorskip("dask.distributed")
    assert graph_files(build(corpus, workers=2, engine="dask", keep_extractions=False)) == serial


def test_a_rebuild_processes_only_new_and_changed_reports_and_equals_a_clean_build(corpus, tmp_path):
    import shutil

    folder = tmp_path / "reports"
    shutil.copytree(corpus, folder)
    cache = tmp_path / "cache"
    first = build(folder, cache=cache, keep_extractions=False)
    assert first.stats["processed"] == 24 and first.stats["cached"] == 0
    changed = sorted(folder.glob("*.txt"))[5]
    changed.write_text(changed.read_text(encoding="utf-8").replace("2023", "2022"), encoding="utf-8")
    shutil.copy(REPO / "examples" / "nanan_2024.txt", folder / "zz_new.txt")

    again = build(folder, cache=cache, keep_extractions=False)

    assert again.stats["processed"] == 2 and again.stats["cached"] == 23
    assert graph_files(again) == graph_files(build(folder, keep_extractions=False))


def test_a_cache_entry_is_not_reused_for_another_file_name_or_privacy_setting(corpus, tmp_path):
    cache = tmp_path / "cache"
    build(corpus, cache=cache, keep_extractions=False)
    assert build(corpus, cache=cache, keep_extractions=False, private_names=True).stats["cached"] == 0


def test_rdf_is_written_as_nquads_shards_that_hold_every_report(corpus):
    import pyoxigraph as ox

    from kg.rdf.dataset import KGDataset
    from kg.rdf.convert import report_nquads
    from kg.api import extract

    run = extract(corpus)
    ds = KGDataset(shard_quads=2000)
    for ex in run.extractions:
        ds.add(*report_nquads(ex))
    ds.close()
    assert len(ds.shards) > 1
    assert all(p.stat().st_size for p in ds.shards)
    store = ds.store()
    from kg.rdf import mint

    graphs = {g.value for g in store.named_graphs()}
    assert graphs == {str(mint.report_graph(ex.report.id)) for ex in run.extractions} | {str(mint.summary_graph())}
    whole = KGDataset()
    for ex in run.extractions:
        whole.add(*report_nquads(ex))
    assert set(ox.parse(ds.close().nquads(), format=ox.RdfFormat.N_QUADS)) == \
        set(ox.parse(whole.close().nquads(), format=ox.RdfFormat.N_QUADS))


def test_kg_build_writes_an_on_disk_store_that_kg_query_uses(corpus, tmp_path):
    out = tmp_path / "out"
    res = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out), "--workers", "2"],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    assert (out / "store").is_dir() and list((out / "rdf").glob("graphs-*.nq"))
    (out / "graph.nq").unlink()  # the store answers on its own
    for shard in (out / "rdf").glob("*.nq"):
        shard.unlink()
    res = subprocess.run([sys.executable, "-m", "kg", "query", "counties_by_regulation", "--graph", str(out),
                          "--format", "json"], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert any(r["title"] == "信访工作条例" for r in json.loads(res.stdout))
    again = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out)],
                           capture_output=True, text=True, timeout=600)
    assert again.returncode == 0 and "cached" in again.stdout


def test_large_builds_leave_figures_out_of_the_networkx_graph_but_not_the_rdf(corpus, monkeypatch):
    import kg.builder as builder

    monkeypatch.setattr(builder, "FIGURES_UP_TO", 10)
    result = build(corpus, keep_extractions=False)
    assert result.stats["figures_in_networkx"] is False
    assert not [n for n, d in result.nx.nodes(data=True) if d["kind"] == "metric"]
    assert b"http://purl.org/linked-data/cube#Observation" in result.dataset.nquads()


def test_a_large_build_leaves_the_store_to_the_first_query(corpus, tmp_path, monkeypatch):
    import kg.rdf.store as store_module
    from kg.rdf.query import run
    from kg.rdf.store import open_store

    monkeypatch.setattr(store_module, "STORE_AT_BUILD", 10)
    out = tmp_path / "out"
    build(corpus, keep_extractions=False).write(out)
    assert not (out / "store").exists() and list((out / "rdf").glob("graphs-*.nq"))
    store = open_store(out, persist_above=0)  # loads the shards into out/store, once
    assert (out / "store").is_dir()
    assert run(store, "counties_by_regulation").rows
    del store
    assert run(open_store(out), "regulations_by_county").rows


def test_views_make_pages_for_the_best_connected_entities_only_when_there_are_many(corpus):
    from kg.views.site import pages_of

    G = build(corpus, keep_extractions=False).nx
    pages = pages_of(G, per_kind=2)
    kinds = [G.nodes[n]["kind"] for n in pages]
    assert kinds.count("organization") == 2 and kinds.count("regulation") == 2
    best = max((n for n in G if G.nodes[n]["kind"] == "regulation"), key=lambda n: (G.degree(n), n))
    assert best in pages
