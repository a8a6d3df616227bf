"""Turn a file into extracted text, a title and (for PDFs) page offsets.

Each loader raises `LoadError` with a short reason a person can act on; the caller adds the path.
"""

from __future__ import annotations

import codecs

import logging
import re
import tempfile
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from ingest.blocks import Block, clean_heading, first_heading
from ingest.document_metadata import docx_metadata, file_metadata, front_matter_metadata, pdf_metadata
from ingest.markdown_titles import first_line, is_index_page, title_from_file_name, top_heading
from ingest.template_tags import without_template_tags
from ingest.titles import is_junk_title

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".mdx", ".html", ".htm", ".pdf", ".docx")

# A .docx is a zip: refuse archives that would inflate far beyond any real document.
_MAX_DOCX_INFLATED = 200_000_000
_MAX_TITLE = 300  # a five-line paper title runs past 200 characters
# IngestSettings.max_extracted_chars: the default when a caller gives none.
DEFAULT_MAX_CHARS = 20_000_000
# IngestSettings.max_line_chars: the default when a caller gives none.
DEFAULT_MAX_LINE_CHARS = 1_000_000


class LoadError(Exception):
    """A file that cannot be indexed; the message is the reason, without the path."""


class NoDocument(LoadError):
    """A file of a document's type that holds no document: a site theme's template (MkDocs'
    `overrides/main.html`, only `{% extends "base.html" %}`). Skipped like an image, not failed: every
    MkDocs Material docs tree has one, and a whole tree's ingest would otherwise end in failure."""


class TextBudget:
    """Characters a file may still yield, one per file, handed down to whichever loader reads it.
    Loaders charge each piece as they extract it, so a file that inflates far past the limit (a
    small .docx of 190 M characters) is refused at once, before its text (or a tree of it) fills
    memory. A text a loader builds from pieces already charged (labels added, parts dropped) is
    checked against the limit as it stands, not charged a second time."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def charge(self, characters: int) -> None:
        self.used += characters
        if self.used > self.limit:
            self._refuse()

    def take(self, text: str) -> str:
        self.charge(len(text))
        return text

    def check(self, characters: int) -> None:
        """Refuse `characters` past the limit without charging them: a text whose pieces were charged
        as they were read, or will be."""
        if characters > self.limit:
            self._refuse()

    def _refuse(self) -> None:
        raise LoadError(f"extracted text passes the {self.limit:,}-character limit (max_extracted_chars): refused")


@dataclass(frozen=True, slots=True)
class LoadedDocument:
    text: str
    title: str
    kind: str
    page_starts: list[int] = field(default_factory=list)
    # Problems that did not stop the file (e.g. "3 of 12 pages had no text layer: OCR used").
    warnings: list[str] = field(default_factory=list)
    # ingest.page_words.PageWords of pages whose text came from OCR.
    ocr_words: list = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    """Headings, paragraphs, list items, ... located in `text`; empty for flat text."""
    # ingest.formats.mail.MailAttachment: an e-mail's attachments, indexed as documents of their own.
    attachments: list = field(default_factory=list)
    metadata: list[tuple[str, str]] = field(default_factory=list)
    """(key, value) pairs the file gives about itself (ingest.document_metadata), for filters."""
    partial: bool = False
    """Only part of a damaged file was read (a PDF cut short): it replaces a version already indexed only
    when that one is cut too and reads no more pages (ingest.pipeline)."""


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def load(path: Path, max_bytes: int, max_chars: int = DEFAULT_MAX_CHARS,
         max_line_chars: int = DEFAULT_MAX_LINE_CHARS) -> LoadedDocument:
    """Load one file by its extension; refused past `max_bytes` on disk, `max_chars` of text or a line
    of `max_line_chars`."""
    loader = _LOADERS.get(path.suffix.lower())
    if loader is None:
        raise LoadError(f"unsupported file type {path.suffix or '(none)'}")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise LoadError("file does not exist (or is a broken link)") from None
    except OSError as exc:
        raise LoadError(f"cannot read: {exc.strerror or exc}") from None
    if not path.is_file():
        raise LoadError("not a regular file")
    if size > max_bytes:
        raise LoadError(f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
    if size == 0:  # said so, not "corrupt DOCX (not a zip archive)": an interrupted copy or download
        raise LoadError("no text: the file is empty (0 bytes)")
    doc = loader(path, TextBudget(max_chars))
    if not doc.text.strip():
        raise LoadError("no text: the document is empty")
    _refuse_long_line(doc.text, max_line_chars)
    return replace(doc, metadata=doc.metadata + file_metadata(path))


def _refuse_long_line(text: str, limit: int) -> None:
    """A text whose line runs past `limit` is a minified script, a data dump or words that lost their
    line breaks, not a document: it is refused in one line instead of being embedded, thousands of
    chunks of one "paragraph", for many minutes with nothing to show."""
    longest = max(map(len, text.splitlines()), default=0)
    if longest > limit:
        raise LoadError(f"one line runs {longest:,} characters without a line break, past the {limit:,}-character "
                        "line limit (max_line_chars): minified code or a data dump, not prose: refused")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except PermissionError:
        raise LoadError("cannot read: permission denied") from None
    except OSError as exc:
        raise LoadError(f"cannot read: {exc.strerror or exc}") from None


def _decode_text(path: Path, budget: TextBudget | None = None) -> str:
    """The file's text, refused past the budget's limit (if given) but not charged: the caller charges
    what it keeps of it (all of a text file; a spreadsheet's cells as it reads them; a markup page's
    text as it is read)."""
    data = _read_bytes(path)
    if not data or data.isspace():  # not data.strip(): a copy of the whole file
        raise LoadError("no text: the file is empty")
    wide = _wide_encoding(data)
    if wide is None and b"\x00" in data[:8192]:
        raise LoadError("binary content in a text file (NUL bytes)")
    # A character takes at most 4 bytes in UTF-8, UTF-16 and UTF-32 (plus a BOM): past that the text
    # surely passes the limit, and is refused without decoding it.
    if budget is not None:
        budget.check(len(data) // 4)
    try:
        text = data.decode(wide or "utf-8-sig")
    except UnicodeDecodeError as exc:
        name = "UTF-8" if wide is None else wide.upper()
        if exc.start >= len(data) - 3 and wide is not None:
            raise LoadError(f"not valid {name} (the file ends mid-character: cut short?)") from None
        raise LoadError(f"not valid {name} (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None
    if wide is not None and ("\x00" in text[:8192] or not text.strip()):
        raise LoadError("binary content in a text file (NUL bytes)" if text.strip() else "no text: the file is empty")
    if budget is not None:
        budget.check(len(text))
    return text


# Windows editors save "Unicode" text as UTF-16 with a byte-order mark: its NUL bytes are text, not
# binary. UTF-32's marks are tested first: UTF-32-LE's begins with UTF-16-LE's.
_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
              (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _wide_encoding(data: bytes) -> str | None:
    """"utf-16" or "utf-32" when `data` opens with that encoding's byte-order mark, else None."""
    return next((name for bom, name in _WIDE_BOMS if data.startswith(bom)), None)


def _clean_title(line: str) -> str:
    line = re.sub(r"^[#>*\-\s]+|[*_\s]+$", "", line.strip())
    return line[:_MAX_TITLE]


_TITLE_LIKE = 150


# A line that only opens or closes a code fence ("```", "```python"): no headline.
_FENCE_ONLY = re.compile(r"(```|~~~)[\w+#.-]*")


def _first_line_title(text: str, fallback: str) -> str:
    """The first short line among the first few (a headline); else the first line, shortened."""
    lines = [t for t in (_clean_title(line) for line in text.splitlines()[:12]) if t and not _FENCE_ONLY.fullmatch(t)]
    if not lines:
        return fallback
    for line in lines[:4]:
        if len(line) <= _TITLE_LIKE:
            return line
    first = lines[0]
    cut = first.rfind(" ", 0, 80)
    return first[: cut if cut > 20 else 80].rstrip(",;:") + "…"


def _title(metadata: str, structural: str, text: str, path: Path, fallback: str = "") -> str:
    """The metadata title unless it is junk (`paper.dvi`, `untitled`, ...), then the document's own,
    then `fallback` (else the text's first short line)."""
    metadata = _clean_title(metadata)
    if metadata and not is_junk_title(metadata, path):
        return metadata
    return _clean_title(structural) or fallback or _first_line_title(text, path.stem)


def _load_text(path: Path, budget: TextBudget) -> LoadedDocument:
    from ingest.formats.rst_detect import is_restructured_text

    text = _decode_text(path, budget)
    if is_restructured_text(text):  # Sphinx sources kept as .txt (Django's docs): read as .rst is
        from ingest.formats.markup import rst_document

        try:
            return rst_document(text, path, budget)
        except LoadError:
            # Markup docutils can't read (or substitutions that would expand past the limit) is still a
            # text file's text; the budget is charged only by a page read through, or past its limit.
            pass
    return LoadedDocument(text=budget.take(text), title=_first_line_title(text, path.stem), kind="text")


# A MyST include (```` ```{include} ../README.md ````): the page a docs build makes holds that file, the Markdown
# file does not; said as reStructuredText's `.. include::` is (try21: attrs' index.md and overview.md).
_MYST_INCLUDE = re.compile(r"^[ \t]*(?:`{3,}|~{3,}|:{3,})[ \t]*\{(?:include|literalinclude)\}", re.MULTILINE)


def _load_markdown(path: Path, budget: TextBudget) -> LoadedDocument:
    from ingest.formats.markup import unfollowed_includes
    from ingest import markdown_blocks as md

    text = budget.take(_decode_text(path, budget))
    # MDX (Docusaurus' pages) is Markdown with JSX: read as Markdown, its imports and `:::` fences no text.
    blocks = md.markdown_blocks(text, mdx=path.suffix.lower() == ".mdx")
    # Rows past the cap are cut from the text, as a spreadsheet's are.
    text, blocks, dropped = md.capped_table_rows(text, blocks, md.MAX_TABLE_ROWS)
    warnings = [f"{dropped:,} table rows past the {md.MAX_TABLE_ROWS:,}-row cap were not indexed"] if dropped else []
    written = _clean_title(md.front_matter(text)[1])
    # A front-matter title that only repeats the file's name is junk (a tool wrote it), unless it spells
    # the name its own way: then the author wrote it ("macOS" of Hugo's macos.md, not "Macos").
    if written.lower() == path.stem.lower() != written:
        title = written
    else:  # not the first heading found: a page without an H1 opens with a section of itself
        lead = first_line(text, blocks) if is_index_page(path) else ""
        title = _title(written, top_heading(text, blocks) or lead, "", path, title_from_file_name(path))
    metadata = front_matter_metadata(md.front_matter_block(text))
    return LoadedDocument(text=text, title=title, kind="markdown", blocks=blocks, metadata=metadata,
                          warnings=warnings + unfollowed_includes(len(_MYST_INCLUDE.findall(text))))


_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
              "svg", "iframe", "object", "head")


# lexbor's parse time grows with the square of nesting depth (100,000 nested <div>s: minutes), and
# a signal can't interrupt C code, so deep nesting is refused before parsing. Tags whose end tag is
# optional or absent close themselves and don't count.
_MAX_HTML_DEPTH = 2000
_TAG = re.compile(rb"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>")
_SELF_CLOSING = frozenset(
    b"area base br col embed hr img input link meta param source track wbr "
    b"p li dt dd tr td th option optgroup thead tbody tfoot colgroup rt rp html head body".split()
)


def _html_depth(raw: bytes) -> int:
    depth = deepest = 0
    for closing, name, empty in _TAG.findall(raw):
        if empty or name.lower() in _SELF_CLOSING:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def check_html_depth(raw: bytes) -> None:
    """Refuse HTML too deeply nested to parse in time (before any parser sees it)."""
    depth = _html_depth(raw)
    if depth > _MAX_HTML_DEPTH:
        raise LoadError(f"HTML nested {depth:,} elements deep (limit {_MAX_HTML_DEPTH:,}): refused")


def _load_html(path: Path, budget: TextBudget) -> LoadedDocument:
    from selectolax.lexbor import LexborHTMLParser

    from ingest.blocks import BlockText
    from ingest.html_blocks import html_block_text

    raw = _read_bytes(path)
    wide = _wide_encoding(raw)
    if wide is not None:
        # Read as UTF-8 from here: the depth check and the parser count bytes of ASCII markup.
        raw = raw.decode(wide, errors="replace").encode("utf-8")
    if b"\x00" in raw[:8192]:
        raise LoadError("binary content in an HTML file (NUL bytes)")
    check_html_depth(raw)
    try:
        markup = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        markup = raw.decode("cp1252", errors="replace")
    tree = LexborHTMLParser(markup)
    title_node = tree.css_first("title")
    title = _clean_title(title_node.text()) if title_node is not None else ""
    h1 = tree.css_first("h1")
    for tag in _DROP_TAGS:
        for node in tree.css(tag):
            node.decompose()
    root = tree.css_first("main") or tree.css_first("article") or tree.body or tree.root
    body = html_block_text(root, budget.take) if root is not None else BlockText()
    text = body.text
    # Only a text of template tags is a template; an empty page (or one whose words a script writes) is an
    # empty document, refused as such below.
    if text.strip() and not without_template_tags(text).strip():
        raise NoDocument("a template: no words outside its template tags")
    h1_title = clean_heading(h1.text()) if h1 is not None else ""
    return LoadedDocument(text=text, title=_title(title, h1_title, text, path), kind="html", blocks=body.blocks)


def _quiet_pypdf() -> None:
    """pypdf logs what it repaired or gave up on ("EOF marker not found", "Object 760 0 not
    defined") as warnings that name no file, and with no logging set up Python prints them on
    stderr between ingest's own lines, which each name their file. The file's one line is enough:
    a PDF pypdf cannot read is refused with the reason, one it mended is indexed. A level someone
    set on the "pypdf" logger is kept."""
    logger = logging.getLogger("pypdf")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.ERROR)


def _load_pdf(path: Path, budget: TextBudget) -> LoadedDocument:
    try:
        return _read_pdf(path, path, budget)
    except _DamagedPdf as damaged:
        from ingest.pdf_cut import salvage

        salvaged = salvage(path)
        if salvaged is None:
            raise LoadError(str(damaged)) from None
    # The pages read are a whole PDF of their own, so pdfium (word spaces, OCR of a page) can open them.
    with tempfile.TemporaryDirectory(prefix="citeline-pdf-") as folder:
        readable = Path(folder) / "salvaged.pdf"
        readable.write_bytes(salvaged.data)
        try:
            doc = _read_pdf(readable, path, budget)
        except _DamagedPdf as again:
            raise LoadError(str(again)) from None
    from ingest.text_quality import assess

    # A title read from a page whose fonts were cut off is glyph soup, even when pdfium read its text.
    title = doc.title if assess(doc.title).readable else path.stem
    return replace(doc, title=title, warnings=[salvaged.warning, *doc.warnings], partial=True)


class _DamagedPdf(LoadError):
    """pypdf could not read the file's structure; some of its pages may still be read."""


def _read_pdf(readable: Path, path: Path, budget: TextBudget) -> LoadedDocument:
    """The PDF at `readable`, named (title, messages) as the file at `path`."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    from ingest.pdf_text import read_page, reflow_pages
    from ingest.pdf_title import first_page_title, metadata_title, stale_metadata_title

    _quiet_pypdf()
    try:
        reader = PdfReader(str(readable))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise LoadError("encrypted PDF (needs a password)")
            except LoadError:
                raise
            except Exception:
                raise LoadError("encrypted PDF (cannot be decrypted)") from None
        pages = []
        for page in reader.pages:
            pages.append(read_page(page))
            budget.charge(sum(len(line.text) + 1 for line in pages[-1].lines))
        meta_title = metadata_title(str((reader.metadata.title if reader.metadata else None) or ""))
        metadata = pdf_metadata(reader.metadata)
    except LoadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise _DamagedPdf(f"corrupt PDF ({type(exc).__name__}: {str(exc)[:120]})") from None
    except Exception as exc:  # pypdf raises many kinds on broken files; one line is the contract
        raise _DamagedPdf(f"unreadable PDF ({type(exc).__name__})") from None
    from ingest.pdf_spaces import with_word_spaces
    from ingest.pdf_unmapped import unmapped_note, with_mapped_glyphs

    pages = with_word_spaces(readable, with_mapped_glyphs(readable, pages))
    reflowed = reflow_pages(pages)
    body = reflowed.body
    text = body.text
    page_title = first_page_title(reflowed.first_page)
    if stale_metadata_title(str(meta_title), page_title, reflowed.first_page):
        meta_title = ""
    title = _title(str(meta_title), page_title, text, path)
    doc = LoadedDocument(text=text, title=title, kind="pdf", page_starts=body.page_starts, blocks=body.blocks,
                         metadata=metadata)
    from ingest.pdf_recovery import ensure_readable, split_pages  # imports this module: imported late

    doc = ensure_readable(path, doc, readable)
    note = unmapped_note(split_pages(doc))
    return replace(doc, warnings=[*doc.warnings, note]) if note else doc


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _stream_docx_text(archive: zipfile.ZipFile, budget: TextBudget) -> None:
    """Charge the text runs of every XML part as a stream, before python-docx builds a tree of the
    whole document: a text bomb stops here at the limit, with memory for only the text read so far.
    Every part counts (headers, notes...), so a renamed main part can't slip past."""
    from lxml import etree

    for info in archive.infolist():
        if not info.filename.endswith(".xml"):
            continue
        with archive.open(info) as member:
            parts = etree.iterparse(member, events=("end",), tag=(_W + "t", _W + "p"),
                                    resolve_entities=False, no_network=True)
            try:
                for _, element in parts:
                    if element.tag == _W + "t":
                        budget.charge(len(element.text or ""))
                    else:
                        budget.charge(2)  # the blank line between paragraphs
                        # Drop what was read, so the partial tree stays as small as one paragraph.
                        element.clear(keep_tail=False)
                        while element.getprevious() is not None:
                            del element.getparent()[0]
            except etree.XMLSyntaxError:
                continue  # python-docx reports a broken part it needs


def _load_docx(path: Path, budget: TextBudget) -> LoadedDocument:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    from ingest.docx_blocks import docx_block_text
    from ingest.docx_package import is_strict, missing_media, with_empty_parts

    from ingest.formats.archive import refuse_encrypted
    from ingest.formats.xml_entities import refuse_doctype, undeclared_entity

    source: object = str(path)
    warnings: list[str] = []
    refuse_encrypted(path, "DOCX")
    try:
        with zipfile.ZipFile(path) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
            if inflated > _MAX_DOCX_INFLATED:
                raise LoadError(f"DOCX inflates to {inflated:,} bytes: refused as a likely zip bomb")
            refuse_doctype(archive, "DOCX")
            _stream_docx_text(archive, budget)
            if is_strict(archive):
                raise LoadError("Strict Open XML .docx, which python-docx cannot read: "
                                "save it as a Word Document (.docx) and ingest it again")
            missing = missing_media(archive)
            if missing:
                source = with_empty_parts(archive, missing)
                warnings.append(f"{len(missing)} part(s) the package refers to are missing from it "
                                f"(e.g. {missing[0][:80]}): left out")
    except zipfile.BadZipFile:
        raise LoadError("corrupt DOCX (not a zip archive)") from None
    except OSError as exc:
        raise LoadError(f"cannot read: {exc.strerror or exc}") from None
    try:
        document = docx.Document(source)
    except KeyError as exc:  # a part the package lists is not in the zip
        raise LoadError(f"corrupt DOCX (missing part: {str(exc).strip(chr(34) + chr(39))[:120]})") from None
    except etree.XMLSyntaxError as exc:  # also what too deep a nesting gives (libxml2 stops at 256 levels)
        raise undeclared_entity("DOCX", exc) or LoadError(f"corrupt DOCX (XML: {str(exc)[:120]})") from None
    except (PackageNotFoundError, ValueError, zipfile.BadZipFile) as exc:
        raise LoadError(f"corrupt DOCX ({type(exc).__name__})") from None
    except Exception as exc:
        raise LoadError(f"unreadable DOCX ({type(exc).__name__})") from None
    try:
        body = docx_block_text(document)
    except RecursionError:
        raise LoadError("DOCX nests its content too deeply: refused") from None
    text, blocks = body.text.text, body.text.blocks
    budget.check(len(text))
    title = _title(document.core_properties.title or "", first_heading(blocks), text, path)
    return LoadedDocument(text=text, title=title, kind="docx", blocks=blocks, warnings=warnings + body.warnings,
                          metadata=docx_metadata(document.core_properties))


_LOADERS: dict[str, Callable[[Path, TextBudget], LoadedDocument]] = {
    ".txt": _load_text,
    ".md": _load_markdown,
    ".markdown": _load_markdown,
    ".mdx": _load_markdown,
    ".html": _load_html,
    ".htm": _load_html,
    ".pdf": _load_pdf,
    ".docx": _load_docx,
}

# Slides, spreadsheets, e-mail and markup live in ingest.formats (they import this module's types).
from ingest.formats import WITH_LIMIT, extra_loaders  # noqa: E402

def _charged(loader: Callable[..., LoadedDocument], limited: bool) -> Callable[[Path, TextBudget], LoadedDocument]:
    """A loader whose text is counted once it is built; one that takes the budget charges it while it
    reads, and its text, built from the pieces charged, is checked against the limit as it stands."""
    def load_within(path: Path, budget: TextBudget) -> LoadedDocument:
        if limited:
            doc = loader(path, budget)
            budget.check(len(doc.text))
        else:
            doc = loader(path)
            budget.take(doc.text)
        return doc

    return load_within


_LOADERS.update({suffix: _charged(loader, suffix in WITH_LIMIT) for suffix, loader in extra_loaders().items()})
SUPPORTED_SUFFIXES = (*SUPPORTED_SUFFIXES, *extra_loaders())
