from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from samverkan.core.audit import audit_record
from samverkan.core.models import AuditEvent


class AuditedModelAdmin(admin.ModelAdmin):
    """The Django admin is for rare administration; what it changes still enters the trail."""

    def _values(self, obj: Any, names: list[str]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in names:
            field = obj._meta.get_field(name) if name in {f.name for f in obj._meta.get_fields()} else None
            if field is not None and field.many_to_many:
                values[name] = sorted(str(o) for o in getattr(obj, name).all()) if obj.pk else []
            else:
                values[name] = getattr(obj, name, None)
        return values

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Many-to-many fields are saved here, after the row: audit the whole change at the end.
        names = list(form.changed_data)
        before = getattr(form, "_audit_before", {})
        super().save_related(request, form, formsets, change)
        after = self._values(form.instance, names)
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.UPDATE if change else AuditEvent.Action.CREATE,
            target=form.instance,
            changes={name: (before.get(name), after.get(name)) for name in names},
            source="admin",
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change and obj.pk:
            form._audit_before = self._values(type(obj).objects.get(pk=obj.pk), list(form.changed_data))
        super().save_model(request, obj, form, change)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit_record(actor=request.user, action=AuditEvent.Action.DELETE, target=obj, source="admin")
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            audit_record(actor=request.user, action=AuditEvent.Action.DELETE, target=obj, source="admin")
        super().delete_queryset(request, queryset)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_label", "source", "action", "target_type", "target_repr")
    list_filter = ("action", "source", "target_type")
    search_fields = ("actor_label", "target_repr")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
