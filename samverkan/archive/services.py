"""Writes of the archive app: asking for a package, and making it (the worker's task or the
command line). Each run is a row with an audit entry, so who took which records out, and
whether confidential papers were among them, stays on record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.archive import tasks as archive_tasks
from samverkan.archive import writer
from samverkan.archive.making import finish
from samverkan.archive.models import ArchiveExport
from samverkan.core.audit import create_instance
from samverkan.structure.models import Body

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
    finish(export, package, data, source=source)
    return export, package, target
