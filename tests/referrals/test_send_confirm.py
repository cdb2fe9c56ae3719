"""Before a recommendation goes out, the secretary sees which principals it will reach (and at
which registrars' addresses) and which it will not, and why; nothing is sent until confirmed."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverkan.referrals import services
from samverkan.referrals.models import Recommendation
from tests.factories import BodyFactory, PrincipalFactory, UserFactory
from tests.referrals.factories import principals_with_registrars

pytestmark = pytest.mark.django_db


def test_the_secretary_confirms_whom_the_recommendation_will_reach() -> None:
    reached = principals_with_registrars(2)
    nobody = PrincipalFactory(name="Ale kommun")
    closed = PrincipalFactory(name="Borås stad")
    closed.registrars.add(UserFactory(email="gone@example.org", is_active=False))
    body = BodyFactory()
    secretary = UserFactory()
    body.secretaries.add(secretary)
    recommendation = services.recommendation_create(
        actor=secretary,
        body=body,
        principals=[*reached, nobody, closed],
        title="Avtal om hjälpmedel",
        question="Ställer sig kommunen bakom avtalet?",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
    )
    client = Client()
    client.force_login(secretary)
    url = reverse("referrals:send", kwargs={"pk": recommendation.pk})
    detail = client.get(recommendation.get_absolute_url()).content.decode()
    assert f'href="{url}"' in detail

    page = client.get(url, HTTP_ACCEPT_LANGUAGE="sv")

    assert page.status_code == 200
    assert mail.outbox == []
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.DRAFT
    reach, miss = page.content.decode().split("Den når inte 2 huvudmän")
    assert "Den når 2 huvudmän" in reach
    for principal in reached:
        assert principal.name in reach and f"registrator@{principal.key}.example" in reach
    assert "Ale kommun" in miss and "Huvudmannen har ingen registrator" in miss
    assert "Borås stad" in miss and "Ingen av huvudmannens registratorer har ett öppet konto med e-postadress" in miss
    assert "gone@example.org" not in page.content.decode()

    sent = client.post(url)

    assert sent.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.SENT
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"registrator@{p.key}.example" for p in reached)


def test_a_sent_recommendation_is_not_offered_again() -> None:
    principals = principals_with_registrars(1)
    body = BodyFactory()
    secretary = UserFactory()
    body.secretaries.add(secretary)
    recommendation = services.recommendation_create(
        actor=secretary,
        body=body,
        principals=principals,
        title="Avtal",
        question="?",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
    )
    services.recommendation_send(actor=secretary, recommendation=recommendation)
    client = Client()
    client.force_login(secretary)

    page = client.get(reverse("referrals:send", kwargs={"pk": recommendation.pk}), HTTP_ACCEPT_LANGUAGE="sv")

    assert page.status_code == 302
    assert len(mail.outbox) == 1
