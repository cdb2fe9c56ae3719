"""The iCalendar feeds and invitation, read back with icalendar as a calendar program would."""

from __future__ import annotations

import datetime
from email.utils import parseaddr
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from samverkan.meetings import calendar, services
from samverkan.meetings.models import Meeting
from samverkan.structure.models import Body, Membership, Person
from tests.factories import BodyFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NEXT_YEAR = timezone.localdate().year + 1


def at(month: int, day: int, hour: int, minute: int = 0, year: int = NEXT_YEAR) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def plan(body: Body, start: datetime.datetime, **fields: Any) -> Meeting:
    values: dict[str, Any] = {
        "end": start + datetime.timedelta(hours=2),
        "location_name": "Regionens hus",
        "address": "Storgatan 1, Vänersborg",
        "room": "Sal A",
    }
    values.update(fields)
    return services.meeting_plan(actor=None, body=body, start=start, **values)


def new_body(**fields: Any) -> Body:
    return cast(Body, BodyFactory(**fields))


def new_person(**fields: Any) -> Person:
    return cast(Person, PersonFactory(**fields))


def start_of(event: Event) -> datetime.datetime:
    start = event.start
    assert isinstance(start, datetime.datetime)
    return start


def parse(feed: bytes) -> Calendar:
    cal = Calendar.from_ical(feed)
    assert isinstance(cal, Calendar)
    return cal


def events_by_uid(cal: Calendar) -> dict[str, Event]:
    return {str(event["UID"]): event for event in cal.events}


def only_event(feed: bytes) -> Event:
    events = parse(feed).walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert isinstance(event, Event)
    return event


@pytest.fixture
def body() -> Body:
    return new_body(name="Samrådsorgan Fyrbodal")


def test_body_feed_is_a_calendar_with_the_meeting_in_stockholm_time(body: Body) -> None:
    meeting = plan(body, at(3, 12, 13, 30))

    feed = calendar.body_calendar(body)
    cal = parse(feed)

    assert str(cal["PRODID"]) == calendar.PRODID
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    assert str(cal["X-WR-CALNAME"]) == "Samrådsorgan Fyrbodal: sammanträden"
    assert not cal.get_missing_tzids()
    assert [tz.tz_name for tz in cal.timezones] == ["Europe/Stockholm"]

    event = only_event(feed)
    assert str(event["UID"]) == f"{meeting.uid}@samverkan"
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert event["DTEND"].params["TZID"] == "Europe/Stockholm"
    assert event.start == at(3, 12, 13, 30)
    assert start_of(event).utcoffset() == datetime.timedelta(hours=1)  # winter time
    assert event.end == at(3, 12, 15, 30)
    assert b"DTSTART;TZID=Europe/Stockholm:" + f"{NEXT_YEAR}0312T133000".encode() in feed
    assert str(event["SUMMARY"]) == "Samrådsorgan Fyrbodal: sammanträde"
    assert str(event["LOCATION"]) == "Regionens hus, Storgatan 1, Vänersborg, Sal A"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["URL"]) == settings.SITE_URL + meeting.get_absolute_url()
    assert str(event["URL"]).startswith("http")
    assert event.sequence == 0
    assert "DTSTAMP" in event
    assert "Mötet öppnas" in str(event["DESCRIPTION"])  # the procedural items from the plan


def test_summer_time_is_written_as_local_time(body: Body) -> None:
    plan(body, at(6, 18, 9))

    event = only_event(calendar.body_calendar(body))

    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert event.start == at(6, 18, 9)
    assert start_of(event).utcoffset() == datetime.timedelta(hours=2)


def test_moving_a_meeting_keeps_the_uid_and_raises_the_sequence(body: Body) -> None:
    meeting = plan(body, at(3, 12, 13))
    before = only_event(calendar.body_calendar(body))

    services.meeting_update(actor=None, meeting=meeting, start=at(3, 19, 9), end=at(3, 19, 12), room="Sal B")
    meeting.refresh_from_db()
    after = only_event(calendar.body_calendar(body))

    assert str(after["UID"]) == str(before["UID"]) == f"{meeting.uid}@samverkan"
    assert after.sequence == before.sequence + 1 == meeting.sequence
    assert after.start == at(3, 19, 9)
    assert after["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert str(after["LOCATION"]).endswith("Sal B")


def test_a_change_outside_the_schedule_does_not_raise_the_sequence(body: Body) -> None:
    meeting = plan(body, at(3, 12, 13))

    services.meeting_update(actor=None, meeting=meeting, note="Fika serveras.")

    assert only_event(calendar.body_calendar(body)).sequence == 0


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Meeting.Status.PRELIMINARILY_CANCELLED, "TENTATIVE"),
        (Meeting.Status.CANCELLED, "CANCELLED"),
        (Meeting.Status.HELD, "CONFIRMED"),
    ],
)
def test_status(body: Body, status: str, expected: str) -> None:
    meeting = plan(body, at(3, 12, 13))

    services.meeting_update(actor=None, meeting=meeting, status=status)

    event = only_event(calendar.body_calendar(body))
    assert str(event["STATUS"]) == expected
    assert event.sequence == 1
    assert str(event["UID"]) == f"{meeting.uid}@samverkan"


def test_a_confidential_item_never_reaches_the_feeds_or_the_invitation(body: Body) -> None:
    meeting = plan(body, at(3, 12, 13))
    services.item_add(actor=None, meeting=meeting, title="Budget för 2027", kind="decision")
    services.item_add(actor=None, meeting=meeting, title="Personalärende Hemligsson", confidential=True)
    person = new_person(email="ledamot@example.test")
    MembershipFactory(body=body, person=person)

    feeds = [
        calendar.body_calendar(body),
        calendar.person_calendar(person),
        calendar.invitation(meeting, "ledamot@example.test"),
    ]

    for feed in feeds:
        description = str(only_event(feed)["DESCRIPTION"])
        assert "Budget för 2027" in description
        assert "Hemligsson" not in description
        assert b"Hemligsson" not in feed.replace(b"\r\n ", b"")  # unfolded


def test_a_new_agenda_item_shows_in_the_description_and_the_stamp(body: Body) -> None:
    meeting = plan(body, at(3, 12, 13))
    before = only_event(calendar.body_calendar(body))

    item = services.item_add(actor=None, meeting=meeting, title="Regional cancerplan", kind="position")
    after = only_event(calendar.body_calendar(body))

    assert "Regional cancerplan" not in str(before["DESCRIPTION"])
    assert "Regional cancerplan" in str(after["DESCRIPTION"])
    assert after.sequence == before.sequence  # the schedule did not change
    assert after.last_modified == item.updated_at.replace(microsecond=0)
    assert after.DTSTAMP is not None and before.DTSTAMP is not None
    assert after.DTSTAMP >= before.DTSTAMP


def test_online_meeting_link_goes_only_to_the_invited_not_to_the_public_feed(body: Body) -> None:
    meeting = plan(
        body, at(3, 12, 13), location_name="", address="", room="", online_url="https://meet.example.test/abc"
    )

    public = only_event(calendar.body_calendar(body))
    assert str(public["LOCATION"]) == "Digitalt möte"
    assert "meet.example.test" not in calendar.body_calendar(body).decode()

    invitation = Calendar.from_ical(calendar.invitation(meeting, "ledamot@example.test"))
    (event,) = invitation.walk("VEVENT")
    assert str(event["LOCATION"]) == "https://meet.example.test/abc"


def test_meeting_whose_time_is_not_decided_is_a_whole_day_event(body: Body) -> None:
    plan(body, at(3, 12, 0), end=None, time_decided=False)

    event = only_event(calendar.body_calendar(body))

    assert event.DTSTART == datetime.date(at(3, 12, 0).year, 3, 12)
    assert event.DTEND == event.DTSTART + datetime.timedelta(days=1)


def test_meeting_without_end_gets_the_default_length(body: Body) -> None:
    plan(body, at(3, 12, 13), end=None)

    event = only_event(calendar.body_calendar(body))

    assert event.end - event.start == calendar.DEFAULT_DURATION


def test_body_feed_has_only_that_bodys_meetings_cancelled_ones_included(body: Body) -> None:
    own = plan(body, at(3, 12, 13))
    cancelled = plan(body, at(4, 16, 13))
    services.meeting_update(actor=None, meeting=cancelled, status=Meeting.Status.CANCELLED)
    other = plan(new_body(), at(3, 12, 13))

    events = events_by_uid(parse(calendar.body_calendar(body)))

    assert set(events) == {f"{own.uid}@samverkan", f"{cancelled.uid}@samverkan"}
    assert f"{other.uid}@samverkan" not in events
    assert str(events[f"{cancelled.uid}@samverkan"]["STATUS"]) == "CANCELLED"


def test_person_feed_has_the_meetings_of_the_persons_bodies_on_the_meetings_day() -> None:
    person = new_person(name="Karin Ledamot")
    board, committee, elsewhere = new_body(), new_body(), new_body()
    MembershipFactory(body=board, person=person, role=Membership.Role.MEMBER)
    MembershipFactory(body=board, person=person, role=Membership.Role.VICE_CHAIR)  # two seats, one event
    # In the committee only until the end of May next year.
    MembershipFactory(
        body=committee, person=person, start=datetime.date(NEXT_YEAR - 2, 1, 1), end=datetime.date(NEXT_YEAR, 5, 31)
    )
    MembershipFactory(body=elsewhere)  # somebody else's body

    board_meeting = plan(board, at(3, 12, 13))
    committee_before = plan(committee, at(5, 31, 18))
    committee_after = plan(committee, at(6, 1, 9))
    elsewhere_meeting = plan(elsewhere, at(3, 12, 13))

    feed = calendar.person_calendar(person)
    cal = parse(feed)
    uids = list(events_by_uid(cal))

    assert sorted(uids) == sorted([f"{board_meeting.uid}@samverkan", f"{committee_before.uid}@samverkan"])
    assert f"{committee_after.uid}@samverkan" not in uids
    assert f"{elsewhere_meeting.uid}@samverkan" not in uids
    assert str(cal["X-WR-CALNAME"]) == "Karin Ledamot: sammanträden"
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    assert not cal.get_missing_tzids()


def test_person_without_seats_gets_an_empty_calendar() -> None:
    cal = parse(calendar.person_calendar(new_person()))

    assert cal.walk("VEVENT") == []
    assert str(cal["VERSION"]) == "2.0"


def test_invitation_is_a_request_with_organizer_and_attendee(body: Body) -> None:
    meeting = plan(body, at(3, 12, 13))

    feed = calendar.invitation(meeting, "karin@example.test", "Karin Ledamot")
    cal = parse(feed)
    event = only_event(feed)

    assert str(cal["METHOD"]) == "REQUEST"
    assert str(cal["VERSION"]) == "2.0"
    assert not cal.get_missing_tzids()
    assert str(event["UID"]) == f"{meeting.uid}@samverkan"
    assert str(event["ORGANIZER"]).lower() == f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}".lower()
    assert str(event["ATTENDEE"]).lower() == "mailto:karin@example.test"
    assert event["ATTENDEE"].params["CN"] == "Karin Ledamot"
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert str(event["STATUS"]) == "CONFIRMED"
