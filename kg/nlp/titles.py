"""Bracketed titles: 《…》 and 〈…〉, nested (〈睢县《信访工作条例》落实年实施方案〉)."""
from __future__ import annotations

import re
from dataclasses import dataclass

OPEN = {"《": "》", "〈": "〉"}
CLOSE = {"》", "〉"}
BRACKET_OR_BREAK = re.compile("[《〈》〉\n]")


@dataclass(frozen=True)
class Title:
    start: int      # position of the opening bracket
    end: int        # position after the closing bracket
    depth: int

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, self.end - 1


def bracketed(text: str, max_len: int = 120) -> list[Title]:
    """Every bracketed title, outer and nested, in order of its opening bracket."""
    out: list[Title] = []
    stack: list[int] = []
    for m in BRACKET_OR_BREAK.finditer(text):  # only brackets and line breaks matter: the rest is skipped in C
        i, ch = m.start(), m.group()
        if ch in OPEN:
            stack.append(i)
        elif ch in CLOSE and stack:
            start = stack.pop()
            if 0 < i - start - 1 <= max_len and "\n" not in text[start:i]:
                out.append(Title(start, i + 1, len(stack)))
        elif ch == "\n":
            stack.clear()
    out.sort(key=lambda t: t.start)
    return out
