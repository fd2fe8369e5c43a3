"""`kg_officials`: named people holding public posts. Their names are the only personal names kg publishes.

Matched on characters (jieba splits 马合群), on the view of the text names are read on (kg.nlp.names.View: no
invisible characters, padded table cells closed up), in every order and layout reports use:

- a post, then a name: 党组书记、局长马合群; 县委书记吴滨; 省领导顾雪飞; 市委常委、秘书长宋化云;
- a post, then a list of names: 县领导张某、李某 (each holds the post);
- a name, then a post: 白英书记; 李明 副县长 in a schedule of leaders' reception days; 王强（副县长）.

A post belongs to the person it is written with: in 以局长马合群为组长，分管副局长吴鹏… 组长 is 马合群's, not
吴鹏's (a post after 为/任 is said of the name before it). What is not an official: a redacted name (张某某), a
name in a byline, a villager heading a group (村民组长), a national leader (习近平总书记: public, not the report's),
and fragments: a post read inside a place name (市长 in 福州市长乐区: the place wins), a name that runs into the
verb after it (白英到 → 白英), a place or a body before a post (文旅局局长).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .. import data
from ..model import Official
from ..resolve.matching import Literals, finditer_from
from ..resolve.orgs import OrgResolver
from . import names as nm
from .doc import evidence_for

ORG_PREFIX = r"(?:[县区市省州旗盟](?:委常委|委|人民政府|政府|人大常委会|人大|政协|纪委监委|纪委|委政法委|公安局|信访局|司法局)|局(?!局)|办|中心)"
# a post after these is said of the name before it (以局长马合群为组长): not the title of the name after it
PREDICATE = re.compile(r"(?:为|任|兼|担任|兼任|当选|任命为)$")
# the white space a table or a schedule puts between a post and a name (接访领导：县委书记  吴滨)
GAP = re.compile(r"[ \t\u3000]{0,12}")
GAP_BEFORE = re.compile(r"[ \t\u3000]{0,12}[（(]?$")
BODY_BEFORE = 16
BYLINE_FIELD = re.compile(r"[^\s，,。；;）)】\]|｜]*")  # what a byline field holds: up to white space or a bracket  # how far before a post its body may start (县文旅局局长)
# a name written before a post starts a clause or follows one of these (由王强（副县长）带队)
NAME_BEFORE_POST_AFTER = "、和与及由是为对请向让同跟据"


@lru_cache(maxsize=None)
def _posts(posts_file: str = "posts.txt") -> str:
    return "|".join(sorted(map(re.escape, data.lines(posts_file)), key=len, reverse=True))


@lru_cache(maxsize=None)
def _titles(posts_file: str = "posts.txt") -> re.Pattern:
    """A post with its organisation prefix (县委书记, 分管副局长), or several joined by 、 (党组书记、局长)."""
    title = rf"(?:{ORG_PREFIX})?(?:分管|常务)?(?:{_posts(posts_file)})"
    return re.compile(rf"{title}(?:、{title})*")


# how far before its post a title may start: the longest organisation prefix (县人大常委会) and 分管 or 常务
TITLE_LEAD = 8


@lru_cache(maxsize=None)
def _post_literals(posts_file: str = "posts.txt") -> Literals:
    return Literals(data.lines(posts_file))


def find_titles(view: str, posts_file: str = "posts.txt") -> Iterator[re.Match]:
    """`_titles(posts_file).finditer(view)`, tried only where a post is written (a title holds one within
    TITLE_LEAD characters of its start): the pattern's alternation of prefixes is slow to try at every place."""
    starts = (p for s, _, _ in _post_literals(posts_file).occurrences(view) for p in range(max(0, s - TITLE_LEAD), s + 1))
    return finditer_from(_titles(posts_file), view, starts)


def split_name(chars: str) -> str | None:
    """The name at the start of `chars` (after a post), or None when it does not look like one."""
    return nm.split_name(chars, after_post=True)


def organization_of(title: str, resolver: OrgResolver, issuer: str | None, before: str = "") -> str | None:
    """The body an official's post is of: the one a post of its title starts with (县委书记), else the one written right
    before the title (县文旅局局长: `before` ends with 县文旅局), else the issuer's for its own posts (局长 in a
    bureau's report), else None."""
    for part in title.split("、"):  # 县委社会工作部副部长、县信访局局长: the first post written with its body
        m = re.match(ORG_PREFIX, part)
        found = resolver.find(m.group(0)) if m else None
        if found:
            return found[0].name
    if before:
        found = [o for o in resolver.find(before) if o.end == len(before)]
        if found:
            return found[-1].name
    if re.search(r"领导$", title):
        return None
    if re.search(r"局长|党组", title) and issuer and re.search(r"局$|分局$", issuer):
        return resolver.issuer_name or issuer
    if re.search(r"主任", title) and issuer and re.search(r"办公室$|中心$", issuer):
        return resolver.issuer_name or issuer
    return None


def _place_starts_in(places: bytearray, start: int, end: int) -> bool:
    """Whether a division's name begins inside [start, end) (福州市长乐区: 长乐区 begins inside 市长)."""
    return any(places[k] == 2 for k in range(start, end))


def _mark_places(view: str) -> bytearray:
    """1 where a division's name is written, 2 where one begins."""
    from ..resolve.gazetteer import gazetteer

    places = bytearray(len(view) + 1)
    for s, e, _ in gazetteer().find(view):
        places[s:e] = b"\x01" * (e - s)
        places[s] = 2
    return places


def _not_a_holder(view: str, start: int) -> bool:
    """A post written after 村民 (村民组长) or in a byline is not a public post of the name after it."""
    return nm.ends_with(view, start, nm.context()["not_official"]) is not None


def find_officials(view: str, posts_file: str = "posts.txt") -> list[tuple[int, int, str, int]]:
    """(start, end, title, where the title starts) of every official's name in `view`, in the order written."""
    places = _mark_places(view)
    body_end = nm.context()["body_end"]
    byline = bytearray(len(view) + 1)  # 1 where a byline field's names are: never officials
    for m in nm.byline_pattern().finditer(view):
        field = BYLINE_FIELD.match(view, m.end())
        byline[field.start():field.end()] = b"\x01" * (field.end() - field.start())
    out: dict[int, tuple[int, int, str, int]] = {}

    def name_ok(s: int, e: int) -> bool:
        return not nm.is_place_name(view, s, e) and not any(places[s:e]) and not byline[s] \
            and nm.ends_with(view, e, body_end) is None

    for m in find_titles(view, posts_file):
        t0, t1 = m.start(), m.end()
        if view[t0 - 1:t0] == "总" or _not_a_holder(view, t0):
            continue  # 总书记 is not a local post; 村民组长 is not a public post
        _name_after(view, m, out, name_ok, places)
        _name_before(view, m, out, name_ok)
    return [out[k] for k in sorted(out)]


def _name_after(view: str, m: re.Match, out: dict, name_ok, places: bytearray) -> None:
    """The names written right after the post `m` (局长马合群; 县领导张某、李某: each holds it)."""
    t0, t1 = m.start(), m.end()
    if _place_starts_in(places, t0 + 1, t1):
        return  # 市长 in 福州市长乐区 is not a post
    title = m.group(0)
    if PREDICATE.search(view[max(0, t0 - 3):t0]):
        title = title.partition("、")[2]  # 为组长、副局长吴鹏: 组长 is the name before's
        if not title:
            return
    s = GAP.match(view, t1).end()
    while True:
        name = split_name(view[s:s + 4])
        if name is None or "某" in name or not name_ok(s, s + len(name)):
            return
        out.setdefault(s, (s, s + len(name), title, t1 - len(title)))
        e = s + len(name)
        # a list of names after a post: 县领导张某、李某 (each holds it), unless the next has a post of its own
        if view[e:e + 1] != "、" or not split_name(view[e + 1:e + 5]):
            return
        s = e + 1


def _name_before(view: str, m: re.Match, out: dict, name_ok) -> None:
    """The name written right before the post `m` (白英书记, 李明  副县长, 王强（副县长）), unless the post is
    followed by a name of its own (曾国栋  副县长刘洋: the post is 刘洋's)."""
    t0, t1 = m.start(), m.end()
    gap = GAP_BEFORE.search(view, max(0, t0 - 13), t0)
    end = gap.start() if gap else t0
    if gap and gap.group(0)[-1:] in ("（", "("):
        if view[t1:t1 + 1] not in ("）", ")"):
            return  # （ without its ）: not a post written after a name
    elif split_name(view[GAP.match(view, t1).end():][:4]):
        return
    for n in (3, 2, 4):
        i = end - n
        if i < 0 or i in out or (i > 0 and nm._is_han(view[i - 1]) and view[i - 1] not in NAME_BEFORE_POST_AFTER):
            continue
        shape = nm.shape_at(view, i)
        if shape is None or shape.length != n or shape.word or shape.ambiguous or nm.after_numeral(view, i):
            continue  # 成立由局长任组长: 成立 is a word
        if not name_ok(i, end) or "某" in view[i:end]:
            continue
        out[i] = (i, end, m.group(0), t0)
        return


@Language.factory(
    "kg_officials",
    requires=["doc._.kg_norm", "doc._.kg_meta", "doc._.kg_place"],
    assigns=["doc._.kg_officials"],
    default_config={"posts": "posts.txt"},
)
def make_officials(nlp: Language, name: str, posts: str):
    return OfficialExtractor(posts)


class OfficialExtractor:
    """Named people written with a public post, in any order (see the module doc). Runs before `kg_privacy`,
    which masks every other personal name."""

    def __init__(self, posts: str = "posts.txt"):
        self.posts = posts

    def __call__(self, doc: Doc) -> Doc:
        view = nm.view_of(doc._.kg_norm)
        meta = doc._.kg_meta
        issuer = meta.issuer if meta else None
        resolver = doc._.kg_place.resolver
        found: dict[tuple[str, str | None], Official] = {}
        ev = evidence_for(doc)
        for s, e, title, t0 in find_officials(view.text, self.posts):
            name = view.text[s:e]
            if name in nm.public_figures():
                continue
            org = organization_of(title, resolver, issuer, view.text[max(0, t0 - BODY_BEFORE):t0])
            key = (name, org)
            o = found.get(key)
            if o is None:
                o = found[key] = Official(name=name, title=title, organization=org)
            o.evidence.append(ev(*view.span(s, e)))
        doc._.kg_officials = list(found.values())
        return doc
