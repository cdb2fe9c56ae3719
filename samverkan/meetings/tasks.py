"""Background work for meetings (the tasks API, run by `samverkan worker`)."""

from __future__ import annotations

from django_tasks import task

from samverkan.meetings import mail


@task()
def send_adjustment_links(minutes_id: int) -> int:
    return mail.adjustment_links_send(minutes_id)


@task()
def tell_secretaries_of_absence(absence_id: int) -> int:
    return mail.absence_conflict_send(absence_id)
