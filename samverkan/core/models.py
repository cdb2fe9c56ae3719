from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samverkan.core.formatting import format_count, format_money


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
            name = str(key)
            field, money = _field(model, name), _is_money(model, name)
            rows.append((_field_label(model, name), _shown(old, field, money=money), _shown(new, field, money=money)))
        return rows


# What a service records under a name that is no field of the model, or a field whose name was
# never given a label (models may add their own in `AUDIT_LABELS`).
AUDIT_LABELS = {
    "sha256": _("checksum"),
    "content_hash": _("checksum of the content"),
    "content": _("content"),
    "confirmed_via": _("confirmed through"),
    "via": _("through"),
    "text": _("text"),
    "reason": _("reason"),
    "version": _("version"),
    "original_name": _("file name"),
    "content_type": _("type"),
    "size": _("size"),
}
_ORE_SUFFIX = re.compile(r"\s*\((öre|ore)\)$")


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _is_money(model: type[models.Model] | None, name: str) -> bool:
    """Amounts of öre are named by their model (`MONEY_FIELDS`): shown in kronor."""
    return name in getattr(model, "MONEY_FIELDS", ())


def _field_label(model: type[models.Model] | None, name: str) -> str:
    """A recorded key by its name in the interface: the field's label; for a relation without
    one, the related record's name ("meeting" -> "sammanträde"); else a label the model or
    `AUDIT_LABELS` gives; else the key as it is (a survey's question, say)."""
    own = getattr(model, "AUDIT_LABELS", {})
    if name in own:
        return str(own[name])
    field = _field(model, name)
    label: Any = None
    if field is not None:
        label = getattr(field, "verbose_name", None)
        if not isinstance(label, Promise):  # Django's default: the field's name, untranslated
            label = None
            if field.is_relation and field.related_model is not None:
                meta = field.related_model._meta
                many = field.many_to_many or field.one_to_many
                label = meta.verbose_name_plural if many else meta.verbose_name
    if label is None:
        label = AUDIT_LABELS.get(name, name)
    text = str(label)
    return _ORE_SUFFIX.sub("", text) if _is_money(model, name) else text


def _shown(value: Any, field: Any = None, *, money: bool = False) -> str:
    """A recorded value as a person reads it: a choice by its label, a date and a time the
    Swedish way, an amount in kronor, a count grouped, lists joined, booleans in words,
    nothing as a dash; a structure (a frozen copy of minutes) is not dumped but named."""
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list | tuple):
        if any(isinstance(v, dict) for v in value):
            return gettext("(a structured copy; not shown here)")
        return ", ".join(_shown(v, field, money=money) for v in value)
    if isinstance(value, dict):
        if any(isinstance(v, dict | list) for v in value.values()):
            return gettext("(a structured copy; not shown here)")
        return "; ".join(f"{k}: {_shown(v)}" for k, v in value.items())
    choices = dict(getattr(field, "flatchoices", None) or ())
    if choices and value in choices:
        return str(choices[value])
    if isinstance(value, int):
        return format_money(value) if money else format_count(value)
    if isinstance(value, str) and isinstance(field, models.DateTimeField):
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return date_format(moment, "SHORT_DATETIME_FORMAT")
    if isinstance(value, str) and isinstance(field, models.DateField):
        day = parse_date(value)
        if day is not None:
            return date_format(day, "SHORT_DATE_FORMAT")
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
