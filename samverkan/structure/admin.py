from django.contrib import admin

from samverkan.core.admin import AuditedModelAdmin
from samverkan.structure.models import Body, Grouping, Membership, Person, Population, Principal, Term


@admin.register(Term)
class TermAdmin(AuditedModelAdmin):
    list_display = ("name", "key", "start", "end")


@admin.register(Principal)
class PrincipalAdmin(AuditedModelAdmin):
    list_display = ("name", "short_name", "kind", "org_number")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "key", "org_number")
    filter_horizontal = ("registrars",)


@admin.register(Population)
class PopulationAdmin(AuditedModelAdmin):
    list_display = ("principal", "year", "inhabitants")
    list_filter = ("year",)

    def has_change_permission(self, request, obj=None):
        return False  # a recorded figure is never overwritten


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
