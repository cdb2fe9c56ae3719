"""Regression tests for what the security review found: nothing non-public reaches the public
through a side door, and an imported document stays with its own body."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverkan.importer.models import ImportedDocument
from samverkan.meetings.models import AgendaItem
from samverkan.referrals import services
from samverkan.referrals.models import Recipient, Recommendation
from tests.factories import BodyFactory
from tests.meetings.factories import MeetingFactory
from tests.referrals.factories import principals_with_registrars, sent_recommendation
from tests.support import Personas

pytestmark = pytest.mark.django_db


def test_the_report_back_of_a_non_public_recommendation_is_a_confidential_item() -> None:
    body = BodyFactory()
    meeting = MeetingFactory(body=body, start=timezone.now() + datetime.timedelta(days=5))
    rec = sent_recommendation(body=body, principals=principals_with_registrars(1), public=False, title="Hemlig Plxqv")
    services.response_record(
        actor=None, recipient=Recipient.objects.get(recommendation=rec), answer="rejected", via="link"
    )
    item = AgendaItem.objects.get(meeting=meeting, title__contains="Plxqv")
    assert item.confidential
    assert "Plxqv" not in Client().get(meeting.get_absolute_url()).content.decode()


def test_a_draft_cannot_be_withdrawn_into_the_public(personas: Personas, login) -> None:
    draft = services.recommendation_create(
        actor=None,
        body=personas.body,
        principals=[personas.principal],
        title="Utkast Qwzx",
        question="X kommun ställer sig bakom.",
        deadline=timezone.localdate() + datetime.timedelta(days=10),
    )
    with pytest.raises(ValidationError):
        services.recommendation_withdraw(actor=None, recommendation=draft)
    login("secretary").post(reverse("referrals:withdraw", kwargs={"pk": draft.pk}))
    draft.refresh_from_db()
    assert draft.status == Recommendation.Status.DRAFT
    assert Client().get(draft.get_absolute_url()).status_code == 404
    assert Client().get(f"/api/v1/recommendations/{draft.pk}").status_code == 404


def test_an_imported_document_is_not_open_to_a_secretary_of_another_body(personas: Personas) -> None:
    uploader = personas.secretary  # secretary of personas.body ...
    personas.other_body.secretaries.add(uploader)  # ... and of the other body
    outsider_secretary = personas.other_secretary  # secretary of the other body only
    doc = ImportedDocument.objects.create(
        sha256="1" * 64,
        original_name="protokoll.txt",
        size=4,
        content_type="text/plain",
        text="Protokoll Testorganet",
        status=ImportedDocument.Status.PROPOSED,
        uploaded_by=uploader,
        proposal={"body": personas.body.pk, "applicable": True},
    )
    url = reverse("importer:document", kwargs={"pk": doc.pk})
    outsider = Client()
    outsider.force_login(outsider_secretary)
    assert outsider.get(url).status_code in (403, 404)
    body_secretary = Client()
    body_secretary.force_login(personas.secretary)  # the proposed body's secretary (here also the uploader)
    assert body_secretary.get(url).status_code == 200
    by_uploader = Client()
    by_uploader.force_login(uploader)
    assert by_uploader.get(url).status_code == 200
