"""Building at scale: worker processes, the incremental cache, the Dask engine, shards and the on-disk store
give the same graph as a plain serial build."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import run_kg
from kg import build
from kg.config import BuildConfig

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


def test_networkx_exports_made_in_a_forked_process_equal_those_made_here(corpus, tmp_path):
    """Large graphs are exported to GraphML and GEXF by a forked process while the views render: the files are
    the same as when they are made in this process."""
    from kg.batch.output import in_background
    from kg.graph import exports

    formats = ("trig", "graphml", "gexf")
    result = build(corpus, config=BuildConfig(workers=1, keep_extractions=False, background_edges=0,
                                              formats=formats))
    forked = in_background(exports, result.nx, 50_000, formats)
    assert forked() == exports(result.nx, 50_000, formats)
    result.write(tmp_path)  # background_edges=0: every graph asking for GraphML is exported in a second process
    here = exports(result.nx, 50_000, formats)
    assert set(here) == {"graph.networkx.json", "graph.graphml", "graph.gexf"}
    assert {name: (tmp_path / name).read_bytes() for name in here} == here


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
    renamed = tmp_path / "renamed"
    renamed.mkdir()
    first = sorted(corpus.glob("*.txt"))[0]
    (renamed / ("x" + first.name)).write_bytes(first.read_bytes())
    assert build(renamed, cache=cache, keep_extractions=False).stats["cached"] == 0


def test_a_cache_entry_is_not_reused_after_an_upgrade_of_kg(corpus, tmp_path, monkeypatch):
    import kg

    cache = tmp_path / "cache"
    assert build(corpus, cache=cache, keep_extractions=False).stats["processed"] == 24
    assert build(corpus, cache=cache, keep_extractions=False).stats["cached"] == 24
    monkeypatch.setattr(kg, "__version__", kg.__version__ + ".post1")  # what an upgrade of kg changes

    assert build(corpus, cache=cache, keep_extractions=False).stats["cached"] == 0


def test_a_cache_entry_is_not_reused_after_a_data_file_changes(corpus, tmp_path, monkeypatch):
    """The key holds a hash of every data file: editing one (in a copy of kg's data, here) changes the hash, and
    a build under another hash misses every entry."""
    import shutil
    from importlib import resources

    from kg.batch import cache as cache_module

    data = tmp_path / "data"
    shutil.copytree(resources.files("kg") / "data", data, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    before = cache_module.data_hash([data])
    posts = data / "posts.txt"
    posts.write_text(posts.read_text(encoding="utf-8") + "\n首席信访官\n", encoding="utf-8")
    after = cache_module.data_hash([data])
    assert before != after

    cache = tmp_path / "cache"
    build(corpus, cache=cache, keep_extractions=False)
    monkeypatch.setattr(cache_module, "data_hash", lambda roots=None: after)  # kg running on the edited data
    assert build(corpus, cache=cache, keep_extractions=False).stats["cached"] == 0


def test_the_cache_serves_builds_that_keep_extractions(corpus, tmp_path):
    """kg.build keeps extractions by default; it reads the cache all the same, and what it reads back is what was
    extracted."""
    cache = tmp_path / "cache"
    first = build(corpus, cache=cache)
    again = build(corpus, cache=cache)
    assert again.stats["cached"] == 24
    assert [ex.to_dict() for ex in again.run.extractions] == [ex.to_dict() for ex in first.run.extractions]


def test_a_cache_whose_folder_went_away_is_written_again(tmp_path):
    """The folders of entries are made once per process: one removed since (an output folder holding the cache
    was replaced) is made again, and the entry is stored."""
    import shutil

    from kg.batch.cache import Cache

    cache = Cache(tmp_path / "cache")
    key = "ab" * 32
    cache.put(key, {"n": 1})
    shutil.rmtree(tmp_path / "cache")
    cache.put(key, {"n": 2})
    assert cache.get(key)["n"] == 2


@pytest.mark.parametrize("damage", ["garbage", "wrong_checksum", "wrong_shape", "not_compressed", "planted_pickle"])
def test_a_damaged_or_planted_cache_entry_is_a_miss(corpus, tmp_path, damage):
    """An output folder is not a trusted place: a cache entry is checked JSON, never code, and one that is not
    kg's is processed again, without an error."""
    import hashlib
    import pickle

    import zstandard

    from kg.batch.cache import SCHEMA

    cache = tmp_path / "cache"
    build(corpus, cache=cache, keep_extractions=False)
    entries = sorted(cache.rglob("*.json"))
    assert len(entries) == 24
    victim = entries[0]
    body = victim.read_bytes().partition(b"\n")[2]
    if damage == "garbage":
        victim.write_bytes(b"\x00\xff not json")
    elif damage == "wrong_checksum":
        victim.write_bytes(b"0" * 64 + b"\n" + body)
    elif damage == "wrong_shape":
        shape = {"schema": SCHEMA, "key": victim.stem, "named": 3}
        planted = zstandard.ZstdCompressor().compress(json.dumps(shape).encode())
        victim.write_bytes(hashlib.sha256(planted).hexdigest().encode() + b"\n" + planted)
    elif damage == "not_compressed":  # an older kg's entry, or a hand-made one: JSON with its checksum
        plain = json.dumps({"schema": SCHEMA, "key": victim.stem}).encode()
        victim.write_bytes(hashlib.sha256(plain).hexdigest().encode() + b"\n" + plain)
    else:
        victim.write_bytes(pickle.dumps({"planted": True}))

    again = build(corpus, cache=cache, keep_extractions=False)

    assert again.stats["processed"] == 1 and again.stats["cached"] == 23 and not again.run.errors


def test_rdf_is_written_as_nquads_shards_that_hold_every_report(corpus):
    import pyoxigraph as ox

    from kg.api import extract
    from kg.rdf.convert import report_nquads
    from kg.rdf.dataset import KGDataset
    from kg.resolve.report import resolve_report

    run = extract(corpus)
    resolved = [resolve_report(ex) for ex in run.extractions]
    ds = KGDataset(shard_quads=2000)
    for rr in resolved:
        ds.add(*report_nquads(rr))
    ds.close()
    assert len(ds.shards) > 1
    assert all(p.stat().st_size for p in ds.shards)
    store = ds.store()
    from kg.rdf import mint

    graphs = {g.value for g in store.named_graphs()}
    assert graphs == {str(mint.report_graph(ex.report.id)) for ex in run.extractions} | {
        str(mint.summary_graph()), str(mint.entities_graph())}
    whole = KGDataset()
    for rr in resolved:
        whole.add(*report_nquads(rr))
    assert set(ox.parse(ds.close().nquads(), format=ox.RdfFormat.N_QUADS)) == \
        set(ox.parse(whole.close().nquads(), format=ox.RdfFormat.N_QUADS))


@pytest.mark.parametrize("size", [1, 7, 100, 4096, 1 << 30])
def test_a_shard_is_read_in_blocks_of_whole_lines_that_make_the_file(tmp_path, size):
    from kg.rdf.store import blocks

    lines = [b"<a> <b> \"%d\" <g> .\n" % i for i in range(300)] + [b"<a> <b> \"no newline at the end\" <g> ."]
    path = tmp_path / "shard.nq"
    path.write_bytes(b"".join(lines))
    parts = list(blocks(path, size))
    assert b"".join(parts) == path.read_bytes()
    assert all(p.endswith(b"\n") for p in parts[:-1]) and len(parts) <= len(lines)
    (tmp_path / "empty.nq").write_bytes(b"")
    assert list(blocks(tmp_path / "empty.nq", size)) == []


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_the_store_loaded_in_small_blocks_holds_the_quads_of_the_shards(corpus, tmp_path, threads):
    import pyoxigraph as ox

    from kg.rdf import mint
    from kg.rdf.store import load

    result = build(corpus, cache=None)
    files = result.dataset.files()
    in_blocks = load(ox.Store(), files, block=1000, threads=threads)  # a few lines each, loaded at once
    whole = ox.Store()
    for f in files:
        whole.bulk_load(path=str(f), format=ox.RdfFormat.N_QUADS)
    summaries = ox.NamedNode(str(mint.summary_graph()))
    assert {q for q in in_blocks if q.graph_name != summaries} == set(whole) and len(whole) > 1000
    assert not any(isinstance(t, ox.BlankNode) for q in whole for t in (q.subject, q.object))


@pytest.mark.parametrize("threads", [1, 2])
def test_a_block_that_does_not_parse_fails_the_load(tmp_path, threads):
    import pyoxigraph as ox

    from kg.rdf.store import load

    good = tmp_path / "good.nq"
    good.write_bytes(b"".join(b"<http://a/%d> <http://b/p> \"%d\" <http://g/1> .\n" % (i, i) for i in range(200)))
    bad = tmp_path / "bad.nq"
    bad.write_bytes(b"<http://a/1> <http://b/p> not a term <http://g/1> .\n")
    with pytest.raises(SyntaxError):
        load(ox.Store(), [good, bad, good], block=500, threads=threads)


@pytest.mark.parametrize("background_views", [0, 1 << 30])
def test_views_rendered_in_a_second_process_equal_those_rendered_here(corpus, tmp_path, background_views):
    """Up to `background_views` edges the views are rendered in a forked process while the build writes its other
    files: the pages are those `outputs()` makes in this process."""
    result = build(corpus, config=BuildConfig(workers=1, keep_extractions=False, background_views=background_views))
    result.write(tmp_path / "out")
    here = {name: content for name, content in result.outputs().items() if name.startswith("views/") or
            name == "index.html"}
    assert len(here) > 10
    assert {name: (tmp_path / "out" / name).read_text(encoding="utf-8") for name in here} == here


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in state  # a zombie has ended


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_a_second_process_ends_when_the_build_that_forked_it_is_killed(tmp_path):
    """A build killed while a forked process renders its views (or GraphML) takes that process with it: nothing
    is left running, holding the build's output streams open."""
    import subprocess
    import time

    pid_file = tmp_path / "pid"
    script = f"""
import os, signal, sys, time
sys.path.insert(0, {str(REPO)!r})
from kg.batch.output import in_background
def work(path):
    with open(path + ".tmp", "w") as f:
        f.write(str(os.getpid()))
    os.replace(path + ".tmp", path)
    time.sleep(120)
in_background(work, {str(pid_file)!r})
while not os.path.exists({str(pid_file)!r}):
    time.sleep(0.01)
os.kill(os.getpid(), signal.SIGKILL)
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert proc.returncode == -9, proc.stderr
    pid = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(pid)


def test_kg_build_writes_an_on_disk_store_that_kg_query_uses(corpus, tmp_path):
    out = tmp_path / "out"
    res = run_kg("build", corpus, "-o", out, "--workers", "2", timeout=600)
    assert res.returncode == 0, res.stderr
    assert (out / "store").is_dir() and list((out / "rdf").glob("graphs-*.nq"))
    (out / "graph.trig").unlink()  # the store answers on its own
    for shard in (out / "rdf").glob("*.nq"):
        shard.unlink()
    res = run_kg("query", "counties_by_regulation", "--graph", out, "--format", "json")
    assert res.returncode == 0, res.stderr
    assert any(r["title"]["label"] == "信访工作条例" for r in json.loads(res.stdout))
    again = run_kg("build", corpus, "-o", out, timeout=600)
    assert again.returncode == 0 and "cached" in again.stdout


def test_large_builds_leave_figures_out_of_the_networkx_graph_but_not_the_rdf(corpus):
    result = build(corpus, config=BuildConfig(keep_extractions=False, figures_up_to=10))
    assert result.stats["figures_in_networkx"] is False
    assert not [n for n, d in result.nx.nodes(data=True) if d["kind"] == "metric"]
    assert b"http://purl.org/linked-data/cube#Observation" in result.dataset.nquads()


def test_reading_a_graph_writes_nothing(corpus, tmp_path):
    """`open_store` only reads: an output folder without a store (files written from `outputs()` alone) is loaded
    into memory, and the folder is left as it was."""
    from kg.io import write_outputs
    from kg.rdf.query import run
    from kg.rdf.store import open_store

    out = tmp_path / "out"
    result = build(corpus, keep_extractions=False)  # kept: its shards are files of the result's own
    write_outputs(out, result.outputs())
    before = sorted(p.relative_to(out) for p in out.rglob("*"))

    assert run(open_store(out), "counties_by_regulation").rows
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before and not (out / "store").exists()


def test_views_make_pages_for_the_best_connected_entities_only_when_there_are_many(corpus):
    from kg.views.site import pages_of

    G = build(corpus, keep_extractions=False).nx
    pages = pages_of(G, per_kind=2)
    kinds = [G.nodes[n]["kind"] for n in pages]
    assert kinds.count("organization") == 2 and kinds.count("regulation") == 2
    best = max((n for n in G if G.nodes[n]["kind"] == "regulation"), key=lambda n: (G.degree(n), n))
    assert best in pages
