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

    def longest(self, text: str, accept: Accept | None = None) -> list[tuple[int, int, str]]:
        """The longest string at each place (of those `accept` takes there), left to right, without overlaps:
        what `re.finditer` gives for the alternation of the strings, longest first (each with its lookahead)."""
        hits = self.occurrences(text)
        if accept is not None:
            hits = [h for h in hits if accept(text, *h)]
        return leftmost_longest(hits)


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
