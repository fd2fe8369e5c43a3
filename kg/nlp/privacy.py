"""`kg_privacy`: a person's name reaches an output only as an official's. Every other personal name is masked.

Default deny. The component runs after `kg_officials` (whose names, tied to a public post, stay) and reads names
by their shape (kg.nlp.names: a family name and one or two given characters that do not read as a common word),
whatever words surround them. Certain signals make any name-shaped string a private person's even when it reads as
a word: a redacted name (张某某), a role (信访人, 上访户, （上访人员）, 等信访老户), a byline field (记者, 编辑：, 作者：).
Elsewhere the words around a name weigh in: who is described (村民, 老人, 的儿子), what they did (说, 反映, 等人),
a list of names, and the name's own shape (three characters, a family name that is also a common word such as 于 or
全). What stays: places (a division's name or short name, a name followed by 镇, 路, 司法所 …), bodies, officials, and
public figures (public_figures.txt, and names written with a national leader's post: 习近平总书记).

Names are read on a view of the normalised text without invisible characters (kg.nlp.names.View), and masked in
the text and its normalised view character for character (张某某 → 某某某, 王强 → 某某), so every offset stays valid
and no later component, sentence, quote or label can carry them. Each name found is masked wherever it occurs.
`mask=False` (`--private-names`, the explicit opt-in) finds and counts them but leaves the text as it is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePath

from spacy.language import Language
from spacy.tokens import Doc

from .. import data
from ..resolve.matching import Literals, substrings
from . import names as nm
from .doc import SpanIndex

MASK = "某"
SEPARATORS = "、和及与"
LIST_GAP = re.compile(r"[、，,/ \t\u3000]*")
# how strongly the words around a name say it is a person's (see `weigh`); a name is masked at this weight
THRESHOLD = 2
BYLINE_NAME_END = re.compile(r"$|[\s、，,。；;：:）)】\]|｜/]|报道|摄|编辑|通讯员|记者")
COUNTED = r"[\d一二三四五六七八九十百千余多几]*[名人户批位个起件]*"


@lru_cache(maxsize=None)
def _patterns(markers: str = "private_markers.txt", bylines: str = "bylines.txt"):
    rows = {r.split("\t")[0]: r.split("\t")[1] for r in data.lines(markers) if "\t" in r}
    role, broad = rows["role"], rows["broad"]
    before = re.compile(rf"(?:{role})[:：\s]*")
    after = re.compile(rf"等{COUNTED}(?:{role}|{broad})|[（(](?:{role})[）)]")
    byline = nm.byline_pattern(bylines)
    return before, after, byline


@dataclass(frozen=True)
class Private:
    """The private persons of one report: where their names are (offsets into the text), the names, and whether
    they were masked."""

    spans: tuple[tuple[int, int], ...]
    names: frozenset[str]
    masked: bool


def mask_names(text: str, names, mask: str = MASK) -> str:
    """`text` with every occurrence of each of `names` replaced by as many `mask` characters (same length, so
    every offset stays valid). For strings taken from a report (a title, a file name) once its names are known."""
    for name in sorted({n for n in names if len(n) >= 2}, key=lambda n: (-len(n), n)):
        if name in text:
            text = text.replace(name, mask * len(name))
    return text


@dataclass
class _Finder:
    """One text's private persons, read on its view: `found` maps each name to its spans in the view."""

    view: str
    kept: set[str]                     # officials' names: never masked
    public: frozenset[str]             # public figures: masked only where a certain signal says otherwise
    places: bytearray                  # 1 where a division's name is written
    found: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    taken: bytearray = field(default=None)

    def __post_init__(self):
        self.taken = bytearray(len(self.view) + 1)
        ctx = nm.context()
        self._person_before, self._person_after = ctx["person_before"], ctx["person_after"]

    def free(self, s: int, e: int) -> bool:
        return self.taken.find(1, s, e) < 0 and self.places.find(1, s, e) < 0

    def add(self, s: int, e: int) -> None:
        name = self.view[s:e]
        if name in self.kept:
            return
        self.found.setdefault(name, []).append((s, e))
        self.taken[s:e] = b"\x01" * (e - s)

    # -- certain signals ---------------------------------------------------------------------------------------
    def certain_name(self, i: int, strict: bool = False) -> int:
        """The length of a name at `i` that a certain signal points at (0 if there is none): a redacted name, or a
        name-shaped string that is not a place (with `strict`, not a word either: after 来源 come bodies)."""
        v = self.view
        n = nm.redacted_at(v, i)
        if n:
            return n
        shape = nm.shape_at(v, i)
        if shape is None or nm.is_place_name(v, i, i + shape.length) or not self.free(i, i + shape.length):
            return 0
        if shape.word and (strict or shape.ambiguous):
            return 0
        if shape.word > 1 and not (nm.word_tag(v[i:i + shape.length]) or "").startswith("nr"):
            return 0  # 信访群众信访不信法: 信访 is a word; 记者高峰: jieba knows 高峰 as a name
        return shape.length

    def names_after(self, i: int, gap: re.Pattern = re.compile(f"[{SEPARATORS}]"), strict: bool = False,
                    end: re.Pattern | None = None) -> None:
        """The list of names that starts at `i` (信访人张某某、李某; 记者 王某 李某)."""
        v = self.view
        while i < len(v):
            n = self.certain_name(i, strict)
            if not n or (end is not None and not end.match(v, i + n)):
                return
            self.add(i, i + n)
            m = gap.match(v, i + n)
            if m is None or m.end() == i + n:
                return
            i = m.end()

    def names_before(self, end: int, look_back: int) -> None:
        """The list of names that ends at `end` (约访了王某、赵某 | 等信访老户): each part a name, read backwards."""
        v = self.view
        start = max(0, end - look_back)
        while end > start:
            for n in (3, 2, 4):
                s = end - n
                if s >= start and self.certain_name(s) == n:
                    self.add(s, end)
                    break
            else:
                return
            if s > 0 and v[s - 1] in SEPARATORS:
                end = s - 1
            else:
                return

    # -- the name's shape and the words around it ------------------------------------------------------------
    def weigh(self, i: int, shape: nm.Shape) -> int:
        """How strongly the name's shape and the words around it say that the name at `i` is a person's (a name is
        taken at THRESHOLD). A name of two characters, or one that reads partly as a word (王国强), needs words
        that describe a person (村民, 的儿子, 说, 等人) or a list of names. (Below THRESHOLD the count may stop
        short: a name the words after it cannot lift to THRESHOLD is not read further.)"""
        v, e = self.view, i + shape.length
        person = False
        two = shape.length - shape.surname == 2
        # a name of three characters that reads as no word is one by its shape; two characters need context
        w = (1 if shape.ambiguous or shape.word else 2) if two else 0
        w -= 2 * shape.ambiguous + shape.word
        before = self._person_before.before(v, i)
        glued = False
        if before:
            w += 2 if len(before) > 1 else 1
            person = len(before) > 1
        elif i == 0 or not "\u4e00" <= v[i - 1] <= "\u9fff":
            w += 1
        else:
            glued = True  # a character before: the family name may be part of a word (checked last, it costs)
        if i > 1 and v[i - 1] == "、" and self.taken[i - 2] == 1:
            w += 2  # the next name of a list
            person = True
        if w + 2 < THRESHOLD:
            return w  # the words after it add 2 at most
        after = self._person_after.at(v, e)
        if after:
            w += 2 if len(after) > 1 else 1
            person = person or len(after) > 1
        elif e >= len(v) or not "\u4e00" <= v[e] <= "\u9fff":
            w += 1
        if not person and (_cell(v, i, e) or (before and after)):
            person = True  # a table cell that holds a name and nothing else (1  王芳  城关镇); 的石磊在
        if (shape.word or not two) and not person:
            return 0
        if glued and w >= THRESHOLD and nm.inside_word(v, i, e):
            w -= 2  # 行李, 有章可循: the family name is part of a word
        return w

    def scan(self) -> None:
        """Every name-shaped string the words around it make a person's (see `weigh`), left to right."""
        v, taken, places = self.view, self.taken, self.places
        numerals, name_at = nm.NUMERALS, nm.name_at
        upto = 0  # where the last name taken ends: the scan goes on from there
        for m in nm.surname_starts().finditer(v):
            i = m.start()
            # free(i, i + 1) and not after_numeral(v, i), inline: this runs at every family name's character
            if i < upto or taken[i] == 1 or places[i] == 1 or (i > 0 and v[i - 1] in numerals):
                continue
            n, shape = name_at(v, i)
            if n:
                self.add(i, i + n)
                upto = i + n
                continue
            if shape is None:
                continue
            e = i + shape.length
            name = v[i:e]
            if name in self.kept:
                upto = e
                continue
            if name in self.public or not self.free(i, e) or self.weigh(i, shape) < THRESHOLD \
                    or nm.is_place_name(v, i, e):
                continue
            self.add(i, e)
            upto = e


CELL_EDGE = " \t\u3000|｜\n"


def _cell(v: str, i: int, e: int) -> bool:
    """Whether v[i:e] fills a table cell: white space or a rule before and after it (or the line's start or end),
    and at least two spaces on one side, as tables are padded."""
    left = i == 0 or v[i - 1] in CELL_EDGE
    right = e >= len(v) or v[e] in CELL_EDGE
    return left and right and ("  " in v[max(0, i - 2):i] or "  " in v[e:e + 2] or "\t" in v[i - 1:e + 1])


def find_private(view: str, kept=(), places: bytearray | None = None, markers: str = "private_markers.txt",
                 bylines: str = "bylines.txt", look_back: int = 32) -> dict[str, list[tuple[int, int]]]:
    """The private persons' names in `view` (a text as names are read, see kg.nlp.names.view_of) and where each
    is written: every personal name but those in `kept` (officials). `places` marks where division names are."""
    f = _Finder(view, set(kept), nm.public_figures() | _national_leaders(view),
                places if places is not None else bytearray(len(view) + 1))
    before, after, byline = _patterns(markers, bylines)
    for m in byline.finditer(view):
        word = m.group("field").strip(" :：|丨/\t\u3000")
        f.names_after(m.end(), LIST_GAP, strict=word in ("来源", "信息来源", "发布机构", "发布"), end=BYLINE_NAME_END)
    for m in before.finditer(view):
        f.names_after(m.end())
    for m in after.finditer(view):
        f.names_before(m.start(), look_back)
    f.scan()
    return f.found


def _national_leaders(view: str) -> frozenset[str]:
    """Names written right before a national leader's post (习近平总书记): public, whoever reads the report."""
    out = set()
    for post in nm.context()["national_post"]:
        for m in re.finditer(re.escape(post), view):
            for n in (3, 2):
                name = view[max(0, m.start() - n):m.start()]
                if len(name) == n and nm.split_name(name, after_post=True) == name:
                    out.add(name)
                    break
    return frozenset(out)


def names_in_file_name(path: str) -> frozenset[str]:
    """The private persons' names in a file's name and the folders it is in (信访人邱小二反映材料.txt, 王强.docx).
    A file name is text too, but without sentences around its names: every name-shaped string in it that does
    not read as a word or a place is taken, besides what `find_private` finds."""
    out: set[str] = set()
    for part in PurePath(path).parts:
        if not nm.HAN.search(part):
            continue
        view = nm.view_of(part).text
        out |= set(find_private(view))
        for i in range(len(view)):
            shape = nm.shape_at(view, i)
            if shape is None or shape.word or shape.ambiguous or nm.after_numeral(view, i):
                continue
            e = i + shape.length
            if not nm.is_place_name(view, i, e) and not nm.inside_word(view, i, e) \
                    and view[i:e] not in nm.public_figures():
                out.add(view[i:e])
    return frozenset(out)


def mask_path(path: str) -> str:
    """`path` with the names of private persons in it masked (see `names_in_file_name`), character for character
    (invisible characters inside a name too)."""
    if not nm.HAN.search(path):
        return path
    found = names_in_file_name(path)
    if not found:
        return path
    view = nm.view_of(path)
    spans = [view.span(m.start(), m.end()) for name in found for m in re.finditer(re.escape(name), view.text)]
    return _masked(path, spans)


@Language.factory(
    "kg_privacy",
    requires=["doc._.kg_text", "doc._.kg_norm", "doc._.kg_meta", "doc._.kg_officials"],
    assigns=["doc._.kg_private", "doc._.kg_text", "doc._.kg_norm", "doc._.kg_meta"],
    default_config={"markers": "private_markers.txt", "bylines": "bylines.txt", "look_back": 32, "mask": True},
)
def make_privacy(nlp: Language, name: str, markers: str, bylines: str, look_back: int, mask: bool):
    return PrivacyComponent(markers, bylines, look_back, mask)


class PrivacyComponent:
    """Finds every personal name that is not an official's and, when `mask` is on (the default; off only for the
    explicit `--private-names` opt-in), masks it in the report text, its normalised view and the report's title
    before any later component reads them."""

    def __init__(self, markers: str = "private_markers.txt", bylines: str = "bylines.txt", look_back: int = 32,
                 mask: bool = True):
        self.markers, self.bylines, self.look_back, self.mask = markers, bylines, look_back, mask

    def __call__(self, doc: Doc) -> Doc:
        from ..resolve.gazetteer import gazetteer

        text, norm = doc._.kg_text, doc._.kg_norm
        view = nm.view_of(norm)
        places = bytearray(len(view.text) + 1)
        for s, e, _ in gazetteer().find(view.text):
            places[s:e] = b"\x01" * (e - s)
        kept = {o.name for o in doc._.kg_officials or ()}
        found = find_private(view.text, kept, places, self.markers, self.bylines, self.look_back)
        spans = sorted({view.span(s, e) for s, e in _occurrences(view.text, found, kept)})
        names = frozenset(found)
        doc._.kg_private = Private(tuple(spans), names, self.mask)
        if self.mask and spans:
            doc._.kg_text = _masked(text, spans)
            doc._.kg_norm = _masked(norm, spans)
            meta = doc._.kg_meta
            if meta is not None:
                forms = names | {text[s:e] for s, e in spans}
                meta.title = mask_names(meta.title, forms) if meta.title else meta.title
                meta.issuer = mask_names(meta.issuer, forms) if meta.issuer else meta.issuer
        return doc


def _occurrences(view: str, names, kept) -> list[tuple[int, int]]:
    """Every place each of `names` is written in `view` (as `re.finditer` finds each), but inside an official's
    name: one pass over the text for all the names."""
    holders: dict[str, list[str]] = {}  # a string → the officials' names it is part of (not the whole of)
    for k in kept:
        for part in substrings(k):
            if part and part != k:
                holders.setdefault(part, []).append(k)
    each = Literals({*names, *(k for n in names for k in holders.get(n, ()))}).each(view)
    out = []
    for name in names:
        inside = SpanIndex(span for k in holders.get(name, ()) for span in each.get(k, ()))
        out += [(s, e) for s, e in each.get(name, ()) if not inside.covers(s, e)]
    return out


def _masked(text: str, spans) -> str:
    """`text` with the characters of `spans` masked (white space and invisible characters inside a span too, so a
    name padded or broken up does not survive as letters)."""
    out = list(text)
    for s, e in spans:
        for k in range(s, e):
            if not out[k].isspace():
                out[k] = MASK
    return "".join(out)
