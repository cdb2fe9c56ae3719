"""Meeting summaries shown on the structure's pages (the body's and the person's)."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Exists, OuterRef
from django.utils import timezone

from samverkan.meetings.models import Attendance, Meeting, Minutes

register = template.Library()


@register.inclusion_tag("meetings/_body_meetings_summary.html")
def body_meetings_summary(body: Any) -> dict[str, Any]:
    now = timezone.now()
    meetings = Meeting.objects.filter(body=body).select_related("minutes")
    return {
        "body": body,
        "upcoming": list(meetings.filter(start__gte=now).order_by("start")[:5]),
        "recent": list(meetings.filter(start__lt=now).order_by("-start")[:5]),
    }


@register.inclusion_tag("meetings/_person_attendance.html")
def person_attendance(person: Any) -> dict[str, Any]:
    """Meetings the person attended, from published minutes only. Like the public minutes
    (services.public_content), it leaves out a meeting where the person was present only for
    confidential items."""
    only_for = Attendance.items.through.objects.filter(attendance_id=OuterRef("pk"))
    rows = (
        Attendance.objects.filter(
            person=person,
            meeting__minutes__status=Minutes.Status.ADJUSTED,
            meeting__minutes__published_at__isnull=False,
        )
        .filter(~Exists(only_for) | Exists(only_for.filter(agendaitem__confidential=False)))
        .select_related("meeting__body")
        .order_by("-meeting__start")[:50]
    )
    return {"rows": list(rows), "person": person}
