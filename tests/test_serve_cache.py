"""The answers `kg serve` keeps (kg.serve.cache.AnswerCache): given again for the same key, bounded by number and
weight, errors never kept, one run for two requests asking the same thing at once; and through the real server,
the same canned query answered the same from the cache, and `--cache 0` keeping nothing."""
from __future__ import annotations

import threading
import time

import httpx
import pytest
from conftest import kg_server

from kg.serve.cache import AnswerCache


class Asker:
    """answer() callables that count how often they ran."""

    def __init__(self):
        self.runs: list[str] = []

    def __call__(self, value, fail: bool = False):
        def answer():
            self.runs.append(value)
            if fail:
                raise RuntimeError(value)
            return value
        return answer


def test_cache_gives_the_kept_answer_again_without_running_it():
    cache, ask = AnswerCache(entries=4, rows=100), Asker()
    assert cache.get("a", ask("A")) == "A"
    assert cache.get("a", ask("other")) == "A"
    assert ask.runs == ["A"] and cache.stats()["hits"] == 1 and cache.stats()["misses"] == 1


@pytest.mark.parametrize("entries, rows, weights, asked, kept", [
    (2, 100, {"a": 1, "b": 1, "c": 1}, ["a", "b", "c"], {"b", "c"}),        # the least recently asked goes first
    (2, 100, {"a": 1, "b": 1, "c": 1}, ["a", "b", "a", "c"], {"a", "c"}),   # asking again makes it recent
    (9, 20, {"a": 2, "b": 2, "c": 2}, ["a", "b", "c"], {"a", "b", "c"}),     # within the weight
    (20, 40, dict.fromkeys("abcdefghijk", 4), list("abcdefghijk"), set("bcdefghijk")),  # past the weight: the oldest go
    (9, 20, {"a": 2, "b": 2, "big": 3}, ["a", "b", "big"], {"a", "b"}),      # heavier than a tenth: not kept
    (9, 5, {"a": 1, "b": 1, "c": 0}, ["a", "b", "c"], set()),                 # a budget under 10 keeps nothing
    (0, 100, {"a": 1}, ["a", "a"], set()),                                     # 0 entries: none kept
])
def test_cache_keeps_what_its_bounds_allow(entries, rows, weights, asked, kept):
    cache, ask = AnswerCache(entries=entries, rows=rows), Asker()
    for key in asked:
        cache.get(key, ask(key), weight=lambda v: weights[v])
    assert {key for key in weights if key in cache} == kept
    assert cache.stats()["weight"] == sum(weights[k] or 1 for k in kept) <= rows and len(cache) == len(kept)


def test_cache_never_keeps_an_error():
    cache, ask = AnswerCache(), Asker()
    for _ in range(2):
        with pytest.raises(RuntimeError):
            cache.get("slow", ask("timed out", fail=True))
    assert ask.runs == ["timed out", "timed out"] and cache.stats()["entries"] == 0
    assert cache.get("slow", ask("fine")) == "fine"


@pytest.mark.parametrize("fail", [False, True])
def test_cache_runs_once_for_requests_asking_the_same_thing_at_once(fail):
    cache, ran, started, release = AnswerCache(), [], threading.Event(), threading.Event()

    def answer():
        ran.append(1)
        started.set()
        release.wait(10)
        if fail:
            raise RuntimeError("no")
        return "A"

    got = []

    def ask():
        try:
            got.append(cache.get("k", answer))
        except RuntimeError as e:
            got.append(str(e))

    first = threading.Thread(target=ask)
    first.start()
    started.wait(10)
    others = [threading.Thread(target=ask) for _ in range(3)]
    for t in others:
        t.start()
    while cache.stats()["waits"] < 3:
        time.sleep(0.01)
    release.set()
    for t in [first, *others]:
        t.join(10)
    assert ran == [1] and got == ["no" if fail else "A"] * 4


def test_cache_bounds_must_not_be_negative():
    with pytest.raises(ValueError):
        AnswerCache(entries=-1)


def _health(base):
    return httpx.get(base + "/health").json()["cache"]


@pytest.mark.parametrize("args, kept", [((), True), (("--cache", "0"), False)])
def test_serve_gives_the_same_answer_from_its_cache_and_keeps_none_with_cache_0(store_dir, args, kept):
    path = "/query/download"
    params = {"name": "regulations_by_county", "county": "平阴县", "format": "json"}
    with kg_server(store_dir, *args) as (base, _):
        first = httpx.get(base + path, params=params, timeout=30)
        before = _health(base)
        second = httpx.get(base + path, params=params, timeout=30)
        after = _health(base)
        sparql = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
        answers = [httpx.get(base + "/sparql", params=sparql, timeout=30).json() for _ in range(2)]
        last = _health(base)
    assert first.status_code == second.status_code == 200 and first.json() == second.json() and first.json()
    assert answers[0] == answers[1]
    if kept:
        assert after["hits"] == before["hits"] + 1 and last["hits"] == after["hits"] + 1 and last["entries"] >= 2
    else:
        assert last["hits"] == 0 and last["entries"] == 0 and last["max_entries"] == 0
        assert last["misses"] >= 4  # every query was asked of the store
