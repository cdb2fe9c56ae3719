from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from samverkan.core.audit import audit_record
from samverkan.core.models import AuditEvent


class AuditedModelAdmin(admin.ModelAdmin):
    """The Django admin is for rare administration; what it changes still enters the trail."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = {}
        if change and obj.pk:
            old = type(obj).objects.get(pk=obj.pk)
            before = {name: getattr(old, name, None) for name in form.changed_data if hasattr(old, name)}
        super().save_model(request, obj, form, change)
        changes = {name: (before.get(name), form.cleaned_data.get(name)) for name in form.changed_data}
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.UPDATE if change else AuditEvent.Action.CREATE,
            target=obj,
            changes=changes,
            source="admin",
        )

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
