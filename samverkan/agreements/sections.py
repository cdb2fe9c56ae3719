"""What the agreement register adds to other pages (registered in apps.py, see
core/sections.py): on "Mina uppgifter", the agreements of my bodies that end or are to be
followed up within a year (issue 16, point 4).

"Mina uppgifter" and its slot (`sections.register_my_tasks`) come with issue 12, point 8; until
they are in core, nothing is registered."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from samverkan.agreements.models import Agreement, months_before, validity_state
from samverkan.core import sections
from samverkan.structure.roles import my_roles

AHEAD_MONTHS = 12


def ending_soon(user: Any, today: datetime.date) -> list[tuple[datetime.date, str, Agreement]]:
    """(date, "end" or "follow_up", agreement) for the agreements of the bodies the user is
    secretary of that end or are to be followed up within a year, the nearest first (one query)."""
    until = months_before(today, -AHEAD_MONTHS)
    window = Q(valid_until__gte=today, valid_until__lte=until) | Q(follow_up_on__gte=today, follow_up_on__lte=until)
    found = []
    for agreement in (
        Agreement.objects.filter(window, body__secretaries=user, status=Agreement.Status.ADOPTED)
        .select_related("replaced_by")
        .distinct()
    ):
        if validity_state(agreement, today) not in ("in_force", "upcoming"):
            continue
        for occasion, on in (("end", agreement.valid_until), ("follow_up", agreement.follow_up_on)):
            if on is not None and today <= on <= until:
                found.append((on, occasion, agreement))
    return sorted(found, key=lambda row: (row[0], row[2].title))


def my_agreements(request: HttpRequest | None, user: Any) -> dict[str, Any] | None:
    """For "Mina uppgifter": None when the user runs no body (one query; the roles are read
    once a page, structure.roles.my_roles)."""
    if not my_roles(request, user).secretary_of:
        return None
    return {"rows": ending_soon(user, timezone.localdate())}


def register() -> None:
    register_my_tasks = getattr(sections, "register_my_tasks", None)
    if register_my_tasks is not None:
        register_my_tasks("agreements/_my_tasks.html", my_agreements, order=60)
