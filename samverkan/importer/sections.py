"""What the importer adds to "Mina uppgifter" (core.sections.MY_TASKS, registered in apps.py):
the imported documents proposed and waiting for the user's review."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest

from samverkan.core import sections
from samverkan.core.access import is_administrator
from samverkan.importer.models import ImportedDocument
from samverkan.importer.permissions import is_importer
from samverkan.structure.models import Body

MY_IMPORTS_SHOWN = 20


def my_imports(request: HttpRequest | None, user: Any) -> dict[str, Any] | None:
    """Documents proposed and not yet applied that the user may review (as the importer's
    permissions.may_review: what they uploaded, or what is proposed for or applied to a body they
    run; administrators all), the oldest first. None for a user who may not import. Four queries."""
    if not is_importer(user):
        return None
    waiting = ImportedDocument.objects.filter(status=ImportedDocument.Status.PROPOSED)
    if not is_administrator(user):
        mine = list(Body.objects.filter(secretaries=user).values_list("pk", flat=True))
        waiting = waiting.filter(
            Q(uploaded_by=user) | Q(proposal__body__in=mine) | Q(meeting__body__secretaries=user)
        ).distinct()
    return {
        "documents": list(
            waiting.defer("text", "extracted", "applied").order_by("created_at", "pk")[:MY_IMPORTS_SHOWN]
        ),
        "total": waiting.count(),
    }


def register() -> None:
    sections.register_my_tasks("importer/_my_tasks.html", my_imports, order=50)
