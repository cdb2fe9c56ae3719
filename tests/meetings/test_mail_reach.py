"""Mail reaches people: a member linked to a user account is mailed at the account's address
when they have none of their own; the secretary sees who the notice will reach and who it will
not (and why) before confirming; each adjuster gets their personal link by e-mail through the
task queue, and their page shows the attendance as well as the items."""

from __future__ import annotations

import datetime
import re
from typing import cast

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import resolve, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult

from samverkan.meetings import links, services
from samverkan.meetings.models import Adjuster, Attendance, Meeting
from samverkan.meetings.notices import notice_send
from samverkan.structure.models import Body, Membership, Person
from tests.factories import BodyFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(re.escape(settings.SITE_URL) + r"(/\S+/)")


class Board:
    """A body whose members are: one with an address of their own, one without but linked to an
    account that has one, one linked to a closed account, and one with neither."""

    def __init__(self) -> None:
        self.body = cast(Body, BodyFactory(name="Styrelsen"))
        self.own = cast(Person, PersonFactory(name="Anna Egen", email="anna@example.org"))
        self.account = UserFactory(username="ulf", email="ulf.konto@example.org")
        self.linked = cast(Person, PersonFactory(name="Ulf Olsson", email="", user=self.account))
        closed = UserFactory(username="stangd", email="stangd@example.org", is_active=False)
        self.closed = cast(Person, PersonFactory(name="Stina Stängd", email="", user=closed))
        self.none = cast(Person, PersonFactory(name="Nils Ingen", email=""))
        for person in (self.own, self.linked, self.closed, self.none):
            MembershipFactory(body=self.body, person=person, role=Membership.Role.MEMBER)
        self.secretary = UserFactory(username="sekreteraren")
        self.body.secretaries.add(self.secretary)
        start = timezone.now() + datetime.timedelta(days=20)
        self.meeting: Meeting = services.meeting_plan(actor=self.secretary, body=self.body, start=start)


@pytest.fixture
def board() -> Board:
    return Board()


def test_a_member_without_an_address_is_mailed_at_the_linked_accounts(board: Board) -> None:
    result = notice_send(actor=board.secretary, meeting=board.meeting)

    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "ulf.konto@example.org"]
    assert {p.pk for p in result.recipients} == {board.own.pk, board.linked.pk}
    assert {p.pk for p in result.without_email} == {board.closed.pk, board.none.pk}


def test_the_secretary_sees_who_will_get_the_notice_and_who_not_before_it_goes(board: Board) -> None:
    client = Client()
    client.force_login(board.secretary)
    url = reverse("meetings:notice_send", kwargs={"pk": board.meeting.pk})

    agenda = client.get(reverse("meetings:agenda", kwargs={"pk": board.meeting.pk})).content.decode()
    assert f'href="{url}"' in agenda
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="sv")
    text = page.content.decode()

    assert page.status_code == 200
    assert mail.outbox == []  # nothing goes out before the secretary confirms
    reach, miss = text.split("Den når inte 2 personer")
    assert "Den når 2 personer" in reach
    assert "Anna Egen" in reach and "anna@example.org" in reach
    assert "Ulf Olsson" in reach and "ulf.konto@example.org" in reach and "användarkontots adress" in reach
    assert "Stina Stängd" in miss and "det kopplade användarkontot är avslutat" in miss
    assert "Nils Ingen" in miss and "Ingen e-postadress och inget användarkonto" in miss
    assert "Bekräfta och skicka" in text

    sent = client.post(url)

    assert sent.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "ulf.konto@example.org"]


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
@pytest.mark.django_db(transaction=True)
def test_the_notice_goes_out_through_the_task_queue_not_in_the_request() -> None:
    board = Board()
    client = Client()
    client.force_login(board.secretary)

    sent = client.post(reverse("meetings:notice_send", kwargs={"pk": board.meeting.pk}), follow=True)

    with translation.override("sv"):
        expected = [
            gettext("The notice is being sent: %(n)s e-mail(s). The agenda shows when it has gone out.") % {"n": 2},
            gettext("These members have no e-mail address: %(names)s.") % {"names": "Nils Ingen, Stina Stängd"},
        ]
    assert [str(m) for m in sent.context["messages"]] == expected
    assert mail.outbox == []  # the worker sends it
    [queued] = DBTaskResult.objects.filter(task_path="samverkan.meetings.notice_tasks.send_notice")
    assert queued.args_kwargs == {"args": [board.meeting.pk, board.secretary.pk, "web"], "kwargs": {}}
    assert Meeting.objects.get(pk=board.meeting.pk).notice_sent_at is None

    call_command("worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "ulf.konto@example.org"]
    assert Meeting.objects.get(pk=board.meeting.pk).notice_sent_at is not None


def test_when_everyone_has_an_address_no_heading_counts_zero_people(board: Board) -> None:
    """Not "It will not reach 0 people" over "Everyone invited has an address"."""
    for person in (board.closed, board.none):
        person.email = f"{person.pk}@example.org"
        person.save(update_fields=["email"])
    client = Client()
    client.force_login(board.secretary)
    url = reverse("meetings:notice_send", kwargs={"pk": board.meeting.pk})
    text = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Den når 4 personer" in text and "Alla kallade har en adress." in text
    assert "Den når inte" not in text


def test_the_person_page_shows_the_editor_where_mail_goes(board: Board) -> None:
    client = Client()
    client.force_login(board.secretary)

    text = client.get(board.linked.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    public = Client().get(board.linked.get_absolute_url()).content.decode()

    assert "ulf (ulf.konto@example.org)" in text
    assert "ulf.konto@example.org (användarkontots adress)" in text
    assert "ulf.konto@example.org" not in public


def test_the_account_page_names_the_person_and_links_the_calendar_feed(board: Board) -> None:
    client = Client()
    client.force_login(board.account)

    text = client.get(reverse("structure:my_account"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()

    assert board.linked.get_absolute_url() in text
    assert "ulf.konto@example.org (det här kontots adress)" in text
    feed = reverse("meetings:person_calendar", kwargs={"key": board.linked.key})
    assert f'href="{feed}"' in text
    assert Client().get(feed).status_code == 200


# --- Adjusters ------------------------------------------------------------------------------


def held_meeting(board: Board) -> Meeting:
    meeting = services.meeting_plan(
        actor=board.secretary, body=board.body, start=timezone.now() - datetime.timedelta(hours=3)
    )
    for person in (board.own, board.linked, board.none):
        services.attendance_record(actor=board.secretary, meeting=meeting, person=person)
    services.attendance_record(
        actor=board.secretary, meeting=meeting, person=board.closed, status=Attendance.Status.NOTIFIED
    )
    return meeting


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
@pytest.mark.django_db(transaction=True)
def test_each_adjuster_gets_the_personal_link_by_mail_through_the_task_queue() -> None:
    board = Board()
    meeting = held_meeting(board)

    minutes = services.minutes_draw_up(
        actor=board.secretary, meeting=meeting, adjusters=[board.own, board.linked, board.none]
    )

    assert mail.outbox == []  # the worker sends it
    [queued] = DBTaskResult.objects.filter(task_path="samverkan.meetings.tasks.send_adjustment_links")
    assert queued.args_kwargs == {"args": [minutes.pk], "kwargs": {}}

    call_command("worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "ulf.konto@example.org"]
    message = next(m for m in mail.outbox if m.to == ["ulf.konto@example.org"])
    assert message.subject.startswith("Justering av protokoll: Styrelsen")
    [path] = LINK.findall(str(message.body))
    match = resolve(path)
    assert match.view_name == "meetings:adjust_link"
    target = links.read_adjust_token(match.kwargs["token"])
    assert (target.object_id, target.person_id) == (minutes.pk, board.linked.pk)
    sent = {a.person_id: a for a in Adjuster.objects.filter(minutes=minutes)}
    assert sent[board.linked.pk].link_sent_to == "ulf.konto@example.org"
    assert sent[board.linked.pk].link_sent_at is not None
    assert sent[board.none.pk].link_sent_at is None

    # The secretary's page says whom it reached and whom not.
    client = Client()
    client.force_login(board.secretary)
    page = client.get(reverse("meetings:minutes_edit", kwargs={"pk": meeting.pk}), HTTP_ACCEPT_LANGUAGE="sv")
    text = page.content.decode()
    assert "Skickad till ulf.konto@example.org" in text
    assert "Inte skickad: ingen e-postadress och inget användarkonto" in text

    # The adjuster follows the link: the attendance as well as the items, then confirms.
    adjuster = Client()
    page = adjuster.get(path, HTTP_ACCEPT_LANGUAGE="sv")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Närvaro" in text
    for name in ("Anna Egen", "Ulf Olsson", "Nils Ingen", "Stina Stängd"):
        assert name in text
    assert "anmält förhinder" in text
    assert "Mötet öppnas" in text
    adjuster.post(path)
    assert Adjuster.objects.get(minutes=minutes, person=board.linked).confirmed_at is not None

    # Running the worker again sends nothing twice.
    call_command("worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert len(mail.outbox) == 2
