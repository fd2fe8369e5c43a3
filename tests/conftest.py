"""Fixtures shared by the test modules: where the shared corpus lives, and a small report written for the tests."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# An illustrative report in the genre (法治政府建设年度报告 of a county petition bureau), written for these
# tests. Every name, figure and sentence is made up; only the county is real, so region lookup can work.
SAMPLE_REPORT = """\
宁阳县信访局关于2023年法治政府建设情况的报告

县委、县政府：
2023年，在县委、县政府的坚强领导下，我局坚持以习近平法治思想为指导，认真贯彻落实《信访工作条例》，扎实推进信访工作法治化建设。现将有关情况报告如下：
一、主要工作及成效
（一）强化学习培训。局党组将《信访工作条例》纳入理论学习中心组学习内容，全年组织集中学法12次，开展业务培训4期。
（二）规范信访事项办理。全年共受理信访事项1200件，按期办结率100%，群众满意率达到98.5%。
（三）推进矛盾纠纷化解。联合县司法局、县公安局开展矛盾纠纷排查化解，化解信访积案35件。
二、存在的问题
部分信访事项办理质量有待提高，基层信访干部法治素养仍需加强。
三、2024年工作打算
我局将继续在县委、县政府的领导下，深入推进信访工作法治化，为全县经济社会发展营造和谐稳定的社会环境。

宁阳县信访局
2024年1月15日
"""

# What a careful reader finds in SAMPLE_REPORT's head.
SAMPLE_META = {"title": "宁阳县信访局关于2023年法治政府建设情况的报告", "issuer": "宁阳县信访局", "region": "宁阳县", "prefecture": "泰安市", "province": "山东省",
               "year": 2023}


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The project's shared folder (corpus, gold annotations), beside the repository."""
    return REPO.parent / "shared"


@pytest.fixture(scope="session")
def require_shared(shared_dir: Path) -> Path:
    """`shared_dir`, or skip the test when there is no shared folder on this machine."""
    if not shared_dir.is_dir():
        pytest.skip(f"no shared folder at {shared_dir}")
    return shared_dir


@pytest.fixture(scope="session")
def sample_report_text() -> str:
    """A short made-up county petition bureau report (宁阳县信访局, 2023)."""
    return SAMPLE_REPORT


@pytest.fixture(scope="session")
def sample_report_meta() -> dict:
    """The title, issuer, region, prefecture, province and year of `sample_report_text`."""
    return dict(SAMPLE_META)
