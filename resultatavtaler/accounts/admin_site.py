"""`django-admin/` is a technical tool for platform superusers (DESIGN.md §1: the
organisation's admin role gives configuration through the product's own pages, not here).
Staff status alone does not open it."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import permissions


class PlatformAdminSite(admin.AdminSite):
    site_header = _("Results agreements – platform administration")
    site_title = _("Platform administration")
    index_title = _("Platform administration")

    def has_permission(self, request):
        return permissions.can_use_django_admin(request.user)
