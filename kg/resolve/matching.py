"""Multi-pattern matching over characters, shared by the gazetteer, the organisation resolver and the registry.

`Literals` finds a fixed set of strings by their last characters: a regular expression of the characters the
strings end with finds the few places a match can end (in C), and from each a trie of the strings read backwards
is walked as far as the text allows (a character or two, mostly).
Division names end in seven characters (省市县区州旗盟 …), the heads of bodies in two dozen: this is about ten
times faster than pyahocorasick, whose automaton over thousands of names with hundreds of first characters costs
a few hundred nanoseconds per character of text. `longest_matches` does the same with an automaton, for sets whose
strings end in many characters (the registry's titles).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from re import _constants as _c, _parser  # the parsed form of a pattern (with_first_chars)

import ahocorasick

# where a word may be taken: (text, start, end, word) → bool
Accept = Callable[[str, int, int, str], bool]


def longest_matches(automaton: ahocorasick.Automaton, text: str) -> list[tuple[int, int, str]]:
    """Matches of an automaton whose values are the matched strings: (start, end, string),
    the longest at each place, left to right, without overlaps."""
    return leftmost_longest((end - len(w) + 1, end + 1, w) for end, w in automaton.iter(text))


def leftmost_longest(hits: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Of `hits` (start, end, string), the longest at each place, left to right, without overlaps."""
    out, last = [], -1
    for s, e, w in sorted(hits, key=lambda h: (h[0], h[0] - h[1])):
        if s >= last:
            out.append((s, e, w))
            last = e
    return out


class Literals:
    """A set of strings, found in a text by the characters they end with."""

    def __init__(self, words: Iterable[str]):
        self.words = frozenset(w for w in words if w)
        self._trie: dict = {}  # the strings read backwards, character by character; "" marks a whole string
        for w in self.words:
            node = self._trie
            for c in reversed(w):
                node = node.setdefault(c, {})
            node[""] = w
        ends = "".join(sorted(self._trie))
        self._ends = re.compile("[" + re.escape(ends) + "]") if ends else None
        self._forward: dict | None = None  # the strings read forwards (longest_at), made when first needed

    def occurrences(self, text: str) -> list[tuple[int, int, str]]:
        """Every occurrence of every string, overlapping ones included: (start, end, string), by end, then by
        length."""
        if self._ends is None:
            return []
        root, out = self._trie, []
        for m in self._ends.finditer(text):
            e = k = m.end()
            node = root
            while k > 0:
                node = node.get(text[k - 1])
                if node is None:
                    break
                k -= 1
                w = node.get("")
                if w is not None:
                    out.append((k, e, w))
        return out

    def each(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """Each string's occurrences as `re.finditer(re.escape(string), text)` finds them (left to right, an
        occurrence overlapping the one before it of the same string left out), for all the strings in one pass."""
        out: dict[str, list[tuple[int, int]]] = {}
        for s, e, w in sorted(self.occurrences(text)):
            found = out.setdefault(w, [])
            if not found or s >= found[-1][1]:
                found.append((s, e))
        return out

    def longest_at(self, text: str, pos: int, accept: Accept | None = None) -> str | None:
        """The longest string written at `pos` (of those `accept` takes there): what `re.match(text, pos)` gives
        for the alternation of the strings, longest first."""
        if self._forward is None:
            self._forward = {}
            for w in self.words:
                node = self._forward
                for c in w:
                    node = node.setdefault(c, {})
                node[""] = w
        node, found, k, n = self._forward, [], pos, len(text)
        while 0 <= k < n:
            node = node.get(text[k])
            if node is None:
                break
            k += 1
            w = node.get("")
            if w is not None:
                found.append(w)
        for w in reversed(found):
            if accept is None or accept(text, pos, pos + len(w), w):
                return w
        return None

    def longest(self, text: str, accept: Accept | None = None) -> list[tuple[int, int, str]]:
        """The longest string at each place (of those `accept` takes there), left to right, without overlaps:
        what `re.finditer` gives for the alternation of the strings, longest first (each with its lookahead)."""
        hits = self.occurrences(text)
        if accept is not None:
            hits = [h for h in hits if accept(text, *h)]
        return leftmost_longest(hits)


def any_of(patterns: Iterable[str]) -> re.Pattern:
    """One pattern for several: it matches at a place (or is found in a text) where one of them does. (A pattern
    that never matches for none; each in a group of its own, so none may refer to a group by number or set a
    global inline flag.)"""
    patterns = list(patterns)
    return re.compile("|".join(f"(?:{p})" for p in patterns) if patterns else "(?!)")


def substrings(s: str) -> set[str]:
    """Every substring of `s`, the empty one and `s` included."""
    return {s[i:j] for i in range(len(s) + 1) for j in range(i, len(s) + 1)}


def finditer_from(pattern: re.Pattern, text: str, starts: Iterable[int]) -> Iterator[re.Match]:
    """`pattern.finditer(text)` for a pattern that matches no empty string and can only match at one of `starts`
    (the places a cheaper search found): the same matches, with the pattern tried only there."""
    last = 0
    for p in sorted(set(starts)):
        if p < last:
            continue
        m = pattern.match(text, p)
        if m is not None:
            yield m
            last = m.end()


def with_first_chars(pattern: re.Pattern) -> re.Pattern:
    """`pattern` led by a lookahead for the characters a match of it can start with (`(?=[…])`): the same matches,
    found faster where the pattern begins with optional parts or an alternation (Python's engine then tries the
    whole pattern at every place; a leading class it skips through in C). The class is read from the parsed
    pattern; where that is not possible (a match may start with any character, or be empty), `pattern` itself."""
    try:
        chars, empty = _first_chars(list(_parser.parse(pattern.pattern, pattern.flags)))
        if chars is None or empty or not chars:
            return pattern
        return re.compile("(?=[" + "".join(dict.fromkeys(chars)) + "])(?:" + pattern.pattern + ")", pattern.flags)
    except Exception:  # a pattern the reader does not know (or inline flags, which must lead): as it is
        return pattern


_CATEGORIES = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_WORD: r"\w"}


def _first_chars(items: list) -> tuple[list[str] | None, bool]:
    """(the items of a character class every match of the sequence starts with, or None for any character;
    whether the sequence can match the empty string)."""
    out: list[str] = []
    for op, av in items:
        chars, empty = _first_of(op, av)
        if chars is None:
            return None, False
        out += chars
        if not empty:
            return out, False
    return out, True


def _first_of(op, av) -> tuple[list[str] | None, bool]:
    if op is _c.LITERAL:
        return [re.escape(chr(av))], False
    if op is _c.IN:
        chars = []
        for o, a in av:
            if o is _c.LITERAL:
                chars.append(re.escape(chr(a)))
            elif o is _c.RANGE:
                chars.append(re.escape(chr(a[0])) + "-" + re.escape(chr(a[1])))
            elif o is _c.CATEGORY and a in _CATEGORIES:
                chars.append(_CATEGORIES[a])
            else:
                return None, False  # a negated class, or a category that has no short form
        return chars, False
    if op is _c.CATEGORY and av in _CATEGORIES:
        return [_CATEGORIES[av]], False
    if op is _c.BRANCH:
        chars, empty = [], False
        for alt in av[1]:
            first, e = _first_chars(list(alt))
            if first is None:
                return None, False
            chars += first
            empty = empty or e
        return chars, empty
    if op is _c.SUBPATTERN:
        return _first_chars(list(av[3]))
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, _, sub = av
        first, empty = _first_chars(list(sub))
        return (None, False) if first is None else (first, empty or low == 0)
    if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
        return [], True  # zero width: the next item consumes the first character
    return None, False  # anything else (a back reference, a conditional …): any character
