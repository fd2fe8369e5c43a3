"""One reader per format: each turns a file's bytes into plain text (before clean-up)."""
from __future__ import annotations

import io
import re
from typing import NamedTuple

from ..errors import Errors, describe
from .archive import unpack_checked
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
    """A Word file's paragraphs and table rows (cells joined by tabs), one a line, in reading order.

    The package is unpacked within limits first (`archive.unpack_checked`: zip bombs, DTDs and external
    entities are refused); python-docx parses that checked copy with entity resolution off."""
    package = unpack_checked(raw, ".docx")
    from docx import Document

    try:
        doc = Document(io.BytesIO(package))
    except Exception as exc:  # python-docx raises assorted lxml and package errors
        raise UndecodableError(Errors.E118.format(detail=describe(exc))) from exc
    if doc.element.getroottree().docinfo.doctype:  # a main part not named *.xml escapes the scan: refused here
        raise UndecodableError(Errors.E130)
    parts = []
    for child in doc.element.body.iterchildren():
        tag = _local(child)
        if tag == "p":
            parts.append(_run_text(child))
        elif tag == "tbl":
            parts.extend(_table_rows(child))
    return "\n".join(parts), "docx"


def _local(el) -> str:
    """An element's tag without its namespace; "" for comments, processing instructions and entities."""
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def _run_text(el) -> str:
    """The text of every <w:t> under `el`, in document order."""
    return "".join(t.text or "" for t in el.iter() if _local(t) == "t")


def _table_rows(table) -> list[str]:
    """One line per row of `table`, its cells joined by tabs (rows and cells inside content controls too). A table
    nested in a cell is part of that cell's text: every element is looked at once, however deep tables nest."""
    return ["\t".join(_run_text(cell) for cell in _outermost(row, "tc")) for row in _outermost(table, "tr")]


def _outermost(el, tag: str):
    """The elements named `tag` under `el` that are not inside another such element or a nested table, in
    document order (walked with a stack: no recursion)."""
    stack = list(reversed(el))
    while stack:
        node = stack.pop()
        name = _local(node)
        if name == tag:
            yield node
        elif name != "tbl":
            stack.extend(reversed(node))


def read_pdf(raw: bytes) -> tuple[str, str]:
    import logging

    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)  # its warnings about damaged files go to stderr; the error says it
    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        # a PDF locked with an owner password only (against copying or printing) opens with the empty user
        # password, as in any viewer; one that needs a user password stays closed
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise FileNotDecryptedError("needs a user password")
        pages = [page.extract_text() or "" for page in reader.pages]
    except FileNotDecryptedError as exc:
        raise UndecodableError(Errors.E119) from exc
    except DependencyError as exc:  # cryptography (a dependency of kg) missing from this installation
        raise UndecodableError(Errors.E131.format(detail=exc)) from exc
    except Exception as exc:  # pypdf raises assorted errors on damaged files
        if b"%%EOF" not in raw[-2048:]:
            raise UndecodableError(Errors.E120) from exc
        raise UndecodableError(Errors.E121.format(detail=describe(exc))) from exc
    finally:
        pypdf_log.setLevel(level)
    text = "\n".join(page.strip("\n") for page in pages)
    if not text.strip():
        raise UndecodableError(Errors.E122)
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
    out: list[list[str]] = []  # each output line as its pieces, joined once at the end (linear in the text)
    width = 0                   # length of the last output line, white space at its ends aside
    tail = ""                   # its last characters (what SENTENCE_END and TITLE_END look at)
    for line in lines:
        piece = line.strip()
        if width and piece and width >= wrapped and not SENTENCE_END.search(tail) \
                and not TITLE_END.search(tail) and not HEADING.match(line):
            out[-1].append(piece)
            width += len(piece)
            tail = (tail + piece)[-TAIL:]
        else:
            out.append([line])
            width, tail = len(piece), piece[-TAIL:]
    return "\n".join("".join(pieces) for pieces in out)


TAIL = 8  # characters of a line's end enough for SENTENCE_END and TITLE_END


def read_html(raw: bytes) -> tuple[str, str]:
    from lxml import etree, html

    text, encoding = _decode_html(raw)
    if not text.strip():
        return "", encoding
    parser = html.HTMLParser(huge_tree=True)  # text nodes over 10 MB, and trees up to 2,048 deep (not 256), read whole
    try:
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise UndecodableError(Errors.E123.format(detail=exc)) from exc
    limit = next((e for e in parser.error_log if e.type_name == "ERR_RESOURCE_LIMIT"), None)
    if limit is not None:  # libxml2 stopped reading there: the rest of the page would be lost without a word
        depth = re.search(r"depth[^\d]*(\d+)", limit.message)
        where = f"more than {int(depth.group(1)):,} elements deep" if depth else "too deep"
        raise UndecodableError(Errors.E132.format(where=where))
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
    sizes = _subtree_sizes(root)
    body = _main_block(root, sizes)
    if sizes[body].han_in_links > sizes[body].han_outside:
        raise UndecodableError(Errors.E124)
    lines = _block_text(body)
    title = _page_title(root, body, sizes)
    if title and not any(title in l or l in title for l in lines[:5] if l):
        lines.insert(0, title)
    return "\n".join(l for l in lines if l), encoding


SITE_SUFFIX = re.compile(r"\s*[_|｜]\s*|\s+[-—–]+\s+|\s*--\s*")
TITLE_MAX_NODES = 200   # an element holding more elements than this is no heading: its text is not looked at
TITLE_MAX_CHARS = 2000  # nor one holding more characters (a title has 4 to 80, white space aside)


def _page_title(root, body, sizes: dict) -> str:
    """The report's title: the page heading shown above the body, else <title> less the site's name."""
    title = " ".join((root.findtext(".//title") or "").split())
    parts = [p for p in SITE_SUFFIX.split(title) if p.strip()]
    if len(parts) > 1:  # 宁阳县信访局关于…的报告_宁阳县人民政府: keep the part that names a report
        title = next((p for p in parts if re.search(r"报告|总结|年报|情况", p)), max(parts, key=len))
    heading_tags = ("h1", "h2", "h3")
    in_body = set(body.iter())
    for el in root.iter(*heading_tags, "div", "p", "span", "td"):
        if el.tag not in heading_tags and not re.search(r"title|biaoti|tit", " ".join(
                filter(None, (el.get("class"), el.get("id")))), re.I):
            continue
        size = sizes.get(el)
        if el in in_body or size is None or size.nodes > TITLE_MAX_NODES or size.chars > TITLE_MAX_CHARS:
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


HAN = re.compile("[\u4e00-\u9fff]")


class _Size(NamedTuple):
    """What an element holds: Chinese characters outside links (menus and link lists are not report text) and
    inside them, all characters, and elements (itself included)."""

    han_outside: int
    han_in_links: int
    chars: int
    nodes: int


def _subtree_sizes(root) -> dict:
    """`_Size` of every element of `root`, in one pass from the leaves up (no element's text is read twice)."""
    def han(s: str | None) -> int:
        return len(HAN.findall(s)) if s else 0

    sizes: dict = {}
    for el in reversed(list(root.iter())):  # document order reversed: every element after all it contains
        if not isinstance(el.tag, str):
            continue
        total, links, chars, nodes = han(el.text), 0, len(el.text or ""), 1
        for child in el:
            if isinstance(child.tag, str):
                s = sizes[child]
                total += s.han_outside + s.han_in_links
                links += s.han_in_links
                chars += s.chars
                nodes += s.nodes
            total += han(child.tail)
            chars += len(child.tail or "")
        if el.tag == "a":
            links = total
        sizes[el] = _Size(total - links, links, chars, nodes)
    return sizes


def _main_block(root, sizes: dict):
    """The element that holds the report: the deepest block with most of the page's Chinese text outside links."""
    body = root.find("body")
    if body is None:
        body = root
    total = sizes[body].han_outside
    best = body
    while True:
        children = [c for c in best if isinstance(c.tag, str)]
        if not children:
            return best
        top = max(children, key=lambda c: sizes[c].han_outside)
        if total and sizes[top].han_outside >= 0.6 * total:
            best = top
        else:
            return best


def _block_text(el) -> list[str]:
    """The lines of `el`'s text: a line break before and after every block element. Walked with a stack, not
    recursion (a tree may be 2,048 elements deep), and each line is joined once from its pieces."""
    lines: list[list[str]] = [[]]
    stack = [(el, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in BLOCKS:
            lines.append([])
        if closing:
            if node is not el and node.tail:
                lines[-1].append(node.tail)
            continue
        if node.text and tag:
            lines[-1].append(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    return [re.sub(r"[ \t\u00a0\u3000]+", lambda m: m.group(0)[:1] if m.group(0)[:1] == "\u3000" else " ",
                   "".join(line)).strip() for line in lines]


def read_office_binary(raw: bytes) -> tuple[str, str]:
    """Old binary Office files (.doc, .wps) and RTF: not read here, but said so plainly."""
    if raw.startswith(b"{\\rtf"):
        raise UndecodableError(Errors.E125)
    raise UndecodableError(Errors.E126)


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
