"""Reading documents and extracting meeting structure from their text.

The interface the rest of the importer uses (kept stable):

    read_document(data: bytes, filename: str = "", *, ocr=True, progress=None) -> Document
        The text of a PDF, DOCX, HTML or plain-text file, recognised by content, not by name; a
        scanned PDF is read by text recognition (OCR, Tesseract with Swedish; see samverkan/documents/ocr.py), or with
        ocr=False raises the code needs_ocr so that the worker can do it. Raises DocumentError with
        a clear message (Swedish first) and a `code` for: empty, truncated/broken, encrypted,
        no_text (no text layer and nothing to recognise, or Tesseract not installed), unsupported
        (not what its name says / unknown type), too_large, bomb (a DOCX or other archive that
        expands beyond the limit).

    extract(text: str) -> dict
        The structure in the JSON shape of ../shared/tools/score_import.py (kind, body,
        organisation, date, start_time, end_time, place, attendees, items, adjusters).
"""

from samverkan.documents.reader import PDF, Document, DocumentError, read_document
from samverkan.importer.extract.structure import extract

__all__ = ["PDF", "Document", "DocumentError", "extract", "read_document"]
