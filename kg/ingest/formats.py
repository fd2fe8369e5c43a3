"""One reader per format: each turns a file's bytes into plain text (before clean-up)."""
from __future__ import annotations

import io
import re
import zipfile

from ..errors import describe
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
    except zipfile.BadZipFile as exc:
        raise UndecodableError("not a readable .docx (the file is damaged or cut short)") from exc
    except Exception as exc:  # python-docx raises assorted lxml and package errors
        raise UndecodableError(f"not a readable .docx ({describe(exc)})") from exc
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
    import logging

    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)  # its warnings about damaged files go to stderr; the error says it
    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        pages = [page.extract_text() or "" for page in reader.pages]
    except FileNotDecryptedError as exc:
        raise UndecodableError("not a readable .pdf (it is encrypted with a password)") from exc
    except Exception as exc:  # pypdf raises assorted errors on damaged files
        if b"%%EOF" not in raw[-2048:]:
            raise UndecodableError("not a readable .pdf (the file is cut short: no end-of-file marker)") from exc
        raise UndecodableError(f"not a readable .pdf ({describe(exc)})") from exc
    finally:
        pypdf_log.setLevel(level)
    text = "\n".join(page.strip("\n") for page in pages)
    if not text.strip():
        raise UndecodableError("the PDF has no text layer (scanned pages need OCR first)")
    return _join_pdf_lines(text), "pdf"


PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]+\s*\d{1,4}\s*[-—–－]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?)\s*$")
SENTENCE_END = re.compile(r"[。：:；;！？!?）)」』”]$")
HEADING = re.compile(r"\s*([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]|附件)")
TITLE_END = re.compile(r"(报告|总结|年报|情况)$")


def _join_pdf_lines(text: str) -> str:
    """PDF text layers break lines where the page ends; put the broken sentences back together.

    A line is joined to the one before when that one ran to the full width of the text block (it was
    wrapped) and ends no sentence, heading or title. Page-number lines (— 2 —, 第2页) are dropped.
    """
    lines = [l.rstrip() for l in text.splitlines() if not PAGE_NUMBER.match(l)]
    lengths = sorted(len(l.strip()) for l in lines if l.strip())
    full = lengths[int(len(lengths) * 0.8)] if len(lengths) >= 5 else 30
    wrapped = min(25, max(8, int(full * 0.85)))
    out: list[str] = []
    for line in lines:
        prev = out[-1].strip() if out else ""
        if prev and line.strip() and len(prev) >= wrapped and not SENTENCE_END.search(prev) \
                and not TITLE_END.search(prev) and not HEADING.match(line):
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
    body = _main_block(root)
    if _han(body, links=True) > _han(body):
        raise UndecodableError("no report text (the page is links and navigation)")
    lines = _block_text(body)
    title = _page_title(root, body)
    if title and not any(title in l or l in title for l in lines[:5] if l):
        lines.insert(0, title)
    return "\n".join(l for l in lines if l), encoding


SITE_SUFFIX = re.compile(r"\s*[_|｜]\s*|\s+[-—–]+\s+|\s*--\s*")


def _page_title(root, body) -> str:
    """The report's title: the page heading shown above the body, else <title> less the site's name."""
    title = " ".join((root.findtext(".//title") or "").split())
    parts = [p for p in SITE_SUFFIX.split(title) if p.strip()]
    if len(parts) > 1:  # 宁阳县信访局关于…的报告_宁阳县人民政府: keep the part that names a report
        title = next((p for p in parts if re.search(r"报告|总结|年报|情况", p)), max(parts, key=len))
    heading_tags = ("h1", "h2", "h3")
    for el in root.iter(*heading_tags, "div", "p", "span", "td"):
        if el.tag not in heading_tags and not re.search(r"title|biaoti|tit", " ".join(
                filter(None, (el.get("class"), el.get("id")))), re.I):
            continue
        if body in el.iterancestors() or el is body:
            continue
        text = " ".join(el.text_content().split())
        if 4 <= len(text) <= 80 and (not title or text in title or title in text
                                     or re.search(r"报告|总结|年报", text)):
            return text
    return title


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


def _han(el, links: bool = False) -> int:
    """Chinese characters in `el` outside links (menus and link lists are not report text); with `links`,
    those inside links."""
    def count(node) -> int:
        return sum(1 for c in node.text_content() if "\u4e00" <= c <= "\u9fff")

    in_links = sum(count(a) for a in el.iter("a") if not any(p.tag == "a" for p in a.iterancestors()))
    return in_links if links else count(el) - in_links


def _main_block(root):
    """The element that holds the report: the deepest block with most of the page's Chinese text outside links."""
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


def read_office_binary(raw: bytes) -> tuple[str, str]:
    """Old binary Office files (.doc, .wps) and RTF: not read here, but said so plainly."""
    if raw.startswith(b"{\\rtf"):
        raise UndecodableError("an RTF file, not read by kg: save it as .docx or .txt first")
    raise UndecodableError("an old binary Word/WPS file (.doc/.wps), not read by kg: save it as .docx first")


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

READERS = {".txt": read_txt, ".text": read_txt, ".docx": read_docx, ".pdf": read_pdf,
           ".html": read_html, ".htm": read_html, ".shtml": read_html, ".xhtml": read_html,
           # old Office names: the content decides (binary Word → a clear error; text or HTML saved as .doc → read)
           ".doc": read_txt, ".wps": read_txt, ".rtf": read_txt}


def sniff(raw: bytes, suffix: str):
    """Pick a reader from the content, falling back to the extension for plain text."""
    if raw.startswith(b"%PDF"):
        return read_pdf
    if raw.startswith(b"PK\x03\x04") and b"word/" in raw[:65536]:
        return read_docx
    if raw.startswith(b"PK\x03\x04") and suffix == ".docx":
        return read_docx
    if raw.startswith((OLE2, b"{\\rtf")):
        return read_office_binary
    head = raw[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or (suffix in (".html", ".htm", ".shtml") and b"<" in head):
        return read_html
    return READERS.get(suffix, read_txt)
