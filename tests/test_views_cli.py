"""`kg view`, run as a user runs it: one offline page per call, and a message (never a traceback) for a name
it cannot find."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_kg as kg

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("args, heading", [
    (["平阴县"], "<h1>平阴县 · 县级视图 county</h1>"),
    (["--kind", "county-regulation"], "<h1>县 × 法规 Counties × regulations</h1>"),
])
def test_view_writes_one_self_contained_page(tmp_path, args, heading):
    out = tmp_path / "sub" / "v.html"
    res = kg("view", *args, "-i", REPO / "examples", "-o", out)
    assert res.returncode == 0, res.stderr
    page = out.read_text(encoding="utf-8")
    assert heading in page
    assert "<script src=" not in page and "<link" not in page


def test_view_of_an_unknown_entity_is_a_message_with_suggestions(tmp_path):
    res = kg("view", "信访", "-i", REPO / "examples", "-o", tmp_path / "v.html")
    assert res.returncode == 2
    assert "no entity named '信访'" in res.stderr and "Did you mean" in res.stderr
    assert "Traceback" not in res.stderr and not (tmp_path / "v.html").exists()
