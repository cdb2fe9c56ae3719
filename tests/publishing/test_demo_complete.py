"""A seed's meeting that is already there when the demo meetings are loaded (as `samverkan demo`
leaves it after importing the seed) is completed with what the importer cannot know, and
published, not duplicated (samverkan/publishing/demo_meetings.py)."""

from __future__ import annotations

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Model

from samverkan.core.models import AuditEvent
from samverkan.meetings import services
from samverkan.meetings.models import AgendaItem, Attendance, Meeting, Minutes
from samverkan.publishing.demo_meetings import load_demo_meetings, match_items
from samverkan.structure.models import Body

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def counts() -> dict[str, int]:
    models: list[type[Model]] = [Meeting, AgendaItem, Attendance, Minutes, AuditEvent]
    return {model.__name__: model._default_manager.count() for model in models}


def attendance(meeting: Meeting, name: str) -> Attendance:
    return Attendance.objects.get(meeting=meeting, person__name=name)


@pytest.fixture
def bare_gr() -> Meeting:
    """GR's meeting of 3 October 2019 as an import of the minutes leaves it: the paragraphs with
    their titles (one with a tail the seed's page layout could add), the roll call, no texts, no
    chair, no minutes."""
    call_command("load", "structure", str(Path(settings.BASE_DIR) / "examples" / "vastra-gotaland.yaml"))
    actor = get_user_model().objects.create_user(username="importer", email="importer@demo.invalid")
    body = Body.objects.get(key="gr-styrgrupp-social-valfard")
    meeting = services.meeting_plan(
        actor=actor,
        body=body,
        with_procedural_items=False,
        start=local(2019, 10, 3),
        time_decided=False,
        status=Meeting.Status.HELD,
    )
    titles = [
        "Justerare",
        "Tema: Boende, bostäder och social hållbarhet",
        "Tema: Funktionshinder",
        "FoU i Väst",
        "Hälso- och sjukvårdsfrågor. Se bilaga",
        'Fokusområden "Plan för uppföljning 2020"',
        "Rapport från förbundsstyrelse (26-27 sep)",
    ]
    for position, title in enumerate(titles, start=1):
        services.item_add(actor=actor, meeting=meeting, position=position, title=title, paragraph=30 + position)
    services.roll_call_prepare(actor=actor, meeting=meeting)
    return meeting


def test_an_existing_meeting_is_completed_and_published_not_duplicated(bare_gr: Meeting) -> None:
    admin = get_user_model().objects.create_user(
        username="admin", email="admin@demo.invalid", is_staff=True, is_superuser=True
    )
    lines = load_demo_meetings(actor=admin)
    assert any(line.startswith("Styrgruppen för social välfärd 2019-10-03: completed") for line in lines), lines
    assert list(Meeting.objects.filter(body__key="gr-styrgrupp-social-valfard")) == [bare_gr]
    items = list(bare_gr.items.order_by("position"))
    assert [i.paragraph for i in items] == list(range(31, 38))
    assert items[4].title == "Hälso- och sjukvårdsfrågor. Se bilaga"  # the import's title is kept
    assert items[4].notes.startswith("Rosanna Björklund ger en aktuell lägesrapport")
    assert all(i.notes for i in items[1:])
    assert [i.paragraph for i in attendance(bare_gr, "Maria Ljung").items.all()] == [35]
    assert len(attendance(bare_gr, "Kent Lagrell").chair_items.all()) == 7
    minutes = Minutes.objects.get(meeting=bare_gr)
    assert minutes.is_published
    assert [a.person.name for a in minutes.adjusters.select_related("person")] == ["Ove Dröscher"]
    # Once completed, it is left as it is.
    before = counts()
    again = load_demo_meetings(actor=admin)
    assert counts() == before
    assert all("already there" in line for line in again), again


def test_items_are_matched_by_paragraph_then_title_then_place(bare_gr: Meeting) -> None:
    items = list(bare_gr.items.order_by("position"))
    # By paragraph, whatever the titles.
    assert match_items(bare_gr, ["x"] * 7, list(range(31, 38))) == items
    # By title (a tail or a missing tail is fine), else the item at the same place.
    found = match_items(bare_gr, ["Hälso- och sjukvårdsfrågor", "Something else entirely", "Justerare"])
    assert found == [items[4], items[1], items[0]]
    assert match_items(bare_gr, ["a"] * 8)[7] is None
