"""The audit trail: every service that writes calls `audit_record` in the same transaction."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from samverkan.core.models import AuditEvent


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value, as a person would read it in the trail."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    changes: dict[str, tuple[Any, Any]] | None = None,
    source: str = "web",
) -> AuditEvent:
    """Write one audit row. `actor` is a user, or None for a command run by the operator."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = user.get_username() if user is not None else f"({source})"
    return AuditEvent.objects.create(
        actor=user,
        actor_label=label,
        source=source,
        action=action,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=str(target.pk),
        target_repr=str(target)[:300],
        changes={key: [_plain(old), _plain(new)] for key, (old, new) in (changes or {}).items()},
    )


def diff_fields(instance: models.Model, values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The fields of `values` that differ from the instance's, as {name: (old, new)}."""
    changes: dict[str, tuple[Any, Any]] = {}
    for name, new in values.items():
        old = getattr(instance, name)
        if old != new:
            changes[name] = (old, new)
    return changes


def update_instance(
    instance: models.Model,
    values: dict[str, Any],
    *,
    actor: Any,
    source: str = "web",
    exclude_validation: Iterable[str] = (),
) -> dict[str, tuple[Any, Any]]:
    """Apply `values` to a saved instance; validate, save and audit only if something changed."""
    changes = diff_fields(instance, values)
    if not changes:
        return {}
    for name, (_old, new) in changes.items():
        setattr(instance, name, new)
    instance.full_clean(exclude=list(exclude_validation))
    instance.save(update_fields=[*changes, *(["updated_at"] if hasattr(instance, "updated_at") else [])])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=instance, changes=changes, source=source)
    return changes


def create_instance(model: type[models.Model], values: dict[str, Any], *, actor: Any, source: str = "web") -> Any:
    """Create, validate, save and audit one row."""
    instance = model(**values)
    instance.full_clean()
    instance.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=instance,
        changes={k: (None, v) for k, v in values.items() if v not in (None, "")},
        source=source,
    )
    return instance


def set_many(
    instance: models.Model, field: str, targets: Iterable[models.Model], *, actor: Any, source: str = "web"
) -> dict[str, tuple[Any, Any]]:
    """Set a many-to-many field to exactly `targets`; audit the change if there is one."""
    manager = getattr(instance, field)
    old = sorted(manager.all(), key=lambda o: o.pk)
    new = sorted(set(targets), key=lambda o: o.pk)
    if [o.pk for o in old] == [o.pk for o in new]:
        return {}
    manager.set(new)
    changes = {field: ([str(o) for o in old], [str(o) for o in new])}
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=instance, changes=changes, source=source)
    return changes
