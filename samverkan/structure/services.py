"""Every write to the structure goes through these functions: validated, in one transaction,
and recorded in the audit trail with the acting user (or the command that ran)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samverkan.core.audit import audit_record, create_instance, set_many, update_instance
from samverkan.core.editing import lock_at_version, update_at_version, version_raise
from samverkan.core.models import AuditEvent
from samverkan.structure.models import (
    Body,
    Grouping,
    Mandate,
    Membership,
    Person,
    Population,
    Principal,
    Term,
)

Changes = dict[str, tuple[Any, Any]]


# --- Terms -----------------------------------------------------------------------------------


@transaction.atomic
def term_create(*, actor: Any, source: str = "web", **fields: Any) -> Term:
    term: Term = create_instance(Term, fields, actor=actor, source=source)
    return term


@transaction.atomic
def term_update(*, actor: Any, term: Term, source: str = "web", **fields: Any) -> Changes:
    return update_instance(term, fields, actor=actor, source=source)


# --- Principals ------------------------------------------------------------------------------


@transaction.atomic
def principal_create(*, actor: Any, source: str = "web", **fields: Any) -> Principal:
    principal: Principal = create_instance(Principal, fields, actor=actor, source=source)
    return principal


@transaction.atomic
def principal_update(
    *, actor: Any, principal: Principal, version: int | None = None, source: str = "web", **fields: Any
) -> Changes:
    """`version`: the one the edit form showed; a save on top of someone else's is refused."""
    return update_at_version(principal, version, fields, actor=actor, source=source)


def _population_exists(principal: Principal, existing: Population) -> ValidationError:
    return ValidationError(
        _("%(principal)s already has %(old)s inhabitants recorded on %(date)s; a recorded figure is never overwritten.")
        % {"principal": principal, "old": existing.inhabitants, "date": existing.reference_date.isoformat()},
        code="population_exists",
    )


@transaction.atomic
def population_record(
    *,
    actor: Any,
    principal: Principal,
    reference_date: datetime.date,
    inhabitants: int,
    population_source: str = "",
    source: str = "web",
) -> tuple[Population, bool]:
    """Record a principal's population on a date. A figure is never overwritten: the same
    figure again changes nothing (returns created=False); a different one is refused."""
    existing = Population.objects.select_for_update().filter(principal=principal, reference_date=reference_date).first()
    if existing is not None:
        if existing.inhabitants != inhabitants:
            raise _population_exists(principal, existing)
        return existing, False
    population: Population = create_instance(
        Population,
        {
            "principal": principal,
            "reference_date": reference_date,
            "year": Population.year_of(reference_date),
            "inhabitants": inhabitants,
            "source": population_source,
        },
        actor=actor,
        source=source,
    )
    return population, True


@dataclass(frozen=True)
class PopulationFigure:
    """One figure to load: which principal, on which date, how many, and where in the file."""

    principal: Principal
    reference_date: datetime.date
    inhabitants: int
    line: int = 0


@dataclass
class PopulationLoad:
    """What loading a set of figures did (or, refused, would have done)."""

    created: list[PopulationFigure] = field(default_factory=list)
    unchanged: list[PopulationFigure] = field(default_factory=list)
    conflicting: list[tuple[PopulationFigure, Population]] = field(default_factory=list)


class PopulationConflict(ValidationError):
    """Figures that differ from ones already held: nothing of the set was written."""

    def __init__(self, load: PopulationLoad) -> None:
        self.load = load
        super().__init__(
            [_population_exists(f.principal, held) for f, held in load.conflicting],
            code="population_exists",
        )


@transaction.atomic
def population_load(
    *,
    actor: Any,
    figures: list[PopulationFigure],
    population_source: str,
    source: str = "web",
    dry_run: bool = False,
) -> PopulationLoad:
    """Record a set of official figures (a file from SCB) all or nothing: if one differs from a
    figure already held for the same principal and date, nothing is written and
    `PopulationConflict` says which. The same figure again is unchanged."""
    held = {
        (p.principal_id, p.reference_date): p
        for p in Population.objects.select_for_update().filter(
            principal__in={f.principal.pk for f in figures},
            reference_date__in={f.reference_date for f in figures},
        )
    }
    load = PopulationLoad()
    for figure in figures:
        existing = held.get((figure.principal.pk, figure.reference_date))
        if existing is None:
            load.created.append(figure)
        elif existing.inhabitants == figure.inhabitants:
            load.unchanged.append(figure)
        else:
            load.conflicting.append((figure, existing))
    if load.conflicting:
        raise PopulationConflict(load)
    if not dry_run:
        for figure in load.created:
            population_record(
                actor=actor,
                principal=figure.principal,
                reference_date=figure.reference_date,
                inhabitants=figure.inhabitants,
                population_source=population_source,
                source=source,
            )
    return load


def _grant(actor: Any, target: Any, field: str, user: Any, *, grant: bool, source: str) -> bool:
    manager = getattr(target, field)
    present = manager.filter(pk=user.pk).exists()
    if present == grant:
        return False
    (manager.add if grant else manager.remove)(user)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.GRANT if grant else AuditEvent.Action.REVOKE,
        target=target,
        changes={field: (None, user.get_username()) if grant else (user.get_username(), None)},
        source=source,
    )
    return True


@transaction.atomic
def registrar_grant(*, actor: Any, principal: Principal, user: Any, source: str = "web") -> bool:
    return _grant(actor, principal, "registrars", user, grant=True, source=source)


@transaction.atomic
def registrar_revoke(*, actor: Any, principal: Principal, user: Any, source: str = "web") -> bool:
    return _grant(actor, principal, "registrars", user, grant=False, source=source)


# --- Groupings -------------------------------------------------------------------------------


@transaction.atomic
def grouping_create(*, actor: Any, principals: list[Principal], source: str = "web", **fields: Any) -> Grouping:
    grouping: Grouping = create_instance(Grouping, fields, actor=actor, source=source)
    set_many(grouping, "principals", principals, actor=actor, source=source)
    return grouping


@transaction.atomic
def grouping_update(
    *, actor: Any, grouping: Grouping, principals: list[Principal] | None = None, source: str = "web", **fields: Any
) -> Changes:
    changes = update_instance(grouping, fields, actor=actor, source=source)
    if principals is not None:
        changes |= set_many(grouping, "principals", principals, actor=actor, source=source)
    return changes


# --- Bodies ----------------------------------------------------------------------------------


@transaction.atomic
def body_create(*, actor: Any, owners: list[Principal], source: str = "web", **fields: Any) -> Body:
    if not owners:
        raise ValidationError({"owners": _("A body must have at least one owning principal.")})
    body: Body = create_instance(Body, fields, actor=actor, source=source)
    set_many(body, "owners", owners, actor=actor, source=source)
    return body


@transaction.atomic
def body_update(
    *,
    actor: Any,
    body: Body,
    owners: list[Principal] | None = None,
    version: int | None = None,
    source: str = "web",
    **fields: Any,
) -> Changes:
    """`version`: the one the edit form showed; a save on top of someone else's is refused."""
    current = lock_at_version(body, version)
    changes = update_instance(current, fields, actor=actor, source=source)
    if owners is not None:
        if not owners:
            raise ValidationError({"owners": _("A body must have at least one owning principal.")})
        changes |= set_many(current, "owners", owners, actor=actor, source=source)
    if changes:
        version_raise(current)
    return changes


@transaction.atomic
def secretary_grant(*, actor: Any, body: Body, user: Any, source: str = "web") -> bool:
    return _grant(actor, body, "secretaries", user, grant=True, source=source)


@transaction.atomic
def secretary_revoke(*, actor: Any, body: Body, user: Any, source: str = "web") -> bool:
    return _grant(actor, body, "secretaries", user, grant=False, source=source)


@transaction.atomic
def mandate_add(
    *, actor: Any, body: Body, valid_from: datetime.date, text: str, mandate_source: str = "", source: str = "web"
) -> Mandate:
    """Add a new version of the body's mandate. Earlier versions stay as its history."""
    mandate: Mandate = create_instance(
        Mandate,
        {"body": body, "valid_from": valid_from, "text": text, "source": mandate_source},
        actor=actor,
        source=source,
    )
    return mandate


@transaction.atomic
def mandate_update(
    *, actor: Any, mandate: Mandate, text: str, mandate_source: str | None = None, source: str = "web"
) -> Changes:
    """Correct a version of the mandate (its text or where it comes from)."""
    values: dict[str, Any] = {"text": text}
    if mandate_source is not None:
        values["source"] = mandate_source
    return update_instance(mandate, values, actor=actor, source=source)


# --- People and memberships ------------------------------------------------------------------


@transaction.atomic
def person_create(*, actor: Any, source: str = "web", **fields: Any) -> Person:
    person: Person = create_instance(Person, fields, actor=actor, source=source)
    return person


@transaction.atomic
def person_create_from_name(*, actor: Any, name: str, source: str = "web") -> Person:
    """A new person known only by name; the key is made from the name, numbered if taken."""
    name = name.strip()
    base = slugify(name) or "person"
    key, n = base, 2
    while Person.objects.filter(key=key).exists():
        key, n = f"{base}-{n}", n + 1
    return person_create(actor=actor, key=key, name=name, source=source)


@transaction.atomic
def person_update(
    *, actor: Any, person: Person, version: int | None = None, source: str = "web", **fields: Any
) -> Changes:
    """Change a person's own fields, audited. They are shared by every body the person sits or sat
    in: the view lets only an administrator or a secretary of each of them call this
    (`roles.person_edit_rights`, docs/roles.md). `version`: the one the edit form showed."""
    return update_at_version(person, version, fields, actor=actor, source=source)


@transaction.atomic
def membership_create(*, actor: Any, source: str = "web", **fields: Any) -> Membership:
    membership: Membership = create_instance(Membership, fields, actor=actor, source=source)
    return membership


@transaction.atomic
def membership_update(
    *, actor: Any, membership: Membership, version: int | None = None, source: str = "web", **fields: Any
) -> Changes:
    """`version`: the one the edit form showed; a save on top of someone else's is refused."""
    return update_at_version(membership, version, fields, actor=actor, source=source)


@transaction.atomic
def membership_end(*, actor: Any, membership: Membership, end: datetime.date, source: str = "web") -> Changes:
    """End a seat on a date. The membership stays, as a past membership."""
    if membership.start and end < membership.start:
        raise ValidationError({"end": _("A membership cannot end before it starts.")})
    return update_at_version(membership, None, {"end": end}, actor=actor, source=source)
