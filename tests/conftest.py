"""Fixtures shared by the test modules: where the shared corpus lives, and a small report written for the tests."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[1]

# Property tests: a modest number of examples keeps the suite fast; KG_HYPOTHESIS=thorough searches harder.
settings.register_profile("kg", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("KG_HYPOTHESIS", "kg"))

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


# Markup a hostile report might carry. Each payload would set window.__pwned if it ever ran in a page.
XSS_PAYLOADS = ("<img src=x onerror=window.__pwned=1>", "<a href=javascript:window.__pwned=2>点此</a>",
                "<script>window.__pwned=3</script>", "<svg onload=window.__pwned=4>")


@pytest.fixture(scope="session")
def examples_graph():
    """The networkx graph of the bundled example reports."""
    from kg import build

    return build(REPO / "examples").nx


@pytest.fixture(scope="session")
def hostile_graph(tmp_path_factory, sample_report_text):
    """The graph of a report whose sentences carry XSS payloads, plus entities (a county, an organisation, a
    regulation) whose names and aliases are payloads: report text is untrusted and reaches every view."""
    from kg import build

    d = tmp_path_factory.mktemp("hostile")
    text = sample_report_text.replace("开展业务培训4期", f"开展{XSS_PAYLOADS[0]}业务培训4期").replace(
        "联合县司法局", f"联合{XSS_PAYLOADS[1]}县司法局").replace("化解信访积案35件", f"化解{XSS_PAYLOADS[2]}信访积案35件")
    (d / f"宁阳{XSS_PAYLOADS[3]}.txt").write_text(text, encoding="utf-8")
    G = build(d).nx
    county = next(n for n, a in G.nodes(data=True) if a["kind"] == "division" and a.get("level") == "county")
    for i, (kind, payload) in enumerate(zip(("organization", "regulation", "campaign"), XSS_PAYLOADS)):
        n = f"{kind}:{payload}"
        G.add_node(n, kind=kind, label=f"{payload}名称{i}", aliases={XSS_PAYLOADS[(i + 1) % 4]}, years={2023},
                   evidence=[(f"{XSS_PAYLOADS[3]}.txt", f"句子{payload}句子")])
        if kind == "organization":
            G.add_edge(n, county, predicate="jurisdiction")
        else:
            G.add_edge(county, n, predicate="regionCites" if kind == "regulation" else "runs", report="r", year=2023)
    G.add_node("division:999999", kind="division", level="county", label=f"{XSS_PAYLOADS[0]}县", aliases=set(),
               evidence=[], years={2023})
    G.add_edge("division:999999", f"regulation:{XSS_PAYLOADS[1]}", predicate="regionCites", report="r", year=2023)
    return G


@pytest.fixture(scope="session")
def large_graph():
    """A made-up graph of 5,200 nodes shaped like a build of 180 county reports: for views at scale."""
    return make_large_graph(5200)


def make_large_graph(n_nodes: int):
    """A made-up graph of `n_nodes` nodes shaped like a build of 180 county reports (60 counties × 3 years),
    with the attributes kg.graph.to_networkx gives; figures fill it up to `n_nodes`."""
    import random

    import networkx as nx

    rnd = random.Random(7)
    G = nx.MultiDiGraph()

    def add(kind, key, label, **attrs):
        G.add_node(f"{kind}:{key}", kind=kind, label=label, aliases=set(), evidence=[], years=set(), **attrs)
        return f"{kind}:{key}"

    years = (2021, 2022, 2023)
    prefectures = [add("division", f"37{p:02d}00", f"第{p}市", level="prefecture") for p in range(1, 7)]
    regs = [add("regulation", f"条例{i}", f"示例条例第{i}号", status="in_force") for i in range(120)]
    for c in range(60):
        county = add("division", f"37{c // 10 + 1:02d}{c:02d}", f"示例{c}县", level="county")
        G.add_edge(county, prefectures[c // 10], predicate="partOf")
        orgs = [add("organization", f"示例{c}县机构{o}", f"示例{c}县机构{o}") for o in range(8)]
        for o in orgs:
            G.add_edge(o, county, predicate="jurisdiction")
        for y in years:
            rep = add("report", f"r{c}-{y}", f"示例{c}县{y}年报告", file=f"c{c}_{y}.txt", year=y)
            G.add_edge(rep, county, predicate="aboutRegion", report=rep, year=y)
            G.add_edge(rep, orgs[0], predicate="issuedBy", report=rep, year=y)
            for o in orgs:
                G.nodes[o]["years"].add(y)
            for r in sorted({regs[min(119, int(rnd.paretovariate(1.2)) - 1)] for _ in range(4)}):
                G.nodes[r]["years"].add(y)
                G.add_edge(orgs[0], r, predicate="cites", report=rep, year=y)
                G.add_edge(county, r, predicate="regionCites", report=rep, year=y)
    orgs = sorted(n for n, a in G.nodes(data=True) if a["kind"] == "organization")
    for i in range(300):
        campaign = add("campaign", f"活动{i}", f"示例活动{i}")
        for o in rnd.sample(orgs, 2):
            y = rnd.choice(years)
            G.nodes[campaign]["years"].add(y)
            G.add_edge(o, campaign, predicate="runs", report="report:x", year=y)
    for i in range(100):
        o = rnd.choice(orgs)
        G.add_edge(add("official", f"官员{i}|{o}", f"官员{i}", post="局长"), o, predicate="holdsPostIn")
    while len(G) < n_nodes:
        o, y = rnd.choice(orgs), rnd.choice(years)
        m = add("metric", f"m{len(G)}", f"指标{len(G)} {rnd.randint(1, 999)}件", unit="件")
        G.nodes[m]["years"].add(y)
        G.add_edge(o, m, predicate="reports", report="report:x", year=y)
    return G


# A second made-up report of 平阴县 (the county of examples/pingyin_2023.txt), two years earlier: it cites the
# repealed 《信访条例》, so the graph of examples/ plus this report has a county cited over several years.
PINGYIN_2021 = """\
平阴县信访局关于2021年法治政府建设情况的报告

县委、县政府：
2021年，我局认真贯彻落实《信访条例》，推进依法分类处理信访诉求。现将有关情况报告如下。
一、加强学习
局党组专题学习《中华人民共和国行政复议法》3次。
二、规范办理
全年受理信访事项980件，按期办结率99%。
"""


@pytest.fixture(scope="session")
def query_corpus(tmp_path_factory) -> Path:
    """The bundled examples plus PINGYIN_2021: three counties, four reports, 2021–2024."""
    import shutil

    d = tmp_path_factory.mktemp("query_corpus")
    for f in sorted((REPO / "examples").glob("*.txt")):
        shutil.copy(f, d / f.name)
    (d / "pingyin_2021.txt").write_text(PINGYIN_2021, encoding="utf-8")
    return d


@pytest.fixture(scope="session")
def query_build(query_corpus):
    """`kg.build` of `query_corpus` (a BuildResult)."""
    from kg import build

    return build(query_corpus)


@pytest.fixture(scope="session")
def graph_dir(tmp_path_factory, query_build) -> Path:
    """A folder holding every output `kg build` writes for `query_corpus`."""
    from kg.io import write_atomic

    out = tmp_path_factory.mktemp("graph")
    for name, content in query_build.outputs().items():
        write_atomic(out / name, content)
    return out


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory, query_build) -> Path:
    """A folder `query_build.write` filled: every output and the on-disk SPARQL store (store/) that query workers
    open read-only."""
    out = tmp_path_factory.mktemp("built")
    query_build.write(out)
    return out


@pytest.fixture()
def listener():
    """(port, requests): a local HTTP server on 127.0.0.1 that records the path of every request made to it (a
    SPARQL SERVICE call would be one)."""
    import http.server
    import threading

    hits: list[str] = []

    class Record(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Record)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield server.server_address[1], hits
    server.shutdown()
    server.server_close()
