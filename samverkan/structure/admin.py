from django.contrib import admin

from samverkan.core.admin import AuditedModelAdmin
from samverkan.structure.models import Body, Grouping, Membership, Person, Population, Principal, Term


@admin.register(Term)
class TermAdmin(AuditedModelAdmin):
    list_display = ("name", "key", "start", "end")


@admin.register(Principal)
class PrincipalAdmin(AuditedModelAdmin):
    list_display = ("name", "short_name", "kind", "scb_code", "org_number")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "key", "scb_code", "org_number")
    filter_horizontal = ("registrars",)


@admin.register(Population)
class PopulationAdmin(AuditedModelAdmin):
    list_display = ("principal", "reference_date", "inhabitants", "source", "created_at")
    list_filter = ("reference_date",)

    # Figures are recorded on the principal's page or loaded with `samverkan load population`
    # (which check them against what is held); a recorded figure is never overwritten.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Grouping)
class GroupingAdmin(AuditedModelAdmin):
    list_display = ("name", "key", "owner")
    filter_horizontal = ("principals",)


@admin.register(Body)
class BodyAdmin(AuditedModelAdmin):
    list_display = ("name", "short_name", "kind", "level", "parent")
    list_filter = ("kind", "level")
    search_fields = ("name", "short_name", "key")
    filter_horizontal = ("owners", "secretaries")


@admin.register(Person)
class PersonAdmin(AuditedModelAdmin):
    list_display = ("name", "key", "title", "user")
    search_fields = ("name", "key")


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    list_display = ("person", "body", "role", "party", "principal", "start", "end")
    list_filter = ("role", "body")
    search_fields = ("person__name", "body__name")
