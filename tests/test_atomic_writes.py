"""Outputs are written atomically: files are renamed into place whole, and a build killed at any moment leaves the
output folder wholly the previous build or wholly the new one, never a mix and never a part of a file; temporary
files never carry an output's name and do not outlive the build."""
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
from conftest import default_sigint

from kg.io import is_temp, write_atomic, write_outputs

REPO = Path(__file__).resolve().parents[1]
RDF_FORMATS = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads"}


def outputs_in(folder: Path) -> dict[str, Path]:
    """Relative path → file, for every file under `folder` that is not a temporary file. The store (a database
    whose file names change with every build) and the cache are checked as wholes, not file by file."""
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*")
            if p.is_file() and not is_temp(p.relative_to(folder)) and p.relative_to(folder).parts[0] not in
            ("store", ".kg-cache")}


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
#
# A build of a small corpus over the output of another is killed at random moments: anywhere in its measured
# duration, or within its write window (from the moment the new folder appears beside the output to the end).
# Each time, the output folder is wholly the old build's or wholly the new one's (every file byte-identical to a
# clean build of one or the other), `kg query` answers from the same build the files are from, and no temporary
# file or folder is left beside the output, inside it or in $TMPDIR. KG_FAULT_RUNS sets the number of SIGKILL runs
# (20 by default; SIGINT runs are a fifth of that, at least 4).

FAULT_RUNS = int(os.environ.get("KG_FAULT_RUNS", "20"))
FAULT_CASES = [("SIGKILL", i) for i in range(FAULT_RUNS)] + [("SIGINT", i) for i in range(max(4, FAULT_RUNS // 5))]
SETTLE = 60  # seconds to wait at most for a killed build's watcher to remove its temporary folders


def digest(folder: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every file of an output folder but the store (its file names change with every
    build; it is checked by querying it) and the cache (a build adds entries as it goes, so that a killed build
    resumes)."""
    import hashlib

    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*")
            if p.is_file() and p.relative_to(folder).parts[0] not in ("store", ".kg-cache")}


def leftovers(out: Path, tmpdir: Path) -> list[str]:
    """Temporary files and folders beside `out`, inside it, and anything in `tmpdir`."""
    found = [p.name for p in out.parent.iterdir() if is_temp(p.name)]
    if out.is_dir():
        found += [p.relative_to(out).as_posix() for p in out.rglob("*") if is_temp(p.relative_to(out))]
    return found + [f"$TMPDIR/{p.name}" for p in tmpdir.iterdir()]


def settled(out: Path, tmpdir: Path) -> list[str]:
    """`leftovers` once the watcher of the killed build has had time to remove them."""
    deadline = time.monotonic() + SETTLE
    while (left := leftovers(out, tmpdir)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def reports_in_store(out: Path) -> int:
    """The number of reports `kg query` finds in `out` (a query worker over its store, as the command runs it)."""
    from kg.rdf.workers import run

    result = run(out, "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a kg:Report }")
    return int(result.rows[0][0].value)


def build_command(corpus: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out)]


@pytest.fixture(scope="module")
def faults(tmp_path_factory):
    """The corpora (old: the bundled examples; new: the examples and one more report), a clean build of each, and
    the measured rebuild of old into new: its duration and its write window."""
    from conftest import PINGYIN_2021

    root = tmp_path_factory.mktemp("faults")
    old_in, new_in = root / "old_in", root / "new_in"
    for folder in (old_in, new_in):
        folder.mkdir()
        for f in sorted((REPO / "examples").glob("*.txt")):
            shutil.copy(f, folder / f.name)
    (new_in / "pingyin_2021.txt").write_text(PINGYIN_2021, encoding="utf-8")
    old, new = root / "old" / "out", root / "new" / "out"
    for corpus, out in ((old_in, old), (new_in, new)):
        res = subprocess.run(build_command(corpus, out), capture_output=True, text=True, cwd=REPO, timeout=300)
        assert res.returncode == 0, res.stderr

    measured = root / "measured" / "out"
    shutil.copytree(old, measured)
    t0 = time.perf_counter()
    proc = subprocess.Popen(build_command(new_in, measured), cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    writing = None
    while proc.poll() is None:
        if writing is None and any(p.name.startswith(".out.new.") for p in measured.parent.iterdir()):
            writing = time.perf_counter()
        time.sleep(0.002)
    end = time.perf_counter()
    assert proc.returncode == 0
    assert digest(measured) == digest(new)  # a rebuild over an old output is a clean build
    return {"old_in": old_in, "new_in": new_in, "old": old, "new": new, "seconds": end - t0,
            "window": end - (writing or t0), "digests": {"old": digest(old), "new": digest(new)},
            "reports": {"old": 3, "new": 4}}


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no SIGKILL on this platform")
@pytest.mark.parametrize("sig, run", FAULT_CASES)
def test_atomic_build_killed_at_a_random_moment_is_wholly_old_or_wholly_new(faults, tmp_path, sig, run):
    out, tmpdir = tmp_path / "parent" / "out", tmp_path / "tmpdir"
    shutil.copytree(faults["old"], out)
    tmpdir.mkdir()
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    in_window = run % 2 == 1
    env = {**os.environ, "TMPDIR": str(tmpdir)}
    proc = subprocess.Popen(build_command(faults["new_in"], out), cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, preexec_fn=default_sigint)
    try:
        if in_window:  # wait until the new folder appears, then kill within the write window
            while proc.poll() is None and not any(p.name.startswith(".out.new.") for p in out.parent.iterdir()):
                time.sleep(0.002)
            delay = rng.uniform(0, faults["window"])
        else:
            delay = rng.uniform(0, faults["seconds"])
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(getattr(signal, sig))
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    where = f"seed {seed}: {sig} {delay:.3f} s {'into the write window' if in_window else 'after the start'} " \
            f"(exit status {proc.returncode})"

    state = digest(out)
    which = next((name for name, d in faults["digests"].items() if d == state), None)
    assert which is not None, f"{where}: the output is neither the old build nor the new one"
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["reports"] == faults["reports"][which]
    assert reports_in_store(out) == faults["reports"][which], f"{where}: kg query answers from another build"
    assert settled(out, tmpdir) == [], f"{where}: temporary files left"
    if sig == "SIGINT" and stderr.startswith("Fatal Python error: init_"):
        # the signal came while the interpreter itself was starting, before any of kg ran: Python's own report
        assert which == "old", f"{where}: {stderr}"
    elif sig == "SIGINT":
        assert "Traceback" not in stderr, f"{where}: {stderr}"
        # 0: done before the signal; 130: interrupted; -SIGINT: the signal came as Python was exiting, after its
        # handlers were gone (the build was done)
        assert proc.returncode in (0, 130, -signal.SIGINT), f"{where}: {stderr}"
        # interrupted while building: said so; before the command began (Python starting): only the status
        assert proc.returncode == 0 or "[E212]" in stderr or not stderr.strip(), f"{where}: {stderr}"


def test_atomic_build_after_a_killed_one_replaces_outputs_and_clears_its_temporaries(faults, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(faults["old"], out)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = [out / f".{name}.{int(gone.stdout)}.k1ll3d.tmp" for name in ("graph.ttl", "summary.json")]
    left.append(tmp_path / f".out.new.{int(gone.stdout)}.k1ll3d.tmp")
    for path in left:  # what a build killed before kg replaced whole folders left, and a folder being filled
        path.write_text("half a fi", encoding="utf-8") if path.parent == out else path.mkdir()

    res = subprocess.run(build_command(faults["new_in"], out), capture_output=True, text=True, cwd=REPO,
                         timeout=300)

    assert res.returncode == 0, res.stderr
    assert temps_in(out) == [] and not any(p.exists() for p in left)
    assert digest(out) == faults["digests"]["new"]
    for path in outputs_in(out).values():
        assert_whole(path)
