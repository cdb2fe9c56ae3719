"""What happens, as streams of entries a person can follow: per body (meetings planned, notices
sent, minutes published, decisions), per principal (recommendations to it and its answers),
recommendations with their answers and report-backs, and agreement changes. The Atom feeds
(feeds.py) show them; e-mail subscriptions send them.

Only what the public site shows: public agenda items of published minutes, sent public
recommendations, public agreements that are not drafts. Each entry has a key that never
changes (the feed's entry id is made from it), so a reader or a subscription sees an entry once.
Each stream is a few queries, each limited, whatever the size of the data.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from types import SimpleNamespace
from typing import Any, NamedTuple

from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samverkan.agreements.models import AgreementEvent
from samverkan.agreements.selectors import public_agreements
from samverkan.core.formatting import date_formatter
from samverkan.core.paths import fast_reverse
from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.meetings.selectors import WITH_DECISION, public_decisions, published_minutes
from samverkan.referrals.models import Recommendation, ReportBack, Response
from samverkan.referrals.selectors import public_recommendations
from samverkan.structure.models import Body, Principal

LIMIT = 50


@dataclass(frozen=True)
class Entry:
    key: str  # stable: "meeting/12", "decision/40", "response/7"
    title: str
    path: str  # the public page
    updated: datetime.datetime
    summary: str = ""
    published: datetime.datetime | None = None


def _newest(entries: list[Entry], limit: int = LIMIT) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.updated, e.key), reverse=True)[:limit]


class Pending(NamedTuple):
    """An entry not built yet: what orders it (as _newest does), and how to build it."""

    updated: datetime.datetime | None
    key: str
    build: Callable[[], Entry]


def _newest_built(pending: list[Pending], limit: int = LIMIT) -> list[Entry]:
    """_newest() of the entries, building only those it keeps."""
    kept = sorted(pending, key=lambda p: (p.updated, p.key), reverse=True)[:limit]
    return [p.build() for p in kept]


def _day(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y")


class _Row(SimpleNamespace):
    """A row read as plain values with the attributes an entry reads of its model."""


class _Dates:
    """_day() and _meeting_when() for a stream's rows, the formats looked up once
    (core.formatting.date_formatter: the same text as date_format)."""

    def __init__(self) -> None:
        self.day = date_formatter("j F Y")
        self.moment = date_formatter("DATETIME_FORMAT")

    def meeting_when(self, meeting: Any) -> str:
        return self.moment(meeting.start) if meeting.time_decided else self.day(meeting.start)


# --- Body ------------------------------------------------------------------------------------

_MEETING = ("pk", "created_at", "updated_at", "start", "time_decided", "status", "location_name", "address", "room")


def body_entries(body: Body, *, since: datetime.datetime | None = None) -> list[Entry]:
    meetings = Meeting.objects.filter(body=body).order_by("-updated_at", "-pk")
    notices = Meeting.objects.filter(body=body, notice_sent_at__isnull=False).order_by("-notice_sent_at", "-pk")
    # Not the minutes' frozen content (the whole snapshot as JSON, read back for every entry: a
    # third of the feed's time); an entry names the minutes, it does not carry them.
    minutes = published_minutes().filter(meeting__body=body).order_by("-published_at", "-pk")
    decisions = (
        public_decisions(WITH_DECISION).filter(meeting__body=body).order_by("-meeting__minutes__published_at", "-pk")
    )
    if since is not None:
        meetings = meetings.filter(updated_at__gt=since)
        notices = notices.filter(notice_sent_at__gt=since)
        minutes = minutes.filter(published_at__gt=since)
        decisions = decisions.filter(meeting__minutes__published_at__gt=since)
    # Up to LIMIT candidates of each kind, of which only the LIMIT newest become entries: the
    # others are never formatted (dates, translations, addresses: most of the feed's time). Each
    # read as plain values of the fields an entry shows: model instances cost more than the SQL.
    dates = _Dates()
    pending: list[Pending] = []
    for row in meetings.values(*_MEETING)[:LIMIT]:
        meeting = _Row(**row)
        pending.append(Pending(meeting.updated_at, f"meeting/{meeting.pk}", partial(_meeting_entry, meeting, dates)))
    for row in notices.values("pk", "notice_sent_at", "start", "time_decided")[:LIMIT]:
        meeting = _Row(**row)
        pending.append(Pending(meeting.notice_sent_at, f"notice/{meeting.pk}", partial(_notice_entry, meeting, dates)))
    for row in minutes.values("pk", "published_at", "meeting_id", "meeting__start")[:LIMIT]:
        record = _Row(**row)
        pending.append(Pending(record.published_at, f"minutes/{record.pk}", partial(_minutes_entry, record, dates)))
    item_fields = ("pk", "meeting_id", "position", "paragraph", "title", "decision", "clauses")
    for row in decisions.values(*item_fields, "meeting__minutes__published_at")[:LIMIT]:
        item = _Row(**row)
        published = item.meeting__minutes__published_at
        pending.append(Pending(published, f"decision/{item.pk}", partial(_decision_entry, item)))
    return _newest_built(pending)


def _meeting_entry(meeting: Any, dates: _Dates) -> Entry:
    return Entry(
        key=f"meeting/{meeting.pk}",
        title=_("Meeting %(when)s: %(status)s")
        % {"when": dates.meeting_when(meeting), "status": _status_label(meeting.status)},
        path=Meeting.get_absolute_url(meeting),
        updated=meeting.updated_at,
        published=meeting.created_at,
        summary=", ".join(p for p in (meeting.location_name, meeting.address, meeting.room) if p),
    )


def _status_label(status: str) -> str:
    """get_status_display() of a meeting read as values."""
    return str(dict(Meeting.Status.choices).get(status, status))


def _notice_entry(meeting: Any, dates: _Dates) -> Entry:
    assert meeting.notice_sent_at is not None
    return Entry(
        key=f"notice/{meeting.pk}",
        title=_("Notice sent for the meeting of %(when)s") % {"when": dates.meeting_when(meeting)},
        path=Meeting.get_absolute_url(meeting),
        updated=meeting.notice_sent_at,
    )


def _minutes_entry(record: Any, dates: _Dates) -> Entry:
    assert record.published_at is not None
    return Entry(
        key=f"minutes/{record.pk}",
        title=_("Minutes published: the meeting of %(when)s") % {"when": dates.day(record.meeting__start)},
        path=fast_reverse("meetings:minutes", pk=record.meeting_id),
        updated=record.published_at,
    )


def _decision_entry(item: Any) -> Entry:
    published = item.meeting__minutes__published_at
    assert published is not None
    clauses = "\n".join(f"att {c}" for c in item.clauses or [])
    path = fast_reverse("meetings:minutes", pk=item.meeting_id)
    return Entry(
        key=f"decision/{item.pk}",
        title=f"{AgendaItem.label.fget(item)} {item.title}",  # type: ignore[attr-defined]
        path=path + (f"#p-{item.paragraph}" if item.paragraph else ""),
        updated=published,
        summary="\n".join(part for part in (item.decision, clauses) if part),
    )


# --- Recommendations and principals ------------------------------------------------------------


def _recommendation_entry(recommendation: Recommendation) -> Entry:
    assert recommendation.sent_at is not None
    return Entry(
        key=f"recommendation/{recommendation.pk}",
        title=_("%(kind)s from %(body)s: %(title)s")
        % {
            "kind": _("Recommendation") if recommendation.kind == Recommendation.Kind.DECISION else _("Consultation"),
            "body": recommendation.body.label,
            "title": recommendation.title,
        },
        path=recommendation.get_absolute_url(),
        updated=recommendation.sent_at,
        summary=recommendation.question,
    )


def _response_entry(response: Response) -> Entry:
    recommendation = response.recipient.recommendation
    summary = response.condition or response.text
    return Entry(
        key=f"response/{response.pk}",
        title=_("%(principal)s: %(answer)s – %(title)s")
        % {
            "principal": response.recipient.principal.name,
            "answer": response.get_answer_display(),
            "title": recommendation.title,
        },
        path=recommendation.get_absolute_url(),
        updated=response.answered_at,
        summary=summary,
    )


def recommendation_entries(
    *, since: datetime.datetime | None = None, recommendation: Recommendation | None = None
) -> list[Entry]:
    """New recommendations, every answer and every report-back (with the outcome then)."""
    sent = public_recommendations().select_related("body").order_by("-sent_at", "-pk")
    responses = (
        Response.objects.filter(recipient__recommendation__in=public_recommendations())
        .select_related("recipient__principal", "recipient__recommendation")
        .order_by("-answered_at", "-pk")
    )
    reports = (
        ReportBack.objects.filter(recommendation__in=public_recommendations())
        .select_related("recommendation", "meeting")
        .order_by("-created_at", "-pk")
    )
    if recommendation is not None:
        sent = sent.filter(pk=recommendation.pk)
        responses = responses.filter(recipient__recommendation=recommendation)
        reports = reports.filter(recommendation=recommendation)
    if since is not None:
        sent = sent.filter(sent_at__gt=since)
        responses = responses.filter(answered_at__gt=since)
        reports = reports.filter(created_at__gt=since)
    entries = [_recommendation_entry(r) for r in sent[:LIMIT]]
    entries += [_response_entry(r) for r in responses[:LIMIT]]
    entries += [
        Entry(
            key=f"report-back/{report.pk}",
            title=_("Outcome reported back: %(title)s") % {"title": report.recommendation.title},
            path=report.recommendation.get_absolute_url(),
            updated=report.created_at,
            summary=_("On the agenda of the meeting of %(when)s.") % {"when": _day(report.meeting.start)},
        )
        for report in reports[:LIMIT]
    ]
    return _newest(entries)


def principal_entries(principal: Principal, *, since: datetime.datetime | None = None) -> list[Entry]:
    """Recommendations sent to the principal, and its answers."""
    sent = public_recommendations().filter(recipients__principal=principal).select_related("body").order_by("-sent_at")
    responses = (
        Response.objects.filter(recipient__principal=principal, recipient__recommendation__in=public_recommendations())
        .select_related("recipient__principal", "recipient__recommendation")
        .order_by("-answered_at", "-pk")
    )
    if since is not None:
        sent = sent.filter(sent_at__gt=since)
        responses = responses.filter(answered_at__gt=since)
    entries = [_recommendation_entry(r) for r in sent[:LIMIT]]
    entries += [_response_entry(r) for r in responses[:LIMIT]]
    return _newest(entries)


# --- Agreements --------------------------------------------------------------------------------


def agreement_entries(*, since: datetime.datetime | None = None, agreement_id: int | None = None) -> list[Entry]:
    """Every change in the public register: registered, status changed, extended, renamed,
    replaced."""
    events = (
        AgreementEvent.objects.filter(agreement__in=public_agreements())
        .select_related("agreement")
        .order_by("-created_at", "-pk")
    )
    if agreement_id is not None:
        events = events.filter(agreement_id=agreement_id)
    if since is not None:
        events = events.filter(created_at__gt=since)
    return _newest(
        [
            Entry(
                key=f"agreement-event/{event.pk}",
                title=f"{event.agreement.title}: {event.get_kind_display()}",
                path=event.agreement.get_absolute_url(),
                updated=event.created_at,
                summary=event.note,
            )
            for event in events[:LIMIT]
        ]
    )


# --- Searches ----------------------------------------------------------------------------------


def search_entries(query: str, *, since: datetime.datetime | None = None) -> list[Entry]:
    """A search (its query string, as the search page takes it) as entries: the first matches,
    public entries only, those indexed since the moment if one is given."""
    from samverkan.search.forms import SearchForm
    from samverkan.search.query import Search

    form = SearchForm(QueryDict(query))
    if not form.is_valid() or not form.cleaned_data["q"].strip():
        return []
    hits = Search(form.cleaned_data["q"], form.filters(), public_only=True).page(0, LIMIT)
    return _newest(
        [
            Entry(
                key=f"search/{hit.entry.source}/{hit.entry.object_id}",
                title=f"{hit.type_label}: {hit.entry.title}",
                path=hit.entry.url,
                updated=hit.entry.indexed_at,
                summary=hit.entry.text[:500],
            )
            for hit in hits
            if since is None or hit.entry.indexed_at > since
        ]
    )
