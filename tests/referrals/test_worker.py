"""`samverkan worker` with the database task backend, as in production: a change enqueues a task
row, nothing is mailed until the worker runs, and the worker's clock enqueues the periodic work."""

from __future__ import annotations

import datetime
import threading
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samverkan.referrals import links, services
from samverkan.referrals.models import Recommendation, Reminder
from tests.factories import BodyFactory
from tests.referrals.factories import principals_with_registrars, sent_recommendation

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("database_tasks"),
]

SEND = "samverkan.referrals.tasks.send_invitations"
DUE = "samverkan.referrals.tasks.due_work"


@pytest.fixture
def database_tasks():
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        yield


def run_worker(**options) -> None:
    call_command("worker", batch=True, startup_delay=False, reload=False, verbosity=0, **options)


def rows(path: str) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=path).order_by("enqueued_at"))


def test_sending_enqueues_a_task_and_the_worker_sends_the_mail():
    principals = principals_with_registrars(2)
    rec = sent_recommendation(principals=principals)
    assert rec.is_sent
    [queued] = rows(SEND)
    assert queued.status == "READY"
    assert queued.args_kwargs == {"args": [rec.pk], "kwargs": {}}
    assert mail.outbox == []
    assert not rec.recipients.filter(invited_at__isnull=False).exists()

    run_worker()

    assert len(mail.outbox) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"registrator@{p.key}.example" for p in principals)
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert queued.return_value == 2
    assert not rec.recipients.filter(invited_at__isnull=True).exists()
    # The clock ran once in batch mode: the periodic work was enqueued and done, sending nothing
    # twice.
    [due] = rows(DUE)
    assert due.status == "SUCCESSFUL"
    assert due.return_value == {"invitations": 0, "reminders": 0, "report_backs": 0}

    run_worker()
    assert len(mail.outbox) == 2
    assert len(rows(SEND)) == 1
    assert len(rows(DUE)) == 2


def test_a_refused_send_enqueues_nothing():
    rec = services.recommendation_create(
        actor=None,
        body=BodyFactory(),
        principals=principals_with_registrars(1),
        title="För många",
        question="X kommun ställer sig bakom.",
        deadline=timezone.localdate() + datetime.timedelta(days=10),
        rule="at_least",
        rule_count=2,
    )
    with pytest.raises(ValidationError):
        services.recommendation_send(actor=None, recommendation=rec)
    assert not DBTaskResult.objects.exists()
    assert Recommendation.objects.get(pk=rec.pk).status == "draft"
    run_worker(clock=False)
    assert mail.outbox == []


def test_a_reissued_link_is_mailed_by_the_worker():
    rec = sent_recommendation(principals=principals_with_registrars(1))
    run_worker()
    assert len(mail.outbox) == 1
    recipient = rec.recipients.get()
    services.link_reissue(actor=None, recipient=recipient)
    assert len(mail.outbox) == 1
    assert len(rows(SEND)) == 2
    run_worker()
    assert len(mail.outbox) == 2
    recipient.refresh_from_db()
    assert links.url_for(recipient) in mail.outbox[1].body


def test_the_clock_enqueues_the_periodic_work_which_sends_the_reminders_due():
    rec = sent_recommendation(principals=principals_with_registrars(2))
    run_worker()
    mail.outbox.clear()
    Recommendation.objects.filter(pk=rec.pk).update(
        deadline=timezone.localdate() + datetime.timedelta(days=14),
        sent_at=timezone.now() - datetime.timedelta(days=7),
    )
    DBTaskResult.objects.all().delete()

    run_worker()

    [due] = rows(DUE)
    assert due.status == "SUCCESSFUL"
    assert due.return_value == {"invitations": 0, "reminders": 2, "report_backs": 0}
    assert len(mail.outbox) == 2
    assert all(m.subject.startswith("Påminnelse: ") for m in mail.outbox)
    assert set(Reminder.objects.values_list("days_before", flat=True)) == {14}
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()


def test_no_clock_enqueues_no_periodic_work():
    sent_recommendation(principals=principals_with_registrars(1))
    run_worker(clock=False)
    assert len(mail.outbox) == 1
    assert rows(DUE) == []


def test_the_clock_ticks_until_stopped_and_survives_a_failed_tick():
    from samverkan.core.management.commands import worker

    ticks: list[int] = []
    ticked = threading.Event()

    def enqueue() -> int:
        ticks.append(1)
        if len(ticks) == 1:
            raise RuntimeError("the database is restarting")
        if len(ticks) >= 3:
            ticked.set()
        return 1

    with mock.patch.object(worker, "enqueue_periodic", enqueue):
        clock = worker.Clock(0.01)
        clock.start()
        assert ticked.wait(5)
        clock.stopped.set()
        clock.join(5)
    assert not clock.is_alive()
    assert len(ticks) >= 3
