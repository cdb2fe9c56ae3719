"""A person shared by several bodies (issue 11 point 8): a secretary of one of them renamed the
person on every body's lists. Now a change needs an administrator or a secretary of every body the
person sits or sat in; it is audited; a secretary of only some is told why on the person's page."""

from __future__ import annotations

import datetime
import html
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from samverkan.core.models import AuditEvent
from samverkan.structure.models import Membership, Person
from tests.support import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(personas: Personas) -> Person:
    """The member's person, who sits in the personas' body and sits in the other body too."""
    Membership.objects.create(
        body=personas.other_body,
        person=personas.person,
        role=Membership.Role.SUBSTITUTE,
        start=datetime.date(2024, 1, 1),
    )
    return personas.person


def rename(client: Client, person: Person, name: str) -> Any:
    url = reverse("structure:person_edit", kwargs={"key": person.key})
    form = client.get(url)
    version = form.context["form"]["version"].value() if form.status_code == 200 else ""
    return client.post(url, {"name": name, "title": "", "email": "", "version": version})


def test_a_secretary_of_one_of_the_bodies_may_not_rename_the_person(
    personas: Personas, login: Callable[[str], Client], shared: Person
) -> None:
    events = AuditEvent.objects.count()
    for who in ("secretary", "other_secretary"):
        response = rename(login(who), shared, "Ulf Olsson")
        assert response.status_code == 403
    assert Person.objects.get(pk=shared.pk).name == "Maria Medlem"
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("who", ["administrator", "secretary of both"])
def test_an_administrator_or_a_secretary_of_every_body_renames_the_person_audited(
    personas: Personas, login: Callable[[str], Client], shared: Person, who: str
) -> None:
    if who == "secretary of both":
        personas.other_body.secretaries.add(personas.secretary)
    user = personas.administrator if who == "administrator" else personas.secretary
    client = login("administrator" if who == "administrator" else "secretary")

    response = rename(client, shared, "Maria Medlem-Berg")

    assert response.status_code == 302
    assert Person.objects.get(pk=shared.pk).name == "Maria Medlem-Berg"
    event = AuditEvent.objects.filter(target_type__model="person", target_id=str(shared.pk)).latest("pk")
    assert (event.actor, event.action, event.changes) == (
        user,
        AuditEvent.Action.UPDATE,
        {"name": ["Maria Medlem", "Maria Medlem-Berg"]},
    )


def test_the_person_page_tells_a_secretary_of_some_of_the_bodies_why_there_is_no_edit_button(
    personas: Personas, login: Callable[[str], Client], shared: Person
) -> None:
    edit = reverse("structure:person_edit", kwargs={"key": shared.key})
    page = login("secretary").get(shared.get_absolute_url()).content.decode()
    assert f'href="{edit}"' not in page
    assert (
        html.escape("Maria Medlem sitter eller har suttit även i organ där du inte är sekreterare: Grannorganet.")
        in page
    )
    # The administrator has the button and no such note; a visitor sees neither.
    admin_page = login("administrator").get(shared.get_absolute_url()).content.decode()
    assert f'href="{edit}"' in admin_page and "inte är sekreterare" not in admin_page
    assert "inte är sekreterare" not in Client().get(shared.get_absolute_url()).content.decode()


def test_a_secretary_still_changes_the_persons_seat_in_their_own_body(
    personas: Personas, login: Callable[[str], Client], shared: Person
) -> None:
    url = reverse("structure:membership_edit", kwargs={"key": personas.body.key, "pk": personas.membership.pk})
    assert login("secretary").get(url).status_code == 200
    other_seat = Membership.objects.get(body=personas.other_body, person=shared)
    other_url = reverse("structure:membership_edit", kwargs={"key": personas.other_body.key, "pk": other_seat.pk})
    assert login("secretary").get(other_url).status_code == 403
