"""Imported documents in the search: the paper trail is found like any other paper.

An imported document's whole text may hold what the public must not see (a confidential item,
minutes not yet published), and the public reaches the same content through the meeting's own
items and published decisions, which are indexed with their own rules. So imported documents are
found by administrators only; the result leads to the meeting (or the review page)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.importer.models import ImportedDocument
from samverkan.search.index import Document, Kind, register, registry

KEY = "imported_document"


def build(document: ImportedDocument) -> Document | None:
    if not document.text.strip():
        return None
    meeting = document.meeting
    if meeting is not None:
        url = meeting.get_absolute_url()
        title = f"{meeting.body.name} {timezone.localtime(meeting.start):%Y-%m-%d} ({document.original_name})"
    else:
        url = reverse("importer:document", kwargs={"pk": document.pk})
        title = document.original_name
    return Document(
        title=title,
        text=document.text,
        url=url,
        public=False,
        date=timezone.localtime(meeting.start).date() if meeting is not None else None,
        body_id=meeting.body_id if meeting is not None else None,
    )


def register_imported_documents() -> None:
    if KEY in registry.kinds:
        return
    register(
        Kind(
            key=KEY,
            type="paper",
            label=_("Imported document"),
            model=ImportedDocument,
            queryset=lambda: ImportedDocument.objects.select_related("meeting__body"),
            build=build,
        )
    )
