"""What meetings adds to the structure's pages (registered in apps.py, see core/sections.py):
the body's coming and recent meetings, and the meetings a person attended; and to "Mina
uppgifter" (core.sections.MY_TASKS): the next meetings of my bodies, the notices I have not yet
sent (secretary), the minutes waiting for my adjustment (adjuster)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Value, Window
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.text import capfirst

from samverkan.core import sections
from samverkan.core.formatting import date_formatter
from samverkan.core.paths import fast_reverse
from samverkan.meetings import selectors
from samverkan.meetings.models import Absence, Adjuster, Attendance, Meeting, Minutes
from samverkan.structure.roles import my_roles

MY_MEETINGS_SHOWN = 10
MY_NOTICES_SHOWN = 20


def body_meetings_summary(request: HttpRequest | None, body: Any) -> dict[str, Any]:
    upcoming, recent = selectors.next_and_last_meetings(body)
    return {"body": body, "upcoming": upcoming, "recent": recent}


def person_attendance(request: HttpRequest | None, person: Any) -> dict[str, Any]:
    # Plain rows: a URL reversed, a date written and a status translated per row were most of the
    # person's page (50 rows).
    day = date_formatter("j F Y")
    statuses = {value: capfirst(str(label)) for value, label in Attendance.Status.choices}
    return {
        "rows": [
            {
                "url": fast_reverse("meetings:minutes", pk=meeting_id),
                "meeting": f"{body_name}, {day(start)}",
                "status": statuses.get(status, status),
            }
            for meeting_id, body_name, start, status in selectors.public_attendances_of(person)
        ],
        "person": person,
    }


def my_meetings(request: HttpRequest | None, user: Any) -> dict[str, Any] | None:
    """The next meetings of the bodies I sit in or run (cancelled ones aside), with whether I
    reported absence. None when I have no body. One query (the roles are read once a page,
    structure.roles.my_roles), read as plain rows: a meeting with its body as model instances,
    an address reversed and two dates formatted per row in the template were most of the block."""
    roles = my_roles(request, user)
    mine = roles.bodies
    if not mine:
        return None
    meetings = Meeting.objects.filter(body_id__in=list(mine), start__gte=timezone.now()).exclude(
        status=Meeting.Status.CANCELLED
    )
    if roles.person_id is not None:
        meetings = meetings.annotate(
            absent=Exists(Absence.objects.filter(meeting_id=OuterRef("pk"), person_id=roles.person_id))
        )
    else:
        meetings = meetings.annotate(absent=Value(False))
    day = date_formatter("l j F Y")
    statuses = {value: capfirst(str(label)) for value, label in Meeting.Status.choices}
    rows = [
        {
            "url": fast_reverse("meetings:meeting_detail", pk=pk),
            "body": body_name,
            "day": day(start),
            "time": time_format(timezone.localtime(start), "TIME_FORMAT") if time_decided else None,
            "location_name": location_name,
            "online_url": online_url,
            "status": None if status == Meeting.Status.PLANNED else statuses.get(status, status),
            "absent": bool(absent),
        }
        for pk, body_name, start, time_decided, location_name, online_url, status, absent in meetings.order_by(
            "start", "pk"
        ).values_list("pk", "body__name", "start", "time_decided", "location_name", "online_url", "status", "absent")[
            :MY_MEETINGS_SHOWN
        ]
    ]
    return {"meetings": rows, "bodies": sorted(mine.values()), "shown": MY_MEETINGS_SHOWN}


def my_notices(request: HttpRequest | None, user: Any) -> dict[str, Any] | None:
    """Coming meetings of the bodies I run whose notice has not been sent. None when I run no
    body. One query: how many wait in all is a window count over the same rows (a second query
    counted them when more waited than are shown). Plain rows, as my_meetings."""
    mine = my_roles(request, user).secretary_of
    if not mine:
        return None
    waiting = Meeting.objects.filter(
        body_id__in=list(mine),
        start__gte=timezone.now(),
        status=Meeting.Status.PLANNED,
        notice_sent_at__isnull=True,
    )
    long, short = date_formatter("l j F Y"), date_formatter("j F Y")
    total = 0
    rows = []
    for pk, body_name, start, time_decided, in_all in (
        waiting.annotate(in_all=Window(Count("pk")))
        .order_by("start", "pk")
        .values_list("pk", "body__name", "start", "time_decided", "in_all")[:MY_NOTICES_SHOWN]
    ):
        total = in_all
        rows.append(
            {
                "agenda": fast_reverse("meetings:agenda", pk=pk),
                "send": fast_reverse("meetings:notice_send", pk=pk),
                "body": body_name,
                "day": long(start),
                "short_day": short(start),
                "time_decided": time_decided,
            }
        )
    return {"meetings": rows, "total": total}


def my_adjustments(request: HttpRequest | None, user: Any) -> dict[str, Any] | None:
    """Minutes waiting for my adjustment, the earliest deadline first (an unknown deadline
    last). None when my account is not linked to a person (nobody can name me adjuster)."""
    person_id = my_roles(request, user).person_id
    if person_id is None:
        return None
    rows = list(
        Adjuster.objects.filter(
            person_id=person_id, confirmed_at__isnull=True, minutes__status=Minutes.Status.AWAITING_ADJUSTMENT
        )
        .select_related("minutes__meeting__body")
        .defer("minutes__content")
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
