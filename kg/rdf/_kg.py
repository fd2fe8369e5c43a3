"""The kg ontology's terms as an rdflib DefinedNamespace: generated from ontology/kg.ttl by
scripts/generate_namespace.py; do not edit."""
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class KG(DefinedNamespace):
    """kg ontology of rule-of-law government reports."""

    _NS = Namespace("https://w3id.org/kg-zh/ontology#")
    _fail = True

    AdministrativeDivision: URIRef  # administrative division
    AdministrativeRegulation: URIRef
    BureauBody: URIRef
    Campaign: URIRef  # campaign
    Citation: URIRef  # citation
    CitationSummary: URIRef  # citation summary
    Constitution: URIRef
    CountyLevel: URIRef
    DepartmentalRule: URIRef
    DivisionLevel: URIRef  # division level
    DivisionLevels: URIRef  # division levels
    Evidence: URIRef  # evidence
    GovernmentBody: URIRef
    InternalBody: URIRef
    JudicialBody: URIRef
    JudicialInterpretation: URIRef
    Law: URIRef
    LegalLevel: URIRef  # legal level
    LegalLevels: URIRef  # legal levels
    LocalGovernmentRule: URIRef
    LocalRegulation: URIRef
    MilitaryBody: URIRef
    NationalBody: URIRef
    NormativeDocument: URIRef
    OfficeBody: URIRef
    OrganizationKind: URIRef  # kind of body
    OrganizationKinds: URIRef  # kinds of body
    PartyBody: URIRef
    PartyRegulation: URIRef
    PeopleBody: URIRef
    PrefectureLevel: URIRef
    ProvinceLevel: URIRef
    PublicInstitution: URIRef
    Report: URIRef  # report
    Sentence: URIRef  # sentence
    SupervisoryBody: URIRef
    aboutRegion: URIRef  # about region
    action: URIRef  # action
    approximate: URIRef  # approximate
    citedRegulation: URIRef  # cited regulation
    cites: URIRef  # cites
    citingReport: URIRef  # citing report
    contentHash: URIRef  # content hash
    divisionCode: URIRef  # division code
    divisionLevel: URIRef  # division level
    evidence: URIRef  # evidence
    figureStructure: URIRef  # structure of reported figures
    firstYear: URIRef  # first year
    inReport: URIRef  # in report
    inSentence: URIRef  # in sentence
    issuerAsWritten: URIRef  # issuer as written
    jurisdiction: URIRef  # jurisdiction
    lastAmendedBy: URIRef  # last amended by
    lastYear: URIRef  # last year
    legalLevel: URIRef  # legal level
    measureName: URIRef  # measure
    ofRegion: URIRef  # region summarised
    ofRegulation: URIRef  # regulation summarised
    partOf: URIRef  # part of
    refArea: URIRef  # reference area
    refPeriod: URIRef  # reference period
    regionInYear: URIRef  # region in the report's year
    reportCount: URIRef  # number of reports
    reportedBy: URIRef  # reported by
    runs: URIRef  # runs
    unit: URIRef  # unit
    validFrom: URIRef  # valid from
    validUntil: URIRef  # valid until
    writtenAs: URIRef  # written as
    year: URIRef  # year
