"""The notice goes out through the task queue (run by `samverkan worker`), as every mail does.

Its own module rather than tasks.py: what sends the notice (notices.py, pdf.py) builds on
services.py, and services.py enqueues the tasks of tasks.py, so a notice task there would close
a circle. Nothing in the app imports this module; the view queues the notice through
`notice_enqueue`.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django_tasks import task

from samverkan.meetings import notices
from samverkan.meetings.models import Meeting

logger = logging.getLogger(__name__)


@task()
def send_notice(meeting_id: int, actor_id: int | None = None, source: str = "web") -> int:
    """Mail the notice; the number of messages sent. A meeting cancelled or begun since it was
    queued gets none (logged). If the mail server fails, the task fails and `notice_sent_at`
    stays empty, so the secretary's tasks still list the notice as not sent."""
    meeting = Meeting.objects.select_related("body").filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    try:
        return notices.notice_send(actor=actor, meeting=meeting, source=source).sent
    except ValidationError as exc:
        logger.warning("The notice for meeting %s was not sent: %s", meeting.pk, " ".join(exc.messages))
        return 0


def notice_enqueue(*, actor: Any, meeting: Meeting, source: str = "web") -> notices.NoticeResult:
    """Queue the notice for the worker, in the caller's transaction (nothing goes if it rolls
    back). Returns whom it will reach and whom not; ValidationError if no notice can go."""
    plan = notices.notice_plan(meeting)
    if plan.recipients:
        send_notice.enqueue(meeting.pk, getattr(actor, "pk", None), source)
    return plan
