"""The administrators' archive screen: asking for a package queues a task for the worker, the
export's page shows the progress and then the package, which downloads as the zip it describes."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django_tasks_db.models import DBTaskResult

from samverkan.archive.models import ArchiveExport
from samverkan.core.models import AuditEvent
from tests.support import Personas, meeting_world, referral_world

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)  # the worker closes the database connection between tasks
def test_an_administrator_asks_for_a_package_and_the_worker_makes_it(
    personas: Personas, login: Callable[[str], Client]
) -> None:
    world = meeting_world(personas)
    year = timezone.localtime(world.held.start).year
    admin = login("administrator")
    page = admin.get(reverse("archive:index"))
    assert page.status_code == 200
    assert [(str(b), b.key) for b in page.context["form"].fields["body"].queryset] == [("Testorganet", "testorgan")]
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        response = admin.post(reverse("archive:index"), {"body": personas.body.pk, "year": year})
        export = ArchiveExport.objects.get()
        assert response.status_code == 302 and response["Location"] == export.get_absolute_url()
        assert export.status == "queued" and export.requested_by == personas.administrator and not export.closed
        [task] = DBTaskResult.objects.filter(task_path="samverkan.archive.tasks.make_package")
        assert task.args_kwargs == {"args": [export.pk], "kwargs": {}}
        waiting = admin.get(export.get_absolute_url())
        assert '<meta http-equiv="refresh" content="2">' in waiting.content.decode()
        assert "Väntar på arbetaren" in waiting.content.decode()
        call_command("worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    export.refresh_from_db()
    assert export.status == "done"
    assert export.package_id == f"samverkan-testorgan-{year}"
    # The held meeting's minutes, their content and the notice of adjustment, and the planned
    # meeting's paper if that meeting falls in the same year.
    planned_in_year = timezone.localtime(world.planned.start).year == year
    assert export.total == export.done == 3 + (1 if planned_in_year else 0)
    done = admin.get(export.get_absolute_url()).content.decode()
    assert f"<h1>Arkivpaket Testorganet {year}</h1>" in done  # the year as a year, not "2 026"
    assert "http-equiv" not in done
    assert export.sha256 in done
    assert f'href="{reverse("archive:download", kwargs={"pk": export.pk})}"' in done
    download = admin.get(reverse("archive:download", kwargs={"pk": export.pk}))
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    data = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    assert hashlib.sha256(data).hexdigest() == export.sha256
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert f"samverkan-testorgan-{year}/METS.xml" in archive.namelist()
    events = AuditEvent.objects.filter(target_id=str(export.pk), actor=personas.administrator)
    assert [(e.action, e.source) for e in events.order_by("pk")] == [("create", "web"), ("update", "worker")]
    # The list shows it.
    listing = admin.get(reverse("archive:index")).content.decode()
    assert "Testorganet" in listing and "klar" in listing and "öppen" in listing


def test_a_closed_package_is_asked_for_explicitly_and_shown_as_such(
    personas: Personas, login: Callable[[str], Client]
) -> None:
    meeting_world(personas)
    year = timezone.localdate().year
    admin = login("administrator")
    response = admin.post(reverse("archive:index"), {"body": personas.body.pk, "year": year, "closed": "on"})
    export = ArchiveExport.objects.get()
    assert response.status_code == 302 and export.closed and export.status == "done"  # immediate tasks in tests
    assert export.package_id == f"samverkan-testorgan-{year}-sluten"
    page = admin.get(export.get_absolute_url()).content.decode()
    assert "Sluten leverans: innehåller handlingar med sekretess." in page


@pytest.mark.parametrize(
    ("year", "message"),
    [("1899", "Kontrollera att detta värde är större än eller lika med 1900."), ("3000", "mindre än eller lika med")],
)
def test_a_year_out_of_range_is_refused_and_nothing_is_queued(
    personas: Personas, login: Callable[[str], Client], year: str, message: str
) -> None:
    meeting_world(personas)
    response = login("administrator").post(reverse("archive:index"), {"body": personas.body.pk, "year": year})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ArchiveExport.objects.count() == 0


def test_a_failed_run_says_why(personas: Personas, login: Callable[[str], Client]) -> None:
    """A paper whose stored file is gone (a storage restored without it): the run fails, says
    which, and keeps nothing."""
    paper = referral_world(personas).paper
    paper.file.storage.delete(paper.file.name)
    year = timezone.localdate().year
    login("administrator").post(reverse("archive:index"), {"body": personas.body.pk, "year": year})
    export = ArchiveExport.objects.get()
    assert export.status == "failed" and not export.file
    assert paper.file.name in export.error
    page = login("administrator").get(export.get_absolute_url()).content.decode()
    assert f"Paketet kunde inte göras: {escape(export.error)}" in page
    assert login("administrator").get(reverse("archive:download", kwargs={"pk": export.pk})).status_code == 404
