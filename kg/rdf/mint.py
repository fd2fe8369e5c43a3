"""IRIs for kg's resources, minted here and nowhere else: stable across runs and machines.

Regions by GB/T 2260 code, regulations by canonical title, organisations by canonical name,
reports by content hash, officials by name and organisation. Chinese text stays readable in the IRI;
every other character outside the unreserved set is percent-encoded, so any text gives a valid IRI.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote

from rdflib import URIRef

from .namespaces import ID, ID_KINDS


_KEEP = re.compile(r"[\w\u4e00-\u9fff.~-]+")  # letters, digits, CJK and the unreserved marks stay as they are


@lru_cache(maxsize=1 << 16)
def _segment(text: str) -> str:
    text = unicodedata.normalize("NFC", text.strip())
    if _KEEP.fullmatch(text):
        return text
    out, pos = [], 0
    for m in _KEEP.finditer(text):
        out.append(quote(text[pos:m.start()], safe=""))
        out.append(m.group())
        pos = m.end()
    out.append(quote(text[pos:], safe=""))
    return "".join(out) or "_"


@lru_cache(maxsize=1 << 16)
def _iri(kind: str, key: str) -> URIRef:
    assert kind in ID_KINDS, kind
    return URIRef(f"{ID}{kind}/{_segment(key)}")


def report(report_id: str) -> URIRef:
    return _iri("report", report_id)


def report_graph(report_id: str) -> URIRef:
    return _iri("graph", report_id)


def division(code: str) -> URIRef:
    """A division as it is now, by its current GB/T 2260 code."""
    return _iri("division", code)


def former_division(code: str, name: str) -> URIRef:
    """A division as it was before a change (a former name or code): by the code and name it bore then, never
    the IRI of a current division (苍山县 bore 371324 before it became 兰陵县, which bears it now)."""
    return _iri("division", f"{code}-{name}")


def organization(name: str) -> URIRef:
    return _iri("body", name)


def regulation(title: str) -> URIRef:
    return _iri("regulation", title)


def campaign(name: str) -> URIRef:
    return _iri("campaign", name)


def official(name: str, organization_name: str | None, report_id: str | None = None) -> URIRef:
    """An official is one person only when name and organisation agree; without an organisation,
    the person is kept apart per report."""
    key = f"{name}@{organization_name}" if organization_name else f"{name}@{report_id}"
    return _iri("person", key)


def post(title: str, organization_name: str | None) -> URIRef:
    return _iri("post", f"{organization_name or ''}{title}")


def _hash(*parts) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def citation(report_id: str, regulation_title: str) -> URIRef:
    return _iri("citation", _hash(report_id, regulation_title))


def observation(report_id: str, index: int, name: str, value, unit: str) -> URIRef:
    return _iri("figure", _hash(report_id, index, name, value, unit))


def span(report_id: str, start: int, end: int) -> URIRef:
    """The characters start:end of a report's text: the report's IRI with an RFC 5147 fragment (`#char=s,e`).
    Evidence spans and sentences are both named so."""
    return URIRef(f"{report(report_id)}#char={start},{end}")


def entities_graph() -> URIRef:
    """The one named graph describing the entities reports share (divisions, bodies, regulations, campaigns,
    officials and posts), once for the whole dataset (never a report's id: those are hex digests)."""
    return _iri("graph", "entities")


def summary_graph() -> URIRef:
    """The named graph of the summaries a store derives from the report graphs (never a report's id: those are
    hex digests)."""
    return _iri("graph", "summary")


def citation_summary(regulation_iri: str, region_iri: str) -> URIRef:
    """The summary of every citation of one regulation by reports about one county."""
    return _iri("summary", _hash(regulation_iri, region_iri))


def figures_dataset(report_id: str) -> URIRef:
    """The qb:DataSet of the figures one report states (its area, year and issuer are said once, of the data set,
    not of every figure: RDF Data Cube's attachment of components to the data set)."""
    return _iri("dataset", report_id)


def campaign_scheme() -> URIRef:
    """The SKOS concept scheme of campaigns."""
    return _iri("scheme", "campaigns")


