"""A user's mistakes and a build's mishaps give one coded line on stderr, never a traceback."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, default_sigint, run_kg_here

from kg.errors import Errors
from kg.io import is_temp


def no_traceback(res) -> None:
    assert "Traceback" not in res.stderr and "Traceback" not in res.stdout, res.stderr


def code_in(res, code: str) -> bool:
    return f"[{code}]" in res.stderr


@pytest.mark.parametrize("param, code", [
    ("county=<x y", "E504"),            # opens an IRI, never closes it
    ("county=<x y>", "E502"),           # a space is no IRI character
    ("county=<>", "E502"),              # no IRI at all
    ("county=<宁阳县", "E504"),
    ("=宁阳县", "E501"),
    ("county", "E501"),
])
def test_cli_query_param_that_is_no_iri_is_a_message(store_dir, param, code):
    res = run_kg_here("query", "regulations_by_county", "--graph", store_dir, "--param", param)

    assert res.returncode == 2 and code_in(res, code), res.stderr
    no_traceback(res)


def test_cli_query_param_with_an_iri_still_binds_it(store_dir, tmp_path):
    from kg.rdf import mint

    query = tmp_path / "label.rq"
    query.write_text("SELECT ?place ?label WHERE { ?place rdfs:label ?label }", encoding="utf-8")
    res = run_kg_here("query", query, "--graph", store_dir, "--param", f"place=<{mint.division('370124')}>",
                      "--format", "json")

    no_traceback(res)
    assert res.returncode == 0, res.stderr
    assert {row["label"] for row in json.loads(res.stdout)} == {"平阴县"}


@pytest.mark.parametrize("county", ["   ", "", "\t", "\u3000"])
def test_cli_cites_blank_county_is_an_error(store_dir, county):
    res = run_kg_here("cites", county, "--graph", store_dir)

    assert res.returncode == 2 and code_in(res, "E503"), res.stderr
    assert "citations" not in res.stdout
    no_traceback(res)


def test_cli_view_into_an_existing_folder_is_a_message(tmp_path):
    folder = tmp_path / "views"
    folder.mkdir()

    res = run_kg_here("view", "平阴县", "-o", folder)

    assert res.returncode == 2 and code_in(res, "E404") and "view.html" in res.stderr
    assert list(folder.iterdir()) == []
    no_traceback(res)


@pytest.mark.parametrize("where", ["under a file", "no such folder on /proc"])
def test_cli_view_to_an_unwritable_path_is_a_message(tmp_path, where):
    blocker = tmp_path / "a file"
    blocker.write_text("x", encoding="utf-8")
    target = blocker / "view.html" if where == "under a file" else Path("/proc/kg-view.html")

    res = run_kg_here("view", "平阴县", "-i", REPO / "examples", "-o", target)

    assert res.returncode == 2 and code_in(res, "E405"), res.stderr
    assert blocker.read_text(encoding="utf-8") == "x"
    no_traceback(res)


@pytest.mark.parametrize("content", [os.urandom(3000), b"\x00\xff" * 500, "<a> <b> \"unclosed .\n".encode()])
def test_cli_validate_graph_that_is_not_nquads_is_a_message(tmp_path, content):
    (tmp_path / "rdf").mkdir()
    (tmp_path / "rdf" / "graphs-00000.nq").write_bytes(content)

    res = run_kg_here("validate", tmp_path)

    assert res.returncode == 2 and code_in(res, "E305") and "kg build" in res.stderr, res.stderr
    no_traceback(res)


@pytest.mark.parametrize("cache", ["--cache", "--no-cache"])
def test_cli_build_interrupted_says_so_and_leaves_no_output(tmp_path, cache):
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", "-o", str(out), cache], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, preexec_fn=default_sigint)
    deadline = time.monotonic() + 120
    while not any(tmp_path.iterdir()) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)  # until the build has begun: its spool folder appears beside the output
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)

    # 130: kg's status for an interrupted build. -SIGINT, seen once in some hundred runs after kg had said E212:
    # the process ended by the signal as Python exited (the cause is not found yet; the outputs are checked below)
    assert proc.returncode in (130, -signal.SIGINT), stderr
    assert "[E212]" in stderr and "Traceback" not in stderr, stderr
    # nothing beside the output; at most the cache entries of the files done (a build run again resumes there)
    assert [p.name for p in tmp_path.iterdir()] in ([], ["out"])
    if out.exists():
        assert cache == "--cache" and [p.name for p in out.iterdir()] == [".kg-cache"]
        assert all(p.suffix == ".json" and not is_temp(p.name) for p in out.rglob("*") if p.is_file())


# -- a worker process killed mid-build ----------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            kids += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return kids


def _rss_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)


def _extraction_worker(pid: int) -> int | None:
    """A worker process of the build `pid` that has started loading the pipeline (not multiprocessing's
    resource tracker, nor a worker still starting)."""
    for child in _children(pid):
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in cmdline and _rss_kb(child) > 150_000:
            return child
    return None


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc to find the worker processes")
def test_cli_build_worker_killed_mid_build_is_reported_as_died_and_the_build_goes_on(tmp_path):
    sys.path.insert(0, str(REPO / "bench"))
    from make_corpus import make

    reports = tmp_path / "in"
    make(reports, 12, seed=3)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(reports), "-o", str(out), "--workers", "2",
                             "--engine", "processes", "--no-cache"], cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    killed = None
    deadline = time.monotonic() + 120
    while proc.poll() is None and killed is None and time.monotonic() < deadline:
        killed = _extraction_worker(proc.pid)
        time.sleep(0.05)
    assert killed is not None, "no worker was seen"
    os.kill(killed, signal.SIGKILL)
    _, stderr = proc.communicate(timeout=300)

    assert proc.returncode == 0, stderr
    assert "[W208]" in stderr and "SIGKILL" in stderr and "[W206]" not in stderr, stderr
    assert "__main__" not in stderr and "Traceback" not in stderr
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["reports"] == 12


def test_cli_worker_died_message_names_the_signal():
    from kg.batch.engines import _how

    assert _how([-signal.SIGKILL]) == "killed by SIGKILL"
    assert _how([1, -signal.SIGTERM]) == "exit code 1, killed by SIGTERM"
    assert "SIGKILL" in Errors.W208.format(how=_how([-9]), count=3)
