"""The pipeline is made from one config: every component a registered factory with its settings, reads and writes
declared, and the config round-trips (`kg config` prints it; `--pipeline FILE` builds from it)."""
from __future__ import annotations

import spacy

from conftest import run_kg
from kg.nlp import COMPONENTS, make_nlp


def test_pipeline_has_the_components_in_order_and_no_problems():
    nlp = make_nlp()
    assert tuple(nlp.pipe_names) == COMPONENTS
    analysis = nlp.analyze_pipes()
    assert all(problems == [] for problems in analysis["problems"].values()), analysis["problems"]
    # every component declares what it writes, and what it reads is written by one before it
    for name in COMPONENTS:
        assert analysis["summary"][name]["assigns"], name


def test_pipeline_config_round_trips():
    nlp = make_nlp()
    again = spacy.util.load_model_from_config(spacy.util.Config().from_str(nlp.config.to_str(), interpolate=False), auto_fill=True)
    assert again.pipe_names == nlp.pipe_names
    assert again.config.to_str() == nlp.config.to_str()


def test_component_settings_come_from_the_config(tmp_path):
    """A component's data file is a setting: a config naming another posts file makes another pipeline."""
    nlp = make_nlp()
    cfg = nlp.config.copy()
    assert cfg["components"]["kg_officials"]["posts"] == "posts.txt"
    assert cfg["components"]["kg_privacy"]["mask"] is True
    assert make_nlp(private_names=True).config["components"]["kg_privacy"]["mask"] is False


def test_kg_config_prints_the_config_a_build_can_use(tmp_path, sample_report_text):
    res = run_kg("config")
    assert res.returncode == 0, res.stderr
    assert "[components.kg_meta]" in res.stdout and 'factory = "kg_privacy"' in res.stdout
    (tmp_path / "pipeline.cfg").write_text(res.stdout, encoding="utf-8")
    (tmp_path / "r.txt").write_text(sample_report_text, encoding="utf-8")
    extracted = run_kg("extract", tmp_path / "r.txt", "--pipeline", tmp_path / "pipeline.cfg")
    default = run_kg("extract", tmp_path / "r.txt")
    assert extracted.returncode == 0 and extracted.stdout == default.stdout and '"宁阳县信访局"' in default.stdout
