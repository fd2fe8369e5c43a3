"""`kg_officials`: named people holding public posts (党组书记、局长马合群; 县委书记吴滨; 省领导顾雪飞).

Matched on characters, not jieba tokens (jieba splits 马合群): a post from the post list, then a name
of two or three characters that starts with a known family name.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .. import data
from ..model import Official
from ..resolve.orgs import OrgResolver
from .doc import evidence

NAME_CHARS = r"[\u4e00-\u9fff]{2,3}"
ORG_PREFIX = r"(?:[县区市省州旗](?:委常委|委|人民政府|政府|人大常委会|人大|政协|纪委监委|纪委|委政法委|公安局|信访局|司法局)|局|办|中心)"


@lru_cache(maxsize=None)
def surnames(name: str = "surnames.txt") -> frozenset[str]:
    return frozenset(w for line in data.lines(name) for w in line.split())


@lru_cache(maxsize=None)
def _stops(name: str = "name_stops.txt") -> tuple[frozenset[str], frozenset[str]]:
    lines = data.lines(name)
    return frozenset(lines[0]), frozenset(w for l in lines[1:] for w in l.split())


@lru_cache(maxsize=None)
def _pattern(posts_file: str = "posts.txt") -> re.Pattern:
    posts = "|".join(sorted(map(re.escape, data.lines(posts_file)), key=len, reverse=True))
    title = rf"(?:{ORG_PREFIX})?(?:分管|常务)?(?:{posts})"
    return re.compile(rf"(?P<title>{title}(?:[、,，]?{title})*)(?P<name>[\u4e00-\u9fff]{{2,4}})")


def split_name(chars: str) -> str | None:
    """The name at the start of `chars` (2–3 characters), or None when it does not look like one."""
    stop_chars, stop_words = _stops()
    sn = surnames()
    if chars[:2] in sn:
        surname_len = 2
    elif chars[:1] in sn:
        surname_len = 1
    else:
        return None
    if len(chars) >= surname_len + 2 and chars[surname_len + 1] not in stop_chars:
        name = chars[:surname_len + 2]
    else:
        name = chars[:surname_len + 1]
    if (len(name) < 2 or name in stop_words or name[1:] in stop_words or name[:2] in stop_words
            or any(c in stop_chars for c in name[1:2])):
        return None
    tags = _word_tags()
    for part in (name, name[:2]):
        tag = tags.get(part)
        if tag is not None and not tag.startswith("nr"):
            return None  # a common word (全面, 带队), not a name
    return name


@lru_cache(maxsize=1)
def _word_tags() -> dict[str, str]:
    """jieba's dictionary of words and their part-of-speech tags (loaded once, when first needed)."""
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab


def organization_of(title: str, resolver: OrgResolver, issuer: str | None) -> str | None:
    m = re.match(ORG_PREFIX, title)
    if m:
        found = resolver.find(m.group(0))
        if found:
            return found[0].name
    if re.search(r"领导$", title):
        return None
    if re.search(r"局长|党组", title) and issuer and re.search(r"局$|分局$", issuer):
        return resolver.issuer_name or issuer
    if re.search(r"主任", title) and issuer and re.search(r"办公室$|中心$", issuer):
        return resolver.issuer_name or issuer
    return None


@Language.factory(
    "kg_officials",
    requires=["doc._.kg_norm", "doc._.kg_meta", "doc._.kg_place", "doc._.kg_private"],
    assigns=["doc._.kg_officials"],
    default_config={"posts": "posts.txt"},
)
def make_officials(nlp: Language, name: str, posts: str):
    return OfficialExtractor(posts)


class OfficialExtractor:
    """Named people written with a public post (a post from the post list, then a name). A private person's span
    or a redacted name (张某某) is never an official."""

    def __init__(self, posts: str = "posts.txt"):
        self.posts = posts

    def __call__(self, doc: Doc) -> Doc:
        norm = doc._.kg_norm
        private = doc._.kg_private.spans if doc._.kg_private is not None else ()
        meta = doc._.kg_meta
        issuer = meta.issuer if meta else None
        resolver = doc._.kg_place.resolver
        found: dict[tuple[str, str | None], Official] = {}
        for m in _pattern(self.posts).finditer(norm):
            if norm[m.start() - 1:m.start()] == "总":  # 总书记 is not a local post
                continue
            name = split_name(m.group("name"))
            if name is None or "某" in name:
                continue  # 张某某 is how reports redact a private person: never an official
            s = m.start("name")
            e = s + len(name)
            if any(a < e and s < b for a, b in private):
                continue
            title = m.group("title").strip("，,")
            org = organization_of(title, resolver, issuer)
            key = (name, org)
            o = found.get(key)
            if o is None:
                o = found[key] = Official(name=name, title=title, organization=org)
            o.evidence.append(evidence(doc, m.start(), e))
        doc._.kg_officials = list(found.values())
        return doc
