"""Zip-based inputs (.docx) opened without trusting them.

A zip says how large each member unpacks to; a zip bomb says little and unpacks to gigabytes, or tells the truth and
packs gigabytes of repeated bytes into a few megabytes. Before anything is unpacked, the declared sizes and the
compression ratio are checked against the limits below; then every member is unpacked in bounded chunks (a member
that unpacks to more than it declared is cut there, and fails its checksum) into a plain, uncompressed copy of the
package, the only copy a parser ever reads. XML parts carrying a document type declaration (the way to an external
or a billion-laughs entity) are refused: Word never writes one.
"""
from __future__ import annotations

import io
import zipfile

from ..display import megabytes
from ..errors import Errors, describe
from .text import UndecodableError

MAX_UNPACKED = 100 * 2**20  # all members together: far above any report (a 500,000-character .docx is ~30 MB)
MAX_MEMBERS = 10_000
MAX_RATIO = 100             # unpacked / packed size: Word's XML packs 5 to 20 times, a zip bomb ~1,000 times
RATIO_FROM = 10 * 2**20     # the ratio is looked at from this unpacked size on (small files pack as they like)
CHUNK = 64 * 1024
METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}  # the only ones Office writes
DOCTYPE = tuple("<!DOCTYPE".encode(enc) for enc in ("ascii", "utf-16-le", "utf-16-be"))
XML_SUFFIXES = (".xml", ".rels")


def unpack_checked(raw: bytes, kind: str = "zip") -> bytes:
    """The zip in `raw` unpacked within the limits and packed again without compression, every member as it was.

    Raises `UndecodableError` with a one-line reason (naming the file as `kind`, e.g. ".docx") when the archive is
    damaged, declares more than the limits allow, uses a method or encryption Office does not, or holds an XML part
    with a document type declaration."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise UndecodableError(Errors.E117.format(kind=kind)) from exc
    with zf:
        infos = zf.infolist()
        _check_declared(infos, len(raw), kind)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
            for info in infos:
                if not info.is_dir():
                    _copy_member(zf, info, copy, kind)
    return out.getvalue()


def _check_declared(infos: list[zipfile.ZipInfo], packed: int, kind: str) -> None:
    """Refuse, before unpacking anything, an archive whose own directory says it is too large or too packed."""
    if len(infos) > MAX_MEMBERS:
        raise UndecodableError(Errors.E133.format(kind=kind, count=len(infos), limit=MAX_MEMBERS))
    unpacked = 0
    for info in infos:
        if info.compress_type not in METHODS:
            raise UndecodableError(Errors.E134.format(kind=kind, member=info.filename, method=info.compress_type))
        if info.flag_bits & 0x1:
            raise UndecodableError(Errors.E135.format(kind=kind, member=info.filename))
        unpacked += info.file_size
    if unpacked > MAX_UNPACKED:
        raise UndecodableError(Errors.E136.format(kind=kind, size=megabytes(unpacked), limit=megabytes(MAX_UNPACKED)))
    if unpacked > RATIO_FROM and unpacked > MAX_RATIO * max(packed, 1):
        raise UndecodableError(Errors.E137.format(kind=kind, size=megabytes(unpacked), packed=megabytes(packed),
                                                  ratio=unpacked // max(packed, 1), limit=MAX_RATIO))


def _copy_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, copy: zipfile.ZipFile, kind: str) -> None:
    """Unpack one member in chunks into `copy`: never more than it declared (the reader stops there and the
    checksum of a member that had more fails), never one large read; XML parts are scanned for a DTD."""
    scan = info.filename.lower().endswith(XML_SUFFIXES)
    seen = b""
    try:
        with zf.open(info) as src, copy.open(zipfile.ZipInfo(info.filename), "w") as dst:
            while chunk := src.read(CHUNK):
                if scan:
                    window = seen + chunk
                    if any(d in window for d in DOCTYPE):
                        raise UndecodableError(Errors.E138.format(member=info.filename, kind=kind))
                    seen = window[-32:]
                dst.write(chunk)
    except UndecodableError:
        raise
    except Exception as exc:  # a bad checksum (more bytes than declared), a broken deflate stream (zlib.error)
        raise UndecodableError(Errors.E139.format(kind=kind, member=info.filename, detail=describe(exc))) from exc
