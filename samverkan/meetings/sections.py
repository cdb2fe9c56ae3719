"""What meetings adds to the structure's pages (registered in apps.py, see core/sections.py):
the body's coming and recent meetings, and the meetings a person attended; and to "Mina
uppgifter" (core.sections.MY_TASKS): the next meetings of my bodies, the notices I have not yet
sent (secretary), the minutes waiting for my adjustment (adjuster)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone

from samverkan.core import sections
from samverkan.meetings.models import Absence, Adjuster, Attendance, Meeting, Minutes
from samverkan.structure.models import Body
from samverkan.structure.roles import current_memberships_q

MY_MEETINGS_SHOWN = 10
MY_NOTICES_SHOWN = 20


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


def my_meetings(request: HttpRequest | None, user: Any) -> dict[str, Any] | None:
    """The next meetings of the bodies I sit in or run (cancelled ones aside), with whether I
    reported absence. None when I have no body. Three queries."""
    mine = Body.objects.filter(
        Q(secretaries=user) | Q(memberships__person__user=user) & current_memberships_q("memberships__")
    ).values("pk")
    bodies = list(Body.objects.filter(pk__in=mine).order_by("name").values_list("name", flat=True))
    if not bodies:
        return None
    meetings = list(
        Meeting.objects.filter(body__in=mine, start__gte=timezone.now())
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body")
        .order_by("start", "pk")[:MY_MEETINGS_SHOWN]
    )
    absent = set(
        Absence.objects.filter(meeting__in=[m.pk for m in meetings], person__user=user).values_list(
            "meeting_id", flat=True
        )
    )
    return {"meetings": [(m, m.pk in absent) for m in meetings], "bodies": bodies, "shown": MY_MEETINGS_SHOWN}


def my_notices(request: HttpRequest | None, user: Any) -> dict[str, Any] | None:
    """Coming meetings of the bodies I run whose notice has not been sent. None when I run no
    body. Three queries."""
    if not Body.objects.filter(secretaries=user).exists():
        return None
    waiting = Meeting.objects.filter(
        body__secretaries=user,
        start__gte=timezone.now(),
        status=Meeting.Status.PLANNED,
        notice_sent_at__isnull=True,
    )
    return {
        "meetings": list(waiting.select_related("body").order_by("start", "pk")[:MY_NOTICES_SHOWN]),
        "total": waiting.count(),
    }


def my_adjustments(request: HttpRequest | None, user: Any) -> dict[str, Any] | None:
    """Minutes waiting for my adjustment, the earliest deadline first (an unknown deadline
    last). None when my account is not linked to a person (nobody can name me adjuster)."""
    if getattr(user, "person", None) is None:
        return None
    rows = list(
        Adjuster.objects.filter(
            person__user=user, confirmed_at__isnull=True, minutes__status=Minutes.Status.AWAITING_ADJUSTMENT
        )
        .select_related("minutes__meeting__body")
        .order_by("minutes__adjustment_deadline", "minutes__meeting__start")
    )
    rows.sort(key=lambda a: (a.minutes.adjustment_deadline is None, a.minutes.adjustment_deadline or 0, a.pk))
    return {"adjusters": rows, "today": timezone.localdate()}


def register() -> None:
    sections.register(
        "structure:body_detail", "after_members", "meetings/_body_meetings_summary.html", body_meetings_summary
    )
    sections.register("structure:person_detail", "end", "meetings/_person_attendance.html", person_attendance)
    sections.register_my_tasks("meetings/_my_notices.html", my_notices, order=10)
    sections.register_my_tasks("meetings/_my_adjustments.html", my_adjustments, order=20)
    sections.register_my_tasks("meetings/_my_meetings.html", my_meetings, order=30)
