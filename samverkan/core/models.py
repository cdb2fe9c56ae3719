from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Base of every domain model: when a row was made and last changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One change made by someone (or by a command) to one record. Never updated or deleted."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        GRANT = "grant", _("granted")
        REVOKE = "revoke", _("revoked")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("who (as recorded)"), max_length=200)
    source = models.CharField(_("through"), max_length=40, default="web")
    action = models.CharField(_("what"), max_length=20, choices=Action.choices)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=64)
    target_repr = models.CharField(_("record"), max_length=300)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_repr}"

    def change_rows(self) -> list[tuple[str, str, str]]:
        """The changes as (field, before, after) for a person to read: the field by its name
        in the interface where the model has it, values as text ("–" for none). `changes`
        holds whatever a service recorded: normally {field: [old, new]}, but a key may be any
        name (a field called "items" or "values") and a value need not be a pair, so this is
        read in Python rather than unpacked in a template."""
        model = self.target_type.model_class() if self.target_type_id else None
        rows = []
        for key, value in (self.changes or {}).items() if isinstance(self.changes, dict) else []:
            if isinstance(value, list | tuple) and len(value) == 2:
                old, new = value
            else:
                old, new = None, value
            rows.append((_field_label(model, str(key)), _shown(old), _shown(new)))
        return rows


def _field_label(model: type[models.Model] | None, name: str) -> str:
    if model is None:
        return name
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", name))  # a reverse relation has no verbose name


def _shown(value: Any) -> str:
    """A recorded value as text: lists joined, booleans in words, nothing as a dash."""
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list | tuple):
        return ", ".join(_shown(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_shown(v)}" for k, v in value.items())
    return str(value)


class CacheGeneration(models.Model):
    """One row: the number every cached public page is stored under. Raising it (after any
    committed change) makes every cached page stale at once, in every process (see
    samverkan/core/pagecache.py)."""

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("page cache generation")
        verbose_name_plural = _("page cache generation")

    def __str__(self) -> str:
        return str(self.value)
