"""Text recognition (OCR) of scanned PDFs: each page rendered with PDFium and read by Tesseract with its
Swedish model (Debian's tesseract-ocr and tesseract-ocr-swe), through pytesseract.

The reader calls `recognise_pdf` for a PDF without a text layer. It is slow (seconds a page), so uploads
run it in the worker, which reports the pages done (`progress`); the command line runs it directly.
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
from collections.abc import Callable

LANGUAGE = "swe"
DPI = 200  # enough for text of 9 pt and more; each doubling of the resolution quadruples the time
MAX_PAGES = 200  # a scan of more pages is refused: it would keep a worker busy for hours


class OcrUnavailable(Exception):
    """Tesseract or its Swedish model is not installed."""


@functools.cache
def available() -> bool:
    """Whether Tesseract and its Swedish model are installed (checked once a process)."""
    binary = shutil.which("tesseract")
    if binary is None:
        return False
    try:
        listed = subprocess.run(  # noqa: S603 - the installed tesseract, fixed arguments
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return LANGUAGE in listed.stdout.split()


def page_count(data: bytes) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def recognise_pdf(data: bytes, *, progress: Callable[[int, int], None] | None = None) -> list[str]:
    """The recognised text of each page. `progress(done, total)` is called after every page."""
    if not available():
        raise OcrUnavailable
    import pypdfium2
    import pytesseract
    from PIL import Image

    pdf = pypdfium2.PdfDocument(data)
    try:
        total = len(pdf)
        if total > MAX_PAGES:
            raise ValueError(f"{total} pages")
        texts: list[str] = []
        for index in range(total):
            page = pdf[index]
            try:
                bitmap = page.render(scale=DPI / 72, grayscale=True)
                image: Image.Image = bitmap.to_pil()
            finally:
                page.close()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            texts.append(pytesseract.image_to_string(Image.open(buffer), lang=LANGUAGE, config="--psm 3"))
            if progress is not None:
                progress(index + 1, total)
        return texts
    finally:
        pdf.close()
