"""Every upload form goes through the one reader (issue 11, points 2, 3 and 9): each crafted file
is refused with the reader's message, in Swedish, and nothing is stored (no row, no file, no
audit); a PDF that opens without a password is accepted by every form."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from samverkan.agreements.models import AgreementVersion
from samverkan.core.models import AuditEvent
from samverkan.documents.reader import ALL, PAPERS, PDF, DocumentError, read_document
from samverkan.importer.models import ImportedDocument
from samverkan.meetings.models import Attachment
from samverkan.referrals import links
from samverkan.referrals.models import Paper, Response
from tests.documents import files
from tests.support import Personas, agreement_world, meeting_world, referral_world

pytestmark = pytest.mark.django_db


@dataclass
class Form:
    accept: frozenset[str] | set[str]
    model: Any
    post: Callable[[Personas, Callable[[str], Client], bytes], Any]  # returns the response shown


def _file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _attachment(personas: Personas, login: Callable[[str], Client], data: bytes) -> Any:
    item = meeting_world(personas).item
    url = reverse("meetings:attachment_add", kwargs={"pk": item.meeting_id, "item_pk": item.pk})
    return login("secretary").post(url, {"file": _file("bilaga.pdf", data), "title": "Bilaga"}, follow=True)


def _paper(personas: Personas, login: Callable[[str], Client], data: bytes) -> Any:
    draft = referral_world(personas).draft
    url = reverse("referrals:paper_add", kwargs={"pk": draft.pk})
    return login("secretary").post(url, {"file": _file("handling.pdf", data), "title": "Handling"}, follow=True)


def _version(personas: Personas, login: Callable[[str], Client], data: bytes) -> Any:
    agreement = agreement_world(personas)
    url = reverse("agreements:version_add", kwargs={"key": agreement.key})
    return login("secretary").post(url, {"label": "2026", "file": _file("avtal.pdf", data)}, follow=True)


def _answer(client: Client, url: str, data: bytes) -> Any:
    page = client.get(url)
    form = {
        "submission": page.context["form"]["submission"].value(),
        "answer": "rejected",
        "decided_on": timezone.localdate().isoformat(),
        "decided_by": "council",
        "decided_by_name": "Kommunfullmäktige",
        "paragraph": "§ 7",
        "extract": _file("utdrag.pdf", data),
    }
    return client.post(url, form, follow=True)


def _extract_by_link(personas: Personas, login: Callable[[str], Client], data: bytes) -> Any:
    recipient = referral_world(personas).other_recipient
    return _answer(Client(), reverse("referrals:answer_link", kwargs={"token": links.token_for(recipient)}), data)


def _extract_by_registrar(personas: Personas, login: Callable[[str], Client], data: bytes) -> Any:
    recipient = referral_world(personas).recipient
    return _answer(login("registrar"), reverse("referrals:answer", kwargs={"pk": recipient.pk}), data)


def _import(personas: Personas, login: Callable[[str], Client], data: bytes) -> Any:
    return login("secretary").post(reverse("importer:upload"), {"documents": [_file("protokoll.pdf", data)]})


FORMS = {
    "meeting-attachment": Form(PAPERS, Attachment, _attachment),
    "recommendation-paper": Form(PAPERS, Paper, _paper),
    "agreement-version": Form(PAPERS, AgreementVersion, _version),
    "answer-extract-by-link": Form({PDF}, Response, _extract_by_link),
    "answer-extract-by-registrar": Form({PDF}, Response, _extract_by_registrar),
    "importer": Form(ALL, ImportedDocument, _import),
}
HOSTILE = {
    "word-bomb": files.word_bomb,
    "padded-bomb": files.padded_bomb,
    "slow-pdf": files.slow_pdf,
    "password-pdf": lambda: files.encrypted_pdf("hemligt"),
}


def stored_files(path: str = "") -> set[str]:
    try:
        dirs, names = default_storage.listdir(path)
    except FileNotFoundError:
        return set()
    found = {f"{path}/{n}" for n in names}
    for d in dirs:
        found |= stored_files(f"{path}/{d}".lstrip("/"))
    return found


def _world(personas: Personas) -> None:
    meeting_world(personas)
    referral_world(personas)
    agreement_world(personas)


@pytest.mark.parametrize("hostile", sorted(HOSTILE))
@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_crafted_file_is_refused_by_every_upload_form_and_nothing_is_stored(
    personas: Personas, login: Callable[[str], Client], form: str, hostile: str
) -> None:
    _world(personas)
    spec, data = FORMS[form], HOSTILE[hostile]()
    with translation.override("sv"), pytest.raises(DocumentError) as refused:
        read_document(data, "fil", accept=spec.accept)
    rows, events, stored = spec.model.objects.count(), AuditEvent.objects.count(), stored_files()

    response = spec.post(personas, login, data)

    assert response.status_code in (200, 400)
    assert html.escape(refused.value.message) in response.content.decode()
    assert (spec.model.objects.count(), AuditEvent.objects.count(), stored_files()) == (rows, events, stored)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_pdf_that_opens_without_a_password_is_accepted_by_every_upload_form(
    personas: Personas, login: Callable[[str], Client], form: str
) -> None:
    _world(personas)
    spec = FORMS[form]
    rows = spec.model.objects.count()
    response = spec.post(personas, login, files.encrypted_pdf("", text="Protokollsutdrag 2026"))
    assert response.status_code in (200, 302)
    assert spec.model.objects.count() == rows + 1
    stored = spec.model.objects.latest("pk")
    if isinstance(stored, Response):
        assert stored.extract_name == "utdrag.pdf"  # an extract's text is not kept
    else:
        assert stored.text.strip() == "Protokollsutdrag 2026"


def test_utf16_text_is_imported_and_refused_as_a_paper_like_any_text(
    personas: Personas, login: Callable[[str], Client]
) -> None:
    _world(personas)
    response = _import(personas, login, files.utf16_text("Anteckningar från styrgruppens möte.\n"))
    assert response.status_code == 302
    assert ImportedDocument.objects.get().text == "Anteckningar från styrgruppens möte.\n"
    page = _attachment(personas, login, files.utf16_text()).content.decode()
    assert "Filen är varken en PDF-fil eller ett Word-dokument (DOCX) och kan inte läsas." in page
