"""Meetings as iCalendar (RFC 5545): a body's feed, a person's feed and the invitation that
goes with the notice.

An event keeps its UID for the meeting's whole life (``<meeting.uid>@samverkan``), and its
SEQUENCE is the meeting's, which `services.meeting_update` raises whenever time, place or status
changes: calendar programs then replace the event they already have instead of adding a second
one. Times are written in Europe/Stockholm with a VTIMEZONE, so a program that knows nothing of
the zone still shows the right hour on both sides of a change to or from summer time.

Only public agenda items are ever written (`selectors.public_items`): feeds are public, and an
invitation travels by ordinary e-mail, so a confidential item's title never appears in either.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.meetings.selectors import public_items
from samverkan.structure.models import Body, Membership, Person

STOCKHOLM = ZoneInfo("Europe/Stockholm")
PRODID = "-//Samverkan//Sammanträden//SV"
UID_DOMAIN = "samverkan"
# A meeting planned without an end time still needs an extent in a calendar program: RFC 5545
# makes an event without DTEND or DURATION end at its start, which programs show as nothing.
DEFAULT_DURATION = datetime.timedelta(hours=2)

STATUS = {
    Meeting.Status.PLANNED: "CONFIRMED",
    Meeting.Status.HELD: "CONFIRMED",
    Meeting.Status.PRELIMINARILY_CANCELLED: "TENTATIVE",
    Meeting.Status.CANCELLED: "CANCELLED",
}


def event_uid(meeting: Meeting) -> str:
    return f"{meeting.uid}@{UID_DOMAIN}"


def meeting_url(meeting: Meeting) -> str:
    return settings.SITE_URL + meeting.get_absolute_url()


def meeting_location(meeting: Meeting, *, private: bool = False) -> str:
    """The place as one line: place, address and room. For an online meeting, the link goes only
    to the invited (private=True); public feeds say "Digitalt möte", so the link is not published."""
    place = ", ".join(part for part in (meeting.location_name, meeting.address, meeting.room) if part)
    if place:
        return place
    if meeting.online_url:
        return meeting.online_url if private else "Digitalt möte"
    return ""


def meeting_public_items(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's non-confidential items in order; uses the `public_agenda` prefetch if the
    meeting was read through `_feed_meetings`."""
    prefetched = getattr(meeting, "public_agenda", None)
    if prefetched is not None:
        return list(prefetched)
    return list(public_items().filter(meeting=meeting))


def _description(meeting: Meeting, items: list[AgendaItem], *, private: bool = False) -> str:
    lines = []
    if items:
        lines.append("Dagordning:")
        lines.extend(f"{item.label} {item.title}" for item in items)
    if private and meeting.online_url and meeting.online_url != meeting_location(meeting, private=True):
        if lines:
            lines.append("")
        lines.append(f"Delta digitalt: {meeting.online_url}")
    if lines:
        lines.append("")
    lines.append(meeting_url(meeting))
    return "\n".join(lines)


def meeting_event(meeting: Meeting, *, stamp: datetime.datetime | None = None, private: bool = False) -> Event:
    """One meeting as a VEVENT. `stamp` is the DTSTAMP; by default the last change of the
    meeting or its agenda, which is what RFC 5545 asks of an object published without a METHOD."""
    items = meeting_public_items(meeting)
    # The agenda is in DESCRIPTION, so a changed item changes the event too.
    changed = max([meeting.updated_at or timezone.now(), *(item.updated_at for item in items)])
    start = timezone.localtime(meeting.start, STOCKHOLM)
    end = timezone.localtime(meeting.end, STOCKHOLM) if meeting.end else start + DEFAULT_DURATION
    event = Event()
    event.add("uid", event_uid(meeting))
    event.add("dtstamp", (stamp or changed).astimezone(datetime.UTC))
    if meeting.time_decided:
        event.add("dtstart", start)
        event.add("dtend", end)
    else:  # only the date is decided: a whole-day event
        event.add("dtstart", start.date())
        event.add("dtend", start.date() + datetime.timedelta(days=1))
    event.add("summary", f"{meeting.body.name}: sammanträde")
    location = meeting_location(meeting, private=private)
    if location:
        event.add("location", location)
    event.add("url", meeting_url(meeting))
    event.add("description", _description(meeting, items, private=private))
    event.add("sequence", meeting.sequence)
    event.add("status", STATUS[Meeting.Status(meeting.status)])
    event.add("transp", "TRANSPARENT" if meeting.status == Meeting.Status.CANCELLED else "OPAQUE")
    if meeting.created_at:
        event.add("created", meeting.created_at.astimezone(datetime.UTC))
    event.add("last-modified", changed.astimezone(datetime.UTC))
    return event


def _calendar(name: str, uid: str | None, meetings: Iterable[Meeting], *, method: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    cal.calendar_name = name  # NAME (RFC 7986) and X-WR-CALNAME
    if uid:
        cal.add("uid", uid)
    first = last = None
    for meeting in meetings:
        # A METHOD:REQUEST calendar is an invitation to a member: it may carry the online link.
        event = meeting_event(meeting) if method is None else meeting_event(meeting, stamp=timezone.now(), private=True)
        cal.add_component(event)
        day = timezone.localtime(meeting.start, STOCKHOLM).date()
        first = day if first is None or day < first else first
        last = day if last is None or day > last else last
    if first is not None and last is not None:
        # A VTIMEZONE covering the events (with a year's margin), not 1970-2038 in every feed.
        cal.add_missing_timezones(
            first_date=datetime.date(first.year - 1, 1, 1), last_date=datetime.date(last.year + 2, 1, 1)
        )
    return cal


def _feed_meetings(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.select_related("body").prefetch_related(
        Prefetch("items", queryset=public_items(), to_attr="public_agenda")
    )


def body_calendar(body: Body) -> bytes:
    """All the body's meetings, cancelled ones included (as STATUS:CANCELLED, so that calendar
    programs that have them take them away)."""
    meetings = _feed_meetings(Meeting.objects.filter(body=body).order_by("start"))
    return _calendar(f"{body.name}: sammanträden", f"body-{body.pk}@{UID_DOMAIN}", meetings).to_ical()


def person_meetings(person: Person) -> list[Meeting]:
    """The meetings of every body in which the person had a seat (any role) on the meeting's day."""
    seats: dict[int, list[Membership]] = {}
    for seat in Membership.objects.filter(person=person):
        seats.setdefault(seat.body_id, []).append(seat)
    meetings = _feed_meetings(Meeting.objects.filter(body_id__in=list(seats)).order_by("start"))
    return [
        meeting
        for meeting in meetings
        if any(seat.is_current(timezone.localtime(meeting.start, STOCKHOLM).date()) for seat in seats[meeting.body_id])
    ]


def person_calendar(person: Person) -> bytes:
    """The meetings of the bodies the person sits in, on each meeting's date."""
    return _calendar(
        f"{person.name}: sammanträden", f"person-{person.pk}@{UID_DOMAIN}", person_meetings(person)
    ).to_ical()


def _address(email: str, name: str = "", role: str | None = None) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = vText(name)
    if role:
        address.params["ROLE"] = vText(role)
    return address


def invitation(meeting: Meeting, attendee_email: str, attendee_name: str = "") -> bytes:
    """A METHOD:REQUEST calendar with the meeting for one attendee, to attach to the notice.
    The organizer is the site's sender address (settings.DEFAULT_FROM_EMAIL)."""
    cal = _calendar(f"{meeting.body.name}: sammanträde", None, [meeting], method="REQUEST")
    event = cal.events[0]
    organizer_name, organizer_email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    event.add(
        "organizer", _address(organizer_email or settings.DEFAULT_FROM_EMAIL, organizer_name or meeting.body.name)
    )
    attendee = _address(attendee_email, attendee_name, "REQ-PARTICIPANT")
    attendee.params["PARTSTAT"] = vText("NEEDS-ACTION")
    # Absence is reported through the personal link in the notice, not by a calendar reply.
    attendee.params["RSVP"] = vText("FALSE")
    event.add("attendee", attendee)
    return cal.to_ical()
