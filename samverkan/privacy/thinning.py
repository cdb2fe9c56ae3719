"""Thinning (gallring): what need not be kept is removed once its retention has passed, by the
worker once a day (`samverkan worker`) or by `samverkan thin`. Each run is a `ThinningRun` row
with what it removed, and an audit row.

| kind | what goes | setting (days, 0 = keep for ever) |
|---|---|---|
| absences | reported absences (förhinder, with their notes) of meetings held that long ago; the roll call of the minutes keeps "anmält förhinder" | `RETENTION_ABSENCE_DAYS` (365) |
| expired links | the e-mail addresses invitations and reminders went to, once the recommendation's links have expired that long ago (the links themselves are signed, never stored) | `RETENTION_LINK_ADDRESSES_DAYS` (90) |
| import staging | imported documents never applied (failed, or proposed and left unreviewed) and empty import batches, with their files | `RETENTION_IMPORT_STAGING_DAYS` (180) |
| archive packages | the zip files of archive packages made on the screen (the record of the run stays) | `RETENTION_ARCHIVE_PACKAGE_DAYS` (30) |
| sessions | expired log-in sessions | always |
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from samverkan.archive.models import ArchiveExport
from samverkan.core.audit import audit_record
from samverkan.core.models import AuditEvent
from samverkan.importer.models import ImportBatch, ImportedDocument
from samverkan.meetings.models import Absence
from samverkan.privacy.models import ThinningRun
from samverkan.referrals.models import Recipient, Recommendation, Reminder

DEFAULTS = {"absences": 365, "link_addresses": 90, "import_staging": 180, "archive_packages": 30}
SETTING = {
    "absences": "RETENTION_ABSENCE_DAYS",
    "link_addresses": "RETENTION_LINK_ADDRESSES_DAYS",
    "import_staging": "RETENTION_IMPORT_STAGING_DAYS",
    "archive_packages": "RETENTION_ARCHIVE_PACKAGE_DAYS",
}


def retention() -> dict[str, int]:
    return {kind: int(getattr(settings, SETTING[kind], DEFAULTS[kind])) for kind in DEFAULTS}


def _delete_files_on_commit(fields: list[Any]) -> None:
    names = [(f.storage, f.name) for f in fields if f]

    def delete() -> None:
        for storage, name in names:
            storage.delete(name)

    transaction.on_commit(delete)


def thin_absences(before: datetime.datetime) -> int:
    return Absence.objects.filter(meeting__start__lt=before).delete()[0]


def thin_link_addresses(before: datetime.date) -> int:
    """Addresses of recommendations whose links expired before `before` (deadline + grace days)."""
    expired = [
        r.pk
        for r in Recommendation.objects.filter(deadline__lt=before).only("pk", "deadline", "grace_days")
        if r.links_expire < before
    ]
    count = Recipient.objects.filter(recommendation_id__in=expired).exclude(invited_to="").update(invited_to="")
    count += Reminder.objects.filter(recipient__recommendation_id__in=expired).exclude(sent_to="").update(sent_to="")
    return count


def thin_import_staging(before: datetime.datetime) -> int:
    stale = ImportedDocument.objects.filter(
        Q(status=ImportedDocument.Status.FAILED)
        | Q(status=ImportedDocument.Status.PROPOSED)
        | Q(status=ImportedDocument.Status.PENDING),
        created_at__lt=before,
    )
    documents = list(stale)
    _delete_files_on_commit([d.file for d in documents])
    count = stale.delete()[0]
    count += ImportBatch.objects.filter(created_at__lt=before, documents__isnull=True).delete()[0]
    return count


def thin_archive_packages(before: datetime.datetime) -> int:
    old = list(ArchiveExport.objects.filter(finished_at__lt=before).exclude(file=""))
    _delete_files_on_commit([e.file for e in old])
    return ArchiveExport.objects.filter(pk__in=[e.pk for e in old]).update(file="")


def thin_sessions(now: datetime.datetime) -> int:
    return Session.objects.filter(expire_date__lt=now).delete()[0]


def thin(*, source: str = "worker", now: datetime.datetime | None = None) -> ThinningRun | None:
    """Run today's thinning, unless it has run today (returns None then)."""
    now = now or timezone.now()
    days = retention()
    try:
        with transaction.atomic():
            run = ThinningRun.objects.create(day=timezone.localdate(now), source=source, retention=days)
    except IntegrityError:
        return None  # another worker has it, or it ran today
    removed: dict[str, int] = {}
    steps: dict[str, Callable[[], int]] = {
        "absences": lambda: thin_absences(now - datetime.timedelta(days=days["absences"])),
        "link_addresses": lambda: thin_link_addresses(
            timezone.localdate(now) - datetime.timedelta(days=days["link_addresses"])
        ),
        "import_staging": lambda: thin_import_staging(now - datetime.timedelta(days=days["import_staging"])),
        "archive_packages": lambda: thin_archive_packages(now - datetime.timedelta(days=days["archive_packages"])),
    }
    with transaction.atomic():
        for kind, step in steps.items():
            removed[kind] = step() if days[kind] > 0 else 0
        removed["sessions"] = thin_sessions(now)
        run.removed = removed
        run.finished_at = timezone.now()
        run.full_clean()
        run.save()
        audit_record(
            actor=None,
            action=AuditEvent.Action.DELETE,
            target=run,
            changes={kind: (None, count) for kind, count in removed.items()},
            source=source,
        )
    return run
