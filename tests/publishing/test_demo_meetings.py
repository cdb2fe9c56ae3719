"""The demo's meetings from the seeds (samverkan/publishing/demo_meetings.py), loaded on the example
structure of Västra Götaland: VästKom's board (seed 000), SRO (001) and GR (004)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Model

from samverkan.core.models import AuditEvent
from samverkan.meetings import services
from samverkan.meetings.models import (
    Absence,
    Adjuster,
    AgendaItem,
    Attendance,
    Matter,
    Meeting,
    MeetingSettings,
    Minutes,
)
from samverkan.publishing.demo_meetings import load_demo_meetings
from samverkan.structure.models import Body, Membership, Person

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
COUNTED: list[type[Model]] = [
    Person,
    Membership,
    Meeting,
    MeetingSettings,
    AgendaItem,
    Matter,
    Absence,
    Attendance,
    Minutes,
    Adjuster,
    AuditEvent,
]


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in COUNTED}


@dataclass
class Demo:
    first: list[str]
    second: list[str]
    after_first: dict[str, int]
    after_second: dict[str, int]


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Demo]:
    """Built once for the module, inside a transaction rolled back at the end; each test runs in
    a savepoint within it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command(
            "load", "structure", str(Path(settings.BASE_DIR) / "examples" / "vastra-gotaland.yaml"), stdout=StringIO()
        )
        actor = get_user_model().objects.create_user(username="admin", is_staff=True, is_superuser=True)
        first = load_demo_meetings(actor=actor)
        after_first = counts()
        second = load_demo_meetings(actor=actor)
        yield Demo(first=first, second=second, after_first=after_first, after_second=counts())
        transaction.set_rollback(True)


def meeting_of(body_key: str, start: datetime.datetime) -> Meeting:
    return Meeting.objects.get(body__key=body_key, start=start)


def attendance(meeting: Meeting, name: str) -> Attendance:
    return Attendance.objects.select_related("replaced_by").get(meeting=meeting, person__name=name)


def names(rows: Any) -> list[str]:
    return sorted(row.person.name for row in rows)


def test_running_it_again_adds_nothing(demo: Demo) -> None:
    assert demo.after_second == demo.after_first
    assert all("already there" in line for line in demo.second), demo.second
    assert not any("already there" in line for line in demo.first), demo.first


def test_the_board_meeting_of_17_december_2018_is_the_notice(demo: Demo) -> None:
    meeting = meeting_of("vastkom-styrelse", local(2018, 12, 17, 17, 30))
    assert meeting.end == local(2018, 12, 17, 18, 30)
    assert meeting.time_decided
    assert (meeting.location_name, meeting.address, meeting.room) == (
        "Chalmersska huset",
        "Södra Hamngatan 11, Göteborg",
        "Kanalrummet",
    )
    assert meeting.note == "Efter styrelsemötet bjuds till traditionsenlig måltid på Fiskekrogen."
    assert meeting.status == Meeting.Status.HELD
    items = list(meeting.items.order_by("position"))
    assert [(i.position, i.title, i.kind) for i in items] == [
        (1, "Mötet öppnas", "opening"),
        (2, "Val av justerande", "adjuster"),
        (3, "Verksamhetsplan och budget 2019 för VästKom", "decision"),
        (4, "Information om projekt Psykisk hälsa 2019-2020", "information"),
        (5, "Rekrytering av direktör till VästKom", "decision"),
        (6, "Styrelsemöten 2019", "decision"),
        (7, "Information om övriga aktuella frågor i verksamheten", "information"),
        (8, "Övriga frågor", "other_business"),
        (9, "Avslutning", "closing"),
    ]
    assert items[2].proposal == "VästKoms styrelse fastställer Verksamhetsplan och Budget 2019 enligt bilagda förslag."
    assert items[4].proposal == (
        "Av praktiska skäl föreslås styrelsen besluta att till arbetsutskottet delegera beslut om "
        "anställning av ny direktör."
    )
    assert all(not i.decision for i in items)
    notified = meeting.attendances.select_related("person").filter(status=Attendance.Status.NOTIFIED)
    assert names(notified) == sorted(
        [
            "Ann-Sofie Hermansson",
            "Anna-Karin Skatt",
            "Bengt Hilmersson",
            "Liselotte Fröjd",
            "Tomas Johansson",
            "Martin Carling",
            "Paul Åkerlund",
            "Mattias Josefsson",
        ]
    )
    # Only the notified absences: the seed says nothing of who came, and there are no minutes.
    assert meeting.attendances.count() == 8
    assert not Minutes.objects.filter(meeting=meeting, drawn_up_at__isnull=False).exists()


def test_the_board_plan_for_2019_has_six_dates_one_preliminarily_cancelled(demo: Demo) -> None:
    plan = list(Meeting.objects.filter(body__key="vastkom-styrelse", start__year=2019).order_by("start"))
    assert [m.start for m in plan] == [
        local(2019, 1, 8),
        local(2019, 4, 2),
        local(2019, 6, 18),
        local(2019, 9, 3),
        local(2019, 10, 22),
        local(2019, 11, 19),
    ]
    assert [m.status for m in plan] == ["prel_cancelled", "planned", "planned", "planned", "planned", "planned"]
    for meeting in plan:
        assert not meeting.time_decided
        assert meeting.end is None
        assert not (meeting.location_name or meeting.address or meeting.room or meeting.online_url)
        assert not meeting.items.exists()


def test_sro_28_april_2022_with_stand_in_and_chair_hand_over(demo: Demo) -> None:
    sro = Body.objects.get(key="sro")
    meeting = meeting_of("sro", local(2022, 4, 28, 13))
    assert meeting.end == local(2022, 4, 28, 15)
    assert meeting.note == "Teamsmöte"
    assert meeting.status == Meeting.Status.HELD
    sro_settings = MeetingSettings.objects.get(body=sro)
    assert (sro_settings.requires_adjustment, sro_settings.numbering) == (False, "per_meeting")
    items = list(meeting.items.order_by("position"))
    assert [i.position for i in items] == list(range(1, 12))
    assert [i.paragraph for i in items] == list(range(1, 12))
    assert [i.kind for i in items] == [
        "opening",
        "agenda",
        "previous_minutes",
        "information",
        "information",
        "position",
        "position",
        "information",
        "position",
        "position",
        "information",
    ]
    assert items[3].title == "Lägesrapport om Ukraina"
    assert items[3].presenters == "Per Albertsson, VGR"
    assert items[3].decision == "SRO noterar informationen."
    assert items[9].decision == (
        "SRO ställer sig bakom förslag till samverkansavtal digitala hjälpmedel och rekommenderar "
        "respektive huvudman att besluta i enlighet med förslaget."
    )
    assert "Karin Engström" in items[0].notes

    absent = meeting.attendances.select_related("person").filter(status=Attendance.Status.ABSENT)
    assert names(absent) == sorted(
        [
            "Nina Miskovsky",
            "Katarina Jonsson",
            "Ulf Olsson",
            "Martin Carling",
            "Johnny Magnusson",
            "Madeleine Jonsson",
            "Kerstin Brunnström",
        ]
    )
    replaced = attendance(meeting, "Anna Lärk Ståhlberg")
    assert replaced.status == Attendance.Status.REPLACED
    assert replaced.replaced_by is not None and replaced.replaced_by.name == "Karin Engström"
    stand_in = attendance(meeting, "Karin Engström")
    assert (stand_in.capacity, stand_in.status) == ("stand_in", "present")
    guests = meeting.attendances.select_related("person").filter(capacity=Attendance.Capacity.GUEST)
    assert len(guests) == 8
    assert attendance(meeting, "Jonas Lundberg").status == Attendance.Status.NOTIFIED
    assert attendance(meeting, "Per Albertsson").status == Attendance.Status.PRESENT
    assert attendance(meeting, "Johanna Karlsson Deucher").capacity == Attendance.Capacity.SECRETARY

    assert [names(i.chairs.select_related("person")) for i in items] == [["Axel Josefsson"]] * 3 + [
        ["Helene Eliasson"]
    ] * 8

    minutes = meeting.minutes
    assert minutes.is_published
    assert not minutes.adjusters.exists()
    assert services.minutes_verify(minutes)


def test_gr_3_october_2019_is_adjusted_and_published(demo: Demo) -> None:
    meeting = meeting_of("gr-styrgrupp-social-valfard", local(2019, 10, 3))
    assert not meeting.time_decided
    assert (meeting.location_name, meeting.address) == ("GR", "Anders Personsgatan 8, Göteborg")
    items = list(meeting.items.order_by("position"))
    assert [i.paragraph for i in items] == list(range(31, 38))
    assert [i.title for i in items] == [
        "Justerare",
        "Tema: Boende, bostäder och social hållbarhet",
        "Tema: Funktionshinder",
        "FoU i Väst",
        "Hälso- och sjukvårdsfrågor",
        'Fokusområden "Plan för uppföljning 2020"',
        "Rapport från förbundsstyrelse (26-27 sep)",
    ]
    assert items[1].decision == "Informationen antecknas."
    assert items[5].decision == (
        "Styrgruppen för social välfärd beslutar att för sin del godkänna förslag till fokusområden 2020. "
        "GR och presidiet tar med sig medskick inför processen för planen 2021."
    )

    assert attendance(meeting, "Mariette Risberg").status == Attendance.Status.NOTIFIED
    for name in ["Patrik Linde", "Pia Gillerstedt", "Linda Holmér Nordlund"]:
        assert attendance(meeting, name).status == Attendance.Status.ABSENT
    assert attendance(meeting, "Ove Dröscher").status == Attendance.Status.PRESENT
    assert attendance(meeting, "Sara Nordenhielm").capacity == Attendance.Capacity.SECRETARY
    by_person = {
        name: sorted(i.paragraph or 0 for i in attendance(meeting, name).items.all())
        for name in ["Lena Holmlund", "Maria Ljung", "Maja Wadstein", "Linnéa Björk", "Margareta Forsberg"]
    }
    assert by_person == {
        "Lena Holmlund": [],
        "Maria Ljung": [35],
        "Maja Wadstein": [32],
        "Linnéa Björk": [33],
        "Margareta Forsberg": [34],
    }
    chaired = attendance(meeting, "Kent Lagrell").chair_items.all()
    assert sorted(i.paragraph or 0 for i in chaired) == list(range(31, 38))

    minutes = meeting.minutes
    assert minutes.status == Minutes.Status.ADJUSTED
    assert minutes.is_published
    assert minutes.secretary is not None and minutes.secretary.name == "Sara Nordenhielm"
    adjusters = list(minutes.adjusters.select_related("person"))
    assert [(a.person.name, a.confirmed_via) for a in adjusters] == [("Ove Dröscher", "demo")]
    assert adjusters[0].confirmed_at is not None
    assert services.minutes_verify(minutes)
    assert [p["paragraph"] for p in minutes.content["items"]] == list(range(31, 38))
