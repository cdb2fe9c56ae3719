"""A secretary's paper cuts, each as the people involved meet it: a member who reports absence
after the roll call already has them present (the absence is kept, the secretary sees and is
told of the conflict, the member is told so), and minutes that cannot be drawn up while a
decision item has no decision."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverkan.core.models import AuditEvent
from samverkan.meetings import links, services, tasks
from samverkan.meetings.models import Absence, AgendaItem, Attendance, Minutes
from tests.meetings import test_views
from tests.meetings.test_views import Board, form_data, held_meeting, messages_of, planned_meeting, sv
from tests.support import logged_in

pytestmark = pytest.mark.django_db

board = test_views.board  # the fixture: a body with members, a substitute, an official, two secretaries


# --- Absence reported after the roll call recorded the member present ---------------------------


def secretary_pages(board: Board, meeting: Any) -> dict[str, str]:
    secretary = logged_in(board.personas.secretary)
    return {
        name: secretary.get(reverse(f"meetings:{name}", kwargs={"pk": meeting.pk})).content.decode()
        for name in ("agenda", "attendance", "roll_call", "absences")
    }


def test_absence_after_being_recorded_present_is_kept_and_the_secretary_sees_and_is_told(board: Board) -> None:
    meeting = planned_meeting(board)
    # The secretary prepares the roll call before the meeting: everyone present.
    services.roll_call_prepare(actor=board.personas.secretary, meeting=meeting)
    conflict = sv("%(name)s reported absence after being recorded present.", name="Maria Medlem")
    assert all(conflict not in html for html in secretary_pages(board, meeting).values())
    mail.outbox.clear()

    member = logged_in(board.personas.member)
    response = member.post(reverse("meetings:absence_report", kwargs={"pk": meeting.pk}), follow=True)

    # Her statement is recorded (and audited), the roll call is left as the secretary saved it.
    absence = Absence.objects.get(meeting=meeting, person=board.maria)
    assert absence.via == "login"
    assert AuditEvent.objects.filter(target_repr=str(absence), action="create").exists()
    assert Attendance.objects.get(meeting=meeting, person=board.maria).status == "present"
    # She is told that the roll call has her present and that the secretary knows.
    assert messages_of(response) == [
        sv("Your absence is noted. Thank you for letting us know."),
        sv("The roll call already records you as present; the secretary has been told."),
    ]
    # The body's secretaries get an e-mail (in Swedish) with the way to the roll call.
    assert sorted(m.to[0] for m in mail.outbox) == ["secretary2@example.test", "secretary@example.test"]
    message = mail.outbox[0]
    assert "Förhinder efter närvaro: Maria Medlem" in message.subject
    assert reverse("meetings:roll_call", kwargs={"pk": meeting.pk}) in message.body
    # Each of the secretary's pages about the meeting names the conflict.
    for name, html in secretary_pages(board, meeting).items():
        assert conflict in html, name
    # Nobody else's row is a conflict.
    assert [a.person for a in services.absence_conflicts(meeting)] == [board.maria]

    # The secretary settles it in the roll call: the warning goes.
    rows = services.roll_call_rows(meeting)
    saved = [
        {
            "person": r.person,
            "capacity": r.capacity,
            "status": "notified" if r.person == board.maria else r.status,
            "replaced_by": None,
            "party": r.party,
            "represents": r.represents,
            "description": r.description,
        }
        for r in rows
    ]
    services.roll_call_save(
        actor=board.personas.secretary,
        meeting=meeting,
        version=services.roll_call_version(meeting),
        rows=saved,
    )
    assert all(conflict not in html for html in secretary_pages(board, meeting).values())


def test_absence_by_the_personal_link_after_being_recorded_present(board: Board) -> None:
    meeting = planned_meeting(board)
    services.roll_call_prepare(actor=board.personas.secretary, meeting=meeting)
    mail.outbox.clear()
    url = links.absence_url(meeting.pk, board.per.pk)

    page = Client().post(url, {"note": "Sjuk"})

    html = page.content.decode()
    assert sv("Thank you. %(name)s is noted as unable to come.", name="Per Ledamot") in html
    assert sv(
        "The roll call already records %(name)s as present; the secretary has been told.", name="Per Ledamot"
    ) in (html)
    assert Absence.objects.get(meeting=meeting, person=board.per).note == "Sjuk"
    assert len(mail.outbox) == 2
    assert "Meddelande: Sjuk" in mail.outbox[0].body
    # Opened again, the link still says so.
    assert sv(
        "The roll call already records %(name)s as present; the secretary has been told.", name="Per Ledamot"
    ) in (Client().get(url).content.decode())


def test_the_secretaries_are_told_once_per_absence_however_often_the_task_runs(board: Board) -> None:
    """A retried task (the worker died after sending, or the task was enqueued twice) mails nobody
    again: one message per secretary per absence report."""
    meeting = planned_meeting(board)
    services.roll_call_prepare(actor=board.personas.secretary, meeting=meeting)
    mail.outbox.clear()
    Client().post(links.absence_url(meeting.pk, board.per.pk), {"note": "Sjuk"})
    assert sorted(m.to[0] for m in mail.outbox) == ["secretary2@example.test", "secretary@example.test"]
    absence = Absence.objects.get(meeting=meeting, person=board.per)
    assert absence.conflict_mailed_at is not None

    # The task again, as the worker would retry it, and enqueued once more: nothing more is sent.
    assert tasks.tell_secretaries_of_absence.call(absence.pk) == 0
    tasks.tell_secretaries_of_absence.enqueue(absence.pk)
    assert len(mail.outbox) == 2
    # Reporting again changes nothing either; the secretary's pages still name the conflict.
    Client().post(links.absence_url(meeting.pk, board.per.pk), {"note": "Sjuk"})
    assert len(mail.outbox) == 2
    conflict = sv("%(name)s reported absence after being recorded present.", name="Per Ledamot")
    assert conflict in secretary_pages(board, meeting)["roll_call"]


def test_absence_reported_before_the_roll_call_is_no_conflict(board: Board) -> None:
    meeting = planned_meeting(board)
    mail.outbox.clear()
    member = logged_in(board.personas.member)
    response = member.post(reverse("meetings:absence_report", kwargs={"pk": meeting.pk}), follow=True)
    assert messages_of(response) == [sv("Your absence is noted. Thank you for letting us know.")]
    assert mail.outbox == []
    # The roll call then starts her as having notified absence: nothing to warn of.
    services.roll_call_prepare(actor=board.personas.secretary, meeting=meeting)
    assert Attendance.objects.get(meeting=meeting, person=board.maria).status == "notified"
    assert services.absence_conflicts(meeting).count() == 0
    conflict = sv("%(name)s reported absence after being recorded present.", name="Maria Medlem")
    assert all(conflict not in html for html in secretary_pages(board, meeting).values())


# --- No minutes while a decision item lacks its decision ---------------------------------------


def draw_up_data(board: Board) -> dict[str, Any]:
    return {
        "action": "draw_up",
        "adjusters": [str(board.maria.pk), str(board.per.pk)],
        "first_paragraph": "4",
        "secretary": str(board.sara.pk),
    }


def test_drawing_up_is_refused_naming_the_items_without_a_decision(board: Board) -> None:
    held = held_meeting(board)
    meeting = held.meeting
    services.roll_call_prepare(actor=None, meeting=meeting)
    # § 4 has its decision; a position without one, an information item and a procedural item.
    services.item_update(actor=None, item=held.secret, version=held.secret.version, decision="")
    position = services.item_add(actor=None, meeting=meeting, title="Yttrande om äldreomsorgen", kind="position")
    services.item_add(actor=None, meeting=meeting, title="Övriga frågor", kind="other_business")
    events = AuditEvent.objects.count()
    secretary = logged_in(board.personas.secretary)
    url = reverse("meetings:minutes_edit", kwargs={"pk": meeting.pk})

    response = secretary.post(url, draw_up_data(board))

    assert response.status_code == 200
    form = response.context["draw_up"]
    paragraphs = {i.pk: 4 + n for n, i in enumerate(meeting.items.order_by("position"))}
    missing = (
        f"§ {paragraphs[held.secret.pk]} {held.secret.title}; § {paragraphs[position.pk]} Yttrande om äldreomsorgen"
    )
    assert form.non_field_errors() == [
        sv(
            "These items have no decision yet: %(items)s. Write the decision on each before drawing up the minutes.",
            items=missing,
        )
    ]
    assert "Information om läget" not in form.non_field_errors()[0]
    assert "Övriga frågor" not in form.non_field_errors()[0]
    # What was chosen is still in the form.
    assert form_data(form) | {"action": "draw_up"} == draw_up_data(board)
    # Nothing happened: no paragraphs, still a draft, nothing in the audit trail.
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.status == "draft" and not minutes.adjusters.exists()
    assert not meeting.items.filter(paragraph__isnull=False).exists()
    assert AuditEvent.objects.count() == events

    # With the decisions written (one as decision clauses only), it is drawn up.
    secret = AgendaItem.objects.get(pk=held.secret.pk)
    services.item_update(actor=None, item=secret, version=secret.version, decision="Ärendet bordläggs.")
    position.refresh_from_db()
    services.item_update(actor=None, item=position, version=position.version, clauses=["att yttra sig"])
    drawn = secretary.post(url, draw_up_data(board), follow=True)
    assert messages_of(drawn) == [sv("The minutes are drawn up and sent for adjustment.")]
    assert Minutes.objects.get(meeting=meeting).status == "awaiting"


def test_meeting_notes_are_not_published_while_a_decision_is_missing(board: Board) -> None:
    services.meeting_settings_update(actor=None, body=board.body, requires_adjustment=False)
    start = timezone.now() - datetime.timedelta(hours=3)
    meeting = services.meeting_plan(actor=None, body=board.body, start=start, with_procedural_items=True)
    services.item_add(actor=None, meeting=meeting, title="Beslut om mötestider", kind="decision")

    with pytest.raises(services.ValidationError) as refused:
        services.minutes_draw_up(actor=None, meeting=meeting, adjusters=[])

    assert refused.value.code == "no_decision"
    # The procedural items of the template need no decision; the decision item is named.
    assert "§ 5 Beslut om mötestider" in refused.value.messages[0]
    assert not Minutes.objects.filter(meeting=meeting).exclude(status="draft").exists()
    assert not meeting.items.filter(paragraph__isnull=False).exists()
