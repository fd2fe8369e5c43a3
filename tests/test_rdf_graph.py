"""The RDF graph: golden Turtle, round trips through every export, stable IRIs, merging, SHACL, the ontology."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import FOAF, RDF, RDFS, SKOS

from kg.rdf import mint
from kg.rdf.dataset import EXPORTS
from kg.rdf.namespaces import ELI, KG, PREFIXES, SH
from kg.rdf.ontology import rdflib_graph
from kg.rdf.validate import validate_graph

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden"
RDFLIB_FORMAT = {"graph.ttl": "turtle", "graph.nt": "nt", "graph.jsonld": "json-ld", "graph.trig": "trig",
                 "graph.nq": "nquads"}


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory, sample_report_text):
    from kg import build

    d = tmp_path_factory.mktemp("sample")
    (d / "宁阳县2023.txt").write_text(sample_report_text, encoding="utf-8")
    return build(d)


def test_turtle_of_the_sample_report_matches_the_golden_file(sample_build):
    """Set KG_UPDATE_GOLDEN=1 to rewrite the golden file after a reviewed change."""
    turtle = sample_build.dataset.serialize(ox.RdfFormat.TURTLE).decode("utf-8")
    golden = GOLDEN / "sample_report.ttl"
    if os.environ.get("KG_UPDATE_GOLDEN"):
        golden.write_text(turtle, encoding="utf-8")
    assert turtle == golden.read_text(encoding="utf-8")


def test_trig_of_the_sample_report_matches_the_golden_file(sample_build):
    """The dataset's shape, as a reader sees it: the entities graph, the report's graph, the default graph.
    Set KG_UPDATE_GOLDEN=1 to rewrite the golden file after a reviewed change."""
    trig = sample_build.dataset.serialize(ox.RdfFormat.TRIG).decode("utf-8")
    golden = GOLDEN / "sample_report.trig"
    if os.environ.get("KG_UPDATE_GOLDEN"):
        golden.write_text(trig, encoding="utf-8")
    assert trig == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("export", EXPORTS, ids=lambda e: e.filename)
def test_every_export_round_trips_to_the_same_graph(query_build, export):
    data = query_build.dataset.serialize(export.format, export.merged)
    fmt = RDFLIB_FORMAT[export.filename]
    if export.merged:
        expected = query_build.dataset.rdflib_graph()
        parsed = Graph().parse(data=data, format=fmt)
        assert len(parsed) == len(expected) > 500
        assert isomorphic(parsed, expected)
    else:
        expected = query_build.dataset.rdflib_dataset()
        parsed = Dataset()
        parsed.parse(data=data, format=fmt)
        names = {c.identifier for c in expected.graphs()}
        assert {c.identifier for c in parsed.graphs()} == names
        for name in names:
            assert isomorphic(parsed.graph(name), expected.graph(name)), name
    # and pyoxigraph reads back exactly the statements that were written
    back = set(ox.parse(data, format=export.format))
    if export.merged:
        assert {q.triple for q in back} == set(query_build.dataset.triples)
    else:
        assert back == set(query_build.dataset.quads)


@pytest.mark.parametrize("export", EXPORTS, ids=lambda e: e.filename)
def test_export_file_is_the_serialization_alone(query_build, export):
    """What a build writes for a format (streamed from the shards, or made in memory) is the dataset's serialization
    in that format, byte for byte, and nothing of the other formats."""
    [(name, content)] = query_build.dataset.exports(formats=(export.name,)).items()
    data = content.read_bytes() if isinstance(content, Path) else content
    assert name == export.filename and data == query_build.dataset.serialize(export.format, export.merged)


def test_outputs_are_byte_identical_across_runs_and_hash_seeds(tmp_path, query_corpus):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        res = subprocess.run([sys.executable, "-m", "kg", "build", str(query_corpus), "-o", str(out), "-f", "all"],
                             capture_output=True, text=True, env=env, timeout=300)
        assert res.returncode == 0, res.stderr
        # every output file; the store (a database, loaded from the same N-Quads) and the cache are not exports
        outputs.append({p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*"))
                        if p.is_file() and p.relative_to(out).parts[0] not in ("store", ".kg-cache")})
    assert outputs[0].keys() == outputs[1].keys()
    assert {e.filename for e in EXPORTS} | {"graph.graphml", "graph.gexf"} <= {str(k) for k in outputs[0]}
    for name in outputs[0]:
        assert outputs[0][name] == outputs[1][name], f"{name} differs between runs"


@pytest.mark.parametrize("make, key, expected", [
    (mint.division, "370921", "division/370921"),
    (mint.regulation, "信访工作条例", "regulation/信访工作条例"),
    (mint.organization, "宁阳县信访局", "body/宁阳县信访局"),
    (mint.campaign, "信访工作法治化宣传月", "campaign/信访工作法治化宣传月"),
    (mint.regulation, "法治政府建设实施纲要（2021—2025年）", "regulation/法治政府建设实施纲要%EF%BC%882021%E2%80%942025年%EF%BC%89"),
    (mint.organization, "a b/c?d#e", "body/a%20b%2Fc%3Fd%23e"),
])
def test_iris_are_minted_from_canonical_keys(make, key, expected):
    assert str(make(key)) == f"https://w3id.org/kg-zh/id/{expected}"
    assert make(key) == make(key)


def test_an_official_is_one_person_only_when_name_and_organisation_agree():
    assert mint.official("张明", "平阴县信访局", "r1") == mint.official("张明", "平阴县信访局", "r2")
    assert mint.official("张明", "平阴县信访局") != mint.official("张明", "长丰县信访局")
    assert mint.official("张明", None, "r1") != mint.official("张明", None, "r2")


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=40))
def test_any_text_gives_a_valid_iri(text):
    iri = str(mint.organization(text))
    ox.NamedNode(iri)  # raises on an invalid IRI
    assert not any(c in iri for c in ' <>"{}|\\^`') and str(mint.organization(text)) == iri


@pytest.mark.parametrize("start,end", [(0, 1), (17, 42), (1234, 1240)])
def test_a_span_is_its_report_with_an_rfc_5147_fragment(start, end):
    rid = "0123456789abcdef"
    assert str(mint.span(rid, start, end)) == f"{mint.report(rid)}#char={start},{end}"
    ox.NamedNode(str(mint.span(rid, start, end)))  # a valid IRI


@pytest.mark.parametrize("code, name, expected", [
    ("371324", "苍山县", "division/371324-苍山县"),   # the code 兰陵县 bears now: never the current division's IRI
    ("371202", "莱城区", "division/371202-莱城区"),
])
def test_a_former_division_has_an_iri_of_its_own(code, name, expected):
    assert str(mint.former_division(code, name)) == f"https://w3id.org/kg-zh/id/{expected}"
    assert mint.former_division(code, name) != mint.division(code)


def test_the_same_county_regulation_and_body_across_reports_is_one_node(query_build):
    g = query_build.graph
    pingyin = URIRef(mint.division("370124"))
    reports = set(g.subjects(KG.aboutRegion, pingyin))
    assert len(reports) == 2  # 2021 and 2023
    tiaoli = URIRef(mint.regulation("信访工作条例"))
    assert len(set(g.subjects(KG.cites, tiaoli))) == 3
    assert len(list(g.objects(tiaoli, ELI.title))) == 1
    assert len(set(g.subjects(FOAF.name, Literal("张明", lang="zh")))) == 1


@pytest.mark.parametrize("sentence, value, approximate", [
    ("全年共接待群众1万余人次。", 10000, True),
    ("发放宣传资料约300份。", 300, True),
    ("受理信访事项980件。", 980, False),
])
def test_a_figure_given_as_a_round_number_is_marked_approximate(tmp_path, sentence, value, approximate):
    from kg import build

    (tmp_path / "r.txt").write_text(f"平阴县信访局关于2021年法治政府建设情况的报告\n2021年，{sentence}\n", encoding="utf-8")
    g = build(tmp_path).graph
    figures = {float(v): fig for fig, v in g.subject_objects(URIRef("http://purl.org/linked-data/sdmx/2009/measure#obsValue"))}
    assert float(value) in figures
    marked = set(g.objects(figures[float(value)], KG.approximate))
    assert marked == ({Literal(True)} if approximate else set())


def test_each_report_keeps_what_it_said_in_a_named_graph_of_its_own(query_build):
    ds = query_build.dataset
    reports = query_build.run.extractions
    assert len(ds.graph_names()) == len(reports) + 1 == 5  # and the entities graph
    merged = set(ds.triples)
    by_graph: dict[str, set] = {}
    for q in ds.quads:
        if not isinstance(q.graph_name, ox.DefaultGraph):
            by_graph.setdefault(q.graph_name.value, set()).add(q.triple)
    entities = by_graph[str(mint.entities_graph())]
    for ex in reports:
        own = by_graph[str(mint.report_graph(ex.report.id))]
        cited = {t.object for t in own if t.predicate.value == str(KG.citedRegulation)}
        titles = {t.object.value for t in entities if t.predicate.value == str(ELI.title) and t.subject in cited}
        assert {r.title for r in ex.regulations} == titles
    assert set().union(*by_graph.values()) <= merged


def test_a_built_graph_conforms_to_the_shapes(query_build):
    report = validate_graph(query_build.graph)
    assert report.conforms, report.violations
    assert report.violations == []


def _break(kind: str):
    def brk(g: Graph):
        if kind == "citation without evidence":
            cit = next(g.subjects(RDF.type, KG.Citation))
            g.remove((cit, KG.evidence, None))
        elif kind == "person without a post":
            g.add((URIRef(mint.official("某人", None, "x")), RDF.type, FOAF.Person))
            g.add((URIRef(mint.official("某人", None, "x")), FOAF.name, Literal("某人", lang="zh")))
        elif kind == "title in book-title marks":
            reg = next(g.subjects(RDF.type, ELI.LegalResource))
            g.set((reg, ELI.title, Literal("《信访工作条例》", lang="zh")))
        elif kind == "bad division code":
            div = next(g.subjects(RDF.type, KG.AdministrativeDivision))
            g.set((div, KG.divisionCode, Literal("37")))
        elif kind == "span without its sentence":
            cit = next(g.subjects(RDF.type, KG.Citation))
            g.remove((next(g.objects(cit, KG.evidence)), KG.inSentence, None))
        elif kind == "repealed but in force":
            reg = next(g.subjects(RDF.type, ELI.LegalResource))
            g.add((reg, ELI.date_no_longer_in_force, Literal("2022-05-01", datatype=URIRef(
                "http://www.w3.org/2001/XMLSchema#date"))))
            g.set((reg, URIRef("https://schema.org/legislationLegalForce"), URIRef("https://schema.org/InForce")))
        elif kind == "report with two years":
            rep = next(g.subjects(RDF.type, KG.Report))
            g.add((rep, KG.year, Literal("1999", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear"))))
    return brk


@pytest.mark.parametrize("kind, path", [
    ("citation without evidence", "kg:evidence"),
    ("person without a post", "org:holds"),
    ("title in book-title marks", "eli:title"),
    ("bad division code", "kg:divisionCode"),
    ("report with two years", "kg:year"),
    ("span without its sentence", "kg:inSentence"),
    ("repealed but in force", "schema:legislationLegalForce"),
])
def test_shapes_catch_a_broken_graph(sample_build, kind, path):
    g = sample_build.graph
    _break(kind)(g)
    report = validate_graph(g)
    assert not report.conforms
    assert path in {v.path for v in report.violations}


def test_every_term_the_data_uses_is_declared_or_reused(query_build):
    ontology = rdflib_graph("kg.ttl")
    g = query_build.graph
    used = set(g.predicates()) | set(g.objects(None, RDF.type))
    reused = [str(ns) for p, ns in PREFIXES.items() if p not in ("kg", "kgid")]
    for term in used:
        if str(term).startswith(str(KG)):
            labels = {lit.language for lit in ontology.objects(term, RDFS.label)}
            assert {"zh", "en"} <= labels, f"{term} lacks a Chinese or English label in ontology/kg.ttl"
            assert (term, RDF.type, None) in ontology, f"{term} is not declared in ontology/kg.ttl"
        else:
            assert any(str(term).startswith(ns) for ns in reused), term


def test_every_class_in_the_data_has_a_shape(query_build):
    shapes = rdflib_graph("shapes.ttl")
    targets = set(shapes.objects(None, SH.targetClass))
    classes = set(query_build.graph.objects(None, RDF.type)) - {SKOS.ConceptScheme, URIRef(str(PREFIXES["qb"]) + "DataSet")}
    assert KG.Sentence in classes
    assert classes <= targets, classes - targets


def test_the_ontology_reference_is_up_to_date():
    from kg.rdf.reference import markdown

    assert (REPO / "ontology" / "REFERENCE.md").read_text(encoding="utf-8") == markdown(), \
        "run `python scripts/ontology_reference.py` to regenerate ontology/REFERENCE.md"


@pytest.mark.parametrize("name, reader", [("graph.graphml", "read_graphml"), ("graph.gexf", "read_gexf")])
def test_networkx_exports_read_back_with_every_node(query_build, tmp_path, name, reader):
    import networkx as nx

    from kg.graph import exports

    path = tmp_path / name
    path.write_bytes(exports(query_build.nx, formats=("graphml", "gexf"))[name])
    H = getattr(nx, reader)(path)
    assert H.number_of_nodes() == query_build.nx.number_of_nodes()
    assert H.number_of_edges() == query_build.nx.number_of_edges()


def test_the_node_link_json_is_networkx_s_own_of_the_graph_sorted_and_reads_back_the_same(query_build, tmp_path):
    """The JSON is written record by record (never a copy of the whole graph): the bytes json.dumps gives for
    networkx's node_link_data of a copy with sorted nodes and edges, and `from_json` reads back the graph."""
    import json

    import networkx as nx

    from kg.graph import NETWORKX_FILE, exports, from_json, to_json

    G = query_build.nx

    def plain(v):
        return sorted(v, key=str) if isinstance(v, (set, frozenset)) else \
            [plain(x) for x in v] if isinstance(v, (list, tuple)) else v

    H = nx.MultiDiGraph()
    H.add_nodes_from((n, {k: plain(v) for k, v in d.items()}) for n, d in sorted(G.nodes(data=True)))
    H.add_edges_from(sorted(((u, v, k, {a: plain(x) for a, x in d.items()})
                             for u, v, k, d in G.edges(keys=True, data=True)), key=lambda e: e[:3]))
    expected = json.dumps(nx.node_link_data(H, edges="edges"), ensure_ascii=False, sort_keys=True,
                          separators=(",", ":")) + "\n"
    assert to_json(G) == expected.encode("utf-8")
    written = exports(G, directory=tmp_path)[NETWORKX_FILE]
    assert written == tmp_path / NETWORKX_FILE and written.read_bytes() == to_json(G)
    back = from_json(written.read_bytes())
    assert nx.utils.graphs_equal(back, G) and dict(back.nodes(data=True)) == dict(G.nodes(data=True))


def test_networkx_states_a_fact_about_entities_once_and_a_report_s_statement_per_report(query_build):
    """A division's parent, a body's jurisdiction, an official's post: one edge however many reports name them
    (as the entities graph states them once); a citation, a campaign, a figure: one edge per report."""
    from collections import Counter

    G = query_build.nx
    per_pair = Counter((u, v, repr(sorted(d.items()))) for u, v, d in G.edges(data=True) if "report" not in d)
    predicates = {d["predicate"] for _, _, d in G.edges(data=True) if "report" not in d}
    assert predicates >= {"partOf", "jurisdiction"}
    assert set(per_pair.values()) == {1}
    # 平阴县 is part of 济南市 in each of its two reports, and stated so once
    pingyin = [u for u, d in G.nodes(data=True) if d.get("label") == "平阴县"]
    reports = [u for u, v, d in G.edges(data=True) if v in pingyin and d["predicate"] == "aboutRegion"]
    assert len(reports) == 2
    assert sum(1 for u, _, d in G.edges(data=True) if u in pingyin and d["predicate"] == "partOf") == 1
    cites = Counter(v for _, v, d in G.edges(data=True) if d["predicate"] == "cites")
    assert max(cites.values()) > 1


def test_analytics_rank_the_most_cited_regulation_first(query_build):
    from kg.graph import degree_centrality, most_cited_regulations, similar_counties

    assert most_cited_regulations(query_build.nx)[0] == ("信访工作条例", 3)
    assert degree_centrality(query_build.nx, kind="regulation")[0][0] == "信访工作条例"
    pairs = similar_counties(query_build.nx)
    assert pairs and all(0 < score <= 1 for _, _, score in pairs)
