"""Bytes → text: encoding detection and clean-up with an offset map."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import data
from .report import OffsetMap

BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
FALLBACKS = ("utf-8", "gb18030", "big5")


class UndecodableError(ValueError):
    pass


def _looks_binary(raw: bytes) -> bool:
    sample = raw[:4096]
    if not sample:
        return False
    # UTF-16 text has many NULs too; it is handled before this check.
    ctrl = sum(1 for b in sample if b < 9 or 13 < b < 32 and b != 27)
    return b"\x00" in sample or ctrl / len(sample) > 0.05


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 without a BOM: every other byte of CJK/ASCII text is zero or the text decodes cleanly."""
    if len(raw) < 4 or len(raw) % 2:
        return None
    even, odd = raw[0::2], raw[1::2]
    for enc, zeros in (("utf-16-le", odd), ("utf-16-be", even)):
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff" or c.isascii() and (c.isprintable() or c in "\r\n\t"))
        if cjk / max(len(text), 1) > 0.9 and (zeros.count(0) > len(zeros) * 0.3 or _mostly_cjk(text)):
            return text
    return None


def _mostly_cjk(text: str) -> bool:
    han = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    return han / max(len(text), 1) > 0.5


def decode(raw: bytes) -> tuple[str, str]:
    """Decode report bytes; return (text, encoding). Raises UndecodableError for binary data."""
    for bom, enc in BOMS:
        if raw.startswith(bom):
            return raw.decode(enc), enc
    if not raw:
        return "", "utf-8"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = _utf16_without_bom(raw)
    if text is not None:
        return text, "utf-16"
    if _looks_binary(raw):
        raise UndecodableError("binary data, not text")
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=["utf_8", "gb18030", "gbk", "big5", "utf_16", "cp1252"]).best()
    if best is not None and best.encoding in ("gb18030", "gbk", "gb2312", "big5", "utf_16", "utf_8"):
        enc = "gb18030" if best.encoding in ("gbk", "gb2312") else best.encoding
        return raw.decode(enc, errors="replace"), enc
    for enc in FALLBACKS:
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            continue
    if best is not None:
        return str(best), best.encoding
    raise UndecodableError("no Chinese text encoding fits these bytes")


@lru_cache(maxsize=1)
def _artefacts() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in data.lines("artefacts.txt")))


def clean(source: str) -> tuple[str, OffsetMap]:
    """Remove conversion artefacts; return the clean text and a map back to `source`."""
    pieces: list[str] = []
    starts, sources = [0], [0]
    pos = out = 0
    for m in _artefacts().finditer(source):
        if m.start() == m.end():
            continue
        pieces.append(source[pos:m.start()])
        out += m.start() - pos
        pos = m.end()
        starts.append(out)
        sources.append(pos)
    pieces.append(source[pos:])
    text = "".join(pieces)
    text = text.replace("\r", "\n")  # lone carriage returns (old Mac line ends) become line breaks
    return text, OffsetMap(starts, sources)


def looks_like_text(text: str) -> bool:
    """True when a decoded text reads as language rather than noise."""
    if not text.strip():
        return False
    sample = text[:20000]
    bad = sum(1 for c in sample if c == "\ufffd" or (ord(c) < 32 and c not in "\n\t"))
    return bad / len(sample) < 0.02
