"""`samverkan import` on the five seeds: meetings with attendance and items, re-runs that change
nothing, corrected versions that change only what changed and never what a person edited."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from samverkan.core.models import AuditEvent
from samverkan.importer import extract as extraction
from samverkan.importer import services
from samverkan.importer.models import ImportBatch, ImportedDocument
from samverkan.meetings import services as meeting_services
from samverkan.meetings.models import AgendaItem, Attendance, Meeting
from samverkan.structure.models import Body, Person

pytestmark = pytest.mark.django_db

Run = Callable[..., tuple[str, str]]
MEETING_SEEDS = {
    "000": "vastkom-styrelse",
    "001": "sro",
    "002": "vb-styrgrupp-regionkommun",
    "004": "gr-styrgrupp-social-valfard",
}


GR = ("--body", "gr-styrgrupp-social-valfard")


def counts() -> dict[str, int]:
    return {
        "meetings": Meeting.objects.count(),
        "items": AgendaItem.objects.count(),
        "attendances": Attendance.objects.count(),
        "people": Person.objects.count(),
        "documents": ImportedDocument.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def expected(seed: Path) -> dict[str, Any]:
    return extraction.extract(extraction.read_document(seed.read_bytes(), seed.name).text)


def test_the_seeds_become_meetings_with_attendance_and_items(structure: None, seeds: list[Path], run: Run) -> None:
    out, err = run(*seeds, "--apply")
    assert "Import" in err  # the progress bar
    lines = {line.split(":")[0]: line for line in out.splitlines() if line.startswith("/")}
    for seed in seeds:
        prefix = seed.name[:3]
        line = lines[str(seed)]
        if prefix in MEETING_SEEDS:
            assert ": created" in line, line
            body = Body.objects.get(key=MEETING_SEEDS[prefix])
            meeting = Meeting.objects.get(body=body)
            extracted = expected(seed)
            assert timezone.localtime(meeting.start).date().isoformat() == extracted["date"]
            doc = ImportedDocument.objects.get(meeting=meeting)
            assert doc.status == ImportedDocument.Status.APPLIED
            assert doc.text and doc.sha256 and doc.file.name
            assert meeting.items.count() == len(
                {services.item_key(i["number"], i["title"]) for i in extracted["items"]}
            )
            assert meeting.attendances.count() == len({services.normalise(a["name"]) for a in extracted["attendees"]})
            assert meeting.items.count() > 0 and meeting.attendances.count() > 0
        else:
            assert ": stored" in line, line
    assert "Total: 4 created, 0 updated, 0 unchanged, 0 proposed, 1 stored, 0 failed (5 files)" in out
    # Members of the structure are matched, not created anew.
    sro = Meeting.objects.get(body__key="sro")
    matched = sro.attendances.filter(person__memberships__body__key="sro").distinct().count()
    assert matched >= 10
    batch = ImportBatch.objects.get()
    assert (batch.source, batch.total, batch.created) == ("cli", 5, 4)
    # Every write is audited through the domain services, marked as imported.
    assert AuditEvent.objects.filter(source="cli:import", target_type__model="meeting").count() == 4


def test_a_second_run_changes_nothing(structure: None, seeds: list[Path], run: Run) -> None:
    run(*seeds, "--apply")
    before = counts()
    out, _err = run(*seeds, "--apply")
    assert "Total: 0 created, 0 updated, 5 unchanged, 0 proposed, 0 stored, 0 failed (5 files)" in out
    assert counts() == before


def test_without_apply_the_proposals_wait_and_a_later_apply_creates(
    structure: None, seeds: list[Path], run: Run
) -> None:
    out, _err = run(seeds[1])
    assert ": proposed" in out
    assert Meeting.objects.count() == 0
    doc = ImportedDocument.objects.get()
    assert doc.status == "proposed"
    assert doc.proposal["body"] == Body.objects.get(key="sro").pk
    out, _err = run(seeds[1], "--apply")
    assert ": created" in out
    assert Meeting.objects.filter(body__key="sro").count() == 1


def test_the_body_can_be_given(structure: None, seeds: list[Path], run: Run) -> None:
    run(seeds[1], "--apply", "--body", "bhu")
    assert Meeting.objects.get().body.key == "bhu"


def test_an_unreadable_file_fails_alone_and_leaves_nothing(
    structure: None, seeds: list[Path], run: Run, tmp_path: Path
) -> None:
    empty = tmp_path / "tom.pdf"
    empty.write_bytes(b"")
    png = tmp_path / "bild.pdf"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    out, _err = run(empty, png, seeds[4], "--apply", *GR)
    assert f"{empty}: failed" in out and f"{png}: failed" in out
    assert "1 created" in out and "2 failed" in out
    assert ImportedDocument.objects.count() == 1


def test_a_failure_while_applying_rolls_the_whole_file_back(
    structure: None, seeds: list[Path], run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.exceptions import ValidationError

    def broken(**kwargs: Any) -> None:
        raise ValidationError("trasig")

    monkeypatch.setattr(meeting_services, "attendance_record", broken)
    before = counts()
    out, _err = run(seeds[4], "--apply", *GR)
    assert "failed (trasig)" in out
    after = counts()
    assert after == before


def corrected_copy(seed: Path, tmp_path: Path, old: str, new: str) -> Path:
    text = seed.read_text()
    assert old in text
    path = tmp_path / ("rättad-" + seed.name)
    path.write_text(text.replace(old, new))
    return path


def test_a_corrected_version_changes_only_what_changed(
    structure: None, seeds: list[Path], run: Run, tmp_path: Path
) -> None:
    gr = seeds[4]
    run(gr, "--apply", *GR)
    meeting = Meeting.objects.get(body__key="gr-styrgrupp-social-valfard")
    place_before = meeting.location_name
    assert "Personsgatan 8" in place_before
    before = counts()
    corrected = corrected_copy(gr, tmp_path, "Anders Personsgatan 8", "Anders Personsgatan 10")
    out, _err = run(corrected, *GR)
    assert ": proposed" in out
    doc = ImportedDocument.objects.get(original_name=corrected.name)
    plan = services.make_plan(doc.proposal)
    assert plan.meeting == meeting
    assert [(r.target, r.action, r.field) for r in plan.rows] == [("meeting", "update", "location_name")]
    out, _err = run(corrected, "--apply", *GR)
    assert ": updated" in out
    meeting.refresh_from_db()
    assert meeting.location_name == place_before.replace("8", "10")
    after = counts()
    assert {k: after[k] - before[k] for k in after} == {
        "meetings": 0,
        "items": 0,
        "attendances": 0,
        "people": 0,
        "documents": 1,
        # the new document stored, the meeting changed, the document applied
        "audit": 3,
    }


def test_what_a_person_edited_after_the_import_is_not_overwritten(
    structure: None, seeds: list[Path], run: Run, tmp_path: Path
) -> None:
    gr = seeds[4]
    run(gr, "--apply", *GR)
    meeting = Meeting.objects.get(body__key="gr-styrgrupp-social-valfard")
    meeting_services.meeting_update(actor=None, meeting=meeting, location_name="Ändrat av sekreteraren", source="web")
    first = meeting.items.order_by("position").first()
    assert first is not None
    corrected = corrected_copy(gr, tmp_path, "Anders Personsgatan 8", "Anders Personsgatan 10")
    out, _err = run(corrected, "--apply", *GR)
    assert "unchanged" in out and "1 edited by a person left alone" in out
    meeting.refresh_from_db()
    assert meeting.location_name == "Ändrat av sekreteraren"
    doc = ImportedDocument.objects.get(original_name=corrected.name)
    assert doc.status == ImportedDocument.Status.UNCHANGED
    # A still later version still sees the person's edit as theirs.
    again = corrected_copy(gr, tmp_path, "Anders Personsgatan 8", "Anders Personsgatan 12")
    run(again, "--apply", *GR)
    meeting.refresh_from_db()
    assert meeting.location_name == "Ändrat av sekreteraren"


def test_an_applied_document_is_not_applied_twice(structure: None, seeds: list[Path], run: Run) -> None:
    run(seeds[4], "--apply", *GR)
    doc = ImportedDocument.objects.get()
    before = counts()
    outcome = services.apply_document(doc, actor=None)
    assert outcome.result == "unchanged"
    assert counts() == before


def test_an_agreement_is_kept_with_nothing_to_apply(
    structure: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    path = tmp_path / "avtal.txt"
    path.write_text("Avtal om samverkan mellan regionen och kommunerna.\n\n1. Parter\n\nRegionen och kommunerna.\n")
    monkeypatch.setattr(
        extraction, "extract", lambda text: {"kind": "agreement", "items": [{"number": "1", "title": "Parter"}]}
    )
    out, _err = run(path, "--apply")
    assert ": stored" in out and "register it in the agreement register" in out
    doc = ImportedDocument.objects.get()
    assert doc.kind == "agreement" and doc.status == "proposed" and not doc.proposal["applicable"]
    assert Meeting.objects.count() == 0


def test_bodies_are_matched_by_name_or_short_name_whatever_the_case_and_accents(structure: None) -> None:
    sro = Body.objects.get(key="sro")
    assert services.match_body("SRO") == sro
    assert services.match_body("Samrådsorganet") == sro
    assert services.match_body("samradsorganet") == sro
    assert services.match_body("VÄSTKOMS STYRELSE") == Body.objects.get(key="vastkom-styrelse")
    assert services.match_body("Styrgruppen för social välfärd", "GR") == Body.objects.get(
        key="gr-styrgrupp-social-valfard"
    )
    assert services.match_body("Ett organ som inte finns") is None
    assert services.match_body(None) is None


def test_an_item_title_with_a_reference_to_its_papers_matches_the_existing_item() -> None:
    from types import SimpleNamespace

    plan_item = SimpleNamespace(pk=1)
    other = SimpleNamespace(pk=2)
    by_title = {
        services.normalise("Verksamhetsplan 2019 för VästKom"): plan_item,
        services.normalise("Övriga frågor"): other,
    }
    found = services._item_by_title(by_title, services.normalise("Verksamhetsplan 2019 för VästKom. Se bilaga"), set())
    assert found is plan_item
    assert services._item_by_title(by_title, services.normalise("Budget 2019. Bilaga 2"), set()) is None
    assert services._item_by_title(by_title, services.normalise("Verksamhetsplan 2019 för VästKom"), {1}) is plan_item


def test_the_place_of_an_imported_notice_holds_the_place_only(structure: None, seeds: list[Path], run: Run) -> None:
    """Seed 000's "Plats:" line runs on into the invitation to dinner; the meeting's place stops at the room
    (issue 12, point 6)."""
    run(*[s for s in seeds if s.name.startswith("000")], "--apply")
    meeting = Meeting.objects.get(body__key="vastkom-styrelse")
    assert meeting.location_name == "Chalmersska huset, Södra Hamngatan 11, Göteborg. Lokal Kanalrummet."
    assert "Fiskekrogen" not in meeting.location_name
