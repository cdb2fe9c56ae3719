"""Writes of the archive app: asking for a package, and making it (the worker's task or the
command line). Each run is a row with an audit entry, so who took which records out, and
whether confidential papers were among them, stays on record."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.archive import tasks as archive_tasks
from samverkan.archive import writer
from samverkan.archive.models import ArchiveExport
from samverkan.core.audit import audit_record, create_instance
from samverkan.core.models import AuditEvent
from samverkan.structure.models import Body

logger = logging.getLogger(__name__)

FIRST_YEAR = 1900


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise ValidationError(
            _("The year must be between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": timezone.localdate().year},
            code="year",
        )


@transaction.atomic
def archive_export_request(
    *, actor: Any, body: Body, year: int, closed: bool = False, source: str = "web"
) -> ArchiveExport:
    """Ask for the package of `body` for `year`; the worker makes it (`archive_export_run`)."""
    export = _create(actor=actor, body=body, year=year, closed=closed, source=source)
    archive_tasks.make_package.enqueue(export.pk)
    return export


def _create(*, actor: Any, body: Body, year: int, closed: bool, source: str) -> ArchiveExport:
    _check_year(year)
    export: ArchiveExport = create_instance(
        ArchiveExport,
        {"body": body, "year": year, "closed": closed, "requested_by": actor, "source": source},
        actor=actor,
        source=source,
    )
    return export


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
        _finish(export, package, data, source=source)
    return export


def _finish(export: ArchiveExport, package: writer.Package, data: bytes, *, source: str) -> None:
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


@transaction.atomic
def archive_export_write(
    *, actor: Any, body: Body, year: int, closed: bool, folder: Path, unpacked: bool = False, source: str = "cli"
) -> tuple[ArchiveExport, writer.Package, Path]:
    """The command line's export: make the package now and write it into `folder` as a zip (and
    unpacked with `unpacked`), recorded like a run of the screen's."""
    export = _create(actor=actor, body=body, year=year, closed=closed, source=source)
    export.status = ArchiveExport.Status.RUNNING
    export.started_at = timezone.now()
    package = writer.build(body, year, closed=closed)
    target = folder / package.file_name
    data = package.zip_bytes()
    target.write_bytes(data)
    if unpacked:
        package.write_folder(folder)
    _finish(export, package, data, source=source)
    return export, package, target
