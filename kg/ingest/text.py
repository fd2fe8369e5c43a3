"""Bytes → text: encoding detection and clean-up with an offset map."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import data
from ..errors import Errors
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
    """True when control bytes (NUL included) are more than 5% of the first 4 KB: images, archives, programs.

    A stray NUL or two in a text (a damaged download, a bad copy) are not binary data: they cost only
    themselves (clean-up removes them). UTF-16 text has many NULs too; it is recognised before this check."""
    sample = raw[:4096]
    if not sample:
        return False
    ctrl = sum(1 for b in sample if b < 9 or 13 < b < 32 and b != 27)
    return ctrl / len(sample) > 0.05


def _utf16_without_bom(raw: bytes) -> tuple[str | None, str]:
    """UTF-16 without a BOM: the bytes decode as UTF-16 to text made of common characters.

    Chinese reports in UTF-16 are mostly CJK ideographs and punctuation, with ASCII digits and line breaks
    whose high bytes are zero. GBK bytes read as UTF-16 also give ideographs, but rare ones: the share of
    common characters (GB2312's 6,763) tells the two apart.
    """
    raw = raw[:len(raw) - len(raw) % 2]  # a file cut after the first byte of a character loses that character
    if len(raw) < 4:
        return None, ""
    even, odd = raw[0::2], raw[1::2]
    for enc, zeros in (("utf-16-le", odd), ("utf-16-be", even)):
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        textual = sum(1 for c in text if _is_text_char(c))
        if textual / max(len(text), 1) <= 0.95:
            continue
        if _mostly_common_han(text) and (_mostly_cjk(text) or zeros.count(0) > len(zeros) * 0.05):
            return text, enc
        if not _han_count(text) and zeros.count(0) > len(zeros) * 0.9:
            return text, enc  # ASCII text in UTF-16
    return None, ""


def _is_text_char(c: str) -> bool:
    """Ideographs, CJK and full-width punctuation, general punctuation, printable ASCII and line breaks."""
    return ("\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
            or "\u2000" <= c <= "\u206f" or c in "\u00b7\u00d7\u2103\u2116\u25cb\u25cf\u3007"
            or c.isascii() and (c.isprintable() or c in "\r\n\t"))


def _han_count(text: str) -> int:
    return sum(1 for c in text if "\u4e00" <= c <= "\u9fff")


def _is_common_han(c: str) -> bool:
    try:
        b = c.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and 0xB0 <= b[0] <= 0xF7


def _mostly_common_han(text: str, share: float = 0.8) -> bool:
    """True when most ideographs of `text` are common ones (GB2312 levels 1 and 2)."""
    han = [c for c in text[:20000] if "\u4e00" <= c <= "\u9fff"]
    return bool(han) and sum(1 for c in han if _is_common_han(c)) / len(han) >= share


def _reads_as_chinese(text: str, share: float = 0.85) -> bool:
    """True when the text's non-ASCII characters are mostly common ideographs and Chinese punctuation."""
    wide = [c for c in text[:20000] if not c.isascii()]
    if not wide:
        return False
    good = sum(1 for c in wide if _is_common_han(c) or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
               or "\u2010" <= c <= "\u2027")
    return good / len(wide) >= share and _mostly_common_han(text)


def _mostly_cjk(text: str) -> bool:
    return _han_count(text) / max(len(text), 1) > 0.5


def _mostly_intact(text: str) -> bool:
    """True when few places of `text` failed to decode (counted as places: one bad UTF-8 character is 1-3 marks)."""
    return len(re.findall("\ufffd+", text)) <= len(text) // 500 + 2


def decode(raw: bytes) -> tuple[str, str]:
    """Decode report bytes; return (text, encoding). Raises UndecodableError for binary data."""
    for bom, enc in BOMS:
        if raw.startswith(bom):
            text = raw.decode(enc, errors="replace")
            if not _mostly_intact(text):
                raise UndecodableError(Errors.E115.format(encoding=enc.removesuffix('-sig').upper()))
            return text, enc
    if not raw:
        return "", "utf-8"
    if b"\x00" in raw[:4096]:  # UTF-8 text has no NUL bytes; UTF-16 text has many
        text, enc = _utf16_without_bom(raw)
        if text is not None:
            return text, enc
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text, enc = _utf16_without_bom(raw)
    if text is not None:
        return text, enc
    if _looks_binary(raw):
        raise UndecodableError(Errors.E114)
    try:  # most reports that are not UTF-8 are GBK (GB18030 holds it): take it when it reads as Chinese
        text = raw.decode("gb18030")
        if _reads_as_chinese(text):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    for enc in ("utf-8", "gb18030"):  # a damaged byte or a character cut at the end costs that character only
        text = raw.decode(enc, errors="replace")
        if _mostly_intact(text) and (enc == "utf-8" or _reads_as_chinese(text)):
            return text, enc
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
    raise UndecodableError(Errors.E116)


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


_NOISE = re.compile("[\ufffd\x00-\x08\x0b\x0e-\x1f]")  # replacement characters and controls but \t \n \f \r


def looks_like_text(text: str) -> bool:
    """True when a decoded text reads as language rather than noise."""
    if not text.strip():
        return False
    sample = text[:20000]
    bad = len(_NOISE.findall(sample))
    return bad / len(sample) < 0.02
