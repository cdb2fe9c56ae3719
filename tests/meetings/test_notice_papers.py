"""The notice mail carries links to the agenda papers (issue 12 point 8): the public papers by
title and address, which anyone may open; a confidential item's papers only as untitled links
to members who can log in and open them, never attached, never titled."""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import resolve
from django.utils import timezone

from samverkan.meetings import services
from samverkan.meetings.notices import notice_send
from samverkan.structure.models import Membership
from tests.factories import BodyFactory, MembershipFactory, PersonFactory, UserFactory
from tests.support import pdf_bytes

pytestmark = pytest.mark.django_db
PAPER_LINK = re.compile(re.escape(settings.SITE_URL) + r"(/moten/\d+/bilagor/\d+/)")


def test_the_notice_links_the_papers_and_confidential_ones_only_to_those_allowed() -> None:
    body = BodyFactory(name="Samrådsorgan Fyrbodal")
    anna_user = UserFactory(username="anna")
    anna = PersonFactory(name="Anna Ordförande", email="anna@example.test", user=anna_user)
    bo = PersonFactory(name="Bo Utankonto", email="bo@example.test")
    MembershipFactory(body=body, person=anna, role=Membership.Role.CHAIR)
    MembershipFactory(body=body, person=bo, role=Membership.Role.MEMBER)
    meeting = services.meeting_plan(
        actor=None, body=body, start=timezone.now() + datetime.timedelta(days=20), location_name="Regionens hus"
    )
    budget = services.item_add(actor=None, meeting=meeting, title="Budget för 2027", kind="decision")
    public = services.attachment_add(
        actor=None, item=budget, upload=SimpleUploadedFile("budget.pdf", pdf_bytes()), title="Budgetförslag 2027"
    )
    secret_item = services.item_add(actor=None, meeting=meeting, title="Personalärende Hemligsson", confidential=True)
    secret = services.attachment_add(
        actor=None,
        item=secret_item,
        upload=SimpleUploadedFile("utredning.pdf", pdf_bytes()),
        title="Utredning om Hemligsson",
    )

    notice_send(actor=None, meeting=meeting)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"anna@example.test", "bo@example.test"}
    for message in mail.outbox:
        text, html = str(message.body), str(message.alternatives[0][0])
        attached = {name for name, _content, _type in message.attachments}
        assert attached == {f"kallelse-{timezone.localdate(meeting.start).isoformat()}.pdf", "inbjudan.ics"}
        for part in (text, html):
            assert "Budgetförslag 2027" in part
            assert "Hemligsson" not in part  # neither the confidential item's title nor its paper's
        assert text.count("Handlingarna skickas inte med e-posten; länkarna ovan leder till dem i Samverkan.") == 1
        assert html.count("Handlingarna skickas inte med e-posten; länkarna leder till dem i Samverkan.") == 1
        public_url = settings.SITE_URL + f"/moten/{meeting.pk}/bilagor/{public.pk}/"
        assert public_url in text and f'href="{public_url}"' in html

    secret_path = f"/moten/{meeting.pk}/bilagor/{secret.pk}/"
    anna_links = PAPER_LINK.findall(str(by_address["anna@example.test"].body))
    bo_links = PAPER_LINK.findall(str(by_address["bo@example.test"].body))
    assert secret_path in anna_links and secret_path not in bo_links
    assert "sekretess, öppnas när du är inloggad" in str(by_address["anna@example.test"].body)
    assert "lämnas ut av sekreteraren" in str(by_address["bo@example.test"].body)
    assert secret_path not in str(by_address["bo@example.test"].alternatives[0][0])

    # Every link is one the recipient may open: the public paper by anyone, the confidential one
    # by Anna logged in, and by nobody else.
    for path in set(anna_links) | set(bo_links):
        assert resolve(path).view_name == "meetings:attachment"
    assert Client().get(f"/moten/{meeting.pk}/bilagor/{public.pk}/").status_code == 200
    assert Client().get(secret_path).status_code == 404
    member = Client()
    member.force_login(anna_user)
    assert member.get(secret_path).status_code == 200


def test_a_notice_without_papers_does_not_point_at_links_that_are_not_there() -> None:
    """The walk found "länkarna ovan leder till dem" in a notice whose items had no papers."""
    body = BodyFactory(name="Samrådsorganet")
    MembershipFactory(body=body, person=PersonFactory(name="Ulf Olsson", email="ulf@example.test"))
    meeting = services.meeting_plan(
        actor=None, body=body, start=timezone.now() + datetime.timedelta(days=20), location_name="Regionens hus"
    )
    services.item_add(actor=None, meeting=meeting, title="Handlingsplan för äldres hälsa", kind="decision")

    notice_send(actor=None, meeting=meeting)

    (message,) = mail.outbox
    text, html = str(message.body), str(message.alternatives[0][0])
    assert "Handlingsplan för äldres hälsa" in text and "Handlingsplan för äldres hälsa" in html
    for part in (text, html):
        assert "Handlingarna skickas inte" not in part and "länkarna" not in part
    assert "Mötet avslutas\n\nKallelsen finns bifogad som PDF" in text
