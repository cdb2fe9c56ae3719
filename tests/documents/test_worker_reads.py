"""With the production set-up (the database task backend), an uploaded paper waits as being read
until `samverkan worker` runs; the worker reads it and it is then shown (docs/decisions/0016)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from samverkan.meetings.models import Attachment
from tests.documents import files
from tests.documents.test_upload_forms import _attachment
from tests.support import Personas, meeting_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_reads_what_an_upload_queued_in_the_database(
    personas: Personas, login: Callable[[str], Client], settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    meeting_world(personas)
    _attachment(personas, login, files.text_pdf("Budget läst av arbetaren"))
    paper = Attachment.objects.latest("pk")
    assert (paper.reading, paper.text) == ("reading", "")

    call_command("worker", batch=True, clock=False)  # `samverkan worker --batch --no-clock`

    paper.refresh_from_db()
    assert (paper.reading, paper.text) == ("read", "Budget läst av arbetaren")
