"""`kg_regulations`: regulations cited in a report — bracketed titles, known unbracketed ones, short references,
and unbracketed titles a body makes or follows (制定长春市法治政府建设工作要点)."""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .. import data
from ..model import Regulation
from ..resolve.regulations import classify, key, read_short_form, registry, tidy_title
from .doc import SpanIndex, evidence_for
from .titles import bracketed

# an unbracketed short form followed by these is an event or an idea, not the text (宪法宣传日, 宪法精神)
NOT_A_CITATION_AFTER = re.compile(r"^(?:日|宣传[日周月]|精神|宣誓|意识|观念|学习月|法律意识|法律至上|知识竞赛)")
ISSUER_JOIN = re.compile(r"^[、和与及]$")
SLOGAN = re.compile(r"“[^“”\n]{1,30}”")
_KEEP = object()  # add(): look the title up in the registry


@lru_cache(maxsize=None)
def _actions(table: str = "citation_actions.tsv") -> list[tuple[str, str]]:
    rows = data.table(table)
    return sorted(((r["verb"], r["action"]) for r in rows), key=lambda va: -len(va[0]))


@lru_cache(maxsize=None)
def _short_refs(name: str = "short_references.txt") -> frozenset[str]:
    return frozenset(data.lines(name))


@lru_cache(maxsize=None)
def _unbracketed(name: str = "unbracketed_titles.tsv") -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(title, generic, not_a_title): the shape of an unbracketed title after a verb, the words a title's stem may
    not consist of alone, and what a title may not contain (unbracketed_titles.tsv)."""
    rows = data.table(name)

    def alt(part):
        return "|".join(r["pattern"] for r in rows if r["part"] == part)

    verbs = "|".join(sorted((v for v, _ in _actions()), key=len, reverse=True))
    title = re.compile(rf"(?:{verbs})(?:了|好|实施|出台|印发|下发)*(?P<title>(?:{alt('stem')}){{2,44}}?"
                       rf"(?P<type>{alt('type')})(?:[（(][^（）()]{{1,14}}[)）])?)(?={alt('after')})")
    return title, re.compile(rf"^(?:{alt('generic')})*$"), re.compile(alt("not_in"))


def action_before(text: str, pos: int, table: str = "citation_actions.tsv") -> str | None:
    """The citing action: the nearest known verb in the clause before `pos`."""
    clause = re.split(r"[。；;！？\n，,]", text[max(0, pos - 24):pos])[-1]
    best, where = None, -1
    for verb, action in _actions(table):
        i = clause.rfind(verb)
        if i > where:
            best, where = action, i
    return best


@Language.factory(
    "kg_regulations",
    requires=["doc._.kg_text", "doc._.kg_norm", "doc._.kg_place", "doc._.kg_org_mentions"],
    assigns=["doc._.kg_titles", "doc._.kg_regulations"],
    default_config={"actions": "citation_actions.tsv", "short_references": "short_references.txt",
                    "unbracketed": "unbracketed_titles.tsv", "max_title": 120},
)
def make_regulations(nlp: Language, name: str, actions: str, short_references: str, unbracketed: str,
                     max_title: int):
    return RegulationExtractor(actions, short_references, max_title, unbracketed)


class RegulationExtractor:
    """Regulations the report cites: bracketed titles that classify as normative documents, unbracketed registry
    titles and short forms (a generic one, 八五普法规划, read in its context: the reporting place's own plan unless
    the text says the national one), short references (新《条例》) resolved to the full title they stand for, and
    unbracketed titles written after a verb that makes or follows them (制定…工作要点, 根据…工作要点)."""

    def __init__(self, actions: str = "citation_actions.tsv", short_references: str = "short_references.txt",
                 max_title: int = 120, unbracketed: str = "unbracketed_titles.tsv"):
        self.actions, self.short_references, self.max_title = actions, short_references, max_title
        self.unbracketed = unbracketed

    def __call__(self, doc: Doc) -> Doc:
        text, norm = doc._.kg_text, doc._.kg_norm
        reg = registry()
        found: dict[str, Regulation] = {}
        quote = evidence_for(doc)
        shorts = _ShortTargets(_short_refs(self.short_references))  # full titles, for short references
        titles = doc._.kg_titles = bracketed(norm, self.max_title)
        resolver = doc._.kg_place.resolver
        place = resolver.region.name if resolver.region is not None else None
        places = resolver.relative_places()
        org_ends = {}
        for m in doc._.kg_org_mentions:
            org_ends[m.end] = m.start

        def add(title, written, start, end, issuer=None, entry=_KEEP):
            if entry is _KEEP:
                entry = reg.lookup(title)
                if entry is not None and (key(title) == key(entry.title)
                                          or key(title) in {key(s) for s in entry.short_forms}):
                    title = entry.title  # a short form or a variant of the registry's title
            title = tidy_title(title)
            k = key(title)
            r = found.get(k)
            if r is None:
                r = found[k] = Regulation(title=title, issuer=issuer, written=written,
                                          level=entry.level if entry else None,
                                          status=entry.status if entry else None, in_registry=bool(entry),
                                          entry=entry)
                shorts.new(r)
            elif issuer and not r.issuer:
                r.issuer = issuer
            ev = quote(start, end)
            r.evidence.append(ev)
            act = action_before(norm, (start if not issuer else start - len(issuer)), self.actions)
            if act:
                r.actions.append((act, ev))
            shorts.cited(start, r)
            return r

        def add_form(form, written, start, end, issuer=None):
            """A registry title or short form; a generic short form is read in its context first."""
            reading = read_short_form(form, norm[max(0, start - 24):start], place, places, reg)
            if reading is not None and reading.scope == "local":
                return add(reading.title, written, start, end, issuer, entry=None)  # 谯城区“八五”普法规划
            return add(form, written, start, end, issuer)

        pending = []  # short references met before any full title of their type
        for t in titles:
            a, b = t.inner
            written = text[a:b].strip()
            inner = norm[a:b].strip()
            if not inner:
                continue
            bare = re.sub(r"^新", "", inner)
            if bare in _short_refs(self.short_references):
                target = shorts.resolve(bare, t.start)
                if target is None:
                    pending.append((bare, t))
                    continue
                ev = quote(t.start, t.end)
                target.evidence.append(ev)
                act = action_before(norm, t.start, self.actions)
                if act:
                    target.actions.append((act, ev))
                continue
            if classify(inner) != "regulation" or re.search(r"[_@#]|app|http|www|[（(]略[)）]", inner, re.I):
                continue  # an address, or a title a page redacted (《 (略) 会建设实施纲要》) and no longer names
            # a body before a nested title (〈睢县《信访工作条例》…〉) belongs to the outer title
            issuer = self._issuer_before(norm, text, t.start, org_ends, resolver) if t.depth == 0 else None
            add_form(inner, written, t.start, t.end, issuer)

        resolved = {}
        for bare, t in pending:  # 以新《条例》施行为契机 … 《信访工作条例》: the full title comes later
            target = shorts.resolve(bare, len(norm))
            if target is not None:
                target.evidence.append(quote(t.start, t.end))
                resolved[id(target)] = target
        for target in resolved.values():
            target.evidence.sort(key=lambda e: e.start)  # (one stable sort: as sorting after each one added)
        spans = [(t.start, t.end) for t in titles]
        in_title = SpanIndex(spans)  # (the registry's matches do not overlap: one never lies inside another)
        slogans = SpanIndex((q.start(), q.end()) for q in SLOGAN.finditer(norm))
        for s, e, form in reg.find(norm):
            if in_title.covers(s, e):
                continue
            if len(form) <= 4 and slogans.encloses(s, e):
                continue  # “美好生活·民法典相伴”, “宪法进万家”: a slogan that names the law is no citation of it
            if NOT_A_CITATION_AFTER.match(norm[e:e + 6]):
                continue
            if len(form) <= 3 and s > 0 and "\u4e00" <= norm[s - 1] <= "\u9fff" and norm[s - 1] not in \
                    "的和与及、了学习宣传贯彻落实执行实施依据按照根据遵守违反《":
                continue
            spans.append((s, e))
            add_form(form, text[s:e], s, e)
        for s, e, title in self._unbracketed_titles(norm, spans):
            add(title, text[s:e], s, e)
        doc._.kg_regulations = sorted(found.values(), key=lambda r: r.evidence[0].start)
        return doc

    def _unbracketed_titles(self, norm: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
        """Titles written without 《》 right after a verb that makes or follows a document (制定长春市法治政府建设
        工作要点, 建立了红谷滩区法治督察约谈、挂牌督办、通报批评规定, 根据2022年全县普法依法治理工作要点): a title
        with a stem of its own (a place, a year, a subject), not a generic one (制定工作方案, 纳入年度工作要点)."""
        pattern, generic, not_in = _unbracketed(self.unbracketed)
        out = []
        taken = SpanIndex(spans)
        for m in pattern.finditer(norm):
            s, e = m.span("title")
            title = m.group("title")
            if taken.overlaps(s, e):
                continue  # a registry title or a bracketed one there already
            stem = norm[s:m.start("type")]
            if not_in.search(stem) or generic.match(stem) or classify(title) != "regulation":
                continue
            out.append((s, e, title))
        return out

    @staticmethod
    def _issuer_before(norm: str, text: str, pos: int, org_ends: dict, resolver) -> str | None:
        """国务院《…》, 党中央、国务院《…》, 南岸区《…》: the body written right before the title."""
        start = None
        end = pos
        while True:
            s = org_ends.get(end)
            if s is None:
                hits = [h for h in resolver.gaz.find(norm[max(0, end - 12):end]) if h[1] == min(12, end)]
                s = end - (hits[-1][1] - hits[-1][0]) if hits else None
            if s is None:
                break
            start = s
            if s > 0 and ISSUER_JOIN.match(norm[s - 1]):
                end = s - 1
                continue
            break
        return text[start:pos] if start is not None else None


class _ShortTargets:
    """The full titles a report cites, as short references (《条例》, 新《条例》) look for them: for each short
    reference, the citations of titles of its type (in the order cited) and the regulations of that type (in the
    order found), kept as they come, so that each reference is resolved without reading every citation again."""

    def __init__(self, bares):
        self.citations: dict[str, list[tuple[int, Regulation]]] = {b: [] for b in bares}
        self.regulations: dict[str, list[Regulation]] = {b: [] for b in bares}

    def new(self, r: Regulation) -> None:
        for bare, regs in self.regulations.items():
            if r.title.endswith(bare):
                regs.append(r)

    def cited(self, start: int, r: Regulation) -> None:
        typed = r.title.rstrip("）)0123456789—-年（(")
        for bare, cites in self.citations.items():
            if typed.endswith(bare):
                cites.append((start, r))

    def resolve(self, bare: str, pos: int) -> Regulation | None:
        """The regulation of the last title of the type cited before `pos`; with none, the report's only
        regulation of that type, if it cites just one."""
        for start, r in reversed(self.citations[bare]):
            if start < pos:
                return r
        same = self.regulations[bare]
        return same[0] if len(same) == 1 else None
