"""Query counts of the meeting pages and endpoints do not grow with the data: each page is
measured, its data doubled, and measured again (as tests/structure/test_pages.py does)."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverkan.meetings import services
from samverkan.meetings.models import Adjuster, AgendaItem, Attachment, Attendance, Correction, Matter, Meeting, Minutes
from tests.factories import BodyFactory, MembershipFactory, PersonFactory
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, local
from tests.support import Personas, assert_constant_queries, logged_in, queries_for

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


def paper(item: AgendaItem) -> Attachment:
    number = next(_numbers)
    return Attachment.objects.create(
        item=item,
        title=f"Bilaga {number}",
        file=f"attachments/2026/bilaga-{number}.pdf",
        original_name=f"bilaga-{number}.pdf",
        content_type="application/pdf",
        size=1000 + number,
        sha256="0" * 64,
    )


def matter() -> Matter:
    number = next(_numbers)
    return Matter.objects.create(reference=f"DNR 2026/{number}", title=f"Ärende {number}")


def publish(meeting: Meeting) -> Minutes:
    """Freeze and publish the meeting's minutes as they are now (paragraph = position), without
    the services' checks: the tests only need the published state, repeatedly."""
    for item in AgendaItem.objects.filter(meeting=meeting):
        AgendaItem.objects.filter(pk=item.pk).update(paragraph=item.position)
    minutes = services.minutes_for(meeting)
    content = services.snapshot(minutes)
    now = timezone.now()
    Minutes.objects.filter(pk=minutes.pk).update(
        status=Minutes.Status.ADJUSTED,
        adjusted_at=now,
        published_at=now,
        content=content,
        content_hash=services.content_hash(content),
    )
    return Minutes.objects.get(pk=minutes.pk)


def past(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


# --- Meeting pages -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["anonymous", "secretary"])
def test_body_meetings_queries_do_not_grow_with_meetings(personas: Personas, persona: str) -> None:
    body = personas.body

    def grow(n: int) -> None:
        for _ in range(n):
            MeetingFactory(body=body)  # no minutes
            Minutes.objects.create(meeting=MeetingFactory(body=body))  # draft minutes
            publish(MeetingFactory(body=body, online_url="https://teams.example.test/m", location_name=""))

    assert_constant_queries(
        reverse("meetings:body_meetings", kwargs={"key": body.key}),
        grow,
        lambda r: sum(len(meetings) for _year, meetings in r.context["years"]),
        client=None if persona == "anonymous" else logged_in(personas.secretary),
    )


def grow_items(meeting: Meeting) -> Callable[[int], None]:
    """Public items with a matter and a paper, and confidential items with a paper."""

    def grow(n: int) -> None:
        for _ in range(n):
            paper(AgendaItemFactory(meeting=meeting, matter=matter(), presenters="Eva", proposal="Bifall."))
            paper(AgendaItemFactory(meeting=meeting, confidential=True))

    return grow


def items_and_papers(response: Any) -> int:
    return sum(1 + len(item.attachments.all()) for item in response.context["items"])


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "member", "secretary"])
def test_meeting_detail_queries_do_not_grow_with_items_and_papers(
    personas: Personas, login: Callable[[str], Client], persona: str
) -> None:
    meeting = MeetingFactory(body=personas.body, start=timezone.now() + datetime.timedelta(days=7))
    assert_constant_queries(meeting.get_absolute_url(), grow_items(meeting), items_and_papers, client=login(persona))


def test_meeting_detail_of_a_meeting_with_published_minutes(personas: Personas) -> None:
    meeting = MeetingFactory(body=personas.body, start=past(3))

    def grow(n: int) -> None:
        grow_items(meeting)(n)
        publish(meeting)

    assert_constant_queries(meeting.get_absolute_url(), grow, items_and_papers, client=logged_in(personas.member))


def test_agenda_queries_do_not_grow_with_items_and_papers(personas: Personas) -> None:
    meeting = MeetingFactory(body=personas.body, start=timezone.now() + datetime.timedelta(days=7))
    assert_constant_queries(
        reverse("meetings:agenda", kwargs={"pk": meeting.pk}),
        grow_items(meeting),
        items_and_papers,
        client=logged_in(personas.secretary),
    )


def test_attendance_queries_do_not_grow_with_rows(personas: Personas) -> None:
    meeting = MeetingFactory(body=personas.body, start=past(1))
    items = [AgendaItemFactory(meeting=meeting) for _ in range(3)]
    stand_in_for = PersonFactory()

    def grow(n: int) -> None:
        for number in range(n):
            row = Attendance.objects.create(
                meeting=meeting,
                person=PersonFactory(),
                capacity=Attendance.Capacity.GUEST,
                status=Attendance.Status.REPLACED if number % 2 else Attendance.Status.PRESENT,
                replaced_by=stand_in_for if number % 2 else None,
                party="S",
            )
            row.items.set(items[:2])
            row.chair_items.set(items[2:])

    assert_constant_queries(
        reverse("meetings:attendance", kwargs={"pk": meeting.pk}),
        grow,
        lambda r: len(r.context["rows"]),
        client=logged_in(personas.secretary),
    )


def test_minutes_queries_do_not_grow_with_paragraphs(personas: Personas) -> None:
    meeting = MeetingFactory(body=personas.body, start=past(3))

    def grow(n: int) -> None:
        for _ in range(n):
            item = AgendaItemFactory(meeting=meeting, decision="Bifall.", clauses=["att bifalla"], notes="Anteckning.")
            paper(item)
            AgendaItemFactory(meeting=meeting, confidential=True, decision="Hemligt.")
            row = Attendance.objects.create(meeting=meeting, person=PersonFactory(), party="M")
            row.items.set([item])
        minutes = publish(meeting)
        for _ in range(n):
            Correction.objects.create(minutes=minutes, paragraph=1, text="Rättelse.")

    assert_constant_queries(
        reverse("meetings:minutes", kwargs={"pk": meeting.pk}),
        grow,
        lambda r: len(r.context["items"]) + len(r.context["attendance"]) + len(r.context["corrections"]),
    )


def test_minutes_edit_queries_do_not_grow_with_adjusters_and_corrections(personas: Personas) -> None:
    """The secretary's page of the minutes lists every adjuster (with their link and where it is
    mailed) and every correction."""
    meeting = MeetingFactory(body=personas.body, start=past(3))
    AgendaItemFactory(meeting=meeting, decision="Bifall.")
    minutes = publish(meeting)

    def grow(n: int) -> None:
        for number in range(n):
            person = PersonFactory(email="" if number % 2 else f"justerare{next(_numbers)}@example.test")
            Adjuster.objects.create(minutes=minutes, person=person)
            Correction.objects.create(minutes=minutes, paragraph=1, text="Rättelse.")

    assert_constant_queries(
        reverse("meetings:minutes_edit", kwargs={"pk": meeting.pk}),
        grow,
        lambda r: len(r.context["adjusters"]) + len(r.context["corrections"]),
        client=logged_in(personas.secretary),
    )


def test_matter_detail_queries_do_not_grow_with_items_across_meetings() -> None:
    case = matter()

    def grow(n: int) -> None:
        for _ in range(n):
            meeting = MeetingFactory(body=BodyFactory())
            AgendaItemFactory(meeting=meeting, matter=case)
            AgendaItemFactory(meeting=meeting, matter=case, confidential=True)

    assert_constant_queries(
        reverse("meetings:matter_detail", kwargs={"pk": case.pk}), grow, lambda r: len(r.context["items"])
    )


# --- The structure's pages with their meeting summaries ----------------------------------------


def test_body_detail_queries_do_not_grow_with_meetings() -> None:
    body = BodyFactory()

    def grow(n: int) -> None:
        for _ in range(n):
            MeetingFactory(body=body, start=timezone.now() + datetime.timedelta(days=next(_numbers)))
            MeetingFactory(
                body=body, start=timezone.now() + datetime.timedelta(days=next(_numbers)), status="cancelled"
            )
            publish(MeetingFactory(body=body, start=past(next(_numbers))))

    def size(response: Any) -> int:
        return len(response.context["upcoming"]) + len(response.context["recent"])

    # The summary shows at most five of each: 2 and then 4 upcoming, 1 and then 2 recent.
    assert_constant_queries(reverse("structure:body_detail", kwargs={"key": body.key}), grow, size, n=1)


def test_person_detail_queries_do_not_grow_with_attendances() -> None:
    person = PersonFactory()

    def grow(n: int) -> None:
        for _ in range(n):
            body = BodyFactory()
            MembershipFactory(body=body, person=person)
            meeting = MeetingFactory(body=body, start=past(next(_numbers)))
            AgendaItemFactory(meeting=meeting)
            Attendance.objects.create(meeting=meeting, person=person)  # the whole meeting: shown
            # Present only for a public item of another meeting: shown.
            other = MeetingFactory(body=body, start=past(next(_numbers)))
            partly = Attendance.objects.create(meeting=other, person=person)
            partly.items.set([AgendaItemFactory(meeting=other)])
            # Present only for a confidential item: not shown.
            secret = MeetingFactory(body=body, start=past(next(_numbers)))
            hidden = Attendance.objects.create(meeting=secret, person=person)
            hidden.items.set([AgendaItemFactory(meeting=secret, confidential=True)])
            for m in (meeting, other, secret):
                publish(m)

    assert_constant_queries(
        reverse("structure:person_detail", kwargs={"key": person.key}), grow, lambda r: len(r.context["rows"])
    )


def test_sitemap_queries_do_not_grow_with_meetings() -> None:
    def grow(n: int) -> None:
        for _ in range(n):
            body = BodyFactory()
            MeetingFactory(body=body)
            Minutes.objects.create(meeting=MeetingFactory(body=body))  # a draft: not listed
            publish(MeetingFactory(body=body, start=past(next(_numbers))))
            matter()

    assert_constant_queries("/sitemap.xml", grow, lambda r: r.content.count(b"<url>"))


# --- The API -----------------------------------------------------------------------------------


def test_api_body_meetings_queries_do_not_grow() -> None:
    body = BodyFactory()

    def grow(n: int) -> None:
        for _ in range(n):
            MeetingFactory(body=body)
            Minutes.objects.create(meeting=MeetingFactory(body=body))
            publish(MeetingFactory(body=body, start=past(next(_numbers))))

    assert_constant_queries(f"/api/v1/bodies/{body.key}/meetings", grow, lambda r: len(r.json()))


@pytest.mark.parametrize("published", [False, True], ids=["planned", "published"])
def test_api_meeting_detail_queries_do_not_grow(published: bool) -> None:
    meeting = MeetingFactory(body=BodyFactory(), start=past(3))

    def grow(n: int) -> None:
        grow_items(meeting)(n)
        if published:
            publish(meeting)

    def size(response: Any) -> int:
        items = response.json()["items"]
        return len(items) + sum(len(i["attachments"]) for i in items)

    assert_constant_queries(f"/api/v1/meetings/{meeting.pk}", grow, size)


def test_api_minutes_queries_do_not_grow() -> None:
    meeting = MeetingFactory(body=BodyFactory(), start=past(3))

    def grow(n: int) -> None:
        for _ in range(n):
            AgendaItemFactory(meeting=meeting, decision="Bifall.")
            Attendance.objects.create(meeting=meeting, person=PersonFactory())
        minutes = publish(meeting)
        for _ in range(n):
            Correction.objects.create(minutes=minutes, text="Rättelse.")

    def size(response: Any) -> int:
        data = response.json()
        return len(data["items"]) + len(data["attendance"]) + len(data["corrections"])

    assert_constant_queries(f"/api/v1/meetings/{meeting.pk}/minutes", grow, size)


@pytest.mark.parametrize("query", ["", "?year=2019", "?body=bodyq"])
def test_api_decisions_queries_do_not_grow(query: str) -> None:
    body = BodyFactory(key="bodyq")
    days = iter(range(300))

    def grow(n: int) -> None:
        for _ in range(n):
            for where in (body, BodyFactory()):
                # In 2019 whatever the factory's sequence has reached in this test process (its
                # default start passes into 2020 after 365 meetings, which made ?year=2019 flaky).
                start = local(2019, 1, 1, 13) + datetime.timedelta(days=next(days))
                meeting = MeetingFactory(body=where, start=start)
                AgendaItemFactory(meeting=meeting, decision="Bifall.", clauses=["att bifalla"])
                AgendaItemFactory(meeting=meeting, decision="Hemligt.", confidential=True)
                AgendaItemFactory(meeting=meeting)  # information without a decision
                publish(meeting)

    assert_constant_queries(f"/api/v1/decisions{query}", grow, lambda r: r.json()["count"])
    # A page shorter than the list: its limit of items, still two queries (count and page).
    count, _sql, response = queries_for(Client(), f"/api/v1/decisions{query}{'&' if query else '?'}limit=2")
    assert (len(response.json()["items"]), response.json()["count"] > 2, count) == (2, True, 2)


def test_the_helpers_publish_what_the_pages_read() -> None:
    """publish() gives minutes the public pages accept, with a hash that verifies."""
    meeting = MeetingFactory(body=BodyFactory(), start=past(3))
    AgendaItemFactory(meeting=meeting, decision="Bifall.")
    minutes = publish(meeting)
    assert minutes.is_published
    assert services.minutes_verify(minutes)
    assert Client().get(reverse("meetings:minutes", kwargs={"pk": meeting.pk})).status_code == 200
