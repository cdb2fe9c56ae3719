"""What the clock brings for recommendations (run by the tasks in tasks.py): reminders claimed
once per recipient and day, and the report-back put on the body's next meeting once the
deadline has passed or everyone has answered. Below services.py and tasks.py, so that the
services enqueue the tasks and the tasks run these without an import circle."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from samverkan.core.audit import audit_record
from samverkan.core.models import AuditEvent
from samverkan.meetings import report_backs as wording
from samverkan.meetings import services as meeting_services
from samverkan.meetings.models import AgendaItem, Meeting, Minutes
from samverkan.referrals import outcome as outcomes
from samverkan.referrals.models import Recipient, Recommendation, Reminder, ReportBack
from samverkan.referrals.selectors import outcome_of
from samverkan.structure.models import Body

# --- Reminders -------------------------------------------------------------------------------


def reminder_day_due(recommendation: Recommendation, today: datetime.date) -> int | None:
    """The reminder that is due today or most recently was: the fewest days before the deadline
    whose date has come, and which falls after the invitation went out. None before the first."""
    if recommendation.sent_at is None or today > recommendation.deadline:
        return None
    sent_on = timezone.localdate(recommendation.sent_at)
    due = [
        d
        for d in recommendation.reminder_days or []
        if recommendation.deadline - datetime.timedelta(days=d) <= today
        and recommendation.deadline - datetime.timedelta(days=d) > sent_on
    ]
    return min(due) if due else None


def reminders_claim(today: datetime.date | None = None) -> list[int]:
    """Claim the reminders due now, one row per recipient and reminder day; a unique constraint
    makes each claim happen once however many workers run. Only recipients with no answer and
    a working link are reminded; a missed earlier reminder is not sent late."""
    today = today or timezone.localdate()
    claimed: list[int] = []
    candidates = Recommendation.objects.filter(
        status=Recommendation.Status.SENT, deadline__gte=today, sent_at__isnull=False
    )
    for recommendation in candidates:
        day = reminder_day_due(recommendation, today)
        if day is None:
            continue
        waiting = Recipient.objects.filter(
            recommendation=recommendation,
            current_response__isnull=True,
            link_revoked=False,
            invited_at__isnull=False,
        ).exclude(reminders__days_before=day)
        for recipient_id in waiting.values_list("pk", flat=True):
            try:
                with transaction.atomic():
                    claimed.append(Reminder.objects.create(recipient_id=recipient_id, days_before=day).pk)
            except IntegrityError:
                continue  # another worker claimed it
    return claimed


# --- Report-back ---------------------------------------------------------------------------


def next_meeting(body: Body) -> Meeting | None:
    """The body's next planned meeting whose agenda is still open."""
    return (
        Meeting.objects.filter(body=body, status=Meeting.Status.PLANNED, start__gt=timezone.now())
        .exclude(minutes__status__in=[Minutes.Status.AWAITING_ADJUSTMENT, Minutes.Status.ADJUSTED])
        .order_by("start")
        .first()
    )


def report_back_text(recommendation: Recommendation, result: outcomes.Outcome) -> str:
    """The report-back's text, in Swedish like the rest of the agenda (the pages show its labels
    in the interface's language: samverkan.meetings.report_backs)."""
    lines = [wording.sent_line(recommendation.title, result.total, recommendation.deadline)]
    if recommendation.kind == Recommendation.Kind.CONSULTATION:
        lines.append(wording.answered_line(result.answered, result.total))
    else:
        lines.append(wording.count_line(result.approved, result.rejected, result.pending))
        lines.append(wording.outcome_line(_swedish_outcome(result)))
    return "\n".join(lines)


def _swedish_outcome(result: outcomes.Outcome) -> str:
    return {
        outcomes.ADOPTED: wording.OUTCOME_ADOPTED,
        outcomes.NOT_ADOPTED: wording.OUTCOME_NOT_ADOPTED,
        outcomes.ADOPTED_FOR: wording.outcome_adopted_for(result.approved),
        outcomes.ANSWERED: wording.OUTCOME_ANSWERED,
    }.get(result.status, wording.OUTCOME_UNDECIDED)


@transaction.atomic
def report_back_add(*, recommendation: Recommendation, actor: Any = None, source: str = "task") -> ReportBack | None:
    """Put the report-back on the body's next planned meeting once the deadline has passed or
    everyone has answered. Happens once; without a planned meeting it waits for the next run."""
    current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if current.status != Recommendation.Status.SENT or ReportBack.objects.filter(recommendation=current).exists():
        return None
    result = outcome_of(current)
    if result.pending and timezone.localdate() <= current.deadline:
        return None
    meeting = next_meeting(current.body)
    if meeting is None:
        return None
    item = meeting_services.item_add(
        actor=actor,
        meeting=meeting,
        title=wording.title(current.title),
        kind=AgendaItem.Kind.INFORMATION,
        proposal=report_back_text(current, result),
        confidential=not current.public,  # a non-public recommendation stays off the public agenda
        matter=current.agenda_item.matter if current.agenda_item_id and current.agenda_item else None,
        source=source,
    )
    report = ReportBack.objects.create(
        recommendation=current,
        meeting=meeting,
        item=item,
        reason="all_answered" if not result.pending else "deadline",
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=report,
        changes={"meeting": (None, str(meeting)), "item": (None, str(item))},
        source=source,
    )
    return report


def report_backs_due() -> list[ReportBack]:
    """Report-backs for every sent recommendation whose deadline has passed or all answered."""
    today = timezone.localdate()
    made = []
    for recommendation in Recommendation.objects.filter(status=Recommendation.Status.SENT, report_back__isnull=True):
        if (
            recommendation.deadline < today
            or not recommendation.recipients.filter(current_response__isnull=True).exists()
        ):
            report = report_back_add(recommendation=recommendation)
            if report is not None:
                made.append(report)
    return made
