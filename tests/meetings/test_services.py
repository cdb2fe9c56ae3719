"""The meetings services (samverkan/meetings/services.py): the year plan, the agenda, papers,
absences and the roll call, and the minutes from drawing up to adjustment and correction.

Every write is checked for its exact result and its audit event (who, what, old and new values),
and every refusal for its error code and for leaving nothing behind. The data follows the seeds:
the VästKom notice of 17 Dec 2018 (000), SRO on 28 Apr 2022 (001), GR on 3 Oct 2019 (004).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import re
import zipfile
from typing import Any

import docx
import pytest
import weasyprint
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from samverkan.core.models import AuditEvent
from samverkan.documents.reader import PAPERS, DocumentError, read_document, sniff
from samverkan.meetings import services
from samverkan.meetings.models import (
    Absence,
    Adjuster,
    AgendaItem,
    Attachment,
    Attendance,
    Correction,
    Meeting,
    MeetingSettings,
    Minutes,
)
from samverkan.meetings.services import ConcurrentEdit, MinutesLocked
from samverkan.structure.models import Membership
from tests.factories import BodyFactory, MembershipFactory, PersonFactory, UserFactory
from tests.meetings.factories import (
    GR_ITEMS,
    VASTKOM_ABSENT,
    VASTKOM_BOARD,
    AgendaItemFactory,
    GrScenario,
    MeetingFactory,
    VastKomBoard,
    frozen_at,
    gr_scenario,
    local,
    meeting_with_items,
    notice_meeting,
    sro_scenario,
    vastkom_board,
)

pytestmark = pytest.mark.django_db

D = datetime.date
BEFORE_THE_NOTICE_MEETING = local(2018, 12, 10, 9)


@pytest.fixture
def actor() -> Any:
    return UserFactory(username="sekreterare")


@pytest.fixture
def board() -> VastKomBoard:
    return vastkom_board()


@pytest.fixture
def notice(actor: Any, board: VastKomBoard) -> Meeting:
    return notice_meeting(actor, board)


@pytest.fixture
def gr(actor: Any) -> GrScenario:
    return gr_scenario(actor)


def events(instance: models.Model) -> list[tuple[str, str, dict]]:
    """The audit trail of one record, oldest first: (who, action, changes)."""
    return [
        (e.actor_label, e.action, e.changes)
        for e in AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(instance), target_id=str(instance.pk)
        ).order_by("id")
    ]


def agenda(meeting: Meeting) -> list[tuple[int, str, str]]:
    return list(
        AgendaItem.objects.filter(meeting=meeting).order_by("position").values_list("position", "title", "kind")
    )


def paragraphs(meeting: Meeting) -> list[int | None]:
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("position").values_list("paragraph", flat=True))


def reloaded(instance: Any) -> Any:
    instance.refresh_from_db()
    return instance


# --- The year plan -----------------------------------------------------------------------------


def test_meeting_plan_creates_the_standard_procedural_items_in_order(actor: Any) -> None:
    body = BodyFactory(name="Testorganet")
    meeting = services.meeting_plan(
        actor=actor,
        body=body,
        start=local(2019, 4, 2, 17, 30),
        end=local(2019, 4, 2, 18, 30),
        location_name="Chalmersska huset",
    )
    assert agenda(meeting) == [
        (1, "Mötet öppnas", "opening"),
        (2, "Val av justerare", "adjuster"),
        (3, "Godkännande av dagordningen", "agenda"),
        (4, "Föregående protokoll", "previous_minutes"),
        (5, "Övriga frågor", "other_business"),
        (6, "Mötet avslutas", "closing"),
    ]
    meeting = reloaded(meeting)
    assert (meeting.status, meeting.sequence, meeting.notice_sent_at) == ("planned", 0, None)
    assert events(meeting) == [
        (
            "sekreterare",
            "create",
            {
                "body": [None, "Testorganet"],
                "start": [None, "2019-04-02T17:30:00+02:00"],
                "end": [None, "2019-04-02T18:30:00+02:00"],
                "location_name": [None, "Chalmersska huset"],
            },
        )
    ]
    assert AuditEvent.objects.get().actor == actor


def test_meeting_plan_follows_the_bodys_own_procedural_items(actor: Any, board: VastKomBoard) -> None:
    """VästKom's notice has four procedural items: opening, adjuster, other business, closing."""
    meeting = notice_meeting(actor, board)
    assert agenda(meeting) == [
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
    meeting = reloaded(meeting)
    assert (meeting.location_name, meeting.address, meeting.room) == (
        "Chalmersska huset",
        "Södra Hamngatan 11, Göteborg",
        "Kanalrummet",
    )
    assert timezone.localtime(meeting.start) == local(2018, 12, 17, 17, 30)
    assert timezone.localtime(meeting.end) == local(2018, 12, 17, 18, 30)


def test_meeting_plan_without_procedural_items_starts_empty(actor: Any) -> None:
    meeting = services.meeting_plan(
        actor=actor, body=BodyFactory(), with_procedural_items=False, start=local(2019, 10, 3, 9)
    )
    assert agenda(meeting) == []


def test_the_year_plan_with_one_meeting_preliminarily_cancelled(actor: Any, board: VastKomBoard) -> None:
    """Journey 1: "8 januari (prel. inställs mötet), 2 april, 18 juni, 3 september, 22 oktober
    samt 19 november" (the clock time is invented)."""
    days = [D(2019, 1, 8), D(2019, 4, 2), D(2019, 6, 18), D(2019, 9, 3), D(2019, 10, 22), D(2019, 11, 19)]
    for day in days:
        services.meeting_plan(
            actor=actor,
            body=board.body,
            start=local(day.year, day.month, day.day, 13),
            status=Meeting.Status.PRELIMINARILY_CANCELLED if day == D(2019, 1, 8) else Meeting.Status.PLANNED,
        )
    plan = Meeting.objects.filter(body=board.body, start__year=2019).order_by("start")
    assert [(timezone.localtime(m.start).date(), m.status, m.sequence) for m in plan] == [
        (D(2019, 1, 8), "prel_cancelled", 0),
        (D(2019, 4, 2), "planned", 0),
        (D(2019, 6, 18), "planned", 0),
        (D(2019, 9, 3), "planned", 0),
        (D(2019, 10, 22), "planned", 0),
        (D(2019, 11, 19), "planned", 0),
    ]
    january = plan[0]
    assert services.meeting_update(actor=actor, meeting=january, status=Meeting.Status.CANCELLED) == {
        "status": ("prel_cancelled", "cancelled")
    }
    assert reloaded(january).sequence == 1
    assert [e.sequence for e in plan.exclude(pk=january.pk)] == [0, 0, 0, 0, 0]


# --- Meeting updates and the calendar SEQUENCE ------------------------------------------------


@pytest.fixture
def planned(actor: Any) -> Meeting:
    meeting = services.meeting_plan(
        actor=actor,
        body=BodyFactory(),
        with_procedural_items=False,
        start=local(2019, 4, 2, 17, 30),
        end=local(2019, 4, 2, 18, 30),
        location_name="Chalmersska huset",
        address="Södra Hamngatan 11, Göteborg",
        room="Kanalrummet",
    )
    AuditEvent.objects.all().delete()
    return meeting


@pytest.mark.parametrize(
    ("field", "value", "recorded"),
    [
        ("start", local(2019, 4, 2, 17), ["2019-04-02T15:30:00+00:00", "2019-04-02T17:00:00+02:00"]),
        ("end", local(2019, 4, 2, 19), ["2019-04-02T16:30:00+00:00", "2019-04-02T19:00:00+02:00"]),
        ("location_name", "VästKom", ["Chalmersska huset", "VästKom"]),
        (
            "address",
            "Anders Personsgatan 8, Göteborg",
            ["Södra Hamngatan 11, Göteborg", "Anders Personsgatan 8, Göteborg"],
        ),
        ("room", "Lilla salen", ["Kanalrummet", "Lilla salen"]),
        ("online_url", "https://teams.example.test/styrelsen", ["", "https://teams.example.test/styrelsen"]),
        ("status", "prel_cancelled", ["planned", "prel_cancelled"]),
        ("status", "cancelled", ["planned", "cancelled"]),
    ],
)
def test_a_change_of_time_place_or_status_raises_the_sequence_by_one(
    actor: Any, planned: Meeting, field: str, value: Any, recorded: list
) -> None:
    changes = services.meeting_update(actor=actor, meeting=planned, **{field: value})
    assert list(changes) == [field]
    meeting = reloaded(planned)
    assert getattr(meeting, field) == value
    assert meeting.sequence == 1
    assert events(meeting) == [("sekreterare", "update", {field: recorded})]
    assert AuditEvent.objects.get().actor == actor


def test_several_schedule_fields_in_one_update_raise_the_sequence_once(actor: Any, planned: Meeting) -> None:
    services.meeting_update(actor=actor, meeting=planned, start=local(2019, 4, 2, 13), end=local(2019, 4, 2, 15))
    assert reloaded(planned).sequence == 1
    services.meeting_update(actor=actor, meeting=planned, room="Lilla salen", location_name="VästKom")
    assert reloaded(planned).sequence == 2
    assert [(action, sorted(changes)) for _who, action, changes in events(planned)] == [
        ("update", ["end", "start"]),
        ("update", ["location_name", "room"]),
    ]


def test_a_change_of_the_note_is_audited_but_keeps_the_sequence(actor: Any, planned: Meeting) -> None:
    changes = services.meeting_update(actor=actor, meeting=planned, note="Måltid på Fiskekrogen efteråt.")
    assert changes == {"note": ("", "Måltid på Fiskekrogen efteråt.")}
    meeting = reloaded(planned)
    assert (meeting.note, meeting.sequence) == ("Måltid på Fiskekrogen efteråt.", 0)
    assert events(meeting) == [("sekreterare", "update", {"note": ["", "Måltid på Fiskekrogen efteråt."]})]


def test_an_update_that_changes_nothing_writes_nothing(actor: Any, planned: Meeting) -> None:
    assert services.meeting_update(actor=actor, meeting=planned, room="Kanalrummet", start=planned.start) == {}
    assert reloaded(planned).sequence == 0
    assert AuditEvent.objects.count() == 0


def test_an_end_before_the_start_is_refused_and_nothing_changes(actor: Any, planned: Meeting) -> None:
    with pytest.raises(ValidationError):
        services.meeting_update(actor=actor, meeting=planned, end=local(2019, 4, 2, 17))
    meeting = reloaded(planned)
    assert (timezone.localtime(meeting.end), meeting.sequence) == (local(2019, 4, 2, 18, 30), 0)
    assert AuditEvent.objects.count() == 0


# --- The agenda --------------------------------------------------------------------------------


def test_item_add_goes_before_other_business_and_closing(actor: Any, notice: Meeting) -> None:
    item = services.item_add(actor=actor, meeting=notice, title="Val av revisorer", kind=AgendaItem.Kind.DECISION)
    assert item.position == 8
    assert agenda(notice)[6:] == [
        (7, "Information om övriga aktuella frågor i verksamheten", "information"),
        (8, "Val av revisorer", "decision"),
        (9, "Övriga frågor", "other_business"),
        (10, "Avslutning", "closing"),
    ]
    assert events(item) == [
        (
            "sekreterare",
            "create",
            {
                "meeting": [None, "VästKoms styrelse 2018-12-17"],
                "position": [None, 8],
                "title": [None, "Val av revisorer"],
                "kind": [None, "decision"],
            },
        )
    ]


def test_item_add_before_closing_when_there_is_no_other_business(actor: Any) -> None:
    meeting = services.meeting_plan(
        actor=actor, body=BodyFactory(), with_procedural_items=False, start=local(2019, 1, 1)
    )
    services.item_add(actor=actor, meeting=meeting, title="Mötet öppnas", kind=AgendaItem.Kind.OPENING)
    services.item_add(actor=actor, meeting=meeting, title="Avslutning", kind=AgendaItem.Kind.CLOSING)
    services.item_add(actor=actor, meeting=meeting, title="Budget", kind=AgendaItem.Kind.DECISION)
    assert agenda(meeting) == [(1, "Mötet öppnas", "opening"), (2, "Budget", "decision"), (3, "Avslutning", "closing")]


def test_item_add_without_procedural_items_appends(actor: Any) -> None:
    meeting = services.meeting_plan(
        actor=actor, body=BodyFactory(), with_procedural_items=False, start=local(2019, 1, 1)
    )
    first = services.item_add(actor=actor, meeting=meeting, title="Första")
    second = services.item_add(actor=actor, meeting=meeting, title="Andra")
    assert (first.position, second.position) == (1, 2)


def test_item_add_at_a_position_renumbers_the_later_items(actor: Any, notice: Meeting) -> None:
    services.item_add(actor=actor, meeting=notice, position=3, title="Föregående protokoll", kind="previous_minutes")
    assert agenda(notice) == [
        (1, "Mötet öppnas", "opening"),
        (2, "Val av justerande", "adjuster"),
        (3, "Föregående protokoll", "previous_minutes"),
        (4, "Verksamhetsplan och budget 2019 för VästKom", "decision"),
        (5, "Information om projekt Psykisk hälsa 2019-2020", "information"),
        (6, "Rekrytering av direktör till VästKom", "decision"),
        (7, "Styrelsemöten 2019", "decision"),
        (8, "Information om övriga aktuella frågor i verksamheten", "information"),
        (9, "Övriga frågor", "other_business"),
        (10, "Avslutning", "closing"),
    ]


def test_item_delete_closes_the_gap(actor: Any, notice: Meeting) -> None:
    item = AgendaItem.objects.get(meeting=notice, position=4)
    pk = item.pk
    services.item_delete(actor=actor, item=item)
    assert agenda(notice) == [
        (1, "Mötet öppnas", "opening"),
        (2, "Val av justerande", "adjuster"),
        (3, "Verksamhetsplan och budget 2019 för VästKom", "decision"),
        (4, "Rekrytering av direktör till VästKom", "decision"),
        (5, "Styrelsemöten 2019", "decision"),
        (6, "Information om övriga aktuella frågor i verksamheten", "information"),
        (7, "Övriga frågor", "other_business"),
        (8, "Avslutning", "closing"),
    ]
    event = AuditEvent.objects.filter(action="delete").get()
    assert (event.actor, event.target_id, event.target_repr, event.changes) == (
        actor,
        str(pk),
        "4. Information om projekt Psykisk hälsa 2019-2020",
        {},
    )


def test_item_delete_of_the_last_item(actor: Any, notice: Meeting) -> None:
    services.item_delete(actor=actor, item=AgendaItem.objects.get(meeting=notice, position=9))
    assert [p for p, _t, _k in agenda(notice)] == [1, 2, 3, 4, 5, 6, 7, 8]


def test_item_delete_with_an_item_read_before_items_were_inserted_above_it(actor: Any, notice: Meeting) -> None:
    item = AgendaItem.objects.get(meeting=notice, position=4)  # read, e.g. when the page was opened
    services.item_add(actor=actor, meeting=notice, position=1, title="Upprop")
    services.item_add(actor=actor, meeting=notice, position=1, title="Parentation")
    services.item_delete(actor=actor, item=item)
    assert [p for p, _t, _k in agenda(notice)] == list(range(1, 11))
    assert "Information om projekt Psykisk hälsa 2019-2020" not in [t for _p, t, _k in agenda(notice)]


def test_item_update_with_a_stale_version_is_refused_and_saves_nothing(actor: Any, notice: Meeting) -> None:
    other = UserFactory(username="kollega")
    item = AgendaItem.objects.get(meeting=notice, position=3)
    opened_at = item.version
    assert opened_at == 1
    # The colleague saves first.
    assert services.item_update(
        actor=other, item=item, version=opened_at, proposal="Styrelsen fastställer verksamhetsplan och budget 2019."
    ) == {"proposal": ("", "Styrelsen fastställer verksamhetsplan och budget 2019.")}
    assert reloaded(item).version == 2
    # The secretary saves the same item from the version they opened.
    with pytest.raises(ConcurrentEdit) as refused:
        services.item_update(actor=actor, item=item, version=opened_at, proposal="Styrelsen bordlägger ärendet.")
    assert refused.value.code == "concurrent"
    item = reloaded(item)
    assert (item.proposal, item.version) == ("Styrelsen fastställer verksamhetsplan och budget 2019.", 2)
    assert [(who, action) for who, action, _c in events(item)] == [("sekreterare", "create"), ("kollega", "update")]
    # Saved again from the current version, it goes through and the version moves on.
    services.item_update(actor=actor, item=item, version=2, proposal="Styrelsen bordlägger ärendet.")
    item = reloaded(item)
    assert (item.proposal, item.version) == ("Styrelsen bordlägger ärendet.", 3)
    assert events(item)[-1] == (
        "sekreterare",
        "update",
        {"proposal": ["Styrelsen fastställer verksamhetsplan och budget 2019.", "Styrelsen bordlägger ärendet."]},
    )


def test_item_update_that_changes_nothing_keeps_the_version(actor: Any, notice: Meeting) -> None:
    item = AgendaItem.objects.get(meeting=notice, position=3)
    assert services.item_update(actor=actor, item=item, version=1, title=item.title) == {}
    assert reloaded(item).version == 1
    assert [action for _who, action, _c in events(item)] == ["create"]


# --- Attachments ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return weasyprint.HTML(string="<p>Budget 2019</p>").write_pdf()


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def stored_files(directory: str = "attachments") -> set[str]:
    try:
        dirs, files = default_storage.listdir(directory)
    except FileNotFoundError:
        return set()
    found = {f"{directory}/{name}" for name in files}
    for sub in dirs:
        found |= stored_files(f"{directory}/{sub}")
    return found


@pytest.fixture
def budget_item(actor: Any, notice: Meeting) -> AgendaItem:
    item = AgendaItem.objects.get(meeting=notice, position=3)
    AuditEvent.objects.all().delete()
    return item


def test_a_pdf_is_stored_with_its_text_and_checksum(actor: Any, budget_item: AgendaItem, pdf_bytes: bytes) -> None:
    before = stored_files()
    upload = SimpleUploadedFile("budget-2019.pdf", pdf_bytes, content_type="application/pdf")
    attachment = services.attachment_add(actor=actor, item=budget_item, upload=upload)
    attachment = Attachment.objects.get(pk=attachment.pk)
    assert (attachment.item, attachment.title, attachment.original_name, attachment.content_type) == (
        budget_item,
        "budget-2019",
        "budget-2019.pdf",
        "application/pdf",
    )
    assert attachment.size == len(pdf_bytes)
    assert attachment.sha256 == hashlib.sha256(pdf_bytes).hexdigest()
    assert attachment.text == "Budget 2019"
    with attachment.file.open("rb") as stored:
        assert stored.read() == pdf_bytes
    assert stored_files() - before == {attachment.file.name}
    assert events(attachment) == [
        (
            "sekreterare",
            "create",
            {"file": [None, "budget-2019.pdf"], "item": [None, "3. Verksamhetsplan och budget 2019 för VästKom"]},
        )
    ]


def test_a_docx_is_stored_with_its_text_and_checksum(actor: Any, budget_item: AgendaItem) -> None:
    data = docx_bytes("Verksamhetsplan 2019 för VästKom", "Medlemsavgift 2 kr per invånare.")
    upload = SimpleUploadedFile("Verksamhetsplan 2019.docx", data, content_type="application/octet-stream")
    attachment = services.attachment_add(actor=actor, item=budget_item, upload=upload, title="Verksamhetsplan")
    attachment = Attachment.objects.get(pk=attachment.pk)
    assert (attachment.title, attachment.original_name) == ("Verksamhetsplan", "Verksamhetsplan 2019.docx")
    assert attachment.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert (attachment.size, attachment.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert attachment.text == "Verksamhetsplan 2019 för VästKom\nMedlemsavgift 2 kr per invånare."


def test_the_type_is_read_from_the_content_not_the_name(actor: Any, budget_item: AgendaItem, pdf_bytes: bytes) -> None:
    upload = SimpleUploadedFile("budget.docx", pdf_bytes, content_type="application/msword")
    attachment = services.attachment_add(actor=actor, item=budget_item, upload=upload)
    assert (attachment.content_type, attachment.text) == ("application/pdf", "Budget 2019")


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        pytest.param(
            "budget.pdf", "Budget 2019\nIntäkter 3 401 200 kr\n".encode(), "unsupported", id="text-renamed-pdf"
        ),
        pytest.param("budget.pdf", b"%PDF-1.4 garbage", "broken", id="broken-pdf"),
        pytest.param("budget.pdf", b"", "empty", id="empty"),
        pytest.param(
            "budget.docx", zip_bytes({"xl/workbook.xml": b"<workbook/>"}), "unsupported", id="xlsx-renamed-docx"
        ),
        pytest.param("budget.docx", b"PK\x03\x04 not a zip archive", "broken", id="fake-zip"),
        pytest.param("budget.docx", zip_bytes({"word/document.xml": b"<not-word/>"}), "broken", id="broken-docx"),
        pytest.param("budget.exe", b"MZ\x90\x00\x03", "unsupported", id="executable"),
    ],
)
def test_a_file_that_is_not_a_readable_pdf_or_docx_is_refused(
    actor: Any, budget_item: AgendaItem, name: str, data: bytes, code: str
) -> None:
    """Refused at once when its first bytes are not of a PDF or a Word document (nothing stored);
    otherwise stored as being read and refused by the worker's reading (run at once in the
    tests) with the reader's message (docs/decisions/0016-reading-in-the-worker.md)."""
    before = stored_files()
    with pytest.raises(DocumentError) as reader:
        read_document(data, name, accept=PAPERS, require_text=False)
    assert reader.value.code == code
    try:
        sniff(data, PAPERS)
    except DocumentError:
        with pytest.raises(ValidationError) as refused:
            services.attachment_add(actor=actor, item=budget_item, upload=SimpleUploadedFile(name, data))
        assert refused.value.code == code
        assert Attachment.objects.count() == 0
        assert AuditEvent.objects.count() == 0
        assert stored_files() == before
        return
    attachment = services.attachment_add(actor=actor, item=budget_item, upload=SimpleUploadedFile(name, data))
    assert (attachment.reading, attachment.refusal, attachment.text) == ("refused", reader.value.message, "")


def test_a_file_over_the_limit_is_refused_and_one_at_the_limit_accepted(
    actor: Any, budget_item: AgendaItem, pdf_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = stored_files()
    monkeypatch.setattr(services, "MAX_ATTACHMENT_BYTES", len(pdf_bytes) - 1)
    with pytest.raises(ValidationError) as refused:
        services.attachment_add(actor=actor, item=budget_item, upload=SimpleUploadedFile("budget.pdf", pdf_bytes))
    assert refused.value.code == "too_large"
    assert (Attachment.objects.count(), AuditEvent.objects.count(), stored_files()) == (0, 0, before)

    monkeypatch.setattr(services, "MAX_ATTACHMENT_BYTES", len(pdf_bytes))
    services.attachment_add(actor=actor, item=budget_item, upload=SimpleUploadedFile("budget.pdf", pdf_bytes))
    assert Attachment.objects.count() == 1


def test_a_file_that_understates_its_size_is_still_refused(
    actor: Any, budget_item: AgendaItem, pdf_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "MAX_ATTACHMENT_BYTES", 1000)
    upload = SimpleUploadedFile("budget.pdf", pdf_bytes)
    upload.size = 10
    with pytest.raises(ValidationError) as refused:
        services.attachment_add(actor=actor, item=budget_item, upload=upload)
    assert refused.value.code == "too_large"
    assert (Attachment.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_a_refused_title_leaves_no_file_in_storage(actor: Any, budget_item: AgendaItem, pdf_bytes: bytes) -> None:
    before = stored_files()
    with pytest.raises(ValidationError):
        services.attachment_add(
            actor=actor, item=budget_item, upload=SimpleUploadedFile("budget.pdf", pdf_bytes), title="B" * 301
        )
    assert Attachment.objects.count() == 0
    assert stored_files() == before


# --- Absences --------------------------------------------------------------------------------


def test_the_eight_notified_absences_and_whom_to_call_in(actor: Any, board: VastKomBoard, notice: Meeting) -> None:
    """Journey 2: the secretary sees, for each absent member, the substitutes paired with them
    who have not reported absence themselves."""
    with frozen_at(BEFORE_THE_NOTICE_MEETING):
        for name in VASTKOM_ABSENT:
            services.absence_report(actor=actor, meeting=notice, person=board[name], via=Absence.Via.SECRETARY)
        services.absence_report(actor=None, meeting=notice, person=board["Lars Ersättare"], via=Absence.Via.LINK)
    assert Absence.objects.filter(meeting=notice).count() == 9
    to_call = services.substitutes_to_call(notice)
    assert len(to_call) == 8
    assert {c.member.name: sorted(p.name for p in c.substitutes) for c in to_call} == {
        "Ann-Sofie Hermansson": ["Sara Ersättare"],
        "Anna-Karin Skatt": [],
        "Bengt Hilmersson": ["Eva Ersättare"],  # Lars Ersättare reported absence too
        "Liselotte Fröjd": [],
        "Tomas Johansson": [],  # Nils Ersättare's seat ended on 30 June 2018
        "Martin Carling": [],
        "Paul Åkerlund": [],
        "Mattias Josefsson": [],
    }


def test_without_a_paired_substitute_those_of_the_same_party_or_else_side_are_listed(
    actor: Any, board: VastKomBoard, notice: Meeting
) -> None:
    """Issue 12 point 2: "Ingen ersättare är kopplad" for every absence helps nobody; the
    secretary looks among the body's substitutes of the member's party, or else of their side."""
    seats = Membership.objects.filter(body=board.body)
    seats.filter(person=board["Anna-Karin Skatt"]).update(party="S", delegation="VGK")
    seats.filter(person=board["Liselotte Fröjd"]).update(party="KD", delegation="VGK")
    seats.filter(person=board["Sara Ersättare"]).update(party="S")  # paired with another member
    for name, party, side in [("Stina Ersättare", "S", ""), ("Gun Ersättare", "M", "VGK"), ("Bo Frånvarande", "S", "")]:
        board.people[name] = person = PersonFactory(name=name)
        MembershipFactory(
            body=board.body,
            person=person,
            role=Membership.Role.SUBSTITUTE,
            party=party,
            delegation=side,
            start=datetime.date(2015, 1, 1),
        )
    with frozen_at(BEFORE_THE_NOTICE_MEETING):
        for name in ["Anna-Karin Skatt", "Liselotte Fröjd", "Martin Carling", "Ann-Sofie Hermansson", "Bo Frånvarande"]:
            services.absence_report(actor=actor, meeting=notice, person=board[name], via=Absence.Via.SECRETARY)

    calls = {c.member.name: c for c in services.substitutes_to_call(notice)}

    assert {name: (c.paired, c.basis, c.group, sorted(p.name for p in c.substitutes)) for name, c in calls.items()} == {
        "Ann-Sofie Hermansson": (True, "", "", ["Sara Ersättare"]),
        "Anna-Karin Skatt": (False, "party", "S", ["Stina Ersättare"]),  # Sara is called for Ann-Sofie
        "Liselotte Fröjd": (False, "side", "VGK", ["Gun Ersättare"]),
        "Martin Carling": (False, "", "", []),
    }
    # The secretary's page says which is which.
    client = Client()
    client.force_login(UserFactory(is_superuser=True))
    page = client.get(reverse("meetings:absences", kwargs={"pk": notice.pk}), HTTP_ACCEPT_LANGUAGE="sv")
    rows = {
        re.sub(r"<[^>]+>", "", row.split("</td>")[0]): re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in page.content.decode().split("<tr><td>")[1:]
    }
    assert "Ingen ersättare är kopplad; ersättare från samma parti (S): Stina Ersättare" in rows["Anna-Karin Skatt"]
    assert "Ingen ersättare är kopplad; ersättare från samma sida (VGK): Gun Ersättare" in rows["Liselotte Fröjd"]
    assert "organet har ingen ersättare från samma parti eller sida" in rows["Martin Carling"]
    assert "Ingen ersättare är kopplad" not in rows["Ann-Sofie Hermansson"]


def test_a_member_who_is_not_absent_needs_no_substitute(actor: Any, board: VastKomBoard, notice: Meeting) -> None:
    assert services.substitutes_to_call(notice) == []
    with frozen_at(BEFORE_THE_NOTICE_MEETING):
        services.absence_report(actor=actor, meeting=notice, person=board["Sara Ersättare"], via="link")
    assert services.substitutes_to_call(notice) == []


def test_a_member_holding_two_seats_is_listed_once(actor: Any) -> None:
    body = BodyFactory()
    anna, bo = PersonFactory(name="Anna Ordförande"), PersonFactory(name="Bo Ersättare")
    MembershipFactory(body=body, person=anna, role=Membership.Role.CHAIR, start=D(2018, 1, 1))
    MembershipFactory(body=body, person=anna, role=Membership.Role.MEMBER, start=D(2018, 1, 1))
    MembershipFactory(body=body, person=bo, role=Membership.Role.SUBSTITUTE, substitute_for=anna, start=D(2018, 1, 1))
    meeting = MeetingFactory(body=body, start=local(2018, 12, 17, 17, 30))
    with frozen_at(BEFORE_THE_NOTICE_MEETING):
        services.absence_report(actor=actor, meeting=meeting, person=anna, via="login")
    assert services.substitutes_to_call(meeting) == [services.SubstituteCall(anna, [bo], paired=True)]


def test_absence_report_is_idempotent(actor: Any, board: VastKomBoard, notice: Meeting) -> None:
    person = board["Ann-Sofie Hermansson"]
    with frozen_at(BEFORE_THE_NOTICE_MEETING):
        first, created = services.absence_report(
            actor=None, meeting=notice, person=person, via=Absence.Via.LINK, note="Kommunfullmäktige samma kväll."
        )
        assert created is True
        again, created_again = services.absence_report(
            actor=actor, meeting=notice, person=person, via=Absence.Via.SECRETARY
        )
    assert (again.pk, created_again) == (first.pk, False)
    absence = Absence.objects.get(meeting=notice, person=person)
    assert (absence.via, absence.note) == ("link", "Kommunfullmäktige samma kväll.")
    assert Absence.objects.count() == 1
    assert events(absence) == [
        (
            "(web)",
            "create",
            {
                "meeting": [None, "VästKoms styrelse 2018-12-17"],
                "person": [None, "Ann-Sofie Hermansson"],
                "via": [None, "link"],
                "note": [None, "Kommunfullmäktige samma kväll."],
            },
        )
    ]


def test_absence_report_is_taken_until_the_meeting_starts(actor: Any, board: VastKomBoard, notice: Meeting) -> None:
    with frozen_at(local(2018, 12, 17, 17, 29)):
        _absence, created = services.absence_report(
            actor=actor, meeting=notice, person=board["Ulf Olsson"], via=Absence.Via.LOGIN
        )
    assert created is True
    for moment in (local(2018, 12, 17, 17, 30), local(2018, 12, 17, 19)):
        with frozen_at(moment), pytest.raises(ValidationError) as refused:
            services.absence_report(actor=actor, meeting=notice, person=board["Miguel Odhner"], via="login")
        assert refused.value.code == "too_late"
    assert list(Absence.objects.values_list("person__name", flat=True)) == ["Ulf Olsson"]


@pytest.mark.parametrize("status", [Meeting.Status.CANCELLED, Meeting.Status.HELD])
def test_absence_report_is_refused_for_a_cancelled_or_held_meeting(
    actor: Any, board: VastKomBoard, notice: Meeting, status: str
) -> None:
    Meeting.objects.filter(pk=notice.pk).update(status=status)
    notice = reloaded(notice)
    events_before = AuditEvent.objects.count()
    with frozen_at(BEFORE_THE_NOTICE_MEETING), pytest.raises(ValidationError) as refused:
        services.absence_report(actor=actor, meeting=notice, person=board["Ulf Olsson"], via="link")
    assert refused.value.code == ("cancelled" if status == Meeting.Status.CANCELLED else "too_late")
    assert Absence.objects.count() == 0
    assert AuditEvent.objects.count() == events_before


def test_the_secretary_may_note_an_absence_notified_in_advance_after_the_meeting(
    actor: Any, board: VastKomBoard, notice: Meeting
) -> None:
    Meeting.objects.filter(pk=notice.pk).update(status=Meeting.Status.HELD)
    absence, created = services.absence_report(
        actor=actor, meeting=reloaded(notice), person=board["Ulf Olsson"], via="secretary"
    )
    assert created is True
    assert absence.via == "secretary"
    Meeting.objects.filter(pk=notice.pk).update(status=Meeting.Status.CANCELLED)
    with pytest.raises(ValidationError) as refused:
        services.absence_report(
            actor=actor, meeting=reloaded(notice), person=board["Bengt Hilmersson"], via="secretary"
        )
    assert refused.value.code == "cancelled"


# --- The roll call ---------------------------------------------------------------------------


def test_roll_call_prepare_invites_every_current_member(actor: Any, board: VastKomBoard, notice: Meeting) -> None:
    with frozen_at(BEFORE_THE_NOTICE_MEETING):
        for name in VASTKOM_ABSENT:
            services.absence_report(actor=actor, meeting=notice, person=board[name], via="secretary")
    with translation.override("en"):
        added = services.roll_call_prepare(actor=actor, meeting=notice)
    assert added == 20
    rows = {
        a.person.name: (a.capacity, a.status, a.description, a.represents)
        for a in Attendance.objects.filter(meeting=notice).select_related("person")
    }
    # The description is the Swedish role word, whatever the interface language.
    vastkom = "Västsvenska kommunalförbundens samorganisation"
    expected = {name: ("member", "present", "ledamot", vastkom) for name, _role in VASTKOM_BOARD}
    expected["Ulf Olsson"] = ("member", "present", "ordförande", vastkom)
    expected["Jonas Ransgård"] = ("member", "present", "vice ordförande", vastkom)
    for name in VASTKOM_ABSENT:
        expected[name] = ("member", "notified", "ledamot", vastkom)
    for name in ("Sara Ersättare", "Eva Ersättare", "Lars Ersättare", "Olof Ersättare"):
        expected[name] = ("substitute", "present", "ersättare", vastkom)
    assert rows == expected  # neither the official Thomas Jungbeck nor Nils Ersättare (seat ended)
    assert Attendance.objects.filter(meeting=notice, status="notified").count() == 8

    events_before = AuditEvent.objects.count()
    assert services.roll_call_prepare(actor=actor, meeting=notice) == 0
    assert Attendance.objects.filter(meeting=notice).count() == 20
    assert AuditEvent.objects.count() == events_before


def test_roll_call_prepare_keeps_rows_already_recorded(actor: Any, board: VastKomBoard, notice: Meeting) -> None:
    services.attendance_record(
        actor=actor, meeting=notice, person=board["Ulf Olsson"], status=Attendance.Status.ABSENT, party="S"
    )
    assert services.roll_call_prepare(actor=actor, meeting=notice) == 19
    ulf = Attendance.objects.get(meeting=notice, person=board["Ulf Olsson"])
    assert (ulf.status, ulf.party) == ("absent", "S")


def test_attendance_record_creates_then_corrects_one_row(actor: Any, board: VastKomBoard, notice: Meeting) -> None:
    person = board["Miguel Odhner"]
    first = services.attendance_record(actor=actor, meeting=notice, person=person, status="present")
    second = services.attendance_record(actor=actor, meeting=notice, person=person, status="absent")
    assert first.pk == second.pk
    assert Attendance.objects.get(meeting=notice, person=person).status == "absent"
    assert [(action, changes) for _who, action, changes in events(second)] == [
        (
            "create",
            {
                "meeting": [None, "VästKoms styrelse 2018-12-17"],
                "person": [None, "Miguel Odhner"],
                "status": [None, "present"],
            },
        ),
        ("update", {"status": ["present", "absent"]}),
    ]


def test_attendance_by_item_and_chairing_are_audited(actor: Any) -> None:
    gr = gr_scenario(actor, attendance=False)
    row = services.attendance_record(actor=actor, meeting=gr.meeting, person=gr["Maria Ljung"], capacity="guest")
    services.attendance_record(actor=actor, meeting=gr.meeting, person=gr["Maria Ljung"], items=[gr.items[4]])
    services.attendance_record(actor=actor, meeting=gr.meeting, person=gr["Maria Ljung"], chair_items=[gr.items[4]])
    assert [(action, sorted(changes)) for _who, action, changes in events(row)] == [
        ("create", ["capacity", "meeting", "person"]),
        ("update", ["items"]),
        ("update", ["chair_items"]),
    ]


# --- Minutes: paragraph numbering -------------------------------------------------------------


def test_paragraphs_continue_through_the_year(actor: Any, gr: GrScenario) -> None:
    """Journey 9: the year's first meeting took § 1-30, so 3 October is § 31-37."""
    assert paragraphs(gr.earlier) == list(range(1, 31))
    # Another body's paragraphs in 2019 do not count.
    other = meeting_with_items(BodyFactory(), local(2019, 9, 1, 9), 12)
    services.minutes_draw_up(actor=actor, meeting=other, adjusters=[gr["Marie Raask"]])
    assert paragraphs(other) == list(range(1, 13))

    services.minutes_draw_up(actor=actor, meeting=gr.meeting, adjusters=[gr["Ove Dröscher"]])
    assert paragraphs(gr.meeting) == [31, 32, 33, 34, 35, 36, 37]
    assert [reloaded(i).label for i in gr.items] == ["§ 31", "§ 32", "§ 33", "§ 34", "§ 35", "§ 36", "§ 37"]
    assert [t for _p, t, _k in agenda(gr.meeting)] == [title for title, *_rest in GR_ITEMS]


def test_paragraphs_start_again_at_one_in_a_new_year(actor: Any, gr: GrScenario) -> None:
    services.minutes_draw_up(actor=actor, meeting=gr.meeting, adjusters=[gr["Ove Dröscher"]])
    february = meeting_with_items(gr.body, local(2020, 2, 6, 9), 5)
    services.minutes_draw_up(actor=actor, meeting=february, adjusters=[gr["Ove Dröscher"]])
    assert paragraphs(february) == [1, 2, 3, 4, 5]


def test_paragraphs_ignore_later_meetings_of_the_year(actor: Any, gr: GrScenario) -> None:
    november = meeting_with_items(gr.body, local(2019, 11, 7, 9), 4)
    services.minutes_draw_up(actor=actor, meeting=gr.meeting, adjusters=[gr["Ove Dröscher"]])
    services.minutes_draw_up(actor=actor, meeting=november, adjusters=[gr["Ove Dröscher"]])
    assert paragraphs(gr.meeting) == [31, 32, 33, 34, 35, 36, 37]
    assert paragraphs(november) == [38, 39, 40, 41]


def test_per_meeting_numbering_starts_at_one_every_meeting(actor: Any, gr: GrScenario) -> None:
    services.meeting_settings_update(actor=actor, body=gr.body, numbering=MeetingSettings.Numbering.PER_MEETING)
    services.minutes_draw_up(actor=actor, meeting=gr.meeting, adjusters=[gr["Ove Dröscher"]])
    assert paragraphs(gr.meeting) == [1, 2, 3, 4, 5, 6, 7]


def test_per_meeting_numbering_of_the_sro_meeting(actor: Any) -> None:
    sro = sro_scenario(actor)
    services.minutes_draw_up(actor=actor, meeting=sro.meeting, adjusters=[sro["Axel Josefsson"]])
    assert paragraphs(sro.meeting) == list(range(1, 12))


def test_next_paragraph_is_what_drawing_up_will_use(actor: Any, gr: GrScenario) -> None:
    assert services.next_paragraph(gr.meeting) == 31
    assert services.next_paragraph(gr.earlier) == 1
    services.meeting_settings_update(actor=actor, body=gr.body, numbering=MeetingSettings.Numbering.PER_MEETING)
    assert services.next_paragraph(gr.meeting) == 1


def test_a_given_first_paragraph_overrides_the_computed_one(actor: Any) -> None:
    """Older minutes whose earlier meetings are not in the system: GR's § 31-37 alone."""
    gr = gr_scenario(actor, attendance=False)
    lone = meeting_with_items(BodyFactory(), local(2019, 10, 3, 9), 7)
    services.minutes_draw_up(actor=actor, meeting=lone, adjusters=[gr["Ove Dröscher"]], first_paragraph=31)
    assert paragraphs(lone) == [31, 32, 33, 34, 35, 36, 37]


def test_a_given_first_paragraph_may_not_reuse_numbers_of_earlier_meetings(actor: Any, gr: GrScenario) -> None:
    """§ 1-30 of 2019 are taken by the year's first meeting; 3 October cannot start below § 31."""
    for first in (1, 25, 30):
        with pytest.raises(ValidationError) as refused:
            services.minutes_draw_up(
                actor=actor, meeting=gr.meeting, adjusters=[gr["Ove Dröscher"]], first_paragraph=first
            )
        assert refused.value.code == "paragraph_taken"
    assert paragraphs(gr.meeting) == [None] * 7
    assert not Minutes.objects.filter(meeting=gr.meeting).exists()
    services.minutes_draw_up(actor=actor, meeting=gr.meeting, adjusters=[gr["Ove Dröscher"]], first_paragraph=31)
    assert paragraphs(gr.meeting) == [31, 32, 33, 34, 35, 36, 37]


# --- Minutes: drawing up, locking, reopening --------------------------------------------------


def test_minutes_cannot_be_drawn_up_before_the_meeting_has_begun(actor: Any, gr: GrScenario) -> None:
    events_before = AuditEvent.objects.count()
    with frozen_at(local(2019, 10, 3, 8, 59)), pytest.raises(ValidationError) as refused:
        services.minutes_draw_up(actor=actor, meeting=gr.meeting, adjusters=[gr["Ove Dröscher"]])
    assert refused.value.code == "too_early"
    assert not Minutes.objects.filter(meeting=gr.meeting).exists()
    assert paragraphs(gr.meeting) == [None] * 7
    assert AuditEvent.objects.count() == events_before
    with frozen_at(local(2019, 10, 3, 9)):
        services.minutes_draw_up(actor=actor, meeting=gr.meeting, adjusters=[gr["Ove Dröscher"]])
    assert paragraphs(gr.meeting) == [31, 32, 33, 34, 35, 36, 37]


def test_meeting_notes_without_adjustment_are_frozen_and_published_when_drawn_up(actor: Any) -> None:
    """SRO keeps "Mötesanteckning", notes that nobody adjusts."""
    sro = sro_scenario(actor)
    services.meeting_settings_update(actor=actor, body=sro.body, requires_adjustment=False)
    with frozen_at(local(2022, 5, 2, 10)):
        minutes = services.minutes_draw_up(actor=actor, meeting=sro.meeting, adjusters=[])
    minutes = reloaded(minutes)
    assert minutes.status == "adjusted"
    assert minutes.drawn_up_at == minutes.adjusted_at == minutes.published_at == local(2022, 5, 2, 10)
    assert (minutes.adjustment_deadline, minutes.posted_on, minutes.appeal_ends) == (None, None, None)
    assert minutes.adjusters.count() == 0
    assert minutes.content == services.snapshot(minutes)
    assert minutes.content["adjusters"] == []
    assert services.minutes_verify(minutes) is True
    assert paragraphs(sro.meeting) == list(range(1, 12))
    assert reloaded(sro.meeting).status == "held"
    with pytest.raises(MinutesLocked):
        services.item_update(actor=actor, item=sro.items[9], version=reloaded(sro.items[9]).version, decision="Ändrat.")


def test_minutes_draw_up_without_adjusters_is_refused(actor: Any, gr: GrScenario) -> None:
    events_before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.minutes_draw_up(actor=actor, meeting=gr.meeting, adjusters=[])
    assert refused.value.code == "no_adjuster"
    assert not Minutes.objects.filter(meeting=gr.meeting).exists()
    assert paragraphs(gr.meeting) == [None] * 7
    assert reloaded(gr.meeting).status == "planned"
    assert AuditEvent.objects.count() == events_before


def test_minutes_draw_up_names_the_adjusters_and_opens_the_window(actor: Any, gr: GrScenario) -> None:
    with frozen_at(local(2019, 10, 4, 10)):
        minutes = services.minutes_draw_up(
            actor=actor,
            meeting=gr.meeting,
            adjusters=[gr["Kent Lagrell"], gr["Ove Dröscher"]],
            secretary=gr["Sara Nordenhielm"],
        )
    minutes = reloaded(minutes)
    assert minutes.status == "awaiting"
    assert minutes.drawn_up_at == local(2019, 10, 4, 10)
    assert minutes.adjustment_deadline == D(2019, 10, 18)
    assert minutes.secretary == gr["Sara Nordenhielm"]
    assert sorted(a.person.name for a in minutes.adjusters.all()) == ["Kent Lagrell", "Ove Dröscher"]
    assert list(minutes.adjusters.values_list("confirmed_at", flat=True)) == [None, None]
    assert events(minutes)[-1] == (
        "sekreterare",
        "update",
        {
            "status": ["draft", "awaiting"],
            "drawn_up_at": [None, "2019-10-04T08:00:00+00:00"],
            "adjustment_deadline": [None, "2019-10-18"],
            "secretary": [None, "Sara Nordenhielm"],
        },
    )
    meeting = reloaded(gr.meeting)
    assert (meeting.status, meeting.sequence) == ("held", 1)
    with pytest.raises(MinutesLocked) as again:
        services.minutes_draw_up(actor=actor, meeting=gr.meeting, adjusters=[gr["Ove Dröscher"]])
    assert again.value.code == "locked"


def test_after_drawing_up_the_agenda_decisions_and_attendance_are_locked(actor: Any, gr: GrScenario) -> None:
    services.minutes_draw_up(actor=actor, meeting=gr.meeting, adjusters=[gr["Ove Dröscher"]])
    item = reloaded(gr.items[4])
    before = (agenda(gr.meeting), item.decision, item.version, Attendance.objects.count(), AuditEvent.objects.count())
    attempts = [
        lambda: services.item_update(actor=actor, item=item, version=item.version, decision="Ändrat i efterhand."),
        lambda: services.item_add(actor=actor, meeting=gr.meeting, title="Tillagt i efterhand"),
        lambda: services.item_delete(actor=actor, item=item),
        lambda: services.attendance_record(
            actor=actor, meeting=gr.meeting, person=gr["Patrik Linde"], status="present"
        ),
        lambda: services.attendance_record(actor=actor, meeting=gr.meeting, person=PersonFactory(), status="present"),
        lambda: services.roll_call_prepare(actor=actor, meeting=gr.meeting),
    ]
    for attempt in attempts:
        with pytest.raises(MinutesLocked) as refused:
            attempt()
        assert refused.value.code == "locked"
    item = reloaded(item)
    after = (agenda(gr.meeting), item.decision, item.version, Attendance.objects.count(), AuditEvent.objects.count())
    assert after == before


def test_after_drawing_up_no_attachment_can_be_added(actor: Any, gr: GrScenario, pdf_bytes: bytes) -> None:
    services.minutes_draw_up(actor=actor, meeting=gr.meeting, adjusters=[gr["Ove Dröscher"]])
    with pytest.raises(MinutesLocked):
        services.attachment_add(actor=actor, item=gr.items[4], upload=SimpleUploadedFile("fvm.pdf", pdf_bytes))
    assert Attachment.objects.count() == 0


def test_minutes_reopen_clears_the_confirmations(actor: Any, gr: GrScenario) -> None:
    minutes = services.minutes_draw_up(
        actor=actor, meeting=gr.meeting, adjusters=[gr["Kent Lagrell"], gr["Ove Dröscher"]]
    )
    assert services.adjustment_confirm(actor=None, minutes=minutes, person=gr["Kent Lagrell"], via="link") is False
    assert Adjuster.objects.get(minutes=minutes, person=gr["Kent Lagrell"]).confirmed_at is not None

    assert services.minutes_reopen(actor=actor, minutes=minutes) == {"status": ("awaiting", "draft")}
    assert reloaded(minutes).status == "draft"
    assert list(Adjuster.objects.filter(minutes=minutes).values_list("confirmed_at", "confirmed_via")) == [
        (None, ""),
        (None, ""),
    ]
    assert events(minutes)[-1] == ("sekreterare", "update", {"status": ["awaiting", "draft"]})
    # The draft can be edited again.
    item = reloaded(gr.items[0])
    services.item_update(actor=actor, item=item, version=item.version, decision="Ove Dröscher utses att justera.")
    # Reopening a draft is refused.
    with pytest.raises(MinutesLocked):
        services.minutes_reopen(actor=actor, minutes=minutes)


def test_drawing_up_again_after_reopening_names_exactly_the_new_adjusters(actor: Any, gr: GrScenario) -> None:
    minutes = services.minutes_draw_up(
        actor=actor, meeting=gr.meeting, adjusters=[gr["Kent Lagrell"], gr["Ove Dröscher"]]
    )
    services.minutes_reopen(actor=actor, minutes=minutes)
    services.minutes_draw_up(actor=actor, meeting=gr.meeting, adjusters=[gr["Ove Dröscher"]])
    assert [a.person.name for a in Adjuster.objects.filter(minutes=minutes)] == ["Ove Dröscher"]
    assert services.adjustment_confirm(actor=None, minutes=minutes, person=gr["Ove Dröscher"], via="link") is True


# --- Minutes: adjustment -----------------------------------------------------------------------


@pytest.fixture
def awaiting(actor: Any, gr: GrScenario) -> Minutes:
    return services.minutes_draw_up(
        actor=actor,
        meeting=gr.meeting,
        adjusters=[gr["Kent Lagrell"], gr["Ove Dröscher"]],
        secretary=gr["Sara Nordenhielm"],
    )


def test_adjustment_confirm_by_someone_who_is_not_an_adjuster_is_refused(gr: GrScenario, awaiting: Minutes) -> None:
    with pytest.raises(ValidationError) as refused:
        services.adjustment_confirm(actor=None, minutes=awaiting, person=gr["Marie Raask"], via="link")
    assert refused.value.code == "not_adjuster"
    assert reloaded(awaiting).status == "awaiting"
    assert list(Adjuster.objects.filter(minutes=awaiting).values_list("confirmed_at", flat=True)) == [None, None]


def test_adjustment_confirm_after_the_deadline_is_refused(gr: GrScenario, awaiting: Minutes) -> None:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Minutes.objects.filter(pk=awaiting.pk).update(adjustment_deadline=yesterday)
    events_before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.adjustment_confirm(actor=None, minutes=awaiting, person=gr["Ove Dröscher"], via="link")
    assert refused.value.code == "deadline"
    assert Adjuster.objects.get(minutes=awaiting, person=gr["Ove Dröscher"]).confirmed_at is None
    assert reloaded(awaiting).status == "awaiting"
    assert AuditEvent.objects.count() == events_before


def test_the_minutes_roll_lists_members_first_and_guests_last(gr: GrScenario, awaiting: Minutes) -> None:
    """As minutes are read: the members, then substitutes, stand-ins, officials, the secretary,
    and the guests last (the capacity codes' alphabetical order put the guests first)."""
    roll = [row["capacity"] for row in services.snapshot(awaiting)["attendance"]]
    assert {"member", "guest"} <= set(roll)
    assert roll == sorted(roll, key=list(Attendance.Capacity.values).index)
    assert roll[0] == "member" and roll[-1] == "guest"


def test_adjustment_confirm_on_the_deadline_day_is_accepted(gr: GrScenario, awaiting: Minutes) -> None:
    Minutes.objects.filter(pk=awaiting.pk).update(adjustment_deadline=timezone.localdate())
    assert services.adjustment_confirm(actor=None, minutes=awaiting, person=gr["Ove Dröscher"], via="link") is False
    assert Adjuster.objects.get(minutes=awaiting, person=gr["Ove Dröscher"]).confirmed_via == "link"


def test_the_last_confirmation_freezes_the_minutes(actor: Any, gr: GrScenario, awaiting: Minutes) -> None:
    kent, ove = gr["Kent Lagrell"], gr["Ove Dröscher"]
    assert services.adjustment_confirm(actor=None, minutes=awaiting, person=kent, via="link") is False
    # Confirming twice changes nothing.
    assert services.adjustment_confirm(actor=None, minutes=awaiting, person=kent, via="login") is False
    assert Adjuster.objects.get(minutes=awaiting, person=kent).confirmed_via == "link"
    minutes = reloaded(awaiting)
    assert (minutes.status, minutes.content, minutes.content_hash) == ("awaiting", {}, "")
    assert services.minutes_verify(minutes) is False

    assert services.adjustment_confirm(actor=None, minutes=awaiting, person=ove, via="login") is True
    minutes = reloaded(awaiting)
    assert minutes.status == "adjusted"
    assert minutes.adjusted_at is not None and minutes.published_at == minutes.adjusted_at
    assert minutes.is_published
    assert minutes.content == services.snapshot(minutes)
    canonical = json.dumps(minutes.content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert minutes.content_hash == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert services.minutes_verify(minutes) is True
    assert [(i["paragraph"], i["title"]) for i in minutes.content["items"]] == [
        (31 + n, title) for n, (title, *_rest) in enumerate(GR_ITEMS)
    ]
    assert minutes.content["adjusters"] == ["Kent Lagrell", "Ove Dröscher"]
    assert minutes.content["secretary"] == "Sara Nordenhielm"
    assert (minutes.posted_on, minutes.appeal_ends) == (None, None)  # GR's group posts no notice
    update = events(minutes)[-1]
    assert update[:2] == ("(web)", "update")
    assert sorted(update[2]) == ["adjusted_at", "content", "content_hash", "published_at", "status"]
    assert update[2]["status"] == ["awaiting", "adjusted"]
    # Adjusted minutes take no more confirmations.
    with pytest.raises(ValidationError) as refused:
        services.adjustment_confirm(actor=None, minutes=minutes, person=ove, via="login")
    assert refused.value.code == "not_awaiting"


def test_a_posted_notice_of_adjustment_opens_a_three_week_appeal_period(actor: Any, gr: GrScenario) -> None:
    services.meeting_settings_update(actor=actor, body=gr.body, posts_adjustment_notice=True)
    with frozen_at(local(2019, 10, 4, 10)):
        minutes = services.minutes_draw_up(actor=actor, meeting=gr.meeting, adjusters=[gr["Ove Dröscher"]])
    with frozen_at(local(2019, 10, 10, 15, 45)):
        assert services.adjustment_confirm(actor=None, minutes=minutes, person=gr["Ove Dröscher"], via="link")
    minutes = reloaded(minutes)
    assert minutes.adjusted_at == local(2019, 10, 10, 15, 45)
    assert (minutes.posted_on, minutes.appeal_ends) == (D(2019, 10, 10), D(2019, 10, 31))
    assert (minutes.appeal_ends - minutes.posted_on).days == 21


def test_the_appeal_period_is_counted_from_the_swedish_date(actor: Any, gr: GrScenario) -> None:
    """Adjusted at 00.30 on 1 Nov in Sweden (still 31 Oct in UTC): posted 1 Nov, ends 22 Nov."""
    services.meeting_settings_update(actor=actor, body=gr.body, posts_adjustment_notice=True)
    with frozen_at(local(2019, 10, 30, 10)):
        minutes = services.minutes_draw_up(actor=actor, meeting=gr.meeting, adjusters=[gr["Ove Dröscher"]])
    with frozen_at(local(2019, 11, 1, 0, 30)):
        services.adjustment_confirm(actor=None, minutes=minutes, person=gr["Ove Dröscher"], via="link")
    minutes = reloaded(minutes)
    assert (minutes.posted_on, minutes.appeal_ends) == (D(2019, 11, 1), D(2019, 11, 22))


# --- Corrections ------------------------------------------------------------------------------


def test_correction_add_is_refused_on_minutes_that_are_not_adjusted(
    actor: Any, gr: GrScenario, awaiting: Minutes
) -> None:
    draft = services.minutes_for(MeetingFactory(body=gr.body, start=local(2019, 11, 7, 9)))
    for minutes in (draft, awaiting):
        with pytest.raises(ValidationError) as refused:
            services.correction_add(actor=actor, minutes=minutes, text="Rättelse.")
        assert refused.value.code == "not_adjusted"
    assert Correction.objects.count() == 0


def test_a_correction_is_a_record_beside_the_minutes_never_an_edit(
    actor: Any, gr: GrScenario, awaiting: Minutes
) -> None:
    services.adjustment_confirm(actor=None, minutes=awaiting, person=gr["Kent Lagrell"], via="link")
    services.adjustment_confirm(actor=None, minutes=awaiting, person=gr["Ove Dröscher"], via="link")
    minutes = reloaded(awaiting)
    content, digest = json.loads(json.dumps(minutes.content)), minutes.content_hash

    correction = services.correction_add(
        actor=actor, minutes=minutes, paragraph=31, text="Justerarens namn är Ove Dröscher, inte Ove Dröschler."
    )
    correction = Correction.objects.get(pk=correction.pk)
    assert (correction.minutes, correction.paragraph, correction.text, correction.made_by) == (
        minutes,
        31,
        "Justerarens namn är Ove Dröscher, inte Ove Dröschler.",
        actor,
    )
    minutes = reloaded(minutes)
    assert (minutes.content, minutes.content_hash, minutes.status) == (content, digest, "adjusted")
    assert services.minutes_verify(minutes) is True
    assert events(correction) == [
        (
            "sekreterare",
            "create",
            {
                "minutes": [None, str(minutes)],
                "paragraph": [None, 31],
                "text": [None, "Justerarens namn är Ove Dröscher, inte Ove Dröschler."],
                "made_by": [None, str(actor)],
            },
        )
    ]


def test_the_agenda_item_factory_numbers_items_after_the_last_one() -> None:
    """AgendaItemFactory numbers items after the last one of their meeting."""
    meeting = MeetingFactory()
    assert [AgendaItemFactory(meeting=meeting).position for _ in range(3)] == [1, 2, 3]
