"""Multi-pattern matching over characters (pyahocorasick), shared by the gazetteer and the registry."""
from __future__ import annotations

import ahocorasick


def longest_matches(automaton: ahocorasick.Automaton, text: str) -> list[tuple[int, int, str]]:
    """Matches of an automaton whose values are the matched strings: (start, end, string),
    the longest at each place, left to right, without overlaps."""
    hits = sorted(((end - len(w) + 1, end + 1, w) for end, w in automaton.iter(text)),
                  key=lambda h: (h[0], -(h[1] - h[0])))
    out, last = [], -1
    for s, e, w in hits:
        if s >= last:
            out.append((s, e, w))
            last = e
    return out
