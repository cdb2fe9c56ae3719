"""The roles a user holds in the structure. Administrators may do everything."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from samverkan.core.access import is_administrator
from samverkan.structure.models import Body, Membership, Person, Principal


def is_secretary_of(user: Any, body: Body) -> bool:
    if not user.is_authenticated:
        return False
    return is_administrator(user) or body.secretaries.filter(pk=user.pk).exists()


def is_registrar_of(user: Any, principal: Principal) -> bool:
    if not user.is_authenticated:
        return False
    return is_administrator(user) or principal.registrars.filter(pk=user.pk).exists()


def current_memberships_q(prefix: str = "") -> Q:
    today = timezone.localdate()
    return (Q(**{f"{prefix}start__isnull": True}) | Q(**{f"{prefix}start__lte": today})) & (
        Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": today})
    )


def is_member_of(user: Any, body: Body) -> bool:
    """A user whose person record has a current seat in the body (or who runs the body)."""
    if not user.is_authenticated:
        return False
    if is_secretary_of(user, body):
        return True
    return Membership.objects.filter(current_memberships_q(), body=body, person__user=user).exists()


def roles_of(user: Any) -> dict[str, list[Any]]:
    """What the user may do, for the account page."""
    if not user.is_authenticated:
        return {"secretary_of": [], "registrar_of": [], "member_of": []}
    return {
        "secretary_of": list(Body.objects.filter(secretaries=user)),
        "registrar_of": list(Principal.objects.filter(registrars=user)),
        "member_of": list(
            Body.objects.filter(Q(memberships__person__user=user) & current_memberships_q("memberships__")).distinct()
        ),
    }


def may_edit_person(user: Any, person: Person) -> bool:
    """Administrators, and the secretaries of a body the person sits or sat in."""
    if not user.is_authenticated:
        return False
    return is_administrator(user) or Body.objects.filter(secretaries=user, memberships__person=person).exists()
