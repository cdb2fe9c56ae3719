"""Reading PDF, DOCX, HTML and text files into text.

The type is recognised by content, never by the file name. Every refusal is a DocumentError with a
translated message and a stable `code`: empty, too_large, broken, encrypted, no_text, unsupported,
bomb.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from django.utils.translation import gettext

MAX_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 100
MAX_MEMBERS = 10_000

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML = "text/html"
TEXT = "text/plain"


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


def _unsupported() -> DocumentError:
    return DocumentError(
        gettext("The file is not a PDF, Word (DOCX), HTML or text document and cannot be read."), "unsupported"
    )


def read_document(
    data: bytes, filename: str = "", *, ocr: bool = True, progress: Callable[[int, int], None] | None = None
) -> Document:
    """Read one document's text. The type comes from the content; `filename` is never used to decide it.

    A PDF without a text layer whose pages are scanned images is read by text recognition (OCR) when
    `ocr` (with `progress(done, total)` after each page); without `ocr` it raises DocumentError with the
    code "needs_ocr", so that a caller can run it later (an upload, in the worker)."""
    if not data or not data.strip():
        raise DocumentError(gettext("The file is empty."), "empty")
    if len(data) > MAX_BYTES:
        raise DocumentError(
            gettext("The file is larger than %(mb)d MB and cannot be imported.") % {"mb": MAX_BYTES // (1024 * 1024)},
            "too_large",
        )
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-") or data[:1024].find(b"%PDF-") != -1:
        return _read_pdf(data, ocr=ocr, progress=progress)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _read_docx(data)
    if _looks_binary(data):
        raise _unsupported()
    text = _decode(data)
    if _looks_html(text):
        return Document(text=html_to_text(text), content_type=HTML)
    return Document(text=_clean(text), content_type=TEXT)


# --- PDF ---------------------------------------------------------------------------------------


def _read_pdf(data: bytes, *, ocr: bool = True, progress: Callable[[int, int], None] | None = None) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    broken = DocumentError(gettext("The PDF is damaged or incomplete and cannot be read."), "broken")
    if b"%%EOF" not in data[-2048:]:
        # A PDF always ends with %%EOF; without it the file was cut off.
        raise broken
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise DocumentError(gettext("The PDF is encrypted; save an unprotected copy and import that."), "encrypted")
        pages = []
        scanned = False
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            scanned = scanned or _has_images(page)
    except DocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError):
        raise broken from None
    text = "\n\n".join(pages)
    if not text.strip():
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
    from samverkan.importer.extract import ocr as recognition

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


def _read_docx(data: bytes) -> Document:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DocumentError(gettext("The file is a damaged archive and cannot be read."), "broken") from None
    names = {info.filename for info in infos}
    if "word/document.xml" not in names:
        raise _unsupported()
    total = sum(info.file_size for info in infos)
    compressed = sum(info.compress_size for info in infos)
    ratio = total / max(compressed, 1)
    if len(infos) > MAX_MEMBERS or total > MAX_UNCOMPRESSED or (total > 1024 * 1024 and ratio > MAX_RATIO):
        raise DocumentError(
            gettext("The Word document expands to far more than its size (a zip bomb) and was refused."), "bomb"
        )
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        text = _docx_text(document)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, AttributeError, TypeError):
        raise DocumentError(gettext("The Word document is damaged and cannot be read."), "broken") from None
    except Exception as exc:  # lxml XMLSyntaxError and the like
        if exc.__class__.__name__.endswith("SyntaxError"):
            raise DocumentError(gettext("The Word document is damaged and cannot be read."), "broken") from None
        raise
    if not text.strip():
        raise DocumentError(gettext("The Word document contains no text."), "empty")
    return Document(text=_clean(text), content_type=DOCX)


def _docx_text(document: object) -> str:
    """Paragraphs and tables in document order; a table row is its cells joined with a tab."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    body = document.element.body  # type: ignore[attr-defined]
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)  # type: ignore[arg-type]
        elif tag == "tbl":
            table = Table(child, document)  # type: ignore[arg-type]
            for row in table.rows:
                cells: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    cells.append(" ".join(cell.text.split()))
                lines.append("\t".join(cells).rstrip("\t"))
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


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    for magic in (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"BM", b"\xd0\xcf\x11\xe0", b"Rar!", b"7z\xbc"):
        if sample.startswith(magic):
            return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.01


def _decode(data: bytes) -> str:
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
