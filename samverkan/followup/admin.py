from django.contrib import admin

from samverkan.core.admin import AuditedModelAdmin
from samverkan.followup.models import DecisionPoint, Project


class DecisionPointInline(admin.TabularInline):
    model = DecisionPoint
    extra = 1
    autocomplete_fields = ("recommendation",)


@admin.register(Project)
class ProjectAdmin(AuditedModelAdmin):
    list_display = ("name", "key", "body")
    search_fields = ("name", "key")
    inlines = [DecisionPointInline]


@admin.register(DecisionPoint)
class DecisionPointAdmin(AuditedModelAdmin):
    list_display = ("code", "title", "project", "recommendation", "reached_on")
    list_filter = ("project",)
    autocomplete_fields = ("recommendation",)
