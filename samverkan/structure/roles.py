"""The roles a user holds in the structure. Administrators may do everything."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField, Q, Value
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


@dataclass
class MyRoles:
    """What a logged-in user holds, read once for a page that asks many times ("Mina
    uppgifter": each app's block asks whether the user runs a body, sits in one, registers for a
    principal, has a person record): ids and names, by `my_roles`."""

    secretary_of: dict[int, str] = field(default_factory=dict)  # body pk -> name
    member_of: dict[int, str] = field(default_factory=dict)  # body pk -> name (a current seat)
    registrar_of: dict[int, str] = field(default_factory=dict)  # principal pk -> name
    person_id: int | None = None

    @property
    def bodies(self) -> dict[int, str]:
        """The bodies the user runs or sits in."""
        return {**self.member_of, **self.secretary_of}


_ROLE_ATTR = "_samverkan_my_roles"


def my_roles(request: Any, user: Any) -> MyRoles:
    """The user's roles in one query (a UNION of the four lookups), kept on the request so that
    every block of a page shares it. An anonymous user has none."""
    if request is not None:
        cached = getattr(request, _ROLE_ATTR, None)
        if cached is not None and cached[0] == user.pk:
            return cached[1]
    roles = MyRoles()
    if user.is_authenticated:

        def tagged(qs: Any, kind: str) -> Any:
            return (
                qs.order_by()
                .annotate(role_kind=Value(kind, output_field=CharField()))
                .values_list("role_kind", "pk", "name")
            )

        rows = tagged(Body.objects.filter(secretaries=user), "s").union(
            tagged(
                Body.objects.filter(Q(memberships__person__user=user) & current_memberships_q("memberships__")), "m"
            ),
            tagged(Principal.objects.filter(registrars=user), "r"),
            tagged(Person.objects.filter(user=user), "p"),
            all=True,
        )
        for kind, pk, name in rows:
            if kind == "s":
                roles.secretary_of[pk] = name
            elif kind == "m":
                roles.member_of[pk] = name
            elif kind == "r":
                roles.registrar_of[pk] = name
            else:
                roles.person_id = pk
    if request is not None:
        setattr(request, _ROLE_ATTR, (user.pk, roles))
    return roles


@dataclass(frozen=True)
class PersonEditRights:
    """Whether a user may change a person's own fields (name, title, e-mail address), and which of
    the bodies concerned withhold that from a secretary."""

    allowed: bool
    withheld_by: list[Body]


def person_edit_rights(user: Any, person: Person) -> PersonEditRights:
    """A person's name, title and e-mail address are shared by every body the person sits or sat
    in: a change needs an administrator, or a secretary of every one of those bodies. A secretary
    of only some of them is told which bodies withhold it (issue 11 point 8, docs/roles.md)."""
    if not user.is_authenticated:
        return PersonEditRights(allowed=False, withheld_by=[])
    if is_administrator(user):
        return PersonEditRights(allowed=True, withheld_by=[])
    concerned = list(Body.objects.filter(memberships__person=person).distinct().order_by("name"))
    mine = set(Body.objects.filter(secretaries=user, pk__in=[b.pk for b in concerned]).values_list("pk", flat=True))
    if not mine:
        return PersonEditRights(allowed=False, withheld_by=[])
    withheld_by = [body for body in concerned if body.pk not in mine]
    return PersonEditRights(allowed=not withheld_by, withheld_by=withheld_by)


def may_edit_person(user: Any, person: Person) -> bool:
    """Administrators, and secretaries of every body the person sits or sat in."""
    return person_edit_rights(user, person).allowed
