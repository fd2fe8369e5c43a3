"""One reader per format: each turns a file's bytes into plain text (before clean-up)."""
from __future__ import annotations

import io
import re
import zipfile

from .text import UndecodableError, decode

HTML_DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
             "button", "select", "svg", "template")
BOILER_CLASS = re.compile(r"nav|menu|breadcrumb|header|footer|sidebar|share|toolbar|banner|"
                          r"crumb|topbar|bottom|copyright|related|login|search", re.I)
CONTENT_HINT = re.compile(r"content|article|main|detail|text|zoom|body|TRS_Editor|con", re.I)
BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
          "article", "ul", "ol", "dd", "dt", "blockquote", "pre", "td", "title"}


def read_txt(raw: bytes) -> tuple[str, str]:
    return decode(raw)


def read_docx(raw: bytes) -> tuple[str, str]:
    from docx import Document

    try:
        doc = Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UndecodableError(f"not a readable .docx ({exc.__class__.__name__})") from exc
    except Exception as exc:  # python-docx raises assorted lxml and package errors
        raise UndecodableError(f"not a readable .docx ({exc.__class__.__name__})") from exc
    parts = []
    body = doc.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = []
                    for cell in row.iterchildren():
                        if cell.tag.endswith("}tc"):
                            cells.append("".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t")))
                    parts.append("\t".join(cells))
    return "\n".join(parts), "docx"


def read_pdf(raw: bytes) -> tuple[str, str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise UndecodableError(f"not a readable .pdf ({exc.__class__.__name__}: {exc})") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise UndecodableError("the PDF has no text layer (scanned pages need OCR first)")
    return _join_pdf_lines(text), "pdf"


def _join_pdf_lines(text: str) -> str:
    """PDF text layers break lines mid-sentence; join lines that do not end a sentence or heading."""
    lines = [l.rstrip() for l in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if out and out[-1] and not re.search(r"[。：:；;！？!?）)]$", out[-1]) and line and \
                not re.match(r"\s*([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、])", line) and \
                len(out[-1]) > 25:
            out[-1] += line.strip()
        else:
            out.append(line)
    return "\n".join(out)


def read_html(raw: bytes) -> tuple[str, str]:
    from lxml import etree, html

    text, encoding = _decode_html(raw)
    if not text.strip():
        return "", encoding
    try:
        root = html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise UndecodableError(f"not readable HTML ({exc})") from exc
    for el in root.iter(etree.Comment, etree.ProcessingInstruction):
        el.drop_tree() if el.getparent() is not None else None
    for tag in HTML_DROP:
        for el in list(root.iter(tag)):
            if el.getparent() is not None:
                el.drop_tree()
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        marks = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("role"))))
        if marks and BOILER_CLASS.search(marks) and not CONTENT_HINT.search(marks) and el.tag != "body":
            el.drop_tree()
    title = (root.findtext(".//title") or "").strip()
    body = _main_block(root)
    lines = _block_text(body)
    if title and not any(title in l or l in title for l in lines[:5] if l):
        lines.insert(0, title)
    return "\n".join(l for l in lines if l), encoding


def _decode_html(raw: bytes) -> tuple[str, str]:
    head = raw[:4096].decode("ascii", errors="ignore")
    m = re.search(r"charset=[\"']?([\w-]+)", head, re.I)
    if m and not raw.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        enc = m.group(1).lower()
        enc = "gb18030" if enc in ("gb2312", "gbk") else enc
        try:
            return raw.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(raw)


def _han(el) -> int:
    text = el.text_content()
    return sum(1 for c in text if "\u4e00" <= c <= "\u9fff")


def _main_block(root):
    """The element that holds the report: the deepest block with most of the page's Chinese text."""
    body = root.find("body")
    if body is None:
        body = root
    total = _han(body)
    best = body
    while True:
        children = [c for c in best if isinstance(c.tag, str)]
        if not children:
            return best
        top = max(children, key=_han)
        if total and _han(top) >= 0.6 * total:
            best = top
        else:
            return best


def _block_text(el) -> list[str]:
    out: list[str] = [""]

    def walk(node):
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in BLOCKS:
            out.append("")
        if node.text and tag:
            out[-1] += node.text
        for child in node:
            walk(child)
            if child.tail:
                out[-1] += child.tail
        if tag in BLOCKS:
            out.append("")

    walk(el)
    return [re.sub(r"[ \t\u00a0\u3000]+", lambda m: m.group(0)[:1] if m.group(0)[:1] == "\u3000" else " ",
                   line).strip() for line in out]


READERS = {".txt": read_txt, ".text": read_txt, ".md": read_txt, ".docx": read_docx, ".pdf": read_pdf,
           ".html": read_html, ".htm": read_html, ".shtml": read_html, ".xhtml": read_html}


def sniff(raw: bytes, suffix: str):
    """Pick a reader from the content, falling back to the extension for plain text."""
    if raw.startswith(b"%PDF"):
        return read_pdf
    if raw.startswith(b"PK\x03\x04") and b"word/" in raw[:65536]:
        return read_docx
    if raw.startswith(b"PK\x03\x04") and suffix == ".docx":
        return read_docx
    head = raw[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or (suffix in (".html", ".htm", ".shtml") and b"<" in head):
        return read_html
    return READERS.get(suffix, read_txt)
