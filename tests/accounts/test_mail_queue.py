"""Every mail goes through the task queue, allauth's too: the password-reset mail is rendered in
the request and sent by the worker."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.factories import UserFactory


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
@pytest.mark.django_db(transaction=True)
def test_the_password_reset_mail_is_sent_by_the_worker() -> None:
    UserFactory(username="glomsk", email="glomsk@example.org")

    response = Client().post(reverse("account_reset_password"), {"email": "glomsk@example.org"})

    assert response.status_code == 302
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(task_path="samverkan.core.tasks.send_rendered").count() == 1

    call_command("worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    [message] = mail.outbox
    assert message.to == ["glomsk@example.org"]
    assert "/accounts/password/reset/key/" in message.body
