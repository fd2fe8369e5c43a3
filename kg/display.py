"""Strings from outside (file names, reasons quoting them) made safe to show: on a terminal line, in XML, JSON, RDF.

A file name can hold any byte but `/` and NUL: bytes that are not UTF-8 (Python keeps them as surrogate escapes,
which no UTF-8 writer accepts), control characters (ESC starts terminal escape sequences, a newline forges a second
line, XML refuses most C0 controls), bidirectional overrides that reorder what a reader sees, and invisible format
characters. `one_line` shows each of them as a visible escape and leaves every other character as it is.
"""
from __future__ import annotations

import unicodedata

_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})  # controls, format (bidi, zero-width), surrogates,
# line and paragraph separators


def one_line(text: str) -> str:
    """`text` with every character that could act on a terminal, break a line, reorder the text or be refused by
    an XML or UTF-8 writer shown as an escape: ``\\x1b`` (ASCII controls), ``\\xc4`` (a byte of a file name that is
    not UTF-8), ``\\u202e`` (bidi overrides, zero-width and other format characters, C1 controls, noncharacters).

    The result is one line of valid, printable Unicode text; printable characters (CJK, full-width spaces,
    emoji, brackets) are kept as they are."""
    if text.isascii() and text.isprintable():
        return text  # the common case, and nothing to escape in it
    return "".join(_escape(c) if _unsafe(c) else c for c in text)


def _unsafe(c: str) -> bool:
    o = ord(c)
    if o < 0x20 or o == 0x7F:
        return True
    if o < 0x80:
        return False
    return unicodedata.category(c) in _ESCAPED_CATEGORIES or 0xFDD0 <= o <= 0xFDEF or (o & 0xFFFE) == 0xFFFE


def _escape(c: str) -> str:
    o = ord(c)
    if o < 0x80:
        return f"\\x{o:02x}"
    if 0xDC80 <= o <= 0xDCFF:  # os.fsdecode's surrogate escape of a byte that is not UTF-8: show the byte
        return f"\\x{o - 0xDC00:02x}"
    return f"\\u{o:04x}" if o <= 0xFFFF else f"\\U{o:08x}"


def megabytes(n: int) -> str:
    """A size in bytes as people read it in a message: "50 MB", "0.3 MB"."""
    return f"{n / 2**20:,.0f} MB" if n >= 2**20 else f"{n / 2**20:.1f} MB"
