"""Background work of the archive (the tasks API, run by `samverkan worker`)."""

from __future__ import annotations

from django_tasks import task

from samverkan.archive import making


@task()
def make_package(export_id: int) -> str:
    return making.archive_export_run(export_id=export_id).status
