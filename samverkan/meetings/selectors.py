"""Reads of meetings, with the visibility rules in one place: drafts and confidential items
never reach the public."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from samverkan.meetings.models import AgendaItem, Attachment, Meeting, Minutes


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


def public_decisions(q: Q | None = None) -> QuerySet[AgendaItem]:
    """Items of published minutes that are not confidential."""
    qs = AgendaItem.objects.filter(
        confidential=False,
        meeting__minutes__status=Minutes.Status.ADJUSTED,
        meeting__minutes__published_at__isnull=False,
    )
    return qs.filter(q) if q is not None else qs
