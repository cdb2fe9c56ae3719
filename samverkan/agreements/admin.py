"""The admin, for rare corrections; the register's screens are for daily work. Saves here are
audited too (AuditedModelAdmin); the events are read-only, since they are the history."""

from django.contrib import admin

from samverkan.agreements.models import Agreement, AgreementEvent, AgreementVersion
from samverkan.core.admin import AuditedModelAdmin


class AgreementEventInline(admin.TabularInline):
    model = AgreementEvent
    extra = 0
    can_delete = False
    fields = ("on", "kind", "note", "changes", "made_by")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Agreement)
class AgreementAdmin(AuditedModelAdmin):
    list_display = ("title", "key", "kind", "status", "valid_from", "valid_until", "public")
    list_filter = ("kind", "status", "public")
    search_fields = ("title", "key")
    autocomplete_fields = ("parent", "replaces", "recommendation")
    filter_horizontal = ("parties",)
    inlines = [AgreementEventInline]


@admin.register(AgreementVersion)
class AgreementVersionAdmin(AuditedModelAdmin):
    list_display = ("agreement", "label", "adopted_on", "original_name")
    readonly_fields = ("sha256", "size", "content_type", "original_name")
