"""Every `kg …` example in the README, run as a user runs it, against the result the README says it gives (as
sqlite-utils' tests/test_docs.py keeps its documentation true).

The README's examples are the lines starting with `kg ` in its ```bash blocks. Each says what it gives after
`# →`; every `backticked` text there must appear in what the command prints (or be a file it wrote). The
commands run in order, in a scratch folder holding the bundled `examples/` (and `../shared` when it is on this
machine: examples reading it are skipped without it), with `kg` on PATH as `. .venv/bin/activate` puts it.
Synopses of every option are in ```text blocks, which are not run.
"""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)


def examples() -> list[tuple[str, str]]:
    """(command, what it gives) of every `kg` line in the README's bash blocks, in order."""
    out = []
    for lang, body in BLOCK.findall(README.read_text(encoding="utf-8")):
        if lang != "bash":
            continue
        for line in body.splitlines():
            if line.startswith("kg "):
                command, _, result = line.partition("# →")
                out.append((command.strip(), result.strip()))
    return out


EXAMPLES = examples()


def _expected(result: str) -> list[str]:
    return re.findall(r"`([^`]+)`", result)


def test_readme_every_kg_example_states_what_it_gives():
    assert len(EXAMPLES) >= 10
    for command, result in EXAMPLES:
        assert _expected(result), f"README example without a stated result in backticks: {command}"


def test_readme_examples_use_only_commands_kg_has():
    from kg.cli import app

    commands = {c.name or c.callback.__name__ for c in app.registered_commands}
    for command, _ in EXAMPLES:
        assert shlex.split(command)[1] in commands, command


@pytest.fixture(scope="module")
def session(tmp_path_factory, shared_dir):
    """A scratch folder as a new user's: examples/ there, ../shared beside it when this machine has it, and the
    environment of an activated virtualenv."""
    root = tmp_path_factory.mktemp("readme")
    work = root / "kg"
    work.mkdir()
    (work / "examples").symlink_to(REPO / "examples")
    if shared_dir.is_dir():
        (root / "shared").symlink_to(shared_dir)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "COLUMNS": "100"}
    return work, env


@pytest.mark.parametrize("command, result", EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_gives_what_the_readme_says(session, command, result):
    work, env = session
    if not (work.parent / "shared").is_dir():
        words = shlex.split(command)
        built = words[words.index("--graph") + 1] if "--graph" in words[:-1] else None
        if "../shared" in command or (built is not None and not (work / built).exists()
                                      and any("../shared" in c and f"-o {built}" in c for c, _ in EXAMPLES)):
            pytest.skip("no shared folder on this machine (the example reads it, or a graph built from it)")
    res = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, f"{command}\n{res.stdout}\n{res.stderr}"
    said = " ".join((res.stdout + res.stderr).split())
    for text in _expected(result):
        assert " ".join(text.split()) in said or (work / text).exists(), f"{command}: no `{text}` in\n{said[:3000]}"


def test_readme_example_queries_are_the_ones_the_reference_shows():
    """The two queries users write, in the README, are the files REFERENCE.md is made from."""
    readme = README.read_text(encoding="utf-8")
    for rq in sorted((REPO / "ontology" / "examples").glob("*.rq")):
        query = " ".join(line for line in rq.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
        assert f"kg query '{query.strip()}'" in readme, rq.name


def test_readme_set_up_puts_kg_on_the_path():
    """After `make demo` a new user types `kg`: the README says how (`. .venv/bin/activate`), and so does
    `make demo` when it is done."""
    readme = README.read_text(encoding="utf-8")
    assert ". .venv/bin/activate" in readme.split("## Commands")[0]
    demo = subprocess.run(["make", "-n", "demo"], cwd=REPO, capture_output=True, text=True)
    assert demo.returncode == 0 and ". .venv/bin/activate" in demo.stdout and "kg cites" in demo.stdout
