"""Reminders before the deadline and the report-back on the body's next meeting.

Time is simulated by moving `sent_at` and `deadline` with queryset updates and by passing
`today` to `reminders_claim`; the report-back reads the real date, so its deadlines are moved
instead."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from samverkan.core.models import AuditEvent
from samverkan.meetings.models import AgendaItem, Meeting, Minutes
from samverkan.referrals import deadlines, links, services, tasks
from samverkan.referrals import mail as referral_mail
from samverkan.referrals.models import Recipient, Recommendation, Reminder, ReportBack
from tests.factories import BodyFactory, PrincipalFactory, UserFactory
from tests.meetings.factories import MeetingFactory
from tests.referrals.factories import principals_with_registrars, sent_recommendation

pytestmark = pytest.mark.django_db


def at(recommendation: Recommendation, days_before: int) -> datetime.date:
    """The day `days_before` days before the recommendation's deadline."""
    return recommendation.deadline - datetime.timedelta(days=days_before)


def move(recommendation: Recommendation, **fields) -> Recommendation:
    Recommendation.objects.filter(pk=recommendation.pk).update(**fields)
    recommendation.refresh_from_db()
    return recommendation


def run(today: datetime.date) -> list[Reminder]:
    """One run of the clock on `today`: claim, then send."""
    ids = deadlines.reminders_claim(today)
    referral_mail.reminders_send(ids)
    return list(Reminder.objects.filter(pk__in=ids).order_by("pk"))


def recipients(recommendation: Recommendation) -> list[Recipient]:
    return list(recommendation.recipients.order_by("principal__name"))


def sent_days(recipient: Recipient) -> list[int]:
    return list(
        recipient.reminders.filter(sent_at__isnull=False).order_by("-days_before").values_list("days_before", flat=True)
    )


@pytest.fixture
def rec() -> Recommendation:
    """Sent today to three principals, deadline in 30 days, reminders 14 and 3 days before."""
    recommendation = sent_recommendation(
        principals=principals_with_registrars(3), deadline=timezone.localdate() + datetime.timedelta(days=30)
    )
    mail.outbox.clear()
    return recommendation


# --- Reminders -------------------------------------------------------------------------------


def test_reminders_at_14_and_3_days_each_once(rec):
    waiting, answered, revoked = recipients(rec)
    services.response_record(actor=None, recipient=answered, answer="approved", via="link")
    services.link_revoke(actor=None, recipient=revoked)

    assert run(at(rec, 15)) == []
    claimed = deadlines.reminders_claim(at(rec, 14))
    assert list(Reminder.objects.filter(pk__in=claimed).values_list("recipient_id", "days_before")) == [
        (waiting.pk, 14)
    ]
    assert referral_mail.reminders_send(claimed) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [f"registrator@{waiting.principal.key}.example"]
    assert message.subject == f"Påminnelse: {rec.title} – svar senast {rec.deadline:%Y-%m-%d}"
    assert "(14 dagar kvar)" in message.body
    assert links.url_for(waiting) in message.body

    reminder = Reminder.objects.get(recipient=waiting, days_before=14)
    assert reminder.sent_at is not None
    assert reminder.sent_to == f"registrator@{waiting.principal.key}.example"

    # Claimed again the same day, or on the days after, nothing more until the 3-day one.
    for day in (14, 13, 10, 4):
        assert run(at(rec, day)) == []
    assert len(mail.outbox) == 1

    sent = run(at(rec, 3))
    assert [(r.recipient_id, r.days_before) for r in sent] == [(waiting.pk, 3)]
    assert "(3 dagar kvar)" in mail.outbox[1].body
    for day in (3, 2, 1, 0, -1, -20):
        assert run(at(rec, day)) == []
    assert len(mail.outbox) == 2
    assert sent_days(waiting) == [14, 3]
    assert sent_days(answered) == []
    assert sent_days(revoked) == []


def test_a_claim_twice_before_sending_claims_once_and_sending_twice_sends_once(rec):
    first = deadlines.reminders_claim(at(rec, 14))
    second = deadlines.reminders_claim(at(rec, 14))
    assert len(first) == 3
    assert second == []
    assert referral_mail.reminders_send(first + second) == 3
    assert referral_mail.reminders_send(first) == 0
    assert len(mail.outbox) == 3
    assert Reminder.objects.count() == 3


def test_the_14_day_reminder_is_not_sent_late_within_3_days(rec):
    sent = run(at(rec, 2))  # the clock was stopped until two days before
    assert {r.days_before for r in sent} == {3}
    assert len(mail.outbox) == 3
    assert not Reminder.objects.filter(days_before=14).exists()
    assert run(at(rec, 1)) == []


def test_a_14_day_reminder_a_few_days_late_is_still_sent_before_the_3_day_one(rec):
    sent = run(at(rec, 10))
    assert {r.days_before for r in sent} == {14}
    assert run(at(rec, 3)) != []
    assert all(sent_days(r) == [14, 3] for r in recipients(rec))


def test_no_reminder_dated_before_the_invitation(rec):
    # Sent only ten days before the deadline: the 14-day reminder's day had passed already.
    move(rec, sent_at=timezone.now() - datetime.timedelta(days=20))
    move(rec, deadline=timezone.localdate() - datetime.timedelta(days=20) + datetime.timedelta(days=10))
    sent_on = timezone.localdate(rec.sent_at)
    assert run(sent_on) == []
    assert run(at(rec, 9)) == []
    assert {r.days_before for r in run(at(rec, 3))} == {3}


def test_a_reminder_on_the_day_of_sending_is_not_sent(rec):
    # Sent exactly 14 days before: the invitation is that day's message.
    move(rec, deadline=timezone.localdate(rec.sent_at) + datetime.timedelta(days=14))
    assert run(at(rec, 14)) == []


def test_not_sent_after_the_deadline(rec):
    assert run(at(rec, -1)) == []
    assert not Reminder.objects.exists()


def test_a_reminder_on_the_deadline_day_when_asked_for(rec):
    move(rec, reminder_days=[0])
    assert run(at(rec, 1)) == []
    assert {r.days_before for r in run(at(rec, 0))} == {0}
    assert "Sista dag att svara är" in mail.outbox[0].body


def test_none_for_withdrawn_recommendations_or_the_uninvited():
    principals = principals_with_registrars(2)
    silent = PrincipalFactory()
    rec = sent_recommendation(principals=[*principals, silent])
    withdrawn = sent_recommendation(principals=principals)
    services.recommendation_withdraw(actor=None, recommendation=withdrawn)
    mail.outbox.clear()
    sent = run(at(rec, 14))
    assert {r.recipient.principal_id for r in sent} == {p.pk for p in principals}
    assert all(r.recipient.recommendation_id == rec.pk for r in sent)
    assert len(mail.outbox) == 2


def test_an_answer_between_claim_and_send_cancels_the_reminder(rec):
    first, *_rest = recipients(rec)
    ids = deadlines.reminders_claim(at(rec, 14))
    services.response_record(actor=None, recipient=first, answer="rejected", via="login")
    assert referral_mail.reminders_send(ids) == 2
    assert not Reminder.objects.filter(recipient=first).exists()
    assert len(mail.outbox) == 2


def test_a_revoke_between_claim_and_send_cancels_the_reminder(rec):
    first, *_rest = recipients(rec)
    ids = deadlines.reminders_claim(at(rec, 14))
    services.link_revoke(actor=None, recipient=first)
    assert referral_mail.reminders_send(ids) == 2
    assert links.url_for(first) not in " ".join(m.body for m in mail.outbox)


def test_a_refused_message_leaves_no_reminder_claimed_but_unsent(rec):
    ids = deadlines.reminders_claim(at(rec, 14))
    assert len(ids) == 3
    real_send = mail.EmailMessage.send
    calls = {"n": 0}

    def flaky(message, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise ConnectionRefusedError("the mail server is down")
        return real_send(message, *args, **kwargs)

    with mock.patch.object(mail.EmailMessage, "send", flaky), pytest.raises(ConnectionRefusedError):
        referral_mail.reminders_send(ids)
    assert len(mail.outbox) == 1
    # Nothing is left claimed and unsent: a later run reminds the other two, once each.
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()
    assert len(run(at(rec, 14))) == 2
    assert len(mail.outbox) == 3
    assert all(sent_days(r) == [14] for r in recipients(rec))


def test_due_work_sends_the_reminders_due_today(rec):
    today = timezone.localdate()
    move(rec, deadline=today + datetime.timedelta(days=3), sent_at=timezone.now() - datetime.timedelta(days=20))
    result = tasks.due_work.enqueue()
    assert result.return_value == {"invitations": 0, "reminders": 3, "report_backs": 0}
    assert len(mail.outbox) == 3
    assert {m.to[0] for m in mail.outbox} == {f"registrator@{r.principal.key}.example" for r in recipients(rec)}
    assert set(Reminder.objects.values_list("days_before", flat=True)) == {3}
    assert all(r.sent_at is not None and r.sent_to for r in Reminder.objects.all())
    assert tasks.due_work.enqueue().return_value == {"invitations": 0, "reminders": 0, "report_backs": 0}
    assert len(mail.outbox) == 3


# --- Invitations still owed ------------------------------------------------------------------


def test_a_refused_invitation_is_sent_by_the_next_run_of_the_clock():
    principals = principals_with_registrars(3)
    real_send = mail.EmailMessage.send
    calls = {"n": 0}

    def flaky(message, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise ConnectionRefusedError("the mail server is down")
        return real_send(message, *args, **kwargs)

    with mock.patch.object(mail.EmailMessage, "send", flaky):
        rec = sent_recommendation(principals=principals)
    assert rec.is_sent
    assert len(mail.outbox) == 1
    assert rec.recipients.filter(invited_at__isnull=True).count() == 2
    assert tasks.due_work.enqueue().return_value["invitations"] == 2
    assert len(mail.outbox) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"registrator@{p.key}.example" for p in principals)
    assert not rec.recipients.filter(invited_at__isnull=True).exists()
    assert tasks.due_work.enqueue().return_value["invitations"] == 0
    assert len(mail.outbox) == 3


def test_a_registrar_added_after_sending_gets_the_invitation_while_the_links_work():
    reachable = principals_with_registrars(1)
    silent = PrincipalFactory()
    rec = sent_recommendation(principals=[*reachable, silent])
    assert len(mail.outbox) == 1
    assert tasks.due_work.enqueue().return_value["invitations"] == 0  # still nobody to write to
    silent.registrars.add(UserFactory(email="ny.registrator@tyst.example"))
    # Not once the links have expired ...
    original = rec.deadline
    move(rec, deadline=timezone.localdate() - datetime.timedelta(days=rec.grace_days + 1))
    assert tasks.due_work.enqueue().return_value["invitations"] == 0
    # ... nor when revoked, but otherwise the next run sends it.
    move(rec, deadline=original)
    Recipient.objects.filter(recommendation=rec, principal=silent).update(link_revoked=True)
    assert tasks.due_work.enqueue().return_value["invitations"] == 0
    Recipient.objects.filter(recommendation=rec, principal=silent).update(link_revoked=False)
    assert tasks.due_work.enqueue().return_value["invitations"] == 1
    assert mail.outbox[-1].to == ["ny.registrator@tyst.example"]
    assert links.url_for(Recipient.objects.get(recommendation=rec, principal=silent)) in mail.outbox[-1].body


# --- Report-back -----------------------------------------------------------------------------


def in_days(n: float, hour: int = 13) -> datetime.datetime:
    return (timezone.localtime() + datetime.timedelta(days=n)).replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def body():
    return BodyFactory(name="Beredningsgruppen")


@pytest.fixture
def meetings(body):
    """The body's meetings: only `next` may take the report-back."""
    past = MeetingFactory(body=body, start=in_days(-7))
    cancelled = MeetingFactory(body=body, start=in_days(5), status=Meeting.Status.CANCELLED)
    prel = MeetingFactory(body=body, start=in_days(6), status=Meeting.Status.PRELIMINARILY_CANCELLED)
    drawn_up = MeetingFactory(body=body, start=in_days(7))
    Minutes.objects.create(meeting=drawn_up, status=Minutes.Status.AWAITING_ADJUSTMENT)
    adjusted = MeetingFactory(body=body, start=in_days(8))
    Minutes.objects.create(meeting=adjusted, status=Minutes.Status.ADJUSTED)
    next_ = MeetingFactory(body=body, start=in_days(14))
    Minutes.objects.create(meeting=next_, status=Minutes.Status.DRAFT)  # still open
    later = MeetingFactory(body=body, start=in_days(40))
    other_body = MeetingFactory(start=in_days(2))
    return {
        "past": past,
        "cancelled": cancelled,
        "prel": prel,
        "drawn_up": drawn_up,
        "adjusted": adjusted,
        "next": next_,
        "later": later,
        "other_body": other_body,
    }


def report_items() -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(title__startswith="Återrapportering"))


def test_report_back_once_everyone_has_answered(body, meetings):
    rec = sent_recommendation(body=body, principals=principals_with_registrars(3), title="Gemensam hjälpmedelsnämnd")
    first, second, third = recipients(rec)
    services.response_record(actor=None, recipient=first, answer="approved", via="link")
    services.response_record(
        actor=None, recipient=second, answer="approved_with_condition", condition="Om X", via="link"
    )
    assert report_items() == []
    services.response_record(actor=None, recipient=third, answer="rejected", via="link")

    report = ReportBack.objects.get(recommendation=rec)
    assert report.meeting == meetings["next"]
    assert report.reason == "all_answered"
    item = report.item
    assert item.meeting == meetings["next"]
    assert item.title == "Återrapportering: Gemensam hjälpmedelsnämnd"
    assert item.kind == AgendaItem.Kind.INFORMATION
    assert item.proposal == (
        f"Rekommendationen ”Gemensam hjälpmedelsnämnd” skickades till 3 huvudmän med svar senast "
        f"{rec.deadline:%Y-%m-%d}.\n"
        "Bifall: 2. Avslag: 1. Har inte svarat: 0.\n"
        "Utfall enligt beslutsregeln: inte antagen."
    )
    assert AuditEvent.objects.filter(
        target_type__model="reportback", target_id=str(report.pk), action="create"
    ).exists()

    # Once: a changed answer, another run of the clock, a direct call add nothing.
    services.response_record(actor=None, recipient=third, answer="approved", via="link")
    tasks.due_work.enqueue()
    assert deadlines.report_back_add(recommendation=rec) is None
    assert report_items() == [item]


def test_no_report_back_while_answers_are_pending_before_the_deadline(body, meetings):
    rec = sent_recommendation(body=body, principals=principals_with_registrars(2))
    services.response_record(actor=None, recipient=recipients(rec)[0], answer="approved", via="link")
    assert deadlines.report_back_add(recommendation=rec) is None
    assert tasks.due_work.enqueue().return_value["report_backs"] == 0
    # On the deadline day itself, answers may still come.
    move(rec, deadline=timezone.localdate())
    assert tasks.due_work.enqueue().return_value["report_backs"] == 0
    assert not ReportBack.objects.exists()
    assert report_items() == []


def test_report_back_after_the_deadline_with_answers_missing(body, meetings):
    rec = sent_recommendation(body=body, principals=principals_with_registrars(3), rule="approvers")
    first, second, _third = recipients(rec)
    services.response_record(actor=None, recipient=first, answer="approved", via="link")
    services.response_record(actor=None, recipient=second, answer="approved", via="link")
    move(rec, deadline=timezone.localdate() - datetime.timedelta(days=1))
    assert tasks.due_work.enqueue().return_value == {"invitations": 0, "reminders": 0, "report_backs": 1}
    report = ReportBack.objects.get()
    assert (report.meeting, report.reason) == (meetings["next"], "deadline")
    assert report.item.proposal.splitlines()[1:] == [
        "Bifall: 2. Avslag: 0. Har inte svarat: 1.",
        "Utfall enligt beslutsregeln: gäller för de 2 huvudmän som bifallit.",
    ]
    assert tasks.due_work.enqueue().return_value["report_backs"] == 0
    assert len(report_items()) == 1


def test_report_back_of_an_undecided_outcome_after_the_deadline(body, meetings):
    rec = sent_recommendation(body=body, principals=principals_with_registrars(2))
    services.response_record(actor=None, recipient=recipients(rec)[0], answer="approved", via="link")
    move(rec, deadline=timezone.localdate() - datetime.timedelta(days=1))
    report = deadlines.report_back_add(recommendation=rec)
    assert report is not None
    assert report.item.proposal.splitlines()[1:] == [
        "Bifall: 1. Avslag: 0. Har inte svarat: 1.",
        "Utfall enligt beslutsregeln: inte avgjord.",
    ]


def test_report_back_of_an_adopted_recommendation_and_of_a_consultation(body, meetings):
    adopted = sent_recommendation(body=body, principals=principals_with_registrars(2), title="Antagen")
    for recipient in recipients(adopted):
        services.response_record(actor=None, recipient=recipient, answer="approved", via="link")
    assert adopted.report_back.item.proposal.endswith("Utfall enligt beslutsregeln: antagen.")

    consultation = sent_recommendation(
        body=body, principals=principals_with_registrars(2), title="Remiss", kind="consultation"
    )
    first, _second = recipients(consultation)
    services.response_record(actor=None, recipient=first, answer="written", text="Inga synpunkter.", via="link")
    move(consultation, deadline=timezone.localdate() - datetime.timedelta(days=1))
    tasks.due_work.enqueue()
    consultation.refresh_from_db()
    assert consultation.report_back.item.proposal.splitlines()[1:] == ["Remissvar har kommit från 1 av 2."]
    assert [i.title for i in meetings["next"].items.order_by("position")] == [
        "Återrapportering: Antagen",
        "Återrapportering: Remiss",
    ]


def test_no_report_back_without_a_planned_meeting_then_added_when_one_is(body):
    past = MeetingFactory(body=body, start=in_days(-3))
    rec = sent_recommendation(body=body, principals=principals_with_registrars(1))
    services.response_record(actor=None, recipient=recipients(rec)[0], answer="approved", via="link")
    assert not ReportBack.objects.exists()
    assert tasks.due_work.enqueue().return_value["report_backs"] == 0
    assert not past.items.exists()

    planned = MeetingFactory(body=body, start=in_days(21))
    assert tasks.due_work.enqueue().return_value["report_backs"] == 1
    report = ReportBack.objects.get()
    assert report.meeting == planned
    assert report.reason == "all_answered"
    assert [i.title for i in planned.items.all()] == [f"Återrapportering: {rec.title}"]


def test_no_report_back_for_a_withdrawn_recommendation(body, meetings):
    rec = sent_recommendation(body=body, principals=principals_with_registrars(1))
    services.recommendation_withdraw(actor=None, recommendation=rec)
    move(rec, deadline=timezone.localdate() - datetime.timedelta(days=1))
    assert tasks.due_work.enqueue().return_value["report_backs"] == 0
    assert deadlines.report_back_add(recommendation=rec) is None
    assert report_items() == []


def test_report_back_goes_before_other_business_and_closing(body):
    meeting = MeetingFactory(body=body, start=in_days(10))
    for position, (kind, title) in enumerate(
        [
            ("opening", "Mötet öppnas"),
            ("information", "Lägesrapport"),
            ("other_business", "Övriga frågor"),
            ("closing", "Avslutning"),
        ],
        start=1,
    ):
        AgendaItem.objects.create(meeting=meeting, position=position, kind=kind, title=title)
    rec = sent_recommendation(body=body, principals=principals_with_registrars(1), actor=UserFactory())
    services.response_record(actor=None, recipient=recipients(rec)[0], answer="approved", via="link")
    assert [i.title for i in meeting.items.order_by("position")] == [
        "Mötet öppnas",
        "Lägesrapport",
        f"Återrapportering: {rec.title}",
        "Övriga frågor",
        "Avslutning",
    ]
