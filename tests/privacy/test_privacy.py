"""Personal data of one person, through the administrators' screens: what is found, the export
(a zip of JSON and CSV), and the erasure, for a member (in published minutes: the name stays), a
registrar (an account only: erased entirely) and a person in no published record (erased
entirely); every request logged and audited."""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverkan.core.models import AuditEvent
from samverkan.meetings import services as meeting_services
from samverkan.meetings.models import Absence, Attendance
from samverkan.privacy.models import PrivacyRequest
from samverkan.referrals import services as referral_services
from samverkan.referrals.models import Recipient, Response
from samverkan.structure.models import Person
from tests.factories import PersonFactory
from tests.support import Personas, meeting_world, referral_world

pytestmark = pytest.mark.django_db
User = get_user_model()


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def member_world(personas: Personas) -> tuple[datetime.date, Absence]:
    """The member sat at the held meeting and adjusted its minutes (published); reported
    absence with a note from the planned one."""
    world = meeting_world(personas)
    absence, _created = meeting_services.absence_report(
        actor=personas.member, meeting=world.planned, person=personas.person, via="login", note="Sjukskriven"
    )
    return timezone.localtime(world.held.start).date(), absence


def test_finding_a_person(personas: Personas, login: Callable[[str], Client]) -> None:
    admin = login("administrator")
    page = admin.get(reverse("privacy:index"), {"q": "medlem"})
    assert page.status_code == 200
    assert [p.name for p in page.context["people"]] == ["Maria Medlem"]
    assert [u.username for u in page.context["users"]] == []  # the member's account is the person's
    page = admin.get(reverse("privacy:index"), {"q": "registrar"})
    assert [u.username for u in page.context["users"]] == ["other-registrar", "registrar"]
    page = admin.get(reverse("privacy:index"), {"q": "ingen-sådan"})
    assert "Ingen matchar" in page.content.decode()


def test_a_members_export(personas: Personas, login: Callable[[str], Client]) -> None:
    held_on, _absence = member_world(personas)
    admin = login("administrator")
    url = reverse("privacy:subject", kwargs={"kind": "person", "pk": personas.person.pk})
    page = admin.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert f"Protokoll: Testorganet {held_on:%Y-%m-%d}" in content
    assert "Uppdrag: ledamot i Testorganet" in content
    response = admin.post(
        reverse("privacy:export", kwargs={"kind": "person", "pk": personas.person.pk}), {"note": "Begäran per brev"}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    files = unzip(response.content)
    assert sorted(files) == sorted(
        [
            "LASMIG.txt",
            "personuppgifter.json",
            "person.csv",
            "account.csv",
            "memberships.csv",
            "attendance.csv",
            "absences.csv",
            "adjuster.csv",
            "minutes_kept.csv",
            "answers.csv",
            "records_made.csv",
            "audit.csv",
        ]
    )
    document = json.loads(files["personuppgifter.json"])
    assert document["om"] == "Maria Medlem"
    assert document["allmänna handlingar"]["där namnet finns"] == [
        "Uppdrag: ledamot i Testorganet",
        f"Protokoll: Testorganet {held_on:%Y-%m-%d}",
    ]
    sections = document["avsnitt"]
    assert sections["account"]["rader"][0]["användarnamn"] == "member"
    assert sections["memberships"]["rader"] == [
        {
            "organ": "Testorganet",
            "roll": "ledamot",
            "parti": "S",
            "företräder": "Testkommunen",
            "sida": "",
            "titel": "",
            "mandatperiod": "",
            "från": "2023-01-01",
            "till": "",
        }
    ]
    assert [(r["sammanträde"], r["i publicerat protokoll"]) for r in sections["attendance"]["rader"]] == [
        (f"Testorganet {held_on:%Y-%m-%d}", "ja")
    ]
    assert [r["meddelande"] for r in sections["absences"]["rader"]] == ["Sjukskriven"]
    assert [r["i publicerat protokoll"] for r in sections["adjuster"]["rader"]] == ["ja"]
    assert csv_rows(files["absences.csv"])[0] == ["sammanträde", "anmält", "via", "meddelande"]
    assert csv_rows(files["absences.csv"])[1][3] == "Sjukskriven"
    assert "allmänna handlingar" in files["LASMIG.txt"].decode()
    logged = PrivacyRequest.objects.get()
    assert (logged.kind, logged.outcome, logged.subject, logged.note, logged.handled_by) == (
        "export",
        "exported",
        "Maria Medlem",
        "Begäran per brev",
        personas.administrator,
    )
    assert logged.receipt["counts"]["absences"] == 1
    assert (
        AuditEvent.objects.filter(target_id=str(logged.pk), action="create", actor=personas.administrator).count() == 1
    )


def test_a_members_erasure_keeps_the_name_in_public_records(personas: Personas, login: Callable[[str], Client]) -> None:
    held_on, absence = member_world(personas)
    member_client = login("member")
    member_client.get(reverse("structure:my_account"))
    assert Session.objects.count() >= 1
    member_id = personas.member.pk
    admin = login("administrator")
    url = reverse("privacy:erase", kwargs={"kind": "person", "pk": personas.person.pk})
    confirm = admin.get(url).content.decode()
    assert "Användarkontot member" in confirm
    assert f"Protokoll: Testorganet {held_on:%Y-%m-%d}" in confirm
    # Without the confirmation nothing happens.
    refused = admin.post(url, {"note": "x"})
    assert refused.status_code == 400
    assert User.objects.filter(pk=member_id).exists()

    done = admin.post(url, {"confirm": "on", "note": "Begäran i e-post 2026-01-05"})
    logged = PrivacyRequest.objects.get()
    assert done.status_code == 302 and done["Location"] == logged.get_absolute_url()
    assert (logged.kind, logged.outcome, logged.subject) == ("erasure", "anonymised", "Maria Medlem")
    # What remains: the person's name, seat, attendance and adjustment of the published minutes.
    person = Person.objects.get(pk=personas.person.pk)
    assert (person.name, person.email, person.user_id) == ("Maria Medlem", "", None)
    assert person.memberships.count() == 1
    assert Attendance.objects.filter(person=person).count() == 1
    minutes_page = Client().get(reverse("meetings:minutes", kwargs={"pk": meeting_world(personas).held.pk}))
    assert "Maria Medlem" in minutes_page.content.decode()
    # What does not: the account, its sessions, the absence's note, its name in the audit trail.
    assert not User.objects.filter(pk=member_id).exists()
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(member_id)]
    absence.refresh_from_db()
    assert absence.note == ""
    assert not AuditEvent.objects.filter(actor_label="member").exists()
    assert AuditEvent.objects.filter(actor_label=f"raderad person #{person.pk}").count() >= 1
    # The receipt says it plainly.
    receipt_page = admin.get(logged.get_absolute_url())
    receipt = receipt_page.content.decode()
    assert receipt_page.status_code == 200, receipt[:3000]
    assert "allmänna handlingar" in receipt, receipt[receipt.find("<main") :][:3000]
    assert f"Protokoll: Testorganet {held_on:%Y-%m-%d}" in receipt
    assert "Användarkontot member" in receipt


def test_a_registrars_erasure_removes_the_account_and_keeps_the_answer(
    personas: Personas, login: Callable[[str], Client]
) -> None:
    world = referral_world(personas)
    recipient = Recipient.objects.get(pk=world.recipient.pk)
    referral_services.response_record(
        actor=personas.registrar,
        recipient=recipient,
        answer="rejected",
        via="login",
        decided_on=timezone.localdate(),
        decided_by="council",
        paragraph="§ 13",
        source="test",
    )
    answer = Response.objects.get(answered_by=personas.registrar)
    registrar_id = personas.registrar.pk
    admin = login("administrator")
    export = admin.post(reverse("privacy:export", kwargs={"kind": "konto", "pk": registrar_id}))
    sections = json.loads(unzip(export.content)["personuppgifter.json"])["avsnitt"]
    assert [r["svar"] for r in sections["answers"]["rader"]] == ["avslag"]
    assert "registrator: Testkommunen" in sections["account"]["rader"][0]["roller"]
    assert json.loads(unzip(export.content)["personuppgifter.json"])["allmänna handlingar"]["där namnet finns"] == []

    admin.post(reverse("privacy:erase", kwargs={"kind": "konto", "pk": registrar_id}), {"confirm": "on"})
    erasure = PrivacyRequest.objects.get(kind="erasure")
    assert (erasure.outcome, erasure.subject) == ("erased", f"raderad person #u{registrar_id}")
    assert not User.objects.filter(pk=registrar_id).exists()
    assert not personas.principal.registrars.exists()
    answer.refresh_from_db()
    assert (answer.answer, answer.paragraph, answer.answered_by_id) == ("rejected", "§ 13", None)
    assert not AuditEvent.objects.filter(actor_label="registrar").exists()
    # The log keeps the export and the erasure, neither naming the registrar any more than needed.
    assert [(r.kind, r.outcome) for r in PrivacyRequest.objects.order_by("pk")] == [
        ("export", "exported"),
        ("erasure", "erased"),
    ]


def test_a_person_in_no_published_record_is_erased_entirely(personas: Personas, login: Callable[[str], Client]) -> None:
    world = meeting_world(personas)
    guest = PersonFactory(key="gunnar-gast", name="Gunnar Gäst", email="gunnar@example.test")
    meeting_services.attendance_record(actor=None, meeting=world.planned, person=guest, capacity="guest", source="test")
    admin = login("administrator")
    confirm = admin.get(reverse("privacy:erase", kwargs={"kind": "person", "pk": guest.pk})).content.decode()
    assert "Personen Gunnar Gäst helt" in confirm
    admin.post(reverse("privacy:erase", kwargs={"kind": "person", "pk": guest.pk}), {"confirm": "on"})
    assert not Person.objects.filter(pk=guest.pk).exists()
    assert not Attendance.objects.filter(meeting=world.planned, person_id=guest.pk).exists()
    assert not AuditEvent.objects.filter(target_repr__contains="Gunnar").exists()
    logged = PrivacyRequest.objects.get()
    assert (logged.outcome, logged.subject, logged.person_id) == ("erased", f"raderad person #{guest.pk}", None)
    assert logged.receipt["kept"] == []
    assert AuditEvent.objects.filter(target_id=str(logged.pk), actor=personas.administrator).exists()


def test_an_unknown_subject_is_404(personas: Personas, login: Callable[[str], Client]) -> None:
    admin = login("administrator")
    assert admin.get(reverse("privacy:subject", kwargs={"kind": "person", "pk": 999999})).status_code == 404
    assert admin.get(reverse("privacy:subject", kwargs={"kind": "nagot", "pk": 1})).status_code == 404
