"""Reads of meetings, with the visibility rules in one place: drafts and confidential items
never reach the public."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.utils import timezone

from samverkan.meetings.models import AgendaItem, Attachment, Attendance, Meeting, Minutes
from samverkan.structure.models import Person


def public_items() -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(confidential=False).order_by("position")


def meetings_of_body(body_id: int) -> QuerySet[Meeting]:
    # Not the minutes' frozen content: a list of meetings shows whether minutes are out, and
    # reading every snapshot back from JSON cost more than the rest of the page.
    return (
        Meeting.objects.filter(body_id=body_id)
        .select_related("body", "minutes")
        .defer("minutes__content")
        .order_by("start")
    )


def meeting_with_agenda(pk: int, *, public: bool) -> Meeting:
    items = public_items() if public else AgendaItem.objects.order_by("position")
    return (
        Meeting.objects.select_related("body")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=items.select_related("matter").prefetch_related(
                    Prefetch("attachments", queryset=Attachment.objects.order_by("pk"))
                ),
            )
        )
        .get(pk=pk)
    )


def published_minutes() -> QuerySet[Minutes]:
    return Minutes.objects.filter(status=Minutes.Status.ADJUSTED, published_at__isnull=False).select_related(
        "meeting__body"
    )


class _Constant(Value):
    """A string constant written into the SQL instead of passed as a parameter. SQLite leaves out
    a condition that a partial index already guarantees only when it sees the constant; with a
    parameter it reads every row to test it again (counting the county's 43,000 decisions from
    item_public_decision_idx: 16 ms instead of 4)."""

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        if not isinstance(self.value, str) or "%" in self.value:
            raise ValueError("a plain string constant of ours only")
        return "'{}'".format(self.value.replace("'", "''")), []


# An item with a decision or decision clauses: item_public_decision_idx's condition (see
# AgendaItem.Meta), with its constants in the SQL.
WITH_DECISION = ~Q(decision=_Constant("")) | ~Q(clauses=_Constant("[]"))


def public_decisions(q: Q | None = None, *, to_count: bool = False) -> QuerySet[AgendaItem]:
    """Items of published minutes that are not confidential.

    Each item's minutes are looked up by its meeting (`EXISTS`), not joined: a list ordered by
    the meeting's start then walks the meetings' start index and stops at its page (SQLite
    otherwise reads every published meeting's items and sorts them). `to_count` matches the
    items against the list of published meetings (`IN`) instead, the cheaper way to count them
    all; both read the minutes from `minutes_published_idx`, never their frozen content."""
    published = Minutes.objects.filter(status=Minutes.Status.ADJUSTED, published_at__isnull=False)
    if to_count:
        qs = AgendaItem.objects.filter(confidential=False, meeting_id__in=published.values("meeting_id"))
    else:
        qs = AgendaItem.objects.filter(Exists(published.filter(meeting_id=OuterRef("meeting_id"))), confidential=False)
    return qs.filter(q) if q is not None else qs


PEOPLE_FOUND = 20
RECENT_GUESTS_DAYS = 2 * 365


def people_to_add(meeting: Meeting, find: str = "", keep: list[int] | None = None) -> list[tuple[int, str]]:
    """(pk, name) of whom the roll call and the attendance page offer to add to a meeting: those
    who hold or held a seat in its body, those recorded at the body's meetings of the last two
    years as official, secretary, stand-in or guest, and, when `find` is given, up to
    PEOPLE_FOUND more whose name contains it; `keep`, those already chosen in a form shown again.
    Not everyone in the register (a thousand people in a county): one query, two with a search."""
    since = timezone.now() - datetime.timedelta(days=RECENT_GUESTS_DAYS)
    body_people = Person.objects.filter(memberships__body_id=meeting.body_id).values("pk")
    recent = Attendance.objects.filter(
        meeting__body_id=meeting.body_id,
        meeting__start__gte=since,
        capacity__in=[
            Attendance.Capacity.OFFICIAL,
            Attendance.Capacity.SECRETARY,
            Attendance.Capacity.STAND_IN,
            Attendance.Capacity.GUEST,
        ],
    ).values("person_id")
    found = dict(
        Person.objects.filter(Q(pk__in=body_people) | Q(pk__in=recent) | Q(pk__in=keep or []))
        .order_by("name", "pk")
        .values_list("pk", "name")
    )
    find = find.strip()
    if find:
        found.update(
            Person.objects.filter(name__icontains=find).order_by("name", "pk").values_list("pk", "name")[:PEOPLE_FOUND]
        )
    return sorted(found.items(), key=lambda row: (row[1], row[0]))
