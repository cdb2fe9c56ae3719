"""Background work for uploads (the tasks API, run by `samverkan worker`)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from samverkan.importer import services
from samverkan.importer.models import ImportBatch, ImportedDocument


@task()
def process_batch(batch_id: int) -> int:
    """Extract and propose every document of an upload still waiting; returns how many."""
    ids = list(
        ImportedDocument.objects.filter(batch_id=batch_id, status=ImportedDocument.Status.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for doc_id in ids:
        services.process_document(doc_id)
    ImportBatch.objects.filter(pk=batch_id, finished_at__isnull=True).update(finished_at=timezone.now())
    return len(ids)
