"""What the importer adds to "Mina uppgifter" (core.sections.MY_TASKS, registered in apps.py):
the imported documents proposed and waiting for the user's review."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Window
from django.http import HttpRequest

from samverkan.core import sections
from samverkan.core.access import is_administrator
from samverkan.importer.models import ImportedDocument
from samverkan.structure.roles import my_roles

MY_IMPORTS_SHOWN = 20


def my_imports(request: HttpRequest | None, user: Any) -> dict[str, Any] | None:
    """Documents proposed and not yet applied that the user may review (as the importer's
    permissions.may_review: what they uploaded, or what is proposed for or applied to a body they
    run; administrators all), the oldest first. None for a user who may not import (as
    permissions.is_importer: no administrator, no body's secretary). One query (the roles are read
    once a page, structure.roles.my_roles): how many wait in all is a window count over the same
    rows, which needs no DISTINCT: the bodies the user runs are known, so the meeting's body is
    compared with them instead of joining its secretaries."""
    mine = list(my_roles(request, user).secretary_of)
    if not (is_administrator(user) or mine):
        return None
    waiting = ImportedDocument.objects.filter(status=ImportedDocument.Status.PROPOSED)
    if not is_administrator(user):
        waiting = waiting.filter(Q(uploaded_by=user) | Q(proposal__body__in=mine) | Q(meeting__body_id__in=mine))
    shown = list(
        waiting.annotate(in_all=Window(Count("pk")))
        .defer("text", "extracted", "applied")
        .order_by("created_at", "pk")[:MY_IMPORTS_SHOWN]
    )
    return {"documents": shown, "total": shown[0].in_all if shown else 0}


def register() -> None:
    sections.register_my_tasks("importer/_my_tasks.html", my_imports, order=50)
