"""jieba's dictionary: how often a string is a word, and its part-of-speech tag, read once from jieba's `dict.txt`.

The name rules (kg.nlp.names, kg.nlp.campaigns) weigh strings by jieba's dictionary: `word_freq` is
`jieba.dt.FREQ.get(w) or 0` (jieba stores the prefixes of its words with 0) and `word_tag` is
`jieba.posseg.dt.word_tag_tab.get(w)`, the same numbers and tags. They are read here from the file jieba reads them
from (one line per word: word, frequency, tag), once per process and only when first needed: about 0.2 s, where
initialising jieba (its prefix dictionary) and then jieba.posseg (its word tag table) costs about 1.4 s. The
segmenter (kg.nlp.tokenizer: rjieba, a binding of jieba-rs) segments with this dictionary too.
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path


def dict_file() -> Path:
    """jieba's default dictionary (found without importing jieba, which costs a tenth of a second)."""
    spec = importlib.util.find_spec("jieba")
    return Path(spec.origin).parent / "dict.txt"


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, int], dict[str, str]]:
    """(word → frequency, word → tag), as jieba reads its dictionary (a word listed twice: its last line)."""
    text = dict_file().read_text(encoding="utf-8").lstrip("\ufeff")
    parts = text.replace("\n", " ").split(" ")
    if parts and parts[-1] == "":
        parts.pop()
    words = parts[0::3]
    if len(parts) % 3 or not all(p.isdigit() for p in parts[1::3]):  # not one `word freq tag` per line: slowly
        return _by_line(text)
    return dict(zip(words, map(int, parts[1::3]))), dict(zip(words, parts[2::3]))


def _by_line(text: str) -> tuple[dict[str, int], dict[str, str]]:
    freq, tags = {}, {}
    for line in text.splitlines():
        fields = line.strip().split(" ")
        if len(fields) >= 2 and fields[1].isdigit():
            freq[fields[0]] = int(fields[1])
            if len(fields) == 3:
                tags[fields[0]] = fields[2]
    return freq, tags


def word_freq(w: str) -> int:
    """How often `w` is a word in jieba's dictionary (0: not a word)."""
    return _tables()[0].get(w, 0)


def word_tag(w: str) -> str | None:
    """jieba's part-of-speech tag of `w` (nr: a person's name, ns: a place …), None if it is no dictionary word."""
    return _tables()[1].get(w)


def tables() -> tuple[dict[str, int], dict[str, str]]:
    """The two tables themselves (word → frequency, word → tag), for loops that look up many strings."""
    return _tables()
