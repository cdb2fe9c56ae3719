"""Who may use the importer pages (see samverkan/core/access.py): the secretaries of any body
and administrators upload; a batch and its documents are seen by whoever uploaded them, the
secretaries of the uploader's bodies (and of the body a document is proposed for) and
administrators."""

from __future__ import annotations

from typing import Any

from samverkan.core.access import ObjectLoader, Policy, is_administrator
from samverkan.importer.models import ImportBatch, ImportedDocument
from samverkan.structure.models import Body


def is_importer(user: Any) -> bool:
    if not user.is_authenticated:
        return False
    return is_administrator(user) or Body.objects.filter(secretaries=user).exists()


def _shares_a_body(user: Any, other_id: int | None) -> bool:
    if other_id is None:
        return False
    if other_id == user.pk:
        return True
    return Body.objects.filter(secretaries=user).filter(secretaries__pk=other_id).exists()


def may_review(user: Any, doc: ImportedDocument) -> bool:
    if not user.is_authenticated:
        return False
    # The uploader, and the secretaries of the body the document is about (as proposed, or as
    # applied): not every secretary who happens to share some other body with the uploader.
    if is_administrator(user) or (doc.uploaded_by_id is not None and doc.uploaded_by_id == user.pk):
        return True
    body_ids = {int(b) for b in [(doc.proposal or {}).get("body")] if b}
    if doc.meeting_id is not None:
        body_ids.add(Body.objects.filter(meetings__pk=doc.meeting_id).values_list("pk", flat=True).get())
    return bool(body_ids) and Body.objects.filter(pk__in=body_ids, secretaries=user).exists()


def may_see_batch(user: Any, batch: ImportBatch) -> bool:
    if not user.is_authenticated:
        return False
    return is_administrator(user) or (batch.created_by_id is not None and batch.created_by_id == user.pk)


BATCH = ObjectLoader(ImportBatch.objects.all())  # <int:pk>
# The review page uses the object its policy fetched (one query, not two).
DOCUMENT = ObjectLoader(ImportedDocument.objects.select_related("meeting__body", "batch"))  # <int:pk>


IMPORTER = Policy(
    "importer",
    lambda user, kw: is_importer(user),
    "The secretaries of any body, and administrators.",
)
BATCH_VIEWER = Policy(
    "import batch",
    lambda user, kw: user.is_authenticated and may_see_batch(user, BATCH(kw)),
    "Whoever uploaded the batch, the secretaries of their bodies, and administrators.",
)
DOCUMENT_REVIEWER = Policy(
    "imported document",
    lambda user, kw: user.is_authenticated and may_review(user, DOCUMENT(kw)),
    "Whoever uploaded the document, the secretaries of their bodies or of the proposed body, and administrators.",
)

URL_POLICIES = {
    "importer:upload": IMPORTER,
    "importer:batch": BATCH_VIEWER,
    "importer:document": DOCUMENT_REVIEWER,
}
