"""What meetings adds to the structure's pages (registered in apps.py, see core/sections.py):
the body's coming and recent meetings, and the meetings a person attended."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.utils import timezone

from samverkan.core import sections
from samverkan.meetings.models import Attendance, Meeting, Minutes


def body_meetings_summary(request: HttpRequest | None, body: Any) -> dict[str, Any]:
    now = timezone.now()
    meetings = Meeting.objects.filter(body=body).select_related("minutes").defer("minutes__content")
    return {
        "body": body,
        "upcoming": list(meetings.filter(start__gte=now).order_by("start")[:5]),
        "recent": list(meetings.filter(start__lt=now).order_by("-start")[:5]),
    }


def person_attendance(request: HttpRequest | None, person: Any) -> dict[str, Any]:
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


def register() -> None:
    sections.register(
        "structure:body_detail", "after_members", "meetings/_body_meetings_summary.html", body_meetings_summary
    )
    sections.register("structure:person_detail", "end", "meetings/_person_attendance.html", person_attendance)
