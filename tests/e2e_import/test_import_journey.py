"""Journey 11 of PRODUCT.md, clicked through in chromium against the live server: "A secretary
imports the five seed documents and confirms what the importer proposes."

The database holds the two example structures and no meeting (conftest.py), so everything the
seeds describe is created in the browser: the secretary of the four bodies the seeds are about
uploads the five files in one batch, follows the batch until all five are read, opens each
document's review page, corrects what the importer got wrong where the truth files
(tests/importer/truth/) say so, and applies the four meeting documents (000, 001, 002, 004); the
web page of goal fulfilment (003) is only stored with its text. The meetings are then read as a
user reads them (the meeting page and its roll call) and in the database, every change applied
is found in the audit trail, and uploading the same five files again changes nothing.

The expected figures are what the importer makes of the seeds on a fresh database (the same as
tests/importer/test_import_cli.py and tests/publishing/test_demo_import.py): 9, 11, 11 and 7
items, 16, 32, 9 and 23 attendance rows, which agree with the truth files.

A file that is not what its name says is refused by the same upload screen (the second test).
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import secrets
import string
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

try:
    from playwright.sync_api import expect
except ImportError as exc:  # the browser fixture would skip too; this keeps collection working
    pytest.skip(
        f"chromium is not available: the playwright package cannot be imported ({exc})", allow_module_level=True
    )

from tests.e2e.test_accessibility import assert_no_violations, run_axe
from tests.e2e_import.conftest import SECRETARY

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Locator, Page

# Requests that do real work (reading five documents, applying one) may take a while on a
# loaded machine.
AFTER_SUBMIT_MS = 60_000


@dataclasses.dataclass(frozen=True)
class Expected:
    """What applying one seed document creates (from the truth files and the importer)."""

    body: str
    day: datetime.date
    time: str | None  # as the meeting page shows it ("17.30–18.30"); None: not stated
    status: str  # Meeting.Status: a notice makes a planned meeting, notes and minutes a held one
    items: int
    first_item: str
    last_item: str
    attendance: int
    present: int
    new_people: int  # attendees the structure does not know yet
    plan_rows: int  # rows of "What applying would do": the meeting, items, people, attendance
    someone_present: str
    someone_absent: str | None  # reported absent ("present: false" in the truth file)


EXPECTED = {
    # VästKom's board, the notice of 17 Dec 2018 (its member list: eight notified absences).
    "000": Expected(
        body="vastkom-styrelse",
        day=datetime.date(2018, 12, 17),
        time="17.30–18.30",
        status="planned",
        items=9,
        first_item="Mötet öppnas",
        last_item="Avslutning",
        attendance=16,
        present=8,
        new_people=0,
        plan_rows=1 + 9 + 0 + 16,
        someone_present="Johan Abrahamsson",
        someone_absent="Tomas Johansson",
    ),
    # SRO's notes of 28 Apr 2022 (two-column attendance, guests, stand-ins).
    "001": Expected(
        body="sro",
        day=datetime.date(2022, 4, 28),
        time="13.00–15.00",
        status="held",
        items=11,
        first_item="Mötets öppnande",
        last_item="Mötet med SRO den 30 juni klockan 13.00-15.00 - digitalt eller på plats?",
        attendance=32,
        present=22,
        new_people=9,
        plan_rows=1 + 11 + 9 + 32,
        someone_present="Helene Eliasson",
        someone_absent="Nina Miskovsky",
    ),
    # Västerbotten's political steering group, notes of 27 Sep 2018 (items 76-86), no time.
    "002": Expected(
        body="vb-styrgrupp-regionkommun",
        day=datetime.date(2018, 9, 27),
        time=None,
        status="held",
        items=11,
        first_item="Ordföranden öppnar mötet",
        last_item="Ordföranden avslutar mötet",
        attendance=9,
        present=9,
        new_people=4,
        plan_rows=1 + 11 + 4 + 9,
        someone_present="Peter Olofsson",
        someone_absent=None,
    ),
    # GR's steering group for social welfare, minutes of 3 Oct 2019 (§§ 31-37), no time.
    "004": Expected(
        body="gr-styrgrupp-social-valfard",
        day=datetime.date(2019, 10, 3),
        time=None,
        status="held",
        items=7,
        first_item="Justerare",
        last_item="Rapport från förbundsstyrelse (26-27 sep)",
        attendance=23,
        present=19,
        new_people=6,
        plan_rows=1 + 7 + 6 + 23,
        someone_present="Kent Lagrell",
        someone_absent="Patrik Linde",
    ),
}
WEB_PAGE = "003"  # goal fulfilment: kind "other", nothing to apply

# The corrections, each backed by the truth files (tests/importer/truth/):
# 000: the place the importer reads runs on into the dinner after the meeting.
PLACE_000 = "Chalmersska huset, Södra Hamngatan 11, Göteborg. Lokal Kanalrummet."
# 001: people of the Fyrbodal column are read with the genitive "Fyrbodals".
PERSON_001, REPRESENTS_001 = "Lena Hult", "Fyrbodal"
# 002: the chair opens and closes the meeting: procedural items, not information.
KINDS_002 = {"Ordföranden öppnar mötet": "opening", "Ordföranden avslutar mötet": "closing"}


# --- Helpers --------------------------------------------------------------------------------


def heading(page: Page, level: int = 1) -> Locator:
    return page.get_by_role("heading", level=level)


def flash(page: Page) -> Locator:
    """The confirmation shown after a save (Django's messages)."""
    return page.locator("div.messages[role=status]")


def accessible(page: Page) -> None:
    """axe-core finds no WCAG 2.1 A/AA violation on the page as it is now."""
    assert_no_violations(run_axe(page, preload=False))


def swedish(value: Any) -> str:
    """A (lazy) text as the Swedish pages render it, with the catalogue as it is now."""
    from django.utils import translation

    with translation.override("sv"):
        return str(value)


def capfirst_swedish(value: Any) -> str:
    text = swedish(value)
    return text[:1].upper() + text[1:]


def seed_files() -> list[Path]:
    from django.conf import settings

    seeds = sorted((Path(settings.BASE_DIR).parent / "shared" / "seeds").glob("*.txt"))
    if len(seeds) != 5:
        pytest.skip(f"the five seed documents are not in ../shared/seeds/ (found {[p.name for p in seeds]})")
    return seeds


def _upload(page: Page, files: list[Path]) -> None:
    page.goto("/import/")
    page.locator("main input[type=file][name=documents]").set_input_files([str(f) for f in files])
    page.locator("main form.stacked button[type=submit]").click()


def _follow_batch(page: Page, total: int) -> str:
    """On the batch page the upload leads to: wait (the page reloads itself every 2 s while
    documents are being read) until all `total` are read; its URL."""
    expect(page).to_have_url(re.compile(r"/import/omgang/\d+/$"), timeout=AFTER_SUBMIT_MS)
    progress = page.locator("main progress#import-progress")
    expect(progress).to_have_attribute("max", str(total))
    expect(progress).to_have_attribute("value", str(total), timeout=AFTER_SUBMIT_MS)
    expect(page.locator("main label[for=import-progress]")).to_have_text(re.compile(rf"\b{total} (of|av) {total}\b"))
    # Done: the page no longer reloads itself.
    expect(page.locator("meta[http-equiv=refresh]")).to_have_count(0)
    return page.url


def _plan_rows(page: Page) -> Locator:
    """The rows of "What applying would do" (the form's tables are in fieldsets)."""
    return page.locator("main table.table:not(fieldset table) tbody tr")


def _form_row(page: Page, kind: str, value: str) -> Locator:
    """The attendee (kind "name") or item (kind "title") row of the review form whose name or
    title field holds `value` (as the importer proposed it)."""
    prefix = "att" if kind == "name" else "item"
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    field = f"input[name^='{prefix}-'][name$='-{kind}'][value={quoted}]"
    return page.locator("main form fieldset table tbody tr").filter(has=page.locator(field))


def _roll_row(page: Page, name: str) -> Locator:
    """The roll call's row of the person (their name, and their party in brackets)."""
    first = page.locator("td:first-child", has_text=re.compile(rf"^{re.escape(name)}( \([^)]*\))?$"))
    return page.locator("main table tbody tr").filter(has=first)


def letters(n: int = 8) -> str:
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(n))


# --- Journey 11 -----------------------------------------------------------------------------


def test_journey_11_the_secretary_imports_the_five_seed_documents(browse_as: Callable[..., Page]) -> None:
    from django.contrib.auth import get_user_model
    from django.utils.translation import gettext_lazy

    from samverkan.core.models import AuditEvent
    from samverkan.importer import services
    from samverkan.importer.models import ImportBatch, ImportedDocument
    from samverkan.meetings.models import AgendaItem, Attendance, Meeting
    from samverkan.structure.models import Body, Person

    seeds = seed_files()
    names = [p.name for p in seeds]
    # A database without meetings: everything the seeds describe is made in the browser.
    assert not Meeting.objects.exists()
    assert not ImportedDocument.objects.exists()
    bodies = {seed: Body.objects.get(key=e.body) for seed, e in EXPECTED.items()}
    secretary_user = get_user_model().objects.get(username=SECRETARY)
    people_before = Person.objects.count()

    # The upload screen: five files in one batch.
    secretary = browse_as(SECRETARY, axe=True)
    secretary.goto("/import/")
    expect(heading(secretary)).to_have_text(swedish(gettext_lazy("Import documents")))
    accessible(secretary)
    _upload(secretary, seeds)
    batch_url = _follow_batch(secretary, 5)
    accessible(secretary)
    match = re.search(r"/import/omgang/(\d+)/$", batch_url)
    assert match is not None
    batch = ImportBatch.objects.get(pk=int(match.group(1)))
    assert (batch.total, batch.processed, batch.failed) == (5, 5, 0)
    assert batch.created_by == secretary_user
    docs = {d.original_name: d for d in ImportedDocument.objects.filter(batch=batch)}
    assert sorted(docs) == names
    assert {d.status for d in docs.values()} == {ImportedDocument.Status.PROPOSED}
    by_seed = {name[:3]: doc for name, doc in docs.items()}
    assert {seed for seed, doc in by_seed.items() if doc.proposal.get("applicable")} == set(EXPECTED)
    # Every file is listed, links to its review page and says what became of it.
    rows = secretary.locator("main table tbody tr")
    expect(rows).to_have_count(5)
    for seed, doc in by_seed.items():
        row = rows.filter(has=secretary.get_by_role("link", name=doc.original_name, exact=True))
        expect(row.get_by_role("link", name=doc.original_name, exact=True)).to_have_attribute(
            "href", doc.get_absolute_url()
        )
        status = (
            gettext_lazy("stored with its text; nothing to apply")
            if seed == WEB_PAGE
            else ImportedDocument.Status.PROPOSED.label
        )
        expect(row.locator("td").nth(1)).to_have_text(swedish(status))
        expect(row.locator("td").nth(2)).to_have_text("–")

    def open_from_batch(seed: str) -> None:
        doc = by_seed[seed]
        secretary.goto(batch_url)
        secretary.locator("main table").get_by_role("link", name=doc.original_name, exact=True).click()
        expect(secretary).to_have_url(re.compile(re.escape(doc.get_absolute_url()) + "$"))
        expect(heading(secretary)).to_have_text(doc.original_name)

    # 003, the web page of goal fulfilment: stored with its text, nothing to apply.
    open_from_batch(WEB_PAGE)
    expect(secretary.locator("main p.message-info")).to_have_text(swedish(by_seed[WEB_PAGE].proposal["reason"]))
    expect(secretary.locator("main form button[name=apply]")).to_have_count(0)
    expect(secretary.locator("main pre.document-text")).to_contain_text("VästKom")

    # The four meeting documents: review, correct where the importer was wrong, apply.
    for seed, expected in EXPECTED.items():
        doc = by_seed[seed]
        body = bodies[seed]
        open_from_batch(seed)
        accessible(secretary)
        # The proposal: the body and date read from the document, everything to be created.
        assert doc.proposal["body"] == body.pk, f"{doc.original_name}: body {doc.proposal['body']}"
        assert doc.proposal["date"] == expected.day.isoformat()
        form = secretary.locator("main form")
        expect(form.locator("select[name=body]")).to_have_value(str(body.pk))
        expect(form.locator("input[name=date]")).to_have_value(expected.day.isoformat())
        expect(form.locator("input[name$='-title'][name^='item-']")).to_have_count(expected.items)
        expect(form.locator("input[name$='-name'][name^='att-']")).to_have_count(expected.attendance)
        plan = _plan_rows(secretary)
        expect(plan).to_have_count(expected.plan_rows)
        created = swedish(gettext_lazy("create"))
        meeting_label = f"{body.label} {expected.day.isoformat()}"
        expect(plan.filter(has=secretary.locator("td:first-child", has_text=meeting_label))).to_have_text(
            [re.compile(rf"^{re.escape(meeting_label)}\s*{re.escape(created)}\s*$")]
        )
        expect(plan.filter(has=secretary.locator("td:nth-child(2)", has_text=created))).to_have_count(
            expected.plan_rows
        )

        if seed == "000":
            # The notice's place line runs on into the dinner; the proposal holds the place only.
            # The secretary saves the form unchanged (no correction is recorded), then applies.
            place = form.locator("input[name=place]")
            expect(place).to_have_value(PLACE_000)
            place.fill(PLACE_000)
            form.locator("button[name=save]").click()
            expect(flash(secretary)).to_be_visible(timeout=AFTER_SUBMIT_MS)
            expect(secretary).to_have_url(re.compile(re.escape(doc.get_absolute_url()) + "$"))
            expect(secretary.locator("main form input[name=place]")).to_have_value(PLACE_000)
            doc.refresh_from_db()
            assert doc.proposal["place"] == PLACE_000
            assert doc.status == ImportedDocument.Status.PROPOSED
        elif seed == "001":
            represents = _form_row(secretary, "name", PERSON_001).locator("input[name$='-municipality']")
            expect(represents).to_have_value("Fyrbodals")
            represents.fill(REPRESENTS_001)
        elif seed == "002":
            for title, kind in KINDS_002.items():
                kind_field = _form_row(secretary, "title", title).locator("select[name$='-type']")
                expect(kind_field).to_have_value("information")
                kind_field.select_option(kind)
        # 004: the proposal is what the minutes say; applied as it is.

        secretary.locator("main form button[name=apply]").click()
        expect(secretary.locator("main .message-success").first).to_be_visible(timeout=AFTER_SUBMIT_MS)
        expect(secretary).to_have_url(re.compile(re.escape(doc.get_absolute_url()) + "$"))
        expect(secretary.locator("main form button[name=apply]")).to_have_count(0)
        expect(secretary.locator("main dl.facts")).to_contain_text(swedish(ImportedDocument.Status.APPLIED.label))
        if seed == "001":
            accessible(secretary)

        doc.refresh_from_db()
        assert doc.status == ImportedDocument.Status.APPLIED
        assert doc.applied["result"] == "created"
        assert doc.applied_by == secretary_user

        # The meeting page, reached from the document, as anyone reads it.
        meeting = Meeting.objects.get(body=body, start__date=expected.day)
        assert doc.meeting == meeting
        secretary.locator(f"main dl.facts a[href='{meeting.get_absolute_url()}']").click()
        expect(secretary).to_have_url(re.compile(re.escape(meeting.get_absolute_url()) + "$"))
        expect(heading(secretary)).to_contain_text(body.name)
        facts = secretary.locator("main dl.facts")
        expect(facts).to_contain_text(doc.proposal["place"])
        expect(facts).to_contain_text(capfirst_swedish(Meeting.Status(expected.status).label))
        if expected.time:
            expect(facts).to_contain_text(expected.time)
        else:
            expect(facts).to_contain_text(swedish(gettext_lazy("time not yet decided")))
        agenda = secretary.locator("main ol.agenda > li")
        expect(agenda).to_have_count(expected.items)
        expect(agenda.first.locator("strong")).to_have_text(expected.first_item)
        expect(agenda.last.locator("strong")).to_have_text(expected.last_item)
        # The roll call: everyone of the document, present or with their absence noted.
        secretary.goto(f"/moten/{meeting.pk}/narvaro/")
        expect(secretary.locator("main table tbody tr")).to_have_count(expected.attendance)
        present = capfirst_swedish(Attendance.Status.PRESENT.label)
        notified = capfirst_swedish(Attendance.Status.NOTIFIED.label)
        expect(_roll_row(secretary, expected.someone_present).locator("td").nth(2)).to_have_text(present)
        if expected.someone_absent:
            expect(_roll_row(secretary, expected.someone_absent).locator("td").nth(2)).to_have_text(notified)
        expect(
            secretary.locator("main table tbody tr td:nth-child(3)", has_text=re.compile(f"^{present}$"))
        ).to_have_count(expected.present)

        # And in the database.
        assert meeting.status == expected.status
        assert meeting.location_name == doc.proposal["place"]
        items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))
        assert len(items) == expected.items
        assert (items[0].title, items[-1].title) == (expected.first_item, expected.last_item)
        assert [i.title for i in items] == [row["title"] for row in doc.proposal["items"]]
        attendance = {a.person.name: a for a in Attendance.objects.filter(meeting=meeting).select_related("person")}
        assert len(attendance) == expected.attendance
        assert sum(a.status == Attendance.Status.PRESENT for a in attendance.values()) == expected.present
        assert attendance[expected.someone_present].status == Attendance.Status.PRESENT
        if expected.someone_absent:
            assert attendance[expected.someone_absent].status == Attendance.Status.NOTIFIED
        assert len(doc.applied["created"]["people"]) == expected.new_people

    # The corrections are in the records.
    meetings = {seed: by_seed[seed].meeting for seed in EXPECTED}
    assert meetings["000"].location_name == PLACE_000
    assert Attendance.objects.get(meeting=meetings["001"], person__name=PERSON_001).represents == REPRESENTS_001
    for title, kind in KINDS_002.items():
        assert AgendaItem.objects.get(meeting=meetings["002"], title=title).kind == kind
    # What was not corrected is as the document says it (the form sends it back unchanged).
    doc_004 = ImportedDocument.objects.get(pk=by_seed["004"].pk)
    assert [
        (i.title, i.kind, i.presenters, i.decision, i.paragraph)
        for i in AgendaItem.objects.filter(meeting=meetings["004"]).order_by("position")
    ] == [
        (row["title"], row["type"], row["presenters"], row["decision"], services._paragraph(row["number"]))
        for row in services.build_proposal(doc_004.extracted, body=bodies["004"])["items"]
    ]
    # Everything applied was made once: four meetings, and the people the structure lacked.
    assert Meeting.objects.count() == 4
    assert Person.objects.count() == people_before + sum(e.new_people for e in EXPECTED.values())
    names_now = list(Person.objects.values_list("name", flat=True))
    assert len(names_now) == len(set(names_now)), "somebody was created twice"

    # The audit trail: every record applied, by the secretary, through the import screen.
    models = {"meeting": "meeting", "items": "agendaitem", "attendances": "attendance", "people": "person"}
    for seed in EXPECTED:
        doc = ImportedDocument.objects.get(pk=by_seed[seed].pk)
        assert not any(doc.applied["updated"].values()), doc.applied["updated"]
        for key, model in models.items():
            ids = {str(pk) for pk in doc.applied["created"][key]}
            audited = set(
                AuditEvent.objects.filter(
                    target_type__model=model,
                    target_id__in=ids,
                    action=AuditEvent.Action.CREATE,
                    source="web:import",
                    actor=secretary_user,
                ).values_list("target_id", flat=True)
            )
            assert audited == ids, f"{doc.original_name}: {model} {sorted(ids - audited)} not in the audit trail"
        # The document itself: applied (and, where the secretary corrected it, the correction).
        events = AuditEvent.objects.filter(
            target_type__model="importeddocument", target_id=str(doc.pk), action=AuditEvent.Action.UPDATE
        )
        applied = [e for e in events if e.changes.get("status") == ["proposed", "applied"]]
        assert [e.actor for e in applied] == [secretary_user]
        corrected = [e.changes["proposal"][1] for e in events if "proposal" in e.changes]
        assert corrected == {"000": [], "001": [["attendees"]], "002": [["items"]], "004": []}[seed]
    created = AuditEvent.objects.filter(source="web:import", action=AuditEvent.Action.CREATE, actor=secretary_user)
    assert created.filter(target_type__model="meeting").count() == 4
    assert created.filter(target_type__model="agendaitem").count() == sum(e.items for e in EXPECTED.values())
    assert created.filter(target_type__model="attendance").count() == sum(e.attendance for e in EXPECTED.values())
    assert created.filter(target_type__model="person").count() == sum(e.new_people for e in EXPECTED.values())

    # The batch page now leads to each meeting.
    secretary.goto(batch_url)
    for seed in EXPECTED:
        meeting = meetings[seed]
        row = rows.filter(has=secretary.get_by_role("link", name=by_seed[seed].original_name, exact=True))
        expect(row.locator("td").nth(1)).to_have_text(swedish(ImportedDocument.Status.APPLIED.label))
        expect(row.locator(f"a[href='{meeting.get_absolute_url()}']")).to_have_text(
            f"{meeting.body.label} {EXPECTED[seed].day.isoformat()}"
        )

    # The same five files again: the batch reports them unchanged, and nothing changes.
    def counts() -> dict[str, int]:
        return {
            model.__name__: model.objects.count()
            for model in (ImportedDocument, Meeting, AgendaItem, Attendance, Person, AuditEvent)
        }

    before = counts()
    _upload(secretary, seeds)
    again_url = _follow_batch(secretary, 5)
    assert again_url != batch_url
    again = secretary.locator("main table tbody tr")
    expect(again).to_have_count(5)
    expect(again.locator("td:nth-child(2)")).to_have_text([swedish(gettext_lazy("already imported: unchanged"))] * 5)
    for seed, doc in by_seed.items():
        row = again.filter(has=secretary.get_by_role("link", name=doc.original_name, exact=True))
        expect(row.get_by_role("link", name=doc.original_name, exact=True)).to_have_attribute(
            "href", doc.get_absolute_url()
        )
        if seed in EXPECTED:
            expect(row.locator(f"a[href='{meetings[seed].get_absolute_url()}']")).to_have_count(1)
    assert counts() == before
    again_batch = ImportBatch.objects.get(pk=int(again_url.rstrip("/").rsplit("/", 1)[1]))
    assert (again_batch.total, again_batch.processed, again_batch.unchanged) == (5, 5, 5)
    for seed in EXPECTED:
        doc = ImportedDocument.objects.get(pk=by_seed[seed].pk)
        assert doc.status == ImportedDocument.Status.APPLIED
        assert doc.batch_id == batch.pk


# --- A file that is not what its name says ----------------------------------------------------


def _png(text: str) -> bytes:
    """A real (1x1) PNG image, with a text chunk that makes it unique."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", b"Comment\x00" + text.encode())
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def test_a_file_that_is_not_what_its_name_says_is_refused(browse_as: Callable[..., Page], tmp_path: Path) -> None:
    from django.utils import translation

    from samverkan.importer.extract import DocumentError, read_document
    from samverkan.importer.models import ImportBatch, ImportedDocument

    data = _png(f"e2e {letters()}")
    path = tmp_path / "protokoll-2019-10-03.pdf"
    path.write_bytes(data)
    # The message, as the extractor words it in Swedish.
    with translation.override("sv"), pytest.raises(DocumentError) as refused:
        read_document(data, path.name)
    expected = str(refused.value.message)
    counts = (ImportedDocument.objects.count(), ImportBatch.objects.count())

    secretary = browse_as(SECRETARY, axe=True)
    _upload(secretary, [path])
    alert = secretary.locator("main .errorlist[role=alert]")
    expect(alert).to_be_visible(timeout=AFTER_SUBMIT_MS)
    expect(secretary).to_have_url(re.compile(r"/import/$"))
    expect(alert.locator("li")).to_have_count(1)
    expect(alert.locator("li")).to_contain_text(path.name)
    expect(alert.locator("li")).to_contain_text(expected)
    # The form is there to try again.
    expect(secretary.locator("main input[type=file][name=documents]")).to_have_count(1)
    accessible(secretary)
    assert (ImportedDocument.objects.count(), ImportBatch.objects.count()) == counts
    assert not ImportedDocument.objects.filter(original_name=path.name).exists()
