"""Query counts of the archive and personal-data pages do not grow with the data: each page is
measured, its data doubled, and measured again."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverkan.archive.models import ArchiveExport
from samverkan.meetings.models import Absence, Attendance, Meeting
from samverkan.privacy.models import PrivacyRequest, ThinningRun
from samverkan.structure.models import Membership
from tests.factories import BodyFactory
from tests.support import Personas, assert_constant_queries

pytestmark = pytest.mark.django_db


def count(response: Any, text: str) -> int:
    return response.content.decode().count(text)


def test_the_persons_page(personas: Personas, login: Callable[[str], Client]) -> None:
    def grow(_n: int) -> None:
        n = Meeting.objects.count()
        for i in range(n + 2):
            body = BodyFactory()
            meeting = Meeting.objects.create(body=body, start=timezone.now() - datetime.timedelta(days=i + 1))
            Attendance.objects.create(meeting=meeting, person=personas.person)
            Absence.objects.create(meeting=meeting, person=personas.person, via="login", note="Förhinder")
            Membership.objects.create(body=body, person=personas.person, role="ledamot")

    url = reverse("privacy:subject", kwargs={"kind": "person", "pk": personas.person.pk})
    assert_constant_queries(url, grow, lambda r: count(r, "Förhinder"), client=login("administrator"))


def test_the_lists(personas: Personas, login: Callable[[str], Client]) -> None:
    def grow(_n: int) -> None:
        n = ArchiveExport.objects.count() + 1
        for i in range(n):
            ArchiveExport.objects.create(body=personas.body, year=2000 + i, requested_by=personas.administrator)
            PrivacyRequest.objects.create(
                kind="export", outcome="exported", subject=f"Person {i}", handled_by=personas.administrator
            )
            ThinningRun.objects.create(
                day=datetime.date(2020, 1, 1) + datetime.timedelta(days=ArchiveExport.objects.count())
            )

    admin = login("administrator")
    assert_constant_queries(reverse("archive:index"), grow, lambda r: count(r, "<tr>"), client=admin, grow_first=False)
    assert_constant_queries(reverse("privacy:index"), grow, lambda r: count(r, "<tr>"), client=admin, grow_first=False)
