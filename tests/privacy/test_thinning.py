"""Thinning (gallring): what is past its retention goes, what is not stays, once a day, by the
worker or `samverkan thin`, each run logged and audited."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samverkan.archive.models import ArchiveExport
from samverkan.core.models import AuditEvent
from samverkan.importer.models import ImportedDocument
from samverkan.meetings import services as meeting_services
from samverkan.meetings.models import Absence
from samverkan.privacy.models import ThinningRun
from samverkan.referrals.models import Recipient, Recommendation
from tests.support import Personas, referral_world

pytestmark = pytest.mark.django_db


def ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def imported(name: str, status: str, age_days: int) -> ImportedDocument:
    path = default_storage.save(f"imports/{name}", ContentFile(b"text"))
    doc = ImportedDocument.objects.create(
        file=path, original_name=name, sha256=name.ljust(64, "0")[:64], size=4, content_type="text/plain", status=status
    )
    ImportedDocument.objects.filter(pk=doc.pk).update(created_at=ago(age_days))
    return doc


def world(personas: Personas) -> dict[str, object]:
    """Something past its retention, and something not, of each kind."""
    old_meeting = meeting_services.meeting_plan(
        actor=None, body=personas.body, start=ago(400), with_procedural_items=False
    )
    new_meeting = meeting_services.meeting_plan(
        actor=None, body=personas.body, start=ago(10), with_procedural_items=False
    )
    for meeting in (old_meeting, new_meeting):
        meeting_services.absence_report(
            actor=None, meeting=meeting, person=personas.person, via="secretary", note="Sjuk"
        )
    sent = referral_world(personas).sent
    Recipient.objects.filter(recommendation=sent).update(invited_to="registrator@testkommun.example")
    expired = Recommendation.objects.create(
        body=personas.body, title="Gammal", question="?", deadline=timezone.localdate() - datetime.timedelta(days=200)
    )
    expired_recipient = Recipient.objects.create(
        recommendation=expired, principal=personas.principal, invited_to="registrator@testkommun.example"
    )
    failed = imported("trasig.pdf", "failed", 200)
    fresh = imported("ny.txt", "proposed", 5)
    applied = imported("anvand.txt", "applied", 400)
    export = ArchiveExport.objects.create(
        body=personas.body, year=2020, status="done", package_id="samverkan-testorgan-2020", finished_at=ago(40)
    )
    export.file.save("samverkan-testorgan-2020.zip", ContentFile(b"PK"), save=True)
    recent_export = ArchiveExport.objects.create(body=personas.body, year=2021, status="done", finished_at=ago(1))
    recent_export.file.save("samverkan-testorgan-2021.zip", ContentFile(b"PK"), save=True)
    stale = SessionStore()
    stale.set_expiry(-10)
    stale.create()
    Session.objects.filter(session_key=stale.session_key).update(expire_date=ago(1))
    return {
        "old_meeting": old_meeting,
        "new_meeting": new_meeting,
        "sent": sent,
        "expired_recipient": expired_recipient,
        "failed": failed,
        "fresh": fresh,
        "applied": applied,
        "export": export,
        "recent_export": recent_export,
        "stale_session": stale.session_key,
    }


def test_the_command_thins_what_is_past_its_retention_once_a_day(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    w = world(personas)
    export_file = w["export"].file.name  # type: ignore[attr-defined]
    failed_file = w["failed"].file.name  # type: ignore[attr-defined]
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # the files go once the run commits
        call_command("thin", stdout=out)
    assert out.getvalue().splitlines() == [
        "Retention (days, 0 = kept): absences 365, link_addresses 90, import_staging 180, archive_packages 30",
        "Removed: absences 1, link_addresses 1, import_staging 1, archive_packages 1, sessions 1",
    ]
    # Gone: the old absence, the expired link's address, the failed import and its file, the old
    # package's file, the expired session.
    assert list(Absence.objects.values_list("meeting_id", flat=True)) == [w["new_meeting"].pk]  # type: ignore[attr-defined]
    w["expired_recipient"].refresh_from_db()  # type: ignore[attr-defined]
    assert w["expired_recipient"].invited_to == ""  # type: ignore[attr-defined]
    assert not ImportedDocument.objects.filter(pk=w["failed"].pk).exists()  # type: ignore[attr-defined]
    assert not default_storage.exists(failed_file)
    w["export"].refresh_from_db()  # type: ignore[attr-defined]
    assert not w["export"].file and not default_storage.exists(export_file)  # type: ignore[attr-defined]
    assert w["export"].status == "done"  # type: ignore[attr-defined]
    assert not Session.objects.filter(session_key=w["stale_session"]).exists()
    # Kept: what is within its retention, and an applied import (a record).
    assert set(Recipient.objects.filter(recommendation=w["sent"]).values_list("invited_to", flat=True)) == {
        "registrator@testkommun.example"
    }
    assert ImportedDocument.objects.filter(pk__in=[w["fresh"].pk, w["applied"].pk]).count() == 2  # type: ignore[attr-defined]
    w["recent_export"].refresh_from_db()  # type: ignore[attr-defined]
    assert w["recent_export"].file  # type: ignore[attr-defined]
    # Logged and audited, once a day.
    run = ThinningRun.objects.get()
    assert (run.day, run.source) == (timezone.localdate(), "cli")
    assert run.removed == {
        "absences": 1,
        "link_addresses": 1,
        "import_staging": 1,
        "archive_packages": 1,
        "sessions": 1,
    }
    assert run.retention == {"absences": 365, "link_addresses": 90, "import_staging": 180, "archive_packages": 30}
    event = AuditEvent.objects.get(target_id=str(run.pk), action="delete")
    assert event.changes["absences"] == [None, 1]
    again = StringIO()
    call_command("thin", stdout=again)
    assert "already run today" in again.getvalue()
    assert ThinningRun.objects.count() == 1


@override_settings(RETENTION_ABSENCE_DAYS=0, RETENTION_IMPORT_STAGING_DAYS=0)
def test_zero_keeps_for_ever(personas: Personas) -> None:
    w = world(personas)
    call_command("thin", stdout=StringIO())
    run = ThinningRun.objects.get()
    assert run.removed["absences"] == 0 and run.removed["import_staging"] == 0
    assert Absence.objects.count() == 2
    assert ImportedDocument.objects.filter(pk=w["failed"].pk).exists()  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_the_worker_thins_once_a_day(personas: Personas) -> None:
    world(personas)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        for _ in range(2):
            call_command("worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    results = list(
        DBTaskResult.objects.filter(task_path="samverkan.privacy.tasks.thinning_due").order_by("enqueued_at")
    )
    assert [r.status for r in results] == ["SUCCESSFUL", "SUCCESSFUL"]
    assert results[0].return_value["absences"] == 1
    assert results[1].return_value is None  # the day's run was done
    assert ThinningRun.objects.get().source == "worker"


def test_the_runs_are_listed_for_administrators(personas: Personas, login) -> None:  # type: ignore[no-untyped-def]
    call_command("thin", stdout=StringIO())
    page = login("administrator").get(reverse("privacy:index")).content.decode()
    assert "Gallring" in page
    assert f"{timezone.localdate():%Y-%m-%d}" in page
