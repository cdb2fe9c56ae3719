"""The secretary's year (issue 12 point 8): a year's meetings planned in one form, an agenda
item removed only after confirming."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.core.models import AuditEvent
from samverkan.meetings import services as meeting_services
from samverkan.meetings.models import AgendaItem, Attendance, Meeting
from samverkan.structure.models import Membership, Person
from tests.factories import MembershipFactory, PersonFactory
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
    assert "4 sammanträden lades till i sammanträdesplanen." in shown


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
    assert f"Organet har redan ett sammanträde {timezone.localdate(taken.start)}." in errors
    assert "Inget sammanträde lades till." in errors
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
    assert response.context["form"].errors["end_time"] == ["Sammanträdet måste sluta efter att det har börjat."]
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


# --- The roll call on one screen -------------------------------------------------------------


def roll_call_data(response: Any, **changes: str) -> dict[str, str]:
    """What the browser would send: every field as the page shows it, then the changes."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else str(getattr(value, "pk", value))
    data.update(changes)
    return data


def body_with_seats(personas: Personas) -> tuple[Any, Any, Any]:
    """The personas' body: Maria Medlem (S), Per Ledamot (M), and Sara Ersättare (S), a substitute."""
    per = PersonFactory(name="Per Ledamot")
    sara = PersonFactory(name="Sara Ersättare")
    MembershipFactory(body=personas.body, person=per, role=Membership.Role.MEMBER, party="M")
    MembershipFactory(body=personas.body, person=sara, role=Membership.Role.SUBSTITUTE, party="S")
    return personas.person, per, sara


def test_the_roll_call_is_recorded_on_one_screen_with_one_submit(personas: Personas, login: Login) -> None:
    maria, per, sara = body_with_seats(personas)
    meeting = meeting_world(personas).planned
    meeting_services.absence_report(actor=None, meeting=meeting, person=maria, via="login")
    guest = PersonFactory(name="Gunnel Gäst")
    client = login("secretary")
    url = reverse("meetings:roll_call", kwargs={"pk": meeting.pk})
    assert f'href="{url}"' in client.get(reverse("meetings:agenda", kwargs={"pk": meeting.pk})).content.decode()
    page = client.get(url)
    assert page.status_code == 200
    rows = {r.person.name: (r.capacity, r.status) for r in page.context["form"].rows}
    assert rows == {
        "Maria Medlem": ("member", "notified"),
        "Per Ledamot": ("member", "present"),
        "Sara Ersättare": ("substitute", "present"),
    }
    data = roll_call_data(
        page,
        **{
            f"status-{maria.pk}": "replaced",
            f"replaced_by-{maria.pk}": str(sara.pk),
            f"status-{per.pk}": "absent",
            "new-0-name": "Olle Tjänsteman",
            "new-0-capacity": "official",
            "new-0-description": "kanslichef",
            "new-1-person": str(guest.pk),
            "new-1-capacity": "guest",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    recorded = {
        a.person.name: (a.capacity, a.status, a.replaced_by.name if a.replaced_by else "", a.description)
        for a in Attendance.objects.filter(meeting=meeting).select_related("person", "replaced_by")
    }
    assert recorded == {
        "Maria Medlem": ("member", "replaced", "Sara Ersättare", "ledamot"),
        "Per Ledamot": ("member", "absent", "", "ledamot"),
        "Sara Ersättare": ("substitute", "present", "", "ersättare"),
        "Olle Tjänsteman": ("official", "present", "", "kanslichef"),
        "Gunnel Gäst": ("guest", "present", "", ""),
    }
    audited = AuditEvent.objects.filter(target_type__model="attendance", action="create", actor=personas.secretary)
    assert audited.count() == 5
    shown = client.get(response["Location"]).content.decode()
    assert "Närvaron sparades: 5 rader ändrade eller tillagda." in shown
    assert "Olle Tjänsteman" in shown and "Gunnel Gäst" in shown  # now rows of their own
    # Saving again unchanged changes nothing.
    again = client.post(url, roll_call_data(client.get(url)))
    assert again.status_code == 302
    assert AuditEvent.objects.filter(target_type__model="attendance", actor=personas.secretary).count() == 5


def test_a_roll_call_saved_meanwhile_by_someone_else_is_refused(personas: Personas, login: Login) -> None:
    maria, per, _sara = body_with_seats(personas)
    meeting = meeting_world(personas).planned
    url = reverse("meetings:roll_call", kwargs={"pk": meeting.pk})
    first, second = login("secretary"), login("administrator")
    mine, theirs = first.get(url), second.get(url)
    assert second.post(url, roll_call_data(theirs, **{f"status-{per.pk}": "absent"})).status_code == 302
    refused = first.post(url, roll_call_data(mine, **{f"status-{maria.pk}": "absent"}))
    assert refused.status_code == 200
    assert "Någon annan sparade närvaron medan du fyllde i den." in refused.content.decode()
    assert refused.context["form"][f"status-{maria.pk}"].value() == "absent"  # what was chosen is kept
    assert Attendance.objects.get(meeting=meeting, person=maria).status == "present"  # theirs stands
    assert Attendance.objects.get(meeting=meeting, person=per).status == "absent"
    # The refused form carries the new version: saving again after checking works.
    assert first.post(url, roll_call_data(refused)).status_code == 302
    assert Attendance.objects.get(meeting=meeting, person=maria).status == "absent"


def test_a_replaced_member_needs_who_replaced_them_and_nothing_is_saved(personas: Personas, login: Login) -> None:
    maria, _per, _sara = body_with_seats(personas)
    meeting = meeting_world(personas).planned
    url = reverse("meetings:roll_call", kwargs={"pk": meeting.pk})
    client = login("secretary")
    refused = client.post(
        url, roll_call_data(client.get(url), **{f"status-{maria.pk}": "replaced", "new-0-name": "Ny Person"})
    )
    assert refused.status_code == 200
    assert "Ange vem som ersatte Maria Medlem." in refused.content.decode()
    assert not Attendance.objects.filter(meeting=meeting).exists()
    assert not Person.objects.filter(name="Ny Person").exists()


def test_a_replacement_chosen_from_the_register_is_kept_by_the_roll_call(personas: Personas, login: Login) -> None:
    """On a person's own attendance page "replaced by" is found in the whole register; someone
    without a row of the roll call chosen there is shown by the roll call, which then saves
    (it refused every save before: "Ange vem som ersatte ...")."""
    maria, _per, _sara = body_with_seats(personas)
    lena = PersonFactory(name="Lena Utanför")
    meeting = meeting_world(personas).planned
    meeting_services.attendance_record(
        actor=None, meeting=meeting, person=maria, status=Attendance.Status.REPLACED, replaced_by=lena
    )
    url = reverse("meetings:roll_call", kwargs={"pk": meeting.pk})
    client = login("secretary")
    page = client.get(url)
    assert offered(page, f"replaced_by-{maria.pk}") >= {"Lena Utanför"}
    assert page.context["form"][f"replaced_by-{maria.pk}"].value() == lena.pk
    saved = client.post(url, roll_call_data(page))
    assert saved.status_code == 302, saved.content.decode()[:3000]
    assert Attendance.objects.get(meeting=meeting, person=maria).replaced_by == lena


def test_the_roll_call_is_closed_once_the_minutes_are_drawn_up(personas: Personas, login: Login) -> None:
    held = meeting_world(personas).held
    url = reverse("meetings:roll_call", kwargs={"pk": held.pk})
    page = login("secretary").get(url).content.decode()
    assert "Spara närvaron" not in page
    assert login("member").get(url).status_code == 403


def test_the_roll_call_query_count_does_not_grow_with_members(personas: Personas, login: Login) -> None:
    meeting = meeting_world(personas).planned
    url = reverse("meetings:roll_call", kwargs={"pk": meeting.pk})
    client = login("secretary")

    def grow() -> None:
        for _ in range(4):
            MembershipFactory(body=personas.body, role=Membership.Role.MEMBER, party="S", principal=personas.principal)
            MembershipFactory(body=personas.body, role=Membership.Role.SUBSTITUTE, party="M")
        seat = Membership.objects.filter(body=personas.body).order_by("-pk").first()
        meeting_services.attendance_record(actor=None, meeting=meeting, person=seat.person)
        meeting_services.attendance_record(
            actor=None, meeting=meeting, person=PersonFactory(), capacity="official", description="utredare"
        )

    grow()
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        first = client.get(url)
    grow()
    with CaptureQueriesContext(connection) as big:
        second = client.get(url)
    assert len(second.context["form"].rows) > len(first.context["form"].rows)
    assert len(big.captured_queries) == len(small.captured_queries), "\n".join(q["sql"] for q in big.captured_queries)


def offered(response: Any, field: str) -> set[str]:
    """The names a person list of the page offers to choose."""
    return {name for pk, name in response.context["form"][field].field.widget.choices if pk != ""}


def test_the_roll_call_offers_the_bodys_people_and_finds_the_others(personas: Personas, login: Login) -> None:
    """Issue 19: not every person of the register in each list (a thousand in a county) but the
    body's people, and a search for anyone else that keeps what was filled in."""
    _maria, per, _sara = body_with_seats(personas)
    meeting = meeting_world(personas).planned
    official = PersonFactory(name="Olle Utredare")
    earlier = MeetingFactory(body=personas.body, start=timezone.now() - datetime.timedelta(days=60))
    meeting_services.attendance_record(actor=None, meeting=earlier, person=official, capacity="official")
    stranger = PersonFactory(name="Gunnel Främling")
    client = login("secretary")
    url = reverse("meetings:roll_call", kwargs={"pk": meeting.pk})
    page = client.get(url)
    names = offered(page, "new-0-person")
    assert {"Maria Medlem", "Per Ledamot", "Sara Ersättare", "Olle Utredare"} <= names
    assert "Gunnel Främling" not in names
    # Find: the screen comes back as filled in (nothing saved), the people found offered.
    data = roll_call_data(page, **{f"status-{per.pk}": "absent", "find": "främ", "action": "find"})
    found = client.post(url, data)
    assert found.status_code == 200
    assert "Gunnel Främling" in offered(found, "new-0-person")
    assert found.context["form"][f"status-{per.pk}"].value() == "absent"
    assert not Attendance.objects.filter(meeting=meeting).exists()
    # Chosen and saved.
    data = roll_call_data(found, **{"new-0-person": str(stranger.pk), "new-0-capacity": "guest", "find": ""})
    data.pop("action", None)
    assert client.post(url, data).status_code == 302
    assert Attendance.objects.get(meeting=meeting, person=stranger).capacity == "guest"
    assert Attendance.objects.get(meeting=meeting, person=per).status == "absent"


def test_the_roll_call_does_not_grow_with_the_register(personas: Personas, login: Login) -> None:
    meeting = meeting_world(personas).planned
    url = reverse("meetings:roll_call", kwargs={"pk": meeting.pk})
    client = login("secretary")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        first = client.get(url)
    PersonFactory.create_batch(30)
    with CaptureQueriesContext(connection) as big:
        second = client.get(url)
    assert len(second.content) == len(first.content)
    assert len(big.captured_queries) == len(small.captured_queries) <= 10, "\n".join(
        q["sql"] for q in big.captured_queries
    )


def test_the_attendance_page_offers_the_bodys_people_and_finds_the_others(personas: Personas, login: Login) -> None:
    body_with_seats(personas)
    meeting = meeting_world(personas).planned
    stranger = PersonFactory(name="Gunnel Främling")
    client = login("secretary")
    url = reverse("meetings:attendance", kwargs={"pk": meeting.pk})
    page = client.get(url)
    assert {"Maria Medlem", "Per Ledamot", "Sara Ersättare"} <= offered(page, "person")
    assert "Gunnel Främling" not in offered(page, "person")
    found = client.post(url, {"action": "find", "find": "Främling", "capacity": "guest", "description": "revisor"})
    assert found.status_code == 200
    assert "Gunnel Främling" in offered(found, "person")
    assert found.context["form"]["description"].value() == "revisor"
    added = client.post(url, {"action": "add", "person": str(stranger.pk), "capacity": "guest", "description": ""})
    assert added.status_code == 302
    assert Attendance.objects.get(meeting=meeting, person=stranger).capacity == "guest"


def test_the_roll_call_reads_nothing_more_once_locked(personas: Personas, login: Login) -> None:
    """Drawn-up minutes lock it: the page says so without reading the seats, and a save changes
    nothing."""
    held = meeting_world(personas).held
    url = reverse("meetings:roll_call", kwargs={"pk": held.pk})
    client = login("secretary")
    before = list(Attendance.objects.filter(meeting=held).values_list("pk", "status"))
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url)
    assert "Spara närvaron" not in page.content.decode()
    assert len(ctx.captured_queries) <= 7, "\n".join(q["sql"] for q in ctx.captured_queries)
    assert client.post(url, {"version": "x"}).status_code == 200
    assert list(Attendance.objects.filter(meeting=held).values_list("pk", "status")) == before
