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


def _iri(kind: str, key: str) -> URIRef:
    assert kind in ID_KINDS, kind
    return URIRef(f"{ID}{kind}/{_segment(key)}")


def report(report_id: str) -> URIRef:
    return _iri("report", report_id)


def report_graph(report_id: str) -> URIRef:
    return _iri("graph", report_id)


def division(code: str) -> URIRef:
    return _iri("division", code)


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


def mention(report_id: str, start: int, end: int) -> URIRef:
    """The evidence node of the span start:end of a report."""
    return _iri("evidence", f"{report_id}-{start}-{end}")


def selector(report_id: str, start: int, end: int, kind: str) -> URIRef:
    """A Web Annotation selector of that span: kind is "position" or "quote"."""
    return URIRef(f"{mention(report_id, start, end)}-{kind}")


def evidence_iris(report_id: str, start: int, end: int) -> tuple[str, str, str]:
    """The evidence node of a span and its position and quote selectors, as strings (the converter makes
    hundreds per report: one `mention` and two suffixes, the same IRIs as `mention` and `selector`)."""
    iri = str(mention(report_id, start, end))
    return iri, f"{iri}-position", f"{iri}-quote"


def summary_graph() -> URIRef:
    """The named graph of the summaries a store derives from the report graphs (never a report's id: those are
    hex digests)."""
    return _iri("graph", "summary")


def citation_summary(regulation_iri: str, region_iri: str) -> URIRef:
    """The summary of every citation of one regulation by reports about one county."""
    return _iri("summary", _hash(regulation_iri, region_iri))


def figures_dataset() -> URIRef:
    """The one qb:DataSet every reported figure belongs to."""
    return _iri("dataset", "figures")


def campaign_scheme() -> URIRef:
    """The SKOS concept scheme of campaigns."""
    return _iri("scheme", "campaigns")


