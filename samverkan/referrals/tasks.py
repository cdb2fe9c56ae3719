"""Background work for recommendations (the tasks API, run by `samverkan worker`)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from samverkan.referrals import deadlines, mail
from samverkan.referrals.models import Recommendation


@task()
def send_invitations(recommendation_id: int, recipient_ids: list[int] | None = None) -> int:
    return mail.invitations_send(recommendation_id, recipient_ids)


@task()
def check_report_back(recommendation_id: int) -> bool:
    recommendation = Recommendation.objects.get(pk=recommendation_id)
    return deadlines.report_back_add(recommendation=recommendation) is not None


@task()
def due_work() -> dict[str, Any]:
    """What the clock brings: invitations still owed (a refused message, a registrar added
    since), reminders due today and report-backs whose time has come."""
    invitations = mail.invitations_due()
    reminders = mail.reminders_send(deadlines.reminders_claim())
    report_backs = deadlines.report_backs_due()
    return {"invitations": invitations, "reminders": reminders, "report_backs": len(report_backs)}
