from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "resultatavtaler.audit"
    label = "audit"

    def ready(self):
        from . import signals  # noqa: F401 - connects the login/logout receivers
