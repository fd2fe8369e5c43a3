"""Outputs are written atomically: a build killed at any moment leaves every output file whole (the previous one
or the new one), never a part; temporary files never carry an output's name and are cleaned up later."""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.io import is_temp, write_atomic, write_outputs

REPO = Path(__file__).resolve().parents[1]
RDF_FORMATS = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads"}


def outputs_in(folder: Path) -> dict[str, Path]:
    """Relative path → file, for every file under `folder` that is not a temporary file. The store (a database
    whose file names change with every build) and the cache are checked as wholes, not file by file."""
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*")
            if p.is_file() and not is_temp(p.relative_to(folder)) and p.relative_to(folder).parts[0] not in
            ("store", ".kg-cache")}


def assert_store_usable(folder: Path) -> None:
    """`kg query` can answer from `folder`: its store opens (or, killed between swapping stores, the N-Quads
    shards are there to load)."""
    import pyoxigraph as ox

    if (folder / "store").is_dir():
        assert len(ox.Store.read_only(str(folder / "store"))) > 0
    else:
        assert list((folder / "rdf").glob("*.nq"))


def temps_in(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and is_temp(p)]


def assert_whole(path: Path) -> None:
    """The file parses as what its name says it is."""
    from rdflib import Dataset, Graph

    if path.suffix in RDF_FORMATS:
        fmt = RDF_FORMATS[path.suffix]
        store = Dataset() if fmt in ("trig", "nquads") else Graph()
        store.parse(path, format=fmt)
        assert len(store) or path.stat().st_size == 0 or fmt in ("trig", "nquads"), path
    elif path.suffix == ".json":
        json.loads(path.read_text(encoding="utf-8"))
    elif path.suffix in (".gexf", ".graphml"):
        from xml.etree import ElementTree

        ElementTree.parse(path)
    elif path.suffix == ".html" and not path.read_text(encoding="utf-8").rstrip().lower().endswith("</html>"):
        raise AssertionError(f"{path.name} is cut short")


# -- write_outputs -----------------------------------------------------------------------------------------


def test_atomic_write_outputs_writes_every_file_and_no_temporaries(tmp_path):
    files = {"graph.ttl": "<a> <b> <c> .\n", "summary.json": '{"reports": 1}\n', "views/county/1.html": b"<html></html>"}

    written = write_outputs(tmp_path, files)

    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == sorted(files)
    assert (tmp_path / "graph.ttl").read_text(encoding="utf-8") == files["graph.ttl"]
    assert (tmp_path / "views/county/1.html").read_bytes() == files["views/county/1.html"]
    assert temps_in(tmp_path) == []


class _FailsAt(dict):
    """Outputs whose third content cannot be produced (as when serialising fails or the disk fills up)."""

    def items(self):
        for i, item in enumerate(super().items()):
            if i == 2:
                raise OSError(28, "No space left on device")
            yield item


def test_atomic_write_interrupted_while_writing_leaves_previous_outputs_and_no_temporaries(tmp_path):
    old = {"graph.ttl": "old graph\n", "graph.trig": "old trig\n", "summary.json": "old summary\n"}
    write_outputs(tmp_path, old)

    with pytest.raises(OSError):
        write_outputs(tmp_path, _FailsAt({"graph.ttl": "new", "graph.trig": "new", "summary.json": "new"}))

    assert {n: p.read_text(encoding="utf-8") for n, p in outputs_in(tmp_path).items()} == old
    assert temps_in(tmp_path) == []


@pytest.mark.parametrize("name", ["/etc/passwd", "../outside.ttl", "views/../../outside.ttl", ""])
def test_atomic_write_refuses_names_outside_the_output_folder(tmp_path, name):
    with pytest.raises(ValueError):
        write_outputs(tmp_path / "out", {name: "x"})

    assert not (tmp_path / "outside.ttl").exists()


def test_atomic_write_removes_temporaries_of_dead_writers_only(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    left = tmp_path / f".graph.ttl.{dead_pid}.abc123.tmp"
    live = tmp_path / f".graph.ttl.{os.getppid()}.def456.tmp"  # a writer that is still running
    left.write_text("half a gra", encoding="utf-8")
    live.write_text("being written", encoding="utf-8")

    write_atomic(tmp_path / "graph.ttl", "<a> <b> <c> .\n")

    assert not left.exists() and live.exists()
    assert (tmp_path / "graph.ttl").read_text(encoding="utf-8") == "<a> <b> <c> .\n"


@pytest.mark.parametrize("name", ["graph.ttl", "graph.trig", "summary.json", "views/county/370921.html", "index.html"])
def test_atomic_write_temporary_names_are_never_output_names(tmp_path, monkeypatch, name):
    target = tmp_path / name
    seen: list[str] = []
    real_replace = os.replace

    def watch(src, dst):  # the real rename, noting the temporary name it moves
        seen.append(Path(src).name)
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", watch)
    write_atomic(target, "x")

    assert seen and all(is_temp(n) and n != target.name for n in seen)
    assert not is_temp(name)


# -- killing a real build ----------------------------------------------------------------------------------

KILL_RUNS = 5


@pytest.fixture(scope="module")
def previous_output(tmp_path_factory):
    """A good output of the bundled examples, and how long a whole build took."""
    out = tmp_path_factory.mktemp("previous") / "out"
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-m", "kg", "build", "-o", str(out)], capture_output=True, text=True,
                         cwd=REPO, timeout=300)
    seconds = time.perf_counter() - t0
    assert res.returncode == 0, res.stderr
    return out, seconds


def _state(folder: Path) -> dict[str, int]:
    return {p.as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def _kill_build(out: Path, delay: float | None, rng: random.Random) -> int | None:
    """Start `kg build -o out` and SIGKILL it after `delay` seconds, or (delay None) as soon as it starts writing
    (any file in `out` appears or changes) plus a few random milliseconds. Returns the exit status."""
    before = _state(out)
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", "-o", str(out)], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.perf_counter() + (delay if delay is not None else 120)
        while proc.poll() is None and time.perf_counter() < deadline:
            if delay is None and _state(out) != before:
                time.sleep(rng.uniform(0, 0.05))
                break
            time.sleep(0.002)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        return proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no SIGKILL on this platform")
@pytest.mark.parametrize("run", range(KILL_RUNS))
def test_atomic_build_killed_at_a_random_moment_leaves_whole_outputs(previous_output, tmp_path, run):
    previous, seconds = previous_output
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    delay = None if run % 2 == 0 else rng.uniform(0.3, 1.05) * seconds  # while writing, or anywhere

    status = _kill_build(out, delay, rng)

    found = outputs_in(out)
    assert set(found) == set(outputs_in(previous)), f"seed {seed}: stray or missing outputs (status {status})"
    assert_store_usable(out)
    for name, path in found.items():
        try:
            assert_whole(path)
        except Exception as exc:  # noqa: BLE001 - any parse error means a partial file
            pytest.fail(f"seed {seed}, killed after {delay or 'writing began'} s (status {status}): {name} "
                        f"does not parse: {exc}")


def test_atomic_build_after_a_killed_one_replaces_outputs_and_clears_its_temporaries(previous_output, tmp_path):
    previous, _ = previous_output
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = [out / f".{name}.{int(gone.stdout)}.k1ll3d.tmp" for name in ("graph.ttl", "summary.json")]
    for path in left:  # what a build killed while writing leaves (the kill runs above show it)
        path.write_text("half a fi", encoding="utf-8")

    res = subprocess.run([sys.executable, "-m", "kg", "build", "-o", str(out)], capture_output=True, text=True,
                         cwd=REPO, timeout=300)

    assert res.returncode == 0, res.stderr
    assert temps_in(out) == []
    assert set(outputs_in(out)) == set(outputs_in(previous))
    for path in outputs_in(out).values():
        assert_whole(path)
