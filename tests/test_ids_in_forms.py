"""Ids written into pages are never formatted as numbers: Swedish formatting writes 12345 as
"12 345", which would break a hidden field, a link or an anchor once ids pass a thousand."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samverkan.meetings.models import AgendaItem
from samverkan.referrals.models import Recipient
from tests.factories import PrincipalFactory, UserFactory
from tests.support import Personas, meeting_world, referral_world

pytestmark = pytest.mark.django_db


def test_a_large_agenda_item_id_survives_the_create_form_and_the_item_page(personas: Personas, login) -> None:
    item = meeting_world(personas).item
    AgendaItem.objects.filter(pk=item.pk).update(kind=AgendaItem.Kind.DECISION)
    big = AgendaItem.objects.get(pk=item.pk)
    big.pk = 123456
    big.position = 99
    big.save(force_insert=True)
    client = login("secretary")
    page = client.get(reverse("referrals:create", kwargs={"key": personas.body.key}) + "?item=123456")
    assert 'name="item" value="123456"' in page.content.decode()
    item_page = client.get(reverse("meetings:item_edit", kwargs={"pk": big.meeting_id, "item_pk": 123456}))
    assert "?item=123456" in item_page.content.decode()


def test_a_large_user_id_survives_the_roles_screen(personas: Personas, login) -> None:
    holder = UserFactory(pk=54321)
    personas.body.secretaries.add(holder)
    page = login("administrator").get(reverse("structure:body_roles", kwargs={"key": personas.body.key}))
    assert 'name="user_id" value="54321"' in page.content.decode()


def test_a_large_recipient_id_makes_a_working_anchor(personas: Personas, login) -> None:
    world = referral_world(personas)
    Recipient.objects.create(pk=77777, recommendation=world.sent, principal=PrincipalFactory())
    page = login("secretary").get(reverse("referrals:detail", kwargs={"pk": world.sent.pk}))
    assert 'id="mottagare-77777"' in page.content.decode()
