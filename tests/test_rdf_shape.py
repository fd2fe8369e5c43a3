"""The dataset's shape: shared entities described once in kgid:graph/entities, each report's graph holding only what
the report said, sentences as one node each, and the union of the graphs counting every fact once."""
from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest

from kg.rdf import mint
from kg.rdf.namespaces import OX
from kg.rdf.query import run

ENTITIES = ox.NamedNode(str(mint.entities_graph()))

# The README's example, as a user types it (prefixes predeclared).
COUNT_PER_REGULATION = ("SELECT ?title (COUNT(?c) AS ?n) WHERE { ?c kg:citedRegulation/eli:title ?title } "
                        "GROUP BY ?title ORDER BY DESC(?n)")
# The second example of the README and REFERENCE.md: how many counties reported, year by year.
COUNTIES_PER_YEAR = ("SELECT ?year (COUNT(DISTINCT ?county) AS ?counties) (COUNT(?report) AS ?reports) "
                     "WHERE { ?report a kg:Report ; kg:year ?year ; kg:aboutRegion ?county } "
                     "GROUP BY ?year ORDER BY ?year")
REPORTS_PER_COUNTY = ("SELECT ?county (COUNT(?report) AS ?reports) "
                      "WHERE { ?report kg:aboutRegion ?county } GROUP BY ?county")


@pytest.fixture(scope="module")
def store(dated_build):
    return dated_build.dataset.store()


def _values(result) -> list[tuple]:
    return [tuple(result.display(t) for t in row) for row in result.rows]


def _citations_per_title(extractions) -> Counter:
    return Counter(r.title for ex in extractions for r in ex.regulations)


def test_shape_count_per_regulation_gives_the_citations_extract_finds(store, dated_build):
    counted = {title: int(n) for title, n in _values(run(store, COUNT_PER_REGULATION))}
    expected = _citations_per_title(dated_build.run.extractions)
    assert counted == dict(expected) and expected["信访条例"] == 3


def test_shape_count_per_regulation_on_the_shared_texts(require_shared):
    from kg import build

    corpus = require_shared / "corpus"
    result = build([corpus / name for name in ("seeds", "dev", "dev2", "unlabeled")])
    counted = {t: int(n) for t, n in _values(run(result.dataset.store(), COUNT_PER_REGULATION))}
    assert counted == dict(_citations_per_title(result.run.extractions)) and len(counted) > 20


def test_shape_group_by_county_gives_each_countys_number_of_reports(store, dated_build):
    counted = {county: int(n) for county, n in _values(run(store, REPORTS_PER_COUNTY))}
    from kg.resolve.gazetteer import gazetteer

    gaz = gazetteer()  # a report names its division as it was (莱城区 in 2018); the graph counts it as it is now
    now = {ex.meta.region: [d.name for d in gaz.successors(gaz.get(ex.meta.region_code, ex.meta.region_level))]
           for ex in dated_build.run.extractions if ex.meta.region}
    expected = Counter(now[ex.meta.region][0] for ex in dated_build.run.extractions if ex.meta.region)
    assert now["莱城区"] == ["莱芜区"]
    assert counted == dict(expected) == {"平阴县": 2, "长丰县": 2, "南岸区": 1, "莱芜区": 1}


def test_shape_counties_per_year_counts_each_report_once(store, dated_build):
    rows = _values(run(store, COUNTIES_PER_YEAR))
    per_year = Counter(ex.meta.year for ex in dated_build.run.extractions if ex.meta.region)
    assert [(int(y), int(r)) for y, _, r in rows] == sorted(per_year.items())
    assert ("2023", "2", "2") in rows  # 平阴县 and 长丰县


def test_shape_every_shared_entity_is_described_in_the_entities_graph_only(store):
    """Labels, kinds, titles, dates, posts, who runs what: once, in the entities graph; no report graph repeats
    them."""
    shared = [OX.rdfs.label, OX.eli.title, OX.org.classification, OX.kg.divisionCode, OX.org.holds, OX.org.postIn,
              OX.kg.runs, OX.skos.prefLabel, OX.eli.date_no_longer_in_force]
    own = {q.subject for cls in (OX.kg.Report, OX.qb.Observation)  # a report's and a figure's label: what it said
           for q in store.quads_for_pattern(None, OX.rdf.type, cls, None)}
    own |= {g for g in store.named_graphs()}  # what a graph is, said in the default graph
    for prop in shared:
        elsewhere = [q for q in store.quads_for_pattern(None, prop, None, None)
                     if q.graph_name != ENTITIES and q.subject not in own]
        assert not elsewhere, (prop, elsewhere[:3])
    triples = Counter((q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, None)
                      if not isinstance(q.graph_name, ox.DefaultGraph))
    assert [t for t, n in triples.items() if n > 1] == []  # the union is a set: no statement in two graphs


def test_shape_a_report_graph_holds_what_the_report_said(store, dated_build):
    ex = next(e for e in dated_build.run.extractions if e.report.file == "laicheng_2018.txt")
    graph = ox.NamedNode(str(mint.report_graph(ex.report.id)))
    kinds = Counter(q.object.value.rsplit("#", 1)[-1] for q in store.quads_for_pattern(None, OX.rdf.type, None, graph))
    assert kinds["Report"] == 1 and kinds["Citation"] == len(ex.regulations) == 2 and kinds["Sentence"] >= 3
    assert kinds["Observation"] == len(ex.metrics) >= 2
    assert not kinds.keys() & {"LegalResource", "Organization", "AdministrativeDivision", "Person", "Campaign"}


def test_shape_each_sentence_is_one_node_that_every_span_in_it_points_at(store, dated_build):
    for ex in dated_build.run.extractions:
        graph = ox.NamedNode(str(mint.report_graph(ex.report.id)))
        sentences = {q.subject for q in store.quads_for_pattern(None, OX.rdf.type, OX.kg.Sentence, graph)}
        texts = [q.object.value for q in store.quads_for_pattern(None, OX.rdf.value, None, graph)]
        assert len(texts) == len(sentences) and sentences
        spans = list(store.quads_for_pattern(None, OX.kg.inSentence, None, graph))
        assert {q.object for q in spans} == sentences and len(spans) >= len(sentences)
        text = ex.report.text
        for q in store.quads_for_pattern(None, OX.rdf.value, None, graph):
            start, end = map(int, q.subject.value.rsplit("#char=", 1)[1].split(","))
            assert text[start:end] == q.object.value
        for q in spans:  # a span lies inside its sentence: RFC 5147 offsets into the same text
            s, e = map(int, q.subject.value.rsplit("#char=", 1)[1].split(","))
            ss, se = map(int, q.object.value.rsplit("#char=", 1)[1].split(","))
            assert ss <= s < e <= se and q.subject.value.startswith(str(mint.report(ex.report.id)) + "#char=")


def test_shape_a_division_says_its_code_in_the_reports_year_and_now(store):
    rows = _values(run(store, """
        SELECT ?now ?codeNow ?then ?codeThen ?until WHERE {
          ?r kg:aboutRegion ?now ; kg:regionInYear ?then ; kg:year "2018"^^xsd:gYear .
          ?now kg:divisionCode ?codeNow . ?then kg:divisionCode ?codeThen ; dcterms:isReplacedBy ?now ;
               kg:validUntil ?until }"""))
    assert rows == [("莱芜区", "370116", "莱城区", "371202", "2018-12-26")]
    same = _values(run(store, "SELECT ?r WHERE { ?r kg:regionInYear ?d ; kg:aboutRegion ?d }"))
    assert len(same) == 5  # the other reports' divisions have not changed since


@pytest.mark.parametrize("title, date, replaced_by", [
    ("信访条例", "2022-05-01", "信访工作条例"),
    ("中华人民共和国行政监察法", "2018-03-20", "中华人民共和国监察法"),
])
def test_shape_a_repealed_regulation_has_its_date_and_replacement(store, title, date, replaced_by):
    rows = _values(run(store, f"""
        SELECT ?on ?by ?force WHERE {{ ?reg eli:title "{title}"@zh ; eli:date_no_longer_in_force ?on ;
          dcterms:isReplacedBy ?by ; eli:repealed_by ?by ; schema:legislationLegalForce ?force }}"""))
    assert rows == [(date, replaced_by, "schema:NotInForce")]


def test_shape_registry_dates_are_typed_and_paired_with_their_bodies(store):
    from kg.resolve.regulations import registry

    entry = registry().lookup("中华人民共和国行政复议法")
    rows = _values(run(store, """
        SELECT ?adopted ?by ?amended ?amendedBy WHERE { ?reg eli:title "中华人民共和国行政复议法"@zh ;
          eli:date_document ?adopted ; eli:passed_by ?by .
          OPTIONAL { ?reg eli:version_date ?amended ; kg:lastAmendedBy ?amendedBy } }"""))
    expected = (entry.first_adopted.isoformat(), entry.first_adopted_by,
                entry.last_amended.isoformat() if entry.last_amended else "", entry.last_amended_by)
    assert rows == [expected]


@pytest.mark.parametrize("kind, concept", [("supervisory", "kg:SupervisoryBody"), ("military", "kg:MilitaryBody")])
def test_shape_every_kind_of_body_has_a_concept_and_a_shape(kind, concept):
    from kg.rdf.convert import concept as concept_of
    from kg.rdf.namespaces import compact
    from kg.rdf.ontology import read

    assert compact(concept_of("OrganizationKinds", kind)[1:-1]) == concept
    assert concept in read("shapes.ttl")


def test_shape_every_body_kind_in_the_data_has_a_concept():
    from kg import data
    from kg.rdf.convert import concept

    kinds = {r["kind"] for r in data.table("org_bodies.tsv")} | {r["kind"] for r in data.table("national_bodies.tsv")}
    assert {k for k in kinds if concept("OrganizationKinds", k) is None} == set()


def test_shape_the_dataset_spools_entity_lines_once_and_sorts_them_on_disk(dated_build, tmp_path):
    """Every report brings its entity lines; the dataset keeps the first of each and sorts them, in runs merged
    from disk when they exceed the run size: the same file either way."""
    from kg.rdf.convert import report_nquads
    from kg.rdf.dataset import KGDataset, sort_lines
    from kg.resolve.report import resolve_report

    parts = [report_nquads(resolve_report(ex)) for ex in dated_build.run.extractions]
    ds = KGDataset(tmp_path / "a")
    for named, shared in parts + parts:  # every report twice: nothing doubles
        ds.add(named, shared)
    ds.close()
    entities = (tmp_path / "a" / "entities.nq").read_bytes()
    lines = entities.splitlines(keepends=True)
    assert lines == sorted(set(lines)) and ds.entity_quads == len(lines)
    assert entities == (dated_build.dataset.directory / "entities.nq").read_bytes()
    spool = tmp_path / "spool"
    spool.write_bytes(b"".join(reversed(lines)))
    sort_lines(spool, tmp_path / "sorted", tmp_path, run_bytes=2000)  # many runs
    assert (tmp_path / "sorted").read_bytes() == entities and not list(tmp_path.glob("entities.run*"))


def test_shape_quads_per_report_are_fewer_than_before(dated_build):
    """kg 0.2 wrote 380 quads per report of this corpus (10 per evidence span, each sentence's text in every span,
    every entity restated in every report), 467 kB of N-Quads; this shape writes 219 (262 kB). Measured, with a
    margin for extraction finding a little more."""
    ds = dated_build.dataset
    assert ds.nquads().count(b"\n") / ds.reports < 250 and len(ds.nquads()) < 330_000
