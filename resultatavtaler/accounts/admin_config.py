from django.contrib.admin.apps import AdminConfig


class PlatformAdminConfig(AdminConfig):
    """django.contrib.admin whose default site admits platform superusers only
    (accounts/admin_site.py). Kept apart from apps.py so the accounts app keeps one config."""

    default_site = "resultatavtaler.accounts.admin_site.PlatformAdminSite"
