"""`samverkan demo` as a whole: the seeds imported through the importer (stored with their text,
applied, marked as imported), what the importer cannot know layered on top of the imported
meetings, the recommendations tied to the imported items, and a second run that changes nothing.

The demo is run twice once for the module, inside a transaction rolled back at the end; each test
runs in a savepoint within it."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from samverkan.core.models import AuditEvent
from samverkan.importer.models import ImportBatch, ImportedDocument
from samverkan.meetings import services
from samverkan.meetings.models import Absence, Attendance, Meeting, Minutes
from samverkan.publishing.management.commands import demo as demo_command
from samverkan.referrals.models import Recommendation
from samverkan.structure.models import Person

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SEEDS = demo_command.seeds_dir()
SEED_FILES = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []

if len(SEED_FILES) != 5:
    pytest.skip(f"the five seed documents are not in {SEEDS}", allow_module_level=True)


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def counts() -> dict[str, int]:
    return {
        f"{model._meta.app_label}.{model.__name__}": model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label != "sessions"
    }


@dataclass
class Demo:
    first: list[str]
    second: list[str]
    after_first: dict[str, int]
    after_second: dict[str, int]


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Demo]:
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("demo", password="x", stdout=out, stderr=StringIO())
        after_first = counts()
        again = StringIO()
        call_command("demo", password="x", stdout=again, stderr=StringIO())
        yield Demo(out.getvalue().splitlines(), again.getvalue().splitlines(), after_first, counts())
        transaction.set_rollback(True)


def meetings(body_key: str, day: datetime.date) -> list[Meeting]:
    first = local(day.year, day.month, day.day)
    return list(
        Meeting.objects.filter(body__key=body_key, start__gte=first, start__lt=first + datetime.timedelta(days=1))
    )


def the_meeting(body_key: str, day: datetime.date) -> Meeting:
    found = meetings(body_key, day)
    assert len(found) == 1, found
    return found[0]


def test_the_five_seeds_are_stored_with_their_text_and_four_applied(demo: Demo) -> None:
    docs = {doc.original_name: doc for doc in ImportedDocument.objects.all()}
    assert sorted(docs) == [path.name for path in SEED_FILES]
    assert all(doc.text and doc.sha256 and doc.file.name for doc in docs.values())
    applied = sorted(name for name, doc in docs.items() if doc.status == ImportedDocument.Status.APPLIED)
    assert applied == [n for n in sorted(docs) if not n.startswith("003_")]
    # The web page of seed 003 is no meeting: kept for search, nothing to apply.
    page = next(doc for name, doc in docs.items() if name.startswith("003_"))
    assert page.proposal["applicable"] is False
    assert page.meeting is None
    for name in applied:
        doc = docs[name]
        assert doc.applied["result"] == "created"
        assert doc.meeting is not None
        assert doc.uploaded_by is not None and doc.uploaded_by.username == "admin"
    # Marked as imported, in the audit trail through the demo.
    assert set(
        AuditEvent.objects.filter(target_type__model="importeddocument").values_list("actor_label", "source")
    ) == {("admin", "cli:demo")}
    assert ImportBatch.objects.count() == 1
    batch = ImportBatch.objects.get()
    assert (batch.total, batch.processed, batch.created, batch.failed) == (5, 5, 4, 0)


def test_the_output_reports_what_the_importer_created(demo: Demo) -> None:
    imports = [line for line in demo.first if line.startswith("Import 0")]
    assert len(imports) == 5
    created = [line for line in imports if ": created — the meeting " in line]
    assert len(created) == 4
    assert any("Samrådsorganet 2022-04-28: 11 items" in line for line in created), created
    assert any("Styrgruppen för social välfärd 2019-10-03: 7 items" in line for line in created), created
    assert any(line.startswith("Import 003_") and ": stored (" in line for line in imports)
    assert "Import of the seeds" in "\n".join(demo.first)
    assert "4 created, 1 stored" in next(line for line in demo.first if line.startswith("Import of the seeds"))


def test_each_seed_meeting_exists_once_and_was_created_by_the_importer(demo: Demo) -> None:
    for key, day in [
        ("vastkom-styrelse", datetime.date(2018, 12, 17)),
        ("sro", datetime.date(2022, 4, 28)),
        ("gr-styrgrupp-social-valfard", datetime.date(2019, 10, 3)),
        ("vb-styrgrupp-regionkommun", datetime.date(2018, 9, 27)),
    ]:
        meeting = the_meeting(key, day)
        assert meeting.imported_documents.filter(status=ImportedDocument.Status.APPLIED).count() == 1, key
        create = AuditEvent.objects.get(target_type__model="meeting", target_id=str(meeting.pk), action="create")
        assert create.source == "cli:demo"
    # The board's 2019 dates (not in the importer's reach) are there, once each.
    assert Meeting.objects.filter(body__key="vastkom-styrelse", start__year=2019).count() == 6
    # Nobody twice: the loader finds the people the importer created.
    names = list(Person.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))


def test_the_board_notice_has_its_notified_absences_and_proposals(demo: Demo) -> None:
    meeting = the_meeting("vastkom-styrelse", datetime.date(2018, 12, 17))
    assert meeting.start == local(2018, 12, 17, 17, 30)
    assert meeting.status == Meeting.Status.HELD
    absent = sorted(Absence.objects.filter(meeting=meeting).values_list("person__name", flat=True))
    assert absent == sorted(
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
    notified = meeting.attendances.filter(status=Attendance.Status.NOTIFIED).values_list("person__name", flat=True)
    assert sorted(notified) == absent
    items = list(meeting.items.order_by("position"))
    assert len(items) == 9
    assert items[2].proposal.startswith("VästKoms styrelse fastställer Verksamhetsplan")
    assert items[5].proposal.startswith("8 januari (prel. inställs mötet)")


def test_the_sro_notes_are_published_with_stand_in_and_chairs(demo: Demo) -> None:
    meeting = the_meeting("sro", datetime.date(2022, 4, 28))
    items = list(meeting.items.order_by("position"))
    assert [i.paragraph for i in items] == list(range(1, 12))
    assert "Karin Engström" in items[0].notes
    replaced = Attendance.objects.get(meeting=meeting, person__name="Anna Lärk Ståhlberg")
    assert replaced.status == Attendance.Status.REPLACED
    assert replaced.replaced_by is not None and replaced.replaced_by.name == "Karin Engström"
    chairs = [sorted(i.chairs.values_list("person__name", flat=True)) for i in items]
    assert chairs == [["Axel Josefsson"]] * 3 + [["Helene Eliasson"]] * 8
    minutes = meeting.minutes
    assert minutes.is_published
    assert minutes.secretary is not None and minutes.secretary.name == "Johanna Karlsson Deucher"
    assert services.minutes_verify(minutes)


def test_the_gr_minutes_are_adjusted_and_published_with_paragraphs_31_to_37(demo: Demo) -> None:
    meeting = the_meeting("gr-styrgrupp-social-valfard", datetime.date(2019, 10, 3))
    assert [i.paragraph for i in meeting.items.order_by("position")] == list(range(31, 38))
    minutes = meeting.minutes
    assert minutes.status == Minutes.Status.ADJUSTED
    assert minutes.is_published
    assert [(a.person.name, a.confirmed_via) for a in minutes.adjusters.select_related("person")] == [
        ("Ove Dröscher", "demo")
    ]
    assert minutes.secretary is not None and minutes.secretary.name == "Sara Nordenhielm"
    assert [p["paragraph"] for p in minutes.content["items"]] == list(range(31, 38))
    assert services.minutes_verify(minutes)
    maria = Attendance.objects.get(meeting=meeting, person__name="Maria Ljung")
    assert [i.paragraph for i in maria.items.all()] == [35]
    chaired = Attendance.objects.get(meeting=meeting, person__name="Kent Lagrell").chair_items.all()
    assert sorted(i.paragraph or 0 for i in chaired) == list(range(31, 38))


def test_the_recommendations_are_tied_to_the_imported_items(demo: Demo) -> None:
    def item_of(title: str) -> tuple[str, str, int, str]:
        item = Recommendation.objects.select_related("agenda_item__meeting__body").get(title=title).agenda_item
        assert item is not None, title
        assert item.meeting.imported_documents.exists(), title
        start = item.meeting.start.astimezone(STOCKHOLM)
        return (item.meeting.body.key, f"{start:%Y-%m-%d}", item.position, item.title)

    body, day, position, title = item_of("Samverkansavtal digitala hjälpmedel")
    assert (body, day, position) == ("sro", "2022-04-28", 10)
    assert "samverkansavtal digitala hjälpmedel" in title
    body, day, position, title = item_of("Länssamverkan inom området psykisk hälsa 2019–2020")
    assert (body, day, position) == ("vastkom-styrelse", "2018-12-17", 4)
    assert "Psykisk hälsa 2019-2020" in title
    for title in [
        "Huvudpunkter i förslaget till samverkansstruktur för vård och omsorg",
        "Direktiv för implementeringsprojektet för ny samverkansstruktur",
    ]:
        body, day, _position, item_title = item_of(title)
        assert (body, day) == ("vb-styrgrupp-regionkommun", "2018-09-27")
        assert "organiseringen av samverkan" in item_title


def test_bp1_still_follows_the_directive(demo: Demo) -> None:
    from samverkan.followup import selectors as followup_selectors

    _project, points = followup_selectors.project_page("vb-implementering-samverkansstruktur")
    by_code = {status.point.code: status for status in points}
    assert list(by_code) == ["BP1", "BP2", "BP3", "BP4", "BP5"]
    assert by_code["BP1"].reached
    assert not by_code["BP2"].reached


def test_a_second_run_changes_nothing(demo: Demo) -> None:
    assert demo.after_second == demo.after_first
    assert demo.after_first["core.AuditEvent"] == demo.after_second["core.AuditEvent"]
    imports = [line for line in demo.second if line.startswith("Import 0")]
    assert len(imports) == 5
    assert all(": unchanged" in line for line in imports), imports
    for line in demo.second:
        if line.startswith(("Styrelsen", "SRO", "Styrgrupp")):
            assert "already there" in line, line


def test_the_board_meeting_keeps_the_place_apart_from_the_dinner_and_no_import_note(demo: Demo) -> None:
    """Issue 12 point 6: the notice printed "Övrigt: Importerat från 000_....txt" and the place
    ran on into the invitation to dinner."""
    from samverkan.meetings.pdf import render_notice
    from tests.meetings.test_pdf import text_of

    meeting = the_meeting("vastkom-styrelse", datetime.date(2018, 12, 17))
    assert (meeting.location_name, meeting.address, meeting.room) == (
        "Chalmersska huset",
        "Södra Hamngatan 11, Göteborg",
        "Kanalrummet",
    )
    assert meeting.note == "Efter styrelsemötet bjuds till traditionsenlig måltid på Fiskekrogen."
    assert not Meeting.objects.filter(note__contains="Importerat").exists()
    text = " ".join(text_of(render_notice(meeting)).split())
    assert "Importerat" not in text
    assert "Plats Chalmersska huset, Södra Hamngatan 11, Göteborg Lokal: Kanalrummet Övrigt Efter styrelsemötet" in text


def test_the_gr_minutes_do_not_claim_the_day_the_demo_was_loaded(demo: Demo) -> None:
    """The seed's minutes say "Justerat" without a date: the date is unknown, not today."""
    from django.test import Client

    minutes = Minutes.objects.get(meeting=the_meeting("gr-styrgrupp-social-valfard", datetime.date(2019, 10, 3)))
    assert minutes.is_published and minutes.adjusted_at is None
    page = Client().get(f"/moten/{minutes.meeting_id}/protokoll/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Justerat; datum för justeringen är okänt." in page


def test_a_notice_and_a_recommendation_in_the_demo_reach_everyone(demo: Demo) -> None:
    """Issue 12 point 1: the board's notice reached 0 of 16 members and a recommendation to the
    49 municipalities 1 of them."""
    from django.utils import timezone

    from samverkan.meetings import services as meeting_services
    from samverkan.meetings.notices import notice_addressees
    from samverkan.referrals import services as referral_services
    from samverkan.referrals.mail import addressees
    from samverkan.structure.models import Body, Grouping

    board = Body.objects.get(key="vastkom-styrelse")
    meeting = meeting_services.meeting_plan(
        actor=None, body=board, start=timezone.now() + datetime.timedelta(days=40), location_name="Chalmersska huset"
    )
    reached, missed = notice_addressees(meeting)
    assert missed == []
    assert len(reached) >= 16
    ulf = next(a for a in reached if a.person.key == "ulf-olsson")
    assert (ulf.mail.address, ulf.mail.via_account) == ("ledamot@example.org", True)

    municipalities = Grouping.objects.get(key="vg-kommuner")
    recommendation = referral_services.recommendation_create(
        actor=None,
        body=board,
        groupings=[municipalities],
        title="Prov",
        question="?",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
    )
    reached_principals, missed_principals = addressees(recommendation)
    assert missed_principals == []
    assert len(reached_principals) == 49
