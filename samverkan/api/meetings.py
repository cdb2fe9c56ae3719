"""Meetings, agendas, published minutes and decisions. Drafts and confidential items never
appear: the agenda lists public items only, minutes and decisions come from published minutes.

No `from __future__ import annotations` here: the decision list is wrapped by ninja's `paginate`,
which resolves the view's annotations in its own module, so they must be real objects."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate

from samverkan.api.params import PAGE_MAX, BoundedPagination, IdPath, KeyFilter, KeyPath, YearFilter, errors
from samverkan.meetings import selectors
from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.structure.models import Body

router = Router(tags=["meetings"])


class MeetingRef(Schema):
    id: int
    body: str
    start: datetime.datetime
    end: datetime.datetime | None
    time_decided: bool
    status: str
    place: str
    online: bool
    minutes_published: bool


class ItemOut(Schema):
    position: int
    paragraph: int | None
    title: str
    kind: str
    presenters: str
    proposal: str
    matter: str | None
    attachments: list[str]


class MeetingOut(MeetingRef):
    items: list[ItemOut]


class PublishedItem(Schema):
    paragraph: int | None
    title: str
    kind: str
    presenters: str
    notes: str
    decision: str
    clauses: list[str]
    matter: str | None


class CorrectionOut(Schema):
    made: datetime.datetime
    paragraph: int | None
    text: str


class MinutesOut(Schema):
    meeting: int
    body: str
    adjusted: datetime.datetime | None
    content_hash: str
    intact: bool
    attendance: list[dict[str, Any]]
    items: list[PublishedItem]
    adjusters: list[str]
    corrections: list[CorrectionOut]


class DecisionOut(Schema):
    meeting: int
    body: str
    date: datetime.date
    paragraph: int | None
    title: str
    kind: str
    decision: str
    clauses: list[str]


def _ref(meeting: Meeting) -> dict[str, Any]:
    minutes = getattr(meeting, "minutes", None)
    return {
        "id": meeting.pk,
        "body": meeting.body.key,
        "start": meeting.start,
        "end": meeting.end,
        "time_decided": meeting.time_decided,
        "status": meeting.status,
        "place": ", ".join(p for p in (meeting.location_name, meeting.address, meeting.room) if p),
        "online": bool(meeting.online_url),
        "minutes_published": bool(minutes and minutes.is_published),
    }


@router.get(
    "/bodies/{key}/meetings", response=list[MeetingRef], url_name="body_meetings", openapi_extra=errors(not_found=True)
)
def body_meetings(request: HttpRequest, key: KeyPath) -> list[dict[str, Any]]:
    body = get_object_or_404(Body, key=key)
    return [_ref(m) for m in selectors.meetings_of_body(body.pk)]


@router.get(
    "/meetings/{meeting_id}", response=MeetingOut, url_name="meeting_detail", openapi_extra=errors(not_found=True)
)
def meeting_detail(request: HttpRequest, meeting_id: IdPath) -> dict[str, Any]:
    try:
        meeting = selectors.meeting_with_agenda(meeting_id, public=True)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc
    minutes = Meeting.objects.select_related("minutes").get(pk=meeting.pk)
    published = hasattr(minutes, "minutes") and minutes.minutes.is_published
    return _ref(meeting) | {
        "items": [
            {
                "position": i.position,
                "paragraph": i.paragraph if published else None,
                "title": i.title,
                "kind": i.kind,
                "presenters": i.presenters,
                "proposal": i.proposal,
                "matter": i.matter.reference if i.matter else None,
                "attachments": [a.title for a in i.attachments.all() if a.is_read],
            }
            for i in meeting.items.all()
        ]
    }


@router.get(
    "/meetings/{meeting_id}/minutes",
    response=MinutesOut,
    url_name="meeting_minutes",
    openapi_extra=errors(not_found=True),
)
def meeting_minutes(request: HttpRequest, meeting_id: IdPath) -> dict[str, Any]:
    from samverkan.meetings.services import minutes_verify

    public = selectors.public_minutes(meeting_id)
    if public is None:
        raise Http404
    minutes, content = public.minutes, public.content
    return {
        "meeting": meeting_id,
        "body": minutes.meeting.body.key,
        "adjusted": minutes.adjusted_at,
        "content_hash": minutes.content_hash,
        "intact": minutes_verify(minutes),
        "attendance": content.get("attendance", []),
        "items": content["items"],
        "adjusters": content.get("adjusters", []),
        "corrections": [{"made": c.created_at, "paragraph": c.paragraph, "text": c.text} for c in public.corrections],
    }


# A decision's fields, read as plain values (no model instances: a third of the page's time).
DECISION_FIELDS = (
    "meeting_id",
    "meeting__body__key",
    "meeting__start",
    "paragraph",
    "title",
    "kind",
    "decision",
    "clauses",
)


def _decision(row: dict[str, Any], zone: datetime.tzinfo) -> dict[str, Any]:
    return {
        "meeting": row["meeting_id"],
        "body": row["meeting__body__key"],
        "date": row["meeting__start"].astimezone(zone).date(),  # timezone.localtime(), the zone asked once
        "paragraph": row["paragraph"],
        "title": row["title"],
        "kind": row["kind"],
        "decision": row["decision"],
        "clauses": list(row["clauses"]),
    }


@dataclass
class Decisions:
    """The decision list's two queries: its page, and the count of them all (each shaped for
    its job: see meetings.selectors.public_decisions)."""

    page: QuerySet[Any]
    to_count: QuerySet[AgendaItem]


class DecisionPagination(BoundedPagination):
    """Limit and offset over the decisions."""

    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        offset, limit = pagination.offset, min(pagination.limit, self.max_limit)
        items = queryset.page[offset : offset + limit]
        zone = timezone.get_current_timezone()
        return {"items": [_decision(item, zone) for item in items], "count": queryset.to_count.count()}


def _decisions(*, to_count: bool, body: str | None, year: int | None) -> QuerySet[AgendaItem]:
    items = selectors.public_decisions(selectors.WITH_DECISION, to_count=to_count)
    if body:
        items = items.filter(meeting__body__key=body)
    if year:
        items = items.filter(meeting__start__year=year)
    return items


@router.get("/decisions", response=list[DecisionOut], url_name="decision_list", openapi_extra=errors())
@paginate(DecisionPagination, max_limit=PAGE_MAX)
def decision_list(request: HttpRequest, body: KeyFilter = None, year: YearFilter = None) -> Any:
    """Decisions of published minutes (public items with a decision or decision clauses),
    newest meeting first and in agenda order within a meeting. Filter by body key and by the
    year of the meeting. Two queries a page: the count and the page."""
    page = (
        _decisions(to_count=False, body=body, year=year)
        .order_by("-meeting__start", "meeting_id", "position")
        .values(*DECISION_FIELDS)
    )
    return Decisions(page=page, to_count=_decisions(to_count=True, body=body, year=year))
