"""Fixtures shared by the test modules: where the shared corpus lives, and a small report written for the tests."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[1]


def run_kg(*args, cwd=None, timeout=300, env=None, input=None) -> subprocess.CompletedProcess:
    """`kg ARGS` as a user runs it: a real subprocess of `python -m kg`, text output captured. The one subprocess
    helper of the suite (`from conftest import run_kg`)."""
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or REPO, timeout=timeout, env=env, input=input)


def run_kg_here(*args) -> subprocess.CompletedProcess:
    """`kg ARGS` run in this process (the same command code, without a second start-up)."""
    from typer.testing import CliRunner

    from kg.cli import app

    res = CliRunner().invoke(app, [str(a) for a in args])
    if res.exception and not isinstance(res.exception, SystemExit):
        raise res.exception
    return subprocess.CompletedProcess(args, res.exit_code, res.stdout, res.stderr)

def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def default_sigint() -> None:
    """(A `preexec_fn`.) The child takes SIGINT as a Ctrl-C at a terminal: a shell starts a background job with
    SIGINT ignored, a child inherits that, and Python then never raises KeyboardInterrupt (a test sending SIGINT
    would see the build run to its end)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextmanager
def kg_server(directory: Path, *args: str, log: Path | None = None):
    """(base URL, process) of `kg serve DIRECTORY ARGS` — the real command — on a free loopback port, once it
    answers /health; stopped with SIGTERM afterwards. Its output goes to `log` (a file nobody reads would be a
    pipe that fills up and stops the server): a temporary file unless given."""
    import httpx

    port = free_port()
    sink = open(log, "wb") if log is not None else tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(directory), "--port", str(port), *args],
                            stdout=sink, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                sink.flush()
                sink.seek(0)
                pytest.fail(f"kg serve did not start: {sink.read().decode(errors='replace')}")
            time.sleep(0.1)
        yield base, proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=20)
        sink.close()


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
def reference_divisions(shared_dir: Path) -> Path:
    """The NBS yearly snapshots of divisions (shared/reference/divisions), or skip when they are not here."""
    path = shared_dir / "reference" / "divisions"
    if not path.is_dir():
        pytest.skip(f"no division snapshots at {path}")
    return path


@pytest.fixture(scope="session")
def sample_report_text() -> str:
    """A short made-up county petition bureau report (宁阳县信访局, 2023)."""
    return SAMPLE_REPORT


@pytest.fixture(scope="session")
def sample_report_meta() -> dict:
    """The title, issuer, region, prefecture, province and year of `sample_report_text`."""
    return dict(SAMPLE_META)


# Markup a hostile report might carry. Each payload would set window.pwned if it ever ran in a page.
XSS_PAYLOADS = ("<img src=x onerror=window.pwned=1>", "<a href=javascript:window.pwned=2>点此</a>",
                "<script>window.pwned=3</script>", "<svg onload=window.pwned=4>")


def hostile_report(text: str) -> str:
    """The sample report with markup wherever report text reaches an entity: the title (the report's label), a
    regulation's title, a campaign's name, a figure's name and the sentences around them."""
    return (text.replace("宁阳县信访局关于2023年", f"宁阳县信访局关于{XSS_PAYLOADS[0]}2023年", 1)
            .replace("认真贯彻落实《信访工作条例》", f"认真贯彻落实《信访工作条例》和《{XSS_PAYLOADS[0]}条例》")
            .replace("开展业务培训4期", f"开展“{XSS_PAYLOADS[3]}”专项行动，开展{XSS_PAYLOADS[1]}培训4期")
            .replace("化解信访积案35件", f"化解{XSS_PAYLOADS[2]}信访积案35件"))


@pytest.fixture(scope="session")
def examples_graph():
    """The networkx graph of the bundled example reports, made by the real builder."""
    from kg import build

    return build(REPO / "examples").nx


@pytest.fixture(scope="session")
def hostile_corpus(tmp_path_factory, sample_report_text) -> Path:
    """A folder with one report whose title, regulation, campaign, figure, sentences and file name carry markup."""
    d = tmp_path_factory.mktemp("hostile")
    (d / f"宁阳{XSS_PAYLOADS[3]}.txt").write_text(hostile_report(sample_report_text), encoding="utf-8")
    return d


@pytest.fixture(scope="session")
def hostile_graph(hostile_corpus):
    """The graph the real builder makes of `hostile_corpus`: report text is untrusted and reaches every view."""
    from kg import build

    return build(hostile_corpus).nx


@pytest.fixture(scope="session")
def large_graph(tmp_path_factory):
    """The graph of 170 generated reports (as the benchmark makes them: real county places, paragraphs of the
    bundled examples), over 5,000 nodes: for views at scale."""
    from kg import build

    sys.path.insert(0, str(REPO / "bench"))
    from make_corpus import make

    d = tmp_path_factory.mktemp("large")
    make(d, 170, seed=5)
    G = build(d, workers=1, keep_extractions=False).nx
    assert len(G) > 5000
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


# Two more made-up reports for the dataset's dates. 莱城区 became 莱芜区 of 济南市 (with a new code) at the end of
# 2018: a 2018 report names the division as it was then. It cites 《信访条例》 (in force until 2022-05-01) and
# 《中华人民共和国行政监察法》 (repealed 2018-03-20, so in force for part of 2018). A 2023 report of 长丰县 still cites
# 《信访条例》, a year after it ceased to have effect.
LAICHENG_2018 = """\
莱城区信访局关于2018年法治政府建设情况的报告

区委、区政府：
2018年，我局认真贯彻落实《信访条例》和《中华人民共和国行政监察法》，推进信访事项依法分类处理。现将有关情况报告如下。
一、加强学习
局党组专题学习《信访条例》4次。
二、规范办理
全年受理信访事项760件，按期办结率98%。
"""

CHANGFENG_2023 = """\
长丰县信访局关于2023年法治政府建设情况的报告

县委、县政府：
2023年，我局认真贯彻落实《信访工作条例》，推进信访工作法治化。个别乡镇的工作制度仍援引《信访条例》，已督促修订。
一、规范办理
全年受理信访事项1050件，按期办结率100%。
"""


@pytest.fixture(scope="session")
def dated_corpus(tmp_path_factory, query_corpus) -> Path:
    """`query_corpus` plus LAICHENG_2018 and CHANGFENG_2023: six reports, 2018–2024, one of a division that has
    changed since, one citing a regulation repealed the year before."""
    import shutil

    d = tmp_path_factory.mktemp("dated_corpus")
    for f in sorted(query_corpus.glob("*.txt")):
        shutil.copy(f, d / f.name)
    (d / "laicheng_2018.txt").write_text(LAICHENG_2018, encoding="utf-8")
    (d / "changfeng_2023.txt").write_text(CHANGFENG_2023, encoding="utf-8")
    return d


@pytest.fixture(scope="session")
def dated_build(dated_corpus):
    """`kg.build` of `dated_corpus` (a BuildResult, extractions kept)."""
    from kg import build

    return build(dated_corpus)


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
