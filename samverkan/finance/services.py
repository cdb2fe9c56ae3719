"""Every write of the money records: keyword-only, one transaction, validated and audited
(who, when, through what). Nothing is sent or indexed from here (the search index follows the
commit by itself)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverkan.core.audit import create_instance, set_many, update_instance
from samverkan.finance.models import Allocation
from samverkan.structure.models import Principal


def _check_allocation(allocation: Allocation, principals: list[Principal]) -> None:
    if not principals:
        raise ValidationError({"principals": _("Choose the principals who share the amount.")}, code="empty")
    if allocation.co_financier is not None and allocation.co_financier in principals:
        raise ValidationError(
            {"co_financier": _("The co-financier pays a fixed part and cannot also share by population.")},
            code="twice",
        )
    if allocation.co_financier is None and allocation.co_financier_numerator:
        raise ValidationError({"co_financier": _("Say who pays the fixed part.")}, code="no_co_financier")


@transaction.atomic
def allocation_create(*, actor: Any, principals: Iterable[Principal], source: str = "web", **fields: Any) -> Allocation:
    """Record an allocation; its shares are computed from the population figures on its date."""
    chosen = list(principals)
    draft = Allocation(**fields)
    _check_allocation(draft, chosen)
    allocation = create_instance(Allocation, fields, actor=actor, source=source)
    set_many(allocation, "principals", chosen, actor=actor, source=source)
    return allocation


@transaction.atomic
def allocation_update(
    *,
    actor: Any,
    allocation: Allocation,
    principals: Iterable[Principal] | None = None,
    source: str = "web",
    **fields: Any,
) -> dict[str, tuple[Any, Any]]:
    """Change an allocation; returns what changed (audited)."""
    locked = Allocation.objects.select_for_update().get(pk=allocation.pk)
    chosen = list(principals) if principals is not None else list(locked.principals.all())
    for name, value in fields.items():
        setattr(allocation, name, value)
    _check_allocation(allocation, chosen)
    changes = update_instance(locked, fields, actor=actor, source=source)
    if principals is not None:
        changes.update(set_many(locked, "principals", chosen, actor=actor, source=source))
    allocation.refresh_from_db()
    return changes
