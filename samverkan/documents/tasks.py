"""Background reading of stored papers (the tasks API, run by `samverkan worker`).

`read_stored` reads one stored file in a capped child process (`capped.read_capped`) and writes
the outcome on its row: the text and the state "read", or the state "refused" with the reader's
message. It names the model and its fields by label, so that documents imports no domain app."""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import translation
from django_tasks import task

from samverkan.documents.capped import read_capped
from samverkan.documents.models import Reading
from samverkan.documents.reader import PAPERS, DocumentError

logger = logging.getLogger("samverkan.documents")


def enqueue_reading(instance: Any, *, accept: Collection[str] = PAPERS, prefix: str = "") -> None:
    """Have the worker read `instance`'s file. The task is queued in the current transaction (the
    database backend keeps it in the same database), so nothing is read if it rolls back. `prefix`
    names the fields for a row that holds a file among other things (an answer's extract:
    extract, extract_reading, extract_refusal, and no text)."""
    read_stored.enqueue(instance._meta.label, instance.pk, sorted(accept), prefix)
    # As the row stands now: still being read (a queue), or read already (tasks run at once).
    names = [f"{prefix}_reading", f"{prefix}_refusal"] if prefix else ["reading", "refusal", "text", "content_type"]
    instance.refresh_from_db(fields=names)


def read_now(label: str, pk: int, accept: Collection[str] = PAPERS, prefix: str = "") -> str:
    """Read one stored file (in a capped child) and record the outcome; returns the state."""
    model = apps.get_model(label)
    file_field = prefix or "file"
    state_field = f"{prefix}_reading" if prefix else "reading"
    refusal_field = f"{prefix}_refusal" if prefix else "refusal"
    row = model.objects.filter(pk=pk).first()
    if row is None or getattr(row, state_field) != Reading.READING:
        return "" if row is None else str(getattr(row, state_field))  # removed, or already read
    stored = getattr(row, file_field)
    with stored.open("rb") as fh:
        data = fh.read()
    updates: dict[str, Any] = {}
    with translation.override("sv"):  # the messages are kept, and shown, in Swedish
        try:
            document = read_capped(data, stored.name, accept=accept, require_text=False)
        except DocumentError as exc:
            logger.info("Refused %s %s: %s (%s)", label, pk, exc.code, exc.message)
            updates = {state_field: Reading.REFUSED, refusal_field: exc.message}
        else:
            updates = {state_field: Reading.READ, refusal_field: ""}
            if not prefix:
                updates |= {"text": document.text.strip(), "content_type": document.content_type}
    with transaction.atomic():
        current = model.objects.select_for_update().filter(pk=pk).first()
        if current is None or getattr(current, state_field) != Reading.READING:
            return "" if current is None else str(getattr(current, state_field))
        for name, value in updates.items():
            setattr(current, name, value)
        current.save(update_fields=[*updates, *(["updated_at"] if hasattr(current, "updated_at") else [])])
    return str(updates[state_field])


@task()
def read_stored(label: str, pk: int, accept: list[str], prefix: str = "") -> str:
    return read_now(label, pk, accept, prefix)
