"""Bad files on the upload screen: each gets a clear message, and nothing is written (no
document, no batch, no file in storage, no meeting)."""

from __future__ import annotations

import html
import io
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from samverkan.importer import services, views
from samverkan.importer.extract import DocumentError, read_document
from samverkan.importer.models import ImportBatch, ImportedDocument
from samverkan.meetings.models import Meeting
from tests.support import Personas

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def text_pdf() -> bytes:
    import weasyprint

    return weasyprint.HTML(
        string="<h1>Protokoll</h1><p>Styrgruppen för social välfärd, sammanträde 2019-10-03.</p>"
    ).write_pdf()


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(text_pdf())).pages:
        writer.add_page(page)
    writer.encrypt(user_password="hemligt", owner_password="hemligt")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def scanned_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        body = b'<?xml version="1.0"?><w:document><w:body><w:p><w:r><w:t>' + b"a" * (300 * MB)
        archive.writestr("word/document.xml", body + b"</w:t></w:r></w:p></w:body></w:document>")
    return out.getvalue()


BAD_FILES: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "encrypted": ("protokoll.pdf", encrypted_pdf, "encrypted"),
    "scanned": ("inskannat.pdf", scanned_pdf, "no_text"),
    "empty": ("tom.pdf", lambda: b"", "empty"),
    "truncated": ("avbruten.pdf", lambda: text_pdf()[:600], "broken"),
    "png-named-pdf": ("bild.pdf", lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * 2000, "unsupported"),
    "docx-bomb": ("bomb.docx", docx_bomb, "bomb"),
}


def stored_files(path: str = "imports") -> list[str]:
    try:
        dirs, files = default_storage.listdir(path)
    except FileNotFoundError:
        return []
    found = [f"{path}/{f}" for f in files]
    for d in dirs:
        found += stored_files(f"{path}/{d}")
    return found


@pytest.fixture
def nothing_written() -> Iterator[None]:
    before = stored_files()
    yield
    assert ImportedDocument.objects.count() == 0
    assert ImportBatch.objects.count() == 0
    assert Meeting.objects.count() == 0
    assert stored_files() == before


# Refused by the upload itself (size, and type by the first bytes); the others are stored and
# refused by the worker's reading (docs/decisions/0016-reading-in-the-worker.md).
AT_ONCE = {"empty", "png-named-pdf"}


@pytest.mark.parametrize("case", sorted(AT_ONCE))
def test_a_bad_file_gets_its_message_and_nothing_is_written(
    case: str, personas: Personas, login: Callable[[str], Any], nothing_written: None
) -> None:
    name, make, code = BAD_FILES[case]
    data = make()
    with pytest.raises(DocumentError) as refused:
        read_document(data, name)
    assert refused.value.code == code
    response = login("secretary").post(
        reverse("importer:upload"), {"documents": [SimpleUploadedFile(name, data, "application/octet-stream")]}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert html.escape(refused.value.message) in page or refused.value.message in page
    assert name in page


@pytest.mark.parametrize("case", sorted(set(BAD_FILES) - AT_ONCE))
def test_a_file_the_reader_refuses_fails_in_the_worker_with_its_message(
    case: str, personas: Personas, login: Callable[[str], Any]
) -> None:
    """Stored as being read by the upload; the worker's reading (run at once in the tests) fails
    it with the reader's message, shown on the upload's page; nothing is proposed or applied."""
    name, make, code = BAD_FILES[case]
    data = make()
    with pytest.raises(DocumentError) as refused:
        read_document(data, name)
    assert refused.value.code == code
    response = login("secretary").post(
        reverse("importer:upload"), {"documents": [SimpleUploadedFile(name, data, "application/octet-stream")]}
    )
    assert response.status_code == 302
    doc = ImportedDocument.objects.get()
    assert (doc.status, doc.reading if code != "no_text" else "refused") == ("failed", "refused")
    assert doc.error == refused.value.message
    page = login("secretary").get(response["Location"]).content.decode()
    assert html.escape(refused.value.message) in page or refused.value.message in page
    assert Meeting.objects.count() == 0


def test_a_bad_file_among_good_ones_is_refused_alone(
    personas: Personas, login: Callable[[str], Any], tmp_path: Any
) -> None:
    good = SimpleUploadedFile("anteckningar.txt", "Anteckningar från mötet.\n".encode(), "text/plain")
    bad = SimpleUploadedFile("tom.pdf", b"", "application/pdf")
    response = login("secretary").post(reverse("importer:upload"), {"documents": [good, bad]}, follow=True)
    assert ImportedDocument.objects.get().original_name == "anteckningar.txt"
    assert "tom.pdf" in response.content.decode()


def test_a_200_mb_upload_is_refused_before_it_is_read(
    personas: Personas, login: Callable[[str], Any], nothing_written: None
) -> None:
    """The request says it carries 200 MB: the view answers from the header alone."""
    small = SimpleUploadedFile("stor.pdf", b"%PDF-1.4 ...", "application/pdf")
    response = login("secretary").post(reverse("importer:upload"), {"documents": [small]}, CONTENT_LENGTH=str(200 * MB))
    assert response.status_code == 413
    page = response.content.decode()
    assert "200 MB" in page


class HugeUpload:
    """An uploaded file that says it is 200 MB; reading it would fail the test."""

    name = "stor.pdf"
    size = 200 * MB

    def read(self, *args: Any) -> bytes:
        raise AssertionError("a file over the limit must not be read")


def test_a_200_mb_file_is_refused_by_its_size_without_reading_it(personas: Personas, nothing_written: None) -> None:
    request = RequestFactory().post("/import/")
    request.user = personas.secretary
    batch, refused = views._receive(request, [HugeUpload()])
    assert batch is None
    assert refused == [("stor.pdf", services.size_error(200 * MB))]
    assert "200 MB" in refused[0][1] and f"{services.MAX_UPLOAD_MB} MB" in refused[0][1]


def test_a_file_over_the_limit_is_cut_off_while_it_arrives(
    personas: Personas, login: Callable[[str], Any], monkeypatch: pytest.MonkeyPatch, nothing_written: None
) -> None:
    monkeypatch.setattr(services, "MAX_UPLOAD_BYTES", 1000)
    big = SimpleUploadedFile("stor.txt", b"x" * 5000, "text/plain")
    response = login("secretary").post(reverse("importer:upload"), {"documents": [big]})
    assert response.status_code == 400
    assert "stor.txt" in response.content.decode()
