"""The organisation records in `django-admin/`, for platform superusers, read-only.

Changes go through the product's services (unit paths, role grants and imports keep their
invariants and write audit events there), so the admin offers search and filters to look
things up, never a form that would bypass them.
"""

from django.contrib import admin

from .models import Organisation, Person, RoleGrant, Unit


class ReadOnlyAdmin(admin.ModelAdmin):
    list_per_page = 50

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "short_name", "org_number", "default_language", "created_at"]
    list_filter = ["default_language", "uses_pay_summary"]
    search_fields = ["name", "short_name", "org_number"]


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "kind", "organisation", "parent", "leader", "depth"]
    list_filter = ["organisation", "kind", "has_personnel_responsibility"]
    search_fields = ["name", "code", "leader__name"]
    list_select_related = ["organisation", "parent", "leader"]


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["name", "employee_id", "email", "title", "unit", "organisation", "is_active", "user"]
    list_filter = ["organisation", "is_active", "language"]
    search_fields = ["name", "employee_id", "email", "title", "user__username"]
    list_select_related = ["organisation", "unit", "user"]


@admin.register(RoleGrant)
class RoleGrantAdmin(ReadOnlyAdmin):
    list_display = ["person", "role", "unit", "organisation", "created_at"]
    list_filter = ["organisation", "role"]
    search_fields = ["person__name", "person__employee_id", "unit__name", "unit__code"]
    list_select_related = ["organisation", "person", "unit"]
