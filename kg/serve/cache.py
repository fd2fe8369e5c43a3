"""The answers `kg serve` gave most recently, kept to be given again: a built graph does not change while it is
served (the workers hold its store open read-only), so the same query with the same parameters has the same
answer until the server is restarted.

    cache = AnswerCache(entries=1024, rows=100_000)
    rows = cache.get(("county_citations", (("county", iri),)), lambda: pool.call(...), weight=len)

At most `entries` answers and `rows` rows (a weight the caller gives each answer: its rows, or a row per 256 bytes
of a serialized one, `byte_weight`) are held; the least recently asked go first, and an answer heavier than a
tenth of the budget is not kept. Only answers are kept, never errors: a query that timed out is asked again the
next time. Two requests asking the same thing at once run it once: the second waits for the first's answer (or its
error). Thread-safe.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from concurrent.futures import Future
from typing import Any, Callable, Hashable


DEFAULT_ENTRIES = 1024  # answers `kg serve` keeps unless told otherwise (`--cache`)


def byte_weight(body: bytes) -> int:
    """The weight of a serialized answer: a row per 256 bytes (a row of a table takes about that in memory)."""
    return len(body) // 256


class AnswerCache:
    """Recently given answers by key, bounded by their number and their total weight (0 entries: none kept)."""

    def __init__(self, entries: int = DEFAULT_ENTRIES, rows: int = 100_000):
        if entries < 0 or rows < 0:
            raise ValueError("a cache's bounds must not be negative")
        self.entries, self.rows = entries, rows
        self._held: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._asked: dict[Hashable, Future] = {}  # keys being answered now
        self._weight = 0
        self._lock = threading.Lock()
        self.hits = self.misses = self.waits = 0

    def get(self, key: Hashable, answer: Callable[[], Any], weight: Callable[[Any], int] = lambda _: 1) -> Any:
        """The answer kept for `key`, else `answer()` (kept when it returns, not when it raises)."""
        if not self.entries:
            with self._lock:
                self.misses += 1
            return answer()
        with self._lock:
            if key in self._held:
                self._held.move_to_end(key)
                self.hits += 1
                return self._held[key][0]
            pending = self._asked.get(key)
            if pending is None:
                self.misses += 1
                mine = self._asked[key] = Future()
            else:
                self.waits += 1
        if pending is not None:
            return pending.result()
        try:
            value = answer()
        except BaseException as e:
            with self._lock:
                del self._asked[key]
            mine.set_exception(e)
            raise
        with self._lock:
            del self._asked[key]
            self._keep(key, value, max(1, int(weight(value))))
        mine.set_result(value)
        return value

    def _keep(self, key: Hashable, value: Any, weight: int) -> None:
        if weight * 10 > self.rows:
            return
        self._held[key] = (value, weight)
        self._weight += weight
        while len(self._held) > self.entries or self._weight > self.rows:
            _, (_, w) = self._held.popitem(last=False)
            self._weight -= w

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._held

    def __len__(self) -> int:
        with self._lock:
            return len(self._held)

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {"entries": len(self._held), "weight": self._weight, "hits": self.hits, "misses": self.misses,
                    "waits": self.waits, "max_entries": self.entries, "max_weight": self.rows}
