"""Personal names by their shape: a family name and one or two given characters, read on characters.

Shared by `kg_officials` (who holds a post) and `kg_privacy` (every other name is masked). The knowledge is data:
family names (surnames.txt, and surname_words.txt for those that are also common words), characters and words
that end a name (name_stops.txt), the words around a name that say a person, a place or a leader of the country is
meant (name_context.txt), public figures (public_figures.txt), and jieba's dictionary of words: a string that is a
dictionary word (高度, 周密, 任务, 万余) is read as that word unless a post, a byline or a marker says otherwise.

Names are read on a `View` of the text: invisible characters (bidi overrides, zero-width spaces) taken out, and the
spaces that pad a two- or three-character name to a table cell's width (`王  强`) closed up; `View.span` maps a span
of the view back to the text, so that the characters masked are the text's own.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .. import data
from ..resolve.matching import with_first_chars
from .dictionary import word_freq, word_tag  # noqa: F401  (jieba's dictionary; officials and privacy read them here)

HAN = re.compile(r"[\u4e00-\u9fff]")
# function words that begin common given names (向东, 为民, 和平): a given name of two characters only
SOFT_STOPS = frozenset("向为和以从于将曾才")
# a dictionary word this frequent right after a name's second character starts the next word (吴鹏参加 → 吴鹏)
NEXT_WORD_FREQ = 100
# a given name that is this frequent a common word (社会, 过程, 清理) is that word (向社会, 全过程, 周清理)
COMMON_WORD_FREQ = 1000
PROPER_TAGS = ("nr", "ns", "nz", "nt", "t")
# a string this frequent in the dictionary is a word, whatever its tag (jieba tags 周密, 公正, 顾问 as names)
WORD_FREQ = 100
# characters that end a place's name (塔峰路, 李家村): after another character they are not a family name
PLACE_ENDS = frozenset("路街村镇乡县市区州旗盟屯寨巷省")
# numerals: a family name right after one is a number's suffix or classifier (1000余人, 四张清单)
NUMERALS = frozenset("0123456789〇零一二三四五六七八九十百千万亿两几")
# single characters a name is padded with in a table cell: 王  强, 李 明 军 (2–3 characters, nothing else in the cell)
PADDED = re.compile(r"(?<![^\s|｜:：,，、；;。])[\u4e00-\u9fff](?:[ \u3000\u00a0]{1,4}[\u4e00-\u9fff]){1,2}(?![^\s|｜,，、。；;])")


# -- the lexicon -------------------------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def surnames(name: str = "surnames.txt") -> frozenset[str]:
    return frozenset(w for line in data.lines(name) for w in line.split())


@lru_cache(maxsize=None)
def surname_starts(name: str = "surnames.txt") -> re.Pattern:
    """The characters a family name starts with (王, and 欧 of 欧阳, 上 of 上官), as a pattern to find them by."""
    return re.compile("[" + "".join(sorted({w[0] for w in surnames(name)})) + "]")


@lru_cache(maxsize=None)
def surname_words(name: str = "surname_words.txt") -> frozenset[str]:
    """Family names that are also common words (于, 向, 全, 党 …): such a name needs the words around it."""
    return frozenset(w for line in data.lines(name) for w in line.split())


@lru_cache(maxsize=None)
def stops(name: str = "name_stops.txt") -> tuple[frozenset[str], frozenset[str]]:
    """(characters that end a name, words that are never a given name)."""
    lines = data.lines(name)
    return frozenset(lines[0]), frozenset(w for l in lines[1:] for w in l.split())


class Words:
    """A set of words, looked up at a place in a text, longest first: a walk down a trie of the words (forwards for
    the words at a place, backwards for those before it) that stops where the text leaves every word."""

    def __init__(self, words):
        self.words = frozenset(w for w in words if w)
        self._forward = _trie(self.words)
        self._backward = _trie(w[::-1] for w in self.words)
        self.lengths = sorted({len(w) for w in self.words}, reverse=True)

    def __iter__(self):
        return iter(sorted(self.words, key=lambda w: (-len(w), w)))

    def __contains__(self, w) -> bool:
        return w in self.words

    def __or__(self, other) -> "Words":
        return Words(self.words | set(other))

    def at(self, s: str, i: int) -> str | None:
        """The longest of the words that `s` has at `i`."""
        if i < 0:
            return self._slices_at(s, i)
        node, found, k, n = self._forward, None, i, len(s)
        while k < n:
            node = node.get(s[k])
            if node is None:
                break
            k += 1
            if "" in node:
                found = k
        return None if found is None else s[i:found]

    def before(self, s: str, i: int) -> str | None:
        """The longest of the words that `s[:i]` ends with."""
        if i > len(s):
            return self._slices_before(s, i)
        node, found, k = self._backward, None, i
        while k > 0:
            node = node.get(s[k - 1])
            if node is None:
                break
            k -= 1
            if "" in node:
                found = k
        return None if found is None else s[found:i]

    # places outside the text, read as slices read them
    def _slices_at(self, s: str, i: int) -> str | None:
        for n in self.lengths:
            if s[i:i + n] in self.words:
                return s[i:i + n]
        return None

    def _slices_before(self, s: str, i: int) -> str | None:
        for n in self.lengths:
            if n <= i and s[i - n:i] in self.words:
                return s[i - n:i]
        return None


def _trie(words) -> dict:
    """Nested dicts, one level per character; "" marks the end of a word."""
    root: dict = {}
    for w in words:
        node = root
        for c in w:
            node = node.setdefault(c, {})
        node[""] = True
    return root


@lru_cache(maxsize=None)
def context(name: str = "name_context.txt") -> dict[str, Words]:
    """Kind → words: person_before, person_after, place_after, national_post, body_end, not_official, verb_start."""
    out: dict[str, Words] = {}
    for line in data.lines(name):
        kind, _, words = line.partition("\t")
        out[kind] = Words(words.split())
    return out


@lru_cache(maxsize=None)
def public_figures(name: str = "public_figures.txt") -> frozenset[str]:
    return frozenset(data.lines(name))


def is_common_word(w: str, freq: int = 1) -> bool:
    """A dictionary word of at least `freq` that is not a proper name (人名, 地名 …)."""
    f = word_freq(w)
    return f >= freq and not (word_tag(w) or "").startswith(PROPER_TAGS)


@lru_cache(maxsize=1)
def place_words() -> tuple[frozenset[str], Words]:
    """(short names of divisions: 宁阳, 吴江, 长乐; the words that end a place's or a body's name: 镇, 社区,
    司法所 and every head of a body kg knows: 信访局, 人民政府 …)."""
    from ..resolve.gazetteer import gazetteer
    from ..resolve.orgs import heads

    shorts = frozenset(d.short for d in gazetteer().divisions if len(d.short) >= 2)
    return shorts, context()["place_after"] | {h for h in heads() if len(h) >= 2}


@lru_cache(maxsize=None)
def byline_pattern(name: str = "bylines.txt") -> re.Pattern:
    """A field of a page's byline or metadata (记者, 编辑：, 图/文, 来源：) on one line, up to its first name."""
    words = sorted(data.lines(name), key=len, reverse=True)
    long_ = "|".join(re.escape(w) for w in words if len(w) > 1)
    short = "|".join(re.escape(w) for w in words if len(w) == 1)
    gap = r"[ \t\u3000]*"
    return with_first_chars(re.compile(rf"(?:^|(?<=[\s|｜【\[（(，,。；;:：/]))(?P<field>(?:{long_}){gap}[:：|丨/]?|(?:{short}){gap}[:：/]|"
                                         rf"(?:{short})(?=[ \t\u3000])){gap}", re.M))


# -- the view ------------------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _invisible() -> re.Pattern:
    """Format characters (Unicode category Cf: bidi overrides and isolates, zero-width spaces and joiners, the
    byte-order mark, soft hyphens): they change how a text looks, not what it says."""
    ranges: list[list[int]] = []  # as ranges of code points: a class of single characters is slow to scan with
    for c in range(0x80, 0x110000):
        if unicodedata.category(chr(c)) == "Cf":
            if ranges and ranges[-1][1] == c - 1:
                ranges[-1][1] = c
            else:
                ranges.append([c, c])
    return re.compile("[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "")
                                    for a, b in ranges) + "]")


@dataclass(frozen=True)
class View:
    """The characters names are read on. `pos[j]` is where character j of `text` is in the original (None: the
    view is the original)."""

    text: str
    pos: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the view's [start, end) (with what was taken out inside it)."""
        if self.pos is None:
            return start, end
        return self.pos[start], self.pos[end - 1] + 1


@lru_cache(maxsize=4)  # kg_officials and kg_privacy read the same text's view
def view_of(text: str) -> View:
    """`text` without invisible characters and with padded table-cell names closed up (see the module doc)."""
    drop = [m.start() for m in _invisible().finditer(text)]
    for m in PADDED.finditer(text):
        if m.group(0)[0] in surnames():
            drop += [i for i in range(m.start(), m.end()) if text[i] in " \u3000\u00a0"]
    if not drop:
        return View(text)
    dropped = set(drop)
    keep = tuple(i for i in range(len(text)) if i not in dropped)
    return View("".join(text[i] for i in keep), keep)


# -- name shape ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Shape:
    """A name at some place: its length, the length of its family name, how much it reads as a word, and whether
    its family name is also a common word (于, 全, 党 …).

    `word`: 0, not a word; 1, it starts with a word (王国强: 王国) or is a rare one; 2, it is a common word (高度,
    周密, 任务) or its given name is (向社会, 全过程). Only the words around it make a name of a word."""

    length: int
    surname: int
    word: int
    ambiguous: bool


def surname_at(s: str, i: int = 0) -> int:
    """The length of the family name at `s[i]` (2 for 欧阳, 1 for 王), or 0."""
    if s[i:i + 2] in surnames():
        return 2
    return 1 if s[i:i + 1] in surnames() else 0


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def _wordiness(name: str, sl: int) -> int:
    given = name[sl:]
    full = word_freq(name)
    if full >= WORD_FREQ or is_common_word(name) or (len(given) == 2 and is_common_word(given, COMMON_WORD_FREQ)):
        return 2
    head = name[:sl + 1]
    if len(given) == 2 and (is_common_word(head) or word_freq(head) >= WORD_FREQ):
        return 1
    return 1 if full and not (word_tag(name) or "").startswith("nr") else 0  # 李明军, 王志军: names jieba knows


def shape_at(s: str, i: int = 0) -> Shape | None:
    """The name that starts at `s[i]`, if the characters there can be one: a family name, then one or two given
    characters that are not characters ending a name (的, 在, 到 …). The third character belongs to the name
    unless it starts a common word with the character after it (吴鹏参加 → 吴鹏, 马合群主持 → 马合群)."""
    return _shape(s[i:i + SHAPE_WINDOW])


# what `shape_at` reads: a family name of up to two characters, two given characters and the one after them
SHAPE_WINDOW = 5


@lru_cache(maxsize=1 << 16)  # the genre repeats its phrases: most places a name may start were seen before
def _shape(s: str) -> Shape | None:
    sl = surname_at(s)
    if not sl:
        return None
    stop_chars, stop_words = stops()
    g = sl
    c1 = s[g:g + 1]
    if not c1 or not _is_han(c1) or c1 == "某" or (c1 in stop_chars and c1 not in SOFT_STOPS):
        return None
    c2 = s[g + 1:g + 2]
    two = bool(c2) and _is_han(c2) and c2 not in stop_chars and c2 != "某"
    if two and len(s[g + 1:g + 3]) == 2:
        nxt = word_freq(s[g + 1:g + 3])
        if nxt >= max(NEXT_WORD_FREQ, word_freq(s[g:g + 2])) or c2 in context()["verb_start"]:
            two = False  # 白英认真, 张三反映, 吴鹏送去: the next word begins (but 马合群主持: 合群 > 群主)
    if c1 in SOFT_STOPS and not two:
        return None  # 王向东, 李为民, 张和平; but 王和李: 和 is a conjunction
    length = sl + (2 if two else 1)
    name = s[:length]
    given = name[sl:]
    if name in stop_words or given in stop_words or name[:sl + 1] in stop_words:
        return None
    # a family name that is also a common word (于, 全), or a given name that starts with a function word (王向东,
    # 从高从严): the words around it decide
    ambiguous = (sl == 1 and name[0] in surname_words()) or c1 in SOFT_STOPS
    return Shape(length, sl, _wordiness(name, sl), ambiguous)


def name_at(s: str, i: int) -> tuple[int, Shape | None]:
    """(`redacted_at(s, i)`, `shape_at(s, i)`) in one look-up: both read the same five characters."""
    return _name_at(s[i:i + SHAPE_WINDOW])


@lru_cache(maxsize=1 << 16)
def _name_at(window: str) -> tuple[int, Shape | None]:
    return redacted_at(window), _shape(window)


def split_name(chars: str, after_post: bool = False) -> str | None:
    """The name at the start of `chars`, or None when it does not look like one or reads as a common word. Right
    after a post a word jieba tags as a name is a name (局长高峰), any other common word is not (县长高度重视)."""
    shape = shape_at(chars)
    if shape is None:
        return None
    name = chars[:shape.length]
    if shape.word > 1 and not (after_post and (word_tag(name) or "").startswith("nr")):
        return None
    return name


def redacted_at(s: str, i: int = 0) -> int:
    """The length of a redacted name at `s[i]` (李某, 张某某, 曹某勇), or 0. The character after 某 is part of
    the name unless it ends names or starts a word (李某反映 → 李某)."""
    sl = surname_at(s, i)
    if not sl or s[i + sl:i + sl + 1] != "某":
        return 0
    j = i + sl + 1
    if s[j:j + 1] == "某":
        return sl + 2
    c = s[j:j + 1]
    if c and _is_han(c) and c not in stops()[0] and word_freq(s[j:j + 2]) == 0:
        return sl + 2
    return sl + 1


def starts_with(s: str, i: int, words: Words) -> str | None:
    """The longest of `words` that `s` has at `i`."""
    return words.at(s, i)


def ends_with(s: str, i: int, words: Words) -> str | None:
    """The longest of `words` that `s[:i]` ends with."""
    return words.before(s, i)


def is_place_name(s: str, start: int, end: int) -> bool:
    """Whether `s[start:end]` is read as (part of) a place or a body: a division's short name or one starting it
    (吴江, 鲁山人民政府), a name ending like a body (宣教处), or one followed by a place's or a body's ending
    (金庄镇, 岳坊司法所, 文松路)."""
    shorts, after = place_words()
    if s[start:end] in shorts or s[start:end + 1] in shorts:
        return True
    if start > 0 and _is_han(s[start - 1]) and s[start] in PLACE_ENDS:
        return True  # 塔峰路住建局: 路 ends the name of a road
    if any(starts_with(s, k, after) for k in range(start + 1, end)):
        return True  # 路住建局: the characters run into a body's name
    for k in range(start + 2, end):  # 鲁山人民政府: a short name, then a body (but 金凤英: 金凤 is a district)
        if s[start:k] in shorts and starts_with(s, k, after):
            return True
    if ends_with(s, end, context()["body_end"]):
        return True
    return starts_with(s, end, after) is not None


def inside_word(s: str, i: int, end: int) -> bool:
    """Whether a dictionary word begins before `i` and goes on past it (行李, 有章可循): the family name at `i` is
    then part of that word, not the start of a name."""
    for start in range(max(0, i - 3), i):
        for stop in range(i + 1, min(len(s), end + 1) + 1):
            if stop - start >= 2 and word_freq(s[start:stop]):
                return True
    return False


def after_numeral(s: str, i: int) -> bool:
    """Whether `s[i]` follows a numeral (1000余人, 四张清单): no name starts there."""
    return i > 0 and s[i - 1] in NUMERALS
