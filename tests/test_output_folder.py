"""The output folder changes as one unit: a build fills a new folder beside it and swaps the two at the end, so the
folder holds only this build's files (pages, shards, cache entries), never a mix of two builds; kg never reads its
own output as reports; temporary folders do not outlive the process that made them."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_kg_here

from kg.io import OUTPUT_MARKER, is_output_folder, is_temp, scratch_dir

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((REPO / "examples").glob("*.txt"))

# A made-up report naming private persons (a petitioner, long-standing petitioners) beside an official.
PRIVATE_REPORT = """\
宁阳县信访局关于2023年法治政府建设情况的报告

县委、县政府：
2023年，我局依据《信访工作条例》，化解信访积案3件。
局长王建国带队约访了王强等信访老户12人次。
信访人陈立新多次到省上访，我局依照《信访工作条例》第十四条依法处理。
"""
PRIVATE_NAMES = ("王强", "陈立新")


def digest(folder: Path, skip=("store", ".kg-cache")) -> dict[str, str]:
    """Relative path → SHA-256 of every file under `folder` (the store, whose file names change with every
    build, and the cache are left out)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file() and p.relative_to(folder).parts[0] not in skip}


def temps_beside(folder: Path) -> list[str]:
    """Temporary files and folders left in `folder`'s parent and inside `folder`."""
    found = [p.name for p in folder.parent.iterdir() if is_temp(p.name)]
    if folder.is_dir():
        found += [p.relative_to(folder).as_posix() for p in folder.rglob("*") if is_temp(p.relative_to(folder))]
    return found


def corpus(folder: Path, files) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for f in files:
        shutil.copy(f, folder / f.name)
    return folder


def county_pages(out: Path) -> list[str]:
    return sorted(p.name for p in (out / "views" / "county").glob("*.html"))


def cache_entries(out: Path) -> list[Path]:
    return sorted(p for p in (out / ".kg-cache").rglob("*.json") if not is_temp(p.relative_to(out)))


def build_cli(*args):
    res = run_kg_here("build", *args)
    assert "Traceback" not in res.stderr, res.stderr
    return res


# -- stale outputs ------------------------------------------------------------------------------------------


def test_output_rebuild_with_fewer_reports_holds_only_this_builds_files(tmp_path):
    many = corpus(tmp_path / "many", EXAMPLES)
    one = corpus(tmp_path / "one", EXAMPLES[:1])
    out, clean = tmp_path / "out", tmp_path / "clean"

    assert build_cli(many, "-o", out).returncode == 0
    assert len(county_pages(out)) == 3
    assert build_cli(one, "-o", out).returncode == 0
    assert build_cli(one, "-o", clean).returncode == 0

    assert county_pages(out) == county_pages(clean) and len(county_pages(out)) == 1
    assert digest(out) == digest(clean)
    assert sorted(p.name for p in (out / "rdf").iterdir()) == sorted(p.name for p in (clean / "rdf").iterdir())
    assert temps_beside(out) == []


def test_output_cache_keeps_only_the_entries_this_build_used(tmp_path):
    many = corpus(tmp_path / "many", EXAMPLES)
    one = corpus(tmp_path / "one", EXAMPLES[:1])
    out = tmp_path / "out"

    build_cli(many, "-o", out)
    assert len(cache_entries(out)) == 3
    build_cli(one, "-o", out)
    assert len(cache_entries(out)) == 1
    again = build_cli(one, "-o", out)

    assert "unchanged (cached)" in again.stdout  # the entry kept is the one this build reads
    assert len(cache_entries(out)) == 1


def test_output_no_cache_build_leaves_no_cache_behind(tmp_path):
    reports = corpus(tmp_path / "in", EXAMPLES)
    out = tmp_path / "out"

    build_cli(reports, "-o", out)
    build_cli(reports, "-o", out, "--no-cache")

    assert not (out / ".kg-cache").exists()


def test_output_private_names_then_default_build_leaves_no_name_anywhere(tmp_path):
    reports = tmp_path / "in"
    reports.mkdir()
    (reports / "宁阳2023.txt").write_text(PRIVATE_REPORT, encoding="utf-8")
    out = tmp_path / "out"

    build_cli(reports, "-o", out, "--private-names")
    kept = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file() and "store" not in p.parts)
    assert all(name.encode("utf-8") in kept for name in PRIVATE_NAMES)  # the opt-in kept them
    build_cli(reports, "-o", out)

    for path in out.rglob("*"):
        if path.is_file() and "store" not in path.relative_to(out).parts:
            data = path.read_bytes()
            for name in PRIVATE_NAMES:
                assert name.encode("utf-8") not in data and json.dumps(name)[1:-1].encode() not in data, \
                    f"{name} in {path.relative_to(out)}"
    from kg.rdf.workers import run

    rows = run(out, "SELECT ?s WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), '陈立新')) }").rows
    assert rows == []


# -- kg's own output is not input ---------------------------------------------------------------------------


@pytest.mark.parametrize("marker", ["marker", "made by a kg before the marker"])
def test_output_inside_the_input_folder_is_not_read_as_reports(tmp_path, marker):
    reports = corpus(tmp_path / "in", EXAMPLES)
    out = reports / "out"

    build_cli(reports, "-o", out)
    first = digest(out)
    if marker != "marker":
        (out / OUTPUT_MARKER).unlink()
    assert is_output_folder(out)
    second = build_cli(reports, "-o", out)

    assert second.returncode == 0, second.stderr
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["reports"] == len(EXAMPLES)
    assert digest(out) == first


def test_output_folder_given_as_input_is_refused_with_a_reason(tmp_path):
    out = tmp_path / "out"
    build_cli(corpus(tmp_path / "in", EXAMPLES), "-o", out)

    res = build_cli(out, "-o", tmp_path / "other")

    assert res.returncode == 2
    assert "[E129]" in res.stderr and "[E207]" in res.stderr
    assert not (tmp_path / "other").exists()


# -- folders kg did not write ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name, content", [
    ("notes.txt", "my notes"),
    (".git/HEAD", "ref: refs/heads/main"),  # a hidden folder is someone's too
    ("a/b/c.docx", "x"),
])
def test_output_folder_kg_did_not_write_is_refused_and_left_as_it_was(tmp_path, name, content):
    out = tmp_path / "out"
    (out / name).parent.mkdir(parents=True, exist_ok=True)
    (out / name).write_text(content, encoding="utf-8")
    before = digest(out)

    res = build_cli(corpus(tmp_path / "in", EXAMPLES[:1]), "-o", out)

    assert res.returncode == 2
    assert "[E210]" in res.stderr and str(out) in res.stderr
    assert digest(out) == before
    assert temps_beside(out) == []


def test_output_folder_with_only_hidden_files_is_written_and_keeps_them(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".gitkeep").write_bytes(b"")

    assert build_cli(corpus(tmp_path / "in", EXAMPLES[:1]), "-o", out).returncode == 0

    assert (out / ".gitkeep").is_file() and (out / "graph.trig").is_file()


def test_output_files_a_user_added_to_a_kg_folder_are_carried_across(tmp_path):
    reports = corpus(tmp_path / "in", EXAMPLES)
    out = tmp_path / "out"
    build_cli(reports, "-o", out)
    (out / "NOTES.md").write_text("what I found", encoding="utf-8")
    (out / "mine").mkdir()
    (out / "mine" / "query.rq").write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    (out / "link").symlink_to("NOTES.md")

    build_cli(reports, "-o", out)

    assert (out / "NOTES.md").read_text(encoding="utf-8") == "what I found"
    assert (out / "mine" / "query.rq").read_text(encoding="utf-8").startswith("SELECT")
    assert (out / "link").is_symlink() and os.readlink(out / "link") == "NOTES.md"


def test_output_file_in_place_of_the_folder_is_a_message(tmp_path):
    out = tmp_path / "out"
    out.write_text("a file", encoding="utf-8")

    res = build_cli(corpus(tmp_path / "in", EXAMPLES[:1]), "-o", out)

    assert res.returncode == 2 and "[E211]" in res.stderr
    assert out.read_text(encoding="utf-8") == "a file"


def test_output_folder_behind_a_link_is_replaced_and_the_link_kept(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    out = tmp_path / "out"
    out.symlink_to(real)

    build_cli(corpus(tmp_path / "in", EXAMPLES[:1]), "-o", out)
    build_cli(corpus(tmp_path / "in", EXAMPLES[:1]), "-o", out)

    assert out.is_symlink() and (real / "graph.trig").is_file() and (out / "store").is_dir()


def test_output_api_write_replaces_the_folder_whole(tmp_path, query_build):
    import kg

    out = tmp_path / "out"
    kg.build(EXAMPLES[:1]).write(out)
    written = query_build.write(out)

    assert {p.relative_to(out).parts[0] for p in written} | {"store", OUTPUT_MARKER} == {p.name for p in out.iterdir()}
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["reports"] == 4
    assert len(county_pages(out)) == 3


def test_output_names_kg_writes_are_all_known(query_build):
    from kg.batch.output import KG_NAMES

    assert {name.split("/", 1)[0] for name in query_build.outputs()} <= KG_NAMES


# -- recovery from a killed process -------------------------------------------------------------------------


def _dead_pid() -> int:
    return int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True).stdout)


def test_output_killed_between_the_two_renames_of_a_swap_is_recovered(tmp_path):
    """Where no atomic exchange exists, a swap is two renames; a build killed between them leaves the old folder
    under a temporary name, and the next build puts it back first (so the user's files in it survive)."""
    reports = corpus(tmp_path / "in", EXAMPLES[:1])
    out = tmp_path / "out"
    build_cli(reports, "-o", out)
    (out / "NOTES.md").write_text("mine", encoding="utf-8")
    left = tmp_path / f".out.old.{_dead_pid()}.k1ll3d.tmp"
    out.rename(left)

    assert build_cli(reports, "-o", out).returncode == 0

    assert (out / "NOTES.md").read_text(encoding="utf-8") == "mine"
    assert not left.exists() and temps_beside(out) == []


@pytest.mark.parametrize("exchange", ["atomic exchange", "two renames"])
def test_io_replacing_swaps_a_folder_whole_and_leaves_nothing_behind(tmp_path, monkeypatch, exchange):
    import kg.io

    if exchange == "two renames":  # the way on systems without renameat2(RENAME_EXCHANGE)
        monkeypatch.setattr(kg.io, "_exchange", lambda a, b: False)
    target = tmp_path / "out"
    target.mkdir()
    (target / "old.txt").write_text("old", encoding="utf-8")
    stale = tmp_path / f".out.old.{_dead_pid()}.x1.tmp"
    stale.mkdir()

    with kg.io.replacing(target) as staging:
        (staging / "new.txt").write_text("new", encoding="utf-8")
        assert (target / "old.txt").is_file()  # until the block ends, the old folder is in place
    with pytest.raises(OSError), kg.io.replacing(target) as staging:
        (staging / "half.txt").write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    assert [p.name for p in target.iterdir()] == ["new.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_output_temporary_folders_of_dead_builds_are_removed_and_live_ones_kept(tmp_path):
    reports = corpus(tmp_path / "in", EXAMPLES[:1])
    out = tmp_path / "out"
    dead, live = _dead_pid(), os.getppid()  # pytest's parent is alive
    left = [tmp_path / f".kg-rdf.{dead}.a1.tmp", tmp_path / f".out.new.{dead}.b2.tmp"]
    kept = [tmp_path / f".kg-rdf.{live}.c3.tmp", tmp_path / f".out.new.{live}.d4.tmp"]
    for folder in left + kept:
        folder.mkdir()
        (folder / "graphs-00000.nq").write_text("half a shard", encoding="utf-8")

    build_cli(reports, "-o", out)

    assert [p.exists() for p in left] == [False, False]
    assert [p.exists() for p in kept] == [True, True]


def _wait_gone(path: Path, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    return not path.exists()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no SIGKILL on this platform")
@pytest.mark.parametrize("sig", ["SIGKILL", "SIGTERM"])
def test_io_scratch_folder_is_removed_when_its_process_is_killed(tmp_path, sig):
    code = ("import os, signal, sys; from kg.io import scratch_dir; "
            f"d = scratch_dir('kg-rdf', {str(tmp_path)!r}); (d / 'graphs-00000.nq').write_bytes(b'x' * 4096); "
            f"print(d, flush=True); os.kill(os.getpid(), signal.{sig})")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    folder = Path(res.stdout.strip())

    assert res.returncode == -getattr(signal, sig)
    assert folder.parent == tmp_path and is_temp(folder.name)
    assert _wait_gone(folder), f"{folder.name} outlived its process"


def test_io_scratch_folder_is_hidden_temporary_and_private(tmp_path):
    folder = scratch_dir("kg-rdf", tmp_path)

    assert folder.name.startswith(f".kg-rdf.{os.getpid()}.") and is_temp(folder.name)
    assert folder.stat().st_mode & 0o077 == 0
