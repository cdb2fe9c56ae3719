"""The one reader of every file Samverkan reads: PDF, Word (DOCX), HTML and text into text.

Meeting attachments, recommendation papers, agreement versions, answer extracts and the importer's
documents all come here, with the same limits (docs/decisions/0010-one-reader-with-limits.md):

- the file: at most MAX_BYTES;
- a Word document: at most MAX_MEMBERS parts in the archive, a total expansion and ratio that is not
  a zip bomb, and only the part that holds the text (word/document.xml) is decompressed and parsed,
  at most MAX_PART_BYTES of it with at most MAX_ELEMENTS elements and MAX_PARAGRAPHS paragraphs;
- a PDF: at most MAX_PAGES pages, MAX_PAGE_CONTENT_BYTES of drawing instructions on one page and
  MAX_CONTENT_BYTES on all pages, MAX_OPERATORS operators;
- the text: at most MAX_CHARACTERS characters;
- the time: at most MAX_SECONDS to read one file.

The type is recognised by content, never by the file name; a caller says which types it accepts.
One rule for everyone: a PDF that opens without a password (encrypted only against editing or
printing, "empty user password") is read; one that needs a password is refused. Text is UTF-8,
UTF-16 with a byte-order mark, or Windows-1252.

Every refusal is a DocumentError with a translated message and a stable `code`: empty, too_large,
broken, encrypted, no_text, unsupported, bomb, too_long, too_slow (and needs_ocr, see `read_document`).
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext

MB = 1024 * 1024
MAX_BYTES = 50 * MB
MAX_UNCOMPRESSED = 100 * MB  # all parts of an archive together, as their headers declare them
MAX_RATIO = 100
MAX_MEMBERS = 10_000
MAX_PART_BYTES = 20 * MB  # the expanded size of the one part that is parsed (word/document.xml)
MAX_ELEMENTS = 1_000_000  # XML elements in that part (each costs memory once parsed)
MAX_PARAGRAPHS = 50_000
MAX_CHARACTERS = 5_000_000
MAX_PAGES = 2_000
MAX_PAGE_CONTENT_BYTES = 2 * MB  # a page's drawing instructions, decompressed
MAX_CONTENT_BYTES = 16 * MB
MAX_OPERATORS = 2_000_000
MAX_SECONDS = 20.0

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML = "text/html"
TEXT = "text/plain"
ALL = frozenset({PDF, DOCX, HTML, TEXT})
PAPERS = frozenset({PDF, DOCX})  # what is attached to items, recommendations and agreements


@dataclass(frozen=True)
class Document:
    text: str
    content_type: str  # application/pdf, application/vnd...docx, text/html, text/plain
    pages: int | None = None
    recognised: bool = False  # the text was recognised (OCR) from scanned pages


class DocumentError(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class _Budget:
    """The time and the characters one reading may use; exceeding either refuses the file."""

    started: float = field(default_factory=time.monotonic)
    characters: int = 0

    def tick(self) -> None:
        if time.monotonic() - self.started > MAX_SECONDS:
            raise DocumentError(
                gettext(
                    "Reading the file took longer than %(seconds)d seconds and was stopped; the file is built "
                    "to be slow to read or is far larger than a paper. Save it again as a PDF or Word document."
                )
                % {"seconds": MAX_SECONDS},
                "too_slow",
            )

    def add(self, text: str) -> None:
        self.characters += len(text)
        if self.characters > MAX_CHARACTERS:
            raise _too_long(gettext("characters"), MAX_CHARACTERS)


def _too_long(what: str, limit: int) -> DocumentError:
    return DocumentError(
        gettext(
            "The file has more than %(limit)s %(what)s; Samverkan reads at most that many. Split it into smaller files."
        )
        % {"limit": number_format(limit, force_grouping=True), "what": what},
        "too_long",
    )


def _too_much_drawing(on_one_page: bool) -> DocumentError:
    if on_one_page:
        message = gettext(
            "A page of the PDF has more than %(mb)d MB of drawing instructions; Samverkan reads at most that. "
            "Save the PDF again (e.g. printed to PDF) or split it."
        ) % {"mb": MAX_PAGE_CONTENT_BYTES // MB}
    else:
        message = gettext(
            "The PDF has more than %(mb)d MB of drawing instructions; Samverkan reads at most that. "
            "Save the PDF again (e.g. printed to PDF) or split it."
        ) % {"mb": MAX_CONTENT_BYTES // MB}
    return DocumentError(message, "too_long")


def _bomb() -> DocumentError:
    return DocumentError(
        gettext("The Word document expands to far more than its size (a zip bomb) and was refused."), "bomb"
    )


def _unsupported(accept: Collection[str]) -> DocumentError:
    if set(accept) == {PDF}:
        return DocumentError(gettext("The file is not a PDF and cannot be read."), "unsupported")
    if set(accept) == PAPERS:
        return DocumentError(
            gettext("The file is not a PDF or Word (DOCX) document and cannot be read."), "unsupported"
        )
    return DocumentError(
        gettext("The file is not a PDF, Word (DOCX), HTML or text document and cannot be read."), "unsupported"
    )


def sniff(data: bytes, accept: Collection[str] = ALL) -> str:
    """The type of a file by its first bytes, without reading it: what a request may check before
    it stores an upload for the worker to read (`capped.read_capped`). Raises DocumentError for an
    empty file, one larger than MAX_BYTES, or one of a type not in `accept`. Text and HTML are told
    apart only when the file is read; this returns TEXT for both."""
    if not data or not data.strip():
        raise DocumentError(gettext("The file is empty."), "empty")
    if len(data) > MAX_BYTES:
        raise DocumentError(
            gettext("The file is larger than %(mb)d MB and cannot be read.") % {"mb": MAX_BYTES // MB},
            "too_large",
        )
    if data[:1024].find(b"%PDF-") != -1:
        kind = PDF
    elif data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        kind = DOCX
    elif {HTML, TEXT} & set(accept) and (data.startswith(UTF16_BOMS) or not _looks_binary(data)):
        return TEXT
    else:
        raise _unsupported(accept)
    if kind not in accept:
        raise _unsupported(accept)
    return kind


def read_document(
    data: bytes,
    filename: str = "",
    *,
    accept: Collection[str] = ALL,
    ocr: bool = True,
    require_text: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> Document:
    """Read one document's text, within the limits. The type comes from the content and must be one
    of `accept`; `filename` is never used to decide it.

    A PDF without a text layer: with `require_text=False` (a paper, an extract) it is accepted with
    no text. Otherwise (the importer) its scanned pages are read by text recognition (OCR) when `ocr`
    (with `progress(done, total)` after each page); without `ocr` it raises DocumentError with the
    code "needs_ocr", so that a caller can run it later (an upload, in the worker)."""
    if not data or not data.strip():
        raise DocumentError(gettext("The file is empty."), "empty")
    if len(data) > MAX_BYTES:
        raise DocumentError(
            gettext("The file is larger than %(mb)d MB and cannot be read.") % {"mb": MAX_BYTES // MB},
            "too_large",
        )
    budget = _Budget()
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-") or data[:1024].find(b"%PDF-") != -1:
        if PDF not in accept:
            raise _unsupported(accept)
        return _read_pdf(data, budget, ocr=ocr, require_text=require_text, progress=progress)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        if DOCX not in accept:
            raise _unsupported(accept)
        return _read_docx(data, budget, accept)
    if not {HTML, TEXT} & set(accept):
        raise _unsupported(accept)
    text = _decode(data, accept)
    if len(text) > 2 * MAX_CHARACTERS:
        raise _too_long(gettext("characters"), MAX_CHARACTERS)
    if _looks_html(text):
        if HTML not in accept:
            raise _unsupported(accept)
        document = Document(text=html_to_text(text), content_type=HTML)
    elif TEXT not in accept:
        raise _unsupported(accept)
    else:
        document = Document(text=_clean(text), content_type=TEXT)
    budget.add(document.text)
    budget.tick()
    return document


# --- PDF ---------------------------------------------------------------------------------------


class _Stop(Exception):
    """Raised from inside pypdf's text extraction to stop it at a limit."""

    def __init__(self, error: DocumentError) -> None:
        self.error = error


def _read_pdf(
    data: bytes,
    budget: _Budget,
    *,
    ocr: bool = True,
    require_text: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> Document:
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import PyPdfError

    broken = DocumentError(gettext("The PDF is damaged or incomplete and cannot be read."), "broken")
    if b"%%EOF" not in data[-2048:]:
        # A PDF always ends with %%EOF; without it the file was cut off.
        raise broken
    operators = 0

    def count(operator: bytes, *args: Any) -> None:
        nonlocal operators
        operators += 1
        if operators % 1000 == 0:
            if operators > MAX_OPERATORS:
                raise _Stop(_too_long(gettext("drawing operators"), MAX_OPERATORS))
            try:
                budget.tick()
            except DocumentError as exc:
                raise _Stop(exc) from None

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        # pypdf opens a PDF encrypted with an empty user password by itself: anyone can open it, so
        # it is read. One that needs a password is refused (the same rule for every upload).
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise DocumentError(
                gettext("The PDF is protected by a password; save an unprotected copy and upload that."), "encrypted"
            )
        total = len(reader.pages)
        if total > MAX_PAGES:
            raise _too_long(gettext("pages"), MAX_PAGES)
        pages = []
        scanned = False
        content = 0
        for page in reader.pages:
            budget.tick()
            contents = page.get_contents()
            size = len(contents.get_data()) if contents is not None else 0
            if size > MAX_PAGE_CONTENT_BYTES:
                raise _too_much_drawing(on_one_page=True)
            content += size
            if content > MAX_CONTENT_BYTES:
                raise _too_much_drawing(on_one_page=False)
            text = page.extract_text(visitor_operand_before=count) or ""
            budget.add(text)
            pages.append(text)
            scanned = scanned or _has_images(page)
    except _Stop as stop:
        raise stop.error from None
    except DocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError):
        raise broken from None
    text = "\n\n".join(pages)
    if not text.strip():
        if not require_text:
            return Document(text="", content_type=PDF, pages=len(pages))
        return _recognise(data, len(pages), scanned=scanned, ocr=ocr, progress=progress)
    return Document(text=_clean(text), content_type=PDF, pages=len(pages))


def _has_images(page: Any) -> bool:
    """Whether a page draws an image (a scan), so that text recognition has something to read."""
    try:
        resources = page.get("/Resources")
        objects = resources.get_object().get("/XObject") if resources is not None else None
        if objects is None:
            return False
        return any(x.get_object().get("/Subtype") == "/Image" for x in objects.get_object().values())
    except (AttributeError, KeyError, TypeError, ValueError):
        return False


def _recognise(
    data: bytes, pages: int, *, scanned: bool, ocr: bool, progress: Callable[[int, int], None] | None
) -> Document:
    """A PDF without a text layer: its scanned pages read by text recognition (OCR)."""
    from samverkan.documents import ocr as recognition

    if not scanned:
        raise DocumentError(
            gettext(
                "The PDF has no text: no text layer and no scanned pages for text recognition (OCR) to read. "
                "Import a PDF with text or a Word document."
            ),
            "no_text",
        )
    if not recognition.available():
        raise DocumentError(
            gettext(
                "The PDF has no text layer (it looks scanned) and text recognition (OCR: Tesseract with its "
                "Swedish model) is not installed on this server; import a PDF with text or a Word document."
            ),
            "no_text",
        )
    if pages > recognition.MAX_PAGES:
        raise DocumentError(
            gettext("The scanned PDF has more than %(max)d pages; text recognition (OCR) reads at most %(max)d.")
            % {"max": recognition.MAX_PAGES},
            "too_large",
        )
    if not ocr:
        raise DocumentError(gettext("The PDF is scanned: its text will be recognised (OCR)."), "needs_ocr")
    try:
        texts = recognition.recognise_pdf(data, progress=progress)
    except Exception as exc:  # PDFium's and Tesseract's errors: a page that cannot be rendered or read
        raise DocumentError(gettext("Text recognition (OCR) could not read the scanned PDF."), "broken") from exc
    text = "\n\n".join(texts)
    if not text.strip():
        raise DocumentError(gettext("Text recognition (OCR) found no text in the scanned PDF."), "no_text")
    return Document(text=_clean(text), content_type=PDF, pages=pages, recognised=True)


# --- DOCX --------------------------------------------------------------------------------------

DOCUMENT_PART = "word/document.xml"


def _read_docx(data: bytes, budget: _Budget, accept: Collection[str]) -> Document:
    # Each part costs memory when the archive's directory is read: count them before it is.
    if data.count(b"PK\x01\x02") > MAX_MEMBERS:
        raise _bomb()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DocumentError(gettext("The file is a damaged archive and cannot be read."), "broken") from None
    part = next((info for info in infos if info.filename == DOCUMENT_PART), None)
    if part is None:
        raise _unsupported(accept)
    total = sum(info.file_size for info in infos)
    compressed = sum(info.compress_size for info in infos)
    ratio = total / max(compressed, 1)
    if len(infos) > MAX_MEMBERS or total > MAX_UNCOMPRESSED or (total > MB and ratio > MAX_RATIO):
        raise _bomb()
    damaged = DocumentError(gettext("The Word document is damaged and cannot be read."), "broken")
    try:
        xml = _read_part(archive, part)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        raise damaged from None
    budget.tick()
    from docx.oxml.ns import qn
    from docx.oxml.parser import parse_xml
    from lxml import etree

    try:
        # Only the text's part is parsed, with python-docx's own element classes (so paragraphs and
        # tables read exactly as python-docx reads them); pictures, fonts and other parts are never
        # decompressed. The parser resolves no entities and fetches nothing.
        root = parse_xml(xml)
        del xml
        body = root.find(qn("w:body"))
        if body is None:
            raise damaged
        paragraphs = sum(1 for _ in body.iter(qn("w:p")))
        if paragraphs > MAX_PARAGRAPHS:
            raise _too_long(gettext("paragraphs"), MAX_PARAGRAPHS)
        text = _docx_text(body, budget)
    except etree.LxmlError as exc:
        if "NO_MEMORY" in str(getattr(exc, "error_log", "")):  # libxml2 could not allocate (a cap)
            raise MemoryError(str(exc)) from None
        raise damaged from None
    except (KeyError, ValueError, AttributeError, TypeError):
        raise damaged from None
    if not text.strip():
        raise DocumentError(gettext("The Word document contains no text."), "empty")
    return Document(text=_clean(text), content_type=DOCX)


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The part's bytes, decompressed a piece at a time and refused as soon as it passes
    MAX_PART_BYTES or MAX_ELEMENTS, whatever its header claims."""
    if info.file_size > MAX_PART_BYTES:
        raise _bomb()
    pieces: list[bytes] = []
    size = elements = 0
    with archive.open(info) as stream:
        while piece := stream.read(MB):
            size += len(piece)
            if size > MAX_PART_BYTES:
                raise _bomb()
            elements += piece.count(b"<") - piece.count(b"</")
            if elements > MAX_ELEMENTS:
                raise _too_long(gettext("XML elements"), MAX_ELEMENTS)
            pieces.append(piece)
    return b"".join(pieces)


def _docx_text(body: Any, budget: _Budget) -> str:
    """Paragraphs and tables in document order; a table row is its cells joined with a tab."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for number, child in enumerate(body.iterchildren()):
        if number % 500 == 0:
            budget.tick()
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            line = Paragraph(child, None).text  # type: ignore[arg-type]
            budget.add(line)
            lines.append(line)
        elif tag == "tbl":
            table = Table(child, None)  # type: ignore[arg-type]
            for row in table.rows:
                cells: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    cells.append(" ".join(cell.text.split()))
                line = "\t".join(cells).rstrip("\t")
                budget.add(line)
                lines.append(line)
            budget.tick()
            lines.append("")
    return "\n".join(lines)


# --- HTML --------------------------------------------------------------------------------------

BLOCK_TAGS = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "h1", "h2", "h3", "h4",
    "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "br", "hr",
    "address", "figure", "figcaption", "form", "fieldset", "caption", "thead", "tbody", "tfoot",
}  # fmt: skip


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.cell_in_row = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "noscript", "template", "head"):
            self.skip += 1
            return
        if tag in ("td", "th"):
            if self.cell_in_row:
                self.parts.append("\t")
            self.cell_in_row += 1
        elif tag == "tr":
            self.cell_in_row = 0
            self.parts.append("\n")
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")
            if tag == "li":
                self.parts.append("- ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "hr"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "noscript", "template", "head"):
            self.skip = max(0, self.skip - 1)
            return
        if tag == "tr":
            self.cell_in_row = 0
            self.parts.append("\n")
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell_in_row:
            data = data.replace("\t", " ")
        self.parts.append(re.sub(r"[ \t\r\n\f\v]+", " ", data))


def html_to_text(html: str) -> str:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = [re.sub(r" *\t *", "\t", line).strip(" ") for line in "".join(parser.parts).split("\n")]
    return _clean("\n".join(lines))


# --- text --------------------------------------------------------------------------------------

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    for magic in (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"BM", b"\xd0\xcf\x11\xe0", b"Rar!", b"7z\xbc"):
        if sample.startswith(magic):
            return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.01


def _decode(data: bytes, accept: Collection[str]) -> str:
    """UTF-16 with its byte-order mark (as Windows' Notepad saves "Unicode"), UTF-8 with or without
    one, else Windows-1252. Anything that looks binary is not a text document."""
    if data.startswith(UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise DocumentError(gettext("The text file's UTF-16 encoding is damaged."), "broken") from None
        if any(ord(c) < 32 and c not in "\t\n\f\r" for c in text[:8192]):
            raise _unsupported(accept)
        return text
    if _looks_binary(data):
        raise _unsupported(accept)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _looks_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:4096].lower():
        return True
    return bool(re.search(r"<(html|body|p|div|table|h[1-6])[\s>]", text[:4096], re.IGNORECASE)) and bool(
        re.search(r"</(p|div|table|body|html|h[1-6])>", text, re.IGNORECASE)
    )


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u00ad", "")
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n") + "\n"
