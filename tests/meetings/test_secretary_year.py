"""The secretary's year (issue 12 point 8): a year's meetings planned in one form, an agenda
item removed only after confirming."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverkan.core.models import AuditEvent
from samverkan.meetings.models import AgendaItem, Meeting
from tests.meetings.factories import MeetingFactory
from tests.support import Personas, meeting_world

Login = Callable[[str], Client]


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def plan(client: Client, personas: Personas, **data: str) -> object:
    fields = {"start_time": "13:00", "end_time": "15:30", "location_name": "Regionens hus", "room": "Sal A"}
    fields.update(data)
    return client.post(reverse("meetings:plan_year", kwargs={"key": personas.body.key}), fields)


# --- A year planned at once ------------------------------------------------------------------


def test_a_year_is_planned_in_one_form_time_and_place_copied(personas: Personas, login: Login) -> None:
    client = login("secretary")
    page = client.get(reverse("meetings:body_meetings", kwargs={"key": personas.body.key})).content.decode()
    assert reverse("meetings:plan_year", kwargs={"key": personas.body.key}) in page
    days = [in_days(20), in_days(60), in_days(100), in_days(140)]
    response = plan(client, personas, dates=f"{days[2]}\n{days[0]}, {days[1]}\n\n{days[3]}\n")
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:body_meetings", kwargs={"key": personas.body.key})
    meetings = list(Meeting.objects.filter(body=personas.body).order_by("start"))
    assert [timezone.localdate(m.start) for m in meetings] == days
    for meeting in meetings:
        start, end = timezone.localtime(meeting.start), timezone.localtime(meeting.end)
        assert (start.hour, start.minute, end.hour, end.minute) == (13, 0, 15, 30)
        assert (meeting.location_name, meeting.room, meeting.time_decided) == ("Regionens hus", "Sal A", True)
        assert meeting.items.filter(kind="opening").exists()  # each agenda starts with the procedural items
    created = AuditEvent.objects.filter(action="create", target_type__model="meeting")
    assert created.count() == 4 and {e.actor_id for e in created} == {personas.secretary.pk}
    shown = client.get(response["Location"]).content.decode()
    assert "4 möten lades till i planen." in shown


def test_without_a_time_the_meetings_have_only_their_date(personas: Personas, login: Login) -> None:
    response = plan(login("secretary"), personas, dates=str(in_days(10)), start_time="", end_time="")
    assert response.status_code == 302
    meeting = Meeting.objects.get(body=personas.body)
    assert (meeting.time_decided, meeting.end) == (False, None)


def test_past_duplicate_and_taken_dates_are_refused_and_nothing_is_added(personas: Personas, login: Login) -> None:
    taken = MeetingFactory(body=personas.body, start=timezone.now() + datetime.timedelta(days=30))
    cancelled = MeetingFactory(body=personas.body, start=timezone.now() + datetime.timedelta(days=45))
    Meeting.objects.filter(pk=cancelled.pk).update(status=Meeting.Status.CANCELLED)
    before = Meeting.objects.count()
    typed = f"{in_days(-3)}\n{in_days(10)}\n{in_days(10)}\n{timezone.localdate(taken.start)}\n{in_days(45)}"
    response = plan(login("secretary"), personas, dates=typed)
    assert response.status_code == 200
    errors = response.context["form"].errors["dates"]
    assert f"Dessa datum har redan passerat: {in_days(-3)}." in errors
    assert f"Dessa datum står två gånger: {in_days(10)}." in errors
    assert f"Organet har redan ett möte {timezone.localdate(taken.start)}." in errors
    assert "Inget möte lades till." in errors
    assert Meeting.objects.count() == before  # all or nothing; a cancelled meeting's day is free
    page = response.content.decode()
    assert typed.split("\n")[0] in page  # what was typed is kept


def test_unreadable_dates_and_a_missing_place_are_clear_errors(personas: Personas, login: Login) -> None:
    response = plan(login("secretary"), personas, dates="14 mars\n2027-02-30", location_name="", room="")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["dates"] == ["Inte ett datum som 2027-02-14: 14 mars, 2027-02-30. Inget sparades."]
    assert "Ange en plats eller en länk till ett digitalt möte." in form.non_field_errors()
    response = plan(login("secretary"), personas, dates=str(in_days(9)), start_time="15:00", end_time="14:00")
    assert response.context["form"].errors["end_time"] == ["Mötet måste sluta efter att det har börjat."]
    assert not Meeting.objects.exists()


def test_only_the_body_secretaries_plan_its_year(personas: Personas, login: Login) -> None:
    url = reverse("meetings:plan_year", kwargs={"key": personas.body.key})
    assert login("other_secretary").post(url, {"dates": str(in_days(9)), "location_name": "X"}).status_code == 403
    assert login("member").get(url).status_code == 403
    assert not Meeting.objects.exists()


# --- Removing an agenda item only after confirming --------------------------------------------


def test_an_item_is_removed_only_after_confirming(personas: Personas, login: Login) -> None:
    world = meeting_world(personas)
    client = login("secretary")
    url = reverse("meetings:item_delete", kwargs={"pk": world.planned.pk, "item_pk": world.item.pk})
    assert f'href="{url}"' in client.get(reverse("meetings:agenda", kwargs={"pk": world.planned.pk})).content.decode()
    # The confirmation page names the item and its papers, and removes nothing.
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ta bort punkten?" in text and world.item.title in text and world.paper.title in text
    assert 'name="confirm" value="yes"' in text
    # A POST without the confirmation (the old one-click form) only shows the question again.
    assert client.post(url).status_code == 200
    assert AgendaItem.objects.filter(pk=world.item.pk).exists()
    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 302
    assert not AgendaItem.objects.filter(pk=world.item.pk).exists()
    removed = AuditEvent.objects.get(action="delete", target_type__model="agendaitem", target_id=str(world.item.pk))
    assert removed.actor == personas.secretary
    assert "Punkten ”Budget” togs bort." in client.get(response["Location"]).content.decode()


def test_an_item_of_drawn_up_minutes_is_not_removed(personas: Personas, login: Login) -> None:
    world = meeting_world(personas)
    item = world.held.items.get()
    url = reverse("meetings:item_delete", kwargs={"pk": world.held.pk, "item_pk": item.pk})
    page = login("secretary").get(url).content.decode()
    assert 'name="confirm"' not in page
    login("secretary").post(url, {"confirm": "yes"})
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    assert login("member").post(url, {"confirm": "yes"}).status_code == 403
