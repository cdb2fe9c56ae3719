"""Scanned minutes: a PDF without a text layer is read by text recognition (Tesseract with its Swedish
model). The scans are made here from seed 004: rendered by WeasyPrint, each page turned into a
200 dpi image by PDFium, the images put together as a PDF without any text."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samverkan.documents import ocr
from samverkan.importer.extract import DocumentError, extract, read_document
from samverkan.importer.models import ImportBatch, ImportedDocument
from tests.support import Personas

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2] / "shared"
SEED = SHARED / "seeds" / "004_6136fb1e9b2a1ba7.txt"
TRUTH = HERE / "truth" / "004_6136fb1e9b2a1ba7.json"

needs_tesseract = pytest.mark.skipif(
    not ocr.available(), reason="Tesseract with its Swedish model is not installed (tesseract-ocr, tesseract-ocr-swe)"
)
needs_seed = pytest.mark.skipif(not SEED.is_file(), reason="seed 004 is not available")


def scan(pdf: bytes, pages: int | None = None) -> bytes:
    """The pages of a PDF as images only: what a scanner makes of printed minutes."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        count = len(document) if pages is None else min(pages, len(document))
        images = [document[i].render(scale=200 / 72, grayscale=True).to_pil().convert("L") for i in range(count)]
    finally:
        document.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=200, save_all=True, append_images=images[1:])
    return out.getvalue()


def score(result: dict[str, Any]) -> float:
    sys.path.insert(0, str(SHARED / "tools"))
    try:
        import score_import
    finally:
        sys.path.remove(str(SHARED / "tools"))
    scores = score_import.score_document(json.loads(TRUTH.read_text(encoding="utf-8")), result)
    return sum(scores.values()) / 4


@pytest.fixture(scope="module")
def printed() -> bytes:
    from tests.importer.test_whole_documents import render_pdf

    return render_pdf(SEED.read_text(encoding="utf-8"), org="Göteborgsregionen", kind="PROTOKOLL", columns=False)


@pytest.fixture(scope="module")
def recognised(printed: bytes) -> tuple[Any, list[tuple[int, int]]]:
    """Seed 004 scanned and read back (once for the module: recognition takes seconds a page)."""
    steps: list[tuple[int, int]] = []
    document = read_document(
        scan(printed), "skannat-protokoll.pdf", progress=lambda done, total: steps.append((done, total))
    )
    return document, steps


@needs_tesseract
@needs_seed
def test_a_scanned_protocol_is_read_with_its_date_and_attendees(printed: bytes, recognised: Any) -> None:
    document, steps = recognised
    assert document.recognised and document.content_type == "application/pdf"
    assert steps == [(n, document.pages) for n in range(1, document.pages + 1)]
    result = extract(document.text)
    assert result["kind"] == "protocol"
    assert result["date"] == "2019-10-03"
    present = {p["name"] for p in result["attendees"] if p["present"]}
    assert {
        "Kent Lagrell",
        "Marie Raask",
        "Ove Dröscher",
        "Britt-Marie Kuylenstierna",
        "Alexandra Odelsheim",
    } <= present
    chair = next(p for p in result["attendees"] if p["name"] == "Kent Lagrell")
    assert (chair["party"], chair["municipality"], chair["role"]) == ("M", "Öckerö", "ordförande")
    absent = {p["name"] for p in result["attendees"] if not p["present"]}
    assert "Patrik Linde" in absent
    text_version = score(extract(read_document(printed, "protokoll.pdf").text))
    assert score(result) >= text_version - 0.1, (score(result), text_version)


@needs_tesseract
@needs_seed
@pytest.mark.django_db
def test_an_uploaded_scan_is_recognised_in_the_worker_and_keeps_its_text(
    printed: bytes, structure: None, personas: Personas, login: Callable[[str], Any]
) -> None:
    client = login("secretary")
    data = scan(printed, pages=1)
    response = client.post(
        reverse("importer:upload"), {"documents": [SimpleUploadedFile("skannat.pdf", data, "application/pdf")]}
    )
    assert response.status_code == 302
    doc = ImportedDocument.objects.get()
    # The request only stored the file; the worker (run at once by the tests' task backend) read it.
    assert doc.status == "proposed", doc.error
    assert (doc.pages, doc.recognised_pages) == (1, 1)
    assert "Kent Lagrell" in doc.text and "2019-10-03" in doc.text
    assert doc.extracted["date"] == "2019-10-03"
    # While the worker reads, the upload's page says how far it has come.
    ImportedDocument.objects.filter(pk=doc.pk).update(status="pending", recognised_pages=0, pages=3, text="")
    page = client.get(ImportBatch.objects.get().get_absolute_url()).content.decode()
    assert "0 av 3 sidor" in page or "0 of 3 pages" in page
    assert 'http-equiv="refresh"' in page


@needs_seed
def test_without_tesseract_the_message_says_so(printed: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    data = scan(printed, pages=1)
    monkeypatch.setenv("PATH", "/nonexistent")
    ocr.available.cache_clear()
    try:
        with pytest.raises(DocumentError) as refused:
            read_document(data, "skannat.pdf")
    finally:
        monkeypatch.undo()
        ocr.available.cache_clear()
    assert refused.value.code == "no_text"
    assert "Tesseract" in refused.value.message and "OCR" in refused.value.message
