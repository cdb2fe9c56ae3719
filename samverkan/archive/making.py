"""Making a queued package (the worker's task, tasks.make_package) and recording it as made. Below
services.py, which enqueues the task, so that the task runs this without an import circle."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from samverkan.archive import writer
from samverkan.archive.models import ArchiveExport
from samverkan.core.audit import audit_record
from samverkan.core.models import AuditEvent

logger = logging.getLogger(__name__)


def _progress(export_id: int) -> Any:
    def report(done: int, total: int) -> None:
        ArchiveExport.objects.filter(pk=export_id).update(done=done, total=total)

    return report


def archive_export_run(*, export_id: int, source: str = "worker") -> ArchiveExport:
    """Make the package of a queued export and keep it in the storage. A failure is recorded on
    the export with its reason; nothing half-made is kept."""
    claimed = ArchiveExport.objects.filter(pk=export_id, status=ArchiveExport.Status.QUEUED).update(
        status=ArchiveExport.Status.RUNNING, started_at=timezone.now()
    )
    export = ArchiveExport.objects.select_related("body").get(pk=export_id)
    if not claimed:
        return export  # another worker has it, or it is finished
    try:
        package = writer.build(export.body, export.year, closed=export.closed, progress=_progress(export.pk))
        data = package.zip_bytes()
    except Exception as exc:
        logger.exception("Archive export %s failed", export.pk)
        with transaction.atomic():
            ArchiveExport.objects.filter(pk=export.pk).update(
                status=ArchiveExport.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
            )
            export.refresh_from_db()
            audit_record(
                actor=export.requested_by,
                action=AuditEvent.Action.UPDATE,
                target=export,
                changes={"status": (ArchiveExport.Status.RUNNING, ArchiveExport.Status.FAILED)},
                source=source,
            )
        return export
    with transaction.atomic():
        export.file.save(package.file_name, ContentFile(data), save=False)
        finish(export, package, data, source=source)
    return export


def finish(export: ArchiveExport, package: writer.Package, data: bytes, *, source: str) -> None:
    values = {
        "status": ArchiveExport.Status.DONE,
        "package_id": package.package_id,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "failed_checks": [path for path, _check in package.failed_checks],
        "total": package.documents,
        "done": package.documents,
        "finished_at": timezone.now(),
    }
    for name, value in values.items():
        setattr(export, name, value)
    export.full_clean()
    export.save()
    audit_record(
        actor=export.requested_by,
        action=AuditEvent.Action.UPDATE,
        target=export,
        changes={
            "status": (ArchiveExport.Status.RUNNING, ArchiveExport.Status.DONE),
            "package_id": ("", package.package_id),
            "closed": (None, export.closed),
            "sha256": ("", values["sha256"]),
        },
        source=source,
    )
