"""Reading imports for the pages: a batch's rows in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from samverkan.core.access import is_administrator
from samverkan.importer.models import ImportBatch, ImportedDocument


def recent_batches(user: Any, limit: int = 10) -> list[ImportBatch]:
    if not user.is_authenticated:
        return []
    batches = ImportBatch.objects.all() if is_administrator(user) else ImportBatch.objects.filter(created_by=user)
    return list(batches.order_by("-created_at", "-pk")[:limit])


def batch_rows(batch: ImportBatch) -> list[dict[str, Any]]:
    """One row per file of the batch: its name, outcome and document (two queries at most)."""
    ids = [e["document"] for e in batch.entries if e.get("document")]
    documents = {
        d.pk: d for d in ImportedDocument.objects.filter(pk__in=ids).select_related("meeting__body").defer("text")
    }
    rows = []
    for entry in batch.entries:
        doc = documents.get(entry.get("document"))
        processed = doc is None or doc.status != ImportedDocument.Status.PENDING
        rows.append({"entry": entry, "doc": doc, "processed": processed})
    return rows
