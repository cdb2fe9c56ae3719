from django.contrib import admin

from samverkan.core.admin import AuditedModelAdmin
from samverkan.referrals.models import Recommendation


@admin.register(Recommendation)
class RecommendationAdmin(AuditedModelAdmin):
    """Read in the admin; recommendations are created, sent and answered on their own screens,
    where the rules (sending, links, answers as events) are enforced."""

    list_display = ("title", "body", "kind", "deadline", "status", "public")
    list_filter = ("status", "kind", "body")
    search_fields = ("title",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
